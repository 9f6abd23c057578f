//! The public corpus (`specs/corpus/`, 15 published specs) and the 24 Recoup specs of `specs/`:
//!
//! 1. every spec generates, and its crate as `openapi-bindgen crate` writes it passes clippy (so
//!    `cargo check`) with warnings denied;
//! 2. every `example`/`examples` value of every spec (schema, media type, parameter) decodes into
//!    its generated type, without falling back to a union's `Other` or an enum's `Unknown`, and
//!    re-encodes to an equal JSON value. Failures must be listed in `specs/example-gaps.toml`
//!    with their reason, and a listed gap that no longer fails fails the test (a ratchet).
//!
//! The crates are members of one scratch workspace, so dependencies compile once and the crates
//! compile in parallel; the only change to what `write_crate` writes is the removal of the
//! `[workspace]` table that makes each crate its own workspace, plus a `src/main.rs` that checks
//! the examples (a list of `(pointer, value)` in `examples.json` and one decode check per type).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use openapi_bindgen::{Output, generate_file, load_settings, write_crate};

mod common;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The corpus specs, sorted by name, then the Recoup specs.
fn specs() -> Vec<PathBuf> {
    let mut specs: Vec<PathBuf> = std::fs::read_dir(repo().join("specs/corpus"))
        .expect("specs/corpus is readable")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| is_spec(p))
        .collect();
    specs.sort();
    specs.extend(
        openapi_bindgen::find_specs(&repo().join("specs"))
            .expect("specs/ is readable")
            .into_iter()
            .map(|spec| spec.path),
    );
    specs
}

fn is_spec(path: &Path) -> bool {
    matches!(path.extension().and_then(|e| e.to_str()), Some("json" | "yaml" | "yml"))
}

fn file_name(spec: &Path) -> String {
    spec.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

/// The crate (and member directory) name of a spec.
fn crate_name(spec: &Path) -> String {
    let stem = spec.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
    let name: String =
        stem.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
    format!("corpus-{}", name.trim_matches('-'))
}

#[test]
fn the_corpus_has_the_fifteen_public_specs() {
    let dir = repo().join("specs/corpus");
    let count =
        std::fs::read_dir(&dir).expect("specs/corpus").filter_map(|e| e.ok()).filter(|e| is_spec(&e.path())).count();
    assert_eq!(count, 15);
    assert!(dir.join("README.md").is_file());
}

/// A tolerated example failure: which example, and why it is the example's fault (or a known gap).
#[derive(serde::Deserialize)]
struct Gap {
    spec: String,
    pointer: String,
    /// The checker's message, which must stay the same: the evidence for `reason`.
    failure: String,
    reason: String,
}

#[derive(serde::Deserialize)]
struct Gaps {
    #[serde(default)]
    gap: Vec<Gap>,
}

/// The checker binary of one crate: decodes each example into its type, re-encodes and compares.
fn examples_main(crate_ident: &str, output: &Output) -> (String, String) {
    let mut types: Vec<&str> = Vec::new();
    let mut which = Vec::new();
    for example in &output.examples {
        let index = types.iter().position(|t| *t == example.rust_type).unwrap_or_else(|| {
            types.push(&example.rust_type);
            types.len() - 1
        });
        which.push(index);
    }
    let list: Vec<(&str, &serde_json::Value)> =
        output.examples.iter().map(|e| (e.pointer.as_str(), &e.value)).collect();
    let json = serde_json::to_string(&list).expect("examples encode");
    let checks: String = types.iter().map(|t| format!("        check::<{t}>,\n")).collect();
    let which: Vec<String> = which.iter().map(ToString::to_string).collect();
    let main = format!(
        r#"//! Decodes every example of the spec into its generated type and re-encodes it; prints each failure.
// A spec without examples leaves the helpers unused.
#![allow(dead_code)]

#[allow(unused_imports)]
use {crate_ident}::*;

type Check = fn(&str) -> Result<(), String>;

fn main() {{
    let examples: Vec<(String, serde_json::Value)> = serde_json::from_str(include_str!("../examples.json")).expect("examples.json");
    let checks: &[Check] = &[
{checks}    ];
    let which: &[usize] = &[{which}];
    for ((pointer, value), index) in examples.iter().zip(which) {{
        if let Err(message) = checks[*index](&value.to_string()) {{
            println!("{{pointer}}\t{{}}", message.replace(['\n', '\t'], " "));
        }}
    }}
}}

fn check<T: serde::de::DeserializeOwned + serde::Serialize + std::fmt::Debug>(text: &str) -> Result<(), String> {{
    let decoded: T = serde_json::from_str(text).map_err(|e| format!("does not decode: {{e}}"))?;
    let debug = format!("{{decoded:?}}");
    // A union's `Other` or an enum's `Unknown` keeps the value, but means it matched no declared form.
    for fallback in ["Other(", "Unknown("] {{
        if debug.match_indices(fallback).any(|(at, _)| at == 0 || !debug[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_')) {{
            return Err(format!("decodes only into a fallback variant: {{}}", shorten(&debug)));
        }}
    }}
    let encoded = serde_json::to_value(&decoded).map_err(|e| format!("does not re-encode: {{e}}"))?;
    let original: serde_json::Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    match difference("", &original, &encoded) {{
        Some(difference) => Err(format!("re-encodes differently: {{difference}}")),
        None => Ok(()),
    }}
}}

fn shorten(text: &str) -> String {{
    if text.len() > 300 {{ format!("{{}}...", &text[..text.floor_char_boundary(300)]) }} else {{ text.to_owned() }}
}}

/// Where `a` and `b` differ as JSON values, up to: numbers compared by value (`1` and `1.0`), an
/// optional member sent as `null` and left out, and date-times and URLs compared once parsed
/// (`Z` and `+00:00`; `https://a.example` and `https://a.example/`).
fn difference(at: &str, a: &serde_json::Value, b: &serde_json::Value) -> Option<String> {{
    use serde_json::Value;
    match (a, b) {{
        (Value::Object(x), Value::Object(y)) => x.keys().chain(y.keys()).find_map(|key| {{
            let here = format!("{{at}}/{{key}}");
            match (x.get(key), y.get(key)) {{
                (Some(a), Some(b)) => difference(&here, a, b),
                (Some(Value::Null), None) | (None, Some(Value::Null)) => None,
                (Some(a), None) => Some(format!("{{here}}: {{}} is lost", shorten(&a.to_string()))),
                (None, Some(b)) => Some(format!("{{here}}: {{}} is added", shorten(&b.to_string()))),
                (None, None) => None,
            }}
        }}),
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {{
            x.iter().zip(y).enumerate().find_map(|(i, (a, b))| difference(&format!("{{at}}/{{i}}"), a, b))
        }}
        (Value::Number(x), Value::Number(y)) if x.as_f64() == y.as_f64() => None,
        (Value::String(x), Value::String(y)) if x == y || same_time(x, y) || same_url(x, y) => None,
        _ if a == b => None,
        _ => Some(format!("{{at}}: {{}} became {{}}", shorten(&a.to_string()), shorten(&b.to_string()))),
    }}
}}

fn same_time(a: &str, b: &str) -> bool {{
    matches!((chrono::DateTime::parse_from_rfc3339(a), chrono::DateTime::parse_from_rfc3339(b)), (Ok(x), Ok(y)) if x == y && x.offset() == y.offset())
}}

fn same_url(a: &str, b: &str) -> bool {{
    matches!((url::Url::parse(a), url::Url::parse(b)), (Ok(x), Ok(y)) if x == y)
}}
"#,
        which = which.join(", ")
    );
    (main, json)
}

#[test]
fn every_spec_generates_a_clippy_clean_crate_and_its_examples_decode() {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("corpus");
    let mut members = Vec::new();
    for spec in specs() {
        let started = Instant::now();
        let config = load_settings(&spec).unwrap_or_else(|d| panic!("{d}"));
        let output = generate_file(&spec, &config).unwrap_or_else(|failure| panic!("{}:\n{failure}", spec.display()));
        let elapsed = started.elapsed();
        let name = crate_name(&spec);
        let dir = root.join(&name);
        let _ = std::fs::remove_dir_all(&dir);
        write_crate(&output, &dir, &name).expect("the crate is written");
        let manifest_path = dir.join("Cargo.toml");
        let manifest = std::fs::read_to_string(&manifest_path).expect("Cargo.toml");
        assert!(
            manifest.contains("\n[workspace]\n"),
            "write_crate no longer makes its own workspace; update this test"
        );
        std::fs::write(&manifest_path, manifest.replace("\n[workspace]\n", "\n")).expect("Cargo.toml is writable");
        let (main, json) = examples_main(&name.replace('-', "_"), &output);
        std::fs::write(dir.join("src/main.rs"), main).expect("main.rs");
        std::fs::write(dir.join("examples.json"), json).expect("examples.json");
        eprintln!(
            "{}: {} lines, {} examples, generated in {elapsed:.2?}",
            file_name(&spec),
            output.code.lines().count(),
            output.examples.len()
        );
        members.push((file_name(&spec), name));
    }
    let list: Vec<String> = members.iter().map(|(_, m)| format!("{m:?}")).collect();
    let workspace = format!("[workspace]\nresolver = \"3\"\nmembers = [{}]\n", list.join(", "));
    std::fs::write(root.join("Cargo.toml"), workspace).expect("workspace manifest");
    // The workspace's lock file: the generated crates build with the versions the runtime is tested with.
    std::fs::copy(repo().join("Cargo.lock"), root.join("Cargo.lock")).expect("Cargo.lock is copied");

    let cargo = |args: &[&str]| {
        let started = Instant::now();
        let output = common::cargo_in_shared_target(&root, args);
        eprintln!("cargo {}: {:.1?}", args.join(" "), started.elapsed());
        output
    };
    let clippy = cargo(&["clippy", "--workspace", "--lib", "--quiet"]);
    assert!(
        clippy.status.success(),
        "the generated crates do not pass clippy:\n{}",
        String::from_utf8_lossy(&clippy.stderr)
    );
    let build = cargo(&["build", "--workspace", "--bins", "--quiet"]);
    assert!(build.status.success(), "the example checkers do not build:\n{}", String::from_utf8_lossy(&build.stderr));

    // Every failing example, by (spec file, pointer).
    let mut failures: BTreeMap<(String, String), String> = BTreeMap::new();
    for (spec, name) in &members {
        let run = Command::new(Path::new(env!("CARGO_TARGET_TMPDIR")).join("generated-crates-target/debug").join(name))
            .output()
            .expect("the example checker runs");
        assert!(run.status.success(), "{spec}: the example checker failed:\n{}", String::from_utf8_lossy(&run.stderr));
        for line in String::from_utf8_lossy(&run.stdout).lines() {
            let (pointer, message) = line.split_once('\t').unwrap_or((line, ""));
            // An example shared by several uses is checked once per type; its messages are joined.
            failures
                .entry((spec.clone(), pointer.to_owned()))
                .and_modify(|messages: &mut String| *messages = format!("{messages} | {message}"))
                .or_insert_with(|| message.to_owned());
        }
    }
    let gaps_text = std::fs::read_to_string(repo().join("specs/example-gaps.toml")).expect("specs/example-gaps.toml");
    let gaps: Gaps = toml::from_str(&gaps_text).expect("example-gaps.toml parses");
    let mut report = String::new();
    let mut tolerated = BTreeSet::new();
    for gap in &gaps.gap {
        let key = (gap.spec.clone(), gap.pointer.clone());
        if gap.reason.trim().is_empty() {
            writeln!(report, "gap without a reason: {} {}", gap.spec, gap.pointer).ok();
        }
        match failures.get(&key) {
            Some(message) if *message == gap.failure => {
                tolerated.insert(key);
            }
            Some(message) => {
                writeln!(report, "changed (update example-gaps.toml): {} {}: now {message}", gap.spec, gap.pointer)
                    .ok();
                tolerated.insert(key);
            }
            None => {
                writeln!(report, "fixed (remove it from example-gaps.toml): {} {}", gap.spec, gap.pointer).ok();
            }
        }
    }
    for ((spec, pointer), message) in &failures {
        if !tolerated.contains(&(spec.clone(), pointer.clone())) {
            writeln!(report, "[[gap]]\nspec = {spec:?}\npointer = {pointer:?}\nfailure = {message:?}\nreason = \"\"\n")
                .ok();
        }
    }
    eprintln!("{} example failures, {} tolerated", failures.len(), tolerated.len());
    assert!(report.is_empty(), "examples that do not round-trip (fix them, or list them with a reason):\n{report}");
}
