//! Every fixture's generated client (`tests/fixtures/*.yaml`), compiled with warnings denied.
#![deny(warnings)]

include!(concat!(env!("OUT_DIR"), "/all.rs"));

/// Behaviour of generated validation (the fixture `validation.yaml`).
#[cfg(test)]
mod validation_tests {
    use super::validation::models::{
        Color, CreateWidgetParams, CreateWidgetRequest, Part, WidgetOption,
    };
    use super::validation::{Client, Error};
    use specforge_runtime::validation::{Validate, Validator};

    fn widget() -> WidgetOption {
        WidgetOption {
            name: "ok-名前".to_owned(),
            description: None,
            priority: 5,
            ratio: Some(0.5),
            ports: vec!["80".to_owned()],
            color: Some(Color::Red),
            parts: None,
            not_x: Some("y-starts-well".to_owned()),
        }
    }

    fn violations(value: &impl Validate) -> Vec<(String, String)> {
        let mut validator = Validator::new();
        value.validate(&mut validator);
        match validator.finish() {
            Ok(()) => Vec::new(),
            Err(Error::Validation(e)) => e
                .violations
                .into_iter()
                .map(|v| (v.field, v.rule))
                .collect(),
            Err(other) => panic!("unexpected {other:?}"),
        }
    }

    fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
        expected
            .iter()
            .map(|(f, r)| (f.to_string(), r.to_string()))
            .collect()
    }

    #[test]
    fn a_valid_request_passes() {
        assert_eq!(
            violations(&CreateWidgetRequest { widget: widget() }),
            pairs(&[])
        );
    }

    #[test]
    fn every_broken_rule_is_named_with_its_field() {
        let mut bad = widget();
        bad.name = "has space!".to_owned();
        bad.description = Some("<b>".to_owned());
        bad.priority = 0;
        bad.ratio = Some(1.0);
        bad.ports = Vec::new();
        bad.color = Some(Color::Unknown("blue".to_owned()));
        bad.parts = Some(vec![Part {
            label: "ok".to_owned(),
            next: Some(Box::new(Part {
                label: "too long".to_owned(),
                next: None,
            })),
        }]);
        bad.not_x = Some("x-breaks-the-look-ahead".to_owned());
        let pattern = r"pattern ^[-_.0-9A-Za-z\u4e00-\u9fa5]+$";
        assert_eq!(
            violations(&CreateWidgetRequest { widget: bad }),
            pairs(&[
                ("widget.name", "maxLength 8"),
                ("widget.name", pattern),
                ("widget.description", "pattern ^[^<>]*$"),
                ("widget.priority", "minimum 1"),
                ("widget.ratio", "exclusiveMaximum 1"),
                ("widget.ports", "minItems 1"),
                ("widget.color", r#"enum ["red", "green"]"#),
                ("widget.parts[0].next.label", "maxLength 4"),
                ("widget.not_x", "pattern ^(?!x).*$"),
            ])
        );
    }

    #[tokio::test]
    async fn an_invalid_call_fails_before_anything_is_sent() {
        // Nothing listens on port 9: a request that got as far as sending would be a
        // transport error, not a validation error.
        let client = Client::builder()
            .endpoint("https://127.0.0.1:9")
            .build()
            .expect("client");
        let params = CreateWidgetParams {
            limit: Some(5000),
            ..Default::default()
        };
        let mut body = CreateWidgetRequest { widget: widget() };
        body.widget.name = String::new();
        let error = client
            .create_widget(&params, &body)
            .await
            .expect_err("invalid");
        let Error::Validation(error) = error else {
            panic!("expected a validation error, got {error:?}");
        };
        let fields: Vec<&str> = error.violations.iter().map(|v| v.field.as_str()).collect();
        assert_eq!(fields, ["limit", "widget.name", "widget.name"]); // minLength and pattern
        assert!(
            error
                .to_string()
                .contains("`limit` breaks `maximum 2000`: is 5000"),
            "{error}"
        );
    }
}

/// The user's own types that `tests/fixtures/replace.yaml` puts in place of generated ones.
pub mod replaced {
    use serde::{Deserialize, Serialize};

    /// A decimal amount kept as text, in whole cents.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub struct Money(pub i64);

    impl Serialize for Money {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let sign = if self.0 < 0 { "-" } else { "" };
            let cents = self.0.unsigned_abs();
            serializer.serialize_str(&format!("{sign}{}.{:02}", cents / 100, cents % 100))
        }
    }

    impl<'de> Deserialize<'de> for Money {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            let text = String::deserialize(deserializer)?;
            let (whole, cents) = text.split_once('.').unwrap_or((&text, "00"));
            let parse = |s: &str| s.parse::<i64>().map_err(serde::de::Error::custom);
            let (whole, cents) = (parse(whole)?, parse(&format!("{cents:0<2}"))?);
            let negative = text.starts_with('-');
            let cents = if negative { -cents } else { cents };
            Ok(Money(whole * 100 + cents))
        }
    }

    /// Replaces the `Amount` schema (`Generator::replace`).
    #[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub struct Amount {
        pub value: String,
        pub currency: Option<String>,
    }

    /// Replaces a property's item schema (`x-rust-type`).
    #[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(transparent)]
    pub struct Tag(pub String);
}
