#!/usr/bin/env bash
# Installs the pinned non-Rust tools the tests run, into folders of this repository:
# - tests/contract/node_modules: Prism (mock server) and TypeScript (tsc), from
#   tests/contract/package-lock.json;
# - tests/contract/oldest-typescript/node_modules: the oldest TypeScript the generated packages
#   support (a folder of its own: two TypeScripts in one would both claim .bin/tsc);
# - .tools/python: a virtual environment with mypy, httpx and openapi-spec-validator, from
#   tests/python/requirements.txt;
# - .tools/python-min: a virtual environment with the oldest httpx and anyio the generated Python
#   packages support, from tests/python/requirements-min.txt (the tests run against both).
# Both are skipped when already up to date, so running this twice costs seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! cmp -s tests/contract/package-lock.json tests/contract/node_modules/.installed-lock.json 2>/dev/null; then
  npm ci --prefix tests/contract --no-audit --no-fund --loglevel=error
  cp tests/contract/package-lock.json tests/contract/node_modules/.installed-lock.json
fi

oldest=tests/contract/oldest-typescript
if ! cmp -s "$oldest/package-lock.json" "$oldest/node_modules/.installed-lock.json" 2>/dev/null; then
  npm ci --prefix "$oldest" --no-audit --no-fund --loglevel=error
  cp "$oldest/package-lock.json" "$oldest/node_modules/.installed-lock.json"
fi

venv=.tools/python
if ! cmp -s tests/python/requirements.txt "$venv/installed-requirements.txt" 2>/dev/null; then
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check --no-deps --require-virtualenv -r tests/python/requirements.txt
  cp tests/python/requirements.txt "$venv/installed-requirements.txt"
fi

venv=.tools/python-min
if ! cmp -s tests/python/requirements-min.txt "$venv/installed-requirements.txt" 2>/dev/null; then
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check --no-deps --require-virtualenv -r tests/python/requirements-min.txt
  cp tests/python/requirements-min.txt "$venv/installed-requirements.txt"
fi
