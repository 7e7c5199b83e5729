//! Rebuilds the crate when a page template or static file changes: `include_dir!` embeds
//! `templates/` and `static/` at compile time, and cargo does not otherwise know they are inputs.

fn main() {
    println!("cargo:rerun-if-changed=templates");
    println!("cargo:rerun-if-changed=static");
}
