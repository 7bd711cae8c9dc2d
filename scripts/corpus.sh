#!/usr/bin/env bash
# Generates a Rust crate for every root document in ../shared/specs/ROOTS.txt (and for each
# construct test input in generator/tests/constructs), builds them all as
# one workspace (sharing this repository's target dir and lock file), and prints, per document,
# whether generation and the build passed, the generation time, the generated lines and warnings.
set -uo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
specs=${SPECS_DIR:-$repo/../shared/specs}
# One target dir for everything (CARGO_TARGET_DIR if the caller set one).
target=${CARGO_TARGET_DIR:-$repo/target}
out=$target/corpus
# Without the shared corpus only this repository's construct documents are built; say so.
roots_file=$specs/ROOTS.txt
if [ ! -f "$roots_file" ]; then
  echo "corpus: skipped the 42 shared documents ($specs/ROOTS.txt not found; run with SPECS_DIR=<dir holding ROOTS.txt>); building this repository's construct documents only"
  roots_file=/dev/null
fi

cargo build --release --locked -q -p switchboard-generator || exit 1
gen=$target/release/switchboard

rm -rf "$out/crates"
mkdir -p "$out/crates"
declare -A status seconds lines warnings_gen roots
names=()
while IFS= read -r root; do
  case "$root" in SPEC:|SPEC:'#'*) continue ;; esac
  # Documents come from the shared corpus (SPEC:) or from this repository's construct tests (REPO:).
  case "$root" in SPEC:*) root=${root#SPEC:}; base=$specs ;; REPO:*) root=${root#REPO:}; base=$repo ;; esac
  name=$(echo "$root" | sed 's/[^A-Za-z0-9]/_/g' | tr 'A-Z' 'a-z')
  names+=("$name")
  start=$(date +%s.%N)
  if "$gen" generate "$base/$root" --target rust --out "$out/crates/$name" --name "corpus_$name" 2> "$out/$name.gen.log"; then
    status[$name]=generated
  else
    status[$name]=generate-failed
  fi
  end=$(date +%s.%N)
  seconds[$name]=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')
  lines[$name]=$(cat "$out/crates/$name"/src/*.rs 2>/dev/null | wc -l)
  warnings_gen[$name]=$(grep -c ': warning: ' "$out/$name.gen.log")
  roots[$name]=$root
done < <(sed 's/^/SPEC:/' "$roots_file"; { ls generator/tests/constructs/*.yaml; echo generator/tests/fixtures/small/openapi.yaml; } | sed 's/^/REPO:/')

# One workspace, so dependencies build once; the lock file pins the same versions as the repo.
{
  echo '[workspace]'
  echo 'resolver = "2"'
  echo 'members = ['
  for n in "${names[@]}"; do [ "${status[$n]}" = generated ] && echo "  \"crates/$n\","; done
  echo ']'
} > "$out/Cargo.toml"
cp Cargo.lock "$out/Cargo.lock"
# Incremental state for ~70 throwaway crates would take tens of GB and is never reused.
# --all-features: the blocking client, compression and the mock module (`mock`) are checked too.
(cd "$out" && CARGO_INCREMENTAL=0 CARGO_TARGET_DIR=$target cargo clippy --workspace --all-features --keep-going --message-format short 2> "$out/build.log")

failed=0
printf '%-48s %-8s %8s %9s %10s %s\n' document result gen_s lines gen_warn build_diagnostics
for n in "${names[@]}"; do
  errs=$(grep -c "^crates/$n/.*: error" "$out/build.log")
  warns=$(grep -c "^crates/$n/.*: warning" "$out/build.log")
  if [ "${status[$n]}" != generated ]; then
    result=FAIL; failed=$((failed + 1)); diag="generation failed: $(tail -1 "$out/$n.gen.log")"
  elif grep -q "could not compile \`corpus_$n\`" "$out/build.log" || [ "$errs" -gt 0 ] || [ "$warns" -gt 0 ]; then
    result=FAIL; failed=$((failed + 1)); diag="$errs errors, $warns warnings"
  else
    result=pass; diag="0 errors, 0 warnings"
  fi
  printf '%-48s %-8s %8s %9s %10s %s\n' "${roots[$n]}" "$result" "${seconds[$n]}" "${lines[$n]}" "${warnings_gen[$n]}" "$diag"
done
total=${#names[@]}
echo "corpus: $((total - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
