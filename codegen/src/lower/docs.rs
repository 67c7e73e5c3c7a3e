//! What a schema's keywords tell a reader, gathered for the generated docs.

use openapiv3::{Schema, SchemaKind, Type};

use crate::model::{Docs, Rules};

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
            // Kept as text (no date or UUID crate forced on every client), so say what it holds.
            let format = match &s.format {
                openapiv3::VariantOrUnknownOrEmpty::Item(known) => Some(
                    match known {
                        openapiv3::StringFormat::Date => "date",
                        openapiv3::StringFormat::DateTime => "date-time",
                        openapiv3::StringFormat::Password => "password",
                        openapiv3::StringFormat::Byte => "byte (base64)",
                        openapiv3::StringFormat::Binary => "binary",
                    }
                    .to_owned(),
                ),
                openapiv3::VariantOrUnknownOrEmpty::Unknown(other) => Some(other.replace('`', "'")),
                openapiv3::VariantOrUnknownOrEmpty::Empty => None,
            };
            if let Some(format) = format {
                out.push(format!("format: `{format}`"));
            }
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

/// The rules of a schema that a client can check. A `pattern` that is not valid ECMA-262
/// (so no engine could run it) is left out: the docs still show it.
pub(crate) fn schema_rules(schema: &Schema) -> Rules {
    let mut rules = Rules::default();
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => {
            rules.min_length = s.min_length.filter(|m| *m > 0);
            rules.max_length = s.max_length;
            rules.pattern = s.pattern.as_deref().and_then(checkable_pattern);
        }
        SchemaKind::Type(Type::Integer(i)) => {
            rules.minimum = i.minimum.map(|m| m as f64);
            rules.maximum = i.maximum.map(|m| m as f64);
            rules.exclusive_minimum = i.exclusive_minimum;
            rules.exclusive_maximum = i.exclusive_maximum;
        }
        SchemaKind::Type(Type::Number(n)) => {
            rules.minimum = n.minimum;
            rules.maximum = n.maximum;
            rules.exclusive_minimum = n.exclusive_minimum;
            rules.exclusive_maximum = n.exclusive_maximum;
        }
        SchemaKind::Type(Type::Array(a)) => {
            rules.min_items = a.min_items.filter(|m| *m > 0);
            rules.max_items = a.max_items;
        }
        _ => {}
    }
    rules
}

/// An ECMA-262 pattern (what OpenAPI uses), if the runtime's ECMA-262 engine (`regress`)
/// compiles it; it is kept as written, since the runtime runs the same dialect.
pub(crate) fn checkable_pattern(pattern: &str) -> Option<String> {
    regress::Regex::new(pattern)
        .ok()
        .map(|_| pattern.to_owned())
}

#[cfg(test)]
mod tests {
    use super::checkable_pattern;

    #[test]
    fn ecma_patterns_are_kept_as_written_when_they_compile() {
        let cjk = r"^[-_.0-9A-Za-z\u4e00-\u9fa5]{1,64}$";
        assert_eq!(checkable_pattern(cjk).as_deref(), Some(cjk));
        assert_eq!(checkable_pattern(r"^a\/b$").as_deref(), Some(r"^a\/b$"));
        // Look-around and back-references are ECMA-262, so they are checked too.
        assert!(checkable_pattern(r"^(?!x)y$").is_some());
        assert!(checkable_pattern(r"^(a)\1$").is_some());
        assert_eq!(checkable_pattern("("), None);
        assert_eq!(checkable_pattern("[z-a]"), None);
    }
}
