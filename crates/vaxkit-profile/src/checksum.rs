//! Check-digit algorithms for national identity numbers.
//!
//! A country profile names, for each ID scheme, the algorithm that guards its
//! numbers, so that a mistyped number is refused at data entry instead of
//! silently creating a second record for the same person. Callers normalise a
//! number first (strip spaces and dashes, upper-case); this module then does
//! the arithmetic, plus the few structural rules (fixed length, embedded birth
//! date) that a scheme's own definition ties to its check digit. Nothing here
//! panics, whatever the input.

use std::fmt;

/// A check-digit algorithm an ID scheme can name in a country profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Checksum {
    /// No check digit; every number passes (`"none"`).
    None,
    /// Luhn mod 10 over digits (`"luhn"`).
    Luhn,
    /// Verhoeff's dihedral-group check over digits, as used by Aadhaar (`"verhoeff"`).
    Verhoeff,
    /// Damm's quasigroup check over digits, with the standard order-10 table (`"damm"`).
    Damm,
    /// ISO 7064 MOD 11-2 over digits, check character `0`-`9` or `X` (`"iso7064-mod11-2"`).
    Iso7064Mod11_2,
    /// ISO 7064 MOD 97-10 over digits and letters with two trailing check digits, as in IBAN (`"iso7064-mod97-10"`).
    Iso7064Mod97_10,
    /// Brazil's CPF: 11 digits ending in two mod-11 check digits (`"mod11-cpf"`).
    Cpf,
    /// Mexico's CURP: 18 characters, of which the YYMMDD birth date and final check digit are checked (`"curp"`).
    Curp,
    /// South Africa's ID number: 13 digits with birth date, citizenship digit and a Luhn check (`"za-id"`).
    SaId,
    /// ISO 7064 MOD 11,10 (the hybrid system) over digits, one check digit, as in Croatia's OIB (`"iso7064-mod11-10"`).
    Iso7064Mod11_10,
    /// Estonia's and Lithuania's mod 11 with a second pass on other weights when the first gives 10 (`"mod11-baltic"`).
    Mod11Baltic,
    /// A configurable weighted-sum modulus check (`"weighted"`).
    Weighted(WeightedSum),
    /// Several weighted checks in a row, each guarding everything before its check char (`"weighted"` with a list).
    WeightedChain(Vec<WeightedSum>),
}

/// Parameters of a configurable weighted-sum modulus check for schemes not built in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeightedSum {
    /// Weights for the payload (every char but the last), repeated when the payload is longer.
    pub weights: Vec<u32>,
    /// Whether `weights[0]` goes to the payload char next to the check char (moving leftwards) instead of the leftmost one.
    pub from_right: bool,
    /// The modulus, e.g. 11.
    pub modulus: u32,
    /// Whether the check value is `(modulus - sum % modulus) % modulus` rather than `sum % modulus`.
    pub complement: bool,
    /// Whether letters `A`=10 .. `Z`=35 are allowed in the payload besides digits.
    pub letters: bool,
    /// How a check value of 10 is written (e.g. `'X'`); values above 10 have no written form.
    pub ten_as: Option<char>,
    /// The character written for each check value (index = value); replaces digits and `ten_as`.
    pub check_chars: Option<Vec<char>>,
    /// Whether each product counts by the sum of its digits (Luhn's doubling: 2 × 7 = 14 counts 5).
    pub digit_sum: bool,
    /// 0-based position of the check char; the payload is everything before it. Default: the last char.
    pub position: Option<usize>,
    /// Payload chars passed over without using up a weight (separators, a century sign).
    pub skip_chars: Vec<char>,
}

/// Why a number failed its check-digit test.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChecksumError {
    /// A character the algorithm cannot use, with its 0-based char position.
    BadCharacter {
        /// 0-based position of the character, counted in chars.
        position: usize,
        /// The offending character.
        character: char,
    },
    /// The number has the wrong length for the algorithm (expected describes it, e.g. "11 digits").
    BadLength {
        /// The length the algorithm wants, in words.
        expected: String,
        /// The number of chars found.
        found: usize,
    },
    /// The check digit(s) do not match.
    Mismatch,
    /// A date embedded in the number (CURP, South African ID) is not a real date.
    InvalidDate,
    /// Anything else specific to the algorithm (e.g. CPF with all digits equal, SA citizenship digit), in English for operators.
    Invalid(String),
}

impl fmt::Display for ChecksumError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // Operators count characters from 1.
            ChecksumError::BadCharacter {
                position,
                character,
            } => write!(
                f,
                "character {} ({character:?}) is not allowed here",
                position.saturating_add(1)
            ),
            ChecksumError::BadLength { expected, found } => {
                write!(f, "expected {expected}, found {found} characters")
            }
            ChecksumError::Mismatch => f.write_str("the check digit does not match"),
            ChecksumError::InvalidDate => f.write_str("the date in the number is not a real date"),
            ChecksumError::Invalid(reason) => f.write_str(reason),
        }
    }
}

impl std::error::Error for ChecksumError {}

impl Checksum {
    /// Names accepted in profiles for the built-in algorithms (everything except "weighted").
    pub const BUILTIN_NAMES: &'static [&'static str] = &[
        "none",
        "luhn",
        "verhoeff",
        "damm",
        "iso7064-mod11-2",
        "iso7064-mod97-10",
        "mod11-cpf",
        "curp",
        "za-id",
        "iso7064-mod11-10",
        "mod11-baltic",
    ];

    /// Looks up a built-in algorithm by its profile name.
    pub fn from_name(name: &str) -> Option<Checksum> {
        match name {
            "none" => Some(Checksum::None),
            "luhn" => Some(Checksum::Luhn),
            "verhoeff" => Some(Checksum::Verhoeff),
            "damm" => Some(Checksum::Damm),
            "iso7064-mod11-2" => Some(Checksum::Iso7064Mod11_2),
            "iso7064-mod97-10" => Some(Checksum::Iso7064Mod97_10),
            "mod11-cpf" => Some(Checksum::Cpf),
            "curp" => Some(Checksum::Curp),
            "za-id" => Some(Checksum::SaId),
            "iso7064-mod11-10" => Some(Checksum::Iso7064Mod11_10),
            "mod11-baltic" => Some(Checksum::Mod11Baltic),
            _ => None,
        }
    }

    /// The profile name of this algorithm ("weighted" for Weighted).
    pub fn name(&self) -> &'static str {
        match self {
            Checksum::None => "none",
            Checksum::Luhn => "luhn",
            Checksum::Verhoeff => "verhoeff",
            Checksum::Damm => "damm",
            Checksum::Iso7064Mod11_2 => "iso7064-mod11-2",
            Checksum::Iso7064Mod97_10 => "iso7064-mod97-10",
            Checksum::Cpf => "mod11-cpf",
            Checksum::Curp => "curp",
            Checksum::SaId => "za-id",
            Checksum::Iso7064Mod11_10 => "iso7064-mod11-10",
            Checksum::Mod11Baltic => "mod11-baltic",
            Checksum::Weighted(_) | Checksum::WeightedChain(_) => "weighted",
        }
    }

    /// Checks a normalised number (already stripped of spaces/dashes and upper-cased by the caller) whose last char(s) are the check digit(s).
    pub fn verify(&self, number: &str) -> Result<(), ChecksumError> {
        let chars: Vec<char> = number.chars().collect();
        match self {
            Checksum::None => Ok(()),
            Checksum::Luhn => mismatch_unless(luhn_sum(&digits_with_check(&chars)?, false) == 0),
            Checksum::Verhoeff => {
                mismatch_unless(verhoeff_state(&digits_with_check(&chars)?, 0) == Some(0))
            }
            Checksum::Damm => mismatch_unless(damm_interim(&digits_with_check(&chars)?) == Some(0)),
            Checksum::Iso7064Mod11_2 => {
                let (payload, check) = split_check_char(&chars)?;
                let partial = mod11_2_partial(&parse_digits(payload)?);
                let check = match check {
                    'X' => 10,
                    _ => digit_value(check).ok_or(ChecksumError::BadCharacter {
                        position: payload.len(),
                        character: check,
                    })?,
                };
                mismatch_unless((partial + check) % 11 == 1)
            }
            Checksum::Iso7064Mod97_10 => {
                let (payload, check) = split_check_pair(&chars)?;
                let mut values = parse_with(payload, 0, alphanumeric_value)?;
                values.extend(parse_with(check, payload.len(), digit_value)?);
                mismatch_unless(mod97(&values) == 1)
            }
            Checksum::Cpf => {
                require_len(&chars, 11, "digits")?;
                let digits = parse_digits(&chars)?;
                if all_equal(&digits) {
                    return Err(ChecksumError::Invalid(
                        "a CPF whose digits are all the same is never issued".to_string(),
                    ));
                }
                let (payload, check) = digits.split_at_checked(9).unwrap_or_default();
                mismatch_unless(check == cpf_check_digits(payload))
            }
            Checksum::Curp => {
                require_len(&chars, 18, "characters")?;
                let (payload, check) = split_check_char(&chars)?;
                let values = curp_payload_values(payload)?;
                if !check.is_ascii_digit() {
                    return Err(ChecksumError::BadCharacter {
                        position: payload.len(),
                        character: check,
                    });
                }
                mismatch_unless(curp_check_char(&values) == Some(check))
            }
            Checksum::SaId => {
                require_len(&chars, 13, "digits")?;
                let digits = parse_digits(&chars)?;
                sa_id_structure(&digits)?;
                mismatch_unless(luhn_sum(&digits, false) == 0)
            }
            Checksum::Iso7064Mod11_10 => {
                let digits = digits_with_check(&chars)?;
                let (payload, check) = digits.split_at(digits.len() - 1);
                mismatch_unless(Some(mod11_10_check(payload)) == check.first().copied())
            }
            Checksum::Mod11Baltic => {
                let digits = digits_with_check(&chars)?;
                let (payload, check) = digits.split_at(digits.len() - 1);
                mismatch_unless(Some(baltic_check(payload)) == check.first().copied())
            }
            Checksum::Weighted(weighted) => {
                weighted.verify_at(&chars, weighted.position.or(chars.len().checked_sub(1)))
            }
            Checksum::WeightedChain(chain) => {
                let n = chain.len();
                chain.iter().enumerate().try_for_each(|(i, w)| {
                    let at = (chars.len() + i).checked_sub(n);
                    w.verify_at(&chars, w.position.or(at))
                })
            }
        }
    }

    /// Computes the check character(s) to append to `payload` so that `verify(payload + result)` succeeds; None when the payload has characters the algorithm cannot use or no check value exists.
    pub fn check_digits(&self, payload: &str) -> Option<String> {
        // verify() insists on a payload, so an empty one has no valid check digits.
        if payload.is_empty() && *self != Checksum::None {
            return None;
        }
        let chars: Vec<char> = payload.chars().collect();
        match self {
            Checksum::None => Some(String::new()),
            Checksum::Luhn => digit_string(luhn_check(&parse_digits(&chars).ok()?)),
            Checksum::Verhoeff => {
                let state = verhoeff_state(&parse_digits(&chars).ok()?, 1)?;
                digit_string(*VERHOEFF_INVERSE.get(usize::from(state))?)
            }
            Checksum::Damm => digit_string(damm_interim(&parse_digits(&chars).ok()?)?),
            Checksum::Iso7064Mod11_2 => {
                let partial = mod11_2_partial(&parse_digits(&chars).ok()?);
                match (12 - partial) % 11 {
                    10 => Some("X".to_string()),
                    check => digit_string(check),
                }
            }
            Checksum::Iso7064Mod97_10 => {
                let values = parse_with(&chars, 0, alphanumeric_value).ok()?;
                // Appending "00" multiplies by 100; the check then lifts the total to 1 mod 97.
                Some(format!("{:02}", 98 - mod97(&values) * 100 % 97))
            }
            Checksum::Cpf => {
                let digits = parse_digits(&chars).ok()?;
                if digits.len() != 9 || all_equal(&digits) {
                    return None;
                }
                let [first, second] = cpf_check_digits(&digits);
                Some(format!("{first}{second}"))
            }
            Checksum::Curp => {
                if chars.len() != 17 {
                    return None;
                }
                curp_check_char(&curp_payload_values(&chars).ok()?).map(String::from)
            }
            Checksum::SaId => {
                let digits = parse_digits(&chars).ok()?;
                if digits.len() != 12 {
                    return None;
                }
                sa_id_structure(&digits).ok()?;
                digit_string(luhn_check(&digits))
            }
            Checksum::Iso7064Mod11_10 => digit_string(mod11_10_check(&parse_digits(&chars).ok()?)),
            Checksum::Mod11Baltic => digit_string(baltic_check(&parse_digits(&chars).ok()?)),
            Checksum::Weighted(weighted) => {
                if weighted.position.is_some_and(|p| p != chars.len()) {
                    return None;
                }
                weighted.check_char(&chars).ok()?.map(String::from)
            }
            Checksum::WeightedChain(chain) => {
                // Each check char joins the payload of the next one.
                let mut number = chars;
                let mut out = String::new();
                for w in chain {
                    if w.position.is_some_and(|p| p != number.len()) {
                        return None;
                    }
                    let c = w.check_char(&number).ok()??;
                    number.push(c);
                    out.push(c);
                }
                Some(out)
            }
        }
    }
}

impl WeightedSum {
    /// Reports parameters that cannot check anything (no weights, modulus below 2), so profiles can be rejected at load time.
    pub fn validate(&self) -> Result<(), ChecksumError> {
        if self.weights.is_empty() {
            return Err(ChecksumError::Invalid(
                "the weighted checksum has no weights".to_string(),
            ));
        }
        if self.modulus < 2 {
            return Err(ChecksumError::Invalid(
                "the weighted checksum needs a modulus of at least 2".to_string(),
            ));
        }
        Ok(())
    }

    /// Checks the char at `at` against everything before it.
    fn verify_at(&self, chars: &[char], at: Option<usize>) -> Result<(), ChecksumError> {
        self.validate()?;
        let (payload, check) = match at {
            Some(at) if at > 0 => match (chars.get(..at), chars.get(at)) {
                (Some(payload), Some(&check)) => (payload, check),
                _ => return Err(too_short(chars, at + 1)),
            },
            _ => return Err(too_short(chars, 2)),
        };
        let expected = self.check_char(payload)?;
        if expected == Some(check) {
            Ok(())
        } else if self.writes(check) {
            Err(ChecksumError::Mismatch)
        } else {
            Err(ChecksumError::BadCharacter {
                position: payload.len(),
                character: check,
            })
        }
    }

    /// Whether `c` is the written form of some check value.
    fn writes(&self, c: char) -> bool {
        match &self.check_chars {
            Some(chars) => chars.contains(&c),
            None => c.is_ascii_digit() || Some(c) == self.ten_as,
        }
    }

    /// The check char for `payload`, or `Ok(None)` when the check value has no written form.
    /// A position whose weight is 0 is not read, so it may hold any char (a separator, a
    /// century sign).
    fn check_char(&self, payload: &[char]) -> Result<Option<char>, ChecksumError> {
        self.validate()?;
        let value_of = if self.letters {
            alphanumeric_value
        } else {
            digit_value
        };
        let read: Vec<(usize, char)> = payload
            .iter()
            .copied()
            .enumerate()
            .filter(|(_, c)| !self.skip_chars.contains(c))
            .collect();
        let len = read.len();
        let modulus = u64::from(self.modulus);
        let mut sum = 0u64;
        for (n, &(i, character)) in read.iter().enumerate() {
            let from_start = if self.from_right { len - 1 - n } else { n };
            let Some(&weight) = self.weights.get(from_start % self.weights.len()) else {
                continue;
            };
            if weight == 0 {
                continue;
            }
            let value = value_of(character).ok_or(ChecksumError::BadCharacter {
                position: i,
                character,
            })?;
            let mut product = u64::from(value) * u64::from(weight);
            if self.digit_sum {
                product = digit_sum(product);
            }
            sum = (sum + product % modulus) % modulus;
        }
        let value = if self.complement {
            (modulus - sum) % modulus
        } else {
            sum
        };
        Ok(match &self.check_chars {
            Some(chars) => usize::try_from(value)
                .ok()
                .and_then(|v| chars.get(v).copied()),
            None => match value {
                10 => self.ten_as,
                _ => u32::try_from(value)
                    .ok()
                    .and_then(|v| char::from_digit(v, 10)),
            },
        })
    }
}

fn digit_sum(mut n: u64) -> u64 {
    let mut sum = 0;
    while n > 0 {
        sum += n % 10;
        n /= 10;
    }
    sum
}

/// ISO 7064 MOD 11,10: a running product kept in 1..=10, then the digit that brings it to 1.
fn mod11_10_check(payload: &[u8]) -> u8 {
    let product = payload.iter().fold(10u8, |p, &d| {
        let s = (p + d) % 10;
        let s = if s == 0 { 10 } else { s };
        s * 2 % 11
    });
    (11 - product) % 10
}

/// Weights 1..9, 1 mod 11; a remainder of 10 tries weights 3..9, 1, 2, 3; a second 10 gives 0.
fn baltic_check(payload: &[u8]) -> u8 {
    let pass = |start: usize| {
        payload.iter().enumerate().fold(0u32, |sum, (i, &d)| {
            let weight = u32::try_from((i + start) % 9 + 1).unwrap_or(0);
            (sum + u32::from(d) * weight) % 11
        })
    };
    let first = pass(0);
    let check = if first == 10 { pass(2) } else { first };
    u8::try_from(check % 10).unwrap_or(0)
}

fn mismatch_unless(matches: bool) -> Result<(), ChecksumError> {
    if matches {
        Ok(())
    } else {
        Err(ChecksumError::Mismatch)
    }
}

fn require_len(chars: &[char], len: usize, unit: &str) -> Result<(), ChecksumError> {
    if chars.len() == len {
        Ok(())
    } else {
        Err(ChecksumError::BadLength {
            expected: format!("{len} {unit}"),
            found: chars.len(),
        })
    }
}

/// Splits off the check char, insisting on a payload because a lone check char guards nothing.
fn split_check_char(chars: &[char]) -> Result<(&[char], char), ChecksumError> {
    match chars.split_last() {
        Some((&check, payload)) if !payload.is_empty() => Ok((payload, check)),
        _ => Err(too_short(chars, 2)),
    }
}

/// Splits off two check chars, insisting on a payload as `split_check_char` does.
fn split_check_pair(chars: &[char]) -> Result<(&[char], &[char]), ChecksumError> {
    match chars.len().checked_sub(2) {
        Some(at) if at > 0 => Ok(chars.split_at(at)),
        _ => Err(too_short(chars, 3)),
    }
}

fn too_short(chars: &[char], min: usize) -> ChecksumError {
    ChecksumError::BadLength {
        expected: format!("at least {min} characters"),
        found: chars.len(),
    }
}

/// Values of `chars`, reporting the first one `value_of` rejects at its position in the whole number.
fn parse_with(
    chars: &[char],
    offset: usize,
    value_of: fn(char) -> Option<u8>,
) -> Result<Vec<u8>, ChecksumError> {
    chars
        .iter()
        .enumerate()
        .map(|(i, &character)| {
            value_of(character).ok_or(ChecksumError::BadCharacter {
                position: offset + i,
                character,
            })
        })
        .collect()
}

/// All digits of a number that must hold a payload and a check digit.
fn digits_with_check(chars: &[char]) -> Result<Vec<u8>, ChecksumError> {
    split_check_char(chars)?;
    parse_digits(chars)
}

fn parse_digits(chars: &[char]) -> Result<Vec<u8>, ChecksumError> {
    parse_with(chars, 0, digit_value)
}

/// ASCII digits only: `char::to_digit` ignores other Unicode digits, which no ID scheme uses.
fn digit_value(c: char) -> Option<u8> {
    c.to_digit(10).and_then(|d| u8::try_from(d).ok())
}

/// Digits, then `A`=10 .. `Z`=35; lower case is refused because callers upper-case first.
fn alphanumeric_value(c: char) -> Option<u8> {
    if c.is_ascii_lowercase() {
        return None;
    }
    c.to_digit(36).and_then(|d| u8::try_from(d).ok())
}

fn digit_string(digit: u8) -> Option<String> {
    char::from_digit(u32::from(digit), 10).map(String::from)
}

fn all_equal(digits: &[u8]) -> bool {
    digits.iter().all(|d| Some(d) == digits.first())
}

/// Whether six digits YYMMDD name a day that exists in some century. Only 29 February
/// depends on the century, and because 2000 was a leap year every YY divisible by 4 has one.
fn is_real_yymmdd(digits: &[u8]) -> bool {
    let &[y1, y2, m1, m2, d1, d2] = digits else {
        return false;
    };
    let (year, month, day) = (y1 * 10 + y2, m1 * 10 + m2, d1 * 10 + d2);
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if year % 4 == 0 => 29,
        2 => 28,
        _ => 0,
    };
    (1..=days_in_month).contains(&day)
}

/// Luhn sum mod 10. Doubling starts at the rightmost digit when that digit is payload
/// (its check digit still to come) and one place further left when it is the check digit.
fn luhn_sum(digits: &[u8], double_rightmost: bool) -> u8 {
    digits.iter().rev().enumerate().fold(0, |sum, (i, &d)| {
        let doubled = (i % 2 == 0) == double_rightmost;
        // Doubling 5-9 gives two digits whose digit sum is the double minus 9.
        let value = match d * 2 {
            twice if doubled && twice > 9 => twice - 9,
            twice if doubled => twice,
            _ => d,
        };
        (sum + value) % 10
    })
}

fn luhn_check(payload: &[u8]) -> u8 {
    (10 - luhn_sum(payload, true)) % 10
}

/// Multiplication table of the dihedral group D5, with 0-4 the rotations and 5-9 the reflections.
const VERHOEFF_D: [[u8; 10]; 10] = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
    [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
    [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
    [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
    [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
    [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
    [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
    [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
    [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];

/// Row i is Verhoeff's position permutation applied i times; it repeats with period 8.
const VERHOEFF_P: [[u8; 10]; 8] = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
    [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
    [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
    [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
    [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
    [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
    [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];

/// Group inverse of each element of D5.
const VERHOEFF_INVERSE: [u8; 10] = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9];

/// Damm's order-10 weakly totally anti-symmetric quasigroup with zeros on the diagonal.
const DAMM: [[u8; 10]; 10] = [
    [0, 3, 1, 7, 5, 9, 8, 6, 4, 2],
    [7, 0, 9, 2, 1, 5, 4, 8, 6, 3],
    [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
    [1, 7, 5, 0, 9, 8, 3, 4, 2, 6],
    [6, 1, 2, 3, 0, 4, 5, 9, 7, 8],
    [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
    [5, 8, 6, 9, 7, 2, 0, 1, 3, 4],
    [8, 9, 4, 5, 3, 6, 2, 0, 1, 7],
    [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
    [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
];

/// Table lookup that fails closed: inputs are always 0-9, but a miss must never pass as valid.
fn cell<const ROWS: usize>(table: &[[u8; 10]; ROWS], row: usize, col: u8) -> Option<u8> {
    table.get(row)?.get(usize::from(col)).copied()
}

/// Verhoeff's running product, digits taken from the right. `shift` is 1 when computing a
/// check digit, because each payload digit then sits one place further left than it will.
fn verhoeff_state(digits: &[u8], shift: usize) -> Option<u8> {
    digits
        .iter()
        .rev()
        .enumerate()
        .try_fold(0, |state, (i, &d)| {
            let permuted = cell(&VERHOEFF_P, (i % 8 + shift) % 8, d)?;
            cell(&VERHOEFF_D, usize::from(state), permuted)
        })
}

fn damm_interim(digits: &[u8]) -> Option<u8> {
    digits
        .iter()
        .try_fold(0, |interim, &d| cell(&DAMM, usize::from(interim), d))
}

/// ISO 7064 MOD 11-2 remainder of the payload alone, already scaled for the check char's place.
fn mod11_2_partial(digits: &[u8]) -> u8 {
    digits.iter().fold(0, |p, &d| (p + d) * 2 % 11)
}

/// Remainder mod 97 of the decimal number spelled by `values`, letters standing for two digits each.
fn mod97(values: &[u8]) -> u32 {
    values.iter().fold(0, |r, &v| {
        let scale = if v < 10 { 10 } else { 100 };
        (r * scale + u32::from(v)) % 97
    })
}

/// One CPF check digit: weights 2, 3, ... from the right, and remainders 0 and 1 both give 0.
fn cpf_digit(digits: &[u8]) -> u8 {
    let remainder = digits
        .iter()
        .rev()
        .zip(2..=11)
        .fold(0, |sum, (&d, weight)| (sum + d * weight) % 11);
    if remainder < 2 { 0 } else { 11 - remainder }
}

/// Both CPF check digits; the second one also covers the first.
fn cpf_check_digits(payload: &[u8]) -> [u8; 2] {
    let first = cpf_digit(payload);
    let mut extended = payload.to_vec();
    extended.push(first);
    [first, cpf_digit(&extended)]
}

/// RENAPO's ordering for the CURP check digit: Ñ sits between N and O.
const CURP_ALPHABET: &str = "0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ";

/// Chars 5-10 of a CURP (0-based 4..10) are the birth date YYMMDD.
const CURP_DATE: std::ops::Range<usize> = 4..10;

fn curp_value(c: char) -> Option<u8> {
    CURP_ALPHABET
        .chars()
        .position(|a| a == c)
        .and_then(|p| u8::try_from(p).ok())
}

/// Values of the 17 payload chars, checking that the date positions hold a real date.
fn curp_payload_values(payload: &[char]) -> Result<Vec<u8>, ChecksumError> {
    let values = payload
        .iter()
        .enumerate()
        .map(|(position, &character)| {
            let value = if CURP_DATE.contains(&position) {
                digit_value(character)
            } else {
                curp_value(character)
            };
            value.ok_or(ChecksumError::BadCharacter {
                position,
                character,
            })
        })
        .collect::<Result<Vec<u8>, ChecksumError>>()?;
    if values.get(CURP_DATE).is_some_and(is_real_yymmdd) {
        Ok(values)
    } else {
        Err(ChecksumError::InvalidDate)
    }
}

/// Weights 18 down to 2 over the 17 payload values, then the complement mod 10.
fn curp_check_char(values: &[u8]) -> Option<char> {
    let sum = values
        .iter()
        .zip((2..=18).rev())
        .fold(0, |sum, (&v, weight)| (sum + u32::from(v) * weight) % 10);
    char::from_digit((10 - sum) % 10, 10)
}

/// The parts of a South African ID besides its check digit: YYMMDD birth date, and
/// the 11th digit, which is 0 for citizens and 1 for permanent residents.
fn sa_id_structure(digits: &[u8]) -> Result<(), ChecksumError> {
    if !digits.get(0..6).is_some_and(is_real_yymmdd) {
        return Err(ChecksumError::InvalidDate);
    }
    match digits.get(10) {
        Some(0 | 1) => Ok(()),
        _ => Err(ChecksumError::Invalid(
            "the citizenship digit (11th) of a South African ID must be 0 or 1".to_string(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use proptest::sample::Index;

    // ---- Independent reference computations, written from the published definitions
    // in a different style from the module, to confirm the example numbers below.

    /// Luhn as usually taught: double every second digit from the right and add the digits of the products.
    fn reference_luhn_valid(number: &str) -> bool {
        let mut total = 0;
        for (i, c) in number.chars().rev().enumerate() {
            let d = c.to_digit(10).unwrap();
            let term = if i % 2 == 1 { d * 2 } else { d };
            total += term
                .to_string()
                .chars()
                .map(|c| c.to_digit(10).unwrap())
                .sum::<u32>();
        }
        total % 10 == 0
    }

    /// D5 product from its definition: r^a·r^b = r^(a+b), r^a·s = s·r^(-a), s·s = 1, with
    /// 0-4 the rotations r^k and 5-9 the reflections s·r^k.
    fn d5(a: u8, b: u8) -> u8 {
        match (a < 5, b < 5) {
            (true, true) => (a + b) % 5,
            (true, false) => 5 + (a + b) % 5,
            (false, true) => 5 + (a + 5 - b) % 5,
            (false, false) => (a + 5 - b) % 5,
        }
    }

    /// Verhoeff's permutation σ, published as (1 5 7 6 2 8 3 0 9 4) applied to 0..9.
    const SIGMA: [u8; 10] = [1, 5, 7, 6, 2, 8, 3, 0, 9, 4];

    fn sigma_power(times: usize, digit: u8) -> u8 {
        (0..times).fold(digit, |d, _| SIGMA[usize::from(d)])
    }

    /// Verhoeff check digit straight from the group: the inverse of the product of σ^(i+1)(n_i).
    fn reference_verhoeff_check(payload: &str) -> u8 {
        let product = payload.chars().rev().enumerate().fold(0, |c, (i, ch)| {
            d5(c, sigma_power(i + 1, ch.to_digit(10).unwrap() as u8))
        });
        (0..10).find(|&x| d5(product, x) == 0).unwrap()
    }

    /// ISO 7064 MOD 11-2 as GB 11643-1999 states it: weights 2^(17-i) mod 11, remainders mapped through "10X98765432".
    fn reference_chinese_id_check(first17: &str) -> char {
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        let sum: u32 = first17
            .chars()
            .zip(weights)
            .map(|(c, w)| c.to_digit(10).unwrap() * w)
            .sum();
        "10X98765432".chars().nth((sum % 11) as usize).unwrap()
    }

    /// IBAN-style mod 97: spell letters as two digits, then reduce piece by piece, carrying
    /// each remainder in front of the next seven digits.
    fn reference_mod97(number: &str) -> u64 {
        let spelled: String = number
            .chars()
            .map(|c| c.to_digit(36).unwrap().to_string())
            .collect();
        let mut remainder = 0u64;
        for chunk in spelled.as_bytes().chunks(7) {
            let text = format!("{remainder}{}", std::str::from_utf8(chunk).unwrap());
            remainder = text.parse::<u64>().unwrap() % 97;
        }
        remainder
    }

    /// The raw mod-11 remainders behind a CPF's check digits, with the published weights
    /// 10..2 over the first nine digits and 11..2 over the first ten.
    fn reference_cpf_remainders(number: &str) -> (u32, u32) {
        let d: Vec<u32> = number.chars().map(|c| c.to_digit(10).unwrap()).collect();
        let first: u32 = (0..9).map(|i| d[i] * (10 - i as u32)).sum();
        let second: u32 = (0..10).map(|i| d[i] * (11 - i as u32)).sum();
        (first % 11, second % 11)
    }

    fn isbn10() -> WeightedSum {
        WeightedSum {
            weights: vec![10, 9, 8, 7, 6, 5, 4, 3, 2],
            from_right: false,
            modulus: 11,
            complement: true,
            letters: false,
            ten_as: Some('X'),
            check_chars: None,
            digit_sum: false,
            position: None,
            skip_chars: Vec::new(),
        }
    }

    /// EAN/UPC: weights 3, 1, 3, ... leftwards from the check digit, whatever the length.
    fn gtin() -> WeightedSum {
        WeightedSum {
            weights: vec![3, 1],
            from_right: true,
            modulus: 10,
            complement: true,
            letters: false,
            ten_as: None,
            check_chars: None,
            digit_sum: false,
            position: None,
            skip_chars: Vec::new(),
        }
    }

    /// Every built-in algorithm plus weighted configurations that probe the edges.
    fn all_algorithms() -> Vec<Checksum> {
        let mut all: Vec<Checksum> = Checksum::BUILTIN_NAMES
            .iter()
            .map(|name| Checksum::from_name(name).unwrap())
            .collect();
        all.push(Checksum::Weighted(isbn10()));
        all.push(Checksum::Weighted(gtin()));
        let extreme = WeightedSum {
            weights: vec![u32::MAX, 0, 7],
            from_right: true,
            modulus: u32::MAX,
            complement: true,
            letters: true,
            ten_as: Some('Ñ'),
            check_chars: None,
            digit_sum: false,
            position: None,
            skip_chars: Vec::new(),
        };
        all.push(Checksum::Weighted(extreme.clone()));
        all.push(Checksum::Weighted(WeightedSum {
            weights: vec![],
            ..extreme.clone()
        }));
        all.push(Checksum::Weighted(WeightedSum {
            modulus: 0,
            ..extreme.clone()
        }));
        all.push(Checksum::Weighted(WeightedSum {
            modulus: 1,
            ..extreme
        }));
        all
    }

    fn replace_at(s: &str, at: usize, with: char) -> String {
        s.chars()
            .enumerate()
            .map(|(i, c)| if i == at { with } else { c })
            .collect()
    }

    fn swap_at(s: &str, at: usize) -> String {
        let mut chars: Vec<char> = s.chars().collect();
        chars.swap(at, at + 1);
        chars.into_iter().collect()
    }

    /// A char of `alphabet` other than `c`, chosen by `shift`.
    fn other_in(alphabet: &str, c: char, shift: usize) -> char {
        let all: Vec<char> = alphabet.chars().collect();
        let at = all.iter().position(|&a| a == c).unwrap();
        all[(at + 1 + shift % (all.len() - 1)) % all.len()]
    }

    /// The first adjacent pair at or after `start` (wrapping round) whose chars differ.
    fn differing_pair(s: &str, start: Index) -> Option<usize> {
        let chars: Vec<char> = s.chars().collect();
        let pairs = chars.len() - 1;
        let start = start.index(pairs);
        (0..pairs)
            .map(|k| (start + k) % pairs)
            .find(|&i| chars[i] != chars[i + 1])
    }

    fn with_check(algorithm: &Checksum, payload: &str) -> String {
        let check = algorithm.check_digits(payload);
        assert!(
            check.is_some(),
            "{} gives no check digits for {payload:?}",
            algorithm.name()
        );
        format!("{payload}{}", check.unwrap())
    }

    fn char_at(s: &str, at: usize) -> char {
        s.chars().nth(at).unwrap()
    }

    const DIGITS: &str = "0123456789";

    // ---- Published examples

    #[test]
    fn luhn_published_examples() {
        // Wikipedia, "Luhn algorithm": payload 7992739871 has check digit 3. By hand, doubling
        // every second digit leftwards from the last payload digit: 1→2, 7, 8→16→7, 9, 3→6,
        // 7, 2→4, 9, 9→18→9, 7; sum 67, check (10 - 7) % 10 = 3.
        assert_eq!(
            Checksum::Luhn.check_digits("7992739871").as_deref(),
            Some("3")
        );
        assert_eq!(Checksum::Luhn.verify("79927398713"), Ok(()));
        assert_eq!(
            Checksum::Luhn.verify("79927398710"),
            Err(ChecksumError::Mismatch)
        );
        // Stripe's documented test card 4242 4242 4242 4242: each "42" adds 2 + 8.
        assert_eq!(Checksum::Luhn.verify("4242424242424242"), Ok(()));
        for number in ["79927398713", "4242424242424242"] {
            assert!(reference_luhn_valid(number));
        }
        assert!(!reference_luhn_valid("79927398710"));
    }

    #[test]
    fn verhoeff_published_examples() {
        // Wikipedia, "Verhoeff algorithm" (table-based section): the worked example 1428570.
        // Rosetta Code, "Verhoeff algorithm": 236 → 3, 12345 → 1 and 123456789012 → 0.
        // By hand for 236 (digits from the right, permutation row i+1): p(1,6) = 3, d(0,3) = 3;
        // p(2,3) = 3, d(3,3) = 1; p(3,2) = 1, d(1,1) = 2; inverse of 2 is 3.
        // Algorithm::CheckDigits (CPAN) documentation, MXX_006: 1456789 → 4.
        for (payload, check) in [
            ("236", 3),
            ("142857", 0),
            ("12345", 1),
            ("123456789012", 0),
            ("1456789", 4),
        ] {
            assert_eq!(reference_verhoeff_check(payload), check, "{payload}");
            let number = format!("{payload}{check}");
            assert_eq!(
                Checksum::Verhoeff.check_digits(payload),
                Some(check.to_string())
            );
            assert_eq!(Checksum::Verhoeff.verify(&number), Ok(()), "{number}");
        }
        assert_eq!(
            Checksum::Verhoeff.verify("2364"),
            Err(ChecksumError::Mismatch)
        );
        assert_eq!(
            Checksum::Verhoeff.verify("1428750"),
            Err(ChecksumError::Mismatch)
        );
    }

    #[test]
    fn verhoeff_tables_match_the_group_definition() {
        for a in 0..10u8 {
            for b in 0..10u8 {
                assert_eq!(VERHOEFF_D[usize::from(a)][usize::from(b)], d5(a, b));
            }
            assert_eq!(d5(a, VERHOEFF_INVERSE[usize::from(a)]), 0);
            for (i, row) in VERHOEFF_P.iter().enumerate() {
                assert_eq!(row[usize::from(a)], sigma_power(i, a));
            }
            assert_eq!(sigma_power(8, a), a, "σ has order 8");
        }
    }

    #[test]
    fn damm_published_examples() {
        // Wikipedia, "Damm algorithm": 572 → 4. By hand through the table:
        // row 0 col 5 = 9, row 9 col 7 = 7, row 7 col 2 = 4; validating 5724 ends at row 4 col 4 = 0.
        assert_eq!(Checksum::Damm.check_digits("572").as_deref(), Some("4"));
        assert_eq!(Checksum::Damm.verify("5724"), Ok(()));
        assert_eq!(Checksum::Damm.verify("5723"), Err(ChecksumError::Mismatch));
        assert_eq!(Checksum::Damm.verify("7524"), Err(ChecksumError::Mismatch));
    }

    #[test]
    fn damm_table_is_a_weakly_totally_anti_symmetric_quasigroup() {
        for i in 0..10 {
            assert_eq!(DAMM[i][i], 0);
            let mut row: Vec<u8> = DAMM[i].to_vec();
            let mut column: Vec<u8> = DAMM.iter().map(|r| r[i]).collect();
            row.sort_unstable();
            column.sort_unstable();
            assert_eq!(row, (0..10).collect::<Vec<u8>>());
            assert_eq!(column, (0..10).collect::<Vec<u8>>());
        }
        for c in 0..10 {
            for x in 0..10 {
                for y in 0..10 {
                    let xy = DAMM[usize::from(DAMM[c][x])][y];
                    let yx = DAMM[usize::from(DAMM[c][y])][x];
                    assert!(x == y || xy != yx, "c={c} x={x} y={y}");
                }
            }
        }
    }

    #[test]
    fn iso7064_mod11_2_published_examples() {
        let algorithm = Checksum::Iso7064Mod11_2;
        // ORCID, "Structure of the ORCID Identifier" (ORCID iDs are ISNI-block numbers with the
        // ISNI check): 0000-0002-1825-0097, 0000-0001-5109-3700, 0000-0002-1694-233X.
        // GB 11643-1999, sample resident ID 11010519491231002X.
        // Leading zeros change nothing, so the ORCID payloads are padded to the 17 digits
        // the GB 11643 weights expect.
        for number in [
            "0000000218250097",
            "0000000151093700",
            "000000021694233X",
            "11010519491231002X",
        ] {
            let (payload, check) = number.split_at(number.len() - 1);
            let padded = format!("{}{payload}", "0".repeat(17 - payload.len()));
            assert_eq!(
                reference_chinese_id_check(&padded).to_string(),
                check,
                "{number}"
            );
            assert_eq!(algorithm.check_digits(payload).as_deref(), Some(check));
            assert_eq!(algorithm.verify(number), Ok(()), "{number}");
        }
        // Hand-computed with the ISO 7064 recursion p = 2(p + d) mod 11: 0 → 0, 7 → 3,
        // 9 → 2, so 079 needs (12 - 2) mod 11 = 10 = X; then 4 → 1, so 0794 needs 0.
        assert_eq!(algorithm.check_digits("079").as_deref(), Some("X"));
        assert_eq!(algorithm.check_digits("0794").as_deref(), Some("0"));
        assert_eq!(
            algorithm.verify("0000000218250098"),
            Err(ChecksumError::Mismatch)
        );
        assert_eq!(
            algorithm.verify("110105194912310021"),
            Err(ChecksumError::Mismatch)
        );
        assert_eq!(
            algorithm.verify("11010519491231002x"),
            Err(ChecksumError::BadCharacter {
                position: 17,
                character: 'x'
            })
        );
    }

    #[test]
    fn iso7064_mod97_10_published_examples() {
        let algorithm = Checksum::Iso7064Mod97_10;
        // Wikipedia, "International Bank Account Number": GB82 WEST 1234 5698 7654 32 and
        // DE89 3704 0044 0532 0130 00, rearranged with country code and check digits at the end.
        for number in ["WEST12345698765432GB82", "370400440532013000DE89"] {
            assert_eq!(reference_mod97(number), 1, "{number}");
            assert_eq!(algorithm.verify(number), Ok(()), "{number}");
            let (payload, check) = number.split_at(number.len() - 2);
            assert_eq!(algorithm.check_digits(payload).as_deref(), Some(check));
        }
        assert_eq!(
            algorithm.verify("WEST12345698765432GB83"),
            Err(ChecksumError::Mismatch)
        );
        assert_eq!(
            algorithm.verify("WEST12345698765432GBA2"),
            Err(ChecksumError::BadCharacter {
                position: 20,
                character: 'A'
            })
        );
        assert_eq!(
            algorithm
                .check_digits("7")
                .map(|c| reference_mod97(&format!("7{c}"))),
            Some(1)
        );
    }

    #[test]
    fn cpf_published_examples() {
        // 529.982.247-25, a common tutorial example, by hand: 5·10 + 2·9 + 9·8 + 9·7 + 8·6 + 2·5 + 2·4 + 4·3 + 7·2 = 295,
        // 295 mod 11 = 9, first digit 11 - 9 = 2; then weights 11..2 over 5299822472 give 347,
        // 347 mod 11 = 6, second digit 5.
        // vocepergunta.com, "Como descobrir o número de controle do CPF": 145.382.206-20, and
        // 111.444.777-XX worked out there; by hand 162 mod 11 = 8 gives 3, 204 mod 11 = 6 gives 5.
        for number in ["52998224725", "11144477735", "14538220620"] {
            let (first, second) = reference_cpf_remainders(number);
            let digit = |r: u32| if r < 2 { 0 } else { 11 - r };
            assert_eq!(
                format!("{}{}", digit(first), digit(second)),
                number[9..],
                "{number}"
            );
            assert_eq!(Checksum::Cpf.verify(number), Ok(()), "{number}");
            assert_eq!(
                Checksum::Cpf.check_digits(&number[..9]).as_deref(),
                Some(&number[9..])
            );
        }
        assert_eq!(
            Checksum::Cpf.verify("52998224726"),
            Err(ChecksumError::Mismatch)
        );
        // Same page: 111.111.111-11 passes the arithmetic but is never issued.
        assert!(matches!(
            Checksum::Cpf.verify("11111111111"),
            Err(ChecksumError::Invalid(_))
        ));
        assert_eq!(Checksum::Cpf.check_digits("111111111"), None);
        assert_eq!(
            Checksum::Cpf.verify("5299822472"),
            Err(ChecksumError::BadLength {
                expected: "11 digits".to_string(),
                found: 10
            })
        );
    }

    #[test]
    fn cpf_blind_spot_is_in_the_format_not_the_code() {
        // Both check digits ignore a first-digit change that moves the first remainder
        // between 0 and 1 (both give check digit 0; the second sum weights it by 11 ≡ 0).
        // This is why the substitution property below allows that one case.
        assert_eq!(reference_cpf_remainders("10000000604").0, 0);
        assert_eq!(reference_cpf_remainders("00000000604").0, 1);
        assert_eq!(Checksum::Cpf.verify("10000000604"), Ok(()));
        assert_eq!(Checksum::Cpf.verify("00000000604"), Ok(()));
    }

    #[test]
    fn curp_published_examples() {
        // Wikipedia, "Unique Population Registry Code": HEGG560427MVZRRL04. By hand, values
        // H17 E14 G16 G16 5 6 0 4 2 7 M22 V32 Z36 R28 R28 L21 0 times weights 18..2:
        // 306+238+256+240+70+78+0+44+20+63+176+224+216+140+112+63+0 = 2246, check (10 - 6) % 10 = 4.
        assert_eq!(Checksum::Curp.verify("HEGG560427MVZRRL04"), Ok(()));
        assert_eq!(
            Checksum::Curp.check_digits("HEGG560427MVZRRL0").as_deref(),
            Some("4")
        );
        // G→H at weight 15 moves the sum by 15, so the check digit must change.
        assert_eq!(
            Checksum::Curp.verify("HEGH560427MVZRRL04"),
            Err(ChecksumError::Mismatch)
        );
        assert_eq!(
            Checksum::Curp.verify("HEGG560427MVZRRL05"),
            Err(ChecksumError::Mismatch)
        );
        // 31 April does not exist.
        assert_eq!(
            Checksum::Curp.verify("HEGG560431MVZRRL04"),
            Err(ChecksumError::InvalidDate)
        );
        assert_eq!(
            Checksum::Curp.verify("HEGG56O427MVZRRL04"),
            Err(ChecksumError::BadCharacter {
                position: 6,
                character: 'O'
            })
        );
        assert_eq!(
            Checksum::Curp.verify("HEGG560427MVZRRL0A"),
            Err(ChecksumError::BadCharacter {
                position: 17,
                character: 'A'
            })
        );
    }

    #[test]
    fn curp_alphabet_places_enye_between_n_and_o() {
        assert_eq!(curp_value('N'), Some(23));
        assert_eq!(curp_value('Ñ'), Some(24));
        assert_eq!(curp_value('O'), Some(25));
        assert_eq!(curp_value('Z'), Some(36));
        assert_eq!(curp_value('ñ'), None);
        // Ñ must weigh one more than N: at weight 2 (17th char) that moves the check by 2.
        let with_n = Checksum::Curp.check_digits("HEGG560427MVZRRLN").unwrap();
        let with_enye = Checksum::Curp.check_digits("HEGG560427MVZRRLÑ").unwrap();
        let (n, enye) = (
            with_n.parse::<i32>().unwrap(),
            with_enye.parse::<i32>().unwrap(),
        );
        assert_eq!((n - enye).rem_euclid(10), 2);
    }

    #[test]
    fn sa_id_published_examples() {
        // Wikipedia, "National identification number" (South Africa): 800101 5009 087.
        // By hand, Luhn from the right: 7, 8→16→7, 0, 9→18→9, 0, 0, 5, 1→2, 0, 1→2, 0, 0, 8 = 40.
        assert!(reference_luhn_valid("8001015009087"));
        assert_eq!(Checksum::SaId.verify("8001015009087"), Ok(()));
        assert_eq!(
            Checksum::SaId.check_digits("800101500908").as_deref(),
            Some("7")
        );
        assert_eq!(
            Checksum::SaId.verify("8001015009088"),
            Err(ChecksumError::Mismatch)
        );
        // 30 February, 13th month and day 00 are not dates, whatever the check digit.
        for number in ["8002305009087", "8013015009087", "8001005009087"] {
            assert_eq!(
                Checksum::SaId.verify(number),
                Err(ChecksumError::InvalidDate),
                "{number}"
            );
        }
        assert!(matches!(
            Checksum::SaId.verify("8001015009287"),
            Err(ChecksumError::Invalid(_))
        ));
        assert_eq!(
            Checksum::SaId.verify("800101500908"),
            Err(ChecksumError::BadLength {
                expected: "13 digits".to_string(),
                found: 12
            })
        );
    }

    #[test]
    fn embedded_dates_accept_any_century() {
        // YY 00 and 04 have a 29 February (2000, 1904/2004); YY 01 has none in any century.
        for yymmdd in ["000229", "040229", "991231", "560427"] {
            let sa = with_check(&Checksum::SaId, &format!("{yymmdd}500908"));
            assert_eq!(Checksum::SaId.verify(&sa), Ok(()), "{sa}");
            let curp = with_check(&Checksum::Curp, &format!("HEGG{yymmdd}MVZRRL0"));
            assert_eq!(Checksum::Curp.verify(&curp), Ok(()), "{curp}");
        }
        for yymmdd in ["010229", "990230", "000431", "001301", "000100", "000132"] {
            assert_eq!(
                Checksum::SaId.check_digits(&format!("{yymmdd}500908")),
                None
            );
            assert_eq!(
                Checksum::Curp.check_digits(&format!("HEGG{yymmdd}MVZRRL0")),
                None
            );
            for check in DIGITS.chars() {
                let sa = format!("{yymmdd}500908{check}");
                assert_eq!(Checksum::SaId.verify(&sa), Err(ChecksumError::InvalidDate));
            }
        }
    }

    #[test]
    fn weighted_published_examples() {
        let isbn = Checksum::Weighted(isbn10());
        // Wikipedia, "ISBN": 0-306-40615-2. By hand: 0·10 + 3·9 + 0·8 + 6·7 + 4·6 + 0·5 + 6·4
        // + 1·3 + 5·2 = 130, 130 mod 11 = 9, check 11 - 9 = 2.
        // ProofWiki, "Definition:ISBN-10": 0-19-853453 has check digit 1.
        assert_eq!(isbn.verify("0306406152"), Ok(()));
        assert_eq!(isbn.check_digits("019853453").as_deref(), Some("1"));
        assert_eq!(isbn.verify("0306406153"), Err(ChecksumError::Mismatch));
        // Hand-computed: 0·10 + 9·9 + 7·8 + 5·7 + 2·6 + 2·5 + 9·4 + 8·3 + 0·2 = 254,
        // 254 mod 11 = 1, check value 10, written X.
        assert_eq!(isbn.check_digits("097522980").as_deref(), Some("X"));
        assert_eq!(isbn.verify("097522980X"), Ok(()));
        let no_ten = Checksum::Weighted(WeightedSum {
            ten_as: None,
            ..isbn10()
        });
        assert_eq!(no_ten.check_digits("097522980"), None);
        for check in DIGITS.chars().chain(['X']) {
            assert!(no_ten.verify(&format!("097522980{check}")).is_err());
        }

        let gtin = Checksum::Weighted(gtin());
        // Wikipedia, "International Article Number": 400638133393 1. By hand, weights 1,3 from
        // the left: 4+0+0+18+3+24+1+9+3+9+9+9 = 89, check (10 - 9) % 10 = 1.
        // Wikipedia, "Universal Product Code": 03600029145 2, the same rule on 11 digits.
        assert_eq!(gtin.verify("4006381333931"), Ok(()));
        assert_eq!(gtin.verify("036000291452"), Ok(()));
        assert_eq!(gtin.check_digits("03600029145").as_deref(), Some("2"));
        assert_eq!(gtin.verify("4006381333932"), Err(ChecksumError::Mismatch));
    }

    #[test]
    fn weighted_rejects_unusable_parameters() {
        let empty = WeightedSum {
            weights: vec![],
            ..isbn10()
        };
        let zero = WeightedSum {
            modulus: 0,
            ..isbn10()
        };
        for weighted in [empty, zero] {
            assert!(matches!(
                weighted.validate(),
                Err(ChecksumError::Invalid(_))
            ));
            let algorithm = Checksum::Weighted(weighted);
            assert!(matches!(
                algorithm.verify("0306406152"),
                Err(ChecksumError::Invalid(_))
            ));
            assert_eq!(algorithm.check_digits("030640615"), None);
        }
        assert_eq!(isbn10().validate(), Ok(()));
    }

    #[test]
    fn weighted_letters_and_bad_characters() {
        let lettered = Checksum::Weighted(WeightedSum {
            letters: true,
            ..isbn10()
        });
        // A=10 at weight 10 adds 100 ≡ 1 (mod 11), so the check value is 11 - 1 = 10, written X.
        let number = with_check(&lettered, "A00000000");
        assert_eq!(number, "A00000000X");
        assert_eq!(lettered.verify(&number), Ok(()));
        assert_eq!(
            Checksum::Weighted(isbn10()).verify(&number),
            Err(ChecksumError::BadCharacter {
                position: 0,
                character: 'A'
            })
        );
        assert_eq!(
            Checksum::Weighted(isbn10()).verify("030640615Y"),
            Err(ChecksumError::BadCharacter {
                position: 9,
                character: 'Y'
            })
        );
    }

    #[test]
    fn none_accepts_everything() {
        for input in ["", "abc", "Ñ😀"] {
            assert_eq!(Checksum::None.verify(input), Ok(()));
            assert_eq!(Checksum::None.check_digits(input).as_deref(), Some(""));
        }
    }

    #[test]
    fn short_and_empty_numbers_are_bad_lengths() {
        for algorithm in [
            Checksum::Luhn,
            Checksum::Verhoeff,
            Checksum::Damm,
            Checksum::Iso7064Mod11_2,
        ] {
            for input in ["", "0"] {
                assert!(
                    matches!(
                        algorithm.verify(input),
                        Err(ChecksumError::BadLength { .. })
                    ),
                    "{input:?}"
                );
            }
            assert_eq!(algorithm.check_digits(""), None);
        }
        assert_eq!(
            Checksum::Iso7064Mod97_10.verify("98"),
            Err(ChecksumError::BadLength {
                expected: "at least 3 characters".to_string(),
                found: 2
            })
        );
    }

    #[test]
    fn awkward_inputs_are_errors_not_panics() {
        let long = "9".repeat(10_000);
        for input in [
            "",
            "Ñ",
            "😀",
            "X",
            "ñññññññññññññññññ",
            "\u{0}",
            long.as_str(),
        ] {
            for algorithm in all_algorithms() {
                let _ = algorithm.verify(input);
                let _ = algorithm.check_digits(input);
            }
        }
    }

    #[test]
    fn bad_characters_report_their_position() {
        assert_eq!(
            Checksum::Luhn.verify("7992-7398713"),
            Err(ChecksumError::BadCharacter {
                position: 4,
                character: '-'
            })
        );
        assert_eq!(
            Checksum::Damm.verify("57Ñ4"),
            Err(ChecksumError::BadCharacter {
                position: 2,
                character: 'Ñ'
            })
        );
        assert_eq!(
            Checksum::Iso7064Mod97_10.verify("west12345698765432GB82"),
            Err(ChecksumError::BadCharacter {
                position: 0,
                character: 'w'
            })
        );
    }

    #[test]
    fn errors_read_as_sentences() {
        let bad = ChecksumError::BadCharacter {
            position: 4,
            character: '-',
        };
        assert_eq!(bad.to_string(), "character 5 ('-') is not allowed here");
        let length = ChecksumError::BadLength {
            expected: "11 digits".to_string(),
            found: 10,
        };
        assert_eq!(
            length.to_string(),
            "expected 11 digits, found 10 characters"
        );
        assert_eq!(
            ChecksumError::Mismatch.to_string(),
            "the check digit does not match"
        );
        assert_eq!(
            ChecksumError::InvalidDate.to_string(),
            "the date in the number is not a real date"
        );
        assert_eq!(ChecksumError::Invalid("why".to_string()).to_string(), "why");
        let boxed: Box<dyn std::error::Error> = Box::new(ChecksumError::Mismatch);
        assert!(!boxed.to_string().is_empty());
    }

    #[test]
    fn builtin_names_round_trip() {
        for &name in Checksum::BUILTIN_NAMES {
            let algorithm = Checksum::from_name(name);
            assert!(algorithm.is_some(), "{name}");
            assert_eq!(algorithm.unwrap().name(), name);
        }
        let mut names = Checksum::BUILTIN_NAMES.to_vec();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), 11);
        assert_eq!(Checksum::Weighted(isbn10()).name(), "weighted");
    }

    #[test]
    fn iso7064_mod11_10_published_examples() {
        // Croatia's OIB example from its tax administration: 33392005961.
        let oib = Checksum::Iso7064Mod11_10;
        assert_eq!(oib.verify("33392005961"), Ok(()));
        assert_eq!(oib.verify("33392005962"), Err(ChecksumError::Mismatch));
        assert_eq!(oib.check_digits("3339200596").as_deref(), Some("1"));
    }

    #[test]
    fn mod11_baltic_takes_the_second_pass_on_ten() {
        let baltic = Checksum::Mod11Baltic;
        // Estonia's published sample isikukood.
        assert_eq!(baltic.verify("36805280109"), Ok(()));
        // 1·1+9·2+0·3+8·4+4·5+2·6+1·7+8·8+5·9+9·1 = 208, 208 mod 11 = 10: the second pass with
        // weights 3..9, 1, 2, 3 gives 3+36+0+48+28+16+9+8+10+27 = 185, 185 mod 11 = 9.
        assert_eq!(baltic.check_digits("1908421859").as_deref(), Some("9"));
        assert_eq!(baltic.verify("19084218590"), Err(ChecksumError::Mismatch));
    }

    #[test]
    fn weighted_check_chars_digit_sum_position_and_chains() {
        // Luhn as a weighted sum: doubled products count by their digit sum.
        let luhn = WeightedSum {
            weights: vec![2, 1],
            from_right: true,
            modulus: 10,
            complement: true,
            letters: false,
            ten_as: None,
            check_chars: None,
            digit_sum: true,
            position: None,
            skip_chars: Vec::new(),
        };
        assert_eq!(
            Checksum::Weighted(luhn.clone())
                .check_digits("7992739871")
                .as_deref(),
            Some("3")
        );
        // A weight of 0 skips its char, so a separator may sit inside the payload.
        let with_separator = WeightedSum {
            weights: vec![2, 1, 2, 1, 2, 0, 1, 2, 1, 2, 1],
            ..luhn.clone()
        };
        assert_eq!(
            Checksum::Weighted(with_separator).verify("79927-398713"),
            Ok(())
        );
        // Chile's RUT: 11 values written 0-9 and K.
        let rut = WeightedSum {
            weights: vec![9, 8, 7, 6, 5, 4],
            modulus: 11,
            complement: false,
            digit_sum: false,
            check_chars: Some("0123456789K".chars().collect()),
            ..luhn.clone()
        };
        assert_eq!(
            Checksum::Weighted(rut.clone())
                .check_digits("12345678")
                .as_deref(),
            Some("5")
        );
        assert_eq!(Checksum::Weighted(rut.clone()).verify("123456785"), Ok(()));
        assert_eq!(
            Checksum::Weighted(rut).verify("12345678K"),
            Err(ChecksumError::Mismatch)
        );
        // Two check digits in a row (Turkey's T.C. Kimlik No: 10000000146).
        let tr = Checksum::WeightedChain(vec![
            WeightedSum {
                weights: vec![3, 1],
                from_right: false,
                modulus: 10,
                complement: true,
                letters: false,
                ten_as: None,
                check_chars: None,
                digit_sum: false,
                position: None,
                skip_chars: Vec::new(),
            },
            WeightedSum {
                weights: vec![1],
                from_right: false,
                modulus: 10,
                complement: false,
                letters: false,
                ten_as: None,
                check_chars: None,
                digit_sum: false,
                position: None,
                skip_chars: Vec::new(),
            },
        ]);
        assert_eq!(tr.verify("10000000146"), Ok(()));
        assert_eq!(tr.check_digits("100000001").as_deref(), Some("46"));
        assert_eq!(tr.verify("10000000147"), Err(ChecksumError::Mismatch));
        // A check char before the end (Iceland's kennitala: check at 8, century digit after it).
        let is = Checksum::Weighted(WeightedSum {
            weights: vec![3, 2, 7, 6, 5, 4, 3, 2],
            from_right: false,
            modulus: 11,
            complement: true,
            letters: false,
            ten_as: None,
            check_chars: None,
            digit_sum: false,
            position: Some(8),
            skip_chars: Vec::new(),
        });
        assert_eq!(is.verify("1201743399"), Ok(()));
        assert_eq!(is.verify("1201743389"), Err(ChecksumError::Mismatch));
        assert_eq!(is.check_digits("12017433"), Some("9".to_string()));
    }

    #[test]
    fn unknown_names_are_rejected() {
        for name in [
            "", "weighted", "Luhn", "LUHN", " luhn", "mod97", "iso7064", "cpf", "za_id",
        ] {
            assert_eq!(Checksum::from_name(name), None, "{name:?}");
        }
    }

    // ---- Properties

    fn curp_payload() -> impl Strategy<Value = String> {
        (
            "[A-ZÑ]{4}",
            0u32..100,
            1u32..=12,
            1u32..=28,
            "[HMX][A-Z]{2}[B-DF-HJ-NP-TV-ZÑ]{3}[0-9A-Z]",
        )
            .prop_map(|(name, yy, mm, dd, rest)| format!("{name}{yy:02}{mm:02}{dd:02}{rest}"))
    }

    fn sa_payload() -> impl Strategy<Value = String> {
        (0u32..100, 1u32..=12, 1u32..=28, "[0-9]{4}[01][0-9]")
            .prop_map(|(yy, mm, dd, rest)| format!("{yy:02}{mm:02}{dd:02}{rest}"))
    }

    fn cpf_payload() -> impl Strategy<Value = String> {
        "[0-9]{9}".prop_filter("all digits equal", |p| !p.chars().all(|c| p.starts_with(c)))
    }

    /// Distinct non-zero weights below 11, so every weight is invertible mod 11.
    fn mod11_weighted() -> impl Strategy<Value = WeightedSum> {
        (
            proptest::sample::subsequence((1..=10u32).collect::<Vec<_>>(), 1..=10).prop_shuffle(),
            any::<bool>(),
            any::<bool>(),
        )
            .prop_map(|(weights, from_right, complement)| WeightedSum {
                weights,
                from_right,
                modulus: 11,
                complement,
                letters: false,
                ten_as: Some('X'),
                check_chars: None,
                digit_sum: false,
                position: None,
                skip_chars: Vec::new(),
            })
    }

    /// Changes one char of a valid number: digits to other digits, letters to other letters,
    /// and the check char within `check_alphabet`.
    fn substitute(number: &str, at: Index, shift: usize, check_alphabet: &str) -> String {
        let len = number.chars().count();
        let at = at.index(len);
        let old = char_at(number, at);
        let alphabet = if at == len - 1 {
            check_alphabet
        } else if old.is_ascii_digit() {
            DIGITS
        } else {
            "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
        };
        replace_at(number, at, other_in(alphabet, old, shift))
    }

    proptest! {
        #[test]
        fn luhn_round_trips_and_catches_substitutions(payload in "[0-9]{1,40}", at in any::<Index>(), shift in 0usize..100) {
            let number = with_check(&Checksum::Luhn, &payload);
            prop_assert_eq!(Checksum::Luhn.verify(&number), Ok(()));
            prop_assert!(reference_luhn_valid(&number));
            prop_assert!(Checksum::Luhn.verify(&substitute(&number, at, shift, DIGITS)).is_err());
        }

        #[test]
        fn luhn_catches_transpositions_except_09(payload in "[0-9]{1,40}", at in any::<Index>()) {
            let number = with_check(&Checksum::Luhn, &payload);
            let Some(at) = differing_pair(&number, at) else { return Ok(()) };
            let pair = (char_at(&number, at), char_at(&number, at + 1));
            let swapped = Checksum::Luhn.verify(&swap_at(&number, at));
            if matches!(pair, ('0', '9') | ('9', '0')) {
                prop_assert_eq!(swapped, Ok(()));
            } else {
                prop_assert_eq!(swapped, Err(ChecksumError::Mismatch));
            }
        }

        #[test]
        fn verhoeff_round_trips_and_catches_substitutions(payload in "[0-9]{1,40}", at in any::<Index>(), shift in 0usize..100) {
            let number = with_check(&Checksum::Verhoeff, &payload);
            prop_assert_eq!(Checksum::Verhoeff.verify(&number), Ok(()));
            prop_assert_eq!(Checksum::Verhoeff.check_digits(&payload), Some(reference_verhoeff_check(&payload).to_string()));
            prop_assert!(Checksum::Verhoeff.verify(&substitute(&number, at, shift, DIGITS)).is_err());
        }

        #[test]
        fn verhoeff_catches_transpositions(payload in "[0-9]{1,40}", at in any::<Index>()) {
            let number = with_check(&Checksum::Verhoeff, &payload);
            let Some(at) = differing_pair(&number, at) else { return Ok(()) };
            prop_assert_eq!(Checksum::Verhoeff.verify(&swap_at(&number, at)), Err(ChecksumError::Mismatch));
        }

        #[test]
        fn damm_round_trips_and_catches_substitutions(payload in "[0-9]{1,40}", at in any::<Index>(), shift in 0usize..100) {
            let number = with_check(&Checksum::Damm, &payload);
            prop_assert_eq!(Checksum::Damm.verify(&number), Ok(()));
            prop_assert!(Checksum::Damm.verify(&substitute(&number, at, shift, DIGITS)).is_err());
        }

        #[test]
        fn damm_catches_transpositions(payload in "[0-9]{1,40}", at in any::<Index>()) {
            let number = with_check(&Checksum::Damm, &payload);
            let Some(at) = differing_pair(&number, at) else { return Ok(()) };
            prop_assert_eq!(Checksum::Damm.verify(&swap_at(&number, at)), Err(ChecksumError::Mismatch));
        }

        #[test]
        fn mod11_2_round_trips_and_catches_substitutions(payload in "[0-9]{1,40}", at in any::<Index>(), shift in 0usize..100) {
            let algorithm = Checksum::Iso7064Mod11_2;
            let number = with_check(&algorithm, &payload);
            prop_assert_eq!(algorithm.verify(&number), Ok(()));
            prop_assert!(algorithm.verify(&substitute(&number, at, shift, "0123456789X")).is_err());
        }

        #[test]
        fn mod11_2_matches_the_chinese_id_weights(payload in "[0-9]{17}") {
            let check = reference_chinese_id_check(&payload).to_string();
            prop_assert_eq!(Checksum::Iso7064Mod11_2.check_digits(&payload), Some(check));
        }

        #[test]
        fn mod97_10_round_trips_and_catches_substitutions(payload in "[0-9A-Z]{1,34}", at in any::<Index>(), shift in 0usize..100) {
            // Only like-for-like changes are promised: a letter spells two digits, so swapping a
            // digit for a letter shifts everything to its left and can land on the same remainder.
            let algorithm = Checksum::Iso7064Mod97_10;
            let number = with_check(&algorithm, &payload);
            prop_assert_eq!(algorithm.verify(&number), Ok(()));
            prop_assert_eq!(reference_mod97(&number), 1);
            prop_assert!(algorithm.verify(&substitute(&number, at, shift, DIGITS)).is_err());
            let first_check = number.chars().count() - 2;
            let changed = replace_at(&number, first_check, other_in(DIGITS, char_at(&number, first_check), shift));
            prop_assert!(algorithm.verify(&changed).is_err());
        }

        #[test]
        fn cpf_round_trips_and_catches_substitutions(payload in cpf_payload(), at in any::<Index>(), shift in 0usize..100) {
            let number = with_check(&Checksum::Cpf, &payload);
            prop_assert_eq!(Checksum::Cpf.verify(&number), Ok(()));
            let changed = substitute(&number, at, shift, DIGITS);
            // The format folds remainders 0 and 1 into check digit 0 (see the blind-spot test);
            // any other single change must be caught.
            let (a, b) = (reference_cpf_remainders(&number), reference_cpf_remainders(&changed));
            let same_digit = |x: u32, y: u32| x == y || (x < 2 && y < 2);
            if !(same_digit(a.0, b.0) && same_digit(a.1, b.1)) {
                prop_assert!(Checksum::Cpf.verify(&changed).is_err(), "{} → {}", number, changed);
            }
        }

        #[test]
        fn curp_round_trips_and_catches_substitutions(payload in curp_payload(), at in 0usize..18, shift in 0usize..100) {
            let number = with_check(&Checksum::Curp, &payload);
            prop_assert_eq!(Checksum::Curp.verify(&number), Ok(()));
            let old = char_at(&number, at);
            let new = other_in(CURP_ALPHABET, old, shift);
            let changed = replace_at(&number, at, new);
            // The check is mod 10 with weights 18..2, so a change is caught exactly when
            // weight × difference is not a multiple of 10 (the check digit itself always is).
            let weight = 18 - at as i64;
            let difference = i64::from(curp_value(new).unwrap()) - i64::from(curp_value(old).unwrap());
            if at == 17 || (weight * difference) % 10 != 0 {
                prop_assert!(Checksum::Curp.verify(&changed).is_err(), "{} → {}", number, changed);
            }
        }

        #[test]
        fn sa_id_round_trips_and_catches_substitutions(payload in sa_payload(), at in any::<Index>(), shift in 0usize..100) {
            let number = with_check(&Checksum::SaId, &payload);
            prop_assert_eq!(Checksum::SaId.verify(&number), Ok(()));
            prop_assert!(Checksum::SaId.verify(&substitute(&number, at, shift, DIGITS)).is_err());
        }

        #[test]
        fn weighted_mod11_round_trips_and_catches_substitutions(
            weighted in mod11_weighted(),
            payload in "[0-9]{1,30}",
            at in any::<Index>(),
            shift in 0usize..100,
        ) {
            let algorithm = Checksum::Weighted(weighted);
            let number = with_check(&algorithm, &payload);
            prop_assert_eq!(algorithm.verify(&number), Ok(()));
            prop_assert!(algorithm.verify(&substitute(&number, at, shift, "0123456789X")).is_err());
        }

        #[test]
        fn weighted_without_ten_has_no_number_when_the_check_is_ten(weighted in mod11_weighted(), payload in "[0-9]{1,30}") {
            let algorithm = Checksum::Weighted(WeightedSum { ten_as: None, ..weighted.clone() });
            match algorithm.check_digits(&payload) {
                Some(check) => prop_assert_eq!(algorithm.verify(&format!("{payload}{check}")), Ok(())),
                None => {
                    prop_assert_eq!(Checksum::Weighted(weighted).check_digits(&payload), Some("X".to_string()));
                    for check in DIGITS.chars() {
                        let number = format!("{payload}{check}");
                        prop_assert!(algorithm.verify(&number).is_err());
                    }
                }
            }
        }

        #[test]
        fn isbn_complement_and_plain_forms_agree(payload in "[0-9]{9}") {
            // ISBN-10 is published both as Σ(11-i)·d + c ≡ 0 and as c ≡ Σ i·d (mod 11).
            let plain = WeightedSum { weights: (1..=9).collect(), complement: false, ..isbn10() };
            prop_assert_eq!(Checksum::Weighted(isbn10()).check_digits(&payload), Checksum::Weighted(plain).check_digits(&payload));
        }

        #[test]
        fn arbitrary_text_never_panics(input in any::<String>()) {
            for algorithm in all_algorithms() {
                let _ = algorithm.verify(&input);
                if let Some(check) = algorithm.check_digits(&input) {
                    prop_assert_eq!(algorithm.verify(&format!("{input}{check}")), Ok(()));
                }
            }
        }

        #[test]
        fn id_like_text_never_panics(input in "[0-9A-ZXÑñaz😀 -]{0,20}") {
            for algorithm in all_algorithms() {
                let _ = algorithm.verify(&input);
                if let Some(check) = algorithm.check_digits(&input) {
                    prop_assert_eq!(algorithm.verify(&format!("{input}{check}")), Ok(()), "{}", algorithm.name());
                }
            }
        }
    }
}
