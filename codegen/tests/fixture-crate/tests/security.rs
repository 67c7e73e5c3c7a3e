//! Security schemes on the wire (fixture `security.yaml`), against a real local server.

use test_support as support;

use fixture_crate::security::models::GetQueryParams;
use fixture_crate::security::{Client, ClientBuilder};
use support::{config, serve, Answer, Seen};

fn no_content(_: &Seen) -> Answer {
    (204, "application/json", String::new())
}

fn builder(url: &str) -> ClientBuilder {
    Client::builder().endpoint(url).config(config())
}

const TOKEN: &str = "tok-SECRET-1";
const KEY: &str = "key-SECRET-2";

#[tokio::test]
async fn the_first_configured_alternative_authenticates() {
    let server = serve(no_content).await;
    let both = builder(&server.url)
        .token_bearer_token(TOKEN)
        .header_key_api_key(KEY)
        .build()
        .expect("client");
    both.get_default().await.expect("default");
    let seen = server.last();
    assert_eq!(seen.header("authorization"), Some("Bearer tok-SECRET-1"));
    assert_eq!(seen.header("x-api-key"), None);

    let key_only = builder(&server.url)
        .header_key_api_key(KEY)
        .build()
        .expect("client");
    key_only.get_default().await.expect("default");
    let seen = server.last();
    assert_eq!(seen.header("authorization"), None);
    assert_eq!(seen.header("x-api-key"), Some(KEY));

    // Nothing configured: sent without credentials, the server decides.
    let anonymous = builder(&server.url).build().expect("client");
    anonymous.get_default().await.expect("default");
    assert_eq!(server.last().header("authorization"), None);
}

#[tokio::test]
async fn operations_pick_their_own_schemes() {
    let server = serve(no_content).await;
    let client = builder(&server.url)
        .token_bearer_token(TOKEN)
        .header_key_api_key(KEY)
        .query_key_api_key("q k&")
        .cookie_key_api_key("c1")
        .basic_auth("user", "pa:ss")
        .build()
        .expect("client");

    client.get_public().await.expect("public");
    let seen = server.last();
    assert_eq!(
        (seen.header("authorization"), seen.header("x-api-key")),
        (None, None)
    );

    let params = GetQueryParams {
        q: Some("x".to_owned()),
    };
    client.get_query(&params).await.expect("query");
    let seen = server.last();
    assert_eq!(seen.uri, "/query?key=q%20k%26&q=x");
    assert_eq!(seen.header("authorization"), None);

    client.get_cookie().await.expect("cookie");
    assert_eq!(server.last().header("cookie"), Some("session=c1"));

    client.get_both().await.expect("both");
    let seen = server.last();
    assert_eq!(seen.header("x-api-key"), Some(KEY));
    // base64("user:pa:ss")
    assert_eq!(seen.header("authorization"), Some("Basic dXNlcjpwYTpzcw=="));

    client.get_kerberos().await.expect("kerberos");
    let seen = server.last();
    assert_eq!(
        (seen.header("authorization"), seen.header("x-api-key")),
        (None, None)
    );

    // Optional authentication: sent with the token once there is one.
    client.get_optional().await.expect("optional");
    assert_eq!(server.last().header("authorization"), None);
    let with_oauth = builder(&server.url)
        .oauth_bearer_token("oauth-1")
        .build()
        .expect("client");
    with_oauth.get_optional().await.expect("optional");
    assert_eq!(
        server.last().header("authorization"),
        Some("Bearer oauth-1")
    );
}

#[tokio::test]
async fn secrets_stay_out_of_debug_output_and_errors() {
    let builder = builder("http://127.0.0.1:9")
        .token_bearer_token(TOKEN)
        .query_key_api_key(KEY)
        .basic_auth("user", "pw-SECRET-3");
    let shown = format!("{builder:?}");
    let client = builder.build().expect("client");
    let shown = format!("{shown} {client:?}");
    // Nothing listens on port 9: the transport error must not quote the URL with the key.
    let error = client
        .get_query(&GetQueryParams::default())
        .await
        .expect_err("refused");
    let shown = format!("{shown} {error} {error:?}");
    assert!(!shown.contains("SECRET"), "{shown}");
}
