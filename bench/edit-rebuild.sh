#!/usr/bin/env bash
# The edit-rebuild loop on a large API: a scratch copy of this repository at REV (a git worktree)
# gets GitHub's REST description under `schemas/github/` in the layout of `schemas/` (one file per
# path, bench/split_api.py), is built once, and then, ROUNDS times each:
#   - edit: one endpoint file gets a new summary on its operation (one doc comment changes);
#   - whitespace: one endpoint file gets a comment (the generated code does not change);
#   - no-op: nothing changes;
# each followed by `cargo build -p switchboard` (debug, incremental on, as a user builds), timed
# to done. The first build is timed too. The cargo target dir is this repository's (dependencies
# prebuilt). Results: bench/results/edit-rebuild.jsonl (wall time, peak RSS per build) and
# bench/results/edit-rebuild-units.txt (from cargo's `--timings` report: how long the build script
# and rustc of the crate took in each build).
#   bash bench/edit-rebuild.sh [REV] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
bench=$repo/bench
rev=${1:-HEAD}
rounds=${2:-3}
short=$(git rev-parse --short "$rev")
work=$bench/work/edit
results=$bench/results
mkdir -p "$work" "$results"
OCTOKIT_OPENAPI_VERSION=$(sed -n 's/^OCTOKIT_OPENAPI_VERSION=//p' "$bench/run.sh")
github=$bench/work/octokit/package/generated/api.github.com.json
if [ ! -f "$github" ]; then
  mkdir -p "$bench/work/octokit"
  (cd "$bench/work/octokit" && npm pack --silent "@octokit/openapi@$OCTOKIT_OPENAPI_VERSION" >/dev/null &&
    tar xzf "octokit-openapi-$OCTOKIT_OPENAPI_VERSION.tgz" package/generated/api.github.com.json)
fi
tree=$work/tree
git worktree remove --force "$tree" 2>/dev/null || rm -rf "$tree"
git worktree add -q --detach "$tree" "$rev"
trap 'git -C "$repo" worktree remove --force "$tree" 2>/dev/null || true' EXIT
python3 "$bench/split_api.py" "$github" "$tree/schemas/github" > "$work/paths.txt"
# The endpoint edited: GitHub's "get an issue", in the middle of the client module.
endpoint=$tree/schemas/github/paths/repos-owner-repo-issues-issue-number.yaml
export CARGO_TARGET_DIR=$repo/target
export CARGO_INCREMENTAL=1
build() {
  local label=$1
  python3 "$bench/measure.py" "$results/edit-rebuild.jsonl" "$label @$short" "$work/$2.log" -- \
    cargo build -vv --timings -p switchboard --manifest-path "$tree/Cargo.toml"
  tail -1 "$results/edit-rebuild.jsonl"
  # What ran for the crate, and how long each part took (cargo's timing report).
  python3 "$bench/cargo_timings.py" "$CARGO_TARGET_DIR/cargo-timings/cargo-timing.html" switchboard "$label @$short" \
    | tee -a "$results/edit-rebuild-units.txt"
}
build "first build (GitHub + the three seed APIs)" first
for round in $(seq 1 "$rounds"); do
  python3 - "$endpoint" "$round" <<'PY'
import sys, yaml
path, round_ = sys.argv[1], sys.argv[2]
with open(path, encoding="utf-8") as f:
    item = yaml.safe_load(f)
item["get"]["summary"] = "Get an issue (edit %s)" % round_
with open(path, "w", encoding="utf-8") as f:
    yaml.dump(item, f, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), sort_keys=False, allow_unicode=True, width=100)
PY
  build "edit one endpoint's summary" "edit-$round"
  echo "# whitespace $round" >> "$endpoint"
  build "edit one endpoint file, generated code unchanged" "same-$round"
  build "no-op build" "noop-$round"
done
