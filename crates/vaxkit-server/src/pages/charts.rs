//! Charts drawn on the server as inline SVG: no script, a few hundred bytes, readable by screen
//! readers (a title, and the same figures in a table beside each chart).

use std::fmt::Write as _;

use vaxkit_core::reports::NamedCount;

/// Escapes text for SVG.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Columns, one per item (e.g. doses per day), scaled to the largest.
pub fn columns(items: &[NamedCount], title: &str) -> String {
    let (width, height) = (320.0_f64, 120.0_f64);
    let max = items.iter().map(|i| i.count).max().unwrap_or(0).max(1);
    let n = items.len().max(1);
    #[allow(clippy::cast_precision_loss)]
    let step = width / n as f64;
    let mut svg = format!(
        r##"<svg class="chart" viewBox="0 0 {width} {h}" role="img" aria-label="{t}" xmlns="http://www.w3.org/2000/svg"><title>{t}</title><line x1="0" y1="{height}" x2="{width}" y2="{height}" stroke="#595959"/>"##,
        h = height + 2.0,
        t = escape(title)
    );
    for (i, item) in items.iter().enumerate() {
        #[allow(clippy::cast_precision_loss)]
        let bar = height * item.count as f64 / max as f64;
        #[allow(clippy::cast_precision_loss)]
        let x = step * i as f64 + step * 0.1;
        let _ = write!(
            svg,
            r#"<rect x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{bar:.1}" fill="currentColor"><title>{name}: {count}</title></rect>"#,
            y = height - bar,
            w = step * 0.8,
            name = escape(&item.name),
            count = item.count
        );
    }
    svg.push_str("</svg>");
    svg
}

/// Horizontal bars with their names and counts (e.g. doses per region).
pub fn bars(items: &[NamedCount], title: &str) -> String {
    let row = 28.0_f64;
    let width = 320.0_f64;
    let label = 120.0_f64;
    let max = items.iter().map(|i| i.count).max().unwrap_or(0).max(1);
    #[allow(clippy::cast_precision_loss)]
    let height = row * items.len().max(1) as f64;
    let mut svg = format!(
        r#"<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{t}" xmlns="http://www.w3.org/2000/svg"><title>{t}</title>"#,
        t = escape(title)
    );
    for (i, item) in items.iter().enumerate() {
        #[allow(clippy::cast_precision_loss)]
        let y = row * i as f64;
        #[allow(clippy::cast_precision_loss)]
        let bar = (width - label - 50.0) * item.count as f64 / max as f64;
        let name: String = item.name.chars().take(16).collect();
        let _ = write!(
            svg,
            r#"<text x="0" y="{ty:.1}" font-size="12" fill="currentColor">{name}</text><rect x="{label}" y="{ry:.1}" width="{bar:.1}" height="{h:.1}" fill="currentColor"/><text x="{cx:.1}" y="{ty:.1}" font-size="12" fill="currentColor">{count}</text>"#,
            ty = y + row * 0.65,
            ry = y + row * 0.2,
            h = row * 0.6,
            cx = label + bar + 4.0,
            name = escape(&name),
            count = item.count
        );
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(name: &str, count: i64) -> NamedCount {
        NamedCount {
            key: name.into(),
            name: name.into(),
            count,
        }
    }

    #[test]
    fn bars_scale_to_the_largest_and_escape_names() {
        let svg = bars(&[item("A & B", 10), item("C", 5)], "Doses <by> region");
        assert!(svg.contains("A &amp; B"));
        assert!(svg.contains("<title>Doses &lt;by&gt; region</title>"));
        assert!(svg.contains(r#"width="150.0""#), "{svg}");
        assert!(svg.contains(r#"width="75.0""#), "{svg}");
        let empty = columns(&[], "none");
        assert!(empty.starts_with("<svg") && empty.ends_with("</svg>"));
    }
}
