//! What users add to the generated types: replacement types (`x-rust-type`,
//! [`crate::Generator::replace`]), extra derives and attributes.
//!
//! Every such text is parsed with `syn` and checked to be exactly one thing of the expected
//! kind before it is used, then emitted from the parsed tree: a spec (or a typo in a setting)
//! cannot add items, statements or expressions to the generated code.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::ToTokens;

/// A Rust type path checked to be only a path (`rust_decimal::Decimal`,
/// `std::collections::HashMap<String, u8>`): identifiers, `::` and generic type arguments that
/// are such paths themselves; no expressions, lifetimes, blocks or macros.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RustPath(String);

impl RustPath {
    /// Checks `text` as a type path (with generic arguments when `generics`).
    pub(crate) fn parse(text: &str, generics: bool) -> Result<Self, String> {
        let ty: syn::Type = syn::parse_str(text.trim())
            .map_err(|e| format!("{text:?} is not a Rust type path: {e}"))?;
        check_type(&ty, generics)
            .map_err(|why| format!("{text:?} is not a plain Rust type path: {why}"))?;
        Ok(RustPath(ty.to_token_stream().to_string()))
    }

    /// A type path for a type (`x-rust-type`, `replace`).
    pub(crate) fn type_path(text: &str) -> Result<Self, String> {
        Self::parse(text, true)
    }

    /// A derive macro's path (`schemars::JsonSchema`): no generic arguments.
    pub(crate) fn derive_path(text: &str) -> Result<Self, String> {
        Self::parse(text, false)
    }

    /// The last segment's name (`Decimal` for `rust_decimal::Decimal`).
    pub(crate) fn last_name(&self) -> &str {
        let without_args = self.0.split('<').next().unwrap_or_default();
        without_args.rsplit("::").next().unwrap_or_default().trim()
    }

    pub(crate) fn tokens(&self) -> TokenStream {
        // Re-lexing text that `syn` printed from a checked path cannot fail; should it, the
        // generated code says so instead of compiling something else.
        self.0.parse().unwrap_or_else(|_| {
            let message = format!("specforge: cannot re-read the type path {:?}", self.0);
            quote::quote!(::std::compile_error!(#message))
        })
    }
}

fn check_type(ty: &syn::Type, generics: bool) -> Result<(), &'static str> {
    let syn::Type::Path(path) = ty else {
        return Err("only a path to a type is allowed");
    };
    if path.qself.is_some() {
        return Err("qualified `<T as Trait>` paths are not allowed");
    }
    for segment in &path.path.segments {
        match &segment.arguments {
            syn::PathArguments::None => {}
            syn::PathArguments::AngleBracketed(args) if generics => {
                for arg in &args.args {
                    match arg {
                        syn::GenericArgument::Type(inner) => check_type(inner, generics)?,
                        _ => return Err("generic arguments must be types"),
                    }
                }
            }
            _ => return Err("generic arguments are not allowed here"),
        }
    }
    Ok(())
}

/// Outer attributes (`#[serde_with::skip_serializing_none]`), checked to be attributes only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RustAttrs(String);

impl RustAttrs {
    pub(crate) fn parse(text: &str) -> Result<Self, String> {
        let parsed = syn::parse::Parser::parse_str(syn::Attribute::parse_outer, text.trim())
            .map_err(|e| {
                format!("{text:?} is not a Rust attribute such as `#[path(args)]`: {e}")
            })?;
        if parsed.is_empty() {
            return Err(format!("{text:?} holds no attribute"));
        }
        let mut tokens = TokenStream::new();
        for attr in &parsed {
            attr.to_tokens(&mut tokens);
        }
        Ok(RustAttrs(tokens.to_string()))
    }

    pub(crate) fn tokens(&self) -> TokenStream {
        self.0.parse().unwrap_or_else(|_| {
            let message = format!("specforge: cannot re-read the attribute {:?}", self.0);
            quote::quote!(::std::compile_error!(#message))
        })
    }
}

/// Extra derives and attributes for one type (or for all).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extras {
    pub derives: Vec<RustPath>,
    pub attributes: Vec<RustAttrs>,
}

impl Extras {
    fn extend(&mut self, other: &Extras) {
        for derive in &other.derives {
            if !self.derives.contains(derive) {
                self.derives.push(derive.clone());
            }
        }
        self.attributes.extend(other.attributes.iter().cloned());
    }
}

/// The user's type settings, checked.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Customization {
    /// `false` keeps formatted strings as `String`; `None` lets the document decide.
    pub typed_formats: Option<bool>,
    /// Component schema name → the type used instead.
    pub replace: BTreeMap<String, RustPath>,
    /// For every generated model type.
    pub all: Extras,
    /// Component schema name (or Rust type name) → extras for that type.
    pub per_type: BTreeMap<String, Extras>,
    /// The `recursion_limit` of the crate root the code is included in, which bounds the
    /// chains of nested types it may hold; `None` when the generator writes the crate root
    /// (and declares there the limit its chains need).
    pub recursion_limit: Option<usize>,
}

impl Customization {
    /// The extras of a type: those for all, then its own (by schema or Rust name), then those
    /// its schema asks for (`x-rust-derives`).
    pub(crate) fn extras_for(&self, api_name: &str, rust_name: &str, own: &Extras) -> Extras {
        let mut extras = self.all.clone();
        for key in [api_name, rust_name] {
            if let Some(mine) = self.per_type.get(key) {
                extras.extend(mine);
            }
            if api_name == rust_name {
                break;
            }
        }
        extras.extend(own);
        extras
    }
}

/// The settings as the user wrote them; [`Settings::check`] turns them into a
/// [`Customization`] or an error naming the bad one.
#[derive(Debug, Clone, Default)]
pub(crate) struct Settings {
    pub(crate) typed_formats: Option<bool>,
    /// The including crate root's `recursion_limit`, when the user declares one.
    pub(crate) recursion_limit: Option<usize>,
    pub(crate) replace: Vec<(String, String)>,
    pub(crate) derives: Vec<(Option<String>, String)>,
    pub(crate) attributes: Vec<(Option<String>, String)>,
}

impl Settings {
    pub(crate) fn check(&self) -> Result<Customization, crate::Error> {
        let bad = |what: &str, why: String| crate::Error::Setting(format!("{what}: {why}"));
        let mut custom = Customization {
            typed_formats: self.typed_formats,
            ..Default::default()
        };
        for (name, path) in &self.replace {
            let path =
                RustPath::type_path(path).map_err(|why| bad(&format!("replace({name:?})"), why))?;
            custom.replace.insert(name.clone(), path);
        }
        for (on, derive) in &self.derives {
            let path = RustPath::derive_path(derive).map_err(|why| bad("derive", why))?;
            let extras = match on {
                Some(name) => custom.per_type.entry(name.clone()).or_default(),
                None => &mut custom.all,
            };
            extras.derives.push(path);
        }
        for (on, attribute) in &self.attributes {
            let attrs = RustAttrs::parse(attribute).map_err(|why| bad("attribute", why))?;
            let extras = match on {
                Some(name) => custom.per_type.entry(name.clone()).or_default(),
                None => &mut custom.all,
            };
            extras.attributes.push(attrs);
        }
        Ok(custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_paths_are_paths_and_nothing_else() {
        for good in [
            "rust_decimal::Decimal",
            "::std::string::String",
            "crate::money::Money",
            "Vec<u8>",
            "std::collections::HashMap<String, Vec<u8>>",
        ] {
            assert!(RustPath::type_path(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "Decimal; fn evil() {}",
            "Decimal>",
            "[u8; { std::process::exit(1) }]",
            "Vec<[u8; 3]>",
            "Foo<'static>",
            "Foo<N = u8>",
            "<T as Trait>::Out",
            "fn() -> u8",
            "&'static str",
            "evil!()",
            "Foo<{ 1 + 1 }>",
            "a::b /* */ c",
        ] {
            assert!(RustPath::type_path(bad).is_err(), "{bad:?} accepted");
        }
        assert!(RustPath::derive_path("schemars::JsonSchema").is_ok());
        assert!(RustPath::derive_path("Foo<u8>").is_err());
        assert_eq!(
            RustPath::type_path("a :: b<c>").map(|p| p.last_name().to_owned()),
            Ok("b".to_owned())
        );
    }

    #[test]
    fn attributes_are_attributes_only() {
        assert!(RustAttrs::parse("#[serde_with::skip_serializing_none]").is_ok());
        assert!(RustAttrs::parse("#[schemars(deny_unknown_fields)] #[allow(dead_code)]").is_ok());
        for bad in [
            "",
            "derive(Hash)",
            "#[a] fn evil() {}",
            "#![inner]",
            "#[a] }",
        ] {
            assert!(RustAttrs::parse(bad).is_err(), "{bad:?} accepted");
        }
    }
}
