//! The table-driven `Deserialize` generated structs use (`codegen::decode_struct`) against
//! serde's own derive on the same struct: for every input, from JSON text and from a
//! `serde_json::Value`, through `serde_path_to_error` and `serde_ignored` too, the value or
//! the error message (position and path included) must be the derive's, byte for byte.

use serde::Deserialize;
use serde_json::Value;
use specforge_runtime::codegen as rt;

/// What the generator writes for one struct: optional, three-state, any-value, required
/// nullable, renamed and boxed fields. (Fields are read through `Debug` only.)
#[allow(dead_code)]
mod derived {
    use super::rt;

    #[derive(Debug, serde::Deserialize)]
    pub struct Probe {
        pub name: String,
        #[serde(rename = "type")]
        pub type_: Option<i64>,
        #[serde(default)]
        pub count: Option<u32>,
        #[serde(default)]
        pub note: rt::Nullable<String>,
        #[serde(default, deserialize_with = "rt::keep_null")]
        pub any: Option<serde_json::Value>,
        pub inner: Box<Inner>,
    }

    #[derive(Debug, serde::Deserialize)]
    pub struct Inner {
        pub x: Vec<i32>,
    }

    /// More fields than one slot tuple holds (16): the table nests its slots. Odd fields
    /// are optional (`#[serde(default)]`, as the generator marks them).
    #[derive(Debug, serde::Deserialize)]
    #[rustfmt::skip]
    pub struct Wide {
        pub f0: u8, #[serde(default)] pub f1: Option<u8>, pub f2: u8,
        #[serde(default)] pub f3: Option<u8>, pub f4: u8, #[serde(default)] pub f5: Option<u8>,
        pub f6: u8, #[serde(default)] pub f7: Option<u8>, pub f8: u8,
        #[serde(default)] pub f9: Option<u8>, pub f10: u8, #[serde(default)] pub f11: Option<u8>,
        pub f12: u8, #[serde(default)] pub f13: Option<u8>, pub f14: u8,
        #[serde(default)] pub f15: Option<u8>, pub f16: u8, #[serde(default)] pub f17: Option<u8>,
        pub f18: String,
    }
}

/// The same struct through `decode_struct`, as the generator emits it.
#[allow(dead_code)]
mod table {
    use super::rt;

    #[derive(Debug)]
    pub struct Probe {
        pub name: String,
        pub type_: Option<i64>,
        pub count: Option<u32>,
        pub note: rt::Nullable<String>,
        pub any: Option<serde_json::Value>,
        pub inner: Box<Inner>,
    }

    rt::impl_deserialize_by_table!(Probe);

    impl<'de> rt::DecodeStruct<'de> for Probe {
        const NAME: &'static str = "Probe";
        const FIELDS: &'static [&'static str] = &["name", "type", "count", "note", "any", "inner"];
        type Slots = (
            Option<String>,
            Option<Option<i64>>,
            Option<Option<u32>>,
            Option<rt::Nullable<String>>,
            Option<serde_json::Value>,
            Option<Box<Inner>>,
        );

        fn finish<E: rt::serde::de::Error>(
            slots: Self::Slots,
            missing: rt::Missing,
        ) -> Result<Self, E> {
            Ok(Self {
                name: missing.take(slots.0, 0)?,
                type_: missing.take(slots.1, 1)?,
                count: slots.2.unwrap_or_default(),
                note: slots.3.unwrap_or_default(),
                any: slots.4,
                inner: missing.take(slots.5, 5)?,
            })
        }
    }

    #[derive(Debug)]
    pub struct Inner {
        pub x: Vec<i32>,
    }

    rt::impl_deserialize_by_table!(Inner);

    impl<'de> rt::DecodeStruct<'de> for Inner {
        const NAME: &'static str = "Inner";
        const FIELDS: &'static [&'static str] = &["x"];
        type Slots = (Option<Vec<i32>>,);

        fn finish<E: rt::serde::de::Error>(
            slots: Self::Slots,
            missing: rt::Missing,
        ) -> Result<Self, E> {
            Ok(Self {
                x: missing.take(slots.0, 0)?,
            })
        }
    }
    /// More fields than one slot tuple holds (16): the slots nest, as the generator nests them.
    #[derive(Debug)]
    #[rustfmt::skip]
    pub struct Wide {
        pub f0: u8, pub f1: Option<u8>, pub f2: u8, pub f3: Option<u8>, pub f4: u8,
        pub f5: Option<u8>, pub f6: u8, pub f7: Option<u8>, pub f8: u8, pub f9: Option<u8>,
        pub f10: u8, pub f11: Option<u8>, pub f12: u8, pub f13: Option<u8>, pub f14: u8,
        pub f15: Option<u8>, pub f16: u8, pub f17: Option<u8>, pub f18: String,
    }

    rt::impl_deserialize_by_table!(Wide);

    impl<'de> rt::DecodeStruct<'de> for Wide {
        const NAME: &'static str = "Wide";
        const FIELDS: &'static [&'static str] = &[
            "f0", "f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8", "f9", "f10", "f11", "f12", "f13",
            "f14", "f15", "f16", "f17", "f18",
        ];
        #[rustfmt::skip]
        type Slots = (
            (
                Option<u8>, Option<Option<u8>>, Option<u8>, Option<Option<u8>>,
                Option<u8>, Option<Option<u8>>, Option<u8>, Option<Option<u8>>,
                Option<u8>, Option<Option<u8>>, Option<u8>, Option<Option<u8>>,
                Option<u8>, Option<Option<u8>>, Option<u8>, Option<Option<u8>>,
            ),
            (Option<u8>, Option<Option<u8>>, Option<String>),
        );

        fn finish<E: rt::serde::de::Error>(
            slots: Self::Slots,
            missing: rt::Missing,
        ) -> Result<Self, E> {
            Ok(Self {
                f0: missing.take(slots.0 .0, 0)?,
                f1: slots.0 .1.unwrap_or_default(),
                f2: missing.take(slots.0 .2, 2)?,
                f3: slots.0 .3.unwrap_or_default(),
                f4: missing.take(slots.0 .4, 4)?,
                f5: slots.0 .5.unwrap_or_default(),
                f6: missing.take(slots.0 .6, 6)?,
                f7: slots.0 .7.unwrap_or_default(),
                f8: missing.take(slots.0 .8, 8)?,
                f9: slots.0 .9.unwrap_or_default(),
                f10: missing.take(slots.0 .10, 10)?,
                f11: slots.0 .11.unwrap_or_default(),
                f12: missing.take(slots.0 .12, 12)?,
                f13: slots.0 .13.unwrap_or_default(),
                f14: missing.take(slots.0 .14, 14)?,
                f15: slots.0 .15.unwrap_or_default(),
                f16: missing.take(slots.1 .0, 16)?,
                f17: slots.1 .1.unwrap_or_default(),
                f18: missing.take(slots.1 .2, 18)?,
            })
        }
    }
}

/// Inputs for `Wide`: fields on both sides of the 16-slot boundary, by name and by position.
const WIDE_INPUTS: &[&str] = &[
    r#"{"f0":0,"f2":2,"f4":4,"f6":6,"f8":8,"f10":10,"f12":12,"f14":14,"f16":16,"f18":"x"}"#,
    r#"{"f18":"y","f17":17,"f16":16,"f15":15,"f0":0,"f2":2,"f4":4,"f6":6,"f8":8,"f10":10,"f12":12,"f14":14}"#,
    r#"{"f0":0,"f2":2,"f4":4,"f6":6,"f8":8,"f10":10,"f12":12,"f14":14,"f18":"no f16"}"#,
    r#"{"f0":0,"f2":2,"f4":4,"f6":6,"f8":8,"f10":10,"f12":12,"f14":14,"f16":16}"#,
    r#"{"f0":0,"f2":2,"f4":4,"f6":6,"f8":8,"f10":10,"f12":12,"f14":14,"f16":1,"f16":2,"f18":""}"#,
    r#"{"f0":0,"f2":2,"f4":4,"f6":6,"f8":8,"f10":10,"f12":12,"f14":14,"f16":300,"f18":""}"#,
    r#"{"f0":0,"f2":2,"f4":4,"f6":6,"f8":8,"f10":10,"f12":12,"f14":14,"f16":16,"f18":"","f19":0}"#,
    r#"[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,"z"]"#,
    r#"[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16]"#,
    r#"[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15]"#,
    r#"[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,"z",19]"#,
    r#"[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,null,5]"#,
];

#[test]
fn nested_slots_like_the_derive() {
    for input in WIDE_INPUTS {
        let derived = shown(serde_json::from_str::<derived::Wide>(input));
        let table = shown(serde_json::from_str::<table::Wide>(input));
        assert_eq!(table, derived, "input {input}");
        let Ok(value) = serde_json::from_str::<Value>(input) else {
            continue;
        };
        let derived = shown(derived::Wide::deserialize(&value));
        let table = shown(table::Wide::deserialize(&value));
        assert_eq!(table, derived, "input {input} from a value");
    }
    let ok = shown(serde_json::from_str::<table::Wide>(WIDE_INPUTS[1]));
    assert!(ok.contains("f16: 16, f17: Some(17), f18: \"y\""), "{ok}");
}

const INPUTS: &[&str] = &[
    // Whole, minimal, and each optional state.
    r#"{"name":"a","type":1,"count":2,"note":"n","any":{"k":[1]},"inner":{"x":[1,2]}}"#,
    r#"{"name":"a","type":null,"inner":{"x":[]}}"#,
    r#"{"name":"a","inner":{"x":[]}}"#,
    r#"{"name":"a","inner":{"x":[]},"count":null,"note":null,"any":null}"#,
    r#"{"inner":{"x":[]},"any":false,"note":"","name":""}"#,
    // Missing required fields, in and out of declaration order.
    r#"{}"#,
    r#"{"type":1}"#,
    r#"{"name":"a"}"#,
    r#"{"inner":{}, "name":"a"}"#,
    // Duplicates: a known field is an error, an unknown one is not.
    r#"{"name":"a","name":"b","inner":{"x":[]}}"#,
    r#"{"name":"a","inner":{"x":[]},"inner":{"x":[]}}"#,
    r#"{"name":"a","zz":1,"zz":[{"deep":null}],"inner":{"x":[],"y":2}}"#,
    r#"{"name":"a","count":null,"count":1,"inner":{"x":[]}}"#,
    // Wrong types, at the top and nested.
    r#"{"name":5,"inner":{"x":[]}}"#,
    r#"{"name":"a","type":"1","inner":{"x":[]}}"#,
    r#"{"name":"a","count":-1,"inner":{"x":[]}}"#,
    r#"{"name":"a","inner":{"x":[1,"2"]}}"#,
    r#"{"name":"a","inner":[]}"#,
    r#"{"name":"a","note":7,"inner":{"x":[]}}"#,
    // Not an object.
    r#""probe""#,
    r#"5"#,
    r#"null"#,
    r#"true"#,
    // An array, read by position, short, long and wrong.
    r#"["a",1,2,"n",null,{"x":[3]}]"#,
    r#"["a",null,null,null,null,[[4]]]"#,
    r#"[]"#,
    r#"["a"]"#,
    r#"["a",1]"#,
    r#"["a",1,2,"n",null]"#,
    r#"["a",1,2,"n",null,{"x":[]},9]"#,
    r#"[1]"#,
    // Syntax errors inside a field.
    r#"{"name":"a","inner":{"x":[1,]}}"#,
    r#"{"name":"a""#,
];

/// The value or error, printed: both structs are named `Probe`.
fn shown<T: std::fmt::Debug, E: std::fmt::Display>(result: Result<T, E>) -> String {
    match result {
        Ok(value) => format!("ok {value:?}"),
        Err(error) => format!("error {error}"),
    }
}

#[test]
fn from_json_text_like_the_derive() {
    for input in INPUTS {
        let derived = shown(serde_json::from_str::<derived::Probe>(input));
        let table = shown(serde_json::from_str::<table::Probe>(input));
        assert_eq!(table, derived, "input {input}");
    }
}

#[test]
fn from_a_json_value_like_the_derive() {
    for input in INPUTS {
        let Ok(value) = serde_json::from_str::<Value>(input) else {
            continue;
        };
        let derived = shown(derived::Probe::deserialize(&value));
        let table = shown(table::Probe::deserialize(&value));
        assert_eq!(table, derived, "input {input} by reference");
        let derived = shown(serde_json::from_value::<derived::Probe>(value.clone()));
        let table = shown(serde_json::from_value::<table::Probe>(value));
        assert_eq!(table, derived, "input {input} by value");
    }
}

/// The error path (`serde_path_to_error`) and the ignored fields (`serde_ignored`), which
/// the runtime's decoding reports, see the same keys.
#[test]
fn paths_and_ignored_fields_like_the_derive() {
    fn run<T: for<'de> Deserialize<'de> + std::fmt::Debug>(input: &str) -> String {
        let mut ignored = Vec::new();
        let mut json = serde_json::Deserializer::from_str(input);
        let mut record = |path: serde_ignored::Path<'_>| ignored.push(path.to_string());
        let tracked = serde_ignored::Deserializer::new(&mut json, &mut record);
        let result = serde_path_to_error::deserialize::<_, T>(tracked);
        let shown = match result {
            Ok(value) => format!("ok {value:?}"),
            Err(error) => format!("error at {}: {}", error.path(), error.inner()),
        };
        format!("{shown}; ignored {ignored:?}")
    }
    let mut seen_ignored = false;
    for input in INPUTS {
        let derived = run::<derived::Probe>(input);
        seen_ignored |= derived.contains("zz");
        assert_eq!(run::<table::Probe>(input), derived, "input {input}");
    }
    assert!(seen_ignored, "an input has unknown fields to report");
}

/// Keys that are not strings (a non-JSON deserializer): integers name fields by position,
/// as with the derive.
#[test]
fn integer_and_byte_keys_like_the_derive() {
    use serde::de::value::MapDeserializer;
    use serde_json::Error;
    let entries = || {
        vec![
            (0u64, Value::from("a")),
            (1u64, Value::from(3)),
            (9u64, Value::from("ignored")),
            (5u64, serde_json::json!({"x": [1]})),
        ]
    };
    let derived = shown(derived::Probe::deserialize(
        MapDeserializer::<_, Error>::new(entries().into_iter()),
    ));
    let table = shown(table::Probe::deserialize(MapDeserializer::<_, Error>::new(
        entries().into_iter(),
    )));
    assert!(derived.starts_with("ok "), "{derived}");
    assert_eq!(table, derived);
    let bytes = || {
        vec![
            (serde_bytes_key("name"), Value::from("b")),
            (serde_bytes_key("inner"), serde_json::json!({"x": []})),
        ]
    };
    let derived = shown(derived::Probe::deserialize(
        MapDeserializer::<_, Error>::new(bytes().into_iter()),
    ));
    let table = shown(table::Probe::deserialize(MapDeserializer::<_, Error>::new(
        bytes().into_iter(),
    )));
    assert_eq!(table, derived);
}

/// A key that arrives as bytes.
fn serde_bytes_key(
    name: &'static str,
) -> serde::de::value::BytesDeserializer<'static, serde_json::Error> {
    serde::de::value::BytesDeserializer::new(name.as_bytes())
}
