//! Step 1b: make every reference a component reference.
//!
//! The rest of the pipeline resolves `$ref`s of the form `#/components/<kind>/<name>` only.
//! Real specs also point into the middle of the document (`#/paths/~1keys/get/responses/200/
//! content/application~1json/schema/properties/key`) and into other files
//! (`common.yaml#/components/schemas/Error`). Each such target is copied once into
//! `components` under a name made from its location, and every reference to it — and the
//! place it was copied from — now names that component, so it becomes one shared type.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::error::{Error, Pointer, SpecError};
use crate::load::sandbox::Sandbox;
use crate::naming;

/// More external files than this is not a spec but a crawl.
const MAX_FILES: usize = 256;
/// Bounds the rounds of hoisting (each round may reveal references in what it copied).
const MAX_ROUNDS: usize = 64;

/// Rewrites `doc` so that every `$ref` is `#/components/<kind>/<name>`. External files are
/// read through `sandbox` (relative to the spec's directory, and only what it allows); `None`
/// refuses external references. Returns the external files read.
pub(crate) fn bundle(doc: &mut Value, sandbox: Option<&Sandbox>) -> Result<Vec<PathBuf>, Error> {
    let mut state = Bundler {
        sandbox,
        files: HashMap::new(),
        hoisted: HashMap::new(),
    };
    for _ in 0..MAX_ROUNDS {
        let mut refs = Vec::new();
        collect_refs(doc, &Pointer::root(), &mut refs);
        let foreign: Vec<(String, String)> = refs
            .into_iter()
            .filter(|(_, target)| !is_component_ref(target))
            .collect();
        if foreign.is_empty() {
            return Ok(state.files.into_keys().collect());
        }
        state.hoist_all(doc, foreign)?;
    }
    Err(SpecError::unsupported(
        Pointer::root(),
        format!("references still lead outside `components` after {MAX_ROUNDS} rounds of copying their targets in"),
    ))
}

struct Bundler<'s> {
    sandbox: Option<&'s Sandbox>,
    /// External documents by path, already rewritten so their local references name the file.
    files: HashMap<PathBuf, Value>,
    /// Reference target (normalized) → the component reference that replaces it.
    hoisted: HashMap<String, String>,
}

impl Bundler<'_> {
    fn hoist_all(&mut self, doc: &mut Value, refs: Vec<(String, String)>) -> Result<(), Error> {
        // Deepest targets first: a target nested in another is replaced by a reference before
        // the outer one is copied, so both copies share it.
        let mut targets: BTreeMap<(usize, String), String> = BTreeMap::new();
        for (at, target) in &refs {
            let key = normalize(target);
            let depth = key.matches('/').count();
            targets
                .entry((usize::MAX - depth, key))
                .or_insert_with(|| at.clone());
        }
        for ((_, target), at) in targets {
            if !self.hoisted.contains_key(&target) {
                let replacement = self.hoist(doc, &target, &at)?;
                self.hoisted.insert(target, replacement);
            }
        }
        rewrite_refs(doc, &self.hoisted);
        Ok(())
    }

    /// Copies the target of `target` (found at `at`) into `components` and returns the
    /// component reference that names it now.
    fn hoist(&mut self, doc: &mut Value, target: &str, at: &str) -> Result<String, Error> {
        let at_ref = Pointer::from_raw(at).push("$ref");
        let (file, fragment) = target.split_once('#').unwrap_or((target, ""));
        let value = if file.is_empty() {
            resolve(doc, fragment).cloned().ok_or_else(|| {
                SpecError::invalid(
                    at_ref.clone(),
                    format!("reference {target:?} does not resolve: nothing is at `{fragment}`"),
                )
            })?
        } else {
            let external = self.external(file, &at_ref)?;
            resolve(external, fragment).cloned().ok_or_else(|| {
                SpecError::invalid(at_ref.clone(), format!("reference {target:?} does not resolve: nothing is at `{fragment}` in {file}"))
            })?
        };
        let kind = kind_of(fragment).ok_or_else(|| {
            SpecError::unsupported(
                at_ref.clone(),
                format!("reference {target:?}: cannot tell what kind of object it points at (a schema, parameter, response, request body or header)"),
            )
        })?;
        let name = unique_name(doc, kind, &names_for(doc, file, fragment));
        let reference = format!("#/components/{kind}/{name}");
        let components = doc.as_object_mut().map(|d| {
            d.entry("components")
                .or_insert_with(|| Value::Object(Map::new()))
        });
        let Some(Value::Object(components)) = components else {
            return Err(SpecError::invalid(
                Pointer::root().push("components"),
                "`components` is not an object",
            ));
        };
        let Value::Object(section) = components
            .entry(kind)
            .or_insert_with(|| Value::Object(Map::new()))
        else {
            return Err(SpecError::invalid(
                Pointer::root().push("components").push(kind),
                format!("`components.{kind}` is not an object"),
            ));
        };
        section.insert(name, value);
        // The copied-from place in this document becomes a reference too: one type, not two.
        if file.is_empty() {
            if let Some(original) = doc.pointer_mut(fragment) {
                let mut link = Map::new();
                link.insert("$ref".to_owned(), Value::String(reference.clone()));
                *original = Value::Object(link);
            }
        }
        Ok(reference)
    }

    /// The external document `file`, read once, with its own local references rewritten to
    /// name the file.
    fn external(&mut self, file: &str, at: &Pointer) -> Result<&Value, Error> {
        if file.contains("://") {
            return Err(SpecError::unsupported(
                at.clone(),
                format!("reference to {file:?}: references to URLs are not followed; download the file and refer to it by a relative path"),
            ));
        }
        let Some(sandbox) = self.sandbox else {
            return Err(SpecError::unsupported(
                at.clone(),
                format!("reference into the file {file:?}: external files are read only when the spec itself is a file"),
            ));
        };
        let path = sandbox.path_of(file);
        if !self.files.contains_key(&path) {
            if self.files.len() >= MAX_FILES {
                return Err(SpecError::unsupported(
                    at.clone(),
                    format!("more than {MAX_FILES} external files are referenced"),
                ));
            }
            let text = sandbox.read(&path).map_err(|refusal| {
                SpecError::invalid(
                    at.clone(),
                    format!("reference into {file:?} refused: {refusal}"),
                )
            })?;
            let json = path.extension().is_some_and(|e| e == "json");
            let mut value =
                crate::load::read_structure(&text, json).map_err(|e| e.in_file(&path))?;
            prefix_local_refs(&mut value, file);
            self.files.insert(path.clone(), value);
        }
        self.files
            .get(&path)
            .ok_or_else(|| Error::Internal("an external file vanished".into()))
    }
}

/// `#/components/<kind>/<name>`: what the rest of the pipeline resolves.
fn is_component_ref(target: &str) -> bool {
    let Some(rest) = target.strip_prefix("#/components/") else {
        return false;
    };
    matches!(rest.split_once('/'), Some((_, name)) if !name.is_empty() && !name.contains('/'))
}

/// A reference with its fragment percent-decoded (`%7Bid%7D` → `{id}`), as JSON pointers
/// compare.
fn normalize(target: &str) -> String {
    match target.split_once('#') {
        Some((file, fragment)) => {
            let decoded = percent_encoding::percent_decode_str(fragment).decode_utf8_lossy();
            format!("{file}#{decoded}")
        }
        None => format!("{target}#"),
    }
}

/// Which `components` section a pointer's target belongs in, from the pointer's shape.
fn kind_of(fragment: &str) -> Option<&'static str> {
    let segments: Vec<&str> = fragment.split('/').skip(1).collect();
    const SCHEMA_KEYS: &[&str] = &[
        "schema",
        "schemas",
        "properties",
        "items",
        "additionalProperties",
        "allOf",
        "oneOf",
        "anyOf",
        "not",
    ];
    if segments.is_empty() {
        // A whole external file: a schema (the common case for `pet.yaml`).
        return Some("schemas");
    }
    if segments.iter().any(|s| SCHEMA_KEYS.contains(s)) {
        return Some("schemas");
    }
    let parent = segments.get(segments.len().wrapping_sub(2)).copied();
    match parent {
        Some("parameters") => Some("parameters"),
        Some("responses") => Some("responses"),
        Some("headers") => Some("headers"),
        Some("requestBodies") => Some("requestBodies"),
        Some("examples") => Some("examples"),
        Some("links") => Some("links"),
        Some("callbacks") => Some("callbacks"),
        _ if segments.last() == Some(&"requestBody") => Some("requestBodies"),
        _ => None,
    }
}

/// Names for the component a target becomes, the most readable first: its last meaningful
/// segments (`…/properties/vpcs/items` → `Vpcs`), then, for a target inside an operation, that
/// name after the operation's (`ListVpcs`, or the method and path when it has no ID), since
/// one API often has several `vpcs` that are not the same (list and create responses).
fn names_for(doc: &Value, file: &str, fragment: &str) -> Vec<String> {
    let short = name_for(file, fragment);
    let Some(operation) = operation_name(doc, file, fragment) else {
        return vec![short];
    };
    let role = role_in_operation(fragment);
    let mut names = Vec::new();
    if !short.is_empty() {
        names.push(short.clone());
    }
    let long = if short.is_empty() {
        format!("{operation}{role}")
    } else if operation.to_lowercase().ends_with(&short.to_lowercase()) {
        // `GetFirewall` + `Firewall`: the operation's name says it already.
        operation
    } else {
        format!("{operation}{short}")
    };
    names.push(long);
    names
}

/// The name of the operation a pointer into `paths` lies in: its `operationId` (in this
/// document), else its method and the path's words (`GetVpcsVpcId`).
fn operation_name(doc: &Value, file: &str, fragment: &str) -> Option<String> {
    let mut segments = fragment.split('/').skip(1);
    let (Some("paths"), Some(path), Some(method)) =
        (segments.next(), segments.next(), segments.next())
    else {
        return None;
    };
    let method_known = [
        "get", "put", "post", "delete", "patch", "head", "options", "trace",
    ]
    .contains(&method);
    if !method_known {
        return None;
    }
    let id = match file.is_empty() {
        true => doc
            .pointer(&format!("/paths/{path}/{method}/operationId"))
            .and_then(Value::as_str),
        false => None,
    };
    let name = match id {
        Some(id) => naming::pascal(id),
        None => {
            let path = path.replace("~1", "/").replace("~0", "~");
            let words: Vec<&str> = path
                .split('/')
                .map(|w| w.trim_matches(|c| c == '{' || c == '}'))
                .filter(|w| !w.is_empty())
                .collect();
            naming::pascal(&format!("{method}_{}", words.join("_")))
        }
    };
    Some(name)
}

/// What a pointer inside an operation names, for a target without meaningful segments.
fn role_in_operation(fragment: &str) -> &'static str {
    let segments: Vec<&str> = fragment.split('/').collect();
    if segments.contains(&"requestBody") {
        "RequestBody"
    } else if segments.contains(&"responses") {
        "Response"
    } else if segments.contains(&"parameters") {
        "Parameter"
    } else {
        ""
    }
}

/// A readable component name from where the target was: its last meaningful segments (empty
/// for a local target without any).
fn name_for(file: &str, fragment: &str) -> String {
    const STRUCTURE: &[&str] = &[
        "paths",
        "components",
        "schemas",
        "schema",
        "properties",
        "items",
        "allOf",
        "oneOf",
        "anyOf",
        "additionalProperties",
        "content",
        "responses",
        "parameters",
        "requestBody",
        "$defs",
        "definitions",
        "get",
        "put",
        "post",
        "delete",
        "patch",
        "head",
        "options",
        "trace",
    ];
    let meaningful: Vec<String> = fragment
        .split('/')
        .skip(1)
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .filter(|s| {
            !STRUCTURE.contains(&s.as_str()) && !s.contains('/') && s.parse::<u64>().is_err()
        })
        .collect();
    let tail: Vec<&str> = meaningful
        .iter()
        .rev()
        .take(2)
        .rev()
        .map(String::as_str)
        .collect();
    let stem = Path::new(file)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    let base = if tail.is_empty() {
        if stem.is_empty() {
            return String::new();
        }
        stem.to_owned()
    } else {
        tail.join("_")
    };
    naming::pascal(&base)
}

/// `a/b/../c.yaml` → `a/c.yaml`, so that one file reached by two spellings is read once.
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir if out.file_name().is_some() => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The first of `names` that `components.<kind>` does not have yet, else the last one
/// numbered (`name2`, `name3`…).
fn unique_name(doc: &Value, kind: &str, names: &[String]) -> String {
    let taken = |candidate: &str| {
        doc.pointer(&format!("/components/{kind}/{candidate}"))
            .is_some()
    };
    if let Some(free) = names.iter().find(|n| !n.is_empty() && !taken(n)) {
        return free.clone();
    }
    let name = names
        .iter()
        .rev()
        .find(|n| !n.is_empty())
        .map_or("Schema", String::as_str);
    (2..)
        .map(|n| format!("{name}{n}"))
        .find(|c| !taken(c))
        .unwrap_or_default()
}

/// Every `$ref` string in `value` with the pointer of the object holding it.
fn collect_refs(value: &Value, at: &Pointer, out: &mut Vec<(String, String)>) {
    collect_in(value, at, Place::default(), out);
}

fn collect_in(value: &Value, at: &Pointer, place: Place<'_>, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(target)) = map.get("$ref") {
                out.push((at.as_str().to_owned(), target.clone()));
            }
            for (key, inner) in map {
                if !place.is_literal(key, inner) {
                    collect_in(inner, &at.push(key), place.enter(key), out);
                }
            }
        }
        Value::Array(items) => {
            for (index, inner) in items.iter().enumerate() {
                collect_in(inner, &at.push(index.to_string()), Place::default(), out);
            }
        }
        _ => {}
    }
}

/// Where a mapping sits: its own key and its parent's. Example values (`example`, an Example
/// Object's `value`, a 3.1 schema's `examples` list) are literal data, which may hold a key
/// named `$ref` that is no reference: none is followed or rewritten there.
#[derive(Debug, Clone, Copy, Default)]
struct Place<'k> {
    parent: Option<&'k str>,
    key: Option<&'k str>,
}

impl<'k> Place<'k> {
    fn enter(self, key: &'k str) -> Self {
        Place {
            parent: self.key,
            key: Some(key),
        }
    }

    /// Whether `key` of this mapping holds literal example data. A schema's `properties` may
    /// name a property `example` or `value`; those stay schemas.
    fn is_literal(self, key: &str, value: &Value) -> bool {
        if self.key == Some("properties") {
            return false;
        }
        match key {
            "example" => true,
            "examples" => value.is_array(),
            "value" => self.parent == Some("examples"),
            _ => false,
        }
    }
}

/// The value at a JSON pointer, following `$ref`s met on the way (a pointer may pass through
/// a place that is itself a reference, e.g. one hoisted in an earlier round).
fn resolve<'v>(root: &'v Value, fragment: &str) -> Option<&'v Value> {
    let mut current = root;
    for raw in fragment.split('/').skip(1) {
        let key = raw.replace("~1", "/").replace("~0", "~");
        for _ in 0..MAX_ROUNDS {
            let Some(Value::String(target)) = current.get("$ref") else {
                break;
            };
            if current.get(&key).is_some() {
                break;
            }
            current = root.pointer(target.strip_prefix('#')?)?;
        }
        current = match current {
            Value::Array(items) => items.get(key.parse::<usize>().ok()?)?,
            other => other.get(&key)?,
        };
    }
    Some(current)
}

/// Replaces each hoisted reference by its component reference.
fn rewrite_refs(value: &mut Value, hoisted: &HashMap<String, String>) {
    rewrite_in(value, Place::default(), hoisted);
}

fn rewrite_in(value: &mut Value, place: Place<'_>, hoisted: &HashMap<String, String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(target)) = map.get_mut("$ref") {
                if !is_component_ref(target) {
                    if let Some(replacement) = hoisted.get(&normalize(target)) {
                        *target = replacement.clone();
                    }
                }
            }
            for (key, inner) in map.iter_mut() {
                if !place.is_literal(key, inner) {
                    rewrite_in(inner, place.enter(key), hoisted);
                }
            }
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|i| rewrite_in(i, Place::default(), hoisted)),
        _ => {}
    }
}

/// In an external document, `#/x` means that document's `x` (`file#/x`), and `other.yaml`
/// is relative to that document's directory.
fn prefix_local_refs(value: &mut Value, file: &str) {
    prefix_in(value, Place::default(), file);
}

fn prefix_in(value: &mut Value, place: Place<'_>, file: &str) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(target)) = map.get_mut("$ref") {
                if target.starts_with('#') {
                    *target = format!("{file}{target}");
                } else if !target.contains("://") {
                    let dir = Path::new(file).parent().unwrap_or(Path::new(""));
                    let (other, fragment) = target.split_once('#').unwrap_or((target, ""));
                    let joined = lexical(&dir.join(other));
                    *target = format!("{}#{fragment}", joined.to_string_lossy());
                }
            }
            for (key, inner) in map.iter_mut() {
                if !place.is_literal(key, inner) {
                    prefix_in(inner, place.enter(key), file);
                }
            }
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|v| prefix_in(v, Place::default(), file)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_pointer_into_a_response_becomes_one_shared_component() {
        let mut doc = json!({
            "openapi": "3.0.3",
            "paths": {
                "/a/{id}": {"get": {"responses": {"200": {"content": {"application/json": {
                    "schema": {"type": "object", "properties": {"key": {"type": "string"}}}
                }}}}}},
                "/b": {"get": {"responses": {"200": {"content": {"application/json": {
                    "schema": {"$ref": "#/paths/~1a~1%7Bid%7D/get/responses/200/content/application~1json/schema/properties/key"}
                }}}}}}
            }
        });
        let files = bundle(&mut doc, None).unwrap();
        assert!(files.is_empty());
        assert_eq!(
            doc["components"]["schemas"]["Key"],
            json!({"type": "string"})
        );
        let link = json!({"$ref": "#/components/schemas/Key"});
        let a =
            "/paths/~1a~1{id}/get/responses/200/content/application~1json/schema/properties/key";
        let b = "/paths/~1b/get/responses/200/content/application~1json/schema";
        assert_eq!(doc.pointer(a), Some(&link));
        assert_eq!(doc.pointer(b), Some(&link));
    }

    #[test]
    fn what_cannot_be_resolved_or_classified_is_a_located_error() {
        let mut missing = json!({"paths": {"/x": {"$ref": "#/nowhere/at/all"}}});
        let error = bundle(&mut missing, None).unwrap_err().to_string();
        assert!(
            error.contains("/paths/~1x/$ref") && error.contains("does not resolve"),
            "{error}"
        );
        let mut external = json!({"x": {"$ref": "other.yaml#/Foo"}});
        let error = bundle(&mut external, None).unwrap_err().to_string();
        assert!(
            error.contains("only when the spec itself is a file"),
            "{error}"
        );
    }

    #[test]
    fn kinds_and_names_come_from_the_pointer() {
        assert_eq!(kind_of("/paths/~1a/get/parameters/0"), Some("parameters"));
        assert_eq!(kind_of("/paths/~1a/get/responses/200"), Some("responses"));
        assert_eq!(kind_of("/paths/~1a/get/requestBody"), Some("requestBodies"));
        assert_eq!(
            kind_of("/components/schemas/A/properties/b"),
            Some("schemas")
        );
        assert_eq!(kind_of("/info/title"), None);
        assert_eq!(name_for("", "/components/schemas/Owner"), "Owner");
        assert_eq!(name_for("dir/pet-store.yaml", ""), "PetStore");
        assert_eq!(
            lexical(Path::new("a/b/../c.yaml")),
            PathBuf::from("a/c.yaml")
        );
        assert_eq!(normalize("#/paths/~1a~1%7Bid%7D"), "#/paths/~1a~1{id}");
    }
}
