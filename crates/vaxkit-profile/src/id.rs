//! Identity numbers: normalisation, format, check digits and masking, per ID scheme.

use chrono::NaiveDate;
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
    /// Numbers that match the pattern but are never issued (e.g. all zeros), refused as a format error.
    pub exclude: Vec<Regex>,
    /// A birth date written inside the number, checked to be a real day.
    pub date: Option<EmbeddedDate>,
    /// Length a shorter number is padded to with leading zeros, so `12345678` and `012345678` are one number.
    pub pad_to: Option<usize>,
}

/// How the digits of an embedded date are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateOrder {
    /// Two-digit year, month, day.
    Yymmdd,
    /// Day, month, two-digit year.
    Ddmmyy,
    /// Four-digit year, month, day.
    Yyyymmdd,
}

impl DateOrder {
    /// Names accepted in `date.order`.
    pub const NAMES: &'static [&'static str] = &["YYMMDD", "DDMMYY", "YYYYMMDD"];

    /// Parses a profile name.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "YYMMDD" => Some(Self::Yymmdd),
            "DDMMYY" => Some(Self::Ddmmyy),
            "YYYYMMDD" => Some(Self::Yyyymmdd),
            _ => None,
        }
    }

    fn len(self) -> usize {
        match self {
            Self::Yyyymmdd => 8,
            _ => 6,
        }
    }
}

/// One rule choosing the century of a two-digit year: numbers matching `pattern` (every number
/// when there is none) were born in `century` (e.g. 1900).
#[derive(Debug, Clone)]
pub struct CenturyRule {
    /// Which numbers the rule covers; `None` covers all.
    pub pattern: Option<Regex>,
    /// The first year of the century, e.g. 1900.
    pub century: i32,
}

/// A birth date inside an ID number (`date = { ... }` of an ID scheme).
///
/// Day and month may carry offsets (a D-number adds 40 to the day, a PESEL adds 20 to the month
/// for each century); the date is real when some offset of each leaves a day that exists in a
/// century the rules allow.
#[derive(Debug, Clone)]
pub struct EmbeddedDate {
    /// 0-based char position where the date starts.
    pub at: usize,
    /// Order of its digits.
    pub order: DateOrder,
    /// Offsets that may have been added to the day (always includes what the profile lists; default `[0]`).
    pub day_offsets: Vec<u32>,
    /// Offsets that may have been added to the month (default `[0]`).
    pub month_offsets: Vec<u32>,
    /// Rules for the century of a two-digit year; none means any century (1800, 1900, 2000).
    pub centuries: Vec<CenturyRule>,
    /// Numbers that carry no date at all (e.g. Lithuania's numbers starting with 9).
    pub skip: Option<Regex>,
}

impl EmbeddedDate {
    /// Whether the number's date is a real day under these rules.
    pub fn is_real(&self, number: &str) -> bool {
        if self.skip.as_ref().is_some_and(|r| r.is_match(number)) {
            return true;
        }
        let digits: Option<Vec<u32>> = number
            .chars()
            .skip(self.at)
            .take(self.order.len())
            .map(|c| c.to_digit(10))
            .collect();
        let Some(d) = digits.filter(|d| d.len() == self.order.len()) else {
            return false;
        };
        let two = |i: usize| d.get(i).zip(d.get(i + 1)).map(|(a, b)| a * 10 + b);
        let (year, month, day) = match self.order {
            DateOrder::Yymmdd => (two(0), two(2), two(4)),
            DateOrder::Ddmmyy => (two(4), two(2), two(0)),
            DateOrder::Yyyymmdd => (two(0).zip(two(2)).map(|(c, y)| c * 100 + y), two(4), two(6)),
        };
        let (Some(year), Some(month), Some(day)) = (year, month, day) else {
            return false;
        };
        let years: Vec<i32> = match self.order {
            DateOrder::Yyyymmdd => vec![0],
            _ if self.centuries.is_empty() => vec![1800, 1900, 2000],
            _ => self
                .centuries
                .iter()
                .filter(|r| r.pattern.as_ref().is_none_or(|p| p.is_match(number)))
                .map(|r| r.century)
                .collect(),
        };
        let year = i32::try_from(year).unwrap_or(0);
        years.iter().any(|base| {
            self.month_offsets.iter().any(|mo| {
                self.day_offsets.iter().any(|dof| {
                    let (Some(m), Some(dd)) = (month.checked_sub(*mo), day.checked_sub(*dof))
                    else {
                        return false;
                    };
                    NaiveDate::from_ymd_opt(base + year, m, dd).is_some()
                })
            })
        })
    }
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
    /// Read digits of other scripts (Arabic-Indic, Devanagari, Thai, full-width, ...) as ASCII.
    AsciiDigits,
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
        "ascii-digits",
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
            "ascii-digits" => Self::AsciiDigits,
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
            Self::AsciiDigits => crate::digits::to_ascii_digits(s),
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
        let normalized = self
            .normalize
            .iter()
            .fold(trimmed.to_string(), |s, step| step.apply(&s));
        match self.pad_to {
            Some(len) if !normalized.is_empty() && normalized.chars().count() < len => {
                let pad = len - normalized.chars().count();
                format!("{}{normalized}", "0".repeat(pad))
            }
            _ => normalized,
        }
    }

    /// Normalises, then checks the format and the check digits.
    pub fn check(&self, input: &str) -> IdCheck {
        let normalized = self.normalize(input);
        let masked = self.mask.apply(&normalized);
        let result = if !self.pattern.is_match(&normalized)
            || self.exclude.iter().any(|r| r.is_match(&normalized))
        {
            Err(IdProblem::Format)
        } else if self.date.as_ref().is_some_and(|d| !d.is_real(&normalized)) {
            Err(IdProblem::Date)
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

    #[test]
    fn ascii_digits_reads_other_scripts_digits() {
        let typed = "२३४५-६७८९ ０１２٤";
        assert_eq!(
            Normalize::AsciiDigits.apply(typed),
            "2345-6789 0124",
            "only the digits change"
        );
        assert_eq!(
            Normalize::from_name("ascii-digits"),
            Some(Normalize::AsciiDigits)
        );
        assert!(Normalize::NAMES.contains(&"ascii-digits"));
    }

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
            exclude: Vec::new(),
            date: None,
            pad_to: None,
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

    fn pesel_date() -> EmbeddedDate {
        let rule = |p: &str, century| CenturyRule {
            pattern: Some(Regex::new(p).unwrap()),
            century,
        };
        EmbeddedDate {
            at: 0,
            order: DateOrder::Yymmdd,
            day_offsets: vec![0],
            month_offsets: vec![0, 20],
            centuries: vec![rule("^.{2}[01]", 1900), rule("^.{2}[23]", 2000)],
            skip: None,
        }
    }

    #[test]
    fn embedded_dates_follow_century_rules_and_offsets() {
        let d = pesel_date();
        // 29 February 1900 never was; 29 February 2000 was.
        assert!(!d.is_real("000229"));
        assert!(d.is_real("002229"));
        assert!(d.is_real("991231"));
        assert!(!d.is_real("991331"));
        assert!(!d.is_real("994101"), "no rule covers month 41");
        assert!(!d.is_real("99123"), "too short");
        assert!(!d.is_real("99A231"));
        let any = EmbeddedDate {
            centuries: Vec::new(),
            ..pesel_date()
        };
        assert!(any.is_real("000229"), "some century has that day");
        let ddmmyy = EmbeddedDate {
            order: DateOrder::Ddmmyy,
            day_offsets: vec![0, 40],
            ..any
        };
        assert!(ddmmyy.is_real("690296"), "29 + 40 is a D-number's 29th");
        assert!(!ddmmyy.is_real("700296"));
        let skip = EmbeddedDate {
            skip: Some(Regex::new("^9").unwrap()),
            ..pesel_date()
        };
        assert!(skip.is_real("999999"));
    }

    #[test]
    fn exclusions_dates_and_padding_shape_the_check() {
        let mut s = aadhaar();
        s.pattern = Regex::new("^(?:[0-9]{6})$").unwrap();
        s.checksum = Checksum::None;
        s.exclude = vec![Regex::new("^(?:0+)$").unwrap()];
        s.pad_to = Some(6);
        s.date = Some(pesel_date());
        assert_eq!(s.check("0").result, Err(IdProblem::Format));
        assert_eq!(s.check("991231").result, Ok(()));
        assert_eq!(s.check("000229").result, Err(IdProblem::Date));
        // Padded before the pattern: 1231 is 001231, 31 December 1900.
        let c = s.check("1231");
        assert_eq!((c.normalized.as_str(), c.result), ("001231", Ok(())));
    }
}
