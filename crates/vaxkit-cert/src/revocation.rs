//! A signed revocation list that verifiers load once and use offline: a JWS (ES256) over
//! `{"issued": RFC 3339, "entries": [...]}`. An entry is a certificate id (UVCI) or its revocation
//! key — base64url of the first 16 bytes of SHA-256 of the id, which is also the SMART Health Card
//! `rid` — so a published list need not reveal the ids.

use std::collections::HashSet;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::keys::{Jwks, KeyError, SigningKey};
use crate::verify::{Invalid, Reason};

/// The revocation key of a certificate id (also used as SHC `rid`).
pub fn revocation_key(certificate_id: &str) -> String {
    let digest = ring::digest::digest(&ring::digest::SHA256, certificate_id.as_bytes());
    URL_SAFE_NO_PAD.encode(digest.as_ref().get(..16).unwrap_or_default())
}

#[derive(Serialize, Deserialize)]
struct Body {
    issued: DateTime<Utc>,
    entries: Vec<String>,
}

/// A verified revocation list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RevocationList {
    /// When the list was issued.
    pub issued: Option<DateTime<Utc>>,
    keys: HashSet<String>,
}

impl RevocationList {
    /// A list from entries (ids or revocation keys), unsigned, for a verifier that built it itself.
    pub fn from_entries<I: IntoIterator<Item = S>, S: AsRef<str>>(
        issued: Option<DateTime<Utc>>,
        entries: I,
    ) -> Self {
        let mut keys = HashSet::new();
        for e in entries {
            let e = e.as_ref();
            keys.insert(e.to_owned());
            keys.insert(revocation_key(e));
        }
        Self { issued, keys }
    }

    /// Signs a list as a compact JWS with the given key.
    pub fn sign(
        key: &SigningKey,
        issued: DateTime<Utc>,
        entries: &[String],
    ) -> Result<String, KeyError> {
        let header =
            serde_json::json!({"alg": "ES256", "kid": key.kid(), "typ": "vaxkit-revocations"});
        let body = Body {
            issued,
            entries: entries.to_vec(),
        };
        let payload = serde_json::to_vec(&body).map_err(|_| KeyError::Sign)?;
        crate::shc::jws_sign(key, &header, &payload)
    }

    /// Loads a signed list, checking its signature against `keys`.
    pub fn load(jws: &str, keys: &Jwks) -> Result<Self, Invalid> {
        let (header, payload) = crate::shc::jws_verify(jws.trim(), |kid| keys.find(kid).cloned())?;
        if header.get("zip").is_some() {
            return Err(Invalid::new(
                Reason::BadJws,
                "a revocation list is not compressed",
            ));
        }
        let body: Body = serde_json::from_slice(&payload)
            .map_err(|e| Invalid::new(Reason::BadPayload, format!("not a revocation list: {e}")))?;
        Ok(Self::from_entries(Some(body.issued), body.entries))
    }

    /// Whether a certificate id is revoked (listed as itself or by its revocation key).
    pub fn is_revoked(&self, certificate_id: &str) -> bool {
        self.keys.contains(certificate_id) || self.keys.contains(&revocation_key(certificate_id))
    }

    /// Whether an SMART Health Card `rid` is revoked.
    pub fn is_rid_revoked(&self, rid: &str) -> bool {
        self.keys.contains(rid)
    }

    /// Number of distinct keys held (each entry gives its own text and its revocation key).
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signed_list_round_trip_and_tamper() {
        let key = SigningKey::generate();
        let Ok(key) = key else {
            return assert!(key.is_ok());
        };
        let at = DateTime::from_timestamp(1_700_000_000, 0).unwrap_or_default();
        let id = "URN:UVCI:01:AT:10807843F94AEE0EE5093FBC254BD813#B".to_owned();
        let hashed = revocation_key("URN:UVCI:01:AT:OTHER#X");
        let jws = RevocationList::sign(&key, at, &[id.clone(), hashed]).unwrap_or_default();
        let jwks = Jwks {
            keys: vec![key.public_key().clone()],
        };
        let list = RevocationList::load(&jws, &jwks);
        assert!(list.is_ok(), "{list:?}");
        let list = list.unwrap_or_default();
        assert_eq!(list.issued, Some(at));
        assert!(list.is_revoked(&id));
        assert!(list.is_revoked("URN:UVCI:01:AT:OTHER#X"));
        assert!(list.is_rid_revoked(&revocation_key(&id)));
        assert!(!list.is_revoked("URN:UVCI:01:AT:NOT#1"));
        // Another key does not verify it; a changed payload does not verify.
        let other = SigningKey::generate().map(|k| Jwks {
            keys: vec![k.public_key().clone()],
        });
        assert!(RevocationList::load(&jws, &other.unwrap_or_default()).is_err());
        let mut parts: Vec<String> = jws.split('.').map(str::to_owned).collect();
        if let Some(p) = parts.get_mut(1) {
            let mut bytes = URL_SAFE_NO_PAD.decode(p.as_bytes()).unwrap_or_default();
            bytes.retain(|&b| b != b'B');
            *p = URL_SAFE_NO_PAD.encode(bytes);
        }
        let tampered = parts.join(".");
        assert_eq!(
            RevocationList::load(&tampered, &jwks).map_err(|e| e.reason),
            Err(Reason::BadSignature)
        );
    }
}
