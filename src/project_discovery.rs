//! Finds the project ID of a region through IAM when the caller does not give one, as the
//! vendor's SDKs do (`BasicCredentials.process_auth_params`): `GET /v3/projects?name=<region>`,
//! exactly one project expected, the answer cached per access key and region.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use specforge_runtime::{Config, CredentialSource, Error};

use crate::iam;

/// The environment variable the vendor's SDKs read the IAM endpoint from.
const IAM_ENDPOINT_ENV: &str = "HUAWEICLOUD_SDK_IAM_ENDPOINT";

/// Project IDs found so far, per (access key, region).
fn cache() -> &'static Mutex<HashMap<(String, String), String>> {
    static CACHE: OnceLock<Mutex<HashMap<(String, String), String>>> = OnceLock::new();
    CACHE.get_or_init(|| Mutex::new(HashMap::new()))
}

/// Where to ask and how: the IAM endpoint (default: `HUAWEICLOUD_SDK_IAM_ENDPOINT`, else
/// `https://iam.myhuaweicloud.com`) and the transport settings.
#[derive(Debug, Clone, Default)]
pub struct ProjectDiscovery {
    iam_endpoint: Option<String>,
    config: Config,
}

impl ProjectDiscovery {
    /// Asks the IAM service at this URL (e.g. a stand-in in tests).
    pub fn iam_endpoint(mut self, url: impl Into<String>) -> Self {
        self.iam_endpoint = Some(url.into());
        self
    }

    /// Transport settings for the IAM call (timeouts, proxy, TLS).
    pub fn config(mut self, config: Config) -> Self {
        self.config = config;
        self
    }

    /// The ID of the project named `region`, from the cache or from IAM.
    ///
    /// # Errors
    /// What the IAM call returns, or [`Error::Config`] when IAM lists no project or several
    /// for the region (the IDs are named, so one can be chosen with `project_id`).
    pub async fn project_id(
        &self,
        credentials: impl Into<CredentialSource>,
        region: &str,
    ) -> Result<String, Error> {
        let credentials = credentials.into();
        let key = (
            credentials.current().await?.access_key().to_owned(),
            region.to_owned(),
        );
        if let Some(found) = cache().lock().ok().and_then(|c| c.get(&key).cloned()) {
            return Ok(found);
        }
        let mut builder = iam::Client::builder()
            .credentials(credentials)
            .config(self.config.clone());
        let endpoint = self.iam_endpoint.clone().or_else(|| {
            std::env::var(IAM_ENDPOINT_ENV)
                .ok()
                .filter(|e| !e.is_empty())
        });
        if let Some(endpoint) = endpoint {
            builder = builder.endpoint(endpoint);
        }
        let params = iam::models::KeystoneListProjectsParams {
            name: Some(region.to_owned()),
        };
        let response = builder.build()?.keystone_list_projects(&params).await?;
        let request_id = response.request_id().map(str::to_owned);
        let project_id = only_project(response.into_body().projects, region, request_id)?;
        if let Ok(mut cache) = cache().lock() {
            cache.insert(key, project_id.clone());
        }
        Ok(project_id)
    }
}

fn only_project(
    projects: Vec<iam::models::ProjectResult>,
    region: &str,
    request_id: Option<String>,
) -> Result<String, Error> {
    let request = request_id
        .map(|id| format!(" (IAM request {id})"))
        .unwrap_or_default();
    match projects.as_slice() {
        [only] => Ok(only.id.clone()),
        [] => Err(Error::Config(format!(
            "IAM lists no project named {region:?}{request}: create it, or set `project_id`"
        ))),
        several => Err(Error::Config(format!(
            "IAM lists {} projects named {region:?}{request}: {}; choose one with `project_id`",
            several.len(),
            several
                .iter()
                .map(|p| p.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}
