//! The public corpus (`specs/corpus/`, 15 published specs): every spec generates without errors and
//! its crate, as `openapi-bindgen crate` writes it, passes clippy (so `cargo check`) with warnings denied.
//!
//! The crates are checked together as members of one scratch workspace, so the dependencies
//! compile once and the crates compile in parallel; the only change to what `write_crate` writes
//! is the removal of the `[workspace]` table that makes each crate its own workspace.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use openapi_bindgen::{Config, generate_file, write_crate};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The corpus specs, sorted by name.
fn corpus() -> Vec<PathBuf> {
    let mut specs: Vec<PathBuf> = std::fs::read_dir(repo().join("specs/corpus"))
        .expect("specs/corpus is readable")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("json" | "yaml" | "yml")))
        .collect();
    specs.sort();
    specs
}

/// The crate (and member directory) name of a spec.
fn crate_name(spec: &Path) -> String {
    let stem = spec.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
    let name: String = stem.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
    format!("corpus-{}", name.trim_matches('-'))
}

#[test]
fn the_corpus_has_the_fifteen_public_specs() {
    let names: Vec<String> = corpus().iter().filter_map(|p| p.file_name()).map(|n| n.to_string_lossy().into_owned()).collect();
    assert_eq!(names.len(), 15, "{names:?}");
    assert!(repo().join("specs/corpus/README.md").is_file());
}

#[test]
fn every_corpus_spec_generates_a_crate_that_passes_clippy_with_warnings_denied() {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("corpus");
    let mut members = Vec::new();
    for spec in corpus() {
        let started = Instant::now();
        let output = generate_file(&spec, &Config::default()).unwrap_or_else(|failure| panic!("{}:\n{failure}", spec.display()));
        let name = crate_name(&spec);
        let dir = root.join(&name);
        write_crate(&output, &dir, &name).expect("the crate is written");
        let manifest_path = dir.join("Cargo.toml");
        let manifest = std::fs::read_to_string(&manifest_path).expect("Cargo.toml");
        assert!(manifest.contains("\n[workspace]\n"), "write_crate no longer makes its own workspace; update this test");
        std::fs::write(&manifest_path, manifest.replace("\n[workspace]\n", "\n")).expect("Cargo.toml is writable");
        let lines = output.code.lines().count();
        eprintln!("{}: generated {lines} lines in {:.2?}", spec.display(), started.elapsed());
        members.push(name);
    }
    let list: Vec<String> = members.iter().map(|m| format!("{m:?}")).collect();
    std::fs::write(root.join("Cargo.toml"), format!("[workspace]\nresolver = \"3\"\nmembers = [{}]\n", list.join(", "))).expect("workspace manifest");
    // The workspace's lock file: the generated crates build with the versions the runtime is tested with.
    std::fs::copy(repo().join("Cargo.lock"), root.join("Cargo.lock")).expect("Cargo.lock is copied");

    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let started = Instant::now();
    let result = Command::new(cargo)
        .args(["clippy", "--workspace", "--quiet"])
        .current_dir(&root)
        .env("CARGO_TARGET_DIR", root.join("target"))
        .env("RUSTFLAGS", "-Dwarnings")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("CARGO_BUILD_RUSTFLAGS")
        .output()
        .expect("cargo runs");
    eprintln!("clippy over {} corpus crates: {:.1?}", members.len(), started.elapsed());
    assert!(result.status.success(), "the corpus crates do not pass clippy:\n{}", String::from_utf8_lossy(&result.stderr));
}
