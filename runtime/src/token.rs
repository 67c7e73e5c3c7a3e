//! Tokens fetched asynchronously (OAuth client credentials, a vault, a sidecar) and cached
//! until shortly before they expire.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use http::{HeaderName, HeaderValue};
use tokio::sync::Mutex;

use crate::body::BoxError;
use crate::hooks::{Hook, HookRequest};
use crate::secret::Secret;
use crate::transport::BoxFuture;

/// A token and how long it is valid.
#[derive(Debug, Clone)]
pub struct Token {
    value: Secret,
    expires_at: Option<Instant>,
}

impl Token {
    /// A token valid until `expires_at` (`None`: until the process ends).
    pub fn new(value: impl Into<Secret>, expires_at: Option<Instant>) -> Self {
        Token {
            value: value.into(),
            expires_at,
        }
    }

    /// A token valid for `lifetime` from now (an OAuth `expires_in`).
    pub fn expires_in(value: impl Into<Secret>, lifetime: Duration) -> Self {
        Token::new(value, Instant::now().checked_add(lifetime))
    }

    /// The token itself.
    pub fn secret(&self) -> &Secret {
        &self.value
    }
}

/// Fetches a fresh token. [`TokenAuth`] calls it only when the cached one is about to expire.
pub trait TokenProvider: Send + Sync + 'static {
    /// Fetches a token.
    ///
    /// # Errors
    /// Any failure; the call that needed the token fails with
    /// [`Error::Hook`](crate::Error::Hook).
    fn fetch_token(&self) -> BoxFuture<'_, Result<Token, BoxError>>;
}

impl<F, Fut> TokenProvider for F
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<Token, BoxError>> + Send + 'static,
{
    fn fetch_token(&self) -> BoxFuture<'_, Result<Token, BoxError>> {
        Box::pin(self())
    }
}

/// A [`Hook`] that puts a provider's token in a header (`Authorization: Bearer <token>` by
/// default) before signing, fetching it on first use and again `refresh_before` (60 s by
/// default) before it expires. However many calls find it stale at once, one fetch serves
/// them all. The token never appears in `Debug`, logs or errors.
#[derive(Clone)]
pub struct TokenAuth {
    provider: Arc<dyn TokenProvider>,
    header: HeaderName,
    prefix: &'static str,
    refresh_before: Duration,
    cached: Arc<Mutex<Option<Token>>>,
}

impl TokenAuth {
    /// `Authorization: Bearer <token>` from `provider`.
    pub fn bearer(provider: impl TokenProvider) -> Self {
        TokenAuth {
            provider: Arc::new(provider),
            header: http::header::AUTHORIZATION,
            prefix: "Bearer ",
            refresh_before: Duration::from_secs(60),
            cached: Arc::new(Mutex::new(None)),
        }
    }

    /// The token as is, in the header `name` (an API key that rotates).
    pub fn in_header(name: HeaderName, provider: impl TokenProvider) -> Self {
        TokenAuth {
            header: name,
            prefix: "",
            ..TokenAuth::bearer(provider)
        }
    }

    /// Refetches this long before the token expires.
    pub fn refresh_before(mut self, margin: Duration) -> Self {
        self.refresh_before = margin;
        self
    }

    /// The cached token, or a new one when there is none or it expires within the margin.
    async fn current(&self) -> Result<Secret, BoxError> {
        let mut cached = self.cached.lock().await;
        let fresh = |token: &Token| {
            token
                .expires_at
                .is_none_or(|at| Instant::now() + self.refresh_before < at)
        };
        if let Some(token) = cached.as_ref().filter(|t| fresh(t)) {
            return Ok(token.value.clone());
        }
        let token = self.provider.fetch_token().await?;
        let value = token.value.clone();
        *cached = Some(token);
        Ok(value)
    }
}

impl Hook for TokenAuth {
    fn before_send<'a>(
        &'a self,
        request: &'a mut HookRequest<'_>,
    ) -> BoxFuture<'a, Result<(), BoxError>> {
        Box::pin(async move {
            let token = self.current().await?;
            let mut value = HeaderValue::from_str(&format!("{}{}", self.prefix, token.expose()))
                .map_err(|_| {
                    "the token provider returned a token with characters a header cannot hold"
                })?;
            value.set_sensitive(true);
            request.headers_mut().insert(self.header.clone(), value);
            Ok(())
        })
    }
}

impl fmt::Debug for TokenAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenAuth")
            .field("header", &self.header)
            .field("refresh_before", &self.refresh_before)
            .finish_non_exhaustive()
    }
}
