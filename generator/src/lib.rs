//! openapi-bindgen: generates typed async Rust clients (reqwest + serde) from OpenAPI 3.0 and 3.1 documents.
//!
//! The pipeline is `load` (bytes to a located JSON tree), `model::build` (refs resolved, versions
//! normalised), `lower` (every OpenAPI-to-Rust decision, into the `ir`), `emit` (tokens) and
//! `format` (source text). [`generate_file`] runs it all; [`write_crate`] wraps the result in a
//! standalone crate. This file is the whole public surface.

mod conformance;
mod diag;
mod emit;
mod format;
mod ir;
mod load;
mod lower;
mod model;
mod naming;
mod settings;
mod spec;
mod synth;

// The runtime's own unit tests, run by this crate's `cargo test`; generated code gets the runtime
// without them (see `format::runtime_source`). Its re-exports serve generated code, not this crate.
#[cfg(test)]
#[allow(dead_code, unused_imports)]
#[path = "../runtime/mod.rs"]
mod runtime;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

pub use diag::{Diagnostic, Severity};
pub use settings::{load_settings, parse_settings, settings_path};
pub use spec::Location;

/// The runtime every generated module uses, as Rust source: written into each module as `mod
/// runtime`, or once beside modules generated with [`Config::shared_runtime`].
pub fn runtime_source() -> String {
    format::runtime_source()
}

/// Generator settings (see `settings` for the file they are read from).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Config {
    /// Method names by `"METHOD /path"`, overriding both `operationId` and the derived name.
    pub operation_names: BTreeMap<String, String>,
    /// Turns every fallback warning into an error.
    pub strict: bool,
    /// Warnings a maintainer has reviewed, by JSON pointer, with the reason they are accepted
    /// (usually a fault of the spec that only its authors can fix). [`generate_dir`] keeps them out
    /// of [`GeneratedSpec::diagnostics`], and fails when one no longer occurs.
    pub accepted_warnings: BTreeMap<String, String>,
    /// The module uses the runtime of its parent (`pub use super::runtime;`), written once by
    /// [`generate_dir`] (or [`runtime_source`]), instead of carrying its own copy: several modules
    /// then share one `runtime::Client`.
    pub shared_runtime: bool,
}

/// A generated module and what the generator had to say about its spec.
#[derive(Debug)]
pub struct Output {
    /// The module's source: types, `Client` methods, and the runtime as `mod runtime`.
    pub code: String,
    /// Module documentation (from the spec's `info`), for the `mod` that includes the code.
    pub module_doc: Vec<String>,
    /// Warnings: each names a construct that got a documented fallback.
    pub diagnostics: Vec<Diagnostic>,
    /// Every `example`/`examples` value of the spec whose type the module defines, in document
    /// order: what a test needs to check that the spec's own examples decode.
    pub examples: Vec<Example>,
}

/// One example value of a spec and the generated type it must decode into.
#[derive(Clone, Debug, PartialEq)]
pub struct Example {
    /// JSON pointer of the value in the spec (`#/components/schemas/Pet/example`, without the `#`).
    pub pointer: String,
    pub value: serde_json::Value,
    /// The Rust type, as written inside the generated module (`Vec<Pet>`, `Option<String>`).
    pub rust_type: String,
}

/// Why no module was generated; `diagnostics` holds at least one error.
#[derive(Debug)]
pub struct Failure {
    pub diagnostics: Vec<Diagnostic>,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for diagnostic in &self.diagnostics {
            writeln!(f, "{diagnostic}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Failure {}

/// Generates the module for the spec at `path`.
pub fn generate_file(path: &Path, config: &Config) -> Result<Output, Failure> {
    let document = load::load_file(path).map_err(|d| Failure { diagnostics: vec![d] })?;
    generate_document(&document, config)
}

/// Generates the module for spec text; `name` stands for the file in diagnostics.
pub fn generate_str(name: &str, text: &str, config: &Config) -> Result<Output, Failure> {
    let document = load::load_str(name, text).map_err(|d| Failure { diagnostics: vec![d] })?;
    generate_document(&document, config)
}

/// Runs the pipeline up to the `ir`, failing on any error diagnostic.
fn lower_document(document: &spec::Document, config: &Config) -> Result<(ir::Module, Vec<Diagnostic>), Failure> {
    let mut diags = diag::Diagnostics::default();
    let api = model::build(document, &mut diags);
    let module = lower::lower(document, &api, config, &mut diags);
    if diags.has_errors() {
        return Err(Failure { diagnostics: diags.into_vec() });
    }
    Ok((module, diags.into_vec()))
}

fn file_name(document: &spec::Document) -> String {
    Path::new(&document.file).file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

fn generator_bug(document: &spec::Document, message: String) -> Failure {
    Failure { diagnostics: vec![Diagnostic::in_file(&document.file, None, None, message)] }
}

fn generate_document(document: &spec::Document, config: &Config) -> Result<Output, Failure> {
    let (module, diagnostics) = lower_document(document, config)?;
    let items = emit_and_format(&module).map_err(|message| generator_bug(document, message))?;
    let code = format::assemble_module(&items, &file_name(document), config.shared_runtime);
    let examples = module
        .examples
        .iter()
        .map(|example| Example {
            pointer: example.pointer.clone(),
            value: example.value.clone(),
            // Type tokens never need their spaces (paths and generic arguments only).
            rust_type: emit::type_tokens(&module, &example.ty).to_string().replace(' ', ""),
        })
        .collect();
    Ok(Output { code, module_doc: module.doc, diagnostics, examples })
}

/// Generates conformance checks for the spec at `path`: a module with `pub async fn run(base_url)`
/// that calls every operation of the bindings at `api_path` (e.g. `recoup::social`) against a
/// spec-validating mock server, and returns one `(case, Result)` per check. The module needs
/// `reqwest`, `serde` and `serde_json` besides the bindings.
pub fn generate_conformance(path: &Path, config: &Config, api_path: &str) -> Result<String, Failure> {
    let document = load::load_file(path).map_err(|d| Failure { diagnostics: vec![d] })?;
    let (module, _) = lower_document(&document, config)?;
    let api_path: syn::Path = syn::parse_str(api_path)
        .map_err(|error| generator_bug(&document, format!("`{api_path}` is not a Rust path: {error}")))?;
    let tokens = conformance::emit_conformance(&module, &api_path);
    format::format_checks(tokens, &file_name(&document)).map_err(|message| generator_bug(&document, message))
}

/// Emits and formats the module's items on every core: parsing and printing 100k lines (GitHub's
/// spec) take most of a run, and the parts are independent. The items are cut into small runs
/// taken in turn by the threads, so the token and syntax trees alive at once stay small (building
/// them is mostly allocation). Token streams are not `Send`, so each thread emits its own runs; the
/// texts are joined in order, so the output does not depend on the number of threads.
fn emit_and_format(module: &ir::Module) -> Result<String, String> {
    const RUN: usize = 64;
    let parts = emit::part_count(module);
    let runs = parts.div_ceil(RUN);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8).min(runs.max(1));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut texts: Vec<(usize, Result<String, String>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let run = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        if run >= runs {
                            return done;
                        }
                        let range = run * RUN..((run + 1) * RUN).min(parts);
                        done.push((run, format::format_items(emit::emit_parts(module, range))));
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|handle| {
                handle.join().unwrap_or_else(|_| vec![(0, Err("a code generation thread panicked".to_owned()))])
            })
            .collect()
    });
    texts.sort_by_key(|(run, _)| *run);
    texts.into_iter().map(|(_, text)| text).collect::<Result<Vec<String>, String>>().map(|texts| texts.concat())
}

/// A spec found by [`find_specs`] and the module it becomes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpecFile {
    pub path: PathBuf,
    /// The module name: the file stem, lower-case, non-alphanumerics as `_` (`agent-templates.json`
    /// is `agent_templates`).
    pub module: String,
}

/// Every spec (`*.json`, `*.yaml`, `*.yml`) directly in `dir`, in file-name order.
pub fn find_specs(dir: &Path) -> Result<Vec<SpecFile>, String> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| matches!(path.extension().and_then(|e| e.to_str()), Some("json" | "yaml" | "yml")))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let stem = path
                .file_stem()
                .and_then(|s| s.to_str())
                .ok_or_else(|| format!("{}: the file name is not UTF-8", path.display()))?;
            let module = stem.replace(|c: char| !c.is_ascii_alphanumeric(), "_").to_ascii_lowercase();
            Ok(SpecFile { path, module })
        })
        .collect()
}

/// One spec generated by [`generate_dir`].
#[derive(Debug)]
pub struct GeneratedSpec {
    pub spec: SpecFile,
    /// Its settings (from the `.bindgen.toml` beside it), with `shared_runtime` set.
    pub config: Config,
    /// Module documentation, from the spec's `info`.
    pub module_doc: Vec<String>,
    /// The generator's warnings: each names a construct that got a documented fallback.
    pub diagnostics: Vec<Diagnostic>,
    /// Warnings the settings accept, with the reason given there.
    pub accepted: Vec<(Diagnostic, String)>,
}

/// Generates `specs` as sibling modules sharing one runtime: writes `out_dir/<module>.rs` for
/// each, `out_dir/runtime.rs`, and `out_dir/mod.rs` declaring them all (`pub mod runtime;` and a
/// documented `pub mod <module>;` per spec), so `out_dir` is a module tree of its own. The output
/// depends only on the specs and their settings. Used by `build.rs` scripts and the CLI's `dir`.
pub fn generate_dir(specs: &[SpecFile], out_dir: &Path) -> Result<Vec<GeneratedSpec>, String> {
    std::fs::create_dir_all(out_dir).map_err(|e| format!("cannot create {}: {e}", out_dir.display()))?;
    let write = |name: &str, text: &str| {
        std::fs::write(out_dir.join(name), text).map_err(|e| format!("cannot write {name}: {e}"))
    };
    let mut declarations =
        String::from("// @generated by openapi-bindgen: one module per spec, sharing `runtime`.\n\n");
    declarations.push_str("/// The client runtime shared by every module: HTTP, credentials, errors and encoding.\n#[allow(dead_code)]\npub mod runtime;\n");
    let mut generated = Vec::new();
    for spec in specs {
        let mut config = load_settings(&spec.path).map_err(|d| d.to_string())?;
        config.shared_runtime = true;
        let output = generate_file(&spec.path, &config).map_err(|failure| failure.to_string())?;
        write(&format!("{}.rs", spec.module), &output.code)?;
        let (accepted, diagnostics): (Vec<Diagnostic>, Vec<Diagnostic>) =
            output.diagnostics.into_iter().partition(|d| config.accepted_warnings.contains_key(&d.pointer));
        if let Some(stale) =
            config.accepted_warnings.keys().find(|pointer| !accepted.iter().any(|d| &&d.pointer == pointer))
        {
            return Err(format!(
                "{}: the accepted warning at `{stale}` no longer occurs; remove it from the settings",
                settings_path(&spec.path).display()
            ));
        }
        let accepted = accepted
            .into_iter()
            .map(|d| {
                let reason = config.accepted_warnings.get(&d.pointer).cloned().unwrap_or_default();
                (d, reason)
            })
            .collect();
        for line in &output.module_doc {
            writeln!(declarations, "///{}{line}", if line.is_empty() { "" } else { " " }).map_err(|e| e.to_string())?;
        }
        writeln!(declarations, "pub mod {};", spec.module).map_err(|e| e.to_string())?;
        generated.push(GeneratedSpec {
            spec: spec.clone(),
            config,
            module_doc: output.module_doc,
            diagnostics,
            accepted,
        });
    }
    write("runtime.rs", &format::runtime_file())?;
    write("mod.rs", &declarations)?;
    Ok(generated)
}
/// For a `build.rs` that ran [`generate_dir`] into `OUT_DIR/<subdir>`: the text of a file to
/// `include!` from the crate (write it to `OUT_DIR`), declaring `runtime` and every generated
/// module, documented, with their code included from `OUT_DIR` (a `mod x;` cannot reach there).
pub fn out_dir_modules(generated: &[GeneratedSpec], subdir: &str) -> String {
    let include = |module: &str| format!("include!(concat!(env!(\"OUT_DIR\"), \"/{subdir}/{module}.rs\"));");
    let mut text = format!(
        "/// The client runtime shared by every module: HTTP, credentials, errors and encoding.\n#[allow(dead_code)]\npub mod runtime {{ {} }}\n",
        include("runtime")
    );
    for spec in generated {
        for line in &spec.module_doc {
            text.push_str(&format!("#[doc = {:?}]\n", format!(" {line}")));
        }
        text.push_str(&format!("pub mod {} {{ {} }}\n", spec.spec.module, include(&spec.spec.module)));
    }
    text
}

/// The dependencies a generated module needs, as `Cargo.toml` lines (the versions it is tested with).
pub const RUNTIME_DEPENDENCIES: &str = r#"bytes = "1"
chrono = { version = "0.4.45", default-features = false, features = ["serde", "std"] }
futures-util = { version = "0.3", default-features = false, features = ["std"] }
percent-encoding = "2.3"
reqwest = { version = "0.13", default-features = false, features = ["json", "multipart", "native-tls", "stream"] }
serde = { version = "1", features = ["derive"] }
serde_json = { version = "1", features = ["preserve_order"] }
thiserror = "2"
tokio = { version = "1", features = ["fs"] }
url = { version = "2.5", features = ["serde"] }
uuid = { version = "1.29", features = ["serde"] }
"#;

/// Writes a standalone crate for `output` into `dir`: `Cargo.toml` and `src/lib.rs`.
pub fn write_crate(output: &Output, dir: &Path, name: &str) -> std::io::Result<()> {
    std::fs::create_dir_all(dir.join("src"))?;
    let manifest = format!(
        "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2024\"\nrust-version = \"1.89\"\npublish = false\n\n# Its own workspace, so it builds wherever it is written.\n[workspace]\n\n[dependencies]\n{RUNTIME_DEPENDENCIES}"
    );
    std::fs::write(dir.join("Cargo.toml"), manifest)?;
    let mut lib = String::new();
    for line in &output.module_doc {
        lib.push_str(if line.is_empty() { "//!" } else { "//! " });
        lib.push_str(line);
        lib.push('\n');
    }
    lib.push('\n');
    lib.push_str(&output.code);
    std::fs::write(dir.join("src/lib.rs"), lib)
}
