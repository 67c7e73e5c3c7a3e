//! Decoding loses nothing: the generated type, encoded again, is the server's JSON.

use specforge_runtime::serde::Serialize;
use specforge_runtime::serde_json::{self, Value};

use crate::check::{Outcome, Session};

/// Reads `path` raw and compares it with `decoded` (what the generated client returned for the
/// same resource), member by member; every difference is listed by its JSON pointer.
pub async fn same_as_server<T: Serialize>(
    session: &Session,
    what: &str,
    path: &str,
    decoded: &T,
) -> Outcome<()> {
    let raw = session.raw_get(path).await?;
    let encoded =
        serde_json::to_value(decoded).map_err(|e| format!("{what}: re-encoding failed: {e}"))?;
    let mut differences = Vec::new();
    compare("", &raw, &encoded, &mut differences);
    if differences.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{what}: decoding lost or changed data (server vs re-encoded): {}",
            differences.join("; ")
        ))
    }
}

fn compare(pointer: &str, server: &Value, ours: &Value, out: &mut Vec<String>) {
    match (server, ours) {
        (Value::Object(a), Value::Object(b)) => {
            for (key, value) in a {
                let child = format!("{pointer}/{}", escape(key));
                match b.get(key) {
                    Some(other) => compare(&child, value, other, out),
                    None => out.push(format!("{child} missing (server sent {value})")),
                }
            }
            for key in b.keys().filter(|key| !a.contains_key(*key)) {
                out.push(format!("{pointer}/{} added", escape(key)));
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (index, (x, y)) in a.iter().zip(b).enumerate() {
                compare(&format!("{pointer}/{index}"), x, y, out);
            }
        }
        _ if server == ours => {}
        _ => out.push(format!(
            "{pointer}: server sent {server}, re-encoded {ours}"
        )),
    }
}

fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}
