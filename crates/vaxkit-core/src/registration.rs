//! A citizen's people: registering a person under the account (within the profile's limit per
//! account, each identity number once in the whole country), correcting name, birth or gender
//! once each, and removing a person who has no recorded dose. Identity numbers are kept as a
//! keyed hash, a masked form and a sealed copy, never in plain text.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::Serialize;
use vaxkit_profile::{BirthPrecision, Profile};
use vaxkit_store::DbConnection;
use vaxkit_store::repo::beneficiaries::{self, Beneficiary};
use vaxkit_store::repo::{LockTable, appointments, doses, facilities, lock_row, sessions};

use crate::Core;
use crate::actor::Actor;
use crate::audit::{self, Action};
use crate::counters;
use crate::error::{Error, ErrorCode, Result};
use crate::notices;
use crate::sessions::{Facility, Session, capacity_changed};
use crate::types::{IdNumber, LatinName, PersonName};
use crate::vaccination::{self, VaccinationStatus};

/// Fields a citizen may correct, each once.
pub const CORRECTABLE: [&str; 4] = ["name", "birth", "gender", "latin_name"];

/// A registered person as their account sees them: never the identity number itself.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = BeneficiaryOut))]
pub struct BeneficiaryView {
    /// Public reference.
    pub reference: String,
    /// Name as on the ID.
    pub name: String,
    /// The name in Latin letters for certificates read abroad, when registered.
    pub latin_name: Option<String>,
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
    pub doses: Vec<BeneficiaryDose>,
    /// Reference of the open appointment, if any.
    pub appointment: Option<String>,
}

/// A recorded dose as the person's account sees it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BeneficiaryDose {
    /// The dose record's reference (for an adverse event report).
    pub reference: String,
    /// Dose number.
    pub dose: i64,
    /// Product code.
    pub vaccine: String,
    /// Day given.
    pub given_on: NaiveDate,
}

/// Reads what an account sees of one of its people: doses that stand, open appointment.
pub fn view(c: &mut DbConnection, b: Beneficiary) -> Result<BeneficiaryView> {
    let doses = doses::active_of(c, b.id)?
        .into_iter()
        .map(|d| BeneficiaryDose {
            reference: d.reference,
            dose: d.dose,
            vaccine: d.vaccine,
            given_on: d.given_on,
        })
        .collect();
    let appointment = appointments::open_for(c, b.id)?.map(|a| a.reference);
    let corrected: Vec<&str> = b.corrected.split(',').filter(|s| !s.is_empty()).collect();
    Ok(BeneficiaryView {
        corrections_left: CORRECTABLE
            .iter()
            .filter(|f| !corrected.contains(f))
            .map(|f| f.to_string())
            .collect(),
        reference: b.reference,
        name: b.name,
        latin_name: b.latin_name,
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

/// A checked birth as the profile asks for it: the year, and the date where required.
/// Nobody is born in the future or more than 130 years ago.
pub fn check_birth(
    profile: &Profile,
    today: NaiveDate,
    year: Option<i64>,
    date: Option<&str>,
) -> Result<(i64, Option<NaiveDate>)> {
    let invalid = || Error::new(ErrorCode::InvalidBirth);
    let date = match date {
        Some(d) => Some(NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| invalid())?),
        None => None,
    };
    if profile.registration.birth == BirthPrecision::Date && date.is_none() {
        return Err(ErrorCode::BirthDateRequired.into());
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

/// A gender the profile offers; the refusal lists the profile's gender codes.
pub fn check_gender(profile: &Profile, gender: &str) -> Result<String> {
    if profile.registration.genders.iter().any(|g| g == gender) {
        Ok(gender.to_string())
    } else {
        Err(invalid_gender(profile))
    }
}

/// `invalid_gender`, listing the codes the profile offers.
pub fn invalid_gender(profile: &Profile) -> Error {
    Error::new(ErrorCode::InvalidGender)
        .with_arg("allowed", profile.registration.genders.join(", "))
}

/// A person's details as typed at registration (by the citizen or at a walk-in).
#[derive(Debug, Clone, Copy)]
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
    /// Preferred language; `lang` (the language the person is served in) when absent.
    pub language: Option<&'a str>,
    /// The name in Latin letters: required when the profile issues EU DCC and the name is in a
    /// script the ICAO 9303 tables do not cover.
    pub latin_name: Option<&'a str>,
}

/// Reads an optional Latin-script name (blank is none) and insists on one where `name` needs it.
fn check_latin_name(profile: &Profile, name: &str, latin: Option<&str>) -> Result<Option<String>> {
    let latin = latin
        .filter(|l| !l.trim().is_empty())
        .map(LatinName::parse)
        .transpose()?
        .map(LatinName::into_string);
    if latin.is_none() && LatinName::needed(profile, name) {
        return Err(ErrorCode::LatinNameRequired.into());
    }
    Ok(latin)
}

/// Checks a person's details against the profile and seals the identity number; the account
/// is set by the caller.
pub fn check_person(
    core: &Core,
    lang: &str,
    f: &PersonFields<'_>,
    now: DateTime<Utc>,
) -> Result<beneficiaries::NewBeneficiary> {
    let profile = &core.profile;
    let name = PersonName::parse(f.name)?;
    let latin_name = check_latin_name(profile, name.as_str(), f.latin_name)?;
    let (birth_year, birth_date) =
        check_birth(profile, core.today(now), f.birth_year, f.birth_date)?;
    let gender = check_gender(profile, f.gender)?;
    let number = IdNumber::parse(profile, f.id_scheme, f.id_number)?;
    let language = match f.language {
        Some(l) if profile.country.languages.iter().any(|x| x == l) => l.to_string(),
        Some(_) => return Err(ErrorCode::InvalidLanguage.into()),
        None => lang.to_string(),
    };
    let secrets = &core.store.secrets;
    Ok(beneficiaries::NewBeneficiary {
        account_id: 0,
        name: name.into_string(),
        birth_year,
        birth_date,
        gender,
        id_scheme: number.scheme().to_string(),
        id_hash: number.hash(secrets),
        id_masked: number.masked().to_string(),
        id_sealed: number.seal(secrets)?,
        language,
        latin_name,
    })
}

/// The people of the citizen's account with their doses and open appointment.
pub fn list(core: &Core, actor: &Actor) -> Result<Vec<BeneficiaryView>> {
    let account = actor.citizen()?.account_id;
    core.read(|c| {
        beneficiaries::for_account(c, account)?
            .into_iter()
            .map(|b| view(c, b))
            .collect()
    })
}

/// Registers a person under the citizen's account, within the profile's limit per account.
/// Refused: over the limit, an invalid or already registered identity number, an impossible
/// birth, an unknown gender or language.
pub fn register(
    core: &Core,
    actor: &Actor,
    lang: &str,
    fields: &PersonFields<'_>,
    now: DateTime<Utc>,
) -> Result<BeneficiaryView> {
    let account = actor.citizen()?.account_id;
    let mut new = check_person(core, lang, fields, now)?;
    new.account_id = account;
    let limit = core.profile.registration.max_beneficiaries_per_account;
    let at = now.naive_utc();
    core.write(|c| {
        // Lock the account so that concurrent registrations count one after another.
        lock_row(c, LockTable::Accounts, account)?;
        if beneficiaries::count_for_account(c, account)? >= limit {
            return Err(Error::new(ErrorCode::BeneficiaryLimitReached).with_arg("limit", limit));
        }
        if beneficiaries::id_hash_exists(c, &new.id_hash)? {
            return Err(ErrorCode::DuplicateIdNumber.into());
        }
        let b = match beneficiaries::insert(c, &new, at) {
            Err(e) if e.is_unique_violation() => return Err(ErrorCode::DuplicateIdNumber.into()),
            other => other?,
        };
        notices::registered(c, core, &b, at)?;
        let out = view(c, b)?;
        audit::record(
            c,
            at,
            actor,
            Action::BeneficiaryCreate,
            &out.reference,
            None,
            audit::json(&out),
        )?;
        Ok(out)
    })
}

/// A correction: only the fields to change.
#[derive(Debug, Clone, Default)]
pub struct Correction {
    /// Corrected name.
    pub name: Option<String>,
    /// Corrected year of birth.
    pub birth_year: Option<i64>,
    /// Corrected date of birth.
    pub birth_date: Option<String>,
    /// Corrected gender.
    pub gender: Option<String>,
    /// New preferred language (not a correction; may change any time).
    pub language: Option<String>,
    /// Corrected name in Latin letters.
    pub latin_name: Option<String>,
}

/// Corrects name, birth or gender of one of the account's people, each once (as Co-WIN
/// allowed), and changes the preferred language freely; the doses already counted move to the
/// corrected age band and gender. Recorded in the audit log with before and after.
pub fn correct(
    core: &Core,
    actor: &Actor,
    reference: &str,
    fix: Correction,
    now: DateTime<Utc>,
) -> Result<BeneficiaryView> {
    let account = actor.citizen()?.account_id;
    let profile = &core.profile;
    let name = fix.name.as_deref().map(PersonName::parse).transpose()?;
    let birth = if fix.birth_year.is_some() || fix.birth_date.is_some() {
        Some(check_birth(
            profile,
            core.today(now),
            fix.birth_year,
            fix.birth_date.as_deref(),
        )?)
    } else {
        None
    };
    let gender = fix
        .gender
        .as_deref()
        .map(|g| check_gender(profile, g))
        .transpose()?;
    if let Some(l) = &fix.language
        && !profile.country.languages.contains(l)
    {
        return Err(ErrorCode::InvalidLanguage.into());
    }
    let latin_name = fix
        .latin_name
        .as_deref()
        .map(LatinName::parse)
        .transpose()?
        .map(LatinName::into_string);
    if name.is_none()
        && birth.is_none()
        && gender.is_none()
        && fix.language.is_none()
        && latin_name.is_none()
    {
        return Err(ErrorCode::NothingToChange.into());
    }
    let at = now.naive_utc();
    core.write(|c| {
        let found = beneficiaries::of_account(c, account, reference)?
            .ok_or(ErrorCode::BeneficiaryNotFound)?;
        // Lock, then read again: two corrections at once must not both pass "once only".
        lock_row(c, LockTable::Beneficiaries, found.id)?;
        let mut b = beneficiaries::of_account(c, account, reference)?
            .ok_or(ErrorCode::BeneficiaryNotFound)?;
        let before = view(c, b.clone())?;
        let mut corrected: Vec<String> = b
            .corrected
            .split(',')
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect();
        let mut mark = |field: &str| -> Result<()> {
            if corrected.iter().any(|f| f == field) {
                return Err(Error::new(ErrorCode::AlreadyCorrected).with_arg("field", field));
            }
            corrected.push(field.to_string());
            Ok(())
        };
        if let Some(n) = name.clone() {
            mark("name")?;
            b.name = n.into_string();
        }
        if let Some((year, date)) = birth {
            mark("birth")?;
            b.birth_year = year;
            b.birth_date = date;
        }
        if let Some(g) = gender.clone() {
            mark("gender")?;
            b.gender = g;
        }
        if let Some(l) = latin_name.clone() {
            mark("latin_name")?;
            b.latin_name = Some(l);
        }
        // A name corrected into a script certificates abroad cannot carry needs its Latin form.
        if b.latin_name.is_none() && LatinName::needed(profile, &b.name) {
            return Err(ErrorCode::LatinNameRequired.into());
        }
        if let Some(l) = fix.language.clone() {
            b.language = l;
        }
        b.corrected = corrected.join(",");
        beneficiaries::update(c, &b)?;
        // Doses already counted move to the corrected age band and gender.
        counters::recount_person(c, &b)?;
        let after = view(c, b)?;
        audit::record(
            c,
            at,
            actor,
            Action::BeneficiaryCorrect,
            &after.reference,
            audit::json(&before),
            audit::json(&after),
        )?;
        Ok(after)
    })
}

/// Removes one of the account's people who has no recorded dose, cancelling an open
/// appointment (its place is given back).
pub fn remove(core: &Core, actor: &Actor, reference: &str, now: DateTime<Utc>) -> Result<()> {
    let account = actor.citizen()?.account_id;
    let at = now.naive_utc();
    core.write(|c| {
        let b = beneficiaries::of_account(c, account, reference)?
            .ok_or(ErrorCode::BeneficiaryNotFound)?;
        // A dose recorded meanwhile must be seen: lock (the person, and their doses' version
        // row, which a dose's write waits for or is waited for by), then check.
        lock_row(c, LockTable::Beneficiaries, b.id)?;
        doses::changed(c, &[b.id])?;
        if beneficiaries::has_any_dose(c, b.id)? {
            return Err(ErrorCode::BeneficiaryHasDoses.into());
        }
        let before = view(c, b.clone())?;
        // The place goes back only if this request is the one that cancelled.
        if let Some(open) = appointments::open_for(c, b.id)?
            && appointments::cancel(c, open.id, at)?
        {
            sessions::release_place(c, open.session_id)?;
        }
        appointments::delete_for(c, b.id)?;
        beneficiaries::delete(c, b.id)?;
        audit::record(
            c,
            at,
            actor,
            Action::BeneficiaryRemove,
            reference,
            audit::json(&before),
            None,
        )?;
        Ok(())
    })?;
    capacity_changed(core);
    Ok(())
}

/// One of the account's people with where they stand: their status and their open
/// appointment with its session and facility (for overviews such as the Co-WIN facade's).
#[derive(Debug, Clone)]
pub struct Overview {
    /// The person as their account sees them.
    pub person: BeneficiaryView,
    /// Where they stand with the product of their latest dose.
    pub status: VaccinationStatus,
    /// The open appointment, if any.
    pub open: Option<OpenAppointment>,
}

/// An open appointment with where and when.
#[derive(Debug, Clone)]
pub struct OpenAppointment {
    /// Appointment reference.
    pub reference: String,
    /// Dose number booked.
    pub dose: i64,
    /// Slot.
    pub slot: String,
    /// The session.
    pub session: Session,
    /// Its facility.
    pub facility: Facility,
    /// The facility's region code.
    pub region: String,
}

/// The people of the citizen's account with their status and open appointment.
pub fn overview(core: &Core, actor: &Actor) -> Result<Vec<Overview>> {
    let account = actor.citizen()?.account_id;
    core.read(|c| {
        let mut out = Vec::new();
        for b in beneficiaries::for_account(c, account)? {
            let status = vaccination::status(&core.profile, &doses::active_of(c, b.id)?);
            let mut open = None;
            if let Some(a) = appointments::open_for(c, b.id)?
                && let Some(session) = sessions::get(c, a.session_id)?
                && let Some((facility, region)) = facilities::by_ids(c, &[session.facility_id])?
                    .into_iter()
                    .next()
            {
                open = Some(OpenAppointment {
                    reference: a.reference,
                    dose: a.dose,
                    slot: a.slot,
                    session,
                    facility,
                    region,
                });
            }
            out.push(Overview {
                person: view(c, b)?,
                status,
                open,
            });
        }
        Ok(out)
    })
}
