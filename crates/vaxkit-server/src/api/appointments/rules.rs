//! The booking rules, shared by booking and rescheduling (and any other front end):
//! the session is open to booking, the person is eligible for its dose and product on
//! its day, has no other open appointment, and a place is free.

use chrono::{Days, NaiveDate, NaiveDateTime};
use vaxkit_i18n::FluentValue;
use vaxkit_profile::schedule::{self, Birth, MessageArg, PastDose};
use vaxkit_store::DbConnection;
use vaxkit_store::repo::appointments::{self, Appointment};
use vaxkit_store::repo::beneficiaries::{self, Beneficiary};
use vaxkit_store::repo::sessions::{self, Session};
use vaxkit_store::repo::{audit, facilities, outbox};

use actix_web::web;

use crate::api::auth::Citizen;
use crate::error::{ApiError, ErrorCode};
use crate::lang::RequestLanguage;
use crate::state::AppState;

/// What a booking needs to know besides the database: who books, when, in which language.
pub struct Booking {
    /// Application state (profile, locales).
    pub state: web::Data<AppState>,
    /// The account booking.
    pub account_id: i64,
    /// Today in the country's time zone.
    pub today: NaiveDate,
    /// Now, for timestamps.
    pub now: NaiveDateTime,
    /// Language of refusals.
    pub lang: String,
}

impl Booking {
    /// A booking by this citizen, now by the server's clock.
    pub fn new(state: &web::Data<AppState>, citizen: &Citizen, lang: &RequestLanguage) -> Self {
        let now = state.clock.now();
        Self {
            state: state.clone(),
            account_id: citizen.account_id,
            today: state.profile.local_date(now),
            now: now.naive_utc(),
            lang: lang.as_str().to_string(),
        }
    }

    /// The session by its public id, if it can be booked today with this slot.
    pub fn open_session(
        &self,
        c: &mut DbConnection,
        session_id: &str,
        slot: &str,
    ) -> Result<Session, ApiError> {
        let session = sessions::by_reference(c, session_id)?
            .filter(|s| !s.cancelled)
            .ok_or(ErrorCode::SessionNotFound)?;
        let window =
            u64::try_from(self.state.profile.appointments.booking_window_days).unwrap_or(0);
        let last = self
            .today
            .checked_add_days(Days::new(window))
            .unwrap_or(self.today);
        if session.date < self.today || session.date > last {
            return Err(ApiError::new(ErrorCode::OutsideBookingWindow).with_arg("days", window));
        }
        if !session.slot_list().iter().any(|s| s == slot) {
            return Err(ErrorCode::InvalidSlot.into());
        }
        let active = facilities::by_ids(c, &[session.facility_id])?
            .first()
            .is_some_and(|(f, _)| f.active);
        if !active {
            return Err(ErrorCode::SessionNotFound.into());
        }
        Ok(session)
    }

    /// Books one of the account's beneficiaries into the session, or says why not.
    pub fn book(
        &self,
        c: &mut DbConnection,
        reference: &str,
        session: &Session,
        slot: &str,
        requested_dose: Option<u32>,
    ) -> Result<Appointment, ApiError> {
        let person = beneficiaries::of_account(c, self.account_id, reference)?
            .ok_or(ErrorCode::BeneficiaryNotFound)?;
        if let Some(open) = appointments::open_for(c, person.id)? {
            // An appointment whose day is over no longer holds the person: it was missed.
            let over = sessions::get(c, open.session_id)?.is_none_or(|s| s.date < self.today);
            if !over {
                return Err(
                    ApiError::new(ErrorCode::AlreadyBooked).with_arg("name", person.name.as_str())
                );
            }
            appointments::mark_missed(c, open.id, self.now)?;
        }
        let dose = self.check_eligible(c, &person, session)?;
        if requested_dose.is_some_and(|d| d != dose) {
            return Err(ApiError::new(ErrorCode::WrongDose).with_arg("dose", i64::from(dose)));
        }
        if !session.dose_numbers().contains(&dose) {
            return Err(ApiError::new(ErrorCode::DoseNotOffered).with_arg("dose", i64::from(dose)));
        }
        let age = i64::from(birth(&person).age_on(session.date));
        if age < session.min_age || session.max_age.is_some_and(|m| age > m) {
            return Err(
                ApiError::new(ErrorCode::AgeNotAllowed).with_arg("name", person.name.as_str())
            );
        }
        if !sessions::take_place(c, session.id)? {
            return Err(ErrorCode::SessionFull.into());
        }
        let appointment =
            match appointments::insert(c, person.id, session.id, i64::from(dose), slot, self.now) {
                Err(e) if e.is_unique_violation() => {
                    return Err(ApiError::new(ErrorCode::AlreadyBooked)
                        .with_arg("name", person.name.as_str()));
                }
                other => other?,
            };
        self.record(c, "appointment.book", &appointment, None)?;
        self.notify(c, "sms-appointment-booked", &person, session, &appointment)?;
        Ok(appointment)
    }

    /// Cancels an open appointment and gives its place back.
    pub fn cancel(&self, c: &mut DbConnection, appointment: &Appointment) -> Result<(), ApiError> {
        // A past day's place cannot be given back to anyone.
        if sessions::get(c, appointment.session_id)?.is_none_or(|s| s.date < self.today) {
            return Err(ErrorCode::AppointmentNotOpen.into());
        }
        if !appointments::cancel(c, appointment.id, self.now)? {
            return Err(ErrorCode::AppointmentNotOpen.into());
        }
        sessions::release_place(c, appointment.session_id)?;
        self.record(c, "appointment.cancel", appointment, Some("cancelled"))?;
        Ok(())
    }

    /// The dose the schedule engine allows on the session's day, or the refusal in words.
    fn check_eligible(
        &self,
        c: &mut DbConnection,
        person: &Beneficiary,
        session: &Session,
    ) -> Result<u32, ApiError> {
        let past: Vec<PastDose> = beneficiaries::doses_of(c, person.id)?
            .into_iter()
            .map(|d| PastDose {
                date: d.given_on,
                product: d.vaccine,
            })
            .collect();
        let profile = &self.state.profile;
        let answer = schedule::evaluate(
            profile,
            &session.vaccine,
            birth(person),
            &past,
            session.date,
        )
        .map_err(|e| {
            ApiError::new(ErrorCode::NotEligible)
                .with_arg("name", person.name.as_str())
                .with_arg("reason", e.to_string())
        })?;
        match answer.next_dose {
            Some(dose) if answer.eligible => Ok(dose),
            _ => {
                let reason = schedule_reason(&self.state.locales, &self.lang, &answer);
                Err(ApiError::new(ErrorCode::NotEligible)
                    .with_arg("name", person.name.as_str())
                    .with_arg("reason", reason))
            }
        }
    }

    fn record(
        &self,
        c: &mut DbConnection,
        action: &str,
        a: &Appointment,
        status: Option<&str>,
    ) -> Result<(), ApiError> {
        let after = serde_json::json!({
            "appointment": a.reference,
            "session_id": a.session_id,
            "dose": a.dose,
            "slot": a.slot,
            "status": status.unwrap_or(&a.status),
        });
        audit::append(
            c,
            self.now,
            audit::Event {
                actor: &format!("account:{}", self.account_id),
                action,
                entity: "appointment",
                entity_ref: &a.reference,
                before: None,
                after: Some(after.to_string()),
            },
        )?;
        Ok(())
    }

    fn notify(
        &self,
        c: &mut DbConnection,
        message_id: &str,
        person: &Beneficiary,
        session: &Session,
        a: &Appointment,
    ) -> Result<(), ApiError> {
        let Some(account) = vaxkit_store::repo::accounts::get(c, self.account_id)? else {
            return Ok(());
        };
        let facility = facilities::by_ids(c, &[session.facility_id])?
            .into_iter()
            .next()
            .map(|(f, _)| f.name)
            .unwrap_or_default();
        let lang = if self
            .state
            .profile
            .country
            .languages
            .contains(&person.language)
        {
            person.language.as_str()
        } else {
            self.lang.as_str()
        };
        let body = self.state.locales.message_plain(
            lang,
            message_id,
            &[
                ("name", FluentValue::from(person.name.as_str())),
                ("date", FluentValue::from(session.date.to_string())),
                ("slot", FluentValue::from(a.slot.as_str())),
                ("facility", FluentValue::from(facility)),
                ("code", FluentValue::from(a.security_code.as_str())),
            ],
        );
        outbox::enqueue(
            c,
            outbox::NewMessage {
                channel: "sms",
                recipient: &account.mobile,
                message_id,
                language: lang,
                body: &body,
            },
            self.now,
        )?;
        Ok(())
    }
}

/// The schedule engine's answer in words, for SMS-safe and API texts.
pub fn schedule_reason(
    locales: &vaxkit_i18n::Locales,
    lang: &str,
    answer: &schedule::Answer,
) -> String {
    let args: Vec<(&str, FluentValue<'_>)> = answer
        .message_args()
        .into_iter()
        .map(|(k, v)| match v {
            MessageArg::Text(t) => (k, FluentValue::from(t)),
            MessageArg::Number(n) => (k, FluentValue::from(n)),
        })
        .collect();
    locales.message_plain(lang, answer.message_id(), &args)
}

/// A beneficiary's birth as the schedule engine counts it.
pub fn birth(b: &Beneficiary) -> Birth {
    match b.birth_date {
        Some(d) => Birth::Date(d),
        None => Birth::Year(i32::try_from(b.birth_year).unwrap_or(0)),
    }
}
