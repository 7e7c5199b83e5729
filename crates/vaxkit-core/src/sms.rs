//! Commands by SMS, for people with a feature phone. A text from a mobile number acts for the
//! account of that number, through the same use cases as the API:
//!
//! - `NEXT`: the open appointment, or else the next dose due, of each person of the account;
//! - `BOOK <postal code>`: for each person without an open appointment, the first session
//!   near that postal code with a free place they may book, numbered;
//! - `CANCEL`: the open appointments, numbered;
//! - a number: books (or cancels) that choice — the booking's confirmation (or the
//!   cancellation's notice) is the answer;
//! - `HELP`, or anything else: a short help text.
//!
//! Keywords are Fluent messages (`sms-keyword-*`) in every language of the profile; English
//! ones are understood everywhere. The answer is in the language of the keyword (or of the
//! conversation, for a number) and goes back through the outbox, within two SMS. The numbered
//! choices offered are kept in the store for [`CHOICES_MINUTES`] minutes.

use chrono::{DateTime, Days, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use vaxkit_i18n::{Arg, FluentValue, segments};
use vaxkit_store::repo::beneficiaries::{self, Beneficiary};
use vaxkit_store::repo::conversations::{self, Conversation};
use vaxkit_store::repo::{accounts, appointments, outbox};

use crate::actor::{Actor, Citizen};
use crate::booking::{self, BookingRequest};
use crate::error::{Error, ErrorCode, Result};
use crate::sessions::{self, Filters, Place};
use crate::types::Mobile;
use crate::{Core, notices, schedule};

/// How long the numbered choices of an answer can be replied to.
pub const CHOICES_MINUTES: i64 = 30;

/// The most SMS an answer takes.
pub const MAX_ANSWER_SEGMENTS: u32 = 2;

/// The message id an answer is queued under.
pub const ANSWER_MESSAGE: &str = "sms-cmd-answer";

/// A command, once its keyword is recognised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Next dose and open appointment of each person.
    Next,
    /// Sessions near a postal code, for booking.
    Book(String),
    /// Open appointments, for cancelling.
    Cancel,
    /// A reply to numbered choices.
    Choose(usize),
    /// Help (also for text that is not a command).
    Help,
}

/// The keywords of each command, by message id.
const KEYWORDS: &[&str] = &[
    "sms-keyword-next",
    "sms-keyword-book",
    "sms-keyword-cancel",
    "sms-keyword-help",
];

/// Reads a text: its command and the language of its keyword (`None` for a number or text
/// that is no command). Keywords are matched without regard to case, in every language of
/// the profile and in English.
pub fn parse(core: &Core, text: &str) -> (Command, Option<String>) {
    let digits = vaxkit_profile::digits::to_ascii_digits(text.trim());
    let mut words = digits.split_whitespace();
    let Some(first) = words.next() else {
        return (Command::Help, None);
    };
    if let Ok(n) = first.parse::<usize>()
        && words.next().is_none()
    {
        return (Command::Choose(n), None);
    }
    let word = first.to_lowercase();
    let mut languages: Vec<&str> = core
        .profile
        .country
        .languages
        .iter()
        .map(String::as_str)
        .collect();
    languages.push("en");
    for lang in languages {
        for id in KEYWORDS {
            let keyword = core.locales.message_plain(lang, id, &[]).to_lowercase();
            if keyword.trim() != word {
                continue;
            }
            let command = match *id {
                "sms-keyword-next" => Command::Next,
                "sms-keyword-book" => Command::Book(words.collect::<Vec<_>>().join("")),
                "sms-keyword-cancel" => Command::Cancel,
                _ => Command::Help,
            };
            let lang = if core.profile.country.languages.iter().any(|l| l == lang) {
                lang
            } else {
                core.profile.country.default_language()
            };
            return (command, Some(lang.to_string()));
        }
    }
    (Command::Help, None)
}

/// What was offered last: numbered choices to book or to cancel.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum Offer {
    /// Person, session and slot of each choice.
    Book { choices: Vec<BookChoice> },
    /// Appointment reference of each choice.
    Cancel { choices: Vec<String> },
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct BookChoice {
    person: String,
    session: String,
    slot: String,
}

/// The answer to a text, as queued.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answered {
    /// The command understood.
    pub command: Command,
    /// The language answered in.
    pub language: String,
    /// The answer queued, if any (a booking or a cancellation answers with its own notice).
    pub text: Option<String>,
}

/// Acts on a text from `from` (as the gateway gives it: `+CC...` or national) received at
/// `now`, and queues the answer. Refused: a number the profile does not accept
/// (`invalid_mobile`), or too many texts from one number (`rate_limited`, the API's limit
/// per minute).
pub fn command(core: &Core, from: &str, text: &str, now: DateTime<Utc>) -> Result<Answered> {
    let mobile = Mobile::parse(&core.profile, from)?;
    core.limiter.check(
        &format!("sms:{}", mobile.as_str()),
        core.profile.rate_limits.per_ip_per_minute,
        std::time::Duration::from_secs(60),
    )?;
    let (command, keyword_lang) = parse(core, text);
    let at = now.naive_utc();
    let secrets = &core.store.secrets;
    let account = core.read(|c| Ok(accounts::by_mobile(c, secrets, mobile.as_str())?))?;
    let people = match &account {
        Some(a) => core.read(|c| Ok(beneficiaries::for_account(c, a.id)?))?,
        None => Vec::new(),
    };
    let conversation = match command {
        Command::Choose(_) => {
            core.read(|c| Ok(conversations::get(c, secrets, mobile.as_str(), at)?))?
        }
        _ => None,
    };
    let lang = keyword_lang
        .or_else(|| conversation.as_ref().map(|c| c.language.clone()))
        .or_else(|| people.first().map(|p| p.language.clone()))
        .unwrap_or_default();
    let lang = core.language_or_default(&lang).to_string();
    let ctx = Ctx {
        core,
        lang: &lang,
        now,
    };
    let actor = account.map(|a| {
        Actor::Citizen(Citizen {
            account_id: a.id,
            mobile: mobile.as_str().to_owned(),
            token_id: 0,
        })
    });
    let text = match (&command, &actor) {
        (Command::Help, _) => Some(ctx.say("sms-cmd-help", &[])),
        (_, None) => Some(ctx.say("sms-cmd-no-account", &[])),
        (Command::Next, Some(_)) => Some(ctx.next(&people)?),
        (Command::Book(postal), Some(_)) => {
            Some(ctx.offer_book(mobile.as_str(), &people, postal)?)
        }
        (Command::Cancel, Some(actor)) => {
            Some(ctx.offer_cancel(mobile.as_str(), actor, &people)?)
        }
        (Command::Choose(n), Some(actor)) => {
            ctx.choose(mobile.as_str(), actor, conversation, *n)?
        }
    };
    if let Some(body) = &text {
        core.write(|c| {
            outbox::enqueue(
                c,
                secrets,
                outbox::NewMessage {
                    channel: "sms",
                    recipient: mobile.as_str(),
                    message_id: ANSWER_MESSAGE,
                    language: &lang,
                    body,
                },
                at,
            )?;
            Ok(())
        })?;
    }
    Ok(Answered {
        command,
        language: lang,
        text,
    })
}

/// One answer's work: the core, the language, the moment.
struct Ctx<'a> {
    core: &'a Core,
    lang: &'a str,
    now: DateTime<Utc>,
}

impl Ctx<'_> {
    fn say(&self, id: &str, args: &[Arg<'_>]) -> String {
        notices::render(self.core, self.lang, id, args)
    }

    fn today(&self) -> NaiveDate {
        self.core.today(self.now)
    }

    /// A header and lines, as many lines as fit in the answer's SMS.
    fn fit(&self, header: String, lines: Vec<String>) -> String {
        let limit = MAX_ANSWER_SEGMENTS
            .min(u32::try_from(self.core.profile.notifications.sms.max_segments).unwrap_or(1));
        let mut text = header;
        for line in lines {
            let longer = if text.is_empty() {
                line
            } else {
                format!("{text}\n{line}")
            };
            if segments::count(&longer).count > usize::try_from(limit).unwrap_or(1) {
                break;
            }
            text = longer;
        }
        text
    }

    fn refusal(&self, e: &Error) -> String {
        let reason = self.core.locales.render_plain(self.lang, &e.message());
        self.say("sms-cmd-refused", &[("reason", FluentValue::from(reason))])
    }

    /// `NEXT`: each person's open appointment, or next dose.
    fn next(&self, people: &[Beneficiary]) -> Result<String> {
        let today = self.today();
        let mut lines = Vec::new();
        for person in people {
            let name = FluentValue::from(short(&person.name, 24));
            let line = self.core.read(|c| {
                if let Some(a) = appointments::open_for(c, person.id)?
                    && let Some(s) = vaxkit_store::repo::sessions::get(c, a.session_id)?
                    && s.date >= today
                {
                    let facility = vaxkit_store::repo::facilities::by_ids(c, &[s.facility_id])?
                        .into_iter()
                        .next()
                        .map(|(f, _)| f.name)
                        .unwrap_or_default();
                    return Ok(self.say(
                        "sms-cmd-status-booked",
                        &[
                            ("name", name.clone()),
                            ("date", FluentValue::from(s.date.to_string())),
                            ("facility", FluentValue::from(short(&facility, 24))),
                            (
                                "code",
                                FluentValue::from(a.security_code(&self.core.store.secrets)?),
                            ),
                        ],
                    ));
                }
                let given = schedule::doses_of(c, person)?;
                let Some(last) = given.last() else {
                    return Ok(self.say("sms-cmd-status-none", &[("name", name.clone())]));
                };
                let answer = schedule::evaluate(
                    &self.core.profile,
                    &last.vaccine,
                    person,
                    &schedule::past(&given),
                    today,
                    schedule::Purpose::Book,
                )?;
                Ok(match (answer.next_dose, answer.earliest) {
                    (Some(dose), Some(earliest)) => self.say(
                        "sms-cmd-status-due",
                        &[
                            ("name", name.clone()),
                            ("dose", FluentValue::from(dose)),
                            (
                                "vaccine",
                                FluentValue::from(short(
                                    &vaccine_name(self.core, &answer.vaccine),
                                    20,
                                )),
                            ),
                            ("date", FluentValue::from(earliest.max(today).to_string())),
                        ],
                    ),
                    _ => self.say("sms-cmd-status-complete", &[("name", name.clone())]),
                })
            })?;
            lines.push(line);
        }
        if lines.is_empty() {
            return Ok(self.say("sms-cmd-none", &[]));
        }
        Ok(self.fit(String::new(), lines))
    }

    /// `BOOK <postal code>`: the first bookable session near it for each person.
    fn offer_book(&self, mobile: &str, people: &[Beneficiary], postal: &str) -> Result<String> {
        if postal.is_empty() {
            return Ok(self.say("sms-cmd-help", &[]));
        }
        let place = match Place::PostalCode(postal.to_string()).check(&self.core.profile) {
            Ok(p) => p,
            Err(e) => return Ok(self.refusal(&e)),
        };
        let today = self.today();
        let window = u64::try_from(self.core.profile.appointments.booking_window_days).unwrap_or(0);
        let search = sessions::Search {
            place,
            from: today,
            until: today.checked_add_days(Days::new(window)).unwrap_or(today),
            filters: Filters::default(),
        };
        let found = sessions::find(self.core, &search)?;
        let list = found.by_facility();
        let mut sessions_by_day: Vec<_> = list
            .iter()
            .flat_map(|(f, _, s)| s.iter().map(move |s| (*f, *s)))
            .filter(|(f, s)| f.active && s.available() > 0 && !s.slot_list().is_empty())
            .collect();
        sessions_by_day.sort_by_key(|(_, s)| (s.date, s.id));
        let mut choices = Vec::new();
        let mut lines = Vec::new();
        for person in people {
            let pick = self.core.read(|c| {
                if let Some(a) = appointments::open_for(c, person.id)?
                    && vaxkit_store::repo::sessions::get(c, a.session_id)?
                        .is_some_and(|s| s.date >= today)
                {
                    return Ok(None);
                }
                let past = schedule::past(&schedule::doses_of(c, person)?);
                for (facility, session) in &sessions_by_day {
                    let age = i64::from(schedule::birth(person).age_on(session.date));
                    if age < session.min_age || session.max_age.is_some_and(|m| age > m) {
                        continue;
                    }
                    let Ok(answer) = schedule::evaluate(
                        &self.core.profile,
                        &session.vaccine,
                        person,
                        &past,
                        session.date,
                        schedule::Purpose::Book,
                    ) else {
                        continue;
                    };
                    if answer.eligible
                        && answer
                            .next_dose
                            .is_some_and(|d| session.dose_numbers().contains(&d))
                    {
                        return Ok(Some((*facility, *session)));
                    }
                }
                Ok(None)
            })?;
            let Some((facility, session)) = pick else {
                continue;
            };
            let slot = session.slot_list().into_iter().next().unwrap_or_default();
            choices.push(BookChoice {
                person: person.reference.clone(),
                session: session.reference.clone(),
                slot,
            });
            lines.push(self.say(
                "sms-cmd-line-book",
                &[
                    ("number", FluentValue::from(choices.len())),
                    ("name", FluentValue::from(short(&person.name, 20))),
                    ("date", FluentValue::from(session.date.to_string())),
                    ("facility", FluentValue::from(short(&facility.name, 24))),
                ],
            ));
        }
        if choices.is_empty() {
            return Ok(self.say(
                "sms-cmd-no-sessions",
                &[("postal_code", FluentValue::from(postal))],
            ));
        }
        let text = self.fit(self.say("sms-cmd-offer-book", &[]), lines);
        // Only the choices that made it into the text can be chosen.
        let shown = text.lines().count().saturating_sub(1);
        choices.truncate(shown);
        self.keep(mobile, &Offer::Book { choices })?;
        Ok(text)
    }

    /// `CANCEL`: the open appointments, numbered.
    fn offer_cancel(&self, mobile: &str, actor: &Actor, people: &[Beneficiary]) -> Result<String> {
        let today = self.today();
        let open: Vec<_> = booking::list(self.core, actor)?
            .into_iter()
            .filter(|s| s.status == appointments::BOOKED && s.date >= today)
            .collect();
        if open.is_empty() {
            return Ok(self.say("sms-cmd-none", &[]));
        }
        let lines = open
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let name = people
                    .iter()
                    .find(|p| p.reference == s.beneficiary.reference)
                    .map_or(s.beneficiary.name.as_str(), |p| p.name.as_str());
                self.say(
                    "sms-cmd-line-cancel",
                    &[
                        ("number", FluentValue::from(i + 1)),
                        ("name", FluentValue::from(short(name, 20))),
                        ("date", FluentValue::from(s.date.to_string())),
                    ],
                )
            })
            .collect();
        let text = self.fit(self.say("sms-cmd-offer-cancel", &[]), lines);
        let shown = text.lines().count().saturating_sub(1);
        let choices = open
            .into_iter()
            .take(shown)
            .map(|s| s.appointment_id)
            .collect();
        self.keep(mobile, &Offer::Cancel { choices })?;
        Ok(text)
    }

    /// Keeps what was offered, for the reply with a number.
    fn keep(&self, mobile: &str, offer: &Offer) -> Result<()> {
        let state = serde_json::to_string(offer).map_err(Error::internal)?;
        let expires_at = self.now.naive_utc() + Duration::minutes(CHOICES_MINUTES);
        self.core.write(|c| {
            conversations::put(
                c,
                &self.core.store.secrets,
                &Conversation {
                    mobile: mobile.to_string(),
                    language: self.lang.to_string(),
                    state: state.clone(),
                    expires_at,
                },
            )?;
            Ok(())
        })
    }

    /// A number: books or cancels that choice; the booking's confirmation or the
    /// cancellation's notice is the answer, a refusal is answered in words.
    fn choose(
        &self,
        mobile: &str,
        actor: &Actor,
        conversation: Option<Conversation>,
        n: usize,
    ) -> Result<Option<String>> {
        let Some(offer) = conversation.and_then(|c| serde_json::from_str::<Offer>(&c.state).ok())
        else {
            return Ok(Some(self.say("sms-cmd-expired", &[])));
        };
        let index = n.checked_sub(1);
        let done = match &offer {
            Offer::Book { choices } => {
                let Some(choice) = index.and_then(|i| choices.get(i)) else {
                    return Ok(Some(self.say("sms-cmd-help", &[])));
                };
                let request = BookingRequest {
                    session_id: choice.session.clone(),
                    slot: choice.slot.clone(),
                    beneficiaries: vec![choice.person.clone()],
                    dose: None,
                };
                booking::book(self.core, actor, self.lang, &request, self.now).map(|_| ())
            }
            Offer::Cancel { choices } => {
                let Some(reference) = index.and_then(|i| choices.get(i)) else {
                    return Ok(Some(self.say("sms-cmd-help", &[])));
                };
                booking::cancel(self.core, actor, self.lang, reference, self.now).map(|_| ())
            }
        };
        match done {
            Ok(()) => {
                self.core
                    .write(|c| Ok(conversations::clear(c, &self.core.store.secrets, mobile)?))?;
                Ok(None)
            }
            Err(e) if is_refusal(&e) => Ok(Some(self.refusal(&e))),
            Err(e) => Err(e),
        }
    }
}

/// Whether an error is a refusal to tell the person (not a failure of the system).
fn is_refusal(e: &Error) -> bool {
    !matches!(
        e.code(),
        ErrorCode::InternalError | ErrorCode::ServiceUnavailable
    )
}

fn vaccine_name(core: &Core, product: &str) -> String {
    core.profile
        .vaccine(product)
        .map_or_else(|| product.to_string(), |v| v.name.clone())
}

/// A name cut to `max` characters (with an ellipsis), so that lists fit in an SMS.
fn short(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
        cut.push('.');
        cut
    }
}
