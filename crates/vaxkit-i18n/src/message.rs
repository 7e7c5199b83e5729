//! A message as data: its Fluent id and its arguments, made where a rule decides something and
//! formatted where a person reads it (a JSON error, a page, an SMS, the command line), in that
//! reader's language. An argument may itself be a message (a refusal that carries the schedule
//! engine's reason), formatted first in the same language.

use fluent_bundle::FluentValue;

use crate::locales::Locales;

/// The value of one argument of a [`Message`].
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Text, shown as given.
    Text(String),
    /// A number; plural rules select on it.
    Number(i64),
    /// Another message, formatted in the same language.
    Message(Box<Message>),
}

impl From<&str> for Value {
    fn from(value: &str) -> Self {
        Self::Text(value.to_owned())
    }
}

impl From<String> for Value {
    fn from(value: String) -> Self {
        Self::Text(value)
    }
}

impl From<i64> for Value {
    fn from(value: i64) -> Self {
        Self::Number(value)
    }
}

impl From<u32> for Value {
    fn from(value: u32) -> Self {
        Self::Number(i64::from(value))
    }
}

impl From<u64> for Value {
    fn from(value: u64) -> Self {
        Self::Number(i64::try_from(value).unwrap_or(i64::MAX))
    }
}

impl From<usize> for Value {
    fn from(value: usize) -> Self {
        Self::Number(i64::try_from(value).unwrap_or(i64::MAX))
    }
}

impl From<Message> for Value {
    fn from(value: Message) -> Self {
        Self::Message(Box::new(value))
    }
}

/// A Fluent message id with its named arguments, not yet in any language.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    /// The Fluent message id (`error-not-eligible`, `schedule-too-early`...).
    pub id: String,
    /// Named arguments; every locale's message uses the same names.
    pub args: Vec<(&'static str, Value)>,
}

impl Message {
    /// A message with no arguments yet.
    pub fn new(id: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            args: Vec::new(),
        }
    }

    /// Adds an argument.
    pub fn with(mut self, name: &'static str, value: impl Into<Value>) -> Self {
        self.args.push((name, value.into()));
        self
    }

    /// The argument named `name`, if given.
    pub fn arg(&self, name: &str) -> Option<&Value> {
        self.args.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
    }
}

impl Locales {
    /// Formats a message as data for SMS, email, JSON and the terminal (no isolation marks).
    pub fn render_plain(&self, lang: &str, message: &Message) -> String {
        self.render(lang, message, true)
    }

    /// Formats a message as data for a web page (placeables isolated for right-to-left text).
    pub fn render_ui(&self, lang: &str, message: &Message) -> String {
        self.render(lang, message, false)
    }

    fn render(&self, lang: &str, message: &Message, plain: bool) -> String {
        let nested: Vec<(&str, String)> = message
            .args
            .iter()
            .filter_map(|(name, value)| match value {
                Value::Message(inner) => Some((*name, self.render(lang, inner, plain))),
                _ => None,
            })
            .collect();
        let args: Vec<(&str, FluentValue<'_>)> = message
            .args
            .iter()
            .map(|(name, value)| {
                let value = match value {
                    Value::Text(text) => FluentValue::from(text.as_str()),
                    Value::Number(number) => FluentValue::from(*number),
                    Value::Message(_) => nested
                        .iter()
                        .find(|(n, _)| n == name)
                        .map_or(FluentValue::None, |(_, text)| {
                            FluentValue::from(text.as_str())
                        }),
                };
                (*name, value)
            })
            .collect();
        if plain {
            self.message_plain(lang, &message.id, &args)
        } else {
            self.message(lang, &message.id, &args)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_messages_are_formatted_in_the_same_language() {
        let locales = Locales::load(None, &["fr", "en"]).unwrap();
        let inner = Message::new("schedule-too-young").with("date", "2021-06-01");
        let outer = Message::new("error-not-eligible")
            .with("name", "Asha")
            .with("reason", inner.clone());
        let text = locales.render_plain("fr", &outer);
        assert!(text.contains("Asha"), "{text}");
        let reason = locales.render_plain("fr", &inner);
        assert!(text.contains(&reason), "{text} / {reason}");
        assert_ne!(reason, locales.render_plain("en", &inner));
        assert!(
            !text.contains('\u{2068}'),
            "plain text has no isolation marks"
        );
        assert!(locales.render_ui("fr", &outer).contains('\u{2068}'));
    }
}
