//! Identical inline schemas share one type; bundled references are named after their
//! operation before being numbered; in code a crate includes, chains of nested types too long
//! for rustc to build under that crate's `recursion_limit` are refused with an error naming
//! the chain and the limit it needs (a generated crate declares it: `tests/deep_crates.rs`).

#[path = "support/deep_spec.rs"]
mod deep_spec;
use deep_spec::chain;

fn generate(spec: &str) -> (String, Vec<specforge::Omission>) {
    generate_under(spec, None)
}

/// Code to include in a crate whose root declares `recursion_limit` (rustc's default: `None`).
fn generate_under(spec: &str, limit: Option<usize>) -> (String, Vec<specforge::Omission>) {
    let mut generator = specforge::Generator::new("deep.yaml");
    if let Some(limit) = limit {
        generator.recursion_limit(limit);
    }
    generator
        .cargo_directives(false)
        .render_text(spec, false)
        .unwrap_or_else(|e| panic!("{e}"))
}

fn refusal(spec: &str) -> String {
    refusal_under(spec, None)
}

fn refusal_under(spec: &str, limit: Option<usize>) -> String {
    let mut generator = specforge::Generator::new("deep.yaml");
    if let Some(limit) = limit {
        generator.recursion_limit(limit);
    }
    match generator.cargo_directives(false).render_text(spec, false) {
        Ok(_) => panic!("a chain too deep to build generated"),
        Err(error) => error.to_string(),
    }
}

#[test]
fn a_chain_rustc_can_build_is_generated_whole() {
    let (code, omitted) = generate(&chain(100, false));
    assert!(omitted.is_empty(), "{omitted:?}");
    assert!(code.contains("pub struct Chain99 "), "{code}");
    assert!(code.contains("pub fn deep("));
    // Included code never declares crate attributes: an inner attribute there does not compile.
    assert!(!code.contains("#!["), "{code}");
}

#[test]
fn a_longer_chain_is_refused_with_an_error_naming_it_and_the_way_out() {
    let message = refusal(&chain(150, false));
    assert!(
        message.contains("`Chain49` → `Chain50` → `Chain51` → … → `Chain149` (101 types)"),
        "{message}"
    );
    assert!(
        message.contains(
            "longer than the 100 that rustc builds under the crate root's `recursion_limit` of 128"
        ),
        "{message}"
    );
    assert!(
        message.contains("#/components/schemas/Chain49"),
        "{message}"
    );
    // Both ways out, with the limit the whole chain (150 types) needs.
    assert!(
        message.contains("generate a crate instead (`--crate`"),
        "{message}"
    );
    assert!(
        message.contains("declare `#![recursion_limit = \"178\"]` in your crate root and pass `--recursion-limit 178` (`Generator::recursion_limit(178)`)"),
        "{message}"
    );
}

#[test]
fn the_crate_roots_declared_limit_admits_the_chain() {
    let spec = chain(150, false);
    let (code, omitted) = generate_under(&spec, Some(178));
    assert!(omitted.is_empty(), "{omitted:?}");
    assert!(code.contains("pub struct Chain149 "));
    // One short of it is still refused, pointing at the first type past the limit.
    let message = refusal_under(&spec, Some(177));
    assert!(message.contains("`Chain0` → `Chain1`"), "{message}");
    assert!(message.contains("(150 types)"), "{message}");
}

#[test]
fn a_ring_counts_all_its_types() {
    let message = refusal(&chain(1000, true));
    assert!(message.contains("(1000 types)"), "{message}");
    assert!(message.contains("--recursion-limit 1028"), "{message}");
}

#[test]
fn identical_inline_schemas_are_one_type_named_as_their_uses_agree() {
    let spec = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/shared_shapes.yaml"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let (code, omitted) = generate(&spec);
    assert!(omitted.is_empty(), "{omitted:?}");
    // One status enum for the four copies, one server for the two identical ones, each named
    // for what its uses share (`servers[]`, `server` → `Server`), not the first operation.
    assert_eq!(code.matches("pub enum ").count(), 1, "{code}");
    assert!(code.contains("pub enum ServerStatus "), "{code}");
    assert!(!code.contains("ListServersResponseServersItem"), "{code}");
    assert!(
        !code.contains("pub struct GetServerResponseServer "),
        "{code}"
    );
    assert!(code.contains("pub server: Server,"), "{code}");
    assert!(code.contains("pub servers: Vec<Server>,"), "{code}");
    // The request body's optional `status` is the same enum.
    assert!(code.contains("pub status: Option<ServerStatus>,"), "{code}");
    // The server with one more field is its own type.
    assert!(
        code.contains("pub struct UpdateServerResponseServer "),
        "{code}"
    );
    // No name numbered for lack of a better one.
    assert!(!code.contains("Metrics2"), "{code}");
    assert!(code.contains("pub struct GetDiskUsageMetrics "), "{code}");
}

#[test]
fn a_shared_name_never_takes_one_in_use() {
    // `Server` is a component: the shared inline server keeps a longer name.
    let spec = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/shared_shapes.yaml"),
    )
    .unwrap_or_else(|e| panic!("{e}"))
        + "components:\n  schemas:\n    Server: {type: object, properties: {name: {type: string}}}\n";
    let (code, _) = specforge::Generator::new("shapes.yaml")
        .cargo_directives(false)
        .keep_unreachable_types(true)
        .render_text(&spec, false)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(code.matches("pub struct Server ").count(), 1, "{code}");
    assert!(
        code.contains("pub struct ListServersResponseServersItem "),
        "{code}"
    );
    assert!(
        code.contains("pub servers: Vec<ListServersResponseServersItem>,"),
        "{code}"
    );
    assert!(code.contains("pub enum ServerStatus "), "{code}");
}
