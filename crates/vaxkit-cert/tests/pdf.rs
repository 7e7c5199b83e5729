//! Printable certificates: the PDF parses, its text is searchable, the script fonts are
//! embedded, and the glyphs drawn are the shaped ones in visual order.
//!
//! The checks read the PDF back with lopdf: page content operations give, for each text
//! showing, the font, the x position and the glyph codes; each font's ToUnicode map says
//! which characters a glyph code stands for.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::{BTreeMap, BTreeSet};

use lopdf::content::Content;
use lopdf::{Document, Object};
use vaxkit_cert::pdf::{PdfCertificate, PdfError, QrEcc, QrPayload, Renderer};

const DCC: &str = "HC1:6BFOXN%TS3DH0YOJ58S S-W5HDC *M0II5XHC9B5G2+$N IOP-IA%NFQGRJPC%OQHIZC4.OI1RM8ZA.A5:S9MKN4NN3F85QNCY0O%0VZ001HOC9JU0D0HT0HB2PL/IB*09B9LW4T*8+DCMH0LDK2%K:XFE70*LP$V25$0Q:J:4MO1P0%0L0HD+9E/HY+4J6TH48S%4K.GJ2PT3QY:GQ3TE2I+-CPHN6D7LLK*2HG%89UV-0LZ 2ZJJ524-LH/CJTK96L6SR9MU9DHGZ%P WUQRENS431T1XCNCF+47AY0-IFO0500TGPN8F5G.41Q2E4T8ALW.INSV$ 07UV5SR+BNQHNML7 /KD3TU 4V*CAT3ZGLQMI/XI%ZJNSBBXK2:UG%UJMI:TU+MMPZ5$/PMX19UE:-PSR3/$NU44CBE6DQ3D7B0FBOFX0DV2DGMB$YPF62I$60/F$Z2I6IFX21XNI-LM%3/DF/U6Z9FEOJVRLVW6K$UG+BKK57:1+D10%4K83F+1VWD1NE";
const SHC: &str = "shc:/56762909524320603460292437404460312229595326546034602925407728043360287028647167452228092862";

fn renderer() -> Renderer {
    Renderer::new().expect("fonts load")
}

fn english() -> PdfCertificate {
    PdfCertificate {
        language: "en".into(),
        title: "Certificate of vaccination".into(),
        subtitle: Some("Ministry of Health and Family Welfare".into()),
        rows: vec![
            ("Name".into(), "Asha Verma".into()),
            ("Date of birth".into(), "1990-04-12".into()),
            (
                "Vaccine".into(),
                "Covishield (ChAdOx1 nCoV-19 Corona Virus Vaccine, Recombinant)".into(),
            ),
            ("Dose".into(), "2 of 2".into()),
            ("Date of vaccination".into(), "2021-08-03".into()),
            (
                "Vaccinated at".into(),
                "District Hospital, Pune, Maharashtra".into(),
            ),
            (
                "Certificate ID".into(),
                "URN:UVCI:01:IN:7T0GY4GZ2K1T9BRQ#R".into(),
            ),
        ],
        qr_codes: vec![QrPayload {
            text: DCC.into(),
            ecc: QrEcc::Quartile,
            caption: Some("EU Digital COVID Certificate".into()),
        }],
        footer:
            "Verify this certificate by scanning the QR code. Issued by the Ministry of Health."
                .into(),
    }
}

fn hindi() -> PdfCertificate {
    PdfCertificate {
        language: "hi".into(),
        title: "टीकाकरण प्रमाणपत्र".into(),
        subtitle: Some("स्वास्थ्य एवं परिवार कल्याण मंत्रालय".into()),
        rows: vec![
            ("नाम".into(), "आशा वर्मा".into()),
            ("जन्म तिथि".into(), "1990-04-12".into()),
            ("टीका".into(), "कोविशील्ड (Covishield)".into()),
            ("खुराक".into(), "2 में से 2".into()),
            ("क्षेत्र".into(), "पुणे, महाराष्ट्र".into()),
            (
                "प्रमाणपत्र संख्या".into(),
                "URN:UVCI:01:IN:7T0GY4GZ2K1T9BRQ#R".into(),
            ),
        ],
        qr_codes: vec![
            QrPayload {
                text: DCC.into(),
                ecc: QrEcc::Quartile,
                caption: Some("EU DCC".into()),
            },
            QrPayload {
                text: SHC.into(),
                ecc: QrEcc::Low,
                caption: Some("SMART Health Card".into()),
            },
        ],
        footer: "इस प्रमाणपत्र को QR कोड स्कैन करके सत्यापित करें।".into(),
    }
}

const ARABIC_MIXED: &str = "لقاح Pfizer بتاريخ 2021-05-13";

fn arabic() -> PdfCertificate {
    PdfCertificate {
        language: "ar".into(),
        title: "شهادة التطعيم".into(),
        subtitle: Some("وزارة الصحة".into()),
        rows: vec![
            ("الاسم".into(), "أحمد علي".into()),
            ("تاريخ الميلاد".into(), "1985-11-02".into()),
            ("اللقاح".into(), ARABIC_MIXED.into()),
            ("الجرعة".into(), "2 من 2".into()),
        ],
        qr_codes: vec![QrPayload {
            text: DCC.into(),
            ecc: QrEcc::Quartile,
            caption: Some("الشهادة الرقمية".into()),
        }],
        footer: "تحقق من هذه الشهادة بمسح رمز QR.".into(),
    }
}

fn latin(language: &str, title: &str, name_label: &str, footer: &str) -> PdfCertificate {
    PdfCertificate {
        language: language.into(),
        title: title.into(),
        subtitle: None,
        rows: vec![
            (name_label.into(), "Amina Wanjiru Odhiambo".into()),
            (
                "Vaccine / Vacuna / Chanjo".into(),
                "Comirnaty — Pfizer-BioNTech".into(),
            ),
            ("Date".into(), "2021-05-13".into()),
        ],
        qr_codes: vec![QrPayload {
            text: SHC.into(),
            ecc: QrEcc::Low,
            caption: None,
        }],
        footer: footer.into(),
    }
}

/// One text showing operation as read back from the page.
#[derive(Debug)]
struct Shown {
    font: String,
    x: f32,
    y: f32,
    /// Each glyph code with the text its ToUnicode entry gives.
    glyphs: Vec<(u16, String)>,
}

impl Shown {
    fn text(&self) -> String {
        self.glyphs.iter().map(|(_, t)| t.as_str()).collect()
    }
}

struct Parsed {
    doc: Document,
    shown: Vec<Shown>,
    /// The page text as viewers that honour `/ActualText` and `/ReversedChars` read it
    /// (Acrobat, pdf.js, poppler): logical order, whole clusters.
    text: String,
    /// BaseFont names of the fonts used on the pages, subset prefix removed.
    fonts: BTreeSet<String>,
}

fn base_font_name(dict: &lopdf::Dictionary) -> String {
    let name = dict
        .get(b"BaseFont")
        .and_then(Object::as_name)
        .unwrap_or(b"?");
    let name = String::from_utf8_lossy(name).into_owned();
    // Subset fonts are named "ABCDEF+Name".
    match name.split_once('+') {
        Some((prefix, rest)) if prefix.len() == 6 => rest.to_owned(),
        _ => name,
    }
}

fn number(o: &Object) -> f32 {
    match o {
        Object::Integer(i) => *i as f32,
        Object::Real(r) => *r,
        other => panic!("not a number: {other:?}"),
    }
}

/// A PDF text string: UTF-16BE with a byte order mark, or (near enough here) Latin-1.
fn text_string(bytes: &[u8]) -> String {
    match bytes.strip_prefix(&[0xFE, 0xFF]) {
        Some(utf16) => {
            let units: Vec<u16> = utf16
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        None => bytes.iter().map(|&b| char::from(b)).collect(),
    }
}

/// Marked content that changes how text is read.
enum Marked {
    /// `/Span << /ActualText ... >>`: the glyphs inside read as this text.
    Actual(String),
    /// `/ReversedChars`: the glyphs inside are drawn in reverse reading order.
    Reversed(String),
    Other,
}

fn push_text(stack: &mut [Marked], out: &mut String, text: &str) {
    if stack.iter().any(|m| matches!(m, Marked::Actual(_))) {
        return;
    }
    match stack
        .iter_mut()
        .rev()
        .find(|m| matches!(m, Marked::Reversed(_)))
    {
        Some(Marked::Reversed(buffer)) => buffer.push_str(text),
        _ => out.push_str(text),
    }
}

fn parse(pdf: &[u8]) -> Parsed {
    assert!(pdf.starts_with(b"%PDF-"), "PDF header");
    let doc = Document::load_mem(pdf).expect("lopdf parses the PDF");
    let mut shown = Vec::new();
    let mut fonts = BTreeSet::new();
    let mut text = String::new();
    for (_, page_id) in doc.get_pages() {
        let page_fonts = doc.get_page_fonts(page_id).unwrap();
        let mut encodings = BTreeMap::new();
        for (key, dict) in &page_fonts {
            fonts.insert(base_font_name(dict));
            encodings.insert(
                key.clone(),
                (base_font_name(dict), dict.get_font_encoding(&doc).unwrap()),
            );
        }
        let content = Content::decode(&doc.get_page_content(page_id)).unwrap();
        let mut font: Option<Vec<u8>> = None;
        let (mut x, mut y) = (0.0, 0.0);
        let mut marked: Vec<Marked> = Vec::new();
        for op in content.operations {
            let strings: Vec<Vec<u8>> = match op.operator.as_str() {
                "BMC" | "BDC" => {
                    let tag = op.operands[0].as_name().unwrap();
                    let actual = op
                        .operands
                        .get(1)
                        .and_then(|o| o.as_dict().ok())
                        .and_then(|d| d.get(b"ActualText").ok())
                        .and_then(|o| o.as_str().ok())
                        .map(text_string);
                    marked.push(match (tag, actual) {
                        (_, Some(actual)) => Marked::Actual(actual),
                        (b"ReversedChars", None) => Marked::Reversed(String::new()),
                        _ => Marked::Other,
                    });
                    continue;
                }
                "EMC" => {
                    let done = match marked.pop() {
                        Some(Marked::Actual(t)) => t,
                        Some(Marked::Reversed(t)) => t.chars().rev().collect(),
                        _ => String::new(),
                    };
                    push_text(&mut marked, &mut text, &done);
                    continue;
                }
                "ET" => {
                    push_text(&mut marked, &mut text, " ");
                    continue;
                }
                "Tf" => {
                    font = Some(op.operands[0].as_name().unwrap().to_vec());
                    continue;
                }
                "Tm" => {
                    x = number(&op.operands[4]);
                    y = number(&op.operands[5]);
                    continue;
                }
                "Tj" => vec![op.operands[0].as_str().unwrap().to_vec()],
                "TJ" => op.operands[0]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter_map(|o| o.as_str().ok().map(<[u8]>::to_vec))
                    .collect(),
                _ => continue,
            };
            let (name, encoding) = &encodings[font.as_ref().expect("font set before text")];
            let mut glyphs = Vec::new();
            for s in strings {
                for code in s.chunks(2) {
                    let decoded = Document::decode_text(encoding, code).unwrap_or_default();
                    glyphs.push((u16::from_be_bytes([code[0], code[1]]), decoded));
                }
            }
            let run: String = glyphs.iter().map(|(_, t)| t.as_str()).collect();
            push_text(&mut marked, &mut text, &run);
            shown.push(Shown {
                font: name.clone(),
                x,
                y,
                glyphs,
            });
        }
    }
    Parsed {
        doc,
        shown,
        text,
        fonts,
    }
}

fn extracted_text(parsed: &Parsed) -> String {
    let pages: Vec<u32> = parsed.doc.get_pages().keys().copied().collect();
    parsed.doc.extract_text(&pages).unwrap()
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn renderer_is_shareable_between_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Renderer>();
}

#[test]
fn english_certificate_is_a4_and_searchable() {
    let pdf = renderer().render(&english()).unwrap();
    let parsed = parse(&pdf);
    assert_eq!(parsed.doc.get_pages().len(), 1);
    let (_, page_id) = parsed.doc.get_pages().into_iter().next().unwrap();
    let page = parsed.doc.get_dictionary(page_id).unwrap();
    let media_box: Vec<f32> = page
        .get(b"MediaBox")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(number)
        .collect();
    assert!(
        (media_box[2] - 595.276).abs() < 0.5 && (media_box[3] - 841.89).abs() < 0.5,
        "{media_box:?}"
    );

    let text = extracted_text(&parsed);
    for expected in [
        "Certificate of vaccination",
        "Asha Verma",
        "District Hospital",
        "2021-08-03",
    ] {
        assert!(text.contains(expected), "{expected:?} not in {text:?}");
    }
    assert!(parsed.fonts.contains("NotoSans-Bold"), "{:?}", parsed.fonts);
    assert!(
        parsed.fonts.contains("NotoSans-Regular"),
        "{:?}",
        parsed.fonts
    );
    assert!(
        !parsed
            .fonts
            .iter()
            .any(|f| f.contains("Devanagari") || f.contains("Arabic"))
    );
}

#[test]
fn fonts_are_subset_per_document() {
    let pdf = renderer().render(&english()).unwrap();
    // Noto Sans alone is 500 KB; a subset with a few dozen glyphs is a small part of that.
    assert!(pdf.len() < 120_000, "{} bytes", pdf.len());
}

#[test]
fn hindi_certificate_embeds_devanagari_and_stays_searchable() {
    let pdf = renderer().render(&hindi()).unwrap();
    let parsed = parse(&pdf);
    assert!(
        parsed.fonts.contains("NotoSansDevanagari-Regular"),
        "{:?}",
        parsed.fonts
    );
    // Glyphs that stand for part of a cluster (a vowel sign drawn before its consonant)
    // carry the cluster's text as /ActualText, which is how viewers search and copy it.
    let text = squash(&parsed.text);
    for expected in [
        "टीकाकरण प्रमाणपत्र",
        "आशा वर्मा",
        "पुणे, महाराष्ट्र",
        "जन्म तिथि",
        "कोविशील्ड (Covishield)",
        "URN:UVCI:01:IN:7T0GY4GZ2K1T9BRQ#R",
        "इस प्रमाणपत्र को QR कोड स्कैन करके सत्यापित करें।",
    ] {
        assert!(
            text.contains(&squash(expected)),
            "{expected:?} not in {text:?}"
        );
    }
    // Plain ToUnicode extraction (lopdf ignores /ActualText) still finds the Latin parts.
    let plain = extracted_text(&parsed);
    assert!(
        plain.contains("1990-04-12") && plain.contains("Covishield"),
        "{plain:?}"
    );
}

#[test]
fn hindi_conjuncts_are_drawn_as_shaped_glyphs() {
    let pdf = renderer().render(&hindi()).unwrap();
    let parsed = parse(&pdf);
    let devanagari: Vec<&Shown> = parsed
        .shown
        .iter()
        .filter(|s| s.font == "NotoSansDevanagari-Regular")
        .collect();
    assert!(!devanagari.is_empty());

    // Without shaping each character would be one glyph from the cmap. With it, a conjunct
    // such as क्ष (क + virama + ष) or त्र is one glyph that stands for several characters.
    let mut to_unicode: BTreeMap<u16, String> = BTreeMap::new();
    for shown in &devanagari {
        for (code, text) in &shown.glyphs {
            to_unicode.insert(*code, text.clone());
        }
    }
    let conjuncts: Vec<&String> = to_unicode
        .values()
        .filter(|t| t.contains('\u{094D}') && t.chars().count() >= 3)
        .collect();
    assert!(
        ["क्ष", "त्र", "प्र"]
            .iter()
            .any(|c| conjuncts.iter().any(|t| t.as_str() == *c)),
        "no conjunct glyph among {to_unicode:?}"
    );

    // And the virama never shows as a glyph of its own in these words: shaping consumed it.
    let lone_virama = to_unicode.values().any(|t| t == "\u{094D}");
    assert!(!lone_virama, "{to_unicode:?}");

    // Fewer glyphs than Devanagari characters overall, as conjuncts merge characters.
    let glyphs: usize = devanagari.iter().map(|s| s.glyphs.len()).sum();
    let chars: usize = devanagari.iter().map(|s| s.text().chars().count()).sum();
    assert!(glyphs < chars, "{glyphs} glyphs for {chars} characters");
}

#[test]
fn arabic_certificate_is_mirrored_joined_and_in_visual_order() {
    let pdf = renderer().render(&arabic()).unwrap();
    let parsed = parse(&pdf);
    assert!(
        parsed.fonts.contains("NotoNaskhArabic-Regular"),
        "{:?}",
        parsed.fonts
    );

    let arabic: Vec<&Shown> = parsed
        .shown
        .iter()
        .filter(|s| s.font == "NotoNaskhArabic-Regular")
        .collect();

    // Joined forms: one letter drawn with several different glyphs (isolated, initial,
    // medial, final). Without shaping a letter always maps to its one cmap glyph.
    let mut glyphs_per_char: BTreeMap<String, BTreeSet<u16>> = BTreeMap::new();
    for shown in &arabic {
        for (code, text) in &shown.glyphs {
            if text.chars().count() == 1 {
                glyphs_per_char
                    .entry(text.clone())
                    .or_default()
                    .insert(*code);
            }
        }
    }
    let joined = glyphs_per_char
        .values()
        .filter(|codes| codes.len() >= 2)
        .count();
    assert!(
        joined >= 3,
        "letters with several forms: {glyphs_per_char:?}"
    );

    // Visual order: glyphs of a right-to-left word are drawn leftmost first, so reading the
    // codes in drawing order gives the word backwards.
    let title_word: String = "شهادة".chars().rev().collect();
    assert!(
        arabic.iter().any(|s| s.text().contains(&title_word)),
        "title word not drawn right to left: {:?}",
        arabic.iter().map(|s| s.text()).collect::<Vec<_>>()
    );

    // Searchable: right-to-left glyph runs are marked /ReversedChars, so each word reads in
    // logical order. (Putting the words of a line back in reading order is the viewer's
    // bidi pass; poppler's pdftotext gives the whole lines.)
    let text = squash(&parsed.text);
    for expected in [
        "شهادة",
        "التطعيم",
        "وزارة",
        "الصحة",
        "أحمد",
        "علي",
        "بتاريخ",
        "لقاح",
        "Pfizer",
    ] {
        assert!(text.contains(expected), "{expected:?} not in {text:?}");
    }

    // The mixed line, by the Unicode bidi algorithm: "لقاح" rightmost, then Pfizer (left to
    // right inside), then "بتاريخ", then the date leftmost. Digits after Arabic letters are
    // Arabic numbers (rule W2) and a hyphen does not join those (W4), so the date's parts
    // stand right to left: 2021 rightmost — what a browser shows for the same text.
    let line_y = parsed
        .shown
        .iter()
        .find(|s| s.text().contains("Pfizer"))
        .map(|s| s.y)
        .expect("Pfizer drawn as one left-to-right run");
    let on_line: Vec<&Shown> = parsed
        .shown
        .iter()
        .filter(|s| (s.y - line_y).abs() < 0.01)
        .collect();
    let x_of = |needle: &str| {
        on_line
            .iter()
            .find(|s| s.text().contains(needle))
            .map(|s| s.x)
            .unwrap_or_else(|| {
                panic!(
                    "{needle:?} not on the line: {:?}",
                    on_line.iter().map(|s| s.text()).collect::<Vec<_>>()
                )
            })
    };
    let (day, month, year) = (x_of("13"), x_of("05"), x_of("2021"));
    let pfizer = x_of("Pfizer");
    let vaccine: String = "لقاح".chars().rev().collect();
    let first_word = x_of(&vaccine);
    assert!(
        day < month && month < year && year < pfizer && pfizer < first_word,
        "day {day}, month {month}, year {year}, Pfizer {pfizer}, first word {first_word}"
    );

    // Mirrored page: labels on the right, values to their left.
    let label: String = "الاسم".chars().rev().collect();
    let value: String = "علي".chars().rev().collect();
    let label_x = parsed
        .shown
        .iter()
        .find(|s| s.text().contains(&label))
        .map(|s| s.x)
        .unwrap();
    let value_x = parsed
        .shown
        .iter()
        .find(|s| s.text().contains(&value))
        .map(|s| s.x)
        .unwrap();
    assert!(
        label_x > 595.276 / 2.0 && value_x < label_x,
        "label {label_x}, value {value_x}"
    );
}

#[test]
fn english_labels_sit_left_of_values() {
    let parsed = parse(&renderer().render(&english()).unwrap());
    let x_of = |needle: &str| {
        parsed
            .shown
            .iter()
            .find(|s| s.text().contains(needle))
            .map(|s| s.x)
            .unwrap()
    };
    assert!(x_of("Name") < 100.0);
    assert!(x_of("Asha") > x_of("Name") + 100.0);
}

#[test]
fn french_swahili_spanish_certificates_are_searchable() {
    let cases = [
        latin(
            "fr",
            "Certificat de vaccination",
            "Nom et prénom",
            "Vérifiez ce certificat en scannant le code QR. Délivré par le ministère de la Santé.",
        ),
        latin(
            "sw",
            "Cheti cha Chanjo",
            "Jina",
            "Thibitisha cheti hiki kwa kuchanganua msimbo wa QR.",
        ),
        latin(
            "es",
            "Certificado de vacunación",
            "Nombre y apellidos",
            "Verifique este certificado escaneando el código QR. Expedido por el Ministerio de Sanidad.",
        ),
    ];
    let renderer = renderer();
    for certificate in cases {
        let parsed = parse(&renderer.render(&certificate).unwrap());
        let text = extracted_text(&parsed);
        for expected in [
            certificate.title.as_str(),
            certificate.rows[0].0.as_str(),
            "Amina Wanjiru Odhiambo",
            "Comirnaty — Pfizer-BioNTech",
        ] {
            assert!(
                text.contains(expected),
                "{}: {expected:?} not in {text:?}",
                certificate.language
            );
        }
        assert!(
            !parsed
                .fonts
                .iter()
                .any(|f| f.contains("Devanagari") || f.contains("Arabic"))
        );
    }
}

#[test]
fn thai_and_hebrew_use_their_script_fonts() {
    let renderer = renderer();
    let thai = PdfCertificate {
        language: "th".into(),
        title: "ใบรับรองการฉีดวัคซีน".into(),
        rows: vec![("ชื่อ".into(), "สมชาย ใจดี".into())],
        ..PdfCertificate::default()
    };
    let parsed = parse(&renderer.render(&thai).unwrap());
    assert!(
        parsed.fonts.contains("NotoSansThai-Regular"),
        "{:?}",
        parsed.fonts
    );
    assert!(
        squash(&parsed.text).contains("สมชายใจดี"),
        "{:?}",
        parsed.text
    );

    let hebrew = PdfCertificate {
        language: "he".into(),
        title: "תעודת חיסון".into(),
        rows: vec![("שם".into(), "דוד לוי".into())],
        ..PdfCertificate::default()
    };
    let parsed = parse(&renderer.render(&hebrew).unwrap());
    assert!(
        parsed.fonts.contains("NotoSansHebrew-Regular"),
        "{:?}",
        parsed.fonts
    );
    let label = parsed
        .shown
        .iter()
        .find(|s| s.text().contains("םש"))
        .map(|s| s.x)
        .unwrap();
    assert!(label > 595.276 / 2.0, "label on the right: {label}");
}

#[test]
fn characters_no_font_has_still_render() {
    // No bundled font has Han or emoji: they come out as the fallback's empty box, and the
    // rest of the line is unharmed.
    let mut certificate = english();
    certificate
        .rows
        .push(("Name (local)".into(), "王小明 💉 Wang".into()));
    let parsed = parse(&renderer().render(&certificate).unwrap());
    assert!(extracted_text(&parsed).contains("Wang"));
}

#[test]
fn same_input_gives_the_same_bytes() {
    let renderer = renderer();
    assert_eq!(
        renderer.render(&arabic()).unwrap(),
        renderer.render(&arabic()).unwrap()
    );
}

#[test]
fn many_rows_flow_onto_a_second_page_with_the_footer_on_each() {
    let mut certificate = english();
    for i in 0..60 {
        certificate
            .rows
            .push((format!("Dose {i}"), format!("Batch AB{i:04}")));
    }
    let parsed = parse(&renderer().render(&certificate).unwrap());
    assert!(parsed.doc.get_pages().len() >= 2);
    let footers = parsed
        .shown
        .iter()
        .filter(|s| s.text().contains("Verify this certificate"))
        .count();
    assert_eq!(footers, parsed.doc.get_pages().len());
}

#[test]
fn oversized_qr_payload_is_an_error_not_a_panic() {
    let mut certificate = english();
    certificate.qr_codes.push(QrPayload {
        text: "x".repeat(5000),
        ecc: QrEcc::High,
        caption: None,
    });
    match renderer().render(&certificate) {
        Err(PdfError::Qr { index: 1, .. }) => {}
        other => panic!("{other:?}"),
    }
}

#[test]
fn empty_certificate_still_renders_one_page() {
    let parsed = parse(&vaxkit_cert::pdf::render(&PdfCertificate::default()).unwrap());
    assert_eq!(parsed.doc.get_pages().len(), 1);
}

/// Rasterises the Hindi certificate (two codes) with poppler's pdftoppm and reads the codes
/// back with zbarimg. Both are Debian packages (poppler-utils, zbar-tools); where either is
/// missing the test says so and passes.
#[test]
fn qr_codes_in_the_pdf_scan_back_to_their_text() {
    use std::process::Command;
    let have = |tool: &str| Command::new(tool).arg("-v").output().is_ok();
    if !have("pdftoppm") || !have("zbarimg") {
        eprintln!("skipped: pdftoppm or zbarimg not installed");
        return;
    }
    let dir = std::env::temp_dir().join(format!("vaxkit-pdf-qr-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let pdf = dir.join("certificate.pdf");
    std::fs::write(&pdf, renderer().render(&hindi()).unwrap()).unwrap();
    let status = Command::new("pdftoppm")
        .args(["-r", "150", "-png", "-singlefile"])
        .arg(&pdf)
        .arg(dir.join("page"))
        .status()
        .unwrap();
    assert!(status.success());
    let out = Command::new("zbarimg")
        .args(["-q", "--raw", "-Sdisable", "-Sqrcode.enable"])
        .arg(dir.join("page.png"))
        .output()
        .unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    let decoded: BTreeSet<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect();
    let expected: BTreeSet<String> = [DCC.to_owned(), SHC.to_owned()].into();
    assert_eq!(decoded, expected);
}

/// A PDF transformation matrix [a b c d e f].
type Matrix = [f32; 6];

/// `first` then `then`, as the `cm` operator composes them.
fn concat(first: &Matrix, then: &Matrix) -> Matrix {
    let [a, b, c, d, e, f] = *first;
    let [a2, b2, c2, d2, e2, f2] = *then;
    [
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    ]
}

/// A QR code image drawn on a page: what it decodes to and where it sits.
struct DrawnQr {
    text: String,
    /// rqrr's number for the level: 1 L, 0 M, 3 Q, 2 H.
    ecc_level: u16,
    /// Modules per side.
    modules: usize,
    /// The image's matrix (the unit square onto the page, in points, y up).
    placement: Matrix,
}

/// Finds every image the pages draw, checks it is one grey sample per module, and reads it
/// back with rqrr, drawn four pixels per module inside a four-module quiet zone.
fn drawn_qr_codes(pdf: &[u8]) -> Vec<DrawnQr> {
    let doc = Document::load_mem(pdf).unwrap();
    let mut found = Vec::new();
    for (_, page_id) in doc.get_pages() {
        let page = doc.get_dictionary(page_id).unwrap();
        let resources = match page.get(b"Resources").unwrap() {
            Object::Reference(id) => doc.get_dictionary(*id).unwrap(),
            Object::Dictionary(d) => d,
            other => panic!("resources: {other:?}"),
        };
        let xobjects = match resources.get(b"XObject") {
            Ok(Object::Reference(id)) => doc.get_dictionary(*id).unwrap().clone(),
            Ok(Object::Dictionary(d)) => d.clone(),
            _ => lopdf::Dictionary::new(),
        };
        let content = Content::decode(&doc.get_page_content(page_id)).unwrap();
        let mut ctm: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];
        let mut saved = Vec::new();
        for op in content.operations {
            match op.operator.as_str() {
                "q" => saved.push(ctm),
                "Q" => ctm = saved.pop().unwrap(),
                "cm" => {
                    let m: Vec<f32> = op.operands.iter().map(number).collect();
                    ctm = concat(&[m[0], m[1], m[2], m[3], m[4], m[5]], &ctm);
                }
                "Do" => {
                    let name = op.operands[0].as_name().unwrap();
                    let id = xobjects.get(name).unwrap().as_reference().unwrap();
                    let stream = doc.get_object(id).unwrap().as_stream().unwrap();
                    let dict = &stream.dict;
                    assert_eq!(dict.get(b"Subtype").unwrap().as_name().unwrap(), b"Image");
                    assert_eq!(
                        dict.get(b"ColorSpace").unwrap().as_name().unwrap(),
                        b"DeviceGray"
                    );
                    assert_eq!(dict.get(b"BitsPerComponent").unwrap().as_i64().unwrap(), 8);
                    assert!(!matches!(
                        dict.get(b"Interpolate"),
                        Ok(Object::Boolean(true))
                    ));
                    let width = dict.get(b"Width").unwrap().as_i64().unwrap() as usize;
                    let height = dict.get(b"Height").unwrap().as_i64().unwrap() as usize;
                    assert_eq!(width, height, "a square of modules");
                    let samples = stream.decompressed_content().unwrap();
                    assert_eq!(samples.len(), width * height);
                    assert!(
                        samples.iter().all(|&s| s == 0 || s == 255),
                        "black or white"
                    );
                    let scale = 4;
                    let side = (width + 8) * scale;
                    let mut image =
                        rqrr::PreparedImage::prepare_from_greyscale(side, side, |x, y| {
                            let (mx, my) =
                                ((x / scale).wrapping_sub(4), (y / scale).wrapping_sub(4));
                            if mx < width && my < width {
                                samples[my * width + mx]
                            } else {
                                255
                            }
                        });
                    let grids = image.detect_grids();
                    assert_eq!(grids.len(), 1, "one code per image");
                    let (meta, text) = grids[0].decode().unwrap();
                    found.push(DrawnQr {
                        text,
                        ecc_level: meta.ecc_level,
                        modules: width,
                        placement: ctm,
                    });
                }
                _ => {}
            }
        }
    }
    found
}

#[test]
fn qr_images_in_the_pdf_decode_to_their_exact_text_at_their_place() {
    let renderer = renderer();
    // Hindi: the EU DCC at level Q and the SMART Health Card at level L, side by side.
    let codes = drawn_qr_codes(&renderer.render(&hindi()).unwrap());
    let read: BTreeSet<(String, u16)> = codes
        .iter()
        .map(|c| (c.text.clone(), c.ecc_level))
        .collect();
    let expected: BTreeSet<(String, u16)> = [(DCC.to_owned(), 3), (SHC.to_owned(), 1)].into();
    assert_eq!(read, expected);
    assert!(
        codes[0].placement[4] < codes[1].placement[4],
        "left to right"
    );

    // English and Arabic: one code, 230 points wide with its quiet zone, centred on the
    // page, upright (its first row of samples at the top).
    for certificate in [english(), arabic()] {
        let codes = drawn_qr_codes(&renderer.render(&certificate).unwrap());
        assert_eq!(codes.len(), 1, "{}", certificate.language);
        let code = &codes[0];
        assert_eq!(code.text, certificate.qr_codes[0].text);
        let [a, b, c, d, e, _] = code.placement;
        let side = 230.0 * code.modules as f32 / (code.modules + 8) as f32;
        assert!(
            (a - side).abs() < 0.01 && (d - side).abs() < 0.01,
            "{a} {d}"
        );
        assert!(b.abs() < 1e-4 && c.abs() < 1e-4);
        assert!(
            (e + side / 2.0 - 595.276 / 2.0).abs() < 0.01,
            "centred: {e}"
        );
    }
}

#[test]
fn write_samples_when_asked() {
    // `VAXKIT_PDF_SAMPLES=dir cargo test` leaves the rendered certificates there to look at.
    let Ok(dir) = std::env::var("VAXKIT_PDF_SAMPLES") else {
        return;
    };
    let renderer = renderer();
    let samples = [
        ("en", english()),
        ("hi", hindi()),
        ("ar", arabic()),
        (
            "fr",
            latin(
                "fr",
                "Certificat de vaccination",
                "Nom et prénom",
                "Délivré par le ministère de la Santé.",
            ),
        ),
        (
            "th",
            PdfCertificate {
                language: "th".into(),
                title: "ใบรับรองการฉีดวัคซีน".into(),
                rows: vec![
                    ("ชื่อ".into(), "สมชาย ใจดี".into()),
                    ("วัคซีน".into(), "วัคซีนป้องกันโรคติดเชื้อไวรัสโคโรนาสายพันธุ์ใหม่".into()),
                ],
                footer: "ตรวจสอบใบรับรองนี้โดยการสแกนคิวอาร์โค้ด".into(),
                ..PdfCertificate::default()
            },
        ),
    ];
    for (name, certificate) in samples {
        let pdf = renderer.render(&certificate).unwrap();
        std::fs::write(format!("{dir}/certificate-{name}.pdf"), pdf).unwrap();
    }
}
