//! What an operation method returns (`rt::Call`, fixture `param_rules.yaml`): a future that is
//! `Send`, borrows only the client (the arguments are read when it is made), sends nothing
//! until awaited, and carries an argument's error out of the `.await`, on a real local server.

use test_support as support;

use fixture_crate::param_rules::models::{AlbumType, ListAlbumsParams};
use fixture_crate::param_rules::{Call, Client, Response};
use specforge_runtime::{decode, Error};
use support::{config, serve, Answer, Seen};

fn no_content(_: &Seen) -> Answer {
    (204, "application/json", String::new())
}

fn client(url: &str) -> Client {
    Client::builder()
        .endpoint(url)
        .config(config())
        .build()
        .expect("client")
}

/// A call made from arguments that are gone by the time it runs.
fn call_with_dropped_arguments<'a>(
    client: &'a Client,
    code: &str,
) -> Call<'a, Response<()>, decode::Raw> {
    let params = ListAlbumsParams {
        limit: Some(10),
        ..Default::default()
    };
    let code = code.to_owned();
    client.list_albums(&code, &AlbumType::Single, &params)
}

#[tokio::test]
async fn a_call_is_send_and_runs_on_another_task_after_its_arguments_are_dropped() {
    let server = serve(no_content).await;
    // `tokio::spawn` needs `Send + 'static`: a client that lives for the whole test.
    let client: &'static Client = Box::leak(Box::new(client(&server.url)));
    let call = call_with_dropped_arguments(client, "se");
    let response = tokio::spawn(call).await.expect("task").expect("sent");
    assert_eq!(response.status().as_u16(), 204);
    assert_eq!(server.last().uri, "/albums/se?limit=10&type=single");
}

#[tokio::test]
async fn nothing_is_sent_until_the_call_is_awaited() {
    let server = serve(no_content).await;
    let client = client(&server.url);
    let call = call_with_dropped_arguments(&client, "se");
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    assert_eq!(server.requests().len(), 0, "sent before it was awaited");
    drop(call);
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    assert_eq!(server.requests().len(), 0, "a dropped call was sent");
    call_with_dropped_arguments(&client, "se")
        .await
        .expect("sent");
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn a_bad_argument_is_the_error_of_the_await_and_nothing_is_sent() {
    let server = serve(no_content).await;
    let client = client(&server.url);
    // `code` must match `^[a-z]{2}$`: checked while the request is built.
    let call = call_with_dropped_arguments(&client, "S!");
    assert!(format!("{call:?}").contains("failed"), "{call:?}");
    match call.await {
        Err(Error::Validation(e)) => {
            let fields: Vec<&str> = e.violations.iter().map(|v| v.field.as_str()).collect();
            assert_eq!(fields, ["code"]);
        }
        other => panic!("expected a validation error, got {other:?}"),
    }
    assert_eq!(server.requests().len(), 0);
}
