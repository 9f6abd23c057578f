//! What building `recoup` as a dependency costs: nothing when nothing changed (cargo reruns
//! `build.rs` when a path it watches changed, and counts a path that does not exist as changed on
//! every build), and only the bindings it compiles (no conformance checks).

use std::path::Path;

#[test]
fn every_path_the_build_script_watches_exists() {
    let out_dir = Path::new(env!("OUT_DIR"));
    // Cargo keeps the build script's output beside `OUT_DIR`.
    let output = out_dir.parent().map(|dir| dir.join("output")).expect("OUT_DIR has a parent");
    let text = std::fs::read_to_string(&output).unwrap_or_else(|e| panic!("{}: {e}", output.display()));
    let watched: Vec<&str> = text.lines().filter_map(|line| line.strip_prefix("cargo:rerun-if-changed=")).collect();
    assert!(watched.contains(&"specs"), "the specs folder is watched, so new files are noticed: {watched:?}");
    assert!(watched.iter().any(|path| path.ends_with("social.json")), "each spec is watched: {watched:?}");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let missing: Vec<&&str> = watched.iter().filter(|path| !root.join(path).exists()).collect();
    assert!(missing.is_empty(), "watched paths that do not exist make every build rerun build.rs: {missing:?}");
}

/// `cargo build` of the crate as a dependent builds it (default features), with its output.
fn build_as_a_dependent() -> (String, String) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // The tests' own target dir: the dependencies are mostly built already.
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).parent().expect("the target dir");
    let output = std::process::Command::new(env!("CARGO"))
        .args(["build", "-p", "recoup", "--lib", "-v", "--message-format", "json"])
        .current_dir(root)
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_TERM_COLOR", "never")
        .output()
        .expect("cargo runs");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "the build failed:\n{stderr}");
    (stdout, stderr)
}

#[test]
fn a_dependents_second_build_runs_nothing_and_no_build_writes_conformance_checks() {
    build_as_a_dependent();
    let (messages, log) = build_as_a_dependent();
    assert!(log.contains("Fresh recoup"), "nothing changed, so recoup is fresh:\n{log}");
    assert!(!log.contains("build-script-build`"), "no build script runs when nothing changed:\n{log}");

    // The build script's `OUT_DIR` holds the bindings it compiles, and no conformance checks.
    let out_dir = messages
        .lines()
        .filter(|line| line.contains("\"reason\":\"build-script-executed\""))
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter_map(|message| message["out_dir"].as_str().map(std::path::PathBuf::from))
        .find(|out_dir| {
            out_dir
                .parent()
                .and_then(|dir| dir.file_name())
                .is_some_and(|name| name.to_string_lossy().starts_with("recoup-"))
        })
        .expect("cargo reports the build script's OUT_DIR");
    let mut written: Vec<String> = std::fs::read_dir(&out_dir)
        .expect("OUT_DIR exists")
        .map(|entry| entry.expect("an entry").file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    assert_eq!(written, ["api", "specs.rs"], "a dependent's OUT_DIR: {}", out_dir.display());
    let api: Vec<String> = std::fs::read_dir(out_dir.join("api"))
        .expect("OUT_DIR/api exists")
        .map(|entry| entry.expect("an entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert!(api.iter().all(|file| !file.contains("conformance")), "{api:?}");

    // A changed spec still regenerates.
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("specs/social.json");
    let file = std::fs::File::options().append(true).open(&spec).expect("the spec opens");
    file.set_modified(std::time::SystemTime::now()).expect("its time can be set");
    let (_, log) = build_as_a_dependent();
    assert!(log.contains("build-script-build`"), "a touched spec reruns the build script:\n{log}");
}
