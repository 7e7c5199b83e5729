//! The line pipeline: bidi runs, a font per stretch of text, shaping, and greedy wrapping.
//!
//! krilla's own `draw_text` neither reorders mixed-direction text nor falls back to another
//! font, so an Arabic line holding a date or a Latin word would come out reversed and with
//! boxes. Here a line is split by unicode-bidi into runs of one direction, in visual order;
//! each run is cut where the font has to change; each piece is shaped by rustybuzz in its
//! own direction; the glyphs are then drawn left to right as they stand.

use std::ops::Range;

use krilla::text::{GlyphId, KrillaGlyph};
use rustybuzz::{Direction, Language, UnicodeBuffer};
use unicode_bidi::{Level, ParagraphBidiInfo};

use super::fonts::{FontSet, Weight};

/// A piece of a line in one font and one direction, shaped, in visual position.
#[derive(Clone)]
pub(crate) struct Segment {
    /// Index of the font in the [`FontSet`].
    pub(crate) font: usize,
    /// The logical text of the piece; glyph text ranges point into it.
    pub(crate) text: String,
    /// Where the piece starts in the line's text, in bytes.
    pub(crate) offset: usize,
    /// Glyphs left to right, advances and offsets in em.
    pub(crate) glyphs: Vec<KrillaGlyph>,
    /// Sum of the advances, in em.
    pub(crate) advance: f32,
}

/// One shaped line at a given size.
#[derive(Clone)]
pub(crate) struct ShapedLine {
    pub(crate) segments: Vec<Segment>,
    pub(crate) size: f32,
}

impl ShapedLine {
    /// Width in points.
    pub(crate) fn width(&self) -> f32 {
        self.segments.iter().map(|s| s.advance).sum::<f32>() * self.size
    }
}

/// What a line needs to know besides its text.
#[derive(Clone, Copy)]
pub(crate) struct Style<'a> {
    pub(crate) language: &'a str,
    pub(crate) rtl: bool,
    pub(crate) weight: Weight,
    pub(crate) size: f32,
}

/// Shapes one line of text (no line breaks inside) into visual-order segments.
pub(crate) fn shape_line(fonts: &FontSet, text: &str, style: Style<'_>) -> ShapedLine {
    let mut segments = Vec::new();
    if text.is_empty() {
        return ShapedLine {
            segments,
            size: style.size,
        };
    }
    let chain = fonts.chain(style.language, style.weight);
    let base = if style.rtl {
        Level::rtl()
    } else {
        Level::ltr()
    };
    let bidi = ParagraphBidiInfo::new(text, Some(base));
    let (levels, runs) = bidi.visual_runs(0..text.len());
    let language: Option<Language> = style.language.parse().ok();

    for run in runs {
        let rtl = levels.get(run.start).is_some_and(|l| l.is_rtl());
        let Some(run_text) = text.get(run.clone()) else {
            continue;
        };
        let mut pieces = split_by_font(fonts, &chain, run_text);
        // Pieces come in logical order; a right-to-left run shows its last piece leftmost.
        if rtl {
            pieces.reverse();
        }
        for (font, range) in pieces {
            let range_start = range.start;
            let Some(piece) = run_text.get(range) else {
                continue;
            };
            let offset = run.start + range_start;
            if let Some(segment) = shape_piece(fonts, font, piece, offset, rtl, language.as_ref()) {
                segments.push(segment);
            }
        }
    }
    ShapedLine {
        segments,
        size: style.size,
    }
}

/// A character that takes the font of its neighbours when it can: spaces, digits,
/// punctuation, combining marks, joiners.
fn is_neutral(c: char) -> bool {
    !c.is_alphabetic()
}

/// Bidi marks, joiners and other default-ignorable characters: the shaper hides them, so any
/// font will do.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
}

/// Cuts a run into pieces of one font each: a letter takes the first font of the chain that
/// has it; a neutral character stays with the letter before it (or after it, at the start)
/// when that font has it too, so a cluster or a word is never split between fonts.
fn split_by_font(fonts: &FontSet, chain: &[usize], text: &str) -> Vec<(usize, Range<usize>)> {
    let first_covering = |c: char| {
        chain
            .iter()
            .copied()
            .find(|&i| fonts.get(i).is_some_and(|f| f.covers(c)))
    };
    let covers =
        |font: usize, c: char| is_invisible(c) || fonts.get(font).is_some_and(|f| f.covers(c));
    let fallback = chain.first().copied().unwrap_or(0);

    // Fast path: the whole run in one font.
    if let Some(&font) = chain.iter().find(|&&i| text.chars().all(|c| covers(i, c))) {
        return vec![(font, 0..text.len())];
    }

    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut choice: Vec<Option<usize>> = chars
        .iter()
        .map(|&(_, c)| {
            if is_neutral(c) {
                None
            } else {
                Some(first_covering(c).unwrap_or(fallback))
            }
        })
        .collect();
    // Neutrals: the font before them, else the font after them, else any that has them.
    let mut previous: Option<usize> = None;
    for (slot, &(_, c)) in choice.iter_mut().zip(&chars) {
        match *slot {
            Some(font) => previous = Some(font),
            None => {
                if let Some(font) = previous.filter(|&f| covers(f, c)) {
                    *slot = Some(font);
                }
            }
        }
    }
    let mut next: Option<usize> = None;
    for (slot, &(_, c)) in choice.iter_mut().zip(&chars).rev() {
        match *slot {
            Some(font) => next = Some(font),
            None => {
                let font = next
                    .filter(|&f| covers(f, c))
                    .or_else(|| first_covering(c))
                    .unwrap_or(fallback);
                *slot = Some(font);
                next = Some(font);
            }
        }
    }

    let mut pieces: Vec<(usize, Range<usize>)> = Vec::new();
    for (&(start, c), font) in chars.iter().zip(choice) {
        let font = font.unwrap_or(fallback);
        let end = start + c.len_utf8();
        match pieces.last_mut() {
            Some((f, range)) if *f == font => range.end = end,
            _ => pieces.push((font, start..end)),
        }
    }
    pieces
}

fn shape_piece(
    fonts: &FontSet,
    font_index: usize,
    text: &str,
    offset: usize,
    rtl: bool,
    language: Option<&Language>,
) -> Option<Segment> {
    let font = fonts.get(font_index)?;
    let mut buffer = UnicodeBuffer::new();
    buffer.push_str(text);
    buffer.set_direction(if rtl {
        Direction::RightToLeft
    } else {
        Direction::LeftToRight
    });
    if let Some(language) = language {
        buffer.set_language(language.clone());
    }
    buffer.guess_segment_properties();
    let shaped = rustybuzz::shape(&font.face, &[], buffer);

    // A glyph stands for the text from its cluster start to the next cluster start.
    let mut starts: Vec<usize> = shaped
        .glyph_infos()
        .iter()
        .map(|info| info.cluster as usize)
        .collect();
    starts.sort_unstable();
    starts.dedup();
    let cluster_end = |start: usize| {
        let at = starts.partition_point(|&s| s <= start);
        starts.get(at).copied().unwrap_or(text.len())
    };

    let upem = font.units_per_em;
    let mut advance = 0.0;
    let glyphs: Vec<KrillaGlyph> = shaped
        .glyph_infos()
        .iter()
        .zip(shaped.glyph_positions())
        .map(|(info, pos)| {
            let start = info.cluster as usize;
            let x_advance = pos.x_advance as f32 / upem;
            advance += x_advance;
            KrillaGlyph {
                glyph_id: GlyphId::new(info.glyph_id),
                text_range: start..cluster_end(start),
                x_advance,
                x_offset: pos.x_offset as f32 / upem,
                y_offset: pos.y_offset as f32 / upem,
                y_advance: pos.y_advance as f32 / upem,
                location: None,
            }
        })
        .collect();
    Some(Segment {
        font: font_index,
        text: text.to_owned(),
        offset,
        glyphs,
        advance,
    })
}

/// Breaks text into lines no wider than `max_width` points, at spaces and at the caller's
/// line breaks. A word wider than the line (a long identifier, or Thai, which has no spaces
/// between words) is broken between shaping clusters, never inside one.
pub(crate) fn wrap(
    fonts: &FontSet,
    text: &str,
    max_width: f32,
    style: Style<'_>,
) -> Vec<ShapedLine> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let paragraph = clean(paragraph);
        let words: Vec<(String, bool)> = paragraph
            .split_whitespace()
            .flat_map(|word| {
                split_overlong(fonts, word, max_width, style)
                    .into_iter()
                    .enumerate()
                    .map(|(i, chunk)| (chunk, i == 0))
            })
            .collect();
        if words.is_empty() {
            lines.push(shape_line(fonts, "", style));
            continue;
        }
        let mut current = String::new();
        let mut current_shaped: Option<ShapedLine> = None;
        for (word, starts_word) in words {
            if current.is_empty() {
                current = word;
                current_shaped = Some(shape_line(fonts, &current, style));
                continue;
            }
            let candidate = if starts_word {
                format!("{current} {word}")
            } else {
                format!("{current}{word}")
            };
            let shaped = shape_line(fonts, &candidate, style);
            if shaped.width() <= max_width {
                current = candidate;
                current_shaped = Some(shaped);
            } else {
                if let Some(done) = current_shaped.take() {
                    lines.push(done);
                }
                current_shaped = Some(shape_line(fonts, &word, style));
                current = word;
            }
        }
        if let Some(done) = current_shaped {
            lines.push(done);
        }
    }
    lines
}

/// Cuts a word wider than `max_width` into pieces that fit, at cluster starts.
fn split_overlong(fonts: &FontSet, word: &str, max_width: f32, style: Style<'_>) -> Vec<String> {
    let shaped = shape_line(fonts, word, style);
    if shaped.width() <= max_width {
        return vec![word.to_owned()];
    }
    let mut bounds: Vec<usize> = shaped
        .segments
        .iter()
        .flat_map(|s| s.glyphs.iter().map(move |g| s.offset + g.text_range.start))
        .filter(|&b| b > 0 && b < word.len())
        .collect();
    bounds.push(word.len());
    bounds.sort_unstable();
    bounds.dedup();

    let mut chunks = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while let Some(&first) = bounds.get(i) {
        // Take at least one cluster, then as many more as fit.
        let mut end = first;
        i += 1;
        while let Some(&next) = bounds.get(i) {
            let fits = word
                .get(start..next)
                .is_some_and(|piece| shape_line(fonts, piece, style).width() <= max_width);
            if !fits {
                break;
            }
            end = next;
            i += 1;
        }
        if let Some(piece) = word.get(start..end) {
            chunks.push(piece.to_owned());
        }
        start = end;
    }
    chunks
}

/// Control characters other than the bidi marks would draw as boxes: tabs become spaces,
/// the rest go.
fn clean(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\t' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fonts() -> FontSet {
        match FontSet::load() {
            Ok(f) => f,
            Err(e) => panic!("fonts: {e}"),
        }
    }

    fn style(language: &str, rtl: bool) -> Style<'_> {
        Style {
            language,
            rtl,
            weight: Weight::Regular,
            size: 10.0,
        }
    }

    #[test]
    fn arabic_line_with_latin_and_date_is_in_visual_order() {
        let fonts = fonts();
        let line = shape_line(&fonts, "لقاح Pfizer في 2021-05-13", style("ar", true));
        let texts: Vec<&str> = line.segments.iter().map(|s| s.text.as_str()).collect();
        // Leftmost first: the date, then the Arabic word before it, then Pfizer, then the first word.
        let date = texts.iter().position(|t| t.contains("2021-05-13"));
        let latin = texts.iter().position(|t| t.contains("Pfizer"));
        let first = texts.iter().position(|t| t.contains("لقاح"));
        assert!(date < latin && latin < first, "{texts:?}");
    }

    #[test]
    fn isolated_date_in_arabic_line_stays_one_left_to_right_run() {
        // Fluent wraps placeables in FSI ... PDI; a date so isolated reads left to right.
        let fonts = fonts();
        let line = shape_line(
            &fonts,
            "بتاريخ \u{2068}2021-05-13\u{2069}",
            style("ar", true),
        );
        let texts: Vec<&str> = line.segments.iter().map(|s| s.text.as_str()).collect();
        assert!(texts.iter().any(|t| t.contains("2021-05-13")), "{texts:?}");
        // Isolates are invisible: no .notdef box drawn for them.
        assert!(
            line.segments
                .iter()
                .flat_map(|s| &s.glyphs)
                .all(|g| g.glyph_id.to_u32() != 0 || g.x_advance == 0.0)
        );
    }

    #[test]
    fn devanagari_conjuncts_shape_to_fewer_glyphs_than_characters() {
        let fonts = fonts();
        let text = "क्षेत्र";
        let line = shape_line(&fonts, text, style("hi", false));
        let glyphs: usize = line.segments.iter().map(|s| s.glyphs.len()).sum();
        assert!(glyphs < text.chars().count(), "{glyphs} glyphs");
    }

    #[test]
    fn thai_without_spaces_breaks_between_clusters() {
        let fonts = fonts();
        let text = "ใบรับรองการฉีดวัคซีนป้องกันโรคติดเชื้อไวรัสโคโรนา";
        let lines = wrap(&fonts, text, 80.0, style("th", false));
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| l.width() <= 80.0));
        let joined: String = lines
            .iter()
            .flat_map(|l| l.segments.iter().map(|s| s.text.as_str()))
            .collect();
        assert_eq!(joined, text);
        // No line starts with a combining mark (a vowel or tone sign cut from its consonant).
        for line in &lines {
            let first = line.segments.first().and_then(|s| s.text.chars().next());
            assert!(
                !matches!(
                    first,
                    Some('\u{0E31}' | '\u{0E34}'..='\u{0E3A}' | '\u{0E47}'..='\u{0E4E}')
                ),
                "{first:?}"
            );
        }
    }

    #[test]
    fn wrap_respects_width() {
        let fonts = fonts();
        let lines = wrap(
            &fonts,
            "one two three four five six seven eight nine ten",
            60.0,
            style("en", false),
        );
        assert!(lines.len() > 2);
        assert!(lines.iter().all(|l| l.width() <= 60.0));
    }
}
