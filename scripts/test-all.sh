#!/usr/bin/env bash
# Runs every check and test of the repository, from a clean clone. CI runs exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."

# Disk, not time, is what a CI machine runs out of first: the test binaries link reqwest, tokio
# and wiremock each. So every cargo call here (standalone crates included, which read the same
# variables) builds without incremental state, which a one-off build never reuses, and with line
# tables only as debug info (backtraces keep file and line); Cargo.toml's dev profile says the
# same, so a developer's build and this one share dependencies.
export CARGO_INCREMENTAL=0 CARGO_PROFILE_DEV_DEBUG=line-tables-only CARGO_PROFILE_TEST_DEBUG=line-tables-only

target_dir=${CARGO_TARGET_DIR:-$(pwd)/target}
step() {
  printf '\n==> %s\n' "$*"
  mkdir -p "$target_dir"
  # Free space where the target dir lives, so a run that fills the disk says where it did.
  df -h --output=avail,target "$target_dir" | tail -1 | awk '{ printf "    (%s free on %s)\n", $1, $2 }'
}

step "tools: Prism and TypeScript (npm, tests/contract), mypy, httpx and openapi-spec-validator (pip, .tools/python), all pinned"
bash scripts/tools.sh

step "build (regenerates generated/ from schemas/): the crate as a user builds it, then every target with every feature"
cargo build --locked
# With --all-features, as the tests below: one build of each test binary, not two.
cargo build --workspace --all-targets --all-features --locked

step "generated/ is committed and fresh"
if ! git diff --exit-code --stat -- generated; then
  echo "generated/ differs from what schemas/ produce: run 'cargo build' and commit generated/" >&2
  exit 1
fi
if [ -n "$(git status --porcelain -- generated)" ]; then
  git status --porcelain -- generated >&2
  echo "generated/ has files that are not committed" >&2
  exit 1
fi

step "formatting (rustfmt.toml; generated code is prettyplease's and marked rustfmt::skip)"
cargo fmt --all -- --check

step "clippy, warnings denied (generated code included)"
cargo clippy --workspace --all-targets --all-features --locked -- -D warnings
# The generated crate without features too: code behind `mock` or `blocking` must leave nothing
# unused behind it.
cargo clippy --locked -p switchboard -- -D warnings

step "rustdoc, warnings denied"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --all-features --locked

step "a standalone crate from 'switchboard generate --target rust' builds offline on its own, clippy -D warnings"
# Outside the repository, so no workspace claims it; the repository's lock file and target dir,
# so the crates it pins are the ones already built.
standalone=$(mktemp -d)/small
cargo run -q --locked -p switchboard-generator -- generate generator/tests/fixtures/small/openapi.yaml --target rust --out "$standalone" --name small --quiet
cp Cargo.lock "$standalone/Cargo.lock"
(cd "$standalone" && CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$OLDPWD/target}" cargo clippy --offline --all-features -q -- -D warnings)
rm -rf "$(dirname "$standalone")"

step "tests"
cargo test --workspace --all-targets --all-features --locked
cargo test --workspace --doc --locked

step "request builders end to end: the standalone crate of tests/builders/openapi.yaml and its tests (scripts/builders.sh)"
bash scripts/builders.sh

step "wire parity: the Rust, TypeScript and Python clients of tests/wire/openapi.yaml put the same bytes on the wire (scripts/wire.sh, docs/wire-format.md)"
bash scripts/wire.sh

step "corpus: every root document in ../shared/specs generates a crate that builds with zero warnings"
bash scripts/corpus.sh

step "Python target: every corpus document as a package, mypy --strict"
bash scripts/targets-python.sh

step "OpenAPI and Markdown targets: every corpus document bundled, validated, round-tripped to the same Rust"
bash scripts/targets-openapi.sh

step "TypeScript target: every corpus document as a package, tsc --strict"
bash scripts/targets-typescript.sh
