//! Names in the machine-readable form of ICAO Doc 9303 Part 3 (capital A-Z and `<`), as the EU
//! DCC's standardised names `fnt` and `gnt` need them.
//!
//! The tables of Doc 9303 Part 3 cover Latin letters with diacritics (Table A), Cyrillic (Table B)
//! and Arabic with its Persian, Urdu and Pashto letters (Table C, the reversible "X" scheme). Greek
//! names follow ELOT 743, which Greece applies to its travel documents. A name with a letter of any
//! other script (Thai, Devanagari, Han, ...) has no ICAO form: [`transliterate`] says so, and the
//! certificate needs the Latin-script name the person registered.

/// A name that holds a letter no ICAO 9303 table covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the letter {0:?} is in no ICAO 9303 transliteration table")]
pub struct NotCovered(pub char);

/// The longest standardised name the EU DCC schema allows.
const MAX_LEN: usize = 80;

/// The name in ICAO 9303 machine-readable form: letters transliterated, spaces, hyphens and commas
/// as `<`, apostrophes and other marks dropped, at most 80 characters.
pub fn transliterate(name: &str) -> Result<String, NotCovered> {
    let chars: Vec<char> = name.trim().chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        i += 1;
        match c {
            ' ' | '-' | ',' | '\u{2010}' | '\u{2011}' => {
                if !out.ends_with('<') && !out.is_empty() {
                    out.push('<');
                }
            }
            '\'' | '\u{2019}' | '\u{02BC}' | '.' => {}
            _ if is_ignorable(c) => {}
            _ => {
                let upper = c.to_uppercase().next().unwrap_or(c);
                let next = chars.get(i).copied();
                // ß upper-cases to two letters; its own entry comes first.
                if let Some(rep) = latin(c)
                    .or_else(|| latin(upper))
                    .or_else(|| cyrillic(upper))
                    .or_else(|| arabic(c, next))
                {
                    out.push_str(rep);
                } else if let Some((rep, used)) = greek(&chars, i - 1) {
                    out.push_str(&rep);
                    i += used - 1;
                } else {
                    return Err(NotCovered(c));
                }
            }
        }
    }
    let out = out.trim_end_matches('<');
    Ok(out.chars().take(MAX_LEN).collect())
}

/// Whether every letter of the name has an ICAO 9303 form.
pub fn covers(name: &str) -> bool {
    transliterate(name).is_ok()
}

/// Marks that carry no letter: Arabic vowel signs (harakat), shadda, tatweel, dagger alif and
/// combining diacritics, which names are normally written without.
fn is_ignorable(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{0652}' | '\u{0640}' | '\u{0670}' | '\u{0300}'..='\u{036F}')
}

/// Table A: Latin letters, with the national forms Doc 9303 recommends (Ä AE, Ö OE, Ü UE, Å AA).
fn latin(c: char) -> Option<&'static str> {
    Some(match c {
        'A'..='Z' => return LETTERS.iter().find(|l| l.starts_with(c)).copied(),
        'Ä' | 'Æ' => "AE",
        'Ö' | 'Ø' | 'Œ' => "OE",
        'Ü' => "UE",
        'ß' => "SS",
        'Å' => "AA",
        'Þ' => "TH",
        'Ĳ' => "IJ",
        'À' | 'Á' | 'Â' | 'Ã' | 'Ą' | 'Ă' | 'Ā' => "A",
        'Ç' | 'Č' | 'Ć' | 'Ĉ' | 'Ċ' => "C",
        'Ď' | 'Đ' | 'Ð' => "D",
        'È' | 'É' | 'Ê' | 'Ë' | 'Ę' | 'Ě' | 'Ē' | 'Ė' | 'Ĕ' => "E",
        'Ĝ' | 'Ğ' | 'Ġ' | 'Ģ' => "G",
        'Ĥ' | 'Ħ' => "H",
        'Ì' | 'Í' | 'Î' | 'Ï' | 'Ĩ' | 'Ī' | 'Į' | 'İ' | 'Ĭ' => "I",
        'Ĵ' => "J",
        'Ķ' => "K",
        'Ł' | 'Ľ' | 'Ĺ' | 'Ļ' | 'Ŀ' => "L",
        'Ñ' | 'Ń' | 'Ň' | 'Ņ' | 'Ŋ' => "N",
        'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ő' | 'Ō' | 'Ŏ' => "O",
        'Ř' | 'Ŕ' | 'Ŗ' => "R",
        'Š' | 'Ś' | 'Ş' | 'Ș' | 'Ŝ' => "S",
        'Ť' | 'Ţ' | 'Ț' | 'Ŧ' => "T",
        'Ù' | 'Ú' | 'Û' | 'Ů' | 'Ű' | 'Ū' | 'Ų' | 'Ũ' | 'Ŭ' => "U",
        'Ŵ' => "W",
        'Ý' | 'Ÿ' | 'Ŷ' => "Y",
        'Ž' | 'Ź' | 'Ż' => "Z",
        _ => return None,
    })
}

const LETTERS: [&str; 26] = [
    "A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N", "O", "P", "Q", "R", "S",
    "T", "U", "V", "W", "X", "Y", "Z",
];

/// Table B: Cyrillic, with the Ukrainian, Belarusian, Serbian and Macedonian letters.
fn cyrillic(c: char) -> Option<&'static str> {
    Some(match c {
        'А' => "A",
        'Б' => "B",
        'В' => "V",
        'Г' | 'Ґ' | 'Ѓ' => "G",
        'Д' | 'Ђ' => "D",
        'Е' | 'Ё' | 'Э' => "E",
        'Є' | 'Ъ' => "IE",
        'Ж' => "ZH",
        'З' => "Z",
        'Ѕ' | 'Џ' => "DZ",
        'И' | 'І' | 'Ї' | 'Й' => "I",
        'Ј' => "J",
        'К' | 'Ќ' => "K",
        'Л' => "L",
        'Љ' => "LJ",
        'М' => "M",
        'Н' => "N",
        'Њ' => "NJ",
        'О' => "O",
        'П' => "P",
        'Р' => "R",
        'С' => "S",
        'Т' => "T",
        'Ћ' => "C",
        'У' | 'Ў' => "U",
        'Ф' => "F",
        'Х' => "KH",
        'Ц' => "TS",
        'Ч' => "CH",
        'Ш' => "SH",
        'Щ' => "SHCH",
        'Ы' => "Y",
        'Ь' => "",
        'Ю' => "IU",
        'Я' => "IA",
        _ => return None,
    })
}

/// Table C: Arabic letters in the reversible X scheme; teh marbuta is XAH at the end of a name
/// part and XTA inside one.
fn arabic(c: char, next: Option<char>) -> Option<&'static str> {
    let ends_part = next.is_none_or(|n| matches!(n, ' ' | '-' | ','));
    Some(match c {
        'ء' => "XE",
        'آ' => "XAA",
        'أ' => "XAE",
        'ؤ' => "U",
        'إ' => "I",
        'ئ' => "XI",
        'ا' => "A",
        'ب' => "B",
        'ة' if ends_part => "XAH",
        'ة' => "XTA",
        'ت' => "T",
        'ث' => "XTH",
        'ج' => "J",
        'ح' => "XH",
        'خ' => "XKH",
        'د' => "D",
        'ذ' => "XDH",
        'ر' => "R",
        'ز' => "Z",
        'س' => "S",
        'ش' => "XSH",
        'ص' => "XSS",
        'ض' => "XDZ",
        'ط' => "XTT",
        'ظ' => "XZZ",
        'ع' => "E",
        'غ' => "G",
        'ف' => "F",
        'ق' => "Q",
        'ك' => "K",
        'ل' => "L",
        'م' => "M",
        'ن' => "N",
        'ه' => "H",
        'و' => "W",
        'ى' => "XAY",
        'ي' => "Y",
        'ٱ' => "XXA",
        'ٹ' => "XXT",
        'ټ' => "XRT",
        'پ' => "P",
        'ځ' => "XKE",
        'څ' => "XXH",
        'چ' => "XC",
        'ڈ' => "XXD",
        'ډ' => "XDR",
        'ڑ' => "XXR",
        'ړ' => "XRR",
        'ږ' => "XRX",
        'ژ' => "XJ",
        'ښ' => "XXS",
        'ک' => "XKK",
        'ګ' => "XXK",
        'ڭ' => "XNG",
        'گ' => "XGG",
        'ں' => "XNN",
        'ڼ' => "XXN",
        'ھ' => "XDO",
        'ۀ' => "XYH",
        'ہ' => "XXG",
        'ۂ' => "XGE",
        'ۃ' => "XTG",
        'ی' => "XYA",
        'ۍ' => "XXY",
        'ې' => "Y",
        'ے' => "XYB",
        'ۓ' => "XBE",
        _ => return None,
    })
}

/// The Greek capital of a letter, accents removed (final sigma folds to sigma).
fn greek_base(c: char) -> Option<char> {
    let c = c.to_uppercase().next().unwrap_or(c);
    Some(match c {
        'Ά' => 'Α',
        'Έ' => 'Ε',
        'Ή' => 'Η',
        'Ί' | 'Ϊ' | 'ΐ' => 'Ι',
        'Ό' => 'Ο',
        'Ύ' | 'Ϋ' | 'ΰ' => 'Υ',
        'Ώ' => 'Ω',
        'Σ' | 'ς' => 'Σ',
        'Α'..='Ω' => c,
        _ => return None,
    })
}

/// Greek by ELOT 743 at `chars[at]`: the Latin text and how many letters it used. ΟΥ is OU; ΑΥ,
/// ΕΥ and ΗΥ are AV, EV, IV before a vowel or voiced consonant and AF, EF, IF otherwise; Γ before
/// Γ, Ξ or Χ is N; a dieresis (Ϊ, Ϋ) keeps two vowels apart.
fn greek(chars: &[char], at: usize) -> Option<(String, usize)> {
    let c = *chars.get(at)?;
    let g = greek_base(c)?;
    let upsilon_next = chars
        .get(at + 1)
        .is_some_and(|&n| greek_base(n) == Some('Υ') && !matches!(n, 'Ϋ' | 'ϋ' | 'ΰ'));
    if upsilon_next && matches!(g, 'Α' | 'Ε' | 'Η' | 'Ο') {
        let vowel = match g {
            'Α' => "A",
            'Ε' => "E",
            'Η' => "I",
            _ => return Some(("OU".to_owned(), 2)),
        };
        let after = chars.get(at + 2).and_then(|&n| greek_base(n));
        let voiced = after.is_some_and(|n| "ΑΕΗΙΟΥΩΒΓΔΖΛΜΝΡ".contains(n));
        return Some((format!("{vowel}{}", if voiced { "V" } else { "F" }), 2));
    }
    let next = chars.get(at + 1).and_then(|&n| greek_base(n));
    let latin = match g {
        'Α' => "A",
        'Β' => "V",
        'Γ' if matches!(next, Some('Γ' | 'Ξ' | 'Χ')) => "N",
        'Γ' => "G",
        'Δ' => "D",
        'Ε' => "E",
        'Ζ' => "Z",
        'Η' | 'Ι' => "I",
        'Θ' => "TH",
        'Κ' => "K",
        'Λ' => "L",
        'Μ' => "M",
        'Ν' => "N",
        'Ξ' => "X",
        'Ο' | 'Ω' => "O",
        'Π' => "P",
        'Ρ' => "R",
        'Σ' => "S",
        'Τ' => "T",
        'Υ' => "Y",
        'Φ' => "F",
        'Χ' => "CH",
        'Ψ' => "PS",
        _ => return None,
    };
    Some((latin.to_owned(), 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(name: &str) -> String {
        transliterate(name).unwrap_or_else(|e| format!("error: {e}"))
    }

    #[test]
    fn latin_with_diacritics() {
        assert_eq!(t("Musterfrau-Gößinger"), "MUSTERFRAU<GOESSINGER");
        // The EU DCC schema's own example: the apostrophe is dropped, the space becomes <.
        assert_eq!(t("d'Červenková Panklová"), "DCERVENKOVA<PANKLOVA");
        assert_eq!(t("Smith-Jones"), "SMITH<JONES");
        assert_eq!(t("Charles Edward"), "CHARLES<EDWARD");
        assert_eq!(t("Åsa Øvrebø"), "AASA<OEVREBOE");
        assert_eq!(t("Ñúñez Şahin Łukasz Þór"), "NUNEZ<SAHIN<LUKASZ<THOR");
        assert_eq!(t("  José  María  "), "JOSE<MARIA");
        assert_eq!(t(&"A".repeat(100)).len(), 80);
    }

    #[test]
    fn cyrillic_by_table_b() {
        assert_eq!(t("Горбачёв"), "GORBACHEV");
        assert_eq!(t("Щукина-Юрьевна"), "SHCHUKINA<IUREVNA");
        assert_eq!(t("Хрущёв Объедков"), "KHRUSHCHEV<OBIEEDKOV");
        // Ukrainian, Serbian and Macedonian letters.
        assert_eq!(t("Їжак Ґалаґан Євген"), "IZHAK<GALAGAN<IEVGEN");
        assert_eq!(
            t("Ђорђе Љубичић Његош Ќосе Џаја"),
            "DORDE<LJUBICHIC<NJEGOSH<KOSE<DZAJA"
        );
    }

    #[test]
    fn arabic_by_table_c() {
        // The EU DCC schema's transliterated example, from Doc 9303's own worked example.
        assert_eq!(
            t("ابو بكر محمد بن زكريا الرازي"),
            "ABW<BKR<MXHMD<BN<ZKRYA<ALRAZY"
        );
        assert_eq!(t("ناصر"), "NAXSSR");
        // Teh marbuta ends a name part as XAH, and vowel signs are dropped.
        assert_eq!(t("فاطمة"), "FAXTTMXAH");
        assert_eq!(t("مُحَمَّد"), "MXHMD");
        // Persian and Urdu letters: Farsi yeh is XYA, heh goal XXG.
        assert_eq!(t("پرویز چوہدری"), "PRWXYAZ<XCWXXGDRXYA");
    }

    #[test]
    fn greek_by_elot_743() {
        assert_eq!(t("Γεώργιος Παπαδόπουλος"), "GEORGIOS<PAPADOPOULOS");
        assert_eq!(t("Ευάγγελος"), "EVANGELOS");
        assert_eq!(t("Αυτή"), "AFTI");
        assert_eq!(t("Χριστίνα Ψαρρού"), "CHRISTINA<PSARROU");
        assert_eq!(t("Θεοφάνης"), "THEOFANIS");
    }

    #[test]
    fn scripts_no_table_covers_are_refused() {
        assert_eq!(transliterate("สมชาย"), Err(NotCovered('ส')));
        assert_eq!(transliterate("प्रिया"), Err(NotCovered('प')));
        assert!(!covers("王"));
        assert!(covers("Priya Sharma"));
        assert_eq!(t(""), "");
    }
}
