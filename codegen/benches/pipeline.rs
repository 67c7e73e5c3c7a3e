//! The generator's speed, one pipeline stage at a time.
//!
//! - `corpus/<spec>/<stage>`: real specs from the shared corpus (GitHub's 13 MB document and
//!   Oxide's Nexus), for comparison with other generators (`scripts/compare_progenitor.sh`).
//! - `linearity/<stage>/<N>`: synthetic specs of N = 100, 400 and 1600 operations (one CRUD
//!   resource repeated), reported per operation, so a stage that grows faster than linearly
//!   shows as a falling throughput.
//!
//! Stages: `load` (parse, bundle, translate and check the text), `lower` (into the model),
//! `prune` (whole specs keep every operation, and the types they reach), `emit` (tokens, as
//! one stream) and `render` (syn + prettyplease formatting of that stream, on one thread);
//! then `emit+render-parts`, the two as the CLI runs them: in parts, on up to four threads
//! (CPU time is what `scripts/compare_progenitor.sh` compares; this is wall time). A spec the
//! generator does not support yet is measured up to the stage that refuses it, and the
//! refusal is printed.
//!
//! `cargo bench -p specforge --bench pipeline` (about 3 minutes); a filter such as
//! `-- linearity` runs a part. The corpus is read from `$CODEGEN_CORPUS` (default
//! `../shared/corpus/openapi-3.0` beside the workspace); missing specs are skipped.
//! `CODEGEN_BENCH_SPECS=oxide-keeper.json,spotify.yaml` measures other corpus specs.

#[path = "pipeline/synthetic.rs"]
mod synthetic;

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use criterion::measurement::WallTime;
use criterion::{BatchSize, BenchmarkGroup, BenchmarkId, Criterion, SamplingMode, Throughput};
use specforge::stages::{self, Model};

/// Real specs measured by the `corpus` group, unless `$CODEGEN_BENCH_SPECS` lists others
/// (comma-separated corpus file names).
const CORPUS_SPECS: &str = "oxide-nexus.json,github.json";

/// Operation counts of the synthetic specs.
const SIZES: &[usize] = &[100, 400, 1600];

/// Parsing and lowering recurse once per nesting level; `specforge::Generator` runs them on a
/// thread this large, and so does this bench.
const STACK: usize = 256 * 1024 * 1024;

fn main() {
    let bench = std::thread::Builder::new()
        .name("pipeline-bench".into())
        .stack_size(STACK)
        .spawn(|| {
            let mut criterion = Criterion::default().configure_from_args();
            corpus(&mut criterion);
            linearity(&mut criterion);
            criterion.final_summary();
        });
    match bench.map(std::thread::JoinHandle::join) {
        Ok(Ok(())) => {}
        Ok(Err(_)) => std::process::exit(101),
        Err(e) => {
            eprintln!("cannot start the bench thread: {e}");
            std::process::exit(1);
        }
    }
}

fn corpus_dir() -> PathBuf {
    std::env::var_os("CODEGEN_CORPUS").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/openapi-3.0"),
        PathBuf::from,
    )
}

fn corpus(criterion: &mut Criterion) {
    let dir = corpus_dir();
    let names = std::env::var("CODEGEN_BENCH_SPECS").unwrap_or_else(|_| CORPUS_SPECS.to_owned());
    for name in names.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        let path = dir.join(name);
        let Ok(text) = std::fs::read_to_string(&path) else {
            eprintln!(
                "corpus: skipping {name}: cannot read {} (set CODEGEN_CORPUS)",
                path.display()
            );
            continue;
        };
        let mut group = criterion.benchmark_group(format!("corpus/{name}"));
        // Whole-spec runs take 10 ms to seconds: few samples, one iteration each.
        group
            .sample_size(10)
            .sampling_mode(SamplingMode::Flat)
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(4));
        let input = Input {
            name,
            text,
            json: name.ends_with(".json"),
        };
        stages(&mut group, &input, |stage| {
            BenchmarkId::from_parameter(stage)
        });
        group.finish();
    }
}

fn linearity(criterion: &mut Criterion) {
    let mut group = criterion.benchmark_group("linearity");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    for &operations in SIZES {
        let input = Input {
            name: &format!("synthetic-{operations}"),
            text: synthetic::spec(operations),
            json: true,
        };
        group.throughput(Throughput::Elements(operations as u64));
        stages(&mut group, &input, |stage| {
            BenchmarkId::new(stage, operations)
        });
    }
    group.finish();
}

/// One spec's text, as `stages::load` takes it.
struct Input<'a> {
    name: &'a str,
    text: String,
    json: bool,
}

/// Measures each stage on `input`, stopping (and saying so) at the first stage that fails.
/// Each stage's input is computed outside the measurement.
fn stages(
    group: &mut BenchmarkGroup<'_, WallTime>,
    input: &Input<'_>,
    id: impl Fn(&str) -> BenchmarkId,
) {
    group.bench_function(id("load"), |b| {
        b.iter_with_large_drop(|| stages::load(black_box(&input.text), input.json));
    });
    let Some(doc) = step(input.name, "load", stages::load(&input.text, input.json)) else {
        return;
    };
    group.bench_function(id("lower"), |b| {
        b.iter_with_large_drop(|| stages::lower(black_box(&doc)));
    });
    let Some(model) = step(input.name, "lower", stages::lower(&doc)) else {
        return;
    };
    // Whole specs keep every operation; pruning still walks what they reach.
    group.bench_function(id("prune"), |b| {
        b.iter_batched(
            || model.clone(),
            |mut model| stages::prune(&mut model, &[]).map(|()| model),
            BatchSize::PerIteration,
        );
    });
    let mut model = model;
    if step(input.name, "prune", stages::prune(&mut model, &[])).is_none() {
        return;
    }
    group.bench_function(id("emit"), |b| {
        b.iter_with_large_drop(|| stages::emit(black_box(&model)));
    });
    // Fresh tokens for each run, not clones: a cloned token stream shares its storage, and
    // parsing it would then copy every token, which the real pipeline never does.
    group.bench_function(id("render"), |b| {
        b.iter_batched(
            || stages::emit(&model),
            stages::render,
            BatchSize::PerIteration,
        );
    });
    // Emit and render as the CLI runs them: in parts, on the machine's cores.
    group.bench_function(id("emit+render-parts"), |b| {
        b.iter_with_large_drop(|| stages::emit_render_parts(black_box(&model)));
    });
    if let Some(code) = step(input.name, "render", stages::render(stages::emit(&model))) {
        describe(input, &model, &code);
    }
}

/// The stage's output, or `None` after printing why the spec stops there.
fn step<T>(spec: &str, stage: &str, result: Result<T, specforge::Error>) -> Option<T> {
    result
        .inspect_err(|e| eprintln!("{spec}: stopped at {stage}: {e}"))
        .ok()
}

/// One line of context per spec: how big it is, and how big its output.
fn describe(input: &Input<'_>, model: &Model, code: &str) {
    eprintln!(
        "{}: {} KiB of spec, {} operations, {} types -> {} KiB, {} lines of Rust",
        input.name,
        input.text.len() / 1024,
        model.operation_count(),
        model.type_count(),
        code.len() / 1024,
        code.lines().count(),
    );
}
