//! Variables: a JSON value (a union of every JSON type) written, read back, replaced, set to
//! `null`; then deleted.

use prefect_client::models::{
    VariableCreate, VariableCreateValue, VariableUpdate, VariableUpdateValue, VariableValue,
};

use crate::check::{self, Outcome, Session};
use crate::lossless;

pub async fn scenario(s: &Session) -> Outcome<()> {
    let c = &s.client;
    let name = format!("specforge_live_{}", std::process::id());
    let value: VariableCreateValue = check::body(
        "variable value",
        specforge_runtime::serde_json::json!({"threshold": 0.5, "hosts": ["a", "b"], "retries": 3}),
    )?;
    let body = VariableCreate {
        name: name.clone(),
        value: Some(value),
        tags: Some(vec!["live".to_owned()]),
    };
    let created = s.call(
        "create variable",
        c.create_variable_variables_post(&Default::default(), &body)
            .await,
    )?;
    let read = s.call(
        "read variable by name",
        c.read_variable_by_name_variables_name_name_get(&name, &Default::default())
            .await,
    )?;
    check::equal("variable ID", &read.id, &created.id)?;
    check::equal("variable tags", &read.tags, &body.tags)?;
    let as_json =
        specforge_runtime::serde_json::to_value(&read.value).map_err(|e| e.to_string())?;
    let sent = specforge_runtime::serde_json::to_value(&body.value).map_err(|e| e.to_string())?;
    check::equal("variable value", &as_json, &sent)?;
    lossless::same_as_server(s, "variable", &format!("/variables/{}", created.id), &read).await?;

    let update = VariableUpdate {
        value: Some(VariableUpdateValue::Integer(42)),
        ..VariableUpdate::default()
    };
    s.call(
        "patch variable value",
        c.update_variable_variables_id_patch(&created.id, &Default::default(), &update)
            .await,
    )?;
    let read = s.call(
        "read patched variable",
        c.read_variable_variables_id_get(&created.id, &Default::default())
            .await,
    )?;
    check::equal(
        "patched variable value",
        &read.value,
        &Some(VariableValue::Integer(42)),
    )?;
    check::equal("variable name (left out)", &read.name, &name)?;

    s.call(
        "delete variable",
        c.delete_variable_variables_id_delete(&created.id, &Default::default())
            .await,
    )?;
    s.gone(
        "read deleted variable",
        c.read_variable_variables_id_get(&created.id, &Default::default())
            .await,
    )
}
