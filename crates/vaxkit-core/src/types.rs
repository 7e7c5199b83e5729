//! Values that cross into the use cases checked once: a value of one of these types is valid,
//! so no use case checks it again. Each `parse` refuses with the error a person can act on.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use vaxkit_i18n::Message;
use vaxkit_profile::Profile;
use vaxkit_profile::id::{IdProblem, IdScheme};
use vaxkit_store::Secrets;

use crate::error::{Error, ErrorCode, Result};

/// A mobile number as stored: calling code and national number, digits only.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Mobile(String);

impl Mobile {
    /// Reads a number as typed: the national number (with or without a leading 0), `+CC...`
    /// or `00CC...`, with spaces, dashes, dots or brackets, in ASCII digits or those of another
    /// script (Arabic-Indic, Devanagari, Thai, full-width...); it must match the profile's rule.
    pub fn parse(profile: &Profile, input: &str) -> Result<Mobile> {
        let digits: String = vaxkit_profile::digits::to_ascii_digits(input)
            .chars()
            .map(|c| if c == '＋' { '+' } else { c })
            .filter(|c| !matches!(c, ' ' | '-' | '(' | ')' | '.' | '\u{a0}'))
            .collect();
        let cc = &profile.country.calling_code;
        let national = digits
            .strip_prefix('+')
            .and_then(|d| d.strip_prefix(cc.as_str()))
            .or_else(|| {
                digits
                    .strip_prefix("00")
                    .and_then(|d| d.strip_prefix(cc.as_str()))
            })
            .unwrap_or(&digits);
        let national = if profile.country.phone_pattern.is_match(national) {
            national
        } else {
            national.strip_prefix('0').unwrap_or(national)
        };
        if national.chars().all(|c| c.is_ascii_digit())
            && profile.country.phone_pattern.is_match(national)
        {
            Ok(Mobile(format!("{cc}{national}")))
        } else {
            Err(ErrorCode::InvalidMobile.into())
        }
    }

    /// The stored form.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An identity number checked against its scheme. It never prints itself: what is kept is a
/// keyed hash (to find duplicates), a masked form (to show) and a sealed copy.
#[derive(Clone, PartialEq, Eq)]
pub struct IdNumber {
    scheme: String,
    normalized: String,
    masked: String,
}

impl IdNumber {
    /// Checks `number` as typed against the profile's scheme `scheme`: `unknown_id_scheme`, or
    /// `invalid_id_number` with the scheme's reason as a message.
    pub fn parse(profile: &Profile, scheme: &str, number: &str) -> Result<IdNumber> {
        let scheme = profile
            .id_scheme(scheme)
            .ok_or(ErrorCode::UnknownIdScheme)?;
        Self::check(scheme, number)
    }

    /// Checks `number` against a scheme.
    pub fn check(scheme: &IdScheme, number: &str) -> Result<IdNumber> {
        let check = scheme.check(number);
        if let Err(problem) = &check.result {
            let character = match problem {
                IdProblem::Character(c) => c.to_string(),
                _ => String::new(),
            };
            let reason = Message::new(problem.message_id())
                .with("scheme", scheme.name.as_str())
                .with("character", character);
            return Err(Error::new(ErrorCode::InvalidIdNumber).with_arg("reason", reason));
        }
        Ok(IdNumber {
            scheme: scheme.id.clone(),
            normalized: check.normalized,
            masked: check.masked,
        })
    }

    /// The scheme's id.
    pub fn scheme(&self) -> &str {
        &self.scheme
    }

    /// The masked form, safe to show.
    pub fn masked(&self) -> &str {
        &self.masked
    }

    /// The keyed hash the number is found by.
    pub fn hash(&self, secrets: &Secrets) -> String {
        secrets.id_hash(&self.scheme, &self.normalized)
    }

    /// The number sealed with the server's key, for certificates that must print it.
    pub fn seal(&self, secrets: &Secrets) -> Result<Vec<u8>> {
        Ok(secrets.seal(&self.normalized)?)
    }
}

impl fmt::Debug for IdNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IdNumber({}, {})", self.scheme, self.masked)
    }
}

/// A facility code: 2 to 32 of `A-Z 0-9 - _`, unique nationally.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FacilityCode(String);

impl FacilityCode {
    /// Reads a code (surrounding spaces dropped).
    pub fn parse(code: &str) -> Result<FacilityCode> {
        let code = code.trim();
        let ok = (2..=32).contains(&code.len())
            && code
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-' || c == '_');
        if ok {
            Ok(FacilityCode(code.to_string()))
        } else {
            Err(ErrorCode::InvalidFacilityCode.into())
        }
    }

    /// The code.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The key a vaccinator's app makes once per dose: 8 to 100 characters. A retry with the same
/// key is the same dose.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    /// Reads a key.
    pub fn parse(key: &str) -> Result<IdempotencyKey> {
        if (8..=100).contains(&key.len()) {
            Ok(IdempotencyKey(key.to_string()))
        } else {
            Err(ErrorCode::InvalidIdempotencyKey.into())
        }
    }

    /// The key.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A batch or lot number from the vial: 1 to 64 characters, trimmed.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Batch(String);

impl Batch {
    /// Reads a batch number.
    pub fn parse(batch: &str) -> Result<Batch> {
        let batch = batch.trim();
        if batch.is_empty() || batch.chars().count() > 64 {
            return Err(ErrorCode::InvalidBatch.into());
        }
        Ok(Batch(batch.to_string()))
    }

    /// The batch number.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A written reason for a correction, a cancellation or an override: 1 to 500 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reason(String);

impl Reason {
    /// Reads a reason.
    pub fn parse(reason: &str) -> Result<Reason> {
        let reason = reason.trim();
        if reason.is_empty() || reason.chars().count() > 500 {
            return Err(ErrorCode::ReasonRequired.into());
        }
        Ok(Reason(reason.to_string()))
    }

    /// The reason.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A person's name as on the identity document: spaces collapsed, 1 to 100 characters, no
/// control or invisible formatting characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonName(String);

impl PersonName {
    /// Reads a name: `invalid_name` for an empty or too long one, `invalid_name_character`
    /// naming a control or invisible character (as `U+202E`).
    pub fn parse(name: &str) -> Result<PersonName> {
        let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
        if let Some(c) = name.chars().find(|c| c.is_control() || invisible(*c)) {
            return Err(Error::new(ErrorCode::InvalidNameCharacter)
                .with_arg("character", format!("U+{:04X}", u32::from(c))));
        }
        let len = name.chars().count();
        if len == 0 || len > 100 {
            return Err(ErrorCode::InvalidName.into());
        }
        Ok(PersonName(name))
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The name, owned.
    pub fn into_string(self) -> String {
        self.0
    }
}

/// A person's name in Latin letters, as in a passport's machine-readable zone before
/// transliteration: what certificates read abroad carry when the name itself is written in a
/// script the ICAO 9303 tables do not cover.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LatinName(PersonName);

impl LatinName {
    /// Reads a Latin-script name: the checks of [`PersonName::parse`], then
    /// `invalid_latin_name` naming the first letter of another script.
    pub fn parse(name: &str) -> Result<LatinName> {
        let name = PersonName::parse(name)?;
        if let Some(c) = name
            .as_str()
            .chars()
            .find(|c| c.is_alphabetic() && !latin(*c))
        {
            return Err(
                Error::new(ErrorCode::InvalidLatinName).with_arg("character", c.to_string())
            );
        }
        Ok(LatinName(name))
    }

    /// Whether a name must also be given in Latin letters for a profile: it issues EU DCC and
    /// no ICAO 9303 table covers the script of the name's letters (digits and marks aside).
    pub fn needed(profile: &Profile, name: &str) -> bool {
        let letters: String = name
            .chars()
            .filter(|c| c.is_alphabetic() || c.is_whitespace())
            .collect();
        profile
            .certificates
            .formats
            .contains(&vaxkit_profile::CertificateFormat::EuDcc)
            && !vaxkit_cert::icao::covers(&letters)
    }

    /// The name, owned.
    pub fn into_string(self) -> String {
        self.0.into_string()
    }
}

/// Letters of the Latin script: basic, Latin-1, Extended-A and -B, and Extended Additional.
fn latin(c: char) -> bool {
    c.is_ascii_alphabetic() || matches!(c, '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}')
}

/// Invisible format characters (zero-width, direction overrides, byte-order mark) that could
/// make a name display as something else on slips and certificates.
fn invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}' | '\u{00AD}')
}

/// Parses a `YYYY-MM-DD` day. Only years 1900 to 9999 are taken: PostgreSQL and SQLite agree
/// on those.
pub fn parse_date(s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .ok()
        .filter(|d| (1900..=9999).contains(&d.year()))
        .ok_or_else(|| ErrorCode::InvalidDate.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_names_take_diacritics_and_refuse_other_scripts() {
        assert_eq!(
            LatinName::parse("  Łukasz  Ōtsuka-D'Arcy ")
                .unwrap()
                .into_string(),
            "Łukasz Ōtsuka-D'Arcy"
        );
        let refused = LatinName::parse("Priya शर्मा").unwrap_err();
        assert_eq!(refused.code(), ErrorCode::InvalidLatinName);
        assert_eq!(
            LatinName::parse("Ivan\u{202E}").unwrap_err().code(),
            ErrorCode::InvalidNameCharacter
        );
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../country-profiles/in");
        let india = vaxkit_profile::load(&dir, &Default::default()).unwrap();
        assert!(LatinName::needed(&india, "प्रिया शर्मा"));
        assert!(!LatinName::needed(&india, "Priya Sharma"));
        assert!(
            !LatinName::needed(&india, "Priya Sharma 2"),
            "digits are not a script"
        );
        assert!(
            !LatinName::needed(&india, "Иван Петров"),
            "Cyrillic has an ICAO table"
        );
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../country-profiles/ke");
        let kenya = vaxkit_profile::load(&dir, &Default::default()).unwrap();
        assert!(
            !LatinName::needed(&kenya, "प्रिया शर्मा"),
            "Kenya issues no EU DCC"
        );
    }

    #[test]
    fn mobiles_in_other_scripts_are_the_same_number() {
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../country-profiles/in");
        let profile = vaxkit_profile::load(&dir, &Default::default()).unwrap();
        let ascii = Mobile::parse(&profile, "+91 98765 43210").unwrap();
        for typed in [
            "+९१ ९८७६५ ४३२१०",
            "٩٨٧٦٥٤٣٢١٠",
            "＋９１ ９８７６５４３２１０",
            "๙๘๗๖๕๔๓๒๑๐",
        ] {
            assert_eq!(Mobile::parse(&profile, typed).unwrap(), ascii, "{typed}");
        }
        assert_eq!(
            Mobile::parse(&profile, "98765 4321").unwrap_err().code(),
            ErrorCode::InvalidMobile
        );
    }

    #[test]
    fn checked_values_refuse_with_their_codes() {
        assert_eq!(
            FacilityCode::parse(" HARBOUR-1 ").unwrap().as_str(),
            "HARBOUR-1"
        );
        assert_eq!(
            FacilityCode::parse("harbour").unwrap_err().code(),
            ErrorCode::InvalidFacilityCode
        );
        assert!(IdempotencyKey::parse("12345678").is_ok());
        assert_eq!(
            IdempotencyKey::parse("short").unwrap_err().code(),
            ErrorCode::InvalidIdempotencyKey
        );
        assert_eq!(Batch::parse(" AB12 ").unwrap().as_str(), "AB12");
        assert_eq!(
            Batch::parse("  ").unwrap_err().code(),
            ErrorCode::InvalidBatch
        );
        assert_eq!(
            Reason::parse(&"x".repeat(501)).unwrap_err().code(),
            ErrorCode::ReasonRequired
        );
        assert_eq!(PersonName::parse("  Asha   K ").unwrap().as_str(), "Asha K");
        let refused = PersonName::parse("Asha\u{202E}K").unwrap_err();
        assert_eq!(refused.code(), ErrorCode::InvalidNameCharacter);
        assert_eq!(
            refused.args(),
            &[("character", vaxkit_i18n::Value::Text("U+202E".into()))]
        );
        assert_eq!(
            PersonName::parse(" ").unwrap_err().code(),
            ErrorCode::InvalidName
        );
        assert!(parse_date("1899-12-31").is_err());
        assert!(parse_date("2021-06-01").is_ok());
    }
}
