//! API tests: the real application on port 0, a fresh database per test, every test on SQLite and
//! on PostgreSQL (see `helpers.rs` and the `both_backends!` macro).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

#[macro_use]
mod helpers;

mod citizen;

mod access;
mod admin_facilities;
mod admin_sessions;
mod aefi;
mod beneficiaries;
mod booking;
mod browser;
mod certificates;
mod corrections;
mod cowin;
mod errors;
mod growth;
mod health;
mod login;
mod metrics;
mod notices;
mod openapi;
mod pages;
mod places;
mod races;
mod rate_limits;
mod reports;
mod schemathesis;
mod security;
mod sessions;
mod shapes;
mod sms;
mod staff;
mod sync;
mod vaccinator;
