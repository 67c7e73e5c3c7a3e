//! YAML text as a JSON value, in one pass over `yaml-rust2`'s event stream (YAML 1.2: `on`,
//! `yes` and `no` stay strings).
//!
//! The same parser finds error positions later ([`crate::locate`]), so loading and locating
//! can never disagree about a document. Reading events directly, rather than through a
//! `Yaml` tree, lets this pass also report what the OpenAPI reader cannot take — a repeated
//! key (`openapiv3` panics on it), nesting past [`MAX_DEPTH`] — with its line and pointer,
//! and bound what aliases may expand to.

use std::collections::HashMap;

use serde_json::{Map, Number, Value};
use yaml_rust2::parser::{Event, Parser, Tag};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use crate::error::Pointer;
use crate::load::shape::MAX_DEPTH;

/// Values copied by aliases, beyond the document's own nodes: a "billion laughs" document
/// is refused long before it exhausts memory, while real anchors (a few shared parameters)
/// are far below.
const MAX_ALIAS_NODES: usize = 1_000_000;

/// A document that cannot be read, and where.
#[derive(Debug)]
pub(crate) struct Failure {
    /// 1-based line and column.
    pub(crate) line_column: Option<(usize, usize)>,
    pub(crate) pointer: String,
    pub(crate) message: String,
}

/// The first (and only) document in `text`; an empty text is `null`.
pub(crate) fn read(text: &str) -> Result<Value, Failure> {
    let mut reader = Reader {
        parser: Parser::new_from_str(text),
        anchors: HashMap::new(),
        alias_nodes: 0,
    };
    reader.document()
}

struct Reader<'t> {
    parser: Parser<std::str::Chars<'t>>,
    /// Anchored values and how many nodes each holds.
    anchors: HashMap<usize, (Value, usize)>,
    alias_nodes: usize,
}

impl Reader<'_> {
    fn document(&mut self) -> Result<Value, Failure> {
        let root = Pointer::root();
        let mut value = None;
        loop {
            let (event, mark) = self.next(&root)?;
            match event {
                Event::StreamStart | Event::DocumentEnd | Event::Nothing => {}
                Event::StreamEnd => return Ok(value.unwrap_or(Value::Null)),
                Event::DocumentStart if value.is_some() => {
                    return Err(failure(
                        mark,
                        &root,
                        "the file holds more than one YAML document; a spec is one",
                    ))
                }
                Event::DocumentStart => {}
                event => value = Some(self.node(event, mark, &root, 0)?.0),
            }
        }
    }

    fn next(&mut self, at: &Pointer) -> Result<(Event, Marker), Failure> {
        self.parser.next_token().map_err(|e| {
            let (line, column) = (e.marker().line(), e.marker().col() + 1);
            Failure {
                line_column: Some((line, column)),
                pointer: at.into(),
                // Worded as before (serde_yaml's): read where no position is shown.
                message: format!("{} at line {line} column {column}", e.info()),
            }
        })
    }

    /// The value that `event` starts, and how many nodes it holds.
    fn node(
        &mut self,
        event: Event,
        mark: Marker,
        at: &Pointer,
        depth: usize,
    ) -> Result<(Value, usize), Failure> {
        let (value, nodes, anchor) = match event {
            Event::Scalar(text, style, anchor, tag) => {
                (scalar(text, style, tag.as_ref()), 1, anchor)
            }
            Event::Alias(id) => {
                let (value, nodes) = self.anchors.get(&id).cloned().ok_or_else(|| {
                    failure(
                        mark,
                        at,
                        "an alias names an anchor that is not defined before it",
                    )
                })?;
                self.alias_nodes = self.alias_nodes.saturating_add(nodes);
                if self.alias_nodes > MAX_ALIAS_NODES {
                    return Err(failure(
                        mark,
                        at,
                        &format!("aliases expand to more than {MAX_ALIAS_NODES} values"),
                    ));
                }
                return Ok((value, nodes));
            }
            Event::SequenceStart(anchor, _) => {
                let (value, nodes) = self.sequence(mark, at, deeper(depth, mark, at)?)?;
                (value, nodes, anchor)
            }
            Event::MappingStart(anchor, _) => {
                let (value, nodes) = self.mapping(mark, at, deeper(depth, mark, at)?)?;
                (value, nodes, anchor)
            }
            _ => return Err(failure(mark, at, "unexpected YAML structure")),
        };
        if anchor > 0 {
            self.anchors.insert(anchor, (value.clone(), nodes));
        }
        Ok((value, nodes))
    }

    fn sequence(
        &mut self,
        _: Marker,
        at: &Pointer,
        depth: usize,
    ) -> Result<(Value, usize), Failure> {
        let mut items = Vec::new();
        let mut nodes = 1;
        loop {
            let (event, mark) = self.next(at)?;
            if event == Event::SequenceEnd {
                return Ok((Value::Array(items), nodes));
            }
            let item_at = at.push(items.len().to_string());
            let (item, count) = self.node(event, mark, &item_at, depth)?;
            nodes += count;
            items.push(item);
        }
    }

    fn mapping(
        &mut self,
        _: Marker,
        at: &Pointer,
        depth: usize,
    ) -> Result<(Value, usize), Failure> {
        let mut object = Map::new();
        let mut merged = Vec::new();
        let mut nodes = 1;
        loop {
            let (event, key_mark) = self.next(at)?;
            let key = match event {
                Event::MappingEnd => {
                    apply_merges(&mut object, merged);
                    return Ok((Value::Object(object), nodes));
                }
                Event::Scalar(text, TScalarStyle::Plain, ..) if text == MERGE_KEY => {
                    let (event, mark) = self.next(at)?;
                    let (value, count) = self.node(event, mark, at, depth)?;
                    nodes += count;
                    merged.extend(merge_sources(value, key_mark, at)?);
                    continue;
                }
                Event::Scalar(text, ..) => text,
                _ => {
                    return Err(failure(
                        key_mark,
                        at,
                        "a mapping key is a collection or an alias; keys must be plain text",
                    ))
                }
            };
            let value_at = at.push(&key);
            if object.contains_key(&key) {
                return Err(failure(
                    key_mark,
                    &value_at,
                    &format!("the key `{key}` appears twice in this mapping"),
                ));
            }
            let (event, mark) = self.next(&value_at)?;
            let (value, count) = self.node(event, mark, &value_at, depth)?;
            nodes += count;
            object.insert(key, value);
        }
    }
}

/// The YAML merge key (`<<: *defaults`), which real specs use to share parameters and
/// schema parts. Only a plain `<<` is one; a quoted `"<<"` is an ordinary key.
const MERGE_KEY: &str = "<<";

/// The mappings a merge key brings in: one mapping, or a list of them (earlier ones win).
fn merge_sources(
    value: Value,
    mark: Marker,
    at: &Pointer,
) -> Result<Vec<Map<String, Value>>, Failure> {
    let not_mapping = || {
        failure(
            mark,
            at,
            "a merge key `<<` must name a mapping or a list of mappings",
        )
    };
    match value {
        Value::Object(map) => Ok(vec![map]),
        Value::Array(items) => items
            .into_iter()
            .map(|item| match item {
                Value::Object(map) => Ok(map),
                _ => Err(not_mapping()),
            })
            .collect(),
        _ => Err(not_mapping()),
    }
}

/// Adds the merged keys the mapping does not set itself: its own keys always win, wherever
/// they stand relative to `<<` (the YAML merge-key rule).
fn apply_merges(object: &mut Map<String, Value>, merged: Vec<Map<String, Value>>) {
    for source in merged {
        for (key, value) in source {
            object.entry(key).or_insert(value);
        }
    }
}

fn deeper(depth: usize, mark: Marker, at: &Pointer) -> Result<usize, Failure> {
    if depth >= MAX_DEPTH {
        return Err(failure(
            mark,
            at,
            &format!("the document nests deeper than {MAX_DEPTH} levels"),
        ));
    }
    Ok(depth + 1)
}

fn failure(mark: Marker, at: &Pointer, message: &str) -> Failure {
    Failure {
        line_column: Some((mark.line(), mark.col() + 1)),
        pointer: at.clone().into(),
        message: message.to_owned(),
    }
}

/// A scalar by the YAML 1.2 core schema: quoted scalars and `!!str` are text; plain ones may
/// be null, a boolean or a number.
fn scalar(text: String, style: TScalarStyle, tag: Option<&Tag>) -> Value {
    let core_tag = tag
        .filter(|t| t.handle == "tag:yaml.org,2002:" || t.handle == "!!")
        .map(|t| t.suffix.as_str());
    if style != TScalarStyle::Plain || core_tag == Some("str") {
        return Value::String(text);
    }
    match text.as_str() {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    number(&text).unwrap_or(Value::String(text))
}

/// A plain scalar as a number, if it is one: decimal, `0x` hex and `0o` octal integers;
/// floats (`1.5`, `1e3`, `.5`); `.inf` and `.nan` become null (JSON has neither).
fn number(text: &str) -> Option<Value> {
    if let Some(hex) = text.strip_prefix("0x") {
        return i64::from_str_radix(hex, 16).ok().map(Value::from);
    }
    if let Some(octal) = text.strip_prefix("0o") {
        return i64::from_str_radix(octal, 8).ok().map(Value::from);
    }
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    if unsigned.is_empty() {
        return None;
    }
    if unsigned.bytes().all(|b| b.is_ascii_digit()) {
        let digits = text.strip_prefix('+').unwrap_or(text);
        if let Ok(int) = digits.parse::<i64>() {
            return Some(Value::from(int));
        }
        if let Ok(int) = digits.parse::<u64>() {
            return Some(Value::from(int));
        }
    }
    match unsigned {
        ".inf" | ".Inf" | ".INF" | ".nan" | ".NaN" | ".NAN" => return Some(Value::Null),
        _ => {}
    }
    if !is_float(unsigned) {
        return None;
    }
    text.parse::<f64>()
        .ok()
        .map(|f| Number::from_f64(f).map_or(Value::Null, Value::Number))
}

/// `[0-9]*(\.[0-9]*)?([eE][-+]?[0-9]+)?` with at least one digit before the exponent: the
/// YAML 1.2 core float, without sign (Rust's parser would also take `inf` and `NaN`).
fn is_float(text: &str) -> bool {
    let (mantissa, exponent) = match text.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e)),
        None => (text, None),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok =
        digits(whole) && digits(fraction) && !(whole.is_empty() && fraction.is_empty());
    let exponent_ok = match exponent {
        None => true,
        Some(e) => {
            let e = e.strip_prefix(['-', '+']).unwrap_or(e);
            !e.is_empty() && digits(e)
        }
    };
    mantissa_ok && exponent_ok
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::read;

    #[test]
    fn scalars_follow_yaml_1_2() {
        let doc = read(
            "a: on\nb: yes\nc: 'true'\nd: true\ne: 12\nf: 1.0\ng: ~\nh: 0x1F\ni: 1e3\nj: .inf\nk: 3.0.3\nl: !!str 5\nm: -7\nn: 18446744073709551615\n",
        )
        .expect("reads");
        assert_eq!(
            doc,
            json!({"a": "on", "b": "yes", "c": "true", "d": true, "e": 12, "f": 1.0, "g": null,
                   "h": 31, "i": 1000.0, "j": null, "k": "3.0.3", "l": "5", "m": -7,
                   "n": 18446744073709551615u64})
        );
    }

    #[test]
    fn anchors_and_aliases_copy_values() {
        let doc = read("a: &x {b: [1, 2]}\nc: *x\n").expect("reads");
        assert_eq!(doc, json!({"a": {"b": [1, 2]}, "c": {"b": [1, 2]}}));
    }

    #[test]
    fn merge_keys_bring_in_what_the_mapping_does_not_set() {
        let doc = read(
            "base: &b {type: string, maxLength: 5}\nother: &o {format: uuid, type: integer}\n\
             one: {<<: *b, maxLength: 9}\nmany: {maxLength: 1, <<: [*o, *b]}\nquoted: {'<<': 1}\n",
        )
        .expect("reads");
        assert_eq!(doc["one"], json!({"type": "string", "maxLength": 9}));
        assert_eq!(
            doc["many"],
            json!({"maxLength": 1, "format": "uuid", "type": "integer"})
        );
        assert_eq!(doc["quoted"], json!({"<<": 1}));
        let bad = read("a: {<<: 3}\n").expect_err("a merge of a number");
        assert!(bad.message.contains("merge key"), "{}", bad.message);
        assert_eq!(bad.pointer, "/a");
    }

    #[test]
    fn problems_are_located() {
        let twice = read("a:\n  b: 1\n  b: 2\n").expect_err("a repeated key");
        assert_eq!(twice.line_column, Some((3, 3)));
        assert_eq!(twice.pointer, "/a/b");
        assert!(
            twice.message.contains("`b` appears twice"),
            "{}",
            twice.message
        );

        let syntax = read("a: b: c\n").expect_err("bad syntax");
        assert_eq!(syntax.line_column.map(|(line, _)| line), Some(1));
        assert!(
            syntax.message.contains("mapping values"),
            "{}",
            syntax.message
        );

        let two = read("a: 1\n---\nb: 2\n").expect_err("two documents");
        assert!(
            two.message.contains("more than one YAML document"),
            "{}",
            two.message
        );
    }

    #[test]
    fn alias_bombs_are_refused() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let prev = format!("*a{}", i - 1);
            let list = [prev.as_str(); 10].join(", ");
            text.push_str(&format!("a{i}: &a{i} [{list}]\n"));
        }
        let error = read(&text).expect_err("a billion laughs");
        assert!(
            error.message.contains("aliases expand"),
            "{}",
            error.message
        );
    }

    #[test]
    fn deep_nesting_is_refused() {
        let text = "[".repeat(150) + &"]".repeat(150);
        let error = read(&text).expect_err("too deep");
        assert!(error.message.contains("nests deeper"), "{}", error.message);
    }
}
