#!/usr/bin/env bash
# The decode ratio with its noise (issue 21, item 5): runs the criterion decode bench ROUNDS times
# (default 5) and prints, per group, the generated decoder's throughput as a multiple of the
# hand-written serde struct's in each round, then their minimum, median and maximum. Ratios come
# from the same round, so a machine that slows down between rounds shifts both sides alike; the
# spread says how far one round's figure can be trusted.
#   bash bench/decode-spread.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}
target=${CARGO_TARGET_DIR:-$(pwd)/target}
out=bench/results/decode-spread.txt
mkdir -p bench/results
: > "${out%.txt}.jsonl"
for round in $(seq "$rounds"); do
  rm -rf "$target/criterion/decode_user" "$target/criterion/decode_user_envelope"
  cargo bench -q --locked -p switchboard-bench --bench decode -- --noplot >/dev/null 2>&1
  python3 - "$target/criterion" "$round" >> "${out%.txt}.jsonl" <<'PY'
import json, os, sys
root, round_ = sys.argv[1], int(sys.argv[2])
for group in ("decode_user_envelope", "decode_user"):
    mean = {}
    for side in ("generated", "handwritten"):
        with open(os.path.join(root, group, side, "new", "estimates.json")) as f:
            mean[side] = json.load(f)["mean"]["point_estimate"]
    print(json.dumps({"round": round_, "group": group, "ratio": mean["handwritten"] / mean["generated"]}))
PY
done
python3 - "${out%.txt}.jsonl" <<'PY' | tee "$out"
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
print("load average: %s" % open("/proc/loadavg").read().split()[:3])
for group in ("decode_user_envelope", "decode_user"):
    r = [x["ratio"] for x in rows if x["group"] == group]
    print("%s: generated = %s x hand-written per round; min %.2f, median %.2f, max %.2f (target >= 0.9)" % (
        group, ", ".join("%.2f" % x for x in r), min(r), statistics.median(r), max(r)))
PY
