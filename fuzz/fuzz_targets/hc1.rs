//! EU DCC QR texts (`HC1:` base45, zlib, COSE_Sign1, CWT, the DCC payload), layer by layer and
//! through the verifier as a scanned code reaches it: never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vaxkit_cert::{Trust, eudcc};

fuzz_target!(|data: &[u8]| {
    // The inner layers straight from the bytes, so the fuzzer need not get through base45 and
    // zlib first.
    if let Ok(decoded) = eudcc::decode_cose(data) {
        let _ = decoded.verify_signature(&Trust::new());
        let _ = decoded.check_times(chrono::Utc::now());
    }
    if let Ok(inflated) = eudcc::inflate(data) {
        let _ = eudcc::decode_cose(&inflated);
    }
    if let Ok(text) = std::str::from_utf8(data) {
        let qr = format!("HC1:{text}");
        if let Ok(body) = eudcc::unprefix(&qr) {
            let _ = eudcc::decode_base45(body);
        }
        let _ = vaxkit_cert::verify(&qr, &Trust::new(), chrono::Utc::now(), None);
    }
});
