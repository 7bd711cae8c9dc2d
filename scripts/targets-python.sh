#!/usr/bin/env bash
# Generates a Python package for every root document in ../shared/specs/ROOTS.txt and checks
# them all with one `mypy --strict` run (pinned mypy and httpx from .tools/python, see
# scripts/tools.sh) and a second one against the oldest versions the packages declare: the
# `requires-python` of their pyproject.toml as `--python-version`, and the httpx and anyio of
# .tools/python-min (tests/python/requirements-min.txt) as `--python-executable`. Then prints, per
# document, whether generation and both checks passed, the generation time, the generated lines
# and the mypy errors. Exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
specs=${SPECS_DIR:-$repo/../shared/specs}
target=${CARGO_TARGET_DIR:-$repo/target}
out=$target/python-corpus
mypy=$repo/.tools/python/bin/mypy
python_min=$repo/.tools/python-min/bin/python
if [ ! -f "$specs/ROOTS.txt" ]; then
  echo "targets-python: skipped ($specs/ROOTS.txt not found; run with SPECS_DIR=<dir holding ROOTS.txt>)"
  exit 0
fi
for tool in "$mypy" "$python_min"; do
  if [ ! -x "$tool" ]; then
    echo "targets-python: $tool not found; run scripts/tools.sh" >&2
    exit 1
  fi
done

total_start=$(date +%s.%N)
cargo build --release --locked -q -p switchboard-generator || exit 1
gen=$target/release/switchboard

rm -rf "$out/packages"
mkdir -p "$out/packages"
declare -A status seconds lines roots
names=()
while IFS= read -r root; do
  case "$root" in ''|'#'*) continue ;; esac
  name=corpus_$(echo "$root" | sed 's/[^A-Za-z0-9]/_/g' | tr 'A-Z' 'a-z')
  names+=("$name")
  roots[$name]=$root
  start=$(date +%s.%N)
  if "$gen" generate "$specs/$root" --target python --out "$out/packages/$name" --name "$name" --quiet 2> "$out/$name.gen.log"; then
    status[$name]=generated
  else
    status[$name]=generate-failed
  fi
  end=$(date +%s.%N)
  seconds[$name]=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')
  lines[$name]=$(cat "$out/packages/$name/$name"/*.py 2>/dev/null | wc -l)
done < "$specs/ROOTS.txt"

# One mypy run over every package: the standard library and httpx are analysed once.
dirs=()
for n in "${names[@]}"; do [ "${status[$n]}" = generated ] && dirs+=("$out/packages/$n/$n"); done
mypy_start=$(date +%s.%N)
(cd "$out/packages" && "$mypy" --strict --cache-dir "$out/.mypy_cache" --no-error-summary "${dirs[@]}" > "$out/mypy.log" 2>&1)
mypy_rc=$?
mypy_end=$(date +%s.%N)

# The same packages at the declared minimum: the oldest Python (as mypy's target version) and
# the oldest httpx and anyio (installed in .tools/python-min).
min_python=$(sed -n 's/^requires-python = ">=\([0-9.]*\)"$/\1/p' "${dirs[0]%/*}/pyproject.toml")
min_httpx=$("$python_min" -c 'import httpx; print(httpx.__version__)')
(cd "$out/packages" && "$mypy" --strict --python-version "$min_python" --python-executable "$python_min" \
  --cache-dir "$out/.mypy_cache_min" --no-error-summary "${dirs[@]}" > "$out/mypy-min.log" 2>&1)
min_rc=$?
min_end=$(date +%s.%N)

failed=0
printf '%-44s %-6s %7s %8s %s\n' document result gen_s lines mypy
for n in "${names[@]}"; do
  errs=$(grep -c "^$n/.*: error:" "$out/mypy.log")
  errs_min=$(grep -c "^$n/.*: error:" "$out/mypy-min.log")
  if [ "${status[$n]}" != generated ]; then
    result=FAIL; failed=$((failed + 1)); diag="generation failed: $(tail -1 "$out/$n.gen.log")"
  elif [ "$errs" -gt 0 ] || [ "$errs_min" -gt 0 ]; then
    result=FAIL; failed=$((failed + 1)); diag="$errs errors; $errs_min with Python $min_python, httpx $min_httpx"
  else
    result=pass; diag="0 errors; 0 with Python $min_python, httpx $min_httpx"
  fi
  printf '%-44s %-6s %7s %8s %s\n' "${roots[$n]}" "$result" "${seconds[$n]}" "${lines[$n]}" "$diag"
done
# An error mypy reports about no package (a crash, a bad flag) fails the run too.
if [ "$mypy_rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
  echo "mypy exited with $mypy_rc:"; cat "$out/mypy.log"; failed=$((failed + 1))
fi
if [ "$min_rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
  echo "mypy (Python $min_python, httpx $min_httpx) exited with $min_rc:"; cat "$out/mypy-min.log"; failed=$((failed + 1))
fi
total_end=$(date +%s.%N)
awk -v a="$mypy_start" -v b="$mypy_end" -v e="$min_end" -v c="$total_start" -v d="$total_end" -v p="$min_python" -v h="$min_httpx" \
  'BEGIN { printf "mypy --strict over all packages: %.1f s; again with Python %s, httpx %s: %.1f s; whole run: %.1f s\n", b - a, p, h, e - b, d - c }'
echo "targets-python: $((${#names[@]} - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
