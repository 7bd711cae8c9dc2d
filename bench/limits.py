#!/usr/bin/env python3
"""Times `switchboard check` on generated worst cases whose cost should grow linearly with size:
one schema with an N-value `enum`, and a chain of N `$ref` hops S0 -> S1 -> ... -> SN.

Each size is twice the one before, so a linear loader doubles its time from row to row and a
quadratic one quadruples it (before the fixes: a 100,000-value enum took minutes, a 5,000-hop
chain over five minutes).

    python3 bench/limits.py [--binary target/release/switchboard] [--scale 1.0] [--repeat 3]

Build the binary first (`cargo build --release -p switchboard-generator`). Prints one row per
document: kind, size, best wall time of the repeats, and time per element.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time


def document(schemas):
    """An API with one operation whose response is `S0`."""
    response = {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/S0"}}}}
    return {
        "openapi": "3.0.3",
        "info": {"title": "limits", "version": "1"},
        "paths": {"/x": {"get": {"operationId": "getX", "responses": {"200": response}}}},
        "components": {"schemas": schemas},
    }


def enum_document(n):
    return document({"S0": {"type": "string", "enum": [f"value_{i}" for i in range(n)]}})


def chain_document(n):
    schemas = {f"S{i}": {"$ref": f"#/components/schemas/S{i + 1}"} for i in range(n)}
    schemas[f"S{n}"] = {"type": "object", "properties": {"a": {"type": "string"}}}
    return document(schemas)


def best_time(binary, path, repeat):
    best = None
    for _ in range(repeat):
        start = time.perf_counter()
        # The result does not matter (warnings are expected), only that the run ends.
        subprocess.run([binary, "check", path, "--quiet"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    return best


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(here, "..", "target"))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", default=os.path.join(target, "release", "switchboard"))
    parser.add_argument("--scale", type=float, default=1.0, help="multiplies every size (0.1 for a quick look)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not os.path.exists(args.binary):
        sys.exit(f"limits.py: no binary at {args.binary}; run cargo build --release -p switchboard-generator")
    cases = [("enum values", enum_document, [25_000, 50_000, 100_000]), ("$ref hops", chain_document, [1_250, 2_500, 5_000])]
    print(f"{'case':<12} {'size':>8} {'seconds':>9} {'us/element':>11}")
    with tempfile.TemporaryDirectory(prefix="switchboard-limits-") as tmp:
        for name, make, sizes in cases:
            for size in sizes:
                n = max(1, int(size * args.scale))
                path = os.path.join(tmp, f"{name.split()[0].strip('$')}-{n}.json")
                with open(path, "w") as f:
                    json.dump(make(n), f)
                seconds = best_time(args.binary, path, args.repeat)
                print(f"{name:<12} {n:>8} {seconds:>9.3f} {seconds / n * 1e6:>11.2f}", flush=True)


if __name__ == "__main__":
    main()
