//! Doc comments from spec text, made safe for rustdoc.

use proc_macro2::{Delimiter, Group, Ident, Literal, Punct, Spacing, Span, TokenStream, TokenTree};

use crate::model::{Docs, Keywords, Limit};
use crate::text::is_bidi_control;

/// `#[doc = "..."]` attributes, one per line (prettyplease prints them as `///`).
///
/// `text` is markdown the generator wrote; spec prose inside it must already have passed
/// through [`sanitize`]. Either way it is a string literal, so it cannot add tokens.
///
/// The tokens are built directly, not through `quote!` per line: docs are a large share of
/// every output, and a token stream per line (copied into the next) was a hot spot.
pub(crate) fn doc_lines(text: &str) -> TokenStream {
    let mut tokens = TokenStream::new();
    let mut line = String::new();
    for raw in text.trim_end().lines() {
        // A space after `///`, as people write them; tabs become spaces (clippy's
        // `tabs_in_doc_comments`); other controls are dropped.
        line.clear();
        line.push(' ');
        for c in raw.chars() {
            if c == '\t' {
                line.push_str("    ");
            } else if !c.is_control() && !is_bidi_control(c) {
                line.push(c);
            }
        }
        line.truncate(line.trim_end().len());
        // `#[doc = "…"]`, as `quote!(#[doc = #line])` gives it.
        let attr: TokenStream = [
            TokenTree::Ident(Ident::new("doc", Span::call_site())),
            TokenTree::Punct(Punct::new('=', Spacing::Alone)),
            TokenTree::Literal(Literal::string(&line)),
        ]
        .into_iter()
        .collect();
        tokens.extend([
            TokenTree::Punct(Punct::new('#', Spacing::Alone)),
            TokenTree::Group(Group::new(Delimiter::Bracket, attr)),
        ]);
    }
    tokens
}

/// Docs for a schema-backed item: description, then its rules and default.
pub(crate) fn schema_doc(docs: &Docs) -> TokenStream {
    let mut text = docs
        .description
        .as_deref()
        .map(sanitize)
        .unwrap_or_default();
    let mut notes = keyword_notes(&docs.keywords);
    if let Some(default) = &docs.default {
        notes.push(format!("default: `{}`", code_safe(default)));
    }
    let notes: Vec<String> = notes.iter().map(|n| sanitize(n)).collect();
    if !notes.is_empty() {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(&format!("Documented {}.", notes.join("; ")));
    }
    doc_lines(&text)
}

/// The keywords in words, in the order a reader checks them: sizes, format, pattern, bounds,
/// values, uniqueness.
fn keyword_notes(keywords: &Keywords) -> Vec<String> {
    let rules = &keywords.rules;
    let mut notes = Vec::new();
    push_range(&mut notes, "length", rules.min_length, rules.max_length);
    if let Some(format) = &keywords.format {
        notes.push(format!("format: `{}`", format.replace('`', "'")));
    }
    if let Some(pattern) = rules
        .pattern
        .as_ref()
        .or(keywords.unchecked_pattern.as_ref())
    {
        notes.push(format!("pattern: `{}`", pattern.replace('`', "'")));
    }
    push_bound(
        &mut notes,
        "minimum",
        rules.minimum,
        rules.exclusive_minimum,
    );
    push_bound(
        &mut notes,
        "maximum",
        rules.maximum,
        rules.exclusive_maximum,
    );
    if !keywords.integer_values.is_empty() {
        let values: Vec<String> = keywords
            .integer_values
            .iter()
            .map(|v| format!("`{v}`"))
            .collect();
        notes.push(format!("one of: {}", values.join(", ")));
    }
    push_range(&mut notes, "items", rules.min_items, rules.max_items);
    if keywords.unique_items {
        notes.push("items are unique".to_owned());
    }
    notes
}

fn push_range(notes: &mut Vec<String>, what: &str, min: Option<usize>, max: Option<usize>) {
    match (min, max) {
        (Some(min), Some(max)) => notes.push(format!("{what}: {min} to {max}")),
        (Some(min), None) => notes.push(format!("{what}: at least {min}")),
        (None, Some(max)) => notes.push(format!("{what}: at most {max}")),
        (None, None) => {}
    }
}

fn push_bound(notes: &mut Vec<String>, what: &str, bound: Option<Limit>, exclusive: bool) {
    if let Some(bound) = bound {
        let exclusive = if exclusive { " (exclusive)" } else { "" };
        notes.push(format!("{what}: {bound}{exclusive}"));
    }
}

/// Joins paragraphs, skipping empty ones.
pub(crate) fn paragraphs(parts: &[Option<&str>]) -> String {
    parts
        .iter()
        .flatten()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Rewrites spec prose so rustdoc renders it as text: no control characters, code fences
/// marked as `text` (not compiled as doctests), and `[`, `]`, `<`, `>` escaped so they are
/// neither links nor HTML.
pub(crate) fn sanitize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_fence = false;
    for line in text.replace("\r\n", "\n").lines() {
        let line: String = line
            .chars()
            .filter(|c| !c.is_control() || *c == '\t')
            .collect();
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
            out.push_str(if in_fence { "```text" } else { "```" });
        } else if in_fence {
            out.push_str(&line);
        } else {
            out.push_str(&escape_markdown(&line));
        }
        out.push('\n');
    }
    if in_fence {
        out.push_str("```\n");
    }
    out.trim_end().to_owned()
}

/// Escapes outside inline code spans only: inside backticks, markdown shows text verbatim.
/// A bare URL becomes an autolink (`<https://…>`), which rustdoc otherwise warns about.
fn escape_markdown(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut in_code = false;
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        if !in_code && (rest.starts_with("https://") || rest.starts_with("http://")) {
            let url = bare_url(rest);
            out.push('<');
            out.push_str(url);
            out.push('>');
            rest = &rest[url.len()..];
            continue;
        }
        match c {
            '`' => {
                in_code = !in_code;
                out.push(c);
            }
            '[' | ']' | '<' | '>' | '\\' if !in_code => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// The URL that `text` starts with: up to a space or a character markdown would read, less
/// trailing punctuation that belongs to the sentence.
fn bare_url(text: &str) -> &str {
    let end = text
        .find(|c: char| c.is_whitespace() || "<>[]\\`\"'".contains(c))
        .unwrap_or(text.len());
    text[..end].trim_end_matches(['.', ',', ';', ':', ')', '!', '?'])
}

/// A value shown inside backticks: backticks inside it would end the code span.
pub(crate) fn code_safe(value: &str) -> String {
    value.replace('`', "'")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_is_defused() {
        assert_eq!(
            sanitize("See https://example.com/a?b=c. Or `https://x.y`."),
            "See <https://example.com/a?b=c>. Or `https://x.y`."
        );
        assert_eq!(sanitize("`^[^<>]*$` [x]"), "`^[^<>]*$` \\[x\\]");
        let text = "a [link] <b>x</b>\n```rust\nfn evil() {}\n```\nnul\u{0}here";
        let s = sanitize(text);
        assert!(s.contains("a \\[link\\] \\<b\\>x\\</b\\>"));
        assert!(s.contains("```text\nfn evil() {}\n```"));
        assert!(s.contains("nulhere"));
        assert_eq!(sanitize("```\nunclosed"), "```text\nunclosed\n```");
    }
}
