//! Where the signing credentials of a client come from: fixed, or fetched and kept fresh.

use super::metadata::MetadataCredentials;
use super::AkSkCredentials;
use crate::error::Error;

/// The credentials a client signs with: fixed AK/SK, or temporary ones from the ECS metadata
/// service that are refreshed before they expire.
///
/// Both convert into it, so a builder's `credentials(...)` takes either.
#[derive(Clone, Debug)]
pub enum CredentialSource {
    /// Fixed credentials (permanent, or temporary with a token the caller renews).
    Static(AkSkCredentials),
    /// Temporary credentials of the ECS instance's agency, from the metadata service.
    Metadata(MetadataCredentials),
}

impl CredentialSource {
    /// The credentials to sign the next request with, fetching or refreshing them if needed.
    ///
    /// # Errors
    /// [`Error::Config`] when the metadata service cannot be reached or answers unusably.
    pub async fn current(&self) -> Result<AkSkCredentials, Error> {
        match self {
            CredentialSource::Static(credentials) => Ok(credentials.clone()),
            CredentialSource::Metadata(metadata) => metadata.current().await,
        }
    }
}

impl From<AkSkCredentials> for CredentialSource {
    fn from(credentials: AkSkCredentials) -> Self {
        CredentialSource::Static(credentials)
    }
}

impl From<MetadataCredentials> for CredentialSource {
    fn from(metadata: MetadataCredentials) -> Self {
        CredentialSource::Metadata(metadata)
    }
}
