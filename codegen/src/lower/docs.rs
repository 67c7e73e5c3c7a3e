//! What a schema's keywords say, gathered once: the rules a client checks and what only a
//! reader is told ([`Keywords`]); `emit::docs` words them.

use openapiv3::{Schema, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty};

use crate::model::{Docs, Keywords, Limit, Rules};

/// The description (or title) of a schema, its keywords and default.
pub(crate) fn schema_docs(schema: &Schema) -> Docs {
    let data = &schema.schema_data;
    Docs {
        description: data.description.clone().or_else(|| data.title.clone()),
        keywords: keywords(&schema.schema_kind),
        default: data.default.as_ref().map(|d| d.to_string()),
        deprecated: data.deprecated,
    }
}

/// The rules of a schema that a client can check (for parameters, which have no docs).
pub(crate) fn schema_rules(schema: &Schema) -> Rules {
    keywords(&schema.schema_kind).rules
}

fn keywords(kind: &SchemaKind) -> Keywords {
    let mut keywords = Keywords::default();
    let rules = &mut keywords.rules;
    match kind {
        SchemaKind::Type(Type::String(s)) => {
            rules.min_length = s.min_length;
            rules.max_length = s.max_length;
            // A pattern no engine could run (not valid ECMA-262) is only documented.
            match s.pattern.as_deref().map(|p| (p, checkable_pattern(p))) {
                Some((_, Some(checkable))) => rules.pattern = Some(checkable),
                Some((written, None)) => keywords.unchecked_pattern = Some(written.to_owned()),
                None => {}
            }
            keywords.format = format_name(&s.format);
        }
        SchemaKind::Type(Type::Integer(i)) => {
            rules.minimum = i.minimum.map(Limit::Integer);
            rules.maximum = i.maximum.map(Limit::Integer);
            rules.exclusive_minimum = i.exclusive_minimum;
            rules.exclusive_maximum = i.exclusive_maximum;
            keywords.integer_values = i.enumeration.iter().flatten().copied().collect();
        }
        SchemaKind::Type(Type::Number(n)) => {
            rules.minimum = n.minimum.map(Limit::Number);
            rules.maximum = n.maximum.map(Limit::Number);
            rules.exclusive_minimum = n.exclusive_minimum;
            rules.exclusive_maximum = n.exclusive_maximum;
        }
        SchemaKind::Type(Type::Array(a)) => {
            rules.min_items = a.min_items;
            rules.max_items = a.max_items;
            keywords.unique_items = a.unique_items;
        }
        _ => {}
    }
    keywords
}

/// A string's `format` as the docs name it.
fn format_name(format: &VariantOrUnknownOrEmpty<StringFormat>) -> Option<String> {
    match format {
        VariantOrUnknownOrEmpty::Item(known) => Some(
            match known {
                StringFormat::Date => "date",
                StringFormat::DateTime => "date-time",
                StringFormat::Password => "password",
                StringFormat::Byte => "byte (base64)",
                StringFormat::Binary => "binary",
            }
            .to_owned(),
        ),
        VariantOrUnknownOrEmpty::Unknown(other) => Some(other.clone()),
        VariantOrUnknownOrEmpty::Empty => None,
    }
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
