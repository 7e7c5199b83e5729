//! Conversions between CBOR values and JSON values, for the EU DCC payload.

use base64::Engine;
use ciborium::Value as Cbor;
use serde_json::Value as Json;

/// CBOR to JSON: tags are dropped (their content kept), byte strings become base64, map keys text.
pub(crate) fn to_json(value: &Cbor) -> Result<Json, String> {
    Ok(match value {
        Cbor::Integer(i) => {
            let n = i128::from(*i);
            if let Ok(v) = i64::try_from(n) {
                Json::from(v)
            } else if let Ok(v) = u64::try_from(n) {
                Json::from(v)
            } else {
                return Err("integer out of range".into());
            }
        }
        Cbor::Float(f) => serde_json::Number::from_f64(*f)
            .map(Json::Number)
            .ok_or("a float that JSON cannot hold")?,
        Cbor::Text(s) => Json::String(s.clone()),
        Cbor::Bool(b) => Json::Bool(*b),
        Cbor::Null => Json::Null,
        Cbor::Bytes(b) => Json::String(base64::engine::general_purpose::STANDARD.encode(b)),
        // Dates written as CBOR epoch times (tag 1: seconds, tag 100: days) read as the ISO text
        // the schema expects, as the reference decoders give them.
        Cbor::Tag(1, inner) => {
            match as_seconds(inner).and_then(|s| chrono::DateTime::from_timestamp(s, 0)) {
                Some(t) => Json::String(t.format("%Y-%m-%dT%H:%M:%SZ").to_string()),
                None => to_json(inner)?,
            }
        }
        Cbor::Tag(100, inner) => match inner
            .as_integer()
            .and_then(|d| i64::try_from(i128::from(d)).ok())
            .and_then(|d| {
                chrono::NaiveDate::from_ymd_opt(1970, 1, 1)?
                    .checked_add_signed(chrono::Duration::days(d))
            }) {
            Some(d) => Json::String(d.format("%Y-%m-%d").to_string()),
            None => to_json(inner)?,
        },
        Cbor::Tag(_, inner) => to_json(inner)?,
        Cbor::Array(items) => Json::Array(items.iter().map(to_json).collect::<Result<_, _>>()?),
        Cbor::Map(entries) => {
            let mut map = serde_json::Map::new();
            for (k, v) in entries {
                let key = match k {
                    Cbor::Text(s) => s.clone(),
                    Cbor::Integer(i) => i128::from(*i).to_string(),
                    _ => return Err("a map key that is neither text nor integer".into()),
                };
                map.insert(key, to_json(v)?);
            }
            Json::Object(map)
        }
        _ => return Err("an unsupported CBOR value".into()),
    })
}

/// JSON to CBOR: integers stay integers, everything else maps one to one.
pub(crate) fn from_json(value: &Json) -> Cbor {
    match value {
        Json::Null => Cbor::Null,
        Json::Bool(b) => Cbor::Bool(*b),
        Json::Number(n) => {
            if let Some(i) = n.as_i64() {
                Cbor::Integer(i.into())
            } else if let Some(u) = n.as_u64() {
                Cbor::Integer(u.into())
            } else {
                Cbor::Float(n.as_f64().unwrap_or(0.0))
            }
        }
        Json::String(s) => Cbor::Text(s.clone()),
        Json::Array(a) => Cbor::Array(a.iter().map(from_json).collect()),
        Json::Object(o) => Cbor::Map(
            o.iter()
                .map(|(k, v)| (Cbor::Text(k.clone()), from_json(v)))
                .collect(),
        ),
    }
}

/// Serialises a CBOR value.
pub(crate) fn to_vec(value: &Cbor) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    ciborium::into_writer(value, &mut out).map_err(|e| e.to_string())?;
    Ok(out)
}

/// Looks a key up in a CBOR map by integer label.
pub(crate) fn map_get(map: &[(Cbor, Cbor)], label: i64) -> Option<&Cbor> {
    map.iter()
        .find(|(k, _)| matches!(k, Cbor::Integer(i) if i128::from(*i) == i128::from(label)))
        .map(|(_, v)| v)
}

/// A CBOR number as a whole number of seconds (some issuers write floats).
pub(crate) fn as_seconds(value: &Cbor) -> Option<i64> {
    match value {
        Cbor::Integer(i) => i64::try_from(i128::from(*i)).ok(),
        Cbor::Float(f) if f.is_finite() && f.abs() < 1e15 => Some(f.trunc() as i64),
        Cbor::Tag(_, inner) => as_seconds(inner),
        _ => None,
    }
}
