//! Notifications: the outbox worker, SMS gateways and email.
