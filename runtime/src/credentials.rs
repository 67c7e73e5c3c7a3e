use crate::secret::Secret;
use crate::signer::SigningAlgorithm;

/// Access key / secret key credentials for the vendor's `SDK-HMAC-SHA256` request signing.
///
/// The secret key and the security token are [`Secret`]s: `Debug` shows the access key only.
#[derive(Clone, Debug)]
pub struct AkSkCredentials {
    access_key: String,
    secret_key: Secret,
    security_token: Option<Secret>,
    signing_algorithm: SigningAlgorithm,
}

/// The environment variables the vendor's SDKs read credentials from.
const ENV_AK: &str = "HUAWEICLOUD_SDK_AK";
const ENV_SK: &str = "HUAWEICLOUD_SDK_SK";
const ENV_SECURITY_TOKEN: &str = "HUAWEICLOUD_SDK_SECURITY_TOKEN";

impl AkSkCredentials {
    /// Permanent credentials: an access key ID and its secret access key.
    pub fn new(access_key: impl Into<String>, secret_key: impl Into<Secret>) -> Self {
        AkSkCredentials {
            access_key: access_key.into(),
            secret_key: secret_key.into(),
            security_token: None,
            signing_algorithm: SigningAlgorithm::default(),
        }
    }

    /// Temporary credentials also carry a security token, sent as `X-Security-Token`.
    pub fn with_security_token(mut self, token: impl Into<Secret>) -> Self {
        self.security_token = Some(token.into());
        self
    }

    /// Signs with `algorithm` instead of the default `SDK-HMAC-SHA256`.
    pub fn with_signing_algorithm(mut self, algorithm: SigningAlgorithm) -> Self {
        self.signing_algorithm = algorithm;
        self
    }

    /// Reads `HUAWEICLOUD_SDK_AK`, `HUAWEICLOUD_SDK_SK` and, if set,
    /// `HUAWEICLOUD_SDK_SECURITY_TOKEN`, as the vendor's SDKs do.
    ///
    /// Returns `None` when the access key or the secret key is missing or empty.
    pub fn from_env() -> Option<Self> {
        let var = |name| std::env::var(name).ok().filter(|v: &String| !v.is_empty());
        let credentials = AkSkCredentials::new(var(ENV_AK)?, var(ENV_SK)?);
        Some(match var(ENV_SECURITY_TOKEN) {
            Some(token) => credentials.with_security_token(token),
            None => credentials,
        })
    }

    /// The access key ID (not secret: it is sent in every `Authorization` header).
    pub fn access_key(&self) -> &str {
        &self.access_key
    }

    /// The algorithm requests are signed with.
    pub fn signing_algorithm(&self) -> &SigningAlgorithm {
        &self.signing_algorithm
    }

    pub(crate) fn secret_key(&self) -> &Secret {
        &self.secret_key
    }

    pub(crate) fn security_token(&self) -> Option<&Secret> {
        self.security_token.as_ref()
    }
}
