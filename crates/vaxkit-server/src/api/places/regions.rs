//! `GET /api/v1/regions`: a region's children, or the top level.

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use vaxkit_core::places::{self, RegionView};

use crate::error::{ApiError, ErrorBody};
use crate::extractors::Query;
use crate::lang::RequestLanguage;
use crate::state::AppState;

/// Query parameters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct RegionQuery {
    /// The parent region's code; the top level when left out.
    pub parent: Option<String>,
    /// Answer language: region names in it where the profile gives them (also read by the
    /// error handler).
    pub lang: Option<String>,
}

/// Answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct RegionList {
    /// The parent asked about.
    pub parent: Option<String>,
    /// The regions, in the profile's order, named in the request's language where the profile
    /// gives that name.
    pub regions: Vec<RegionView>,
}

/// Lists the regions directly under `parent`.
#[utoipa::path(get, path = "/api/v1/regions", operation_id = "listRegions", tag = "places", params(RegionQuery),
    responses((status = 200, body = RegionList), (status = 404, body = ErrorBody)))]
pub async fn handle(
    state: web::Data<AppState>,
    lang: RequestLanguage,
    query: Query<RegionQuery>,
) -> Result<HttpResponse, ApiError> {
    let parent = query.into_inner().parent;
    let regions = places::regions_under(&state.core.profile, parent.as_deref(), lang.as_str())?;
    Ok(HttpResponse::Ok().json(RegionList { parent, regions }))
}
