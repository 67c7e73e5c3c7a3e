//! Nothing in a spec can add Rust tokens to the output: hostile descriptions, defaults,
//! examples, patterns and names end up in doc strings, string literals or sanitized
//! identifiers — never as code.

use std::collections::BTreeSet;
use std::path::Path;

use syn::visit::Visit;

#[derive(Default)]
struct Tokens {
    idents: BTreeSet<String>,
    macros: BTreeSet<String>,
    functions: BTreeSet<String>,
}

impl<'ast> Visit<'ast> for Tokens {
    fn visit_ident(&mut self, ident: &'ast syn::Ident) {
        self.idents.insert(ident.to_string());
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        let name = mac
            .path
            .segments
            .last()
            .map(|s| s.ident.to_string())
            .unwrap_or_default();
        self.macros.insert(name);
        syn::visit::visit_macro(self, mac);
    }

    fn visit_signature(&mut self, sig: &'ast syn::Signature) {
        self.functions.insert(sig.ident.to_string());
        syn::visit::visit_signature(self, sig);
    }
}

fn tokens_of(fixture: &str) -> Tokens {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(fixture);
    let code = specforge::Generator::new(&path)
        .cargo_directives(false)
        .render()
        .expect("the hostile fixture still generates");
    let file = syn::parse_file(&code).expect("generated code parses");
    let mut tokens = Tokens::default();
    tokens.visit_file(&file);
    tokens
}

#[test]
fn hostile_prose_stays_prose() {
    let tokens = tokens_of("docs.yaml");
    for planted in [
        "evil", "Evil", "exit", "process", "alert", "script", "boom", "no_std",
    ] {
        assert!(
            !tokens.idents.contains(planted),
            "`{planted}` became a token"
        );
    }
    assert_only_generator_macros(&tokens);
    assert!(!tokens.functions.iter().any(|f| f.contains("evil")));
}

/// The macros the generator writes itself: a spec can add no other.
const GENERATOR_MACROS: &[&str] = &[
    "concat",
    "env",
    "impl_deserialize_by_table",
    "impl_string_enum",
    "setter",
];

/// The only macros in the output are the generator's own.
fn assert_only_generator_macros(tokens: &Tokens) {
    let allowed: BTreeSet<String> = GENERATOR_MACROS.iter().map(|m| m.to_string()).collect();
    assert!(
        tokens.macros.is_subset(&allowed),
        "unexpected macros: {:?}",
        tokens.macros
    );
}

#[test]
fn hostile_names_become_plain_identifiers() {
    let tokens = tokens_of("naming.yaml");
    assert_only_generator_macros(&tokens);
    for ident in &tokens.idents {
        assert!(ident.is_ascii(), "non-ASCII identifier {ident}");
        assert!(!ident.starts_with("r#"), "raw identifier {ident}");
    }
}
