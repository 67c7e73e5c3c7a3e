use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use url::Url;

use crate::auth::{Auth, AuthScheme, Credential, Requirement};
use crate::client::{Endpoint, HttpClient, Inner};
use crate::error::Error;
use crate::hooks::{Hook, Hooks};
use crate::http_settings::{ClientIdentity, HttpSettings, ProxySettings};
use crate::retry::RetryPolicy;
use crate::server_vars;
use crate::transport::{ReqwestTransport, Transport};

/// Client settings. The defaults follow the vendor's SDKs (connect timeout 60 s, read timeout
/// 120 s, no redirects followed, no retries), plus an overall deadline of 5 minutes per call.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Config {
    /// How long establishing a connection may take (applied by the default transport).
    pub connect_timeout: Duration,
    /// How long the client waits for each read from the server (the next chunk of a body).
    pub read_timeout: Duration,
    /// A limit for each attempt of a call (sending and reading the whole response), if any.
    pub timeout: Option<Duration>,
    /// A limit for the whole call: every attempt and every wait between them (5 minutes by
    /// default; `None`: unbounded). A server trickling one byte a second is cut off here even
    /// though each read is quick.
    pub deadline: Option<Duration>,
    /// Larger response bodies fail with [`Error::ResponseTooLarge`] instead of being buffered.
    pub max_response_bytes: usize,
    /// Appended to the client's `User-Agent`, e.g. `my-app/1.2`.
    pub user_agent_suffix: Option<String>,
    /// Retries of failed calls (none by default).
    pub retry: RetryPolicy,
    /// Whether a plain `http://` endpoint is allowed. Off by default: signed requests and
    /// their responses should not cross a network in clear text. Turn it on for local testing.
    pub allow_http: bool,
    /// Proxy and TLS settings (set them with the `with_*` methods).
    pub(crate) http: HttpSettings,
    /// A caller's transport instead of the default one.
    pub(crate) transport: Option<SharedTransport>,
    pub(crate) hooks: Hooks,
    /// Headers sent with every request that does not set them itself.
    pub(crate) default_headers: Vec<(String, String)>,
    /// Query parameters sent with every request that does not set them itself.
    pub(crate) default_query: Vec<(String, String)>,
    /// Bounds of paginated walks (`…_pages`, `…_items`, `…_all`).
    pub page_limits: crate::paginate::PageLimits,
}

/// A transport as [`Config`] holds it.
#[derive(Clone)]
pub(crate) struct SharedTransport(pub Arc<dyn Transport>);

impl fmt::Debug for SharedTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("custom transport")
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            connect_timeout: Duration::from_secs(60),
            read_timeout: Duration::from_secs(120),
            timeout: None,
            deadline: Some(Duration::from_secs(300)),
            max_response_bytes: 16 * 1024 * 1024,
            user_agent_suffix: None,
            retry: RetryPolicy::none(),
            allow_http: false,
            http: HttpSettings::default(),
            transport: None,
            hooks: Hooks::default(),
            default_headers: Vec::new(),
            default_query: Vec::new(),
            page_limits: crate::paginate::PageLimits::default(),
        }
    }
}

impl Config {
    /// Sets the connect timeout.
    pub fn with_connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Sets the read timeout.
    pub fn with_read_timeout(mut self, timeout: Duration) -> Self {
        self.read_timeout = timeout;
        self
    }

    /// Limits each attempt of a call (sending and reading the whole response) to `timeout`.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Limits each call as a whole (all attempts and the waits between them); `None` lifts
    /// the limit.
    pub fn with_deadline(mut self, deadline: Option<Duration>) -> Self {
        self.deadline = deadline;
        self
    }

    /// Sends requests through `transport` instead of the default reqwest one. The runtime
    /// still applies the timeouts, deadline, size cap and signing; the transport owns the
    /// connect timeout, proxy, TLS and redirect behaviour (the `with_proxy`/TLS settings of
    /// this `Config` apply to the default transport only).
    pub fn with_transport(mut self, transport: impl Transport) -> Self {
        self.transport = Some(SharedTransport(Arc::new(transport)));
        self
    }

    /// Bounds paginated walks (pages, items, time).
    pub fn with_page_limits(mut self, limits: crate::paginate::PageLimits) -> Self {
        self.page_limits = limits;
        self
    }

    /// Runs `hook` around every attempt (after the hooks added before it).
    pub fn with_hook(mut self, hook: impl Hook) -> Self {
        self.hooks.0.push(Arc::new(hook));
        self
    }

    /// Sends the header `name: value` with every request that does not set `name` itself (a
    /// version header that every operation declares, say).
    pub fn with_default_header(
        mut self,
        name: impl Into<String>,
        value: impl Into<String>,
    ) -> Self {
        self.default_headers.push((name.into(), value.into()));
        self
    }

    /// Sends the query parameter `name=value` with every request that does not set `name`.
    pub fn with_default_query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.default_query.push((name.into(), value.into()));
        self
    }

    /// Sets the response size limit in bytes.
    pub fn with_max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// Appends `suffix` to the `User-Agent` header.
    pub fn with_user_agent_suffix(mut self, suffix: impl Into<String>) -> Self {
        self.user_agent_suffix = Some(suffix.into());
        self
    }

    /// Sets the retry policy.
    pub fn with_retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// Sends every request through this proxy.
    pub fn with_proxy(mut self, proxy: ProxySettings) -> Self {
        self.http.proxy = Some(proxy);
        self
    }

    /// Also trusts the CA certificates in this PEM bundle (e.g. a company CA), besides the
    /// built-in roots.
    pub fn with_extra_ca_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.http.extra_ca_pem = Some(pem.into());
        self
    }

    /// Presents this client certificate to servers that ask for one (mutual TLS).
    pub fn with_client_identity(mut self, identity: ClientIdentity) -> Self {
        self.http.client_identity = Some(identity);
        self
    }

    /// Accepts any server certificate: expired, self-signed, for another host. The vendor's
    /// `ignore_ssl_verification`. Anyone on the network path can then read and change requests
    /// and responses, so use it only against a local test server.
    pub fn danger_accept_invalid_certs(mut self, accept: bool) -> Self {
        self.http.danger_accept_invalid_certs = accept;
        self
    }

    /// Allows plain `http://` endpoints (local testing only).
    pub fn with_allow_http(mut self, allow: bool) -> Self {
        self.allow_http = allow;
        self
    }
}

/// Builds an [`HttpClient`]: the endpoint, credentials and transport settings.
///
/// Generated client builders wrap this one and add the API's own settings (server variables
/// such as the region, client parameters such as the project ID).
#[derive(Debug, Clone)]
pub struct ClientBuilder {
    server_url: String,
    variables: Vec<(String, String)>,
    /// Per variable, the only values accepted (from the spec's `enum`).
    allowed_values: Vec<(String, &'static [&'static str])>,
    /// Per variable, the prefix of the environment variables that override the endpoint.
    env_overrides: Vec<(String, &'static str)>,
    endpoint: Option<String>,
    credentials: Option<crate::signing::Source>,
    requires_signing: bool,
    config: Config,
    user_agent: String,
    auth: Auth,
}

impl ClientBuilder {
    /// A builder for a server URL template such as `https://vpc.{region}.myhuaweicloud.com`.
    pub fn new(server_url: &str) -> Self {
        ClientBuilder {
            server_url: server_url.to_owned(),
            variables: Vec::new(),
            allowed_values: Vec::new(),
            env_overrides: Vec::new(),
            endpoint: None,
            credentials: None,
            requires_signing: false,
            config: Config::default(),
            user_agent: concat!("specforge-runtime/", env!("CARGO_PKG_VERSION")).to_owned(),
            auth: Auth::default(),
        }
    }

    /// Sets a `{name}` variable of the server URL template.
    pub fn server_variable(mut self, name: &str, value: impl Into<String>) -> Self {
        let value = value.into();
        match self.variables.iter_mut().find(|(n, _)| n == name) {
            Some(slot) => slot.1 = value,
            None => self.variables.push((name.to_owned(), value)),
        }
        self
    }

    /// Accepts only these values for the server variable `name` (its `enum` in the spec).
    pub fn server_variable_values(mut self, name: &str, values: &'static [&'static str]) -> Self {
        self.allowed_values.push((name.to_owned(), values));
        self
    }

    /// Lets the environment variable `<prefix>_<VALUE>` (upper case, `-` as `_`) give the
    /// endpoint for the value of server variable `name`, as the vendor's SDKs do with
    /// `HUAWEICLOUD_SDK_REGION_VPC_CN_NORTH_4`. Such a value need not be in the list.
    pub fn endpoint_env_override(mut self, name: &str, prefix: &'static str) -> Self {
        self.env_overrides.push((name.to_owned(), prefix));
        self
    }

    /// Uses this full endpoint URL instead of the server template (e.g. a local test service).
    pub fn endpoint(mut self, url: impl Into<String>) -> Self {
        self.endpoint = Some(url.into());
        self
    }

    /// Sets the credentials that sign every request: an [`AkSkCredentials`](crate::AkSkCredentials),
    /// [`MetadataCredentials`](crate::MetadataCredentials), or what a
    /// [`CredentialChain`](crate::CredentialChain) found (feature `huawei`).
    #[cfg(feature = "huawei")]
    pub fn credentials(mut self, credentials: impl Into<crate::CredentialSource>) -> Self {
        self.credentials = Some(credentials.into());
        self
    }

    /// Makes [`build`](Self::build) fail without credentials (the API requires signed requests;
    /// feature `huawei`).
    #[cfg(feature = "huawei")]
    pub fn require_signing(mut self) -> Self {
        self.requires_signing = true;
        self
    }

    /// Registers a security scheme; generated code refers to it by its position.
    pub fn auth_scheme(mut self, scheme: AuthScheme) -> Self {
        self.auth.schemes.push((scheme, None));
        self
    }

    /// Sets the credential of the scheme registered at `index` (ignored if there is none).
    pub fn auth_credential(mut self, index: usize, credential: Credential) -> Self {
        if let Some(slot) = self.auth.schemes.get_mut(index) {
            slot.1 = Some(credential);
        }
        self
    }

    /// The credentials operations accept unless they say otherwise (the spec's `security`).
    pub fn default_security(mut self, requirement: Requirement) -> Self {
        self.auth.default = requirement;
        self
    }

    /// Sets the transport settings.
    pub fn config(mut self, config: Config) -> Self {
        self.config = config;
        self
    }

    /// Sends requests through `transport` (as [`Config::with_transport`]).
    pub fn transport(mut self, transport: impl Transport) -> Self {
        self.config = self.config.with_transport(transport);
        self
    }

    /// Sets the product part of the `User-Agent` header (generated clients name themselves).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// Checks the settings and builds the client.
    ///
    /// # Errors
    /// [`Error::Config`] when the endpoint is not a valid `https://` URL (or `http://` without
    /// [`Config::allow_http`]), a server variable is missing or holds characters that could
    /// change the host, or signing is required and no credentials were given.
    pub fn build(self) -> Result<HttpClient, Error> {
        if self.requires_signing && self.credentials.is_none() {
            return Err(Error::Config(
                "no credentials: call `credentials(AkSkCredentials::new(ak, sk))` \
                 (or pass `CredentialChain::new().resolve()?.source`)"
                    .to_owned(),
            ));
        }
        // The caller's endpoint, else the vendor-style override variable for the chosen values;
        // the values are checked against the spec's lists only when the template is used.
        let endpoint = self.endpoint.clone().or_else(|| self.endpoint_from_env());
        if endpoint.is_none() {
            self.check_variable_values()?;
        }
        let url = endpoint_url(&self.server_url, &self.variables, endpoint.as_deref())?;
        let endpoint = parse_endpoint(&url, self.config.allow_http)?;
        let transport: Arc<dyn Transport> = match &self.config.transport {
            Some(SharedTransport(transport)) => Arc::clone(transport),
            None => Arc::new(ReqwestTransport::new(&self.config)?),
        };
        let user_agent = match &self.config.user_agent_suffix {
            Some(suffix) => format!("{}; {suffix}", self.user_agent),
            None => self.user_agent,
        };
        Ok(HttpClient::new(Inner {
            transport,
            endpoint,
            credentials: self.credentials,
            config: self.config,
            user_agent,
            auth: self.auth,
        }))
    }
}

/// The URL requests go to: the server template expanded, or the endpoint the caller set.
///
/// A relative server URL (`/api`, as OpenAPI allows) names a path on whatever host serves the
/// API, so it is joined to the endpoint (`http://127.0.0.1:8080` + `/api`); an absolute one is
/// replaced by the endpoint.
fn endpoint_url(
    template: &str,
    variables: &[(String, String)],
    endpoint: Option<&str>,
) -> Result<String, Error> {
    let relative = is_relative(template);
    match endpoint {
        Some(endpoint) if relative => {
            let path = expand_server_url(template, variables)?;
            Ok(join_relative(endpoint, &path))
        }
        Some(endpoint) => Ok(endpoint.to_owned()),
        None if template.is_empty() => Err(Error::Config(
            "the spec names no server: set the endpoint with `endpoint(\"https://host\")`"
                .to_owned(),
        )),
        None if relative => Err(Error::Config(format!(
            "the server URL {template:?} is relative: set the endpoint it is relative to with \
             `endpoint(\"https://host\")`"
        ))),
        None => expand_server_url(template, variables),
    }
}

/// Whether a server URL template names no host: `/api`, `api/v1`, `./v2`, or empty (but not
/// `{scheme}://host` nor `//host`, whose host a variable or the scheme decides).
fn is_relative(server_url: &str) -> bool {
    !server_url.contains("://") && !server_url.starts_with("//")
}

/// `endpoint` + `/` + the relative server path, with exactly one `/` between them.
fn join_relative(endpoint: &str, server_path: &str) -> String {
    let path = server_path.trim_start_matches("./").trim_start_matches('/');
    let base = endpoint.trim_end_matches('/');
    if path.is_empty() {
        return base.to_owned();
    }
    format!("{base}/{path}")
}

impl ClientBuilder {
    fn variable(&self, name: &str) -> Option<&str> {
        self.variables
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The endpoint an override environment variable gives for the variables' values, if any.
    fn endpoint_from_env(&self) -> Option<String> {
        self.env_overrides.iter().find_map(|(name, prefix)| {
            let value = self.variable(name)?;
            let set = std::env::var(server_vars::env_override_name(prefix, value)).ok()?;
            server_vars::endpoint_from_override(&set)
        })
    }

    fn check_variable_values(&self) -> Result<(), Error> {
        for (name, allowed) in &self.allowed_values {
            if let Some(value) = self.variable(name) {
                server_vars::check_allowed(name, value, allowed)?;
            }
        }
        Ok(())
    }
}

/// Fills `{name}` placeholders; values may only hold `A-Z a-z 0-9 - _ .` so that a variable
/// can never change the scheme, host boundaries, port or path.
fn expand_server_url(template: &str, variables: &[(String, String)]) -> Result<String, Error> {
    let mut url = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let close = rest[open..]
            .find('}')
            .map(|i| open + i)
            .ok_or_else(|| Error::Config(format!("unclosed `{{` in server URL {template:?}")))?;
        let name = &rest[open + 1..close];
        let value = variables
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .ok_or_else(|| Error::Config(format!("server variable `{name}` is not set")))?;
        let valid = !value.is_empty()
            && value
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
        if !valid {
            return Err(Error::Config(format!(
                "server variable `{name}` = {value:?}: only letters, digits, `-`, `_` and `.` are allowed"
            )));
        }
        url.push_str(&rest[..open]);
        url.push_str(value);
        rest = &rest[close + 1..];
    }
    url.push_str(rest);
    Ok(url)
}

fn parse_endpoint(url: &str, allow_http: bool) -> Result<Endpoint, Error> {
    let parsed = Url::parse(url)
        .map_err(|e| Error::Config(format!("endpoint {url:?} is not a URL: {e}")))?;
    match parsed.scheme() {
        "https" => {}
        "http" if allow_http => {}
        "http" => {
            return Err(Error::Config(format!(
                "endpoint {url:?} is plain http; use https, or allow it for local testing \
                 with `Config::with_allow_http(true)`"
            )))
        }
        other => {
            return Err(Error::Config(format!(
                "endpoint {url:?}: scheme `{other}` is not supported"
            )))
        }
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(Error::Config(format!(
            "endpoint {url:?} must not contain user information"
        )));
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(Error::Config(format!(
            "endpoint {url:?} must not have a query or fragment"
        )));
    }
    Endpoint::from_url(parsed).ok_or_else(|| Error::Config(format!("endpoint {url:?} has no host")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(region: &str) -> Vec<(String, String)> {
        vec![("region".to_owned(), region.to_owned())]
    }

    #[test]
    fn server_variables_cannot_change_the_host() {
        let template = "https://vpc.{region}.myhuaweicloud.com";
        assert_eq!(
            expand_server_url(template, &vars("cn-north-4"))
                .ok()
                .as_deref(),
            Some("https://vpc.cn-north-4.myhuaweicloud.com")
        );
        for bad in ["evil.com/", "a@b", "x:1", "", "a b", "a/b", "a?b"] {
            assert!(expand_server_url(template, &vars(bad)).is_err(), "{bad}");
        }
        assert!(expand_server_url(template, &[]).is_err());
        assert!(expand_server_url("https://x.{oops", &vars("a")).is_err());
    }

    #[test]
    fn relative_servers_are_joined_to_the_endpoint() {
        let joined =
            |server: &str, endpoint: &str| endpoint_url(server, &vars("v1"), Some(endpoint)).ok();
        let expected = Some("http://127.0.0.1:8080/api".to_owned());
        assert_eq!(joined("/api", "http://127.0.0.1:8080"), expected);
        assert_eq!(joined("/api", "http://127.0.0.1:8080/"), expected);
        assert_eq!(
            joined("/api/", "http://127.0.0.1:8080"),
            Some("http://127.0.0.1:8080/api/".to_owned())
        );
        assert_eq!(joined("api", "http://127.0.0.1:8080"), expected);
        assert_eq!(joined("./api", "http://127.0.0.1:8080/"), expected);
        assert_eq!(
            joined("/{region}/api", "https://h/base"),
            Some("https://h/base/v1/api".to_owned())
        );
        assert_eq!(joined("", "https://h"), Some("https://h".to_owned()));
        assert_eq!(joined("/", "https://h/"), Some("https://h".to_owned()));
        // An absolute server URL is replaced by the endpoint, even when a variable is its scheme.
        assert_eq!(
            joined("{region}://api.example.com", "http://127.0.0.1:1"),
            Some("http://127.0.0.1:1".to_owned())
        );
        assert_eq!(
            joined("https://api.example.com/v1", "http://127.0.0.1:1"),
            Some("http://127.0.0.1:1".to_owned())
        );
    }

    #[test]
    fn a_relative_server_without_endpoint_is_a_config_error() {
        match endpoint_url("/api", &[], None) {
            Err(Error::Config(message)) => {
                assert!(message.contains("\"/api\" is relative"), "{message}");
                assert!(message.contains("endpoint("), "{message}");
            }
            other => panic!("expected a Config error, got {other:?}"),
        }
        let none = ClientBuilder::new("").build().err().map(|e| e.to_string());
        assert_eq!(
            none.as_deref(),
            Some("invalid client configuration: the spec names no server: set the endpoint with `endpoint(\"https://host\")`")
        );
        let built = ClientBuilder::new("/api").build();
        assert!(matches!(built, Err(Error::Config(_))));
        let built = ClientBuilder::new("/api")
            .endpoint("http://127.0.0.1:1/")
            .config(Config::default().with_allow_http(true))
            .build();
        assert!(built.is_ok());
    }

    #[test]
    fn endpoints_must_be_https_unless_allowed() {
        assert!(parse_endpoint("https://vpc.example.com", false).is_ok());
        assert!(parse_endpoint("http://127.0.0.1:8080", false).is_err());
        assert!(parse_endpoint("http://127.0.0.1:8080", true).is_ok());
        assert!(parse_endpoint("ftp://example.com", true).is_err());
        assert!(parse_endpoint("https://user:pw@example.com", false).is_err());
        assert!(parse_endpoint("https://example.com/?a=b", false).is_err());
        assert!(parse_endpoint("not a url", false).is_err());
    }
}
