#!/usr/bin/env bash
# Makes a crate of what openapi-to-rust 0.23 writes in direct mode (a module folder and a
# REQUIRED_DEPS.toml fragment), so bench/run.sh can `cargo check` it like the other tools' crates.
#   bash bench/o2r-crate.sh CRATE_DIR NAME     (the module is in CRATE_DIR/src/api)
set -euo pipefail
dir=$1 name=$2
[ -f "$dir/src/api/mod.rs" ] || { echo "o2r-crate: no module in $dir/src/api" >&2; exit 0; }
{
  printf '[package]\nname = "%s"\nversion = "0.1.0"\nedition = "2024"\n\n' "$name"
  grep -v '^#' "$dir/src/api/REQUIRED_DEPS.toml"
  printf '\n[workspace]\n'
} > "$dir/Cargo.toml"
printf '//! The module openapi-to-rust generated, as a crate.\npub mod api;\n' > "$dir/src/lib.rs"
