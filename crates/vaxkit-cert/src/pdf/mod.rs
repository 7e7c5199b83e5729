//! Printable certificates: an A4 PDF with a title, a table of labelled values, QR codes and a
//! footer, in any language the bundled fonts cover.
//!
//! The module knows nothing of certificate formats: the caller hands over text that is
//! already localised and the QR payloads it has already encoded. Text is laid out by our
//! own pipeline (bidi, font fallback, rustybuzz shaping, see `text.rs`) so Devanagari
//! conjuncts, joined Arabic and mixed-direction lines come out right and stay searchable;
//! right-to-left languages get a mirrored page. A [`Renderer`] parses the fonts once and is
//! shared by every request; each PDF embeds only the glyphs it uses.

mod fonts;
mod qr;
mod text;

use std::sync::OnceLock;

use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect, Size, Transform};
use krilla::image::Image;
use krilla::metadata::{Metadata, TextDirection};
use krilla::page::PageSettings;
use krilla::paint::Fill;

use fonts::{FontSet, Weight};
use qr::Matrix;
use text::{ShapedLine, Style};

/// What goes on a printable certificate, already in the reader's language.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PdfCertificate {
    /// BCP 47 tag of the text ("en", "hi", "ar-EG"): picks fonts, shaping and page direction.
    pub language: String,
    /// Heading, e.g. "Certificate of vaccination".
    pub title: String,
    /// Line under the heading, e.g. the issuing ministry.
    pub subtitle: Option<String>,
    /// The table: (label, value) in display order. A value may hold line breaks.
    pub rows: Vec<(String, String)>,
    /// QR codes to print, side by side (two per line).
    pub qr_codes: Vec<QrPayload>,
    /// Small print at the bottom of every page.
    pub footer: String,
}

/// One QR code: the exact text to encode and how much error correction to add.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QrPayload {
    /// The text as the format defines it ("HC1:...", "shc:/5676...", a URL).
    pub text: String,
    /// Error correction level; EU DCC asks for [`QrEcc::Quartile`].
    pub ecc: QrEcc,
    /// Printed under the code, e.g. "EU Digital COVID Certificate".
    pub caption: Option<String>,
}

/// QR error correction level (share of the code that may be damaged: 7, 15, 25, 30 %).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum QrEcc {
    /// Level L, about 7 %.
    Low,
    /// Level M, about 15 %.
    Medium,
    /// Level Q, about 25 %.
    Quartile,
    /// Level H, about 30 %.
    High,
}

/// Why a certificate could not be rendered.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PdfError {
    /// A bundled font could not be parsed (a broken build, not bad input).
    #[error("the bundled font {0} could not be read")]
    Font(String),
    /// A QR payload could not be encoded, usually because it is too long.
    #[error("QR code {index} cannot be encoded: {reason}")]
    Qr {
        /// Position of the payload in [`PdfCertificate::qr_codes`].
        index: usize,
        /// What the encoder said.
        reason: String,
    },
    /// The PDF writer refused the document.
    #[error("the PDF could not be written: {0}")]
    Write(String),
}

/// Renders certificates; parse the fonts once with [`Renderer::new`] and share it (it is
/// `Send + Sync`) across threads and requests.
pub struct Renderer {
    fonts: FontSet,
}

impl Renderer {
    /// Parses the bundled fonts.
    pub fn new() -> Result<Self, PdfError> {
        Ok(Self {
            fonts: FontSet::load()?,
        })
    }

    /// Renders one certificate to the bytes of an A4 PDF.
    pub fn render(&self, certificate: &PdfCertificate) -> Result<Vec<u8>, PdfError> {
        let matrices = certificate
            .qr_codes
            .iter()
            .enumerate()
            .map(|(i, qr)| qr::encode(&qr.text, qr.ecc, i))
            .collect::<Result<Vec<_>, _>>()?;
        let pages = Layout::new(&self.fonts, certificate).run(matrices);
        self.write(certificate, pages)
    }

    fn write(
        &self,
        certificate: &PdfCertificate,
        pages: Vec<Vec<Op>>,
    ) -> Result<Vec<u8>, PdfError> {
        let mut document = Document::new();
        let direction = if fonts::is_rtl_language(&certificate.language) {
            TextDirection::RightToLeft
        } else {
            TextDirection::LeftToRight
        };
        document.set_metadata(
            Metadata::new()
                .title(certificate.title.clone())
                .language(certificate.language.clone())
                .creator("vaxkit".to_owned())
                .text_direction(direction),
        );
        for ops in pages {
            let settings = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT)
                .ok_or_else(|| PdfError::Write("page size".to_owned()))?;
            let mut page = document.start_page_with(settings);
            let mut surface = page.surface();
            for op in ops {
                match op {
                    Op::Text {
                        line,
                        x,
                        baseline,
                        color,
                    } => {
                        surface.set_fill(Some(fill(color)));
                        let mut x = x;
                        for segment in &line.segments {
                            let Some(font) = self.fonts.get(segment.font) else {
                                continue;
                            };
                            surface.draw_glyphs(
                                Point::from_xy(x, baseline),
                                &segment.glyphs,
                                font.pdf.clone(),
                                &segment.text,
                                line.size,
                                false,
                            );
                            x += segment.advance * line.size;
                        }
                    }
                    Op::Rect {
                        x,
                        y,
                        width,
                        height,
                        color,
                    } => {
                        let mut path = PathBuilder::new();
                        if let Some(rect) = Rect::from_xywh(x, y, width, height) {
                            path.push_rect(rect);
                        }
                        if let Some(path) = path.finish() {
                            surface.set_fill(Some(fill(color)));
                            surface.draw_path(&path);
                        }
                    }
                    Op::Qr {
                        matrix,
                        x,
                        y,
                        module,
                    } => {
                        // One sample per module, scaled to the printed size.
                        let side = matrix.width as f32 * module;
                        let (Some(image), Some(size)) =
                            (qr::QrImage::new(&matrix), Size::from_wh(side, side))
                        else {
                            continue;
                        };
                        let image = Image::from_custom(image, false).map_err(PdfError::Write)?;
                        surface.push_transform(&Transform::from_translate(x, y));
                        surface.draw_image(image, size);
                        surface.pop();
                    }
                }
            }
            surface.finish();
            page.finish();
        }
        document
            .finish()
            .map_err(|e| PdfError::Write(format!("{e:?}")))
    }
}

/// Renders with a renderer built on first use and kept for the life of the process.
pub fn render(certificate: &PdfCertificate) -> Result<Vec<u8>, PdfError> {
    static SHARED: OnceLock<Result<Renderer, PdfError>> = OnceLock::new();
    match SHARED.get_or_init(Renderer::new) {
        Ok(renderer) => renderer.render(certificate),
        Err(e) => Err(e.clone()),
    }
}

/// A colour as red, green, blue.
type Rgb = (u8, u8, u8);

fn fill((red, green, blue): Rgb) -> Fill {
    Fill {
        paint: rgb::Color::new(red, green, blue).into(),
        ..Fill::default()
    }
}

// Page geometry in points (A4), and the type scale.
const PAGE_WIDTH: f32 = 595.276;
const PAGE_HEIGHT: f32 = 841.89;
const MARGIN: f32 = 56.0;
const CONTENT_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN;
const TITLE_SIZE: f32 = 20.0;
const SUBTITLE_SIZE: f32 = 12.0;
const LABEL_SIZE: f32 = 9.5;
const VALUE_SIZE: f32 = 11.0;
const CAPTION_SIZE: f32 = 9.0;
const FOOTER_SIZE: f32 = 8.0;
/// Line height and first baseline as multiples of the size; generous enough for Devanagari
/// head strokes and Naskh descenders.
const LEADING: f32 = 1.5;
const ASCENT: f32 = 1.1;
const LABEL_SHARE: f32 = 0.38;
const COLUMN_GAP: f32 = 14.0;
const ROW_PADDING: f32 = 5.0;
const QR_GAP: f32 = 24.0;
const QR_SIDE: f32 = 230.0;
const QR_QUIET_MODULES: usize = 4;
/// Smallest module printed when the page allows it (0.7 mm).
const QR_MIN_MODULE: f32 = 2.0;

const BLACK: Rgb = (0, 0, 0);
const GREY: Rgb = (90, 90, 90);
const RULE: Rgb = (31, 78, 121);
const SEPARATOR: Rgb = (215, 215, 215);

/// One drawing operation on a page, in page points (origin top left, y down).
enum Op {
    Text {
        line: ShapedLine,
        x: f32,
        baseline: f32,
        color: Rgb,
    },
    Rect {
        x: f32,
        y: f32,
        width: f32,
        height: f32,
        color: Rgb,
    },
    Qr {
        matrix: Matrix,
        x: f32,
        y: f32,
        module: f32,
    },
}

#[derive(Clone, Copy)]
enum Align {
    Start,
    Center,
}

/// Places blocks down the page, opening a new page when one does not fit. Horizontal
/// positions are logical (from the start edge of the content box) and mirrored for
/// right-to-left languages when an operation is emitted.
struct Layout<'a> {
    fonts: &'a FontSet,
    certificate: &'a PdfCertificate,
    rtl: bool,
    pages: Vec<Vec<Op>>,
    current: Vec<Op>,
    y: f32,
    bottom: f32,
}

impl<'a> Layout<'a> {
    fn new(fonts: &'a FontSet, certificate: &'a PdfCertificate) -> Self {
        Self {
            fonts,
            certificate,
            rtl: fonts::is_rtl_language(&certificate.language),
            pages: Vec::new(),
            current: Vec::new(),
            y: MARGIN,
            bottom: PAGE_HEIGHT - MARGIN,
        }
    }

    fn style(&self, weight: Weight, size: f32) -> Style<'a> {
        Style {
            language: &self.certificate.language,
            rtl: self.rtl,
            weight,
            size,
        }
    }

    fn wrap(&self, text: &str, width: f32, weight: Weight, size: f32) -> Vec<ShapedLine> {
        text::wrap(self.fonts, text, width, self.style(weight, size))
    }

    /// Physical left edge of a box `width` wide that starts `logical_x` from the start edge.
    fn physical_x(&self, logical_x: f32, width: f32) -> f32 {
        if self.rtl {
            MARGIN + CONTENT_WIDTH - logical_x - width
        } else {
            MARGIN + logical_x
        }
    }

    fn ensure_room(&mut self, height: f32) {
        if self.y + height > self.bottom && !self.current.is_empty() {
            self.pages.push(std::mem::take(&mut self.current));
            self.y = MARGIN;
        }
    }

    /// Emits wrapped lines inside the box [`logical_x`, `logical_x + width`] from `top`;
    /// returns the height used.
    fn lines(
        &mut self,
        lines: Vec<ShapedLine>,
        logical_x: f32,
        width: f32,
        top: f32,
        align: Align,
        color: Rgb,
    ) -> f32 {
        let mut height = 0.0;
        for line in lines {
            let size = line.size;
            let line_width = line.width();
            let offset = match align {
                Align::Start => 0.0,
                Align::Center => ((width - line_width) / 2.0).max(0.0),
            };
            let x = self.physical_x(logical_x + offset, line_width);
            self.current.push(Op::Text {
                line,
                x,
                baseline: top + height + size * ASCENT,
                color,
            });
            height += size * LEADING;
        }
        height
    }

    fn rule(&mut self, height: f32, color: Rgb) {
        self.current.push(Op::Rect {
            x: MARGIN,
            y: self.y,
            width: CONTENT_WIDTH,
            height,
            color,
        });
    }

    fn run(mut self, matrices: Vec<Matrix>) -> Vec<Vec<Op>> {
        let footer = self.wrap(
            &self.certificate.footer,
            CONTENT_WIDTH,
            Weight::Regular,
            FOOTER_SIZE,
        );
        let footer_height = footer.len() as f32 * FOOTER_SIZE * LEADING;
        self.bottom = PAGE_HEIGHT - MARGIN - footer_height - 12.0;

        self.header();
        self.table();
        self.qr_codes(matrices);

        if !self.current.is_empty() || self.pages.is_empty() {
            self.pages.push(std::mem::take(&mut self.current));
        }
        // The footer goes on every page; shaped once, copied per page.
        let footer_top = PAGE_HEIGHT - MARGIN - footer_height;
        let mut pages = std::mem::take(&mut self.pages);
        for page in &mut pages {
            self.current = Vec::new();
            let copy = footer.clone();
            self.lines(copy, 0.0, CONTENT_WIDTH, footer_top, Align::Center, GREY);
            page.append(&mut self.current);
        }
        pages
    }

    fn header(&mut self) {
        let title = self.wrap(
            &self.certificate.title,
            CONTENT_WIDTH,
            Weight::Bold,
            TITLE_SIZE,
        );
        let height = self.lines(title, 0.0, CONTENT_WIDTH, self.y, Align::Start, BLACK);
        self.y += height;
        if let Some(subtitle) = &self.certificate.subtitle {
            let lines = self.wrap(subtitle, CONTENT_WIDTH, Weight::Regular, SUBTITLE_SIZE);
            let height = self.lines(lines, 0.0, CONTENT_WIDTH, self.y, Align::Start, GREY);
            self.y += height;
        }
        self.y += 6.0;
        self.rule(1.2, RULE);
        self.y += 10.0;
    }

    fn table(&mut self) {
        let label_width = CONTENT_WIDTH * LABEL_SHARE;
        let value_x = label_width + COLUMN_GAP;
        let value_width = CONTENT_WIDTH - value_x;
        let rows = &self.certificate.rows;
        for (label, value) in rows {
            let labels = self.wrap(label, label_width, Weight::Regular, LABEL_SIZE);
            let values = self.wrap(value, value_width, Weight::Regular, VALUE_SIZE);
            let label_height = labels.len() as f32 * LABEL_SIZE * LEADING;
            let value_height = values.len() as f32 * VALUE_SIZE * LEADING;
            let height = label_height.max(value_height) + 2.0 * ROW_PADDING;
            self.ensure_room(height);
            let top = self.y + ROW_PADDING;
            // Share the first baseline: the smaller label text sits lower in its line.
            let label_drop = (VALUE_SIZE - LABEL_SIZE) * ASCENT;
            self.lines(
                labels,
                0.0,
                label_width,
                top + label_drop,
                Align::Start,
                GREY,
            );
            self.lines(values, value_x, value_width, top, Align::Start, BLACK);
            self.y += height;
            self.rule(0.5, SEPARATOR);
            self.y += 0.5;
        }
    }

    fn qr_codes(&mut self, matrices: Vec<Matrix>) {
        if matrices.is_empty() {
            return;
        }
        self.y += QR_GAP;
        let per_row = matrices.len().min(2);
        let cell_width = (CONTENT_WIDTH - QR_GAP * (per_row as f32 - 1.0)) / per_row as f32;
        let captions: Vec<Option<String>> = self
            .certificate
            .qr_codes
            .iter()
            .map(|q| q.caption.clone())
            .collect();

        let mut matrices = matrices.into_iter().zip(captions).peekable();
        while matrices.peek().is_some() {
            let row: Vec<(Matrix, Option<String>)> = matrices.by_ref().take(per_row).collect();
            // Large codes grow past the usual side so that a module stays big enough to scan.
            let modules = row
                .iter()
                .map(|(m, _)| m.width + 2 * QR_QUIET_MODULES)
                .max()
                .unwrap_or(0);
            let side = cell_width.min(QR_SIDE.max(modules as f32 * QR_MIN_MODULE));
            let captions: Vec<Vec<ShapedLine>> = row
                .iter()
                .map(|(_, caption)| match caption {
                    Some(text) => self.wrap(text, side, Weight::Regular, CAPTION_SIZE),
                    None => Vec::new(),
                })
                .collect();
            let caption_height = captions
                .iter()
                .map(|c| c.len() as f32 * CAPTION_SIZE * LEADING)
                .fold(0.0, f32::max);
            self.ensure_room(side + caption_height);
            // Centre the row of codes in the content box.
            let row_width = row.len() as f32 * side + (row.len() as f32 - 1.0) * QR_GAP;
            let start = (CONTENT_WIDTH - row_width) / 2.0;
            for (i, ((matrix, _), caption)) in row.into_iter().zip(captions).enumerate() {
                let logical_x = start + i as f32 * (side + QR_GAP);
                let modules = matrix.width + 2 * QR_QUIET_MODULES;
                let module = side / modules as f32;
                let quiet = QR_QUIET_MODULES as f32 * module;
                let x = self.physical_x(logical_x, side) + quiet;
                let y = self.y + quiet;
                self.current.push(Op::Qr {
                    matrix,
                    x,
                    y,
                    module,
                });
                let top = self.y + side;
                self.lines(caption, logical_x, side, top, Align::Center, GREY);
            }
            self.y += side + caption_height + QR_GAP / 2.0;
        }
    }
}
