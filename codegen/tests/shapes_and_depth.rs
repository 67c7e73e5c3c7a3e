//! Identical inline schemas share one type; bundled references are named after their
//! operation before being numbered; chains of nested types too long for rustc to build are
//! refused with an error naming the chain (a chain of 100 builds: `tests/fixture-crate` and
//! the README's measurement).

/// A spec whose one operation returns `Chain0`, which holds `Chain1`, … `Chain{n-1}`; the last
/// one points back to `Chain0` when `ring`.
fn chain(n: usize, ring: bool) -> String {
    let mut schemas = String::new();
    for i in 0..n {
        let next = match (i + 1 < n, ring) {
            (true, _) => format!("{{$ref: '#/components/schemas/Chain{}'}}", i + 1),
            (false, true) => "{$ref: '#/components/schemas/Chain0'}".to_owned(),
            (false, false) => "{type: string}".to_owned(),
        };
        schemas.push_str(&format!(
            "    Chain{i}: {{type: object, properties: {{next: {next}}}}}\n"
        ));
    }
    format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /deep:\n    get:\n      operationId: deep\n      responses:\n        '200':\n          description: ok\n          content: {{application/json: {{schema: {{$ref: '#/components/schemas/Chain0'}}}}}}\ncomponents:\n  schemas:\n{schemas}"
    )
}

fn generate(spec: &str) -> (String, Vec<specforge::Omission>) {
    specforge::Generator::new("deep.yaml")
        .cargo_directives(false)
        .render_text(spec, false)
        .unwrap_or_else(|e| panic!("{e}"))
}

fn refusal(spec: &str) -> String {
    match specforge::Generator::new("deep.yaml")
        .cargo_directives(false)
        .render_text(spec, false)
    {
        Ok(_) => panic!("a chain too deep to build generated"),
        Err(error) => error.to_string(),
    }
}

#[test]
fn a_chain_rustc_can_build_is_generated_whole() {
    let (code, omitted) = generate(&chain(100, false));
    assert!(omitted.is_empty(), "{omitted:?}");
    assert!(code.contains("pub struct Chain99 "), "{code}");
    assert!(code.contains("pub async fn deep("));
}

#[test]
fn a_longer_chain_is_refused_with_an_error_naming_it() {
    let message = refusal(&chain(150, false));
    assert!(
        message.contains("`Chain49` → `Chain50` → `Chain51` → … → `Chain149` (101 types)"),
        "{message}"
    );
    assert!(message.contains("longer than the 100"), "{message}");
    assert!(
        message.contains("#/components/schemas/Chain49"),
        "{message}"
    );
}

#[test]
fn a_ring_counts_all_its_types() {
    let message = refusal(&chain(1000, true));
    assert!(message.contains("(1000 types)"), "{message}");
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
