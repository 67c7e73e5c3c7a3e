//! HTTP settings a caller can give without building their own `reqwest::Client`: a proxy (with
//! credentials), extra trusted CAs, a client certificate, and the vendor's "ignore TLS
//! verification" switch under a name that says what it does.

use std::fmt;

use crate::error::Error;
use crate::secret::Secret;

/// A proxy every request goes through (`http://` or `https://` URL), with optional credentials.
///
/// `Debug` shows the URL and user name, never the password.
#[derive(Clone)]
pub struct ProxySettings {
    url: String,
    credentials: Option<(String, Secret)>,
}

impl ProxySettings {
    /// A proxy at `url`, e.g. `http://proxy.internal:3128`. Put credentials in
    /// [`with_credentials`](Self::with_credentials), not in the URL.
    pub fn new(url: impl Into<String>) -> Self {
        ProxySettings {
            url: url.into(),
            credentials: None,
        }
    }

    /// Authenticates to the proxy with HTTP basic credentials (`Proxy-Authorization`).
    pub fn with_credentials(
        mut self,
        user: impl Into<String>,
        password: impl Into<Secret>,
    ) -> Self {
        self.credentials = Some((user.into(), password.into()));
        self
    }

    fn to_reqwest(&self) -> Result<reqwest::Proxy, Error> {
        let parsed = url::Url::parse(&self.url)
            .map_err(|e| Error::Config(format!("proxy URL {:?} is not a URL: {e}", self.url)))?;
        if !parsed.username().is_empty() || parsed.password().is_some() {
            // The URL would show the password wherever it is printed.
            return Err(Error::Config(
                "proxy URL must not contain credentials: use `ProxySettings::with_credentials`"
                    .to_owned(),
            ));
        }
        let proxy = reqwest::Proxy::all(parsed.as_str())
            .map_err(|e| Error::Config(format!("proxy URL {:?}: {e}", self.url)))?;
        Ok(match &self.credentials {
            Some((user, password)) => proxy.basic_auth(user, password.expose()),
            None => proxy,
        })
    }
}

impl fmt::Debug for ProxySettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProxySettings")
            .field("url", &self.url)
            .field("user", &self.credentials.as_ref().map(|(user, _)| user))
            .field("password", &self.credentials.as_ref().map(|(_, p)| p))
            .finish()
    }
}

/// A client certificate and its private key, PEM-encoded in one buffer (for servers that
/// require mutual TLS). `Debug` never shows the key.
#[derive(Clone)]
pub struct ClientIdentity {
    pem: Vec<u8>,
}

impl ClientIdentity {
    /// The certificate chain and the private key (PKCS#8, PKCS#1 or SEC1), PEM, concatenated.
    pub fn from_pem(pem: impl Into<Vec<u8>>) -> Self {
        ClientIdentity { pem: pem.into() }
    }
}

impl fmt::Debug for ClientIdentity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ClientIdentity(***)")
    }
}

/// The TLS and proxy part of [`Config`](crate::Config).
#[derive(Clone, Default)]
pub(crate) struct HttpSettings {
    pub proxy: Option<ProxySettings>,
    pub extra_ca_pem: Option<Vec<u8>>,
    pub client_identity: Option<ClientIdentity>,
    pub danger_accept_invalid_certs: bool,
}

impl fmt::Debug for HttpSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The CA bundle is public but long: its size says enough.
        f.debug_struct("HttpSettings")
            .field("proxy", &self.proxy)
            .field(
                "extra_ca_pem",
                &self
                    .extra_ca_pem
                    .as_ref()
                    .map(|pem| format!("{} bytes", pem.len())),
            )
            .field("client_identity", &self.client_identity)
            .field(
                "danger_accept_invalid_certs",
                &self.danger_accept_invalid_certs,
            )
            .finish()
    }
}

impl HttpSettings {
    /// Applies the settings to a `reqwest` client builder.
    pub(crate) fn apply(
        &self,
        mut builder: reqwest::ClientBuilder,
    ) -> Result<reqwest::ClientBuilder, Error> {
        if let Some(proxy) = &self.proxy {
            builder = builder.proxy(proxy.to_reqwest()?);
        }
        if let Some(pem) = &self.extra_ca_pem {
            let certificates = reqwest::Certificate::from_pem_bundle(pem).map_err(|e| {
                Error::Config(format!("the extra CA bundle is not PEM certificates: {e}"))
            })?;
            if certificates.is_empty() {
                return Err(Error::Config(
                    "the extra CA bundle holds no PEM certificate".to_owned(),
                ));
            }
            for certificate in certificates {
                builder = builder.add_root_certificate(certificate);
            }
        }
        if let Some(identity) = &self.client_identity {
            // reqwest's message names the PEM problem, not the key material.
            let identity = tls_identity(&identity.pem).map_err(|e| {
                Error::Config(format!(
                    "the client certificate is not a PEM certificate and private key: {e}"
                ))
            })?;
            builder = builder.identity(identity);
        }
        if self.danger_accept_invalid_certs {
            tracing::warn!(
                "TLS certificate verification is off: any server can impersonate the endpoint"
            );
            builder = builder.danger_accept_invalid_certs(true);
        }
        Ok(builder)
    }
}

/// The client identity for the TLS backend the crate was built with.
#[cfg(feature = "rustls")]
fn tls_identity(pem: &[u8]) -> Result<reqwest::Identity, String> {
    reqwest::Identity::from_pem(pem).map_err(|e| e.to_string())
}

/// native-tls takes the certificates and the PKCS#8 key apart.
#[cfg(not(feature = "rustls"))]
fn tls_identity(pem: &[u8]) -> Result<reqwest::Identity, String> {
    let text = std::str::from_utf8(pem).map_err(|_| "the PEM is not text".to_owned())?;
    let (mut certificates, mut key) = (String::new(), String::new());
    let mut current: Option<&mut String> = None;
    for line in text.lines() {
        if line.starts_with("-----BEGIN ") {
            current = Some(match line.contains("PRIVATE KEY") {
                true => &mut key,
                false => &mut certificates,
            });
        }
        if let Some(block) = current.as_deref_mut() {
            block.push_str(line);
            block.push('\n');
        }
        if line.starts_with("-----END ") {
            current = None;
        }
    }
    reqwest::Identity::from_pkcs8_pem(certificates.as_bytes(), key.as_bytes())
        .map_err(|e| e.to_string())
}
