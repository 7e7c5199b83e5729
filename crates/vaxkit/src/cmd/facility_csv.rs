//! Reading a facilities CSV file into rows, without touching a database: kept apart from
//! `vaxkit import` so the parser can be fuzzed on its own (see `fuzz/`).

use vaxkit_core::facilities::FacilityInput;

/// The columns of a facilities file, in order.
pub const FACILITY_COLUMNS: [&str; 7] = [
    "code",
    "name",
    "address",
    "region",
    "postal_code",
    "latitude",
    "longitude",
];

/// A row of the file: its line, and the facility or why it cannot be read.
pub type Row = (u64, Result<FacilityInput, String>);

/// The rows of the file with their line numbers; a row that cannot be read is kept as
/// its reason, so every problem is reported with its line.
pub fn parse(bytes: &[u8]) -> Result<Vec<Row>, String> {
    let mut reader = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .flexible(true)
        .from_reader(bytes);
    let header = reader.headers().map_err(|e| e.to_string())?.clone();
    if header
        .iter()
        .map(str::trim)
        .ne(FACILITY_COLUMNS.iter().copied())
    {
        return Err(format!(
            "the first row must be `{}`",
            FACILITY_COLUMNS.join(",")
        ));
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
        match record {
            Err(e) => {
                let line = e.position().map_or(0, |p| line_of(p.byte()));
                rows.push((line, Err(format!("cannot be read: {e}"))));
            }
            Ok(r) => {
                let line = r.position().map_or(0, |p| line_of(p.byte()));
                if r.len() != FACILITY_COLUMNS.len() {
                    rows.push((
                        line,
                        Err(format!(
                            "has {} fields, the header has {}",
                            r.len(),
                            FACILITY_COLUMNS.len()
                        )),
                    ));
                    continue;
                }
                let field = |i: usize| r.get(i).unwrap_or("").trim().to_string();
                let number = |i: usize| -> Result<Option<f64>, String> {
                    let v = field(i);
                    if v.is_empty() {
                        Ok(None)
                    } else {
                        v.parse::<f64>()
                            .map(Some)
                            .map_err(|_| format!("`{v}` is not a number"))
                    }
                };
                let row = (|| {
                    Ok(FacilityInput {
                        code: field(0),
                        name: field(1),
                        address: field(2),
                        region: field(3),
                        postal_code: Some(field(4)).filter(|p| !p.is_empty()),
                        latitude: number(5)?,
                        longitude: number(6)?,
                    })
                })();
                rows.push((line, row));
            }
        }
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "code,name,address,region,postal_code,latitude,longitude\n";

    fn lines(rows: &[Row]) -> Vec<u64> {
        rows.iter().map(|(line, _)| *line).collect()
    }

    #[test]
    fn rows_carry_their_line_past_comments_blank_lines_and_bad_bytes() {
        let mut file = HEADER.as_bytes().to_vec();
        file.extend_from_slice(b"# a comment\n\nA1,Clinic \xff\xfe\xfd,Road,XX-N-01,10001,,\n");
        file.extend_from_slice(b"A2,Clinic,Road,XX-N-01,10001,north,\r\n");
        let rows = parse(&file).unwrap();
        assert_eq!(lines(&rows), vec![4, 5]);
        // The row with bad bytes is refused on its own line; the next keeps its line.
        assert!(rows[0].1.is_err());
        assert_eq!(rows[1].1.as_ref().unwrap_err(), "`north` is not a number");
    }

    #[test]
    fn a_large_file_is_read_in_linear_time() {
        let rows = 60_000;
        let mut file = HEADER.to_string();
        for i in 0..rows {
            file.push_str(&format!(
                "F{i},Clinic {i},Road {i},XX-N-01,10001,25.2,55.3\n"
            ));
        }
        let started = std::time::Instant::now();
        let parsed = parse(file.as_bytes()).unwrap();
        let took = started.elapsed();
        assert_eq!(parsed.len(), rows);
        assert_eq!(parsed.last().unwrap().0, rows as u64 + 1);
        // Reading every line anew for each row made this quadratic in the file's size.
        assert!(took < std::time::Duration::from_secs(15), "{took:?}");
    }
}
