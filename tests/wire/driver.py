"""Runs tests/wire/scenarios.json through the generated Python client (package `wire`) against the
recording server, one call each, and prints one JSON line per scenario: `sent`, `refused` (the
client's typed invalid-request error) or `failed` with the exception's type.

Usage: python driver.py <server URL> <scenarios.json>
"""

from __future__ import annotations

import json
import sys
import typing

import wire

# The client's argument names, by operation and wire name.
_NAMES = {
    "X-Trace": "x_trace",
    "X-Ids": "x_ids",
    "X-Flag": "x_flag",
}


def call(client: wire.Client, scenario: dict[str, typing.Any]) -> None:
    args = dict(scenario.get("args", {}))
    headers = {"x-wire-scenario": scenario["id"], **scenario.get("headers", {})}
    op = scenario["op"]
    if op == "getItem":
        client.get_item(args["id"], headers=headers)
    elif op == "createThing":
        client.create_thing(args["body"], headers=headers)
    else:
        kwargs = {_NAMES.get(k, k): v for k, v in args.items()}
        getattr(client, {"search": "search", "withHeaders": "with_headers"}[op])(**kwargs, headers=headers)


def main() -> None:
    url, path = sys.argv[1], sys.argv[2]
    with open(path, encoding="utf-8") as f:
        scenarios = json.load(f)["scenarios"]
    with wire.Client(url) as client:
        for scenario in scenarios:
            try:
                call(client, scenario)
                outcome = {"id": scenario["id"], "outcome": "sent"}
            except wire.InvalidRequest as error:
                outcome = {"id": scenario["id"], "outcome": "refused", "detail": str(error)}
            except Exception as error:  # noqa: BLE001 - any other failure is reported, not raised
                outcome = {"id": scenario["id"], "outcome": "failed", "detail": f"{type(error).__name__}: {error}"}
            print(json.dumps(outcome, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
