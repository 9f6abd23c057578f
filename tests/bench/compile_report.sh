#!/usr/bin/env bash
# Compile-time report of the `recoup` crate: `cargo check` wall time with no module (the runtime
# alone, `runtime-only`: the baseline), with the default features, with each single feature, and
# with `full`, each also as a ratio to the baseline measured in the same run; and the generated
# lines per module. It fails if any configuration gives a compiler warning (the build script's
# located warnings about spec faults, `warning: recoup@...`, are shown but allowed).
#
# Run: bash tests/bench/compile_report.sh   (about 5 minutes on 2 cores)
# Dependencies are built once in a separate target dir (target/compile-report), and each
# configuration is checked once untimed (its build script is compiled per feature set), so each
# figure is what a change to the specs costs: the build script's run (generation) plus checking
# the crate itself.
set -euo pipefail
cd "$(dirname "$0")/../.."

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target/compile-report}"
export CARGO_TERM_COLOR=never
# One feature per spec; `conformance` (the project's own checks) and `mock` (typed mocks) are not modules.
features=$(sed -n 's/^\([a-z_]*\) = \[\]$/\1/p' Cargo.toml | grep -vx -e conformance -e mock)

# Warm the dependencies so that only the recoup crate is measured.
cargo check -p recoup --no-default-features --quiet

check() { # $1: label, then cargo flags. Prints "label seconds"; fails on any compiler warning.
    local label=$1 start end log
    shift
    log=$(mktemp)
    cargo check -p recoup --lib "$@" --quiet >/dev/null 2>&1 || true
    touch specs/social.json # reruns the build script (generation), as a change to a spec would
    start=$(date +%s.%N)
    cargo check -p recoup --lib "$@" >"$log" 2>&1 || { cat "$log" >&2; echo "FAILED: $label" >&2; exit 1; }
    end=$(date +%s.%N)
    if grep -E '^warning' "$log" | grep -v 'warning: recoup@' >/dev/null; then
        cat "$log" >&2
        echo "WARNINGS: $label" >&2
        exit 1
    fi
    awk -v l="$label" -v s="$start" -v e="$end" 'BEGIN { printf "%s %.2f\n", l, e - s }'
}

results=$(mktemp)
check runtime-only --no-default-features >>"$results"
check default >>"$results"
for feature in $features; do
    check "$feature" --no-default-features --features "$feature" >>"$results"
done
check full --no-default-features --features full >>"$results"

baseline=$(head -1 "$results" | awk '{print $2}')
printf '%-16s %8s %8s %16s\n' "features" "seconds" "ratio" "generated lines"
while read -r label seconds; do
    lines=""
    if [ -f "generated/$label.rs" ]; then lines=$(wc -l <"generated/$label.rs"); fi
    if [ "$label" = "default" ]; then lines=$(wc -l <generated/social.rs); fi
    if [ "$label" = "full" ]; then lines=$(cat generated/*.rs | wc -l); fi
    ratio=$(awk -v s="$seconds" -v b="$baseline" 'BEGIN { printf "%.2fx", s / b }')
    printf '%-16s %8.1f %8s %16s\n' "$label" "$seconds" "$ratio" "$lines"
done <"$results"
echo "runtime.rs: $(wc -l <generated/runtime.rs) lines, shared by every module"
