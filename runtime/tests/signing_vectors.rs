//! The Rust signer must match the vendor's official Python SDK byte for byte.
//!
//! `runtime/tests/vectors/signing.json` is produced by `scripts/signing_vectors.py`, which runs the
//! SDK's own signer (see `runtime/tests/vectors/README.md`). Every vector is checked at every step,
//! so a mismatch names the first step that differs.

use serde_json::Value;
use specforge_runtime::signer::{canonical_query_string, sign, SigningAlgorithm, SigningRequest};
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

/// The vector's algorithm, as the SDK's `HttpConfig.signing_algorithm` and derived-auth settings had it.
fn algorithm(vector: &Value) -> SigningAlgorithm {
    match text(vector, "algorithm") {
        "SDK-HMAC-SHA256" => SigningAlgorithm::HmacSha256,
        "SDK-HMAC-SM3" => SigningAlgorithm::HmacSm3,
        "V11-HMAC-SHA256" => SigningAlgorithm::DerivedHmacSha256 {
            region: text(&vector["derived"], "region").to_owned(),
            service: text(&vector["derived"], "service").to_owned(),
        },
        other => panic!(
            "vector `{}`: unknown algorithm {other}",
            text(vector, "name")
        ),
    }
}

#[test]
fn every_algorithm_and_the_caller_date_case_are_covered() {
    let vectors = vectors();
    let count = |name: &str| {
        vectors
            .iter()
            .filter(|v| text(v, "algorithm") == name)
            .count()
    };
    assert!(count("SDK-HMAC-SM3") >= 3, "SM3 vectors missing");
    assert!(count("V11-HMAC-SHA256") >= 2, "V11 vectors missing");
    let caller_date = vectors
        .iter()
        .find(|v| text(v, "name") == "caller_sets_date_header")
        .expect("the caller-set X-Sdk-Date vector");
    // The vector's "now" differs from the header the caller set; the header's date is signed.
    assert!(
        !text(&caller_date["expected"], "string_to_sign").contains(text(caller_date, "sdk_date"))
    );
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
        let credentials = AkSkCredentials::new(text(vector, "ak"), text(vector, "sk"))
            .with_signing_algorithm(algorithm(vector));
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
