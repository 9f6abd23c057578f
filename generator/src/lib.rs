//! openapi-bindgen: generates typed async Rust clients (reqwest + serde) from OpenAPI 3.0 and 3.1 documents.
//!
//! The pipeline is `load` (bytes to a located JSON tree), `model::build` (refs resolved, versions
//! normalised), `lower` (every OpenAPI-to-Rust decision, into the `ir`), `emit` (tokens) and
//! `format` (source text). [`generate_file`] runs it all; [`write_crate`] wraps the result in a
//! standalone crate; [`diff_api`] compares two versions of a generated API. This file is the whole
//! public surface.

mod config;
mod conformance;
mod diag;
mod diff;
mod dir;
mod emit;
mod format;
mod ir;
mod load;
mod lower;
mod model;
mod naming;
mod selection;
mod settings;
mod spec;
mod standalone;
mod synth;

// The runtime's own unit tests, run by this crate's `cargo test`; generated code gets the runtime
// without them (see `format::runtime_source`). Its re-exports serve generated code, not this crate.
#[cfg(test)]
#[allow(dead_code, unused_imports)]
#[path = "../runtime/mod.rs"]
mod runtime;

/// The mocks' half of the runtime (`runtime/mock/`, assembled only with mocks on) beside the
/// runtime it extends, for its unit tests.
#[cfg(test)]
#[allow(dead_code, unused_imports)]
mod mock_host;

/// A scripted local HTTP server for the runtime's unit tests (`retry`, `send`).
#[cfg(test)]
mod runtime_test_server {
    use std::sync::{Arc, Mutex};

    use crate::runtime::{Client, RetryPolicy};

    /// A local server answering each request with the next of `responses` (status line and
    /// headers; the body is empty) and recording the request heads. It runs on the test's runtime,
    /// so with a paused clock only the client's waits pass time, instantly.
    pub async fn scripted(responses: &[&str]) -> (Client, Arc<Mutex<Vec<String>>>) {
        use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a free port");
        let address = listener.local_addr().expect("an address");
        let heads = Arc::new(Mutex::new(Vec::new()));
        let seen = heads.clone();
        let responses: Vec<String> = responses.iter().map(|r| (*r).to_owned()).collect();
        tokio::spawn(async move {
            for response in responses {
                let Ok((mut socket, _)) = listener.accept().await else { return };
                let mut read = Vec::new();
                let mut buffer = [0; 4096];
                while !String::from_utf8_lossy(&read).contains("\r\n\r\n") {
                    match socket.read(&mut buffer).await {
                        Ok(0) | Err(_) => break,
                        Ok(n) => read.extend_from_slice(&buffer[..n]),
                    }
                }
                seen.lock().expect("not poisoned").push(String::from_utf8_lossy(&read).into_owned());
                let reply = format!("HTTP/1.1 {response}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
                let _ = socket.write_all(reply.as_bytes()).await;
                let _ = socket.shutdown().await;
            }
        });
        let client =
            Client::with_base_url(format!("http://{address}")).with_retry(RetryPolicy::new().with_jitter(false));
        (client, heads)
    }
}

use std::path::Path;

pub use config::{Config, PaginationSetting};
pub use diag::{Diagnostic, Severity};
pub use diff::{ApiDiff, Change, Compatibility, diff_api};
pub use dir::{DirOptions, GeneratedSpec, SpecFile, find_specs, generate_dir, generate_dir_with, out_dir_modules};
pub use selection::{OperationFilter, Selector};
pub use settings::{load_settings, parse_settings, settings_path};
pub use spec::Location;
pub use standalone::{MOCK_DEPENDENCIES, RUNTIME_DEPENDENCIES, TRACING_DEPENDENCY, write_crate};

/// The runtime every generated module uses, as Rust source: written into each module as `mod
/// runtime`, or once beside modules generated with [`Config::shared_runtime`]; with `tracing`,
/// it records spans and events (see [`Config::tracing`]).
pub fn runtime_source(tracing: bool) -> String {
    format::runtime_source(tracing)
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
    /// The code's runtime records traces, so its crate depends on `tracing` ([`Config::tracing`]).
    pub tracing: bool,
    /// The cargo feature the module's mocks are compiled under ([`Config::mock_feature`]), which
    /// the crate must declare (enabling `wiremock`); `None` when there are none or they are ungated.
    pub mock_feature: Option<String>,
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
///
/// `model` and `lower` follow schemas by recursion, one level per nested schema; they run on a
/// thread of their own with a stack sized for the nesting depth they accept (see `MAX_NESTING` in
/// each), so a spec nesting deeper gets a located warning rather than a stack overflow.
fn lower_document(document: &spec::Document, config: &Config) -> Result<(lower::Lowered, Vec<Diagnostic>), Failure> {
    const STACK_BYTES: usize = 512 << 20;
    let run = || {
        let mut diags = diag::Diagnostics::new(document);
        let mut api = model::build(document, &mut diags);
        model::select(&mut api, &config.operations, &mut diags);
        let lowered = lower::lower(&api, config, &mut diags);
        if diags.has_errors() {
            return Err(Failure { diagnostics: diags.into_vec() });
        }
        Ok((lowered, diags.into_vec()))
    };
    std::thread::scope(|scope| {
        let worker = std::thread::Builder::new().name("openapi-bindgen".to_owned()).stack_size(STACK_BYTES);
        match worker.spawn_scoped(scope, run) {
            Ok(handle) => handle
                .join()
                .unwrap_or_else(|_| Err(generator_bug(document, "the model or lowering thread panicked".to_owned()))),
            // No thread to be had (a sandbox limiting them): run here, on the caller's stack.
            Err(_) => run(),
        }
    })
}

fn file_name(document: &spec::Document) -> String {
    Path::new(&document.file).file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

fn generator_bug(document: &spec::Document, message: String) -> Failure {
    Failure { diagnostics: vec![Diagnostic::in_file(&document.file, None, None, message)] }
}

fn generate_document(document: &spec::Document, config: &Config) -> Result<Output, Failure> {
    let (lower::Lowered { module, examples, samples: _ }, diagnostics) = lower_document(document, config)?;
    let mut items = emit_and_format(&module).map_err(|message| generator_bug(document, message))?;
    if config.mock {
        let mock =
            format::format_items(emit::emit_mocks(&module)).map_err(|message| generator_bug(document, message))?;
        items = format::with_mock_module(&items, &mock, config.mock_feature.as_deref());
    }
    let code =
        format::assemble_module(&items, &file_name(document), config.shared_runtime, &config.mocks(), config.tracing);
    let examples = examples
        .into_iter()
        .map(|example| Example {
            pointer: example.pointer,
            value: example.value,
            // Type tokens never need their spaces (paths and generic arguments only).
            rust_type: emit::type_tokens(&module, &example.ty).to_string().replace(' ', ""),
        })
        .collect();
    let mock_feature = config.mock_feature.clone().filter(|_| config.mock);
    let mut in_fence = false;
    let module_doc = module.doc.iter().map(|line| format::doc_text(line, &mut in_fence)).collect();
    Ok(Output { code, module_doc, diagnostics, examples, tracing: config.tracing, mock_feature })
}

/// Generates conformance checks for the spec at `path`: a module with `pub async fn run(base_url)`
/// that calls every operation of the bindings at `api_path` (e.g. `recoup::social`) against a
/// spec-validating mock server, and returns one `(case, Result)` per check. The module needs
/// `reqwest`, `serde` and `serde_json` besides the bindings.
pub fn generate_conformance(path: &Path, config: &Config, api_path: &str) -> Result<String, Failure> {
    let document = load::load_file(path).map_err(|d| Failure { diagnostics: vec![d] })?;
    let (lower::Lowered { module, samples, examples: _ }, _) = lower_document(&document, config)?;
    let api_path: syn::Path = syn::parse_str(api_path)
        .map_err(|error| generator_bug(&document, format!("`{api_path}` is not a Rust path: {error}")))?;
    let tokens = conformance::emit_conformance(&module, &samples, &api_path);
    format::format_checks(tokens, &file_name(&document)).map_err(|message| generator_bug(&document, message))
}

/// Emits and formats the module's items on every core: parsing and printing 100k lines (GitHub's
/// spec) take most of a run, and the parts are independent. The items are cut into small runs
/// taken in turn by the threads, so the token and syntax trees alive at once stay small (building
/// them is mostly allocation). Token streams are not `Send`, so each thread emits its own runs; the
/// texts are joined in order, so the output does not depend on the number of threads.
fn emit_and_format(module: &ir::Module) -> Result<String, String> {
    const RUN: usize = 64;
    // Runs never straddle the start of the request builders, which go into their own submodule.
    let requests = emit::requests_start(module);
    let parts = emit::part_count(module);
    let run_ranges: Vec<std::ops::Range<usize>> = (0..requests)
        .step_by(RUN)
        .map(|start| start..(start + RUN).min(requests))
        .chain((requests..parts).step_by(RUN).map(|start| start..(start + RUN).min(parts)))
        .collect();
    let runs = run_ranges.len();
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
                        let range = run_ranges[run].clone();
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
    let first_request_run = run_ranges.iter().position(|range| range.start >= requests).unwrap_or(runs);
    let texts = texts.into_iter().map(|(_, text)| text).collect::<Result<Vec<String>, String>>()?;
    let (items, builders) = texts.split_at(first_request_run);
    Ok(format::with_requests_module(&items.concat(), &builders.concat()))
}
