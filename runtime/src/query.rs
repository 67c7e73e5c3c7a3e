//! Query parameters as they go on the URL.
//!
//! A value joined from several items (`style: form, explode: false`, `spaceDelimited`,
//! `pipeDelimited`) keeps its delimiter literal, as RFC 6570 expands `{?list}`, while every
//! reserved character inside an item (a comma in `a,b` as one item) is percent-encoded: the
//! server can split `type=album,track` into two items and still read `x%2Cy` as one.

use crate::encode::encode_query_component;

/// What separates the items of one query value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Delimiter {
    /// `a,b` (`style: form, explode: false`).
    Comma,
    /// `a%20b` (`spaceDelimited`; a space cannot be literal in a URL).
    Space,
    /// `a|b` (`pipeDelimited`).
    Pipe,
}

impl Delimiter {
    /// The delimiter as the server decodes it.
    fn decoded(self) -> &'static str {
        match self {
            Delimiter::Comma => ",",
            Delimiter::Space => " ",
            Delimiter::Pipe => "|",
        }
    }

    /// The delimiter as it is written on the URL.
    fn on_the_wire(self) -> &'static str {
        match self {
            Delimiter::Comma => ",",
            Delimiter::Space => "%20",
            Delimiter::Pipe => "|",
        }
    }
}

/// One `key=value` of the query string; the value is one item, or several joined.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct QueryParam {
    key: String,
    items: Vec<String>,
    delimiter: Delimiter,
}

impl QueryParam {
    /// A plain `key=value`.
    pub(crate) fn single(key: String, value: String) -> Self {
        QueryParam {
            key,
            items: vec![value],
            delimiter: Delimiter::Comma,
        }
    }

    /// The parameter's name.
    pub(crate) fn key(&self) -> &str {
        &self.key
    }

    /// `key=item<delimiter>item…`.
    pub(crate) fn joined(key: String, items: Vec<String>, delimiter: Delimiter) -> Self {
        QueryParam {
            key,
            items,
            delimiter,
        }
    }

    /// The key and the value as the server decodes them (what the signature covers).
    pub(crate) fn decoded(&self) -> (String, String) {
        (self.key.clone(), self.items.join(self.delimiter.decoded()))
    }

    /// `key=value` percent-encoded, delimiters literal.
    fn encoded(&self) -> String {
        let items: Vec<String> = self
            .items
            .iter()
            .map(|item| encode_query_component(item))
            .collect();
        format!(
            "{}={}",
            encode_query_component(&self.key),
            items.join(self.delimiter.on_the_wire())
        )
    }
}

/// The query string to send, in the order the signer sorts it (by decoded key, then value).
pub(crate) fn query_string(params: &[QueryParam]) -> String {
    let mut sorted: Vec<(String, String, &QueryParam)> = params
        .iter()
        .map(|param| {
            let (key, value) = param.decoded();
            (key, value, param)
        })
        .collect();
    sorted.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    sorted
        .iter()
        .map(|(_, _, param)| param.encoded())
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn joined(items: &[&str], delimiter: Delimiter) -> QueryParam {
        let items = items.iter().map(|i| i.to_string()).collect();
        QueryParam::joined("type".to_owned(), items, delimiter)
    }

    #[test]
    fn delimiters_stay_literal_and_items_are_encoded() {
        let comma = joined(&["album", "track"], Delimiter::Comma);
        assert_eq!(query_string(&[comma]), "type=album,track");
        let inner = joined(&["a,b", "c d", "e|f&g=h"], Delimiter::Comma);
        assert_eq!(query_string(&[inner]), "type=a%2Cb,c%20d,e%7Cf%26g%3Dh");
        let space = joined(&["a", "b,c"], Delimiter::Space);
        assert_eq!(query_string(&[space]), "type=a%20b%2Cc");
        let pipe = joined(&["a", "b|c"], Delimiter::Pipe);
        assert_eq!(query_string(&[pipe]), "type=a|b%7Cc");
    }

    #[test]
    fn signed_value_is_the_decoded_value() {
        let param = joined(&["a,b", "c"], Delimiter::Comma);
        assert_eq!(param.decoded(), ("type".to_owned(), "a,b,c".to_owned()));
        let space = joined(&["a", "b"], Delimiter::Space);
        assert_eq!(space.decoded().1, "a b");
    }

    #[test]
    fn sorted_like_the_signer() {
        let params = [
            QueryParam::single("b".to_owned(), "1".to_owned()),
            QueryParam::single("a".to_owned(), "z y".to_owned()),
            QueryParam::single("a".to_owned(), "x".to_owned()),
        ];
        assert_eq!(query_string(&params), "a=x&a=z%20y&b=1");
        #[cfg(feature = "huawei")]
        {
            let pairs: Vec<(String, String)> = params.iter().map(QueryParam::decoded).collect();
            assert_eq!(
                crate::signer::canonical_query_string(&pairs),
                "a=x&a=z%20y&b=1"
            );
        }
    }
}
