//! Base45 (RFC 9285), the alphabet EU DCC uses because it fits the QR alphanumeric mode.

const ALPHABET: &[u8; 45] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

/// Why a Base45 text could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Base45Error {
    /// A character outside the Base45 alphabet, at this character position.
    BadCharacter(usize),
    /// A length that leaves one dangling character (the text was cut).
    Truncated,
    /// A group whose value does not fit the bytes it stands for.
    Overflow(usize),
}

/// Encodes bytes as Base45 text.
pub fn encode(data: &[u8]) -> String {
    let mut out = String::with_capacity(data.len().div_ceil(2) * 3);
    let mut push = |v: usize| {
        if let Some(c) = ALPHABET.get(v % 45) {
            out.push(char::from(*c));
        }
    };
    for pair in data.chunks(2) {
        match *pair {
            [a, b] => {
                let n = usize::from(a) * 256 + usize::from(b);
                push(n);
                push(n / 45);
                push(n / 2025);
            }
            [a] => {
                let n = usize::from(a);
                push(n);
                push(n / 45);
            }
            _ => {}
        }
    }
    out
}

fn value(c: u8, pos: usize) -> Result<usize, Base45Error> {
    ALPHABET
        .iter()
        .position(|&a| a == c)
        .ok_or(Base45Error::BadCharacter(pos))
}

/// Decodes Base45 text into bytes.
pub fn decode(text: &str) -> Result<Vec<u8>, Base45Error> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len() / 3 * 2 + 1);
    for (i, group) in bytes.chunks(3).enumerate() {
        let pos = i * 3;
        match *group {
            [c, d, e] => {
                let n = value(c, pos)? + value(d, pos + 1)? * 45 + value(e, pos + 2)? * 2025;
                let hi = u8::try_from(n / 256).map_err(|_| Base45Error::Overflow(pos))?;
                out.push(hi);
                out.push((n % 256) as u8);
            }
            [c, d] => {
                let n = value(c, pos)? + value(d, pos + 1)? * 45;
                out.push(u8::try_from(n).map_err(|_| Base45Error::Overflow(pos))?);
            }
            _ => {
                // Validate the lone character first so a bad alphabet is reported as such.
                if let Some(&c) = group.first() {
                    value(c, pos)?;
                }
                return Err(Base45Error::Truncated);
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_examples() {
        assert_eq!(encode(b"AB"), "BB8");
        assert_eq!(encode(b"Hello!!"), "%69 VD92EX0");
        assert_eq!(encode(b"base-45"), "UJCLQE7W581");
        assert_eq!(decode("QED8WEX0").ok(), Some(b"ietf!".to_vec()));
        assert_eq!(decode("GGW"), Err(Base45Error::Overflow(0)));
        assert_eq!(decode("ab"), Err(Base45Error::BadCharacter(0)));
        assert_eq!(decode("QED8WEX0AB"), Err(Base45Error::Truncated));
    }

    #[test]
    fn round_trip_all_lengths() {
        let data: Vec<u8> = (0..=255u8).collect();
        for n in 0..data.len() {
            let part = data.get(..n).unwrap_or_default();
            assert_eq!(decode(&encode(part)).ok().as_deref(), Some(part));
        }
    }
}
