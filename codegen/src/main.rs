//! The `specforge` command line: generate a client from a spec, or check a committed one.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use specforge::{Generator, RuntimeSource, TagFeatures};

/// Token trees and syntax trees are millions of small allocations: with glibc's allocator,
/// malloc/free were ~30% of a run on GitHub's spec; mimalloc took that run from 2.86 to
/// 2.53 s CPU (5 alternating runs each).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "specforge",
    version,
    about = "Generate typed async Rust clients from OpenAPI 3.0 documents"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Write the generated client into DIR (one file, or with --crate a whole crate).
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
    #[arg(long, value_name = "NAME", conflicts_with = "krate")]
    file_name: Option<String>,
    /// The runtime crate the generated code uses.
    #[arg(long, value_name = "CRATE", default_value = "specforge_runtime")]
    runtime_crate: String,
    /// Write a whole crate named NAME into DIR: `Cargo.toml` and `src/lib.rs`.
    #[arg(long = "crate", value_name = "NAME")]
    krate: Option<String>,
    /// With --crate: take the runtime from this directory (as written in `Cargo.toml`, so a
    /// relative path is relative to DIR). Default: the published runtime of this generator's version.
    #[arg(
        long,
        value_name = "PATH",
        requires = "krate",
        conflicts_with = "runtime_version"
    )]
    runtime_path: Option<PathBuf>,
    /// With --crate: depend on this published version of `specforge-runtime` instead.
    #[arg(long, value_name = "VER", requires = "krate")]
    runtime_version: Option<String>,
    /// With --crate: leave out the `[workspace]` table, so the crate joins the workspace
    /// of an enclosing directory.
    #[arg(long, requires = "krate")]
    in_workspace: bool,
    /// Generate only operations with this tag, and the types they use (repeatable; adds
    /// to --operation).
    #[arg(long, value_name = "TAG")]
    tag: Vec<String>,
    /// Generate only the operation with this operationId, and the types it uses
    /// (repeatable; adds to --tag).
    #[arg(long = "operation", value_name = "OPERATION_ID")]
    operations: Vec<String>,
    /// With --crate: split the crate into a module and a cargo feature per tag, so users
    /// compile only what they enable (`auto`: specs with 200 operations or more).
    #[arg(long, value_name = "WHEN", value_parser = ["auto", "always", "never"], requires = "krate")]
    tag_features: Option<String>,
    /// Keep the types of component schemas that no operation or webhook payload reaches
    /// (left out by default).
    #[arg(long)]
    keep_unreachable_types: bool,
    /// Also emit a hidden `conformance` module (component name → decode and re-encode), for
    /// conformance tests.
    #[arg(long, hide = true)]
    conformance: bool,
    /// Let external `$ref`s read files under DIR too (repeatable). By default they read only
    /// inside the spec's own directory tree.
    #[arg(long = "allow-ref-root", value_name = "DIR")]
    ref_roots: Vec<PathBuf>,
    /// The largest file an external `$ref` may read, in bytes (default 64 MiB).
    #[arg(long, value_name = "BYTES")]
    max_ref_file_bytes: Option<u64>,
    /// Refuse the spec when an operation cannot be expressed, instead of leaving it out
    /// with a warning.
    #[arg(long)]
    strict: bool,
    /// The `recursion_limit` your crate root declares (`#![recursion_limit = "N"]`), for code
    /// included there: it bounds the chains of nested types the code may hold (rustc's default
    /// 128 allows 100). Ignored with --crate, which declares the limit it needs
    #[arg(long, value_name = "N")]
    recursion_limit: Option<usize>,
    /// `typed`: strings with a known `format` (date-time, date, uuid, uri, ipv4, ipv6, byte)
    /// become the runtime's typed values; `strings`: they stay `String`. Default: the
    /// document's `x-typed-formats`, else typed.
    #[arg(long, value_name = "MODE", value_parser = ["typed", "strings"])]
    formats: Option<String>,
    /// Use the Rust type PATH for the component schema SCHEMA (`Money=rust_decimal::Decimal`;
    /// repeatable). The same as `x-rust-type` on the schema.
    #[arg(long, value_name = "SCHEMA=PATH", value_parser = pair)]
    replace: Vec<(String, String)>,
    /// Derive `PartialEq` on every model type (`Eq` and `Hash` too on string enums and
    /// constants). Off by default: it costs compile time.
    #[arg(long)]
    derive_eq: bool,
    /// Derive both `Serialize` and `Deserialize` on every model type, not only the direction
    /// its operations use.
    #[arg(long)]
    serde_round_trip: bool,
    /// Add `#[derive(PATH)]` to every model type (`schemars::JsonSchema`; repeatable).
    #[arg(long, value_name = "PATH")]
    derive: Vec<String>,
    /// Add `#[derive(PATH)]` to one type, by schema or Rust name (`Pet=Hash`; repeatable).
    #[arg(long, value_name = "TYPE=PATH", value_parser = pair)]
    derive_on: Vec<(String, String)>,
    /// Add outer attributes to every model type (`'#[serde_with::skip_serializing_none]'`).
    #[arg(long, value_name = "ATTR")]
    attribute: Vec<String>,
    /// Add outer attributes to one type, by schema or Rust name (`'Pet=#[non_exhaustive]'`).
    #[arg(long, value_name = "TYPE=ATTR", value_parser = pair)]
    attribute_on: Vec<(String, String)>,
}

/// `NAME=VALUE`, split at the first `=`.
fn pair(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((name, value)) if !name.is_empty() && !value.is_empty() => {
            Ok((name.to_owned(), value.to_owned()))
        }
        _ => Err(format!("expected NAME=VALUE, got {text:?}")),
    }
}

impl Target {
    fn generator(&self) -> Generator {
        let mut generator = Generator::new(&self.spec);
        generator
            .out_dir(&self.out)
            .runtime_crate(&self.runtime_crate)
            .cargo_directives(false)
            .regenerate_command(self.regenerate_command());
        if let Some(name) = &self.file_name {
            generator.file_name(name);
        }
        if let Some(name) = &self.krate {
            generator.krate(name).standalone(!self.in_workspace);
        }
        if let Some(path) = &self.runtime_path {
            generator.runtime_source(RuntimeSource::Path(path.clone()));
        }
        if let Some(version) = &self.runtime_version {
            generator.runtime_source(RuntimeSource::Version(version.clone()));
        }
        for tag in &self.tag {
            generator.tag(tag);
        }
        for id in &self.operations {
            generator.operation(id);
        }
        generator
            .conformance(self.conformance)
            .strict(self.strict)
            .keep_unreachable_types(self.keep_unreachable_types)
            .derive_eq(self.derive_eq)
            .serde_round_trip(self.serde_round_trip);
        if let Some(limit) = self.recursion_limit {
            generator.recursion_limit(limit);
        }
        for root in &self.ref_roots {
            generator.allow_ref_root(root);
        }
        if let Some(bytes) = self.max_ref_file_bytes {
            generator.max_ref_file_bytes(bytes);
        }
        self.type_settings(&mut generator);
        generator.tag_features(match self.tag_features.as_deref() {
            Some("always") => TagFeatures::Always,
            Some("never") => TagFeatures::Never,
            _ => TagFeatures::Auto,
        });
        generator
    }

    fn type_settings(&self, generator: &mut Generator) {
        if let Some(mode) = &self.formats {
            generator.typed_formats(mode == "typed");
        }
        for (schema, path) in &self.replace {
            generator.replace(schema, path);
        }
        for path in &self.derive {
            generator.derive(path);
        }
        for (ty, path) in &self.derive_on {
            generator.derive_on(ty, path);
        }
        for attribute in &self.attribute {
            generator.attribute(attribute);
        }
        for (ty, attribute) in &self.attribute_on {
            generator.attribute_on(ty, attribute);
        }
    }

    /// The command that regenerates the output: these same options.
    fn regenerate_command(&self) -> String {
        let mut words = vec![
            "cargo run -p specforge -- generate --spec".to_owned(),
            shell_word(&self.spec.to_string_lossy()),
            "--out".to_owned(),
            shell_word(&self.out.to_string_lossy()),
        ];
        let mut option = |name: &str, value: &str| {
            words.push(name.to_owned());
            words.push(shell_word(value));
        };
        if let Some(name) = &self.file_name {
            option("--file-name", name);
        }
        if self.runtime_crate != "specforge_runtime" {
            option("--runtime-crate", &self.runtime_crate);
        }
        if let Some(name) = &self.krate {
            option("--crate", name);
        }
        if let Some(path) = &self.runtime_path {
            option("--runtime-path", &path.to_string_lossy());
        }
        if let Some(version) = &self.runtime_version {
            option("--runtime-version", version);
        }
        for tag in &self.tag {
            option("--tag", tag);
        }
        for id in &self.operations {
            option("--operation", id);
        }
        for root in &self.ref_roots {
            option("--allow-ref-root", &root.to_string_lossy());
        }
        if let Some(bytes) = self.max_ref_file_bytes {
            option("--max-ref-file-bytes", &bytes.to_string());
        }
        if let Some(mode) = &self.formats {
            option("--formats", mode);
        }
        if let Some(when) = &self.tag_features {
            option("--tag-features", when);
        }
        for (name, value) in &self.replace {
            option("--replace", &format!("{name}={value}"));
        }
        for path in &self.derive {
            option("--derive", path);
        }
        for (name, value) in &self.derive_on {
            option("--derive-on", &format!("{name}={value}"));
        }
        for attribute in &self.attribute {
            option("--attribute", attribute);
        }
        for (name, value) in &self.attribute_on {
            option("--attribute-on", &format!("{name}={value}"));
        }
        if self.in_workspace {
            words.push("--in-workspace".to_owned());
        }
        if self.derive_eq {
            words.push("--derive-eq".to_owned());
        }
        if self.serde_round_trip {
            words.push("--serde-round-trip".to_owned());
        }
        if self.conformance {
            words.push("--conformance".to_owned());
        }
        if self.keep_unreachable_types {
            words.push("--keep-unreachable-types".to_owned());
        }
        if self.strict {
            words.push("--strict".to_owned());
        }
        if let Some(limit) = self.recursion_limit {
            words.push(format!("--recursion-limit {limit}"));
        }
        words.join(" ")
    }
}

/// `word` as one shell word: as it is when that is safe, otherwise single-quoted.
fn shell_word(word: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "_-./:@%+=,".contains(c);
    if !word.is_empty() && word.chars().all(plain) {
        return word.to_owned();
    }
    format!("'{}'", word.replace('\'', "'\\''"))
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

fn generate(target: &Target) -> Result<ExitCode, specforge::Error> {
    let generator = target.generator();
    let (_, omitted) = generator.generate_with_omissions()?;
    warn(&omitted);
    let written = match &target.krate {
        Some(name) => format!("crate {name} in {}", target.out.display()),
        None => generator.output_path()?.display().to_string(),
    };
    eprintln!("wrote {written}");
    Ok(ExitCode::SUCCESS)
}

fn check(target: &Target) -> Result<ExitCode, specforge::Error> {
    let mut status = ExitCode::SUCCESS;
    let (files, omitted) = target.generator().files_with_omissions()?;
    warn(&omitted);
    for (path, expected) in files {
        if !check_file(target, &path, &expected) {
            status = ExitCode::from(1);
        }
    }
    Ok(status)
}

/// What was left out, one warning each, and how to make it an error.
fn warn(omitted: &[specforge::Omission]) {
    for omission in omitted {
        eprintln!("warning: {omission}");
    }
    if !omitted.is_empty() {
        eprintln!(
            "warning: {} left out of the client (listed in its docs); --strict refuses the spec instead",
            match omitted.len() {
                1 => "1 part of the spec is".to_owned(),
                n => format!("{n} parts of the spec are"),
            }
        );
    }
}

/// Whether the file at `path` holds `expected`; prints a diff when it does not.
fn check_file(target: &Target, path: &std::path::Path, expected: &str) -> bool {
    let actual = std::fs::read_to_string(path).unwrap_or_default();
    if actual == expected {
        eprintln!("{} is up to date", path.display());
        return true;
    }
    let diff = similar::TextDiff::from_lines(actual.as_str(), expected);
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
        "{} is out of date with {}; regenerate it with:\n  {}",
        path.display(),
        target.spec.display(),
        target.regenerate_command()
    );
    false
}
