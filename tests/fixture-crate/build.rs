//! Generates every fixture spec in `tests/fixtures/*.yaml` into `OUT_DIR`, plus `all.rs`,
//! which declares one module per fixture. A new fixture is compiled without further edits.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut specs: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| fail(&format!("cannot list {}: {e}", dir.display())))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
        .collect();
    specs.sort();
    let mut modules = String::new();
    for spec in &specs {
        let mut generator = specforge::Generator::new(spec);
        // Fixtures show constructs in schemas no operation may use (see tests/snapshots.rs).
        generator.keep_unreachable_types(spec.file_stem().is_some_and(|s| s != "unreachable"));
        if spec.file_stem().is_some_and(|s| s == "replace") {
            // The settings' side of type replacement and extra derives (`tests/replace.rs`).
            generator
                .replace("Amount", "crate::replaced::Amount")
                .derive("Eq")
                .derive_on("Order", "Hash")
                .derive_on("Line", "Default")
                .attribute("#[must_use]")
                .attribute_on("Line", "#[non_exhaustive]");
        }
        let file = generator
            .generate()
            .unwrap_or_else(|e| fail(&e.to_string()));
        let name = file
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        let _ = writeln!(
            modules,
            "pub mod {name} {{ include!(concat!(env!(\"OUT_DIR\"), \"/{name}.rs\")); }}"
        );
    }
    let out = std::env::var("OUT_DIR").unwrap_or_else(|_| fail("OUT_DIR is not set"));
    std::fs::write(Path::new(&out).join("all.rs"), modules)
        .unwrap_or_else(|e| fail(&format!("cannot write all.rs: {e}")));
}

fn fail(message: &str) -> ! {
    eprintln!("error: {message}");
    std::process::exit(1)
}
