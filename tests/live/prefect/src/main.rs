//! A CRUD scenario against a running Prefect server through the client generated from that
//! server's own OpenAPI document (see scripts/live_service.sh). Every read is compared with
//! what was written, and with the server's raw JSON (decoding must lose nothing).
//!
//!     live-prefect http://127.0.0.1:PORT

mod automations;
mod check;
mod deployments;
mod flows;
mod lossless;
mod variables;
mod work_pools;

use std::process::ExitCode;

use check::{Outcome, Session};

#[tokio::main]
async fn main() -> ExitCode {
    let Some(base) = std::env::args().nth(1) else {
        eprintln!("usage: live-prefect SERVER_URL (e.g. http://127.0.0.1:4200)");
        return ExitCode::from(2);
    };
    match run(&base).await {
        Ok(calls) => {
            println!("live-prefect: {calls} calls to {base}, every check passed");
            ExitCode::SUCCESS
        }
        Err(failure) => {
            eprintln!("live-prefect: FAILED: {failure}");
            ExitCode::FAILURE
        }
    }
}

/// Runs every step in order; each later step uses what the earlier ones created.
async fn run(base: &str) -> Outcome<usize> {
    let session = Session::connect(base)?;
    let healthy = session.call("health", session.client.health_check().await)?;
    check::equal("health", &healthy, &true)?;

    let flow = flows::scenario(&session).await?;
    let pool = work_pools::scenario(&session).await?;
    let deployment = deployments::scenario(&session, &flow, &pool).await?;
    variables::scenario(&session).await?;
    automations::scenario(&session, &deployment).await?;

    deployments::delete(&session, &deployment).await?;
    work_pools::delete(&session, &pool).await?;
    flows::delete(&session, &flow).await?;
    Ok(session.calls())
}
