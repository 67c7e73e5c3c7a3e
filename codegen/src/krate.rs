//! The `Cargo.toml` of a generated client crate.
//!
//! Its one dependency is the runtime: generated code reaches serde through the runtime's
//! re-export (`#[serde(crate = "rt::serde")]`), so a user pays for nothing else.

use std::path::PathBuf;

use crate::error::Error;

/// The runtime's package name on crates.io and in this repository.
const RUNTIME_PACKAGE: &str = "specforge-runtime";

/// Where a generated crate gets the runtime (`specforge-runtime`) from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuntimeSource {
    /// A directory holding the runtime crate, written as given: Cargo resolves a relative
    /// path from the generated crate's directory.
    Path(PathBuf),
    /// A version requirement on the published runtime, e.g. `"0.1"`.
    Version(String),
}

impl Default for RuntimeSource {
    /// The published runtime of the generator's own version: a generated crate builds
    /// anywhere, without this repository beside it. A path only when asked for.
    fn default() -> Self {
        RuntimeSource::Version(env!("CARGO_PKG_VERSION").to_owned())
    }
}

/// What makes generated code a crate of its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CrateSettings {
    /// The package name.
    pub(crate) name: String,
    pub(crate) runtime: RuntimeSource,
    /// The runtime's cargo features the code needs (`huawei` for a spec that signs).
    pub(crate) runtime_features: Vec<&'static str>,
    /// Write an empty `[workspace]` table, so the crate builds on its own even inside the
    /// directory of another workspace. Off when the crate is to be a member of one.
    pub(crate) standalone: bool,
}

/// Refuses a package name Cargo would refuse (and anything that is not a plain name).
pub(crate) fn check_name(name: &str) -> Result<(), Error> {
    let refuse = |why: &str| Err(Error::Setting(format!("crate name {name:?} {why}")));
    if name.is_empty() {
        return refuse("is empty");
    }
    if !name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return refuse("may hold only ASCII letters, digits, `-` and `_`");
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        return refuse("must not start with a digit");
    }
    if crate::naming::is_keyword(&name.replace('-', "_")) {
        return refuse("is a Rust keyword");
    }
    Ok(())
}

/// The manifest, headed by `header` (the `//` header of the generated code, as `#` lines).
///
/// `runtime_crate` is the name the generated code uses for the runtime; when it is not the
/// runtime's own, the dependency is renamed to it.
pub(crate) fn cargo_toml(krate: &CrateSettings, runtime_crate: &str, header: &str) -> String {
    let mut toml = String::new();
    for line in header.lines() {
        let text = line.trim_start_matches('/').trim_start();
        toml.push_str(&format!("# {text}\n"));
    }
    toml.push_str(&format!(
        "\n[package]\nname = {}\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[lib]\npath = \"src/lib.rs\"\n\n[dependencies]\n",
        string(&krate.name)
    ));
    toml.push_str(&runtime_dependency(krate, runtime_crate));
    if krate.standalone {
        toml.push_str("\n# Not a member of any enclosing workspace.\n[workspace]\n");
    }
    toml
}

/// The `[features]` table of a crate split by tag (see `emit::features`).
pub(crate) fn features_table(features: &[(String, Vec<String>)]) -> String {
    let mut toml = String::from(
        "\n# One feature per tag: only the enabled tags' operations and models compile.\n\
         # `_types-N` are groups of models shared by several tags; enable tags, not these.\n\
         [features]\ndefault = []\n",
    );
    for (name, enables) in features {
        let list: Vec<String> = enables.iter().map(|f| string(f)).collect();
        toml.push_str(&format!("{} = [{}]\n", string(name), list.join(", ")));
    }
    toml
}

fn runtime_dependency(krate: &CrateSettings, runtime_crate: &str) -> String {
    let mut fields = Vec::new();
    let key = if runtime_crate.replace('-', "_") == RUNTIME_PACKAGE.replace('-', "_") {
        RUNTIME_PACKAGE.to_owned()
    } else {
        fields.push(format!("package = {}", string(RUNTIME_PACKAGE)));
        string(runtime_crate)
    };
    match &krate.runtime {
        RuntimeSource::Path(dir) => {
            fields.push(format!("path = {}", string(&dir.to_string_lossy())));
        }
        RuntimeSource::Version(version) => fields.push(format!("version = {}", string(version))),
    }
    if !krate.runtime_features.is_empty() {
        let features: Vec<String> = krate.runtime_features.iter().map(|f| string(f)).collect();
        fields.push(format!("features = [{}]", features.join(", ")));
    }
    format!("{key} = {{ {} }}\n", fields.join(", "))
}

/// A TOML basic string. JSON's string escapes are all valid TOML escapes; TOML additionally
/// forbids a raw DEL, which JSON leaves alone.
fn string(text: &str) -> String {
    let json = serde_json::Value::String(text.to_owned()).to_string();
    json.replace('\u{7f}', "\\u007F")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(runtime: RuntimeSource) -> CrateSettings {
        CrateSettings {
            name: "pet-store".to_owned(),
            runtime,
            runtime_features: Vec::new(),
            standalone: true,
        }
    }

    #[test]
    fn a_manifest_names_the_crate_and_only_the_runtime() {
        let runtime = RuntimeSource::Path(PathBuf::from("../runtime"));
        let toml = cargo_toml(
            &settings(runtime),
            "specforge_runtime",
            "// made\n// again\n",
        );
        assert_eq!(
            toml,
            "# made\n# again\n\n[package]\nname = \"pet-store\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n\
             [lib]\npath = \"src/lib.rs\"\n\n[dependencies]\n\
             specforge-runtime = { path = \"../runtime\" }\n\n\
             # Not a member of any enclosing workspace.\n[workspace]\n"
        );
    }

    #[test]
    fn a_renamed_or_published_runtime_is_declared_as_such() {
        let mut krate = settings(RuntimeSource::Version("0.1".to_owned()));
        krate.standalone = false;
        let toml = cargo_toml(&krate, "rt", "");
        assert!(
            toml.contains("\"rt\" = { package = \"specforge-runtime\", version = \"0.1\" }\n"),
            "{toml}"
        );
        assert!(!toml.contains("[workspace]"), "{toml}");
    }

    #[test]
    fn a_signing_client_turns_on_the_runtime_feature() {
        let mut krate = settings(RuntimeSource::Version("0.1".to_owned()));
        krate.runtime_features = vec!["huawei"];
        let toml = cargo_toml(&krate, "specforge_runtime", "");
        assert!(
            toml.contains("\nspecforge-runtime = { version = \"0.1\", features = [\"huawei\"] }\n"),
            "{toml}"
        );
    }

    #[test]
    fn paths_are_escaped_as_toml_strings() {
        let runtime = RuntimeSource::Path(PathBuf::from("C:\\a \"b\"\n\u{7f}"));
        let toml = cargo_toml(&settings(runtime), "specforge_runtime", "");
        assert!(toml.contains(r#"path = "C:\\a \"b\"\n\u007F""#), "{toml}");
    }

    #[test]
    fn names_cargo_would_refuse_are_refused() {
        for bad in ["", "a b", "a\"b", "1abc", "fn", "ünï", "a/b"] {
            assert!(check_name(bad).is_err(), "{bad:?}");
        }
        for good in ["petstore", "pet-store", "pet_store2"] {
            assert!(check_name(good).is_ok(), "{good:?}");
        }
    }

    #[test]
    fn the_default_runtime_is_the_published_one_of_this_version() {
        assert_eq!(
            RuntimeSource::default(),
            RuntimeSource::Version(env!("CARGO_PKG_VERSION").to_owned())
        );
        let krate = CrateSettings {
            name: "petstore".to_owned(),
            runtime: RuntimeSource::default(),
            runtime_features: Vec::new(),
            standalone: true,
        };
        let toml = cargo_toml(&krate, "specforge_runtime", "");
        let line = format!(
            "\nspecforge-runtime = {{ version = \"{}\" }}\n",
            env!("CARGO_PKG_VERSION")
        );
        assert!(toml.contains(&line), "{toml}");
    }
}
