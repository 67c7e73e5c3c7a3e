//! Deployments: create with parameters (nested JSON of every kind), read back, PATCH the
//! description to `null` (cleared) while the version, left out, stays; delete.

use prefect_client::models::{
    DeploymentCreate, DeploymentResponse, DeploymentUpdate, Flow, WorkPoolResponse,
};
use prefect_client::Nullable;
use specforge_runtime::serde_json::json;

use crate::check::{self, Outcome, Session};
use crate::lossless;

pub async fn scenario(
    s: &Session,
    flow: &Flow,
    pool: &WorkPoolResponse,
) -> Outcome<DeploymentResponse> {
    let c = &s.client;
    let parameters = json!({
        "who": "world",
        "n": 3,
        "ratio": 0.25,
        "nested": {"list": [1, 2.5, "x", null, true], "empty": {}},
    });
    // Built as a user would: the two required fields, then only what is set; its encoding
    // must be exactly the JSON the scenario means to send.
    let body = DeploymentCreate::new("specforge-live-deployment", flow.id.clone())
        .with_work_pool_name(&pool.name)
        .with_description("runs nightly")
        .with_version("1.0")
        .with_tags(vec!["live".into(), "test".into()])
        .with_parameters(check::body("parameters", parameters.clone())?);
    check::equal_json(
        "deployment as built",
        &body,
        &json!({
            "name": "specforge-live-deployment",
            "flow_id": flow.id,
            "work_pool_name": pool.name,
            "description": "runs nightly",
            "version": "1.0",
            "tags": ["live", "test"],
            "parameters": parameters,
        }),
    )?;
    let created = s.call(
        "create deployment",
        c.create_deployment(&Default::default(), &body).await,
    )?;
    let read = s.call(
        "read deployment",
        c.read_deployment(&created.id, &Default::default()).await,
    )?;
    check::equal("deployment flow", &read.flow_id, &flow.id)?;
    check::equal_json(
        "deployment work pool",
        &read.work_pool_name,
        &json!(pool.name),
    )?;
    check::equal_json(
        "deployment description",
        &read.description,
        &json!("runs nightly"),
    )?;
    check::equal_json("deployment version", &read.version, &json!("1.0"))?;
    check::equal_json("deployment tags", &read.tags, &json!(["live", "test"]))?;
    check::equal_json("deployment parameters", &read.parameters, &parameters)?;
    let path = format!("/deployments/{}", created.id);
    lossless::same_as_server(s, "deployment", &path, &read).await?;

    let update = DeploymentUpdate {
        description: Nullable::Null,
        ..Default::default()
    };
    check::equal_json("deployment update", &update, &json!({"description": null}))?;
    s.call(
        "patch deployment",
        c.update_deployment(&created.id, &Default::default(), &update)
            .await,
    )?;
    let read = s.call(
        "read patched deployment",
        c.read_deployment(&created.id, &Default::default()).await,
    )?;
    check::equal_json(
        "cleared deployment description",
        &read.description,
        &json!(null),
    )?;
    check::equal_json(
        "deployment version (left out)",
        &read.version,
        &json!("1.0"),
    )?;
    Ok(read)
}

pub async fn delete(s: &Session, deployment: &DeploymentResponse) -> Outcome<()> {
    let c = &s.client;
    s.call(
        "delete deployment",
        c.delete_deployment(&deployment.id, &Default::default())
            .await,
    )?;
    s.gone(
        "read deleted deployment",
        c.read_deployment(&deployment.id, &Default::default()).await,
    )
}
