//! Drives Blockfrost (corpus `blockfrost.yaml`): a `multipart/form-data` upload (`ipfs_add`,
//! a file part), the API key in the `project_id` header, path strings and integers, query
//! integers and a query enum, and nested JSON responses.

#[path = "../mock_common.rs"]
mod common;
#[path = "../../../v3-0-blockfrost/src/lib.rs"]
#[allow(dead_code, unused_imports)]
mod blockfrost;

use blockfrost::models::*;
use common::call;
use specforge_runtime::FilePart;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), blockfrost::Error> {
    let client = blockfrost::Client::builder()
        .endpoint(common::endpoint())
        .config(common::config())
        .api_key("mainnetConformanceKey")
        .build()?;
    let file = FilePart::new(&b"hello from specforge\n"[..])
        .file_name("hello.txt")
        .content_type("text/plain");
    let upload = IpfsAddMultipartBody { file: Some(file) };
    call("ipfs_add (multipart)", client.ipfs_add(Some(&upload))).await;
    call("ipfs_add (no body)", client.ipfs_add(None)).await;
    call("get_health", client.get_health()).await;
    let txs = GetBlocksLatestTxsParams {
        count: Some(10),
        page: Some(2),
        order: Some(Order::Desc),
    };
    call("get_blocks_latest_txs", client.get_blocks_latest_txs(&txs)).await;
    call("get_blocks_hash_or_number", client.get_blocks_hash_or_number("4873401")).await;
    let stakes = GetEpochsNumberStakesParams::default();
    call("get_epochs_number_stakes", client.get_epochs_number_stakes(225, &stakes)).await;
    let stake = "stake1u9ylzsgxaa6xctf4juup682ar3juj85n8tx3hthnljg47zctvm3rc";
    call("get_accounts_stake_address", client.get_accounts_stake_address(stake)).await;
    Ok(())
}
