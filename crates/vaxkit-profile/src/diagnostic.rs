//! Diagnostics: what is wrong in a profile, where (file:line:column) and how to fix it.
//!
//! Loading a profile never stops at the first mistake; every problem becomes a
//! [`Diagnostic`] and the whole list is returned, so an integrator fixes a profile in
//! one pass instead of one error per run.

use std::fmt;
use std::path::{Path, PathBuf};

/// One problem found in a profile file, with its position and a hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file the problem is in, as the operator named it.
    pub file: PathBuf,
    /// 1-based line, or 0 when the problem is about the file as a whole.
    pub line: usize,
    /// 1-based column (in characters), or 0 with `line`.
    pub column: usize,
    /// Where in the document: `vaccines[2].intervals[0].min_days`; empty for the whole file.
    pub path: String,
    /// What is wrong.
    pub message: String,
    /// How to fix it, when there is something useful to say.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A problem about a whole file (missing, unreadable).
    pub fn file(file: &Path, message: impl Into<String>) -> Self {
        Self {
            file: file.to_path_buf(),
            line: 0,
            column: 0,
            path: String::new(),
            message: message.into(),
            help: None,
        }
    }

    /// Adds a hint on how to fix the problem.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if self.line > 0 {
            write!(f, ":{}:{}", self.line, self.column)?;
        }
        f.write_str(": ")?;
        if !self.path.is_empty() {
            write!(f, "{}: ", self.path)?;
        }
        f.write_str(&self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// Every problem found while loading a profile; never empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

/// Text of a file with a fast byte-offset to line:column conversion.
#[derive(Debug)]
pub struct SourceText {
    /// The path used in diagnostics.
    pub path: PathBuf,
    /// The whole file, known to be UTF-8.
    pub text: String,
    line_starts: Vec<usize>,
}

impl SourceText {
    /// Reads a file as UTF-8; an unreadable or non-UTF-8 file is a diagnostic naming the line.
    pub fn read(path: &Path) -> Result<Self, Diagnostic> {
        let bytes = std::fs::read(path).map_err(|e| {
            let d = Diagnostic::file(path, format!("cannot read the file: {e}"));
            if e.kind() == std::io::ErrorKind::NotFound {
                d.with_help("check the folder name, or create the file")
            } else {
                d
            }
        })?;
        match String::from_utf8(bytes) {
            Ok(text) => Ok(Self::new(path, text)),
            Err(e) => {
                let good = e.utf8_error().valid_up_to();
                let bytes = e.as_bytes();
                let prefix = bytes.get(..good).unwrap_or_default();
                let line = 1 + prefix.iter().filter(|b| **b == b'\n').count();
                let line_start = prefix
                    .iter()
                    .rposition(|b| *b == b'\n')
                    .map_or(0, |p| p + 1);
                let column = prefix
                    .get(line_start..)
                    .map_or(0, |s| String::from_utf8_lossy(s).chars().count())
                    + 1;
                Err(Diagnostic {
                    file: path.to_path_buf(),
                    line,
                    column,
                    path: String::new(),
                    message: "the file is not valid UTF-8".into(),
                    help: Some("save the file with UTF-8 encoding".into()),
                })
            }
        }
    }

    /// Wraps text already in memory.
    pub fn new(path: &Path, text: String) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Self {
            path: path.to_path_buf(),
            text,
            line_starts,
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset).max(1);
        let start = self.line_starts.get(line - 1).copied().unwrap_or(0);
        let column = self
            .text
            .get(start..offset)
            .map_or(0, |s| s.chars().count())
            + 1;
        (line, column)
    }

    /// The text of a 1-based line, without its line break; empty past the end.
    pub fn line_text(&self, line: usize) -> &str {
        let start = line
            .checked_sub(1)
            .and_then(|i| self.line_starts.get(i))
            .copied()
            .unwrap_or(self.text.len());
        let end = self
            .line_starts
            .get(line)
            .copied()
            .unwrap_or(self.text.len());
        self.text
            .get(start..end)
            .unwrap_or("")
            .trim_end_matches(['\n', '\r'])
    }

    /// A diagnostic at a byte offset of this file.
    pub fn at(&self, offset: usize, path: &str, message: impl Into<String>) -> Diagnostic {
        let (line, column) = self.line_col(offset);
        Diagnostic {
            file: self.path.clone(),
            line,
            column,
            path: path.to_string(),
            message: message.into(),
            help: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let s = SourceText::new(Path::new("p.toml"), "a = 1\nnom = \"é\" x\n".into());
        assert_eq!(s.line_col(0), (1, 1));
        assert_eq!(s.line_col(6), (2, 1));
        let x = s.text.find('x').unwrap();
        assert_eq!(s.line_col(x), (2, 11));
    }

    #[test]
    fn non_utf8_file_names_the_line() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f.toml");
        std::fs::write(&p, b"a = 1\nb = \"\xff\"\n").unwrap();
        let d = SourceText::read(&p).unwrap_err();
        assert_eq!((d.line, d.column), (2, 6));
        assert!(d.to_string().contains("not valid UTF-8"), "{d}");
    }
}
