//! QR codes as vector outlines: the dark modules merged into closed polygons.
//!
//! One rectangle per module would put thousands of path operations in the page and show
//! hairline seams in some viewers. Here neighbouring dark modules are merged: each dark
//! module contributes its four edges clockwise, an edge shared with a dark neighbour cancels
//! out, and the remaining edges are chained into closed loops with only their corners kept.
//! Filled with the non-zero rule, outer loops (clockwise) and holes (counter-clockwise) paint
//! exactly the dark modules, with no seams inside a dark area.

use qrcode::{Color, EcLevel, QrCode};

use super::{PdfError, QrEcc};

/// A corner of a loop, in modules from the top-left corner of the code (y down).
pub(crate) type Corner = (u32, u32);

/// The module matrix of an encoded QR code, as outlines.
pub(crate) struct Matrix {
    /// Modules per side, without the quiet zone.
    pub(crate) width: usize,
    /// Closed loops of corners; each loop returns to its first corner.
    pub(crate) loops: Vec<Vec<Corner>>,
}

/// Encodes `text` (the encoder picks byte, alphanumeric or numeric segments itself) and
/// outlines its dark modules.
pub(crate) fn encode(text: &str, ecc: QrEcc, index: usize) -> Result<Matrix, PdfError> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), level(ecc)).map_err(|e| {
        PdfError::Qr {
            index,
            reason: e.to_string(),
        }
    })?;
    let width = code.width();
    let dark: Vec<bool> = code
        .into_colors()
        .into_iter()
        .map(|c| c == Color::Dark)
        .collect();
    Ok(Matrix {
        width,
        loops: outline(&dark, width),
    })
}

fn level(ecc: QrEcc) -> EcLevel {
    match ecc {
        QrEcc::Low => EcLevel::L,
        QrEcc::Medium => EcLevel::M,
        QrEcc::Quartile => EcLevel::Q,
        QrEcc::High => EcLevel::H,
    }
}

/// Outlines the dark modules of a row-major matrix `width` modules wide.
pub(crate) fn outline(dark: &[bool], width: usize) -> Vec<Vec<Corner>> {
    if width == 0 {
        return Vec::new();
    }
    let height = dark.len() / width;
    let is_dark = |x: isize, y: isize| -> bool {
        if x < 0 || y < 0 || x as usize >= width || y as usize >= height {
            return false;
        }
        dark.get(y as usize * width + x as usize)
            .copied()
            .unwrap_or(false)
    };

    // Outgoing boundary edges per grid point; a point where two loops touch corner to corner
    // has two.
    let side = width + 1;
    let mut outgoing: Vec<Vec<usize>> = vec![Vec::new(); side * (height + 1)];
    let id = |x: usize, y: usize| y * side + x;
    let mut add = |from: usize, to: usize| {
        if let Some(edges) = outgoing.get_mut(from) {
            edges.push(to);
        }
    };
    for y in 0..height {
        for x in 0..width {
            let (xi, yi) = (x as isize, y as isize);
            if !is_dark(xi, yi) {
                continue;
            }
            // Clockwise on screen (y down): top, right, bottom, left.
            if !is_dark(xi, yi - 1) {
                add(id(x, y), id(x + 1, y));
            }
            if !is_dark(xi + 1, yi) {
                add(id(x + 1, y), id(x + 1, y + 1));
            }
            if !is_dark(xi, yi + 1) {
                add(id(x + 1, y + 1), id(x, y + 1));
            }
            if !is_dark(xi - 1, yi) {
                add(id(x, y + 1), id(x, y));
            }
        }
    }

    // Every point has as many edges in as out, so a walk from any edge comes back to its
    // start; however the walks pair edges at shared points, the loops cover the same edges
    // and so fill the same area.
    let corner = |point: usize| -> Corner { ((point % side) as u32, (point / side) as u32) };
    let mut loops = Vec::new();
    for start in 0..outgoing.len() {
        while let Some(mut next) = outgoing.get_mut(start).and_then(Vec::pop) {
            let mut points = vec![corner(start)];
            while next != start {
                points.push(corner(next));
                match outgoing.get_mut(next).and_then(Vec::pop) {
                    Some(after) => next = after,
                    None => break,
                }
            }
            loops.push(drop_straight_points(points));
        }
    }
    loops
}

/// Keeps only the corners of a closed loop of unit steps.
fn drop_straight_points(points: Vec<Corner>) -> Vec<Corner> {
    let n = points.len();
    let at = |i: usize| points.get(i % n).copied().unwrap_or_default();
    (0..n)
        .filter(|&i| {
            let (a, b, c) = (at(i + n - 1), at(i), at(i + 1));
            // b is a corner unless a, b and c lie on one horizontal or vertical line.
            !((a.0 == b.0 && b.0 == c.0) || (a.1 == b.1 && b.1 == c.1))
        })
        .map(at)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Non-zero winding number of each module centre under the loops: counts the vertical
    /// edges to the right of the centre, downwards +1, upwards -1.
    fn painted(loops: &[Vec<Corner>], width: usize, height: usize) -> Vec<bool> {
        let mut winding = vec![0i32; width * height];
        for points in loops {
            assert!(points.len() >= 4, "a loop has at least four corners");
            for (i, &(x0, y0)) in points.iter().enumerate() {
                let (x1, y1) = points[(i + 1) % points.len()];
                assert!(x0 == x1 || y0 == y1, "edges are horizontal or vertical");
                if x0 != x1 {
                    continue;
                }
                let (top, bottom, sign) = if y1 > y0 { (y0, y1, 1) } else { (y1, y0, -1) };
                for y in top..bottom {
                    for x in 0..(x0 as usize).min(width) {
                        winding[y as usize * width + x] += sign;
                    }
                }
            }
        }
        winding.into_iter().map(|w| w != 0).collect()
    }

    fn matrix_of(text: &str, ecc: QrEcc) -> Vec<bool> {
        match QrCode::with_error_correction_level(text, level(ecc)) {
            Ok(code) => code
                .into_colors()
                .into_iter()
                .map(|c| c == Color::Dark)
                .collect(),
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn outlines_paint_exactly_the_dark_modules_of_real_codes() {
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
            let dark = matrix_of(text, ecc);
            let w = matrix.width;
            assert_eq!(painted(&matrix.loops, w, w), dark, "{text}");
            let corners: usize = matrix.loops.iter().map(Vec::len).sum();
            let modules = dark.iter().filter(|d| **d).count();
            assert!(corners < 4 * modules / 2, "merging saves points");
        }
    }

    #[test]
    fn holes_and_diagonal_touches() {
        #[rustfmt::skip]
        let dark = [
            true,  true,  true,  false,
            true,  false, true,  false,
            true,  true,  true,  false,
            false, false, false, true,
        ];
        let loops = outline(&dark, 4);
        // A ring with a hole, and a lone module touching the ring at a corner (where a walk
        // may run on from one into the other: the fill is the same).
        assert_eq!(painted(&loops, 4, 4), dark.to_vec());
        assert!(loops.len() >= 2);
    }

    #[test]
    fn a_square_is_four_corners() {
        let loops = outline(&[true; 9], 3);
        assert_eq!(loops.len(), 1);
        assert_eq!(loops[0].len(), 4);
    }

    #[test]
    fn empty_and_all_light() {
        assert!(outline(&[], 0).is_empty());
        assert!(outline(&[false; 9], 3).is_empty());
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
