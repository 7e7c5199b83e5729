//! Loading a profile folder: parse, refuse unknown keys, check everything, build the model.
//!
//! Every problem in every file is collected before giving up, each with its file,
//! line, column, key path and a hint, so an integrator fixes a profile in one pass.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use regex::Regex;
use toml::de::DeTable;

use crate::checksum::{Checksum, WeightedSum};
use crate::diagnostic::{Diagnostic, Diagnostics, SourceText};
use crate::document::Document;
use crate::id::{CenturyRule, DateOrder, EmbeddedDate, IdScheme, Mask, Normalize};
use crate::model::*;
use crate::regions::Regions;
use crate::schema::*;

mod schedule;

/// The newest profile format version; this release also reads version 1.
pub const PROFILE_VERSION: i64 = 2;

/// What the caller knows that the profile folder alone cannot tell.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Languages that have locale files (shipped or in the profile); `None` skips the check.
    pub known_languages: Option<Vec<String>>,
}

/// Loads and checks the profile in `dir` (`dir/profile.toml` and the files it names).
pub fn load(dir: &Path, options: &LoadOptions) -> Result<Profile, Diagnostics> {
    let toml_path = dir.join("profile.toml");
    if !dir.is_dir() {
        return Err(Diagnostics(vec![
            Diagnostic::file(dir, "no such profile folder").with_help(
                "give the folder that holds profile.toml, e.g. country-profiles/example",
            ),
        ]));
    }
    let source = SourceText::read(&toml_path).map_err(|d| Diagnostics(vec![d]))?;
    let (root, syntax_errors) = DeTable::parse_recoverable(&source.text);
    // Later syntax errors mostly follow from the first one, so only that one is shown.
    if let Some(first) = syntax_errors
        .iter()
        .min_by_key(|e| e.span().map_or(0, |s| s.start))
    {
        let offset = first.span().map_or(0, |s| s.start);
        return Err(Diagnostics(vec![
            source
                .at(
                    offset,
                    "",
                    format!("TOML syntax: {}", first.message().trim()),
                )
                .with_help("see https://toml.io for the syntax"),
        ]));
    }
    let mut doc = Document { root };
    let mut diags = Vec::new();
    let file = match deserialize(&source, &mut doc, &mut diags) {
        Some(file) => file,
        None => {
            diags.sort_by_key(|d| (d.line, d.column));
            return Err(Diagnostics(diags));
        }
    };
    // Values are checked against the document as corrected above (a misspelt key renamed), so
    // the positions still point at what the author wrote.
    let mut checker = Checker {
        source: &source,
        doc: &doc,
        dir,
        diags,
    };
    let profile = checker.profile(file, options);
    if checker.diags.is_empty() {
        profile.ok_or_else(|| {
            Diagnostics(vec![Diagnostic::file(
                &toml_path,
                "the profile could not be loaded",
            )])
        })
    } else {
        checker
            .diags
            .sort_by_key(|d| (d.file.clone(), d.line, d.column));
        Err(Diagnostics(checker.diags))
    }
}

/// Runs serde over the document, reporting every unknown key (with a suggestion) and every
/// value of the wrong type. A misspelt key is read under its likely name and a wrong value is
/// dropped, then serde runs again, so that one mistake never hides the others: the values are
/// still checked afterwards. Only a key that is both required and wrong stops the reading.
fn deserialize(
    source: &SourceText,
    doc: &mut Document<'_>,
    diags: &mut Vec<Diagnostic>,
) -> Option<ProfileFile> {
    // Keys dropped for a wrong type; serde then reports them missing, which is no news.
    let mut dropped: Vec<String> = Vec::new();
    for _ in 0..1000 {
        let de = toml::de::Deserializer::from(doc.root.clone());
        let err = match serde::Deserialize::deserialize(de) {
            Ok(file) => return Some(file),
            Err(e) => e,
        };
        let message: &str = err.message();
        let span = err.span().unwrap_or(0..0);
        if let Some(rest) = message.strip_prefix("unknown field `") {
            let unknown = rest.split('`').next().unwrap_or("");
            let expected: Vec<&str> = rest.split('`').skip(2).step_by(2).collect();
            let key_path = doc.path_at(span.start);
            let mut d = source.at(span.start, &key_path, format!("unknown key `{unknown}`"));
            let suggestion = suggest(unknown, &expected);
            d = match suggestion {
                Some(s) => d.with_help(format!("did you mean `{s}`?")),
                None if expected.is_empty() => d.with_help("this table takes no keys; remove it"),
                None => d.with_help(format!("expected one of: {}", expected.join(", "))),
            };
            diags.push(d);
            let renamed = suggestion.is_some_and(|s| doc.rename_key_at(&span, s));
            if !renamed && !doc.remove_key_at(&span) {
                return None;
            }
            continue;
        }
        let path = doc.path_at(span.start);
        if message.starts_with("missing field `") {
            let key = message.split('`').nth(1).unwrap_or("");
            let full = if path.is_empty() {
                key.to_string()
            } else {
                format!("{path}.{key}")
            };
            if dropped.contains(&full) {
                return None;
            }
        }
        let (text, help) = explain_serde(message);
        let mut d = source.at(span.start, &path, text);
        d.help = help;
        diags.push(d);
        let key_span = doc.key_span_of(&path);
        match key_span {
            Some(k) if !path.is_empty() && doc.remove_key_at(&k) => dropped.push(path),
            _ => return None,
        }
    }
    None
}

/// Rewrites serde's wording into what a profile author needs to hear.
fn explain_serde(message: &str) -> (String, Option<String>) {
    let message = message.trim().to_string();
    if let Some(rest) = message.strip_prefix("missing field `") {
        let key = rest.split('`').next().unwrap_or("");
        return (
            format!("missing key `{key}`"),
            Some(format!(
                "add `{key} = ...` to this table (see docs/profile-guide.md)"
            )),
        );
    }
    if message.starts_with("invalid type") && message.ends_with("expected struct FollowFile") {
        // A list of codes, as the campaign form's `products` is, rather than of rules.
        return (
            message.replace(
                "expected struct FollowFile",
                "expected a rule { vaccines = [...], from, until }",
            ),
            Some(
                "may_follow lists rules: write may_follow = [{ vaccines = [\"covishield\"] }]"
                    .into(),
            ),
        );
    }
    if message.starts_with("invalid type") || message.starts_with("invalid value") {
        let message = message
            .replace("expected i64", "expected a whole number")
            .replace("expected f64", "expected a number")
            .replace("expected a sequence", "expected a list [...]")
            .replace("expected a boolean", "expected true or false");
        return (
            message,
            Some("check the quoting: text is \"quoted\", numbers and true/false are not".into()),
        );
    }
    (message, None)
}

/// The closest name, if it is close enough to be a plausible typo.
pub(crate) fn suggest<'a>(wrong: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (strsim::damerau_levenshtein(wrong, c), *c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

struct Checker<'a, 'i> {
    source: &'a SourceText,
    doc: &'a Document<'i>,
    dir: &'a Path,
    diags: Vec<Diagnostic>,
}

impl Checker<'_, '_> {
    fn err(&mut self, path: &str, message: impl Into<String>) -> &mut Diagnostic {
        let span = self.doc.span_of(path);
        let d = self.source.at(span.start, path, message);
        self.diags.push(d);
        let last = self.diags.len() - 1;
        #[allow(clippy::indexing_slicing)] // just pushed
        &mut self.diags[last]
    }

    fn help(&mut self, path: &str, message: impl Into<String>, help: impl Into<String>) {
        self.err(path, message).help = Some(help.into());
    }

    /// A required key is absent, unless it was written with a wrong value (already reported).
    fn missing(&mut self, table: &str, key: &str) {
        let full = format!("{table}.{key}");
        if self.diags.iter().any(|d| d.path == full) {
            return;
        }
        self.help(
            table,
            format!("missing key `{key}`"),
            format!("add `{key} = ...` to this table (see docs/profile-guide.md)"),
        );
    }

    fn regex(&mut self, path: &str, pattern: &str) -> Option<Regex> {
        // Anchored so that a pattern written without ^...$ cannot accept a longer value.
        self.compile_regex(path, &format!("^(?:{pattern})$"))
    }

    fn compile_regex(&mut self, path: &str, source: &str) -> Option<Regex> {
        match Regex::new(source) {
            Ok(r) => Some(r),
            Err(e) => {
                let detail = e
                    .to_string()
                    .lines()
                    .last()
                    .unwrap_or("")
                    .trim()
                    .trim_start_matches("error: ")
                    .to_string();
                self.help(
                    path,
                    format!("the regular expression does not compile: {detail}"),
                    "see https://docs.rs/regex/latest/regex/#syntax",
                );
                None
            }
        }
    }

    fn date(&mut self, path: &str, text: &Option<DateText>) -> Option<NaiveDate> {
        let t = text.as_ref()?;
        match NaiveDate::parse_from_str(&t.0, "%Y-%m-%d") {
            Ok(d) => Some(d),
            Err(_) => {
                self.help(
                    path,
                    format!("`{}` is not a date", t.0),
                    "write dates as YYYY-MM-DD, e.g. 2021-05-13",
                );
                None
            }
        }
    }

    /// Reads a `from`/`until` pair given the full paths of the two keys.
    fn period(
        &mut self,
        [from_path, until_path]: [&str; 2],
        from: &Option<DateText>,
        until: &Option<DateText>,
    ) -> Period {
        let p = Period {
            from: self.date(from_path, from),
            until: self.date(until_path, until),
        };
        if let (Some(f), Some(u)) = (p.from, p.until)
            && f > u
        {
            {
                let from_key = from_path.rsplit('.').next().unwrap_or("from");
                let until_key = until_path.rsplit('.').next().unwrap_or("until");
                self.err(
                    until_path,
                    format!("{until_key} ({u}) is before {from_key} ({f})"),
                );
            }
        }
        p
    }

    fn count(&mut self, path: &str, value: i64, min: i64, max: i64) -> u32 {
        if value < min || value > max {
            self.err(
                path,
                format!("{value} is out of range: use a value from {min} to {max}"),
            );
        }
        u32::try_from(value.clamp(min.max(0), max)).unwrap_or(0)
    }

    fn code(&mut self, path: &str, code: &str, what: &str) {
        let ok = !code.is_empty()
            && code
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
        if !ok {
            self.help(
                path,
                format!("{what} `{code}` is not a valid code"),
                "use lower-case letters, digits, `-` and `_` only",
            );
        }
    }

    fn profile(&mut self, f: ProfileFile, options: &LoadOptions) -> Option<Profile> {
        if !(1..=PROFILE_VERSION).contains(&f.version) {
            self.help(
                "version",
                format!("profile format version {} is not supported", f.version),
                format!("this vaxkit reads versions 1 to {PROFILE_VERSION}"),
            );
        }
        let country = self.country(&f.country, options);
        let regions = self.regions(&f.country.regions, &f.country.languages);
        self.registration(&f.registration);
        let id_schemes = self.id_schemes(&f.id_schemes);
        let vaccines = self.vaccines(&f.vaccines, f.version);
        let mut schedule = self.schedule(&f, regions.as_ref());
        // Campaign products join the routine model as series of their own.
        schedule.series.extend(crate::campaign::series(
            &vaccines,
            &schedule,
            f.appointments.allow_product_mix,
        ));
        self.settings(&f);
        let certificates = self.certificates(&f.certificates);
        self.branding(&f.branding);
        Some(Profile {
            dir: self.dir.to_path_buf(),
            version: f.version,
            country: country?,
            registration: f.registration,
            id_schemes,
            vaccines,
            appointments: f.appointments,
            otp: f.otp,
            rate_limits: f.rate_limits,
            notifications: f.notifications,
            certificates,
            regions: regions?,
            schedule,
            branding: f.branding,
        })
    }

    fn branding(&mut self, b: &crate::Branding) {
        let colours = [
            ("branding.primary_colour", &b.primary_colour),
            ("branding.on_primary_colour", &b.on_primary_colour),
        ];
        let mut all_valid = true;
        for (path, colour) in colours {
            if crate::Branding::contrast(colour, colour).is_none() {
                all_valid = false;
                self.help(
                    path,
                    format!("`{colour}` is not a colour"),
                    "write it as #rrggbb, e.g. \"#0b5394\"",
                );
            }
        }
        if let Some(ratio) = crate::Branding::contrast(&b.primary_colour, &b.on_primary_colour)
            && all_valid
            && ratio < 4.5
        {
            self.help(
                "branding.on_primary_colour",
                format!("text on the primary colour contrasts only {ratio:.1}:1"),
                "WCAG 2.1 AA asks 4.5:1 or more: darken the primary colour or lighten the text",
            );
        }
        if let Some(name) = &b.programme_name
            && name.trim().is_empty()
        {
            self.help(
                "branding.programme_name",
                "the programme name is empty",
                "leave the key out to use the `app-name` message",
            );
        }
        if let Some(logo) = &b.logo {
            let plain = !logo.is_empty()
                && std::path::Path::new(logo)
                    .components()
                    .all(|c| matches!(c, std::path::Component::Normal(_)));
            if !plain || !self.dir.join("static").join(logo).is_file() {
                self.help(
                    "branding.logo",
                    format!("no file `{logo}` in the profile's static/ folder"),
                    "put the logo in <profile>/static/ and name it relative to that folder",
                );
            }
        }
    }

    fn country(&mut self, c: &CountryFile, options: &LoadOptions) -> Option<Country> {
        if c.code.len() != 2 || !c.code.chars().all(|ch| ch.is_ascii_uppercase()) {
            self.help(
                "country.code",
                format!("`{}` is not an ISO 3166-1 alpha-2 code", c.code),
                "use two upper-case letters, e.g. IN, KE, MX",
            );
        }
        let timezone = match c.timezone.parse::<chrono_tz::Tz>() {
            Ok(tz) => Some(tz),
            Err(_) => {
                let names: Vec<&str> = chrono_tz::TZ_VARIANTS.iter().map(|t| t.name()).collect();
                let help = match suggest(&c.timezone, &names) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => {
                        "use an IANA time zone name such as Asia/Kolkata or Africa/Nairobi".into()
                    }
                };
                self.help(
                    "country.timezone",
                    format!("`{}` is not a known IANA time zone", c.timezone),
                    help,
                );
                None
            }
        };
        if c.languages.is_empty() {
            self.help(
                "country.languages",
                "no language is listed",
                "list at least one language tag, e.g. [\"en\"]; the first is the default",
            );
        }
        let tag = Regex::new("^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$").ok();
        let mut seen = HashSet::new();
        for (i, lang) in c.languages.iter().enumerate() {
            let path = format!("country.languages[{i}]");
            if tag.as_ref().is_some_and(|t| !t.is_match(lang)) {
                self.help(
                    &path,
                    format!("`{lang}` is not a language tag"),
                    "use a BCP 47 tag such as en, hi or pt-BR",
                );
            } else if !seen.insert(lang) {
                self.err(&path, format!("language `{lang}` is listed twice"));
            } else if let Some(known) = &options.known_languages
                && !known.contains(lang)
            {
                let msg = format!("language `{lang}` has no locale folder");
                self.help(
                    &path,
                    msg,
                    format!(
                        "add locales/{lang}/*.ftl to the profile folder (available: {})",
                        known.join(", ")
                    ),
                );
            }
        }
        if c.phone.calling_code.is_empty()
            || c.phone.calling_code.len() > 3
            || !c.phone.calling_code.chars().all(|ch| ch.is_ascii_digit())
        {
            self.help(
                "country.phone.calling_code",
                format!("`{}` is not a calling code", c.phone.calling_code),
                "write 1 to 3 digits without +, e.g. \"91\"",
            );
        }
        let phone = self.regex("country.phone.pattern", &c.phone.pattern);
        let postal = match &c.postal_code {
            Some(p) => self
                .regex("country.postal_code.pattern", &p.pattern)
                .map(Some),
            None => Some(None),
        };
        Some(Country {
            code: c.code.clone(),
            name: c.name.clone(),
            timezone: timezone?,
            languages: c.languages.clone(),
            calling_code: c.phone.calling_code.clone(),
            phone_pattern: phone?,
            postal_code_pattern: postal?,
        })
    }

    fn regions(&mut self, r: &RegionsFile, languages: &[String]) -> Option<Regions> {
        if r.levels.is_empty() {
            self.help(
                "country.regions.levels",
                "no region level is listed",
                "list the levels from the top down, e.g. [\"state\", \"district\"]",
            );
            return None;
        }
        let mut seen = HashSet::new();
        for (i, l) in r.levels.iter().enumerate() {
            if !seen.insert(l) {
                self.err(
                    &format!("country.regions.levels[{i}]"),
                    format!("level `{l}` is listed twice"),
                );
            }
        }
        let path = self.dir.join(&r.file);
        match Regions::load(&path, &r.levels, languages) {
            Ok(regions) => Some(regions),
            Err(mut ds) => {
                if ds
                    .iter()
                    .any(|d| d.line == 0 && d.message.starts_with("cannot read"))
                {
                    self.help(
                        "country.regions.file",
                        format!("cannot read the regions file `{}`", r.file),
                        "the path is relative to the profile folder",
                    );
                    ds.retain(|d| !(d.line == 0 && d.message.starts_with("cannot read")));
                }
                self.diags.extend(ds);
                None
            }
        }
    }

    fn registration(&mut self, r: &Registration) {
        self.count(
            "registration.max_beneficiaries_per_account",
            r.max_beneficiaries_per_account,
            1,
            100,
        );
        if r.genders.is_empty() {
            self.err("registration.genders", "no gender value is listed");
        }
        let mut seen = HashSet::new();
        for (i, g) in r.genders.iter().enumerate() {
            let path = format!("registration.genders[{i}]");
            self.code(&path, g, "gender");
            if !seen.insert(g) {
                self.err(&path, format!("gender `{g}` is listed twice"));
            }
        }
    }

    fn id_schemes(&mut self, list: &[IdSchemeFile]) -> Vec<IdScheme> {
        let mut out = Vec::new();
        let mut seen = HashSet::new();
        for (i, s) in list.iter().enumerate() {
            let at = format!("id_schemes[{i}]");
            self.code(&format!("{at}.id"), &s.id, "ID scheme id");
            if !seen.insert(s.id.clone()) {
                self.err(
                    &format!("{at}.id"),
                    format!("ID scheme `{}` is defined twice", s.id),
                );
            }
            let pattern = self.regex(&format!("{at}.pattern"), &s.pattern);
            let mut normalize = Vec::new();
            for (j, n) in s.normalize.iter().enumerate() {
                match Normalize::from_name(n) {
                    Some(step) => normalize.push(step),
                    None => {
                        let help = match suggest(n, Normalize::NAMES) {
                            Some(x) => format!("did you mean `{x}`?"),
                            None => format!("use one of: {}", Normalize::NAMES.join(", ")),
                        };
                        self.help(
                            &format!("{at}.normalize[{j}]"),
                            format!("unknown normalisation step `{n}`"),
                            help,
                        );
                    }
                }
            }
            let checksum = self.checksum(&at, s);
            let mask = self.mask(&at, &s.mask);
            let exclude: Vec<Option<Regex>> = s
                .exclude
                .iter()
                .enumerate()
                .map(|(j, e)| self.regex(&format!("{at}.exclude[{j}]"), e))
                .collect();
            let date = s
                .date
                .as_ref()
                .map(|d| self.embedded_date(&format!("{at}.date"), d));
            let (Some(pattern), Some(checksum), Some(mask), Some(exclude), Some(date)) = (
                pattern,
                checksum,
                mask,
                exclude.into_iter().collect::<Option<Vec<_>>>(),
                date.map_or(Some(None), |d| d.map(Some)),
            ) else {
                continue;
            };
            let scheme = IdScheme {
                id: s.id.clone(),
                name: s.name.clone(),
                pattern,
                normalize,
                checksum,
                mask,
                travel_document: s.travel_document,
                example: s.example.clone(),
                exclude,
                date,
                pad_to: s
                    .pad_to
                    .map(|n| self.count(&format!("{at}.pad_to"), n, 1, 64) as usize),
            };
            if let Some(example) = &s.example
                && let Err(problem) = scheme.check(example).result
            {
                self.help(
                    &format!("{at}.example"),
                    format!(
                        "the example `{example}` is not valid for this scheme: {}",
                        problem.describe()
                    ),
                    "fix the pattern, the checksum or the example",
                );
            }
            out.push(scheme);
        }
        out
    }

    fn checksum(&mut self, at: &str, s: &IdSchemeFile) -> Option<Checksum> {
        let path = format!("{at}.checksum");
        if s.checksum == "weighted" {
            let Some(list) = &s.weighted else {
                self.help(
                    &path,
                    "`weighted` needs its parameters",
                    "add weighted = { weights = [...], modulus = 11 }",
                );
                return None;
            };
            let many = matches!(list, OneOrMany::Many(_));
            let mut chain = Vec::new();
            for (i, w) in list.as_slice().iter().enumerate() {
                let wp = if many {
                    format!("{at}.weighted[{i}]")
                } else {
                    format!("{at}.weighted")
                };
                chain.push(self.weighted(&wp, w));
            }
            if chain.is_empty() {
                self.help(
                    &format!("{at}.weighted"),
                    "`weighted` lists no check",
                    "add one table per check char, e.g. weighted = [{ weights = [...], modulus = 11 }]",
                );
                return None;
            }
            let chain: Option<Vec<WeightedSum>> = chain.into_iter().collect();
            return chain.map(|mut c| match (many, c.pop()) {
                (false, Some(one)) if c.is_empty() => Checksum::Weighted(one),
                (_, Some(last)) => {
                    c.push(last);
                    Checksum::WeightedChain(c)
                }
                (_, None) => Checksum::WeightedChain(c),
            });
        }
        if s.weighted.is_some() {
            self.help(
                &format!("{at}.weighted"),
                "`weighted` parameters are given but the checksum is not `weighted`",
                "set checksum = \"weighted\" or remove the parameters",
            );
        }
        match Checksum::from_name(&s.checksum) {
            Some(c) => Some(c),
            None => {
                let mut names: Vec<&str> = Checksum::BUILTIN_NAMES.to_vec();
                names.push("weighted");
                let help = match suggest(&s.checksum, &names) {
                    Some(x) => format!("did you mean `{x}`?"),
                    None => format!("use one of: {}", names.join(", ")),
                };
                self.help(&path, format!("unknown checksum `{}`", s.checksum), help);
                None
            }
        }
    }

    fn weighted(&mut self, wp: &str, w: &WeightedFile) -> Option<WeightedSum> {
        let mut ok = true;
        if w.weights.is_empty() || w.weights.iter().any(|x| *x < 0 || *x > 1000) {
            self.help(
                &format!("{wp}.weights"),
                "weights must be a non-empty list of numbers from 0 to 1000",
                "e.g. weights = [7, 3, 1]; write a negative weight as its remainder (-1 mod 10 is 9)",
            );
            ok = false;
        }
        if !(2..=1000).contains(&w.modulus) {
            self.err(
                &format!("{wp}.modulus"),
                format!(
                    "modulus {} is out of range: use a value from 2 to 1000",
                    w.modulus
                ),
            );
            ok = false;
        }
        let ten_as = match w
            .ten_as
            .as_deref()
            .map(|t| (t.chars().count(), t.chars().next()))
        {
            None => None,
            Some((1, c)) => c,
            Some(_) => {
                self.err(&format!("{wp}.ten_as"), "ten_as must be a single character");
                ok = false;
                None
            }
        };
        let check_chars = w
            .check_chars
            .as_ref()
            .map(|c| c.chars().collect::<Vec<_>>());
        if let Some(chars) = &check_chars {
            if ten_as.is_some() {
                self.help(
                    &format!("{wp}.check_chars"),
                    "`check_chars` and `ten_as` are both given",
                    "keep check_chars: its 11th character is how 10 is written",
                );
                ok = false;
            }
            if chars.is_empty() {
                self.help(
                    &format!("{wp}.check_chars"),
                    "`check_chars` is empty",
                    "write the character of each check value in order, e.g. \"0123456789X\"",
                );
                ok = false;
            }
        }
        let position = match w.position {
            None => None,
            Some(p) if (1..=200).contains(&p) => usize::try_from(p).ok(),
            Some(p) => {
                self.help(
                    &format!("{wp}.position"),
                    format!("position {p} is out of range"),
                    "give the 0-based position of the check char, at least 1 (a payload comes before it)",
                );
                ok = false;
                None
            }
        };
        ok.then(|| WeightedSum {
            weights: w
                .weights
                .iter()
                .map(|x| u32::try_from(*x).unwrap_or(0))
                .collect(),
            modulus: u32::try_from(w.modulus).unwrap_or(2),
            from_right: w.from_right,
            complement: w.complement,
            letters: w.letters,
            ten_as,
            check_chars,
            digit_sum: w.digit_sum,
            position,
            skip_chars: w.skip_chars.chars().collect(),
        })
    }

    fn embedded_date(&mut self, at: &str, d: &DateFile) -> Option<EmbeddedDate> {
        let mut ok = true;
        let order = DateOrder::from_name(&d.order);
        if order.is_none() {
            self.help(
                &format!("{at}.order"),
                format!("unknown date order `{}`", d.order),
                format!("use one of: {}", DateOrder::NAMES.join(", ")),
            );
            ok = false;
        }
        let position = self.count(&format!("{at}.at"), d.at, 0, 100);
        let mut offsets = |key: &str, list: &[i64]| -> Vec<u32> {
            if list.is_empty() {
                return vec![0];
            }
            list.iter()
                .enumerate()
                .map(|(i, o)| self.count(&format!("{at}.{key}[{i}]"), *o, 0, 90))
                .collect()
        };
        let day_offsets = offsets("day_offsets", &d.day_offsets);
        let month_offsets = offsets("month_offsets", &d.month_offsets);
        let mut centuries = Vec::new();
        for (i, c) in d.centuries.iter().enumerate() {
            let cp = format!("{at}.centuries[{i}]");
            if c.century.rem_euclid(100) != 0 || !(1700..=2200).contains(&c.century) {
                self.help(
                    &format!("{cp}.century"),
                    format!("{} is not the first year of a century", c.century),
                    "write the century's first year, e.g. century = 1900",
                );
                ok = false;
            }
            let pattern = match &c.pattern {
                None => None,
                Some(p) => match self.compile_regex(&format!("{cp}.pattern"), p) {
                    Some(r) => Some(r),
                    None => {
                        ok = false;
                        None
                    }
                },
            };
            centuries.push(CenturyRule {
                pattern,
                century: i32::try_from(c.century).unwrap_or(1900),
            });
        }
        let skip = match &d.skip {
            None => None,
            Some(p) => {
                let r = self.compile_regex(&format!("{at}.skip"), p);
                ok &= r.is_some();
                r
            }
        };
        ok.then_some(())?;
        Some(EmbeddedDate {
            at: usize::try_from(position).unwrap_or(0),
            order: order?,
            day_offsets,
            month_offsets,
            centuries,
            skip,
        })
    }

    fn mask(&mut self, at: &str, m: &MaskFile) -> Option<Mask> {
        let keep_first = self.count(&format!("{at}.mask.keep_first"), m.keep_first, 0, 64);
        let keep_last = self.count(&format!("{at}.mask.keep_last"), m.keep_last, 0, 64);
        let mut chars = m.char.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => Some(Mask {
                keep_first: keep_first as usize,
                keep_last: keep_last as usize,
                char: c,
            }),
            _ => {
                self.err(
                    &format!("{at}.mask.char"),
                    "the mask character must be a single character",
                );
                None
            }
        }
    }

    fn vaccines(&mut self, list: &[VaccineFile], version: i64) -> Vec<Vaccine> {
        if list.is_empty() {
            self.help(
                "",
                "the profile lists no vaccines",
                "add at least one [[vaccines]] table",
            );
        }
        let codes: Vec<&str> = list.iter().map(|v| v.code.as_str()).collect();
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for (i, v) in list.iter().enumerate() {
            let at = format!("vaccines[{i}]");
            self.code(&format!("{at}.code"), &v.code, "vaccine code");
            if !seen.insert(v.code.as_str()) {
                self.err(
                    &format!("{at}.code"),
                    format!("vaccine code `{}` is used twice", v.code),
                );
            }
            // Version 1 requires these keys; version 2 only of products with a campaign schedule.
            let campaign = version == 1 || v.doses.is_some();
            if campaign && v.manufacturer.is_none() {
                self.missing(&at, "manufacturer");
            }
            let disease = match (version, &v.disease, &v.antigens) {
                (1, Some(d), _) => {
                    self.code(&format!("{at}.disease"), d, "disease");
                    d.clone()
                }
                (1, None, _) => {
                    self.missing(&at, "disease");
                    continue;
                }
                (_, _, Some(list)) => list.first().map(schedule::antigen_code).unwrap_or_default(),
                // Version 2 reports a missing `antigens` with the schedule.
                _ => continue,
            };
            let Some(doses) = v.doses.filter(|_| campaign) else {
                if version == 1 {
                    self.missing(&at, "doses");
                }
                continue;
            };
            let doses = self.count(&format!("{at}.doses"), doses, 1, 10);
            let boosters = self.count(&format!("{at}.boosters"), v.boosters, 0, 10);
            let available = self.period(
                [
                    &format!("{at}.available_from"),
                    &format!("{at}.available_until"),
                ],
                &v.available_from,
                &v.available_until,
            );
            let ages = self.ages(&at, v);
            let intervals = self.intervals(&at, v, doses + boosters);
            let may_follow = self.may_follow(&at, v, &codes);
            out.push(Vaccine {
                code: v.code.clone(),
                name: v.name.clone(),
                manufacturer: v.manufacturer.clone().unwrap_or_default(),
                disease,
                codes: v.codes.clone(),
                available,
                ages,
                doses,
                boosters,
                intervals,
                may_follow,
            });
        }
        out
    }

    fn ages(&mut self, at: &str, v: &VaccineFile) -> Vec<AgeRule> {
        let mut rules = Vec::new();
        for (j, a) in v.ages.iter().enumerate() {
            let path = format!("{at}.ages[{j}]");
            let period = self.period(
                [&format!("{path}.from"), &format!("{path}.until")],
                &a.from,
                &a.until,
            );
            let min_years = self.count(&format!("{path}.min_years"), a.min_years, 0, 150);
            let max_years = a
                .max_years
                .map(|m| self.count(&format!("{path}.max_years"), m, 0, 150));
            if let Some(max) = max_years.filter(|m| *m < min_years) {
                self.err(
                    &format!("{path}.min_years"),
                    format!("min_years ({min_years}) is greater than max_years ({max})"),
                );
            }
            rules.push(AgeRule {
                period,
                min_years,
                max_years,
            });
        }
        let periods: Vec<(usize, Period)> = rules.iter().map(|r| r.period).enumerate().collect();
        for (j, period) in self.overlaps(&format!("{at}.ages"), "age rules", &periods) {
            if let Some(rule) = rules.get_mut(j) {
                rule.period = period;
            }
        }
        rules
    }

    fn intervals(&mut self, at: &str, v: &VaccineFile, total: u32) -> Vec<IntervalRule> {
        let doses_path = format!("{at}.doses");
        let mut rules = Vec::new();
        for (j, r) in v.intervals.iter().enumerate() {
            let path = format!("{at}.intervals[{j}]");
            let after_dose = self.count(
                &format!("{path}.after_dose"),
                r.after_dose,
                1,
                i64::from(total.saturating_sub(1)).max(1),
            );
            if total < 2 {
                self.help(
                    &format!("{path}.after_dose"),
                    "this vaccine has a single dose, so it has no interval",
                    "remove the interval, or raise doses or boosters",
                );
            }
            let min_days = self.count(&format!("{path}.min_days"), r.min_days, 0, 36_500);
            let max_days = r
                .max_days
                .map(|m| self.count(&format!("{path}.max_days"), m, 0, 36_500));
            if let Some(max) = max_days.filter(|m| *m < min_days) {
                self.help(
                    &format!("{path}.min_days"),
                    format!("min_days ({min_days}) is greater than max_days ({max})"),
                    "swap the two values, or raise max_days",
                );
            }
            let period = self.period(
                [&format!("{path}.from"), &format!("{path}.until")],
                &r.from,
                &r.until,
            );
            let min_age_years = r
                .min_age_years
                .map(|m| self.count(&format!("{path}.min_age_years"), m, 0, 150));
            rules.push(IntervalRule {
                after_dose,
                min_days,
                max_days,
                period,
                min_age_years,
            });
        }
        for dose in 1..total {
            let same: Vec<(usize, Period)> = rules
                .iter()
                .enumerate()
                .filter(|(_, r)| r.after_dose == dose)
                .map(|(j, r)| (j, r.period))
                .collect();
            if same.is_empty() {
                self.help(
                    &doses_path,
                    format!(
                        "`{}` has no interval rule for the dose after dose {dose}",
                        v.code
                    ),
                    format!("add [[vaccines.intervals]] with after_dose = {dose} and min_days"),
                );
            }
            let closed = self.overlaps(
                &format!("{at}.intervals"),
                &format!("interval rules after dose {dose}"),
                &same,
            );
            for (j, period) in closed {
                if let Some(rule) = rules.get_mut(j) {
                    rule.period = period;
                }
            }
        }
        rules
    }

    /// Closes open-ended rules at the start of the next one (an update supersedes the
    /// older rule), reports pairs that still share a day, and returns the closed periods.
    fn overlaps(
        &mut self,
        at: &str,
        what: &str,
        rules: &[(usize, Period)],
    ) -> Vec<(usize, Period)> {
        let closed: Vec<(usize, Period)> = rules
            .iter()
            .map(|&(j, p)| {
                let next = rules
                    .iter()
                    .filter_map(|(_, o)| o.from)
                    .filter(|f| p.from.is_none_or(|mine| *f > mine))
                    .min()
                    .and_then(|n| n.pred_opt());
                (
                    j,
                    Period {
                        from: p.from,
                        until: p.until.or(next),
                    },
                )
            })
            .collect();
        for (a, (ia, pa)) in closed.iter().enumerate() {
            for (ib, pb) in closed.iter().skip(a + 1) {
                if pa.overlaps(pb) {
                    self.help(
                        &format!("{at}[{ib}]"),
                        format!("{what} [{ia}] and [{ib}] apply on the same days"),
                        "give each rule its own `from` date, or end the earlier one with `until`",
                    );
                }
            }
        }
        closed
    }

    fn may_follow(&mut self, at: &str, v: &VaccineFile, codes: &[&str]) -> Vec<MayFollow> {
        let mut out = Vec::new();
        for (j, m) in v.may_follow.iter().enumerate() {
            let path = format!("{at}.may_follow[{j}]");
            for (k, p) in m.products.iter().enumerate() {
                if p == &v.code {
                    self.err(
                        &format!("{path}.products[{k}]"),
                        format!("`{p}` is this vaccine itself; a product may always follow itself"),
                    );
                } else if !codes.contains(&p.as_str()) {
                    let help = match suggest(p, codes) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => format!("use a vaccine code of this profile: {}", codes.join(", ")),
                    };
                    self.help(
                        &format!("{path}.products[{k}]"),
                        format!("unknown vaccine `{p}`"),
                        help,
                    );
                }
            }
            let doses = match m.doses.as_str() {
                "primary" => DoseKind::Primary,
                "booster" => DoseKind::Booster,
                "any" => DoseKind::Any,
                other => {
                    self.help(
                        &format!("{path}.doses"),
                        format!("unknown dose kind `{other}`"),
                        "use primary, booster or any",
                    );
                    DoseKind::Any
                }
            };
            let from = self.date(&format!("{path}.from"), &m.from);
            out.push(MayFollow {
                products: m.products.clone(),
                doses,
                period: Period { from, until: None },
            });
        }
        out
    }

    fn settings(&mut self, f: &ProfileFile) {
        let a = &f.appointments;
        self.count(
            "appointments.booking_window_days",
            a.booking_window_days,
            1,
            365,
        );
        self.count(
            "appointments.search_cache_seconds",
            a.search_cache_seconds,
            0,
            3600,
        );
        self.count("appointments.search_page_size", a.search_page_size, 1, 500);
        if !(0.0..=1.0).contains(&a.walk_in_share) {
            self.help(
                "appointments.walk_in_share",
                format!("{} is not a share", a.walk_in_share),
                "use a number from 0 to 1, e.g. 0.5 for half",
            );
        }
        let o = &f.otp;
        self.count("otp.length", o.length, 4, 10);
        self.count("otp.ttl_seconds", o.ttl_seconds, 30, 3600);
        self.count("otp.max_attempts", o.max_attempts, 1, 20);
        self.count("otp.max_sends_per_day", o.max_sends_per_day, 1, 1000);
        self.count("otp.resend_after_seconds", o.resend_after_seconds, 0, 3600);
        self.count("otp.token_idle_minutes", o.token_idle_minutes, 1, 1440);
        self.count(
            "rate_limits.per_ip_per_minute",
            f.rate_limits.per_ip_per_minute,
            1,
            1_000_000,
        );
        self.count(
            "rate_limits.per_mobile_per_hour",
            f.rate_limits.per_mobile_per_hour,
            1,
            10_000,
        );
        self.count(
            "rate_limits.per_ip_forms_per_minute",
            f.rate_limits.per_ip_forms_per_minute,
            1,
            100_000,
        );
        self.count(
            "rate_limits.per_ip_logins_per_minute",
            f.rate_limits.per_ip_logins_per_minute,
            1,
            10_000,
        );
        if let Err(problems) = f.notifications.settings(self.dir) {
            for p in problems {
                match p.help {
                    Some(help) => self.help(&p.path, p.message, help),
                    None => {
                        self.err(&p.path, p.message);
                    }
                }
            }
        }
    }

    fn certificates(&mut self, c: &CertificatesFile) -> Certificates {
        let mut formats = Vec::new();
        for (i, name) in c.formats.iter().enumerate() {
            match CertificateFormat::from_name(name) {
                Some(f) => formats.push(f),
                None => {
                    let help = match suggest(name, CertificateFormat::NAMES) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => format!("use one of: {}", CertificateFormat::NAMES.join(", ")),
                    };
                    self.help(
                        &format!("certificates.formats[{i}]"),
                        format!("unknown certificate format `{name}`"),
                        help,
                    );
                }
            }
        }
        if !formats.is_empty() && c.issuer.trim().is_empty() {
            self.help(
                "certificates.issuer",
                "certificates need an issuer",
                "set issuer = \"Ministry of Health\"",
            );
        }
        let validity_days = match c.validity_days {
            None => Certificates::DEFAULT_VALIDITY_DAYS,
            Some(d) => self.count("certificates.validity_days", d, 1, 3650),
        };
        if let Some(code) = &c.country_alpha3
            && !(code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()))
        {
            self.help(
                "certificates.country_alpha3",
                format!("`{code}` is not an ISO 3166-1 alpha-3 code"),
                "write three capital letters, e.g. country_alpha3 = \"IND\"",
            );
        }
        if let Some(url) = &c.vaccine_code_system
            && !(url.starts_with("https://")
                || url.starts_with("http://")
                || url.starts_with("urn:"))
        {
            self.help(
                "certificates.vaccine_code_system",
                format!("`{url}` is not a code system URL"),
                "write the canonical URL of your vaccine code list, e.g. https://health.example.gov/fhir/CodeSystem/vaccine",
            );
        }
        Certificates {
            formats,
            issuer: c.issuer.clone(),
            international: c.international,
            validity_days,
            country_alpha3: c.country_alpha3.clone(),
            vaccine_code_system: c.vaccine_code_system.clone(),
        }
    }
}

/// Loads several profiles, keyed by folder, for `vaxkit profile check DIR...`.
pub fn load_all(
    dirs: &[PathBuf],
    options: &LoadOptions,
) -> BTreeMap<PathBuf, Result<Profile, Diagnostics>> {
    dirs.iter().map(|d| (d.clone(), load(d, options))).collect()
}

/// A date already checked elsewhere; `None` if absent or wrong (reported there).
fn parse_day(text: &Option<DateText>) -> Option<NaiveDate> {
    text.as_ref()
        .and_then(|t| NaiveDate::parse_from_str(&t.0, "%Y-%m-%d").ok())
}
