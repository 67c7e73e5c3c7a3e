//! # local-vpc
//!
//! A stateful, in-memory, local implementation of Huawei Cloud VPC v3 **traffic mirroring**:
//! all 17 operations on sessions, filters and filter rules, served over real HTTP on
//! `127.0.0.1`, with the vendor's `SDK-HMAC-SHA256` AK/SK signature check, its error bodies,
//! status codes, pagination and documented validation rules.
//!
//! It exists so that clients (the generated Rust client, the vendor's SDKs, scripts) can be
//! exercised end to end, over the wire, without an account: tests start one per test with
//! [`LocalVpc::start`], and developers run the `local-vpc` binary.
//!
//! Rules are taken from the reference notes `huawei-traffic-mirror.md` (cited in comments as
//! "ref §N") and the vendor's remove-sources page (cited as "seed page"). Where the vendor is
//! silent, the choice made is documented in `README.md` and at the place it is enforced.
//!
//! The signature verifier is written from the algorithm description and shares no code with
//! any client, so a signing bug in a client cannot be mirrored here and go unnoticed.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! let vpc = local_vpc::LocalVpc::start(local_vpc::Options::default()).await?;
//! println!("point your client at {}", vpc.base_url());
//! vpc.inject_faults(vec![local_vpc::Fault::Status(503)]); // the next request gets a 503
//! # Ok(()) }
//! ```

mod connection;
mod errors;
mod filters;
mod pagination;
mod query;
mod reply;
mod routes;
mod rules;
mod server;
mod sessions;
mod signing;
mod store;
mod time;
mod validation;

use std::fmt;
use std::time::Duration;

pub use server::LocalVpc;

/// How a [`LocalVpc`] behaves: the one account it accepts, and its limits.
#[derive(Clone)]
pub struct Options {
    /// Access key the signature must name.
    pub ak: String,
    /// Secret key signatures are verified with.
    pub sk: String,
    /// The account's project; it must appear in the path and in `X-Project-Id`.
    pub project_id: String,
    /// Most traffic mirror sources one session may have (the vendor's default quota is 10,
    /// ref §1 `TrafficMirrorSession.traffic_mirror_sources`).
    pub max_sources_per_session: usize,
    /// Whether to verify `SDK-HMAC-SHA256` signatures. Turn off only to poke at the server
    /// with `curl`; tests of a client should keep it on.
    pub check_signatures: bool,
}

impl Options {
    /// The access key of [`Options::default`].
    pub const DEFAULT_AK: &'static str = "HPUAEXAMPLEAK0000001";
    /// The secret key of [`Options::default`].
    pub const DEFAULT_SK: &'static str = "exampleSecretKey0000000000000000000000000";
    /// The project of [`Options::default`] (the seed page's example project).
    pub const DEFAULT_PROJECT_ID: &'static str = "7365fcd452924e398ec4cc1fe39c0d12";
    /// The vendor's default per-session source quota.
    pub const DEFAULT_MAX_SOURCES: usize = 10;
}

impl Default for Options {
    fn default() -> Self {
        Options {
            ak: Self::DEFAULT_AK.to_owned(),
            sk: Self::DEFAULT_SK.to_owned(),
            project_id: Self::DEFAULT_PROJECT_ID.to_owned(),
            max_sources_per_session: Self::DEFAULT_MAX_SOURCES,
            check_signatures: true,
        }
    }
}

/// The secret key is redacted: options end up in test failure output and logs.
impl fmt::Debug for Options {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Options")
            .field("ak", &self.ak)
            .field("sk", &"***")
            .field("project_id", &self.project_id)
            .field("max_sources_per_session", &self.max_sources_per_session)
            .field("check_signatures", &self.check_signatures)
            .finish()
    }
}

/// A failure to inject instead of (or before) normal handling; see
/// [`LocalVpc::inject_faults`]. Lets a test drive a client's retry and error paths.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// Answer with this status and a vendor-shaped error body. 429 also carries
    /// `Retry-After: 0`, as a throttling gateway would, so retrying clients do not sleep.
    Status(u16),
    /// Wait this long, then handle the request normally (for client timeouts).
    Delay(Duration),
    /// Close the TCP connection without sending any response byte.
    DropConnection,
}

/// One request exactly as the server received it, before any validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    /// Method as received, e.g. `PUT`.
    pub method: String,
    /// Raw path exactly as received on the wire (still percent-encoded).
    pub path: String,
    /// Raw query string as received, without the `?`.
    pub query: Option<String>,
    /// Lower-cased header names with their values as received. Values that are not
    /// valid UTF-8 are recorded lossily. Repeated headers appear once per value
    /// (grouped by name, as the HTTP stack stores them).
    pub headers: Vec<(String, String)>,
    /// Body bytes as received (empty when the body was refused as too large).
    pub body: Vec<u8>,
}

/// Checks a request's `SDK-HMAC-SHA256` signature as the gateway does (the same verifier the
/// service uses), for stand-ins of other services (e.g. IAM in tests). `Err` carries the
/// gateway's message.
pub fn verify_signature(
    parts: &axum::http::request::Parts,
    body: &[u8],
    ak: &str,
    sk: &str,
) -> Result<(), String> {
    signing::verify(parts, body, &signing::Credentials { ak, sk }).map_err(|e| match e {
        errors::ApiError::Auth(message) => message,
        other => format!("{other:?}"),
    })
}
