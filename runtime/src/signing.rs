//! Request signing as the request path sees it: the one seam between the generic runtime and
//! the vendor's AK/SK signer (cargo feature `huawei`).
//!
//! Without the feature, [`Credentials`] and [`Source`] are empty enums: a client can hold no
//! signing credentials, every `Option` of them is `None`, and the code that would sign is
//! unreachable — so the request path needs no `cfg` of its own and a generic client compiles
//! none of the signer, its hashes or the vendor's credential files.

#[cfg(feature = "huawei")]
pub(crate) use vendor::*;

#[cfg(not(feature = "huawei"))]
pub(crate) use generic::*;

/// What signing needs from the request being built. Header names keep their case.
// Without the feature nothing signs, so nothing reads these.
#[cfg_attr(not(feature = "huawei"), allow(dead_code))]
pub(crate) struct Unsigned<'a> {
    pub method: &'a str,
    /// `host` or `host:port`, as in the URL.
    pub host: &'a str,
    /// The path as sent (parameters percent-encoded).
    pub path: &'a str,
    /// The query as the server decodes it.
    pub query: &'a [(String, String)],
    pub headers: &'a mut Vec<(String, String)>,
    /// The body bytes; `None` for a streamed body, whose hash is not known before sending.
    pub body: Option<&'a [u8]>,
}

#[cfg(feature = "huawei")]
mod vendor {
    use super::Unsigned;
    use crate::signer::{self, SigningRequest};

    pub(crate) use crate::credentials::{
        AkSkCredentials as Credentials, CredentialSource as Source,
    };

    /// The current signing time (`X-Sdk-Date`).
    pub(crate) fn now() -> String {
        signer::sdk_date_now()
    }

    /// The temporary credentials' token header, if they carry one.
    pub(crate) fn token_header(credentials: &Credentials) -> Option<(String, String)> {
        let token = credentials.security_token()?;
        Some(("X-Security-Token".to_owned(), token.expose().to_owned()))
    }

    /// Signs `request` at `date`, adding the signing headers to it.
    pub(crate) fn sign(credentials: &Credentials, date: &str, request: Unsigned<'_>) {
        if request.body.is_none() {
            // The hash of a body not yet read is unknown; the vendor's signer takes this.
            request.headers.push((
                signer::CONTENT_SHA256_HEADER.to_owned(),
                "UNSIGNED-PAYLOAD".to_owned(),
            ));
        }
        signer::sign(
            credentials,
            date,
            SigningRequest {
                method: request.method,
                host: request.host,
                path: request.path,
                query: request.query,
                headers: request.headers,
                body: request.body.unwrap_or_default(),
            },
        );
    }
}

#[cfg(not(feature = "huawei"))]
mod generic {
    use super::Unsigned;
    use crate::error::Error;

    /// No signing credentials exist without the `huawei` feature.
    #[derive(Debug, Clone)]
    pub(crate) enum Credentials {}

    /// No credential source exists without the `huawei` feature.
    #[derive(Debug, Clone)]
    pub(crate) enum Source {}

    impl Source {
        pub(crate) async fn current(&self) -> Result<Credentials, Error> {
            match *self {}
        }
    }

    pub(crate) fn now() -> String {
        String::new()
    }

    pub(crate) fn token_header(credentials: &Credentials) -> Option<(String, String)> {
        match *credentials {}
    }

    pub(crate) fn sign(credentials: &Credentials, _date: &str, _request: Unsigned<'_>) {
        match *credentials {}
    }
}
