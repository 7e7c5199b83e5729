//! Facility files: the CSV an operator (`vaxkit import facilities`) or an administrator (the
//! import page) hands in, read row by row with each row's line number, then imported through
//! [`super::import`]. A row that cannot be read or is refused is kept with its line and its
//! reason, so every problem is reported where it is; the other rows are imported.

use chrono::{DateTime, Utc};

use super::{FacilityInput, FacilityProblem, Imported};
use crate::Core;
use crate::actor::Actor;
use crate::error::Result;
use crate::staff::Role;

/// The columns of a facilities file, in order.
pub const COLUMNS: [&str; 7] = [
    "code",
    "name",
    "address",
    "region",
    "postal_code",
    "latitude",
    "longitude",
];

/// Rows imported in one transaction: a large file stays fast without one huge transaction.
pub const CHUNK: usize = 500;

/// Why a facilities file, or one of its rows, is refused.
#[derive(Debug, Clone, PartialEq)]
pub enum RowProblem {
    /// The first row is not [`COLUMNS`] (the whole file is refused).
    Header,
    /// The row is not CSV (bad quoting or encoding); the reader's words.
    Unreadable(String),
    /// The row has `found` fields instead of [`COLUMNS`]'s number.
    FieldCount {
        /// Fields on the row.
        found: usize,
    },
    /// A latitude or longitude that is not a number.
    NotANumber(String),
    /// The facility it describes is refused.
    Facility(FacilityProblem),
}

impl RowProblem {
    /// A short English reason, for the operator's import report.
    pub fn describe(&self) -> String {
        match self {
            Self::Header => format!("the first row must be `{}`", COLUMNS.join(",")),
            Self::Unreadable(detail) => format!("cannot be read: {detail}"),
            Self::FieldCount { found } => {
                format!("has {found} fields, the header has {}", COLUMNS.len())
            }
            Self::NotANumber(value) => format!("`{value}` is not a number"),
            Self::Facility(problem) => problem.describe().to_owned(),
        }
    }
}

/// One row of a file: its line, and the facility or why it cannot be read.
#[derive(Debug, Clone)]
pub struct Row {
    /// The line the row starts on (1 is the header).
    pub line: u64,
    /// The facility, or why the row cannot be read.
    pub facility: std::result::Result<FacilityInput, RowProblem>,
}

/// A refused row.
#[derive(Debug, Clone, PartialEq)]
pub struct Rejection {
    /// The line the row starts on.
    pub line: u64,
    /// Why.
    pub problem: RowProblem,
}

/// What importing a file did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FileReport {
    /// New facilities.
    pub added: usize,
    /// Known codes whose details changed.
    pub updated: usize,
    /// Known codes with the same details.
    pub unchanged: usize,
    /// Refused rows, by line.
    pub rejected: Vec<Rejection>,
}

/// Whether the actor may import facility files: national and region admins (each row then
/// within their scope), and the operator.
pub fn allowed(actor: &Actor) -> Result<()> {
    if !matches!(actor, Actor::Cli) {
        actor.staff(&[Role::NationalAdmin, Role::RegionAdmin])?;
    }
    Ok(())
}

/// The rows of a file with their line numbers (`#` lines are comments); only a wrong header
/// refuses the whole file.
pub fn read(bytes: &[u8]) -> std::result::Result<Vec<Row>, RowProblem> {
    let mut reader = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .flexible(true)
        .from_reader(bytes);
    let header = reader
        .headers()
        .map_err(|e| RowProblem::Unreadable(e.to_string()))?
        .clone();
    if header.iter().map(str::trim).ne(COLUMNS.iter().copied()) {
        return Err(RowProblem::Header);
    }
    let text = String::from_utf8_lossy(bytes);
    let lines: Vec<&str> = text.lines().collect();
    let line_of = |byte: u64| {
        let end = usize::try_from(byte).unwrap_or(usize::MAX).min(text.len());
        // The reader's byte offset may sit on the previous line's end or on a comment.
        let mut line = 1 + text.get(..end).map_or(0, |s| s.matches('\n').count()) as u64;
        while lines
            .get(usize::try_from(line).unwrap_or(0).saturating_sub(1))
            .is_some_and(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
        {
            line += 1;
        }
        line
    };
    let mut rows = Vec::new();
    for record in reader.records() {
        let row = match record {
            Err(e) => Row {
                line: e.position().map_or(0, |p| line_of(p.byte())),
                facility: Err(RowProblem::Unreadable(e.to_string())),
            },
            Ok(r) => Row {
                line: r.position().map_or(0, |p| line_of(p.byte())),
                facility: facility(&r),
            },
        };
        rows.push(row);
    }
    Ok(rows)
}

/// The facility a record describes, its fields trimmed (checked later, on import).
fn facility(r: &csv::StringRecord) -> std::result::Result<FacilityInput, RowProblem> {
    if r.len() != COLUMNS.len() {
        return Err(RowProblem::FieldCount { found: r.len() });
    }
    let field = |i: usize| r.get(i).unwrap_or("").trim().to_owned();
    let number = |i: usize| {
        let v = field(i);
        if v.is_empty() {
            Ok(None)
        } else {
            v.parse::<f64>()
                .map(Some)
                .map_err(|_| RowProblem::NotANumber(v))
        }
    };
    Ok(FacilityInput {
        code: field(0),
        name: field(1),
        address: field(2),
        region: field(3),
        postal_code: Some(field(4)).filter(|p| !p.is_empty()),
        latitude: number(5)?,
        longitude: number(6)?,
    })
}

/// Imports the rows [`read`] gave, [`CHUNK`] rows to a transaction: the readable ones through
/// [`super::import`] (checked like a new facility, within the actor's scope), the others
/// rejected with their reason. `progress` hears how many rows each chunk held.
pub fn import(
    core: &Core,
    actor: &Actor,
    rows: &[Row],
    now: DateTime<Utc>,
    mut progress: impl FnMut(usize),
) -> Result<FileReport> {
    let mut report = FileReport::default();
    for chunk in rows.chunks(CHUNK) {
        let mut readable = Vec::new();
        for row in chunk {
            match &row.facility {
                Ok(input) => readable.push((row.line, input.clone())),
                Err(problem) => report.rejected.push(Rejection {
                    line: row.line,
                    problem: problem.clone(),
                }),
            }
        }
        let inputs: Vec<FacilityInput> = readable.iter().map(|(_, i)| i.clone()).collect();
        let outcomes = super::import(core, actor, &inputs, now)?;
        for ((line, _), outcome) in readable.iter().zip(outcomes) {
            match outcome {
                Ok(Imported::Added) => report.added += 1,
                Ok(Imported::Updated) => report.updated += 1,
                Ok(Imported::Unchanged) => report.unchanged += 1,
                Err(problem) => report.rejected.push(Rejection {
                    line: *line,
                    problem: RowProblem::Facility(problem),
                }),
            }
        }
        progress(chunk.len());
    }
    report.rejected.sort_by_key(|r| r.line);
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<(u64, Option<RowProblem>)> {
        read(text.as_bytes())
            .unwrap()
            .into_iter()
            .map(|r| (r.line, r.facility.err()))
            .collect()
    }

    #[test]
    fn rows_keep_their_lines_past_comments_and_quoted_newlines() {
        let text = concat!(
            "code,name,address,region,postal_code,latitude,longitude\n",
            "# a comment\n",
            "A1,\"Two\nlines\",Road,R,,,\n",
            "\n",
            "A2,Clinic,Road,R,,north,\n",
            "A3,Clinic\n",
        );
        assert_eq!(
            problems(text),
            vec![
                (3, None),
                (6, Some(RowProblem::NotANumber("north".into()))),
                (7, Some(RowProblem::FieldCount { found: 2 })),
            ]
        );
    }

    #[test]
    fn a_wrong_header_refuses_the_file() {
        assert_eq!(read(b"code;name\n").unwrap_err(), RowProblem::Header);
        assert!(RowProblem::Header.describe().contains("code,name,address"));
    }
}
