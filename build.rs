//! Generates the client from `spec/vpc.yaml` at build time, exactly as a downstream crate's
//! build script would.

fn main() {
    let result = specforge::Generator::new("spec/vpc.yaml")
        .regenerate_command(
            "cargo run -p specforge -- generate --spec spec/vpc.yaml --out generated",
        )
        .generate();
    if let Err(error) = result {
        // A build script reports by exiting non-zero; the message names the spec location.
        eprintln!("error: {error}");
        std::process::exit(1);
    }
}
