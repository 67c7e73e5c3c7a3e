//! `Generator` settings for types: typed formats on or off, replacement types, extra derives
//! and attributes — and the errors for settings that name nothing or are not Rust paths.

use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn render(generator: &mut specforge::Generator) -> Result<String, String> {
    generator
        .cargo_directives(false)
        .render()
        .map_err(|e| e.to_string())
}

#[test]
fn formats_are_typed_by_default_and_strings_on_request() {
    let typed = render(&mut specforge::Generator::new(fixture("formats.yaml"))).expect("typed");
    assert!(typed.contains("pub created_at: rt::formats::DateTime,"));
    assert!(typed.contains("event_id: &rt::formats::Uuid,"));
    let strings = render(specforge::Generator::new(fixture("formats.yaml")).typed_formats(false))
        .expect("strings");
    assert!(!strings.contains("formats::"), "no typed format left");
    assert!(strings.contains("pub created_at: String,"));
    assert!(strings.contains("event_id: &str,"));
}

#[test]
fn the_document_can_keep_strings_and_a_setting_overrides_it() {
    let text = std::fs::read_to_string(fixture("formats.yaml")).expect("fixture");
    let text = text.replacen(
        "openapi: 3.0.3",
        "openapi: 3.0.3\nx-typed-formats: false",
        1,
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let spec = dir.path().join("strings.yaml");
    std::fs::write(&spec, text).expect("write");
    let strings = render(&mut specforge::Generator::new(&spec)).expect("strings");
    assert!(!strings.contains("formats::"));
    let typed = render(specforge::Generator::new(&spec).typed_formats(true)).expect("typed");
    assert!(typed.contains("formats::DateTime"));
}

#[test]
fn replace_derive_and_attribute_settings_reach_the_code() {
    let code = render(
        specforge::Generator::new(fixture("formats.yaml"))
            .replace("Stamp", "chrono::DateTime<chrono::Utc>")
            .derive("schemars::JsonSchema")
            .derive("Clone")
            .derive_on("Event", "Eq")
            .attribute_on("When", "#[serde_with::skip_serializing_none]"),
    )
    .expect("generates");
    assert!(
        code.contains("pub type Stamp = chrono::DateTime<chrono::Utc>;"),
        "{code}"
    );
    assert!(
        code.contains("#[derive(schemars::JsonSchema, Eq)]\n    #[derive(Debug, Clone, PartialEq,")
    );
    // `When` is a union: its schema comes from the runtime's macro, not the derive (whose
    // reading of serde attributes would not match its hand-written serde).
    assert!(
        code.contains("#[serde_with::skip_serializing_none]\n    #[derive(Debug,"),
        "{code}"
    );
    assert!(
        code.contains("rt::impl_json_schema!(union When[rt::formats::DateTime, i64]);"),
        "{code}"
    );
    assert!(
        !code.contains("#[derive(Clone"),
        "a derive the models have is not repeated"
    );
}

#[test]
fn settings_that_name_nothing_or_are_not_paths_are_errors() {
    let error = |g: &mut specforge::Generator| render(g).expect_err("refused");
    let message = error(specforge::Generator::new(fixture("formats.yaml")).replace("Evnt", "a::B"));
    assert!(
        message.contains("unknown component schema \"Evnt\"; did you mean \"Event\"?"),
        "{message}"
    );
    let message =
        error(specforge::Generator::new(fixture("formats.yaml")).derive_on("Nope", "Hash"));
    assert!(message.contains("unknown type \"Nope\""), "{message}");
    for (setting, bad) in [
        ("replace", "a::B; fn evil() {}"),
        ("derive", "Hash)] struct X; #[derive(Debug"),
        ("attribute", "#[a] fn evil() {}"),
    ] {
        let mut generator = specforge::Generator::new(fixture("formats.yaml"));
        match setting {
            "replace" => generator.replace("Event", bad),
            "derive" => generator.derive(bad),
            _ => generator.attribute(bad),
        };
        let message = error(&mut generator);
        assert!(
            message.starts_with(setting) && message.contains(&format!("{bad:?}")),
            "{message}"
        );
    }
}
