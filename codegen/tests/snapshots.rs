//! Snapshots of generated code, for review: the whole spec and one fixture per construct.
//! (Behaviour is asserted elsewhere; `codegen/tests/fixture-crate` proves every snapshot compiles
//! with warnings denied and passes clippy.)
//!
//! Review changes with `cargo insta review`.

fn render(path: &std::path::Path) -> String {
    // Fixtures show constructs in component schemas no operation may use: all but the one
    // about leaving those out keep them.
    let keep = path
        .file_stem()
        .is_some_and(|s| s != "unreachable" && s != "vpc");
    specforge::Generator::new(path)
        .keep_unreachable_types(keep)
        .cargo_directives(false)
        .regenerate_command("(fixture)")
        .render()
        .unwrap_or_else(|e| panic!("{} should generate: {e}", path.display()))
}

#[test]
fn the_vpc_spec() {
    let spec = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/vpc.yaml");
    insta::assert_snapshot!("vpc", render(&spec));
}

#[test]
fn fixtures() {
    insta::glob!("fixtures/*.yaml", |path| {
        insta::assert_snapshot!(render(path));
    });
}
