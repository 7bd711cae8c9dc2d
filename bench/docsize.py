#!/usr/bin/env python3
"""Sizes of OpenAPI documents counted as the bytes of the root file plus every file it reaches
through `$ref` (transitively), and the N largest.

`$ref` values are found textually (`$ref: x` in YAML, `"$ref": "x"` in JSON): only their file
part matters here, and a textual scan needs no YAML parser (python3's standard library has none).

Usage: docsize.py SPECS_DIR ROOTS.txt N OUT.json [EXTRA_ROOT ...]
"""
import json
import os
import re
import sys

REF = re.compile(r"""["']?\$ref["']?\s*:\s*["']?([^"'\s,}#]*)""")


def reached(root):
    """Every file the root document reaches, the root first."""
    seen, todo = [], [os.path.normpath(root)]
    while todo:
        path = todo.pop()
        if path in seen or not os.path.isfile(path):
            continue
        seen.append(path)
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read()
        for target in REF.findall(text):
            if target and "://" not in target:
                todo.append(os.path.normpath(os.path.join(os.path.dirname(path), target)))
    return seen


def main():
    specs, roots_file, n, out = sys.argv[1:5]
    extra = sys.argv[5:]
    with open(roots_file, encoding="utf-8") as f:
        roots = [l.strip() for l in f if l.strip() and not l.startswith("#")]
    documents = []
    for root in roots:
        files = reached(os.path.join(specs, root))
        documents.append({"document": root, "path": os.path.join(specs, root), "files": len(files), "bytes": sum(os.path.getsize(p) for p in files)})
    documents.sort(key=lambda d: -d["bytes"])
    extras = []
    for root in extra:
        files = reached(root)
        extras.append({"document": root, "path": root, "files": len(files), "bytes": sum(os.path.getsize(p) for p in files)})
    with open(out, "w", encoding="utf-8") as f:
        json.dump({"largest": documents[: int(n)], "all": documents, "extra": extras}, f, indent=1)
    for d in documents[: int(n)]:
        print(d["path"])


if __name__ == "__main__":
    main()
