//! A facilities CSV file as `vaxkit import facilities` reads it: any bytes give rows (each a
//! facility or a reason, with a line inside the file) or a refusal, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../crates/vaxkit/src/cmd/facility_csv.rs"]
mod facility_csv;

fuzz_target!(|data: &[u8]| {
    if let Ok(rows) = facility_csv::parse(data) {
        let lines = 1 + data.iter().filter(|b| **b == b'\n').count() as u64;
        for (line, _) in rows {
            assert!(line <= lines + 1, "line {line} of {lines}");
        }
    }
});
