//! The `codegen` command line: generate a client from a spec, or check a committed one.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use codegen::Generator;

#[derive(Parser)]
#[command(
    name = "codegen",
    version,
    about = "Generate typed async Rust clients from OpenAPI 3.0 documents"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Write the generated client into DIR.
    Generate(Target),
    /// Exit with status 1 and print a unified diff if DIR differs from what the spec produces.
    Check(Target),
}

#[derive(Args)]
struct Target {
    /// The OpenAPI document (YAML or JSON).
    #[arg(long, value_name = "FILE")]
    spec: PathBuf,
    /// The output directory.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// The output file name (default: the spec's file name with `.rs`).
    #[arg(long, value_name = "NAME")]
    file_name: Option<String>,
    /// The runtime crate the generated code uses.
    #[arg(long, value_name = "CRATE", default_value = "codegen_runtime")]
    runtime_crate: String,
}

impl Target {
    fn generator(&self) -> Generator {
        let mut generator = Generator::new(&self.spec);
        generator
            .out_dir(&self.out)
            .runtime_crate(&self.runtime_crate)
            .cargo_directives(false)
            .regenerate_command(format!(
                "cargo run -p codegen -- generate --spec {} --out {}",
                self.spec.display(),
                self.out.display()
            ));
        if let Some(name) = &self.file_name {
            generator.file_name(name);
        }
        generator
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Generate(target) => generate(target),
        Command::Check(target) => check(target),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(2)
        }
    }
}

fn generate(target: &Target) -> Result<ExitCode, codegen::Error> {
    let path = target.generator().generate()?;
    eprintln!("wrote {}", path.display());
    Ok(ExitCode::SUCCESS)
}

fn check(target: &Target) -> Result<ExitCode, codegen::Error> {
    let generator = target.generator();
    let expected = generator.render()?;
    let path = generator.output_path()?;
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    if actual == expected {
        eprintln!("{} is up to date", path.display());
        return Ok(ExitCode::SUCCESS);
    }
    let diff = similar::TextDiff::from_lines(&actual, &expected);
    let old = format!("{} (committed)", path.display());
    let new = format!(
        "{} (generated from {})",
        path.display(),
        target.spec.display()
    );
    print!(
        "{}",
        diff.unified_diff().context_radius(3).header(&old, &new)
    );
    eprintln!(
        "{} is out of date with {}; regenerate it with:\n  cargo run -p codegen -- generate --spec {} --out {}",
        path.display(),
        target.spec.display(),
        target.spec.display(),
        target.out.display()
    );
    Ok(ExitCode::from(1))
}
