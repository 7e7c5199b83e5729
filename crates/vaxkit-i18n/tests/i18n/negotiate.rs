//! Choosing a profile language from an Accept-Language header or a plain tag.

use vaxkit_i18n::Locales;

#[test]
fn negotiation_picks_the_best_profile_language() {
    let locales = Locales::load(None, &["sw", "en", "fr", "hi"]).unwrap();
    let cases = [
        ("hi", "hi"),
        ("hi-IN", "hi"),
        ("fr-CA,fr;q=0.8", "fr"),
        ("fr-CA,fr;q=0.8,en;q=0.5", "fr"),
        ("de-DE,de;q=0.9,en;q=0.5", "en"),
        ("en;q=0.5,hi;q=0.9", "hi"),
        ("en-GB", "en"),
        ("HI-in", "hi"),
        // Unknown, empty, wildcard, refused (q=0) and garbage: the profile's default.
        ("de", "sw"),
        ("", "sw"),
        ("*", "sw"),
        ("hi;q=0", "sw"),
        ("!!;;q=x,,", "sw"),
        ("\u{0}\u{ffff}", "sw"),
    ];
    for (requested, expected) in cases {
        assert_eq!(locales.negotiate(requested), expected, "{requested:?}");
    }
}

#[test]
fn default_language_is_the_first() {
    let locales = Locales::load(None, &["hi", "en"]).unwrap();
    assert_eq!(locales.default_language(), "hi");
    assert_eq!(locales.languages(), ["hi", "en"]);
    assert_eq!(locales.negotiate("ja"), "hi");
}
