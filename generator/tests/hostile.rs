//! Hostile input through the CLI as a process: a chain of 10,000 components, and a multi-megabyte
//! one-line spec with thousands of warnings, each generated within bounds of memory and stderr.

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

mod chain;
mod common;

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("hostile").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// What one `openapi-bindgen generate` run did.
struct Run {
    success: bool,
    stderr: String,
    /// The child's peak resident memory (`VmHWM`), as last read while it ran.
    peak_bytes: u64,
}

/// Runs `openapi-bindgen generate SPEC -o OUT`, reading the child's peak memory from `/proc` while
/// it runs (the last reading before it exits, so a lower bound close to the true peak).
fn generate(spec: &Path, out: &Path) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_openapi-bindgen"))
        .arg("generate")
        .arg(spec)
        .arg("-o")
        .arg(out)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the CLI starts");
    let mut stderr_pipe = child.stderr.take().expect("stderr");
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr_pipe.read_to_string(&mut text);
        text
    });
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak_bytes = 0;
    let status = loop {
        if let Some(status) = child.try_wait().expect("the CLI runs") {
            break status;
        }
        let status = std::fs::read_to_string(&status_file).unwrap_or_default();
        let high_water = status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|kb| kb.trim().trim_end_matches("kB").trim().parse::<u64>().ok());
        peak_bytes = peak_bytes.max(high_water.unwrap_or(0) * 1024);
        std::thread::sleep(std::time::Duration::from_millis(5));
    };
    Run { success: status.success(), stderr: reader.join().expect("stderr read"), peak_bytes }
}

/// 10,000 components each holding the next exit cleanly: the model types what nests deeper than
/// 4096 as any value, and `lower` cuts every chain of types held in one another at 48 levels
/// (rustc's drop check stops at 128: before, 300 links failed to compile with E0320), each with a
/// located warning. The output parses; a 300-link chain's output compiles with warnings denied (the
/// 10,000-link one does too, in minutes, too long for this suite).
#[test]
fn a_chain_of_ten_thousand_components_generates_and_three_hundred_compile() {
    let dir = scratch("chain");
    std::fs::write(dir.join("chain.json"), chain::component_chain(10_000)).expect("spec");
    let run = generate(&dir.join("chain.json"), &dir.join("chain.rs"));
    assert!(run.success, "{}", run.stderr);
    let warnings: Vec<&str> = run.stderr.lines().filter(|l| l.contains(": warning: ")).collect();
    assert!(
        warnings.iter().all(|w| w.starts_with(&format!("{}:1:", dir.join("chain.json").display()))),
        "{warnings:?}"
    );
    assert!(warnings[0].contains("schemas nest more than 4096 deep here"), "{}", warnings[0]);
    assert!(warnings.iter().filter(|w| w.contains("types nest more than 48 deep here")).count() > 100);
    let code = std::fs::read_to_string(dir.join("chain.rs")).expect("output");
    syn::parse_file(&code).expect("the output parses as Rust");

    let crate_dir = dir.join("crate");
    std::fs::create_dir_all(crate_dir.join("src")).expect("scratch crate");
    std::fs::write(crate_dir.join("chain.json"), chain::component_chain(300)).expect("spec");
    let run = generate(&crate_dir.join("chain.json"), &crate_dir.join("src/lib.rs"));
    assert!(run.success, "{}", run.stderr);
    let manifest = format!(
        "[package]\nname = \"chain\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n[workspace]\n\n[dependencies]\n{}",
        openapi_bindgen::RUNTIME_DEPENDENCIES
    );
    std::fs::write(crate_dir.join("Cargo.toml"), manifest).expect("Cargo.toml");
    std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.lock"), crate_dir.join("Cargo.lock"))
        .expect("Cargo.lock");
    let result = common::cargo_in_shared_target(&crate_dir, &["check", "--quiet"]);
    assert!(result.status.success(), "{}", String::from_utf8_lossy(&result.stderr));
}

/// A minified spec of 2.6 MB and more (GitHub's, one line, with 1,500 more schemas that each warn)
/// generates within 300 MiB and prints under 1 MB of diagnostics: each keeps an excerpt of the
/// line, not the line.
#[test]
fn a_minified_multi_megabyte_spec_with_warnings_stays_within_memory_and_stderr_bounds() {
    let dir = scratch("minified");
    let github = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/corpus/github-api.github.com.json");
    let mut spec: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(github).expect("the GitHub spec")).expect("JSON");
    let schemas = spec.pointer_mut("/components/schemas").and_then(|s| s.as_object_mut()).expect("schemas");
    let description =
        "A schema that names its members by pattern, which the generator warns about and ignores. ".repeat(3);
    for i in 0..1500 {
        let warned = serde_json::json!({"type": "object", "description": description, "propertyNames": {"pattern": "^x"}, "properties": {"a": {"type": "string"}}});
        schemas.insert(format!("warned-{i}"), warned);
    }
    let text = serde_json::to_string(&spec).expect("minified");
    assert!(text.len() > 2_600_000 && !text.contains('\n'), "{} bytes", text.len());
    std::fs::write(dir.join("minified.json"), &text).expect("spec");
    let run = generate(&dir.join("minified.json"), &dir.join("minified.rs"));
    assert!(run.success, "{}", &run.stderr[..run.stderr.len().min(2000)]);
    let warnings = run.stderr.matches(": warning: ").count();
    assert!(warnings >= 1500, "{warnings} warnings");
    assert!(run.stderr.len() < 1_000_000, "{} bytes of stderr", run.stderr.len());
    assert!(run.peak_bytes > 0 && run.peak_bytes < 300 << 20, "peak memory {} MiB", run.peak_bytes >> 20);
    eprintln!(
        "{} bytes, {warnings} warnings: {} bytes of stderr, peak {} MiB",
        text.len(),
        run.stderr.len(),
        run.peak_bytes >> 20
    );
}

/// Bounds no sample could meet (found by the fuzz harness: generation never ended, building a
/// `minLength` string one character and one count at a time): samples honour them up to a size.
#[test]
fn huge_length_and_item_bounds_generate() {
    let spec = r#"openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /a:
    post:
      parameters:
        - {name: q, in: query, required: true, schema: {type: string, minLength: 1000000000000000000}}
      requestBody:
        required: true
        content:
          application/json:
            schema: {type: array, minItems: 1000000000000000000, items: {type: array, minItems: 1000, items: {type: array, minItems: 1000, items: {type: string}}}}
      responses: {'204': {description: ok}}
"#;
    let output =
        openapi_bindgen::generate_str("bounds.yaml", spec, &openapi_bindgen::Config::default()).expect("generates");
    assert!(output.code.contains("pub fn post_a("), "{}", output.code);
}

/// A file that is not UTF-8 is refused with the byte offset, line and column of the first byte
/// that is not, and the line up to it.
#[test]
fn a_file_that_is_not_utf8_is_a_located_error() {
    let dir = scratch("utf8");
    let spec = dir.join("spec.yaml");
    std::fs::write(&spec, b"openapi: 3.1.0\ninfo: {title: \"\xc3\xa9\", version: \"\xff\"}\npaths: {}\n")
        .expect("spec");
    let run = generate(&spec, &dir.join("out.rs"));
    assert!(!run.success);
    let rendered = run.stderr.replace(&spec.display().to_string(), "spec.yaml");
    expect_test::expect![[r#"
        spec.yaml:2:30: error: the file is not UTF-8: byte 45 (0xff) is not valid here
          at #
          | info: {title: "é", version: "
          |                              ^

        error: spec.yaml could not be generated (1 error(s))
    "#]]
    .assert_eq(&rendered);
}
