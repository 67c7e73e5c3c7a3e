//! Client-side checks of the rules a spec documents (`minLength`, `maxLength`, `pattern`,
//! `minimum`, `maximum`, `minItems`, `maxItems`, `enum`), run before a request is sent so
//! that a bad argument fails fast with the field and the rule, instead of a round trip.

use std::fmt;
use std::sync::OnceLock;

use crate::error::Error;

/// A value whose documented rules can be checked. Generated for request models.
pub trait Validate {
    /// Records every rule `self` breaks in `v`.
    fn validate(&self, v: &mut Validator);
}

/// Checks `value` on its own: `Ok`, or [`Error::Validation`] listing every broken rule. What a
/// generated operation calls before sending.
///
/// # Errors
/// [`Error::Validation`] when `value` breaks a documented rule.
pub fn validate<T: Validate + ?Sized>(value: &T) -> Result<(), Error> {
    let mut validator = Validator::new();
    value.validate(&mut validator);
    validator.finish()
}

/// An optional value (a request body the operation does not require) is checked when set.
impl<T: Validate> Validate for Option<T> {
    fn validate(&self, v: &mut Validator) {
        if let Some(value) = self {
            value.validate(v);
        }
    }
}

impl<T: Validate + ?Sized> Validate for &T {
    fn validate(&self, v: &mut Validator) {
        (**self).validate(v);
    }
}

/// Collects rule violations while walking a request, with the path to each field.
#[derive(Debug, Default)]
pub struct Validator {
    path: Vec<String>,
    violations: Vec<Violation>,
}

/// One broken rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// Where: the wire names of the fields, e.g. `traffic_mirror_session.name`, `sources[3]`.
    pub field: String,
    /// Which rule, as the spec names it, e.g. `maxLength 64`.
    pub rule: String,
    /// What was wrong with the value.
    pub problem: String,
}

/// A request that breaks documented rules; nothing was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationError {
    /// Every rule broken, in field order.
    pub violations: Vec<Violation>,
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("invalid request: ")?;
        for (i, v) in self.violations.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "`{}` breaks `{}`: {}", v.field, v.rule, v.problem)?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationError {}

/// A regular expression from a spec (ECMA-262 syntax, as OpenAPI defines `pattern`), compiled
/// on first use by an ECMA-262 engine, so look-around, back-references and ASCII-only `\d`
/// and `\w` mean what the spec's author meant. The generator has already checked that it
/// compiles.
#[derive(Debug)]
pub struct Pattern {
    source: &'static str,
    compiled: OnceLock<Option<regress::Regex>>,
}

impl Pattern {
    /// A pattern that compiles lazily.
    pub const fn new(source: &'static str) -> Self {
        Pattern {
            source,
            compiled: OnceLock::new(),
        }
    }

    fn is_match(&self, value: &str) -> bool {
        match self
            .compiled
            .get_or_init(|| regress::Regex::new(self.source).ok())
        {
            Some(regex) => regex.find(value).is_some(),
            // Cannot happen for generated code (checked at generation time); never block a
            // request on a pattern this client cannot evaluate.
            None => true,
        }
    }
}

impl Validator {
    /// An empty validator.
    pub fn new() -> Self {
        Validator::default()
    }

    /// `Ok` if no rule was broken, else [`Error::Validation`] listing every violation.
    ///
    /// # Errors
    /// [`Error::Validation`] when anything was recorded.
    pub fn finish(self) -> Result<(), Error> {
        if self.violations.is_empty() {
            Ok(())
        } else {
            Err(Error::Validation(ValidationError {
                violations: self.violations,
            }))
        }
    }

    /// Checks inside the field `name`.
    pub fn field(&mut self, name: &str, check: impl FnOnce(&mut Self)) {
        self.path.push(name.to_owned());
        check(self);
        self.path.pop();
    }

    /// Checks `value`'s own rules inside the field `name` (nothing for an unset `Option`): a
    /// field whose type is a checked model.
    pub fn nested<T: Validate + ?Sized>(&mut self, name: &str, value: &T) {
        self.field(name, |v| value.validate(v));
    }

    /// Checks inside item `index` of the current list.
    pub fn index(&mut self, index: usize, check: impl FnOnce(&mut Self)) {
        let name = match self.path.pop() {
            Some(last) => format!("{last}[{index}]"),
            None => format!("[{index}]"),
        };
        self.path.push(name);
        check(self);
        if let Some(last) = self.path.pop() {
            let base = last
                .rsplit_once('[')
                .map_or(last.as_str(), |(b, _)| b)
                .to_owned();
            self.path.push(base);
        }
    }

    /// `minLength`, counted in characters.
    pub fn min_length(&mut self, value: &str, min: usize) {
        let len = value.chars().count();
        if len < min {
            self.violation(format!("minLength {min}"), format!("has {len} characters"));
        }
    }

    /// `maxLength`, counted in characters.
    pub fn max_length(&mut self, value: &str, max: usize) {
        let len = value.chars().count();
        if len > max {
            self.violation(format!("maxLength {max}"), format!("has {len} characters"));
        }
    }

    /// `pattern`.
    pub fn pattern(&mut self, value: &str, pattern: &Pattern) {
        if !pattern.is_match(value) {
            self.violation(
                format!("pattern {}", pattern.source),
                format!("{value:?} does not match"),
            );
        }
    }

    /// `minimum` (`exclusive`: `exclusiveMinimum`).
    pub fn minimum(&mut self, value: f64, min: f64, exclusive: bool) {
        if value < min || (exclusive && value == min) {
            let rule = if exclusive {
                "exclusiveMinimum"
            } else {
                "minimum"
            };
            self.violation(format!("{rule} {min}"), format!("is {value}"));
        }
    }

    /// `maximum` (`exclusive`: `exclusiveMaximum`).
    pub fn maximum(&mut self, value: f64, max: f64, exclusive: bool) {
        if value > max || (exclusive && value == max) {
            let rule = if exclusive {
                "exclusiveMaximum"
            } else {
                "maximum"
            };
            self.violation(format!("{rule} {max}"), format!("is {value}"));
        }
    }

    /// `minItems`.
    pub fn min_items(&mut self, len: usize, min: usize) {
        if len < min {
            self.violation(format!("minItems {min}"), format!("has {len} items"));
        }
    }

    /// `maxItems`.
    pub fn max_items(&mut self, len: usize, max: usize) {
        if len > max {
            self.violation(format!("maxItems {max}"), format!("has {len} items"));
        }
    }

    /// `enum`: `value` is not one of `allowed` (an enum's `Unknown` variant was sent).
    pub fn not_allowed(&mut self, value: &str, allowed: &[&str]) {
        let allowed: Vec<String> = allowed.iter().map(|a| format!("{a:?}")).collect();
        self.violation(
            format!("enum [{}]", allowed.join(", ")),
            format!("{value:?} is not one of them"),
        );
    }

    fn violation(&mut self, rule: String, problem: String) {
        let field = if self.path.is_empty() {
            "(request)".to_owned()
        } else {
            self.path.join(".")
        };
        self.violations.push(Violation {
            field,
            rule,
            problem,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn violations_name_the_field_and_the_rule() {
        static NAME: Pattern = Pattern::new("^[a-z]+$");
        let mut v = Validator::new();
        v.field("session", |v| {
            v.field("name", |v| {
                v.min_length("Bad Name!", 1);
                v.max_length("Bad Name!", 4);
                v.pattern("Bad Name!", &NAME);
            });
            v.field("sources", |v| {
                v.max_items(11, 10);
                v.index(3, |v| v.min_length("", 1));
            });
            v.field("priority", |v| v.minimum(0.0, 1.0, false));
        });
        let Err(Error::Validation(error)) = v.finish() else {
            panic!("violations expected");
        };
        let fields: Vec<(&str, &str)> = error
            .violations
            .iter()
            .map(|v| (v.field.as_str(), v.rule.as_str()))
            .collect();
        assert_eq!(
            fields,
            [
                ("session.name", "maxLength 4"),
                ("session.name", "pattern ^[a-z]+$"),
                ("session.sources", "maxItems 10"),
                ("session.sources[3]", "minLength 1"),
                ("session.priority", "minimum 1"),
            ]
        );
        assert!(error
            .to_string()
            .starts_with("invalid request: `session.name` breaks `maxLength 4`: has 9 characters"));
        assert!(Validator::new().finish().is_ok());
    }

    #[test]
    fn patterns_are_ecma_262() {
        // Look-ahead: at least one digit, no spaces. Rust's `regex` cannot run this one.
        static PASSWORD: Pattern = Pattern::new(r"^(?=.*[0-9])(?!.* ).{8,}$");
        // ECMA's `\d` is ASCII only: an Arabic-Indic digit is not one.
        static DIGITS: Pattern = Pattern::new(r"^\d+$");
        // Back-reference: the same quote on both sides.
        static QUOTED: Pattern = Pattern::new(r#"^(['"]).*\1$"#);
        assert!(PASSWORD.is_match("abcdefg1"));
        assert!(!PASSWORD.is_match("abcdefgh"), "no digit");
        assert!(!PASSWORD.is_match("abc defg1"), "a space");
        assert!(DIGITS.is_match("0123"));
        assert!(!DIGITS.is_match("\u{663}\u{664}"));
        assert!(QUOTED.is_match("'a'"));
        assert!(!QUOTED.is_match("'a\""));

        let mut v = Validator::new();
        v.field("password", |v| v.pattern("abcdefgh", &PASSWORD));
        let error = v.finish().expect_err("breaks the look-ahead");
        assert!(
            error.to_string().contains("pattern ^(?=.*[0-9])"),
            "{error}"
        );
    }

    #[test]
    fn exclusive_bounds_and_enums() {
        let mut v = Validator::new();
        v.minimum(5.0, 5.0, true);
        v.maximum(10.0, 10.0, true);
        v.minimum(7.0, 5.0, true);
        v.maximum(7.0, 10.0, true);
        v.not_allowed("udp", &["TCP", "UDP"]);
        let Err(Error::Validation(error)) = v.finish() else {
            panic!()
        };
        assert_eq!(error.violations.len(), 3);
        assert_eq!(error.violations[2].rule, r#"enum ["TCP", "UDP"]"#);
    }
}
