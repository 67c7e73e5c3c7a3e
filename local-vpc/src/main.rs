//! `local-vpc`: serve the local VPC traffic-mirroring API until Ctrl-C.
//!
//! ```sh
//! cargo run -p local-vpc -- --listen 127.0.0.1:8080
//! ```

use std::net::SocketAddr;
use std::process::ExitCode;

use clap::Parser;
use local_vpc::{LocalVpc, Options};

/// A stateful, in-memory Huawei Cloud VPC v3 traffic-mirroring service for local testing.
#[derive(Debug, Parser)]
#[command(name = "local-vpc", version)]
struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// Access key (AK) that signatures must name.
    #[arg(long, default_value = Options::DEFAULT_AK)]
    ak: String,
    /// Secret key (SK) that signatures are verified with.
    #[arg(long, default_value = Options::DEFAULT_SK)]
    sk: String,
    /// The account's project id (path and X-Project-Id must match it).
    #[arg(long, default_value = Options::DEFAULT_PROJECT_ID)]
    project_id: String,
    /// Most traffic mirror sources per session (the vendor's default quota is 10).
    #[arg(long, default_value_t = Options::DEFAULT_MAX_SOURCES)]
    max_sources_per_session: usize,
    /// Accept requests without verifying their AK/SK signature (for curl).
    #[arg(long)]
    no_signature_check: bool,
}

impl Args {
    fn options(&self) -> Options {
        Options {
            ak: self.ak.clone(),
            sk: self.sk.clone(),
            project_id: self.project_id.clone(),
            max_sources_per_session: self.max_sources_per_session,
            check_signatures: !self.no_signature_check,
        }
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    let options = args.options();
    let vpc = match LocalVpc::start_on(args.listen, options.clone()).await {
        Ok(vpc) => vpc,
        Err(error) => {
            eprintln!("local-vpc: cannot listen on {}: {error}", args.listen);
            return ExitCode::FAILURE;
        }
    };
    print_banner(&vpc, &options);
    if let Err(error) = tokio::signal::ctrl_c().await {
        eprintln!("local-vpc: cannot wait for Ctrl-C: {error}");
        return ExitCode::FAILURE;
    }
    println!("local-vpc: stopped");
    ExitCode::SUCCESS
}

/// Tells the user where to point a client and which credentials it must sign with.
fn print_banner(vpc: &LocalVpc, options: &Options) {
    let signatures = if options.check_signatures {
        "verified (SDK-HMAC-SHA256)"
    } else {
        "NOT verified"
    };
    println!("local-vpc listening on {}", vpc.base_url());
    println!("  AK:         {}", options.ak);
    println!("  SK:         {}", options.sk);
    println!("  project id: {}", options.project_id);
    println!("  signatures: {signatures}");
    println!(
        "  example:    GET {}/v3/{}/vpc/traffic-mirror-sessions",
        vpc.base_url(),
        options.project_id
    );
    println!("Press Ctrl-C to stop.");
}
