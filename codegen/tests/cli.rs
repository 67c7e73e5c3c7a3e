//! The `codegen` binary: `generate` writes, `check` catches any drift with a readable diff.

use std::path::Path;
use std::process::{Command, Output};

const SPEC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/vpc.yaml");

fn codegen(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_codegen"))
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
    assert!(
        text(&stale.stderr).contains("cargo run -p codegen -- generate --spec vpc.yaml --out out")
    );

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
