//! QR codes as vector rectangles: dark modules merged into as few rectangles as possible.
//!
//! One rectangle per module would put thousands of path operations in the page and show
//! hairline seams in some viewers; merging modules into horizontal runs, and identical runs
//! on consecutive rows into taller rectangles, keeps the drawing small and solid.

use qrcode::{Color, EcLevel, QrCode};

use super::{PdfError, QrEcc};

/// A dark rectangle of a QR matrix, in modules from the top-left corner.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct ModuleRect {
    pub(crate) x: usize,
    pub(crate) y: usize,
    pub(crate) width: usize,
    pub(crate) height: usize,
}

/// The module matrix of an encoded QR code.
pub(crate) struct Matrix {
    /// Modules per side, without the quiet zone.
    pub(crate) width: usize,
    pub(crate) rects: Vec<ModuleRect>,
}

/// Encodes `text` (the encoder picks byte, alphanumeric or numeric segments itself) and
/// turns its modules into rectangles.
pub(crate) fn encode(text: &str, ecc: QrEcc, index: usize) -> Result<Matrix, PdfError> {
    let level = match ecc {
        QrEcc::Low => EcLevel::L,
        QrEcc::Medium => EcLevel::M,
        QrEcc::Quartile => EcLevel::Q,
        QrEcc::High => EcLevel::H,
    };
    let code =
        QrCode::with_error_correction_level(text.as_bytes(), level).map_err(|e| PdfError::Qr {
            index,
            reason: e.to_string(),
        })?;
    let width = code.width();
    let dark: Vec<bool> = code
        .into_colors()
        .into_iter()
        .map(|c| c == Color::Dark)
        .collect();
    Ok(Matrix {
        width,
        rects: merge_modules(&dark, width),
    })
}

/// Merges the dark modules of a row-major matrix `width` modules wide into rectangles that
/// cover exactly the dark modules, without overlap.
pub(crate) fn merge_modules(dark: &[bool], width: usize) -> Vec<ModuleRect> {
    let mut done: Vec<ModuleRect> = Vec::new();
    // Rectangles still growing downwards: those whose last row is the previous row.
    let mut open: Vec<ModuleRect> = Vec::new();
    if width == 0 {
        return done;
    }
    for (y, row) in dark.chunks(width).enumerate() {
        let mut next_open = Vec::new();
        let mut x = 0;
        while x < row.len() {
            if !row.get(x).copied().unwrap_or(false) {
                x += 1;
                continue;
            }
            let start = x;
            while row.get(x).copied().unwrap_or(false) {
                x += 1;
            }
            let run = (start, x - start);
            match open.iter().position(|r| (r.x, r.width) == run) {
                Some(i) => {
                    let mut grown = open.swap_remove(i);
                    grown.height += 1;
                    next_open.push(grown);
                }
                None => next_open.push(ModuleRect {
                    x: start,
                    y,
                    width: run.1,
                    height: 1,
                }),
            }
        }
        done.append(&mut open);
        open = next_open;
    }
    done.append(&mut open);
    done
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paint(rects: &[ModuleRect], width: usize, height: usize) -> Vec<u32> {
        let mut hits = vec![0u32; width * height];
        for r in rects {
            for y in r.y..r.y + r.height {
                for x in r.x..r.x + r.width {
                    hits[y * width + x] += 1;
                }
            }
        }
        hits
    }

    #[test]
    fn rectangles_cover_exactly_the_dark_modules_of_real_codes() {
        let cases = [
            (
                "HC1:6BFOXN%TS3DH0YOJ58S S-W5HDC *M0II5XHC9B5G2+$N",
                QrEcc::Quartile,
            ),
            (
                "shc:/56762909524320603460292437404460312229595326546034602925407728043360287028647167452228092862",
                QrEcc::Low,
            ),
            ("https://example.org/verify?id=42", QrEcc::Medium),
        ];
        for (text, ecc) in cases {
            let matrix = match encode(text, ecc, 0) {
                Ok(m) => m,
                Err(e) => panic!("{e}"),
            };
            let level = match ecc {
                QrEcc::Low => EcLevel::L,
                QrEcc::Medium => EcLevel::M,
                QrEcc::Quartile => EcLevel::Q,
                QrEcc::High => EcLevel::H,
            };
            let colors = match QrCode::with_error_correction_level(text, level) {
                Ok(c) => c.into_colors(),
                Err(e) => panic!("{e}"),
            };
            let w = matrix.width;
            let hits = paint(&matrix.rects, w, w);
            for (i, (hit, color)) in hits.iter().zip(&colors).enumerate() {
                let expected = u32::from(*color == Color::Dark);
                assert_eq!(*hit, expected, "module {} {}", i % w, i / w);
            }
            let dark = colors.iter().filter(|c| **c == Color::Dark).count();
            assert!(matrix.rects.len() < dark, "runs should merge modules");
            eprintln!(
                "{w}x{w}: {dark} dark modules in {} rectangles",
                matrix.rects.len()
            );
        }
    }

    #[test]
    fn merges_vertically_and_horizontally() {
        #[rustfmt::skip]
        let dark = [
            true,  true,  false, true,
            true,  true,  false, false,
            false, true,  true,  true,
        ];
        let rects = merge_modules(&dark, 4);
        let hits = paint(&rects, 4, 3);
        let expected: Vec<u32> = dark.iter().map(|&d| u32::from(d)).collect();
        assert_eq!(hits, expected);
        assert!(rects.contains(&ModuleRect {
            x: 0,
            y: 0,
            width: 2,
            height: 2
        }));
        assert_eq!(rects.len(), 3);
    }

    #[test]
    fn empty_and_all_light() {
        assert!(merge_modules(&[], 0).is_empty());
        assert!(merge_modules(&[false; 9], 3).is_empty());
    }

    #[test]
    fn too_long_text_is_an_error() {
        let text = "9".repeat(8000);
        assert!(matches!(
            encode(&text, QrEcc::High, 2),
            Err(PdfError::Qr { index: 2, .. })
        ));
    }
}
