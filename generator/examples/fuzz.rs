//! The long fuzz run: `cargo run --release -p openapi-bindgen --example fuzz -- --cases 100000 --seed 1`.
//!
//! Draws cases as `tests/fuzz.rs` does (real specs cut and mutated, `tests/mutate/`), from every
//! spec of `specs/` and `specs/corpus/`, and checks each: no panic, code that parses as Rust, or
//! located errors. Each failure is shrunk to a small case, printed, and its spec written to
//! `$TMPDIR/openapi-bindgen-fuzz/failures/`. Every `--compile-every` cases (10,000 by default), a
//! sample of `--sample` generated modules (8) is compiled with `cargo check`, warnings denied, in a
//! scratch crate under `$TMPDIR/openapi-bindgen-fuzz/`, to show the output compiles, not only parses.
//! Prints cases per second, outcomes, the slowest case and the failures; exits 1 on any failure.
//! A case still running after 60 s is reported as it runs (a hang would never finish).

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

#[path = "../tests/mutate/mod.rs"]
mod mutate;

struct Options {
    cases: u64,
    seed: u64,
    compile_every: u64,
    sample: usize,
    max_mutations: usize,
    max_paths: u64,
    max_seed_bytes: u64,
}

fn options() -> Result<Options, String> {
    let mut options = Options {
        cases: 10_000,
        seed: 1,
        compile_every: 10_000,
        sample: 8,
        max_mutations: 8,
        max_paths: 4,
        max_seed_bytes: u64::MAX,
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || -> Result<u64, String> {
            args.next().and_then(|v| v.parse().ok()).ok_or_else(|| format!("{flag} needs a number"))
        };
        match flag.as_str() {
            "--cases" => options.cases = value()?,
            "--seed" => options.seed = value()?,
            "--compile-every" => options.compile_every = value()?.max(1),
            "--sample" => options.sample = value()? as usize,
            "--max-mutations" => options.max_mutations = value()? as usize,
            "--max-paths" => options.max_paths = value()?,
            "--max-seed-bytes" => options.max_seed_bytes = value()?,
            _ => {
                return Err(format!(
                    "unknown argument `{flag}`; use --cases N --seed N --compile-every N --sample N --max-mutations N --max-paths N --max-seed-bytes N"
                ));
            }
        }
    }
    Ok(options)
}

fn main() -> ExitCode {
    mutate::on_big_stack(run)
}

fn run() -> ExitCode {
    let options = match options() {
        Ok(options) => options,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let scratch = std::env::temp_dir().join("openapi-bindgen-fuzz");
    let loading = Instant::now();
    let seeds = mutate::seeds(options.max_seed_bytes);
    println!("{} seed specs loaded in {:.1} s", seeds.len(), loading.elapsed().as_secs_f64());
    mutate::quiet_panics();
    mutate::guard_memory(4 << 30);
    watchdog();

    let mut seed_bytes = [0u8; 32];
    seed_bytes[..8].copy_from_slice(&options.seed.to_le_bytes());
    let mut runner = TestRunner::new_with_rng(Config::default(), TestRng::from_seed(RngAlgorithm::ChaCha, &seed_bytes));
    let strategy = mutate::cases(seeds.len(), options.max_mutations, options.max_paths);
    let (mut generated, mut refused, mut failures) = (0u64, 0u64, Vec::new());
    let (mut compiled, mut compile_failures) = (0usize, 0usize);
    let mut sample: Vec<(u64, String, String)> = Vec::new();
    let mut slowest = (Duration::ZERO, String::new());
    let (mut mutation_time, mut check_time) = (Duration::ZERO, Duration::ZERO);
    let start = Instant::now();
    for index in 0..options.cases {
        let Ok(mut tree) = strategy.new_tree(&mut runner) else { continue };
        let case = tree.current();
        let name = mutate::file_name(&case, &seeds);
        let mutating = Instant::now();
        let text = mutate::spec_text(&case, &seeds);
        mutation_time += mutating.elapsed();
        if TRACE.with(|t| *t) {
            println!("case {index}: {}", describe(&case, &seeds));
        }
        mutate::set_current(format!("case {index}: {}", describe(&case, &seeds)), &text);
        let began = Instant::now();
        STARTED.store(start.elapsed().as_millis() as u64 + 1, Ordering::Relaxed);
        let result = mutate::check(&name, &text, case.strict);
        STARTED.store(0, Ordering::Relaxed);
        let took = began.elapsed();
        check_time += took;
        if took > slowest.0 {
            slowest = (took, format!("case {index} ({}, {} bytes)", name, text.len()));
        }
        match result {
            Ok(mutate::Outcome::Generated(code)) => {
                generated += 1;
                // A reservoir of the window's outputs, so the sample spreads over it.
                let slot = (index.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 33) % (generated % options.compile_every + 1);
                if sample.len() < options.sample {
                    sample.push((index, text, code));
                } else if (slot as usize) < options.sample {
                    sample[slot as usize] = (index, text, code);
                }
            }
            Ok(mutate::Outcome::Refused) => refused += 1,
            Err(failure) => {
                let (minimal, message) = shrink(&mut tree, &seeds, failure);
                let written = save(&scratch.join("failures"), failures.len(), &minimal);
                println!("FAILURE at case {index}: {message}\n  minimal case: {minimal:?}\n  spec: {written}");
                failures.push(message);
            }
        }
        let done = index + 1;
        if done % options.compile_every == 0 || done == options.cases {
            let elapsed = start.elapsed().as_secs_f64();
            println!(
                "{done} cases in {elapsed:.0} s ({:.0}/s): {generated} generated, {refused} refused, {} failures",
                done as f64 / elapsed,
                failures.len()
            );
            if !sample.is_empty() {
                let broken = compile(&scratch, &sample);
                compiled += sample.len();
                compile_failures += broken.len();
                for (case, error) in broken {
                    let written = save(&scratch.join("failures"), failures.len(), &sample_text(&sample, case));
                    println!("COMPILE FAILURE of case {case} (spec: {written}):\n{error}");
                    failures.push(format!("case {case} does not compile"));
                }
                println!("  compiled a sample of {} modules: {} failed", sample.len(), compile_failures);
                sample.clear();
            }
        }
    }
    let elapsed = start.elapsed().as_secs_f64();
    println!(
        "done: {} cases in {elapsed:.1} s, {:.0} cases/s; {generated} generated, {refused} refused; {} failures; {compiled} modules compiled ({compile_failures} failed); slowest {:.2} s: {}",
        options.cases,
        options.cases as f64 / elapsed,
        failures.len(),
        slowest.0.as_secs_f64(),
        slowest.1
    );
    println!(
        "time: {:.1} s drawing and mutating specs, {:.1} s generating and parsing",
        mutation_time.as_secs_f64(),
        check_time.as_secs_f64()
    );
    if failures.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}

fn sample_text(sample: &[(u64, String, String)], case: u64) -> String {
    sample.iter().find(|(index, ..)| *index == case).map(|(_, text, _)| text.clone()).unwrap_or_default()
}

thread_local! {
    /// `FUZZ_TRACE=1` prints each case before it runs (and `mutate::set_current` writes its spec).
    static TRACE: bool = std::env::var_os("FUZZ_TRACE").is_some();
}

/// When the current case started (milliseconds since the run started, plus one), 0 between cases.
static STARTED: AtomicU64 = AtomicU64::new(0);

/// Reports a case that runs for over a minute, once.
fn watchdog() {
    let origin = Instant::now();
    std::thread::spawn(move || {
        let mut reported = 0;
        loop {
            std::thread::sleep(Duration::from_secs(5));
            let started = STARTED.load(Ordering::Relaxed);
            let now = origin.elapsed().as_millis() as u64;
            if started != 0 && started != reported && now.saturating_sub(started) > 60_000 {
                println!("HANG? {} has run for over 60 s", mutate::current_description());
                reported = started;
            }
        }
    });
}

/// Shrinks a failing case as proptest does: simplify while it still fails, else complicate.
fn shrink(tree: &mut impl ValueTree<Value = mutate::Case>, seeds: &[mutate::Seed], first: String) -> (String, String) {
    let fails = |case: &mutate::Case| {
        let text = mutate::spec_text(case, seeds);
        mutate::check(&mutate::file_name(case, seeds), &text, case.strict).err()
    };
    let mut message = first;
    let mut minimal = tree.current();
    for _ in 0..1000 {
        if !tree.simplify() {
            break;
        }
        loop {
            match fails(&tree.current()) {
                Some(failure) => {
                    message = failure;
                    minimal = tree.current();
                    break;
                }
                None if tree.complicate() => continue,
                None => break,
            }
        }
    }
    (mutate::spec_text(&minimal, seeds), format!("{message} [{}]", describe(&minimal, seeds)))
}

fn describe(case: &mutate::Case, seeds: &[mutate::Seed]) -> String {
    format!("seed {}, {:?}, strict {}, {:?}", seeds[case.seed].name, case.syntax, case.strict, case.mutations)
}

fn save(dir: &Path, index: usize, text: &str) -> String {
    let path = dir.join(format!("failure-{index}.spec"));
    let _ = std::fs::create_dir_all(dir);
    match std::fs::write(&path, text) {
        Ok(()) => path.display().to_string(),
        Err(error) => format!("(not written: {error})"),
    }
}

/// `cargo check`s the sampled modules, each a module of one scratch crate sharing one runtime,
/// warnings denied; returns the cases whose module has errors, with them.
fn compile(scratch: &Path, sample: &[(u64, String, String)]) -> Vec<(u64, String)> {
    let dir = scratch.join("crate");
    let src = dir.join("src");
    let _ = std::fs::remove_dir_all(&src);
    if let Err(error) = std::fs::create_dir_all(&src) {
        return vec![(0, format!("cannot write the scratch crate: {error}"))];
    }
    let mut lib = format!(
        "#![deny(warnings)]\n#[allow(dead_code)]\npub mod runtime {{\n{}\n}}\n",
        openapi_bindgen::runtime_source(false)
    );
    for (index, (_, _, code)) in sample.iter().enumerate() {
        lib.push_str(&format!("pub mod m{index};\n"));
        let _ = std::fs::write(src.join(format!("m{index}.rs")), code);
    }
    let manifest = format!(
        "[package]\nname = \"fuzz-sample\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n[workspace]\n\n[dependencies]\n{}",
        openapi_bindgen::RUNTIME_DEPENDENCIES
    );
    let lock = Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.lock");
    let written = std::fs::write(src.join("lib.rs"), lib)
        .and_then(|()| std::fs::write(dir.join("Cargo.toml"), manifest))
        .and_then(|()| std::fs::copy(&lock, dir.join("Cargo.lock")).map(|_| ()));
    if let Err(error) = written {
        return vec![(0, format!("cannot write the scratch crate: {error}"))];
    }
    let output = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .args(["check", "--quiet", "--message-format", "short"])
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", scratch.join("target"))
        .env("RUSTFLAGS", "-Dwarnings")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .output();
    let output = match output {
        Ok(output) => output,
        Err(error) => return vec![(0, format!("cargo did not run: {error}"))],
    };
    if output.status.success() {
        return Vec::new();
    }
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let mut broken: Vec<(u64, String)> = Vec::new();
    for (index, (case, ..)) in sample.iter().enumerate() {
        let file = PathBuf::from("src").join(format!("m{index}.rs")).display().to_string();
        let errors: Vec<&str> = stderr.lines().filter(|line| line.starts_with(&file)).take(5).collect();
        if !errors.is_empty() {
            broken.push((*case, errors.join("\n")));
        }
    }
    if broken.is_empty() {
        broken.push((sample[0].0, stderr.lines().take(10).collect::<Vec<_>>().join("\n")));
    }
    broken
}
