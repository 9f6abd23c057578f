//! Corpus benchmark: per spec in `specs/corpus/` (and `specs/social.json`), the generation time,
//! the generated lines, and the `cargo check` time of its generated crate; then, for the GitHub
//! spec, the whole CLI process against a plain `serde_json::from_slice` of the same file.
//!
//! Run with `cargo bench -p openapi-bindgen --bench corpus` (release build). `-- --no-check` skips
//! the `cargo check`s (the slow part). The target for the GitHub CLI run is under 0.5 s.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use openapi_bindgen::{Config, generate_file, load_settings, write_crate};

const GITHUB: &str = "github-api.github.com.json";
const CLI_TARGET: Duration = Duration::from_millis(500);

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn specs() -> Vec<PathBuf> {
    let mut specs: Vec<PathBuf> = std::fs::read_dir(repo().join("specs/corpus"))
        .map(|dir| dir.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    specs.retain(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("json" | "yaml" | "yml")));
    specs.sort();
    specs.push(repo().join("specs/social.json"));
    specs
}

/// The median of `runs` timings of `f`: one slow run (a cold cache) does not decide the figure.
fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let started = Instant::now();
            f();
            started.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

fn cargo_check(dir: &Path, target: &Path) -> Result<Duration, String> {
    let started = Instant::now();
    let output = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .args(["check", "--quiet"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env("RUSTFLAGS", "-Dwarnings")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !output.status.success() {
        return Err(String::from_utf8_lossy(&output.stderr).into_owned());
    }
    Ok(started.elapsed())
}

fn main() {
    let check = !std::env::args().any(|a| a == "--no-check");
    let scratch = repo().join("target/bench-corpus");
    let target = scratch.join("target");
    let lock = repo().join("Cargo.lock");
    println!("{:<36} {:>10} {:>9} {:>12}", "spec", "generate", "lines", "cargo check");
    let mut warmed = false;
    let mut failures = 0;
    for spec in specs() {
        let name = spec.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let config = load_settings(&spec).unwrap_or_else(|_| Config::default());
        let mut result = None;
        let generate = median(3, || result = Some(generate_file(&spec, &config)));
        let output = match result {
            Some(Ok(output)) => output,
            Some(Err(failure)) => {
                println!("{name:<36} failed:\n{failure}");
                failures += 1;
                continue;
            }
            None => continue,
        };
        let lines = output.code.lines().count();
        let checked = if check {
            let dir = scratch.join(name.replace('.', "-"));
            let crate_name =
                format!("bench-{}", name.to_ascii_lowercase().replace(|c: char| !c.is_ascii_alphanumeric(), "-"));
            let written = write_crate(&output, &dir, &crate_name)
                .and_then(|()| std::fs::copy(&lock, dir.join("Cargo.lock")).map(drop));
            match written.map_err(|e| e.to_string()).and_then(|()| {
                if !warmed {
                    // The first check also compiles the dependencies; check once more for the crate alone.
                    cargo_check(&dir, &target)?;
                    warmed = true;
                    std::fs::write(
                        dir.join("src/lib.rs"),
                        format!("{}\n", std::fs::read_to_string(dir.join("src/lib.rs")).unwrap_or_default()),
                    )
                    .map_err(|e| e.to_string())?;
                }
                cargo_check(&dir, &target)
            }) {
                Ok(time) => format!("{:.2} s", time.as_secs_f64()),
                Err(message) => {
                    failures += 1;
                    format!("FAILED\n{message}")
                }
            }
        } else {
            "-".to_owned()
        };
        println!("{name:<36} {:>7.1} ms {lines:>9} {checked:>12}", generate.as_secs_f64() * 1000.0);
    }

    let github = repo().join("specs/corpus").join(GITHUB);
    let bytes = std::fs::read(&github).unwrap_or_default();
    let parse = median(5, || {
        let parsed: Result<serde_json::Value, _> = serde_json::from_slice(&bytes);
        assert!(parsed.is_ok(), "{GITHUB} is JSON");
    });
    let out = scratch.join("github.rs");
    let _ = std::fs::create_dir_all(&scratch);
    let cli = median(5, || {
        let status = Command::new(env!("CARGO_BIN_EXE_openapi-bindgen"))
            .arg("generate")
            .arg(&github)
            .arg("-o")
            .arg(&out)
            .stderr(std::process::Stdio::null())
            .status();
        assert!(status.is_ok_and(|s| s.success()), "the CLI generates {GITHUB}");
    });
    println!();
    println!("{GITHUB} ({:.1} MB):", bytes.len() as f64 / 1e6);
    println!("  serde_json::from_slice   {:>8.1} ms", parse.as_secs_f64() * 1000.0);
    println!(
        "  openapi-bindgen generate {:>8.1} ms (whole process, {:.1}x the parse)",
        cli.as_secs_f64() * 1000.0,
        cli.as_secs_f64() / parse.as_secs_f64()
    );
    println!(
        "  target                   {:>8.1} ms: {}",
        CLI_TARGET.as_secs_f64() * 1000.0,
        if cli < CLI_TARGET { "met" } else { "MISSED" }
    );
    if failures > 0 {
        std::process::exit(1);
    }
}
