//! The Rust signer must match the vendor's official Python SDK byte for byte.
//!
//! `tests/vectors/signing.json` is produced by `scripts/signing_vectors.py`, which runs the
//! SDK's own signer (see `tests/vectors/README.md`). Every vector is checked at every step,
//! so a mismatch names the first step that differs.

use serde_json::Value;
use specforge_runtime::signer::{canonical_query_string, sign, SigningRequest};
use specforge_runtime::AkSkCredentials;

fn vectors() -> Vec<Value> {
    let text = include_str!("vectors/signing.json");
    let file: Value = serde_json::from_str(text).expect("signing.json is valid JSON");
    file["vectors"]
        .as_array()
        .expect("`vectors` is an array")
        .clone()
}

fn pairs(value: &Value) -> Vec<(String, String)> {
    value
        .as_array()
        .expect("a list of pairs")
        .iter()
        .map(|pair| {
            let s = |i: usize| pair[i].as_str().expect("pair of strings").to_owned();
            (s(0), s(1))
        })
        .collect()
}

fn text<'v>(vector: &'v Value, key: &str) -> &'v str {
    vector[key]
        .as_str()
        .unwrap_or_else(|| panic!("`{key}` is a string"))
}

#[test]
fn rust_signer_matches_every_sdk_vector() {
    let vectors = vectors();
    assert!(
        vectors.len() >= 20,
        "expected the full vector set, got {}",
        vectors.len()
    );
    for vector in &vectors {
        let name = text(vector, "name");
        let expected = &vector["expected"];
        let credentials = AkSkCredentials::new(text(vector, "ak"), text(vector, "sk"));
        let query = pairs(&vector["query"]);
        let mut headers = pairs(&vector["headers"]);
        let signature = sign(
            &credentials,
            text(vector, "sdk_date"),
            SigningRequest {
                method: text(vector, "method"),
                host: text(vector, "host"),
                path: text(vector, "path"),
                query: &query,
                headers: &mut headers,
                body: text(vector, "body").as_bytes(),
            },
        );
        let check = |step: &str, actual: &str| {
            assert_eq!(
                actual,
                text(expected, step),
                "vector `{name}`: {step} differs"
            );
        };
        check("canonical_request", &signature.canonical_request);
        check("string_to_sign", &signature.string_to_sign);
        check("signed_headers", &signature.signed_headers);
        check("authorization", &signature.authorization);
        check("query_string", &canonical_query_string(&query));

        // Same headers go out (order aside; the SDK sends values trimmed, as our transport does).
        let normalise = |list: Vec<(String, String)>| {
            let mut list: Vec<(String, String)> = list
                .into_iter()
                .map(|(k, v)| (k.to_ascii_lowercase(), v.trim().to_owned()))
                .collect();
            list.sort();
            list
        };
        assert_eq!(
            normalise(headers),
            normalise(pairs(&expected["headers_after_signing"])),
            "vector `{name}`: headers after signing differ"
        );
    }
}

#[test]
fn a_wrong_secret_key_gives_another_signature() {
    let vector = &vectors()[0];
    let mut headers = pairs(&vector["headers"]);
    let signature = sign(
        &AkSkCredentials::new(text(vector, "ak"), "not-the-secret"),
        text(vector, "sdk_date"),
        SigningRequest {
            method: text(vector, "method"),
            host: text(vector, "host"),
            path: text(vector, "path"),
            query: &[],
            headers: &mut headers,
            body: text(vector, "body").as_bytes(),
        },
    );
    assert_eq!(
        signature.canonical_request,
        text(&vector["expected"], "canonical_request")
    );
    assert_ne!(
        signature.authorization,
        text(&vector["expected"], "authorization")
    );
}
