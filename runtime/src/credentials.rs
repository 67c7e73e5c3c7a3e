//! AK/SK credentials, where they come from ([`CredentialSource`]) and the vendor's default
//! chain that finds them ([`CredentialChain`]).

mod chain;
mod metadata;
mod source;

pub use chain::{ChainCredentials, CredentialChain, CredentialOrigin, ProfileSection};
pub use metadata::{MetadataCredentials, DEFAULT_METADATA_URL};
pub use source::CredentialSource;

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

    /// Reads `HUAWEICLOUD_SDK_AK` and `HUAWEICLOUD_SDK_SK` (else `CLOUD_SDK_AK` and
    /// `CLOUD_SDK_SK`, the names of the vendor's API reference samples) and, if set,
    /// `HUAWEICLOUD_SDK_SECURITY_TOKEN`: the first link of [`CredentialChain`].
    ///
    /// Returns `None` when the access key or the secret key is missing or empty.
    pub fn from_env() -> Option<Self> {
        CredentialChain::new().environment_credentials()
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
