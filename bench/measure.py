#!/usr/bin/env python3
"""Runs one command and appends its wall time, CPU time, peak memory and exit code as one JSON
line to a results file.

Peak memory is the largest resident set of the command or of any process it waited for (what
`/usr/bin/time -v` reports as "Maximum resident set size"; for `cargo`, that is its largest
`rustc`). `/usr/bin/time -v` is used when present; otherwise `getrusage(RUSAGE_CHILDREN)` after
waiting for the command, which reads the same kernel counters.

Usage: measure.py RESULTS.jsonl LABEL LOG -- COMMAND ARGS...
The command's stdout and stderr go to LOG. The exit code of measure.py is the command's.
"""
import json
import os
import re
import resource
import subprocess
import sys
import time

TIME = "/usr/bin/time"


def panic_message(log_path):
    """The first Rust panic in the log, as `panicked at FILE: MESSAGE`, or None."""
    try:
        with open(log_path, encoding="utf-8", errors="replace") as f:
            lines = f.read().splitlines()
    except OSError:
        return None
    for i, line in enumerate(lines):
        if "panicked at" in line:
            where = line.split("panicked at", 1)[1].strip().rstrip(":")
            message = lines[i + 1].strip() if i + 1 < len(lines) else ""
            return "panicked at %s: %s" % (where, message)
    return None


def first_error(log_path):
    """The first line of the log that says what failed (`gen fail: ...`, `error...`), or None:
    the first is the cause, later ones (`generation experienced errors`) only summarise."""
    try:
        with open(log_path, encoding="utf-8", errors="replace") as f:
            errors = [l.strip() for l in f if re.match(r"(gen fail|error|Error)", l.strip())]
    except OSError:
        return None
    return errors[0] if errors else None


def run_with_time(command, log):
    report = log + ".time"
    start = time.monotonic()
    with open(log, "w") as out:
        code = subprocess.call([TIME, "-v", "-o", report] + command, stdout=out, stderr=subprocess.STDOUT)
    wall = time.monotonic() - start
    fields = {}
    with open(report, encoding="utf-8", errors="replace") as f:
        for line in f:
            key, _, value = line.strip().rpartition(": ")
            fields[key] = value
    os.remove(report)
    return code, wall, float(fields.get("User time (seconds)", "nan")), float(fields.get("System time (seconds)", "nan")), int(fields.get("Maximum resident set size (kbytes)", "0"))


def run_with_rusage(command, log):
    start = time.monotonic()
    with open(log, "w") as out:
        code = subprocess.call(command, stdout=out, stderr=subprocess.STDOUT)
    wall = time.monotonic() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return code, wall, usage.ru_utime, usage.ru_stime, usage.ru_maxrss


def main():
    if len(sys.argv) < 6 or sys.argv[4] != "--":
        sys.exit(__doc__)
    results, label, log = sys.argv[1:4]
    command = sys.argv[5:]
    runner = run_with_time if os.access(TIME, os.X_OK) else run_with_rusage
    code, wall, user, system, maxrss = runner(command, log)
    record = {
        "label": label,
        "exit": code,
        "wall_s": round(wall, 3),
        "user_s": round(user, 3),
        "sys_s": round(system, 3),
        "max_rss_mb": round(maxrss / 1024, 1),
        "measured_by": "/usr/bin/time -v" if runner is run_with_time else "getrusage(RUSAGE_CHILDREN)",
        "log": os.path.relpath(log),
    }
    if code != 0:
        record["failure"] = panic_message(log) or first_error(log) or "exit %d" % code
    with open(results, "a", encoding="utf-8") as f:
        f.write(json.dumps(record) + "\n")
    print("%-44s exit %3d  %7.2f s wall  %7.2f s user  %7.1f MB%s" % (label, code, wall, user, record["max_rss_mb"], "  " + record.get("failure", "") if code else ""))
    sys.exit(code)


if __name__ == "__main__":
    main()
