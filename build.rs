//! Generates the bindings of every spec in `specs/` into `OUT_DIR` (and `specs.rs` declaring one
//! module per spec), and `conformance.rs` with each spec's conformance checks (used by
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
    let specs = openapi_bindgen::generate_dir(Path::new("specs"), &out_dir)?;
    let mut checks = String::from(
        "pub type Outcome = (String, Result<(), String>);\npub type Checks = ::std::pin::Pin<Box<dyn ::std::future::Future<Output = Vec<Outcome>> + Send>>;\npub type Runner = fn(String) -> Checks;\n",
    );
    let mut runners = String::new();
    for openapi_bindgen::GeneratedSpec { spec, module, config } in &specs {
        let conformance = openapi_bindgen::generate_conformance(spec, config, &format!("recoup::{module}")).map_err(|f| f.to_string())?;
        std::fs::write(out_dir.join(format!("{module}_conformance.rs")), conformance).map_err(|e| format!("cannot write checks: {e}"))?;
        writeln!(checks, "pub mod {module} {{ include!(concat!(env!(\"OUT_DIR\"), \"/{module}_conformance.rs\")); }}").map_err(|e| e.to_string())?;
        let file = spec.file_name().and_then(|s| s.to_str()).ok_or("spec file name is not UTF-8")?;
        writeln!(runners, "        (\"{file}\", |url| Box::pin(async move {{ {module}::run(&url).await }})),").map_err(|e| e.to_string())?;
    }
    writeln!(checks, "/// Every spec in `specs/` with its checks.\npub fn specs() -> Vec<(&'static str, Runner)> {{\n    vec![\n{runners}    ]\n}}")
        .map_err(|e| e.to_string())?;
    std::fs::write(out_dir.join("conformance.rs"), checks).map_err(|e| format!("cannot write conformance.rs: {e}"))
}
