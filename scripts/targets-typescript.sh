#!/usr/bin/env bash
# Generates a TypeScript package for every root document in ../shared/specs/ROOTS.txt and checks
# each with the pinned tsc (strict, with the generated tsconfig.json), then prints, per document,
# whether generation and the check passed, the generation and tsc times and the generated lines.
# Exits non-zero when any document fails. Needs `bash scripts/tools.sh` (pinned TypeScript).
# ONLY=<substring> limits the run to matching documents.
set -uo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
specs=${SPECS_DIR:-$repo/../shared/specs}
target=${CARGO_TARGET_DIR:-$repo/target}
out=$target/targets-typescript
tsc=$repo/tests/contract/node_modules/.bin/tsc
if [ ! -f "$specs/ROOTS.txt" ]; then
  echo "targets-typescript: skipped ($specs/ROOTS.txt not found; run with SPECS_DIR=<dir holding ROOTS.txt>)"
  exit 0
fi
if [ ! -x "$tsc" ]; then
  echo "targets-typescript: $tsc not found; run bash scripts/tools.sh" >&2
  exit 1
fi

cargo build --release --locked -q -p switchboard-generator || exit 1
gen=$target/release/switchboard

rm -rf "$out"
mkdir -p "$out/packages"
failed=0
total=0
printf '%-48s %-6s %7s %7s %9s %s\n' document result gen_s tsc_s lines diagnostics
while IFS= read -r root; do
  case "$root" in '' | '#'*) continue ;; esac
  case "$root" in *"${ONLY:-}"*) ;; *) continue ;; esac
  total=$((total + 1))
  name=$(echo "$root" | sed 's/[^A-Za-z0-9]/_/g' | tr 'A-Z' 'a-z')
  dir=$out/packages/$name
  start=$(date +%s.%N)
  "$gen" generate "$specs/$root" --target typescript --out "$dir" --name "corpus-$name" --quiet 2> "$out/$name.gen.log"
  gen_rc=$?
  mid=$(date +%s.%N)
  gen_s=$(awk -v a="$start" -v b="$mid" 'BEGIN { printf "%.2f", b - a }')
  if [ "$gen_rc" -ne 0 ]; then
    failed=$((failed + 1))
    printf '%-48s %-6s %7s %7s %9s %s\n' "$root" FAIL "$gen_s" - - "generation failed: $(tail -1 "$out/$name.gen.log")"
    continue
  fi
  lines=$(cat "$dir"/src/*.ts | wc -l)
  "$tsc" -p "$dir" --noEmit --pretty false > "$out/$name.tsc.log" 2>&1
  tsc_rc=$?
  end=$(date +%s.%N)
  tsc_s=$(awk -v a="$mid" -v b="$end" 'BEGIN { printf "%.2f", b - a }')
  errors=$(grep -c 'error TS' "$out/$name.tsc.log")
  if [ "$tsc_rc" -ne 0 ]; then
    failed=$((failed + 1))
    printf '%-48s %-6s %7s %7s %9s %s\n' "$root" FAIL "$gen_s" "$tsc_s" "$lines" "$errors tsc errors (first: $(grep -m1 'error TS' "$out/$name.tsc.log" | cut -c1-160))"
  else
    printf '%-48s %-6s %7s %7s %9s %s\n' "$root" pass "$gen_s" "$tsc_s" "$lines" "0 tsc errors"
  fi
done < "$specs/ROOTS.txt"
echo "targets-typescript: $((total - failed)) of $total passed, $failed failed"
[ "$failed" -eq 0 ]
