//! Positions inside `profile.toml`: from a key path to a line, and back.
//!
//! Validation speaks in key paths (`vaccines[2].intervals[0].min_days`); this module
//! finds where that key was written so each diagnostic can name its line and column.

use std::borrow::Cow;
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// A parsed TOML document that remembers where every key and value was written.
pub struct Document<'i> {
    /// The root table.
    pub root: Spanned<DeTable<'i>>,
}

enum Segment<'a> {
    Key(&'a str),
    Index(usize),
}

fn segments(path: &str) -> Vec<Segment<'_>> {
    let mut out = Vec::new();
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let mut pieces = part.split('[');
        if let Some(key) = pieces.next().filter(|k| !k.is_empty()) {
            out.push(Segment::Key(key));
        }
        for index in pieces {
            if let Ok(i) = index.trim_end_matches(']').parse() {
                out.push(Segment::Index(i));
            }
        }
    }
    out
}

impl<'i> Document<'i> {
    /// Byte range of the value at `path`, or of the deepest part of it that exists
    /// (a missing key points at its table).
    pub fn span_of(&self, path: &str) -> Range<usize> {
        let mut span = self.root.span();
        let mut table: Option<&DeTable<'i>> = Some(self.root.get_ref());
        let mut array: Option<&[Spanned<DeValue<'i>>]> = None;
        for seg in segments(path) {
            let next = match (seg, table, array) {
                (Segment::Key(k), Some(t), _) => {
                    t.iter().find(|(key, _)| key.get_ref() == k).map(|(_, v)| v)
                }
                (Segment::Index(i), _, Some(a)) => a.get(i),
                _ => None,
            };
            let Some(value) = next else { break };
            span = value.span();
            table = value.get_ref().as_table();
            array = value.get_ref().as_array().map(|a| a.as_ref());
        }
        span
    }

    /// Byte range of the key (not the value) at `path`, if the path names a key that exists.
    pub fn key_span_of(&self, path: &str) -> Option<Range<usize>> {
        let segs = segments(path);
        let (last, parents) = segs.split_last()?;
        let Segment::Key(name) = last else {
            return None;
        };
        let mut table: Option<&DeTable<'i>> = Some(self.root.get_ref());
        let mut array: Option<&[Spanned<DeValue<'i>>]> = None;
        for seg in parents {
            let next = match (seg, table, array) {
                (Segment::Key(k), Some(t), _) => {
                    t.iter().find(|(key, _)| key.get_ref() == k).map(|(_, v)| v)
                }
                (Segment::Index(i), _, Some(a)) => a.get(*i),
                _ => None,
            }?;
            table = next.get_ref().as_table();
            array = next.get_ref().as_array().map(|a| a.as_ref());
        }
        table?
            .iter()
            .find(|(key, _)| key.get_ref() == name)
            .map(|(k, _)| k.span())
    }

    /// The key path of the innermost key or value containing a byte offset. Every table
    /// is searched, because a `[table]`'s own span covers only its header.
    pub fn path_at(&self, offset: usize) -> String {
        fn inside(s: &Range<usize>, offset: usize) -> bool {
            s.start <= offset && offset < s.end.max(s.start + 1)
        }
        fn in_value(v: &Spanned<DeValue<'_>>, path: &str, offset: usize) -> Option<String> {
            let found = match v.get_ref() {
                DeValue::Table(t) => in_table(t, path, offset),
                DeValue::Array(a) => a
                    .iter()
                    .enumerate()
                    .find_map(|(i, e)| in_value(e, &format!("{path}[{i}]"), offset)),
                _ => None,
            };
            found.or_else(|| inside(&v.span(), offset).then(|| path.to_string()))
        }
        fn in_table(t: &DeTable<'_>, path: &str, offset: usize) -> Option<String> {
            t.iter().find_map(|(k, v)| {
                let child = if path.is_empty() {
                    k.get_ref().to_string()
                } else {
                    format!("{path}.{}", k.get_ref())
                };
                in_value(v, &child, offset).or_else(|| inside(&k.span(), offset).then_some(child))
            })
        }
        in_table(self.root.get_ref(), "", offset).unwrap_or_default()
    }

    /// Renames the key written at exactly this byte range, unless the table already has
    /// the new name; true if renamed. A misspelt key is read under its likely name so
    /// that the rest of the file still gets checked.
    pub fn rename_key_at(&mut self, span: &Range<usize>, new_name: &str) -> bool {
        fn in_table(t: &mut DeTable<'_>, span: &Range<usize>, new_name: &str) -> bool {
            let found = t
                .iter()
                .find(|(k, _)| k.span() == *span)
                .map(|(k, _)| k.get_ref().to_string());
            if let Some(old) = found {
                if t.contains_key(new_name) {
                    return false;
                }
                return match t.remove(old.as_str()) {
                    Some(v) => {
                        t.insert(
                            Spanned::new(span.clone(), Cow::Owned(new_name.to_string())),
                            v,
                        );
                        true
                    }
                    None => false,
                };
            }
            t.iter_mut()
                .any(|(_, v)| in_value(v.get_mut(), span, new_name))
        }
        fn in_value(v: &mut DeValue<'_>, span: &Range<usize>, new_name: &str) -> bool {
            match v {
                DeValue::Table(t) => in_table(t, span, new_name),
                DeValue::Array(a) => a.iter_mut().any(|e| in_value(e.get_mut(), span, new_name)),
                _ => false,
            }
        }
        in_table(self.root.get_mut(), span, new_name)
    }

    /// Removes the key written at exactly this byte range; true if one was removed.
    pub fn remove_key_at(&mut self, span: &Range<usize>) -> bool {
        fn in_table(t: &mut DeTable<'_>, span: &Range<usize>) -> bool {
            let found = t
                .iter()
                .find(|(k, _)| k.span() == *span)
                .map(|(k, _)| k.get_ref().to_string());
            if let Some(key) = found {
                return t.remove(key.as_str()).is_some();
            }
            t.iter_mut().any(|(_, v)| in_value(v.get_mut(), span))
        }
        fn in_value(v: &mut DeValue<'_>, span: &Range<usize>) -> bool {
            match v {
                DeValue::Table(t) => in_table(t, span),
                DeValue::Array(a) => a.iter_mut().any(|e| in_value(e.get_mut(), span)),
                _ => false,
            }
        }
        in_table(self.root.get_mut(), span)
    }
}
