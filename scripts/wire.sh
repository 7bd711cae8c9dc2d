#!/usr/bin/env bash
# The wire-parity test: generates the Rust, TypeScript and Python clients of
# tests/wire/openapi.yaml, and runs tests/wire/parity.rs as the Rust crate's integration test,
# which sends every scenario of tests/wire/scenarios.json through the three clients to one
# recording server on 127.0.0.1 and compares what it recorded (docs/wire-format.md).
# Without node and tsc (tests/contract/node_modules) or the pinned Python (.tools/python) that
# client is skipped, and said so. Uses the repository's lock file and target dir, so nothing new
# is downloaded.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
gen() { cargo run -q --locked -p switchboard-generator -- generate tests/wire/openapi.yaml --target "$1" --out "$work/$1" --name wire --quiet; }

gen rust
mkdir -p "$work/rust/tests"
cp tests/wire/parity.rs "$work/rust/tests/parity.rs"
cat >> "$work/rust/Cargo.toml" <<'TOML'

[dev-dependencies]
tokio = { version = "1", features = ["macros", "rt-multi-thread"] }
serde_json = "1"
TOML
cp Cargo.lock "$work/rust/Cargo.lock"
export WIRE_SCENARIOS="$repo/tests/wire/scenarios.json"

tsc="$repo/tests/contract/node_modules/.bin/tsc"
if command -v node >/dev/null && [ -x "$tsc" ]; then
  gen typescript
  "$tsc" -p "$work/typescript" --pretty false
  export WIRE_NODE=$(command -v node) WIRE_TS_CLIENT="$work/typescript/dist/index.js" WIRE_TS_DRIVER="$repo/tests/wire/driver.mjs"
else
  echo "wire parity: skipping the TypeScript client (no node, or no tsc in tests/contract/node_modules: run scripts/tools.sh)" >&2
fi

python="$repo/.tools/python/bin/python"
if [ -x "$python" ]; then
  gen python
  export WIRE_PYTHON="$python" WIRE_PYTHON_PATH="$work/python" WIRE_PY_DRIVER="$repo/tests/wire/driver.py"
else
  echo "wire parity: skipping the Python client (no .tools/python: run scripts/tools.sh)" >&2
fi

(cd "$work/rust" && CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$repo/target}" cargo test --offline -q -- --nocapture)
