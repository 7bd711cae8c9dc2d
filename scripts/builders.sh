#!/usr/bin/env bash
# Request builders end to end: generates the standalone crate of tests/builders/openapi.yaml
# (outside the repository, so no workspace claims it), adds tests/builders/tests.rs as its
# integration test, and runs it against servers on 127.0.0.1 with every feature on (gzip,
# blocking). Uses the repository's lock file and target dir, so nothing new is downloaded.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
out=$(mktemp -d)/builders
trap 'rm -rf "$(dirname "$out")"' EXIT
cargo run -q --locked -p switchboard-generator -- generate tests/builders/openapi.yaml --target rust --out "$out" --name builders --quiet
mkdir -p "$out/tests"
cp tests/builders/tests.rs "$out/tests/builders.rs"
cat >> "$out/Cargo.toml" <<'TOML'

[dev-dependencies]
tokio = { version = "1", features = ["macros", "rt-multi-thread"] }
wiremock = "0.6"
serde_json = "1"
flate2 = "1"
futures-util = { version = "0.3", default-features = false }
reqwest = { version = "0.12", default-features = false }
TOML
cp Cargo.lock "$out/Cargo.lock"
(cd "$out" && CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$repo/target}" cargo clippy --offline --all-features --all-targets -q -- -D warnings &&
  CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$repo/target}" cargo test --offline --all-features -q)
