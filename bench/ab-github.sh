#!/usr/bin/env bash
# A/B of what generated code costs the compiler: generates GitHub's REST description (npm
# @octokit/openapi, the version bench/run.sh pins) as a Rust crate with the generator of each
# git revision given, then times `cargo check` of each crate alone (dependencies built once,
# beforehand, in one shared target dir; no incremental cache), interleaved as A B B A ... so a
# machine whose load drifts shifts both alike. Extra cargo flags (`--features x`) may follow
# `--` and apply to every check. Results: bench/results/ab-github.jsonl (wall time, peak RSS).
#   bash bench/ab-github.sh REV_A REV_B [-- CARGO_CHECK_FLAGS...]
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
bench=$repo/bench
work=$bench/work/ab
results=$bench/results
[ $# -ge 2 ] || { echo "usage: bench/ab-github.sh REV_A REV_B [-- cargo check flags]" >&2; exit 2; }
revs=("$1" "$2")
shift 2
[ "${1:-}" = "--" ] && shift
flags=("$@")
OCTOKIT_OPENAPI_VERSION=$(sed -n 's/^OCTOKIT_OPENAPI_VERSION=//p' "$bench/run.sh")
mkdir -p "$work" "$results"
github=$bench/work/octokit/package/generated/api.github.com.json
if [ ! -f "$github" ]; then
  mkdir -p "$bench/work/octokit"
  (cd "$bench/work/octokit" && npm pack --silent "@octokit/openapi@$OCTOKIT_OPENAPI_VERSION" >/dev/null &&
    tar xzf "octokit-openapi-$OCTOKIT_OPENAPI_VERSION.tgz" package/generated/api.github.com.json)
fi
export CARGO_INCREMENTAL=0
target=$work/target
for i in 0 1; do
  rev=${revs[$i]}
  tree=$work/tree-$i
  rm -rf "$tree" "$work/crate-$i"
  git worktree add -q --detach "$tree" "$rev"
  # The generator of that revision, built in the shared target dir (its dependencies are this
  # repository's), writes the crate; the worktree goes again once it has.
  (cd "$tree" && cargo run -q -p switchboard-generator --target-dir "$target" -- \
    generate "$github" --target rust --out "$work/crate-$i" --name github --quiet)
  git worktree remove --force "$tree"
  printf '\n[workspace]\n' >> "$work/crate-$i/Cargo.toml"
  cp "$repo/Cargo.lock" "$work/crate-$i/Cargo.lock"
  echo "$(git rev-parse --short "$rev"): $(cat "$work/crate-$i"/src/*.rs | wc -l) lines in src/*.rs (runtime apart)"
done
# Dependencies once (for crate A; B pins the same lock file), then each crate alone.
cargo check -q --manifest-path "$work/crate-0/Cargo.toml" --target-dir "$target" "${flags[@]}" || true
for i in 0 1 1 0; do
  touch "$work/crate-$i"/src/*.rs
  python3 "$bench/measure.py" "$results/ab-github.jsonl" "check github@$(git rev-parse --short "${revs[$i]}") ${flags[*]}" \
    "$work/check-$i.log" -- cargo check --manifest-path "$work/crate-$i/Cargo.toml" --target-dir "$target" --message-format short "${flags[@]}"
  tail -1 "$results/ab-github.jsonl"
done
