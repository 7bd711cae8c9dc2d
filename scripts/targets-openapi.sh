#!/usr/bin/env bash
# The OpenAPI and Markdown targets over schemas/* and the 42 corpus documents
# (../shared/specs/ROOTS.txt, or $SPECS_DIR/ROOTS.txt): for each document, generate the bundle
# (timed, sized), validate every bundle with the pinned openapi-spec-validator (one Python
# process), check that Rust generated from the bundle equals Rust generated from the source
# (tests/openapi.rs `corpus_from_env`), and generate the Markdown reference. Prints a table and
# exits 1 if any document fails any step.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
specs=${SPECS_DIR:-$root/../shared/specs}
[ -f "$specs/ROOTS.txt" ] || { echo "targets-openapi: skipped ($specs/ROOTS.txt not found; run with SPECS_DIR=<dir holding ROOTS.txt>)"; exit 0; }
python=.tools/python/bin/python
[ -x "$python" ] || { echo "missing $python: run bash scripts/tools.sh" >&2; exit 1; }

cargo build -q -p switchboard-generator || exit 1
bin=${CARGO_TARGET_DIR:-$root/target}/debug/switchboard
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

docs=()
for dir in schemas/*/; do docs+=("$root/${dir%/}"); done
while read -r line; do
  case "$line" in ''|'#'*) continue ;; esac
  docs+=("$specs/$line")
done < "$specs/ROOTS.txt"

declare -A gen ms bytes md valid trip
bundles=()
for i in "${!docs[@]}"; do
  doc=${docs[$i]}
  out=$work/$i
  start=$(date +%s%N)
  if "$bin" generate "$doc" --target openapi --out "$out/openapi" --quiet >"$out.log" 2>&1; then
    gen[$i]=ok
    bundles+=("$out/openapi/openapi.json")
    bytes[$i]=$(wc -c <"$out/openapi/openapi.json")
  else
    gen[$i]=FAIL
    bytes[$i]=-
  fi
  ms[$i]=$(( ($(date +%s%N) - start) / 1000000 ))
  if "$bin" generate "$doc" --target markdown --out "$out/markdown" --quiet >>"$out.log" 2>&1; then md[$i]=ok; else md[$i]=FAIL; fi
done

# One validator process for every bundle.
while IFS=$'\t' read -r file verdict; do
  i=$(basename "$(dirname "$(dirname "$file")")")
  valid[$i]=$verdict
done < <("$python" -W ignore "$root/scripts/validate-openapi.py" "${bundles[@]}")

# One test process for every round trip.
printf '%s\n' "${docs[@]}" >"$work/docs.txt"
SWITCHBOARD_OPENAPI_DOCS=$work/docs.txt SWITCHBOARD_OPENAPI_RESULTS=$work/trip.tsv \
  cargo test -q -p switchboard-generator --test openapi corpus_from_env -- --ignored >"$work/trip.log" 2>&1
while IFS=$'\t' read -r doc verdict; do
  for i in "${!docs[@]}"; do [ "${docs[$i]}" = "$doc" ] && trip[$i]=$verdict; done
done < "$work/trip.tsv"

failures=0
printf '%-60s %-8s %7s %9s %-8s %-10s %s\n' document generate ms bytes markdown round-trip validator
for i in "${!docs[@]}"; do
  name=${docs[$i]#"$specs/"}; name=${name#"$root/"}
  v=${valid[$i]:-not run}; t=${trip[$i]:-not run}
  printf '%-60s %-8s %7s %9s %-8s %-10s %s\n' "$name" "${gen[$i]}" "${ms[$i]}" "${bytes[$i]}" "${md[$i]}" "${t:0:10}" "$v"
  if [ "${gen[$i]}" != ok ] || [ "${md[$i]}" != ok ] || [ "$v" != ok ] || [ "$t" != ok ]; then
    failures=$((failures + 1))
    [ "$t" != ok ] && echo "    round trip: $t"
    [ "${gen[$i]}${md[$i]}" != okok ] && sed 's/^/    /' "$work/$i.log" | head -5
  fi
done
echo "${#docs[@]} documents, $failures failing"
[ "$failures" -eq 0 ]
