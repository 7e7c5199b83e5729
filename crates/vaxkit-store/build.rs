//! The migrations are embedded in the library: a new or changed migration file rebuilds it.

fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
