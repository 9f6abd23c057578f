//! Helpers shared by the tests that compile generated crates.

use std::path::Path;
use std::process::{Command, Output};

/// Runs `cargo ARGS` in `dir` with warnings denied (rustc's and rustdoc's), in the one target directory every test that
/// compiles generated crates shares: same directory and same flags, so the runtime's dependencies
/// compile once for all of them.
pub fn cargo_in_shared_target(dir: &Path, args: &[&str]) -> Output {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", Path::new(env!("CARGO_TARGET_TMPDIR")).join("generated-crates-target"))
        .env("RUSTFLAGS", "-Dwarnings")
        .env("RUSTDOCFLAGS", "-Dwarnings")
        // Debug info only costs build time here.
        .env("CARGO_PROFILE_DEV_DEBUG", "0")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("CARGO_BUILD_RUSTFLAGS")
        .output()
        .expect("cargo runs")
}
