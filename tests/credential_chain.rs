//! The vendor's credential chain, link by link: environment, profile file, ECS metadata.
//!
//! The metadata link runs against a stand-in metadata service on 127.0.0.1, and the calls it
//! signs go to `local-vpc`, which verifies every signature independently.

mod support;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use specforge_runtime::{CredentialChain, CredentialOrigin, MetadataCredentials, ProfileSection};
use support::fake_vpc::FakeVpc;
use support::metadata_service::{Issued, MetadataService};
use vpc_traffic_mirror::{models, Client, Config, Error};

/// A fresh directory under the system temp dir for one test's files.
fn temp_dir(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("specforge-chain-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create a temp dir");
    dir
}

fn access_key(found: &specforge_runtime::ChainCredentials) -> String {
    match &found.source {
        specforge_runtime::CredentialSource::Static(c) => c.access_key().to_owned(),
        other => panic!("expected fixed credentials, got {other:?}"),
    }
}

#[test]
fn the_environment_comes_first_with_the_vendors_names_before_the_samples_names() {
    let found = CredentialChain::new()
        .with_env([
            ("HUAWEICLOUD_SDK_AK", "ENVAK"),
            ("HUAWEICLOUD_SDK_SK", "env-secret"),
            ("HUAWEICLOUD_SDK_SECURITY_TOKEN", "env-token"),
            ("HUAWEICLOUD_SDK_PROJECT_ID", "env-project"),
            ("CLOUD_SDK_AK", "SAMPLEAK"),
            ("CLOUD_SDK_SK", "sample-secret"),
        ])
        .resolve()
        .expect("the environment link");
    assert_eq!(found.origin, CredentialOrigin::Environment);
    assert_eq!(access_key(&found), "ENVAK");
    assert_eq!(found.project_id.as_deref(), Some("env-project"));
    let shown = format!("{found:?}");
    assert!(
        !shown.contains("env-secret") && !shown.contains("env-token"),
        "{shown}"
    );

    let samples = CredentialChain::new()
        .with_env([
            ("CLOUD_SDK_AK", "SAMPLEAK"),
            ("CLOUD_SDK_SK", "sample-secret"),
        ])
        .resolve()
        .expect("the samples' names");
    assert_eq!(access_key(&samples), "SAMPLEAK");
    assert_eq!(samples.project_id, None);
}

#[test]
fn the_profile_file_is_read_from_home_or_the_named_file() {
    let dir = temp_dir("profile");
    std::fs::create_dir_all(dir.join(".huaweicloud")).expect("mkdir");
    std::fs::write(
        dir.join(".huaweicloud/credentials"),
        "# comment\n[basic]\nak = HOMEAK\nsk = home-secret\nproject_id = home-project\n\n\
         [global]\nak = GLOBALAK\nsk = global-secret\ndomain_id = the-domain\n",
    )
    .expect("write the profile");
    let home = dir.to_string_lossy().into_owned();

    let found = CredentialChain::new()
        .with_env([("HOME", home.as_str())])
        .resolve()
        .expect("the home profile");
    assert_eq!(
        found.origin,
        CredentialOrigin::ProfileFile(dir.join(".huaweicloud/credentials"))
    );
    assert_eq!(access_key(&found), "HOMEAK");
    assert_eq!(found.project_id.as_deref(), Some("home-project"));
    assert!(!format!("{found:?}").contains("home-secret"));

    let global = CredentialChain::new()
        .with_env([("HOME", home.as_str())])
        .with_profile_section(ProfileSection::Global)
        .resolve()
        .expect("the global section");
    assert_eq!(access_key(&global), "GLOBALAK");
    assert_eq!(global.project_id.as_deref(), Some("the-domain"));

    // HUAWEICLOUD_SDK_CREDENTIALS_FILE wins over the home directory; the environment over both.
    let named = dir.join("named.ini");
    std::fs::write(
        &named,
        "[basic]\nak=NAMEDAK\nsk=named-secret\nsecurity_token=t\n",
    )
    .expect("write");
    let named_path = named.to_string_lossy().into_owned();
    let found = CredentialChain::new()
        .with_env([
            ("HOME", home.as_str()),
            ("HUAWEICLOUD_SDK_CREDENTIALS_FILE", &named_path),
        ])
        .resolve()
        .expect("the named profile");
    assert_eq!(access_key(&found), "NAMEDAK");
    let found = CredentialChain::new()
        .with_env([
            ("HOME", home.as_str()),
            ("HUAWEICLOUD_SDK_AK", "ENVAK"),
            ("HUAWEICLOUD_SDK_SK", "env-secret"),
        ])
        .resolve()
        .expect("the environment first");
    assert_eq!(access_key(&found), "ENVAK");

    // A profile without `sk` is an error naming the file, not a silent fall-through.
    std::fs::write(&named, "[basic]\nak=NAMEDAK\n").expect("write");
    let error = CredentialChain::new()
        .with_env([("HUAWEICLOUD_SDK_CREDENTIALS_FILE", named_path.as_str())])
        .resolve()
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        error.contains("named.ini") && error.contains("`sk`"),
        "{error}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn with_nothing_else_the_metadata_service_is_the_last_link() {
    let found = CredentialChain::new()
        .with_env([("HOME", "/nonexistent-home-for-test")])
        .with_metadata_url("http://127.0.0.1:9")
        .resolve()
        .expect("the metadata link is always there");
    assert_eq!(
        found.origin,
        CredentialOrigin::InstanceMetadata("http://127.0.0.1:9".to_owned())
    );
}

fn client(fake: &FakeVpc, metadata: MetadataCredentials) -> Client {
    Client::builder()
        .endpoint(fake.base_url())
        .config(Config::default().with_allow_http(true))
        .credentials(metadata)
        .project_id(FakeVpc::PROJECT_ID)
        .build()
        .expect("valid client settings")
}

async fn list_concurrently(client: &Client, calls: usize) -> Vec<Result<(), Error>> {
    let tasks: Vec<_> = (0..calls)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move {
                client
                    .list_traffic_mirror_sessions(
                        &models::ListTrafficMirrorSessionsParams::default(),
                    )
                    .await
                    .map(|_| ())
            })
        })
        .collect();
    let mut results = Vec::new();
    for task in tasks {
        results.push(task.await.expect("the task ran"));
    }
    results
}

#[tokio::test]
async fn metadata_credentials_are_fetched_once_and_refreshed_once_under_concurrent_calls() {
    let started = Instant::now();
    let fake = FakeVpc::start().await;
    let service = MetadataService::start(Issued {
        ak: FakeVpc::AK.to_owned(),
        sk: FakeVpc::SK.to_owned(),
        // The first credentials expire 3 s after issue (stale 1 s later, with a 2 s margin);
        // the refreshed ones last an hour.
        lifetimes: vec![Duration::from_secs(3), Duration::from_secs(3600)],
        delay: Duration::from_millis(100),
    })
    .await;
    let metadata = MetadataCredentials::with_base_url(service.base_url())
        .refresh_before(Duration::from_secs(2));
    let client = client(&fake, metadata.clone());

    for result in list_concurrently(&client, 16).await {
        result.expect("every call verifies with the fetched credentials");
    }
    assert_eq!(service.fetches(), 1, "16 concurrent first calls fetch once");
    assert_eq!(metadata.fetch_count(), 1);

    tokio::time::sleep(Duration::from_millis(1200)).await;
    for result in list_concurrently(&client, 16).await {
        result.expect("every call verifies with the refreshed credentials");
    }
    assert_eq!(
        service.fetches(),
        2,
        "16 concurrent calls on stale credentials refresh once"
    );

    // The security token each call carried is the one issued at the time.
    let tokens: Vec<String> = fake
        .requests()
        .iter()
        .filter_map(|r| {
            r.headers
                .iter()
                .find(|(n, _)| n == "x-security-token")
                .map(|(_, v)| v.clone())
        })
        .collect();
    let issued = service.tokens_sent();
    assert_eq!(tokens.len(), 32);
    assert!(tokens[..16].iter().all(|t| *t == issued[0]));
    assert!(tokens[16..].iter().all(|t| *t == issued[1]));
    assert!(
        service.token_requests() >= 2,
        "a session token is asked for each fetch"
    );
    assert!(!format!("{metadata:?}").contains(FakeVpc::SK));
    assert!(started.elapsed() < Duration::from_secs(30));
}

#[tokio::test]
async fn an_unreachable_metadata_service_fails_the_call_with_a_clear_error() {
    let fake = FakeVpc::start().await;
    // Bound and dropped: nothing listens there any more.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let client = client(
        &fake,
        MetadataCredentials::with_base_url(format!("http://127.0.0.1:{port}")),
    );
    let error = client
        .list_traffic_mirror_sessions(&models::ListTrafficMirrorSessionsParams::default())
        .await
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(error.contains("ECS metadata credentials"), "{error}");
    assert!(fake.requests().is_empty(), "nothing unsigned was sent");
}
