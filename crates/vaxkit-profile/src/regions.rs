//! The region tree from a profile's `regions.csv` (states, districts, counties...).
//!
//! Format: a header `code,name,level,parent,population`, then optionally a name column per
//! language (`name:hi`, `name:ar`, ...), one row per region, `#` lines are comments. Top-level regions have an empty parent; every other region names a
//! parent one level up. Population (optional) feeds coverage figures.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use crate::diagnostic::{Diagnostic, SourceText};

/// One administrative region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region {
    /// Unique code, e.g. `IN-MH`.
    pub code: String,
    /// Name in the country's usual spelling.
    pub name: String,
    /// Index into the profile's level names (0 = top).
    pub level: usize,
    /// Code of the parent region; `None` at the top level.
    pub parent: Option<String>,
    /// Population, when known.
    pub population: Option<u64>,
    /// The name in other languages, by language tag (the `name:<tag>` columns that are filled).
    pub names: BTreeMap<String, String>,
}

impl Region {
    /// The region's name in `lang`, or its usual name where the file gives none in that language.
    pub fn name_in(&self, lang: &str) -> &str {
        self.names.get(lang).map_or(&self.name, String::as_str)
    }
}

/// All regions of a profile, with look-ups.
#[derive(Debug, Clone, Default)]
pub struct Regions {
    /// Level names from the top down.
    pub levels: Vec<String>,
    /// Regions in file order.
    pub list: Vec<Region>,
    by_code: HashMap<String, usize>,
}

const HEADER: [&str; 5] = ["code", "name", "level", "parent", "population"];

impl Regions {
    /// The region with this code.
    pub fn get(&self, code: &str) -> Option<&Region> {
        self.by_code.get(code).and_then(|&i| self.list.get(i))
    }

    /// The direct children of a region, or the top-level regions for `None`.
    pub fn children<'a>(&'a self, parent: Option<&'a str>) -> impl Iterator<Item = &'a Region> {
        self.list
            .iter()
            .filter(move |r| r.parent.as_deref() == parent)
    }

    /// Number of regions at each level, top first.
    pub fn count_per_level(&self) -> Vec<(String, usize)> {
        self.levels
            .iter()
            .enumerate()
            .map(|(i, name)| {
                (
                    name.clone(),
                    self.list.iter().filter(|r| r.level == i).count(),
                )
            })
            .collect()
    }

    /// Whether `code` is `ancestor` or lies under it.
    pub fn is_within(&self, code: &str, ancestor: &str) -> bool {
        let mut current = self.get(code);
        while let Some(r) = current {
            if r.code == ancestor {
                return true;
            }
            current = r.parent.as_deref().and_then(|p| self.get(p));
        }
        false
    }

    /// Reads and checks a regions file; every problem is returned with its line. `languages`
    /// are the profile's: a `name:<tag>` column must name one of them.
    pub fn load(
        path: &Path,
        levels: &[String],
        languages: &[String],
    ) -> Result<Regions, Vec<Diagnostic>> {
        let source = SourceText::read(path).map_err(|d| vec![d])?;
        Self::parse(&source, levels, languages)
    }

    /// Parses and checks regions from text already read.
    pub fn parse(
        source: &SourceText,
        levels: &[String],
        languages: &[String],
    ) -> Result<Regions, Vec<Diagnostic>> {
        let mut errors = Vec::new();
        let at_line = |line: u64, message: String| Diagnostic {
            file: source.path.clone(),
            line: line as usize,
            column: 1,
            path: String::new(),
            message,
            help: None,
        };
        let mut reader = csv::ReaderBuilder::new()
            .comment(Some(b'#'))
            .has_headers(true)
            .from_reader(source.text.as_bytes());
        let mut name_columns: Vec<(usize, String)> = Vec::new();
        match reader.headers() {
            Ok(h) => {
                let line = h.position().map_or(1, |p| record_line(source, p.byte()));
                for (i, column) in h.iter().map(str::trim).enumerate().skip(HEADER.len()) {
                    match column.strip_prefix("name:") {
                        Some(tag) if languages.iter().any(|l| l == tag) => {
                            name_columns.push((i, tag.to_string()));
                        }
                        Some(tag) => errors.push(
                            at_line(line, format!("column `{column}`: `{tag}` is not one of the profile's languages"))
                                .with_help(format!("name columns are `name:` and one of: {}", languages.join(", "))),
                        ),
                        None => errors.push(
                            at_line(line, format!("unknown column `{column}`"))
                                .with_help("after the first five columns only `name:<language>` columns may follow, e.g. `name:hi`"),
                        ),
                    }
                }
                if h.iter()
                    .map(str::trim)
                    .take(HEADER.len())
                    .ne(HEADER.iter().copied())
                {
                    let line = h.position().map_or(1, |p| record_line(source, p.byte()));
                    errors.push(
                        at_line(
                            line,
                            format!("the header is `{}`", h.iter().collect::<Vec<_>>().join(",")),
                        )
                        .with_help(format!(
                            "the first row must start `{}` (then `name:<language>` columns if any)",
                            HEADER.join(",")
                        )),
                    );
                    return Err(errors);
                }
            }
            Err(e) => return Err(vec![csv_error(source, e)]),
        }

        let mut regions = Regions {
            levels: levels.to_vec(),
            ..Regions::default()
        };
        let mut lines = Vec::new();
        for record in reader.records() {
            let record = match record {
                Ok(r) => r,
                Err(e) => {
                    errors.push(csv_error(source, e));
                    continue;
                }
            };
            let line = record
                .position()
                .map_or(0, |p| record_line(source, p.byte()));
            let field = |i: usize| record.get(i).unwrap_or("").trim();
            let code = field(0);
            let name = field(1);
            let level_name = field(2);
            if code.is_empty() || name.is_empty() {
                errors.push(at_line(line, "a region needs a code and a name".into()));
                continue;
            }
            let Some(level) = levels.iter().position(|l| l == level_name) else {
                errors.push(
                    at_line(line, format!("region {code}: unknown level `{level_name}`"))
                        .with_help(format!(
                            "use one of the levels declared in profile.toml: {}",
                            levels.join(", ")
                        )),
                );
                continue;
            };
            let population = match field(4) {
                "" => None,
                p => match p.parse::<u64>() {
                    Ok(n) => Some(n),
                    Err(_) => {
                        errors.push(
                            at_line(
                                line,
                                format!("region {code}: population `{p}` is not a whole number"),
                            )
                            .with_help("write digits only, or leave it empty"),
                        );
                        None
                    }
                },
            };
            let parent = Some(field(3)).filter(|p| !p.is_empty()).map(str::to_string);
            if regions.by_code.contains_key(code) {
                errors.push(at_line(line, format!("region code `{code}` appears twice")));
                continue;
            }
            regions.by_code.insert(code.to_string(), regions.list.len());
            lines.push(line);
            let names = name_columns
                .iter()
                .filter(|(i, _)| !field(*i).is_empty())
                .map(|(i, tag)| (tag.clone(), field(*i).to_string()))
                .collect();
            regions.list.push(Region {
                code: code.to_string(),
                name: name.to_string(),
                level,
                parent,
                population,
                names,
            });
        }

        for (region, line) in regions.list.iter().zip(lines) {
            match (&region.parent, region.level) {
                (None, 0) => {}
                (Some(_), 0) => errors.push(
                    at_line(
                        line,
                        format!(
                            "region {}: a `{}` has no parent",
                            region.code,
                            levels.first().map_or("", String::as_str)
                        ),
                    )
                    .with_help("leave the parent column empty for top-level regions"),
                ),
                (None, level) => errors.push(
                    at_line(
                        line,
                        format!(
                            "region {}: a `{}` needs a parent",
                            region.code,
                            levels.get(level).map_or("", String::as_str)
                        ),
                    )
                    .with_help(format!(
                        "name its `{}` in the parent column",
                        levels.get(level - 1).map_or("", String::as_str)
                    )),
                ),
                (Some(p), level) => match regions.get(p) {
                    None => errors.push(
                        at_line(
                            line,
                            format!("region {}: parent `{p}` does not exist", region.code),
                        )
                        .with_help("add the parent region, or correct its code"),
                    ),
                    Some(parent) if parent.level + 1 != level => errors.push(at_line(
                        line,
                        format!(
                            "region {}: a `{}` cannot sit under `{p}`, which is a `{}`",
                            region.code,
                            levels.get(level).map_or("", String::as_str),
                            levels.get(parent.level).map_or("", String::as_str)
                        ),
                    )),
                    Some(_) => {}
                },
            }
        }
        if regions.list.is_empty() && errors.is_empty() {
            errors.push(
                Diagnostic::file(&source.path, "the file lists no regions")
                    .with_help("add at least one top-level region"),
            );
        }
        if errors.is_empty() {
            Ok(regions)
        } else {
            Err(errors)
        }
    }
}

/// The line a record starts on. The reader's own line count misses comment lines and
/// its byte offset may point at a comment just before the record, so skip those.
fn record_line(source: &SourceText, byte: u64) -> u64 {
    // With CRLF endings the offset can sit on the previous line's terminator.
    let mut offset = usize::try_from(byte).unwrap_or(usize::MAX);
    while matches!(source.text.as_bytes().get(offset), Some(b'\r' | b'\n')) {
        offset += 1;
    }
    let (mut line, _) = source.line_col(offset);
    while source.line_text(line).trim_start().starts_with('#') {
        line += 1;
    }
    line as u64
}

fn csv_error(source: &SourceText, e: csv::Error) -> Diagnostic {
    let line = e
        .position()
        .map_or(0, |p| record_line(source, p.byte()) as usize);
    let message = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            format!("this row has {len} fields, the header has {expected_len}")
        }
        csv::ErrorKind::Utf8 { .. } => "the row is not valid UTF-8".to_string(),
        _ => e.to_string(),
    };
    let help = match e.kind() {
        csv::ErrorKind::UnequalLengths { .. } => Some("every row needs code,name,level,parent,population and one field per name:<language> column (leave unknown fields empty; quote names that contain commas)".to_string()),
        csv::ErrorKind::Utf8 { .. } => Some("save the file with UTF-8 encoding".to_string()),
        _ => None,
    };
    Diagnostic {
        file: source.path.clone(),
        line,
        column: 1,
        path: String::new(),
        message,
        help,
    }
}
