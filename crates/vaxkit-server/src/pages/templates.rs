//! The page templates and static files: built into the binary, each overridable by a file of
//! the same name in the profile's `templates/` or `static/` folder, so a country changes its
//! pages without a code change or a rebuild.
//!
//! Templates are minijinja (Jinja syntax, compiled when first used, HTML-escaped by default). A
//! template formats every text with `t("message-id", name=value, ...)`, which looks the message
//! up with Fluent in the page's language (the `lang` of the template's context).

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use include_dir::{Dir, include_dir};
use minijinja::value::{Kwargs, Value as JinjaValue};
use minijinja::{Environment, State};
use vaxkit_core::Core;
use vaxkit_i18n::FluentValue;

/// The shipped templates.
static TEMPLATES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/templates");
/// The shipped static files (style sheet, scripts, icons).
static STATIC: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/static");

/// The template environment and the profile's override folders.
pub struct Templates {
    env: Environment<'static>,
    static_dir: PathBuf,
}

impl std::fmt::Debug for Templates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Templates")
            .field("static_dir", &self.static_dir)
            .finish_non_exhaustive()
    }
}

/// A relative path with only plain components (no `..`, no root), or nothing.
pub fn safe_relative(name: &str) -> Option<PathBuf> {
    let path = Path::new(name);
    if name.is_empty() || !path.components().all(|c| matches!(c, Component::Normal(_))) {
        return None;
    }
    Some(path.to_path_buf())
}

impl Templates {
    /// Templates for the core's profile: `<profile>/templates/<name>` first, then the shipped one.
    pub fn new(core: Arc<Core>) -> Self {
        let template_dir = core.profile.dir.join("templates");
        let static_dir = core.profile.dir.join("static");
        let mut env = Environment::new();
        env.set_loader(move |name| {
            let Some(relative) = safe_relative(name) else {
                return Ok(None);
            };
            let own = template_dir.join(&relative);
            if own.is_file() {
                return std::fs::read_to_string(&own).map(Some).map_err(|e| {
                    minijinja::Error::new(
                        minijinja::ErrorKind::InvalidOperation,
                        format!("{}: {e}", own.display()),
                    )
                });
            }
            Ok(TEMPLATES
                .get_file(&relative)
                .and_then(|f| f.contents_utf8())
                .map(str::to_owned))
        });
        env.set_formatter(escape_text);
        let locales_core = Arc::clone(&core);
        env.add_function(
            "t",
            move |state: &State<'_, '_>, id: String, kwargs: Kwargs| -> String {
                let lang = state
                    .lookup("lang")
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_else(|| vaxkit_i18n::BASE_LANGUAGE.to_owned());
                let mut owned: Vec<(String, JinjaValue)> = Vec::new();
                for key in kwargs.args() {
                    if let Ok(value) = kwargs.get::<JinjaValue>(key) {
                        owned.push((key.to_owned(), value));
                    }
                }
                let args: Vec<(&str, FluentValue<'_>)> = owned
                    .iter()
                    .map(|(k, v)| (k.as_str(), fluent_value(v)))
                    .collect();
                locales_core.locales.message(&lang, &id, &args)
            },
        );
        Self { env, static_dir }
    }

    /// Renders a template with its context.
    pub fn render(&self, name: &str, ctx: JinjaValue) -> Result<String, minijinja::Error> {
        self.env.get_template(name)?.render(ctx)
    }

    /// A static file by its path under `/static/`: the profile's own, else the shipped one.
    pub fn static_file(&self, name: &str) -> Option<Vec<u8>> {
        let relative = safe_relative(name)?;
        let own = self.static_dir.join(&relative);
        if own.is_file() {
            return std::fs::read(own).ok();
        }
        STATIC.get_file(&relative).map(|f| f.contents().to_vec())
    }
}

/// Writes a value into a page: text is HTML-escaped (`& < > " '`, which is all HTML needs in
/// text and quoted attributes; minijinja's default also escapes `/`, which only makes pages
/// longer), everything else as minijinja writes it.
fn escape_text(
    out: &mut minijinja::Output<'_>,
    state: &State<'_, '_>,
    value: &JinjaValue,
) -> Result<(), minijinja::Error> {
    let html = matches!(state.auto_escape(), minijinja::AutoEscape::Html);
    match value.as_str() {
        Some(text) if html && !value.is_safe() => {
            let mut escaped = String::with_capacity(text.len());
            for c in text.chars() {
                match c {
                    '&' => escaped.push_str("&amp;"),
                    '<' => escaped.push_str("&lt;"),
                    '>' => escaped.push_str("&gt;"),
                    '"' => escaped.push_str("&quot;"),
                    '\'' => escaped.push_str("&#39;"),
                    other => escaped.push(other),
                }
            }
            out.write_str(&escaped).map_err(|_| {
                minijinja::Error::new(minijinja::ErrorKind::WriteFailure, "writing a page")
            })
        }
        _ => minijinja::escape_formatter(out, state, value),
    }
}

/// A template value as a Fluent argument: numbers stay numbers (plural rules select on them).
fn fluent_value(value: &JinjaValue) -> FluentValue<'static> {
    if let Ok(n) = i64::try_from(value.clone()) {
        return FluentValue::from(n);
    }
    FluentValue::from(value.to_string())
}

/// The content type of a static file, from its extension.
pub fn content_type(name: &str) -> &'static str {
    match Path::new(name).extension().and_then(|e| e.to_str()) {
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("ico") => "image/x-icon",
        Some("webmanifest" | "json") => "application/json",
        Some("woff2") => "font/woff2",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_relative_paths() {
        assert!(safe_relative("base.html").is_some());
        assert!(safe_relative("a/b.css").is_some());
        assert!(safe_relative("../profile.toml").is_none());
        assert!(safe_relative("/etc/passwd").is_none());
        assert!(safe_relative("a/../../x").is_none());
        assert!(safe_relative("").is_none());
    }
}
