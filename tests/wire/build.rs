//! Generates a module for every fixture spec in `specs/` into `OUT_DIR`, and `specs.rs` declaring them.

use std::fmt::Write as _;
use std::path::PathBuf;

fn main() {
    if let Err(message) = run() {
        eprintln!("{message}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?);
    println!("cargo:rerun-if-changed=specs");
    let mut specs: Vec<PathBuf> = std::fs::read_dir("specs")
        .map_err(|e| format!("cannot read specs/: {e}"))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| matches!(path.extension().and_then(|e| e.to_str()), Some("json" | "yaml")))
        .collect();
    specs.sort();
    let mut modules = String::new();
    for spec in &specs {
        println!("cargo:rerun-if-changed={}", spec.display());
        let output = openapi_bindgen::generate_file(spec, &openapi_bindgen::Config::default()).map_err(|f| f.to_string())?;
        let module = spec.file_stem().and_then(|s| s.to_str()).ok_or("spec name is not UTF-8")?.replace('-', "_");
        std::fs::write(out_dir.join(format!("{module}.rs")), &output.code).map_err(|e| e.to_string())?;
        writeln!(modules, "pub mod {module} {{ include!(concat!(env!(\"OUT_DIR\"), \"/{module}.rs\")); }}").map_err(|e| e.to_string())?;
    }
    std::fs::write(out_dir.join("specs.rs"), modules).map_err(|e| e.to_string())
}
