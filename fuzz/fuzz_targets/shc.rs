//! SMART Health Card QR texts (`shc:/` numeric JWS, chunked codes): never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vaxkit_cert::{Trust, shc};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(jws) = shc::from_numeric(text) {
        assert_eq!(shc::to_numeric(&jws), text);
    }
    let chunks: Vec<&str> = text.split('\n').collect();
    let _ = shc::reassemble(&chunks);
    let _ = vaxkit_cert::verify(
        &format!("shc:/{text}"),
        &Trust::new(),
        chrono::Utc::now(),
        None,
    );
    let _ = vaxkit_cert::verify(text, &Trust::new(), chrono::Utc::now(), None);
});
