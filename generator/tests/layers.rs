//! The layers depend one way: `emit` never names `model` or `spec`, `model` never names `ir`.

fn source(module: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(format!("{module}.rs"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
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
fn every_module_says_what_it_owns() {
    for entry in std::fs::read_dir(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src")).expect("src/") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("readable");
        assert!(text.starts_with("//!"), "{} must start with a `//!` line", path.display());
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
}
