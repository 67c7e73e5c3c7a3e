//! Edge cases of unions whose members pin a property (the wire behaviour is proven in
//! `codegen/tests/fixture-crate/tests/pinned.rs`): when a pinned property is *not* a discriminator.

fn render(schemas: &str) -> String {
    let spec = format!(
        "openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\npaths:\n  /u:\n    get:\n      responses:\n        '200':\n          description: ok\n          content: {{application/json: {{schema: {{$ref: '#/components/schemas/U'}}}}}}\ncomponents:\n  schemas:\n{schemas}"
    );
    // Some schemas here are used by no operation: they are the point.
    specforge::Generator::new("pinned.yaml")
        .keep_unreachable_types(true)
        .render_text(&spec, false)
        .map(|(code, _)| code)
        .unwrap_or_else(|e| panic!("{e}"))
}

/// The text of one generated item, from its `pub enum`/`pub struct` line to the next blank one.
fn item<'c>(code: &'c str, head: &str) -> &'c str {
    let start = code
        .find(head)
        .unwrap_or_else(|| panic!("no `{head}` in\n{code}"));
    let rest = &code[start..];
    &rest[..rest.find("\n\n").unwrap_or(rest.len())]
}

#[test]
fn two_members_pinning_the_same_value_stay_untagged_with_constants() {
    let code = render(
        "    U: {oneOf: [{$ref: '#/components/schemas/A'}, {$ref: '#/components/schemas/B'}]}
    A: {type: object, properties: {kind: {const: same}, a: {type: string}}}
    B: {type: object, properties: {kind: {const: same}, b: {type: integer}}}
",
    );
    assert!(item(&code, "pub enum U").contains("A(A)"), "{code}");
    // Untagged: decoded by trying each member (the union is only received here, so it has
    // no `Serialize` and no `#[serde(untagged)]`).
    assert!(
        code.contains(
            "union::decode_untagged(\n                deserializer,\n                \"U\""
        ),
        "{code}"
    );
    assert!(code.contains("impl_constant!(AKind, \"same\")"), "{code}");
}

#[test]
fn a_member_that_is_not_an_object_keeps_the_union_untagged() {
    let code = render(
        "    U: {anyOf: [{$ref: '#/components/schemas/A'}, {type: string}]}
    A: {type: object, properties: {kind: {const: a}}}
",
    );
    // Untagged: decoded by trying each member (the union is only received here, so it has
    // no `Serialize` and no `#[serde(untagged)]`).
    assert!(
        code.contains(
            "union::decode_untagged(\n                deserializer,\n                \"U\""
        ),
        "{code}"
    );
    assert!(code.contains("impl_constant!(AKind, \"a\")"), "{code}");
}

#[test]
fn a_mapping_that_contradicts_the_pinned_value_leaves_the_tag_field_open() {
    let code = render(
        "    U:
      oneOf: [{$ref: '#/components/schemas/A'}, {$ref: '#/components/schemas/B'}]
      discriminator: {propertyName: kind, mapping: {x: '#/components/schemas/A', y: '#/components/schemas/B'}}
    A: {type: object, required: [kind], properties: {kind: {const: a}}}
    B: {type: object, required: [kind], properties: {kind: {const: b}}}
",
    );
    // `x` chooses `A`, whose `kind` can only be `a`: a strict constant would refuse every `A`.
    assert!(code.contains("Some(\"x\")"), "{code}");
    assert!(!code.contains("impl_constant!(AKind"), "{code}");
    assert!(!code.contains("pin_tag"), "{code}");
}

#[test]
fn a_shared_component_enum_gets_a_constant_of_its_own_and_stays_an_enum() {
    let code = render(
        "    U: {oneOf: [{$ref: '#/components/schemas/A'}, {$ref: '#/components/schemas/B'}]}
    Kind: {type: string, enum: [a]}
    A: {type: object, required: [kind], properties: {kind: {$ref: '#/components/schemas/Kind'}}}
    B: {type: object, required: [kind], properties: {kind: {const: b}}}
    Other: {type: object, properties: {kind: {$ref: '#/components/schemas/Kind'}}}
",
    );
    assert!(code.contains("impl_constant!(KindConst, \"a\")"), "{code}");
    assert!(code.contains("pub enum Kind {"), "{code}");
    assert!(
        item(&code, "pub struct Other").contains("Option<Kind>"),
        "{code}"
    );
    assert!(
        code.contains("Some(\"a\")") && code.contains("Some(\"b\")"),
        "{code}"
    );
}

#[test]
fn members_pinning_the_same_discriminator_value_are_tried_in_turn() {
    // OpenAI's realtime items: three members pin `type: message` (told apart by `role`).
    let code = render(
        "    U:
      oneOf: [{$ref: '#/components/schemas/A'}, {$ref: '#/components/schemas/B'}, {$ref: '#/components/schemas/C'}]
      discriminator: {propertyName: type}
    A: {type: object, required: [type], properties: {type: {const: message}, role: {const: user}}}
    B: {type: object, required: [type], properties: {type: {const: message}, role: {const: system}}}
    C: {type: object, required: [type], properties: {type: {const: call}}}
",
    );
    assert!(
        code.contains("Some(\"A\")") && code.contains("Some(\"B\")"),
        "{code}"
    );
    assert!(code.contains("Some(\"call\" | \"C\")"), "{code}");
    // The shared value tries both members, told apart by what else they pin (`role`).
    let shared = code
        .split("Some(\"message\") =>")
        .nth(1)
        .and_then(|rest| rest.split("_ =>").next())
        .unwrap_or_else(|| panic!("no arm for the shared value: {code}"));
    assert!(
        shared.contains("decode_untagged")
            && shared.contains("Self::A")
            && shared.contains("Self::B"),
        "{shared}"
    );
    assert!(!shared.contains("Self::C"), "{shared}");
}
