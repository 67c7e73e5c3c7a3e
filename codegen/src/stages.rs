//! The pipeline's steps one at a time, for benchmarks and profiling (`codegen/benches`).
//!
//! Not a stable API: the values passed between steps are opaque, so the steps' internals
//! stay private. [`crate::Generator`] and [`crate::render_str`] are the supported entry
//! points; unlike them, these functions run on the caller's thread, so the caller needs a
//! large stack for deeply nested specs (see `on_large_stack` in `lib.rs`).

use proc_macro2::TokenStream;

use crate::error::Error;
use crate::model::Api;
use crate::settings::Settings;

/// A parsed document (the output of [`load`]).
pub struct Document(openapiv3::OpenAPI);

/// The lowered API model (the output of [`lower`]).
#[derive(Clone)]
pub struct Model(Api);

/// The emitted, not yet formatted code (the output of [`emit`]).
pub struct Tokens(TokenStream);

impl Model {
    /// How many operations the model holds.
    pub fn operation_count(&self) -> usize {
        self.0.operations.len()
    }

    /// How many types the model holds.
    pub fn type_count(&self) -> usize {
        self.0.types.len()
    }
}

/// Stage 1a (load): the text's raw structure as JSON (YAML read by the YAML 1.2 core schema), before
/// any OpenAPI checks.
///
/// # Errors
/// [`Error::Spec`] on a syntax error, a repeated key or nesting too deep.
pub fn read_structure(text: &str, json: bool) -> Result<serde_json::Value, Error> {
    crate::load::read_structure(text, json)
}

/// Stage 1 (load): parses spec text, JSON when `json` is set, YAML otherwise (with all of the
/// loader's structure, version and keyword checks).
///
/// # Errors
/// [`Error::Spec`] when the text is not a readable OpenAPI 3.0 document.
pub fn load(text: &str, json: bool) -> Result<Document, Error> {
    crate::load::parse(text, json).map(|loaded| Document(loaded.doc))
}

/// Stage 2 (lower): lowers the document into the model.
///
/// # Errors
/// [`Error::Spec`] when the document is invalid or uses something not supported yet.
pub fn lower(doc: &Document) -> Result<Model, Error> {
    crate::lower::lower(&doc.0, &Default::default()).map(Model)
}

/// Stage 3 (prune): keeps only the operations with one of `operation_ids` and the types and
/// settings they reach (an empty selection keeps every operation, as for a whole client, and
/// the types they and the webhooks reach).
///
/// # Errors
/// [`Error::Setting`] when an operation ID is not in the model.
pub fn prune(model: &mut Model, operation_ids: &[String]) -> Result<(), Error> {
    let selection = crate::prune::Selection {
        tags: Vec::new(),
        operations: operation_ids.to_vec(),
        keep_unreachable_types: false,
    };
    crate::prune::select(&mut model.0, &selection)
}

/// Stage 4 (emit): the generated file as tokens, with default [`Settings`].
pub fn emit(model: &Model) -> Tokens {
    Tokens(crate::emit::emit(&model.0, &Settings::default()))
}

/// Stage 5 (render): formats the tokens into the file's text (with the `@generated` header).
///
/// # Errors
/// [`Error::Internal`] when the tokens are not a Rust file (a generator bug).
pub fn render(tokens: Tokens) -> Result<String, Error> {
    crate::render::render(tokens.0, &crate::render::header("bench", "bench"))
}

/// Stages 4 and 5 as the CLI runs them: the output planned in parts, each emitted and rendered
/// on its own, on up to four threads, then joined (with the `@generated` header).
///
/// # Errors
/// [`Error::Internal`] when the tokens are not a Rust file (a generator bug).
pub fn emit_render_parts(model: &Model) -> Result<String, Error> {
    let api = &model.0;
    let settings = Settings::default();
    let planned = crate::emit::plan(api);
    let parts: Vec<(&crate::emit::Part, crate::render::Edges)> =
        planned.iter().map(|(p, e)| (p, *e)).collect();
    // As the CLI: the client, the largest part, first.
    let is_client = |i: &usize| matches!(parts[*i].0, crate::emit::Part::Client);
    let schedule: Vec<usize> = (0..parts.len())
        .filter(is_client)
        .chain((0..parts.len()).filter(|i| !is_client(i)))
        .collect();
    let texts = crate::render::render_parts(
        &parts,
        &schedule,
        || crate::emit::PartEmitter::new(api, &settings, None, None),
        |emitter, part, edges| emitter.emit(part, edges),
        |_| false,
    )?;
    Ok(crate::render::join(
        &crate::render::header("bench", "bench"),
        &texts,
    ))
}
