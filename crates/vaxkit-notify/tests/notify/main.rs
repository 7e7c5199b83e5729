//! vaxkit-notify against real parts: HTTP gateways and an SMTP server on loopback, and the
//! outbox on SQLite and PostgreSQL.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    missing_docs
)]

mod email;
mod gateways;
mod support;
mod worker;
