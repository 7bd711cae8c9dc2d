#!/usr/bin/env bash
# End to end in standalone crates: generates the crate of each fixture document below (outside
# the repository, so no workspace claims it), adds its tests file as the crate's integration test,
# and runs it against servers on 127.0.0.1 with every feature on (gzip, blocking, mock).
#   tests/builders/openapi.yaml   request builders and pagination (tests/builders/tests.rs)
#   tests/streaming/openapi.yaml  downloads, server-sent events, JSON lines, streamed uploads
#                                 (tests/streaming/tests.rs)
# Uses the repository's lock file and target dir, so nothing new is downloaded.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

run() {
  local name=$1 out="$work/$1"
  cargo run -q --locked -p switchboard-generator -- generate "tests/$name/openapi.yaml" --target rust --out "$out" --name "$name" --quiet
  mkdir -p "$out/tests"
  cp "tests/$name/tests.rs" "$out/tests/$name.rs"
  cat >> "$out/Cargo.toml" <<'TOML'

[dev-dependencies]
tokio = { version = "1", features = ["macros", "rt-multi-thread", "net", "io-util"] }
wiremock = "0.6"
serde_json = "1"
flate2 = "1"
futures-util = { version = "0.3", default-features = false }
reqwest = { version = "0.12", default-features = false }
TOML
  cp Cargo.lock "$out/Cargo.lock"
  (cd "$out" && CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$repo/target}" cargo clippy --offline --all-features --all-targets -q -- -D warnings &&
    CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$repo/target}" cargo test --offline --all-features -q)
}

run builders
run streaming
