#!/usr/bin/env python3
"""Prunes GitHub's REST description down to what progenitor 0.15.1 can generate from.

progenitor panics (it does not report an error) on three constructs GitHub's document uses:

1. a request body with more than one media type
   (`todo!("more media types than expected ...")`, progenitor-impl method.rs);
2. success responses (101, 2xx, 2XX, default) or error responses (4xx, 5xx, 4XX, 5XX, default)
   of one operation with more than one response type
   (`assert!(response_types.len() <= 1)`, progenitor-impl method.rs): a JSON body of one schema,
   a JSON body of another, a non-JSON body and no body are four different types;
3. string enums whose values typify turns into the same Rust variant name (`+1` and `1`, or
   `-1` and `1` ...); typify panics on the duplicate variant.

Rules 1 and 2 remove the whole operation (never half of it), and rule 3 removes the colliding
values (the first value of a name is kept). Two inline schemas count as different types even when
typify might merge them, so rule 2 errs on the side of removing. The pruned document is still a
valid OpenAPI 3.0 document; both generators are given exactly this file.

Usage: prune_github.py IN.json OUT.json STATS.json
"""
import json
import re
import sys

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def resolve(doc, node):
    """Follows local `$ref`s (GitHub's document has no others) until a non-reference node."""
    seen = 0
    while isinstance(node, dict) and "$ref" in node and seen < 64:
        pointer = node["$ref"]
        if not pointer.startswith("#/"):
            return node
        target = doc
        for part in pointer[2:].split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
        seen += 1
    return node


def response_kind(doc, status, response):
    """What progenitor makes of one response: the schema of its JSON body, raw, or nothing."""
    response = resolve(doc, response)
    content = response.get("content") or {}
    for media, body in content.items():
        if media == "application/json" or media.startswith("application/json;"):
            schema = body.get("schema")
            if isinstance(schema, dict) and "$ref" in schema:
                return "json:" + schema["$ref"]
            return "json-inline:" + status
    if status == "101":
        return "upgrade"
    return "raw" if content else "none"


def is_success(status):
    return status == "default" or status == "101" or status.startswith("2")


def is_error(status):
    return status == "default" or status[:1] in ("4", "5")


def unsupported(doc, operation):
    """The reason progenitor cannot take this operation, or None."""
    body = operation.get("requestBody")
    if body is not None:
        content = resolve(doc, body).get("content") or {}
        if len(content) > 1:
            return "request body with %d media types" % len(content)
    responses = operation.get("responses") or {}
    for label, keep in (("success", is_success), ("error", is_error)):
        kinds = {response_kind(doc, s, r) for s, r in responses.items() if keep(s.upper().replace("XX", ""))}
        if label == "success" and "2XX" in responses and "default" in responses:
            kinds.discard(response_kind(doc, "default", responses["default"]))
        if len(kinds) > 1:
            return "%d %s response types" % (len(kinds), label)
    return None


def variant_name(value):
    """typify's variant name for a string enum value, closely enough to find collisions:
    the alphanumeric words of the value, capitalised and joined, with `+`/`-` dropped."""
    words = re.findall(r"[A-Za-z0-9]+", value)
    return "".join(w[:1].upper() + w[1:].lower() for w in words)


def dedupe_enums(node, removed):
    """Removes string enum values whose variant name an earlier value already took."""
    if isinstance(node, dict):
        values = node.get("enum")
        if isinstance(values, list) and all(isinstance(v, str) for v in values):
            kept, names = [], set()
            for v in values:
                name = variant_name(v)
                if name in names:
                    removed.append(v)
                    continue
                names.add(name)
                kept.append(v)
            node["enum"] = kept
        for child in node.values():
            dedupe_enums(child, removed)
    elif isinstance(node, list):
        for child in node:
            dedupe_enums(child, removed)


def main():
    source, target, stats_path = sys.argv[1:4]
    with open(source, encoding="utf-8") as f:
        doc = json.load(f)
    total = 0
    removed = {}
    for path, item in list(doc.get("paths", {}).items()):
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            total += 1
            reason = unsupported(doc, operation)
            if reason is not None:
                removed["%s %s" % (method.upper(), path)] = reason
                del item[method]
        if not any(m in item for m in METHODS):
            del doc["paths"][path]
    enum_values = []
    dedupe_enums(doc, enum_values)
    with open(target, "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=1, sort_keys=False)
    reasons = {}
    for reason in removed.values():
        key = re.sub(r"\d+ ", "n ", reason, count=1)
        reasons[key] = reasons.get(key, 0) + 1
    stats = {
        "operations_before": total,
        "operations_removed": len(removed),
        "operations_after": total - len(removed),
        "removed_by_reason": reasons,
        "enum_values_removed": len(enum_values),
        "enum_values_removed_sample": sorted(set(enum_values))[:20],
    }
    with open(stats_path, "w", encoding="utf-8") as f:
        json.dump(stats, f, indent=2)
    print(json.dumps(stats))


if __name__ == "__main__":
    main()
