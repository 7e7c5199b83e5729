//! Vaccination certificates: payloads (EU DCC, SMART Health Card, WHO DDCC:VS), signing, QR and verification.
