//! Certificates: a citizen downloads their own people's certificates (every format the
//! profile names, a printable PDF in their language, FHIR records); anyone verifies a QR
//! text; verifiers fetch the public keys, the signer certificates and the signed list of
//! revoked certificates ([`vaxkit_core::certificates`]).

pub mod download;
pub mod publish;
pub mod verify;
