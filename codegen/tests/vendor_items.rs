//! The vendor's AK/SK signer belongs to the API of a client whose spec asks for it
//! (`x-signer`) and of no other: a generic client neither re-exports the signer's types nor
//! offers `credentials(..)`.

use std::path::{Path, PathBuf};

/// Items of the vendor's signer a generic client must not mention.
const VENDOR_ITEMS: &[&str] = &[
    "AkSkCredentials",
    "CredentialChain",
    "MetadataCredentials",
    "SigningAlgorithm",
    "CredentialSource",
    "pub fn credentials(",
    "require_signing",
];

fn specs() -> Vec<PathBuf> {
    let codegen = Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = codegen.join("..");
    let mut specs: Vec<PathBuf> = std::fs::read_dir(codegen.join("tests/fixtures"))
        .map(|dir| dir.filter_map(|e| Some(e.ok()?.path())).collect())
        .unwrap_or_default();
    specs.retain(|p| p.extension().is_some_and(|e| e == "yaml"));
    specs.extend([root.join("spec/vpc.yaml"), root.join("spec/iam.yaml")]);
    specs.sort();
    specs
}

/// Whether the spec declares the vendor's signer on a security scheme (comments aside).
fn signs(spec: &Path) -> bool {
    std::fs::read_to_string(spec)
        .unwrap_or_default()
        .lines()
        .any(|line| line.trim_start().starts_with("x-signer:"))
}

#[test]
fn only_specs_with_x_signer_get_the_vendor_signer() {
    let specs = specs();
    assert!(specs.len() > 20, "fixtures found: {specs:?}");
    let (mut signed, mut generic) = (0, 0);
    for spec in &specs {
        let code = specforge::Generator::new(spec)
            .cargo_directives(false)
            .render()
            .unwrap_or_else(|e| panic!("{} should generate: {e}", spec.display()));
        let found: Vec<&str> = VENDOR_ITEMS
            .iter()
            .copied()
            .filter(|item| code.contains(item))
            .collect();
        if signs(spec) {
            signed += 1;
            assert_eq!(
                found,
                VENDOR_ITEMS,
                "{} keeps its signer API",
                spec.display()
            );
        } else {
            generic += 1;
            assert!(found.is_empty(), "{} mentions {found:?}", spec.display());
        }
    }
    assert_eq!(signed, 3, "vpc.yaml, iam.yaml and the signed fixture");
    assert!(generic > 20);
}
