//! `specforge` turns an OpenAPI 3.0 (or 3.1) document into a typed, async Rust client.
//!
//! The pipeline is visible in the modules: **load** (YAML or JSON, bundling, 3.1 translation and
//! the structure checks) → **lower** into a small model of the API → **prune** to the selected
//! operations and the types they reach → **emit** tokens with `quote` → **render** once with
//! `prettyplease`. Output is deterministic: the same spec always gives the same bytes.
//!
//! # Example `build.rs`
//! ```no_run
//! fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     // Writes $OUT_DIR/vpc.rs and prints `cargo:rerun-if-changed` for the spec.
//!     specforge::generate("spec/vpc.yaml")?;
//!     Ok(())
//! }
//! ```
//! and in `src/lib.rs`: `include!(concat!(env!("OUT_DIR"), "/vpc.rs"));`
//!
//! The generated code depends on the `specforge-runtime` and `serde` crates.
//! [`Generator::krate`] writes a whole crate instead (`Cargo.toml` and `src/lib.rs`), and
//! [`Generator::tag`] / [`Generator::operation`] keep only some operations and the types they
//! use.
//!
//! # Errors
//! Every problem in a spec is an [`Error::Spec`] naming the file, the line and column where
//! the parser knows them, and the JSON pointer of the offending node. Nothing panics.
//!
//! An operation (or schema) the generator cannot express is left out and the rest generates:
//! each loss is an [`Omission`], printed as `cargo:warning=` from a build script and listed in
//! the client module's docs. [`Generator::strict`] refuses the spec instead. A broken document
//! is always an error.

mod custom;
mod emit;
mod error;
mod krate;
pub(crate) mod load;
mod locate;
mod lower;
mod model;
mod naming;
mod prune;
mod render;
mod settings;
#[doc(hidden)]
pub mod stages;
mod text;
mod tidy;

use std::path::{Path, PathBuf};

pub use error::{Error, Omission, SpecError, SpecErrorKind};
pub use krate::RuntimeSource;
pub use settings::Settings;

/// Generates a client from `spec` into `$OUT_DIR` (the common `build.rs` case).
///
/// The file is named after the spec (`spec/vpc.yaml` → `vpc.rs`).
///
/// # Errors
/// [`Error::NoOutDir`] outside a build script; otherwise see [`Generator::generate`].
pub fn generate(spec: impl AsRef<Path>) -> Result<PathBuf, Error> {
    Generator::new(spec).generate()
}

/// Generates one client from one spec; set what differs from the defaults.
#[derive(Debug, Clone)]
pub struct Generator {
    spec: PathBuf,
    out_dir: Option<PathBuf>,
    file_name: Option<String>,
    settings: Settings,
    cargo_directives: Option<bool>,
    selection: prune::Selection,
    /// The package name, when generating a whole crate rather than one file.
    crate_name: Option<String>,
    runtime: RuntimeSource,
    standalone: bool,
    /// Emit the `conformance` module (see [`conformance`](Self::conformance)).
    conformance: bool,
    refs: load::sandbox::RefPolicy,
    /// Refuse the spec instead of leaving out what cannot be expressed.
    strict: bool,
    /// Typed formats, replacement types, extra derives and attributes, as given.
    types: custom::Settings,
    /// Whether a crate is split by tag.
    tag_features: TagFeatures,
}

impl Generator {
    /// A generator for the spec at `spec` (`.yaml`, `.yml` or `.json`).
    pub fn new(spec: impl AsRef<Path>) -> Self {
        Generator {
            spec: spec.as_ref().to_path_buf(),
            out_dir: None,
            file_name: None,
            settings: Settings::default(),
            cargo_directives: None,
            selection: prune::Selection::default(),
            crate_name: None,
            runtime: RuntimeSource::default(),
            standalone: true,
            conformance: false,
            refs: load::sandbox::RefPolicy::default(),
            strict: false,
            types: custom::Settings::default(),
            tag_features: TagFeatures::default(),
        }
    }

    /// Where [`generate`](Self::generate) writes (default: `$OUT_DIR`).
    pub fn out_dir(&mut self, dir: impl AsRef<Path>) -> &mut Self {
        self.out_dir = Some(dir.as_ref().to_path_buf());
        self
    }

    /// The output file's name (default: the spec's name with `.rs`, in `snake_case`).
    pub fn file_name(&mut self, name: impl Into<String>) -> &mut Self {
        self.file_name = Some(name.into());
        self
    }

    /// The crate path generated code uses for the runtime (default `specforge_runtime`).
    pub fn runtime_crate(&mut self, name: impl Into<String>) -> &mut Self {
        self.settings.runtime_crate = name.into();
        self
    }

    /// The command the file header names for regenerating it.
    pub fn regenerate_command(&mut self, command: impl Into<String>) -> &mut Self {
        self.settings.regenerate_command = Some(command.into());
        self
    }

    /// Whether to print `cargo:rerun-if-changed` for the files read (default: only when run
    /// from a build script, i.e. when `OUT_DIR` is set).
    pub fn cargo_directives(&mut self, on: bool) -> &mut Self {
        self.cargo_directives = Some(on);
        self
    }

    /// Generates only the operations tagged `tag` (plus those chosen by other tags or by
    /// [`operation`](Self::operation)), and only the types they use. Default: everything.
    pub fn tag(&mut self, tag: impl Into<String>) -> &mut Self {
        self.selection.tags.push(tag.into());
        self
    }

    /// Generates the operation whose `operationId` is `id` (plus those chosen by other IDs
    /// or by [`tag`](Self::tag)), and only the types they use. Default: everything.
    pub fn operation(&mut self, id: impl Into<String>) -> &mut Self {
        self.selection.operations.push(id.into());
        self
    }

    /// Whether a crate ([`krate`](Self::krate)) is split into a module and a cargo feature per
    /// tag (default [`TagFeatures::Auto`]: specs with 200 operations or more). Not with
    /// [`conformance`](Self::conformance), which names every type.
    pub fn tag_features(&mut self, split: TagFeatures) -> &mut Self {
        self.tag_features = split;
        self
    }

    /// Keeps every component schema's type, also those no operation (and no webhook payload)
    /// reaches (default `false`: a whole client leaves them out, since nothing it sends or
    /// receives uses them; webhook payloads under `x-webhooks`/`webhooks`, and everything they
    /// reach, are always kept). With [`tag`](Self::tag) or [`operation`](Self::operation)
    /// only what the chosen operations reach is kept regardless.
    pub fn keep_unreachable_types(&mut self, keep: bool) -> &mut Self {
        self.selection.keep_unreachable_types = keep;
        self
    }

    /// Writes a complete crate named `name` into the output directory instead of one file:
    /// `Cargo.toml` (with exactly the dependencies the code uses) and `src/lib.rs`.
    pub fn krate(&mut self, name: impl Into<String>) -> &mut Self {
        self.crate_name = Some(name.into());
        self
    }

    /// Where a generated crate's `Cargo.toml` takes the runtime from (default: the published
    /// `specforge-runtime` of this generator's version, by version requirement). Only used with
    /// [`krate`](Self::krate).
    pub fn runtime_source(&mut self, source: RuntimeSource) -> &mut Self {
        self.runtime = source;
        self
    }

    /// Whether a generated crate gets an empty `[workspace]` table, so it builds on its own
    /// even inside another workspace's directory (default `true`). Turn it off for a crate
    /// that is to be a member of an enclosing workspace.
    pub fn standalone(&mut self, on: bool) -> &mut Self {
        self.standalone = on;
        self
    }

    /// Derives `PartialEq` on every model type, `Eq` and `Hash` too on string enums and
    /// constants (default: none, except where a derive of yours needs them). Costs compile time.
    pub fn derive_eq(&mut self, on: bool) -> &mut Self {
        self.settings.derive_eq = on;
        self
    }

    /// Derives both `Serialize` and `Deserialize` on every model type (default: `Serialize`
    /// on types requests carry, `Deserialize` on types responses carry, both on types that
    /// travel both ways or that no operation uses), e.g. to store responses and read them back.
    pub fn serde_round_trip(&mut self, on: bool) -> &mut Self {
        self.settings.serde_round_trip = on;
        self
    }

    /// Also emits a hidden `conformance` module mapping each component schema's name to a
    /// decode-then-encode of its type, for conformance harnesses (`scripts/conformance.sh`).
    /// Default off: clients do not need it.
    #[doc(hidden)]
    pub fn conformance(&mut self, on: bool) -> &mut Self {
        self.conformance = on;
        self
    }

    /// Lets external `$ref`s also read files under `dir` (and its subdirectories). By default
    /// they read only inside the spec's own directory tree; `..` and symlinks are resolved
    /// before the check, so neither leads out of it.
    pub fn allow_ref_root(&mut self, dir: impl AsRef<Path>) -> &mut Self {
        self.refs.extra_roots.push(dir.as_ref().to_path_buf());
        self
    }

    /// The largest file an external `$ref` may read, in bytes (default 64 MiB). Larger files
    /// are refused without being read.
    pub fn max_ref_file_bytes(&mut self, bytes: u64) -> &mut Self {
        self.refs.max_bytes = bytes;
        self
    }

    /// Refuses the spec when an operation (or a schema) cannot be expressed, instead of
    /// leaving it out with a warning (default `false`: partial generation). The error is the
    /// first such problem, at its node.
    pub fn strict(&mut self, on: bool) -> &mut Self {
        self.strict = on;
        self
    }

    /// The `recursion_limit` the crate root that includes the code declares (rustc's default:
    /// 128). It bounds the chains of nested types the code may hold: a spec whose chain is
    /// longer is refused, with the limit it needs. A crate ([`krate`](Self::krate)) ignores
    /// it and declares the limit itself.
    pub fn recursion_limit(&mut self, limit: usize) -> &mut Self {
        self.types.recursion_limit = Some(limit);
        self
    }

    /// Whether strings with a `format` the runtime knows (`date-time`, `date`, `uuid`, `uri`,
    /// `ipv4`, `ipv6`, `byte`) become typed values (`specforge_runtime::formats::DateTime`, …)
    /// or stay `String`. Default: what the document says (`x-typed-formats: false` at its
    /// root keeps strings), else typed.
    pub fn typed_formats(&mut self, typed: bool) -> &mut Self {
        self.types.typed_formats = Some(typed);
        self
    }

    /// Uses the Rust type `path` (`"rust_decimal::Decimal"`) for the component schema `schema`
    /// instead of generating one: the schema's name becomes an alias of it, and every use
    /// refers to it. The type must implement serde's `Serialize` and `Deserialize`, `Debug`,
    /// `Clone` and `PartialEq` (what the models derive). The same as `x-rust-type` on the schema.
    ///
    /// `path` must be a type path (generic arguments allowed); anything else is an
    /// [`Error::Setting`] from [`render`](Self::render), as is a schema the spec does not have.
    pub fn replace(&mut self, schema: impl Into<String>, path: impl Into<String>) -> &mut Self {
        self.types.replace.push((schema.into(), path.into()));
        self
    }

    /// Adds `#[derive(path)]` (`"schemars::JsonSchema"`) to every generated model type
    /// (structs, enums, unions). Derives the models already have are not repeated.
    pub fn derive(&mut self, path: impl Into<String>) -> &mut Self {
        self.types.derives.push((None, path.into()));
        self
    }

    /// Adds `#[derive(path)]` to one type, named by its component schema or its Rust name.
    pub fn derive_on(&mut self, ty: impl Into<String>, path: impl Into<String>) -> &mut Self {
        self.types.derives.push((Some(ty.into()), path.into()));
        self
    }

    /// Adds outer attributes (`"#[serde_with::skip_serializing_none]"`) to every generated
    /// model type, before its derives.
    pub fn attribute(&mut self, attribute: impl Into<String>) -> &mut Self {
        self.types.attributes.push((None, attribute.into()));
        self
    }

    /// Adds outer attributes to one type, named by its component schema or its Rust name.
    pub fn attribute_on(
        &mut self,
        ty: impl Into<String>,
        attribute: impl Into<String>,
    ) -> &mut Self {
        self.types
            .attributes
            .push((Some(ty.into()), attribute.into()));
        self
    }

    /// Generates the code and returns it without writing anything. What is left out is
    /// printed as `cargo:warning=` lines when run from a build script (see
    /// [`render_with_omissions`](Self::render_with_omissions)).
    ///
    /// # Errors
    /// [`Error::Io`] when the spec cannot be read, [`Error::Spec`] when it is invalid (or, in
    /// [`strict`](Self::strict) mode, uses an unsupported construct).
    pub fn render(&self) -> Result<String, Error> {
        let (code, omitted) = self.render_with_omissions()?;
        self.warn(&omitted);
        Ok(code)
    }

    /// Generates the code, and lists what was left out of it (operations and schemas the
    /// generator cannot express, each with the reason and where it is in the spec). Prints
    /// no warnings itself.
    ///
    /// # Errors
    /// As [`render`](Self::render).
    pub fn render_with_omissions(&self) -> Result<(String, Vec<Omission>), Error> {
        let (mut rendered, omitted) = self.render_files(false)?;
        Ok((rendered.files.swap_remove(0).1, omitted))
    }

    /// The code as one file, or (for a crate, when it is split by tag) as the crate's source
    /// files and features.
    fn render_files(&self, krate: bool) -> Result<(Rendered, Vec<Omission>), Error> {
        let directives = self.directives();
        if directives {
            println!("cargo:rerun-if-changed={}", self.spec.display());
        }
        on_large_stack(|| {
            let (loaded, text) = load::load_file(&self.spec, &self.refs)?;
            if directives {
                for file in &loaded.external {
                    println!("cargo:rerun-if-changed={}", file.display());
                }
            }
            self.render_document(loaded, &text, Some(&self.spec), krate)
                .map_err(|e| e.in_file(&self.spec).located(&text))
        })
    }

    /// Generates the code from spec text held in memory (the spec's path, given to
    /// [`new`](Self::new), only names it), with every other setting of this generator.
    ///
    /// # Errors
    /// [`Error::Spec`] as [`render`](Self::render).
    pub fn render_text(&self, spec: &str, json: bool) -> Result<(String, Vec<Omission>), Error> {
        let spec = load::without_bom(spec);
        on_large_stack(|| {
            let loaded = load::parse(spec, json)?;
            self.render_document(loaded, spec, None, false)
                .map(|(mut rendered, omitted)| (rendered.files.swap_remove(0).1, omitted))
                .map_err(|e| e.located(spec))
        })
    }

    fn directives(&self) -> bool {
        self.cargo_directives
            .unwrap_or_else(|| std::env::var_os("OUT_DIR").is_some())
    }

    /// What was left out, as `cargo:warning=` lines (one line each) in a build script.
    fn warn(&self, omitted: &[Omission]) {
        if !self.directives() {
            return;
        }
        for omission in omitted {
            let line = omission.to_string().replace(['\r', '\n'], " ");
            println!("cargo:warning={line}");
        }
    }

    fn render_document(
        &self,
        loaded: load::Loaded,
        text: &str,
        file: Option<&Path>,
        krate: bool,
    ) -> Result<(Rendered, Vec<Omission>), Error> {
        let load::Loaded {
            doc, mut omitted, ..
        } = loaded;
        let mut custom = self.types.check()?;
        // A crate's root is ours: it declares the `recursion_limit` its chains need.
        custom.recursion_limit = (!krate).then(|| {
            self.types
                .recursion_limit
                .unwrap_or(lower::DEFAULT_RECURSION_LIMIT)
        });
        let mut api = lower::lower(&doc, &custom)?;
        // The document is not needed past lowering: freed before rendering, the largest step.
        let components = self.conformance.then(|| lower::component_type_names(&doc));
        drop(doc);
        omitted.append(&mut api.omitted);
        Omission::explain_references(&mut omitted);
        api.omitted = omitted.into_iter().map(|o| o.located(text, file)).collect();
        let mut selection = self.selection.clone();
        // Conformance checks every component schema, reached or not.
        selection.keep_unreachable_types |= self.conformance;
        prune::select(&mut api, &selection)?;
        // Strict mode fails as generation did before it could leave anything out: with the
        // first problem in the order the stages meet them (loading, schemas, operations).
        if self.strict {
            if let Some(first) = api.omitted.first() {
                return Err(first.clone().into_error());
            }
        }
        // For people: in document order (stable: ties keep their order).
        api.omitted.sort_by_key(|o| o.line.unwrap_or(usize::MAX));
        let features = (krate && !self.conformance && self.tag_features.splits(&api))
            .then(|| emit::Features::new(&api));
        let files = match &features {
            Some(features) => emit::plan_crate(&api, features),
            None => vec![emit::PlannedFile {
                path: PathBuf::new(),
                module_file: false,
                parts: emit::plan(&api),
            }],
        };
        let parts: Vec<&(emit::Part, render::Edges)> =
            files.iter().flat_map(|f| &f.parts).collect();
        let module_file: Vec<bool> = files
            .iter()
            .flat_map(|f| f.parts.iter().map(|_| f.module_file))
            .collect();
        // The client is the largest single part: it starts first.
        let is_client = |i: &usize| matches!(parts[*i].0, emit::Part::Client);
        let schedule: Vec<usize> = (0..parts.len())
            .filter(is_client)
            .chain((0..parts.len()).filter(|i| !is_client(i)))
            .collect();
        let parts: Vec<(&emit::Part, render::Edges)> = parts.iter().map(|(p, e)| (p, *e)).collect();
        let mut texts = render::render_parts(
            &parts,
            &schedule,
            || emit::PartEmitter::new(&api, &self.settings, components.as_ref(), features.as_ref()),
            |emitter, part, edges| emitter.emit(part, edges),
            |index| module_file.get(index).copied().unwrap_or(false),
        )?
        .into_iter();
        let header = self.header();
        // A crate's one `lib.rs` (empty path) is its root: its attributes follow the header.
        let root_header = match krate {
            true => format!("{header}{}", emit::crate_attribute_lines(&api)),
            false => header.clone(),
        };
        let files = files
            .into_iter()
            .map(|f| {
                let texts: Vec<String> = texts.by_ref().take(f.parts.len()).collect();
                let header = match f.path.as_os_str().is_empty() {
                    true => &root_header,
                    false => &header,
                };
                (f.path, render::join(header, &texts))
            })
            .collect();
        let features = features.map(|f| f.table);
        // The vendor's signer is a runtime feature: on only for a spec that signs.
        let runtime_features = match api.signing {
            model::Signing::AkSk => vec!["huawei"],
            model::Signing::None => Vec::new(),
        };
        Ok((
            Rendered {
                files,
                features,
                runtime_features,
            },
            api.omitted,
        ))
    }

    /// The header of every generated file: what produced it and how to regenerate it.
    fn header(&self) -> String {
        let spec_name = self
            .spec
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let regenerate = self.settings.regenerate_command.clone().unwrap_or_else(|| {
            format!(
                "specforge generate --spec {} --out <dir>",
                self.spec.display()
            )
        });
        render::header(&spec_name, &regenerate)
    }

    /// Every file [`generate`](Self::generate) writes, with its path and contents: the code,
    /// and with [`krate`](Self::krate) also the crate's `Cargo.toml`.
    ///
    /// # Errors
    /// As [`render`](Self::render) and [`output_path`](Self::output_path), plus
    /// [`Error::Setting`] for a crate name Cargo would refuse.
    pub fn files(&self) -> Result<Vec<(PathBuf, String)>, Error> {
        let (files, omitted) = self.files_with_omissions()?;
        self.warn(&omitted);
        Ok(files)
    }

    /// [`files`](Self::files), and what was left out (see
    /// [`render_with_omissions`](Self::render_with_omissions)); prints no warnings.
    ///
    /// # Errors
    /// As [`files`](Self::files).
    #[allow(clippy::type_complexity)]
    pub fn files_with_omissions(&self) -> Result<(Vec<(PathBuf, String)>, Vec<Omission>), Error> {
        let Some(name) = &self.crate_name else {
            let (code, omitted) = self.render_with_omissions()?;
            return Ok((vec![(self.output_path()?, code)], omitted));
        };
        krate::check_name(name)?;
        let (rendered, omitted) = self.render_files(true)?;
        let runtime_features = rendered.runtime_features.clone();
        let settings = krate::CrateSettings {
            name: name.clone(),
            runtime: self.runtime.clone(),
            runtime_features,
            standalone: self.standalone,
        };
        let mut manifest =
            krate::cargo_toml(&settings, &self.settings.runtime_crate, &self.header());
        if let Some(features) = &rendered.features {
            manifest.push_str(&krate::features_table(features));
        }
        let dir = self.output_dir()?;
        let mut files = vec![(dir.join("Cargo.toml"), manifest)];
        for (path, code) in rendered.files {
            let path = match path.as_os_str().is_empty() {
                true => dir.join("src").join("lib.rs"),
                false => dir.join(path),
            };
            files.push((path, code));
        }
        Ok((files, omitted))
    }

    /// The path [`generate`](Self::generate) writes to.
    ///
    /// # Errors
    /// [`Error::NoOutDir`] when no output directory is set and `OUT_DIR` is unset.
    pub fn output_path(&self) -> Result<PathBuf, Error> {
        let dir = self.output_dir()?;
        Ok(match self.crate_name {
            Some(_) => dir.join("src").join("lib.rs"),
            None => dir.join(self.output_file_name()),
        })
    }

    fn output_dir(&self) -> Result<PathBuf, Error> {
        match &self.out_dir {
            Some(dir) => Ok(dir.clone()),
            None => std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or(Error::NoOutDir),
        }
    }

    fn output_file_name(&self) -> String {
        self.file_name.clone().unwrap_or_else(|| {
            let stem = self
                .spec
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            format!("{}.rs", naming::snake(&stem))
        })
    }

    /// Generates the code and writes it (with [`krate`](Self::krate), the whole crate),
    /// leaving files untouched when nothing changed (so timestamps do not trigger rebuilds).
    /// Returns the path of the code.
    ///
    /// # Errors
    /// As [`files`](Self::files), plus [`Error::Io`] when a file cannot be written.
    pub fn generate(&self) -> Result<PathBuf, Error> {
        let (path, omitted) = self.generate_with_omissions()?;
        self.warn(&omitted);
        Ok(path)
    }

    /// [`generate`](Self::generate), returning what was left out instead of printing it.
    ///
    /// # Errors
    /// As [`generate`](Self::generate).
    pub fn generate_with_omissions(&self) -> Result<(PathBuf, Vec<Omission>), Error> {
        let (files, omitted) = self.files_with_omissions()?;
        for (path, contents) in files {
            write_if_changed(&path, &contents)?;
        }
        Ok((self.output_path()?, omitted))
    }
}

/// Generated source: one file (with an empty path), or a split crate's files (paths under the
/// crate's directory) and its `[features]` table.
struct Rendered {
    files: Vec<(PathBuf, String)>,
    features: Option<Vec<(String, Vec<String>)>>,
    /// The runtime's cargo features the code needs (`huawei` for a spec that signs).
    runtime_features: Vec<&'static str>,
}

/// Whether a generated crate ([`Generator::krate`]) is split into a module and a cargo
/// feature per tag, so that users compile only the operations (and models) they enable.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum TagFeatures {
    /// Split specs with at least [`TagFeatures::AUTO_OPERATIONS`] operations and two tags.
    #[default]
    Auto,
    /// Split whenever a crate is written.
    Always,
    /// One `lib.rs` with everything.
    Never,
}

impl TagFeatures {
    /// From how many operations [`TagFeatures::Auto`] splits: below it a whole client checks
    /// in seconds, above it compile time and memory grow past what users wait for.
    pub const AUTO_OPERATIONS: usize = 200;

    fn splits(self, api: &model::Api) -> bool {
        match self {
            TagFeatures::Always => true,
            TagFeatures::Never => false,
            TagFeatures::Auto => {
                let tags: std::collections::BTreeSet<&String> =
                    api.operations.iter().flat_map(|op| &op.tags).collect();
                api.operations.len() >= Self::AUTO_OPERATIONS && tags.len() >= 2
            }
        }
    }
}

/// Writes `contents` unless the file already holds exactly that.
fn write_if_changed(path: &Path, contents: &str) -> Result<(), Error> {
    if std::fs::read_to_string(path).is_ok_and(|existing| existing == contents) {
        return Ok(());
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|source| Error::Io {
            path: dir.to_path_buf(),
            action: "cannot create the output directory",
            source,
        })?;
    }
    std::fs::write(path, contents).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        action: "cannot write the generated code",
        source,
    })
}

/// Generates code from spec text (for tests and tools that hold the spec in memory).
///
/// # Errors
/// [`Error::Spec`] when the text is not a valid, supported OpenAPI 3.0 or 3.1 document.
/// What cannot be expressed is left out (see [`Generator::render_text`] for the list).
pub fn render_str(spec: &str, json: bool, spec_name: &str) -> Result<String, Error> {
    Generator::new(spec_name)
        .render_text(spec, json)
        .map(|(code, _)| code)
}

/// Runs the pipeline on its own thread with a large stack: parsing and lowering recurse once
/// per nesting level, and the caller's thread (a test thread has 2 MiB) may be small. Nesting
/// is capped by `shape::MAX_DEPTH`, so this bound holds. A panic — a bug, never expected — is
/// returned as [`Error::Internal`] instead of unwinding into the caller's build.
/// The stack of the generator's threads (reserved, not committed, until used).
pub(crate) const GENERATOR_STACK: usize = 256 * 1024 * 1024;

fn on_large_stack<T: Send>(work: impl FnOnce() -> Result<T, Error> + Send) -> Result<T, Error> {
    std::thread::scope(|scope| {
        let worker = std::thread::Builder::new()
            .name("specforge".into())
            .stack_size(GENERATOR_STACK)
            .spawn_scoped(scope, work);
        match worker {
            Ok(handle) => handle.join().unwrap_or_else(|panic| {
                let reason = panic
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                Err(Error::Internal(format!("the generator panicked: {reason}")))
            }),
            Err(_) => Err(Error::Internal(
                "could not start the generator thread".to_owned(),
            )),
        }
    })
}
