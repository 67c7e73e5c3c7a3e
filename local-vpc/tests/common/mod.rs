//! Test helpers: a small, hand-written `SDK-HMAC-SHA256` signer (deliberately not the
//! server's code) and a reqwest wrapper that signs every request like the vendor's
//! Python SDK (ref §3): signed headers `content-type;host;x-project-id;x-sdk-date`.

#![allow(dead_code)] // each test binary uses a different subset

use std::time::{SystemTime, UNIX_EPOCH};

use hmac::{Hmac, Mac};
use local_vpc::{LocalVpc, Options};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

/// `A-Z a-z 0-9 - _ . ~` stay as they are; everything else is %XX.
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// A response, with the body parsed as JSON (`Null` when empty).
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
    pub raw: Vec<u8>,
}

impl Reply {
    /// A header's value as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }

    /// Asserts a vendor error: status, `error_code`, the message containing `needle`, and
    /// the body's `request_id` equal to the `X-Request-Id` header.
    #[track_caller]
    pub fn assert_error(&self, status: u16, code: &str, needle: &str) {
        assert_eq!(self.status, status, "{}", self.body);
        assert_eq!(self.body["error_code"], code, "{}", self.body);
        let message = self.body["error_msg"].as_str().unwrap_or_default();
        assert!(
            message.contains(needle),
            "{message:?} should mention {needle:?}"
        );
        assert_eq!(
            self.body["request_id"].as_str(),
            self.header("x-request-id")
        );
    }
}

/// One request to send; `Api::send` signs it unless `sk` is `None`.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: &'static str,
    /// Path after the host, already percent-encoded where needed.
    pub path: String,
    /// Decoded query pairs; sent sorted and encoded, as the SDK does.
    pub query: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub content_type: Option<&'static str>,
    pub project_header: String,
    pub sk: Option<String>,
    /// Overrides `X-Sdk-Date` (e.g. a stale one).
    pub sdk_date: Option<String>,
    /// Bytes to send instead of the signed `body` (a tampered request).
    pub sent_body: Option<Vec<u8>>,
}

/// A signing client for one `LocalVpc`.
pub struct Api {
    pub http: reqwest::Client,
    pub base: String,
    pub host: String,
    pub options: Options,
}

impl Api {
    /// A client with the default credentials.
    pub fn new(vpc: &LocalVpc) -> Self {
        Self::with_options(vpc, Options::default())
    }

    /// A client with the given credentials.
    pub fn with_options(vpc: &LocalVpc, options: Options) -> Self {
        let base = vpc.base_url();
        let host = base.trim_start_matches("http://").to_owned();
        Api {
            http: reqwest::Client::new(),
            base,
            host,
            options,
        }
    }

    /// `/v3/{project}/vpc/{rest}`.
    pub fn path(&self, rest: &str) -> String {
        format!("/v3/{}/vpc/{rest}", self.options.project_id)
    }

    /// A request as the SDK would make it: JSON content type, correct project and key.
    pub fn request(&self, method: &'static str, rest: &str) -> Request {
        Request {
            method,
            path: self.path(rest),
            query: Vec::new(),
            body: Vec::new(),
            content_type: Some("application/json"),
            project_header: self.options.project_id.clone(),
            sk: Some(self.options.sk.clone()),
            sdk_date: None,
            sent_body: None,
        }
    }

    pub async fn get(&self, rest: &str, query: &[(&str, &str)]) -> Reply {
        let mut request = self.request("GET", rest);
        request.query = query
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        self.send(request).await.expect("request sent")
    }

    pub async fn post(&self, rest: &str, body: Value) -> Reply {
        self.with_body("POST", rest, body).await
    }

    pub async fn put(&self, rest: &str, body: Value) -> Reply {
        self.with_body("PUT", rest, body).await
    }

    pub async fn delete(&self, rest: &str) -> Reply {
        self.send(self.request("DELETE", rest))
            .await
            .expect("request sent")
    }

    async fn with_body(&self, method: &'static str, rest: &str, body: Value) -> Reply {
        let mut request = self.request(method, rest);
        request.body = body.to_string().into_bytes();
        self.send(request).await.expect("request sent")
    }

    /// Signs (unless `sk` is `None`) and sends a request.
    pub async fn send(&self, request: Request) -> Result<Reply, reqwest::Error> {
        let query = canonical_query(&request.query);
        let url = match query.as_str() {
            "" => format!("{}{}", self.base, request.path),
            q => format!("{}{}?{q}", self.base, request.path),
        };
        let date = request.sdk_date.clone().unwrap_or_else(sdk_date_now);
        let mut headers = vec![
            ("host", self.host.clone()),
            ("x-project-id", request.project_header.clone()),
            ("x-sdk-date", date.clone()),
        ];
        if let Some(content_type) = request.content_type {
            headers.push(("content-type", content_type.to_owned()));
        }
        headers.sort();
        let method = reqwest::Method::from_bytes(request.method.as_bytes()).expect("method");
        let sent = request
            .sent_body
            .clone()
            .unwrap_or_else(|| request.body.clone());
        let mut builder = self.http.request(method, url).body(sent);
        if let Some(sk) = &request.sk {
            let authorization =
                authorization(&self.options.ak, sk, &request, &query, &headers, &date);
            builder = builder.header("authorization", authorization);
        }
        for (name, value) in &headers {
            builder = builder.header(*name, value);
        }
        let response = builder.send().await?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let raw = response.bytes().await?.to_vec();
        let body = serde_json::from_slice(&raw).unwrap_or(Value::Null);
        Ok(Reply {
            status,
            headers,
            body,
            raw,
        })
    }
}

/// `SDK-HMAC-SHA256 Access=.., SignedHeaders=.., Signature=..` over the canonical request.
fn authorization(
    ak: &str,
    sk: &str,
    request: &Request,
    query: &str,
    headers: &[(&str, String)],
    date: &str,
) -> String {
    let names: Vec<&str> = headers.iter().map(|(name, _)| *name).collect();
    let mut canonical = format!("{}\n{}/\n{query}\n", request.method, request.path);
    for (name, value) in headers {
        canonical.push_str(&format!("{name}:{}\n", value.trim()));
    }
    canonical.push_str(&format!(
        "\n{}\n{}",
        names.join(";"),
        hex::encode(Sha256::digest(&request.body))
    ));
    let to_sign = format!(
        "SDK-HMAC-SHA256\n{date}\n{}",
        hex::encode(Sha256::digest(canonical.as_bytes()))
    );
    let mut mac = Hmac::<Sha256>::new_from_slice(sk.as_bytes()).expect("any key length");
    mac.update(to_sign.as_bytes());
    let signature = hex::encode(mac.finalize().into_bytes());
    format!(
        "SDK-HMAC-SHA256 Access={ak}, SignedHeaders={}, Signature={signature}",
        names.join(";")
    )
}

/// Sorted `k=v` pairs, each side encoded with the unreserved set.
fn canonical_query(pairs: &[(String, String)]) -> String {
    let mut pairs = pairs.to_vec();
    pairs.sort();
    pairs
        .iter()
        .map(|(k, v)| {
            format!(
                "{}={}",
                utf8_percent_encode(k, UNRESERVED),
                utf8_percent_encode(v, UNRESERVED)
            )
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// Now as `YYYYMMDDTHHMMSSZ`.
pub fn sdk_date_now() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("after 1970")
        .as_secs() as i64;
    sdk_date(secs)
}

/// Unix seconds as `YYYYMMDDTHHMMSSZ` (civil-from-days, H. Hinnant).
pub fn sdk_date(secs: i64) -> String {
    let days = secs.div_euclid(86_400) + 719_468;
    let era = days.div_euclid(146_097);
    let doe = days - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let t = secs.rem_euclid(86_400);
    format!(
        "{year:04}{month:02}{day:02}T{:02}{:02}{:02}Z",
        t / 3600,
        t % 3600 / 60,
        t % 60
    )
}

/// Starts a server with default options.
pub async fn start() -> LocalVpc {
    LocalVpc::start(Options::default())
        .await
        .expect("bind 127.0.0.1:0")
}

/// Creates a filter and returns its id.
pub async fn create_filter(api: &Api, name: &str) -> String {
    let reply = api
        .post(
            "traffic-mirror-filters",
            json!({"traffic_mirror_filter": {"name": name}}),
        )
        .await;
    assert_eq!(reply.status, 201, "{}", reply.body);
    reply.body["traffic_mirror_filter"]["id"]
        .as_str()
        .expect("id")
        .to_owned()
}

/// A valid create-session body for `filter_id` with the given sources.
pub fn session_body(name: &str, filter_id: &str, sources: &[&str]) -> Value {
    json!({"traffic_mirror_session": {
        "name": name,
        "traffic_mirror_filter_id": filter_id,
        "traffic_mirror_sources": sources,
        "traffic_mirror_target_id": "8a8b5b42-3e0c-4bbc-9a7b-1e3f0c2d4e5f",
        "traffic_mirror_target_type": "eni",
        "priority": 6,
    }})
}

/// Creates a session and returns its id.
pub async fn create_session(api: &Api, name: &str, filter_id: &str, sources: &[&str]) -> String {
    let reply = api
        .post(
            "traffic-mirror-sessions",
            session_body(name, filter_id, sources),
        )
        .await;
    assert_eq!(reply.status, 201, "{}", reply.body);
    reply.body["traffic_mirror_session"]["id"]
        .as_str()
        .expect("id")
        .to_owned()
}

/// A valid create-rule body.
pub fn rule_body(filter_id: &str, direction: &str) -> Value {
    json!({"traffic_mirror_filter_rule": {
        "traffic_mirror_filter_id": filter_id,
        "direction": direction,
        "protocol": "TCP",
        "ethertype": "IPv4",
        "action": "accept",
        "priority": 10,
        "source_cidr_block": "10.0.0.0/24",
        "destination_port_range": "80-200",
    }})
}

/// Creates a rule and returns its id.
pub async fn create_rule(api: &Api, filter_id: &str, direction: &str) -> String {
    let reply = api
        .post(
            "traffic-mirror-filter-rules",
            rule_body(filter_id, direction),
        )
        .await;
    assert_eq!(reply.status, 201, "{}", reply.body);
    reply.body["traffic_mirror_filter_rule"]["id"]
        .as_str()
        .expect("id")
        .to_owned()
}
