//! Vaccination certificates: payloads (EU DCC, SMART Health Card, WHO DDCC:VS), signing, QR and verification.

/// Printable A4 certificates in PDF, with shaped text in every shipped script and vector QR codes.
pub mod pdf;
