//! The whole request assembly — URL, query, headers, body, signature — against the vendor
//! SDK's signing vectors, without a socket: what [`HttpClient::build_request`] produces must
//! carry the SDK's `Authorization` and go to the SDK's URL.

use serde_json::Value;

use crate::codegen::{ClientBuilder, HttpClient, Method, Request};
use crate::{AkSkCredentials, SigningAlgorithm};

const VECTORS: &str = include_str!("../../tests/vectors/signing.json");

fn text<'v>(value: &'v Value, key: &str) -> &'v str {
    value[key].as_str().unwrap_or_default()
}

fn pairs(value: &Value) -> Vec<(String, String)> {
    let list = value.as_array().map(Vec::as_slice).unwrap_or_default();
    list.iter()
        .map(|pair| (text_at(pair, 0), text_at(pair, 1)))
        .collect()
}

fn text_at(pair: &Value, index: usize) -> String {
    pair[index].as_str().unwrap_or_default().to_owned()
}

fn credentials(vector: &Value, token: Option<&str>) -> AkSkCredentials {
    let algorithm = match text(vector, "algorithm") {
        "SDK-HMAC-SM3" => SigningAlgorithm::HmacSm3,
        "V11-HMAC-SHA256" => SigningAlgorithm::DerivedHmacSha256 {
            region: text(&vector["derived"], "region").to_owned(),
            service: text(&vector["derived"], "service").to_owned(),
        },
        _ => SigningAlgorithm::HmacSha256,
    };
    let credentials = AkSkCredentials::new(text(vector, "ak"), text(vector, "sk"))
        .with_signing_algorithm(algorithm);
    match token {
        Some(token) => credentials.with_security_token(token),
        None => credentials,
    }
}

/// The client and request a generated operation would make for the vector: the user agent
/// as the client's, the body with its content type, the security token from the credentials.
fn client_and_request(vector: &Value) -> (HttpClient, Request, Option<String>) {
    let headers = pairs(&vector["headers"]);
    let find = |name: &str| {
        let found = headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name));
        found.map(|(_, value)| value.clone())
    };
    // The SDK's scheme (`http` for the loopback vector), so the whole URL can be compared.
    let url = text(&vector["expected"], "url");
    let scheme = url.split_once("://").map_or("https", |(scheme, _)| scheme);
    let client = ClientBuilder::new("")
        .endpoint(format!("{scheme}://{}", text(vector, "host")))
        .config(crate::Config::default().with_allow_http(true))
        .user_agent(find("user-agent").unwrap_or_default())
        .build();
    let client = match client {
        Ok(client) => client,
        Err(e) => panic!("vector `{}`: client: {e}", text(vector, "name")),
    };
    let method = Method::from_bytes(text(vector, "method").as_bytes()).unwrap_or(Method::GET);
    let mut request = Request::new(method, text(vector, "path").to_owned());
    for (key, value) in pairs(&vector["query"]) {
        request = request.query(&key, value);
    }
    let body = text(vector, "body");
    let content_type = find("content-type");
    let skipped = |name: &str| {
        let own = ["user-agent", "x-security-token"];
        own.contains(&name.to_ascii_lowercase().as_str())
            || (!body.is_empty() && name.eq_ignore_ascii_case("content-type"))
    };
    for (name, value) in headers.iter().filter(|(n, _)| !skipped(n)) {
        request = request.header(name, value.clone());
    }
    if let (false, Some(content_type)) = (body.is_empty(), content_type) {
        request = request.bytes(&content_type, body.as_bytes().to_vec());
    }
    (client, request, find("x-security-token"))
}

#[test]
fn built_requests_carry_the_sdk_signature_and_url() {
    let file: Value = serde_json::from_str(VECTORS).unwrap_or_default();
    let vectors = file["vectors"].as_array().cloned().unwrap_or_default();
    assert!(vectors.len() >= 20, "expected the full vector set");
    let mut refused = Vec::new();
    for vector in &vectors {
        let name = text(vector, "name");
        let (client, request, token) = client_and_request(vector);
        let credentials = credentials(vector, token.as_deref());
        let built = client
            .draft(&request, Some(&credentials))
            .and_then(|draft| {
                let signing = Some((&credentials, text(vector, "sdk_date")));
                client.build_request(&request, draft, signing)
            });
        let outgoing = match built {
            Ok(outgoing) => outgoing,
            Err(e) => {
                refused.push((name.to_owned(), e.to_string()));
                continue;
            }
        };
        let expected = &vector["expected"];
        let header = |n: &str| outgoing.headers().get(n).and_then(|v| v.to_str().ok());
        assert_eq!(
            header("authorization"),
            Some(text(expected, "authorization")),
            "vector `{name}`: Authorization differs"
        );
        assert_eq!(
            outgoing.uri().to_string(),
            text(expected, "url"),
            "vector `{name}`: URL differs"
        );
        assert_eq!(
            header("x-security-token"),
            token.as_deref(),
            "vector `{name}`"
        );
    }
    assert!(refused.is_empty(), "refused: {refused:?}");
}

#[test]
fn another_secret_key_gives_another_signature() {
    let file: Value = serde_json::from_str(VECTORS).unwrap_or_default();
    let vector = &file["vectors"][0];
    let (client, request, _) = client_and_request(vector);
    let wrong = AkSkCredentials::new(text(vector, "ak"), "not-the-secret");
    let built = client.draft(&request, Some(&wrong)).and_then(|draft| {
        client.build_request(&request, draft, Some((&wrong, "20240102T030405Z")))
    });
    let authorization = built
        .ok()
        .and_then(|r| Some(r.headers().get("authorization")?.to_str().ok()?.to_owned()));
    assert!(authorization.is_some());
    assert_ne!(
        authorization.as_deref(),
        Some(text(&vector["expected"], "authorization"))
    );
}
