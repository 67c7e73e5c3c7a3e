//! A crate split by tag (`TagFeatures`) compiles, warning- and clippy-clean, with no feature,
//! with one, and with all: each tag's methods and the models they reach come with its feature.

use std::path::{Path, PathBuf};
use std::process::Command;

use specforge::{Generator, RuntimeSource, TagFeatures};

const SPEC: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/split/tags.yaml"
);

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn generate(dir: &Path) {
    let runtime = workspace().join("runtime");
    let runtime = runtime
        .canonicalize()
        .unwrap_or_else(|e| panic!("{}: {e}", runtime.display()));
    Generator::new(SPEC)
        .out_dir(dir)
        .krate("split-demo")
        .tag_features(TagFeatures::Always)
        .runtime_source(RuntimeSource::Path(runtime))
        .cargo_directives(false)
        .generate()
        .unwrap_or_else(|e| panic!("generates: {e}"));
    // The workspace's versions, so the check needs no network.
    std::fs::copy(workspace().join("Cargo.lock"), dir.join("Cargo.lock"))
        .unwrap_or_else(|e| panic!("Cargo.lock: {e}"));
}

/// `cargo clippy` on the crate with `features` (none: no default features either), warnings
/// denied; the target directory is shared between runs, so the runtime builds once.
fn clippy(dir: &Path, features: &str) {
    let target = workspace().join("target").join("split-crate");
    let mut command = Command::new(env!("CARGO"));
    command
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", &target)
        .args(["clippy", "--quiet", "--offline", "--no-default-features"]);
    if !features.is_empty() {
        command.args(["--features", features]);
    }
    let output = command
        .args(["--", "-D", "warnings"])
        .output()
        .unwrap_or_else(|e| panic!("cargo: {e}"));
    assert!(
        output.status.success(),
        "features {features:?}:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn read(path: PathBuf) -> String {
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn a_split_crate_compiles_with_no_feature_one_feature_and_all() {
    let dir = tempfile::tempdir().expect("temp dir");
    generate(dir.path());
    let src = dir.path().join("src");
    for module in ["pets", "stores", "store_admin", "untagged"] {
        assert!(
            src.join("client").join(format!("{module}.rs")).is_file(),
            "{module}"
        );
    }
    let manifest = read(dir.path().join("Cargo.toml"));
    assert!(
        manifest.contains("\n[features]\ndefault = []\n\"full\" = [\"pets\", \"stores\", \"store_admin\", \"untagged\", \"webhooks\"]\n"),
        "{manifest}"
    );
    let models = read(src.join("models.rs"));
    // Only `pets` uses `NewPet`; `Store` is reached from three tags, through a group feature.
    assert!(
        models.contains("#[cfg(feature = \"pets\")]\n#[derive"),
        "{models}"
    );
    assert!(
        models.contains("#[cfg(feature = \"webhooks\")]"),
        "{models}"
    );
    let client = read(src.join("client.rs"));
    assert!(
        client.contains(
            "#[cfg(any(feature = \"pets\", feature = \"store_admin\"))]\nmod store_admin;"
        ),
        "an operation with two tags compiles with either: {client}"
    );

    clippy(dir.path(), "");
    clippy(dir.path(), "stores");
    clippy(dir.path(), "webhooks");
    clippy(dir.path(), "full");
}

#[test]
fn a_single_file_is_not_split_and_a_small_crate_is_not_split_by_default() {
    let dir = tempfile::tempdir().expect("temp dir");
    Generator::new(SPEC)
        .out_dir(dir.path())
        .krate("small")
        .cargo_directives(false)
        .generate()
        .unwrap_or_else(|e| panic!("generates: {e}"));
    assert!(!dir.path().join("src/models.rs").exists());
    let manifest = read(dir.path().join("Cargo.toml"));
    assert!(!manifest.contains("[features]"), "{manifest}");
    let code = read(dir.path().join("src/lib.rs"));
    assert!(code.contains("pub fn list_pets(") && !code.contains("cfg(feature"));
}
