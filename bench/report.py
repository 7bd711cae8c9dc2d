#!/usr/bin/env python3
"""Turns one run's raw results (bench/results/) into the Markdown tables of BENCHMARKS.md.

Every ratio compares two measurements of the same run; generation figures are the median of
the run's rounds (wall and CPU), so one slow round on a shared machine does not decide a ratio.

Usage: report.py RESULTS_DIR
"""
import json
import os
import statistics
import sys


def load_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def load_json(path, default=None):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return default


def read(path):
    try:
        with open(path, encoding="utf-8") as f:
            return f.read().strip()
    except OSError:
        return ""


def rounds(measurements, prefix):
    """The rounds of one generation, as a list of records."""
    return [m for m in measurements if m["label"].rsplit(" #", 1)[0] == prefix]


def summary(records):
    if not records:
        return None
    ok = all(r["exit"] == 0 for r in records)
    return {
        "ok": ok,
        "wall": statistics.median(r["wall_s"] for r in records),
        "user": statistics.median(r["user_s"] + r["sys_s"] for r in records),
        "rss": max(r["max_rss_mb"] for r in records),
        "exit": records[0]["exit"],
        "failure": records[0].get("failure", ""),
    }


def fmt_s(x):
    return "%.2f s" % x


def generated_documents(measurements):
    """The documents our generator ran on, in the run's order."""
    labels = []
    for m in measurements:
        if m["label"].startswith("generate ours "):
            label = m["label"][len("generate ours "):].rsplit(" #", 1)[0]
            if label not in labels:
                labels.append(label)
    return labels


def generation(results, measurements, sizes):
    labels = generated_documents(measurements)
    size_of = {}
    for d in (sizes or {}).get("all", []) + (sizes or {}).get("extra", []):
        size_of[os.path.basename(d["path"])] = d["bytes"]
    lines = read(os.path.join(results, "lines.txt")).splitlines()
    line_count = dict(l.rsplit(" ", 1) for l in lines if " " in l)
    peers = (("progenitor", "progenitor 0.15.1", "progenitor-"), ("openapi-to-rust", "openapi-to-rust 0.23.0", "o2r-"))
    header = "| document | switchboard: wall / CPU / peak RSS / lines |"
    rule = "| --- | --- |"
    for _, title, _ in peers:
        header += " %s: wall / CPU / peak RSS / lines, or its failure | %s ÷ switchboard (wall, CPU) |" % (title, title.split()[0])
        rule += " --- | --- |"
    out = [header, rule]
    for label in labels:
        ours = summary(rounds(measurements, "generate ours " + label))
        ours_cell = ("%s / %s / %.0f MB / %s" % (fmt_s(ours["wall"]), fmt_s(ours["user"]), ours["rss"], line_count.get("ours-" + label, "?"))) if ours["ok"] else "exit %d: %s" % (ours["exit"], ours["failure"])
        row = "| %s | %s |" % (label, ours_cell)
        for tool, _, prefix in peers:
            theirs = summary(rounds(measurements, "generate %s %s" % (tool, label)))
            if theirs is None:
                cell, ratio = "not run", ""
            elif theirs["ok"]:
                cell = "%s / %s / %.0f MB / %s" % (fmt_s(theirs["wall"]), fmt_s(theirs["user"]), theirs["rss"], line_count.get(prefix + label, "?"))
                ratio = "%.2f×, %.2f×" % (theirs["wall"] / ours["wall"], theirs["user"] / ours["user"]) if ours["ok"] else ""
            else:
                cell = "exit %d after %s: `%s`" % (theirs["exit"], fmt_s(theirs["wall"]), theirs["failure"].replace("|", "\\|")[:220])
                ratio = "n/a"
            row += " %s | %s |" % (cell, ratio)
        out.append(row)
    return "\n".join(out)


def checks(results, measurements):
    by_label = {m["label"]: m for m in measurements}
    errors = {}
    for line in read(os.path.join(results, "check-errors.txt")).splitlines():
        parts = line.split()
        if len(parts) >= 5:
            errors[parts[0]] = "%s errors, %s warnings" % (parts[1], parts[3])
    out = [
        "| crate | deps + crate: wall / peak RSS | crate alone (touched, no incremental cache): wall / CPU / peak RSS | exit | diagnostics |",
        "| --- | --- | --- | --- | --- |",
    ]
    for label in ("ours-github-pruned", "progenitor-github-pruned", "ours-github-full", "o2r-github-full"):
        full = by_label.get("check deps+crate " + label)
        alone = by_label.get("check crate only " + label)
        if full is None or alone is None:
            out.append("| %s | not run | | | |" % label)
            continue
        out.append("| %s | %s / %.0f MB | %s / %s / %.0f MB | %d | %s |" % (
            label, fmt_s(full["wall_s"]), full["max_rss_mb"], fmt_s(alone["wall_s"]), fmt_s(alone["user_s"] + alone["sys_s"]), alone["max_rss_mb"], alone["exit"], errors.get(label, "?")))
    ours, theirs = by_label.get("check crate only ours-github-full"), by_label.get("check crate only o2r-github-full")
    if ours and theirs:
        out.append("")
        out.append("openapi-to-rust ÷ switchboard, GitHub crate alone: `cargo check` %.2f× the time, %.2f× the peak memory%s." % (
            theirs["wall_s"] / ours["wall_s"], theirs["max_rss_mb"] / ours["max_rss_mb"],
            "" if theirs["exit"] == 0 else " (theirs exited %d)" % theirs["exit"]))
    builds = [(l, by_label.get("build deps+crate " + l), by_label.get("build crate only " + l)) for l in ("ours-github-full", "o2r-github-full")]
    if any(full for _, full, _ in builds):
        out.append("")
        out.append("| crate | `cargo build` (debug), deps + crate: wall / peak RSS | crate alone (touched): wall / CPU / peak RSS | exit |")
        out.append("| --- | --- | --- | --- |")
        for label, full, alone in builds:
            if full is None or alone is None:
                out.append("| %s | not run | | |" % label)
                continue
            out.append("| %s | %s / %.0f MB | %s / %s / %.0f MB | %d |" % (
                label, fmt_s(full["wall_s"]), full["max_rss_mb"], fmt_s(alone["wall_s"]), fmt_s(alone["user_s"] + alone["sys_s"]), alone["max_rss_mb"], alone["exit"]))
    return "\n".join(out)


def build_rs(results, measurements):
    by_label = {m["label"]: m for m in measurements}
    noop = by_label.get("cargo build no-op")
    touch = by_label.get("cargo build after touching a schema")
    out = []
    if noop:
        out.append("- no-op `cargo build -vv -p switchboard` after a build: %s wall; switchboard's lines in its output:" % fmt_s(noop["wall_s"]))
        out.append("  ```text\n  " + (read(os.path.join(results, "build-noop.txt")) or "(none)").replace("\n", "\n  ") + "\n  ```")
    if touch:
        out.append("- `touch schemas/vinix/components/user.yaml`, then `cargo build -vv -p switchboard`: %s wall, peak RSS %.0f MB; switchboard's lines:" % (fmt_s(touch["wall_s"]), touch["max_rss_mb"]))
        out.append("  ```text\n  " + (read(os.path.join(results, "build-touch.txt")) or "(none)").replace("\n", "\n  ") + "\n  ```")
    return "\n".join(out)


def criterion(results):
    data = load_json(os.path.join(results, "criterion.json"), {})
    if not data:
        return "criterion produced no estimates"
    out = ["| benchmark | mean | throughput |", "| --- | --- | --- |"]
    for name, est in sorted(data.items()):
        thr = ""
        tp = est.get("throughput") or {}
        if "Bytes" in tp:
            thr = "%.1f MB/s" % (tp["Bytes"] / (est["mean_ns"] / 1e9) / 1e6)
        mean = est["mean_ns"]
        out.append("| %s | %s | %s |" % (name, ("%.2f µs" % (mean / 1e3)) if mean < 1e6 else ("%.2f ms" % (mean / 1e6)), thr))
    ratios = []
    for group in ("decode_user_envelope", "decode_user"):
        g, h, v = (data.get("%s/%s" % (group, k)) for k in ("generated", "handwritten", "value"))
        if g and h and v:
            ratios.append("- %s: generated runs at %.2f× the hand-written struct's throughput and %.2f× `serde_json::Value`'s (target ≥ 0.8× hand-written)." % (
                group, h["mean_ns"] / g["mean_ns"], v["mean_ns"] / g["mean_ns"]))
    # The call bench runs generated, raw, raw again, generated again (A B B A): each side's
    # figure is the mean of its two runs, which cancels a steady drift of the machine's speed.
    runs = {k: [data[n]["mean_ns"] for n in ("get_user_call/%s" % k, "get_user_call/%s_again" % k) if n in data] for k in ("generated", "raw_reqwest")}
    if runs["generated"] and runs["raw_reqwest"]:
        g, r = statistics.mean(runs["generated"]), statistics.mean(runs["raw_reqwest"])
        ratios.append("- get_user_call: the generated call takes %+.1f%% of a raw reqwest call's time (%.1f µs vs %.1f µs, each the mean of %d runs in A B B A order; target within 5%%)." % (
            (g / r - 1) * 100, g / 1e3, r / 1e3, len(runs["generated"])))
    return "\n".join(out) + "\n\n" + "\n".join(ratios)


def ratios_first(measurements):
    """One line per document: how many times switchboard's generation time each peer takes
    (medians of the run's rounds, wall time, warnings shown), before any absolute figure."""
    labels = generated_documents(measurements)
    out = ["| document | openapi-to-rust ÷ switchboard | progenitor ÷ switchboard |", "| --- | --- | --- |"]
    for label in labels:
        ours = summary(rounds(measurements, "generate ours " + label))
        cells = []
        for tool in ("openapi-to-rust", "progenitor"):
            theirs = summary(rounds(measurements, "generate %s %s" % (tool, label)))
            if not ours or not ours["ok"] or theirs is None:
                cells.append("not run")
            elif not theirs["ok"]:
                cells.append("fails (exit %d)" % theirs["exit"])
            else:
                cells.append("%.2f×" % (theirs["wall"] / ours["wall"]))
        out.append("| %s | %s | %s |" % (label, cells[0], cells[1]))
    return "\n".join(out)


def main():
    results = sys.argv[1]
    measurements = load_jsonl(os.path.join(results, "measurements.jsonl"))
    sizes = load_json(os.path.join(results, "sizes.json"), {})
    pruning = load_json(os.path.join(results, "github-pruning.json"), {})
    print("## Generation: the peers' time as a multiple of ours (wall, medians)\n\n" + ratios_first(measurements) + "\n")
    print("## Machine\n\n```text\n%s\n```\n" % read(os.path.join(results, "machine.txt")))
    print("## Largest documents (root + referenced files)\n")
    for d in sizes.get("all", [])[:6]:
        print("- %s: %d bytes in %d file(s)" % (d["document"], d["bytes"], d["files"]))
    print("\n## GitHub pruned for progenitor\n\n```json\n%s\n```\n" % json.dumps(pruning, indent=1))
    print("## Generation (median of 3 rounds)\n\n" + generation(results, measurements, sizes) + "\n")
    print("## Generated GitHub crates: cargo check\n\n" + checks(results, measurements) + "\n")
    print("## build.rs\n\n" + build_rs(results, measurements) + "\n")
    print("## Runtime (criterion)\n\n" + criterion(results))


if __name__ == "__main__":
    main()
