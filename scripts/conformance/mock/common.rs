//! What every mock driver shares: the endpoint from the command line, and one JSON line per
//! call telling what the generated client made of the response (compared by the harness with
//! what the recording proxy saw Prism send).

use std::future::Future;

use serde::Serialize;
use specforge_runtime::{Config, Error, Response};

/// Prism listens on plain HTTP on 127.0.0.1.
pub fn config() -> Config {
    Config::default().with_allow_http(true)
}

/// The endpoint (the recording proxy in front of Prism), the first argument.
pub fn endpoint() -> String {
    std::env::args()
        .nth(1)
        .unwrap_or_else(|| "http://127.0.0.1:4010".to_owned())
}

/// Awaits one call of operation `op` and prints its outcome: the decoded body encoded again,
/// or the error.
pub async fn call<T: Serialize>(op: &str, call: impl Future<Output = Result<Response<T>, Error>>) {
    let line = match call.await {
        Ok(response) => match serde_json::to_value(response.body()) {
            Ok(decoded) => serde_json::json!({ "op": op, "ok": true, "decoded": decoded }),
            Err(e) => serde_json::json!({ "op": op, "ok": false, "error": format!("encoding: {e}") }),
        },
        Err(e) => serde_json::json!({ "op": op, "ok": false, "error": e.to_string() }),
    };
    println!("{line}");
}
