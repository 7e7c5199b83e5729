//! Rebuilds the crate when a shipped locale changes: `include_dir!` embeds `locales/` at compile
//! time, and cargo does not otherwise know that those files are inputs.

fn main() {
    println!("cargo:rerun-if-changed=../../locales");
}
