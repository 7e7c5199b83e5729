//! Finding, reading and parsing `.ftl` files: the shipped ones embedded at build time, then the
//! profile's own, merged so that a profile message replaces the shipped one with the same id.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use fluent_bundle::FluentResource;
use fluent_syntax::ast;
use include_dir::{Dir, include_dir};

use crate::error::{FileError, I18nError};

/// The repository's `locales/` folder, compiled in (build.rs reruns when it changes).
static SHIPPED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/../../locales");

/// One parsed `.ftl` file.
pub(crate) struct FtlFile {
    /// Shown in errors and gaps: `locales/<lang>/<name>.ftl` or a path inside the profile.
    pub path: PathBuf,
    /// Shared by the isolating and the plain bundle.
    pub resource: Arc<FluentResource>,
    /// Whether the file comes from the profile (and so overrides shipped messages).
    pub from_profile: bool,
}

/// All files of one language: shipped files first, then the profile's, each group sorted by name.
pub(crate) struct LocaleSource {
    /// The language (the folder name).
    pub language: String,
    /// The files, in the order their messages are merged.
    pub files: Vec<FtlFile>,
}

/// Where a merged message comes from.
pub(crate) struct Located<'a> {
    /// Index into [`LocaleSource::files`].
    pub file: usize,
    /// The message as written.
    pub message: &'a ast::Message<&'a str>,
}

/// The messages and terms of one language after profile overrides, in first-definition order.
pub(crate) struct Merged<'a> {
    /// Message ids in order.
    pub order: Vec<&'a str>,
    /// Message id to its winning definition.
    pub messages: HashMap<&'a str, Located<'a>>,
    /// Term ids (without the leading `-`).
    pub terms: HashMap<&'a str, usize>,
}

/// Languages with at least one `.ftl` file, shipped or in the profile, sorted and without repeats.
pub(crate) fn available_languages(profile_dir: Option<&Path>) -> Vec<String> {
    let mut languages: Vec<String> = SHIPPED
        .dirs()
        .filter(|dir| dir.files().any(|file| is_ftl(file.path())))
        .filter_map(|dir| file_name(dir.path()))
        .collect();
    if let Some(profile) = profile_dir
        && let Ok(entries) = fs::read_dir(profile.join("locales"))
    {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir()
                && fs::read_dir(&path)
                    .map(|files| files.flatten().any(|file| is_ftl(&file.path())))
                    .unwrap_or(false)
                && let Some(name) = file_name(&path)
            {
                languages.push(name);
            }
        }
    }
    languages.sort();
    languages.dedup();
    languages
}

/// Reads and parses the files of each language; all syntax errors are reported together.
pub(crate) fn load_sources(
    profile_dir: Option<&Path>,
    languages: &[&str],
) -> Result<Vec<LocaleSource>, I18nError> {
    let mut sources = Vec::with_capacity(languages.len());
    let mut errors = Vec::new();
    for &language in languages {
        // A tag that parses has no `/` or `.`, so it is safe to join to a folder.
        if language.parse::<unic_langid::LanguageIdentifier>().is_err() {
            return Err(I18nError::InvalidLanguage(language.to_owned()));
        }
        let raw = raw_files(profile_dir, language)?;
        if raw.is_empty() {
            return Err(I18nError::UnknownLanguage {
                language: language.to_owned(),
                available: available_languages(profile_dir),
            });
        }
        let mut files = Vec::with_capacity(raw.len());
        for RawFile {
            path,
            bytes,
            from_profile,
        } in raw
        {
            let Some(text) = decode(&path, &bytes, &mut errors) else {
                continue;
            };
            match FluentResource::try_new(text) {
                Ok(resource) => files.push(FtlFile {
                    path,
                    resource: Arc::new(resource),
                    from_profile,
                }),
                Err((resource, parse_errors)) => {
                    let text = resource.source();
                    errors.extend(parse_errors.iter().map(|error| {
                        let (line, column) = line_column(text, error.pos.start);
                        let mut message = error.kind.to_string();
                        // The parser may only notice a mistake (an unclosed `{`) lines later.
                        if let Some(slice) = &error.slice {
                            let (entry_line, _) = line_column(text, slice.start);
                            if entry_line < line {
                                message += &format!(" (in the entry from line {entry_line})");
                            }
                        }
                        FileError {
                            file: path.clone(),
                            line,
                            column,
                            message,
                        }
                    }));
                }
            }
        }
        sources.push(LocaleSource {
            language: language.to_owned(),
            files,
        });
    }
    if errors.is_empty() {
        Ok(sources)
    } else {
        Err(I18nError::Parse(errors))
    }
}

/// Merges one language's files; a repeated id within the shipped or within the profile files is an
/// error, a profile id that repeats a shipped one replaces it.
pub(crate) fn merge(source: &LocaleSource) -> Result<Merged<'_>, I18nError> {
    let mut merged = Merged {
        order: Vec::new(),
        messages: HashMap::new(),
        terms: HashMap::new(),
    };
    // Which file defined each (from profile, is term, id): repeats are errors within a group only.
    let mut seen: HashMap<(bool, bool, &str), usize> = HashMap::new();
    for (index, file) in source.files.iter().enumerate() {
        for entry in file.resource.entries() {
            let (id, is_term) = match entry {
                ast::Entry::Message(message) => (message.id.name, false),
                ast::Entry::Term(term) => (term.id.name, true),
                _ => continue,
            };
            let key = (file.from_profile, is_term, id);
            if let Some(&first) = seen.get(&key) {
                let shown = if is_term {
                    format!("-{id}")
                } else {
                    id.to_owned()
                };
                return Err(duplicate(source, index, first, shown));
            }
            let _ = seen.insert(key, index);
            match entry {
                ast::Entry::Message(message) => {
                    let located = Located {
                        file: index,
                        message,
                    };
                    if merged.messages.insert(id, located).is_none() {
                        merged.order.push(id);
                    }
                }
                _ => {
                    let _ = merged.terms.insert(id, index);
                }
            }
        }
    }
    Ok(merged)
}

/// The error for an id defined in file `second` after file `first`.
fn duplicate(source: &LocaleSource, second: usize, first: usize, id: String) -> I18nError {
    let path = |index: usize| {
        source
            .files
            .get(index)
            .map(|file| file.path.clone())
            .unwrap_or_default()
    };
    I18nError::Duplicate {
        file: path(second),
        id,
        first: path(first),
    }
}

/// A `.ftl` file before decoding.
struct RawFile {
    /// Shown path.
    path: PathBuf,
    /// Contents: borrowed from the binary for shipped files.
    bytes: Cow<'static, [u8]>,
    /// Whether it comes from the profile.
    from_profile: bool,
}

/// The `.ftl` files of one language, shipped first, each group sorted by name.
fn raw_files(profile_dir: Option<&Path>, language: &str) -> Result<Vec<RawFile>, I18nError> {
    let mut files = Vec::new();
    if let Some(dir) = SHIPPED.get_dir(language) {
        let mut shipped: Vec<_> = dir.files().filter(|file| is_ftl(file.path())).collect();
        shipped.sort_by_key(|file| file.path());
        files.extend(shipped.into_iter().map(|file| {
            let path = Path::new("locales").join(file.path());
            RawFile {
                path,
                bytes: Cow::Borrowed(file.contents()),
                from_profile: false,
            }
        }));
    }
    if let Some(profile) = profile_dir {
        let dir = profile.join("locales").join(language);
        if dir.is_dir() {
            let io_error = |source| I18nError::Io {
                path: dir.clone(),
                source,
            };
            let mut paths = Vec::new();
            for entry in fs::read_dir(&dir).map_err(io_error)? {
                let path = entry.map_err(io_error)?.path();
                if is_ftl(&path) && path.is_file() {
                    paths.push(path);
                }
            }
            paths.sort();
            for path in paths {
                let bytes = fs::read(&path).map_err(|source| I18nError::Io {
                    path: path.clone(),
                    source,
                })?;
                files.push(RawFile {
                    path,
                    bytes: Cow::Owned(bytes),
                    from_profile: true,
                });
            }
        }
    }
    Ok(files)
}

/// The file as text, or `None` after recording where its first invalid UTF-8 byte is.
fn decode(path: &Path, bytes: &[u8], errors: &mut Vec<FileError>) -> Option<String> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Some(text.strip_prefix('\u{feff}').unwrap_or(text).to_owned()),
        Err(error) => {
            let valid = bytes.get(..error.valid_up_to()).unwrap_or_default();
            let prefix = String::from_utf8_lossy(valid);
            let (line, column) = line_column(&prefix, prefix.len());
            let bad = bytes.get(error.valid_up_to()).copied().unwrap_or_default();
            errors.push(FileError {
                file: path.to_owned(),
                line,
                column,
                message: format!(
                    "not valid UTF-8 (byte 0x{bad:02x}); locale files must be saved as UTF-8"
                ),
            });
            None
        }
    }
}

/// Line and column (in characters), both from 1, of a byte offset in `text`.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut end = offset.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let before = text.get(..end).unwrap_or_default();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before.matches('\n').count() + 1;
    let column = before.get(line_start..).unwrap_or_default().chars().count() + 1;
    (line, column)
}

/// Whether a path names a Fluent file.
fn is_ftl(path: &Path) -> bool {
    path.extension().is_some_and(|ext| ext == "ftl")
}

/// The last component of a path as a string.
fn file_name(path: &Path) -> Option<String> {
    path.file_name()
        .and_then(|name| name.to_str())
        .map(str::to_owned)
}
