use std::fmt;
use std::path::PathBuf;

/// Everything that can stop generation. Each variant says what went wrong and where.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file could not be read or written.
    #[error("{}: {action}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What was being done (`read`, `write`, ...).
        action: &'static str,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The document is not valid OpenAPI, or uses something this generator does not support.
    #[error("{0}")]
    Spec(Box<SpecError>),
    /// `OUT_DIR` is unset when generating from a build script without an explicit output dir.
    #[error("OUT_DIR environment variable is not set: call this from a build script, or set an output directory with `Generator::out_dir`")]
    NoOutDir,
    /// A generator setting does not fit the spec or Cargo: an unknown tag or operation ID to
    /// generate, or a crate name Cargo would refuse. The message names what exists instead.
    #[error("{0}")]
    Setting(String),
    /// The generator produced tokens that do not parse: a bug in the generator, never the spec.
    #[error("internal error: the generated code does not parse ({0}); please report this together with the spec")]
    Internal(String),
}

/// Whether the document is wrong, or right but beyond what this generator handles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpecErrorKind {
    /// The document breaks the OpenAPI rules (or is not a document at all).
    Invalid,
    /// The document is valid but uses a construct the generator cannot turn into code yet.
    Unsupported,
}

/// A problem at one place in a spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecError {
    /// Invalid, or unsupported.
    pub kind: SpecErrorKind,
    /// The spec file, once known.
    pub file: Option<PathBuf>,
    /// 1-based line and column, where the parser knows them.
    pub line_column: Option<(usize, usize)>,
    /// JSON pointer of the offending node (`""` is the whole document).
    pub pointer: String,
    /// What is wrong.
    pub message: String,
}

impl SpecError {
    pub(crate) fn invalid(pointer: impl Into<String>, message: impl Into<String>) -> Error {
        Self::boxed(SpecErrorKind::Invalid, pointer.into(), message.into())
    }

    pub(crate) fn unsupported(pointer: impl Into<String>, message: impl Into<String>) -> Error {
        Self::boxed(SpecErrorKind::Unsupported, pointer.into(), message.into())
    }

    /// A problem that is not a spec error (a generator bug) reported where it happened.
    pub(crate) fn internal(pointer: impl Into<String>, message: impl Into<String>) -> SpecError {
        SpecError {
            kind: SpecErrorKind::Unsupported,
            file: None,
            line_column: None,
            pointer: pointer.into(),
            message: message.into(),
        }
    }

    fn boxed(kind: SpecErrorKind, pointer: String, message: String) -> Error {
        Error::Spec(Box::new(SpecError {
            kind,
            file: None,
            line_column: None,
            pointer,
            message,
        }))
    }
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.file {
            Some(file) => write!(f, "{}", file.display())?,
            None => f.write_str("<spec>")?,
        }
        if let Some((line, column)) = self.line_column {
            write!(f, ":{line}:{column}")?;
        }
        write!(f, ": at `#{}`: ", self.pointer)?;
        if self.kind == SpecErrorKind::Unsupported {
            f.write_str("not supported: ")?;
        }
        f.write_str(&self.message)
    }
}

/// An operation (or a component schema) left out of the generated client because the
/// generator cannot express it, or a type it uses; the rest of the spec is generated.
/// [`crate::Generator::strict`] turns these into errors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Omission {
    /// What was left out, for people: ``operation `getFoo` (GET /foo)`` or ``schema `Foo` ``.
    pub item: String,
    /// The operation's `operationId` (`METHOD /path` when it has none); `None` for a schema.
    pub operation_id: Option<String>,
    /// The operation's tags, so that a tag selection knows what it lost.
    pub tags: Vec<String>,
    /// JSON pointer of what was left out (`/paths/~1foo/get`, `/components/schemas/Foo`).
    pub pointer: String,
    /// Its 1-based line in the spec, where known.
    pub line: Option<usize>,
    /// Why: the problem, at the node that caused it (which may be a schema the operation uses).
    pub cause: SpecError,
}

impl fmt::Display for Omission {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at `#{}`", self.item, self.pointer)?;
        if let Some(line) = self.line {
            write!(f, " (line {line})")?;
        }
        write!(f, " left out: {}", self.cause)
    }
}

impl Omission {
    /// The operation `method path` (with its ID and tags, when it has them) left out.
    pub(crate) fn operation(
        id: Option<&str>,
        method: &str,
        path: &str,
        tags: Vec<String>,
        cause: SpecError,
    ) -> Self {
        let route = format!("{} {path}", method.to_ascii_uppercase());
        let id = id.map_or_else(|| route.clone(), str::to_owned);
        Omission {
            item: format!("operation `{id}` ({route})"),
            operation_id: Some(id),
            tags,
            pointer: Pointer::root().push("paths").push(path).push(method).0,
            line: None,
            cause,
        }
    }

    /// The inline payload of the webhook `name` (at `at`) left out.
    pub(crate) fn webhook_payload(name: &str, at: &Pointer, cause: SpecError) -> Self {
        Omission {
            item: format!("payload of webhook `{name}`"),
            operation_id: None,
            tags: Vec::new(),
            pointer: at.0.clone(),
            line: None,
            cause,
        }
    }

    /// The component schema `name` left out.
    pub(crate) fn schema(name: &str, cause: SpecError) -> Self {
        Self::component("schemas", "schema", name, cause)
    }

    /// The component `components.<kind>.<name>` (a `singular` for people) left out.
    pub(crate) fn component(kind: &str, singular: &str, name: &str, cause: SpecError) -> Self {
        Omission {
            item: format!("{singular} `{name}`"),
            operation_id: None,
            tags: Vec::new(),
            pointer: Pointer::root().push("components").push(kind).push(name).0,
            line: None,
            cause,
        }
    }

    /// The references a component left out is known by (`#/components/schemas/Foo`); empty
    /// for an operation.
    fn reference(&self) -> Option<String> {
        self.pointer
            .starts_with("/components/")
            .then(|| format!("#{}", self.pointer))
    }

    /// Says, for each omission caused by a reference to a component left out itself, why that
    /// component went (otherwise its cause reads as a dangling reference).
    pub(crate) fn explain_references(omitted: &mut [Omission]) {
        let gone: Vec<(String, String)> = omitted
            .iter()
            .filter_map(|o| Some((o.reference()?, o.cause.message.clone())))
            .collect();
        for omission in omitted.iter_mut() {
            let message = &omission.cause.message;
            if !message.contains("does not resolve") {
                continue;
            }
            if let Some((reference, why)) = gone
                .iter()
                .find(|(r, _)| message.contains(&format!("{r:?}")))
            {
                omission.cause.message = format!("{message}: `{reference}` was left out: {why}");
            }
        }
    }

    /// Adds lines (and the file) from the spec text to the omission and its cause.
    pub(crate) fn located(mut self, text: &str, file: Option<&std::path::Path>) -> Self {
        if self.line.is_none() {
            self.line = crate::locate::locate_nearest(text, &self.pointer).map(|(line, _)| line);
        }
        if self.cause.line_column.is_none() {
            self.cause.line_column = crate::locate::locate_nearest(text, &self.cause.pointer);
        }
        if let Some(file) = file {
            self.cause.file.get_or_insert_with(|| file.to_path_buf());
        }
        self
    }

    /// The cause as an error (what strict mode returns).
    pub(crate) fn into_error(self) -> Error {
        Error::Spec(Box::new(self.cause))
    }
}

impl Error {
    /// A copy of the [`SpecError`] inside, if this is one.
    pub(crate) fn clone_spec(&self) -> Option<SpecError> {
        match self {
            Error::Spec(spec) => Some((**spec).clone()),
            _ => None,
        }
    }

    /// The [`SpecError`] inside, if this is one.
    pub(crate) fn into_spec(self) -> Result<SpecError, Error> {
        match self {
            Error::Spec(spec) => Ok(*spec),
            other => Err(other),
        }
    }

    /// Adds the line and column of the error's JSON pointer in `text`, or of its nearest
    /// ancestor there: a pointer may name a node the text lacks (one the 3.1 translation
    /// wrote, or a missing key), and its parent is still the place to look.
    pub(crate) fn located(mut self, text: &str) -> Self {
        if let Error::Spec(spec) = &mut self {
            if spec.line_column.is_none() {
                spec.line_column = crate::locate::locate_nearest(text, &spec.pointer);
            }
        }
        self
    }

    /// Adds the spec file to a [`SpecError`] that does not name one yet.
    pub(crate) fn in_file(mut self, path: &std::path::Path) -> Self {
        if let Error::Spec(spec) = &mut self {
            if spec.file.is_none() {
                spec.file = Some(path.to_path_buf());
            }
        }
        self
    }
}

/// Builds JSON pointers (RFC 6901) while walking a document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Pointer(String);

impl Pointer {
    pub(crate) fn root() -> Self {
        Pointer(String::new())
    }

    /// The pointer one level down, escaping `~` and `/` in the key.
    pub(crate) fn push(&self, key: impl AsRef<str>) -> Self {
        // One allocation: loading and lowering make a pointer for every node they visit.
        let key = key.as_ref();
        let mut pointer = String::with_capacity(self.0.len() + 1 + key.len());
        pointer.push_str(&self.0);
        pointer.push('/');
        for c in key.chars() {
            match c {
                '~' => pointer.push_str("~0"),
                '/' => pointer.push_str("~1"),
                c => pointer.push(c),
            }
        }
        Pointer(pointer)
    }

    /// The pointer one level up (the root stays the root).
    pub(crate) fn parent(self) -> Self {
        match self.0.rfind('/') {
            Some(i) => Pointer(self.0[..i].to_owned()),
            None => self,
        }
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }

    /// A pointer already in RFC 6901 form (`/paths/~1a/get`).
    pub(crate) fn from_raw(pointer: &str) -> Self {
        Pointer(pointer.to_owned())
    }
}

impl From<&Pointer> for String {
    fn from(pointer: &Pointer) -> String {
        pointer.0.clone()
    }
}

impl From<Pointer> for String {
    fn from(pointer: Pointer) -> String {
        pointer.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_escape_keys() {
        let p = Pointer::root().push("paths").push("/v3/{id}").push("a~b");
        assert_eq!(p.as_str(), "/paths/~1v3~1{id}/a~0b");
    }
}
