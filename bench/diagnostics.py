#!/usr/bin/env python3
"""Times `switchboard generate` with its warnings shown on one document written two ways: minified
(one line of several MB, as vendors ship them) and pretty-printed (indent 2). The warnings are
the same; only the shape of the text differs, so the ratio minified/pretty is what rendering a
diagnostic costs per line length (it was O(line): each snippet scanned its whole line).

The document is synthetic and deterministic: `--schemas` object schemas of `--fields` properties
with descriptions, one operation per schema, and in the first `--warnings` schemas a property
whose `example` is a string where the schema says integer. That is the example lint ("example
does not match its schema"), one warning each, located at the example. With `--github <json>`
GitHub's description is measured the same way too (its own warnings, whatever lints fire).

    python3 bench/diagnostics.py [--binary target/release/switchboard] [--repeat 3]

Build the binary first (`cargo build --release -p switchboard-generator`). Prints one row per
document and shape: bytes, lines, warnings, best wall time with every warning shown (stderr to a
file; `--all-warnings` when the binary has it), the same with `--quiet`, and the ratio of the
shown time to the pretty-printed document's.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

ALL_WARNINGS = "--all-warnings"

WORDS = "the of a value that this field is used for when an account user call number sent server".split()


def description(i, j):
    return " ".join(WORDS[(i * 7 + j * 3 + k) % len(WORDS)] for k in range(24)) + "."


def synthetic(schemas, fields, warnings):
    components, paths = {}, {}
    for i in range(schemas):
        props = {f"field_{j}": {"type": "string", "description": description(i, j)} for j in range(fields)}
        if i < warnings:
            props["count"] = {"type": "integer", "example": "many"}
        components[f"Thing{i}"] = {"type": "object", "description": description(i, 99), "properties": props}
        ok = {"description": "ok", "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/Thing{i}"}}}}
        paths[f"/things{i}"] = {"get": {"operationId": f"getThing{i}", "responses": {"200": ok}}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "diagnostics", "version": "1"},
        "paths": paths,
        "components": {"schemas": components},
    }


def run(binary, path, out, quiet):
    args = [binary, "generate", path, "--target", "rust", "--out", out, "--color", "never"]
    if quiet:
        args.append("--quiet")
    elif ALL_WARNINGS in subprocess.run([binary, "--help"], capture_output=True, text=True).stdout:
        # Every warning rendered, as binaries before the cap did.
        args.append(ALL_WARNINGS)
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        code = subprocess.run(args, stdout=subprocess.DEVNULL, stderr=err).returncode
        elapsed = time.perf_counter() - start
        err.seek(0)
        text = err.read().decode("utf-8", "replace")
    if code != 0:
        sys.exit(f"{' '.join(args)} exited with {code}:\n{text[-2000:]}")
    return elapsed, text.count("\nwarning: ") + text.startswith("warning: ")


def measure(binary, doc, name, repeat, work):
    rows = {}
    for shape, kwargs in [("minified", {"separators": (",", ":")}), ("pretty", {"indent": 2})]:
        path = os.path.join(work, f"{name}-{shape}.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(doc, f, ensure_ascii=False, **kwargs)
        with open(path, "rb") as f:
            data = f.read()
        out = os.path.join(work, "out")
        shown = [run(binary, path, out, False) for _ in range(repeat)]
        quiet = min(run(binary, path, out, True)[0] for _ in range(repeat))
        rows[shape] = (len(data), data.count(b"\n") + 1, shown[0][1], min(t for t, _ in shown), quiet)
    for shape, (size, lines, warned, best, quiet) in rows.items():
        ratio = best / rows["pretty"][3]
        print(f"| {name} | {shape} | {size / 1e6:.1f} MB | {lines:,} | {warned} | {best:.2f} s | {quiet:.2f} s | {ratio:.2f} |")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default="target/release/switchboard")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--schemas", type=int, default=2000)
    parser.add_argument("--fields", type=int, default=16)
    parser.add_argument("--warnings", type=int, default=900)
    parser.add_argument("--github", help="also measure this document (GitHub's description, JSON)")
    args = parser.parse_args()
    print("| document | shape | size | lines | warnings | shown (best) | `--quiet` (best) | shown / pretty shown |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    with tempfile.TemporaryDirectory() as work:
        measure(args.binary, synthetic(args.schemas, args.fields, args.warnings), "synthetic", args.repeat, work)
        if args.github:
            with open(args.github, encoding="utf-8") as f:
                measure(args.binary, json.load(f), "github", args.repeat, work)


if __name__ == "__main__":
    main()
