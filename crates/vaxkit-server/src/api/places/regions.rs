//! `GET /api/v1/regions`: a region's children, or the top level.

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::error::{ApiError, ErrorBody, ErrorCode};
use crate::state::AppState;

/// Query parameters.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct RegionQuery {
    /// The parent region's code; the top level when left out.
    pub parent: Option<String>,
    /// Answer language (also read by the error handler).
    pub lang: Option<String>,
}

/// One region.
#[derive(Debug, Serialize, ToSchema)]
pub struct RegionOut {
    /// The profile's code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Level name, e.g. `district`.
    pub level: String,
    /// Whether it has regions under it.
    pub has_children: bool,
}

/// Answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct RegionList {
    /// The parent asked about.
    pub parent: Option<String>,
    /// The regions, in the profile's order.
    pub regions: Vec<RegionOut>,
}

/// Lists the regions directly under `parent`.
#[utoipa::path(get, path = "/api/v1/regions", tag = "places", params(RegionQuery),
    responses((status = 200, body = RegionList), (status = 404, body = ErrorBody)))]
pub async fn handle(
    state: web::Data<AppState>,
    query: web::Query<RegionQuery>,
) -> Result<HttpResponse, ApiError> {
    let regions = &state.profile.regions;
    let parent = query.into_inner().parent;
    if let Some(p) = &parent
        && regions.get(p).is_none()
    {
        return Err(ErrorCode::RegionNotFound.into());
    }
    let list = regions
        .children(parent.as_deref())
        .map(|r| RegionOut {
            code: r.code.clone(),
            name: r.name.clone(),
            level: regions.levels.get(r.level).cloned().unwrap_or_default(),
            has_children: regions.children(Some(&r.code)).next().is_some(),
        })
        .collect();
    Ok(HttpResponse::Ok().json(RegionList {
        parent,
        regions: list,
    }))
}
