//! A citizen's certificates: `GET /api/v1/beneficiaries/{reference}/certificate` (every
//! format as JSON), `.../certificate.pdf` (printable, in the request's language) and
//! `.../certificate/qr` (one format's QR code as SVG or PNG) and `.../immunizations` (FHIR R4
//! Immunization resources of every dose).

use actix_web::{HttpResponse, web};
use serde::Deserialize;
use utoipa::IntoParams;
use vaxkit_cert::fhir;
use vaxkit_store::repo::doses;

use super::{certifier, own_person};
use crate::api::auth::Citizen;
use crate::certificates::{Issued, content_for, dose_to_certify};
use crate::error::{ApiError, ErrorBody, ErrorCode};
use crate::state::AppState;

/// Query parameters.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct CertificateQuery {
    /// The dose number to certify; the latest dose when absent.
    pub dose: Option<i64>,
    /// Language of the PDF (else the language the person registered with).
    pub lang: Option<String>,
}

/// Issues the certificate of one of the account's people; also gives the language the
/// person registered with.
async fn issue(
    state: &web::Data<AppState>,
    citizen: &Citizen,
    reference: String,
    dose: Option<i64>,
) -> Result<(Issued, String), ApiError> {
    certifier(state)?;
    let st = state.clone();
    let account = citizen.account_id;
    let (content, language) = state
        .read_checked(move |c| {
            let person = own_person(c, account, &reference)?;
            let dose = dose_to_certify(c, &person, dose)?;
            Ok((content_for(c, &st, &person, &dose)?, person.language))
        })
        .await?;
    let issued = certifier(state)?.issue(&state.profile, content, state.clock.now())?;
    Ok((issued, language))
}

/// The certificate of a dose in every format the profile names.
#[utoipa::path(get, path = "/api/v1/beneficiaries/{reference}/certificate", tag = "certificates", security(("bearer" = [])),
    params(("reference" = String, Path, description = "Beneficiary reference"), CertificateQuery),
    responses((status = 200, description = "content, kind and the QR texts of each format"), (status = 404, body = ErrorBody), (status = 501, body = ErrorBody)))]
pub async fn json(
    state: web::Data<AppState>,
    citizen: Citizen,
    path: web::Path<String>,
    query: web::Query<CertificateQuery>,
) -> Result<HttpResponse, ApiError> {
    let (issued, _) = issue(&state, &citizen, path.into_inner(), query.dose).await?;
    Ok(HttpResponse::Ok().json(issued))
}

/// The printable certificate (PDF) in the holder's language (`lang` asks for another).
#[utoipa::path(get, path = "/api/v1/beneficiaries/{reference}/certificate.pdf", tag = "certificates", security(("bearer" = [])),
    params(("reference" = String, Path, description = "Beneficiary reference"), CertificateQuery),
    responses((status = 200, content_type = "application/pdf", description = "the certificate"), (status = 404, body = ErrorBody), (status = 501, body = ErrorBody)))]
pub async fn pdf(
    state: web::Data<AppState>,
    citizen: Citizen,
    path: web::Path<String>,
    query: web::Query<CertificateQuery>,
) -> Result<HttpResponse, ApiError> {
    let reference = path.into_inner();
    let language = query
        .lang
        .as_deref()
        .map(|l| state.locales.negotiate(l).to_string());
    let bytes = pdf_bytes(&state, &citizen, reference.clone(), query.dose, language).await?;
    Ok(HttpResponse::Ok()
        .content_type("application/pdf")
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"certificate-{reference}.pdf\""),
        ))
        .body(bytes))
}

/// Issues and renders the PDF of one of the account's people in `language`, else in the
/// language the person registered with (also serves `/api/v2`).
pub async fn pdf_bytes(
    state: &web::Data<AppState>,
    citizen: &Citizen,
    reference: String,
    dose: Option<i64>,
    language: Option<String>,
) -> Result<Vec<u8>, ApiError> {
    let (issued, registered) = issue(state, citizen, reference, dose).await?;
    let language = language.unwrap_or_else(|| state.locales.negotiate(&registered).to_string());
    let st = state.clone();
    web::block(move || certifier(&st)?.pdf(&st, &language, &issued)).await?
}

/// Every dose of the person as FHIR R4 Immunization resources (with the Patient), for
/// national health records.
#[utoipa::path(get, path = "/api/v1/beneficiaries/{reference}/immunizations", tag = "certificates", security(("bearer" = [])),
    params(("reference" = String, Path, description = "Beneficiary reference")),
    responses((status = 200, content_type = "application/fhir+json", description = "a FHIR Bundle (collection)"), (status = 404, body = ErrorBody)))]
pub async fn immunizations(
    state: web::Data<AppState>,
    citizen: Citizen,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let reference = path.into_inner();
    let account = citizen.account_id;
    let st = state.clone();
    let contents = state
        .read_checked(move |c| {
            let person = own_person(c, account, &reference)?;
            let mut out = Vec::new();
            for record in doses::active_of(c, person.id)? {
                out.push(content_for(c, &st, &person, &record)?);
            }
            Ok(out)
        })
        .await?;
    let holder = match contents.first() {
        Some(first) => first.holder.clone(),
        None => return Err(ErrorCode::NoCertificate.into()),
    };
    let doses: Vec<_> = contents
        .into_iter()
        .filter_map(|content| {
            let coding = fhir::VaccineCoding::from_profile(
                state.profile.vaccine(&content.vaccination.vaccine)?,
            );
            Some((content.vaccination, coding))
        })
        .collect();
    Ok(HttpResponse::Ok()
        .content_type("application/fhir+json")
        .body(fhir::immunizations(&holder, &doses).to_string()))
}

/// Query of the QR image.
#[derive(Debug, Deserialize, IntoParams)]
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
#[utoipa::path(get, path = "/api/v1/beneficiaries/{reference}/certificate/qr", tag = "certificates", security(("bearer" = [])),
    params(("reference" = String, Path, description = "Beneficiary reference"), QrQuery),
    responses((status = 200, content_type = "image/svg+xml", description = "the QR code (or image/png)"), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody), (status = 501, body = ErrorBody)))]
pub async fn qr(
    state: web::Data<AppState>,
    citizen: Citizen,
    path: web::Path<String>,
    query: web::Query<QrQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = query.into_inner();
    let png = match q.image.as_deref() {
        None | Some("svg") => false,
        Some("png") => true,
        Some(_) => return Err(ErrorCode::InvalidQuery.into()),
    };
    let (issued, _) = issue(&state, &citizen, path.into_inner(), q.dose).await?;
    let text = match q.format.as_deref() {
        None | Some("eu-dcc") => issued.eu_dcc,
        Some("shc") => issued.shc.and_then(|chunks| chunks.into_iter().next()),
        Some(_) => return Err(ErrorCode::InvalidQuery.into()),
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
