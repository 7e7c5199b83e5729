//! Every text vaxkit shows or sends goes through this crate. It embeds the shipped Fluent locales
//! (`locales/<lang>/*.ftl` at the repository root) and lets a country profile add languages or
//! override single messages with its own `locales/<lang>/*.ftl`. [`Locales`] holds one bundle per
//! profile language, picks the language of a request ([`Locales::negotiate`]) and formats messages
//! for pages ([`Locales::message`], with Unicode isolation marks for right-to-left text) or for SMS
//! and email ([`Locales::message_plain`], without). A message missing in a language falls back to
//! the profile's default language and then to English; [`check_completeness`] is what keeps that
//! fallback from ever being needed. The crate knows nothing of the profile format: callers pass
//! the profile's languages and folder.

mod check;
mod direction;
mod error;
mod locales;
mod message;
pub mod segments;
mod source;

pub use check::{Gap, GapKind, check_completeness, same_as_base};
pub use direction::is_rtl;
pub use error::{FileError, I18nError};
pub use fluent_bundle::FluentValue;
pub use locales::{Arg, BASE_LANGUAGE, Locales};
pub use message::{Message, Value};
