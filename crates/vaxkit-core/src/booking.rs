//! Booking: a family into one session at once (all or none), rescheduling, cancelling, and
//! the appointment slip. The rules: the session is open to booking (within the booking window,
//! not cancelled, at an open facility, with that slot), the person is eligible for its dose and
//! product on its day, has no other open appointment, is in its age group, and a place is free
//! (taken with one conditional update, so nothing is ever overbooked).

use chrono::{DateTime, Days, NaiveDate, NaiveDateTime, Utc};
use serde::Serialize;
use vaxkit_store::DbConnection;
use vaxkit_store::repo::accounts::Account;
use vaxkit_store::repo::appointments::{self, Appointment};
use vaxkit_store::repo::beneficiaries::{self, Beneficiary};
use vaxkit_store::repo::doses::{self, DoseRecord, PersonForBooking};
use vaxkit_store::repo::facilities::Facility;
use vaxkit_store::repo::sessions::{self, Session};
use vaxkit_store::repo::{LockTable, facilities, lock_row};

use crate::Core;
use crate::actor::Actor;
use crate::audit::{self, Action};
use crate::error::{Error, ErrorCode, Result};
use crate::notices;
use crate::places::FacilityView;
use crate::schedule;
use crate::sessions::capacity_changed;

/// The person an appointment is for.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SlipPerson {
    /// Beneficiary reference.
    pub reference: String,
    /// Name.
    pub name: String,
    /// The identity number, masked.
    pub id_masked: String,
}

/// The appointment slip a citizen shows at the centre.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Slip {
    /// Appointment reference (the confirmation number).
    pub appointment_id: String,
    /// `booked` or `cancelled`.
    pub status: String,
    /// The four-digit code the vaccinator asks for.
    pub security_code: String,
    /// Dose number.
    pub dose: i64,
    /// The day.
    pub date: NaiveDate,
    /// The slot.
    pub slot: String,
    /// Product code.
    pub vaccine: String,
    /// Product name.
    pub vaccine_name: String,
    /// Session id.
    pub session_id: String,
    /// Who.
    pub beneficiary: SlipPerson,
    /// Where.
    pub facility: FacilityView,
}

/// A booking request: people of the account into one session's slot.
#[derive(Debug, Clone)]
pub struct BookingRequest {
    /// The session's public id.
    pub session_id: String,
    /// One of the session's slots.
    pub slot: String,
    /// Beneficiary references (of the account); every one is booked or none is.
    pub beneficiaries: Vec<String>,
    /// The dose number expected; refused if the schedule says otherwise.
    pub dose: Option<u32>,
}

/// One citizen's booking work inside one transaction: who and when.
struct Booking<'a> {
    core: &'a Core,
    actor: &'a Actor,
    account_id: i64,
    today: NaiveDate,
    now: NaiveDateTime,
}

impl<'a> Booking<'a> {
    /// The texts sent go in each person's own language, so the request's (`_lang`) is not read.
    fn new(core: &'a Core, actor: &'a Actor, _lang: &'a str, now: DateTime<Utc>) -> Result<Self> {
        Ok(Self {
            core,
            actor,
            account_id: actor.citizen()?.account_id,
            today: core.today(now),
            now: now.naive_utc(),
        })
    }

    /// The session by its public id, with its facility, if it can be booked today with this
    /// slot.
    fn open_session(&self, c: &mut DbConnection, session_id: &str, slot: &str) -> Result<Place> {
        let (session, facility, region) = sessions::with_facility(c, session_id)?
            .filter(|(s, f, _)| !s.cancelled && f.active)
            .ok_or(ErrorCode::SessionNotFound)?;
        let window = u64::try_from(self.core.profile.appointments.booking_window_days).unwrap_or(0);
        let last = self
            .today
            .checked_add_days(Days::new(window))
            .unwrap_or(self.today);
        if session.date < self.today || session.date > last {
            return Err(Error::new(ErrorCode::OutsideBookingWindow).with_arg("days", window));
        }
        if !session.slot_list().iter().any(|s| s == slot) {
            return Err(ErrorCode::InvalidSlot.into());
        }
        // A session seen full is refused before any work; one that fills meanwhile is refused
        // when its place is taken (`take_place`).
        if session.booked >= session.capacity_online {
            return Err(ErrorCode::SessionFull.into());
        }
        Ok(Place {
            session,
            facility,
            region,
        })
    }

    /// Books one of the account's people into the session, or says why not; answers the
    /// appointment and the person. Reads and writes in the caller's transaction, which holds
    /// the person's version row ([`doses::changed`]), so that no dose for them is written
    /// between the check and the write.
    fn book(
        &self,
        c: &mut DbConnection,
        reference: &str,
        place: &Place,
        slot: &str,
        requested_dose: Option<u32>,
    ) -> Result<(Appointment, Beneficiary)> {
        let checked = self.check(c, reference, place, requested_dose)?;
        let appointment = self.write(c, &checked, place, slot)?;
        Ok((appointment, checked.person))
    }

    /// Whether one of the account's people may be booked into the session, read (outside any
    /// transaction, or in the caller's): the person, and the dose the schedule allows, or the
    /// refusal. What a concurrent request may change meanwhile is settled by the writes: a
    /// second open appointment breaks a unique index, a place taken meanwhile is not there
    /// for [`Booking::take_place`], and a dose recorded meanwhile has changed the person's
    /// version, which the write claims ([`doses::claim_version`]).
    fn check(
        &self,
        c: &mut DbConnection,
        reference: &str,
        place: &Place,
        requested_dose: Option<u32>,
    ) -> Result<Checked> {
        let session = &place.session;
        let PersonForBooking {
            person,
            standing,
            open,
            account,
            version,
        } = doses::person_for_booking(c, self.account_id, reference)?
            .ok_or(ErrorCode::BeneficiaryNotFound)?;
        let mut missed = None;
        if let Some((open, day)) = open {
            // An appointment whose day is over no longer holds the person: it was missed.
            if day >= self.today {
                return Err(
                    Error::new(ErrorCode::AlreadyBooked).with_arg("name", person.name.as_str())
                );
            }
            missed = Some(open.id);
        }
        let dose = self.check_eligible(&person, &standing, session)?;
        if requested_dose.is_some_and(|d| d != dose) {
            return Err(Error::new(ErrorCode::WrongDose).with_arg("dose", dose));
        }
        if !session.dose_numbers().contains(&dose) {
            return Err(Error::new(ErrorCode::DoseNotOffered).with_arg("dose", dose));
        }
        let age = i64::from(schedule::birth(&person).age_on(session.date));
        if age < session.min_age || session.max_age.is_some_and(|m| age > m) {
            return Err(Error::new(ErrorCode::AgeNotAllowed).with_arg("name", person.name.as_str()));
        }
        Ok(Checked {
            person,
            account,
            missed,
            dose,
            version,
        })
    }

    /// Writes a checked booking in the caller's transaction: the missed appointment closed, the
    /// new one, its audit entry and the confirmation message. The place is taken apart
    /// ([`Booking::take_place`]).
    fn write(
        &self,
        c: &mut DbConnection,
        checked: &Checked,
        place: &Place,
        slot: &str,
    ) -> Result<Appointment> {
        let Checked {
            person,
            account,
            missed,
            dose,
            ..
        } = checked;
        let session = &place.session;
        if let Some(id) = missed {
            appointments::mark_missed(c, *id, self.now)?;
        }
        let appointment = match appointments::insert(
            c,
            &self.core.store.secrets,
            person.id,
            session.id,
            i64::from(*dose),
            slot,
            self.now,
        ) {
            Err(e) if e.is_unique_violation() => {
                return Err(
                    Error::new(ErrorCode::AlreadyBooked).with_arg("name", person.name.as_str())
                );
            }
            other => other?,
        };
        self.record(c, Action::AppointmentBook, &appointment, None)?;
        notices::booked(
            c,
            self.core,
            (person, account.as_ref()),
            (session, &place.facility.name),
            &appointment,
            self.now,
        )?;
        Ok(appointment)
    }

    /// Takes one place of the session for a booking made in this transaction, or refuses it as
    /// full (and the transaction, booking included, rolls back). Called last, just before the
    /// commit: on PostgreSQL the session's row stays locked from here to the commit, so the
    /// bookings of a busy session queue on it for one statement and the commit, not for the
    /// whole booking.
    fn take_place(&self, c: &mut DbConnection, session: &Session) -> Result<()> {
        if sessions::take_place(c, session.id)? {
            return Ok(());
        }
        // Refused: full, or cancelled since it was read (then it is gone, as for a booking
        // that came after the cancellation).
        let cancelled = sessions::get(c, session.id)?.is_none_or(|s| s.cancelled);
        Err(if cancelled {
            ErrorCode::SessionNotFound
        } else {
            ErrorCode::SessionFull
        }
        .into())
    }

    /// Cancels an open appointment and gives its place back.
    fn cancel(&self, c: &mut DbConnection, appointment: &Appointment) -> Result<()> {
        // A past day's place cannot be given back to anyone.
        if sessions::get(c, appointment.session_id)?.is_none_or(|s| s.date < self.today) {
            return Err(ErrorCode::AppointmentNotOpen.into());
        }
        if !appointments::cancel(c, appointment.id, self.now)? {
            return Err(ErrorCode::AppointmentNotOpen.into());
        }
        sessions::release_place(c, appointment.session_id)?;
        self.record(c, Action::AppointmentCancel, appointment, Some("cancelled"))?;
        Ok(())
    }

    /// Cancels an open appointment, gives its place back and tells the person.
    fn cancel_and_tell(&self, c: &mut DbConnection, appointment: &Appointment) -> Result<()> {
        self.cancel(c, appointment)?;
        let session = sessions::get(c, appointment.session_id)?;
        let person = beneficiaries::get(c, appointment.beneficiary_id)?;
        if let (Some(session), Some(person)) = (session, person) {
            notices::cancelled(c, self.core, &person, &session, self.now)?;
        }
        Ok(())
    }

    /// The dose the schedule engine allows on the session's day, or the refusal in words.
    fn check_eligible(
        &self,
        person: &Beneficiary,
        standing: &[DoseRecord],
        session: &Session,
    ) -> Result<u32> {
        let past = schedule::past(standing);
        let answer = schedule::evaluate(
            &self.core.profile,
            &session.vaccine,
            person,
            &past,
            session.date,
            schedule::Purpose::Book,
        )?;
        match answer.next_dose {
            Some(dose) if answer.eligible => Ok(dose),
            _ => Err(schedule::refusal(person, &answer, schedule::Purpose::Book)),
        }
    }

    fn record(
        &self,
        c: &mut DbConnection,
        action: Action,
        a: &Appointment,
        status: Option<&str>,
    ) -> Result<()> {
        let after = serde_json::json!({
            "appointment": a.reference,
            "session_id": a.session_id,
            "dose": a.dose,
            "slot": a.slot,
            "status": status.unwrap_or(&a.status),
        });
        audit::record(
            c,
            self.now,
            self.actor,
            action,
            &a.reference,
            None,
            Some(after.to_string()),
        )
    }

    /// The slip of one of the account's appointments.
    fn slip(&self, c: &mut DbConnection, a: &Appointment) -> Result<Slip> {
        slip_of(c, self.core, a, self.account_id)
    }
}

/// A person found free to be booked, with the dose the schedule allows.
struct Checked {
    person: Beneficiary,
    account: Option<Account>,
    /// Their open appointment of a day now past, to be closed as missed.
    missed: Option<i64>,
    dose: u32,
    /// Their doses' and appointments' version when checked: the booking is written only if it
    /// is still this.
    version: i64,
}

/// A session open for booking, with its facility and the facility's region code.
struct Place {
    session: Session,
    facility: Facility,
    region: String,
}

/// Builds the slip of an appointment of the account.
fn slip_of(c: &mut DbConnection, core: &Core, a: &Appointment, account_id: i64) -> Result<Slip> {
    let session = sessions::get(c, a.session_id)?.ok_or(ErrorCode::AppointmentNotFound)?;
    let person = beneficiaries::for_account(c, account_id)?
        .into_iter()
        .find(|b| b.id == a.beneficiary_id)
        .ok_or(ErrorCode::AppointmentNotFound)?;
    let (facility, region) = facilities::by_ids(c, &[session.facility_id])?
        .into_iter()
        .next()
        .ok_or(ErrorCode::AppointmentNotFound)?;
    slip_from(
        core,
        a,
        &Place {
            session,
            facility,
            region,
        },
        person,
    )
}

/// The slip of an appointment made from what is already read: its session and facility, and
/// the person.
fn slip_from(core: &Core, a: &Appointment, place: &Place, person: Beneficiary) -> Result<Slip> {
    let Place {
        session,
        facility,
        region,
    } = place;
    let session = session.clone();
    Ok(Slip {
        appointment_id: a.reference.clone(),
        status: a.status.clone(),
        security_code: a.security_code(&core.store.secrets)?,
        dose: a.dose,
        date: session.date,
        slot: a.slot.clone(),
        vaccine_name: core
            .profile
            .vaccine(&session.vaccine)
            .map_or_else(|| session.vaccine.clone(), |v| v.name.clone()),
        vaccine: session.vaccine,
        session_id: session.reference,
        beneficiary: SlipPerson {
            reference: person.reference,
            name: person.name,
            id_masked: person.id_masked,
        },
        facility: FacilityView::new(&core.profile, facility, region),
    })
}

/// Books every listed person of the citizen's account into the session, all or none. Refused
/// with the reason: not eligible (age, interval, product), wrong dose for the session, already
/// booked, outside the booking window, full.
pub fn book(
    core: &Core,
    actor: &Actor,
    lang: &str,
    request: &BookingRequest,
    now: DateTime<Utc>,
) -> Result<Vec<Slip>> {
    let booking = Booking::new(core, actor, lang, now)?;
    let max = usize::try_from(core.profile.registration.max_beneficiaries_per_account).unwrap_or(1);
    let mut seen = std::collections::HashSet::new();
    if request.beneficiaries.is_empty()
        || request.beneficiaries.len() > max
        || !request.beneficiaries.iter().all(|b| seen.insert(b))
    {
        return Err(ErrorCode::InvalidBeneficiaryList.into());
    }
    for _ in 0..crate::vaccination::RECHECKS {
        // The session and the people are read and checked first, outside any transaction: a
        // refusal (full, not eligible, already booked) never waits for the lane, and the lane
        // holds a booking only for its writes.
        let (place, people) = core.read(|c| {
            let place = booking.open_session(c, &request.session_id, &request.slot)?;
            let people = request
                .beneficiaries
                .iter()
                .map(|reference| booking.check(c, reference, &place, request.dose))
                .collect::<Result<Vec<_>>>()?;
            Ok((place, people))
        })?;
        // Bookings of one session share a transaction (group commit) in the lane the session
        // picks: a storm on a few sessions takes each one's row once per commit, not per
        // booking. Each person is written only if their doses and appointments are still as
        // checked (a dose recorded for them meanwhile is seen by checking again), and counts
        // a change, so a dose checked before it is checked again and sees the appointment.
        // Their rows are claimed in key order, as every write that holds several people's
        // rows takes them, so two such writes cannot wait for each other.
        let mut by_key: Vec<&Checked> = people.iter().collect();
        by_key.sort_by_key(|checked| checked.person.id);
        let written = core.store.write_grouped_by(&request.session_id, |c| {
            for checked in &by_key {
                if !doses::claim_version(c, checked.person.id, checked.version)? {
                    // Nothing but the claims so far: check again.
                    return Ok(None);
                }
            }
            let appointments = people
                .iter()
                .map(|checked| booking.write(c, checked, &place, &request.slot))
                .collect::<Result<Vec<_>>>()?;
            for _ in &appointments {
                booking.take_place(c, &place.session)?;
            }
            Ok::<_, Error>(Some(appointments))
        })?;
        let Some(appointments) = written else {
            continue;
        };
        let slips = appointments
            .iter()
            .zip(people)
            .map(|(a, checked)| slip_from(core, a, &place, checked.person))
            .collect::<Result<Vec<_>>>()?;
        capacity_changed(core);
        return Ok(slips);
    }
    Err(crate::vaccination::kept_changing("they were booked"))
}

/// Moves one of the account's appointments to another session or slot: the old one is
/// cancelled and the new one booked in one transaction, so if the new booking is refused the
/// old one stays.
pub fn reschedule(
    core: &Core,
    actor: &Actor,
    lang: &str,
    reference: &str,
    session_id: &str,
    slot: &str,
    now: DateTime<Utc>,
) -> Result<Slip> {
    let booking = Booking::new(core, actor, lang, now)?;
    let account = booking.account_id;
    let slip = core.write(|c| {
        let old = appointments::of_account(c, account, reference)?
            .ok_or(ErrorCode::AppointmentNotFound)?;
        let person = beneficiaries::for_account(c, account)?
            .into_iter()
            .find(|b| b.id == old.beneficiary_id)
            .ok_or(ErrorCode::AppointmentNotFound)?;
        // The person's version row first, as a dose takes it before their appointment: a
        // dose recorded meanwhile waits, then is checked again and finds the new appointment.
        doses::changed(c, &[person.id])?;
        // Both sessions are locked in key order first, so that two people swapping
        // sessions cannot deadlock each other.
        if let Some(target) = sessions::by_reference(c, session_id)? {
            let mut ids = [old.session_id, target.id];
            ids.sort_unstable();
            for id in ids {
                lock_row(c, LockTable::Sessions, id)?;
            }
        }
        booking.cancel(c, &old)?;
        let place = booking.open_session(c, session_id, slot)?;
        let (new, person) = booking.book(c, &person.reference, &place, slot, None)?;
        booking.take_place(c, &place.session)?;
        slip_from(core, &new, &place, person)
    })?;
    capacity_changed(core);
    Ok(slip)
}

/// Cancels an open appointment of the account and gives its place back; answers the slip, now
/// cancelled.
pub fn cancel(
    core: &Core,
    actor: &Actor,
    lang: &str,
    reference: &str,
    now: DateTime<Utc>,
) -> Result<Slip> {
    let booking = Booking::new(core, actor, lang, now)?;
    let account = booking.account_id;
    let slip = core.write(|c| {
        let a = appointments::of_account(c, account, reference)?
            .ok_or(ErrorCode::AppointmentNotFound)?;
        booking.cancel_and_tell(c, &a)?;
        let a = appointments::of_account(c, account, reference)?
            .ok_or(ErrorCode::AppointmentNotFound)?;
        booking.slip(c, &a)
    })?;
    capacity_changed(core);
    Ok(slip)
}

/// Cancels, in one transaction, the open appointments that `people` (references of the
/// account's people) hold in the session of the appointment `anchor`; with no people, the
/// appointment `anchor` itself. (Co-WIN gave a family booked together one confirmation number.)
pub fn cancel_in_session(
    core: &Core,
    actor: &Actor,
    lang: &str,
    anchor: &str,
    people: &[String],
    now: DateTime<Utc>,
) -> Result<()> {
    let booking = Booking::new(core, actor, lang, now)?;
    let account = booking.account_id;
    core.write(|c| {
        let anchor =
            appointments::of_account(c, account, anchor)?.ok_or(ErrorCode::AppointmentNotFound)?;
        if people.is_empty() {
            return booking.cancel_and_tell(c, &anchor);
        }
        for person in people {
            let person = beneficiaries::of_account(c, account, person)?
                .ok_or(ErrorCode::BeneficiaryNotFound)?;
            let open = appointments::open_for(c, person.id)?
                .filter(|a| a.session_id == anchor.session_id)
                .ok_or(ErrorCode::AppointmentNotOpen)?;
            booking.cancel_and_tell(c, &open)?;
        }
        Ok(())
    })?;
    capacity_changed(core);
    Ok(())
}

/// The slip of one of the account's appointments.
pub fn slip(core: &Core, actor: &Actor, reference: &str) -> Result<Slip> {
    let account = actor.citizen()?.account_id;
    core.read(|c| {
        let a = appointments::of_account(c, account, reference)?
            .ok_or(ErrorCode::AppointmentNotFound)?;
        slip_of(c, core, &a, account)
    })
}

/// Every appointment of the account's people, newest first, cancelled ones included.
pub fn list(core: &Core, actor: &Actor) -> Result<Vec<Slip>> {
    let account = actor.citizen()?.account_id;
    core.read(|c| {
        appointments::for_account(c, account)?
            .iter()
            .map(|a| slip_of(c, core, a, account))
            .collect()
    })
}
