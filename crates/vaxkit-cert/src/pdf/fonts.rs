//! The bundled Noto fonts, parsed once, and the order in which a document tries them.
//!
//! Each font is held twice over the same static bytes: as a rustybuzz face for shaping and
//! as a krilla font for embedding (krilla subsets it per document).

use krilla::text::Font;
use rustybuzz::Face;

use super::PdfError;

/// Which face a piece of text asks for; script fonts have no bold here, so a bold line
/// in Devanagari or Arabic is drawn with the regular script face.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Weight {
    Regular,
    Bold,
}

/// The scripts with a font of their own, beside the Latin/Greek/Cyrillic of Noto Sans.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Script {
    Devanagari,
    Arabic,
    Hebrew,
    Thai,
}

struct FontFile {
    name: &'static str,
    bytes: &'static [u8],
    script: Option<Script>,
    weight: Weight,
}

const FILES: [FontFile; 6] = [
    FontFile {
        name: "NotoSans-Regular",
        bytes: include_bytes!("../../fonts/NotoSans-Regular.ttf"),
        script: None,
        weight: Weight::Regular,
    },
    FontFile {
        name: "NotoSans-Bold",
        bytes: include_bytes!("../../fonts/NotoSans-Bold.ttf"),
        script: None,
        weight: Weight::Bold,
    },
    FontFile {
        name: "NotoSansDevanagari-Regular",
        bytes: include_bytes!("../../fonts/NotoSansDevanagari-Regular.ttf"),
        script: Some(Script::Devanagari),
        weight: Weight::Regular,
    },
    FontFile {
        name: "NotoNaskhArabic-Regular",
        bytes: include_bytes!("../../fonts/NotoNaskhArabic-Regular.ttf"),
        script: Some(Script::Arabic),
        weight: Weight::Regular,
    },
    FontFile {
        name: "NotoSansHebrew-Regular",
        bytes: include_bytes!("../../fonts/NotoSansHebrew-Regular.ttf"),
        script: Some(Script::Hebrew),
        weight: Weight::Regular,
    },
    FontFile {
        name: "NotoSansThai-Regular",
        bytes: include_bytes!("../../fonts/NotoSansThai-Regular.ttf"),
        script: Some(Script::Thai),
        weight: Weight::Regular,
    },
];

/// One parsed font: the shaping face and the embeddable font over the same bytes.
pub(crate) struct LoadedFont {
    pub(crate) face: Face<'static>,
    pub(crate) pdf: Font,
    pub(crate) units_per_em: f32,
    script: Option<Script>,
    weight: Weight,
}

impl LoadedFont {
    /// Whether the font has a glyph for `c` (so it can start or carry a run with it).
    pub(crate) fn covers(&self, c: char) -> bool {
        self.face.glyph_index(c).is_some()
    }
}

/// All bundled fonts, parsed.
pub(crate) struct FontSet {
    fonts: Vec<LoadedFont>,
}

impl FontSet {
    pub(crate) fn load() -> Result<Self, PdfError> {
        let mut fonts = Vec::with_capacity(FILES.len());
        for file in &FILES {
            let bad = || PdfError::Font(file.name.to_owned());
            let face = Face::from_slice(file.bytes, 0).ok_or_else(bad)?;
            let pdf = Font::new(file.bytes.into(), 0).ok_or_else(bad)?;
            let units_per_em = face.units_per_em() as f32;
            if units_per_em <= 0.0 {
                return Err(bad());
            }
            fonts.push(LoadedFont {
                face,
                pdf,
                units_per_em,
                script: file.script,
                weight: file.weight,
            });
        }
        Ok(Self { fonts })
    }

    pub(crate) fn get(&self, index: usize) -> Option<&LoadedFont> {
        self.fonts.get(index)
    }

    /// The order in which a line tries the fonts: the script font of the document's language
    /// first (so digits and punctuation in an Arabic document match the Arabic letters), then
    /// Noto Sans in the asked weight, then every other script font.
    pub(crate) fn chain(&self, language: &str, weight: Weight) -> Vec<usize> {
        let own = script_of_language(language);
        let mut chain = Vec::with_capacity(self.fonts.len());
        let mut push_where = |pred: &dyn Fn(&LoadedFont) -> bool| {
            for (i, font) in self.fonts.iter().enumerate() {
                if pred(font) && !chain.contains(&i) {
                    chain.push(i);
                }
            }
        };
        if own.is_some() {
            push_where(&|f| f.script == own);
        }
        push_where(&|f| f.script.is_none() && f.weight == weight);
        push_where(&|f| f.script.is_some());
        push_where(&|f| f.script.is_none());
        chain
    }
}

/// The primary language subtag, lower-cased: "ar-EG" -> "ar".
pub(crate) fn primary_subtag(language: &str) -> String {
    language
        .split(['-', '_'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase()
}

fn script_of_language(language: &str) -> Option<Script> {
    match primary_subtag(language).as_str() {
        "hi" | "mr" | "ne" | "sa" | "kok" | "mai" | "bho" | "doi" | "brx" => {
            Some(Script::Devanagari)
        }
        "ar" | "fa" | "ur" | "ps" | "sd" | "ug" | "ckb" => Some(Script::Arabic),
        "he" | "iw" | "yi" => Some(Script::Hebrew),
        "th" => Some(Script::Thai),
        _ => None,
    }
}

/// Whether a language is written right to left, which mirrors the page layout.
pub(crate) fn is_rtl_language(language: &str) -> bool {
    matches!(
        primary_subtag(language).as_str(),
        "ar" | "fa" | "ur" | "ps" | "sd" | "ug" | "ckb" | "he" | "iw" | "yi" | "dv"
    )
}
