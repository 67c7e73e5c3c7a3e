//! The scenario's checks: each call is counted, each failure names the step and what differed.

use std::cell::Cell;
use std::fmt::Debug;
use std::time::Duration;

use prefect_client::{Client, Config, Error, Response};
use specforge_runtime::serde::de::DeserializeOwned;
use specforge_runtime::serde::Serialize;
use specforge_runtime::serde_json::{self, Value};

pub type Outcome<T> = Result<T, String>;

/// The generated client, a plain HTTP client for raw reads, and the number of calls made.
pub struct Session {
    pub client: Client,
    raw: reqwest::Client,
    base: String,
    calls: Cell<usize>,
}

impl Session {
    /// `server` is the server's root (`http://127.0.0.1:PORT`): the client joins the spec's
    /// relative server URL (`/api`) to it; raw reads name `/api` themselves.
    pub fn connect(server: &str) -> Outcome<Self> {
        let server = server.trim_end_matches('/');
        let config = Config::default()
            .with_allow_http(true)
            .with_timeout(Duration::from_secs(30));
        let client = Client::builder()
            .endpoint(server)
            .config(config)
            .build()
            .map_err(|e| format!("building the client for {server}: {e}"))?;
        let raw = reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .build()
            .map_err(|e| format!("building the raw HTTP client: {e}"))?;
        Ok(Self {
            client,
            raw,
            base: format!("{server}/api"),
            calls: Cell::new(0),
        })
    }

    pub fn calls(&self) -> usize {
        self.calls.get()
    }

    /// The body of a call that must succeed.
    pub fn call<T>(&self, step: &str, result: Result<Response<T>, Error>) -> Outcome<T> {
        self.calls.set(self.calls.get() + 1);
        result
            .map(Response::into_body)
            .map_err(|e| format!("{step}: {e}"))
    }

    /// A call that must fail with 404 (the thing was deleted).
    pub fn gone<T: Debug>(&self, step: &str, result: Result<Response<T>, Error>) -> Outcome<()> {
        self.calls.set(self.calls.get() + 1);
        match result {
            Err(e) if e.status().map(u16::from) == Some(404) => Ok(()),
            Err(e) => Err(format!("{step}: expected 404, got {e}")),
            Ok(response) => Err(format!(
                "{step}: expected 404, got {} with {:?}",
                response.status(),
                response.body()
            )),
        }
    }

    /// The server's JSON for `GET {base}{path}`, read without the generated client.
    pub async fn raw_get(&self, path: &str) -> Outcome<Value> {
        self.calls.set(self.calls.get() + 1);
        let url = format!("{}{path}", self.base);
        let response = self
            .raw
            .get(&url)
            .send()
            .await
            .map_err(|e| format!("GET {url}: {e}"))?;
        let status = response.status();
        if !status.is_success() {
            return Err(format!("GET {url}: status {status}"));
        }
        let bytes = response
            .bytes()
            .await
            .map_err(|e| format!("GET {url}: reading the body: {e}"))?;
        serde_json::from_slice(&bytes).map_err(|e| format!("GET {url}: body is not JSON: {e}"))
    }
}

/// What was read back equals what was written.
pub fn equal<T: PartialEq + Debug + ?Sized>(what: &str, got: &T, want: &T) -> Outcome<()> {
    if got == want {
        Ok(())
    } else {
        Err(format!("{what}: read back {got:?}, wrote {want:?}"))
    }
}

/// What was read back, as JSON, is `want` (for fields whose Rust type is beside the point).
pub fn equal_json<T: Serialize + ?Sized>(what: &str, got: &T, want: &Value) -> Outcome<()> {
    let got = serde_json::to_value(got).map_err(|e| format!("{what}: encoding failed: {e}"))?;
    equal(what, &got, want)
}

/// A request body of a generated type, built from JSON: it must decode, and encode back to
/// exactly that JSON (a `null` the body carries must be sent, not dropped).
pub fn body<T: DeserializeOwned + Serialize>(what: &str, json: Value) -> Outcome<T> {
    let body: T = serde_json::from_value(json.clone())
        .map_err(|e| format!("{what}: the generated type rejects the body: {e}"))?;
    equal_json(&format!("{what} as sent"), &body, &json)?;
    Ok(body)
}
