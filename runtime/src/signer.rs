//! The vendor's AK/SK request signing: `SDK-HMAC-SHA256` (the default), `SDK-HMAC-SM3` and
//! `V11-HMAC-SHA256` (see [`SigningAlgorithm`]).
//!
//! This follows the vendor's official Python SDK (`huaweicloudsdkcore/signer/signer.py`) step by
//! step; `runtime/tests/vectors/signing.json`, produced by that SDK, checks it byte for byte.
//! In short: a canonical request (method, path, sorted query, signed headers, body hash) is
//! hashed into a string to sign, which is signed with HMAC-SHA256 keyed by the secret key.

use percent_encoding::percent_decode_str;

use crate::credentials::AkSkCredentials;
use crate::encode::{encode_path_segment_canonical, encode_query_component};

mod algorithm;
pub use algorithm::SigningAlgorithm;

/// The default algorithm's name, which starts the string to sign and the `Authorization` header.
pub const ALGORITHM: &str = "SDK-HMAC-SHA256";
/// The header carrying the signing time, `YYYYMMDDTHHMMSSZ` in UTC.
pub const DATE_HEADER: &str = "X-Sdk-Date";
/// A header that, when present, replaces the body hash in the canonical request
/// (`X-Sdk-Content-Sm3` with `SDK-HMAC-SM3`).
pub const CONTENT_SHA256_HEADER: &str = "X-Sdk-Content-Sha256";

/// A request about to be signed. Header names keep their case; values are sent as given.
#[derive(Debug)]
pub struct SigningRequest<'a> {
    /// HTTP method, e.g. `PUT`.
    pub method: &'a str,
    /// `host` or `host:port`, as in the URL.
    pub host: &'a str,
    /// The path as it goes on the URL (path parameters already percent-encoded).
    pub path: &'a str,
    /// Query parameters, raw (not encoded); a list is given as repeated keys.
    pub query: &'a [(String, String)],
    /// The headers to send; signing adds `X-Sdk-Date`, `Host`, `Authorization` and, for a
    /// body that is not JSON, `X-Sdk-Content-Sha256`.
    pub headers: &'a mut Vec<(String, String)>,
    /// The exact body bytes to send.
    pub body: &'a [u8],
}

/// What signing produced; the intermediate steps are kept for tests and debugging.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// The canonical request that was hashed.
    pub canonical_request: String,
    /// The string that was signed.
    pub string_to_sign: String,
    /// The lower-case, `;`-separated names of the signed headers.
    pub signed_headers: String,
    /// The value of the `Authorization` header.
    pub authorization: String,
}

/// Signs `request` with the credentials' [`SigningAlgorithm`] and adds the signing headers to it.
///
/// `sdk_date` (`YYYYMMDDTHHMMSSZ`) is the signing time, unless the caller already set an
/// `X-Sdk-Date` header: then, as in the vendor's SDK, that header's value is signed.
pub fn sign(
    credentials: &AkSkCredentials,
    sdk_date: &str,
    request: SigningRequest<'_>,
) -> Signature {
    let algorithm = credentials.signing_algorithm();
    prepare_headers(&mut *request.headers, request.host, sdk_date, algorithm);
    let sdk_date = header_value(request.headers, DATE_HEADER)
        .unwrap_or(sdk_date)
        .to_owned();
    let signed = signed_header_names(request.headers);
    let canonical_request = [
        request.method.to_ascii_uppercase(),
        canonical_uri(request.path),
        canonical_query_string(request.query),
        canonical_headers(request.headers, &signed),
        signed.join(";"),
        payload_hash(request.headers, request.body, algorithm),
    ]
    .join("\n");
    let scope = algorithm.scope(&sdk_date);
    let name = algorithm.name();
    let canonical_hash = algorithm.hash_hex(canonical_request.as_bytes());
    let string_to_sign = match &scope {
        Some(scope) => format!("{name}\n{sdk_date}\n{scope}\n{canonical_hash}"),
        None => format!("{name}\n{sdk_date}\n{canonical_hash}"),
    };
    let access_key = credentials.access_key();
    let signature = algorithm.signature(
        access_key,
        credentials.secret_key().expose(),
        scope.as_deref(),
        &string_to_sign,
    );
    let signed_headers = signed.join(";");
    let credential = match &scope {
        Some(scope) => format!("Credential={access_key}/{scope}"),
        None => format!("Access={access_key}"),
    };
    let authorization =
        format!("{name} {credential}, SignedHeaders={signed_headers}, Signature={signature}");
    request
        .headers
        .push(("Authorization".to_owned(), authorization.clone()));
    Signature {
        canonical_request,
        string_to_sign,
        signed_headers,
        authorization,
    }
}

/// The current time in the `X-Sdk-Date` format.
pub fn sdk_date_now() -> String {
    let now = time::OffsetDateTime::now_utc();
    let format = time::macros::format_description!("[year][month][day]T[hour][minute][second]Z");
    // Formatting a UTC date with fixed numeric components cannot fail; fall back to a valid
    // epoch date rather than panic if it ever did.
    now.format(&format)
        .unwrap_or_else(|_| "19700101T000000Z".to_owned())
}

/// The query string the SDK both signs and sends: pairs sorted by key then value, each part
/// percent-encoded so that only `A-Z a-z 0-9 - _ . ~` stay literal, an empty value as `k=`.
pub fn canonical_query_string(query: &[(String, String)]) -> String {
    let mut pairs: Vec<&(String, String)> = query.iter().collect();
    pairs.sort();
    pairs
        .iter()
        .map(|(k, v)| {
            format!(
                "{}={}",
                encode_query_component(k),
                encode_query_component(v)
            )
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// Adds the headers the signature covers that the caller did not set.
fn prepare_headers(
    headers: &mut Vec<(String, String)>,
    host: &str,
    sdk_date: &str,
    algorithm: &SigningAlgorithm,
) {
    let content_hash_header = algorithm.content_hash_header();
    let content_type = header_value(headers, "content-type").map(str::to_owned);
    if let Some(content_type) = content_type {
        let is_json = content_type.starts_with("application/json")
            || content_type.starts_with("application/bson");
        if !is_json && header_value(headers, content_hash_header).is_none() {
            headers.push((
                content_hash_header.to_owned(),
                "UNSIGNED-PAYLOAD".to_owned(),
            ));
        }
    }
    if header_value(headers, DATE_HEADER).is_none() {
        headers.push((DATE_HEADER.to_owned(), sdk_date.to_owned()));
    }
    if header_value(headers, "host").is_none() {
        headers.push(("Host".to_owned(), host.to_owned()));
    }
}

/// The value of the first header named `name`, compared case-insensitively.
fn header_value<'h>(headers: &'h [(String, String)], name: &str) -> Option<&'h str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// Every header whose name has no `_`, lower-cased and sorted (the SDK sends `_` headers unsigned).
fn signed_header_names(headers: &[(String, String)]) -> Vec<String> {
    let mut names: Vec<String> = headers
        .iter()
        .map(|(k, _)| k.to_ascii_lowercase())
        .filter(|k| !k.contains('_'))
        .collect();
    names.sort();
    names.dedup();
    names
}

/// `name:value` per signed header, values trimmed, each line ending in `\n`.
fn canonical_headers(headers: &[(String, String)], signed: &[String]) -> String {
    signed
        .iter()
        .map(|name| {
            let value = header_value(headers, name).unwrap_or_default();
            format!("{name}:{}\n", value.trim())
        })
        .collect()
}

/// The path decoded, then re-encoded segment by segment, always ending in `/`.
fn canonical_uri(path: &str) -> String {
    let decoded = percent_decode_str(path).decode_utf8_lossy();
    let mut uri = decoded
        .split('/')
        .map(encode_path_segment_canonical)
        .collect::<Vec<_>>()
        .join("/");
    if !uri.ends_with('/') {
        uri.push('/');
    }
    uri
}

/// Lower-hex hash of the body, or the `X-Sdk-Content-Sha256` (`-Sm3`) value when one is set.
fn payload_hash(headers: &[(String, String)], body: &[u8], algorithm: &SigningAlgorithm) -> String {
    if body.is_empty() {
        return algorithm.hash_hex(b"");
    }
    match header_value(headers, algorithm.content_hash_header()) {
        Some(value) => value.to_owned(),
        None => algorithm.hash_hex(body),
    }
}
