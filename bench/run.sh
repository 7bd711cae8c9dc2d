#!/usr/bin/env bash
# Measures everything BENCHMARKS.md reports, in one run (about 20-30 minutes on 2 cores):
#
#   1. generation time and peak memory of switchboard and of progenitor 0.15.1, back to back, on
#      schemas/, the three largest documents of ../shared/specs (root + referenced files), GitHub's
#      REST description (npm @octokit/openapi, pinned) and that description pruned for progenitor;
#   2. lines and cold `cargo check` of the generated crates (ours, progenitor's and openapi-to-rust's,
#      same document), and `cargo build` (debug) of the two full GitHub crates;
#   3. build.rs: a no-op `cargo build` must not rerun the generator; touch a schema, time the build;
#   4. criterion: decode throughput, call overhead, in-process generation (bench/benches/).
#
# Raw results go to bench/results/ (measurements.jsonl, *.txt, *.json); bench/report.py turns them
# into bench/results/summary.md. Downloads and generated crates live in bench/work and
# bench/.tools (both ignored by git). Needs cargo, npm, python3; /usr/bin/time if present.
set -uo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
bench=$repo/bench
work=$bench/work
results=$bench/results
# The corpus sits beside the repository (../shared), or beside its worktree folder (../../shared).
specs=${SPECS_DIR:-$repo/../shared/specs}
[ -d "$specs" ] || specs=$repo/../../shared/specs
specs=$(cd "$specs" 2>/dev/null && pwd) || { echo "run.sh: no corpus at ../shared/specs; set SPECS_DIR" >&2; exit 1; }
OCTOKIT_OPENAPI_VERSION=23.0.2
PROGENITOR_VERSION=0.15.1
OPENAPI_TO_RUST_VERSION=0.23.0
measure() { python3 "$bench/measure.py" "$results/measurements.jsonl" "$@"; }
step() { printf '\n== %s (%s)\n' "$*" "$(date +%H:%M:%S)"; }

# This run's own results go; those of the standalone scripts (ab-github.sh, decode-spread.sh,
# edit-rebuild.sh, the peer generation runs) stay.
find "$results" -maxdepth 1 -type f ! -name 'ab-github.jsonl' ! -name 'decode-spread.*' ! -name 'edit-rebuild*' \
  ! -name 'peer-generation.jsonl' -delete 2>/dev/null
rm -rf "$results/logs" "$work/gen"
mkdir -p "$results/logs" "$work/gen" "$bench/.tools"

step "machine and versions"
{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "commit: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . ':!bench/results' || echo ' (with local changes)')"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //') x $(nproc)"
  echo "memory: $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
  echo "kernel: $(uname -sr)"
  echo "rustc: $(rustc --version)"
  echo "cargo: $(cargo --version)"
  echo "node: $(node --version), npm $(npm --version 2>/dev/null)"
  echo "python: $(python3 --version 2>&1)"
  echo "progenitor: cargo-progenitor $PROGENITOR_VERSION"
  echo "openapi-to-rust: $OPENAPI_TO_RUST_VERSION"
  echo "github document: @octokit/openapi $OCTOKIT_OPENAPI_VERSION (generated/api.github.com.json)"
  echo "peak memory measured by: $([ -x /usr/bin/time ] && echo '/usr/bin/time -v' || echo 'getrusage(RUSAGE_CHILDREN)')"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$results/machine.txt"

step "tools: switchboard (release), cargo-progenitor $PROGENITOR_VERSION, @octokit/openapi $OCTOKIT_OPENAPI_VERSION"
cargo build --release --locked -q -p switchboard-generator || exit 1
ours=$repo/target/release/switchboard
progenitor=$bench/.tools/bin/cargo-progenitor
if ! "$progenitor" progenitor --help >/dev/null 2>&1; then
  cargo install cargo-progenitor --version "$PROGENITOR_VERSION" --locked --root "$bench/.tools" || exit 1
fi
o2r=$bench/.tools/bin/openapi-to-rust
if [ "$("$o2r" --version 2>/dev/null)" != "openapi-to-rust $OPENAPI_TO_RUST_VERSION" ]; then
  cargo install openapi-to-rust --version "$OPENAPI_TO_RUST_VERSION" --locked --root "$bench/.tools" || exit 1
fi
github=$work/octokit/package/generated/api.github.com.json
if [ ! -f "$github" ]; then
  mkdir -p "$work/octokit"
  (cd "$work/octokit" && npm pack --silent "@octokit/openapi@$OCTOKIT_OPENAPI_VERSION" >/dev/null &&
    tar xzf "octokit-openapi-$OCTOKIT_OPENAPI_VERSION.tgz" package/generated/api.github.com.json) || exit 1
fi
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print('github document: openapi', d['openapi'], len(d['paths']), 'paths')" "$github" | tee -a "$results/machine.txt"

step "documents: the three largest of $specs by root + referenced bytes; GitHub pruned for progenitor"
mapfile -t largest < <(python3 "$bench/docsize.py" "$specs" "$specs/ROOTS.txt" 3 "$results/sizes.json" "$github")
printf '%s\n' "${largest[@]}"
# progenitor panics on constructs GitHub's document uses; prune_github.py documents what it removes.
python3 "$bench/prune_github.py" "$github" "$work/github-pruned.json" "$results/github-pruning.json" || exit 1

# label|input: our generator takes each; progenitor takes single files only (not schemas/ dirs).
docs=()
for api in "$repo"/schemas/*/; do docs+=("schemas-$(basename "$api")|${api%/}"); done
for path in "${largest[@]}"; do docs+=("$(echo "${path#"$specs"/}" | sed 's|/|-|g; s|\.[a-z]*$||')|$path"); done
docs+=("github-full|$github" "github-pruned|$work/github-pruned.json")

step "generation: switchboard, progenitor and openapi-to-rust back to back, 3 rounds each"
# As a user runs each tool: warnings shown (written to the log, as a terminal would show them).
for round in 1 2 3; do
  for entry in "${docs[@]}"; do
    label=${entry%%|*}; input=${entry#*|}
    name="bench_$(echo "$label" | tr -c 'a-z0-9\n' '_')"
    rm -rf "$work/gen/ours-$label" "$work/gen/progenitor-$label" "$work/gen/o2r-$label"
    measure "generate ours $label #$round" "$results/logs/ours-$label.log" -- \
      "$ours" generate "$input" --target rust --out "$work/gen/ours-$label" --name "$name"
    # schemas/<api> is a directory of files joined by $ref; the peers read one file, so they get the root.
    [ -d "$input" ] && input=$input/openapi.yaml
    RUST_BACKTRACE=0 measure "generate progenitor $label #$round" "$results/logs/progenitor-$label.log" -- \
      "$progenitor" progenitor -i "$input" -o "$work/gen/progenitor-$label" -n "$name" -v 0.1.0
    RUST_BACKTRACE=0 measure "generate openapi-to-rust $label #$round" "$results/logs/o2r-$label.log" -- \
      "$o2r" generate "$input" --output-dir "$work/gen/o2r-$label/src/api" --module-name "$name"
    bash "$bench/o2r-crate.sh" "$work/gen/o2r-$label" "$name"
  done
done

step "generated code: lines"
for dir in "$work"/gen/*/; do
  n=$(find "$dir" -name '*.rs' -print0 2>/dev/null | xargs -0 cat 2>/dev/null | wc -l)
  echo "$(basename "$dir") $n"
done | tee "$results/lines.txt"

step "generated code: cold cargo check of the GitHub crates (each its own target dir)"
# Each generated crate becomes its own workspace (it sits inside this repository's). Ours gets this
# repository's lock file, so its dependencies are the versions the repository builds with;
# progenitor's resolves its own (reqwest 0.13, progenitor-client 0.15.1, ...).
# `cargo VERB` (check or build) of a crate: with its dependencies, then the crate alone after a
# touch, without an incremental cache. Logs: VERB-LABEL.log and VERB-only-LABEL.log.
cold_then_alone() {
  local verb=$1 label=$2 dir=$3
  export CARGO_INCREMENTAL=0
  measure "$verb deps+crate $label" "$results/logs/$verb-$label.log" -- \
    cargo "$verb" --manifest-path "$dir/Cargo.toml" --target-dir "$work/target-$label" --message-format short
  touch "$dir"/src/*.rs
  measure "$verb crate only $label" "$results/logs/$verb-only-$label.log" -- \
    cargo "$verb" --manifest-path "$dir/Cargo.toml" --target-dir "$work/target-$label" --message-format short
  unset CARGO_INCREMENTAL
}
check_crate() {
  local label=$1 dir=$2
  [ -f "$dir/Cargo.toml" ] || { echo "$label: not generated"; return; }
  grep -q '^\[workspace\]' "$dir/Cargo.toml" || printf '\n[workspace]\n' >> "$dir/Cargo.toml"
  case "$label" in ours-*) cp "$repo/Cargo.lock" "$dir/Cargo.lock" ;; esac
  # Resolve and download before timing: the check measures compiling, not the network.
  (cd "$dir" && cargo fetch -q) || true
  # Dependencies first (a cold cache for them too), then the crate alone after a touch: the
  # second number is the generated code's own cost. No incremental cache, so both are cold.
  rm -rf "$work/target-$label"
  cold_then_alone check "$label" "$dir"
  echo "$label $(grep -c ': error' "$results/logs/check-only-$label.log") errors $(grep -c ': warning' "$results/logs/check-only-$label.log") warnings" | tee -a "$results/check-errors.txt"
  # The full GitHub crates are also built (debug): dependencies first, then the crate alone.
  case "$label" in *github-full) cold_then_alone build "$label" "$dir" ;; esac
  rm -rf "$work/target-$label"
}
: > "$results/check-errors.txt"
check_crate ours-github-pruned "$work/gen/ours-github-pruned"
check_crate progenitor-github-pruned "$work/gen/progenitor-github-pruned"
check_crate ours-github-full "$work/gen/ours-github-full"
check_crate o2r-github-full "$work/gen/o2r-github-full"

step "build.rs: a no-op build must not rerun the generator; then touch one schema"
cargo build -q -p switchboard >/dev/null 2>&1
measure "cargo build no-op" "$results/logs/build-noop.log" -- cargo build -vv -p switchboard
grep -E 'Running .*build-script-build|Fresh switchboard |Dirty switchboard |Compiling switchboard ' "$results/logs/build-noop.log" | sed 's/^ *//' > "$results/build-noop.txt"
cat "$results/build-noop.txt"
touch schemas/vinix/components/user.yaml
measure "cargo build after touching a schema" "$results/logs/build-touch.log" -- cargo build -vv -p switchboard
grep -E 'Running .*build-script-build|Fresh switchboard |Dirty switchboard |Compiling switchboard ' "$results/logs/build-touch.log" | sed 's/^ *//' | cut -c1-200 > "$results/build-touch.txt"
cat "$results/build-touch.txt"

step "criterion: decode throughput, call overhead, in-process generation"
rm -rf "$repo/target/criterion"
cargo bench --locked -p switchboard-bench --benches -- --noplot 2>&1 | tee "$results/criterion.txt" | grep -E '^[a-z_]+/|time:|thrpt:' || true
python3 - "$repo/target/criterion" "$results/criterion.json" <<'PY'
import json, os, sys
root, out = sys.argv[1:3]
found = {}
for dirpath, _, files in os.walk(root):
    if dirpath.endswith(os.sep + "new") and "estimates.json" in files and "benchmark.json" in files:
        bench = json.load(open(os.path.join(dirpath, "benchmark.json")))
        est = json.load(open(os.path.join(dirpath, "estimates.json")))
        found[bench["full_id"]] = {
            "mean_ns": est["mean"]["point_estimate"],
            "median_ns": est["median"]["point_estimate"],
            "mean_ci_ns": [est["mean"]["confidence_interval"]["lower_bound"], est["mean"]["confidence_interval"]["upper_bound"]],
            "throughput": bench.get("throughput"),
        }
json.dump(found, open(out, "w"), indent=1, sort_keys=True)
PY

step "summary"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$results/machine.txt"
python3 "$bench/report.py" "$results" | tee "$results/summary.md"
