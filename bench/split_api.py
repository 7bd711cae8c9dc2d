#!/usr/bin/env python3
"""Writes one OpenAPI document as an API folder in the layout of `schemas/`: `openapi.yaml`
with the document's info, servers and components, and one file per path under `paths/`, which
the root names with `$ref`. References inside a path file point back into the root
(`../openapi.yaml#/components/...`).

Examples are left out (every `example`, `examples` and `components.examples`): build.rs judges
`schemas/` in strict mode, where an example that does not match its schema is an error, and
large public documents have dozens of those. What is left generates the same operations and
types.

Usage: split_api.py DOCUMENT.json OUT_DIR
Prints the path files written, one per line, in the document's order.
"""
import json
import os
import re
import sys

import yaml


def strip_examples(node, parent_key=None):
    """The node without examples; a schema's `properties` may name a property `example`."""
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key in ("example", "examples") and parent_key != "properties":
                continue
            out[key] = strip_examples(value, key)
        return out
    if isinstance(node, list):
        return [strip_examples(v) for v in node]
    return node


def point_at_root(node, parent_key=None):
    """Every local reference (`$ref: '#/...'`, and the values of a discriminator's `mapping`)
    rewritten to the root document, seen from `paths/`."""
    if isinstance(node, dict):
        out = {}
        for k, v in node.items():
            is_ref = (k == "$ref" or parent_key == "mapping") and isinstance(v, str) and v.startswith("#")
            out[k] = "../openapi.yaml" + v if is_ref else point_at_root(v, k)
        return out
    if isinstance(node, list):
        return [point_at_root(v) for v in node]
    return node


def slug(path, taken):
    base = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "root"
    name, n = base, 2
    while name in taken:
        name, n = "%s-%d" % (base, n), n + 1
    taken.add(name)
    return name


def dump(value, path):
    with open(path, "w", encoding="utf-8") as f:
        yaml.dump(value, f, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), sort_keys=False,
                  allow_unicode=True, width=100)


def main():
    source, out = sys.argv[1:3]
    with open(source, encoding="utf-8") as f:
        doc = strip_examples(json.load(f))
    doc.get("components", {}).pop("examples", None)
    os.makedirs(os.path.join(out, "paths"), exist_ok=True)
    taken, paths = set(), {}
    for path, item in doc.get("paths", {}).items():
        name = slug(path, taken)
        dump(point_at_root(item), os.path.join(out, "paths", name + ".yaml"))
        paths[path] = {"$ref": "./paths/%s.yaml" % name}
        print("paths/%s.yaml" % name)
    doc["paths"] = paths
    dump(doc, os.path.join(out, "openapi.yaml"))


if __name__ == "__main__":
    main()
