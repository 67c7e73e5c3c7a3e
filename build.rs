//! Generates the clients from `spec/vpc.yaml` and `spec/iam.yaml` (the project lookup) at build
//! time, exactly as a downstream crate's build script would.

fn main() {
    for spec in ["vpc", "iam"] {
        let result = specforge::Generator::new(format!("spec/{spec}.yaml"))
            .regenerate_command(format!(
                "cargo run -p specforge -- generate --spec spec/{spec}.yaml --out generated"
            ))
            .generate();
        if let Err(error) = result {
            // A build script reports by exiting non-zero; the message names the spec location.
            eprintln!("error: {error}");
            std::process::exit(1);
        }
    }
}
