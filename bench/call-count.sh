#!/usr/bin/env bash
# Instructions per call of the generated client against plain reqwest, counted by callgrind
# (valgrind --tool=callgrind): loopback timings on a shared 2-core machine swing by a third from
# run to run (benches/call.rs), while a count is the same whatever else the machine does.
#
#   bash bench/call-count.sh [N]     (N calls per run, default 200)
#
# Each kind runs N and 2N calls (examples/call_count.rs); the difference over N is the cost of one
# call with process start, server start and connection setup taken out. The server shares the
# process, so its work is in every figure alike. Also counts each kind's system calls (strace -c),
# when strace is installed. Writes bench/results/call-count.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-200}
out=bench/results/call-count.txt
command -v valgrind >/dev/null || { echo "call-count.sh: needs valgrind" >&2; exit 1; }
cargo build --release --locked -q -p switchboard-bench --example call_count
bin=target/release/examples/call_count
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
count() { # kind calls -> instructions of the whole run
  valgrind --tool=callgrind --callgrind-out-file="$tmp/cg" "$bin" "$1" "$2" 2>&1 |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)  commit: $(git rev-parse --short HEAD)  calls: $n and $((2 * n))"
  printf '%-14s %16s %12s\n' kind instr/call vs-raw
  raw=
  for kind in raw raw_timeouts generated; do
    per=$(( ($(count "$kind" $((2 * n))) - $(count "$kind" "$n")) / n ))
    [ -n "$raw" ] || raw=$per
    printf '%-14s %16d %12s\n' "$kind" "$per" "$(python3 -c "print(f'{$per / $raw:.3f}')")"
  done
  if command -v strace >/dev/null; then
    echo "system calls of $n calls (strace -f -c), by kind:"
    for kind in raw raw_timeouts generated; do
      strace -f -c -o "$tmp/st" "$bin" "$kind" "$n" >/dev/null
      echo "  $kind: $(awk '$NF == "total" {print $(NF-2)}' "$tmp/st") calls"
    done
  fi
} | tee "$out"
