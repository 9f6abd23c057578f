//! One folder per feature under `tests/fixtures/`, each case a tiny spec (`<case>.yaml`) beside
//! the snapshot of what it generates (`<case>.rs`, runtime left out, warnings as leading comments).
//! Cases under `negative/` snapshot the rendered diagnostics instead (`<case>.txt`); a case whose
//! name starts with `strict_` is generated in strict mode, and one with `<case>.bindgen.toml` beside
//! it with those settings. All positive snapshots must compile with
//! `#![deny(warnings)]` and pass clippy and rustdoc with warnings denied, as modules of one
//! scratch crate sharing one runtime.
//! Refresh the snapshots with `UPDATE_EXPECT=1 cargo test -p openapi-bindgen --test fixtures`.

use std::path::{Path, PathBuf};

use expect_test::expect_file;
use openapi_bindgen::{Config, generate_str, parse_settings};

mod common;

/// Where the generated code ends and the runtime (the same for every spec) begins.
const RUNTIME_MARKER: &str = "\n/// The client runtime:";

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Every `(feature, case)` in the fixture folders, sorted.
fn cases() -> Vec<(String, String)> {
    let mut cases = Vec::new();
    for feature in std::fs::read_dir(fixtures()).expect("tests/fixtures").filter_map(Result::ok) {
        let feature_name = feature.file_name().to_string_lossy().into_owned();
        for case in std::fs::read_dir(feature.path()).expect("a fixture folder").filter_map(Result::ok) {
            let path = case.path();
            if path.extension().is_some_and(|e| e == "yaml") {
                let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
                cases.push((feature_name.clone(), stem));
            }
        }
    }
    cases.sort();
    cases
}

/// The case's settings (its `<case>.bindgen.toml`, if any), strict for a `strict_` case.
fn config(feature: &str, case: &str) -> Config {
    let name = format!("{case}.bindgen.toml");
    let config = match std::fs::read_to_string(fixtures().join(feature).join(&name)) {
        Ok(text) => parse_settings(&name, &text).unwrap_or_else(|d| panic!("{feature}/{name}: {d}")),
        Err(_) => Config::default(),
    };
    Config { strict: case.starts_with("strict_"), ..config }
}

fn spec_text(feature: &str, case: &str) -> String {
    std::fs::read_to_string(fixtures().join(feature).join(format!("{case}.yaml"))).expect("fixture spec")
}

/// The generated module without its runtime, with its diagnostics as leading comments.
fn generate(feature: &str, case: &str) -> String {
    let name = format!("{case}.yaml");
    let output = generate_str(&name, &spec_text(feature, case), &config(feature, case))
        .unwrap_or_else(|failure| panic!("{feature}/{case}:\n{failure}"));
    let mut rendered = String::new();
    for diagnostic in &output.diagnostics {
        rendered.push_str(&format!("// {}\n", diagnostic.to_string().replace('\n', "\n// ")));
    }
    rendered + output.code.split(RUNTIME_MARKER).next().unwrap_or_default()
}

#[test]
fn every_feature_has_fixtures() {
    let cases = cases();
    for feature in [
        "all_of",
        "annotations",
        "enums",
        "formats",
        "maps",
        "multipart",
        "names",
        "negative",
        "openapi_3_1",
        "pagination",
        "recursion",
        "subset",
        "text",
        "unions",
    ] {
        assert!(cases.iter().any(|(f, _)| f == feature), "no fixture for {feature}");
    }
}

#[test]
fn fixtures_generate_their_snapshots() {
    for (feature, case) in cases().into_iter().filter(|(f, _)| f != "negative") {
        expect_file![format!("fixtures/{feature}/{case}.rs")].assert_eq(&generate(&feature, &case));
    }
}

#[test]
fn negative_fixtures_render_located_diagnostics() {
    for (feature, case) in cases().into_iter().filter(|(f, _)| f == "negative") {
        let name = format!("{case}.yaml");
        let rendered = match generate_str(&name, &spec_text(&feature, &case), &config(&feature, &case)) {
            Ok(output) => panic!("{case}: expected an error, got {} warning(s)", output.diagnostics.len()),
            Err(failure) => failure.to_string(),
        };
        // Each diagnostic names the file (the spec, or its settings) and a line and column.
        let located = |line: &str| {
            [name.clone(), format!("{case}.bindgen.toml")].iter().any(|f| line.starts_with(&format!("{f}:")))
        };
        assert!(rendered.lines().next().is_some_and(located), "{case}: {rendered}");
        expect_file![format!("fixtures/{feature}/{case}.txt")].assert_eq(&rendered);
    }
}

#[test]
fn fixture_snapshots_compile_with_warnings_denied() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fixtures-crate");
    std::fs::create_dir_all(dir.join("src")).expect("scratch crate");
    // Any generated module carries the runtime; take it from the first one.
    let (first_feature, first_case) = cases().into_iter().find(|(f, _)| f != "negative").expect("a positive fixture");
    let output =
        generate_str("any.yaml", &spec_text(&first_feature, &first_case), &config(&first_feature, &first_case))
            .expect("generates");
    let runtime = output.code.split_once(RUNTIME_MARKER).map(|(_, rest)| rest).expect("the runtime");
    let mut lib = format!("#![deny(warnings)]\n\n/// The client runtime:{runtime}\n");
    for (feature, case) in cases().into_iter().filter(|(f, _)| f != "negative") {
        let snapshot = std::fs::read_to_string(fixtures().join(&feature).join(format!("{case}.rs"))).expect("snapshot");
        lib.push_str(&format!("pub mod {feature}_{case} {{\n    pub use crate::runtime;\n{snapshot}\n}}\n"));
    }
    std::fs::write(dir.join("src/lib.rs"), lib).expect("lib.rs");
    let manifest = format!(
        "[package]\nname = \"fixtures\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n[workspace]\n\n[dependencies]\n{}",
        openapi_bindgen::RUNTIME_DEPENDENCIES
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).expect("Cargo.toml");
    std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.lock"), dir.join("Cargo.lock"))
        .expect("Cargo.lock");
    let result = common::cargo_in_shared_target(&dir, &["clippy", "--quiet"]);
    assert!(
        result.status.success(),
        "fixture snapshots do not compile cleanly:\n{}",
        String::from_utf8_lossy(&result.stderr)
    );
    // Their docs carry spec text (tests/fixtures/text/ the worst of it): rustdoc must not warn.
    let result = common::cargo_in_shared_target(&dir, &["doc", "--no-deps", "--quiet"]);
    assert!(result.status.success(), "fixture docs do not build cleanly:\n{}", String::from_utf8_lossy(&result.stderr));
}
