//! QR codes: drawing (SVG text, PNG bytes) and reading one back from a PNG or JPEG image.
//! EU DCC text is pure Base45, which the QR alphanumeric mode holds; SHC text is `shc:/` in byte
//! mode followed by digits in numeric mode, as the SMART Health Cards specification asks.

use image::{GrayImage, ImageFormat, Luma};
use qrcode::bits::Bits;
use qrcode::{Color, EcLevel, QrCode, Version};

/// Why a QR code could not be made or read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QrError {
    /// The text does not fit in a QR code.
    #[error("the text is too long for a QR code")]
    TooLong,
    /// The image could not be decoded or encoded.
    #[error("image error: {0}")]
    Image(String),
    /// No QR code was found in the image.
    #[error("no QR code found in the image")]
    NotFound,
    /// A QR code was found but could not be decoded.
    #[error("a QR code was found but could not be read: {0}")]
    Unreadable(String),
}

fn shc_code(text: &str) -> Result<QrCode, QrError> {
    let (prefix, digits) = match text.rfind('/') {
        Some(i) => (
            text.get(..=i).unwrap_or(text),
            text.get(i + 1..).unwrap_or_default(),
        ),
        None => (text, ""),
    };
    for v in 1..=40 {
        let mut bits = Bits::new(Version::Normal(v));
        let fits = bits.push_byte_data(prefix.as_bytes()).is_ok()
            && bits.push_numeric_data(digits.as_bytes()).is_ok()
            && bits.push_terminator(EcLevel::L).is_ok();
        if fits {
            return QrCode::with_bits(bits, EcLevel::L).map_err(|_| QrError::TooLong);
        }
    }
    Err(QrError::TooLong)
}

/// The QR code of a certificate text: SHC texts in byte+numeric segments at level L, others
/// (EU DCC) optimised by the encoder at level Q, falling back to M and L when long.
pub fn code(text: &str) -> Result<QrCode, QrError> {
    if text.starts_with(crate::shc::PREFIX) {
        return shc_code(text);
    }
    [EcLevel::Q, EcLevel::M, EcLevel::L]
        .into_iter()
        .find_map(|ec| QrCode::with_error_correction_level(text, ec).ok())
        .ok_or(QrError::TooLong)
}

/// The QR code as an SVG document.
pub fn svg(text: &str) -> Result<String, QrError> {
    Ok(code(text)?
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(256, 256)
        .quiet_zone(true)
        .build())
}

/// The QR code as PNG bytes, `scale` pixels per module, with a four-module quiet zone.
pub fn png(text: &str, scale: u32) -> Result<Vec<u8>, QrError> {
    let code = code(text)?;
    let width = u32::try_from(code.width()).map_err(|_| QrError::TooLong)?;
    let scale = scale.max(1);
    let size = (width + 8) * scale;
    let colors = code.to_colors();
    let img = GrayImage::from_fn(size, size, |x, y| {
        let mx = (x / scale).checked_sub(4);
        let my = (y / scale).checked_sub(4);
        let dark = match (mx, my) {
            (Some(mx), Some(my)) if mx < width && my < width => {
                let i = usize::try_from(my * width + mx).unwrap_or(usize::MAX);
                colors.get(i) == Some(&Color::Dark)
            }
            _ => false,
        };
        Luma([if dark { 0 } else { 255 }])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, ImageFormat::Png)
        .map_err(|e| QrError::Image(e.to_string()))?;
    Ok(out.into_inner())
}

/// Reads the text of the first QR code in a PNG or JPEG image.
pub fn read(image_bytes: &[u8]) -> Result<String, QrError> {
    let img = image::load_from_memory(image_bytes)
        .map_err(|e| QrError::Image(e.to_string()))?
        .to_luma8();
    let (w, h) = (img.width() as usize, img.height() as usize);
    let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| {
        let (x, y) = (
            u32::try_from(x).unwrap_or(u32::MAX),
            u32::try_from(y).unwrap_or(u32::MAX),
        );
        img.get_pixel_checked(x, y).map_or(255, |p| p.0[0])
    });
    let grids = prepared.detect_grids();
    let mut last_error = None;
    for grid in grids {
        match grid.decode() {
            Ok((_, text)) => return Ok(text),
            Err(e) => last_error = Some(e.to_string()),
        }
    }
    Err(match last_error {
        Some(e) => QrError::Unreadable(e),
        None => QrError::NotFound,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn png_round_trips_and_blank_image_reports_not_found() {
        for text in [
            "HC1:NCFOXN%TS3DH3ZSUZK+.V0ETD%65NL-AH",
            "shc:/567629095243206034602924374044603122295953265460346029254077280433",
        ] {
            let bytes = png(text, 4).unwrap_or_default();
            assert_eq!(read(&bytes).as_deref(), Ok(text));
            assert!(svg(text).is_ok_and(|s| s.contains("<svg")));
        }
        let blank = GrayImage::from_pixel(64, 64, Luma([255]));
        let mut out = std::io::Cursor::new(Vec::new());
        assert!(blank.write_to(&mut out, ImageFormat::Png).is_ok());
        assert_eq!(read(&out.into_inner()), Err(QrError::NotFound));
        assert!(matches!(read(b"not an image"), Err(QrError::Image(_))));
    }

    #[test]
    fn reads_a_jpeg_photo_too() {
        let text = "HC1:NCFOXN%TS3DH3ZSUZK+.V0ETD%65NL-AH";
        let png_bytes = png(text, 6).unwrap_or_default();
        let img = image::load_from_memory(&png_bytes).map(|i| i.to_luma8());
        let Ok(img) = img else {
            return assert!(img.is_ok());
        };
        let mut jpeg = std::io::Cursor::new(Vec::new());
        assert!(img.write_to(&mut jpeg, ImageFormat::Jpeg).is_ok());
        assert_eq!(read(&jpeg.into_inner()).as_deref(), Ok(text));
    }

    #[test]
    fn shc_uses_numeric_mode() {
        // The longest single-QR card (1,195 JWS characters, 2,390 digits) fits version 22 at level L
        // only with the digits in numeric mode; in byte mode it would need version 30 or more.
        let text = format!("shc:/{}", "56".repeat(crate::shc::MAX_SINGLE_JWS));
        let width = shc_code(&text).map(|c| c.width()).unwrap_or(usize::MAX);
        assert!(width <= 22 * 4 + 17, "width {width}");
        assert!(matches!(code(&"shc:/".repeat(5000)), Err(QrError::TooLong)));
    }
}
