//! Random, truncated and mutated input never panics the verifier and is never valid.

use chrono::{DateTime, Utc};
use proptest::prelude::*;
use vaxkit_cert::{Trust, verify};

fn at() -> DateTime<Utc> {
    DateTime::from_timestamp(1_700_000_000, 0).unwrap_or_default()
}

/// A real EU DCC from the shared test data.
fn sample_hc1() -> &'static str {
    static SAMPLE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    SAMPLE.get_or_init(|| {
        let doc: serde_json::Value =
            serde_json::from_str(include_str!("data/eu-dcc/common/CO3.json")).unwrap_or_default();
        doc.get("PREFIX")
            .and_then(serde_json::Value::as_str)
            .unwrap_or_default()
            .to_owned()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn random_text_is_invalid(s in "\\PC{0,300}") {
        prop_assert!(!verify(&s, &Trust::new(), at(), None).valid);
    }

    #[test]
    fn random_hc1_is_invalid(s in "[0-9A-Z $%*+\\-./:]{0,400}") {
        let v = verify(&format!("HC1:{s}"), &Trust::new(), at(), None);
        prop_assert!(!v.valid);
    }

    #[test]
    fn random_shc_is_invalid(s in "[0-9/]{0,600}") {
        let text = format!("shc:/{s}");
        let v = verify(&text, &Trust::new(), at(), None);
        prop_assert!(!v.valid);
    }

    #[test]
    fn mutated_real_certificate_is_handled(cut in 0usize..2000, pos in 0usize..2000, c in "[0-9A-Z $%*+\\-./:]") {
        let text = sample_hc1();
        let mut s: String = text.chars().take(cut.max(4)).collect();
        if pos < s.len() && pos >= 4 && s.is_char_boundary(pos) && s.is_char_boundary(pos + 1) {
            s.replace_range(pos..pos + 1, &c);
        }
        // Without a trusted signer nothing verifies; the point is that no input panics.
        prop_assert!(!verify(&s, &Trust::new(), at(), None).valid);
    }
}
