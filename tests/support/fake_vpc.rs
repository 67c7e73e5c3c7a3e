//! The tests' view of the vendor's VPC service: a thin adapter over [`local_vpc::LocalVpc`],
//! the workspace's faithful local implementation (signature verification, the vendor's
//! check order, error bodies and request ids all come from there).
//!
//! What this adds is the tests' fixture: the seed page's example session, stored under
//! [`FakeVpc::SESSION_ID`] with two traffic mirror sources so that removing one is
//! observable, and a few helpers to read and seed sessions.

use local_vpc::{LocalVpc, Options};
use serde_json::{json, Value};

pub use local_vpc::RecordedRequest;

/// First (and the seed page's own) traffic mirror source of the example session.
const FIRST_SOURCE_ID: &str = "6134900d-31a6-4b71-8453-dbca7f26982a";

/// Second traffic mirror source seeded on the example session, so a test can remove
/// one source and still see another remain.
const SECOND_SOURCE_ID: &str = "0b2a4a4e-0000-4000-8000-000000000002";

/// A running local VPC service holding the example session. Dropping it stops the server
/// and closes its connections.
pub struct FakeVpc {
    vpc: LocalVpc,
}

impl FakeVpc {
    pub const AK: &'static str = Options::DEFAULT_AK;
    pub const SK: &'static str = Options::DEFAULT_SK;
    pub const PROJECT_ID: &'static str = Options::DEFAULT_PROJECT_ID;
    pub const SESSION_ID: &'static str = "e15a6e40-2580-4949-bf2a-55ee7cd49392";

    /// Starts a [`LocalVpc`] on 127.0.0.1 with the default account (the constants above)
    /// and seeds the seed page's example session with two traffic mirror sources.
    ///
    /// Panics only if the loopback socket cannot be bound, which is an environment
    /// failure, not something a client under test can cause.
    pub async fn start() -> FakeVpc {
        let vpc = LocalVpc::start(Options::default())
            .await
            .expect("local VPC: bind 127.0.0.1:0");
        vpc.seed_session(example_session(
            Self::SESSION_ID,
            &[FIRST_SOURCE_ID, SECOND_SOURCE_ID],
        ));
        FakeVpc { vpc }
    }

    /// Base URL to configure the client with, e.g. `http://127.0.0.1:40123`.
    pub fn base_url(&self) -> String {
        self.vpc.base_url()
    }

    /// Every request received so far, in arrival order, including rejected ones.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.vpc.requests()
    }

    /// The session as currently stored, in the vendor's JSON shape.
    pub fn session(&self, id: &str) -> Option<Value> {
        let Value::Object(mut state) = self.vpc.state() else {
            return None;
        };
        let Some(Value::Array(sessions)) = state.remove("sessions") else {
            return None;
        };
        sessions.into_iter().find(|session| session["id"] == id)
    }

    /// The request id (`X-Request-Id`) of the most recent response sent.
    pub fn last_request_id(&self) -> Option<String> {
        self.vpc.last_request_id()
    }

    /// Stores a copy of the example session under `id`, associated with exactly `sources`
    /// (replacing any session already stored under that id).
    pub fn insert_session(&self, id: &str, sources: &[&str]) {
        self.vpc.seed_session(example_session(id, sources));
    }

    /// How many TCP connections the server has accepted so far (a client that reuses its
    /// connections keeps this low).
    pub fn connections(&self) -> usize {
        self.vpc.connections()
    }
}

/// The seed page's example session under `id`, associated with `sources`.
fn example_session(id: &str, sources: &[&str]) -> Value {
    json!({
        "name": "test-session",
        "created_at": "2023-02-23T06:57:39.000+00:00",
        "updated_at": "2023-02-23T06:57:39.000+00:00",
        "id": id,
        "project_id": FakeVpc::PROJECT_ID,
        "description": "",
        "traffic_mirror_filter_id": "b765ba87-c0b4-4f1a-9ec3-d5b1d1ddb137",
        "traffic_mirror_sources": sources,
        "traffic_mirror_target_id": "",
        "traffic_mirror_target_type": "",
        "virtual_network_id": 1,
        "packet_length": 96,
        "priority": 6,
        "enabled": true,
        "type": "eni"
    })
}
