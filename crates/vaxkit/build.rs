//! Rebuilds the binary when the example profile changes: `include_dir!` embeds
//! `country-profiles/example` at compile time, and cargo does not otherwise know that those files
//! are inputs.

fn main() {
    println!("cargo:rerun-if-changed=../../country-profiles/example");
}
