//! The `codegen` binary: `generate` writes, `check` catches any drift with a readable diff.

use std::path::Path;
use std::process::{Command, Output};

const SPEC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/vpc.yaml");

fn codegen(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_specforge"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("the codegen binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn check_fails_with_a_diff_after_a_spec_edit_and_passes_after_generate() {
    let dir = tempfile::tempdir().expect("temp dir");
    let spec = dir.path().join("vpc.yaml");
    std::fs::copy(SPEC, &spec).expect("copy the spec");
    let args = |command: &'static str| [command, "--spec", "vpc.yaml", "--out", "out"];

    // Nothing generated yet: check fails.
    assert_eq!(codegen(&args("check"), dir.path()).status.code(), Some(1));

    let generated = codegen(&args("generate"), dir.path());
    assert!(generated.status.success(), "{}", text(&generated.stderr));
    assert!(dir.path().join("out/vpc.rs").exists());
    let fresh = codegen(&args("check"), dir.path());
    assert_eq!(fresh.status.code(), Some(0), "{}", text(&fresh.stderr));

    // Edit a description in the spec: check must fail and show exactly that change.
    let original = std::fs::read_to_string(&spec).expect("spec text");
    let edited = original.replace(
        "description: Traffic mirror source IDs.",
        "description: IDs of the mirror sources to remove.",
    );
    assert_ne!(original, edited, "the edit applies");
    std::fs::write(&spec, edited).expect("write edited spec");
    let stale = codegen(&args("check"), dir.path());
    assert_eq!(stale.status.code(), Some(1));
    let diff = text(&stale.stdout);
    assert!(diff.contains("--- out/vpc.rs (committed)"), "{diff}");
    assert!(
        diff.contains("+++ out/vpc.rs (generated from vpc.yaml)"),
        "{diff}"
    );
    assert!(
        diff.contains("-        /// Traffic mirror source IDs."),
        "{diff}"
    );
    assert!(
        diff.contains("+        /// IDs of the mirror sources to remove."),
        "{diff}"
    );
    assert!(text(&stale.stderr)
        .contains("cargo run -p specforge -- generate --spec vpc.yaml --out out"));

    // Regenerate: fresh again.
    assert!(codegen(&args("generate"), dir.path()).status.success());
    assert_eq!(codegen(&args("check"), dir.path()).status.code(), Some(0));
}

#[test]
fn a_broken_spec_exits_2_with_a_located_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("bad.yaml"),
        "openapi: 3.0.3\ninfo:\n  title: [unclosed\n",
    )
    .expect("write");
    let output = codegen(
        &["generate", "--spec", "bad.yaml", "--out", "out"],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert!(stderr.starts_with("error: bad.yaml:"), "{stderr}");
    assert!(
        !dir.path().join("out").exists(),
        "nothing is written for a broken spec"
    );
}

#[test]
fn generate_leaves_an_unchanged_file_untouched() {
    let dir = tempfile::tempdir().expect("temp dir");
    let args = ["generate", "--spec", SPEC, "--out", "out"];
    assert!(codegen(&args, dir.path()).status.success());
    let file = dir.path().join("out/vpc.rs");
    let before = std::fs::metadata(&file)
        .and_then(|m| m.modified())
        .expect("mtime");
    std::thread::sleep(std::time::Duration::from_millis(20));
    assert!(codegen(&args, dir.path()).status.success());
    let after = std::fs::metadata(&file)
        .and_then(|m| m.modified())
        .expect("mtime");
    assert_eq!(before, after);
}

const TAGGED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/specs/tagged.yaml");

/// Names of the types and methods in generated code, as `struct Pet`, `fn list_pets`.
fn items(code: &str) -> std::collections::BTreeSet<String> {
    let item = regex::Regex::new(r"pub (?:async )?(struct|enum|type|fn) (\w+)").expect("regex");
    item.captures_iter(code)
        .map(|c| format!("{} {}", &c[1], &c[2]))
        .collect()
}

/// Crates generated code names by absolute path (`::serde::…`), outside the standard library.
fn crates_named(code: &str) -> std::collections::BTreeSet<String> {
    let path = regex::Regex::new(r"(?:^|[^\w:])::([a-z_][a-z0-9_]*)::").expect("regex");
    path.captures_iter(code)
        .map(|c| c[1].to_owned())
        .filter(|name| !["std", "core", "alloc"].contains(&name.as_str()))
        .collect()
}

/// The keys of the manifest's `[dependencies]` table, as crate names (`-` → `_`).
fn dependencies(manifest: &str) -> std::collections::BTreeSet<String> {
    manifest
        .split("\n[dependencies]\n")
        .nth(1)
        .unwrap_or_default()
        .lines()
        .take_while(|line| !line.is_empty())
        .filter_map(|line| line.split(" = ").next())
        .map(|key| key.replace('-', "_"))
        .collect()
}

fn read(path: impl AsRef<Path>) -> String {
    std::fs::read_to_string(path.as_ref())
        .unwrap_or_else(|e| panic!("{}: {e}", path.as_ref().display()))
}

#[test]
fn a_crate_depends_on_exactly_the_crates_its_code_names() {
    let dir = tempfile::tempdir().expect("temp dir");
    let args = [
        "generate",
        "--spec",
        SPEC,
        "--out",
        "vpc",
        "--crate",
        "vpc-client",
    ];
    let output = codegen(&args, dir.path());
    assert!(output.status.success(), "{}", text(&output.stderr));
    let manifest = read(dir.path().join("vpc/Cargo.toml"));
    let code = read(dir.path().join("vpc/src/lib.rs"));

    assert_eq!(dependencies(&manifest), crates_named(&code), "{manifest}");
    assert!(manifest.contains("\nname = \"vpc-client\"\n"), "{manifest}");
    assert!(manifest.contains("\nedition = \"2021\"\n"), "{manifest}");
    assert!(
        manifest.contains("\n[lib]\npath = \"src/lib.rs\"\n"),
        "{manifest}"
    );
    assert!(manifest.ends_with("\n[workspace]\n"), "{manifest}");
    // By version by default: the crate builds without this repository beside it.
    let declared = format!(
        "\nspecforge-runtime = {{ version = \"{}\", features = [\"huawei\"] }}\n",
        env!("CARGO_PKG_VERSION")
    );
    assert!(manifest.contains(&declared), "{manifest}");
    // The code is the file `generate` writes without --crate, under the crate's header.
    let plain = codegen(&["generate", "--spec", SPEC, "--out", "plain"], dir.path());
    assert!(plain.status.success(), "{}", text(&plain.stderr));
    let body = |code: &str| code.split_once("\n\n").map(|(_, b)| b.to_owned());
    assert_eq!(body(&code), body(&read(dir.path().join("plain/vpc.rs"))));
}

#[test]
fn crate_options_reach_the_manifest_and_check_covers_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let args = |command: &'static str| {
        [
            command,
            "--spec",
            SPEC,
            "--out",
            "vpc",
            "--crate",
            "vpc",
            "--runtime-version",
            "0.1",
            "--in-workspace",
        ]
    };
    assert!(codegen(&args("generate"), dir.path()).status.success());
    let manifest_path = dir.path().join("vpc/Cargo.toml");
    let manifest = read(&manifest_path);
    assert!(
        manifest.contains("\nspecforge-runtime = { version = \"0.1\", features = [\"huawei\"] }\n"),
        "{manifest}"
    );
    assert!(!manifest.contains("[workspace]"), "{manifest}");
    assert!(
        manifest.contains("--crate vpc --runtime-version 0.1 --in-workspace"),
        "the header regenerates with the same options: {manifest}"
    );
    assert_eq!(codegen(&args("check"), dir.path()).status.code(), Some(0));

    std::fs::write(&manifest_path, manifest.replace("0.1\"", "0.2\"")).expect("edit");
    let stale = codegen(&args("check"), dir.path());
    assert_eq!(stale.status.code(), Some(1));
    assert!(text(&stale.stdout)
        .contains("+specforge-runtime = { version = \"0.1\", features = [\"huawei\"] }"));
}

#[test]
fn a_crate_name_cargo_would_refuse_is_an_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let output = codegen(
        &[
            "generate", "--spec", SPEC, "--out", "x", "--crate", "my crate",
        ],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("crate name \"my crate\""));
    assert!(!dir.path().join("x").exists());
}

/// Generates `tagged.yaml` with `selection` and returns the code's items.
fn select(selection: &[&str]) -> std::collections::BTreeSet<String> {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut args = vec!["generate", "--spec", TAGGED, "--out", "out"];
    args.extend_from_slice(selection);
    let output = codegen(&args, dir.path());
    assert!(output.status.success(), "{}", text(&output.stderr));
    items(&read(dir.path().join("out/tagged.rs")))
}

fn set(names: &[&str]) -> std::collections::BTreeSet<String> {
    names.iter().map(|n| (*n).to_owned()).collect()
}

/// What every client has whatever the selection (this spec has no `x-signer`, so no
/// `credentials`).
const ALWAYS: &[&str] = &[
    "struct Client",
    "struct ClientBuilder",
    "fn builder",
    "fn build",
    "fn config",
    "fn endpoint",
    "fn transport",
    "fn with_options",
];

fn with_always(names: &[&str]) -> std::collections::BTreeSet<String> {
    set(names).union(&set(ALWAYS)).cloned().collect()
}

#[test]
fn a_tag_keeps_its_operations_and_only_the_types_they_reach() {
    let pets = select(&["--tag", "pets"]);
    let expected = with_always(&[
        "fn list_pets",
        "fn create_pet",
        "struct ListPetsParams",
        "enum Kind",
        "struct Pet",
        "struct Owner",
        "type Label",
        "struct LabelText",
        "struct NewPet",
    ]);
    assert_eq!(pets, expected);
}

#[test]
fn operations_and_tags_add_up_and_unused_client_settings_go() {
    let everything = select(&[]);
    assert!(everything.contains("fn shop_id"), "{everything:?}");
    // A whole client leaves out what no operation reaches, unless asked to keep it.
    assert!(!everything.contains("struct Unused"), "{everything:?}");
    let kept = select(&["--keep-unreachable-types"]);
    assert!(kept.contains("struct Unused"), "{kept:?}");

    let chosen = select(&["--operation", "getOrder", "--operation", "ping"]);
    let expected = with_always(&[
        "fn get_order",
        "fn ping",
        "fn shop_id",
        "struct Order",
        "struct OrderLine",
    ]);
    assert_eq!(chosen, expected);

    let both = select(&["--tag", "admin", "--operation", "ping"]);
    let expected = with_always(&["fn create_pet", "fn ping", "struct NewPet"]);
    assert_eq!(both, expected, "no `shop_id` setting without getOrder");
}

#[test]
fn unknown_tags_and_operations_are_errors_naming_what_exists() {
    let dir = tempfile::tempdir().expect("temp dir");
    let run = |option: &str, name: &str| {
        let args = ["generate", "--spec", TAGGED, "--out", "out", option, name];
        let output = codegen(&args, dir.path());
        assert_eq!(output.status.code(), Some(2));
        text(&output.stderr)
    };
    assert_eq!(
        run("--tag", "pet"),
        "error: unknown tag \"pet\"; did you mean \"pets\"? The spec's tags: \"admin\", \"pets\", \"store\"\n"
    );
    assert_eq!(
        run("--operation", "getorders"),
        "error: unknown operation ID \"getorders\"; did you mean \"getOrder\"? The spec's operation IDs: \"createPet\", \"getOrder\", \"listPets\", \"ping\"\n"
    );
    assert!(!dir.path().join("out").exists());
}

#[test]
fn runtime_path_writes_a_path_dependency_only_when_asked() {
    let dir = tempfile::tempdir().expect("temp dir");
    let args = [
        "generate",
        "--spec",
        SPEC,
        "--out",
        "vpc",
        "--crate",
        "vpc",
        "--runtime-path",
        "../runtime",
    ];
    let output = codegen(&args, dir.path());
    assert!(output.status.success(), "{}", text(&output.stderr));
    let manifest = read(dir.path().join("vpc/Cargo.toml"));
    assert!(
        manifest
            .contains("\nspecforge-runtime = { path = \"../runtime\", features = [\"huawei\"] }\n"),
        "{manifest}"
    );
    assert!(
        !manifest.contains("specforge-runtime = { version"),
        "{manifest}"
    );
}

#[test]
fn only_a_signing_spec_turns_on_the_vendor_feature() {
    let dir = tempfile::tempdir().expect("temp dir");
    let args = [
        "generate",
        "--spec",
        PARTIAL,
        "--out",
        "p",
        "--crate",
        "p",
        "--runtime-path",
        "rt",
    ];
    let output = codegen(&args, dir.path());
    assert!(output.status.success(), "{}", text(&output.stderr));
    let manifest = read(dir.path().join("p/Cargo.toml"));
    assert!(
        manifest.contains("\nspecforge-runtime = { path = \"rt\" }\n"),
        "{manifest}"
    );
    assert!(!manifest.contains("huawei"), "{manifest}");
}

const PARTIAL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/partial.yaml");

#[test]
fn what_cannot_be_expressed_is_left_out_with_a_warning_and_strict_refuses() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().to_str().expect("utf-8 path");
    let generated = codegen(&["generate", "--spec", PARTIAL, "--out", out], dir.path());
    let stderr = text(&generated.stderr);
    assert!(generated.status.success(), "{stderr}");
    // Each loss: what, its pointer and line, and the reason at its own node.
    assert!(
        stderr.contains(
            "warning: operation `listByMatrix` (GET /things/{ids}/matrix) at \
             `#/paths/~1things~1{ids}~1matrix/get` (line 28) left out: "
        ),
        "{stderr}"
    );
    assert!(stderr.contains("partial.yaml:37:11: at `#/paths/~1things~1{ids}~1matrix/get/parameters/0/schema`: not supported: parameter \"ids\": `matrix`"), "{stderr}");
    assert!(
        stderr.contains("warning: operation `getWeird` (GET /weird) at `#/paths/~1weird/get` (line 45) left out: ")
            && stderr.contains("it uses schema `Weird`, which cannot be generated"),
        "{stderr}"
    );
    assert!(
        stderr.contains("4 parts of the spec are left out"),
        "{stderr}"
    );
    let code = read(dir.path().join("partial.rs"));
    assert!(code.contains("pub fn get_thing("), "{code}");
    assert!(!code.contains("fn get_weird") && !code.contains("fn list_by_matrix"));
    assert!(
        !code.contains("pub struct Holder"),
        "a type using a left-out one goes too"
    );
    assert!(code.contains("/// # Left out"), "{code}");

    let strict = codegen(
        &["generate", "--spec", PARTIAL, "--out", out, "--strict"],
        dir.path(),
    );
    assert_eq!(strict.status.code(), Some(2));
    let error = text(&strict.stderr);
    // The first problem in the order generation meets them (schemas before operations).
    assert!(
        error.starts_with("error: ")
            && error.contains("partial.yaml:67:11")
            && error.contains("`allOf` member"),
        "{error}"
    );
    // `check` warns the same way and still compares.
    let check = codegen(&["check", "--spec", PARTIAL, "--out", out], dir.path());
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stderr));
    assert!(text(&check.stderr).contains("warning: operation `getWeird`"));
}

#[test]
fn a_selection_works_whatever_unselected_operations_hold() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().to_str().expect("utf-8 path");
    let run = |extra: &[&str]| {
        let mut args = vec!["generate", "--spec", PARTIAL, "--out", out, "--strict"];
        args.extend_from_slice(extra);
        codegen(&args, dir.path())
    };
    // Strict, and still fine: the inexpressible operations are not selected.
    let one = run(&["--operation", "getThing"]);
    assert!(one.status.success(), "{}", text(&one.stderr));
    assert!(
        !text(&one.stderr).contains("warning"),
        "{}",
        text(&one.stderr)
    );
    assert!(read(dir.path().join("partial.rs")).contains("pub fn get_thing("));
    // Asking for one by name is an error that says why it cannot be had.
    let asked = run(&["--operation", "getWeird"]);
    assert_eq!(asked.status.code(), Some(2));
    assert!(
        text(&asked.stderr).contains("allOf"),
        "{}",
        text(&asked.stderr)
    );
    // A tag that holds one: strict refuses; without strict, a warning for that one only.
    assert_eq!(run(&["--tag", "things"]).status.code(), Some(2));
    let lenient = codegen(
        &[
            "generate", "--spec", PARTIAL, "--out", out, "--tag", "things",
        ],
        dir.path(),
    );
    let stderr = text(&lenient.stderr);
    assert!(lenient.status.success(), "{stderr}");
    assert!(
        stderr.contains("listByMatrix") && !stderr.contains("getWeird"),
        "{stderr}"
    );
    assert!(
        stderr.contains("1 part of the spec is left out"),
        "{stderr}"
    );
}

#[test]
fn type_settings_from_the_command_line_reach_the_code_and_the_regenerate_command() {
    let dir = tempfile::tempdir().expect("temp dir");
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats.yaml");
    std::fs::copy(&spec, dir.path().join("formats.yaml")).expect("copy the fixture");
    let args = [
        "generate",
        "--spec",
        "formats.yaml",
        "--out",
        "out",
        "--formats",
        "strings",
        "--replace",
        "Stamp=my_time::Stamp",
        "--derive-on",
        "Event=Eq",
        "--attribute",
        "#[must_use]",
    ];
    let run = codegen(&args, dir.path());
    assert!(run.status.success(), "{}", text(&run.stderr));
    let code = std::fs::read_to_string(dir.path().join("out/formats.rs")).expect("written");
    assert!(code.contains("pub created_at: String,"), "strings kept");
    assert!(code.contains("pub type Stamp = my_time::Stamp;"));
    assert!(code.contains("#[must_use]\n    #[derive(Eq)]\n    #[derive(Debug,"));
    assert!(code.contains(
        "--formats strings --replace Stamp=my_time::Stamp --derive-on Event=Eq --attribute '#[must_use]'"
    ));
    // The same options, checked: no drift.
    let mut check = args;
    check[0] = "check";
    assert_eq!(codegen(&check, dir.path()).status.code(), Some(0));

    let bad = codegen(
        &[
            "generate",
            "--spec",
            "formats.yaml",
            "--out",
            "out",
            "--derive",
            "Eq)] struct X; #[derive(Debug",
        ],
        dir.path(),
    );
    assert!(!bad.status.success());
    assert!(
        text(&bad.stderr).contains("is not a Rust type path"),
        "{}",
        text(&bad.stderr)
    );
}

#[path = "support/deep_spec.rs"]
mod deep_spec;

#[test]
fn recursion_limit_admits_a_long_chain_in_included_code_and_stays_in_the_header() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("deep.yaml"), deep_spec::chain(150, false)).expect("spec");
    let args = ["generate", "--spec", "deep.yaml", "--out", "out"];
    let refused = codegen(&args, dir.path());
    assert_eq!(refused.status.code(), Some(2), "{}", text(&refused.stderr));
    let message = text(&refused.stderr);
    assert!(message.contains("--recursion-limit 178"), "{message}");

    let accepted = codegen(
        &[&args[..], &["--recursion-limit", "178"]].concat(),
        dir.path(),
    );
    assert!(accepted.status.success(), "{}", text(&accepted.stderr));
    let code = read(dir.path().join("out/deep.rs"));
    assert!(
        code.contains("--out out --recursion-limit 178\n"),
        "{code:.400}"
    );
    // Included code leaves the attribute to the user's crate root.
    assert!(!code.contains("#![recursion_limit"), "{code:.400}");
}
