//! Support shared by vaxkit's tests. Tests are the only users: a failure here is a test failure,
//! so functions panic with a message that says what to install or start.
#![allow(clippy::panic, clippy::expect_used, clippy::unwrap_used)]

pub mod python;
