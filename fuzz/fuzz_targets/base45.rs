//! Base45 (RFC 9285) decoding: any text decodes or is refused, and what decodes encodes back
//! to the same text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vaxkit_cert::base45;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(bytes) = base45::decode(text) {
        assert_eq!(base45::encode(&bytes), text);
    }
    // And any bytes survive the round trip.
    assert_eq!(base45::decode(&base45::encode(data)).unwrap(), data);
});
