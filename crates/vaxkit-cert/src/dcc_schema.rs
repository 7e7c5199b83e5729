//! EU DCC payloads checked against the official JSON schema of the version they declare, and the
//! codes in them against the official value sets. Both are bundled (`data/eu-dcc`, Apache-2.0),
//! so verification needs no network.
//!
//! What a version's schema accepts, vaxkit accepts: formats (`date`, `date-time`) are annotations
//! in JSON Schema 2020-12, as in the reference validators, so only types, patterns, required
//! keys, lengths and ranges are asserted. What vaxkit issues is held to more: the newest schema
//! with its formats asserted, and every code in its value set.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use jsonschema::Validator;
use serde::Serialize;
use serde_json::Value;

use crate::verify::{Invalid, Reason};

/// Every released schema version, oldest first, with its combined schema.
const SCHEMAS: &[(&str, &str)] = &[
    ("1.0.0", include_str!("../data/eu-dcc/schema/1.0.0.json")),
    ("1.0.1", include_str!("../data/eu-dcc/schema/1.0.1.json")),
    ("1.1.0", include_str!("../data/eu-dcc/schema/1.1.0.json")),
    ("1.2.0", include_str!("../data/eu-dcc/schema/1.2.0.json")),
    ("1.2.1", include_str!("../data/eu-dcc/schema/1.2.1.json")),
    ("1.3.0", include_str!("../data/eu-dcc/schema/1.3.0.json")),
    ("1.3.1", include_str!("../data/eu-dcc/schema/1.3.1.json")),
    ("1.3.2", include_str!("../data/eu-dcc/schema/1.3.2.json")),
    ("1.3.3", include_str!("../data/eu-dcc/schema/1.3.3.json")),
];

/// The newest released schema version, the one vaxkit issues.
pub const NEWEST: &str = "1.3.3";

/// The value sets, by the id the schema's `valueset-uri` names.
const VALUE_SETS: &[(&str, &str)] = &[
    (
        "country-2-codes",
        include_str!("../data/eu-dcc/valuesets/country-2-codes.json"),
    ),
    (
        "disease-agent-targeted",
        include_str!("../data/eu-dcc/valuesets/disease-agent-targeted.json"),
    ),
    (
        "test-result",
        include_str!("../data/eu-dcc/valuesets/test-result.json"),
    ),
    (
        "test-type",
        include_str!("../data/eu-dcc/valuesets/test-type.json"),
    ),
    (
        "vaccine-mah-manf",
        include_str!("../data/eu-dcc/valuesets/vaccine-mah-manf.json"),
    ),
    (
        "vaccine-medicinal-product",
        include_str!("../data/eu-dcc/valuesets/vaccine-medicinal-product.json"),
    ),
    (
        "vaccine-prophylaxis",
        include_str!("../data/eu-dcc/valuesets/vaccine-prophylaxis.json"),
    ),
];

/// Which value set governs which field of an entry, as every released schema links them.
const CODED_FIELDS: &[(&str, &str, &str)] = &[
    ("v", "tg", "disease-agent-targeted"),
    ("v", "vp", "vaccine-prophylaxis"),
    ("v", "mp", "vaccine-medicinal-product"),
    ("v", "ma", "vaccine-mah-manf"),
    ("v", "co", "country-2-codes"),
    ("t", "tg", "disease-agent-targeted"),
    ("t", "tt", "test-type"),
    ("t", "tr", "test-result"),
    ("t", "co", "country-2-codes"),
    ("r", "tg", "disease-agent-targeted"),
    ("r", "co", "country-2-codes"),
];

/// The released version whose schema checks a payload declaring `ver`: the same version, else
/// the newest release not newer than it (a patch release the bundle lacks), else the oldest.
/// A payload with no readable version gets the newest schema, which then names `ver` as wrong.
pub fn version_for(ver: Option<&str>) -> &'static str {
    let parse = |v: &str| -> Option<(u64, u64, u64)> {
        let mut p = v.split('.').map(|x| x.parse::<u64>().ok());
        let t = (p.next()??, p.next()??, p.next()??);
        p.next().is_none().then_some(t)
    };
    let Some(wanted) = ver.and_then(parse) else {
        return NEWEST;
    };
    let released = SCHEMAS.iter().filter_map(|(v, _)| Some((parse(v)?, *v)));
    released
        .clone()
        .filter(|(t, _)| *t <= wanted)
        .map(|(_, v)| v)
        .next_back()
        .or_else(|| released.map(|(_, v)| v).next())
        .unwrap_or(NEWEST)
}

struct Compiled {
    version: &'static str,
    validator: Result<Validator, String>,
}

fn compile(text: &str, formats: bool) -> Result<Validator, String> {
    let schema: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    jsonschema::options()
        .should_validate_formats(formats)
        .build(&schema)
        .map_err(|e| e.to_string())
}

fn verifying() -> &'static [Compiled] {
    static CELL: OnceLock<Vec<Compiled>> = OnceLock::new();
    CELL.get_or_init(|| {
        SCHEMAS
            .iter()
            .map(|(version, text)| Compiled {
                version,
                validator: compile(text, false),
            })
            .collect()
    })
}

fn issuing() -> &'static Result<Validator, String> {
    static CELL: OnceLock<Result<Validator, String>> = OnceLock::new();
    CELL.get_or_init(|| {
        let text = SCHEMAS
            .iter()
            .find(|(v, _)| *v == NEWEST)
            .map(|(_, t)| *t)
            .unwrap_or_default();
        compile(text, true)
    })
}

/// Describes at most three schema errors, each with the path of the failing value.
fn describe(validator: &Validator, dgc: &Value) -> Option<String> {
    let errors: Vec<String> = validator
        .iter_errors(dgc)
        .take(3)
        .map(|e| {
            let path = e.instance_path().to_string();
            let path = if path.is_empty() {
                "/".to_owned()
            } else {
                path
            };
            format!("{path}: {e}")
        })
        .collect();
    (!errors.is_empty()).then(|| errors.join("; "))
}

/// Checks a payload against the schema of the version it declares; returns that schema version.
pub fn validate(dgc: &Value) -> Result<&'static str, Invalid> {
    let version = version_for(dgc.get("ver").and_then(Value::as_str));
    let compiled = verifying()
        .iter()
        .find(|c| c.version == version)
        .ok_or_else(|| Invalid::new(Reason::Schema, format!("no schema {version}")))?;
    let validator = compiled.validator.as_ref().map_err(|e| {
        Invalid::new(
            Reason::Schema,
            format!("the bundled schema {version} does not compile: {e}"),
        )
    })?;
    match describe(validator, dgc) {
        None => Ok(version),
        Some(errors) => Err(Invalid::new(
            Reason::Schema,
            format!("schema {version}: {errors}"),
        )),
    }
}

/// Checks a payload about to be issued: the newest schema with formats asserted, and every
/// disease, vaccine, product and authorisation-holder code in its value set. The country is the
/// issuer's own (a profile may use a user-assigned code such as `XX`), so it is not held to the list.
pub fn validate_for_issue(dgc: &Value) -> Result<(), String> {
    let validator = issuing()
        .as_ref()
        .map_err(|e| format!("the bundled schema {NEWEST} does not compile: {e}"))?;
    if let Some(errors) = describe(validator, dgc) {
        return Err(format!("schema {NEWEST}: {errors}"));
    }
    match unknown_codes(dgc)
        .iter()
        .find(|f| f.value_set != "country-2-codes")
    {
        None => Ok(()),
        Some(f) => Err(format!(
            "{}: `{}` is not in the EU value set {}",
            f.path, f.value, f.value_set
        )),
    }
}

/// A code that is not in the value set its field names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CodeFinding {
    /// JSON pointer of the field, e.g. `/v/0/mp`.
    pub path: String,
    /// The code found.
    pub value: String,
    /// The value set it should come from, e.g. `vaccine-medicinal-product`.
    pub value_set: &'static str,
}

fn value_set(id: &str) -> Option<&'static BTreeSet<String>> {
    static CELL: OnceLock<Vec<(&'static str, BTreeSet<String>)>> = OnceLock::new();
    let sets = CELL.get_or_init(|| {
        VALUE_SETS
            .iter()
            .map(|(id, text)| {
                let codes = serde_json::from_str::<Value>(text)
                    .ok()
                    .and_then(|v| {
                        v.get("valueSetValues")
                            .and_then(Value::as_object)
                            .map(|o| o.keys().cloned().collect())
                    })
                    .unwrap_or_default();
                (*id, codes)
            })
            .collect()
    });
    sets.iter().find(|(i, _)| *i == id).map(|(_, c)| c)
}

/// Whether `code` is in the bundled value set `id` (false for an unknown set).
pub fn in_value_set(id: &str, code: &str) -> bool {
    value_set(id).is_some_and(|s| s.contains(code))
}

/// Codes of the payload that are not in the value sets their fields name.
pub fn unknown_codes(dgc: &Value) -> Vec<CodeFinding> {
    let mut out = Vec::new();
    for (kind, field, set) in CODED_FIELDS {
        let Some(entries) = dgc.get(*kind).and_then(Value::as_array) else {
            continue;
        };
        for (i, entry) in entries.iter().enumerate() {
            if let Some(code) = entry.get(*field).and_then(Value::as_str)
                && !in_value_set(set, code)
            {
                out.push(CodeFinding {
                    path: format!("/{kind}/{i}/{field}"),
                    value: code.to_owned(),
                    value_set: set,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_bundled_schema_compiles() {
        for c in verifying() {
            assert!(
                c.validator.is_ok(),
                "{}: {:?}",
                c.version,
                c.validator.as_ref().err()
            );
        }
        assert!(issuing().is_ok());
    }

    #[test]
    fn the_version_declared_picks_the_schema() {
        assert_eq!(version_for(Some("1.0.0")), "1.0.0");
        assert_eq!(version_for(Some("1.2.1")), "1.2.1");
        assert_eq!(version_for(Some("1.3.9")), "1.3.3");
        assert_eq!(version_for(Some("1.1.5")), "1.1.0");
        assert_eq!(version_for(Some("0.9.0")), "1.0.0");
        assert_eq!(version_for(Some("2.0.0")), "1.3.3");
        assert_eq!(version_for(Some("x")), NEWEST);
        assert_eq!(version_for(None), NEWEST);
    }

    fn vaccination(ver: &str) -> Value {
        json!({
            "ver": ver,
            "nam": {"fn": "Musterfrau", "fnt": "MUSTERFRAU", "gn": "Erika", "gnt": "ERIKA"},
            "dob": "1964-08-12",
            "v": [{"tg": "840539006", "vp": "1119349007", "mp": "EU/1/20/1528",
                   "ma": "ORG-100030215", "dn": 1, "sd": 2, "dt": "2021-05-29",
                   "co": "AT", "is": "Ministry of Health, Austria",
                   "ci": "URN:UVCI:01:AT:10807843F94AEE0EE5093FBC254BD813#B"}]
        })
    }

    #[test]
    fn the_schema_of_each_version_decides() {
        assert_eq!(validate(&vaccination("1.3.0")), Ok("1.3.0"));
        // 1.3.2 made `fnt` optional when `gnt` is given; 1.3.0 still requires it.
        let mut only_gnt = vaccination("1.3.2");
        only_gnt["nam"] = json!({"gn": "Erika", "gnt": "ERIKA"});
        assert_eq!(validate(&only_gnt), Ok("1.3.2"));
        only_gnt["ver"] = json!("1.3.0");
        let err = validate(&only_gnt)
            .err()
            .map(|e| e.message)
            .unwrap_or_default();
        assert!(
            err.contains("schema 1.3.0") && err.contains("/nam"),
            "{err}"
        );
        // A dose number of 0 names its path.
        let mut zero = vaccination("1.3.0");
        zero["v"][0]["dn"] = json!(0);
        let err = validate(&zero).err().map(|e| e.message).unwrap_or_default();
        assert!(err.contains("/v/0/dn"), "{err}");
    }

    #[test]
    fn codes_outside_their_value_sets_are_found() {
        assert!(unknown_codes(&vaccination("1.3.0")).is_empty());
        let mut odd = vaccination("1.3.0");
        odd["v"][0]["mp"] = json!("Sputnik-Z");
        odd["v"][0]["co"] = json!("XX");
        let found = unknown_codes(&odd);
        assert_eq!(
            found.iter().map(|f| f.path.as_str()).collect::<Vec<_>>(),
            ["/v/0/mp", "/v/0/co"]
        );
        assert!(validate_for_issue(&odd).is_err());
        assert_eq!(validate_for_issue(&vaccination(NEWEST)), Ok(()));
        let mut own_country = vaccination(NEWEST);
        own_country["v"][0]["co"] = json!("XX");
        assert_eq!(validate_for_issue(&own_country), Ok(()));
    }
}
