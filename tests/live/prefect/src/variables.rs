//! Variables: the value is a union of every JSON type. A nested object is written and read
//! back, replaced by a number, then set to `null` (not left out); then the variable is deleted.

use prefect_client::models::{VariableCreate, VariableUpdate, VariableValue};
use prefect_client::Nullable;
use specforge_runtime::serde_json::json;

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
        c.create_variable(&Default::default(), &body).await,
    )?;
    let read = s.call(
        "read variable by name",
        c.read_variable_by_name(&name, &Default::default()).await,
    )?;
    check::equal("variable ID", &read.id, &created.id)?;
    check::equal_json("variable tags", &read.tags, &json!(["live"]))?;
    check::equal_json("variable value", &read.value, &value)?;
    let path = format!("/variables/{}", created.id);
    lossless::same_as_server(s, "variable", &path, &read).await?;

    // Replaced by a number, then cleared: `null` is sent, the name (left out) stays.
    let steps = [
        (
            "a number",
            Nullable::Value(VariableValue::Integer(42)),
            Some(VariableValue::Integer(42)),
        ),
        ("null", Nullable::Null, None),
    ];
    for (step, sent, want) in steps {
        let update = VariableUpdate {
            value: sent,
            ..VariableUpdate::default()
        };
        s.call(
            &format!("patch variable value to {step}"),
            c.update_variable(&created.id, &Default::default(), &update)
                .await,
        )?;
        let read = s.call(
            &format!("read variable patched to {step}"),
            c.read_variable(&created.id, &Default::default()).await,
        )?;
        check::equal(&format!("variable value ({step})"), &read.value, &want)?;
        check::equal("variable name (left out)", &read.name, &name)?;
    }

    s.call(
        "delete variable",
        c.delete_variable(&created.id, &Default::default()).await,
    )?;
    s.gone(
        "read deleted variable",
        c.read_variable(&created.id, &Default::default()).await,
    )
}
