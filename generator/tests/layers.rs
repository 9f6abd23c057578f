//! The layers depend one way: `emit` never names `model` or `spec`, `model` never names `ir`.

use std::path::{Path, PathBuf};

/// The source of a layer or pass: `src/<module>.rs`, or every file of the folder `src/<module>/`.
fn source(module: &str) -> String {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let folder = src.join(module);
    let files = if folder.is_dir() { rust_files(&folder) } else { vec![src.join(format!("{module}.rs"))] };
    assert!(!files.is_empty(), "{module} has no source files");
    files
        .iter()
        .map(|path| std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
        .collect()
}

/// Every `.rs` file under `dir`, in name order.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files.sort();
    files
}

fn names(code: &str, layer: &str) -> bool {
    code.contains(&format!("crate::{layer}")) || code.contains(&format!("{layer}::"))
}

#[test]
fn emit_knows_only_the_ir() {
    let emit = source("emit");
    assert!(!names(&emit, "model"), "emit must not name the model layer");
    assert!(!names(&emit, "spec"), "emit must not name the spec layer");
}

#[test]
fn model_knows_nothing_of_the_ir() {
    let model = source("model");
    assert!(!names(&model, "ir"), "model must not name the ir layer");
    assert!(!model.contains("quote"), "model must not produce tokens");
}

#[test]
fn lower_knows_nothing_of_the_spec_or_the_tokens() {
    let lower = source("lower");
    assert!(!names(&lower, "spec"), "lower must not name the spec layer (diagnostics locate pointers)");
    assert!(!names(&lower, "emit") && !lower.contains("quote!"), "lower must not produce tokens");
}

#[test]
fn ir_is_plain_data() {
    let ir = source("ir");
    for layer in ["model", "spec", "lower", "emit"] {
        assert!(!names(&ir, layer), "ir must not name {layer}");
    }
    assert!(!ir.contains("quote") && !ir.contains("serde_json"), "ir holds no tokens and no spec values");
}

#[test]
fn every_module_says_what_it_owns() {
    for path in rust_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src")) {
        let text = std::fs::read_to_string(&path).expect("readable");
        assert!(text.starts_with("//!"), "{} must start with a `//!` line", path.display());
    }
}

#[test]
fn no_source_file_is_a_grab_bag() {
    for path in rust_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src")) {
        let lines = std::fs::read_to_string(&path).expect("readable").lines().count();
        assert!(lines <= 600, "{} has {lines} lines; split it by concern (at most 600)", path.display());
    }
}

#[test]
fn runtime_dependencies_match_the_workspace() {
    let manifest = std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.toml"))
        .expect("workspace manifest");
    let start = manifest.find("[workspace.dependencies]\n").expect("a [workspace.dependencies] table")
        + "[workspace.dependencies]\n".len();
    let table: String =
        manifest[start..].lines().take_while(|line| !line.trim().is_empty()).map(|line| format!("{line}\n")).collect();
    assert_eq!(
        table,
        openapi_bindgen::RUNTIME_DEPENDENCIES,
        "the generated crate must use the dependencies the workspace tests"
    );
    assert!(
        manifest[start..].contains(&format!("\n{}", openapi_bindgen::TRACING_DEPENDENCY)),
        "a tracing runtime's dependency is the workspace's"
    );
}
