//! The hidden `conformance` module (`Generator::conformance`, CLI `--conformance`) that
//! `scripts/conformance.sh` drives: present only when asked for, and listing every component
//! schema that has a type, under its name in the spec.

use specforge::Generator;

const SPEC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/specs/tagged.yaml");

fn render(conformance: bool, tag: Option<&str>) -> String {
    let mut generator = Generator::new(SPEC);
    generator.cargo_directives(false).conformance(conformance);
    if let Some(tag) = tag {
        generator.tag(tag);
    }
    match generator.render() {
        Ok(code) => code,
        Err(e) => panic!("tagged.yaml renders: {e}"),
    }
}

#[test]
fn off_by_default() {
    assert!(!render(false, None).contains("mod conformance"));
}

#[test]
fn every_component_maps_to_its_type_including_aliases_and_enums() {
    let code = render(true, None);
    assert!(code.contains("pub mod conformance"), "{code}");
    for (name, ty) in [
        ("Pet", "Pet"),
        ("Kind", "Kind"),
        ("Label", "Label"),
        ("Unused", "Unused"),
    ] {
        let arm = format!("\"{name}\" => via::<models::{ty}>");
        assert!(code.contains(&arm), "missing {arm}");
    }
}

#[test]
fn a_selection_lists_only_the_types_it_keeps() {
    let code = render(true, Some("pets"));
    assert!(code.contains("\"Pet\" => via::<models::Pet>"));
    assert!(!code.contains("\"Unused\""), "pruned types are not listed");
}

#[test]
fn deprecated_schemas_do_not_warn() {
    let code = render(true, None);
    let module = code.split("pub mod conformance").nth(1).unwrap_or_default();
    let before = code.split("pub mod conformance").next().unwrap_or_default();
    assert!(!module.is_empty());
    assert!(
        before.trim_end().ends_with("#[allow(deprecated)]"),
        "the module allows deprecated types: {}",
        &before[before.len().saturating_sub(200)..]
    );
}

#[test]
fn a_spec_without_component_schemas_gets_no_unused_helper() {
    let dir = tempfile::tempdir().expect("temp dir");
    let spec = dir.path().join("bare.yaml");
    let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /ping:\n    get:\n      operationId: ping\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {type: object, properties: {ok: {type: boolean}}}\n";
    std::fs::write(&spec, text).expect("write the spec");
    let mut generator = Generator::new(&spec);
    generator.cargo_directives(false).conformance(true);
    let code = generator.render().expect("renders");
    assert!(code.contains("pub mod conformance"), "{code}");
    assert!(
        !code.contains("fn via"),
        "an unused helper would fail -D warnings"
    );
}
