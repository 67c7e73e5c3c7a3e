//! Feeds instances of component schemas through the generated clients' types and tells whether
//! each came back unchanged (`scripts/conformance.sh` builds it beside the corpus crates, with
//! `specs.rs` dispatching to each crate's `conformance::round_trip`).
//!
//! stdin: JSON lines `{"spec", "component", "instance"}` (lines with `skipped` are passed on).
//! stdout: TSV lines `spec, component, outcome, class, detail`; outcome is `lossless`, `lossy`
//! (decoded, but encoded differently), `refused` (not decoded) or `skipped` (no instance).

mod specs;

use std::io::{BufRead, Write};

use serde_json::Value;

fn main() -> std::process::ExitCode {
    let stdin = std::io::stdin().lock();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for (number, line) in stdin.lines().enumerate() {
        let outcome = line
            .map_err(|e| format!("line {}: {e}", number + 1))
            .and_then(|line| judge(&line).map_err(|e| format!("line {}: {e}", number + 1)));
        match outcome {
            Ok(fields) => {
                if writeln!(out, "{}", fields.map(|f| one_cell(&f)).join("\t")).is_err() {
                    return std::process::ExitCode::FAILURE;
                }
            }
            Err(error) => {
                eprintln!("conform-runner: {error}");
                return std::process::ExitCode::FAILURE;
            }
        }
    }
    std::process::ExitCode::SUCCESS
}

/// `[spec, component, outcome, class, detail]` for one input line.
fn judge(line: &str) -> Result<[String; 5], String> {
    let input: Value = serde_json::from_str(line).map_err(|e| format!("not JSON: {e}"))?;
    let text = |key: &str| {
        input
            .get(key)
            .and_then(Value::as_str)
            .map(str::to_owned)
            .ok_or_else(|| format!("no {key:?}"))
    };
    let (spec, component) = (text("spec")?, text("component")?);
    if let Ok(reason) = text("skipped") {
        return Ok([spec, component, "skipped".into(), reason, String::new()]);
    }
    let instance = input.get("instance").ok_or("no \"instance\"")?;
    let sent = instance.to_string();
    let (outcome, class, detail) = match specs::round_trip(&spec, &component, &sent) {
        None => return Err(format!("{spec} has no type for component {component:?}")),
        Some(Err(error)) => ("refused", refusal_class(&error), error),
        Some(Ok(encoded)) => {
            let got: Value = serde_json::from_str(&encoded).map_err(|e| e.to_string())?;
            match difference(instance, &got, &mut String::new()) {
                None => ("lossless", String::new(), String::new()),
                Some((class, at)) => ("lossy", class, format!("{at}: sent {sent} got {encoded}")),
            }
        }
    };
    Ok([spec, component, outcome.into(), class, detail])
}

/// The first place where `got` differs from `sent`: a class of difference and its JSON pointer.
/// Numbers are equal when they are the same number (`1.0` == `1`); object keys are unordered.
fn difference(sent: &Value, got: &Value, at: &mut String) -> Option<(String, String)> {
    match (sent, got) {
        (Value::Number(a), Value::Number(b)) => {
            let same = match (a.as_i64(), b.as_i64(), a.as_u64(), b.as_u64()) {
                (Some(x), Some(y), _, _) => x == y,
                (_, _, Some(x), Some(y)) => x == y,
                _ => a.as_f64() == b.as_f64(),
            };
            (!same).then(|| ("number changed".to_owned(), at.clone()))
        }
        (Value::Object(a), Value::Object(b)) => {
            for (key, value) in a {
                let len = at.len();
                at.push('/');
                at.push_str(&key.replace('~', "~0").replace('/', "~1"));
                let found = match b.get(key) {
                    None if value.is_null() => Some(("null property dropped".to_owned(), at.clone())),
                    None => Some(("property dropped".to_owned(), at.clone())),
                    Some(other) => difference(value, other, at),
                };
                if found.is_some() {
                    return found;
                }
                at.truncate(len);
            }
            let added = b.keys().find(|key| !a.contains_key(*key))?;
            Some(("property added".to_owned(), format!("{at}/{added}")))
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            a.iter().zip(b).enumerate().find_map(|(i, (x, y))| {
                let len = at.len();
                at.push_str(&format!("/{i}"));
                let found = difference(x, y, at);
                at.truncate(len);
                found
            })
        }
        (Value::Array(_), Value::Array(_)) => Some(("array length changed".to_owned(), at.clone())),
        _ if sent == got => None,
        _ => Some((format!("{} became {}", kind(sent), kind(got)), at.clone())),
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// serde's message without the parts that name values, so equal causes group together.
fn refusal_class(error: &str) -> String {
    let message = error.split(" at line ").next().unwrap_or(error);
    let message = match message.find(['`', '"']) {
        Some(quote) if !message.starts_with("data did not match") => &message[..quote],
        _ => message,
    };
    message.trim_end_matches([':', ' ', ',']).to_owned()
}

/// A TSV cell: no tabs or line breaks, and not too long to read.
fn one_cell(text: &str) -> String {
    let flat: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    match flat.char_indices().nth(300) {
        Some((cut, _)) => format!("{}…", &flat[..cut]),
        None => flat,
    }
}
