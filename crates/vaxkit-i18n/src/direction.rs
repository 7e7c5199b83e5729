//! Writing direction of a language, for the `dir` attribute of web pages and for PDF layout.

/// Languages written right to left in their usual script (an explicit script subtag overrides).
const RTL_LANGUAGES: &[&str] = &[
    "ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "pnb", "prs", "ps", "sd", "syr", "ug", "ur",
    "yi",
];

/// Right-to-left scripts (ISO 15924, lower case).
const RTL_SCRIPTS: &[&str] = &[
    "adlm", "arab", "hebr", "mand", "nkoo", "rohg", "samr", "syrc", "thaa",
];

/// Whether a language tag (`ar`, `ar-EG`, `ur_PK`, `pa-Arab`) is written right to left.
pub fn is_rtl(lang: &str) -> bool {
    let mut subtags = lang.trim().split(['-', '_']);
    let language = subtags.next().unwrap_or_default().to_ascii_lowercase();
    if let Some(script) = subtags
        .next()
        .filter(|s| s.len() == 4 && s.chars().all(|c| c.is_ascii_alphabetic()))
    {
        return RTL_SCRIPTS.contains(&script.to_ascii_lowercase().as_str());
    }
    RTL_LANGUAGES.contains(&language.as_str())
}

#[cfg(test)]
mod tests {
    use super::is_rtl;

    #[test]
    fn script_subtag_decides_over_language() {
        assert!(is_rtl("pa-Arab-PK"));
        assert!(!is_rtl("sd-Deva-IN"));
        assert!(!is_rtl("az-Latn"));
    }
}
