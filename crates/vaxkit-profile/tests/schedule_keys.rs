//! The loader on three keys of the routine schedule: an interval's `for_vaccines`, a dose
//! product's `may_follow` and a dose's `booster`. Each is written in a small profile in a
//! temporary folder; a correct use must reach the model with the meaning the profile guide gives
//! it (so a loader that dropped the key fails), and each mistake an author may make must be
//! reported at its file, line and column with a hint.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::path::PathBuf;

use chrono::NaiveDate;
use vaxkit_profile::forecast::{Given, Patient, Proposal, Verdict, propose};
use vaxkit_profile::immunization::{FollowRule, ProductId, Schedule};
use vaxkit_profile::{Diagnostic, LoadOptions, Period, Profile, Span, load};

/// Country, one antigen, three products, and the head of a series whose first dose accepts
/// two of them; each test appends the doses after it.
const HEAD: &str = r#"version = 2

[country]
code = "XX"
name = "Minimalia"
timezone = "Asia/Kolkata"
languages = ["en"]
phone = { calling_code = "91", pattern = "[6-9][0-9]{9}" }
regions = { levels = ["state", "district"], file = "regions.csv" }

[[antigens]]
code = "covid-19"
name = "COVID-19"

[[vaccines]]
code = "covishield"
name = "Covishield"
antigens = ["covid-19"]

[[vaccines]]
code = "covaxin"
name = "Covaxin"
antigens = ["covid-19"]

[[vaccines]]
code = "corbevax"
name = "Corbevax"
antigens = ["covid-19"]

[[series]]
code = "covid"
name = "COVID-19"
antigen = "covid-19"

[[series.doses]]
age = { min = "18 years" }
preferable = ["covishield", "covaxin"]
"#;

const REGIONS: &str =
    "code,name,level,parent,population\nS1,State One,state,,\nD1,District One,district,S1,\n";

/// A profile folder holding `HEAD` followed by `doses`; the folder lives as long as the value.
struct Written {
    dir: tempfile::TempDir,
    text: String,
}

impl Written {
    fn new(doses: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let text = format!("{HEAD}{doses}");
        std::fs::write(dir.path().join("profile.toml"), &text).unwrap();
        std::fs::write(dir.path().join("regions.csv"), REGIONS).unwrap();
        Self { dir, text }
    }

    fn file(&self) -> PathBuf {
        self.dir.path().join("profile.toml")
    }

    fn load(&self) -> Result<Profile, Vec<Diagnostic>> {
        load(self.dir.path(), &LoadOptions::default()).map_err(|d| d.0)
    }

    /// Line and column (1-based, in characters) of the `nth` (0-based) occurrence of `needle`
    /// in the doses a test wrote (after `HEAD`).
    fn at(&self, needle: &str, nth: usize) -> (usize, usize) {
        let offset = HEAD.len()
            + self.text[HEAD.len()..]
                .match_indices(needle)
                .nth(nth)
                .unwrap_or_else(|| panic!("`{needle}` is not in the doses written"))
                .0;
        let before = &self.text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        (line, before[line_start..].chars().count() + 1)
    }
}

fn loaded(doses: &str) -> Profile {
    Written::new(doses)
        .load()
        .unwrap_or_else(|d| panic!("the profile does not load:\n{d:#?}"))
}

/// Loads a profile that must fail, and returns the diagnostics with the folder.
fn refused(doses: &str) -> (Written, Vec<Diagnostic>) {
    let w = Written::new(doses);
    match w.load() {
        Ok(_) => panic!("the profile loads, but should not:\n{doses}"),
        Err(d) => (w, d),
    }
}

/// The one diagnostic at `path`, checked to be at the `nth` occurrence of `needle` in the file,
/// to say `message` and to give a hint containing `help`.
fn expect_at(
    w: &Written,
    diags: &[Diagnostic],
    path: &str,
    (needle, nth): (&str, usize),
    message: &str,
    help: &str,
) {
    let found: Vec<&Diagnostic> = diags.iter().filter(|d| d.path == path).collect();
    assert_eq!(found.len(), 1, "one diagnostic at {path}: {diags:#?}");
    let d = found[0];
    let (line, column) = w.at(needle, nth);
    assert_eq!(
        (&d.file, d.line, d.column),
        (&w.file(), line, column),
        "position of {d}"
    );
    assert!(d.message.contains(message), "message of {d}");
    let hint = d.help.as_deref().unwrap_or_default();
    assert!(hint.contains(help), "help of {d}");
    // As printed: file:line:column first.
    assert!(
        d.to_string()
            .starts_with(&format!("{}:{line}:{column}: {path}: ", w.file().display())),
        "{d}"
    );
}

fn id(s: &Schedule, code: &str) -> ProductId {
    s.product(code).unwrap()
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn span(s: &str) -> Span {
    Span::parse(s).unwrap()
}

fn ask(p: &Profile, given: &[(&str, &str)], product: &str, on: &str) -> Proposal {
    let s = &p.schedule;
    let patient = Patient {
        birth: day("1980-01-01"),
        gender: None,
        region: None,
        conditions: &[],
    };
    let given: Vec<Given> = given
        .iter()
        .map(|(date, code)| Given {
            date: day(date),
            product: id(s, code),
        })
        .collect();
    propose(s, &patient, &given, id(s, product), day(on), None).unwrap()
}

// --- for_vaccines -------------------------------------------------------------------------

const FOR_VACCINES: &str = r#"
[[series.doses]]
intervals = [
  { for_vaccines = ["covishield"], min = "12 weeks", latest = "16 weeks" },
  { for_vaccines = ["covaxin"], min = "4 weeks", latest = "6 weeks" },
]
preferable = ["covishield", "covaxin"]
"#;

#[test]
fn for_vaccines_limits_an_interval_to_the_product_given() {
    let p = loaded(FOR_VACCINES);
    let s = &p.schedule;
    let intervals = &s.series[0].doses[1].intervals;
    assert_eq!(intervals.len(), 2);
    assert_eq!(intervals[0].for_products, vec![id(s, "covishield")]);
    assert_eq!(intervals[0].min, Some(span("12 weeks")));
    assert_eq!(intervals[1].for_products, vec![id(s, "covaxin")]);
    assert_eq!(intervals[1].min, Some(span("4 weeks")));
    // Each gap applies only to a dose of its own product: Covaxin 30 days after Covaxin is due,
    // Covishield 30 days after Covishield waits for its 12 weeks.
    let covaxin = ask(&p, &[("2021-06-01", "covaxin")], "covaxin", "2021-07-01");
    assert_eq!(covaxin.verdict, Verdict::Due, "{covaxin:?}");
    assert_eq!(covaxin.earliest, Some(day("2021-06-29")));
    let covishield = ask(
        &p,
        &[("2021-06-01", "covishield")],
        "covishield",
        "2021-07-01",
    );
    assert_eq!(covishield.verdict, Verdict::TooSoon, "{covishield:?}");
    assert_eq!(covishield.earliest, Some(day("2021-08-24")));
}

#[test]
fn for_vaccines_mistakes_are_reported_at_the_code() {
    let (w, diags) = refused(
        r#"
[[series.doses]]
intervals = [
  { for_vaccines = ["covishild"], min = "12 weeks" },
  { for_vaccines = ["corbevax"], min = "4 weeks" },
]
allowable_interval = { for_vaccines = ["covaxin", "corbevax"], absolute_min = "3 weeks" }
preferable = ["covishield"]
allowable = ["covaxin"]
"#,
    );
    assert_eq!(diags.len(), 3, "{diags:#?}");
    expect_at(
        &w,
        &diags,
        "series[0].doses[1].intervals[0].for_vaccines[0]",
        ("\"covishild\"", 0),
        "unknown vaccine `covishild`",
        "did you mean `covishield`?",
    );
    // A product the dose does not accept: the interval could never apply.
    expect_at(
        &w,
        &diags,
        "series[0].doses[1].intervals[1].for_vaccines[0]",
        ("\"corbevax\"", 0),
        "the dose does not accept `corbevax`",
        "add `corbevax` to the dose's preferable or allowable vaccines",
    );
    expect_at(
        &w,
        &diags,
        "series[0].doses[1].allowable_interval.for_vaccines[1]",
        ("\"corbevax\"", 1),
        "the dose does not accept `corbevax`",
        "or remove it from for_vaccines",
    );
}

#[test]
fn for_vaccines_of_the_wrong_type_is_reported() {
    let (w, diags) = refused(
        r#"
[[series.doses]]
interval = { for_vaccines = "covaxin", min = "4 weeks" }
preferable = ["covaxin"]
"#,
    );
    assert_eq!(diags.len(), 1, "{diags:#?}");
    expect_at(
        &w,
        &diags,
        "series[0].doses[1].interval.for_vaccines",
        ("\"covaxin\", min", 0),
        "invalid type: string \"covaxin\", expected a list [...]",
        "check the quoting",
    );
}

// --- may_follow ---------------------------------------------------------------------------

const MAY_FOLLOW: &str = r#"
[[series.doses]]
interval = { min = "4 weeks" }
preferable = ["covishield", "covaxin"]

[[series.doses]]
booster = true
interval = { min = "6 months" }
preferable = [
  "covishield",
  "covaxin",
  { vaccine = "corbevax", may_follow = [{ vaccines = ["covishield"], from = 2022-08-12 }] },
]
"#;

#[test]
fn may_follow_lets_a_product_follow_the_listed_ones_while_in_force() {
    let p = loaded(MAY_FOLLOW);
    let s = &p.schedule;
    let booster = &s.series[0].doses[2];
    let corbevax = booster
        .preferable
        .iter()
        .find(|e| e.product == id(s, "corbevax"))
        .unwrap();
    let rules: &[FollowRule] = corbevax.may_follow.as_deref().unwrap();
    assert_eq!(rules.len(), 1);
    assert_eq!(rules[0].products, vec![id(s, "covishield")]);
    assert_eq!(
        rules[0].period,
        Period {
            from: Some(day("2022-08-12")),
            until: None
        }
    );
    // A product written as a bare code may follow anything.
    let covishield = &booster.preferable[0];
    assert!(covishield.may_follow.is_none());
    // Corbevax may follow Covishield from 12 August 2022, itself always, Covaxin never.
    let [cs, cx, cb] = [id(s, "covishield"), id(s, "covaxin"), id(s, "corbevax")];
    assert!(corbevax.may_follow([cs, cs], day("2022-08-12")));
    assert!(!corbevax.may_follow([cs, cs], day("2022-08-11")));
    assert!(!corbevax.may_follow([cx, cx], day("2022-09-01")));
    assert!(!corbevax.may_follow([cs, cx], day("2022-09-01")));
    assert!(corbevax.may_follow([cb], day("2021-01-01")));
    // And the booking answers follow.
    let two = |code| [("2022-01-01", code), ("2022-02-01", code)];
    let a = ask(&p, &two("covishield"), "corbevax", "2022-09-01");
    assert_eq!((a.verdict, a.dose), (Verdict::Due, Some(3)), "{a:?}");
    let a = ask(&p, &two("covishield"), "corbevax", "2022-08-11");
    assert_eq!(a.verdict, Verdict::MayNotFollow(cs), "{a:?}");
    let a = ask(&p, &two("covaxin"), "corbevax", "2022-09-01");
    assert_eq!(a.verdict, Verdict::MayNotFollow(cx), "{a:?}");
}

#[test]
fn may_follow_mistakes_are_reported_at_the_key() {
    let (w, diags) = refused(
        r#"
[[series.doses]]
preferable = [
  "covishield",
  { vaccine = "covaxin", may_follow = [{ vaccines = ["covishild"] }, { vaccines = [] }] },
  { vaccine = "corbevax", may_folow = [{ vaccines = ["covaxin"], from = "12-08-2022" }] },
]
allowable = [
  { vaccine = "covishield", may_follow = [{ vaccines = ["covaxin"], from = 2022-08-12, until = 2022-01-01 }] },
]
"#,
    );
    assert_eq!(diags.len(), 5, "{diags:#?}");
    let dose = "series[0].doses[1]";
    expect_at(
        &w,
        &diags,
        &format!("{dose}.preferable[1].may_follow[0].vaccines[0]"),
        ("\"covishild\"", 0),
        "unknown vaccine `covishild`",
        "did you mean `covishield`?",
    );
    expect_at(
        &w,
        &diags,
        &format!("{dose}.preferable[1].may_follow[1].vaccines"),
        ("[]", 0),
        "a may_follow rule needs the vaccines it lets this one follow",
        "may_follow = []",
    );
    // A misspelt key is named with the likely one, and what it holds is still checked.
    expect_at(
        &w,
        &diags,
        &format!("{dose}.preferable[2].may_folow"),
        ("may_folow", 0),
        "unknown key `may_folow`",
        "did you mean `may_follow`?",
    );
    expect_at(
        &w,
        &diags,
        &format!("{dose}.preferable[2].may_follow[0].from"),
        ("\"12-08-2022\"", 0),
        "`12-08-2022` is not a date",
        "write dates as YYYY-MM-DD",
    );
    let until = diags
        .iter()
        .find(|d| d.path == format!("{dose}.allowable[0].may_follow[0].until"))
        .unwrap_or_else(|| panic!("{diags:#?}"));
    assert_eq!(
        (&until.file, until.line, until.column),
        (&w.file(), w.at("2022-01-01", 0).0, w.at("2022-01-01", 0).1)
    );
    assert!(
        until
            .message
            .contains("until (2022-01-01) is before from (2022-08-12)"),
        "{until}"
    );
}

#[test]
fn may_follow_as_a_list_of_codes_says_it_wants_rules() {
    // The campaign form's `products = [...]` written here by habit.
    let (w, diags) = refused(
        r#"
[[series.doses]]
preferable = ["covishield", { vaccine = "covaxin", may_follow = ["covishield"] }]
"#,
    );
    assert_eq!(diags.len(), 1, "{diags:#?}");
    expect_at(
        &w,
        &diags,
        "series[0].doses[1].preferable[1].may_follow[0]",
        ("\"covishield\"]", 0),
        "expected a rule { vaccines = [...], from, until }",
        "write may_follow = [{ vaccines = [\"covishield\"] }]",
    );
    assert!(!diags[0].message.contains("FollowFile"), "{}", diags[0]);
}

// --- booster ------------------------------------------------------------------------------

#[test]
fn booster_marks_the_doses_after_the_primary_series() {
    let p = loaded(MAY_FOLLOW);
    let doses = &p.schedule.series[0].doses;
    let marks: Vec<bool> = doses.iter().map(|d| d.booster).collect();
    assert_eq!(marks, [false, false, true]);
    // A booking says which dose is a booster.
    let one = [("2022-01-01", "covishield")];
    let a = ask(&p, &one, "covishield", "2022-03-01");
    assert_eq!((a.dose, a.booster), (Some(2), false), "{a:?}");
    let two = [("2022-01-01", "covishield"), ("2022-03-01", "covishield")];
    let a = ask(&p, &two, "covishield", "2022-10-01");
    assert_eq!(
        (a.verdict, a.dose, a.booster),
        (Verdict::Due, Some(3), true),
        "{a:?}"
    );
}

#[test]
fn booster_mistakes_are_reported_at_the_dose() {
    let (w, diags) = refused(
        r#"
[[series.doses]]
booster = true
preferable = ["covishield"]

[[series.doses]]
preferable = ["covishield"]
"#,
    );
    assert_eq!(diags.len(), 1, "{diags:#?}");
    // The dose after the booster: its table header (the third `[[series.doses]]`).
    expect_at(
        &w,
        &diags,
        "series[0].doses[2]",
        ("[[series.doses]]", 1),
        "dose 3 is not a booster, but dose 2 before it is",
        "set booster = true on every dose after the first booster",
    );

    let (w, diags) = refused(
        r#"
[[series.doses]]
booster = "yes"
preferable = ["covishield"]
"#,
    );
    assert_eq!(diags.len(), 1, "{diags:#?}");
    expect_at(
        &w,
        &diags,
        "series[0].doses[1].booster",
        ("\"yes\"", 0),
        "invalid type: string \"yes\", expected true or false",
        "check the quoting",
    );
}

#[test]
fn a_recurring_booster_loads() {
    // A ten-yearly booster after the primary series.
    let p = loaded(
        r#"
[[series.doses]]
booster = true
recurring = true
interval = { min = "10 years" }
preferable = ["covishield"]
"#,
    );
    let marks: Vec<bool> = p.schedule.series[0]
        .doses
        .iter()
        .map(|d| d.booster)
        .collect();
    assert_eq!(marks, [false, true]);
}
