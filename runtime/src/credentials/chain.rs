//! The vendor's default credential chain: environment, then profile file, then the ECS
//! metadata service (`huaweicloudsdkcore/auth/provider.py`, `CredentialProviderChain`).

use std::path::{Path, PathBuf};

use ini::Ini;

use super::metadata::{MetadataCredentials, DEFAULT_METADATA_URL};
use super::source::CredentialSource;
use super::AkSkCredentials;
use crate::error::Error;

const ENV_AK: &str = "HUAWEICLOUD_SDK_AK";
const ENV_SK: &str = "HUAWEICLOUD_SDK_SK";
const ENV_SECURITY_TOKEN: &str = "HUAWEICLOUD_SDK_SECURITY_TOKEN";
const ENV_PROJECT_ID: &str = "HUAWEICLOUD_SDK_PROJECT_ID";
/// The names the vendor's API reference samples tell users to set.
const ENV_AK_SAMPLES: &str = "CLOUD_SDK_AK";
const ENV_SK_SAMPLES: &str = "CLOUD_SDK_SK";
const ENV_CREDENTIALS_FILE: &str = "HUAWEICLOUD_SDK_CREDENTIALS_FILE";

/// Which link of the chain gave the credentials.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CredentialOrigin {
    /// `HUAWEICLOUD_SDK_AK`/`_SK` (or `CLOUD_SDK_AK`/`_SK`).
    Environment,
    /// A profile file, named here.
    ProfileFile(PathBuf),
    /// The ECS metadata service at this base URL.
    InstanceMetadata(String),
}

/// What the chain found: the credentials, the project ID if the link had one, and the link.
#[derive(Debug, Clone)]
pub struct ChainCredentials {
    /// The credentials to give a client builder.
    pub source: CredentialSource,
    /// `HUAWEICLOUD_SDK_PROJECT_ID`, or the profile's `project_id` (`domain_id` in `[global]`).
    pub project_id: Option<String>,
    /// Where they came from.
    pub origin: CredentialOrigin,
}

/// Which section of the profile file to read: `[basic]` for project-scoped services such as
/// VPC, `[global]` for global ones (IAM and the like).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProfileSection {
    /// `[basic]`: project-scoped services (VPC).
    Basic,
    /// `[global]`: global services (IAM).
    Global,
}

/// Resolves credentials in the vendor's order:
///
/// 1. the environment: `HUAWEICLOUD_SDK_AK` + `HUAWEICLOUD_SDK_SK` (else `CLOUD_SDK_AK` +
///    `CLOUD_SDK_SK`, as the API reference samples name them), `HUAWEICLOUD_SDK_SECURITY_TOKEN`
///    and `HUAWEICLOUD_SDK_PROJECT_ID`;
/// 2. the profile file `HUAWEICLOUD_SDK_CREDENTIALS_FILE`, else `~/.huaweicloud/credentials`:
///    keys `ak`, `sk`, `security_token`, `project_id` (`domain_id`) of section `[basic]`
///    (`[global]`);
/// 3. the ECS metadata service: temporary credentials, fetched on first use and refreshed
///    before they expire.
///
/// Each link is used only when the ones before it have nothing; a profile file that exists but
/// cannot be read, or whose section lacks `ak` or `sk`, is an error rather than a fall-through.
#[derive(Debug, Clone)]
pub struct CredentialChain {
    env: Vec<(String, String)>,
    home: Option<PathBuf>,
    section: ProfileSection,
    metadata_url: String,
}

impl CredentialChain {
    /// The chain over this process's environment and home directory.
    pub fn new() -> Self {
        CredentialChain {
            env: std::env::vars().collect(),
            home: std::env::var_os("HOME").map(PathBuf::from),
            section: ProfileSection::Basic,
            metadata_url: DEFAULT_METADATA_URL.to_owned(),
        }
    }

    /// Reads these variables instead of the process environment (and no home directory unless
    /// `HOME` is among them), so each link can be tested on its own.
    pub fn with_env<K: Into<String>, V: Into<String>>(
        mut self,
        vars: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        self.env = vars
            .into_iter()
            .map(|(k, v)| (k.into(), v.into()))
            .collect();
        self.home = self.var("HOME").map(PathBuf::from);
        self
    }

    /// Reads this section of the profile file (`[basic]` by default).
    pub fn with_profile_section(mut self, section: ProfileSection) -> Self {
        self.section = section;
        self
    }

    /// Asks the metadata service at `url` (`http://169.254.169.254` by default).
    pub fn with_metadata_url(mut self, url: impl Into<String>) -> Self {
        self.metadata_url = url.into();
        self
    }

    /// Walks the chain.
    ///
    /// # Errors
    /// [`Error::Config`] when a profile file exists but is unreadable or incomplete. The
    /// metadata link cannot fail here: it is asked on the first request.
    pub fn resolve(&self) -> Result<ChainCredentials, Error> {
        if let Some(found) = self.environment_link() {
            return Ok(found);
        }
        if let Some(found) = self.profile_file_link()? {
            return Ok(found);
        }
        Ok(ChainCredentials {
            source: MetadataCredentials::with_base_url(&self.metadata_url).into(),
            project_id: None,
            origin: CredentialOrigin::InstanceMetadata(self.metadata_url.clone()),
        })
    }

    fn var(&self, name: &str) -> Option<String> {
        self.env
            .iter()
            .find(|(k, v)| k == name && !v.is_empty())
            .map(|(_, v)| v.clone())
    }

    /// Link 1. The vendor's names win over the samples' names, pair by pair.
    fn environment_link(&self) -> Option<ChainCredentials> {
        let (ak, sk) = match (self.var(ENV_AK), self.var(ENV_SK)) {
            (Some(ak), Some(sk)) => (ak, sk),
            _ => (self.var(ENV_AK_SAMPLES)?, self.var(ENV_SK_SAMPLES)?),
        };
        let credentials = with_token(AkSkCredentials::new(ak, sk), self.var(ENV_SECURITY_TOKEN));
        Some(ChainCredentials {
            source: credentials.into(),
            project_id: self.var(ENV_PROJECT_ID),
            origin: CredentialOrigin::Environment,
        })
    }

    /// Link 1's credentials alone.
    pub(crate) fn environment_credentials(&self) -> Option<AkSkCredentials> {
        match self.environment_link()?.source {
            CredentialSource::Static(credentials) => Some(credentials),
            CredentialSource::Metadata(_) => None,
        }
    }

    fn profile_path(&self) -> Option<PathBuf> {
        match self.var(ENV_CREDENTIALS_FILE) {
            Some(path) => Some(PathBuf::from(path)),
            None => Some(self.home.as_ref()?.join(".huaweicloud").join("credentials")),
        }
    }

    /// Link 2: nothing when there is no file or it lacks the section.
    fn profile_file_link(&self) -> Result<Option<ChainCredentials>, Error> {
        let Some(path) = self.profile_path().filter(|p| p.is_file()) else {
            return Ok(None);
        };
        let ini = Ini::load_from_file(&path)
            .map_err(|e| Error::Config(format!("credentials file {}: {e}", path.display())))?;
        let (section, id_key) = match self.section {
            ProfileSection::Basic => ("basic", "project_id"),
            ProfileSection::Global => ("global", "domain_id"),
        };
        let Some(properties) = ini.section(Some(section)) else {
            return Ok(None);
        };
        let get = |key: &str| {
            properties
                .iter()
                .find(|(k, v)| k.eq_ignore_ascii_case(key) && !v.is_empty())
                .map(|(_, v)| v.to_owned())
        };
        let (Some(ak), Some(sk)) = (get("ak"), get("sk")) else {
            return Err(missing_keys(&path, section));
        };
        let credentials = with_token(AkSkCredentials::new(ak, sk), get("security_token"));
        Ok(Some(ChainCredentials {
            source: credentials.into(),
            project_id: get(id_key),
            origin: CredentialOrigin::ProfileFile(path),
        }))
    }
}

impl Default for CredentialChain {
    fn default() -> Self {
        Self::new()
    }
}

fn with_token(credentials: AkSkCredentials, token: Option<String>) -> AkSkCredentials {
    match token {
        Some(token) => credentials.with_security_token(token),
        None => credentials,
    }
}

fn missing_keys(path: &Path, section: &str) -> Error {
    Error::Config(format!(
        "credentials file {}: section [{section}] needs both `ak` and `sk`",
        path.display()
    ))
}
