//! The fuzz harness shared by `tests/fuzz.rs` (a short run in `cargo test`) and
//! `examples/fuzz.rs` (long runs): real specs cut to a few operations, changed by structural
//! mutations of their JSON tree drawn by proptest, and the check every mutated spec must pass.
//!
//! A case is a seed (a spec of `specs/` or `specs/corpus/`), the operations kept, a list of
//! mutations, and how the text is written (pretty or minified JSON, or the same as YAML flow
//! syntax, which takes the YAML loader). Every part shrinks: a failure comes back as few mutations
//! of a small cut.

#![allow(dead_code)]

use std::any::Any;
use std::path::Path;
use std::sync::Mutex;

use openapi_bindgen::{Config, generate_str};
use proptest::prelude::*;
use serde_json::{Map, Value, json};

use mutations::{KINDS, Mutation, mutate};

mod mutations;

/// One seed spec, parsed once.
pub struct Seed {
    pub name: String,
    pub root: Value,
}

/// Every spec of `specs/` and `specs/corpus/` not larger than `max_bytes`, sorted by name.
pub fn seeds(max_bytes: u64) -> Vec<Seed> {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut paths = Vec::new();
    for dir in [repo.join("specs"), repo.join("specs/corpus")] {
        for entry in std::fs::read_dir(&dir).expect("a spec folder").filter_map(Result::ok) {
            let path = entry.path();
            let spec = path.extension().is_some_and(|e| e == "json" || e == "yaml");
            if spec && entry.metadata().is_ok_and(|m| m.len() <= max_bytes) {
                paths.push(path);
            }
        }
    }
    paths.sort();
    paths
        .iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).expect("a readable spec");
            let root = if path.extension().is_some_and(|e| e == "json") {
                serde_json::from_str(&text).expect("seed JSON")
            } else {
                yaml_root(&text)
            };
            Seed { name: path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(), root }
        })
        .collect()
}

fn yaml_root(text: &str) -> Value {
    use saphyr::LoadableYamlNode as _;
    let documents = saphyr::Yaml::load_from_str(text).expect("seed YAML");
    documents.first().map(yaml_value).unwrap_or(Value::Null)
}

/// A YAML node as JSON, closely enough for a seed (keys as their text, tags dropped).
fn yaml_value(node: &saphyr::Yaml<'_>) -> Value {
    use saphyr::{Scalar, Yaml};
    match node {
        Yaml::Value(Scalar::Null) | Yaml::Alias(_) | Yaml::BadValue => Value::Null,
        Yaml::Value(Scalar::Boolean(b)) => Value::Bool(*b),
        Yaml::Value(Scalar::Integer(i)) => json!(i),
        Yaml::Value(Scalar::FloatingPoint(f)) => json!(f.into_inner()),
        Yaml::Value(Scalar::String(s)) | Yaml::Representation(s, ..) => Value::String(s.to_string()),
        Yaml::Sequence(items) => Value::Array(items.iter().map(yaml_value).collect()),
        Yaml::Mapping(entries) => Value::Object(
            entries
                .iter()
                .map(|(key, value)| {
                    let key = match yaml_value(key) {
                        Value::String(s) => s,
                        other => other.to_string(),
                    };
                    (key, yaml_value(value))
                })
                .collect(),
        ),
        Yaml::Tagged(_, inner) => yaml_value(inner),
    }
}

/// How a case's text is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Syntax {
    Pretty,
    Minified,
    /// JSON written as a YAML document (`---` first), which the YAML loader reads.
    YamlFlow,
}

#[derive(Clone, Debug)]
pub struct Case {
    pub seed: usize,
    /// How many paths the cut keeps at most, and which.
    pub max_paths: u64,
    /// Which operations and components the cut keeps.
    pub picks: Vec<u64>,
    pub mutations: Vec<Mutation>,
    pub syntax: Syntax,
    pub strict: bool,
}

/// Cases over `seeds` seeds, with up to `max_mutations` mutations each, cutting each seed to at
/// most `max_paths` paths.
pub fn cases(seeds: usize, max_mutations: usize, max_paths: u64) -> impl Strategy<Value = Case> {
    let mutation = (proptest::sample::select(KINDS.to_vec()), any::<u64>(), any::<u64>(), any::<u32>())
        .prop_map(|(kind, at, other, choice)| Mutation { kind, at, other, choice });
    (
        0..seeds,
        proptest::collection::vec(any::<u64>(), 6),
        proptest::collection::vec(mutation, 0..=max_mutations),
        proptest::sample::select(vec![Syntax::Minified, Syntax::Pretty, Syntax::YamlFlow]),
        proptest::bool::weighted(0.1),
    )
        .prop_map(move |(seed, picks, mutations, syntax, strict)| Case {
            seed,
            max_paths: max_paths.max(1),
            picks,
            mutations,
            syntax,
            strict,
        })
}

/// The spec text of `case`.
pub fn spec_text(case: &Case, seeds: &[Seed]) -> String {
    let mut root = cut(&seeds[case.seed].root, case.max_paths, &case.picks);
    for mutation in &case.mutations {
        mutate(&mut root, mutation);
    }
    match case.syntax {
        Syntax::Pretty => serde_json::to_string_pretty(&root),
        Syntax::Minified => serde_json::to_string(&root),
        Syntax::YamlFlow => serde_json::to_string(&root).map(|text| format!("---\n{text}\n")),
    }
    .unwrap_or_default()
}

/// The file name a case is generated as.
pub fn file_name(case: &Case, seeds: &[Seed]) -> String {
    let stem = seeds[case.seed].name.rsplit_once('.').map_or("spec", |(stem, _)| stem).to_owned();
    format!("{stem}.{}", if case.syntax == Syntax::YamlFlow { "yaml" } else { "json" })
}

/// The seed with up to `max_paths` of its paths (all of them if it has no more), the components
/// they reach through `$ref`s, one more schema, and everything else of the root.
fn cut(root: &Value, max_paths: u64, picks: &[u64]) -> Value {
    let Value::Object(object) = root else { return root.clone() };
    let pick = |i: usize| picks.get(i).copied().unwrap_or(0);
    let mut out = Map::new();
    for (key, value) in object {
        if key != "paths" && key != "webhooks" && key != "components" {
            out.insert(key.clone(), value.clone());
        }
    }
    for section in ["paths", "webhooks"] {
        if let Some(Value::Object(entries)) = object.get(section) {
            let kept: Map<String, Value> = if entries.len() as u64 <= max_paths {
                entries.clone()
            } else {
                let count = 1 + (pick(0) % max_paths) as usize;
                (1..=count)
                    .filter_map(|i| entries.iter().nth((pick(i) % entries.len() as u64) as usize))
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect()
            };
            out.insert(section.to_owned(), Value::Object(kept));
        }
    }
    if let Some(Value::Object(components)) = object.get("components") {
        let mut kept = Map::new();
        if let Some(schemes) = components.get("securitySchemes") {
            kept.insert("securitySchemes".to_owned(), Value::Object(Map::new()));
            kept["securitySchemes"] = schemes.clone();
        }
        let mut pending = refs(&Value::Object(out.clone()));
        if let Some(Value::Object(schemas)) = components.get("schemas")
            && !schemas.is_empty()
        {
            let index = (pick(4) % schemas.len() as u64) as usize;
            if let Some((name, _)) = schemas.iter().nth(index) {
                pending.push(format!("#/components/schemas/{}", name.replace('~', "~0").replace('/', "~1")));
            }
        }
        while let Some(reference) = pending.pop() {
            let tokens: Vec<String> = reference
                .trim_start_matches('#')
                .split('/')
                .skip(1)
                .map(|t| t.replace("~1", "/").replace("~0", "~"))
                .collect();
            let [first, section, name, ..] = tokens.as_slice() else { continue };
            if first != "components" || kept.get(section).and_then(|s| s.get(name)).is_some() {
                continue;
            }
            let Some(component) = components.get(section).and_then(|s| s.get(name)) else { continue };
            pending.extend(refs(component));
            let entry = kept.entry(section.clone()).or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(entry) = entry {
                entry.insert(name.clone(), component.clone());
            }
        }
        out.insert("components".to_owned(), Value::Object(kept));
    }
    Value::Object(out)
}

/// Every `$ref` string under `value`.
fn refs(value: &Value) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![value];
    while let Some(value) = stack.pop() {
        match value {
            Value::Object(object) => {
                if let Some(Value::String(reference)) = object.get("$ref") {
                    found.push(reference.clone());
                }
                stack.extend(object.values());
            }
            Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    found
}

/// The message of the last panic, kept by the hook [`quiet_panics`] installs.
static LAST_PANIC: Mutex<Option<String>> = Mutex::new(None);

/// Replaces the panic hook by one that keeps the message and location instead of printing them:
/// the generator catches panics of its own threads, and the harness reports them itself.
pub fn quiet_panics() {
    std::panic::set_hook(Box::new(|info| {
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let location = info.location().map(|l| format!(" at {}:{}", l.file(), l.line())).unwrap_or_default();
        if let Ok(mut last) = LAST_PANIC.lock() {
            *last = Some(format!("{message}{location}"));
        }
    }));
}

fn last_panic() -> String {
    LAST_PANIC.lock().ok().and_then(|mut last| last.take()).unwrap_or_else(|| "no message".to_owned())
}

fn panic_text(payload: &(dyn Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_default()
}

/// What generating a spec came to.
pub enum Outcome {
    /// A module whose code parses as Rust.
    Generated(String),
    /// Refused with located errors.
    Refused,
}

/// Generates `text` as the CLI does (with the runtime shared, which only leaves the fixed runtime
/// text out) and checks the result: no panic, in the caller or in the generator's threads; the code
/// parses as a Rust file; every diagnostic, warning or error, is located.
///
/// It runs on a thread with the 8 MiB stack of a program's main thread (the CLI's), whatever the
/// caller's: the generator must fit in that, while the harness needs more for deep trees (see
/// [`on_big_stack`]).
pub fn check(name: &str, text: &str, strict: bool) -> Result<Outcome, String> {
    std::thread::scope(|scope| {
        let worker =
            std::thread::Builder::new().stack_size(8 << 20).spawn_scoped(scope, || check_here(name, text, strict));
        match worker {
            Ok(handle) => {
                handle.join().unwrap_or_else(|payload| Err(format!("panic: {}", panic_text(payload.as_ref()))))
            }
            Err(error) => Err(format!("no thread for the check: {error}")),
        }
    })
}

/// Runs `f` on a thread with a 1 GiB stack: serialising and dropping the mutator's deepest trees
/// (thousands of levels) recurses once per level.
pub fn on_big_stack<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|scope| {
        let worker = std::thread::Builder::new().stack_size(1 << 30).spawn_scoped(scope, f).expect("a harness thread");
        worker.join().unwrap_or_else(|payload| std::panic::resume_unwind(payload))
    })
}

fn check_here(name: &str, text: &str, strict: bool) -> Result<Outcome, String> {
    let config = Config { strict, shared_runtime: true, ..Config::default() };
    let result = std::panic::catch_unwind(|| generate_str(name, text, &config))
        .map_err(|payload| format!("panic: {} ({})", panic_text(payload.as_ref()), last_panic()))?;
    let diagnostics = match &result {
        Ok(output) => &output.diagnostics,
        Err(failure) => &failure.diagnostics,
    };
    for diagnostic in diagnostics {
        if diagnostic.location.is_none() {
            let panicked =
                if diagnostic.message.contains("panicked") { format!(" ({})", last_panic()) } else { String::new() };
            return Err(format!("unlocated diagnostic: {diagnostic}{panicked}"));
        }
    }
    match result {
        Ok(output) => match syn::parse_file(&output.code) {
            Ok(_) => Ok(Outcome::Generated(output.code)),
            Err(error) => Err(format!("the output is not Rust: {error}")),
        },
        Err(_) => Ok(Outcome::Refused),
    }
}

/// The case being checked: its description and spec text, for [`guard_memory`] to report.
static CURRENT: Mutex<(String, String)> = Mutex::new((String::new(), String::new()));

/// Records the case about to be checked; with `FUZZ_TRACE` set, also writes its spec to
/// `$TMPDIR/openapi-bindgen-fuzz/current.spec` (what a crash that takes the process left behind).
pub fn set_current(description: String, text: &str) {
    if std::env::var_os("FUZZ_TRACE").is_some() {
        let dir = std::env::temp_dir().join("openapi-bindgen-fuzz");
        let _ = std::fs::create_dir_all(&dir);
        let _ = std::fs::write(dir.join("current.spec"), text);
        let _ = std::fs::write(dir.join("current.txt"), &description);
    }
    if let Ok(mut current) = CURRENT.lock() {
        *current = (description, text.to_owned());
    }
}

/// The description of the case being checked.
pub fn current_description() -> String {
    CURRENT.lock().map(|current| current.0.clone()).unwrap_or_default()
}

/// Watches the process's resident memory and, past `limit` bytes, reports the current case
/// (its spec written to `$TMPDIR/openapi-bindgen-fuzz/memory.spec`) and aborts: a spec whose
/// generation grows without bound must fail the run, not take the machine's memory from others.
pub fn guard_memory(limit: u64) {
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(std::time::Duration::from_millis(20));
            let Some(rss) = resident_bytes() else { return };
            if rss > limit {
                let (description, text) = CURRENT.lock().map(|c| c.clone()).unwrap_or_default();
                let dir = std::env::temp_dir().join("openapi-bindgen-fuzz");
                let _ = std::fs::create_dir_all(&dir);
                let _ = std::fs::write(dir.join("memory.spec"), text);
                eprintln!(
                    "MEMORY: over {} MiB while generating {description}; spec in {}",
                    limit >> 20,
                    dir.join("memory.spec").display()
                );
                std::process::abort();
            }
        }
    });
}

/// This process's resident set size, from `/proc/self/statm` (Linux; pages of 4 KiB).
pub fn resident_bytes() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    statm.split_whitespace().nth(1)?.parse::<u64>().ok().map(|pages| pages * 4096)
}
