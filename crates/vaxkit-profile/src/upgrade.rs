//! Rewriting a version-1 `profile.toml` as version 2, keeping every comment and line the
//! author wrote: the version number, each product's `disease` becomes its `antigens`, and the
//! antigens are declared at the end.

use toml::de::DeTable;

use crate::document::Document;

/// Why a file could not be upgraded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UpgradeError {
    /// The file is not valid TOML.
    #[error("not valid TOML: {0}")]
    Syntax(String),
    /// The file is not a version-1 profile.
    #[error("the profile is version {0}; only version 1 is upgraded")]
    NotVersion1(i64),
}

/// The version-2 text of a version-1 `profile.toml`.
pub fn upgrade(text: &str) -> Result<String, UpgradeError> {
    let root = DeTable::parse(text).map_err(|e| UpgradeError::Syntax(e.message().to_string()))?;
    let doc = Document { root };
    let version = doc
        .root
        .get_ref()
        .iter()
        .find(|(k, _)| k.get_ref() == "version")
        .and_then(|(_, v)| v.get_ref().as_integer())
        .and_then(|i| i.as_str().parse::<i64>().ok())
        .unwrap_or(0);
    if version != 1 {
        return Err(UpgradeError::NotVersion1(version));
    }
    // (start, end, replacement), applied from the end so earlier offsets stay right.
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    let v = doc.span_of("version");
    edits.push((v.start, v.end, "2".into()));
    let mut diseases: Vec<String> = Vec::new();
    for i in 0..product_count(&doc) {
        let at = format!("vaccines[{i}]");
        let path = format!("{at}.disease");
        let (Some(key), value) = (doc.key_span_of(&path), doc.span_of(&path)) else {
            continue;
        };
        let Some(disease) = text
            .get(value.clone())
            .map(|t| t.trim().trim_matches(['"', '\'']).to_string())
        else {
            continue;
        };
        edits.push((key.start, value.end, format!("antigens = [\"{disease}\"]")));
        if !diseases.contains(&disease) {
            diseases.push(disease);
        }
    }
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = text.to_string();
    for (start, end, with) in edits {
        if start <= end && end <= out.len() {
            out.replace_range(start..end, &with);
        }
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(
        "\n# Target diseases (profile format version 2). A product lists the antigens a dose counts\n\
         # for; see docs/profile-guide.md for routine series, vaccine groups and live-virus spacing.\n",
    );
    for d in &diseases {
        let name = if d == "covid-19" {
            "COVID-19"
        } else {
            d.as_str()
        };
        out.push_str(&format!(
            "\n[[antigens]]\ncode = \"{d}\"\nname = \"{name}\"\n"
        ));
    }
    Ok(out)
}

fn product_count(doc: &Document<'_>) -> usize {
    doc.root
        .get_ref()
        .iter()
        .find(|(k, _)| k.get_ref() == "vaccines")
        .and_then(|(_, v)| v.get_ref().as_array())
        .map_or(0, |a| a.len())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn rewrites_version_and_diseases_and_keeps_comments() {
        let v1 = "# a comment\nversion = 1\n\n[[vaccines]]\ncode = \"a\"\n# why\ndisease = \"covid-19\"\ndoses = 2\n";
        let v2 = upgrade(v1).unwrap();
        assert!(v2.starts_with("# a comment\nversion = 2\n"), "{v2}");
        assert!(
            v2.contains("# why\nantigens = [\"covid-19\"]\ndoses = 2\n"),
            "{v2}"
        );
        assert!(
            v2.contains("[[antigens]]\ncode = \"covid-19\"\nname = \"COVID-19\"\n"),
            "{v2}"
        );
        assert_eq!(upgrade(&v2).unwrap_err(), UpgradeError::NotVersion1(2));
    }
}
