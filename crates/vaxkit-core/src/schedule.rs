//! The schedule engine as the use cases ask it: a registered person's birth and the doses of
//! theirs that stand, and the engine's answer as a message every front end formats in its
//! reader's language (the API's refusal, the command line's `vaxkit schedule`, an SMS).

use chrono::NaiveDate;
use vaxkit_i18n::{Message, Value};
use vaxkit_profile::Profile;
use vaxkit_profile::schedule::{self, Answer, Birth, MessageArg, PastDose};
use vaxkit_store::DbConnection;
use vaxkit_store::repo::beneficiaries::Beneficiary;
use vaxkit_store::repo::doses::{self, DoseRecord};

use crate::error::{Error, ErrorCode, Result};

/// A person's birth as the schedule engine counts it: the date where known, else the year.
pub fn birth(b: &Beneficiary) -> Birth {
    match b.birth_date {
        Some(d) => Birth::Date(d),
        None => Birth::Year(i32::try_from(b.birth_year).unwrap_or(0)),
    }
}

/// Doses as the engine reads them.
pub fn past(doses: &[DoseRecord]) -> Vec<PastDose> {
    doses
        .iter()
        .map(|d| PastDose {
            date: d.given_on,
            product: d.vaccine.clone(),
        })
        .collect()
}

/// The engine's answer in words: its message id and arguments.
pub fn reason(answer: &Answer) -> Message {
    let mut message = Message::new(answer.message_id());
    for (name, value) in answer.message_args() {
        message.args.push((
            name,
            match value {
                MessageArg::Text(t) => Value::Text(t),
                MessageArg::Number(n) => Value::Number(n),
            },
        ));
    }
    message
}

/// What is being asked of the engine: a booking, or a dose being recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Booking an appointment for the dose.
    Book,
    /// Recording the dose now.
    Record,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Purpose::Book => "book",
            Purpose::Record => "record",
        }
    }
}

/// What the engine says of `product` for this person on `day`, given the doses of theirs that
/// stand; a profile the engine cannot read for this product is a refusal naming the person.
pub fn evaluate(
    profile: &Profile,
    product: &str,
    person: &Beneficiary,
    past: &[PastDose],
    day: NaiveDate,
    purpose: Purpose,
) -> Result<Answer> {
    schedule::evaluate(profile, product, birth(person), past, day).map_err(|e| {
        Error::new(ErrorCode::NotEligible)
            .with_arg("name", person.name.as_str())
            .with_arg("action", purpose.as_str())
            .with_arg("reason", e.to_string())
    })
}

/// The doses of a person that stand (not revoked), in order.
pub fn doses_of(c: &mut DbConnection, person: &Beneficiary) -> Result<Vec<DoseRecord>> {
    Ok(doses::active_of(c, person.id)?)
}

/// `not_eligible` for `person` with the engine's reason, in words and as its code.
pub fn refusal(person: &Beneficiary, answer: &Answer, purpose: Purpose) -> Error {
    Error::new(ErrorCode::NotEligible)
        .with_arg("name", person.name.as_str())
        .with_arg("action", purpose.as_str())
        .with_arg("reason", reason(answer))
        .with_reason(answer.reason.code())
}
