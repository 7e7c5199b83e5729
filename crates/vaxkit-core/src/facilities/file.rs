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
    // Where each line starts, in bytes of the file as given (the reader's positions count
    // those bytes, whatever their encoding), found once: a large file is read in linear time.
    let starts: Vec<usize> = std::iter::once(0)
        .chain(
            bytes
                .iter()
                .enumerate()
                .filter(|(_, b)| **b == b'\n')
                .map(|(i, _)| i + 1),
        )
        .collect();
    let holds_no_record = |index: usize| {
        let start = starts.get(index).copied().unwrap_or(bytes.len());
        let end = starts.get(index + 1).copied().unwrap_or(bytes.len());
        let line = bytes.get(start..end).unwrap_or_default().trim_ascii();
        start < bytes.len() && (line.is_empty() || line.starts_with(b"#"))
    };
    let line_of = |byte: u64| {
        let end = usize::try_from(byte).unwrap_or(usize::MAX).min(bytes.len());
        // The reader's byte offset may sit on the previous line's end or on a comment.
        let mut index = starts.partition_point(|&s| s <= end).saturating_sub(1);
        while holds_no_record(index) {
            index += 1;
        }
        index as u64 + 1
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

    #[test]
    fn rows_after_bytes_that_are_not_utf8_keep_their_lines() {
        let mut file = b"code,name,address,region,postal_code,latitude,longitude\n".to_vec();
        file.extend_from_slice(b"# a comment\n\nA1,Clinic \xff\xfe\xfd,Road,R,10001,,\n");
        file.extend_from_slice(b"A2,Clinic,Road,R,10001,north,\r\n");
        let rows = read(&file).unwrap();
        let lines: Vec<u64> = rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![4, 5]);
        assert!(matches!(rows[0].facility, Err(RowProblem::Unreadable(_))));
        assert_eq!(
            rows[1].facility.as_ref().unwrap_err(),
            &RowProblem::NotANumber("north".into())
        );
    }

    #[test]
    fn every_row_of_a_large_file_has_its_line() {
        // Line numbers come from one index of line starts, not from re-reading the file for
        // every row (which made a national file's import quadratic in its size).
        let rows = 20_000;
        let mut file = "code,name,address,region,postal_code,latitude,longitude\n".to_string();
        for i in 0..rows {
            file.push_str(&format!("F{i},Clinic {i},Road {i},R,10001,25.2,55.3\n"));
        }
        let read = read(file.as_bytes()).unwrap();
        assert_eq!(read.len(), rows);
        assert!(read.iter().enumerate().all(|(i, r)| r.line == i as u64 + 2));
    }
}
