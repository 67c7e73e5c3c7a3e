//! Drives the OAI example USPTO data-set API (corpus `oai-uspto.yaml`): a form-encoded
//! (`application/x-www-form-urlencoded`) search body, path parameters, and free-form JSON
//! responses.

#[path = "../mock_common.rs"]
mod common;
#[path = "../../../v3-0-oai-uspto/src/lib.rs"]
#[allow(dead_code, unused_imports)]
mod uspto;

use common::call;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), uspto::Error> {
    let client = uspto::Client::builder().endpoint(common::endpoint())
        .config(common::config()).build()?;
    call("list-data-sets", client.list_data_sets()).await;
    call("list-searchable-fields", client.list_searchable_fields("oa_citations", "v1")).await;
    let search = uspto::models::PerformSearchRequestBody {
        criteria: "patentNumber:7000000 AND year:[2000 TO 2010]".to_owned(),
        start: Some(0),
        rows: Some(10),
    };
    call("perform-search", client.perform_search("v1", "oa_citations", Some(&search))).await;
    Ok(())
}
