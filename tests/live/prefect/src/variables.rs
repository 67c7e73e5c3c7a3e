//! Variables: the value is a union of every JSON type. A nested object is written and read
//! back, replaced by a number, then set to `null` (not left out); then the variable is deleted.

use prefect_client::models::{VariableCreate, VariableUpdate};
use specforge_runtime::serde_json::{json, Value};

use crate::check::{self, Outcome, Session};
use crate::lossless;

pub async fn scenario(s: &Session) -> Outcome<()> {
    let c = &s.client;
    let name = format!("specforge_live_{}", std::process::id());
    let value = json!({"threshold": 0.5, "hosts": ["a", "b"], "retries": 3});
    let body: VariableCreate = check::body(
        "variable",
        json!({"name": name, "value": value, "tags": ["live"]}),
    )?;
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
    check::equal_json("variable tags", &read.tags, &json!(["live"]))?;
    check::equal_json("variable value", &read.value, &value)?;
    let path = format!("/variables/{}", created.id);
    lossless::same_as_server(s, "variable", &path, &read).await?;

    for (step, new_value) in [("a number", json!(42)), ("null", Value::Null)] {
        let update: VariableUpdate = check::body(
            &format!("variable update to {step}"),
            json!({"value": new_value}),
        )?;
        s.call(
            &format!("patch variable value to {step}"),
            c.update_variable_variables_id_patch(&created.id, &Default::default(), &update)
                .await,
        )?;
        let read = s.call(
            &format!("read variable patched to {step}"),
            c.read_variable_variables_id_get(&created.id, &Default::default())
                .await,
        )?;
        check::equal_json(&format!("variable value ({step})"), &read.value, &new_value)?;
        check::equal("variable name (left out)", &read.name, &name)?;
    }

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
