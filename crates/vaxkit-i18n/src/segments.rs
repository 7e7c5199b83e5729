//! How many SMS a text costs (3GPP TS 23.038 and 23.040).
//!
//! A text made only of the GSM 7-bit default alphabet (and its extension table, whose
//! characters take an escape and so two septets) fits 160 septets in one SMS, or 153 per
//! part once split (the user-data header takes the rest). Any other character makes the
//! whole text UCS-2: 70 UTF-16 units alone, 67 per part. A part never ends between the two
//! septets of an extension character or the two halves of a surrogate pair, so splitting
//! is counted character by character rather than by division.

/// The encoding a text is sent in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// GSM 03.38 7-bit default alphabet.
    Gsm7,
    /// UCS-2 (UTF-16 on modern phones).
    Ucs2,
}

impl Encoding {
    /// The name operators know it by.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Gsm7 => "GSM-7",
            Encoding::Ucs2 => "UCS-2",
        }
    }
}

/// The size of a text as SMS.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segments {
    /// Encoding the whole text needs.
    pub encoding: Encoding,
    /// Septets (GSM-7) or UTF-16 units (UCS-2).
    pub units: usize,
    /// SMS parts; 0 for an empty text.
    pub count: usize,
}

/// The GSM 7-bit default alphabet, in code order.
const GSM7_BASIC: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u{1b}ÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

/// Characters of the extension table: each is sent as escape + code, two septets.
const GSM7_EXTENSION: &str = "\u{c}^{}\\[~]|€";

/// Septets a character takes in GSM-7, or `None` when it has no GSM-7 form.
fn septets(c: char) -> Option<usize> {
    if c != '\u{1b}' && GSM7_BASIC.contains(c) {
        Some(1)
    } else if GSM7_EXTENSION.contains(c) {
        Some(2)
    } else {
        None
    }
}

/// Counts the SMS parts a text needs.
pub fn count(text: &str) -> Segments {
    let gsm: Option<Vec<usize>> = text.chars().map(septets).collect();
    let (encoding, sizes, single, per_part) = match gsm {
        Some(sizes) => (Encoding::Gsm7, sizes, 160, 153),
        None => (
            Encoding::Ucs2,
            text.chars().map(char::len_utf16).collect(),
            70,
            67,
        ),
    };
    let units: usize = sizes.iter().sum();
    let count = if units == 0 {
        0
    } else if units <= single {
        1
    } else {
        let mut parts = 1;
        let mut used = 0;
        for size in sizes {
            if used + size > per_part {
                parts += 1;
                used = 0;
            }
            used += size;
        }
        parts
    };
    Segments {
        encoding,
        units,
        count,
    }
}

/// A text longer than the profile allows.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "the text needs {} SMS ({} {}), more than notifications.sms.max_segments = {limit}",
    .size.count, .size.units, unit_name(.size.encoding)
)]
pub struct TooLong {
    /// The text's size.
    pub size: Segments,
    /// The profile's limit.
    pub limit: u32,
}

fn unit_name(e: Encoding) -> &'static str {
    match e {
        Encoding::Gsm7 => "GSM-7 septets",
        Encoding::Ucs2 => "UCS-2 characters",
    }
}

/// Checks a text against the profile's segment limit.
pub fn check(text: &str, limit: u32) -> Result<Segments, TooLong> {
    let size = count(text);
    if size.count > limit as usize {
        Err(TooLong { size, limit })
    } else {
        Ok(size)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn gsm7_fits_160_alone_and_153_per_part() {
        assert_eq!(count("").count, 0);
        let a160 = "a".repeat(160);
        assert_eq!(
            count(&a160),
            Segments {
                encoding: Encoding::Gsm7,
                units: 160,
                count: 1
            }
        );
        assert_eq!(count(&"a".repeat(161)).count, 2);
        assert_eq!(count(&"a".repeat(306)).count, 2);
        assert_eq!(count(&"a".repeat(307)).count, 3);
        // Accented letters of the default alphabet stay GSM-7.
        assert_eq!(count("Señor Müller, où êtes-vous").encoding, Encoding::Ucs2);
        assert_eq!(count("Señor Müller à Ålesund").encoding, Encoding::Gsm7);
    }

    #[test]
    fn extension_characters_take_two_septets_and_are_never_split() {
        let s = count("€10 {code}");
        assert_eq!((s.encoding, s.units), (Encoding::Gsm7, 13));
        assert_eq!(count(&"€".repeat(80)).count, 1, "160 septets");
        assert_eq!(count(&"€".repeat(81)).count, 2);
        // 152 plain septets, then a two-septet € that cannot start at septet 153.
        let text = format!("{}€{}", "a".repeat(152), "a".repeat(10));
        assert_eq!(count(&text).units, 164);
        assert_eq!(count(&text).count, 2);
        // 306 septets would be two parts by division; the € moving to part 2 makes three.
        let text = format!("{}€{}", "a".repeat(152), "a".repeat(152));
        assert_eq!(count(&text).units, 306);
        assert_eq!(count(&text).count, 3);
    }

    #[test]
    fn any_other_character_makes_the_text_ucs2() {
        let hindi = "आपका कोड 123456 है";
        let s = count(hindi);
        assert_eq!(s.encoding, Encoding::Ucs2);
        assert_eq!(s.units, hindi.chars().count());
        assert_eq!(count(&"ب".repeat(70)).count, 1);
        assert_eq!(count(&"ب".repeat(71)).count, 2);
        assert_eq!(count(&"ب".repeat(134)).count, 2);
        assert_eq!(count(&"ب".repeat(135)).count, 3);
        // One curly quote turns a Latin text into UCS-2.
        assert_eq!(count("It’s 10:00").encoding, Encoding::Ucs2);
    }

    #[test]
    fn surrogate_pairs_count_twice_and_are_never_split() {
        assert_eq!(count("💉").units, 2);
        assert_eq!(count(&"💉".repeat(35)).count, 1);
        assert_eq!(count(&"💉".repeat(36)).count, 2);
        // 66 units, then a pair that cannot straddle the 67-unit boundary.
        let text = format!("{}💉{}", "ب".repeat(66), "ب".repeat(66));
        assert_eq!(count(&text).units, 134, "two parts by division");
        assert_eq!(count(&text).count, 3);
    }

    #[test]
    fn the_limit_refuses_longer_texts() {
        assert!(check(&"a".repeat(459), 3).is_ok());
        let e = check(&"a".repeat(460), 3).unwrap_err();
        assert_eq!(e.size.count, 4);
        assert_eq!(
            e.to_string(),
            "the text needs 4 SMS (460 GSM-7 septets), more than notifications.sms.max_segments = 3"
        );
    }
}
