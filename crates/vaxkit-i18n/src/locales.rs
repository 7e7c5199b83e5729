//! The loaded bundles of a profile's languages: negotiation, formatting and the fallback chain.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;
use std::sync::Arc;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use fluent_langneg::{LanguageIdentifier, NegotiationStrategy, negotiate_languages};

use crate::error::I18nError;
use crate::source::{self, LocaleSource};

/// The base locale: the last step of every fallback chain and the reference of the check.
pub const BASE_LANGUAGE: &str = "en";

/// One named argument of a message, such as `("dose", 2.into())` or `("earliest", date.into())`.
pub type Arg<'a> = (&'a str, FluentValue<'a>);

/// Most Accept-Language entries considered, so a hostile header costs little.
const MAX_REQUESTED: usize = 16;

type Bundle = FluentBundle<Arc<FluentResource>>;

/// The two bundles of one language: one for pages, one for SMS and email.
struct LanguageBundles {
    /// Wraps placeables in Unicode isolation marks, which keep right-to-left pages readable.
    ui: Bundle,
    /// No isolation marks: SMS gateways and mail clients would show them or count them.
    plain: Bundle,
}

/// The messages of a profile's languages, ready to format; cheap to share between threads.
pub struct Locales {
    /// The profile's languages, default first.
    languages: Vec<String>,
    /// The profile's languages as negotiation sees them.
    negotiable: Vec<LanguageIdentifier>,
    /// For each of `negotiable`, its index in `languages`.
    negotiable_index: Vec<usize>,
    /// Bundles of the profile's languages and of the base language.
    bundles: HashMap<String, LanguageBundles>,
}

impl Locales {
    /// Loads the shipped locales and the profile's own for `languages` (the first is the default).
    pub fn load<S: AsRef<str>>(
        profile_dir: Option<&Path>,
        languages: &[S],
    ) -> Result<Self, I18nError> {
        let mut profile_languages: Vec<String> = Vec::with_capacity(languages.len());
        for language in languages {
            let language = language.as_ref();
            if !profile_languages.iter().any(|known| known == language) {
                profile_languages.push(language.to_owned());
            }
        }
        if profile_languages.is_empty() {
            return Err(I18nError::NoLanguages);
        }
        let mut wanted: Vec<&str> = profile_languages.iter().map(String::as_str).collect();
        let base_available = source::available_languages(profile_dir)
            .iter()
            .any(|language| language == BASE_LANGUAGE);
        if base_available && !wanted.contains(&BASE_LANGUAGE) {
            wanted.push(BASE_LANGUAGE);
        }

        let sources = source::load_sources(profile_dir, &wanted)?;
        let mut bundles = HashMap::with_capacity(sources.len());
        for source in &sources {
            // Rejects repeated ids before the bundles silently keep one of them.
            let _ = source::merge(source)?;
            let _ = bundles.insert(source.language.clone(), language_bundles(source)?);
        }
        let (negotiable, negotiable_index) = profile_languages
            .iter()
            .enumerate()
            .filter_map(|(index, language)| {
                LanguageIdentifier::try_from_bytes(language.as_bytes())
                    .ok()
                    .map(|id| (id, index))
            })
            .unzip();
        Ok(Self {
            languages: profile_languages,
            negotiable,
            negotiable_index,
            bundles,
        })
    }

    /// Languages that have a locale: shipped, or in the profile's `locales/<lang>/` folders.
    ///
    /// A folder that cannot be read is left out here; [`Locales::load`] reports it.
    pub fn available_languages(profile_dir: Option<&Path>) -> Vec<String> {
        source::available_languages(profile_dir)
    }

    /// The profile's languages, default first.
    pub fn languages(&self) -> &[String] {
        &self.languages
    }

    /// The profile's default language (its first).
    pub fn default_language(&self) -> &str {
        self.languages.first().map_or(BASE_LANGUAGE, String::as_str)
    }

    /// The profile language that best fits an Accept-Language value or a plain tag, else the default.
    pub fn negotiate(&self, requested: &str) -> &str {
        let requested = parse_accept_language(requested);
        let available = &self.negotiable;
        negotiate_languages(&requested, available, None, NegotiationStrategy::Lookup)
            .first()
            .and_then(|best| available.iter().position(|id| std::ptr::eq(id, *best)))
            .and_then(|position| self.negotiable_index.get(position))
            .and_then(|index| self.languages.get(*index))
            .map_or_else(|| self.default_language(), String::as_str)
    }

    /// Formats a message for a web page, with Unicode isolation marks around placeables.
    ///
    /// `id` may name an attribute as `message.attribute`. A message missing in `lang` comes from
    /// the default language, then from the base language; missing everywhere, the id is returned.
    pub fn message(&self, lang: &str, id: &str, args: &[Arg<'_>]) -> String {
        self.format(lang, id, args, false)
    }

    /// Formats a message for SMS or email: like [`Locales::message`], without isolation marks.
    pub fn message_plain(&self, lang: &str, id: &str, args: &[Arg<'_>]) -> String {
        self.format(lang, id, args, true)
    }

    /// Formats with the fallback chain: `lang`, the default language, the base language.
    fn format(&self, lang: &str, id: &str, args: &[Arg<'_>], plain: bool) -> String {
        let (message_id, attribute) = match id.split_once('.') {
            Some((message, attribute)) => (message, Some(attribute)),
            None => (id, None),
        };
        let fluent_args = fluent_args(args);
        for language in [lang, self.default_language(), BASE_LANGUAGE] {
            let Some(bundles) = self.bundles.get(language) else {
                continue;
            };
            let bundle = if plain { &bundles.plain } else { &bundles.ui };
            let Some(message) = bundle.get_message(message_id) else {
                continue;
            };
            let pattern = match attribute {
                Some(attribute) => message.get_attribute(attribute).map(|a| a.value()),
                None => message.value(),
            };
            if let Some(pattern) = pattern {
                // Resolver errors (an argument the caller forgot) still give readable text with
                // the placeable shown as `{$name}`; the completeness check catches the rest.
                let mut errors = Vec::new();
                return bundle
                    .format_pattern(pattern, Some(&fluent_args), &mut errors)
                    .into_owned();
            }
        }
        id.to_owned()
    }
}

impl fmt::Debug for Locales {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut loaded: Vec<&String> = self.bundles.keys().collect();
        loaded.sort();
        f.debug_struct("Locales")
            .field("languages", &self.languages)
            .field("loaded", &loaded)
            .finish()
    }
}

/// Builds the isolating and the plain bundle of one language from its files in merge order.
fn language_bundles(source: &LocaleSource) -> Result<LanguageBundles, I18nError> {
    let langid: unic_langid::LanguageIdentifier = source
        .language
        .parse()
        .map_err(|_| I18nError::InvalidLanguage(source.language.clone()))?;
    let new_bundle = |isolating: bool| {
        let mut bundle = Bundle::new_concurrent(vec![langid.clone()]);
        bundle.set_use_isolating(isolating);
        // Only fails if NUMBER were already defined, and the bundle is new.
        let _ = bundle.add_builtins();
        for file in &source.files {
            // Ids are unique within shipped and within profile files (checked by `merge`), so
            // overriding only ever lets a profile message replace a shipped one.
            bundle.add_resource_overriding(Arc::clone(&file.resource));
        }
        bundle
    };
    Ok(LanguageBundles {
        ui: new_bundle(true),
        plain: new_bundle(false),
    })
}

/// Converts call-site arguments; a number that is not finite becomes text, because Fluent's plural
/// rules panic on NaN and infinity.
fn fluent_args<'a>(args: &[Arg<'a>]) -> FluentArgs<'a> {
    let mut fluent_args = FluentArgs::with_capacity(args.len());
    for (name, value) in args {
        let value = match value {
            FluentValue::Number(number) if !number.value.is_finite() => {
                FluentValue::String(number.value.to_string().into())
            }
            other => other.clone(),
        };
        fluent_args.set(*name, value);
    }
    fluent_args
}

/// The tags of an Accept-Language value (or one plain tag), best first by quality, unusable ones
/// (malformed, `*`, `q=0`) left out.
fn parse_accept_language(value: &str) -> Vec<LanguageIdentifier> {
    let mut weighted: Vec<(f32, LanguageIdentifier)> = value
        .split(',')
        .take(MAX_REQUESTED)
        .filter_map(|item| {
            let mut parts = item.split(';');
            let tag = parts.next()?.trim();
            let mut quality = 1.0_f32;
            for parameter in parts {
                if let Some((key, value)) = parameter.split_once('=')
                    && key.trim().eq_ignore_ascii_case("q")
                {
                    quality = value.trim().parse().ok().filter(|q: &f32| q.is_finite())?;
                }
            }
            if tag.is_empty() || tag == "*" || quality <= 0.0 {
                return None;
            }
            let id = LanguageIdentifier::try_from_bytes(tag.as_bytes()).ok()?;
            Some((quality, id))
        })
        .collect();
    // Stable: equal qualities keep the order the client gave.
    weighted.sort_by(|a, b| b.0.total_cmp(&a.0));
    weighted.into_iter().map(|(_, id)| id).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_is_ordered_by_quality() {
        let parsed = parse_accept_language("en;q=0.5, hi-IN , fr;q=0.8, *;q=0.1, de;q=0, !!");
        let tags: Vec<String> = parsed.iter().map(ToString::to_string).collect();
        assert_eq!(tags, ["hi-IN", "fr", "en"]);
    }

    #[test]
    fn locales_can_be_shared_between_threads() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Locales>();
    }
}
