//! QR codes as images: one grey sample per module, black or white, which the page scales up
//! to the printed size without interpolation, so every module stays a sharp square.
//!
//! An image holds a code in a few hundred compressed bytes, where a vector drawing of its
//! modules takes tens of kilobytes of path operations to write and compress. The encoding
//! (segments, error correction, module placement) is the `qrcode` crate's; the mask is
//! chosen here by the penalty score of ISO/IEC 18004, which is quick to compute on a plain
//! matrix of booleans.

use krilla::image::{BitsPerComponent, CustomImage, ImageColorspace};
use qrcode::canvas::{Canvas, MaskPattern};
use qrcode::types::QrError;
use qrcode::{Color, EcLevel, bits, ec};

use super::{PdfError, QrEcc};

/// The module matrix of an encoded QR code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Matrix {
    /// Modules per side, without the quiet zone.
    pub(crate) width: usize,
    /// Whether each module is dark, row by row from the top-left corner.
    pub(crate) dark: Vec<bool>,
}

/// Encodes `text` (the encoder picks byte, alphanumeric or numeric segments itself) at the
/// smallest version that holds it, masked with the pattern of lowest penalty.
pub(crate) fn encode(text: &str, ecc: QrEcc, index: usize) -> Result<Matrix, PdfError> {
    let error = |e: QrError| PdfError::Qr {
        index,
        reason: e.to_string(),
    };
    let level = level(ecc);
    let bits = bits::encode_auto(text.as_bytes(), level).map_err(error)?;
    let version = bits.version();
    let (data, ec) = ec::construct_codewords(&bits.into_bytes(), version, level).map_err(error)?;
    let mut canvas = Canvas::new(version, level);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&data, &ec);
    let width = usize::try_from(version.width()).map_err(|_| error(QrError::InvalidVersion))?;
    let dark = MASKS
        .iter()
        .map(|&mask| {
            let mut masked = canvas.clone();
            masked.apply_mask(mask);
            masked
                .into_colors()
                .into_iter()
                .map(|c| c == Color::Dark)
                .collect::<Vec<bool>>()
        })
        .min_by_key(|dark| penalty(dark, width))
        .unwrap_or_default();
    Ok(Matrix { width, dark })
}

fn level(ecc: QrEcc) -> EcLevel {
    match ecc {
        QrEcc::Low => EcLevel::L,
        QrEcc::Medium => EcLevel::M,
        QrEcc::Quartile => EcLevel::Q,
        QrEcc::High => EcLevel::H,
    }
}

/// The eight mask patterns of a QR code, in the order of their numbers.
const MASKS: [MaskPattern; 8] = [
    MaskPattern::Checkerboard,
    MaskPattern::HorizontalLines,
    MaskPattern::VerticalLines,
    MaskPattern::DiagonalLines,
    MaskPattern::LargeCheckerboard,
    MaskPattern::Fields,
    MaskPattern::Diamonds,
    MaskPattern::Meadow,
];

/// The penalty score of a masked symbol: runs of one colour, 2×2 blocks of one colour,
/// finder-like patterns and an unbalanced share of dark modules. Lower is better.
fn penalty(dark: &[bool], width: usize) -> u32 {
    if width == 0 || dark.is_empty() {
        return 0;
    }
    let mut transposed = Vec::with_capacity(dark.len());
    for x in 0..width {
        transposed.extend(dark.iter().skip(x).step_by(width));
    }
    let mut score = column_penalty(dark, width) + column_penalty(&transposed, width);
    // A 2×2 block is of one colour when it holds 0 or 4 dark modules.
    for (upper, lower) in dark
        .chunks_exact(width)
        .zip(dark.chunks_exact(width).skip(1))
    {
        let pairs = upper
            .iter()
            .zip(lower)
            .map(|(a, b)| u8::from(*a) + u8::from(*b));
        for (left, right) in pairs.clone().zip(pairs.skip(1)) {
            score += 3 * u32::from((left + right) % 4 == 0);
        }
    }
    let percent = dark.iter().filter(|d| **d).count() * 100 / dark.len();
    score + 10 * u32::try_from(percent.abs_diff(50) / 5).unwrap_or(10)
}

/// The penalties down the columns of a row-major matrix `width` modules wide: 3 for a run of
/// five modules of one colour and 1 per module more, and 40 for each
/// dark-light-dark-dark-dark-light-dark pattern per side of it that has four light modules
/// (outside the symbol counts as light). The columns are followed side by side, one row at
/// a time, which the compiler turns into vector instructions.
fn column_penalty(dark: &[bool], width: usize) -> u32 {
    // The last eleven modules of a column, the newest in the lowest bit: four light modules
    // then the pattern 1011101, or the pattern then four light modules.
    const LIGHT_BEFORE: u32 = 0b000_0101_1101;
    const LIGHT_AFTER: u32 = 0b101_1101_0000;
    let mut run = vec![0u32; width];
    let mut previous = vec![false; width];
    let mut recent = vec![0u32; width];
    let mut score = vec![0u32; width];
    for row in dark.chunks_exact(width) {
        for ((((&d, run), previous), recent), score) in row
            .iter()
            .zip(&mut run)
            .zip(&mut previous)
            .zip(&mut recent)
            .zip(&mut score)
        {
            *run = u32::from(d == *previous) * *run + 1;
            *previous = d;
            *recent = ((*recent << 1) | u32::from(d)) & 0x7ff;
            *score += 3 * u32::from(*run == 5)
                + u32::from(*run > 5)
                + 40 * (u32::from(*recent == LIGHT_BEFORE) + u32::from(*recent == LIGHT_AFTER));
        }
    }
    // Four light modules past the bottom edge.
    for _ in 0..4 {
        for (recent, score) in recent.iter_mut().zip(&mut score) {
            *recent = (*recent << 1) & 0x7ff;
            *score += 40 * u32::from(*recent == LIGHT_AFTER);
        }
    }
    score.iter().sum()
}

/// A code as a DeviceGray image, one sample per module: 0 for dark, 255 for light.
#[derive(Clone, Hash)]
pub(crate) struct QrImage {
    width: u32,
    samples: Vec<u8>,
}

impl QrImage {
    /// The image of `matrix`, or `None` for an empty one.
    pub(crate) fn new(matrix: &Matrix) -> Option<Self> {
        let width = u32::try_from(matrix.width).ok().filter(|w| *w > 0)?;
        let samples = matrix
            .dark
            .iter()
            .map(|&dark| if dark { 0 } else { 255 })
            .collect();
        Some(Self { width, samples })
    }
}

impl CustomImage for QrImage {
    fn color_channel(&self) -> &[u8] {
        &self.samples
    }

    fn alpha_channel(&self) -> Option<&[u8]> {
        None
    }

    fn bits_per_component(&self) -> BitsPerComponent {
        BitsPerComponent::Eight
    }

    fn size(&self) -> (u32, u32) {
        (self.width, self.width)
    }

    fn icc_profile(&self) -> Option<&[u8]> {
        None
    }

    fn color_space(&self) -> ImageColorspace {
        ImageColorspace::Luma
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads a module matrix back with rqrr, drawn 4 pixels per module with a quiet zone.
    fn decode(matrix: &Matrix) -> (rqrr::MetaData, String) {
        const SCALE: usize = 4;
        let side = (matrix.width + 8) * SCALE;
        let mut image = rqrr::PreparedImage::prepare_from_greyscale(side, side, |x, y| {
            let (mx, my) = ((x / SCALE).wrapping_sub(4), (y / SCALE).wrapping_sub(4));
            let dark =
                mx < matrix.width && my < matrix.width && matrix.dark[my * matrix.width + mx];
            if dark { 0 } else { 255 }
        });
        let grids = image.detect_grids();
        assert_eq!(grids.len(), 1, "one code found");
        grids[0].decode().expect("the code decodes")
    }

    #[test]
    fn codes_decode_to_their_exact_text_at_their_level_and_version() {
        let long_dcc = format!(
            "HC1:{}",
            "6BFOXN%TS3DH0YOJ58S S-W5HDC *M0II5XHC9B5G2+$N".repeat(12)
        );
        let cases = [
            (
                "HC1:6BFOXN%TS3DH0YOJ58S S-W5HDC *M0II5XHC9B5G2+$N",
                QrEcc::Quartile,
                3,
            ),
            (long_dcc.as_str(), QrEcc::Quartile, 3),
            (
                "shc:/56762909524320603460292437404460312229595326546034602925407728043360287028647167452228092862",
                QrEcc::Low,
                1,
            ),
            ("https://example.org/verify?id=42", QrEcc::Medium, 0),
            ("Grüße, नमस्ते", QrEcc::High, 2),
        ];
        for (text, ecc, ecc_bits) in cases {
            let matrix = encode(text, ecc, 0).expect("encodes");
            assert_eq!(matrix.dark.len(), matrix.width * matrix.width);
            let (meta, decoded) = decode(&matrix);
            assert_eq!(decoded, text);
            assert_eq!(meta.ecc_level, ecc_bits, "{text}");
            // The same version as the encoder's own, so the same segments and capacity.
            let reference =
                qrcode::QrCode::with_error_correction_level(text, level(ecc)).expect("encodes");
            assert_eq!(matrix.width, reference.width(), "{text}");
            assert_eq!(meta.version.0 * 4 + 17, matrix.width);
        }
    }

    #[test]
    fn shc_digits_stay_in_numeric_mode() {
        // 1,500 digits after the prefix: about 5,100 bits in numeric mode, which version 20
        // holds at level L; in byte mode they would take over 12,000 bits.
        let text = format!("shc:/{}", "56".repeat(750));
        let matrix = encode(&text, QrEcc::Low, 0).expect("encodes");
        assert!(matrix.width <= 20 * 4 + 17, "width {}", matrix.width);
        assert_eq!(decode(&matrix).1, text);
    }

    #[test]
    fn penalty_rules() {
        // A run of five: 3; of seven: 5.
        assert_eq!(column_penalty(&[true; 5], 1), 3);
        assert_eq!(column_penalty(&[false; 7], 1), 5);
        // A finder-like pattern with four light modules after it and the outside of the
        // symbol before it: 40 per side; the run of four is no run.
        let finder = [
            true, false, true, true, true, false, true, false, false, false, false,
        ];
        assert_eq!(column_penalty(&finder, 1), 80);
        // Light after it only: 40.
        let one_side = [
            true, false, true, false, true, true, true, false, true, false, false, false, false,
        ];
        assert_eq!(column_penalty(&one_side, 1), 40);
        // Dark on both sides within four modules: no penalty.
        let framed = [
            true, false, false, false, true, false, true, true, true, false, true, false, true,
        ];
        assert_eq!(column_penalty(&framed, 1), 0);
        // A dark 2×2 square: one block (3) and 100 % dark (10 × 10).
        assert_eq!(penalty(&[true; 4], 2), 103);
        // A checkerboard: no runs, no blocks, balanced.
        assert_eq!(penalty(&[true, false, false, true], 2), 0);
    }

    #[test]
    fn the_chosen_mask_has_the_lowest_penalty() {
        let text = "HC1:6BFOXN%TS3DH0YOJ58S S-W5HDC *M0II5XHC9B5G2+$N";
        let matrix = encode(text, QrEcc::Quartile, 0).expect("encodes");
        let chosen = penalty(&matrix.dark, matrix.width);
        // Rows and columns count alike: the mirrored symbol scores the same.
        let w = matrix.width;
        let mirrored: Vec<bool> = (0..w * w)
            .map(|i| matrix.dark[(i % w) * w + i / w])
            .collect();
        assert_eq!(penalty(&mirrored, w), chosen);
        let code = qrcode::QrCode::with_error_correction_level(text, EcLevel::Q).expect("encodes");
        let bits = bits::encode_auto(text.as_bytes(), EcLevel::Q).expect("encodes");
        let (data, ec) = ec::construct_codewords(&bits.into_bytes(), code.version(), EcLevel::Q)
            .expect("codewords");
        let mut canvas = Canvas::new(code.version(), EcLevel::Q);
        canvas.draw_all_functional_patterns();
        canvas.draw_data(&data, &ec);
        for mask in MASKS {
            let mut masked = canvas.clone();
            masked.apply_mask(mask);
            let dark: Vec<bool> = masked
                .into_colors()
                .into_iter()
                .map(|c| c == Color::Dark)
                .collect();
            assert!(chosen <= penalty(&dark, matrix.width), "{mask:?}");
        }
    }

    #[test]
    fn image_samples_are_black_and_white_modules() {
        let matrix = Matrix {
            width: 2,
            dark: vec![true, false, false, true],
        };
        let image = QrImage::new(&matrix).expect("an image");
        assert_eq!(image.color_channel(), &[0, 255, 255, 0]);
        assert_eq!(image.size(), (2, 2));
        assert!(
            QrImage::new(&Matrix {
                width: 0,
                dark: Vec::new()
            })
            .is_none()
        );
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
