#!/usr/bin/env bash
# `cargo check` CPU time of the crate generated for each public corpus spec (`specs/corpus/`), by
# this checkout's generator and by the generator at BASE (a git revision; default `HEAD~1`), in one
# run: both generators built, each spec's two crates written, then checked alternately, so a busy
# moment of the machine weighs on both alike. CPU time is user + system of cargo and rustc.
#
# Run: bash tests/bench/corpus_check.sh [BASE]    (SPECS="oai-petstore oxide-nexus" picks specs)
# Everything it builds goes under ${CORPUS_CHECK_DIR:-target/corpus-check}; `cargo clean` removes it.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
base=${1:-HEAD~1}
work=${CORPUS_CHECK_DIR:-$root/target/corpus-check}
mkdir -p "$work"
export CARGO_TERM_COLOR=never CARGO_INCREMENTAL=0

# The two generators, each built in its own target dir.
rm -rf "$work/base-src"
git worktree prune
git worktree add --quiet --force --detach "$work/base-src" "$base"
trap 'git -C "$root" worktree remove --force "$work/base-src" >/dev/null 2>&1 || true' EXIT
(cd "$work/base-src" && CARGO_TARGET_DIR="$work/base-target" cargo build --release -q -p openapi-bindgen)
CARGO_TARGET_DIR="$work/new-target" cargo build --release -q -p openapi-bindgen
declare -A generator=([base]="$work/base-target/release/openapi-bindgen" [new]="$work/new-target/release/openapi-bindgen")

specs=()
for spec in specs/corpus/*.json specs/corpus/*.yaml; do
    stem=$(basename "${spec%.*}")
    if [ -n "${SPECS:-}" ] && ! grep -qw -- "$stem" <<<"$SPECS"; then continue; fi
    specs+=("$spec")
done

cpu() { # $1: crate dir, $2: target dir. Prints the CPU seconds of checking the crate alone.
    local out
    out=$(mktemp)
    touch "$1/src/lib.rs"
    /usr/bin/time -f "%U %S" -o "$out" env CARGO_TARGET_DIR="$2" cargo check -q --manifest-path "$1/Cargo.toml" >/dev/null 2>&1 ||
        { echo "cargo check failed in $1" >&2; exit 1; }
    awk '{ printf "%.2f", $1 + $2 }' "$out"
}

printf '%-34s %9s %9s %8s %8s %7s\n' spec "base loc" "new loc" "base s" "new s" ratio
total_base=0
total_new=0
for spec in "${specs[@]}"; do
    stem=$(basename "${spec%.*}")
    name=corpus-check-$(tr 'A-Z_.' 'a-z--' <<<"$stem")
    for side in base new; do
        rm -rf "$work/$side/$stem"
        "${generator[$side]}" crate "$spec" --out "$work/$side/$stem" --name "$name" >/dev/null 2>&1
        # Dependencies (and the lockfile) first, untimed: only the generated crate is measured.
        CARGO_TARGET_DIR="$work/$side-crates" cargo check -q --manifest-path "$work/$side/$stem/Cargo.toml" >/dev/null 2>&1
    done
    base_s=$(cpu "$work/base/$stem" "$work/base-crates")
    new_s=$(cpu "$work/new/$stem" "$work/new-crates")
    # A second alternating pair; the smaller of each side's two is kept (noise only adds time).
    base_s=$(printf '%s\n%s\n' "$base_s" "$(cpu "$work/base/$stem" "$work/base-crates")" | sort -g | head -1)
    new_s=$(printf '%s\n%s\n' "$new_s" "$(cpu "$work/new/$stem" "$work/new-crates")" | sort -g | head -1)
    base_loc=$(cat "$work/base/$stem/src/"*.rs | wc -l)
    new_loc=$(cat "$work/new/$stem/src/"*.rs | wc -l)
    total_base=$(awk -v a="$total_base" -v b="$base_s" 'BEGIN { print a + b }')
    total_new=$(awk -v a="$total_new" -v b="$new_s" 'BEGIN { print a + b }')
    ratio=$(awk -v b="$base_s" -v n="$new_s" 'BEGIN { printf "%.2fx", n / b }')
    printf '%-34s %9s %9s %8s %8s %7s\n' "$stem" "$base_loc" "$new_loc" "$base_s" "$new_s" "$ratio"
done
ratio=$(awk -v b="$total_base" -v n="$total_new" 'BEGIN { printf "%.2fx", n / b }')
printf '%-34s %9s %9s %8.2f %8.2f %7s\n' "total (base: $base)" "" "" "$total_base" "$total_new" "$ratio"
