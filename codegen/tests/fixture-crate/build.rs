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
    // A spec that signs (`x-signer`) needs the runtime's `huawei` feature.
    let vendor = std::env::var_os("CARGO_FEATURE_HUAWEI").is_some();
    specs.retain(|spec| vendor || !signs(spec));
    let mut modules = String::new();
    for spec in &specs {
        let mut generator = specforge::Generator::new(spec);
        // The tests decode what they encode and compare models: both serde directions and
        // `PartialEq` everywhere (the default derives only what the operations use).
        generator.serde_round_trip(true).derive_eq(true);
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
    // Every fixture again with the default settings (serde derives per direction, no
    // `PartialEq`, unreachable types left out): what users get must compile too.
    for spec in &specs {
        let Some(stem) = spec.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        let name = format!("defaults_{stem}");
        specforge::Generator::new(spec)
            .file_name(format!("{name}.rs"))
            .generate()
            .unwrap_or_else(|e| fail(&e.to_string()));
        let _ = writeln!(
            modules,
            "pub mod {name} {{ include!(concat!(env!(\"OUT_DIR\"), \"/{name}.rs\")); }}"
        );
    }
    // `--derive schemars::JsonSchema` on specs with typed formats, `Nullable`, constants,
    // string enums and unions, with the default derives (`tests/json_schema.rs`).
    for stem in ["formats", "construction"] {
        let name = format!("schemars_{stem}");
        let file = specforge::Generator::new(dir.join(format!("{stem}.yaml")))
            .file_name(format!("{name}.rs"))
            .derive("schemars::JsonSchema")
            .generate()
            .unwrap_or_else(|e| fail(&e.to_string()));
        let _ = file;
        let _ = writeln!(
            modules,
            "pub mod {name} {{ include!(concat!(env!(\"OUT_DIR\"), \"/{name}.rs\")); }}"
        );
    }
    let out = std::env::var("OUT_DIR").unwrap_or_else(|_| fail("OUT_DIR is not set"));
    std::fs::write(Path::new(&out).join("all.rs"), modules)
        .unwrap_or_else(|e| fail(&format!("cannot write all.rs: {e}")));
}

/// Whether the spec names the vendor's signer. A plain text search is enough here: these are
/// the repository's own fixtures, and a false positive only leaves one out of the generic build.
fn signs(spec: &Path) -> bool {
    std::fs::read_to_string(spec).is_ok_and(|text| text.contains("x-signer"))
}

fn fail(message: &str) -> ! {
    eprintln!("error: {message}");
    std::process::exit(1)
}
