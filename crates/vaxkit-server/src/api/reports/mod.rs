//! Reports from the aggregate counters and the audit log for auditors
//! ([`vaxkit_core::reports`]). JSON, or CSV with `format=csv`.

pub mod audit;
pub mod coverage;
pub mod doses;

use actix_web::HttpResponse;

use crate::error::ApiError;

/// Answers rows as CSV, the header first.
pub fn csv_response(
    filename: &str,
    header: &[&str],
    rows: Vec<Vec<String>>,
) -> Result<HttpResponse, ApiError> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(header).map_err(ApiError::internal)?;
    for row in rows {
        out.write_record(&row).map_err(ApiError::internal)?;
    }
    let bytes = out.into_inner().map_err(ApiError::internal)?;
    Ok(HttpResponse::Ok()
        .insert_header(("Content-Type", "text/csv; charset=utf-8"))
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"{filename}\""),
        ))
        .body(bytes))
}

/// Whether the answer should be CSV (`format=csv`) or JSON (`format=json` or none).
pub fn wants_csv(format: Option<&str>) -> Result<bool, ApiError> {
    match format {
        None | Some("json") => Ok(false),
        Some("csv") => Ok(true),
        Some(_) => Err(crate::extractors::not_one_of("format", &["json", "csv"])),
    }
}
