//! The command line, run as a process: `dir` on specs/, `generate` on social.json, the crate it writes builds, a
//! subset by `--include` and `--exclude`, and errors exit non-zero with located diagnostics.

use std::path::{Path, PathBuf};
use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_openapi-bindgen"))
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

#[test]
fn dir_writes_what_generated_holds_and_removes_stale_modules() {
    let dir = scratch("cli-dir");
    std::fs::write(dir.join("removed_spec.rs"), "// from a spec deleted since").expect("scratch file");
    let status = bin().arg("dir").arg(workspace().join("specs")).arg("--out").arg(&dir).status().expect("runs");
    assert!(status.success());
    assert!(!dir.join("removed_spec.rs").exists(), "a module without a spec is removed");
    let snapshot = workspace().join("generated");
    let mut names: Vec<_> =
        std::fs::read_dir(&snapshot).expect("generated/").filter_map(|e| e.ok().map(|e| e.file_name())).collect();
    names.sort();
    let mut written: Vec<_> =
        std::fs::read_dir(&dir).expect("written").filter_map(|e| e.ok().map(|e| e.file_name())).collect();
    written.sort();
    assert_eq!(written, names, "the same files as generated/");
    for name in names {
        let expected = std::fs::read_to_string(snapshot.join(&name)).expect("snapshot");
        let actual = std::fs::read_to_string(dir.join(&name)).expect("written");
        assert!(actual == expected, "{name:?} differs from generated/");
    }
}

#[test]
fn generate_writes_a_self_contained_module_to_a_file_or_stdout() {
    let dir = scratch("cli-generate");
    let out = dir.join("social.rs");
    let status =
        bin().arg("generate").arg(workspace().join("specs/social.json")).arg("-o").arg(&out).status().expect("runs");
    assert!(status.success());
    let written = std::fs::read_to_string(&out).expect("written");
    assert!(
        written.contains("\npub mod runtime {\n") && !written.contains("pub use super::runtime;"),
        "a module alone carries its runtime"
    );
    let stdout = bin().arg("generate").arg(workspace().join("specs/social.json")).output().expect("runs");
    assert!(stdout.status.success());
    assert!(String::from_utf8_lossy(&stdout.stdout) == written, "stdout differs from the file");
}

#[test]
fn crate_writes_a_standalone_crate_that_builds() {
    let dir = scratch("cli-crate");
    let out = dir.join("recoup-social");
    let status = bin()
        .args(["crate"])
        .arg(workspace().join("specs/social.json"))
        .arg("--out")
        .arg(&out)
        .args(["--name", "recoup-social"])
        .status()
        .expect("runs");
    assert!(status.success());
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).expect("Cargo.toml");
    assert!(manifest.contains("name = \"recoup-social\""));
    // Typed mocks come along behind the crate's own `mock` feature, off by default (the build below).
    assert!(manifest.contains("\n[features]\n") && manifest.contains("\nmock = [\"dep:wiremock\"]\n"), "{manifest}");
    let lib = std::fs::read_to_string(out.join("src/lib.rs")).expect("lib.rs");
    assert!(
        lib.contains("\n#[cfg(feature = \"mock\")]\n/// Typed mocks of Recoup API - Social"),
        "the mocks are gated"
    );
    assert!(lib.contains("\n    #[cfg(feature = \"mock\")]\n    pub mod mock {\n"), "the mock runtime is gated");
    // The workspace's lockfile pins the same dependency versions the tests compile against.
    std::fs::copy(workspace().join("Cargo.lock"), out.join("Cargo.lock")).expect("lockfile copied");
    let build = Command::new(env!("CARGO"))
        .arg("build")
        .arg("--quiet")
        .current_dir(&out)
        .env("CARGO_TARGET_DIR", Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-crate-target"))
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .expect("cargo runs");
    assert!(build.status.success(), "the generated crate does not build:\n{}", String::from_utf8_lossy(&build.stderr));
}

#[test]
fn errors_exit_non_zero_with_located_diagnostics() {
    let dir = scratch("cli-errors");
    let spec = dir.join("broken.json");
    std::fs::write(
        &spec,
        r##"{"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
  "paths": {},
  "components": {"schemas": {"Pet": {"type": "object",
    "properties": {"owner": {"$ref": "#/components/schemas/Missing"}}}}}}"##,
    )
    .expect("written");
    let output = bin().arg("generate").arg(&spec).output().expect("runs");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("broken.json:4:29: error: `$ref` target `#/components/schemas/Missing` does not exist"),
        "{stderr}"
    );
    assert!(stderr.contains("at #/components/schemas/Pet/properties/owner"), "{stderr}");

    let missing = bin().arg("generate").arg(dir.join("nope.yaml")).output().expect("runs");
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("nope.yaml"));
}

#[test]
fn include_and_exclude_generate_a_subset() {
    let spec = workspace().join("specs/social.json");
    let selected = |args: &[&str]| {
        let output = bin().arg("generate").arg(&spec).args(args).output().expect("runs");
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        (String::from_utf8_lossy(&output.stdout).into_owned(), String::from_utf8_lossy(&output.stderr).into_owned())
    };
    let method = |code: &str, name: &str| code.contains(&format!("    pub fn {name}("));
    // Added to the settings' (none for social.json), so the two selectors keep two operations;
    // the settings' method name still applies.
    let (code, stderr) = selected(&["--include", "GET /api/comments", "--include", "post /api/connectors/actions"]);
    assert!(method(&code, "get_comments") && method(&code, "execute_connector_action"));
    assert!(!method(&code, "get_spotify_search") && !method(&code, "get_connectors"));
    assert!(!code.contains("pub struct SpotifySearchResponse "), "a type only left-out operations use is pruned");
    assert!(stderr.contains("note: the operation selection generates 2 of 16 operations"), "{stderr}");
    let (code, _) = selected(&["--exclude", "GET /api/comments"]);
    assert!(!method(&code, "get_comments") && method(&code, "get_spotify_search"));

    // `crate` takes them too.
    let out = scratch("cli-subset").join("comments");
    let status = bin().arg("crate").arg(&spec).arg("--out").arg(&out).args(["--include", "GET /api/comments"]).status();
    assert!(status.expect("runs").success());
    let lib = std::fs::read_to_string(out.join("src/lib.rs")).expect("lib.rs");
    assert!(method(&lib, "get_comments") && !method(&lib, "get_spotify_search"));

    let unmatched = bin().arg("generate").arg(&spec).args(["--include", "GET /api/comment"]).output().expect("runs");
    assert!(!unmatched.status.success());
    let stderr = String::from_utf8_lossy(&unmatched.stderr);
    assert!(stderr.contains(": error: the `include` selector `GET /api/comment` matches no operation"), "{stderr}");
    assert!(stderr.contains("social.json:") && stderr.contains("at #/paths"), "located in the spec: {stderr}");

    let malformed = bin().arg("generate").arg(&spec).args(["--include", "comments"]).output().expect("runs");
    assert!(!malformed.status.success());
    let stderr = String::from_utf8_lossy(&malformed.stderr);
    assert!(stderr.contains("`comments` is not an operation selector"), "{stderr}");
}
