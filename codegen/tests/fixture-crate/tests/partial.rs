//! Partial generation (fixture `partial.yaml`): what can be expressed works on the wire; what
//! cannot is absent and listed in the client module's docs (see its snapshot).

use test_support as support;

use fixture_crate::partial::Client;
use support::{config, serve, Answer, Seen};

fn thing(_: &Seen) -> Answer {
    (200, "application/json", r#"{"id":"t-1"}"#.to_owned())
}

#[tokio::test]
async fn the_operations_that_could_be_generated_work() {
    let server = serve(thing).await;
    let client = Client::builder()
        .endpoint(&server.url)
        .config(config())
        .build()
        .expect("client");
    let thing = client.get_thing("a/b").await.expect("get");
    assert_eq!(thing.id, "t-1");
    assert_eq!(server.last().uri, "/things/a%2Fb");
}
