//! Citizen login: a one-time code by SMS for a bearer token.

pub mod confirm_otp;
pub mod logout;
pub mod request_otp;
