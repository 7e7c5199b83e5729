//! The vaxkit HTTP application: JSON API, web pages, authentication and roles.
