//! Load: 1,000 concurrent calls (64 in flight) through one client at the fake VPC service,
//! twice. Every answer must belong to its own call, connections must be pooled and reused,
//! and memory must not grow from one round to the next.

mod support;

use std::collections::HashSet;
use std::time::{Duration, Instant};

use support::fake_vpc::FakeVpc;
use tokio::task::JoinSet;
use vpc_traffic_mirror::{models, AkSkCredentials, Client, Config};

const CALLS: usize = 1_000;
const IN_FLIGHT: usize = 64;
/// Connections the warm-up burst may open. When 64 calls start at once the pool has nothing
/// idle, and while a connection is on its way back to the pool the next call races a fresh
/// connect against it (hyper-util's pool design), so 64–100 connections are normal here.
const MAX_WARM_UP_CONNECTIONS: usize = 2 * IN_FLIGHT;
/// New connections tolerated in the measured round, once the pool is warm.
const MAX_NEW_CONNECTIONS: usize = 8;
/// Generous bound on RSS growth between the warm-up round and the measured round.
const MAX_RSS_GROWTH_KIB: u64 = 32 * 1024;
/// A hung call fails the test instead of hanging it.
const CALL_TIMEOUT: Duration = Duration::from_secs(20);

fn session_id(round: usize, call: usize) -> String {
    format!("load-session-{round}-{call:04}")
}

fn source_id(round: usize, call: usize) -> String {
    format!("load-source-{round}-{call:04}")
}

/// This process's resident set size in KiB, from `/proc/self/status`.
fn rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("read /proc/self/status");
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("a VmRSS line in kB")
}

/// What one call saw: the request id of its one 200.
struct Outcome {
    call: usize,
    request_id: String,
}

/// One call: removes the call's own source from the call's own session and checks that the
/// answer is about that session.
async fn one_call(client: Client, round: usize, call: usize) -> Outcome {
    let id = session_id(round, call);
    let body = models::RemoveSourcesFromTrafficMirrorSessionRequestBody {
        traffic_mirror_session: models::TrafficMirrorSourcesOption {
            traffic_mirror_sources: vec![source_id(round, call)],
        },
    };
    let response = tokio::time::timeout(
        CALL_TIMEOUT,
        client.remove_sources_from_traffic_mirror_session(&id, &body),
    )
    .await
    .unwrap_or_else(|_| panic!("call {round}/{call} timed out"))
    .unwrap_or_else(|e| panic!("call {round}/{call} failed: {e:?}"));
    assert_eq!(response.status(), 200, "call {round}/{call}");
    let session = &response.traffic_mirror_session;
    assert_eq!(
        session.id, id,
        "call {round}/{call} got another call's answer"
    );
    assert!(
        session.traffic_mirror_sources.is_empty(),
        "call {round}/{call}: sources left {:?}",
        session.traffic_mirror_sources
    );
    // The header's request id and the body's are from the same response.
    let request_id = response
        .request_id()
        .unwrap_or_else(|| panic!("call {round}/{call}: no request id"))
        .to_owned();
    assert_eq!(
        response.body().request_id.as_deref(),
        Some(request_id.as_str()),
        "call {round}/{call}: header and body request ids differ"
    );
    Outcome { call, request_id }
}

/// Runs `CALLS` calls with at most `IN_FLIGHT` at a time and checks the round as a whole.
async fn run_round(client: &Client, fake: &FakeVpc, round: usize, seen_ids: &mut HashSet<String>) {
    let started = Instant::now();
    let mut tasks = JoinSet::new();
    let mut done = vec![false; CALLS];
    let mut finish = |outcome: Outcome, seen_ids: &mut HashSet<String>| {
        assert!(
            !done[outcome.call],
            "call {round}/{} answered twice",
            outcome.call
        );
        done[outcome.call] = true;
        assert!(
            seen_ids.insert(outcome.request_id.clone()),
            "request id {} seen twice",
            outcome.request_id
        );
    };
    for call in 0..CALLS {
        if tasks.len() == IN_FLIGHT {
            let outcome = tasks.join_next().await.expect("a task").expect("no panic");
            finish(outcome, seen_ids);
        }
        tasks.spawn(one_call(client.clone(), round, call));
    }
    while let Some(joined) = tasks.join_next().await {
        finish(joined.expect("no panic"), seen_ids);
    }
    assert!(
        done.iter().all(|&d| d),
        "round {round}: some call had no answer"
    );

    // Every session of the round is now empty on the service's side too.
    for call in [0, CALLS / 2, CALLS - 1] {
        let stored = fake.session(&session_id(round, call)).expect("session");
        assert_eq!(stored["traffic_mirror_sources"], serde_json::json!([]));
    }
    eprintln!(
        "round {round}: {CALLS} calls in {:?}, {} connections accepted so far",
        started.elapsed(),
        fake.connections()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_thousand_concurrent_calls_share_one_pool_and_memory_stays_flat() {
    let fake = FakeVpc::start().await;
    for round in 0..2 {
        for call in 0..CALLS {
            fake.insert_session(&session_id(round, call), &[&source_id(round, call)]);
        }
    }
    let client = Client::builder()
        .endpoint(fake.base_url())
        .config(Config::default().with_allow_http(true))
        .credentials(AkSkCredentials::new(FakeVpc::AK, FakeVpc::SK))
        .project_id(FakeVpc::PROJECT_ID)
        .build()
        .expect("valid client settings");
    let mut request_ids = HashSet::new();

    // Warm-up round: fills the pool, allocator arenas and the runtime's worker state.
    run_round(&client, &fake, 0, &mut request_ids).await;
    assert_eq!(
        fake.requests().len(),
        CALLS,
        "requests recorded after round 0"
    );
    let connections_after_warm_up = fake.connections();
    let rss_before = rss_kib();

    // Measured round.
    run_round(&client, &fake, 1, &mut request_ids).await;
    let rss_after = rss_kib();
    let connections = fake.connections();

    let requests = fake.requests();
    assert_eq!(requests.len(), 2 * CALLS, "requests recorded after round 1");
    assert_eq!(request_ids.len(), 2 * CALLS, "distinct request ids");
    let paths: HashSet<&str> = requests[CALLS..].iter().map(|r| r.path.as_str()).collect();
    assert_eq!(
        paths.len(),
        CALLS,
        "round 1 sent each session's call exactly once"
    );
    for call in 0..CALLS {
        let path = format!(
            "/v3/{}/vpc/traffic-mirror-sessions/{}/remove-sources",
            FakeVpc::PROJECT_ID,
            session_id(1, call)
        );
        assert!(paths.contains(path.as_str()), "no request for {path}");
    }

    let growth = rss_after.saturating_sub(rss_before);
    eprintln!(
        "connections accepted: {connections_after_warm_up} after warm-up, {connections} in total \
         for {} calls",
        2 * CALLS
    );
    eprintln!(
        "RSS: {rss_before} KiB after warm-up, {rss_after} KiB after the measured round \
         (growth {growth} KiB, bound {MAX_RSS_GROWTH_KIB} KiB)"
    );
    assert!(
        connections_after_warm_up <= MAX_WARM_UP_CONNECTIONS,
        "connections not reused: {connections_after_warm_up} accepted for {CALLS} calls"
    );
    assert!(
        connections - connections_after_warm_up <= MAX_NEW_CONNECTIONS,
        "the warm pool was not reused: {} new connections for {CALLS} calls",
        connections - connections_after_warm_up
    );
    assert!(
        growth < MAX_RSS_GROWTH_KIB,
        "RSS grew by {growth} KiB over {CALLS} calls"
    );
}
