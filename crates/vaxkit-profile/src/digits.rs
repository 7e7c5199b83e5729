//! Digits in other scripts. A person typing a mobile or an identity number on a phone set to
//! Arabic, Hindi or Thai types that script's digits (٣, ३, ๓) or full-width ones (３); they are
//! the same number, so they are read as ASCII digits before any other check.

/// The code points of the digit zero of each script whose ten digits follow one another.
const ZEROS: &[u32] = &[
    0x0660, // Arabic-Indic
    0x06F0, // Extended Arabic-Indic (Persian, Urdu)
    0x07C0, // NKo
    0x0966, // Devanagari
    0x09E6, // Bengali
    0x0A66, // Gurmukhi
    0x0AE6, // Gujarati
    0x0B66, // Oriya
    0x0BE6, // Tamil
    0x0C66, // Telugu
    0x0CE6, // Kannada
    0x0D66, // Malayalam
    0x0DE6, // Sinhala Lith
    0x0E50, // Thai
    0x0ED0, // Lao
    0x0F20, // Tibetan
    0x1040, // Myanmar
    0x1090, // Myanmar Shan
    0x17E0, // Khmer
    0x1810, // Mongolian
    0x1946, // Limbu
    0x19D0, // New Tai Lue
    0x1B50, // Balinese
    0xA8D0, // Saurashtra
    0xA900, // Kayah Li
    0xA9D0, // Javanese
    0xAA50, // Cham
    0xABF0, // Meetei Mayek
    0xFF10, // Full-width
];

/// The ASCII digit a character stands for, if it is a decimal digit of one of the scripts above
/// (or an ASCII digit).
pub fn ascii_digit(c: char) -> Option<char> {
    if c.is_ascii_digit() {
        return Some(c);
    }
    let code = u32::from(c);
    ZEROS
        .iter()
        .find(|zero| (**zero..**zero + 10).contains(&code))
        .and_then(|zero| char::from_digit(code - zero, 10))
}

/// `text` with every decimal digit of another script written as its ASCII digit; everything
/// else stays as it is.
pub fn to_ascii_digits(text: &str) -> String {
    text.chars().map(|c| ascii_digit(c).unwrap_or(c)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_of_other_scripts_are_read_as_ascii() {
        assert_eq!(to_ascii_digits("٠١٢٣٤٥٦٧٨٩"), "0123456789");
        assert_eq!(to_ascii_digits("۰۱۲۳۴۵۶۷۸۹"), "0123456789");
        assert_eq!(to_ascii_digits("०१२३४५६७८९"), "0123456789");
        assert_eq!(to_ascii_digits("๐๑๒๓๔๕๖๗๘๙"), "0123456789");
        assert_eq!(to_ascii_digits("０１２３４５６７８９"), "0123456789");
        assert_eq!(to_ascii_digits("+९७१ ५०-१२३"), "+971 50-123");
        assert_eq!(to_ascii_digits("AB-12"), "AB-12", "letters and ASCII stay");
        // Not decimal digits: superscripts, fractions, Roman numerals stay as they are.
        assert_eq!(to_ascii_digits("²½Ⅻ"), "²½Ⅻ");
    }
}
