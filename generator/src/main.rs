//! The `openapi-bindgen` command line: `generate` writes a module, `crate` a standalone crate,
//! `dir` a module tree for every spec of a directory, and `diff` reports how a generated API changed.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use openapi_bindgen::{
    Config, Diagnostic, Output, Selector, diff_api, find_specs, generate_dir, generate_file, load_settings, write_crate,
};

// Generation allocates millions of small token and syntax nodes; mimalloc makes that (a quarter of
// a run on GitHub's spec with the system allocator) several times cheaper.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "openapi-bindgen",
    version,
    about = "Generates typed async Rust clients from OpenAPI 3.0 and 3.1 documents"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Writes the Rust module for SPEC (to stdout, or to FILE with -o).
    Generate {
        /// The OpenAPI document (JSON or YAML).
        spec: PathBuf,
        /// Where to write the module.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        #[command(flatten)]
        options: Options,
    },
    /// Writes a standalone crate for SPEC into DIR; `cargo build` inside DIR builds it.
    Crate {
        /// The OpenAPI document (JSON or YAML).
        spec: PathBuf,
        /// The crate's directory (created if needed).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// The crate's name (default: the spec's file stem).
        #[arg(long)]
        name: Option<String>,
        #[command(flatten)]
        options: Options,
    },
    /// Writes a module for every spec directly in SPECS (each with its `.bindgen.toml`), sharing
    /// one runtime, into DIR: `<spec>.rs`, `runtime.rs` and `mod.rs`. Stale `.rs` files in DIR
    /// are removed.
    Dir {
        /// The directory of specs (`*.json`, `*.yaml`, `*.yml`).
        specs: PathBuf,
        /// The output directory (created if needed).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
    /// Reports the changes of the generated API from OLD to NEW, one line each, classed breaking
    /// or compatible, then the semver bump they imply (or `no changes`). Each side is a spec
    /// (generated in memory with its `.bindgen.toml`), a generated `.rs` module, or a directory of
    /// either (a spec directory like `specs/` or a generated one like `generated/`: modules paired
    /// by name). Exits with 2 when a side cannot be read or generated.
    Diff {
        /// The old API: spec, generated module, or directory of either.
        old: PathBuf,
        /// The new API: spec, generated module, or directory of either.
        new: PathBuf,
        /// Exit with 1 when any change is breaking.
        #[arg(long)]
        deny_breaking: bool,
    },
}

#[derive(clap::Args)]
struct Options {
    /// Settings file (default: `<spec stem>.bindgen.toml` beside the spec, if present).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Treat every fallback warning as an error.
    #[arg(long)]
    strict: bool,
    /// Generate only the operations SELECTOR names, and the types they use: `"METHOD /path"` (the
    /// path as the spec writes it), `tag:NAME` or `operationId:ID`. Repeatable; added to the
    /// settings' `[operations] include`.
    #[arg(long, value_name = "SELECTOR")]
    include: Vec<Selector>,
    /// Leave out the operations SELECTOR names, even when included. Repeatable; added to the
    /// settings' `[operations] exclude`.
    #[arg(long, value_name = "SELECTOR")]
    exclude: Vec<Selector>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(code) => code,
        Err(message) => {
            if !message.is_empty() {
                eprintln!("{message}");
            }
            ExitCode::FAILURE
        }
    }
}

fn run(command: Command) -> Result<ExitCode, String> {
    match command {
        Command::Generate { spec, output, options } => {
            let generated = generate(&spec, &options, false)?;
            match output {
                Some(path) => std::fs::write(&path, &generated.code)
                    .map(|()| ExitCode::SUCCESS)
                    .map_err(|e| format!("cannot write {}: {e}", path.display())),
                None => {
                    print!("{}", generated.code);
                    Ok(ExitCode::SUCCESS)
                }
            }
        }
        Command::Crate { spec, out, name, options } => {
            // The crate gets typed mocks behind its `mock` feature: off, nothing of them compiles.
            let generated = generate(&spec, &options, true)?;
            let name = name.unwrap_or_else(|| crate_name(&spec));
            write_crate(&generated, &out, &name)
                .map_err(|e| format!("cannot write the crate into {}: {e}", out.display()))?;
            eprintln!("wrote crate `{name}` into {}", out.display());
            Ok(ExitCode::SUCCESS)
        }
        Command::Dir { specs, out } => {
            let found = find_specs(&specs)?;
            remove_stale_modules(&out, &found)?;
            let generated = generate_dir(&found, &out)?;
            for spec in &generated {
                print_diagnostics(&spec.diagnostics);
                for (diagnostic, reason) in &spec.accepted {
                    eprintln!("accepted in the settings ({reason}): {}:{}\n", diagnostic.file, diagnostic.pointer);
                }
            }
            eprintln!("wrote {} module(s) and the shared runtime into {}", generated.len(), out.display());
            Ok(ExitCode::SUCCESS)
        }
        Command::Diff { old, new, deny_breaking } => Ok(diff(&old, &new, deny_breaking)),
    }
}

/// Prints the report; exits 1 on breaking changes if denied, 2 when a side cannot be read (so a
/// script tells a breaking change from a broken input).
fn diff(old: &Path, new: &Path, deny_breaking: bool) -> ExitCode {
    match diff_api(old, new) {
        Ok(report) => {
            print!("{report}");
            if deny_breaking && report.breaking() > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS }
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

/// Removes the `.rs` files of `out` no spec writes any more, so a deleted spec leaves no module behind.
fn remove_stale_modules(out: &Path, specs: &[openapi_bindgen::SpecFile]) -> Result<(), String> {
    let Ok(entries) = std::fs::read_dir(out) else { return Ok(()) };
    for path in entries.filter_map(|entry| entry.ok().map(|e| e.path())) {
        let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else { continue };
        let written = matches!(stem, "mod" | "runtime") || specs.iter().any(|spec| spec.module == stem);
        if path.extension().is_some_and(|e| e == "rs") && !written {
            std::fs::remove_file(&path).map_err(|e| format!("cannot remove {}: {e}", path.display()))?;
        }
    }
    Ok(())
}

fn generate(spec: &Path, options: &Options, mock_feature: bool) -> Result<Output, String> {
    let mut config: Config = match &options.config {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            openapi_bindgen::parse_settings(&path.display().to_string(), &text).map_err(|d| d.to_string())?
        }
        None => load_settings(spec).map_err(|d| d.to_string())?,
    };
    config.strict |= options.strict;
    config.operations.include.extend(options.include.iter().cloned());
    config.operations.exclude.extend(options.exclude.iter().cloned());
    if mock_feature {
        config.mock = true;
        config.mock_feature = Some("mock".to_owned());
    }
    match generate_file(spec, &config) {
        Ok(output) => {
            print_diagnostics(&output.diagnostics);
            Ok(output)
        }
        Err(failure) => {
            print_diagnostics(&failure.diagnostics);
            let errors = failure.diagnostics.iter().filter(|d| d.is_error()).count();
            Err(format!("error: {} could not be generated ({errors} error(s))", spec.display()))
        }
    }
}

fn print_diagnostics(diagnostics: &[Diagnostic]) {
    for diagnostic in diagnostics {
        eprintln!("{diagnostic}\n");
    }
}

/// A crate name from the spec's file stem: `social.json` gives `social`.
fn crate_name(spec: &Path) -> String {
    let stem = spec.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let name: String =
        stem.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
    let name = name.trim_matches('-').to_owned();
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) { format!("api-{name}") } else { name }
}
