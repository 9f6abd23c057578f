//! Generates the bindings of every spec in `specs/` into `OUT_DIR`, plus `specs.rs` declaring one
//! module per spec, and `conformance.rs` with each spec's conformance checks (used by
//! `tests/conformance.rs` only).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

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
        .filter(|path| is_spec(path))
        .collect();
    // Sorted, so the module list does not depend on directory order.
    specs.sort();
    let mut modules = String::new();
    let mut checks = String::from(
        "pub type Outcome = (String, Result<(), String>);\npub type Checks = ::std::pin::Pin<Box<dyn ::std::future::Future<Output = Vec<Outcome>> + Send>>;\npub type Runner = fn(String) -> Checks;\n",
    );
    let mut runners = String::new();
    for spec in &specs {
        println!("cargo:rerun-if-changed={}", spec.display());
        println!("cargo:rerun-if-changed={}", openapi_bindgen::settings_path(spec).display());
        let config = openapi_bindgen::load_settings(spec).map_err(|d| d.to_string())?;
        let output = openapi_bindgen::generate_file(spec, &config).map_err(|failure| failure.to_string())?;
        for diagnostic in &output.diagnostics {
            println!("cargo:warning={}", diagnostic.to_string().replace('\n', " "));
        }
        let stem = spec.file_stem().and_then(|s| s.to_str()).ok_or("spec file name is not UTF-8")?;
        let module = stem.replace(|c: char| !c.is_ascii_alphanumeric(), "_").to_ascii_lowercase();
        std::fs::write(out_dir.join(format!("{module}.rs")), &output.code).map_err(|e| format!("cannot write bindings: {e}"))?;
        for line in &output.module_doc {
            writeln!(modules, "#[doc = {:?}]", format!(" {line}")).map_err(|e| e.to_string())?;
        }
        writeln!(modules, "pub mod {module} {{ include!(concat!(env!(\"OUT_DIR\"), \"/{module}.rs\")); }}").map_err(|e| e.to_string())?;

        let conformance = openapi_bindgen::generate_conformance(spec, &config, &format!("recoup::{module}")).map_err(|f| f.to_string())?;
        std::fs::write(out_dir.join(format!("{module}_conformance.rs")), conformance).map_err(|e| format!("cannot write checks: {e}"))?;
        writeln!(checks, "pub mod {module} {{ include!(concat!(env!(\"OUT_DIR\"), \"/{module}_conformance.rs\")); }}").map_err(|e| e.to_string())?;
        let file = spec.file_name().and_then(|s| s.to_str()).ok_or("spec file name is not UTF-8")?;
        writeln!(runners, "        (\"{file}\", |url| Box::pin(async move {{ {module}::run(&url).await }})),").map_err(|e| e.to_string())?;
    }
    writeln!(checks, "/// Every spec in `specs/` with its checks.\npub fn specs() -> Vec<(&'static str, Runner)> {{\n    vec![\n{runners}    ]\n}}")
        .map_err(|e| e.to_string())?;
    std::fs::write(out_dir.join("conformance.rs"), checks).map_err(|e| format!("cannot write conformance.rs: {e}"))?;
    std::fs::write(out_dir.join("specs.rs"), modules).map_err(|e| format!("cannot write specs.rs: {e}"))
}

fn is_spec(path: &Path) -> bool {
    matches!(path.extension().and_then(|e| e.to_str()), Some("json" | "yaml" | "yml"))
}
