//! `vaxkit demo seed`: fills a database with a population for load tests and demonstrations —
//! facilities, a week of sessions, accounts, people with valid identity numbers of the
//! profile's schemes, past doses and open appointments — fast: `COPY` on PostgreSQL, one
//! transaction per batch on SQLite.
//!
//! Facilities and sessions are made by the use cases an administrator calls; people, doses and
//! appointments are written in bulk, each batch in one transaction with the counters and the
//! session bookings it adds up to, so figures always agree with the records. Identity numbers
//! are kept as registration keeps them (keyed hash, masked form, sealed copy), with the
//! database's own secret key.

use std::collections::HashMap;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::PoisonError;
use std::time::Instant;

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime};
use clap::Args;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use vaxkit_core::facilities::{self, FacilityInput};
use vaxkit_core::planning;
use vaxkit_core::types::{IdNumber, Mobile};
use vaxkit_core::{Actor, Core, ErrorCode};
use vaxkit_profile::BirthPrecision;
use vaxkit_profile::Profile;
use vaxkit_profile::schedule::Birth;
use vaxkit_store::repo::bulk::{self, AccountRow, AppointmentRow, DoseRow, PersonRow, Rows};
use vaxkit_store::repo::{self, sessions::Session};
use vaxkit_store::{DatabaseUrl, Secrets, Store, StoreError};

/// Options of `vaxkit demo seed`.
#[derive(Args)]
pub struct SeedArgs {
    /// Profile folder.
    #[arg(long, default_value = crate::cmd::DEFAULT_PROFILE)]
    profile: PathBuf,
    /// Database: postgres://user@host/db or sqlite:PATH.
    #[arg(long, env = "DATABASE_URL", hide_env_values = true, default_value = crate::cmd::DEFAULT_DATABASE)]
    database: String,
    /// How many people to add.
    #[arg(long)]
    people: u64,
    /// Facilities to spread them over (default: one per 5,000 people).
    #[arg(long)]
    facilities: Option<u64>,
    /// People written per transaction.
    #[arg(long, default_value_t = 10_000)]
    batch: u64,
    /// Past doses are spread over this many days before today.
    #[arg(long, default_value_t = 60)]
    days: u64,
    /// Share of the people who had a first dose (the others may hold an appointment for it).
    #[arg(long, default_value_t = 0.7)]
    vaccinated: f64,
    /// Chance that a person who had a dose had the next one once it was due (boosters
    /// included).
    #[arg(long, default_value_t = 0.6)]
    next_dose: f64,
    /// Seed of the random choices (names, ages, doses); the same seed gives the same population
    /// shape (references and sealed numbers stay random).
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

const GIVEN: [&str; 24] = [
    "Amina", "Ravi", "Sofia", "Omar", "Lena", "Kwame", "Priya", "Diego", "Fatima", "Chen", "Maria",
    "Yusuf", "Anika", "Tomas", "Leila", "Jonas", "Nadia", "Arjun", "Elena", "Samuel", "Zara",
    "Hugo", "Meera", "Ibrahim",
];
const FAMILY: [&str; 20] = [
    "Haddad", "Okafor", "Sharma", "Garcia", "Novak", "Mensah", "Rahman", "Silva", "Kaya", "Ito",
    "Petrov", "Costa", "Nair", "Moreau", "Adeyemi", "Khan", "Larsen", "Reyes", "Bauer", "Osei",
];

/// A facility people are vaccinated and booked at.
struct Place {
    id: i64,
    region: String,
    sessions: Vec<Session>,
}

/// Runs `vaxkit demo seed`.
pub fn run(args: SeedArgs) -> Result<ExitCode, String> {
    if args.people == 0 || args.batch == 0 {
        return Err("--people and --batch must be at least 1".into());
    }
    if !(0.0..=1.0).contains(&args.vaccinated) || !(0.0..=1.0).contains(&args.next_dose) {
        return Err("--vaccinated and --next-dose are shares from 0 to 1 (0.7 is 70%)".into());
    }
    let core = open(&args)?;
    let profile = &core.profile;
    let mut rng = StdRng::seed_from_u64(args.seed);
    let mut refs = StdRng::from_entropy();
    let started = Instant::now();
    let places = facilities_and_sessions(&core, &args)?;
    let schemes = IdMaker::for_profile(profile);
    if schemes.is_empty() {
        return Err(
            "none of the profile's ID schemes has a format simple enough to make numbers for"
                .into(),
        );
    }
    let mobiles = Template::parse(profile.country.phone_pattern.as_str())
        .ok_or("the profile's phone pattern is too complex to make numbers for")?;
    let now = core.clock.now();
    let today = core.today(now);
    let stamp = now.naive_utc();
    let capacity: HashMap<i64, i64> = places
        .iter()
        .flat_map(|p| p.sessions.iter().map(|s| (s.id, s.available())))
        .collect();
    let maker = BatchMaker {
        core: &core,
        places: &places,
        schemes: &schemes,
        mobiles: &mobiles,
        today,
        stamp,
        args: &args,
    };
    let written = Written::new(started);
    let rngs = (&mut rng, &mut refs);
    if !core.store.is_sqlite() {
        maker.write_concurrently(rngs, capacity, &written)?;
    } else {
        maker.write_in_turn(rngs, capacity, &written)?;
    }
    let (people, doses, booked) = written.totals();
    // The counters of past days folded, as a running server keeps them.
    vaxkit_core::counters::fold_closed_days(&core, now).map_err(|e| e.to_string())?;
    // Statistics for the planner, as a bulk load needs before it is queried.
    core.store.analyze().map_err(|e| e.to_string())?;
    let secs = started.elapsed().as_secs_f64();
    outln!(
        "{}: seeded {people} people, {doses} doses and {booked} appointments at {} facilities in {secs:.1} s ({:.0} people/s)",
        core.store.describe(),
        places.len(),
        people as f64 / secs.max(1e-9)
    );
    Ok(ExitCode::SUCCESS)
}

/// The core over the database with its own secret key (identity numbers must hash and seal as
/// the server's do).
fn open(args: &SeedArgs) -> Result<Core, String> {
    let profile = crate::cmd::load_profile(&args.profile)?;
    let locales = vaxkit_i18n::Locales::load(Some(&args.profile), &profile.country.languages)
        .map_err(|e| format!("{}: {e}", args.profile.display()))?;
    let url = DatabaseUrl::parse(&args.database).map_err(|e| e.to_string())?;
    let sqlite_path = match &url {
        DatabaseUrl::Sqlite(path) => Some(path.as_path()),
        DatabaseUrl::Postgres(_) => None,
    };
    let (secrets, _) = Secrets::load(sqlite_path).map_err(|e| e.to_string())?;
    let store = Store::open(&url, secrets, 2).map_err(|e| e.to_string())?;
    store.migrate().map_err(|e| e.to_string())?;
    store.check_key().map_err(|e| e.to_string())?;
    vaxkit_core::places::sync_regions(&store, &profile.regions).map_err(|e| e.to_string())?;
    Ok(Core::new(
        profile,
        locales,
        store,
        vaxkit_core::Clock::system(),
        None,
    ))
}

/// Facilities `SEED-1`.. (one per region of the lowest level in turn; those that exist are
/// reused) and, at each, a week of sessions from today for each vaccine in use, 200 places each.
fn facilities_and_sessions(core: &Core, args: &SeedArgs) -> Result<Vec<Place>, String> {
    let profile = &core.profile;
    let now = core.clock.now();
    let today = core.today(now);
    let deepest = profile.regions.levels.len().saturating_sub(1);
    let regions: Vec<_> = profile
        .regions
        .list
        .iter()
        .filter(|r| r.level == deepest)
        .collect();
    if regions.is_empty() {
        return Err("the profile has no regions".into());
    }
    let count = args
        .facilities
        .unwrap_or_else(|| args.people.div_ceil(5000))
        .max(1);
    let refusal = |e: vaxkit_core::Error| crate::cmd::refusal(core, &e);
    let until = today
        .checked_add_days(Days::new(6))
        .ok_or("the date is out of range")?;
    let mut places = Vec::new();
    for i in 0..count {
        let region = regions
            .get(usize::try_from(i).unwrap_or(0) % regions.len())
            .ok_or("no region")?;
        let code = format!("SEED-{}", i + 1);
        let input = FacilityInput {
            code: code.clone(),
            name: format!("{} Health Centre {}", region.name, i + 1),
            address: format!("{} Hospital Road, {}", i % 90 + 1, region.name),
            region: region.code.clone(),
            postal_code: None,
            latitude: None,
            longitude: None,
        };
        let fresh = match facilities::create(core, &Actor::Cli, input, now) {
            Ok(_) => true,
            Err(e) if e.code() == ErrorCode::FacilityExists => false,
            Err(e) => return Err(refusal(e)),
        };
        if fresh {
            for plan in super::plans(profile, &code, today, until, 400) {
                planning::plan(core, &Actor::Cli, &plan, now).map_err(refusal)?;
            }
        }
        let place = core
            .store
            .read(|c| {
                let Some((f, region)) = repo::facilities::by_code(c, &code)? else {
                    return Ok(None);
                };
                let sessions = repo::sessions::for_facilities(c, &[f.id], today, until)?;
                Ok(Some(Place {
                    id: f.id,
                    region,
                    sessions,
                }))
            })
            .map_err(|e| e.to_string())?
            .ok_or_else(|| format!("facility {code} is missing"))?;
        places.push(place);
    }
    Ok(places)
}

/// Batches written at once on PostgreSQL, each in its own transaction on its own connection,
/// while the next one is made: one backend writing (`COPY` and the upkeep of every index) kept
/// a core busy while the other waited. SQLite has one writer: its batches are written in turn.
const POSTGRES_WRITERS: usize = 2;

/// What makes batches of rows: the places, the ID schemes, the options.
struct BatchMaker<'a> {
    core: &'a Core,
    places: &'a [Place],
    schemes: &'a [IdMaker],
    mobiles: &'a Template,
    today: NaiveDate,
    stamp: NaiveDateTime,
    args: &'a SeedArgs,
}

impl BatchMaker<'_> {
    /// `size` people and what they come with, keyed from `next`; the places they book are
    /// taken from `capacity`. Answers the rows and the next free keys.
    fn make(
        &self,
        (rng, refs): (&mut StdRng, &mut StdRng),
        capacity: &mut HashMap<i64, i64>,
        next: bulk::NextIds,
        size: u64,
    ) -> Result<(Rows, bulk::NextIds), StoreError> {
        let mut batch = Generator {
            core: self.core,
            rng,
            refs,
            places: self.places,
            capacity,
            schemes: self.schemes,
            mobiles: self.mobiles,
            today: self.today,
            stamp: self.stamp,
            days: self.args.days,
            vaccinated: self.args.vaccinated,
            next_dose: self.args.next_dose,
            next,
            rows: Rows::default(),
        };
        batch.people(size)?;
        Ok((batch.rows, batch.next))
    }

    /// The sizes of the batches, in order.
    fn sizes(&self) -> impl Iterator<Item = u64> + '_ {
        let (people, batch) = (self.args.people, self.args.batch);
        (0..people.div_ceil(batch)).map(move |i| batch.min(people - i * batch))
    }

    /// SQLite: each batch made and written in one transaction, keyed after the rows already
    /// there.
    fn write_in_turn(
        &self,
        (rng, refs): (&mut StdRng, &mut StdRng),
        mut capacity: HashMap<i64, i64>,
        written: &Written,
    ) -> Result<(), String> {
        for size in self.sizes() {
            let made = self.core.store.write(|c| {
                // The places this batch takes are kept only once it is written (a write whose
                // connection was lost runs again).
                let mut places_left = capacity.clone();
                let next = bulk::reserve(c)?;
                let (rows, _) = self.make((&mut *rng, &mut *refs), &mut places_left, next, size)?;
                bulk::write(c, &rows)?;
                Ok::<_, StoreError>((rows, places_left))
            });
            let (rows, places_left) = made.map_err(|e| e.to_string())?;
            capacity = places_left;
            written.add(&rows);
        }
        Ok(())
    }

    /// PostgreSQL: the keys of the whole run reserved first, then each batch made on this
    /// thread while [`POSTGRES_WRITERS`] threads write the ones made before, each in its own
    /// transaction (the counters and sessions each batch adds to are updated in key order, so
    /// two batches never wait for each other in a cycle).
    fn write_concurrently(
        &self,
        (rng, refs): (&mut StdRng, &mut StdRng),
        mut capacity: HashMap<i64, i64>,
        written: &Written,
    ) -> Result<(), String> {
        let people = i64::try_from(self.args.people).map_err(|e| e.to_string())?;
        let most_doses = self
            .core
            .profile
            .vaccines
            .iter()
            .map(|v| i64::from(v.doses + v.boosters))
            .max()
            .unwrap_or(0);
        let wanted = bulk::NextIds {
            account: people,
            person: people,
            dose: people.saturating_mul(most_doses),
            appointment: people,
        };
        let mut next = self
            .core
            .store
            .write(|c| bulk::reserve_ahead(c, wanted))
            .map_err(|e| e.to_string())?;
        let (to_writers, batches) = std::sync::mpsc::sync_channel::<Rows>(POSTGRES_WRITERS);
        // Dropped by the first writer that fails, so that making more batches stops.
        let batches = std::sync::Mutex::new(Some(batches));
        let failed: std::sync::Mutex<Option<String>> = std::sync::Mutex::new(None);
        std::thread::scope(|scope| {
            for _ in 0..POSTGRES_WRITERS {
                scope.spawn(|| {
                    loop {
                        let rows = {
                            let queue = batches.lock().unwrap_or_else(PoisonError::into_inner);
                            match queue.as_ref().map(std::sync::mpsc::Receiver::recv) {
                                Some(Ok(rows)) => rows,
                                _ => return,
                            }
                        };
                        if let Err(e) = self.core.store.write(|c| bulk::write(c, &rows)) {
                            failed
                                .lock()
                                .unwrap_or_else(PoisonError::into_inner)
                                .get_or_insert_with(|| e.to_string());
                            // The batches still queued are dropped, and no more are made.
                            batches
                                .lock()
                                .unwrap_or_else(PoisonError::into_inner)
                                .take();
                            return;
                        }
                        written.add(&rows);
                    }
                });
            }
            // Owned here, so that the writers' queue closes however making ends, before the
            // scope waits for them.
            let to_writers = to_writers;
            for size in self.sizes() {
                let (rows, after) = self
                    .make((&mut *rng, &mut *refs), &mut capacity, next, size)
                    .map_err(|e| e.to_string())?;
                next = after;
                // Refused once a writer failed and dropped the queue.
                if to_writers.send(rows).is_err() {
                    break;
                }
            }
            Ok::<_, String>(())
        })?;
        match failed.into_inner().unwrap_or_else(PoisonError::into_inner) {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}

/// The rows written so far, counted as each batch commits, with a line of progress.
struct Written {
    started: Instant,
    totals: std::sync::Mutex<(u64, u64, u64)>,
}

impl Written {
    fn new(started: Instant) -> Self {
        Self {
            started,
            totals: std::sync::Mutex::new((0, 0, 0)),
        }
    }

    /// Counts a committed batch and prints the totals.
    fn add(&self, rows: &Rows) {
        let mut totals = self.totals.lock().unwrap_or_else(PoisonError::into_inner);
        totals.0 += rows.people.len() as u64;
        totals.1 += rows.doses.len() as u64;
        totals.2 += rows.appointments.len() as u64;
        let (people, doses, booked) = *totals;
        let secs = self.started.elapsed().as_secs_f64();
        let _ = writeln!(
            std::io::stderr().lock(),
            "{people} people, {doses} doses, {booked} appointments ({:.0} people/s)",
            people as f64 / secs.max(1e-9)
        );
    }

    /// People, doses and appointments written.
    fn totals(&self) -> (u64, u64, u64) {
        *self.totals.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Makes one batch of rows.
struct Generator<'a> {
    core: &'a Core,
    rng: &'a mut StdRng,
    refs: &'a mut StdRng,
    places: &'a [Place],
    capacity: &'a mut HashMap<i64, i64>,
    schemes: &'a [IdMaker],
    mobiles: &'a Template,
    today: NaiveDate,
    stamp: NaiveDateTime,
    days: u64,
    vaccinated: f64,
    next_dose: f64,
    next: bulk::NextIds,
    rows: Rows,
}

impl Generator<'_> {
    /// Accounts of one to four people until `count` people are made.
    fn people(&mut self, count: u64) -> Result<(), StoreError> {
        let core: &Core = self.core;
        let profile: &Profile = &core.profile;
        let most =
            u64::try_from(profile.registration.max_beneficiaries_per_account.max(1)).unwrap_or(1);
        let mut made = 0;
        while made < count {
            let family = [1u64, 1, 1, 1, 2, 2, 2, 3, 3, 4]
                .get(self.rng.gen_range(0..10))
                .copied()
                .unwrap_or(1)
                .min(most)
                .min(count - made);
            let account = self.next.account;
            self.next.account += 1;
            let mobile = self
                .mobiles
                .number(u64::try_from(account).unwrap_or(0), 1_000_003)
                .and_then(|n| Mobile::parse(profile, &n).ok())
                .ok_or_else(|| StoreError::Config("cannot make a valid mobile number".into()))?;
            self.rows.accounts.push(AccountRow {
                id: account,
                mobile_hash: self.core.store.secrets.mobile_hash(mobile.as_str()),
                mobile_sealed: self.core.store.secrets.seal_text(mobile.as_str())?,
                created_at: self.stamp,
            });
            let place = self.rng.gen_range(0..self.places.len());
            let family_name = *FAMILY
                .get(self.rng.gen_range(0..FAMILY.len()))
                .unwrap_or(&"Doe");
            for _ in 0..family {
                self.person(account, place, family_name)?;
                made += 1;
            }
        }
        Ok(())
    }

    fn person(&mut self, account: i64, place: usize, family: &str) -> Result<(), StoreError> {
        let core: &Core = self.core;
        let profile: &Profile = &core.profile;
        let id = self.next.person;
        self.next.person += 1;
        let age = if self.rng.gen_bool(0.25) {
            self.rng.gen_range(0..18)
        } else {
            self.rng.gen_range(18..90)
        };
        let year = self.today.year() - age;
        let birth_date = NaiveDate::from_yo_opt(year, self.rng.gen_range(1..=365));
        let birth = match (profile.registration.birth, birth_date) {
            (BirthPrecision::Date, Some(d)) => Birth::Date(d),
            _ => Birth::Year(year),
        };
        let genders = &profile.registration.genders;
        let gender = if genders.len() > 2 && self.rng.gen_bool(0.01) {
            genders.get(2)
        } else {
            genders.get(self.rng.gen_range(0..genders.len().clamp(1, 2)))
        }
        .cloned()
        .unwrap_or_else(|| "other".into());
        let languages = &profile.country.languages;
        let language = if self.rng.gen_bool(0.6) {
            languages.first()
        } else {
            languages.get(self.rng.gen_range(0..languages.len().max(1)))
        }
        .cloned()
        .unwrap_or_else(|| "en".into());
        let number = self.id_number(u64::try_from(id).unwrap_or(0))?;
        let secrets = &core.store.secrets;
        let given = *GIVEN
            .get(self.rng.gen_range(0..GIVEN.len()))
            .unwrap_or(&"Alex");
        self.rows.people.push(PersonRow {
            id,
            reference: repo::new_reference_with(self.refs, 14),
            account_id: account,
            name: format!("{given} {family}"),
            birth_year: i64::from(year),
            birth_date: match birth {
                Birth::Date(d) => Some(d),
                Birth::Year(_) => None,
            },
            gender: gender.clone(),
            id_scheme: number.scheme().to_string(),
            id_hash: number.hash(secrets),
            id_masked: number.masked().to_string(),
            id_sealed: number
                .seal(secrets)
                .map_err(|e| StoreError::Crypto(e.to_string()))?,
            language,
            corrected: String::new(),
            created_at: self.stamp,
            merged_into: None,
            latin_name: None,
        });
        self.doses_of(id, &birth, &gender, place)?;
        Ok(())
    }

    /// A valid identity number of one of the profile's schemes, unique to this person key.
    fn id_number(&mut self, key: u64) -> Result<IdNumber, StoreError> {
        let start = self.rng.gen_range(0..self.schemes.len());
        for i in 0..self.schemes.len() {
            let Some(maker) = self.schemes.get((start + i) % self.schemes.len()) else {
                continue;
            };
            if let Some(n) = maker.make(&self.core.profile, key) {
                return Ok(n);
            }
        }
        Err(StoreError::Config(format!(
            "no ID scheme of the profile could number person {key}"
        )))
    }

    /// Past doses (most adults have the first, many the second) or, for someone with none, at
    /// times an open appointment for the first at their facility.
    fn doses_of(
        &mut self,
        person: i64,
        birth: &Birth,
        gender: &str,
        place: usize,
    ) -> Result<(), StoreError> {
        let core: &Core = self.core;
        let profile: &Profile = &core.profile;
        let places: &[Place] = self.places;
        let Some(facility) = places.get(place) else {
            return Ok(());
        };
        let first_day = self
            .today
            .checked_sub_days(Days::new(self.rng.gen_range(1..=self.days.max(1))))
            .unwrap_or(self.today);
        let vaccine = profile.vaccines.iter().find(|v| {
            v.available.contains(first_day)
                && v.ages.iter().any(|a| {
                    let age = u32::try_from(birth.age_on(first_day)).unwrap_or(0);
                    a.period.contains(first_day)
                        && age >= a.min_years
                        && a.max_years.is_none_or(|m| age <= m)
                })
        });
        let Some(vaccine) = vaccine.filter(|_| self.rng.gen_bool(self.vaccinated)) else {
            return self.appointment(person, birth, place);
        };
        let mut day = first_day;
        for dose in 1..=i64::from(vaccine.doses + vaccine.boosters) {
            if dose > 1 {
                let rule = vaccine
                    .intervals
                    .iter()
                    .find(|r| i64::from(r.after_dose) == dose - 1);
                let gap = rule.map_or(28, |r| r.min_days);
                match day.checked_add_days(Days::new(u64::from(gap) + self.rng.gen_range(0..7))) {
                    Some(d)
                        if d < self.today
                            && rule
                                .and_then(|r| r.min_age_years)
                                .is_none_or(|m| i64::from(birth.age_on(d)) >= i64::from(m))
                            && self.rng.gen_bool(self.next_dose) =>
                    {
                        day = d;
                    }
                    _ => break,
                }
            }
            let band = vaxkit_core::counters::age_band(birth.age_on(day)).to_string();
            let id = self.next.dose;
            self.next.dose += 1;
            self.rows.doses.push(DoseRow {
                id,
                reference: repo::new_reference_with(self.refs, 14),
                beneficiary_id: person,
                dose,
                vaccine: vaccine.code.clone(),
                given_on: day,
                created_at: self.stamp,
                batch: Some(format!("LOT{}", self.rng.gen_range(1000..1100))),
                facility_id: Some(facility.id),
                staff_id: None,
                appointment_id: None,
                idempotency_key: None,
                override_reason: None,
                counted_region: Some(facility.region.clone()),
                counted_age_band: Some(band.clone()),
                counted_gender: Some(gender.to_string()),
            });
            *self
                .rows
                .counters
                .entry((
                    day,
                    facility.region.clone(),
                    facility.id,
                    vaccine.code.clone(),
                    dose,
                    band,
                    gender.to_string(),
                ))
                .or_default() += 1;
        }
        Ok(())
    }

    /// One in five people without a dose has booked the first at their facility, where a
    /// session for their age has a place left.
    fn appointment(&mut self, person: i64, birth: &Birth, place: usize) -> Result<(), StoreError> {
        if !self.rng.gen_bool(0.2) {
            return Ok(());
        }
        let places: &[Place] = self.places;
        let Some(facility) = places.get(place) else {
            return Ok(());
        };
        let pick = self.rng.gen_range(0..facility.sessions.len().max(1));
        let Some(session) = facility.sessions.get(pick) else {
            return Ok(());
        };
        let age = i64::from(birth.age_on(session.date));
        let left = self.capacity.entry(session.id).or_default();
        if *left <= 0
            || age < session.min_age
            || session.max_age.is_some_and(|m| age > m)
            || !session.dose_numbers().contains(&1)
        {
            return Ok(());
        }
        *left -= 1;
        let slots = session.slot_list();
        let id = self.next.appointment;
        self.next.appointment += 1;
        let code = format!("{:04}", self.refs.gen_range(0..10_000));
        let secrets = &self.core.store.secrets;
        self.rows.appointments.push(AppointmentRow {
            id,
            reference: repo::new_reference_with(self.refs, 12),
            beneficiary_id: person,
            session_id: session.id,
            dose: 1,
            slot: slots
                .get(self.rng.gen_range(0..slots.len().max(1)))
                .cloned()
                .unwrap_or_default(),
            security_code_hash: secrets.security_code_hash(&code),
            status: "booked".into(),
            created_at: self.stamp,
            updated_at: self.stamp,
            security_code_sealed: secrets.seal_text(&code)?,
        });
        *self.rows.booked.entry(session.id).or_default() += 1;
        Ok(())
    }
}

/// Makes numbers of one ID scheme: the format filled from a person's key (so no two people
/// share one), then the scheme's check characters; numbers the scheme refuses are skipped.
struct IdMaker {
    scheme: String,
    template: Template,
    check_len: usize,
}

impl IdMaker {
    /// A maker for each scheme whose format is simple enough and whose check characters are
    /// the last ones.
    fn for_profile(profile: &Profile) -> Vec<IdMaker> {
        let mut out = Vec::new();
        for s in &profile.id_schemes {
            let Some(full) = Template::parse(s.pattern.as_str()) else {
                continue;
            };
            // The check characters' count: what the algorithm appends to a sample payload.
            let sample: String = full
                .classes
                .iter()
                .map(|c| c.first().copied().unwrap_or('0'))
                .collect();
            let check_len = (1..=full.classes.len())
                .find_map(|k| {
                    let payload: String = sample.chars().take(full.classes.len() - k).collect();
                    s.checksum
                        .check_digits(&payload)
                        .filter(|d| d.chars().count() == k)
                        .map(|_| k)
                })
                .unwrap_or(0);
            let maker = IdMaker {
                scheme: s.id.clone(),
                template: Template {
                    classes: full
                        .classes
                        .iter()
                        .take(full.classes.len() - check_len)
                        .cloned()
                        .collect(),
                },
                check_len,
            };
            // Kept only if it makes valid numbers.
            if (1..20u64)
                .filter(|k| maker.make(profile, *k * 7919).is_some())
                .count()
                >= 10
            {
                out.push(maker);
            }
        }
        out
    }

    fn make(&self, profile: &Profile, key: u64) -> Option<IdNumber> {
        let payload = self.template.number(key, 999_983)?;
        let scheme = profile.id_scheme(&self.scheme)?;
        let check = if self.check_len == 0 {
            String::new()
        } else {
            scheme.checksum.check_digits(&payload)?
        };
        IdNumber::parse(profile, &self.scheme, &format!("{payload}{check}")).ok()
    }
}

/// A fixed-length format (`[1-9][0-9]{9}`, `[A-Z][0-9]{7}`, `\d{3}`...): the characters each
/// position may hold.
struct Template {
    classes: Vec<Vec<char>>,
}

impl Template {
    /// Reads the simple patterns profiles use; None for anything with alternatives or
    /// optional parts.
    fn parse(pattern: &str) -> Option<Template> {
        let p = pattern.strip_prefix('^').unwrap_or(pattern);
        let p = p.strip_suffix('$').unwrap_or(p);
        let p = p
            .strip_prefix("(?:")
            .and_then(|q| q.strip_suffix(')'))
            .unwrap_or(p);
        let chars: Vec<char> = p.chars().collect();
        let mut classes: Vec<Vec<char>> = Vec::new();
        let mut i = 0;
        while let Some(&c) = chars.get(i) {
            let class: Vec<char> = match c {
                '[' => {
                    let end = i + chars.get(i..)?.iter().position(|&x| x == ']')?;
                    let body = chars.get(i + 1..end)?;
                    i = end + 1;
                    let mut set = Vec::new();
                    let mut j = 0;
                    while let Some(&a) = body.get(j) {
                        if a == '^' || a == '\\' {
                            return None;
                        }
                        if body.get(j + 1) == Some(&'-') && body.get(j + 2).is_some() {
                            let b = *body.get(j + 2)?;
                            set.extend(a..=b);
                            j += 3;
                        } else {
                            set.push(a);
                            j += 1;
                        }
                    }
                    set
                }
                '\\' if chars.get(i + 1) == Some(&'d') => {
                    i += 2;
                    ('0'..='9').collect()
                }
                c if c.is_ascii_alphanumeric() => {
                    i += 1;
                    vec![c]
                }
                _ => return None,
            };
            let mut times = 1;
            if chars.get(i) == Some(&'{') {
                let end = i + chars.get(i..)?.iter().position(|&x| x == '}')?;
                let inner: String = chars.get(i + 1..end)?.iter().collect();
                times = inner.split(',').next()?.trim().parse().ok()?;
                i = end + 1;
            }
            if class.is_empty() {
                return None;
            }
            for _ in 0..times {
                classes.push(class.clone());
            }
        }
        (!classes.is_empty()).then_some(Template { classes })
    }

    /// The `key`-th string of the format in a scrambled order (`key` times a number prime to
    /// the count of strings, so distinct keys give distinct strings while keys are fewer).
    fn number(&self, key: u64, multiplier: u64) -> Option<String> {
        let space = self
            .classes
            .iter()
            .try_fold(1u128, |acc, c| acc.checked_mul(c.len() as u128))?;
        let m = if gcd(u128::from(multiplier), space) == 1 {
            u128::from(multiplier)
        } else {
            1
        };
        if u128::from(key) >= space {
            return None;
        }
        let mut n = u128::from(key) * m % space;
        let mut out: Vec<char> = Vec::with_capacity(self.classes.len());
        for class in self.classes.iter().rev() {
            let len = class.len() as u128;
            out.push(*class.get(usize::try_from(n % len).ok()?)?);
            n /= len;
        }
        out.reverse();
        Some(out.into_iter().collect())
    }
}

fn gcd(a: u128, b: u128) -> u128 {
    if b == 0 { a } else { gcd(b, a % b) }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn templates_read_simple_patterns_and_number_without_repeats() {
        let t = Template::parse("^(?:[1-9][0-9]{2}X)$").unwrap();
        assert_eq!(t.classes.len(), 4);
        let all: std::collections::HashSet<String> =
            (0..900).map(|k| t.number(k, 7).unwrap()).collect();
        assert_eq!(all.len(), 900, "every key gives its own number");
        assert!(all.iter().all(|n| n.ends_with('X') && !n.starts_with('0')));
        assert!(Template::parse("[0-9]{8}|[A-Z]{2}").is_none());
        assert!(Template::parse("[0-9]?").is_none());
    }
}
