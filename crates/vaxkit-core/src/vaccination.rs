//! The vaccinator's day at a facility: the queue, finding a person by the slip's security code,
//! recording a dose, and walk-ins (register, or find by identity number, and record in one
//! step).
//!
//! Recording is idempotent: the app makes a key for each dose, and a retry with the same key
//! returns the first record (as it was recorded, wherever it was) and counts nothing twice. A
//! dose is read and checked before its transaction, which then only writes: a retry that races
//! its first request waits on the key's unique index, is refused by it, and replays the first
//! record once it is committed; the same key with a different request is refused
//! (`idempotency_key_reused`). The schedule engine checks the dose; a vaccinator may override a
//! refusal only by writing why. The record, the appointment it fulfils, the counters and the
//! audit entry are one transaction.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use vaxkit_store::DbConnection;
use vaxkit_store::repo::appointments::{self, Appointment};
use vaxkit_store::repo::beneficiaries::{self, Beneficiary};
use vaxkit_store::repo::doses::{self, CounterKey, DoseRecord, NewDose};
use vaxkit_store::repo::facilities::{self, Facility};
use vaxkit_store::repo::{LockTable, accounts, lock_row, outbox};

use crate::Core;
use crate::actor::Actor;
use crate::audit::{self, Action};
use crate::counters::{self, age_band};
use crate::error::{Error, ErrorCode, Result};
use crate::notices;
use crate::registration::{PersonFields, check_person};
use crate::schedule;
use crate::staff::{Role, StaffMember};
use crate::types::{Batch, IdempotencyKey, Mobile, Reason};

/// A person waiting with an appointment.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QueueEntry {
    /// Appointment reference.
    pub appointment_id: String,
    /// Slot.
    pub slot: String,
    /// Dose number booked.
    pub dose: i64,
    /// Product of the session.
    pub vaccine: String,
    /// Beneficiary reference.
    pub beneficiary: String,
    /// Name.
    pub name: String,
    /// Year of birth.
    pub birth_year: i64,
    /// Gender code.
    pub gender: String,
    /// ID scheme and masked number, to compare with the document shown.
    pub id_scheme: String,
    /// The identity number, masked.
    pub id_masked: String,
}

impl QueueEntry {
    fn new(a: &Appointment, b: &Beneficiary, vaccine: &str) -> Self {
        Self {
            appointment_id: a.reference.clone(),
            slot: a.slot.clone(),
            dose: a.dose,
            vaccine: vaccine.to_string(),
            beneficiary: b.reference.clone(),
            name: b.name.clone(),
            birth_year: b.birth_year,
            gender: b.gender.clone(),
            id_scheme: b.id_scheme.clone(),
            id_masked: b.id_masked.clone(),
        }
    }
}

/// A recorded dose as the vaccinator sees it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = DoseOut))]
pub struct DoseView {
    /// Dose reference.
    pub reference: String,
    /// Beneficiary reference.
    pub beneficiary: String,
    /// Dose number.
    pub dose: i64,
    /// Product code.
    pub vaccine: String,
    /// Batch.
    pub batch: Option<String>,
    /// Day given.
    pub given_on: NaiveDate,
    /// Facility code.
    pub facility: String,
    /// The appointment fulfilled, if any.
    pub appointment_id: Option<String>,
    /// Why the schedule was overridden, if it was.
    pub override_reason: Option<String>,
}

/// A dose recorded, or found again for a retried key.
#[derive(Debug, Clone)]
pub struct Recorded {
    /// The record.
    pub dose: DoseView,
    /// Whether this answers a retry of an earlier request (nothing new was recorded).
    pub replayed: bool,
}

/// What the vaccinator says of a dose, checked.
#[derive(Debug, Clone)]
pub struct DoseInput {
    /// The app's key for this dose.
    pub idempotency_key: IdempotencyKey,
    /// Product code given.
    pub vaccine: String,
    /// Batch from the vial.
    pub batch: Batch,
    /// Dose number stated by the vaccinator; the schedule engine's otherwise.
    pub dose: Option<u32>,
    /// Why the schedule engine's refusal is overridden.
    pub override_reason: Option<Reason>,
}

impl DoseInput {
    /// Checks the key, the batch and the override reason (an empty reason is no override).
    pub fn new(
        idempotency_key: &str,
        vaccine: &str,
        batch: &str,
        dose: Option<u32>,
        override_reason: Option<&str>,
    ) -> Result<Self> {
        let idempotency_key = IdempotencyKey::parse(idempotency_key)?;
        let batch = Batch::parse(batch)?;
        let override_reason = override_reason
            .filter(|r| !r.trim().is_empty())
            .map(Reason::parse)
            .transpose()?;
        Ok(Self {
            idempotency_key,
            vaccine: vaccine.to_string(),
            batch,
            dose,
            override_reason,
        })
    }
}

/// Where the facilities vaccinators work at are kept in the core's cache: a facility is read
/// once per [`crate::staff::TOKEN_CACHE_SECONDS`] rather than for every dose, and a change on
/// this server ([`forget_facilities`]) is seen at once; another server sees it within the same
/// bound as a staff logout.
const FACILITY_CACHE_PREFIX: &str = "facility:";

/// Drops the kept facilities, after a facility was created, changed or imported.
pub(crate) fn forget_facilities(core: &Core) {
    core.cache.invalidate_prefix(FACILITY_CACHE_PREFIX);
}

/// The facility a vaccinator (or a facility admin) works at; it must be open.
fn own_facility(
    core: &Core,
    c: &mut DbConnection,
    actor: &Actor,
) -> Result<(StaffMember, Facility, String)> {
    let me = actor.staff(&[Role::Vaccinator, Role::FacilityAdmin])?;
    let code = me.facility.as_deref().ok_or(ErrorCode::Forbidden)?;
    let (f, region) = core.cache.get_or_insert(
        &format!("{FACILITY_CACHE_PREFIX}{code}"),
        std::time::Duration::from_secs(crate::staff::TOKEN_CACHE_SECONDS.unsigned_abs()),
        || facilities::by_code(c, code)?.ok_or(Error::from(ErrorCode::FacilityNotFound)),
    )?;
    if !f.active {
        return Err(ErrorCode::FacilityNotFound.into());
    }
    Ok((me.clone(), f, region))
}

/// The open appointments of `day` at the actor's facility, by slot.
pub fn queue(core: &Core, actor: &Actor, day: NaiveDate) -> Result<Vec<QueueEntry>> {
    core.read(|c| {
        let (_, f, _) = own_facility(core, c, actor)?;
        Ok(appointments::open_at_facility(c, f.id, day)?
            .iter()
            .map(|(a, b, vaccine)| QueueEntry::new(a, b, vaccine))
            .collect())
    })
}

/// Today's appointments at the actor's facility with this four-digit security code (more than
/// one when codes collide on a busy day), or `appointment_not_found`.
pub fn lookup(
    core: &Core,
    actor: &Actor,
    code: &str,
    now: DateTime<Utc>,
) -> Result<Vec<QueueEntry>> {
    if code.len() != 4 || !code.chars().all(|c| c.is_ascii_digit()) {
        return Err(ErrorCode::InvalidQuery.into());
    }
    let day = core.today(now);
    let found: Vec<QueueEntry> = core.read(|c| {
        let (_, f, _) = own_facility(core, c, actor)?;
        Ok(
            appointments::open_at_facility_with_code(c, &core.store.secrets, f.id, day, code)?
                .iter()
                .map(|(a, b, v)| QueueEntry::new(a, b, v))
                .collect(),
        )
    })?;
    if found.is_empty() {
        return Err(ErrorCode::AppointmentNotFound.into());
    }
    Ok(found)
}

/// Records a dose given today at the actor's facility to the person with this reference.
///
/// Doses recorded at the same moment share one transaction and one commit, run by a writer
/// thread (group commit: [`vaxkit_store::Store::write_queued`]); each is still its own unit,
/// so a refused dose leaves the others recorded, and each is answered only once it is
/// committed.
pub fn record(
    core: &Core,
    actor: &Actor,
    beneficiary: &str,
    input: &DoseInput,
    now: DateTime<Utc>,
) -> Result<Recorded> {
    // What the dose needs is read and checked first, outside any transaction: a refusal or a
    // replay never waits for a lane, and a lane holds a dose only for its writes. The write
    // goes ahead only if the person's doses are still as checked (their version row, which it
    // counts up); if another dose for them, a revocation or a merge came meanwhile, the dose
    // is checked again.
    for _ in 0..RECHECKS {
        // Announced before its check, so that a writer thread about to commit the doses
        // before it waits a moment for this one.
        let coming = core.store.announce_write();
        let (me, facility, region, checked) = core.read(|c| {
            let (me, facility, region) = own_facility(core, c, actor)?;
            let checked = check_dose(c, core, beneficiary, input, facility.id, now)?;
            Ok((me, facility, region, checked))
        })?;
        let checked = match checked {
            Checked::Replay(recorded) => return Ok(recorded),
            Checked::New(checked) => checked,
        };
        // The write owns what it needs, so it runs on the store's writer thread.
        let today = core.today(now);
        let (owned_actor, owned_input) = (actor.clone(), input.clone());
        let written = core
            .store
            .write_queued_one_statement(Some(coming), move |c| {
                write_dose(
                    c,
                    today,
                    &owned_actor,
                    &me,
                    (&facility, &region),
                    &checked,
                    &owned_input,
                    now,
                )
            });
        let recorded = match written? {
            Write::Recorded(recorded) => recorded,
            Write::Changed => continue,
            // The key was used meanwhile: a retry that raced its first request, which is
            // replayed now that it is committed (the key's unique index made this one wait
            // for it).
            Write::KeyUsed => core.read(|c| {
                match doses::by_idempotency_key(c, input.idempotency_key.as_str())? {
                    Some(done) => replay(c, done, beneficiary, input),
                    None => Err(ErrorCode::DuplicateRequest.into()),
                }
            })?,
        };
        core.count_recorded(&recorded);
        return Ok(recorded);
    }
    Err(kept_changing("a dose was recorded"))
}

/// Times a dose or a booking is checked again when the person's doses or appointments changed
/// between its check and its write (another dose for them committed meanwhile) before the
/// request is answered as busy.
pub(crate) const RECHECKS: usize = 3;

/// The answer when a person's doses or appointments changed under every check of a dose or a
/// booking (`doing` says which): busy, try again.
pub(crate) fn kept_changing(doing: &str) -> Error {
    Error::unavailable(format!(
        "a person's doses or appointments kept changing while {doing}"
    ))
}

/// Most doses one sync request may carry.
pub const MAX_SYNC_BATCH: usize = 500;

/// Most days a dose may wait on a device before it is sent.
pub const MAX_OFFLINE_DAYS: i64 = 7;

/// Minutes a device's clock may run ahead of the server's.
const CLOCK_SKEW_MINUTES: i64 = 5;

/// A dose recorded on a vaccinator's device while it had no connection, as the device kept it.
#[derive(Debug, Clone, Default)]
pub struct OfflineDose {
    /// The key the device made for this dose (8 to 100 characters).
    pub idempotency_key: String,
    /// Beneficiary reference.
    pub beneficiary: String,
    /// Product code given.
    pub vaccine: String,
    /// Batch from the vial.
    pub batch: String,
    /// Dose number, if the vaccinator stated it.
    pub dose: Option<u32>,
    /// Why the schedule engine's refusal is overridden.
    pub override_reason: Option<String>,
    /// When the dose was given by the device's clock; the time it arrives if unknown.
    pub given_at: Option<DateTime<Utc>>,
}

/// What became of one offline dose: recorded now, recorded before (a replay), or refused.
#[derive(Debug, Clone)]
pub struct SyncOutcome {
    /// The dose's key, as sent.
    pub idempotency_key: String,
    /// The record (with `replayed` set when it was already there), or the refusal.
    pub result: Result<Recorded>,
}

/// Records the doses a vaccinator's device kept offline, each on its own: one refused dose
/// (a wrong batch, a dose the schedule refuses, a person not found) does not stop the others,
/// and a dose sent again (its key known) is answered with the first record and counted once.
/// The whole batch is refused only when the actor may not record doses or it is too large.
pub fn sync(
    core: &Core,
    actor: &Actor,
    batch: &[OfflineDose],
    now: DateTime<Utc>,
) -> Result<Vec<SyncOutcome>> {
    core.read(|c| own_facility(core, c, actor).map(|_| ()))?;
    if batch.len() > MAX_SYNC_BATCH {
        return Err(Error::new(ErrorCode::InvalidField)
            .with_arg("field", "doses")
            .with_arg(
                "expected",
                vaxkit_i18n::Message::new("sync-expected-at-most")
                    .with("count", i64::try_from(MAX_SYNC_BATCH).unwrap_or(i64::MAX)),
            ));
    }
    Ok(batch
        .iter()
        .map(|offline| SyncOutcome {
            idempotency_key: offline.idempotency_key.clone(),
            result: sync_one(core, actor, offline, now),
        })
        .collect())
}

/// One offline dose: its fields checked, its time within the offline window, then recorded.
fn sync_one(
    core: &Core,
    actor: &Actor,
    offline: &OfflineDose,
    now: DateTime<Utc>,
) -> Result<Recorded> {
    let input = DoseInput::new(
        &offline.idempotency_key,
        &offline.vaccine,
        &offline.batch,
        offline.dose,
        offline.override_reason.as_deref(),
    )?;
    let given_at = offline.given_at.unwrap_or(now);
    let too_late = given_at > now + chrono::Duration::minutes(CLOCK_SKEW_MINUTES);
    let too_old = given_at < now - chrono::Duration::days(MAX_OFFLINE_DAYS);
    if too_late || too_old {
        return Err(Error::new(ErrorCode::InvalidField)
            .with_arg("field", "given_at")
            .with_arg(
                "expected",
                vaxkit_i18n::Message::new("sync-expected-recent").with("days", MAX_OFFLINE_DAYS),
            ));
    }
    record(core, actor, &offline.beneficiary, &input, given_at.min(now))
}

/// Someone who comes without an appointment.
#[derive(Debug, Clone, Copy)]
pub struct WalkIn<'a> {
    /// Mobile number of the person's account (created if new).
    pub mobile: &'a str,
    /// The person, as for a registration.
    pub person: PersonFields<'a>,
}

/// Registers a walk-in (or finds them by their identity number: a person already registered is
/// vaccinated under their existing record) and records the dose, all or nothing.
pub fn walk_in(
    core: &Core,
    actor: &Actor,
    lang: &str,
    walk_in: &WalkIn<'_>,
    input: &DoseInput,
    now: DateTime<Utc>,
) -> Result<Recorded> {
    let mobile = Mobile::parse(&core.profile, walk_in.mobile)?;
    let new = check_person(core, lang, &walk_in.person, now)?;
    let limit = core.profile.registration.max_beneficiaries_per_account;
    let at = now.naive_utc();
    let written = core.write(|c| {
        let (me, facility, region) = own_facility(core, c, actor)?;
        // Claimed before the person is looked up: a concurrent retry must not register them
        // a second time.
        doses::claim_key(c, input.idempotency_key.as_str())?;
        let person = match beneficiaries::by_id_hash(c, &new.id_hash)? {
            Some(known) => known,
            None => {
                let account =
                    accounts::find_or_create(c, &core.store.secrets, mobile.as_str(), at)?;
                lock_row(c, LockTable::Accounts, account.id)?;
                if beneficiaries::count_for_account(c, account.id)? >= limit {
                    return Err(
                        Error::new(ErrorCode::BeneficiaryLimitReached).with_arg("limit", limit)
                    );
                }
                let person = beneficiaries::insert(
                    c,
                    &beneficiaries::NewBeneficiary {
                        account_id: account.id,
                        ..new.clone()
                    },
                    at,
                )?;
                audit::record(
                    c,
                    at,
                    actor,
                    Action::BeneficiaryCreateWalkIn,
                    &person.reference,
                    None,
                    Some(
                        serde_json::json!({ "name": person.name, "id_masked": person.id_masked })
                            .to_string(),
                    ),
                )?;
                person
            }
        };
        record_in_tx(
            c,
            core,
            actor,
            &me,
            (&facility, &region),
            &person.reference,
            input,
            now,
        )
    });
    let recorded = match written {
        Ok(recorded) => recorded,
        // The key was used meanwhile by a dose recorded for a registered person (which takes
        // no claim): the first request's answer if it was this person's, else a reused key.
        Err(e) if e.code() == ErrorCode::DuplicateRequest => core.read(|c| {
            let done = doses::by_idempotency_key(c, input.idempotency_key.as_str())?;
            let person = beneficiaries::by_id_hash(c, &new.id_hash)?;
            match (done, person) {
                (Some(done), Some(person)) => replay(c, done, &person.reference, input),
                (Some(_), None) => Err(ErrorCode::IdempotencyKeyReused.into()),
                (None, _) => Err(e.clone()),
            }
        })?,
        Err(e) => return Err(e),
    };
    core.count_recorded(&recorded);
    Ok(recorded)
}

/// Records a dose inside the caller's transaction: replay of a known key, the schedule engine's
/// check or a written override, the appointment fulfilled, the counters and the audit entry.
#[allow(clippy::too_many_arguments)]
fn record_in_tx(
    c: &mut DbConnection,
    core: &Core,
    actor: &Actor,
    me: &StaffMember,
    (facility, region): (&Facility, &str),
    beneficiary: &str,
    input: &DoseInput,
    now: DateTime<Utc>,
) -> Result<Recorded> {
    // The key first: a concurrent retry waits here, then finds the record and replays it.
    doses::claim_key(c, input.idempotency_key.as_str())?;
    // A dose for the person committed between the check and the write is found by a second
    // check.
    for _ in 0..2 {
        let checked = match check_dose(c, core, beneficiary, input, facility.id, now)? {
            Checked::Replay(recorded) => return Ok(recorded),
            Checked::New(checked) => checked,
        };
        let today = core.today(now);
        let written = write_dose(
            c,
            today,
            actor,
            me,
            (facility, region),
            &checked,
            input,
            now,
        )?;
        match written {
            Write::Recorded(recorded) => return Ok(recorded),
            Write::Changed => {}
            Write::KeyUsed => return Err(ErrorCode::DuplicateRequest.into()),
        }
    }
    Err(kept_changing("a dose was recorded"))
}

/// A dose request after its checks: the first request's record (a retry), or a new dose.
enum Checked {
    /// The key was used before: its record, as it was recorded.
    Replay(Recorded),
    /// A dose to write.
    New(Box<NewDoseChecked>),
}

/// A new dose the schedule engine (or a written override) allows: the person, their dose
/// number, their open appointment here today, their account.
struct NewDoseChecked {
    person: Beneficiary,
    dose: u32,
    open_here: Option<i64>,
    /// How many times the person's doses had changed when the check read them.
    version: i64,
    /// The text to the person's account, sealed (none without an account).
    message: Option<outbox::Sealed>,
}

/// Reads what a dose needs and checks it: a retry of a known key is replayed; a person not
/// found, a product not in the catalogue or a dose the schedule refuses (without an override)
/// is refused. Reads only, in or out of a transaction; the message to the person is made and
/// sealed here too, so that the write only writes it.
fn check_dose(
    c: &mut DbConnection,
    core: &Core,
    beneficiary: &str,
    input: &DoseInput,
    facility_id: i64,
    now: DateTime<Utc>,
) -> Result<Checked> {
    let today = core.today(now);
    let key = input.idempotency_key.as_str();
    // The person, their doses, their open appointment here today, their account and any dose
    // already recorded under the key: one query.
    let Some(found) = doses::person_for_dose(c, beneficiary, key, facility_id, today)? else {
        // Nobody by that reference: a retry whose key was used for someone else is told so.
        return match doses::by_idempotency_key(c, key)? {
            Some(done) => replay(c, done, beneficiary, input).map(Checked::Replay),
            None => Err(ErrorCode::BeneficiaryNotFound.into()),
        };
    };
    if found.keyed.is_some()
        && let Some(done) = doses::by_idempotency_key(c, key)?
    {
        return replay(c, done, beneficiary, input).map(Checked::Replay);
    }
    let doses::PersonForDose {
        person,
        standing,
        open_here,
        account,
        version,
        ..
    } = found;
    if core.profile.vaccine(&input.vaccine).is_none() {
        return Err(ErrorCode::UnknownVaccine.into());
    }
    let past = schedule::past(&standing);
    let answer = schedule::evaluate(
        &core.profile,
        &input.vaccine,
        &person,
        &past,
        today,
        schedule::Purpose::Record,
    )?;
    let next = u32::try_from(past.len())
        .unwrap_or(u32::MAX)
        .saturating_add(1);
    let dose = input.dose.unwrap_or(answer.next_dose.unwrap_or(next));
    if input.override_reason.is_none() {
        if !answer.eligible {
            return Err(schedule::refusal(
                &person,
                &answer,
                schedule::Purpose::Record,
            ));
        }
        if dose != next {
            return Err(Error::new(ErrorCode::WrongDose).with_arg("dose", next));
        }
    }
    let message = notices::dose_recorded(
        core,
        (&person, account.as_ref()),
        i64::from(dose),
        &input.vaccine,
        now.naive_utc(),
    )?;
    Ok(Checked::New(Box::new(NewDoseChecked {
        person,
        dose,
        open_here,
        version,
        message,
    })))
}

/// What became of a checked dose's write.
enum Write {
    /// Recorded.
    Recorded(Recorded),
    /// The person's doses changed since the check (another dose or a revocation committed
    /// meanwhile, or the person merged): nothing was written; the dose is to be checked again.
    Changed,
    /// Its idempotency key was used meanwhile: nothing was written.
    KeyUsed,
}

/// Writes a checked dose in the caller's transaction if the person's doses did not change
/// since the check: the record, the appointment it fulfils, the counters, the audit entry and
/// the message to the person. The record is one statement (see [`doses::write_checked`]);
/// the rest is kept for the commit of a grouped transaction.
#[allow(clippy::too_many_arguments)]
fn write_dose(
    c: &mut DbConnection,
    today: NaiveDate,
    actor: &Actor,
    me: &StaffMember,
    (facility, region): (&Facility, &str),
    checked: &NewDoseChecked,
    input: &DoseInput,
    now: DateTime<Utc>,
) -> Result<Write> {
    let NewDoseChecked {
        person,
        dose,
        open_here,
        version,
        message,
    } = checked;
    let counted = CounterKey {
        day: today,
        region_code: region.to_string(),
        facility_id: facility.id,
        vaccine: input.vaccine.clone(),
        dose: i64::from(*dose),
        age_band: age_band(schedule::birth(person).age_on(today)).to_string(),
        gender: person.gender.clone(),
        shard: 0,
    };
    let new = NewDose {
        beneficiary_id: person.id,
        dose: i64::from(*dose),
        vaccine: input.vaccine.clone(),
        given_on: today,
        batch: input.batch.as_str().to_string(),
        facility_id: facility.id,
        staff_id: me.id,
        appointment_id: None,
        idempotency_key: input.idempotency_key.as_str().to_string(),
        override_reason: input
            .override_reason
            .as_ref()
            .map(|r| r.as_str().to_string()),
    };
    let written = doses::write_checked(
        c,
        &doses::CheckedDose {
            dose: &new,
            counted: &counted,
            version: *version,
            open_here: *open_here,
            now: now.naive_utc(),
        },
    )?;
    let (record, appointment) = match written {
        doses::Written::Dose(record, appointment) => (record, appointment),
        doses::Written::Changed => return Ok(Write::Changed),
        doses::Written::KeyUsed => return Ok(Write::KeyUsed),
    };
    counters::add(c, counted, 1)?;
    let out = view(&record, &person.reference, &facility.code, appointment);
    audit::record(
        c,
        now.naive_utc(),
        actor,
        if input.override_reason.is_some() {
            Action::DoseRecordOverride
        } else {
            Action::DoseRecord
        },
        &person.reference,
        None,
        audit::json(&out),
    )?;
    if let Some(message) = message {
        outbox::enqueue_sealed(c, message.clone())?;
    }
    Ok(Write::Recorded(Recorded {
        dose: out,
        replayed: false,
    }))
}

/// The first result of a retried request, as it was recorded (its own facility, whoever asks
/// again); the same key with another person, product, batch, dose number or override is
/// another request and is refused.
fn replay(
    c: &mut DbConnection,
    done: DoseRecord,
    beneficiary: &str,
    input: &DoseInput,
) -> Result<Recorded> {
    let person =
        beneficiaries::get(c, done.beneficiary_id)?.ok_or(ErrorCode::IdempotencyKeyReused)?;
    let same = person.reference == beneficiary
        && done.vaccine == input.vaccine
        && done.batch.as_deref() == Some(input.batch.as_str())
        && input.dose.is_none_or(|n| done.dose == i64::from(n))
        && done.override_reason.as_deref() == input.override_reason.as_ref().map(|r| r.as_str());
    if !same {
        return Err(ErrorCode::IdempotencyKeyReused.into());
    }
    let facility = match done.facility_id {
        Some(id) => facilities::by_ids(c, &[id])?
            .into_iter()
            .next()
            .map(|(f, _)| f.code),
        None => None,
    }
    .unwrap_or_default();
    let appointment = match done.appointment_id {
        Some(id) => appointments::get(c, id)?.map(|a| a.reference),
        None => None,
    };
    Ok(Recorded {
        dose: view(&done, &person.reference, &facility, appointment),
        replayed: true,
    })
}

fn view(
    d: &DoseRecord,
    beneficiary: &str,
    facility: &str,
    appointment: Option<String>,
) -> DoseView {
    DoseView {
        reference: d.reference.clone(),
        beneficiary: beneficiary.to_string(),
        dose: d.dose,
        vaccine: d.vaccine.clone(),
        batch: d.batch.clone(),
        given_on: d.given_on,
        facility: facility.to_string(),
        appointment_id: appointment,
        override_reason: d.override_reason.clone(),
    }
}

/// Where a person stands with a product's series, as Co-WIN listed it: no dose, some of the
/// primary doses, or all of them (boosters included).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VaccinationStatus {
    /// No dose stands.
    NotVaccinated,
    /// The latest dose is below the product's primary series.
    Partially,
    /// The primary series of the latest dose's product is complete.
    Fully,
}

/// A person's status from the doses of theirs that stand (in order).
pub fn status(profile: &vaxkit_profile::Profile, doses: &[DoseRecord]) -> VaccinationStatus {
    match doses.iter().max_by_key(|d| d.dose) {
        None => VaccinationStatus::NotVaccinated,
        Some(d)
            if profile
                .vaccine(&d.vaccine)
                .is_some_and(|v| d.dose < i64::from(v.doses)) =>
        {
            VaccinationStatus::Partially
        }
        Some(_) => VaccinationStatus::Fully,
    }
}
