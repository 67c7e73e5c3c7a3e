//! HTTP settings without injecting a `reqwest::Client`: a proxy with credentials, an extra CA
//! bundle, a client certificate and `danger_accept_invalid_certs`, each over real sockets on
//! 127.0.0.1 (a forward proxy in front of a recording server; a TLS server with `rcgen`
//! certificates).

mod support;

use specforge_runtime::codegen::{ClientBuilder, HttpClient, Method, Request};
use specforge_runtime::signer::{sign, SigningRequest};
use specforge_runtime::{AkSkCredentials, ClientIdentity, Config, Error, ProxySettings};
use support::forward_proxy::ForwardProxy;
use support::tls_server::{Pki, TlsServer};
use test_support::{Seen, Server, Step};

const AK: &str = "HPUAPROXYTESTAK00001";
const SK: &str = "proxy-test-secret-key-0000000000000000000";
const PATH: &str = "/v3/p/vpc/traffic-mirror-sessions";
const PROXY_USER: &str = "proxyuser";
const PROXY_PASSWORD: &str = "proxy-pass";
/// `Basic base64("proxyuser:proxy-pass")`.
const PROXY_AUTHORIZATION: &str = "Basic cHJveHl1c2VyOnByb3h5LXBhc3M=";

fn client(endpoint: &str, config: Config) -> Result<HttpClient, Error> {
    ClientBuilder::new("")
        .endpoint(endpoint)
        .config(config)
        .credentials(AkSkCredentials::new(AK, SK))
        .require_signing()
        .build()
}

async fn list(client: &HttpClient) -> Result<(), Error> {
    let request = Request::new(Method::GET, PATH.to_owned())
        .operation("ListTrafficMirrorSessions")
        .accept(&["application/json"]);
    client
        .send_json::<serde_json::Value>(request)
        .await
        .map(|_| ())
}

/// The origin behind the proxy: one JSON answer per connection (the proxy relays until the
/// origin closes).
async fn origin() -> Server {
    Server::start(|_, _| {
        let mut steps = test_support::json(r#"{"traffic_mirror_sessions":[]}"#);
        steps.push(Step::Close);
        steps
    })
    .await
}

/// Whether the request the origin received still carries a valid AK/SK signature: signed
/// again from what arrived (the headers its `SignedHeaders` names, its `X-Sdk-Date`), it must
/// give the same `Authorization`. The signer itself is checked against the vendor's SDK in
/// `signing_vectors.rs`; this proves the proxy hop changed nothing signed (host included).
fn signature_verifies(seen: &Seen) -> bool {
    let Some(authorization) = seen.header("authorization") else {
        return false;
    };
    let Some(signed) = authorization
        .split(", ")
        .find_map(|part| part.strip_prefix("SignedHeaders="))
    else {
        return false;
    };
    let mut headers: Vec<(String, String)> = signed
        .split(';')
        .filter_map(|name| Some((name.to_owned(), seen.header(name)?.to_owned())))
        .collect();
    let (Some(host), Some(date)) = (seen.header("host"), seen.header("x-sdk-date")) else {
        return false;
    };
    let (path, query) = seen.uri.split_once('?').unwrap_or((&seen.uri, ""));
    let query: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    let signature = sign(
        &AkSkCredentials::new(AK, SK),
        date,
        SigningRequest {
            method: &seen.method,
            host,
            path,
            query: &query,
            headers: &mut headers,
            body: &seen.body,
        },
    );
    signature.authorization == authorization
}

#[tokio::test]
async fn requests_go_through_the_proxy_with_its_credentials() {
    let origin = origin().await;
    let proxy = ForwardProxy::start(Some(PROXY_AUTHORIZATION)).await;
    let settings = ProxySettings::new(&proxy.url).with_credentials(PROXY_USER, PROXY_PASSWORD);
    let config = Config::default().with_allow_http(true).with_proxy(settings);
    let shown = format!("{config:?}");
    assert!(
        !shown.contains(PROXY_PASSWORD) && shown.contains(PROXY_USER),
        "{shown}"
    );

    let proxied = client(&origin.url, config).expect("valid settings");
    list(&proxied)
        .await
        .expect("the signed call goes through the proxy");
    let seen = proxy.seen();
    assert_eq!(seen.len(), 1);
    assert!(
        seen[0]
            .request_line
            .starts_with(&format!("GET {}/v3/", origin.url)),
        "absolute-form request line: {}",
        seen[0].request_line
    );
    assert_eq!(
        seen[0].proxy_authorization.as_deref(),
        Some(PROXY_AUTHORIZATION)
    );
    let forwarded = origin.requests();
    assert_eq!(forwarded.len(), 1, "the origin got the forwarded request");
    assert!(
        signature_verifies(&forwarded[0]),
        "the signature verifies at the origin: {:?}",
        forwarded[0].headers
    );
    assert_eq!(forwarded[0].header("host"), Some(origin.authority()));

    // Without the credentials the proxy refuses, and the error says so.
    let bare = Config::default()
        .with_allow_http(true)
        .with_proxy(ProxySettings::new(&proxy.url));
    let error = list(&client(&origin.url, bare).expect("valid settings"))
        .await
        .err();
    assert_eq!(
        error
            .as_ref()
            .and_then(|e| e.as_service_error())
            .map(|e| e.status.as_u16()),
        Some(407)
    );

    // Credentials in the URL would leak wherever it is printed: refused.
    let in_url = format!(
        "http://{PROXY_USER}:{PROXY_PASSWORD}@{}",
        proxy.url.trim_start_matches("http://")
    );
    let message = client(
        &origin.url,
        Config::default()
            .with_allow_http(true)
            .with_proxy(ProxySettings::new(in_url)),
    )
    .err()
    .map(|e| e.to_string())
    .unwrap_or_default();
    assert!(
        message.contains("with_credentials") && !message.contains(PROXY_PASSWORD),
        "{message}"
    );
}

#[test]
fn a_changed_request_fails_the_signature_check() {
    // The check above could pass by accident only if it accepted anything: it does not.
    let mut seen = Seen {
        method: "GET".to_owned(),
        uri: PATH.to_owned(),
        headers: vec![
            ("host".to_owned(), "127.0.0.1:1".to_owned()),
            ("x-sdk-date".to_owned(), "20240101T000000Z".to_owned()),
        ],
        ..Seen::default()
    };
    let mut headers = seen.headers.clone();
    let signature = sign(
        &AkSkCredentials::new(AK, SK),
        "20240101T000000Z",
        SigningRequest {
            method: "GET",
            host: "127.0.0.1:1",
            path: PATH,
            query: &[],
            headers: &mut headers,
            body: b"",
        },
    );
    seen.headers
        .push(("authorization".to_owned(), signature.authorization));
    assert!(signature_verifies(&seen));
    seen.headers[0].1 = "127.0.0.1:2".to_owned();
    assert!(!signature_verifies(&seen), "another host must not verify");
}

#[tokio::test]
async fn a_private_ca_is_trusted_only_when_given() {
    let pki = Pki::generate();
    let server = TlsServer::start(&pki, false).await;

    let unknown = client(&server.base_url, Config::default()).expect("valid settings");
    let error = list(&unknown)
        .await
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(!error.is_empty(), "an unknown CA must fail the handshake");
    assert_eq!(server.handshakes(), 0);

    let trusted = client(
        &server.base_url,
        Config::default().with_extra_ca_pem(pki.ca_pem()),
    )
    .expect("valid settings");
    list(&trusted)
        .await
        .expect("the CA bundle makes the server trusted");
    assert_eq!(server.handshakes(), 1);

    let careless = Config::default().danger_accept_invalid_certs(true);
    list(&client(&server.base_url, careless).expect("valid settings"))
        .await
        .expect("verification off accepts any certificate");
    assert_eq!(server.handshakes(), 2);

    let message = client(
        &server.base_url,
        Config::default().with_extra_ca_pem("not a PEM"),
    )
    .err()
    .map(|e| e.to_string())
    .unwrap_or_default();
    assert!(message.contains("CA bundle"), "{message}");
}

#[tokio::test]
async fn a_client_certificate_is_presented_for_mutual_tls() {
    let pki = Pki::generate();
    let server = TlsServer::start(&pki, true).await;
    let trusting = || Config::default().with_extra_ca_pem(pki.ca_pem());

    let anonymous = client(&server.base_url, trusting()).expect("valid settings");
    assert!(
        list(&anonymous).await.is_err(),
        "the server requires a client certificate"
    );
    assert_eq!(server.handshakes(), 0);

    let identity = ClientIdentity::from_pem(pki.client_identity_pem());
    assert_eq!(format!("{identity:?}"), "ClientIdentity(***)");
    let config = trusting().with_client_identity(identity);
    assert!(!format!("{config:?}").contains("PRIVATE KEY"));
    list(&client(&server.base_url, config).expect("valid settings"))
        .await
        .expect("the client certificate completes the handshake");
    assert_eq!(server.handshakes(), 1);

    let message = client(
        &server.base_url,
        trusting().with_client_identity(ClientIdentity::from_pem("junk")),
    )
    .err()
    .map(|e| e.to_string())
    .unwrap_or_default();
    assert!(message.contains("client certificate"), "{message}");
}
