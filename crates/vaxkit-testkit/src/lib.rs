//! Support shared by vaxkit's tests: a fresh database per test on each backend, and outside
//! checkers. Tests are the only users: a failure here is a test failure,
//! so functions panic with a message that says what to install or start.
#![allow(clippy::panic, clippy::expect_used, clippy::unwrap_used)]

pub mod db;
pub mod npm;
pub mod python;
pub mod sms;

pub use db::{Backend, TestDatabase};
pub use sms::SmsGateway;
