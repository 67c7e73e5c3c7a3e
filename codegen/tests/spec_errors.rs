//! Broken or unsupported specs give an error that says what and where — never a panic.
//!
//! Each file in `tests/fixtures/invalid/` lists what its error must contain in
//! `# expect:` lines (or a sibling `.expect` file for JSON, which has no comments). In strict
//! mode that is the error; otherwise a problem confined to one operation or schema leaves it
//! out with the same message, and only a broken document is still an error.

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
            .strict(true)
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
        .strict(true)
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

/// Without `strict`, each invalid fixture is either a broken document (the same error) or
/// generates without what it cannot express, and the omission carries the strict error.
#[test]
fn without_strict_only_broken_documents_fail() {
    let mut partial = Vec::new();
    for path in invalid_fixtures() {
        let strict = specforge::Generator::new(&path)
            .cargo_directives(false)
            .strict(true)
            .render()
            .expect_err("strict refuses every invalid fixture")
            .to_string();
        let generator = specforge::Generator::new(&path);
        match generator.render_with_omissions() {
            Err(error) => assert_eq!(error.to_string(), strict, "{}", path.display()),
            Ok((_, omitted)) => {
                let same = omitted.iter().find(|o| o.cause.to_string() == strict);
                let same =
                    same.unwrap_or_else(|| panic!("{}: no omission for {strict}", path.display()));
                assert!(same.to_string().contains(&same.pointer));
                partial.push(path.file_name().map(|n| n.to_string_lossy().into_owned()));
            }
        }
    }
    // The ones confined to one operation or schema, by name: a change here is a decision.
    let partial: Vec<String> = partial.into_iter().flatten().collect();
    assert_eq!(
        partial,
        [
            "all_of_object_and_string.yaml",
            "bad_ref_pointer.yaml",
            "deep_invalid_leaf.yaml",
            "duplicate_operation_id.yaml",
            "enum_varnames_count.yaml",
            "external_ref.yaml",
            "matrix_path_param.yaml",
            "missing_ref.yaml",
            "openapi31_dynamic_ref.yaml",
            "pagination_binary_body.yaml",
            "pagination_offset_string.yaml",
            "rust_derives_not_paths.yaml",
            "rust_type_expression.yaml",
            "rust_type_injection.yaml",
            "url_ref.yaml",
        ]
    );
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
    // `E` is used by no operation: kept on request.
    let (code, _) = specforge::Generator::new("x.yaml")
        .keep_unreachable_types(true)
        .render_text(spec, false)
        .expect("generates");
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
        let strict = specforge::Generator::new("x.yaml")
            .strict(true)
            .render_text(&spec, false);
        match strict {
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
        // Otherwise the operation is left out, for the same reason at the same place.
        let (_, omitted) = specforge::Generator::new("x.yaml")
            .render_text(&spec, false)
            .expect("generates without the operation");
        assert_eq!(omitted.len(), 1, "{schema}");
        assert_eq!(omitted[0].cause.pointer, pointer, "{schema}");
        assert_eq!(omitted[0].pointer, "/paths/~1x/get", "{schema}");
        assert_eq!(omitted[0].line, Some(5), "{schema}"); // `get:`
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

/// A malformed operation (wrong types inside it, a callback `$ref` that leads nowhere) is left
/// out, located at its node rather than at `#/paths`; the others generate.
#[test]
fn a_malformed_operation_is_left_out_and_located_at_its_node() {
    let spec = "openapi: 3.0.3\ninfo: {title: t, version: v}\npaths:\n  /ok:\n    get:\n      operationId: fine\n      responses: {'204': {description: ok}}\n  /bad:\n    get:\n      operationId: wrongTypes\n      parameters: [{name: q, in: query, schema: {type: string}, required: maybe}]\n      responses: {'204': {description: ok}}\n    post:\n      operationId: lostCallback\n      callbacks: {done: {$ref: '#/components/callbacks/Missing'}}\n      responses: {'204': {description: ok}}\n";
    let (code, omitted) = specforge::Generator::new("x.yaml")
        .render_text(spec, false)
        .expect("the rest generates");
    assert!(code.contains("pub fn fine("), "{code}");
    let causes: Vec<(&str, &str)> = omitted
        .iter()
        .map(|o| {
            (
                o.operation_id.as_deref().unwrap_or(""),
                o.cause.pointer.as_str(),
            )
        })
        .collect();
    assert_eq!(
        causes,
        [
            ("wrongTypes", "/paths/~1bad/get/parameters/0"),
            ("lostCallback", "/paths/~1bad/post/callbacks/done/$ref"),
        ]
    );
    assert_eq!(omitted[0].cause.line_column.map(|(l, _)| l), Some(11));
    assert!(
        omitted[1].cause.message.contains("Missing"),
        "{}",
        omitted[1].cause
    );
}

/// A UTF-8 byte-order mark before JSON or YAML is not part of the document.
#[test]
fn a_byte_order_mark_is_accepted() {
    let yaml = "\u{feff}openapi: 3.0.3\ninfo: {title: t, version: v}\npaths: {/a: {get: {operationId: getA, responses: {'204': {description: ok}}}}}\n";
    let json = "\u{feff}{\"openapi\": \"3.0.3\", \"info\": {\"title\": \"t\", \"version\": \"v\"}, \"paths\": {\"/a\": {\"get\": {\"operationId\": \"getA\", \"responses\": {\"204\": {\"description\": \"ok\"}}}}}}";
    let from_yaml = specforge::render_str(yaml, false, "a.yaml").expect("YAML with a BOM");
    let from_json = specforge::render_str(json, true, "a.json").expect("JSON with a BOM");
    assert!(from_yaml.contains("pub fn get_a("));
    assert_eq!(from_yaml, from_json.replace("a.json", "a.yaml"));
}

/// A component the loader refuses (a Swagger 2-style `required: true` on a property) goes,
/// and so does what uses it, saying why; the rest generates.
#[test]
fn a_malformed_component_takes_only_its_users_with_it() {
    let spec = "openapi: 3.0.3\ninfo: {title: t, version: v}\npaths:\n  /a:\n    get:\n      operationId: getA\n      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Bad'}}}}}\n  /b:\n    get:\n      operationId: getB\n      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Good'}}}}}\ncomponents:\n  schemas:\n    Good: {type: object, properties: {x: {type: string}}}\n    Bad:\n      type: object\n      properties:\n        y: {type: string, required: true}\n";
    let (code, omitted) = specforge::Generator::new("x.yaml")
        .render_text(spec, false)
        .expect("the rest generates");
    assert!(
        code.contains("pub fn get_b(") && !code.contains("fn get_a("),
        "{code}"
    );
    let items: Vec<&str> = omitted.iter().map(|o| o.item.as_str()).collect();
    assert_eq!(items, ["operation `getA` (GET /a)", "schema `Bad`"]);
    assert_eq!(
        omitted[1].cause.pointer,
        "/components/schemas/Bad/properties/y/required"
    );
    let why = &omitted[0].cause.message;
    assert!(
        why.contains("`#/components/schemas/Bad` was left out: ") && why.contains("required"),
        "{why}"
    );
    let strict = specforge::Generator::new("x.yaml")
        .strict(true)
        .render_text(spec, false)
        .expect_err("strict refuses");
    assert!(
        strict
            .to_string()
            .contains("/components/schemas/Bad/properties/y/required"),
        "{strict}"
    );
}
