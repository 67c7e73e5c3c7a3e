//! Generates every fixture spec into `OUT_DIR`, one file each.

use std::path::Path;

const FIXTURES: &[&str] = &[
    "docs",
    "enums",
    "maps",
    "naming",
    "no_body",
    "objects",
    "parameters",
    "primitives",
    "signed",
];

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures");
    for name in FIXTURES {
        let spec = dir.join(format!("{name}.yaml"));
        if let Err(error) = codegen::Generator::new(&spec).generate() {
            eprintln!("error: {error}");
            std::process::exit(1);
        }
    }
}
