//! List query parameters: parsing, and filtering resources by them.
//!
//! A key may repeat, meaning OR: clients send lists as repeated keys (`id=a&id=b`, ref §2
//! "List query parameters"), and the current docs type most filters as arrays ("Multiple
//! IDs can be specified for filtering"). Different keys combine with AND.

use percent_encoding::percent_decode_str;
use serde_json::Value;

use crate::errors::ApiError;
use crate::store::Object;

/// The decoded `key=value` pairs of a query string, in order.
#[derive(Debug, Default)]
pub(crate) struct Query {
    pairs: Vec<(String, String)>,
}

impl Query {
    /// Decodes a raw query. A `+` stays a `+` (the vendor signer sends `%2B`, ref §3 step 8);
    /// a pair without `=` has an empty value; invalid UTF-8 is decoded lossily.
    pub(crate) fn parse(raw: Option<&str>) -> Self {
        let decode = |text: &str| percent_decode_str(text).decode_utf8_lossy().into_owned();
        let pairs = raw
            .unwrap_or("")
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| {
                let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
                (decode(key), decode(value))
            })
            .collect();
        Query { pairs }
    }

    /// Refuses keys the operation does not document: a misspelt filter would otherwise be
    /// silently ignored and return everything, hiding the client's bug.
    pub(crate) fn check_known(&self, known: &[&str]) -> Result<(), ApiError> {
        match self
            .pairs
            .iter()
            .find(|(key, _)| !known.contains(&key.as_str()))
        {
            Some((key, _)) => Err(ApiError::BadRequest(format!(
                "Invalid query parameter {key}: not supported by this API; supported: {}",
                known.join(", ")
            ))),
            None => Ok(()),
        }
    }

    /// Every value given for `key`, in order.
    pub(crate) fn values(&self, key: &str) -> Vec<&str> {
        self.pairs
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The value of a key that may appear at most once.
    pub(crate) fn single(&self, key: &str) -> Result<Option<&str>, ApiError> {
        match self.values(key).as_slice() {
            [] => Ok(None),
            [one] => Ok(Some(one)),
            _ => Err(ApiError::invalid(key, "only one value can be specified")),
        }
    }
}

/// How a filter's values are compared with a resource's field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Exact string match.
    Text,
    /// Integer match; values that are not integers are refused (the docs type these as
    /// "Array of integers", ref §2).
    Integer,
    /// `true`/`false`, a single value only ("Only one value can be specified", ref §2).
    Boolean,
}

/// One field filter: the field must equal one of `accepted`.
#[derive(Debug)]
struct FieldFilter {
    field: &'static str,
    accepted: Vec<Value>,
}

/// All field filters of one list request. An empty set keeps everything.
#[derive(Debug, Default)]
pub(crate) struct Filters {
    fields: Vec<FieldFilter>,
}

impl Filters {
    /// Builds the filters for the documented `fields` present in `query`.
    pub(crate) fn from_query(
        query: &Query,
        fields: &[(&'static str, Kind)],
    ) -> Result<Self, ApiError> {
        let mut filters = Filters::default();
        for &(field, kind) in fields {
            let accepted = accepted_values(query, field, kind)?;
            if !accepted.is_empty() {
                filters.fields.push(FieldFilter { field, accepted });
            }
        }
        Ok(filters)
    }

    /// Whether a resource passes every field filter.
    pub(crate) fn keep(&self, object: &Object) -> bool {
        self.fields.iter().all(|filter| {
            object
                .get(filter.field)
                .is_some_and(|value| filter.accepted.iter().any(|wanted| same(value, wanted)))
        })
    }
}

/// The query's values for `field`, typed so they compare with stored JSON values.
fn accepted_values(query: &Query, field: &str, kind: Kind) -> Result<Vec<Value>, ApiError> {
    match kind {
        Kind::Text => Ok(query.values(field).into_iter().map(Value::from).collect()),
        Kind::Integer => query
            .values(field)
            .into_iter()
            .map(|text| {
                text.parse::<i64>()
                    .map(Value::from)
                    .map_err(|_| ApiError::invalid(field, format!("{text:?} is not an integer")))
            })
            .collect(),
        Kind::Boolean => match query.single(field)? {
            None => Ok(Vec::new()),
            Some("true") => Ok(vec![Value::Bool(true)]),
            Some("false") => Ok(vec![Value::Bool(false)]),
            Some(other) => Err(ApiError::invalid(
                field,
                format!("{other:?} must be true or false"),
            )),
        },
    }
}

/// Compares a stored value with a wanted one; integers compare by value, so a seeded
/// session with a string number still matches.
fn same(stored: &Value, wanted: &Value) -> bool {
    match (stored, wanted) {
        (Value::String(text), Value::Number(number)) => text.parse::<i64>().ok() == number.as_i64(),
        _ => stored == wanted,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn object(value: Value) -> Object {
        value.as_object().cloned().expect("an object")
    }

    #[test]
    fn repeated_keys_mean_or_and_different_keys_mean_and() {
        let query = Query::parse(Some("id=a&id=b&priority=6&enabled=true"));
        let fields = [
            ("id", Kind::Text),
            ("priority", Kind::Integer),
            ("enabled", Kind::Boolean),
        ];
        let filters = Filters::from_query(&query, &fields).expect("valid");
        assert!(filters.keep(&object(json!({"id": "b", "priority": 6, "enabled": true}))));
        assert!(!filters.keep(&object(json!({"id": "c", "priority": 6, "enabled": true}))));
        assert!(!filters.keep(&object(json!({"id": "a", "priority": 7, "enabled": true}))));
        assert!(!filters.keep(&object(json!({"id": "a", "priority": 6, "enabled": false}))));
    }

    #[test]
    fn bad_typed_values_and_unknown_keys_are_refused() {
        let fields = [("priority", Kind::Integer), ("enabled", Kind::Boolean)];
        for raw in ["priority=high", "enabled=yes", "enabled=true&enabled=false"] {
            assert!(
                Filters::from_query(&Query::parse(Some(raw)), &fields).is_err(),
                "{raw}"
            );
        }
        assert!(Query::parse(Some("nmae=x")).check_known(&["name"]).is_err());
    }

    #[test]
    fn values_are_percent_decoded_and_plus_is_literal() {
        let query = Query::parse(Some("name=a%20b&description=1+1"));
        assert_eq!(query.values("name"), ["a b"]);
        assert_eq!(query.values("description"), ["1+1"]);
    }
}
