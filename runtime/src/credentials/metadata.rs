//! Temporary credentials from the ECS metadata service, as the vendor's `MetadataAccessor`
//! (`huaweicloudsdkcore/auth/internal.py`) gets them: a session token from
//! `PUT /meta-data/latest/api/token`, then `GET /openstack/latest/securitykey` with it, which
//! answers `{"credential": {"access", "secret", "securitytoken", "expires_at"}}`.

use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use serde::Deserialize;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;
use tokio::sync::Mutex;

use super::AkSkCredentials;
use crate::error::Error;
use crate::signer::SigningAlgorithm;

/// The metadata service of every ECS instance (plain HTTP on a link-local address).
pub const DEFAULT_METADATA_URL: &str = "http://169.254.169.254";
const TOKEN_PATH: &str = "/meta-data/latest/api/token";
const SECURITY_KEY_PATH: &str = "/openstack/latest/securitykey";
const TOKEN_HEADER: &str = "X-Metadata-Token";
const TOKEN_TTL_HEADER: &str = "X-Metadata-Token-Ttl-Seconds";
/// The vendor asks for a 6-hour session token.
const TOKEN_TTL_SECONDS: &str = "21600";
/// The vendor's SDK refreshes temporary credentials 40 minutes before they expire.
const DEFAULT_REFRESH_BEFORE: Duration = Duration::from_secs(40 * 60);
/// The vendor's SDK gives the metadata service 3 s to connect and 3 s to answer.
const METADATA_TIMEOUT: Duration = Duration::from_secs(3);

/// Temporary credentials of the instance's agency, fetched from the metadata service on first
/// use and refetched when they are within [`refresh_before`](Self::refresh_before) of expiry.
///
/// Clones share one cache: however many calls find the credentials stale at once, exactly one
/// fetches new ones while the others wait for it.
#[derive(Clone)]
pub struct MetadataCredentials {
    inner: Arc<Inner>,
}

struct Inner {
    base_url: String,
    http: reqwest::Client,
    refresh_before: Duration,
    signing_algorithm: SigningAlgorithm,
    cached: Mutex<Option<Cached>>,
    fetches: AtomicUsize,
}

struct Cached {
    credentials: AkSkCredentials,
    expires_at: OffsetDateTime,
}

/// The body of `GET /openstack/latest/securitykey`.
#[derive(Deserialize)]
struct SecurityKeyBody {
    credential: SecurityKey,
}

#[derive(Deserialize)]
struct SecurityKey {
    access: String,
    secret: String,
    securitytoken: String,
    expires_at: String,
}

impl MetadataCredentials {
    /// Credentials from the metadata service at [`DEFAULT_METADATA_URL`].
    pub fn new() -> Self {
        Self::with_base_url(DEFAULT_METADATA_URL)
    }

    /// Credentials from a metadata service at `base_url` (e.g. a stand-in in tests).
    pub fn with_base_url(base_url: impl Into<String>) -> Self {
        // Building a client without custom TLS settings does not fail; if it ever did, the
        // default client (no timeouts) still works.
        let http = reqwest::Client::builder()
            .connect_timeout(METADATA_TIMEOUT)
            .timeout(METADATA_TIMEOUT)
            .no_proxy()
            .build()
            .unwrap_or_default();
        MetadataCredentials {
            inner: Arc::new(Inner {
                base_url: base_url.into().trim_end_matches('/').to_owned(),
                http,
                refresh_before: DEFAULT_REFRESH_BEFORE,
                signing_algorithm: SigningAlgorithm::default(),
                cached: Mutex::new(None),
                fetches: AtomicUsize::new(0),
            }),
        }
    }

    /// Refetches credentials this long before they expire (40 minutes by default, as the vendor).
    pub fn refresh_before(self, margin: Duration) -> Self {
        self.rebuild(|inner| inner.refresh_before = margin)
    }

    /// Signs with `algorithm` instead of the default `SDK-HMAC-SHA256`.
    pub fn with_signing_algorithm(self, algorithm: SigningAlgorithm) -> Self {
        self.rebuild(|inner| inner.signing_algorithm = algorithm)
    }

    /// How many times credentials were fetched from the service so far.
    pub fn fetch_count(&self) -> usize {
        self.inner.fetches.load(Ordering::SeqCst)
    }

    /// The current credentials, fetched first if there are none or they are about to expire.
    ///
    /// # Errors
    /// [`Error::Config`] when the service cannot be reached or its answer is not credentials.
    pub async fn current(&self) -> Result<AkSkCredentials, Error> {
        let mut cached = self.inner.cached.lock().await;
        let fresh_until = OffsetDateTime::now_utc() + self.inner.refresh_before;
        if let Some(current) = cached.as_ref().filter(|c| c.expires_at > fresh_until) {
            return Ok(current.credentials.clone());
        }
        let fetched = self.fetch().await?;
        let credentials = fetched.credentials.clone();
        *cached = Some(fetched);
        Ok(credentials)
    }

    /// Settings can only change before the first clone shares the cache.
    fn rebuild(self, change: impl FnOnce(&mut Inner)) -> Self {
        let inner = Arc::try_unwrap(self.inner).unwrap_or_else(|shared| Inner {
            base_url: shared.base_url.clone(),
            http: shared.http.clone(),
            refresh_before: shared.refresh_before,
            signing_algorithm: shared.signing_algorithm.clone(),
            cached: Mutex::new(None),
            fetches: AtomicUsize::new(0),
        });
        let mut inner = inner;
        change(&mut inner);
        MetadataCredentials {
            inner: Arc::new(inner),
        }
    }

    async fn fetch(&self) -> Result<Cached, Error> {
        self.inner.fetches.fetch_add(1, Ordering::SeqCst);
        let token = self.session_token().await?;
        let url = format!("{}{SECURITY_KEY_PATH}", self.inner.base_url);
        let mut request = self.inner.http.get(&url);
        if let Some(token) = &token {
            request = request.header(TOKEN_HEADER, token);
        }
        let response = request
            .send()
            .await
            .map_err(|e| unreachable_error(&url, e))?;
        let status = response.status();
        if !status.is_success() {
            return Err(Error::Config(format!(
                "ECS metadata credentials: {url} answered HTTP {} (is an agency attached to the instance?)",
                status.as_u16()
            )));
        }
        let body = response
            .bytes()
            .await
            .map_err(|e| unreachable_error(&url, e))?;
        parse_security_key(&body, &self.inner.signing_algorithm)
    }

    /// A session token, or none where the service does not issue them (404, 405, 503), as the
    /// vendor's SDK tolerates.
    async fn session_token(&self) -> Result<Option<String>, Error> {
        let url = format!("{}{TOKEN_PATH}", self.inner.base_url);
        let response = self
            .inner
            .http
            .put(&url)
            .header(TOKEN_TTL_HEADER, TOKEN_TTL_SECONDS)
            .send()
            .await
            .map_err(|e| unreachable_error(&url, e))?;
        match response.status().as_u16() {
            200 => Ok(Some(
                response
                    .text()
                    .await
                    .map_err(|e| unreachable_error(&url, e))?,
            )),
            404 | 405 | 503 => Ok(None),
            other => Err(Error::Config(format!(
                "ECS metadata credentials: {url} answered HTTP {other} to the token request"
            ))),
        }
    }
}

impl Default for MetadataCredentials {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for MetadataCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The cached keys stay out: only where they come from is shown.
        f.debug_struct("MetadataCredentials")
            .field("base_url", &self.inner.base_url)
            .field("refresh_before", &self.inner.refresh_before)
            .finish_non_exhaustive()
    }
}

fn unreachable_error(url: &str, error: reqwest::Error) -> Error {
    Error::Config(format!(
        "ECS metadata credentials: could not read {url}: {}",
        error.without_url()
    ))
}

/// Reads the credentials and their expiry; the server's text never reaches the error raw.
fn parse_security_key(body: &[u8], algorithm: &SigningAlgorithm) -> Result<Cached, Error> {
    let parsed: SecurityKeyBody = serde_json::from_slice(body).map_err(|e| {
        // Only the position: serde's message may quote the server's text.
        Error::Config(format!(
            "ECS metadata credentials: the security key answer is not the expected JSON \
             (line {}, column {})",
            e.line(),
            e.column()
        ))
    })?;
    let key = parsed.credential;
    let expires_at = OffsetDateTime::parse(&key.expires_at, &Rfc3339).map_err(|_| {
        Error::Config(format!(
            "ECS metadata credentials: `expires_at` ({} characters) is not an RFC 3339 time",
            key.expires_at.chars().count()
        ))
    })?;
    let credentials = AkSkCredentials::new(key.access, key.secret)
        .with_security_token(key.securitytoken)
        .with_signing_algorithm(algorithm.clone());
    Ok(Cached {
        credentials,
        expires_at,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_security_key_answer_is_parsed_and_bad_ones_are_named() {
        let body = br#"{"credential":{"access":"AK","secret":"SK","securitytoken":"T","expires_at":"2030-01-02T03:04:05.000000Z"}}"#;
        let cached = parse_security_key(body, &SigningAlgorithm::default()).ok();
        assert_eq!(
            cached.as_ref().map(|c| c.credentials.access_key()),
            Some("AK")
        );
        assert_eq!(cached.map(|c| c.expires_at.year()), Some(2030));
        let bad_time = br#"{"credential":{"access":"AK","secret":"SK","securitytoken":"T","expires_at":"soon"}}"#;
        let error = parse_security_key(bad_time, &SigningAlgorithm::default()).err();
        assert!(format!("{error:?}").contains("expires_at"));
        assert!(parse_security_key(b"<html>", &SigningAlgorithm::default()).is_err());
    }
}
