//! End-to-end: the generated client against the vendor's service as `local-vpc` implements
//! it on 127.0.0.1 (through the `FakeVpc` fixture, which seeds the seed page's session).
//!
//! The service verifies signatures with its own, independent implementation, so a request
//! that gets past authentication proves the client signed exactly what it sent.

mod support;

use std::time::Duration;

use support::fake_vpc::{FakeVpc, RecordedRequest};
use vpc_traffic_mirror::{models, AkSkCredentials, Client, Config, Error};

const FIRST_SOURCE: &str = "6134900d-31a6-4b71-8453-dbca7f26982a";
const SECOND_SOURCE: &str = "0b2a4a4e-0000-4000-8000-000000000002";

fn client_for(fake: &FakeVpc, sk: &str, project_id: &str) -> Client {
    Client::builder()
        .endpoint(fake.base_url())
        .config(Config::default().with_allow_http(true))
        .credentials(AkSkCredentials::new(FakeVpc::AK, sk))
        .project_id(project_id)
        .build()
        .expect("valid client settings")
}

fn body(sources: &[&str]) -> models::RemoveSourcesFromTrafficMirrorSessionRequestBody {
    models::RemoveSourcesFromTrafficMirrorSessionRequestBody {
        traffic_mirror_session: models::TrafficMirrorSourcesOption {
            traffic_mirror_sources: sources.iter().map(|s| s.to_string()).collect(),
        },
    }
}

fn header<'r>(request: &'r RecordedRequest, name: &str) -> Option<&'r str> {
    request
        .headers
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

fn service_error(error: Error) -> specforge_runtime::ServiceError {
    match error {
        Error::Service(e) => *e,
        other => panic!("expected a service error, got {other:?}"),
    }
}

#[tokio::test]
async fn removes_a_source_and_returns_the_updated_session() {
    let fake = FakeVpc::start().await;
    let client = client_for(&fake, FakeVpc::SK, FakeVpc::PROJECT_ID);

    let response = client
        .remove_sources_from_traffic_mirror_session(FakeVpc::SESSION_ID, &body(&[FIRST_SOURCE]))
        .await
        .expect("the call succeeds");

    // What the caller gets back.
    assert_eq!(response.status(), 200);
    let session = &response.traffic_mirror_session;
    assert_eq!(session.id, FakeVpc::SESSION_ID);
    assert_eq!(
        session.traffic_mirror_sources,
        vec![SECOND_SOURCE.to_owned()]
    );
    // Models derive no `PartialEq` (compile time); the enums compare by what they match.
    assert!(
        matches!(&session.traffic_mirror_target_type, models::TrafficMirrorTargetType::Unknown(v) if v.is_empty()),
        "{:?}",
        session.traffic_mirror_target_type
    );
    assert!(
        matches!(session.type_, models::TrafficMirrorSourceType::Eni),
        "{:?}",
        session.type_
    );
    assert_eq!(
        (
            session.virtual_network_id,
            session.packet_length,
            session.priority
        ),
        (1, 96, 6)
    );
    let request_id = fake
        .last_request_id()
        .expect("the fake answered with a request id");
    assert_eq!(response.request_id(), Some(request_id.as_str()));
    assert_eq!(response.request_id.as_deref(), Some(request_id.as_str()));

    // The service's state changed.
    let stored = fake
        .session(FakeVpc::SESSION_ID)
        .expect("session still exists");
    assert_eq!(
        stored["traffic_mirror_sources"],
        serde_json::json!([SECOND_SOURCE])
    );

    // What went over the wire.
    let requests = fake.requests();
    assert_eq!(requests.len(), 1);
    let sent = &requests[0];
    assert_eq!(sent.method, "PUT");
    assert_eq!(
        sent.path,
        format!(
            "/v3/{}/vpc/traffic-mirror-sessions/{}/remove-sources",
            FakeVpc::PROJECT_ID,
            FakeVpc::SESSION_ID
        )
    );
    assert_eq!(sent.query, None);
    assert_eq!(
        std::str::from_utf8(&sent.body).expect("UTF-8 body"),
        r#"{"traffic_mirror_session":{"traffic_mirror_sources":["6134900d-31a6-4b71-8453-dbca7f26982a"]}}"#
    );
    assert_eq!(header(sent, "content-type"), Some("application/json"));
    assert_eq!(header(sent, "x-project-id"), Some(FakeVpc::PROJECT_ID));
    let host = fake.base_url().trim_start_matches("http://").to_owned();
    assert_eq!(header(sent, "host"), Some(host.as_str()));
    let user_agent = header(sent, "user-agent").expect("a User-Agent");
    assert!(
        user_agent.starts_with("vpc-traffic-mirror/"),
        "{user_agent}"
    );
    let date = header(sent, "x-sdk-date").expect("an X-Sdk-Date");
    assert_eq!(date.len(), 16, "{date}");
    assert!(date.as_bytes()[8] == b'T' && date.ends_with('Z'), "{date}");
    let authorization = header(sent, "authorization").expect("an Authorization header");
    let prefix = format!(
        "SDK-HMAC-SHA256 Access={}, SignedHeaders=content-type;host;user-agent;x-project-id;x-sdk-date, Signature=",
        FakeVpc::AK
    );
    assert!(authorization.starts_with(&prefix), "{authorization}");
    assert_eq!(authorization.len(), prefix.len() + 64);
    assert_eq!(header(sent, "x-security-token"), None);
    // What the operation decodes, sent unsigned like the SDK's own `Accept` (the signed set above
    // is the SDK's).
    assert_eq!(header(sent, "accept"), Some("application/json"));
}

#[tokio::test]
async fn unknown_session_gives_the_vendors_404() {
    let fake = FakeVpc::start().await;
    let client = client_for(&fake, FakeVpc::SK, FakeVpc::PROJECT_ID);
    let error = client
        .remove_sources_from_traffic_mirror_session("no-such-session", &body(&[FIRST_SOURCE]))
        .await
        .expect_err("unknown session");
    assert_eq!(error.status().map(u16::from), Some(404));
    assert!(!error.is_retryable());
    let request_id = fake.last_request_id().expect("request id");
    assert_eq!(error.request_id(), Some(request_id.as_str()));
    let service = service_error(error);
    assert_eq!(service.error_code.as_deref(), Some("VPC.0003"));
    assert_eq!(
        service.error_msg.as_deref(),
        Some("Traffic mirror session no-such-session could not be found.")
    );
    // The documented error model decodes the same body.
    let documented: models::ErrorResponse = service.body_as().expect("documented error body");
    assert_eq!(documented.error_code.as_deref(), Some("VPC.0003"));
    assert_eq!(documented.request_id.as_deref(), Some(request_id.as_str()));
}

#[tokio::test]
async fn a_wrong_secret_key_is_refused_with_401() {
    let fake = FakeVpc::start().await;
    let client = client_for(&fake, "not-the-secret-key", FakeVpc::PROJECT_ID);
    let error = client
        .remove_sources_from_traffic_mirror_session(FakeVpc::SESSION_ID, &body(&[FIRST_SOURCE]))
        .await
        .expect_err("bad signature");
    let service = service_error(error);
    assert_eq!(service.status, 401);
    assert_eq!(service.error_code.as_deref(), Some("APIGW.0301"));
    assert!(service
        .error_msg
        .as_deref()
        .is_some_and(|m| m.contains("verify aksk signature fail")));
    // Nothing changed.
    let stored = fake.session(FakeVpc::SESSION_ID).expect("session");
    assert_eq!(
        stored["traffic_mirror_sources"].as_array().map(Vec::len),
        Some(2)
    );
}

#[tokio::test]
async fn a_bad_body_is_refused_with_400() {
    let fake = FakeVpc::start().await;
    let client = client_for(&fake, FakeVpc::SK, FakeVpc::PROJECT_ID);

    let empty = client
        .remove_sources_from_traffic_mirror_session(FakeVpc::SESSION_ID, &body(&[]))
        .await
        .expect_err("empty source list");
    let service = service_error(empty);
    assert_eq!(
        (service.status.as_u16(), service.error_code.as_deref()),
        (400, Some("VPC.0002"))
    );

    let not_associated = client
        .remove_sources_from_traffic_mirror_session(FakeVpc::SESSION_ID, &body(&["not-a-source"]))
        .await
        .expect_err("source not associated");
    let service = service_error(not_associated);
    assert_eq!(service.status, 400);
    assert!(
        service
            .error_msg
            .as_deref()
            .is_some_and(|m| m.contains("not-a-source")),
        "{service}"
    );
}

#[tokio::test]
async fn the_legacy_error_shape_is_read_too() {
    let fake = FakeVpc::start().await;
    let client = client_for(&fake, FakeVpc::SK, "another-project");
    let error = client
        .remove_sources_from_traffic_mirror_session(FakeVpc::SESSION_ID, &body(&[FIRST_SOURCE]))
        .await
        .expect_err("project mismatch");
    let request_id = fake.last_request_id().expect("request id header");
    let message = error.to_string();
    let service = service_error(error);
    assert_eq!(service.status, 400);
    assert_eq!(service.error_code.as_deref(), Some("VPC.0007"));
    assert_eq!(
        service.error_msg.as_deref(),
        Some("urlTenantId is not equal tokenTenantId")
    );
    // local-vpc adds the request id to the legacy shape too, the same as the header's.
    assert_eq!(service.request_id.as_deref(), Some(request_id.as_str()));
    assert_eq!(
        service.body_as::<serde_json::Value>().expect("JSON body"),
        serde_json::json!({
            "code": "VPC.0007",
            "message": "urlTenantId is not equal tokenTenantId",
            "request_id": request_id,
        })
    );
    assert_eq!(
        message,
        format!(
            "HTTP 400 VPC.0007: urlTenantId is not equal tokenTenantId (request id {request_id})"
        )
    );
}

#[tokio::test]
async fn ids_that_look_like_paths_stay_one_segment_and_still_verify() {
    let fake = FakeVpc::start().await;
    let client = client_for(&fake, FakeVpc::SK, FakeVpc::PROJECT_ID);
    for id in ["a/b c", "../x", "%2F", "é?#"] {
        let error = client
            .remove_sources_from_traffic_mirror_session(id, &body(&[FIRST_SOURCE]))
            .await
            .expect_err("no such session");
        // 404 VPC.0003, not 401: the service matched the route, verified the signature over
        // the encoded path, then looked up the decoded id. (A gateway 404, APIGW.0101, comes
        // before the signature check and would prove nothing.)
        assert_eq!(error.status().map(u16::from), Some(404), "{id}: {error}");
        let service = service_error(error);
        assert_eq!(service.error_code.as_deref(), Some("VPC.0003"), "{id}");
        assert_eq!(
            service.error_msg,
            Some(format!("Traffic mirror session {id} could not be found.")),
            "{id}"
        );
    }
    let paths: Vec<String> = fake.requests().into_iter().map(|r| r.path).collect();
    let prefix = format!("/v3/{}/vpc/traffic-mirror-sessions/", FakeVpc::PROJECT_ID);
    assert_eq!(
        paths,
        ["a%2Fb%20c", "..%2Fx", "%252F", "%C3%A9%3F%23"]
            .map(|id| format!("{prefix}{id}/remove-sources"))
    );
}

#[tokio::test]
async fn ids_that_cannot_be_a_segment_are_refused_before_sending() {
    let fake = FakeVpc::start().await;
    let client = client_for(&fake, FakeVpc::SK, FakeVpc::PROJECT_ID);
    for id in ["", ".", ".."] {
        let error = client
            .remove_sources_from_traffic_mirror_session(id, &body(&[FIRST_SOURCE]))
            .await
            .expect_err("invalid id");
        assert!(
            matches!(&error, Error::InvalidRequest(m) if m.contains("traffic_mirror_session_id")),
            "{error:?}"
        );
    }
    assert!(fake.requests().is_empty());
}

#[tokio::test]
async fn builder_refuses_incomplete_or_unsafe_settings() {
    let credentials = || AkSkCredentials::new("ak", "sk");
    let config_error = |result: Result<Client, Error>| match result {
        Err(Error::Config(message)) => message,
        other => panic!("expected a config error, got {other:?}"),
    };
    let no_project = Client::builder().credentials(credentials()).build();
    assert!(config_error(no_project).contains("project_id"));
    let no_credentials = Client::builder().project_id("p").build();
    assert!(config_error(no_credentials).contains("credentials"));
    let plain_http = Client::builder()
        .project_id("p")
        .credentials(credentials())
        .endpoint("http://127.0.0.1:1")
        .build();
    assert!(config_error(plain_http).contains("http"));
    let hostile_region = Client::builder()
        .project_id("p")
        .credentials(credentials())
        .region("evil.example.com/x")
        .build();
    assert!(config_error(hostile_region).contains("region"));
    // The defaults give the vendor's regional endpoint.
    let client = Client::builder()
        .project_id("p")
        .credentials(credentials())
        .region("ap-southeast-1")
        .build()
        .expect("valid settings");
    assert!(format!("{client:?}").contains("vpc.ap-southeast-1.myhuaweicloud.com"));
}

/// Collects everything a `tracing` subscriber writes.
#[derive(Clone, Default)]
struct CapturedLogs(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for CapturedLogs {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl CapturedLogs {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap_or_else(|e| e.into_inner())).into_owned()
    }
}

#[tokio::test]
async fn the_secret_key_never_shows() {
    let secret = "VERY-SECRET-KEY-0123456789";
    let token = "VERY-SECRET-TOKEN-0123456789";
    let logs = CapturedLogs::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let fake = FakeVpc::start().await;
    let credentials = AkSkCredentials::new(FakeVpc::AK, secret).with_security_token(token);
    let client = Client::builder()
        .endpoint(fake.base_url())
        .config(Config::default().with_allow_http(true))
        .credentials(credentials.clone())
        .project_id(FakeVpc::PROJECT_ID)
        .build()
        .expect("client");
    let error = client
        .remove_sources_from_traffic_mirror_session(FakeVpc::SESSION_ID, &body(&[FIRST_SOURCE]))
        .await
        .expect_err("wrong key for this service");
    let logged = logs.text();
    assert!(
        logged.contains("RemoveSourcesFromTrafficMirrorSession"),
        "tracing captured: {logged}"
    );
    assert!(logged.contains("status=401"), "{logged}");
    let shown = [
        format!("{credentials:?}"),
        format!("{client:?}"),
        format!("{error:?}"),
        error.to_string(),
        logged,
    ];
    for text in shown {
        assert!(
            !text.contains(secret) && !text.contains(token),
            "leaked in {text}"
        );
    }
    // The token went out as the vendor expects.
    let requests = fake.requests();
    assert_eq!(header(&requests[0], "x-security-token"), Some(token));
    assert!(header(&requests[0], "authorization").is_some_and(|a| a.contains("x-security-token")));
}

#[tokio::test]
async fn a_silent_server_times_out() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = listener.local_addr().expect("address");
    let holder = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket); // accept, never answer
        }
    });
    let client = Client::builder()
        .endpoint(format!("http://{address}"))
        .config(
            Config::default()
                .with_allow_http(true)
                .with_read_timeout(Duration::from_millis(200)),
        )
        .credentials(AkSkCredentials::new("ak", "sk"))
        .project_id("p")
        .build()
        .expect("client");
    let error = client
        .remove_sources_from_traffic_mirror_session("s", &body(&[FIRST_SOURCE]))
        .await
        .expect_err("timeout");
    assert!(error.is_timeout(), "{error:?}");
    assert!(error.is_retryable());
    holder.abort();
}

#[tokio::test]
async fn a_closed_port_is_a_transport_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let address = listener.local_addr().expect("address");
    drop(listener);
    let client = Client::builder()
        .endpoint(format!("http://{address}"))
        .config(Config::default().with_allow_http(true))
        .credentials(AkSkCredentials::new("ak", "sk"))
        .project_id("p")
        .build()
        .expect("client");
    let error = client
        .remove_sources_from_traffic_mirror_session("s", &body(&[FIRST_SOURCE]))
        .await
        .expect_err("nothing listens");
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert!(error.is_retryable());
    assert_eq!(error.status().map(u16::from), None);
}

#[tokio::test]
async fn header_values_cannot_carry_line_breaks() {
    let fake = FakeVpc::start().await;
    for project in ["p\r\nX-Injected: 1", "p\nq", "p\u{0}"] {
        let client = client_for(&fake, FakeVpc::SK, project);
        let error = client
            .remove_sources_from_traffic_mirror_session(FakeVpc::SESSION_ID, &body(&[FIRST_SOURCE]))
            .await
            .expect_err("refused before sending");
        assert!(
            matches!(&error, Error::InvalidRequest(m) if m.contains("X-Project-Id")),
            "{error:?}"
        );
    }
    assert!(fake.requests().is_empty(), "nothing was sent");
}

#[test]
fn credentials_come_from_the_vendors_environment_variables() {
    // The only test in this binary that touches these variables.
    std::env::set_var("HUAWEICLOUD_SDK_AK", "env-ak");
    std::env::set_var("HUAWEICLOUD_SDK_SK", "env-sk-secret");
    std::env::remove_var("HUAWEICLOUD_SDK_SECURITY_TOKEN");
    let credentials = AkSkCredentials::from_env().expect("both set");
    assert_eq!(credentials.access_key(), "env-ak");
    assert!(!format!("{credentials:?}").contains("env-sk-secret"));
    std::env::set_var("HUAWEICLOUD_SDK_SECURITY_TOKEN", "env-token");
    assert!(!format!("{:?}", AkSkCredentials::from_env()).contains("env-token"));
    std::env::set_var("HUAWEICLOUD_SDK_SK", "");
    assert!(
        AkSkCredentials::from_env().is_none(),
        "an empty secret key is no credential"
    );
    for name in [
        "HUAWEICLOUD_SDK_AK",
        "HUAWEICLOUD_SDK_SK",
        "HUAWEICLOUD_SDK_SECURITY_TOKEN",
    ] {
        std::env::remove_var(name);
    }
}
