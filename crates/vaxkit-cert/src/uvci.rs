//! Unique vaccination certificate identifiers (UVCI) in the EU form
//! `URN:UVCI:01:<country>:<opaque>#<checksum>`, with the Luhn mod N check character computed over
//! everything before `#` on the alphabet `A-Z 0-9 / :` (the form the EU DCC schema FAQ describes).

use ring::rand::{SecureRandom, SystemRandom};

const ALPHABET: &[u8; 38] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/:";

fn code_point(c: u8) -> Option<usize> {
    ALPHABET.iter().position(|&a| a == c)
}

/// The Luhn mod N check character of `text` (upper-cased); `None` if a character is outside the alphabet.
pub fn checksum(text: &str) -> Option<char> {
    let n = ALPHABET.len();
    let mut factor = 2;
    let mut sum = 0;
    for c in text.bytes().rev() {
        let addend = factor * code_point(c.to_ascii_uppercase())?;
        factor = if factor == 2 { 1 } else { 2 };
        sum += addend / n + addend % n;
    }
    ALPHABET.get((n - sum % n) % n).map(|&c| char::from(c))
}

/// Builds a UVCI from a country code and an issuer-unique value; characters outside A-Z, 0-9 and
/// `/` are dropped from the value.
pub fn from_unique(country: &str, unique: &str) -> Option<String> {
    let clean = |s: &str| -> String {
        s.chars()
            .flat_map(char::to_uppercase)
            .filter(|c| c.is_ascii_alphanumeric() || *c == '/')
            .collect()
    };
    let country = clean(country);
    let opaque = clean(unique);
    if country.is_empty() || opaque.is_empty() {
        return None;
    }
    let body = format!("URN:UVCI:01:{country}:{opaque}");
    let check = checksum(&body)?;
    Some(format!("{body}#{check}"))
}

/// A new random UVCI (128 bits, upper-case hex) for this country.
pub fn generate(country: &str) -> Option<String> {
    let mut bytes = [0u8; 16];
    SystemRandom::new().fill(&mut bytes).ok()?;
    let hex: String = bytes.iter().map(|b| format!("{b:02X}")).collect();
    from_unique(country, &hex)
}

/// Whether a UVCI's check character is right (a UVCI without `#` has none to check and fails).
pub fn is_valid(uvci: &str) -> bool {
    match uvci.rsplit_once('#') {
        Some((body, check)) => {
            let mut chars = check.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => checksum(body) == Some(c.to_ascii_uppercase()),
                _ => false,
            }
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_published_identifiers() {
        for id in [
            "URN:UVCI:01:AT:10807843F94AEE0EE5093FBC254BD813#B",
            "URN:UVCI:01:AT:858CC18CFCF5965EF82F60E493349AA5#K",
            "URN:UVCI:01:FR:GGD81AAH16A4#Y",
            "URN:UVCI:01:FR:P4LU2647E8HN#/",
            "URN:UVCI:01:FR:Y4996KBJ4Q3Q#:",
        ] {
            assert!(is_valid(id), "{id}");
        }
        assert!(!is_valid(
            "URN:UVCI:01:AT:10807843F94AEE0EE5093FBC254BD813#C"
        ));
        assert!(!is_valid(
            "URN:UVCI:01:AT:10807843F94AEE0EE5093FBC254BD814#B"
        ));
        assert!(!is_valid("URN:UVCI:01:AT:1080"));
    }

    #[test]
    fn generated_ids_check() {
        let id = generate("in").unwrap_or_default();
        assert!(id.starts_with("URN:UVCI:01:IN:"), "{id}");
        assert!(is_valid(&id));
        assert_ne!(generate("IN"), generate("IN"));
        assert_eq!(
            from_unique("AT", "10807843-f94a-ee0e-e509-3fbc254bd813").as_deref(),
            Some("URN:UVCI:01:AT:10807843F94AEE0EE5093FBC254BD813#B")
        );
        assert_eq!(from_unique("AT", "--"), None);
    }
}
