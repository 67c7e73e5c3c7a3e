//! HTTP settings without injecting a `reqwest::Client`: a proxy with credentials, an extra CA
//! bundle, a client certificate and `danger_accept_invalid_certs`, each over real sockets on
//! 127.0.0.1 (a forward proxy in front of `local-vpc`; a TLS server with `rcgen` certificates).

mod support;

use specforge_runtime::{ClientIdentity, ProxySettings};
use support::fake_vpc::FakeVpc;
use support::forward_proxy::ForwardProxy;
use support::tls_server::{Pki, TlsServer};
use vpc_traffic_mirror::models::ListTrafficMirrorSessionsParams;
use vpc_traffic_mirror::{AkSkCredentials, Client, Config, Error};

const PROXY_USER: &str = "proxyuser";
const PROXY_PASSWORD: &str = "proxy-pass";
/// `Basic base64("proxyuser:proxy-pass")`.
const PROXY_AUTHORIZATION: &str = "Basic cHJveHl1c2VyOnByb3h5LXBhc3M=";

fn client(endpoint: &str, config: Config) -> Result<Client, Error> {
    Client::builder()
        .endpoint(endpoint)
        .config(config)
        .credentials(AkSkCredentials::new(FakeVpc::AK, FakeVpc::SK))
        .project_id(FakeVpc::PROJECT_ID)
        .build()
}

async fn list(client: &Client) -> Result<(), Error> {
    client
        .list_traffic_mirror_sessions(&ListTrafficMirrorSessionsParams::default())
        .await
        .map(|_| ())
}

#[tokio::test]
async fn requests_go_through_the_proxy_with_its_credentials() {
    let fake = FakeVpc::start().await;
    let proxy = ForwardProxy::start(Some(PROXY_AUTHORIZATION)).await;
    let settings = ProxySettings::new(&proxy.url).with_credentials(PROXY_USER, PROXY_PASSWORD);
    let config = Config::default().with_allow_http(true).with_proxy(settings);
    let shown = format!("{config:?}");
    assert!(
        !shown.contains(PROXY_PASSWORD) && shown.contains(PROXY_USER),
        "{shown}"
    );

    let proxied = client(&fake.base_url(), config).expect("valid settings");
    list(&proxied)
        .await
        .expect("the signed call verifies through the proxy");
    let seen = proxy.seen();
    assert_eq!(seen.len(), 1);
    assert!(
        seen[0]
            .request_line
            .starts_with(&format!("GET {}/v3/", fake.base_url())),
        "absolute-form request line: {}",
        seen[0].request_line
    );
    assert_eq!(
        seen[0].proxy_authorization.as_deref(),
        Some(PROXY_AUTHORIZATION)
    );
    assert_eq!(
        fake.requests().len(),
        1,
        "the service got the forwarded request"
    );

    // Without the credentials the proxy refuses, and the error says so.
    let bare = Config::default()
        .with_allow_http(true)
        .with_proxy(ProxySettings::new(&proxy.url));
    let error = list(&client_for_proxy(&fake, bare)).await.err();
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
        &fake.base_url(),
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

fn client_for_proxy(fake: &FakeVpc, config: Config) -> Client {
    client(&fake.base_url(), config).expect("valid settings")
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
