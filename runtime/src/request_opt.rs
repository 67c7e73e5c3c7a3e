//! Optional parameters and bodies, attached in one call each, so that a generated operation is
//! one builder chain: an unset (`None`) value adds nothing.

use serde::Serialize;

use crate::error::Error;
use crate::form::ParamStyle;
use crate::request::Request;

impl Request {
    /// Adds the query parameter when `value` is set.
    pub fn query_opt<T: ToString>(self, key: &str, value: &Option<T>) -> Self {
        match value {
            Some(value) => self.query(key, value.to_string()),
            None => self,
        }
    }

    /// Adds the query parameter once per value when the list is set (`id=a&id=b`).
    pub fn query_all_opt<T: ToString>(self, key: &str, values: &Option<Vec<T>>) -> Self {
        match values {
            Some(values) => self.query_all(key, values.iter().map(ToString::to_string)),
            None => self,
        }
    }

    /// Adds the header when `value` is set.
    pub fn header_opt<T: ToString>(self, name: &str, value: &Option<T>) -> Self {
        match value {
            Some(value) => self.header(name, value.to_string()),
            None => self,
        }
    }

    /// Adds the cookie when `value` is set.
    pub fn cookie_opt<T: ToString>(self, name: &str, value: &Option<T>) -> Self {
        match value {
            Some(value) => self.cookie(name, value.to_string()),
            None => self,
        }
    }

    /// [`query_styled`](Request::query_styled) when `value` is set.
    ///
    /// # Errors
    /// [`Error::InvalidRequest`] if the value cannot be serialized.
    pub fn query_styled_opt<T: Serialize>(
        self,
        name: &str,
        value: &Option<T>,
        style: ParamStyle,
    ) -> Result<Self, Error> {
        match value {
            Some(value) => self.query_styled(name, value, style),
            None => Ok(self),
        }
    }

    /// [`header_styled`](Request::header_styled) when `value` is set.
    ///
    /// # Errors
    /// [`Error::InvalidRequest`] if the value cannot be serialized.
    pub fn header_styled_opt<T: Serialize>(
        self,
        name: &str,
        value: &Option<T>,
        style: ParamStyle,
    ) -> Result<Self, Error> {
        match value {
            Some(value) => self.header_styled(name, value, style),
            None => Ok(self),
        }
    }

    /// [`cookie_styled`](Request::cookie_styled) when `value` is set.
    ///
    /// # Errors
    /// [`Error::InvalidRequest`] if the value cannot be serialized.
    pub fn cookie_styled_opt<T: Serialize>(
        self,
        name: &str,
        value: &Option<T>,
        style: ParamStyle,
    ) -> Result<Self, Error> {
        match value {
            Some(value) => self.cookie_styled(name, value, style),
            None => Ok(self),
        }
    }

    /// Applies `attach` (which sets a body) when `value` is set: an optional request body.
    ///
    /// # Errors
    /// What `attach` returns.
    pub fn body_opt<T>(
        self,
        value: Option<T>,
        attach: impl FnOnce(Self, T) -> Result<Self, Error>,
    ) -> Result<Self, Error> {
        match value {
            Some(value) => attach(self, value),
            None => Ok(self),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::Method;

    #[test]
    fn unset_values_add_nothing_and_set_ones_are_sent() {
        let none: Option<u32> = None;
        let request = Request::new(Method::GET, "/x".to_owned())
            .query_opt("a", &none)
            .query_opt("b", &Some(2))
            .query_all_opt("c", &Some(vec!["x", "y"]))
            .query_all_opt::<&str>("d", &None);
        let query: Vec<(String, String)> = request.query.iter().map(|q| q.decoded()).collect();
        assert_eq!(
            query,
            [("b", "2"), ("c", "x"), ("c", "y")].map(|(k, v)| (k.to_owned(), v.to_owned()))
        );
        let request = request
            .header_opt("h", &Some("v"))
            .header_opt::<&str>("g", &None);
        assert_eq!(request.headers, [("h".to_owned(), "v".to_owned())]);
    }
}
