//! People registered under a citizen's account.

pub mod correct;
pub mod create;
pub mod list;
pub mod remove;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use utoipa::ToSchema;
use vaxkit_profile::{BirthPrecision, IdProblem, Profile};
use vaxkit_store::DbConnection;
use vaxkit_store::repo::{appointments, beneficiaries};

use crate::error::{ApiError, ErrorCode};
use crate::state::AppState;

/// Fields a citizen may correct, each once.
pub const CORRECTABLE: [&str; 3] = ["name", "birth", "gender"];

/// A beneficiary as the API shows it: never the identity number itself.
#[derive(Debug, Serialize, ToSchema)]
pub struct BeneficiaryOut {
    /// Public reference.
    pub reference: String,
    /// Name as on the ID.
    pub name: String,
    /// Year of birth.
    pub birth_year: i64,
    /// Date of birth, where the profile asks for it.
    pub birth_date: Option<NaiveDate>,
    /// Gender code.
    pub gender: String,
    /// ID scheme id.
    pub id_scheme: String,
    /// The identity number, masked.
    pub id_masked: String,
    /// Preferred language.
    pub language: String,
    /// Fields that may still be corrected once.
    pub corrections_left: Vec<String>,
    /// Doses recorded.
    pub doses: Vec<DoseOut>,
    /// Reference of the open appointment, if any.
    pub appointment: Option<String>,
}

/// A recorded dose.
#[derive(Debug, Serialize, ToSchema)]
pub struct DoseOut {
    /// Dose number.
    pub dose: i64,
    /// Product code.
    pub vaccine: String,
    /// Day given.
    pub given_on: NaiveDate,
}

/// Reads what the API shows of a beneficiary.
pub fn load_out(
    c: &mut DbConnection,
    b: beneficiaries::Beneficiary,
) -> Result<BeneficiaryOut, ApiError> {
    let doses = beneficiaries::doses_of(c, b.id)?
        .into_iter()
        .map(|d| DoseOut {
            dose: d.dose,
            vaccine: d.vaccine,
            given_on: d.given_on,
        })
        .collect();
    let appointment = appointments::open_for(c, b.id)?.map(|a| a.reference);
    let corrected: Vec<&str> = b.corrected.split(',').filter(|s| !s.is_empty()).collect();
    Ok(BeneficiaryOut {
        corrections_left: CORRECTABLE
            .iter()
            .filter(|f| !corrected.contains(f))
            .map(|f| f.to_string())
            .collect(),
        reference: b.reference,
        name: b.name,
        birth_year: b.birth_year,
        birth_date: b.birth_date,
        gender: b.gender,
        id_scheme: b.id_scheme,
        id_masked: b.id_masked,
        language: b.language,
        doses,
        appointment,
    })
}

/// A checked name: trimmed, 1 to 100 characters, no control characters.
pub fn check_name(name: &str) -> Result<String, ApiError> {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    let len = name.chars().count();
    if len == 0 || len > 100 || name.chars().any(|c| c.is_control() || invisible(c)) {
        return Err(ApiError::new(ErrorCode::InvalidName));
    }
    Ok(name)
}

/// Invisible format characters (zero-width, direction overrides, byte-order mark) that
/// could make a name display as something else on slips and certificates.
fn invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}' | '\u{00AD}')
}

/// A checked birth as the profile asks for it: the year, and the date where required.
/// Nobody is born in the future or more than 130 years ago.
pub fn check_birth(
    profile: &Profile,
    today: NaiveDate,
    year: Option<i64>,
    date: Option<&str>,
) -> Result<(i64, Option<NaiveDate>), ApiError> {
    let invalid = || ApiError::new(ErrorCode::InvalidBirth);
    let date = match date {
        Some(d) => Some(NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| invalid())?),
        None => None,
    };
    if profile.registration.birth == BirthPrecision::Date && date.is_none() {
        return Err(ApiError::new(ErrorCode::BirthDateRequired));
    }
    let year = match (year, date) {
        (Some(y), Some(d)) if y != i64::from(d.year()) => return Err(invalid()),
        (_, Some(d)) => i64::from(d.year()),
        (Some(y), None) => y,
        (None, None) => return Err(invalid()),
    };
    let this_year = i64::from(today.year());
    if year > this_year || year < this_year - 130 || date.is_some_and(|d| d > today) {
        return Err(invalid());
    }
    Ok((year, date))
}

/// A person's details as typed at registration (by the citizen or at a walk-in).
pub struct PersonFields<'a> {
    /// Name as on the identity document.
    pub name: &'a str,
    /// Year of birth.
    pub birth_year: Option<i64>,
    /// Date of birth.
    pub birth_date: Option<&'a str>,
    /// Gender code.
    pub gender: &'a str,
    /// ID scheme id.
    pub id_scheme: &'a str,
    /// The identity number as typed.
    pub id_number: &'a str,
    /// Preferred language, or the request's.
    pub language: Option<&'a str>,
}

/// Checks a person's details against the profile and seals the identity number; the
/// caller sets the account. An invalid number is refused with the reason in `lang`.
pub fn check_person(
    state: &AppState,
    lang: &str,
    f: &PersonFields<'_>,
) -> Result<beneficiaries::NewBeneficiary, ApiError> {
    let profile = &state.profile;
    let name = check_name(f.name)?;
    let (birth_year, birth_date) = check_birth(
        profile,
        profile.local_date(state.clock.now()),
        f.birth_year,
        f.birth_date,
    )?;
    let gender = check_gender(profile, f.gender)?;
    let scheme = profile
        .id_scheme(f.id_scheme)
        .ok_or(ErrorCode::UnknownIdScheme)?;
    let check = checked_id_number(state, lang, scheme, f.id_number)?;
    let language = match f.language {
        Some(l) if profile.country.languages.iter().any(|x| x == l) => l.to_string(),
        Some(_) => return Err(ErrorCode::InvalidLanguage.into()),
        None => lang.to_string(),
    };
    Ok(beneficiaries::NewBeneficiary {
        account_id: 0,
        name,
        birth_year,
        birth_date,
        gender,
        id_scheme: scheme.id.clone(),
        id_hash: state.store.secrets.id_hash(&scheme.id, &check.normalized),
        id_masked: check.masked.clone(),
        id_sealed: state.store.secrets.seal(&check.normalized)?,
        language,
    })
}

/// An identity number checked against its scheme, or `invalid_id_number` with the
/// scheme's reason in the request's language.
pub fn checked_id_number(
    state: &AppState,
    lang: &str,
    scheme: &vaxkit_profile::id::IdScheme,
    number: &str,
) -> Result<vaxkit_profile::id::IdCheck, ApiError> {
    let check = scheme.check(number);
    if let Err(problem) = &check.result {
        let character = match problem {
            IdProblem::Character(c) => c.to_string(),
            _ => String::new(),
        };
        let reason = state.locales.message(
            lang,
            problem.message_id(),
            &[
                ("scheme", scheme.name.as_str().into()),
                ("character", character.into()),
            ],
        );
        return Err(ApiError::new(ErrorCode::InvalidIdNumber).with_arg("reason", reason));
    }
    Ok(check)
}

/// A gender the profile offers.
pub fn check_gender(profile: &Profile, gender: &str) -> Result<String, ApiError> {
    if profile.registration.genders.iter().any(|g| g == gender) {
        Ok(gender.to_string())
    } else {
        Err(ApiError::new(ErrorCode::InvalidGender))
    }
}
