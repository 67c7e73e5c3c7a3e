//! Work pools: create with a description and a concurrency limit, PATCH both to `null`
//! (cleared, not left out), delete.

use prefect_client::models::{WorkPoolCreate, WorkPoolResponse, WorkPoolUpdate};

use specforge_runtime::serde_json::json;

use crate::check::{self, Outcome, Session};
use crate::lossless;

pub async fn scenario(s: &Session) -> Outcome<WorkPoolResponse> {
    let c = &s.client;
    let name = format!("specforge-live-pool-{}", std::process::id());
    let body: WorkPoolCreate = check::body(
        "work pool",
        json!({
            "name": name,
            "description": "first description",
            "type": "process",
            "concurrency_limit": 3,
        }),
    )?;
    let created = s.call(
        "create work pool",
        c.create_work_pool_work_pools_post(&Default::default(), &body)
            .await,
    )?;
    check::equal("created pool name", &created.name, &name)?;
    check::equal("created pool type", created.type_.as_str(), "process")?;

    let read = s.call(
        "read work pool",
        c.read_work_pool_work_pools_name_get(&name, &Default::default())
            .await,
    )?;
    check::equal_json(
        "pool description",
        &read.description,
        &json!("first description"),
    )?;
    check::equal_json("pool concurrency limit", &read.concurrency_limit, &json!(3))?;
    lossless::same_as_server(s, "work pool", &format!("/work_pools/{name}"), &read).await?;

    // Clearing: both fields sent as `null`; leaving them out would keep the old values.
    let clear: WorkPoolUpdate = check::body(
        "work pool update",
        json!({"description": null, "concurrency_limit": null, "is_paused": true}),
    )?;
    s.call(
        "patch work pool",
        c.update_work_pool_work_pools_name_patch(&name, &Default::default(), &clear)
            .await,
    )?;
    let read = s.call(
        "read patched work pool",
        c.read_work_pool_work_pools_name_get(&name, &Default::default())
            .await,
    )?;
    check::equal_json("cleared pool description", &read.description, &json!(null))?;
    check::equal_json(
        "cleared pool concurrency limit",
        &read.concurrency_limit,
        &json!(null),
    )?;
    check::equal_json("paused pool", &read.is_paused, &json!(true))?;
    Ok(read)
}

pub async fn delete(s: &Session, pool: &WorkPoolResponse) -> Outcome<()> {
    let c = &s.client;
    s.call(
        "delete work pool",
        c.delete_work_pool_work_pools_name_delete(&pool.name, &Default::default())
            .await,
    )?;
    s.gone(
        "read deleted work pool",
        c.read_work_pool_work_pools_name_get(&pool.name, &Default::default())
            .await,
    )
}
