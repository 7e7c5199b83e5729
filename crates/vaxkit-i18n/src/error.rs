//! Errors of loading locales: every one names the file (and, for syntax, the line and column) so a
//! profile author can fix it without reading code.

use std::fmt;
use std::io;
use std::path::PathBuf;

/// Why locales could not be loaded or checked.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum I18nError {
    /// The profile named no language at all.
    #[error("no language given: a profile must name at least one language")]
    NoLanguages,
    /// A language is not a well-formed BCP 47 tag (such as `hi` or `es-MX`).
    #[error("\"{0}\" is not a valid language tag (expected something like \"hi\" or \"es-MX\")")]
    InvalidLanguage(String),
    /// A language has no `.ftl` file, neither shipped nor in the profile.
    #[error(
        "language \"{language}\" has no locale: add locales/{language}/*.ftl to the profile \
         (languages with a locale: {})",
        available.join(", ")
    )]
    UnknownLanguage {
        /// The language asked for.
        language: String,
        /// Languages that do have a locale.
        available: Vec<String>,
    },
    /// A locale file or folder could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: io::Error,
    },
    /// Locale files with syntax errors or bytes that are not UTF-8, all of them at once.
    #[error("{}", FileErrors(.0))]
    Parse(Vec<FileError>),
    /// The same message or term is defined twice in one language's files (shipped or profile).
    #[error("{}: \"{id}\" is already defined in {}", file.display(), first.display())]
    Duplicate {
        /// The file with the second definition.
        file: PathBuf,
        /// The message id (terms start with `-`).
        id: String,
        /// The file with the first definition.
        first: PathBuf,
    },
}

/// One problem at a place in a locale file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    /// The file, as `locales/<lang>/<name>.ftl` for shipped files or a path inside the profile.
    pub file: PathBuf,
    /// Line, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file.display(),
            self.line,
            self.column,
            self.message
        )
    }
}

/// Displays a list of file errors one per line.
struct FileErrors<'a>(&'a [FileError]);

impl fmt::Display for FileErrors<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, error) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{error}")?;
        }
        Ok(())
    }
}
