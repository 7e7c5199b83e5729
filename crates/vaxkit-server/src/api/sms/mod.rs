//! SMS from feature phones: the gateway's inbound webhook — [`vaxkit_core::sms`].

pub mod inbound;
