#!/usr/bin/env bash
# `cargo check` CPU time of the crate this checkout generates for a spec against the crate
# progenitor 0.15 generates for the same spec, in one run: both crates written, dependencies
# checked untimed, then each crate checked alternately three times (the smallest of each side's
# three kept: noise only adds time). CPU time is user + system of cargo and rustc.
#
# Run: bash tests/bench/progenitor_check.sh    (SPECS="oxide-nexus" picks specs; default: the
# two the issue names, nexus and Adyen's checkout). progenitor reads OpenAPI 3.0 only, so a 3.1
# spec is given to both generators with its version line set to 3.0.3.
#
# progenitor is built from the crate registry in a scratch workspace outside this one
# (${PROGENITOR_CHECK_DIR:-${TMPDIR:-/tmp}/openapi-bindgen-progenitor-check}), so no build of
# this workspace ever compiles it. Needs the registry (crates.io) the first time.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
work=${PROGENITOR_CHECK_DIR:-${TMPDIR:-/tmp}/openapi-bindgen-progenitor-check}
specs=${SPECS:-"oxide-nexus adyen-CheckoutService-v72"}
mkdir -p "$work/progenitor-gen/src"
export CARGO_TERM_COLOR=never CARGO_INCREMENTAL=0

# progenitor as a library behind a small program printing its client for one spec.
cat >"$work/progenitor-gen/Cargo.toml" <<'EOF'
[package]
name = "progenitor-gen"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
progenitor = "0.15"
openapiv3 = "2"
prettyplease = "0.2"
serde_json = "1"
serde_yaml = "0.9"
syn = { version = "2", features = ["full"] }

[workspace]
EOF
cat >"$work/progenitor-gen/src/main.rs" <<'EOF'
//! Prints progenitor's client for the spec at the path given (JSON or YAML), formatted.
use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else { return fail("usage: progenitor-gen SPEC") };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) => return fail(&format!("{path}: {error}")),
    };
    let spec: Result<openapiv3::OpenAPI, String> = if path.ends_with(".json") {
        serde_json::from_str(&text).map_err(|error| error.to_string())
    } else {
        serde_yaml::from_str(&text).map_err(|error| error.to_string())
    };
    let spec = match spec {
        Ok(spec) => spec,
        Err(error) => return fail(&format!("{path}: {error}")),
    };
    let tokens = match progenitor::Generator::default().generate_tokens(&spec) {
        Ok(tokens) => tokens,
        Err(error) => return fail(&format!("progenitor: {error}")),
    };
    match syn::parse2::<syn::File>(tokens) {
        Ok(file) => print!("{}", prettyplease::unparse(&file)),
        Err(error) => return fail(&format!("progenitor's output does not parse: {error}")),
    }
    ExitCode::SUCCESS
}

fn fail(message: &str) -> ExitCode {
    eprintln!("{message}");
    ExitCode::FAILURE
}
EOF
(cd "$work/progenitor-gen" && CARGO_TARGET_DIR="$work/gen-target" cargo build --release -q)
CARGO_TARGET_DIR="$work/ours-gen-target" cargo build --release -q -p openapi-bindgen

# What progenitor's output needs (progenitor-client 0.15 is on reqwest 0.13).
progenitor_dependencies='progenitor-client = "0.15"
reqwest = { version = "0.13", default-features = false, features = ["json", "query", "stream"] }
serde = { version = "1", features = ["derive"] }
serde_json = "1"
chrono = { version = "0.4", default-features = false, features = ["clock", "serde"] }
uuid = { version = "1", features = ["serde", "v4"] }
regress = "0.10"
futures = "0.3"
bytes = "1"
base64 = "0.22"
rand = "0.8"
serde_urlencoded = "0.7"'

cpu() { # $1: crate dir, $2: target dir. Prints the CPU seconds of checking the crate alone.
    local out
    out=$(mktemp)
    touch "$1/src/lib.rs"
    /usr/bin/time -f "%U %S" -o "$out" env CARGO_TARGET_DIR="$2" cargo check -q --manifest-path "$1/Cargo.toml" >/dev/null 2>&1 ||
        { echo "cargo check failed in $1" >&2; exit 1; }
    awk '{ printf "%.2f", $1 + $2 }' "$out"
}

printf '%-28s %10s %10s %12s %8s %7s\n' spec "ours loc" "prog. loc" "progenitor s" "ours s" ratio
for stem in $specs; do
    spec=$(ls "$root"/specs/corpus/"$stem".* | head -1)
    input="$work/$stem.${spec##*.}"
    sed -e 's/\("openapi" *: *"\)3\.1\.[0-9]*/\13.0.3/' -e 's/^openapi: *["'"'"']\{0,1\}3\.1\.[0-9]*["'"'"']\{0,1\}/openapi: 3.0.3/' "$spec" >"$input"
    rm -rf "$work/progenitor/$stem" "$work/ours/$stem"
    mkdir -p "$work/progenitor/$stem/src"
    name=$(tr 'A-Z_.' 'a-z--' <<<"$stem")
    printf '[package]\nname = "progenitor-%s"\nversion = "0.0.0"\nedition = "2021"\npublish = false\n\n[dependencies]\n%s\n\n[workspace]\n' \
        "$name" "$progenitor_dependencies" >"$work/progenitor/$stem/Cargo.toml"
    "$work/gen-target/release/progenitor-gen" "$input" >"$work/progenitor/$stem/src/lib.rs"
    "$work/ours-gen-target/release/openapi-bindgen" crate "$input" --out "$work/ours/$stem" --name "ours-$name" >/dev/null 2>&1
    # Dependencies (and lockfiles) first, untimed: only the generated crates are measured.
    for side in progenitor ours; do
        CARGO_TARGET_DIR="$work/$side-target" cargo check -q --manifest-path "$work/$side/$stem/Cargo.toml" >/dev/null 2>&1
    done
    theirs=()
    ours=()
    for _ in 1 2 3; do
        theirs+=("$(cpu "$work/progenitor/$stem" "$work/progenitor-target")")
        ours+=("$(cpu "$work/ours/$stem" "$work/ours-target")")
    done
    theirs_s=$(printf '%s\n' "${theirs[@]}" | sort -g | head -1)
    ours_s=$(printf '%s\n' "${ours[@]}" | sort -g | head -1)
    ratio=$(awk -v t="$theirs_s" -v o="$ours_s" 'BEGIN { printf "%.2fx", o / t }')
    printf '%-28s %10s %10s %12s %8s %7s   (progenitor %s; ours %s)\n' "$stem" \
        "$(cat "$work/ours/$stem/src/"*.rs | wc -l)" "$(wc -l <"$work/progenitor/$stem/src/lib.rs")" \
        "$theirs_s" "$ours_s" "$ratio" "${theirs[*]}" "${ours[*]}"
done
