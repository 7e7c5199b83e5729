//! Identity numbers: normalisation, format, check digits and masking, per ID scheme.

use regex::Regex;

use crate::checksum::{Checksum, ChecksumError};

/// One identity document a person may register with (`[[id_schemes]]`), checked.
#[derive(Debug, Clone)]
pub struct IdScheme {
    /// Stable identifier.
    pub id: String,
    /// Name shown to people.
    pub name: String,
    /// The format the normalised number must match (anchored).
    pub pattern: Regex,
    /// Steps turning what a person typed into the stored form.
    pub normalize: Vec<Normalize>,
    /// Check-digit algorithm.
    pub checksum: Checksum,
    /// How the number is shown masked.
    pub mask: Mask,
    /// Whether the number may be printed on international certificates.
    pub travel_document: bool,
    /// A valid example number, if the profile gives one.
    pub example: Option<String>,
}

/// A normalisation step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Normalize {
    /// Remove spaces and other white space.
    StripSpaces,
    /// Remove `-` and other dashes.
    StripDashes,
    /// Remove `.`.
    StripDots,
    /// Remove `/`.
    StripSlashes,
    /// Upper-case letters.
    Uppercase,
    /// Keep only letters and digits.
    AlphanumericOnly,
}

impl Normalize {
    /// Names accepted in `normalize = [...]`.
    pub const NAMES: &'static [&'static str] = &[
        "strip-spaces",
        "strip-dashes",
        "strip-dots",
        "strip-slashes",
        "uppercase",
        "alphanumeric-only",
    ];

    /// Parses a profile name.
    pub fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "strip-spaces" => Self::StripSpaces,
            "strip-dashes" => Self::StripDashes,
            "strip-dots" => Self::StripDots,
            "strip-slashes" => Self::StripSlashes,
            "uppercase" => Self::Uppercase,
            "alphanumeric-only" => Self::AlphanumericOnly,
            _ => return None,
        })
    }

    fn apply(self, s: &str) -> String {
        match self {
            Self::StripSpaces => s.chars().filter(|c| !c.is_whitespace()).collect(),
            Self::StripDashes => s
                .chars()
                .filter(|c| !matches!(c, '-' | '\u{2010}'..='\u{2015}' | '\u{2212}'))
                .collect(),
            Self::StripDots => s.chars().filter(|c| *c != '.').collect(),
            Self::StripSlashes => s.chars().filter(|c| *c != '/').collect(),
            Self::Uppercase => s.to_uppercase(),
            Self::AlphanumericOnly => s.chars().filter(|c| c.is_alphanumeric()).collect(),
        }
    }
}

/// How a number is displayed without revealing it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mask {
    /// Characters left visible at the start.
    pub keep_first: usize,
    /// Characters left visible at the end.
    pub keep_last: usize,
    /// Character shown instead of hidden ones.
    pub char: char,
}

impl Mask {
    /// Masks a normalised number; at least half of it is always hidden, so a short
    /// number is never shown whole whatever the profile asks.
    pub fn apply(&self, number: &str) -> String {
        let chars: Vec<char> = number.chars().collect();
        let n = chars.len();
        let visible_budget = n / 2;
        let first = self.keep_first.min(visible_budget);
        let last = self.keep_last.min(visible_budget - first);
        chars
            .iter()
            .enumerate()
            .map(|(i, c)| {
                if i < first || i >= n - last {
                    *c
                } else {
                    self.char
                }
            })
            .collect()
    }
}

/// Why a number is not valid for a scheme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdProblem {
    /// Wrong length or kind of characters for the scheme's format.
    Format,
    /// A character the check-digit algorithm cannot use.
    Character(char),
    /// The check digit does not match.
    CheckDigit,
    /// A date inside the number is not a real date.
    Date,
}

impl IdProblem {
    /// The Fluent message id explaining the problem (variables: `scheme`, and `character`).
    pub fn message_id(&self) -> &'static str {
        match self {
            Self::Format => "id-invalid-format",
            Self::Character(_) => "id-invalid-character",
            Self::CheckDigit => "id-invalid-check-digit",
            Self::Date => "id-invalid-date",
        }
    }

    /// A short English reason for logs and the operator's CLI.
    pub fn describe(&self) -> String {
        match self {
            Self::Format => "does not match the scheme's format".into(),
            Self::Character(c) => format!("the character '{c}' is not allowed"),
            Self::CheckDigit => "the check digit does not match".into(),
            Self::Date => "the date of birth in it is not a real date".into(),
        }
    }
}

/// The outcome of checking one number against one scheme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdCheck {
    /// The number after normalisation.
    pub normalized: String,
    /// The masked form for display.
    pub masked: String,
    /// Valid, or why not.
    pub result: Result<(), IdProblem>,
}

impl IdScheme {
    /// Applies the normalisation steps in order.
    pub fn normalize(&self, input: &str) -> String {
        let trimmed = input.trim();
        self.normalize
            .iter()
            .fold(trimmed.to_string(), |s, step| step.apply(&s))
    }

    /// Normalises, then checks the format and the check digits.
    pub fn check(&self, input: &str) -> IdCheck {
        let normalized = self.normalize(input);
        let masked = self.mask.apply(&normalized);
        let result = if !self.pattern.is_match(&normalized) {
            Err(IdProblem::Format)
        } else {
            self.checksum.verify(&normalized).map_err(|e| match e {
                ChecksumError::BadCharacter { character, .. } => IdProblem::Character(character),
                // Structural rules of an algorithm (a CPF of one repeated digit, a South
                // African citizenship digit) are about the number's format.
                ChecksumError::BadLength { .. } | ChecksumError::Invalid(_) => IdProblem::Format,
                ChecksumError::InvalidDate => IdProblem::Date,
                ChecksumError::Mismatch => IdProblem::CheckDigit,
            })
        };
        IdCheck {
            normalized,
            masked,
            result,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn aadhaar() -> IdScheme {
        IdScheme {
            id: "aadhaar".into(),
            name: "Aadhaar".into(),
            pattern: Regex::new("^(?:[2-9][0-9]{11})$").unwrap(),
            normalize: vec![Normalize::StripSpaces, Normalize::StripDashes],
            checksum: Checksum::Verhoeff,
            mask: Mask {
                keep_first: 0,
                keep_last: 4,
                char: 'X',
            },
            travel_document: false,
            example: None,
        }
    }

    #[test]
    fn normalises_masks_and_checks() {
        let s = aadhaar();
        let payload = "23456789012";
        let number = format!(
            "{payload}{}",
            Checksum::Verhoeff.check_digits(payload).unwrap()
        );
        let typed = format!(" {} {}-{} ", &number[..4], &number[4..8], &number[8..]);
        let c = s.check(&typed);
        assert_eq!(c.normalized, number);
        assert_eq!(c.masked, format!("XXXXXXXX{}", &number[8..]));
        assert_eq!(c.result, Ok(()));
    }

    #[test]
    fn wrong_check_digit_and_wrong_format_are_told_apart() {
        let s = aadhaar();
        let payload = "23456789012";
        let good = Checksum::Verhoeff.check_digits(payload).unwrap();
        let bad = (good.parse::<u8>().unwrap() + 1) % 10;
        assert_eq!(
            s.check(&format!("{payload}{bad}")).result,
            Err(IdProblem::CheckDigit)
        );
        assert_eq!(s.check("12345678901").result, Err(IdProblem::Format));
        assert_eq!(s.check("").result, Err(IdProblem::Format));
    }

    #[test]
    fn mask_never_shows_more_than_half() {
        let m = Mask {
            keep_first: 2,
            keep_last: 4,
            char: '*',
        };
        // 2 + 4 would show 6 of 10: the end gives way so that half stays hidden.
        assert_eq!(m.apply("ABCDEFGHIJ"), "AB*****HIJ");
        assert_eq!(m.apply("ABCDEFGHIJKL"), "AB******IJKL");
        assert_eq!(m.apply("ABCD"), "AB**");
        assert_eq!(m.apply("A"), "*");
        assert_eq!(m.apply(""), "");
    }
}
