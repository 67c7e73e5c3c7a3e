//! External `$ref`s from a hostile spec: each is refused with an error that names the
//! reference and the reason, never a byte of the refused file, and nothing hangs.

use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use specforge::Generator;

/// A spec whose one schema is the external reference `target`.
fn spec_referring_to(target: &str) -> String {
    format!(
        r#"openapi: 3.0.3
info: {{title: t, version: "1"}}
paths:
  /x:
    get:
      operationId: getX
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                $ref: "{target}"
"#
    )
}

/// A secret outside the spec's tree: it must never appear in an error.
const SECRET: &str = "TOP-SECRET-LINE\n";

/// The tree: `outside/secret.yaml` and `spec/` holding the spec (and whatever a test adds).
fn tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join("spec")).expect("spec dir");
    std::fs::create_dir(dir.path().join("outside")).expect("outside dir");
    std::fs::write(dir.path().join("outside/secret.yaml"), SECRET).expect("secret");
    dir
}

/// Renders the spec with `target` as its reference, on another thread so that a hang fails
/// the test instead of stalling it.
fn render(dir: &Path, target: &str, setup: impl FnOnce(&mut Generator)) -> Result<String, String> {
    let spec = dir.join("spec/api.yaml");
    std::fs::write(&spec, spec_referring_to(target)).expect("spec");
    let mut generator = Generator::new(&spec);
    // Strict: the refusal itself is the subject (without it, the operation is left out with
    // the same message; see `a_refused_reference_leaves_out_its_operation_only`).
    generator.cargo_directives(false).strict(true);
    setup(&mut generator);
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = send.send(generator.render().map_err(|e| e.to_string()));
    });
    receive
        .recv_timeout(Duration::from_secs(30))
        .expect("the generator finished within 30 s")
}

fn refused(dir: &Path, target: &str, reason: &str) {
    let error = render(dir, target, |_| {}).expect_err("the reference is refused");
    assert!(
        error.contains(&format!(
            "reference into {:?} refused",
            target.split('#').next().unwrap_or(target)
        )),
        "names the reference: {error}"
    );
    assert!(error.contains(reason), "says why ({reason}): {error}");
    assert!(!error.contains("TOP-SECRET"), "no content: {error}");
    assert!(error.contains("$ref"), "located at the $ref: {error}");
}

#[test]
fn an_absolute_path_outside_the_tree_is_refused() {
    let dir = tree();
    let secret = dir.path().join("outside/secret.yaml");
    refused(
        dir.path(),
        &secret.to_string_lossy(),
        "outside the spec's directory tree",
    );
    refused(
        dir.path(),
        "/etc/passwd",
        "outside the spec's directory tree",
    );
    refused(dir.path(), "/dev/zero", "outside the spec's directory tree");
}

#[test]
fn climbing_out_with_dot_dot_is_refused() {
    let dir = tree();
    refused(
        dir.path(),
        "../outside/secret.yaml",
        "outside the spec's directory tree",
    );
    refused(dir.path(), "./sub/../../outside/secret.yaml#/a", "outside");
}

#[cfg(unix)]
#[test]
fn a_symlink_out_of_the_tree_is_refused() {
    let dir = tree();
    let link = dir.path().join("spec/innocent.yaml");
    std::os::unix::fs::symlink(dir.path().join("outside/secret.yaml"), link).expect("symlink");
    refused(
        dir.path(),
        "innocent.yaml",
        "outside the spec's directory tree",
    );
}

#[cfg(unix)]
#[test]
fn a_device_is_refused_without_reading_it() {
    let dir = tree();
    // Allowed as a root, so only the file type stops it (without the check it reads forever).
    let error = render(dir.path(), "/dev/zero", |g| {
        g.allow_ref_root("/dev");
    })
    .expect_err("refused");
    assert!(
        error.contains("it is a device, not a regular file"),
        "{error}"
    );
}

#[cfg(unix)]
#[test]
fn a_named_pipe_is_refused_and_does_not_hang() {
    let dir = tree();
    let fifo = dir.path().join("spec/pipe.yaml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success(), "mkfifo made the pipe");
    refused(
        dir.path(),
        "pipe.yaml",
        "it is a named pipe, not a regular file",
    );
}

#[test]
fn a_directory_is_refused() {
    let dir = tree();
    std::fs::create_dir(dir.path().join("spec/schemas")).expect("dir");
    refused(
        dir.path(),
        "schemas",
        "it is a directory, not a regular file",
    );
}

#[test]
fn a_file_over_the_cap_is_refused_without_reading_it() {
    let dir = tree();
    // Sparse: 65 MiB of holes cost no disk and no time unless read.
    let huge = std::fs::File::create(dir.path().join("spec/huge.yaml")).expect("create");
    huge.set_len(65 * 1024 * 1024).expect("set_len");
    refused(dir.path(), "huge.yaml", "over the cap of 67108864");
    // The cap is a setting.
    std::fs::write(dir.path().join("spec/small.yaml"), "type: string\n").expect("small");
    let error = render(dir.path(), "small.yaml", |g| {
        g.max_ref_file_bytes(4);
    })
    .expect_err("over a cap of 4 bytes");
    assert!(
        error.contains("the file has 13 bytes, over the cap of 4"),
        "{error}"
    );
}

#[test]
fn files_inside_the_tree_and_in_allowed_roots_are_read() {
    let dir = tree();
    std::fs::create_dir(dir.path().join("spec/models")).expect("dir");
    std::fs::write(dir.path().join("spec/models/thing.yaml"), "type: string\n").expect("thing");
    let code = render(dir.path(), "models/../models/thing.yaml", |_| {}).expect("inside the tree");
    assert!(code.contains("fn get_x"), "{code}");

    std::fs::write(dir.path().join("outside/shared.yaml"), "type: integer\n").expect("shared");
    let outside = dir.path().join("outside");
    let code = render(dir.path(), "../outside/shared.yaml", |g| {
        g.allow_ref_root(&outside);
    })
    .expect("an allowed root");
    assert!(code.contains("fn get_x"), "{code}");
}

#[test]
fn a_refused_reference_leaves_out_its_operation_only() {
    let dir = tree();
    let spec = dir.path().join("spec/api.yaml");
    std::fs::write(&spec, spec_referring_to("../outside/secret.yaml")).expect("spec");
    let (_, omitted) = Generator::new(&spec)
        .cargo_directives(false)
        .render_with_omissions()
        .expect("the rest generates");
    let text: Vec<String> = omitted.iter().map(|o| o.to_string()).collect();
    assert_eq!(text.len(), 1, "{text:?}");
    assert!(text[0].contains("refused"), "{text:?}");
    assert!(!text[0].contains("TOP-SECRET"), "no content: {text:?}");
}
