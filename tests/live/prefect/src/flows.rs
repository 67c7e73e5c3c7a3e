//! Flows: create, read by ID and by name, PATCH the tags, delete.

use prefect_client::models::{Flow, FlowCreate, FlowUpdate};

use specforge_runtime::serde_json::json;

use crate::check::{self, Outcome, Session};
use crate::lossless;

pub async fn scenario(s: &Session) -> Outcome<Flow> {
    let c = &s.client;
    let name = format!("specforge-live-flow-{}", std::process::id());
    let tags = vec!["etl".to_owned(), "nightly".to_owned()];
    let body: FlowCreate = check::body("flow", json!({"name": name, "tags": tags}))?;
    let created = s.call(
        "create flow",
        c.create_flow(&Default::default(), &body).await,
    )?;
    check::equal("created flow name", &created.name, &name)?;
    check::equal("created flow tags", &created.tags, &Some(tags))?;

    let read = s.call(
        "read flow",
        c.read_flow(&created.id, &Default::default()).await,
    )?;
    check::equal("flow read by ID", &read, &created)?;
    lossless::same_as_server(s, "flow", &format!("/flows/{}", created.id), &read).await?;

    let by_name = s.call(
        "read flow by name",
        c.read_flow_by_name(&name, &Default::default()).await,
    )?;
    check::equal("flow read by name: ID", &by_name.id, &created.id)?;

    let retagged = vec!["weekly".to_owned()];
    let update = FlowUpdate {
        tags: Some(retagged.clone()),
    };
    s.call(
        "patch flow tags",
        c.update_flow(&created.id, &Default::default(), &update)
            .await,
    )?;
    let read = s.call(
        "read patched flow",
        c.read_flow(&created.id, &Default::default()).await,
    )?;
    check::equal("patched flow tags", &read.tags, &Some(retagged))?;
    check::equal("patched flow name (untouched)", &read.name, &name)?;
    Ok(read)
}

pub async fn delete(s: &Session, flow: &Flow) -> Outcome<()> {
    let c = &s.client;
    s.call(
        "delete flow",
        c.delete_flow(&flow.id, &Default::default()).await,
    )?;
    s.gone(
        "read deleted flow",
        c.read_flow(&flow.id, &Default::default()).await,
    )
}
