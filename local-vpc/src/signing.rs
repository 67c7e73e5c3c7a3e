//! `SDK-HMAC-SHA256` signature verification, as the API gateway does it.
//!
//! Written from the algorithm description (ref §3 and §2 "Signing guide"), independently
//! of any client's signer: nothing here may be shared with, or copied from, a client
//! runtime, so that a client's signing bug cannot be mirrored here and go unnoticed.

use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue};
use hmac::{Hmac, Mac};
use percent_encoding::{percent_decode_str, percent_encode, AsciiSet, NON_ALPHANUMERIC};
use sha2::{Digest, Sha256};

use crate::errors::ApiError;
use crate::time::{parse_sdk_date, unix_now};

/// Characters the vendor's signer leaves unescaped: `A-Z a-z 0-9 - _ . ~` (ref §3 step 7).
/// Everything else is percent-encoded with upper-case hex.
const SIGNING_UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// The only signing algorithm the gateway accepts here (the SDK default, ref §3).
const ALGORITHM: &str = "SDK-HMAC-SHA256";

/// How far `X-Sdk-Date` may be from the server clock, in seconds (15 minutes): what stops
/// a captured request from being replayed later.
const MAX_CLOCK_SKEW_SECS: i64 = 15 * 60;

/// Message the gateway uses when the recomputed signature does not match.
const SIGNATURE_MISMATCH: &str = "verify aksk signature fail";

/// The account whose signatures are accepted.
pub(crate) struct Credentials<'a> {
    pub(crate) ak: &'a str,
    pub(crate) sk: &'a str,
}

/// The parts of `Authorization: SDK-HMAC-SHA256 Access=.., SignedHeaders=.., Signature=..`.
struct Authorization {
    access: String,
    signed_headers: Vec<String>,
    signature: Vec<u8>,
}

/// Checks the request's signature the way the gateway does: parse the header, check the
/// key and the clock, rebuild the canonical request from the bytes received, and compare
/// HMACs in constant time.
pub(crate) fn verify(
    parts: &Parts,
    body: &[u8],
    credentials: &Credentials<'_>,
) -> Result<(), ApiError> {
    let auth = authorization(&parts.headers)?;
    if auth.access != credentials.ak {
        return Err(ApiError::Auth(format!(
            "access key {} does not exist",
            auth.access
        )));
    }
    // Only X-Sdk-Date is mandatory among signed headers (ref §2 "Signing guide").
    if !auth.signed_headers.iter().any(|name| name == "x-sdk-date") {
        return Err(ApiError::Auth("x-sdk-date is not a signed header".into()));
    }
    let sdk_date = single_header(&parts.headers, "x-sdk-date")?
        .and_then(|value| std::str::from_utf8(value).ok())
        .ok_or_else(|| ApiError::Auth("X-Sdk-Date header not found or not text".into()))?;
    check_sdk_date(sdk_date, unix_now())?;

    let canonical = canonical_request(parts, body, &auth.signed_headers)?;
    let to_sign = string_to_sign(sdk_date, &canonical);
    let mut mac = Hmac::<Sha256>::new_from_slice(credentials.sk.as_bytes())
        .map_err(|_| ApiError::Auth(SIGNATURE_MISMATCH.into()))?;
    mac.update(to_sign.as_bytes());
    mac.verify_slice(&auth.signature).map_err(|_| {
        // The canonical request is what a client author needs to find a signing bug.
        eprintln!(
            "local-vpc: signature mismatch.\n--- canonical request ---\n{}\n--- string to sign ---\n{to_sign}\n---",
            String::from_utf8_lossy(&canonical)
        );
        ApiError::Auth(SIGNATURE_MISMATCH.into())
    })
}

/// Reads and parses the single `Authorization` header.
fn authorization(headers: &HeaderMap) -> Result<Authorization, ApiError> {
    let value = single_header(headers, "authorization")?
        .ok_or_else(|| ApiError::Auth("Authorization header not found".into()))?;
    let text = std::str::from_utf8(value)
        .map_err(|_| ApiError::Auth("Authorization header is not valid UTF-8".into()))?;
    parse_authorization(text)
}

/// Returns the only value of header `name`, if present. A header sent twice is ambiguous
/// to sign, so it fails authentication rather than picking one.
fn single_header<'a>(headers: &'a HeaderMap, name: &str) -> Result<Option<&'a [u8]>, ApiError> {
    let mut values = headers.get_all(name).iter();
    let first = values.next();
    if values.next().is_some() {
        return Err(ApiError::Auth(format!("header {name} is repeated")));
    }
    Ok(first.map(HeaderValue::as_bytes))
}

/// Parses `SDK-HMAC-SHA256 Access=<ak>, SignedHeaders=<a;b>, Signature=<hex>` (ref §3
/// step 13). Whitespace around the comma-separated fields is tolerated; each field must
/// appear exactly once.
fn parse_authorization(value: &str) -> Result<Authorization, ApiError> {
    let malformed = || ApiError::Auth("Authorization header is malformed".into());
    let fields = value
        .strip_prefix(ALGORITHM)
        .and_then(|rest| rest.strip_prefix(' '))
        .ok_or_else(|| ApiError::Auth(format!("signing algorithm must be {ALGORITHM}")))?;

    let (mut access, mut signed_headers, mut signature) = (None, None, None);
    for field in fields.split(',') {
        let (key, val) = field.trim().split_once('=').ok_or_else(malformed)?;
        let slot = match key {
            "Access" => &mut access,
            "SignedHeaders" => &mut signed_headers,
            "Signature" => &mut signature,
            _ => return Err(malformed()),
        };
        if slot.replace(val).is_some() {
            return Err(malformed());
        }
    }

    let signature = hex::decode(signature.ok_or_else(malformed)?)
        .map_err(|_| ApiError::Auth("Signature is not hex".into()))?;
    Ok(Authorization {
        access: access.ok_or_else(malformed)?.to_owned(),
        signed_headers: parse_signed_headers(signed_headers.ok_or_else(malformed)?)?,
        signature,
    })
}

/// Splits `a;b;c`. Names must be non-empty and lower-case, as both official SDKs send
/// them (ref §3 step 5); order is kept because the canonical headers follow it.
fn parse_signed_headers(list: &str) -> Result<Vec<String>, ApiError> {
    list.split(';')
        .map(|name| {
            if name.is_empty() || name.bytes().any(|b| b.is_ascii_uppercase()) {
                Err(ApiError::Auth(format!(
                    "SignedHeaders entry {name:?} must be a non-empty lower-case header name"
                )))
            } else {
                Ok(name.to_owned())
            }
        })
        .collect()
}

/// `X-Sdk-Date` must be `YYYYMMDDTHHMMSSZ` and within 15 minutes of the server clock.
fn check_sdk_date(value: &str, now: i64) -> Result<(), ApiError> {
    let signed_at = parse_sdk_date(value).ok_or_else(|| {
        ApiError::Auth(format!(
            "X-Sdk-Date {value:?} is not in YYYYMMDDTHHMMSSZ format"
        ))
    })?;
    if (now - signed_at).abs() > MAX_CLOCK_SKEW_SECS {
        return Err(ApiError::Auth(format!(
            "X-Sdk-Date {value} is more than 15 minutes from the server time"
        )));
    }
    Ok(())
}

/// Builds the canonical request from exactly what was received (ref §3 step 10):
/// `METHOD\nURI\nQUERY\nHEADERS\n\nSIGNEDHEADERS\nPAYLOADHASH`. Bytes rather than a
/// `String`, so header values that are not UTF-8 are hashed faithfully instead of failing.
fn canonical_request(parts: &Parts, body: &[u8], signed: &[String]) -> Result<Vec<u8>, ApiError> {
    let mut out = Vec::new();
    for line in [
        parts.method.as_str(),
        &canonical_uri(parts.uri.path()),
        &canonical_query(parts.uri.query().unwrap_or("")),
    ] {
        out.extend_from_slice(line.as_bytes());
        out.push(b'\n');
    }
    for name in signed {
        let value = single_header(&parts.headers, name)?
            .ok_or_else(|| ApiError::Auth(format!("signed header {name} is missing")))?;
        out.extend_from_slice(name.as_bytes());
        out.push(b':');
        out.extend_from_slice(value.trim_ascii());
        out.push(b'\n');
    }
    out.push(b'\n');
    out.extend_from_slice(signed.join(";").as_bytes());
    out.push(b'\n');
    out.extend_from_slice(&payload_hash(&parts.headers, body)?);
    Ok(out)
}

/// A declared `X-Sdk-Content-Sha256` (e.g. `UNSIGNED-PAYLOAD`) is used literally;
/// otherwise the lower-hex SHA-256 of the body bytes (ref §3 step 9).
fn payload_hash(headers: &HeaderMap, body: &[u8]) -> Result<Vec<u8>, ApiError> {
    Ok(match single_header(headers, "x-sdk-content-sha256")? {
        Some(declared) => declared.to_vec(),
        None => hex::encode(Sha256::digest(body)).into_bytes(),
    })
}

/// Decodes the whole raw path, splits on `/`, re-encodes each segment with the signing
/// set and ensures a trailing `/` (ref §3 step 7). Decoding first means `%2F` inside an
/// id is signed as a literal `/`, exactly as the vendor's signer does.
fn canonical_uri(raw_path: &str) -> String {
    let decoded: Vec<u8> = percent_decode_str(raw_path).collect();
    let mut uri = decoded
        .split(|&byte| byte == b'/')
        .map(|segment| percent_encode(segment, SIGNING_UNRESERVED).to_string())
        .collect::<Vec<_>>()
        .join("/");
    if !uri.ends_with('/') {
        uri.push('/');
    }
    uri
}

/// Decodes each `key=value` pair of the raw query (a `+` stays a `+`: clients send `%2B`),
/// sorts by key then value, re-encodes with the signing set and joins with `&`
/// (ref §3 step 8). A pair without `=` has an empty value.
fn canonical_query(raw_query: &str) -> String {
    let mut pairs: Vec<(Vec<u8>, Vec<u8>)> = raw_query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (
                percent_decode_str(key).collect(),
                percent_decode_str(value).collect(),
            )
        })
        .collect();
    pairs.sort();
    pairs
        .iter()
        .map(|(key, value)| {
            format!(
                "{}={}",
                percent_encode(key, SIGNING_UNRESERVED),
                percent_encode(value, SIGNING_UNRESERVED)
            )
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// `SDK-HMAC-SHA256\n<X-Sdk-Date>\n<hex(sha256(canonical request))>` (ref §3 step 11).
fn string_to_sign(sdk_date: &str, canonical: &[u8]) -> String {
    format!(
        "{ALGORITHM}\n{sdk_date}\n{}",
        hex::encode(Sha256::digest(canonical))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_uri_decodes_then_reencodes_and_ends_with_a_slash() {
        assert_eq!(canonical_uri("/v3/p/vpc/a%2Fb"), "/v3/p/vpc/a/b/");
        assert_eq!(canonical_uri("/v3/p/x%20y/"), "/v3/p/x%20y/");
    }

    #[test]
    fn canonical_query_sorts_pairs_and_keeps_empty_values() {
        assert_eq!(
            canonical_query("b=2&a=x%20y&id=b&id=a&e"),
            "a=x%20y&b=2&e=&id=a&id=b"
        );
    }

    #[test]
    fn authorization_header_is_parsed_strictly() {
        let auth = parse_authorization(
            "SDK-HMAC-SHA256 Access=AK, SignedHeaders=host;x-sdk-date, Signature=00ff",
        )
        .expect("well-formed");
        assert_eq!(auth.access, "AK");
        assert_eq!(auth.signed_headers, ["host", "x-sdk-date"]);
        assert_eq!(auth.signature, [0, 255]);
        for bad in [
            "HMAC Access=AK, SignedHeaders=host, Signature=00",
            "SDK-HMAC-SHA256 Access=AK, Access=AK, SignedHeaders=host, Signature=00",
            "SDK-HMAC-SHA256 Access=AK, SignedHeaders=Host, Signature=00",
            "SDK-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature=zz",
        ] {
            assert!(parse_authorization(bad).is_err(), "{bad}");
        }
    }
}
