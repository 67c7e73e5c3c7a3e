//! Deployments: create with parameters (nested JSON of every kind), read back, PATCH the
//! description to `null`, delete.

use prefect_client::models::{
    DeploymentCreate, DeploymentResponse, DeploymentUpdate, Flow, WorkPoolResponse,
};
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
    let body: DeploymentCreate = check::body(
        "deployment",
        json!({
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
        c.create_deployment_deployments_post(&Default::default(), &body)
            .await,
    )?;
    let read = s.call(
        "read deployment",
        c.read_deployment_deployments_id_get(&created.id, &Default::default())
            .await,
    )?;
    check::equal("deployment flow", &read.flow_id, &flow.id)?;
    check::equal(
        "deployment work pool",
        &read.work_pool_name,
        &Some(pool.name.clone()),
    )?;
    check::equal(
        "deployment description",
        &read.description,
        &body.description,
    )?;
    check::equal("deployment version", &read.version, &body.version)?;
    check::equal("deployment tags", &read.tags, &body.tags)?;
    check::equal("deployment parameters", &read.parameters, &body.parameters)?;
    lossless::same_as_server(
        s,
        "deployment",
        &format!("/deployments/{}", created.id),
        &read,
    )
    .await?;

    // Clearing the description: sent as `null`; the version is left out and must stay.
    let update: DeploymentUpdate = check::body("deployment update", json!({}))?;
    let update = DeploymentUpdate {
        description: None,
        ..update
    };
    s.call(
        "patch deployment",
        c.update_deployment_deployments_id_patch(&created.id, &Default::default(), &update)
            .await,
    )?;
    let read = s.call(
        "read patched deployment",
        c.read_deployment_deployments_id_get(&created.id, &Default::default())
            .await,
    )?;
    check::equal("cleared deployment description", &read.description, &None)?;
    check::equal(
        "deployment version (left out)",
        &read.version,
        &body.version,
    )?;
    Ok(read)
}

pub async fn delete(s: &Session, deployment: &DeploymentResponse) -> Outcome<()> {
    let c = &s.client;
    s.call(
        "delete deployment",
        c.delete_deployment_deployments_id_delete(&deployment.id, &Default::default())
            .await,
    )?;
    s.gone(
        "read deleted deployment",
        c.read_deployment_deployments_id_get(&deployment.id, &Default::default())
            .await,
    )
}
