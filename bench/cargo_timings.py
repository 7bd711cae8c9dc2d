#!/usr/bin/env python3
"""Prints how long each unit of one package took in a cargo `--timings` report: its build
script's compilation and run, and its library, one line each (units that did not run are not
in the report).

Usage: cargo_timings.py cargo-timing.html PACKAGE LABEL
"""
import json
import re
import sys


def main():
    path, package, label = sys.argv[1:4]
    with open(path, encoding="utf-8") as f:
        text = f.read()
    found = re.search(r"const UNIT_DATA = (\[.*?\]);\n", text, re.S)
    units = json.loads(found.group(1)) if found else []
    parts = []
    for unit in units:
        if unit.get("name") != package:
            continue
        what = unit.get("target", "").strip() or "lib"
        if unit.get("mode") == "run-custom-build":
            what = "build script (run)"
        parts.append("%s %.2f s" % (what, unit.get("duration", 0.0)))
    print("%s: %s" % (label, "; ".join(parts) if parts else "nothing of %s ran" % package))


if __name__ == "__main__":
    main()
