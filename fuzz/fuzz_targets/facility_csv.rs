//! A facilities CSV file as the import (`vaxkit import facilities` and the administrator's
//! page) reads it: any bytes give rows (each a facility or a reason, with a line inside the
//! file) or a refusal, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vaxkit_core::facilities::file;

fuzz_target!(|data: &[u8]| {
    if let Ok(rows) = file::read(data) {
        let lines = 1 + data.iter().filter(|b| **b == b'\n').count() as u64;
        for row in rows {
            assert!(row.line <= lines + 1, "line {} of {lines}", row.line);
        }
    }
});
