//! A generated crate *builds* (`cargo build`, which instantiates serde's generic helpers once
//! per nested type; `cargo check` does not) however long its chains of nested types: its
//! `lib.rs` declares the `recursion_limit` they need, and only when rustc's default is short.

use std::path::{Path, PathBuf};
use std::process::Command;

use specforge::{Generator, RuntimeSource, TagFeatures};

#[path = "support/deep_spec.rs"]
mod deep_spec;
use deep_spec::chain;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Writes the spec and a crate generated from it into `dir`; returns the crate's `lib.rs`.
fn generate(dir: &Path, spec: &str, split: TagFeatures) -> String {
    let spec_path = dir.join("deep.yaml");
    std::fs::write(&spec_path, spec).unwrap_or_else(|e| panic!("spec: {e}"));
    let runtime = workspace().join("runtime");
    let runtime = runtime
        .canonicalize()
        .unwrap_or_else(|e| panic!("{}: {e}", runtime.display()));
    let out = dir.join("crate");
    Generator::new(&spec_path)
        .out_dir(&out)
        .krate("deep-demo")
        .tag_features(split)
        .runtime_source(RuntimeSource::Path(runtime))
        .cargo_directives(false)
        .generate()
        .unwrap_or_else(|e| panic!("generates: {e}"));
    // The workspace's versions, so the build needs no network.
    std::fs::copy(workspace().join("Cargo.lock"), out.join("Cargo.lock"))
        .unwrap_or_else(|e| panic!("Cargo.lock: {e}"));
    let lib = out.join("src").join("lib.rs");
    std::fs::read_to_string(&lib).unwrap_or_else(|e| panic!("{}: {e}", lib.display()))
}

/// `cargo build` of the crate in `dir`, warnings denied; the target directory is shared
/// between runs, so the runtime builds once.
fn build(dir: &Path, envs: &[(&str, &str)]) {
    let target = workspace().join("target").join("deep-crates");
    let output = Command::new(env!("CARGO"))
        .current_dir(dir.join("crate"))
        .env("CARGO_TARGET_DIR", &target)
        .env("RUSTFLAGS", "-D warnings")
        .envs(envs.iter().copied())
        .args(["build", "--quiet", "--offline"])
        .output()
        .unwrap_or_else(|e| panic!("cargo: {e}"));
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn a_crate_with_a_chain_of_150_types_declares_its_limit_and_builds() {
    let dir = tempfile::tempdir().expect("temp dir");
    let lib = generate(dir.path(), &chain(150, false), TagFeatures::Never);
    // 150 types and the margin; right after the header, before any item.
    assert!(
        lib.contains("run -p specforge -- generate --spec deep.yaml --out <dir>\n\n#![recursion_limit = \"178\"]\n\n")
            || lib.contains("\n\n#![recursion_limit = \"178\"]\n\n/// "),
        "{}",
        &lib[..lib.len().min(600)]
    );
    build(dir.path(), &[]);
}

#[test]
fn a_split_crate_declares_the_limit_in_its_root() {
    let dir = tempfile::tempdir().expect("temp dir");
    let lib = generate(dir.path(), &chain(150, false), TagFeatures::Always);
    assert!(lib.contains("#![recursion_limit = \"178\"]\n"), "{lib}");
}

#[test]
fn an_ordinary_crate_declares_no_limit() {
    let dir = tempfile::tempdir().expect("temp dir");
    for split in [TagFeatures::Never, TagFeatures::Always] {
        let lib = generate(dir.path(), &chain(100, false), split);
        assert!(!lib.contains("recursion_limit"), "{lib}");
    }
}

/// A ring of 1,000 types (each holding a list of the next) builds under the limit the crate
/// declares (1028). Ignored by default (about 25 s once the runtime is built); rustc's own
/// stack overflows naming such types in debug info, so the build gives it a larger one, as a
/// user building this crate must (README, "Deep chains").
#[test]
#[ignore]
fn a_crate_with_a_ring_of_1000_types_builds() {
    let dir = tempfile::tempdir().expect("temp dir");
    let lib = generate(dir.path(), &chain(1000, true), TagFeatures::Never);
    assert!(lib.contains("#![recursion_limit = \"1028\"]"));
    build(dir.path(), &[("RUST_MIN_STACK", "268435456")]);
}
