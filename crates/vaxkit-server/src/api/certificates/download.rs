//! A citizen's certificates: `GET /api/v1/beneficiaries/{reference}/certificate` (every
//! format as JSON), `.../certificate.pdf` (printable, in the request's language) and
//! `.../certificate/qr` (one format's QR code as SVG or PNG) and `.../immunizations` (FHIR R4
//! Immunization resources of every dose).

use actix_web::{HttpResponse, web};
use serde::Deserialize;
use utoipa::IntoParams;
use vaxkit_core::certificates;

use crate::actors::AsCitizen;
use crate::error::{ApiError, ErrorBody, ErrorCode};
use crate::extractors::{Query, not_one_of};
use crate::state::AppState;

/// Query parameters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct CertificateQuery {
    /// The dose number to certify; the latest dose when absent.
    pub dose: Option<i64>,
    /// Language of the PDF (else the language the person registered with).
    pub lang: Option<String>,
}

/// The certificate of a dose in every format the profile names.
#[utoipa::path(get, path = "/api/v1/beneficiaries/{reference}/certificate", operation_id = "getCertificate", tag = "certificates", security(("bearer" = [])),
    params(("reference" = String, Path, description = "Beneficiary reference"), CertificateQuery),
    responses((status = 200, description = "content, kind and the QR texts of each format"), (status = 404, body = ErrorBody), (status = 501, body = ErrorBody)))]
pub async fn json(
    state: web::Data<AppState>,
    AsCitizen(who): AsCitizen,
    path: web::Path<String>,
    query: Query<CertificateQuery>,
) -> Result<HttpResponse, ApiError> {
    let reference = path.into_inner();
    let dose = query.dose;
    let (issued, _) = state
        .run(move |core| certificates::issue(core, &who, &reference, dose, core.clock.now()))
        .await?;
    Ok(HttpResponse::Ok().json(issued))
}

/// The printable certificate (PDF) in the holder's language (`lang` asks for another).
#[utoipa::path(get, path = "/api/v1/beneficiaries/{reference}/certificate.pdf", operation_id = "getCertificatePdf", tag = "certificates", security(("bearer" = [])),
    params(("reference" = String, Path, description = "Beneficiary reference"), CertificateQuery),
    responses((status = 200, content_type = "application/pdf", description = "the certificate"), (status = 404, body = ErrorBody), (status = 501, body = ErrorBody)))]
pub async fn pdf(
    state: web::Data<AppState>,
    AsCitizen(who): AsCitizen,
    path: web::Path<String>,
    query: Query<CertificateQuery>,
) -> Result<HttpResponse, ApiError> {
    let reference = path.into_inner();
    let q = query.into_inner();
    let bytes = pdf_bytes(&state, who, reference.clone(), q.dose, q.lang).await?;
    Ok(HttpResponse::Ok()
        .content_type("application/pdf")
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"certificate-{reference}.pdf\""),
        ))
        .body(bytes))
}

/// The PDF of one of the account's people in `language`, else in the language the person
/// registered with (also serves `/api/v2`).
pub async fn pdf_bytes(
    state: &AppState,
    who: vaxkit_core::Actor,
    reference: String,
    dose: Option<i64>,
    language: Option<String>,
) -> Result<Vec<u8>, ApiError> {
    state
        .run(move |core| {
            certificates::pdf(
                core,
                &who,
                &reference,
                dose,
                language.as_deref(),
                core.clock.now(),
            )
        })
        .await
}

/// Every dose of the person as FHIR R4 Immunization resources (with the Patient), for
/// national health records.
#[utoipa::path(get, path = "/api/v1/beneficiaries/{reference}/immunizations", operation_id = "getImmunizations", tag = "certificates", security(("bearer" = [])),
    params(("reference" = String, Path, description = "Beneficiary reference")),
    responses((status = 200, content_type = "application/fhir+json", description = "a FHIR Bundle (collection)"), (status = 404, body = ErrorBody)))]
pub async fn immunizations(
    state: web::Data<AppState>,
    AsCitizen(who): AsCitizen,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let reference = path.into_inner();
    let bundle = state
        .run(move |core| certificates::immunizations(core, &who, &reference))
        .await?;
    Ok(HttpResponse::Ok()
        .content_type("application/fhir+json")
        .body(bundle.to_string()))
}

/// Query of the QR image.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct QrQuery {
    /// `eu-dcc` (default) or `shc`.
    pub format: Option<String>,
    /// `svg` (default) or `png`.
    pub image: Option<String>,
    /// The dose number; the latest dose when absent.
    pub dose: Option<i64>,
}

/// One format's QR code as an image, for apps and wallets that show the code themselves.
#[utoipa::path(get, path = "/api/v1/beneficiaries/{reference}/certificate/qr", operation_id = "getCertificateQr", tag = "certificates", security(("bearer" = [])),
    params(("reference" = String, Path, description = "Beneficiary reference"), QrQuery),
    responses((status = 200, content_type = "image/svg+xml", description = "the QR code (or image/png)"), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody), (status = 501, body = ErrorBody)))]
pub async fn qr(
    state: web::Data<AppState>,
    AsCitizen(who): AsCitizen,
    path: web::Path<String>,
    query: Query<QrQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = query.into_inner();
    let png = match q.image.as_deref() {
        None | Some("svg") => false,
        Some("png") => true,
        Some(_) => return Err(not_one_of("image", &["svg", "png"])),
    };
    if q.format
        .as_deref()
        .is_some_and(|f| !["eu-dcc", "shc"].contains(&f))
    {
        return Err(not_one_of("format", &["eu-dcc", "shc"]));
    }
    let reference = path.into_inner();
    let dose = q.dose;
    let (issued, _) = state
        .run(move |core| certificates::issue(core, &who, &reference, dose, core.clock.now()))
        .await?;
    let text = match q.format.as_deref() {
        None | Some("eu-dcc") => issued.eu_dcc,
        Some(_) => issued.shc.and_then(|chunks| chunks.into_iter().next()),
    }
    .ok_or(ErrorCode::CertificateNotAvailable)?;
    if png {
        let bytes = vaxkit_cert::qr::png(&text, 4).map_err(ApiError::internal)?;
        Ok(HttpResponse::Ok().content_type("image/png").body(bytes))
    } else {
        let svg = vaxkit_cert::qr::svg(&text).map_err(ApiError::internal)?;
        Ok(HttpResponse::Ok().content_type("image/svg+xml").body(svg))
    }
}
