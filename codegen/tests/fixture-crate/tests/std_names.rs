//! Spec types named `Option`, `Result`, `Vec`, `String`, `Some`, `Box`, `None`, `BTreeMap`,
//! `From` and `Into` keep working beside the names every generated module imports or uses
//! unqualified: they become `…Value` (`tests/fixtures/std_names.yaml`).

use fixture_crate::std_names::models::{
    BTreeMapValue, BoxValue, FromValue, IntoValue, NoneValue, OptionValue, ResultValue, SomeValue,
};

#[test]
fn renamed_types_round_trip_with_their_wire_shapes() {
    let result = ResultValue {
        ok: Some(true),
        items: Some(vec![OptionValue {
            name: "x".to_owned(),
            some: Some(SomeValue::A),
        }]),
        boxed: Some(BoxValue {
            none: Some(NoneValue {
                err: Some("e".to_owned()),
            }),
        }),
        from: Some(FromValue {
            labels: Some(BTreeMapValue::from([("k".to_owned(), "v".to_owned())])),
            into: Some(IntoValue::Right),
        }),
    };
    let json = serde_json::to_value(&result).unwrap_or_default();
    assert_eq!(
        json,
        serde_json::json!({"ok": true, "items": [{"name": "x", "some": "a"}],
            "boxed": {"none": {"err": "e"}},
            "from": {"labels": {"k": "v"}, "into": "right"}})
    );
    let back: Result<ResultValue, _> = serde_json::from_value(json);
    assert_eq!(back.ok(), Some(result));
}

#[test]
fn a_renamed_type_keeps_its_rules() {
    use specforge_runtime::validation::{Validate, Validator};
    let mut validator = Validator::new();
    OptionValue {
        name: "much too long".to_owned(),
        some: None,
    }
    .validate(&mut validator);
    assert!(validator.finish().is_err());
}
