//! A generic client does not compile the vendor's signer: without the `huawei` feature the
//! fixture crate's dependency graph has none of the signer's crates, and with it (the default,
//! for `signed.yaml`) it has them. `.ci/run` also builds the crate without the feature.

use std::process::Command;

/// The crates only the vendor's signer and credential files need.
const SIGNER_ONLY: [&str; 3] = ["sm3", "hkdf", "rust-ini"];

/// The names of the crates `cargo tree` lists for the fixture crate's normal dependencies.
fn dependency_names(extra: &[&str]) -> Vec<String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args(["tree", "--offline", "-p", "fixture-crate", "-e", "normal"])
        .args(["--prefix", "none", "--format", "{p}"])
        .args(extra)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run cargo tree");
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "cargo tree failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    text.lines()
        .filter_map(|line| line.split_whitespace().next())
        .map(str::to_owned)
        .collect()
}

#[test]
fn without_the_vendor_feature_no_signer_crate_is_compiled() {
    let generic = dependency_names(&["--no-default-features"]);
    assert!(
        generic.iter().any(|name| name == "specforge-runtime"),
        "{generic:?}"
    );
    for name in SIGNER_ONLY {
        assert!(!generic.iter().any(|n| n == name), "{name} in {generic:?}");
    }
    let vendor = dependency_names(&[]);
    for name in SIGNER_ONLY {
        assert!(
            vendor.iter().any(|n| n == name),
            "{name} missing from {vendor:?}"
        );
    }
}
