//! A relative server URL joined to the endpoint (fixture `relative_server.yaml`), on the wire.

use test_support as support;

use fixture_crate::relative_server::Client;
use specforge_runtime::Error;
use support::{config, serve, Answer, Seen};

fn no_content(_: &Seen) -> Answer {
    (204, "application/json", String::new())
}

#[tokio::test]
async fn the_server_path_follows_the_endpoint() {
    let server = serve(no_content).await;
    for endpoint in [server.url.clone(), format!("{}/", server.url)] {
        let client = Client::builder()
            .endpoint(endpoint.as_str())
            .config(config())
            .build()
            .expect("client");
        client.get_thing("t 1").await.expect("get");
        assert_eq!(server.last().uri, "/api/v2/things/t%201", "{endpoint}");
    }
    let client = Client::builder()
        .endpoint(format!("{}/proxy", server.url))
        .version("v3")
        .config(config())
        .build()
        .expect("client");
    client.get_thing("t").await.expect("get");
    assert_eq!(server.last().uri, "/proxy/api/v3/things/t");
}

#[test]
fn without_an_endpoint_the_client_is_not_built() {
    let error = Client::builder().build().expect_err("no host to send to");
    let Error::Config(message) = &error else {
        panic!("expected a Config error, got {error:?}");
    };
    assert_eq!(
        message,
        "the server URL \"/api/{version}\" is relative: set the endpoint it is relative to with `endpoint(\"https://host\")`"
    );
}
