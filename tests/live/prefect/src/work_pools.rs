//! Work pools: create with a description and a concurrency limit, PATCH both to `null`
//! (cleared, not left out), delete.

use prefect_client::models::{WorkPoolCreate, WorkPoolResponse, WorkPoolUpdate};
use prefect_client::Nullable;

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
        c.create_work_pool(&Default::default(), &body).await,
    )?;
    check::equal("created pool name", &created.name, &name)?;
    check::equal("created pool type", created.type_.as_str(), "process")?;

    let read = s.call(
        "read work pool",
        c.read_work_pool(&name, &Default::default()).await,
    )?;
    check::equal(
        "pool description",
        &read.description,
        &Nullable::Value("first description".to_owned()),
    )?;
    check::equal(
        "pool concurrency limit",
        &read.concurrency_limit,
        &Nullable::Value(3),
    )?;
    lossless::same_as_server(s, "work pool", &format!("/work_pools/{name}"), &read).await?;

    // Clearing: both fields sent as `null`; leaving them out would keep the old values.
    let clear = WorkPoolUpdate {
        description: Nullable::Null,
        concurrency_limit: Nullable::Null,
        is_paused: Nullable::Value(true),
        ..WorkPoolUpdate::default()
    };
    check::equal_json(
        "work pool update as sent",
        &clear,
        &json!({"description": null, "concurrency_limit": null, "is_paused": true}),
    )?;
    s.call(
        "patch work pool",
        c.update_work_pool(&name, &Default::default(), &clear).await,
    )?;
    let read = s.call(
        "read patched work pool",
        c.read_work_pool(&name, &Default::default()).await,
    )?;
    check::equal(
        "cleared pool description",
        &read.description,
        &Nullable::Null,
    )?;
    check::equal(
        "cleared pool concurrency limit",
        &read.concurrency_limit,
        &Nullable::Null,
    )?;
    check::equal("paused pool", &read.is_paused, &Some(true))?;
    Ok(read)
}

pub async fn delete(s: &Session, pool: &WorkPoolResponse) -> Outcome<()> {
    let c = &s.client;
    s.call(
        "delete work pool",
        c.delete_work_pool(&pool.name, &Default::default()).await,
    )?;
    s.gone(
        "read deleted work pool",
        c.read_work_pool(&pool.name, &Default::default()).await,
    )
}
