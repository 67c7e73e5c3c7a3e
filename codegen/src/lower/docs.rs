//! What a schema's keywords tell a reader, gathered for the generated docs.

use openapiv3::{Schema, SchemaKind, Type};

use crate::model::Docs;

/// The description (or title) of a schema, plus its documented rules and default.
pub(crate) fn schema_docs(schema: &Schema) -> Docs {
    let data = &schema.schema_data;
    Docs {
        description: data.description.clone().or_else(|| data.title.clone()),
        constraints: constraints(&schema.schema_kind),
        default: data.default.as_ref().map(|d| d.to_string()),
        deprecated: data.deprecated,
    }
}

fn constraints(kind: &SchemaKind) -> Vec<String> {
    let mut out = Vec::new();
    match kind {
        SchemaKind::Type(Type::String(s)) => {
            push_range(&mut out, "length", s.min_length, s.max_length);
            if let Some(pattern) = &s.pattern {
                out.push(format!("pattern: `{}`", pattern.replace('`', "'")));
            }
        }
        SchemaKind::Type(Type::Integer(i)) => {
            push_bounds(
                &mut out,
                i.minimum,
                i.exclusive_minimum,
                i.maximum,
                i.exclusive_maximum,
            );
            if !i.enumeration.is_empty() {
                let values: Vec<String> = i
                    .enumeration
                    .iter()
                    .flatten()
                    .map(|v| format!("`{v}`"))
                    .collect();
                out.push(format!("one of: {}", values.join(", ")));
            }
        }
        SchemaKind::Type(Type::Number(n)) => {
            push_bounds(
                &mut out,
                n.minimum,
                n.exclusive_minimum,
                n.maximum,
                n.exclusive_maximum,
            );
        }
        SchemaKind::Type(Type::Array(a)) => {
            push_range(&mut out, "items", a.min_items, a.max_items);
            if a.unique_items {
                out.push("items are unique".to_owned());
            }
        }
        _ => {}
    }
    out
}

fn push_range(out: &mut Vec<String>, what: &str, min: Option<usize>, max: Option<usize>) {
    match (min, max) {
        (Some(min), Some(max)) => out.push(format!("{what}: {min} to {max}")),
        (Some(min), None) => out.push(format!("{what}: at least {min}")),
        (None, Some(max)) => out.push(format!("{what}: at most {max}")),
        (None, None) => {}
    }
}

fn push_bounds<T: std::fmt::Display>(
    out: &mut Vec<String>,
    min: Option<T>,
    exclusive_min: bool,
    max: Option<T>,
    exclusive_max: bool,
) {
    if let Some(min) = min {
        out.push(format!(
            "minimum: {min}{}",
            if exclusive_min { " (exclusive)" } else { "" }
        ));
    }
    if let Some(max) = max {
        out.push(format!(
            "maximum: {max}{}",
            if exclusive_max { " (exclusive)" } else { "" }
        ));
    }
}
