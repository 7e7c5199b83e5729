//! `vaxkit cert verify`: checks a certificate QR offline, with the same library code the server's
//! verify endpoint uses. The QR comes as text, from a file, from standard input or as a photo or
//! scan of the code; trust comes only from the files given on the command line.

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use clap::{Args, Subcommand};
use serde::Serialize;
use serde_json::Value;
use vaxkit_cert::dcc_schema::CodeFinding;
use vaxkit_cert::keys::pem_decode;
use vaxkit_cert::qr::{self, QrError};
use vaxkit_cert::{Format, Jwks, RevocationList, Trust, Verification};
use vaxkit_i18n::{FluentValue, Locales};

/// Certificate subcommands.
#[derive(Subcommand)]
pub enum CertCommand {
    /// Verify a certificate QR (EU DCC `HC1:` or SMART Health Card `shc:/`): signature, key usage,
    /// validity dates and revocation. Exit 0 valid, 1 invalid, 2 usage error.
    Verify(VerifyArgs),
}

/// Arguments of `vaxkit cert verify`.
#[derive(Args)]
pub struct VerifyArgs {
    /// Trust a signer: an X.509 certificate, DER or PEM (EU DCC signer), a JWKS file (SMART Health
    /// Card issuer keys, for any `iss`), or a key folder made by `vaxkit keys generate`. Repeatable.
    #[arg(long, value_name = "FILE")]
    trust: Vec<PathBuf>,
    /// A signed revocation list (JWS), whose signature is checked against the trusted keys.
    #[arg(long, value_name = "FILE")]
    revocations: Option<PathBuf>,
    /// Verify as of this instant: RFC 3339 (2021-05-06T18:00:00Z, ...+02:00 or ...+0200) or a
    /// date (midnight UTC); now if left out.
    #[arg(long, value_name = "TIME", value_parser = parse_at)]
    at: Option<DateTime<Utc>>,
    /// Language of the explanation (`en`, `hi`, `sw`, `es`, `fr`, `ar`, ...); English if left out
    /// or not shipped.
    #[arg(long, value_name = "LANG")]
    lang: Option<String>,
    /// Print one JSON object `{valid, reason, message, format, payload}` on standard output.
    #[arg(long)]
    json: bool,
    /// The QR: its text (`HC1:...`, `shc:/...`), `@FILE` holding the text or an image, `-` for
    /// standard input, or a PNG/JPEG image file. Several for the chunks of a SMART Health Card.
    #[arg(required = true, value_name = "QR")]
    qr: Vec<String>,
}

/// What the command reports: the library's verification, or why no QR text could be had.
/// `message` is in the asked language (Fluent `cert-reason-*`); `detail` is the verifier's own
/// explanation of the case, in English.
#[derive(Debug, Serialize)]
struct Outcome {
    valid: bool,
    reason: &'static str,
    message: String,
    detail: String,
    format: Option<Format>,
    payload: Option<Value>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    unknown_codes: Vec<CodeFinding>,
}

impl From<Verification> for Outcome {
    fn from(v: Verification) -> Self {
        Self {
            valid: v.valid,
            reason: v.reason.code(),
            message: String::new(),
            detail: v.message,
            format: v.format,
            payload: v.payload,
            unknown_codes: v.unknown_codes,
        }
    }
}

impl Outcome {
    /// An image that gave no certificate text; the codes are this command's own.
    fn image(source: &str, e: &QrError) -> Self {
        let reason = match e {
            QrError::NotFound => "no_qr_code",
            QrError::Image(_) => "bad_image",
            QrError::Unreadable(_) | QrError::TooLong => "unreadable_qr",
        };
        Self {
            valid: false,
            reason,
            message: String::new(),
            detail: format!("{source}: {e}"),
            format: None,
            payload: None,
            unknown_codes: Vec::new(),
        }
    }

    /// Fills `message` in `lang` from the reason's Fluent message.
    fn localise(mut self, locales: &Locales, lang: &str) -> Self {
        let id = format!("cert-reason-{}", self.reason.replace('_', "-"));
        let args = [("detail", FluentValue::from(self.detail.clone()))];
        self.message = locales.message_plain(lang, &id, &args);
        self
    }
}

/// The shipped locales, every language, and the one asked for (English by default).
fn locales(lang: Option<&str>) -> Result<(Locales, String), String> {
    let mut languages = Locales::available_languages(None);
    // English first: it is the default when the asked language is not shipped.
    languages.sort_by_key(|l| l != "en");
    let locales = Locales::load(None, &languages).map_err(|e| e.to_string())?;
    let lang = locales.negotiate(lang.unwrap_or("en")).to_owned();
    Ok((locales, lang))
}

/// Runs a cert subcommand. Usage errors (unreadable trust files, bad revocation list) exit 2.
pub fn run(command: CertCommand) -> Result<ExitCode, String> {
    match command {
        CertCommand::Verify(args) => match locales(args.lang.as_deref())
            .and_then(|(l, lang)| Ok(verify(&args)?.localise(&l, &lang)).map(|o| (o, l, lang)))
        {
            Ok((outcome, locales, lang)) => Ok(report(&outcome, args.json, &locales, &lang)),
            Err(message) => {
                eprintln!("error: {message}");
                Ok(ExitCode::from(2))
            }
        },
    }
}

fn verify(args: &VerifyArgs) -> Result<Outcome, String> {
    let (trust, keys) = load_trust(&args.trust)?;
    let revocations = match &args.revocations {
        Some(path) => Some(load_revocations(path, &keys)?),
        None => None,
    };
    let mut texts = Vec::new();
    let mut stdin_read = false;
    for arg in &args.qr {
        match read_qr(arg, &mut stdin_read)? {
            Ok(text) => texts.push(text),
            Err(outcome) => return Ok(*outcome),
        }
    }
    let at = args.at.unwrap_or_else(Utc::now);
    Ok(vaxkit_cert::verify(&texts.join("\n"), &trust, at, revocations.as_ref()).into())
}

fn report(outcome: &Outcome, json: bool, locales: &Locales, lang: &str) -> ExitCode {
    if json {
        match serde_json::to_string(outcome) {
            Ok(text) => outln!("{text}"),
            Err(e) => eprintln!("error: {e}"),
        }
    } else if outcome.valid {
        outln!("valid: {}", format_name(outcome.format));
        if let Some(payload) = &outcome.payload {
            for line in summary(outcome.format, payload) {
                outln!("  {line}");
            }
        }
        if !outcome.unknown_codes.is_empty() {
            outln!(
                "  {}:",
                locales.message_plain(lang, "cert-unknown-codes", &[])
            );
            for f in &outcome.unknown_codes {
                let args = [
                    ("path", FluentValue::from(f.path.clone())),
                    ("value", FluentValue::from(f.value.clone())),
                    ("value_set", FluentValue::from(f.value_set)),
                ];
                outln!(
                    "    {}",
                    locales.message_plain(lang, "cert-unknown-code", &args)
                );
            }
        }
    } else {
        eprintln!("invalid: {}: {}", outcome.reason, outcome.message);
    }
    if outcome.valid {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// Parses `--at`: RFC 3339, an offset without colon (`+0200`), or a bare date at midnight UTC.
fn parse_at(s: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(s)
        .or_else(|_| DateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f%z"))
        .map(|d| d.with_timezone(&Utc))
        .or_else(|_| NaiveDate::parse_from_str(s, "%Y-%m-%d").map(|d| d.and_time(NaiveTime::MIN).and_utc()))
        .map_err(|_| {
            format!("`{s}` is not an instant: use RFC 3339, e.g. 2021-05-06T18:00:00Z or 2021-05-06T20:00:00+02:00")
        })
}

/// The trust store from `--trust` paths, and every P-256 key among them (for the revocation list).
fn load_trust(paths: &[PathBuf]) -> Result<(Trust, Jwks), String> {
    let mut trust = Trust::new();
    let mut all = Jwks::default();
    for path in paths {
        let keys = add_trust(&mut trust, path)?;
        if !keys.keys.is_empty() {
            all.keys.extend(keys.keys.iter().cloned());
            trust.add_shc_issuer(None, keys);
        }
    }
    Ok((trust, all))
}

/// Adds one `--trust` path; returns its P-256 keys, which are trusted for SMART Health Cards too.
fn add_trust(trust: &mut Trust, path: &Path) -> Result<Jwks, String> {
    let name = path.display();
    if path.is_dir() {
        let folder = super::keys::read_folder(path)?;
        for c in folder.all() {
            trust
                .add_dcc_signer_der(&c.der)
                .map_err(|e| format!("{}: {}", c.path.display(), e.message))?;
        }
        return Ok(folder.jwks());
    }
    let bytes = std::fs::read(path).map_err(|e| format!("--trust {name}: {e}"))?;
    let mut keys = Jwks::default();
    let text = std::str::from_utf8(&bytes).ok();
    if let Some(text) = text.filter(|t| t.contains("-----BEGIN CERTIFICATE-----")) {
        for (start, _) in text.match_indices("-----BEGIN CERTIFICATE-----") {
            let block = text.get(start..).unwrap_or_default();
            let der = pem_decode(block, "CERTIFICATE").map_err(|e| format!("{name}: {e}"))?;
            add_certificate(trust, &mut keys, &der).map_err(|e| format!("{name}: {e}"))?;
        }
    } else if let Some(text) = text.filter(|t| t.trim_start().starts_with('{')) {
        keys = Jwks::from_json(text).map_err(|e| format!("{name}: not a JWKS: {e}"))?;
        if keys.keys.is_empty() {
            return Err(format!("{name}: the JWKS holds no P-256 (ES256) key"));
        }
    } else {
        add_certificate(trust, &mut keys, &bytes).map_err(|e| {
            format!("{name}: neither an X.509 certificate (DER or PEM) nor a JWKS file: {e}")
        })?;
    }
    Ok(keys)
}

fn add_certificate(trust: &mut Trust, keys: &mut Jwks, der: &[u8]) -> Result<(), String> {
    trust
        .add_dcc_signer_der(der)
        .map_err(|e| e.message.clone())?;
    // An RSA signer only verifies EU DCCs; a P-256 one may sign SMART Health Cards as well.
    if let Ok((public, _)) = super::keys::certificate_key(der) {
        keys.keys.push(public);
    }
    Ok(())
}

fn load_revocations(path: &Path, keys: &Jwks) -> Result<RevocationList, String> {
    let name = path.display();
    let jws = std::fs::read_to_string(path).map_err(|e| format!("--revocations {name}: {e}"))?;
    if keys.keys.is_empty() {
        return Err(format!(
            "--revocations {name}: no trusted P-256 key to check its signature; add --trust"
        ));
    }
    RevocationList::load(&jws, keys)
        .map_err(|e| format!("--revocations {name}: the revocation list is not usable: {e}"))
}

/// Reads one QR argument: `Ok(Ok(text))`, `Ok(Err(outcome))` for an image without a readable code,
/// `Err` for a usage error (unreadable file, standard input given twice).
fn read_qr(arg: &str, stdin_read: &mut bool) -> Result<Result<String, Box<Outcome>>, String> {
    if has_prefix(arg) {
        return Ok(Ok(arg.to_owned()));
    }
    if arg == "-" {
        if *stdin_read {
            return Err("standard input (`-`) can be read only once".into());
        }
        *stdin_read = true;
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| format!("standard input: {e}"))?;
        return Ok(from_bytes("standard input", &bytes, false));
    }
    let file = match arg.strip_prefix('@') {
        Some("") => return Err("`@` needs a file name: @FILE".into()),
        Some(f) => Some(Path::new(f)),
        None if Path::new(arg).is_file() => Some(Path::new(arg)),
        None if image_extension(Path::new(arg)) => {
            return Err(format!("{arg}: no such image file"));
        }
        None => None,
    };
    match file {
        Some(path) => {
            let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
            let name = path.display().to_string();
            Ok(from_bytes(&name, &bytes, image_extension(path)))
        }
        None => Ok(Ok(arg.to_owned())),
    }
}

fn has_prefix(text: &str) -> bool {
    text.starts_with("HC1:")
        || text
            .get(..5)
            .is_some_and(|p| p.eq_ignore_ascii_case("shc:/"))
}

fn image_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| ["png", "jpg", "jpeg"].contains(&e.to_ascii_lowercase().as_str()))
}

/// The certificate text in file or stdin bytes: an image (by magic bytes or extension) is read
/// as a QR code, anything else is text with surrounding whitespace removed.
fn from_bytes(source: &str, bytes: &[u8], image: bool) -> Result<String, Box<Outcome>> {
    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n";
    const JPEG: &[u8] = b"\xff\xd8\xff";
    if image || bytes.starts_with(PNG) || bytes.starts_with(JPEG) {
        return qr::read(bytes)
            .map(|t| t.trim().to_owned())
            .map_err(|e| Box::new(Outcome::image(source, &e)));
    }
    Ok(String::from_utf8_lossy(bytes).trim().to_owned())
}

fn format_name(format: Option<Format>) -> &'static str {
    match format {
        Some(Format::EuDcc) => "EU Digital COVID Certificate",
        Some(Format::Shc) => "SMART Health Card",
        None => "certificate",
    }
}

/// A value at a JSON pointer as text (strings as they are, numbers printed).
fn text(v: &Value, pointer: &str) -> Option<String> {
    match v.pointer(pointer)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn instant(v: &Value, pointer: &str) -> Option<String> {
    let t = v.pointer(pointer)?.as_i64()?;
    DateTime::from_timestamp(t, 0).map(|d| d.to_rfc3339())
}

/// A few lines about the holder and the dose, for people; `--json` gives the whole payload.
fn summary(format: Option<Format>, p: &Value) -> Vec<String> {
    let mut lines = Vec::new();
    match format {
        Some(Format::EuDcc) => {
            let h = p.get("hcert").cloned().unwrap_or_default();
            let name = [text(&h, "/nam/gn"), text(&h, "/nam/fn")]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ");
            lines.push(format!(
                "holder: {name}, born {}",
                text(&h, "/dob").unwrap_or_default()
            ));
            if h.pointer("/v/0").is_some() {
                lines.push(format!(
                    "vaccination: dose {}/{} on {}, product {}, country {}",
                    text(&h, "/v/0/dn").unwrap_or_default(),
                    text(&h, "/v/0/sd").unwrap_or_default(),
                    text(&h, "/v/0/dt").unwrap_or_default(),
                    text(&h, "/v/0/mp").unwrap_or_default(),
                    text(&h, "/v/0/co").unwrap_or_default(),
                ));
            } else if h.pointer("/t/0").is_some() {
                lines.push(format!(
                    "test: {} sampled {}, result {}",
                    text(&h, "/t/0/tt").unwrap_or_default(),
                    text(&h, "/t/0/sc").unwrap_or_default(),
                    text(&h, "/t/0/tr").unwrap_or_default(),
                ));
            } else if h.pointer("/r/0").is_some() {
                lines.push(format!(
                    "recovery: valid {} to {}",
                    text(&h, "/r/0/df").unwrap_or_default(),
                    text(&h, "/r/0/du").unwrap_or_default(),
                ));
            }
            for k in ["v", "t", "r"] {
                if let Some(ci) = text(&h, &format!("/{k}/0/ci")) {
                    lines.push(format!("certificate id: {ci}"));
                }
                if let Some(is) = text(&h, &format!("/{k}/0/is")) {
                    lines.push(format!("issued by: {is}"));
                }
            }
            if let Some(exp) = instant(p, "/exp") {
                lines.push(format!("expires: {exp}"));
            }
        }
        Some(Format::Shc) => {
            if let Some(iss) = text(p, "/iss") {
                lines.push(format!("issuer: {iss}"));
            }
            let entries = p
                .pointer("/vc/credentialSubject/fhirBundle/entry")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            for e in &entries {
                let r = e.get("resource").cloned().unwrap_or_default();
                match r.get("resourceType").and_then(Value::as_str) {
                    Some("Patient") => {
                        let given = r
                            .pointer("/name/0/given")
                            .and_then(Value::as_array)
                            .map(|g| {
                                g.iter()
                                    .filter_map(Value::as_str)
                                    .collect::<Vec<_>>()
                                    .join(" ")
                            })
                            .unwrap_or_default();
                        lines.push(format!(
                            "holder: {given} {}, born {}",
                            text(&r, "/name/0/family").unwrap_or_default(),
                            text(&r, "/birthDate").unwrap_or_default()
                        ));
                    }
                    Some("Immunization") => lines.push(format!(
                        "immunization: {} on {}, lot {}",
                        text(&r, "/vaccineCode/coding/0/code").unwrap_or_default(),
                        text(&r, "/occurrenceDateTime").unwrap_or_default(),
                        text(&r, "/lotNumber").unwrap_or_else(|| "-".into()),
                    )),
                    _ => {}
                }
            }
        }
        None => {}
    }
    lines
}
