//! Turning API names into Rust identifiers: cased, ASCII, never a keyword, never empty,
//! and unique within their scope.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::thread::LocalKey;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Every Rust keyword, strict and reserved, in all editions (and `gen`, reserved in 2024).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// A `snake_case` identifier for fields, arguments and methods.
pub(crate) fn snake(name: &str) -> String {
    remembered(&SNAKE, name, make_snake)
}

/// [`snake`], made afresh.
fn make_snake(name: &str) -> String {
    let ascii = ascii_words(name).to_snake_case();
    let ident = if ascii.is_empty() {
        "value".to_owned()
    } else {
        ascii
    };
    let ident = if starts_with_digit(&ident) {
        format!("_{ident}")
    } else {
        ident
    };
    if is_keyword(&ident) || ident == "_" {
        format!("{ident}_")
    } else {
        ident
    }
}

/// An `UpperCamelCase` identifier for types and enum variants.
pub(crate) fn pascal(name: &str) -> String {
    remembered(&PASCAL, name, make_pascal)
}

thread_local! {
    // The same names come back thousands of times in a large spec (every `id` and `url`
    // field, every name a shared type's uses propose, each tried again by later steps):
    // making them was ~14% of GitHub's load-and-lower thread (heck's Unicode-aware casing 10%).
    static SNAKE: RefCell<HashMap<String, String>> = RefCell::new(HashMap::new());
    static PASCAL: RefCell<HashMap<String, String>> = RefCell::new(HashMap::new());
}

/// Distinct names a cache keeps before it starts over: bounds what a long-lived thread (a
/// build script's, a bench's) holds across specs.
const REMEMBERED: usize = 1 << 16;

/// `make(name)`, from `cache` when this thread made it before.
fn remembered(
    cache: &'static LocalKey<RefCell<HashMap<String, String>>>,
    name: &str,
    make: fn(&str) -> String,
) -> String {
    cache.with(|cache| {
        if let Some(made) = cache.borrow().get(name) {
            return made.clone();
        }
        let made = make(name);
        let mut cache = cache.borrow_mut();
        if cache.len() >= REMEMBERED {
            cache.clear();
        }
        cache.insert(name.to_owned(), made.clone());
        made
    })
}

/// [`pascal`], made afresh.
fn make_pascal(name: &str) -> String {
    let ascii = ascii_words(name).to_upper_camel_case();
    let ident = if ascii.is_empty() {
        symbol_words(name)
    } else {
        ascii
    };
    let ident = if starts_with_digit(&ident) {
        format!("V{ident}")
    } else {
        ident
    };
    if is_keyword(&ident) {
        // Only `Self` can be a keyword in this case; a trailing `_` would trip the
        // `non_camel_case_types` lint.
        format!("{ident}Value")
    } else {
        ident
    }
}

/// A name of punctuation alone (enum values such as `+`, `-`, `>=`) spelled out, as a person
/// would (`Plus`, `Minus`, `GtEq`), instead of `Empty`, `Empty2`, …; `Empty` for no text.
fn symbol_words(name: &str) -> String {
    let words: String = name
        .chars()
        .filter_map(|c| {
            Some(match c {
                '+' => "Plus",
                '-' => "Minus",
                '*' => "Asterisk",
                '/' => "Slash",
                '\\' => "Backslash",
                '<' => "Lt",
                '>' => "Gt",
                '=' => "Eq",
                '!' => "Not",
                '.' => "Dot",
                ',' => "Comma",
                ':' => "Colon",
                ';' => "Semicolon",
                '_' => "Underscore",
                '#' => "Hash",
                '@' => "At",
                '&' => "And",
                '|' => "Pipe",
                '%' => "Percent",
                '$' => "Dollar",
                '?' => "Question",
                '~' => "Tilde",
                '^' => "Caret",
                '(' | ')' | '[' | ']' | '{' | '}' => "Bracket",
                '\'' | '"' | '`' => "Quote",
                ' ' => "Space",
                _ => return None,
            })
        })
        .collect();
    if words.is_empty() {
        "Empty".to_owned()
    } else {
        words
    }
}

/// Keeps identifiers ASCII (non-ASCII identifiers trigger lints and are hard to type): each
/// non-ASCII character becomes a word `uXXXX`, every other non-alphanumeric a word break.
fn ascii_words(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if c.is_ascii() {
            out.push(' ');
        } else {
            out.push_str(&format!(" u{:04x} ", c as u32));
        }
    }
    out
}

fn starts_with_digit(ident: &str) -> bool {
    ident.chars().next().is_some_and(|c| c.is_ascii_digit())
}

pub(crate) fn is_keyword(ident: &str) -> bool {
    KEYWORDS.contains(&ident)
}

/// The names every generated module imports, or takes from the prelude unqualified (`std`'s,
/// which a spec type would otherwise shadow): spec names cannot take them (`Option` becomes
/// `OptionValue`).
pub(crate) const IMPORTED_NAMES: &[&str] = &[
    "Box", "Option", "None", "Some", "Result", "Err", "Ok", "String", "Vec", "BTreeMap", "From",
    "Into",
];

/// Hands out names that are unique within one scope (a module, a struct, an enum, a method's
/// arguments): a taken name gets the first free numeric suffix.
#[derive(Debug, Default, Clone)]
pub(crate) struct Scope {
    taken: HashSet<String>,
    /// Names the generated code uses itself: a spec name equal to one becomes `{name}Value`
    /// (`Unknown` beside the `Unknown(String)` fallback is the value `unknown`), not `{name}2`.
    reserved: HashSet<String>,
    /// The next suffix to try per base name, so that many colliding names stay linear.
    next_suffix: HashMap<String, usize>,
}

impl Scope {
    pub(crate) fn new() -> Self {
        Scope::default()
    }

    /// Marks `name` as taken without handing it out (names the generated code uses itself).
    pub(crate) fn reserve(&mut self, name: &str) {
        self.taken.insert(name.to_owned());
        self.reserved.insert(name.to_owned());
    }

    /// Takes `name` exactly, if it is free.
    pub(crate) fn take(&mut self, name: &str) -> bool {
        self.taken.insert(name.to_owned())
    }

    /// Gives back a name handed out by [`Scope::unique`] whose item was not kept (an inline
    /// type merged into an identical one), so that the next name made from the same base can
    /// take it: the numbering stays without gaps.
    pub(crate) fn release(&mut self, name: &str) {
        if self.taken.remove(name) {
            let base = name.trim_end_matches(|c: char| c.is_ascii_digit() || c == '_');
            self.next_suffix.remove(base);
        }
    }

    /// `name`, or `name2`/`name_2`, `name3`/`name_3`, ... whichever is free first.
    pub(crate) fn unique(&mut self, name: String) -> String {
        if self.taken.insert(name.clone()) {
            return name;
        }
        let separator = if name.chars().next().is_some_and(char::is_uppercase) {
            ""
        } else {
            "_"
        };
        if self.reserved.contains(&name) {
            let value = format!(
                "{}{separator}{}",
                name.trim_end_matches('_'),
                if separator.is_empty() {
                    "Value"
                } else {
                    "value"
                }
            );
            if self.taken.insert(value.clone()) {
                return value;
            }
        }
        let base = name.trim_end_matches('_').to_owned();
        let mut suffix = self.next_suffix.get(&base).copied().unwrap_or(2);
        loop {
            let candidate = format!("{base}{separator}{suffix}");
            suffix += 1;
            if self.taken.insert(candidate.clone()) {
                self.next_suffix.insert(base, suffix);
                return candidate;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembered_names_are_the_names_made_afresh() {
        // Past the bound the cache starts over; every answer stays the one heck gives.
        let names: Vec<String> = (0..REMEMBERED + 10)
            .map(|i| format!("HTTPServer{i}-id"))
            .collect();
        for round in 0..2 {
            for name in names.iter().step_by(997).chain(names.last()) {
                assert_eq!(snake(name), make_snake(name), "round {round}: {name}");
                assert_eq!(pascal(name), make_pascal(name), "round {round}: {name}");
            }
        }
        for name in &names {
            snake(name);
        }
        SNAKE.with(|cache| assert!(cache.borrow().len() <= REMEMBERED));
        assert_eq!(snake("HTTPServer0-id"), "http_server0_id");
        assert_eq!(pascal("self"), "SelfValue");
    }

    #[test]
    fn every_keyword_is_escaped() {
        for keyword in KEYWORDS {
            let s = snake(keyword);
            assert!(!is_keyword(&s), "{keyword} -> {s}");
            assert!(syn::parse_str::<syn::Ident>(&s).is_ok(), "{keyword} -> {s}");
            let p = pascal(keyword);
            assert!(syn::parse_str::<syn::Ident>(&p).is_ok(), "{keyword} -> {p}");
        }
        assert_eq!(snake("type"), "type_");
        assert_eq!(snake("Self"), "self_");
        assert_eq!(pascal("self"), "SelfValue");
    }

    #[test]
    fn awkward_names_become_identifiers() {
        let cases = [
            (
                "trafficMirrorSessionId",
                "traffic_mirror_session_id",
                "TrafficMirrorSessionId",
            ),
            ("X-Project-Id", "x_project_id", "XProjectId"),
            ("1st", "_1st", "V1st"),
            ("", "value", "Empty"),
            ("_", "value", "Underscore"),
            ("+", "value", "Plus"),
            (">=", "value", "GtEq"),
            ("a::b", "a_b", "AB"),
            ("a\"b", "a_b", "AB"),
            ("名前", "u540d_u524d", "U540dU524d"),
            ("naïve", "na_u00ef_ve", "NaU00efVe"),
            ("get thing/by-id", "get_thing_by_id", "GetThingById"),
        ];
        for (input, s, p) in cases {
            assert_eq!(snake(input), s, "snake({input:?})");
            assert_eq!(pascal(input), p, "pascal({input:?})");
            assert!(syn::parse_str::<syn::Ident>(&snake(input)).is_ok());
            assert!(syn::parse_str::<syn::Ident>(&pascal(input)).is_ok());
        }
    }

    #[test]
    fn scopes_hand_out_unique_names() {
        let mut scope = Scope::new();
        scope.reserve("Unknown");
        assert_eq!(scope.unique(pascal("unknown")), "UnknownValue");
        assert_eq!(scope.unique(pascal("UNKNOWN")), "Unknown2");
        assert_eq!(scope.unique(snake("fooBar")), "foo_bar");
        assert_eq!(scope.unique(snake("foo_bar")), "foo_bar_2");
        assert_eq!(scope.unique(snake("type")), "type_");
        assert_eq!(scope.unique(snake("type")), "type_2");
    }
}
