//! Flattening serialized values into `key=value` pairs: form bodies
//! (`application/x-www-form-urlencoded`) and object query parameters (`style: deepObject`,
//! `style: form`).

use serde::Serialize;
use serde_json::Value;

use crate::error::Error;
use crate::query::{Delimiter, QueryParam};

/// The pairs of a form body: each top-level field is a key; lists repeat it (`tag=a&tag=b`)
/// and nested objects use brackets (`meta[color]=red`), the form servers such as Stripe and
/// Twilio read. `null` and unset fields are left out.
pub(crate) fn form_pairs<T: Serialize + ?Sized>(body: &T) -> Result<Vec<(String, String)>, Error> {
    let value = to_value(body, "request body")?;
    let Value::Object(fields) = value else {
        return Err(Error::InvalidRequest(
            "a form body must be an object with named fields".to_owned(),
        ));
    };
    let mut pairs = Vec::new();
    for (key, value) in fields {
        push_exploded(&mut pairs, key, &value);
    }
    Ok(pairs)
}

/// `name[key]=value` for every field of an object, recursively (`style: deepObject`). A list
/// is `name[]=a&name[]=b`, as Stripe (whose `expand` parameters are such lists) and the
/// PHP/Rails convention the style comes from read it.
pub(crate) fn deep_object_pairs<T: Serialize + ?Sized>(
    name: &str,
    value: &T,
) -> Result<Vec<(String, String)>, Error> {
    let value = to_value(value, name)?;
    let mut pairs = Vec::new();
    match &value {
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                let key = match item {
                    Value::Object(_) | Value::Array(_) => format!("{name}[{index}]"),
                    _ => format!("{name}[]"),
                };
                push_exploded(&mut pairs, key, item);
            }
        }
        _ => push_exploded(&mut pairs, name.to_owned(), &value),
    }
    Ok(pairs)
}

/// The fields of an object as their own keys (`style: form, explode: true` on an object).
pub(crate) fn exploded_object_pairs<T: Serialize + ?Sized>(
    name: &str,
    value: &T,
) -> Result<Vec<(String, String)>, Error> {
    match to_value(value, name)? {
        Value::Object(fields) => {
            let mut pairs = Vec::new();
            for (key, value) in fields {
                push_exploded(&mut pairs, key, &value);
            }
            Ok(pairs)
        }
        other => {
            let mut pairs = Vec::new();
            push_exploded(&mut pairs, name.to_owned(), &other);
            Ok(pairs)
        }
    }
}

/// One text for a whole value, items joined by `separator` (`style: form, explode: false`,
/// `simple`, `spaceDelimited`, `pipeDelimited`): lists as `a,b`, objects as `k,v,k,v`, or
/// `k=v,k=v` when `key_value` (exploded `simple` objects).
pub(crate) fn joined<T: Serialize + ?Sized>(
    name: &str,
    value: &T,
    separator: &str,
    key_value: bool,
) -> Result<Option<String>, Error> {
    Ok(items(name, value, key_value)?.map(|items| items.join(separator)))
}

/// The pieces [`joined`] puts together (a path encodes each before joining with `,`).
pub(crate) fn items<T: Serialize + ?Sized>(
    name: &str,
    value: &T,
    key_value: bool,
) -> Result<Option<Vec<String>>, Error> {
    Ok(Some(match to_value(value, name)? {
        Value::Null => return Ok(None),
        Value::Array(items) => items.iter().filter_map(scalar_text).collect(),
        Value::Object(fields) => fields
            .iter()
            .filter_map(|(k, v)| Some((k, scalar_text(v)?)))
            .flat_map(|(k, v)| match key_value {
                true => vec![format!("{k}={v}")],
                false => vec![k.clone(), v],
            })
            .collect(),
        scalar => scalar_text(&scalar).into_iter().collect(),
    }))
}

fn push_exploded(pairs: &mut Vec<(String, String)>, key: String, value: &Value) {
    match value {
        Value::Null => {}
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                match item {
                    Value::Object(_) | Value::Array(_) => {
                        push_exploded(pairs, format!("{key}[{index}]"), item)
                    }
                    _ => push_exploded(pairs, key.clone(), item),
                }
            }
        }
        Value::Object(fields) => {
            for (field, value) in fields {
                push_exploded(pairs, format!("{key}[{field}]"), value);
            }
        }
        scalar => pairs.extend(scalar_text(scalar).map(|text| (key, text))),
    }
}

/// Strings as they are, numbers and booleans in their JSON spelling; nested values as JSON.
fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

fn to_value<T: Serialize + ?Sized>(value: &T, what: &str) -> Result<Value, Error> {
    serde_json::to_value(value).map_err(|e| Error::InvalidRequest(format!("{what}: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn forms_repeat_lists_and_bracket_objects() {
        let body = json!({"a": "x y", "n": 3, "tags": ["p", "q"], "meta": {"c": true}, "none": null,
                          "rows": [{"k": 1}]});
        assert_eq!(
            form_pairs(&body).ok(),
            Some(pairs(&[
                ("a", "x y"),
                ("n", "3"),
                ("tags", "p"),
                ("tags", "q"),
                ("meta[c]", "true"),
                ("rows[0][k]", "1")
            ]))
        );
        assert!(form_pairs(&json!([1])).is_err());
    }

    #[test]
    fn query_styles_keep_delimiters_literal_and_encode_items() {
        let sent = |value: serde_json::Value, style: ParamStyle| {
            let params = styled_query("p", &value, style).unwrap_or_default();
            crate::query::query_string(&params)
        };
        let list = json!(["album", "a,b"]);
        assert_eq!(
            sent(list.clone(), ParamStyle::Form { explode: false }),
            "p=album,a%2Cb"
        );
        assert_eq!(
            sent(list.clone(), ParamStyle::Form { explode: true }),
            "p=a%2Cb&p=album"
        );
        assert_eq!(
            sent(list.clone(), ParamStyle::SpaceDelimited),
            "p=album%20a%2Cb"
        );
        assert_eq!(sent(list, ParamStyle::PipeDelimited), "p=album|a%2Cb");
        let object = json!({"x": "1,2", "y": 3});
        assert_eq!(
            sent(object.clone(), ParamStyle::Form { explode: false }),
            "p=x,1%2C2,y,3"
        );
        assert_eq!(
            sent(object.clone(), ParamStyle::Form { explode: true }),
            "x=1%2C2&y=3"
        );
        assert_eq!(
            sent(object.clone(), ParamStyle::DeepObject),
            "p%5Bx%5D=1%2C2&p%5By%5D=3"
        );
        assert_eq!(
            sent(object, ParamStyle::Json),
            "p=%7B%22x%22%3A%221%2C2%22%2C%22y%22%3A3%7D"
        );
        assert_eq!(sent(json!(null), ParamStyle::Form { explode: false }), "");
    }

    #[test]
    fn joined_styles() {
        assert_eq!(
            joined("x", &json!([1, 2]), ",", false)
                .ok()
                .flatten()
                .as_deref(),
            Some("1,2")
        );
        assert_eq!(
            joined("x", &json!({"r": 1, "g": 2}), ",", false)
                .ok()
                .flatten()
                .as_deref(),
            Some("r,1,g,2")
        );
        assert_eq!(
            joined("x", &json!({"r": 1}), ",", true)
                .ok()
                .flatten()
                .as_deref(),
            Some("r=1")
        );
        assert_eq!(joined("x", &json!(null), ",", true).ok().flatten(), None);
        assert_eq!(
            deep_object_pairs("f", &json!({"a": {"b": "c"}})).ok(),
            Some(pairs(&[("f[a][b]", "c")]))
        );
        assert_eq!(
            deep_object_pairs("expand", &json!(["data.customer", "data.invoice"])).ok(),
            Some(pairs(&[
                ("expand[]", "data.customer"),
                ("expand[]", "data.invoice")
            ]))
        );
        assert_eq!(
            deep_object_pairs("f", &json!([{"a": 1}])).ok(),
            Some(pairs(&[("f[0][a]", "1")]))
        );
    }
}

/// How a parameter that is not a plain scalar is serialized (OpenAPI `style` and `explode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamStyle {
    /// `style: form`: lists as repeated keys (explode) or `a,b`; objects as their own keys
    /// (explode) or `name=k,v,k,v`.
    Form {
        /// `explode: true` (OpenAPI's default for `form`).
        explode: bool,
    },
    /// `style: simple` (paths, headers): `a,b`; objects `k,v` or, exploded, `k=v`.
    Simple {
        /// `explode: true`.
        explode: bool,
    },
    /// `a b` (sent as `a%20b`).
    SpaceDelimited,
    /// `a|b`.
    PipeDelimited,
    /// `name[k]=v`.
    DeepObject,
    /// The value as JSON text (`content: application/json`).
    Json,
}

/// The query parameters a styled value becomes: exploded objects and lists as their own
/// pairs, joined styles as one value whose delimiters stay literal on the URL.
pub(crate) fn styled_query<T: Serialize + ?Sized>(
    name: &str,
    value: &T,
    style: ParamStyle,
) -> Result<Vec<QueryParam>, Error> {
    let singles = |pairs: Vec<(String, String)>| {
        pairs
            .into_iter()
            .map(|(key, value)| QueryParam::single(key, value))
            .collect()
    };
    let joined_with = |delimiter: Delimiter, key_value: bool| -> Result<Vec<QueryParam>, Error> {
        Ok(items(name, value, key_value)?
            .map(|items| QueryParam::joined(name.to_owned(), items, delimiter))
            .into_iter()
            .collect())
    };
    match style {
        ParamStyle::Form { explode: true } => Ok(singles(exploded_object_pairs(name, value)?)),
        ParamStyle::DeepObject => Ok(singles(deep_object_pairs(name, value)?)),
        ParamStyle::Json => {
            let text = styled_text(name, value, style)?;
            Ok(text
                .map(|t| QueryParam::single(name.to_owned(), t))
                .into_iter()
                .collect())
        }
        ParamStyle::SpaceDelimited => joined_with(Delimiter::Space, false),
        ParamStyle::PipeDelimited => joined_with(Delimiter::Pipe, false),
        ParamStyle::Simple { explode } => joined_with(Delimiter::Comma, explode),
        ParamStyle::Form { explode: false } => joined_with(Delimiter::Comma, false),
    }
}

/// The one text a path, header or cookie parameter (or a joined query value) becomes.
pub(crate) fn styled_text<T: Serialize + ?Sized>(
    name: &str,
    value: &T,
    style: ParamStyle,
) -> Result<Option<String>, Error> {
    match style {
        ParamStyle::Json => serde_json::to_string(value)
            .map(Some)
            .map_err(|e| Error::InvalidRequest(format!("parameter `{name}`: {e}"))),
        ParamStyle::SpaceDelimited => joined(name, value, " ", false),
        ParamStyle::PipeDelimited => joined(name, value, "|", false),
        ParamStyle::Simple { explode } => joined(name, value, ",", explode),
        ParamStyle::Form { .. } | ParamStyle::DeepObject => joined(name, value, ",", false),
    }
}
