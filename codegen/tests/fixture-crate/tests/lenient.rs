//! Slips real specs make (fixture `lenient.yaml`), on the wire against a real local server.

use test_support as support;

use fixture_crate::lenient::models::{
    CreateBetaResponseParams, GetReportPartFiltersItem, GetReportPartParams,
};
use fixture_crate::lenient::Client;
use support::{config, serve, Answer, Seen};
use url::Url;

fn no_content(_: &Seen) -> Answer {
    (204, "application/json", String::new())
}

#[tokio::test]
async fn an_undeclared_placeholder_is_an_argument_and_a_list_of_objects_is_json() {
    let server = serve(no_content).await;
    let client = Client::builder()
        .endpoint(&server.url)
        .config(config())
        .build()
        .expect("client");
    let params = GetReportPartParams {
        filters: Some(vec![GetReportPartFiltersItem {
            key: Some("team".to_owned()),
            value: Some("a&b".to_owned()),
        }]),
    };
    client
        .get_report_part(3, "job/7", &params)
        .await
        .expect("204");
    let url = Url::parse(&format!("http://local{}", server.last().uri)).expect("uri");
    assert_eq!(url.path(), "/reports/job%2F7/parts/3");
    let pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    assert_eq!(
        pairs,
        [(
            "filters".to_owned(),
            r#"[{"key":"team","value":"a&b"}]"#.to_owned()
        )]
    );
}

#[tokio::test]
async fn query_values_in_the_path_key_are_sent_on_every_call() {
    let server = serve(no_content).await;
    let client = Client::builder()
        .endpoint(&server.url)
        .config(config())
        .build()
        .expect("client");
    let params = CreateBetaResponseParams { limit: Some(5) };
    client.create_beta_response(&params).await.expect("204");
    let url = Url::parse(&format!("http://local{}", server.last().uri)).expect("uri");
    assert_eq!(url.path(), "/responses");
    let pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    // The runtime writes query pairs sorted by key.
    let expected = [("beta", "true"), ("limit", "5"), ("mode", "a b")];
    assert_eq!(pairs, expected.map(|(k, v)| (k.to_owned(), v.to_owned())));
}
