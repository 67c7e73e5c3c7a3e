//! Stage 5: format the tokens with `prettyplease` and put the header on top.
//!
//! A large file is rendered in parts, on every core ([`render_parts`]): emitting, parsing and
//! formatting are most of the generator's time, and each part's tokens and syntax tree are
//! freed as soon as it is text. prettyplease formats each item on its own, so the parts joined
//! are byte for byte what one pass over the whole file prints.

use std::sync::atomic::{AtomicUsize, Ordering};

use proc_macro2::TokenStream;

use crate::error::Error;

/// Formats `tokens` as a Rust file that starts with the `@generated` header.
pub(crate) fn render(tokens: TokenStream, header: &str) -> Result<String, Error> {
    Ok(join(
        header,
        &[format_part(vec![Piece::new(tokens)], Edges::WHOLE, false)?],
    ))
}

/// Items emitted together, and the `#[cfg(…)]` that gates each of them (in a crate split
/// into cargo features; the emitters need not know).
pub(crate) struct Piece {
    cfg: Option<TokenStream>,
    tokens: TokenStream,
}

impl Piece {
    pub(crate) fn new(tokens: TokenStream) -> Self {
        Piece { cfg: None, tokens }
    }

    pub(crate) fn gated(cfg: Option<TokenStream>, tokens: TokenStream) -> Self {
        Piece { cfg, tokens }
    }
}

/// Which edges of its module a part prints: a module split over several parts opens in the
/// first and closes in the last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Edges {
    pub(crate) open: bool,
    pub(crate) close: bool,
}

impl Edges {
    /// Whole items (or a module in one part).
    pub(crate) const WHOLE: Edges = Edges {
        open: true,
        close: true,
    };
}

/// Renders `parts` (in `schedule`'s order, on up to four threads) and returns their texts in
/// their order. Each thread makes its own `state` (tokens cannot cross threads); `emit` gives
/// one part's pieces. `module_file(part)`: the part is written as a module's own file (its
/// `mod` wrapper becomes the file, its attributes the file's inner ones).
pub(crate) fn render_parts<P: Sync, S>(
    parts: &[(P, Edges)],
    schedule: &[usize],
    state: impl Fn() -> S + Sync,
    emit: impl Fn(&S, &P, Edges) -> Vec<Piece> + Sync,
    module_file: impl Fn(usize) -> bool + Sync,
) -> Result<Vec<String>, Error> {
    let next = AtomicUsize::new(0);
    let work = || -> Vec<(usize, Result<String, Error>)> {
        let state = state();
        let mut done = Vec::new();
        while let Some(&index) = schedule.get(next.fetch_add(1, Ordering::Relaxed)) {
            let Some((part, edges)) = parts.get(index) else {
                continue;
            };
            let pieces = emit(&state, part, *edges);
            done.push((index, format_part(pieces, *edges, module_file(index))));
        }
        done
    };
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 4)
        .min(schedule.len());
    let done = if threads <= 1 {
        work()
    } else {
        run_on_threads(threads, &work)?
    };
    let mut texts: Vec<Option<String>> = vec![None; parts.len()];
    for (index, text) in done {
        texts[index] = Some(text?);
    }
    texts
        .into_iter()
        .map(|text| text.ok_or_else(|| Error::Internal("a part was not rendered".to_owned())))
        .collect()
}

/// One file from its parts' texts, under `header`: spaced in one pass into one buffer, with
/// no joined copy in between (for the largest outputs these copies were the peak of memory).
pub(crate) fn join(header: &str, texts: &[String]) -> String {
    // A part that does not end a line would share its last line with the next part.
    if texts.iter().any(|t| !t.is_empty() && !t.ends_with('\n')) {
        return format!("{header}\n{}", space_items(&texts.concat()));
    }
    let len: usize = texts.iter().map(String::len).sum();
    let mut out = String::with_capacity(header.len() + 1 + len + len / 16);
    out.push_str(header);
    out.push('\n');
    let mut previous = None;
    for text in texts {
        space_items_into(&mut out, &mut previous, text);
    }
    out
}

/// Runs `work` on `threads` threads (with the generator's large stack) and gathers what they
/// did; a thread that cannot start or that panics (a generator bug) is an internal error.
fn run_on_threads<T: Send>(
    threads: usize,
    work: &(impl Fn() -> Vec<T> + Sync),
) -> Result<Vec<T>, Error> {
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                std::thread::Builder::new()
                    .name("specforge-render".into())
                    .stack_size(crate::GENERATOR_STACK)
                    .spawn_scoped(scope, work)
            })
            .collect();
        let mut all = Vec::new();
        for handle in handles {
            let handle = handle
                .map_err(|_| Error::Internal("could not start a rendering thread".to_owned()))?;
            let done = handle
                .join()
                .map_err(|_| Error::Internal("a rendering thread panicked".to_owned()))?;
            all.extend(done);
        }
        Ok(all)
    })
}

/// One part as text: formatted, and without the module edges another part prints.
fn format_part(pieces: Vec<Piece>, edges: Edges, module_file: bool) -> Result<String, Error> {
    let file = match (pieces.len(), module_file) {
        (1, false) if pieces[0].cfg.is_none() => {
            let tokens = pieces
                .into_iter()
                .next()
                .map(|p| p.tokens)
                .unwrap_or_default();
            parse(tokens)?
        }
        _ => assemble(pieces, edges, module_file)?,
    };
    let text = crate::tidy::tighten_setters(prettyplease::unparse(&file));
    if edges == Edges::WHOLE || module_file {
        return Ok(text);
    }
    trim_module_edges(&text, edges)
        .ok_or_else(|| Error::Internal(format!("a module part is not one module: {text:.200}")))
}

fn parse(tokens: TokenStream) -> Result<syn::File, Error> {
    if std::env::var_os("CODEGEN_DUMP_TOKENS").is_some() {
        eprintln!("{tokens}");
    }
    syn::parse2(tokens).map_err(|e| Error::Internal(e.to_string()))
}

/// One syntax tree from several pieces: each piece's items get its `cfg`; with `module_file`
/// a piece that is one inline module gives its contents, and (when `edges.open`) its
/// attributes become the file's.
fn assemble(pieces: Vec<Piece>, edges: Edges, module_file: bool) -> Result<syn::File, Error> {
    let mut file = syn::File {
        shebang: None,
        attrs: Vec::new(),
        items: Vec::new(),
    };
    for piece in pieces {
        let mut parsed = parse(piece.tokens)?;
        let mut attrs = std::mem::take(&mut parsed.attrs);
        let mut items = parsed.items;
        if module_file {
            if let [syn::Item::Mod(module)] = items.as_mut_slice() {
                if let Some((_, content)) = module.content.take() {
                    attrs.append(&mut module.attrs);
                    items = content;
                }
            }
        }
        if edges.open {
            for mut attr in attrs {
                attr.style = syn::AttrStyle::Inner(Default::default());
                file.attrs.push(attr);
            }
        }
        let cfg = match piece.cfg {
            Some(cfg) => syn::parse::Parser::parse2(syn::Attribute::parse_outer, cfg)
                .map_err(|e| Error::Internal(e.to_string()))?,
            None => Vec::new(),
        };
        for mut item in items {
            // An inherent `impl` left without methods (they moved to the tag modules).
            if matches!(&item, syn::Item::Impl(i) if i.items.is_empty() && i.trait_.is_none()) {
                continue;
            }
            if let Some(item_attrs) = item_attrs(&mut item) {
                item_attrs.splice(0..0, cfg.iter().cloned());
            }
            file.items.push(item);
        }
    }
    Ok(file)
}

/// The attributes of an item that can carry a `cfg`.
fn item_attrs(item: &mut syn::Item) -> Option<&mut Vec<syn::Attribute>> {
    use syn::Item;
    Some(match item {
        Item::Const(i) => &mut i.attrs,
        Item::Enum(i) => &mut i.attrs,
        Item::ExternCrate(i) => &mut i.attrs,
        Item::Fn(i) => &mut i.attrs,
        Item::ForeignMod(i) => &mut i.attrs,
        Item::Impl(i) => &mut i.attrs,
        Item::Macro(i) => &mut i.attrs,
        Item::Mod(i) => &mut i.attrs,
        Item::Static(i) => &mut i.attrs,
        Item::Struct(i) => &mut i.attrs,
        Item::Trait(i) => &mut i.attrs,
        Item::TraitAlias(i) => &mut i.attrs,
        Item::Type(i) => &mut i.attrs,
        Item::Union(i) => &mut i.attrs,
        Item::Use(i) => &mut i.attrs,
        _ => return None,
    })
}

/// Drops a module's opening line (`pub mod models {`) unless `edges.open`, and its closing
/// `}` unless `edges.close`. An empty module (`pub mod models {}`) is opened and closed first.
fn trim_module_edges(text: &str, edges: Edges) -> Option<String> {
    let mut text = text.strip_suffix('\n')?.to_owned();
    if text.ends_with(" {}") {
        text.truncate(text.len() - 1);
        text.push_str("\n}");
    }
    text.push('\n');
    let text = if edges.open {
        text.as_str()
    } else {
        let (first, rest) = text.split_once('\n')?;
        (first.starts_with("pub mod ") && first.ends_with('{')).then_some(())?;
        rest
    };
    if edges.close {
        return Some(text.to_owned());
    }
    text.strip_suffix("}\n").map(str::to_owned)
}

/// The header: what produced the file and the one command that regenerates it.
/// No tool version, so upgrading the generator does not touch every generated file.
pub(crate) fn header(spec_name: &str, regenerate: &str) -> String {
    let spec_name = one_line(spec_name);
    let regenerate = one_line(regenerate);
    format!(
        "// This file is @generated by specforge from {spec_name}. Do not edit it by hand.\n\
         // Regenerate it with: {regenerate}\n"
    )
}

/// Header text is a line comment: a line break would end it, and rustc rejects characters
/// that reorder displayed text.
fn one_line(text: &str) -> String {
    text.chars()
        .filter(|c| !crate::text::is_bidi_control(*c))
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// Starts of lines that open an item (or its docs and attributes).
const ITEM_STARTS: &[&str] = &[
    "///",
    "#[",
    "pub ",
    "impl ",
    "impl<",
    "fn ",
    "mod ",
    "struct ",
    "enum ",
    "type ",
    "use ",
    // The runtime's item macros (`rt::impl_string_enum!(…);`, …).
    "rt::impl_",
];

/// Puts a blank line between consecutive items, as a person would (prettyplease packs them).
///
/// Only whitespace changes: a blank line goes before a line that starts an item when the
/// previous line, at the same indentation, ended one (with `}` or `;`).
fn space_items(code: &str) -> String {
    let mut out = String::with_capacity(code.len() + code.len() / 16);
    space_items_into(&mut out, &mut None, code);
    out
}

/// [`space_items`] of `code` appended to `out`; `previous` is the previous line's indentation
/// and whether it ended an item, carried from one part to the next. Each line is trimmed
/// once: this runs over every line of outputs that reach a million lines.
fn space_items_into(out: &mut String, previous: &mut Option<(usize, bool)>, code: &str) {
    for line in code.lines() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if let Some((prev_indent, prev_ends_item)) = *previous {
            let starts_item = ITEM_STARTS.iter().any(|s| trimmed.starts_with(s));
            if prev_ends_item && prev_indent == indent && starts_item {
                out.push('\n');
            }
        }
        out.push_str(line);
        out.push('\n');
        let trimmed = trimmed.trim_end();
        let is_comment = trimmed.starts_with("//");
        *previous = Some((
            indent,
            !is_comment && (trimmed.ends_with('}') || trimmed.ends_with(';')),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_get_a_blank_line_between_them() {
        let code = "pub mod a {\n    pub struct X {}\n    /// Doc ending in code;\n    /// }\n    pub struct Y;\n    impl Y {\n        fn f() {\n            let a = 1;\n            let b = 2;\n        }\n        fn g() {}\n    }\n}\npub use a::X;\n";
        let expected = "pub mod a {\n    pub struct X {}\n\n    /// Doc ending in code;\n    /// }\n    pub struct Y;\n\n    impl Y {\n        fn f() {\n            let a = 1;\n            let b = 2;\n        }\n\n        fn g() {}\n    }\n}\n\npub use a::X;\n";
        assert_eq!(space_items(code), expected);
    }
}
