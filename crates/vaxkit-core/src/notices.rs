//! The texts vaxkit sends people, and when. Events send theirs in the transaction of the event
//! (registration, booking, cancellation, a dose recorded); the scheduled jobs ([`run_jobs`])
//! send the reminder the day before, the missed appointment with a link to rebook, and the next
//! dose due when its window opens — once each, whatever the number of runs: every scheduled
//! notice carries a key naming what it is about, and the outbox takes one message per key.
//!
//! Texts are Fluent messages in the person's language (the one they registered with, if the
//! profile offers it), without isolation marks. Links start with the profile's
//! `notifications.public_url`.

use std::sync::atomic::{AtomicBool, Ordering};

use chrono::{DateTime, Days, NaiveDate, NaiveDateTime, Utc};
use vaxkit_i18n::{Arg, FluentValue};
use vaxkit_store::DbConnection;
use vaxkit_store::repo::accounts::{self, Account};
use vaxkit_store::repo::appointments::{self, Appointment};
use vaxkit_store::repo::beneficiaries::{self, Beneficiary};
use vaxkit_store::repo::sessions::Session;
use vaxkit_store::repo::{conversations, doses, facilities, outbox};

use crate::Core;
use crate::error::Result;
use crate::schedule;

/// Every message the core sends by SMS, with the variables each takes (the segment test
/// renders each in every language of every shipped profile).
pub const MESSAGES: &[(&str, &[&str])] = &[
    ("sms-otp", &["code", "minutes"]),
    ("sms-registered", &["name", "reference"]),
    (
        "sms-appointment-booked",
        &["name", "date", "slot", "facility", "code"],
    ),
    ("sms-appointment-cancelled", &["name", "date", "facility"]),
    ("sms-session-cancelled", &["name", "date", "facility"]),
    (
        "sms-reminder",
        &["name", "date", "slot", "facility", "code"],
    ),
    ("sms-appointment-missed", &["name", "date", "link"]),
    ("sms-dose-recorded", &["name", "dose", "vaccine", "link"]),
    ("sms-dose-due", &["name", "dose", "vaccine", "link"]),
    ("sms-cmd-help", &[]),
    ("sms-cmd-no-account", &[]),
    ("sms-cmd-none", &[]),
    ("sms-cmd-expired", &[]),
    ("sms-cmd-no-sessions", &["postal_code"]),
    ("sms-cmd-refused", &["reason"]),
    ("sms-cmd-offer-book", &[]),
    ("sms-cmd-offer-cancel", &[]),
    ("sms-cmd-line-book", &["number", "name", "date", "facility"]),
    ("sms-cmd-line-cancel", &["number", "name", "date"]),
    (
        "sms-cmd-status-booked",
        &["name", "date", "facility", "code"],
    ),
    ("sms-cmd-status-due", &["name", "dose", "vaccine", "date"]),
    ("sms-cmd-status-complete", &["name"]),
    ("sms-cmd-status-none", &["name"]),
];

/// How many days back the jobs look for a missed appointment or a window that opened while
/// no job ran (a server down over a weekend still sends them, once).
pub const CATCH_UP_DAYS: u64 = 7;

/// The language to write to a person in: theirs if the profile offers it, else the default.
pub fn language_of<'a>(core: &'a Core, person: &'a Beneficiary) -> &'a str {
    core.language_or_default(&person.language)
}

/// The profile's public address without a trailing slash.
fn base_url(core: &Core) -> &str {
    core.profile.notifications.public_url.trim_end_matches('/')
}

/// Where a person books again (the citizens' booking page).
pub fn rebook_link(core: &Core) -> String {
    format!("{}/book", base_url(core))
}

/// Where a person's certificate is (the citizens' certificate page of that person).
pub fn certificate_link(core: &Core, person: &str) -> String {
    format!("{}/certificates/{person}", base_url(core))
}

/// Formats a message in `lang` for SMS (no isolation marks).
pub fn render(core: &Core, lang: &str, message_id: &str, args: &[Arg<'_>]) -> String {
    core.locales.message_plain(lang, message_id, args)
}

/// Queues an SMS to the mobile number of `person`'s account; with a `key`, only if no
/// message with that key was ever queued. Answers whether a message was queued.
fn to_person(
    c: &mut DbConnection,
    core: &Core,
    person: &Beneficiary,
    message_id: &str,
    args: &[Arg<'_>],
    key: Option<&str>,
    now: NaiveDateTime,
) -> Result<bool> {
    let account = accounts::get(c, person.account_id)?;
    to_account(
        c,
        core,
        (person, account.as_ref()),
        message_id,
        args,
        key,
        now,
    )
}

/// As [`to_person`], with the person's account already read (none: nothing is sent).
fn to_account(
    c: &mut DbConnection,
    core: &Core,
    (person, account): (&Beneficiary, Option<&Account>),
    message_id: &str,
    args: &[Arg<'_>],
    key: Option<&str>,
    now: NaiveDateTime,
) -> Result<bool> {
    let Some(account) = account else {
        return Ok(false);
    };
    sms(core, person, account, message_id, args, |message| {
        Ok(match key {
            Some(key) => outbox::enqueue_once(c, &core.store.secrets, message, key, now)?.is_some(),
            None => {
                outbox::enqueue_unkeyed(c, &core.store.secrets, message, now)?;
                true
            }
        })
    })
}

/// The SMS `message_id` to `account`'s number in `person`'s language, as the outbox takes it,
/// handed to `queue`.
fn sms<T>(
    core: &Core,
    person: &Beneficiary,
    account: &Account,
    message_id: &str,
    args: &[Arg<'_>],
    queue: impl FnOnce(outbox::NewMessage<'_>) -> Result<T>,
) -> Result<T> {
    let lang = language_of(core, person);
    let body = render(core, lang, message_id, args);
    let mobile = account.mobile(&core.store.secrets)?;
    queue(outbox::NewMessage {
        channel: "sms",
        recipient: &mobile,
        message_id,
        language: lang,
        body: &body,
    })
}

fn facility_name(c: &mut DbConnection, session: &Session) -> Result<String> {
    Ok(facilities::by_ids(c, &[session.facility_id])?
        .into_iter()
        .next()
        .map(|(f, _)| f.name)
        .unwrap_or_default())
}

fn vaccine_name(core: &Core, product: &str) -> String {
    core.profile
        .vaccine(product)
        .map_or_else(|| product.to_string(), |v| v.name.clone())
}

/// A person was registered: tells the account's number, with the person's reference.
pub fn registered(
    c: &mut DbConnection,
    core: &Core,
    person: &Beneficiary,
    now: NaiveDateTime,
) -> Result<()> {
    to_person(
        c,
        core,
        person,
        "sms-registered",
        &[
            ("name", FluentValue::from(person.name.as_str())),
            ("reference", FluentValue::from(person.reference.as_str())),
        ],
        None,
        now,
    )?;
    Ok(())
}

/// The arguments of a message about an appointment: name, date, slot, facility, code.
fn appointment_args<'a>(
    core: &Core,
    person: &'a Beneficiary,
    session: &Session,
    a: &'a Appointment,
    facility: String,
) -> Result<Vec<Arg<'a>>> {
    Ok(vec![
        ("name", FluentValue::from(person.name.as_str())),
        ("date", FluentValue::from(session.date.to_string())),
        ("slot", FluentValue::from(a.slot.as_str())),
        ("facility", FluentValue::from(facility)),
        (
            "code",
            FluentValue::from(a.security_code(&core.store.secrets)?),
        ),
    ])
}

/// An appointment was booked (for the person, sent to their account, in the session, at the
/// facility named): the confirmation with the security code.
pub fn booked(
    c: &mut DbConnection,
    core: &Core,
    (person, account): (&Beneficiary, Option<&Account>),
    (session, facility): (&Session, &str),
    a: &Appointment,
    now: NaiveDateTime,
) -> Result<()> {
    let facility = facility.to_string();
    let args = appointment_args(core, person, session, a, facility)?;
    to_account(
        c,
        core,
        (person, account),
        "sms-appointment-booked",
        &args,
        None,
        now,
    )?;
    Ok(())
}

/// How many messages wait in the outbox to be sent (for monitoring).
pub fn outbox_waiting(core: &Core) -> Result<i64> {
    core.read(|c| Ok(outbox::waiting(c)?))
}

/// The citizen cancelled an appointment.
pub fn cancelled(
    c: &mut DbConnection,
    core: &Core,
    person: &Beneficiary,
    session: &Session,
    now: NaiveDateTime,
) -> Result<()> {
    cancellation(c, core, person, session, "sms-appointment-cancelled", now)
}

/// Staff cancelled the session an appointment was in.
pub fn session_cancelled(
    c: &mut DbConnection,
    core: &Core,
    person: &Beneficiary,
    session: &Session,
    now: NaiveDateTime,
) -> Result<()> {
    cancellation(c, core, person, session, "sms-session-cancelled", now)
}

/// A cancellation notice (`message` names who cancelled): the person, the day, the centre.
fn cancellation(
    c: &mut DbConnection,
    core: &Core,
    person: &Beneficiary,
    session: &Session,
    message: &str,
    now: NaiveDateTime,
) -> Result<()> {
    let facility = facility_name(c, session)?;
    to_person(
        c,
        core,
        person,
        message,
        &[
            ("name", FluentValue::from(person.name.as_str())),
            ("date", FluentValue::from(session.date.to_string())),
            ("facility", FluentValue::from(facility)),
        ],
        None,
        now,
    )?;
    Ok(())
}

/// The text telling that a dose was recorded, with the link to the certificate, sealed ahead
/// of the dose's transaction so that a writer lane only writes it; `None` when the person has
/// no account to tell. Queue it with [`outbox::enqueue_sealed`] in the dose's transaction.
pub fn dose_recorded(
    core: &Core,
    (person, account): (&Beneficiary, Option<&Account>),
    dose: i64,
    product: &str,
    now: NaiveDateTime,
) -> Result<Option<outbox::Sealed>> {
    let Some(account) = account else {
        return Ok(None);
    };
    let args = [
        ("name", FluentValue::from(person.name.as_str())),
        ("dose", FluentValue::from(dose)),
        ("vaccine", FluentValue::from(vaccine_name(core, product))),
        (
            "link",
            FluentValue::from(certificate_link(core, &person.reference)),
        ),
    ];
    sms(
        core,
        person,
        account,
        "sms-dose-recorded",
        &args,
        |message| Ok(Some(outbox::seal(&core.store.secrets, message, now)?)),
    )
}

/// What one run of the scheduled jobs queued.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct JobTally {
    /// Reminders for tomorrow's appointments.
    pub reminders: usize,
    /// Missed appointments (now marked missed), each with a link to rebook.
    pub missed: usize,
    /// Next doses whose window opened.
    pub due: usize,
}

/// The key of a scheduled notice: what it is about, so that it is sent once.
fn key(kind: &str, parts: &[&str]) -> String {
    format!("{kind}:{}", parts.join(":"))
}

/// People whose doses the doses-due job reads at once: two statements a page.
pub const DUE_PAGE: i64 = 500;

/// Runs the scheduled notices for the day `now` falls on in the country: the reminder for
/// each open appointment of tomorrow; the missed appointments of the last days (marked
/// missed, with a link to rebook); the next dose of each vaccinated person whose window
/// opened in the last days, unless it was given or an appointment is open; and it drops SMS
/// conversations whose choices lapsed. Idempotent: a second run, the same day or after a
/// restart, queues nothing again. Each notice is written in its own transaction, rechecked
/// there, so a booking or cancellation meanwhile is respected.
pub fn run_jobs(core: &Core, now: DateTime<Utc>) -> Result<JobTally> {
    let never = AtomicBool::new(false);
    Ok(run_jobs_until(core, now, &never)?.unwrap_or_default())
}

/// [`run_jobs`], stopping between two pages of people (or two notices) once `stop` is set:
/// `None` when it stopped before the end. What it queued stays queued; the next run (the
/// same day or the next) queues the rest and nothing twice.
pub fn run_jobs_until(
    core: &Core,
    now: DateTime<Utc>,
    stop: &AtomicBool,
) -> Result<Option<JobTally>> {
    let stopping = || stop.load(Ordering::Relaxed);
    let today = core.today(now);
    let at = now.naive_utc();
    let mut tally = JobTally::default();
    let tomorrow = today.checked_add_days(Days::new(1)).unwrap_or(today);
    let since = today
        .checked_sub_days(Days::new(CATCH_UP_DAYS))
        .unwrap_or(today);
    let yesterday = today.checked_sub_days(Days::new(1)).unwrap_or(today);

    for (a, _) in core.read(|c| Ok(appointments::open_between(c, tomorrow, tomorrow)?))? {
        if stopping() {
            return Ok(None);
        }
        if core.write(|c| remind(c, core, a.id, at))? {
            tally.reminders += 1;
        }
    }
    for (a, _) in core.read(|c| Ok(appointments::open_between(c, since, yesterday)?))? {
        if stopping() {
            return Ok(None);
        }
        if core.write(|c| missed(c, core, a.id, today, at))? {
            tally.missed += 1;
        }
    }
    // Everyone with doses, a page at a time, judged in memory; only those whose next dose
    // fell due are written to, each in a transaction that checks again.
    let mut after = 0;
    loop {
        if stopping() {
            return Ok(None);
        }
        let (page, people) = core.read(|c| {
            let page = doses::people_with_doses_after(c, after, DUE_PAGE)?;
            let ids: Vec<i64> = page.iter().map(|(id, _)| *id).collect();
            let people = beneficiaries::get_many(c, &ids)?;
            Ok((page, people))
        })?;
        let Some(&(last, _)) = page.last() else { break };
        after = last;
        let mut people = people.into_iter().peekable();
        for (id, given) in page {
            while people.next_if(|p| p.id < id).is_some() {}
            let Some(person) = people.next_if(|p| p.id == id) else {
                continue;
            };
            if due_now(core, &person, &given, since, today).is_some()
                && core.write(|c| dose_due(c, core, id, since, today, at))?
            {
                tally.due += 1;
            }
        }
    }
    // SMS conversations whose choices lapsed are of no use to anyone.
    core.write(|c| Ok(conversations::purge(c, at)?))?;
    Ok(Some(tally))
}

/// The open appointment with this key, its session and its person, if it is still open.
fn open_appointment(
    c: &mut DbConnection,
    id: i64,
) -> Result<Option<(Appointment, Session, Beneficiary)>> {
    let Some(a) = appointments::get(c, id)?.filter(|a| a.status == appointments::BOOKED) else {
        return Ok(None);
    };
    let Some(session) =
        vaxkit_store::repo::sessions::get(c, a.session_id)?.filter(|s| !s.cancelled)
    else {
        return Ok(None);
    };
    let Some(person) = beneficiaries::get(c, a.beneficiary_id)? else {
        return Ok(None);
    };
    Ok(Some((a, session, person)))
}

fn remind(c: &mut DbConnection, core: &Core, id: i64, now: NaiveDateTime) -> Result<bool> {
    let Some((a, session, person)) = open_appointment(c, id)? else {
        return Ok(false);
    };
    let facility = facility_name(c, &session)?;
    let args = appointment_args(core, &person, &session, &a, facility)?;
    to_person(
        c,
        core,
        &person,
        "sms-reminder",
        &args,
        Some(&key("reminder", &[a.reference.as_str()])),
        now,
    )
}

fn missed(
    c: &mut DbConnection,
    core: &Core,
    id: i64,
    today: NaiveDate,
    now: NaiveDateTime,
) -> Result<bool> {
    let Some((a, session, person)) = open_appointment(c, id)? else {
        return Ok(false);
    };
    if session.date >= today {
        return Ok(false);
    }
    appointments::mark_missed(c, a.id, now)?;
    to_person(
        c,
        core,
        &person,
        "sms-appointment-missed",
        &[
            ("name", FluentValue::from(person.name.as_str())),
            ("date", FluentValue::from(session.date.to_string())),
            ("link", FluentValue::from(rebook_link(core))),
        ],
        Some(&key("missed", &[a.reference.as_str()])),
        now,
    )
}

/// The next dose of a person's series, when the schedule engine (the one that decides
/// whether a dose may be booked) says its window opened between `since` and `today`.
fn dose_due(
    c: &mut DbConnection,
    core: &Core,
    person_id: i64,
    since: NaiveDate,
    today: NaiveDate,
    now: NaiveDateTime,
) -> Result<bool> {
    let Some(person) = beneficiaries::get(c, person_id)? else {
        return Ok(false);
    };
    let given = schedule::doses_of(c, &person)?;
    let Some((dose, answer)) = due_now(core, &person, &given, since, today) else {
        return Ok(false);
    };
    // Booked already: the confirmation said everything.
    if appointments::open_for(c, person.id)?.is_some() {
        return Ok(false);
    }
    let product = answer
        .products
        .first()
        .cloned()
        .unwrap_or_else(|| answer.vaccine.clone());
    to_person(
        c,
        core,
        &person,
        "sms-dose-due",
        &[
            ("name", FluentValue::from(person.name.as_str())),
            ("dose", FluentValue::from(dose)),
            ("vaccine", FluentValue::from(vaccine_name(core, &product))),
            ("link", FluentValue::from(rebook_link(core))),
        ],
        Some(&key(
            "due",
            &[
                person.reference.as_str(),
                answer.vaccine.as_str(),
                dose.to_string().as_str(),
            ],
        )),
        now,
    )
}

/// The next dose of `person` (not merged into another) and the engine's answer, when its
/// window opened after `since` and by `today`, going by the doses `given` that stand.
fn due_now(
    core: &Core,
    person: &Beneficiary,
    given: &[doses::DoseRecord],
    since: NaiveDate,
    today: NaiveDate,
) -> Option<(u32, vaxkit_profile::schedule::Answer)> {
    if person.merged_into.is_some() {
        return None;
    }
    let last = given.last()?;
    let past = schedule::past(given);
    let answer = schedule::evaluate(
        &core.profile,
        &last.vaccine,
        person,
        &past,
        today,
        schedule::Purpose::Book,
    )
    .ok()?;
    let (Some(dose), Some(earliest)) = (answer.next_dose, answer.earliest) else {
        return None;
    };
    if !answer.eligible || earliest > today || earliest <= since {
        return None;
    }
    Some((dose, answer))
}

/// Whether the day's jobs are due at `now`: the country's local hour has reached the
/// profile's `notifications.jobs_hour` and they have not run on this local day (`last_run`).
pub fn jobs_due(core: &Core, now: DateTime<Utc>, last_run: Option<NaiveDate>) -> bool {
    use chrono::Timelike;
    let local = now.with_timezone(&core.profile.country.timezone);
    let hour = i64::from(local.hour());
    hour >= core.profile.notifications.jobs_hour && last_run != Some(local.date_naive())
}
