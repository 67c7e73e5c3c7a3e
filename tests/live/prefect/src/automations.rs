//! Automations: actions are a union of 17 members told apart only by their pinned `type`
//! (`"pause-deployment"`, `"do-nothing"`, …). Each action must come back as the member that was
//! sent, with its fields; then the automation is disabled by PATCH and deleted.

use prefect_client::models::{
    AutomationAction, AutomationCreate, AutomationPartialUpdate, CompoundTriggerInputWithin,
    DeploymentResponse, DoNothing, EventTriggerInput, EventTriggerInputMatch,
    EventTriggerInputPosture, PauseAutomationSource, PauseDeployment, ResumeDeployment,
};
use prefect_client::Nullable;
use specforge_runtime::serde_json::json;

use crate::check::{self, Outcome, Session};
use crate::lossless;

pub async fn scenario(s: &Session, deployment: &DeploymentResponse) -> Outcome<()> {
    let c = &s.client;
    let written = json!({
        "name": "specforge-live-automation",
        "description": "pause the deployment when a run fails",
        "enabled": true,
        "tags": ["live"],
        "trigger": {
            "type": "event",
            "posture": "Reactive",
            "expect": ["prefect.flow-run.Failed"],
            "match": {"prefect.resource.id": "prefect.flow-run.*"},
            "threshold": 1,
            "within": 0.0,
        },
        "actions": [
            {"type": "pause-deployment", "source": "selected", "deployment_id": deployment.id},
            {"type": "do-nothing"},
        ],
        "actions_on_trigger": [],
        "actions_on_resolve": [
            {"type": "resume-deployment", "source": "selected", "deployment_id": deployment.id},
        ],
    });
    // Built as a user would: the required fields, the members of the action unions as they
    // are (each converts into the union; the generated code sets their `type` tags), then
    // only the optional fields set. Its encoding must be exactly `written`.
    let trigger = EventTriggerInput::new(EventTriggerInputPosture::Reactive)
        .with_expect(vec!["prefect.flow-run.Failed".into()])
        .with_match(check::body::<EventTriggerInputMatch>(
            "trigger match",
            written["trigger"]["match"].clone(),
        )?)
        .with_threshold(1)
        .with_within(CompoundTriggerInputWithin::Number(0.0));
    let pause = PauseDeployment::default()
        .with_source(PauseAutomationSource::Selected)
        .with_deployment_id(deployment.id.clone());
    let resume = ResumeDeployment::default()
        .with_source(PauseAutomationSource::Selected)
        .with_deployment_id(deployment.id.clone());
    let body = AutomationCreate::new(
        "specforge-live-automation",
        trigger,
        vec![pause.into(), DoNothing::default().into()],
    )
    .with_description("pause the deployment when a run fails")
    .with_enabled(true)
    .with_tags(vec!["live".into()])
    .with_actions_on_trigger(Vec::new())
    .with_actions_on_resolve(vec![resume.into()]);
    check::equal_json("automation as built", &body, &written)?;

    let created = s.call(
        "create automation",
        c.create_automation(&Default::default(), &body).await,
    )?;
    let read = s.call(
        "read automation",
        c.read_automation(&created.id, &Default::default()).await,
    )?;
    check::equal("automation name", &read.name, &body.name)?;
    match read.actions.as_slice() {
        [AutomationAction::PauseDeployment(pause), AutomationAction::DoNothing(_)] => check::equal(
            "paused deployment",
            &pause.deployment_id,
            &Nullable::Value(deployment.id.clone()),
        )?,
        other => {
            return Err(format!(
                "automation actions: expected [pause-deployment, do-nothing], read {other:?}"
            ))
        }
    }
    match read.actions_on_resolve.as_deref() {
        Some([AutomationAction::ResumeDeployment(resume)]) => check::equal(
            "resumed deployment",
            &resume.deployment_id,
            &Nullable::Value(deployment.id.clone()),
        )?,
        other => {
            return Err(format!(
                "automation actions on resolve: expected [resume-deployment], read {other:?}"
            ))
        }
    }
    lossless::same_as_server(
        s,
        "automation",
        &format!("/automations/{}", created.id),
        &read,
    )
    .await?;

    let disable = AutomationPartialUpdate::default().with_enabled(false);
    s.call(
        "disable automation",
        c.patch_automation(&created.id, &Default::default(), &disable)
            .await,
    )?;
    let read = s.call(
        "read disabled automation",
        c.read_automation(&created.id, &Default::default()).await,
    )?;
    check::equal_json("automation enabled", &read.enabled, &json!(false))?;

    s.call(
        "delete automation",
        c.delete_automation(&created.id, &Default::default()).await,
    )?;
    s.gone(
        "read deleted automation",
        c.read_automation(&created.id, &Default::default()).await,
    )
}
