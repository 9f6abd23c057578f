//! Generates the bindings of every spec in `specs/` whose cargo feature is enabled into
//! `OUT_DIR/api/` (modules sharing one runtime), `OUT_DIR/specs.rs` (including them, and the
//! `Client` method reaching each module), and, with the `conformance` feature only (the project's
//! own tests), `conformance.rs` with each enabled spec's conformance checks for
//! `tests/conformance.rs`: a crate depending on `recoup` gets only what it compiles. With the
//! `mock` feature the modules also get their typed mocks (`<module>::mock`, `runtime::mock`).

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
    let specs_dir = Path::new("specs");
    println!("cargo:rerun-if-changed={}", specs_dir.display());
    let all = openapi_bindgen::find_specs(specs_dir)?;
    // Cargo counts a watched path that does not exist as changed on every build, so only settings
    // files that exist are named; a new one changes the watched folder.
    for spec in &all {
        println!("cargo:rerun-if-changed={}", spec.path.display());
        let settings = openapi_bindgen::settings_path(&spec.path);
        if settings.exists() {
            println!("cargo:rerun-if-changed={}", settings.display());
        }
    }
    // A module is compiled only when its feature (named as the module) is on.
    let enabled: Vec<_> = all
        .into_iter()
        .filter(|spec| std::env::var_os(format!("CARGO_FEATURE_{}", spec.module.to_ascii_uppercase())).is_some())
        .collect();
    let mock = std::env::var_os("CARGO_FEATURE_MOCK").is_some();
    let tracing = std::env::var_os("CARGO_FEATURE_TRACING").is_some();
    let options = openapi_bindgen::DirOptions::default().with_mock(mock).with_tracing(tracing);
    let generated = openapi_bindgen::generate_dir_with(&enabled, &out_dir.join("api"), &options)?;
    let conformance = std::env::var_os("CARGO_FEATURE_CONFORMANCE").is_some();

    let include = |file: &str| format!("include!(concat!(env!(\"OUT_DIR\"), \"/{file}\"));");
    let mut modules = openapi_bindgen::out_dir_modules(&generated, "api");
    let mut accessors = String::new();
    let mut mock_accessors = String::new();
    let mut checks = String::from(
        "pub type Outcome = (String, Result<(), String>);\npub type Checks = ::std::pin::Pin<Box<dyn ::std::future::Future<Output = Vec<Outcome>> + Send>>;\npub type Runner = fn(String) -> Checks;\n",
    );
    let mut runners = String::new();
    for openapi_bindgen::GeneratedSpec { spec, config, diagnostics, .. } in &generated {
        let module = &spec.module;
        // Notes explain decisions (pagination); only warnings are worth a cargo warning.
        for diagnostic in diagnostics.iter().filter(|d| d.severity != openapi_bindgen::Severity::Note) {
            println!("cargo:warning={}", diagnostic.to_string().replace('\n', " "));
        }
        writeln!(
            accessors,
            "    /// The client of [`{module}`], sharing this client's settings.\n    pub fn {module}(&self) -> {module}::Client {{\n        {module}::Client::from(self.runtime().clone())\n    }}"
        )
        .map_err(|e| e.to_string())?;
        writeln!(
            mock_accessors,
            "    /// The mocks of [`{module}`] on this server.\n    pub fn {module}(&self) -> {module}::mock::Mocks {{\n        {module}::mock::Mocks::new(self)\n    }}"
        )
        .map_err(|e| e.to_string())?;

        if !conformance {
            continue;
        }
        let checks_code = openapi_bindgen::generate_conformance(&spec.path, config, &format!("recoup::{module}"))
            .map_err(|f| f.to_string())?;
        std::fs::write(out_dir.join(format!("{module}_conformance.rs")), checks_code)
            .map_err(|e| format!("cannot write checks: {e}"))?;
        writeln!(checks, "pub mod {module} {{ {} }}", include(&format!("{module}_conformance.rs")))
            .map_err(|e| e.to_string())?;
        let file = spec.path.file_name().and_then(|s| s.to_str()).ok_or("spec file name is not UTF-8")?;
        writeln!(runners, "        (\"{file}\", |url| Box::pin(async move {{ {module}::run(&url).await }})),")
            .map_err(|e| e.to_string())?;
    }
    writeln!(modules, "\nimpl Client {{\n{accessors}}}").map_err(|e| e.to_string())?;
    if mock {
        writeln!(modules, "\nimpl runtime::mock::Server {{\n{mock_accessors}}}").map_err(|e| e.to_string())?;
    }
    std::fs::write(out_dir.join("specs.rs"), modules).map_err(|e| format!("cannot write specs.rs: {e}"))?;
    if !conformance {
        return Ok(());
    }
    writeln!(checks, "/// Every enabled spec of `specs/` with its checks.\npub fn specs() -> Vec<(&'static str, Runner)> {{\n    vec![\n{runners}    ]\n}}")
        .map_err(|e| e.to_string())?;
    std::fs::write(out_dir.join("conformance.rs"), checks).map_err(|e| format!("cannot write conformance.rs: {e}"))
}
