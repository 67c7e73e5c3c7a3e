//! Parameters whose schema is a `$ref` — to a list, a list of enums, a map, an object, an
//! enum, an unsigned number, a nullable string, an alias of an alias — in every location and
//! style, generated and then **compiled** with clippy (warnings denied): such a parameter once
//! produced `request.query(name, &Vec<…>)`, which parses but fails with E0277, so parsing
//! alone (what `properties.rs` checks) cannot catch this class.
//!
//! The specs come from a proptest strategy with a fixed seed (the same sample every run, so a
//! failure reproduces); all of them compile as modules of one crate, sharing this workspace's
//! target directory and lock file, so only the generated code itself is built.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use serde_json::{json, Value};

/// Component schemas a parameter may refer to, by name.
fn components() -> Value {
    json!({
        "IdList": {"type": "array", "items": {"type": "integer", "format": "int32"}},
        "Colors": {"type": "array", "items": {"$ref": "#/components/schemas/Color"}},
        "Color": {"type": "string", "enum": ["red", "green"]},
        "Labels": {"type": "object", "additionalProperties": {"type": "string"}},
        "Filter": {"type": "object", "properties": {"name": {"type": "string"}, "size": {"type": "integer"}}},
        "Count": {"type": "integer", "format": "uint32", "maximum": 500},
        "MaybeText": {"type": "string", "nullable": true},
        "MoreIds": {"$ref": "#/components/schemas/IdList"},
        "Word": {"type": "string", "maxLength": 8},
    })
}

const TARGETS: &[&str] = &[
    "IdList",
    "Colors",
    "Color",
    "Labels",
    "Filter",
    "Count",
    "MaybeText",
    "MoreIds",
    "Word",
];

/// Which styles each location allows (OpenAPI's table), `None` meaning the default.
const QUERY_STYLES: &[Option<&str>] = &[
    None,
    Some("form"),
    Some("spaceDelimited"),
    Some("pipeDelimited"),
    Some("deepObject"),
];
const PATH_TARGETS: &[&str] = &["IdList", "Color", "Count", "Word", "MoreIds"];

#[derive(Debug, Clone)]
struct Param {
    location: &'static str,
    target: &'static str,
    style: Option<&'static str>,
    explode: Option<bool>,
    required: bool,
}

fn param() -> impl Strategy<Value = Param> {
    (
        prop::sample::select(&["query", "query", "header", "cookie"][..]),
        prop::sample::select(TARGETS),
        prop::sample::select(QUERY_STYLES),
        prop::option::of(any::<bool>()),
        any::<bool>(),
    )
        .prop_map(|(location, target, style, explode, required)| Param {
            location,
            target,
            // Only the query has styles beyond the default.
            style: style.filter(|_| location == "query"),
            explode,
            required,
        })
}

/// One operation's parameters, plus an optional path parameter that is a `$ref` too.
fn operation() -> impl Strategy<Value = (Vec<Param>, Option<(&'static str, bool)>)> {
    (
        prop::collection::vec(param(), 1..5),
        prop::option::of((prop::sample::select(PATH_TARGETS), any::<bool>())),
    )
}

fn spec() -> impl Strategy<Value = Value> {
    prop::collection::vec(operation(), 1..4).prop_map(|operations| {
        let mut paths = serde_json::Map::new();
        for (index, (params, path_param)) in operations.into_iter().enumerate() {
            let mut parameters: Vec<Value> = params
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    let mut value = json!({
                        "name": format!("p{i}"),
                        "in": p.location,
                        "required": p.required,
                        "schema": {"$ref": format!("#/components/schemas/{}", p.target)},
                    });
                    if let Some(style) = p.style {
                        value["style"] = json!(style);
                    }
                    if let Some(explode) = p.explode {
                        value["explode"] = json!(explode);
                    }
                    value
                })
                .collect();
            let mut path = format!("/op{index}");
            if let Some((target, explode)) = path_param {
                path.push_str("/{id}");
                parameters.push(json!({
                    "name": "id", "in": "path", "required": true, "explode": explode,
                    "schema": {"$ref": format!("#/components/schemas/{target}")},
                }));
            }
            paths.insert(
                path,
                json!({"get": {
                    "operationId": format!("op{index}"),
                    "parameters": parameters,
                    "responses": {"204": {"description": "ok"}},
                }}),
            );
        }
        json!({
            "openapi": "3.0.3",
            "info": {"title": "param refs", "version": "1"},
            "paths": paths,
            "components": {"schemas": components()},
        })
    })
}

/// How many specs the sample holds (all compiled at once, in one crate).
const SAMPLE: usize = 24;

#[test]
fn parameters_given_as_refs_compile_in_every_location_and_style() {
    let config = Config {
        failure_persistence: None,
        ..Config::default()
    };
    let rng = TestRng::deterministic_rng(RngAlgorithm::ChaCha);
    let mut runner = TestRunner::new_with_rng(config, rng);
    let crate_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("param_refs");
    let src = crate_dir.join("src");
    std::fs::create_dir_all(&src).expect("crate directory");
    let mut lib = String::from("#![deny(warnings)]\n");
    for index in 0..SAMPLE {
        let spec = spec().new_tree(&mut runner).expect("a spec").current();
        let text = serde_json::to_string_pretty(&spec).expect("JSON");
        let (code, omitted) = specforge::Generator::new(format!("spec{index}.json"))
            .strict(true)
            .render_text(&text, true)
            .unwrap_or_else(|e| panic!("spec {index} should generate: {e}\n{text}"));
        assert!(omitted.is_empty());
        std::fs::write(src.join(format!("spec{index}.rs")), code).expect("write module");
        std::fs::write(crate_dir.join(format!("spec{index}.json")), &text).expect("write spec");
        let _ = writeln!(
            lib,
            "pub mod spec{index} {{ include!(\"spec{index}.rs\"); }}"
        );
    }
    std::fs::write(src.join("lib.rs"), lib).expect("write lib.rs");
    write_manifest(&crate_dir);
    let target = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("the target directory");
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
        .args(["clippy", "--quiet", "--offline", "--", "-D", "warnings"])
        .current_dir(&crate_dir)
        .env("CARGO_TARGET_DIR", target)
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "the generated code does not compile (specs and code in {}):\n{}",
        crate_dir.display(),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A standalone crate on this workspace's runtime, locked to this workspace's versions.
fn write_manifest(dir: &Path) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let runtime = root.join("runtime");
    let manifest = format!(
        "[package]\nname = \"param-refs-sample\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\nspecforge-runtime = {{ path = {:?} }}\nserde = {{ version = \"1\", features = [\"derive\"] }}\n\n\
         [workspace]\n",
        runtime.display().to_string()
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).expect("write Cargo.toml");
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).expect("copy Cargo.lock");
}
