//! Broken or unsupported specs give an error that says what and where — never a panic.
//!
//! Each file in `tests/fixtures/invalid/` lists what its error must contain in
//! `# expect:` lines (or a sibling `.expect` file for JSON, which has no comments).

use std::path::{Path, PathBuf};

fn invalid_fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/invalid");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("the invalid fixtures directory")
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("yaml" | "json")
            )
        })
        .collect();
    files.sort();
    files
}

fn expectations(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).expect("readable fixture");
    let mut expected: Vec<String> = text
        .lines()
        .filter_map(|line| line.strip_prefix("# expect:"))
        .map(|e| e.trim().to_owned())
        .collect();
    let sibling = PathBuf::from(format!("{}.expect", path.display()));
    if let Ok(extra) = std::fs::read_to_string(sibling) {
        expected.push(extra.trim().to_owned());
    }
    expected
}

#[test]
fn every_invalid_spec_names_what_and_where() {
    let files = invalid_fixtures();
    assert!(
        files.len() >= 14,
        "expected the full set of invalid fixtures"
    );
    for path in files {
        let expected = expectations(&path);
        assert!(
            !expected.is_empty(),
            "{} has no `# expect:` line",
            path.display()
        );
        let result = specforge::Generator::new(&path)
            .cargo_directives(false)
            .render();
        let error = match result {
            Ok(_) => panic!("{} generated code; it should have failed", path.display()),
            Err(error) => error.to_string(),
        };
        let file_name = path
            .file_name()
            .and_then(|n| n.to_str())
            .expect("file name");
        assert!(
            error.contains(file_name),
            "{error}\n  does not name the file"
        );
        for needle in expected {
            assert!(
                error.contains(&needle),
                "{error}\n  does not contain {needle:?}"
            );
        }
    }
}

#[test]
fn errors_carry_structured_locations() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/invalid");
    let spec_error = |name: &str| match specforge::Generator::new(dir.join(name))
        .cargo_directives(false)
        .render()
    {
        Err(specforge::Error::Spec(e)) => *e,
        other => panic!("{name}: expected a spec error, got {other:?}"),
    };
    let syntax = spec_error("syntax.yaml");
    assert_eq!(syntax.line_column.map(|(line, _)| line), Some(7));
    assert_eq!(syntax.kind, specforge::SpecErrorKind::Invalid);
    let not = spec_error("all_of_object_and_string.yaml");
    assert_eq!(not.kind, specforge::SpecErrorKind::Unsupported);
    assert_eq!(
        not.pointer,
        "/paths/~1items/get/responses/200/content/application~1json/schema/allOf/1"
    );
    // Found by walking the document to the pointer: the second `allOf` member.
    assert_eq!(not.line_column, Some((22, 21)));
    // Version errors point at the `openapi:` line too.
    assert_eq!(spec_error("openapi_version.yaml").line_column, Some((4, 1)));
    // So do errors found while translating 3.1: the `$dynamicRef:` key.
    let dynamic = spec_error("openapi31_dynamic_ref.yaml");
    assert_eq!(dynamic.kind, specforge::SpecErrorKind::Unsupported);
    assert_eq!(dynamic.line_column, Some((28, 11)));
}

#[test]
fn a_missing_spec_file_is_an_io_error_naming_it() {
    let error = specforge::Generator::new("does/not/exist.yaml")
        .cargo_directives(false)
        .render();
    match error {
        Err(specforge::Error::Io { path, .. }) => {
            assert_eq!(path, Path::new("does/not/exist.yaml"))
        }
        other => panic!("expected an I/O error, got {other:?}"),
    }
}

#[test]
fn garbage_input_never_panics() {
    let inputs = [
        "", "null", "[]", "42", "openapi: 3.0.3", "{", "openapi: [", "\u{0}\u{1}",
        "openapi: 3.0.3\ninfo: {title: t, version: v}\npaths: {}",
        "openapi: 3.0.3\ninfo: {title: t, version: v}\npaths: {/x: {get: {responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/X'}}}}}}}}\ncomponents: {schemas: {X: {$ref: '#/components/schemas/X'}}}",
    ];
    for input in inputs {
        for json in [false, true] {
            let result = specforge::render_str(input, json, "input.yaml");
            assert!(result.is_err(), "{input:?} should be rejected");
        }
    }
}

#[test]
fn nullable_components_are_still_defined() {
    let spec = "openapi: 3.0.3\ninfo: {title: t, version: v}\npaths:\n  /x:\n    get:\n      operationId: getX\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/X'}\ncomponents:\n  schemas:\n    X: {type: object, nullable: true, properties: {a: {type: string}}}\n    E: {type: string, nullable: true, enum: [a, b]}\n";
    let code = specforge::render_str(spec, false, "x.yaml").expect("generates");
    assert!(code.contains("pub struct X {"), "{code}");
    assert!(code.contains("pub enum E {"), "{code}");
}

#[test]
fn a_3_1_document_with_huge_numbers_is_read() {
    // OpenAI's 3.1 spec has integers beyond 64 bits; they are kept as the nearest float.
    let spec = "openapi: 3.1.0\ninfo: {title: t, version: v}\npaths: {/a: {get: {operationId: getA, responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/A'}}}}}}}}\ncomponents: {schemas: {A: {type: [integer, 'null'], minimum: -99999999999999999999999}}}\n";
    let code = specforge::render_str(spec, false, "big.yaml").expect("3.1 is read");
    // A nullable component: its uses are `Option`s, the alias itself is the integer.
    assert!(code.contains("pub type A = i64;"), "{code}");
}

/// Each 3.1 construct that cannot become 3.0 is an unsupported error at its pointer.
#[test]
fn untranslatable_3_1_schemas_are_located() {
    let cases = [
        ("{$recursiveRef: '#'}", "/paths/~1x/get/responses/200/content/application~1json/schema/$recursiveRef"),
        ("{type: object, properties: {a: {$dynamicRef: '#meta'}}}", "/paths/~1x/get/responses/200/content/application~1json/schema/properties/a/$dynamicRef"),
        ("false", "/paths/~1x/get/responses/200/content/application~1json/schema"),
        ("{type: [string, integer], anyOf: [{minLength: 1}]}", "/paths/~1x/get/responses/200/content/application~1json/schema/type"),
    ];
    for (schema, pointer) in cases {
        let spec = format!("openapi: 3.1.0\ninfo: {{title: t, version: v}}\npaths:\n  /x:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {schema}\n");
        match specforge::render_str(&spec, false, "x.yaml") {
            Err(specforge::Error::Spec(e)) => {
                assert_eq!(
                    e.kind,
                    specforge::SpecErrorKind::Unsupported,
                    "{schema}: {e}"
                );
                assert_eq!(e.pointer, pointer, "{schema}: {e}");
                assert!(e.line_column.is_some(), "{schema}: {e}");
            }
            other => panic!("{schema}: expected an unsupported error, got {other:?}"),
        }
    }
}

/// Malformed 3.1 forms are invalid, not silently read.
#[test]
fn malformed_3_1_schemas_are_invalid() {
    let cases = [
        ("{type: []}", "/type"),
        ("{type: [string, 3]}", "/type/1"),
        ("{type: array, prefixItems: {type: string}}", "/prefixItems"),
        (
            "{type: object, patternProperties: [a]}",
            "/patternProperties",
        ),
    ];
    for (schema, suffix) in cases {
        let spec = format!("openapi: 3.1.0\ninfo: {{title: t, version: v}}\ncomponents:\n  schemas:\n    A: {schema}\n");
        match specforge::render_str(&spec, false, "x.yaml") {
            Err(specforge::Error::Spec(e)) => {
                assert_eq!(e.kind, specforge::SpecErrorKind::Invalid, "{schema}: {e}");
                assert_eq!(
                    e.pointer,
                    format!("/components/schemas/A{suffix}"),
                    "{schema}: {e}"
                );
            }
            other => panic!("{schema}: expected an invalid error, got {other:?}"),
        }
    }
}

#[test]
fn swagger_2_is_still_refused() {
    let error = specforge::render_str(
        "swagger: '2.0'\ninfo: {title: t, version: v}\npaths: {}\n",
        false,
        "s.yaml",
    )
    .expect_err("Swagger 2.0 is not read");
    assert!(
        error.to_string().contains("Swagger 2.0 document"),
        "{error}"
    );
}
