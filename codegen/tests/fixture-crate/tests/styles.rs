//! Parameter styles on the wire (fixture `styles.yaml`), against a real local server.

use test_support as support;

use fixture_crate::styles::models::{Filter, Point, SearchCwes, SearchParams};
use fixture_crate::styles::Client;
use support::{config, serve, Answer, Seen};

fn no_content(_: &Seen) -> Answer {
    (204, "application/json", String::new())
}

async fn client(url: &str) -> Client {
    Client::builder()
        .endpoint(url)
        .config(config())
        .build()
        .expect("client")
}

#[tokio::test]
async fn every_style_is_written_as_the_spec_says() {
    let server = serve(no_content).await;
    let client = client(&server.url).await;
    let params = SearchParams {
        ids: Some(vec![1, 2]),
        types: Some(vec!["album".to_owned(), "a,b|c d".to_owned()]),
        shape: Some(Point { x: 3, y: 4 }),
        words: Some(vec!["a".to_owned(), "b c".to_owned()]),
        pipes: Some(vec!["x".to_owned(), "y".to_owned()]),
        filter: Some(Filter {
            color: Some("red".to_owned()),
            size: Some(3),
        }),
        point: Some(Point { x: 1, y: 2 }),
        meta: Some(Filter {
            color: None,
            size: Some(7),
        }),
        x_ids: Some(vec!["h1".to_owned(), "h2".to_owned()]),
        x_point: Some(Point { x: 5, y: 6 }),
        tool: Some("g-1".to_owned()),
        cwes: Some(SearchCwes::Array(vec!["79".to_owned(), "89".to_owned()])),
        labels: Some([("team".to_owned(), "red".to_owned())].into()),
        prefs: Some(vec!["dark".to_owned(), "wide".to_owned()]),
    };
    client.search("s; evil=1", &params).await.expect("search");
    let seen = server.last();
    // The query is sent sorted by key (the signer's canonical order); the delimiters of
    // `explode: false` (`,`), `pipeDelimited` (`|`) and `spaceDelimited` (`%20`) stay literal.
    assert_eq!(
        seen.uri,
        "/search?cwes=79&cwes=89&filter%5Bcolor%5D=red&filter%5Bsize%5D=3&ids=1,2\
         &meta=%7B%22size%22%3A7%7D&pipes=x|y&shape=x,3,y,4&team=red&tool=g-1\
         &types=album,a%2Cb%7Cc%20d&words=a%20b%20c&x=1&y=2"
    );
    assert_eq!(seen.header("x-ids"), Some("h1,h2"));
    assert_eq!(seen.header("x-point"), Some("x=5,y=6"));
    // One Cookie header; a value cannot smuggle in a cookie of its own.
    assert_eq!(
        seen.header("cookie"),
        Some("session=s%3B%20evil=1; prefs=dark%2Cwide")
    );
}

#[tokio::test]
async fn unset_optional_parameters_are_left_out() {
    let server = serve(no_content).await;
    let client = client(&server.url).await;
    client
        .search("s", &SearchParams::default())
        .await
        .expect("search");
    let seen = server.last();
    assert_eq!(seen.uri, "/search");
    let one = SearchParams {
        cwes: Some(SearchCwes::String("79".to_owned())),
        ..Default::default()
    };
    client.search("s", &one).await.expect("search");
    assert_eq!(server.last().uri, "/search?cwes=79");
    assert_eq!(seen.header("cookie"), Some("session=s"));
    assert_eq!(seen.header("x-ids"), None);
}

#[tokio::test]
async fn path_lists_are_comma_separated_and_unnamed_operations_are_named_by_route() {
    let server = serve(no_content).await;
    let client = client(&server.url).await;
    client
        .get_styles_ids(&["a".to_owned(), "b/c".to_owned()])
        .await
        .expect("get");
    let seen = server.last();
    assert_eq!(
        (seen.method.as_str(), seen.uri.as_str()),
        ("GET", "/styles/a,b%2Fc")
    );
    client
        .delete_styles_ids(&["z".to_owned()])
        .await
        .expect("delete");
    let seen = server.last();
    assert_eq!(
        (seen.method.as_str(), seen.uri.as_str()),
        ("DELETE", "/styles/z")
    );
}
