//! Certificates: a citizen downloads their own people's certificates (every format the
//! profile names, a printable PDF in their language, FHIR records); anyone verifies a QR
//! text; verifiers fetch the public keys, the signer certificates and the signed list of
//! revoked certificates.

pub mod download;
pub mod publish;
pub mod verify;

use vaxkit_store::DbConnection;
use vaxkit_store::repo::beneficiaries::{self, Beneficiary};
use vaxkit_store::repo::doses;

use crate::certificates::{Certifier, certificate_id};
use crate::error::{ApiError, ErrorCode};
use crate::state::AppState;

/// The server's certifier, or `certificate_not_available` when no signing key is set up.
pub fn certifier(state: &AppState) -> Result<&Certifier, ApiError> {
    state
        .certifier
        .as_ref()
        .ok_or_else(|| ErrorCode::CertificateNotAvailable.into())
}

/// One of the account's people by reference.
pub fn own_person(
    c: &mut DbConnection,
    account: i64,
    reference: &str,
) -> Result<Beneficiary, ApiError> {
    beneficiaries::of_account(c, account, reference)?
        .ok_or_else(|| ErrorCode::BeneficiaryNotFound.into())
}

/// The certificate ids of every revoked dose.
pub fn revoked_ids(c: &mut DbConnection, country: &str) -> Result<Vec<String>, ApiError> {
    Ok(doses::revoked(c)?
        .into_iter()
        .map(|(_, d)| certificate_id(country, &d.reference))
        .collect())
}
