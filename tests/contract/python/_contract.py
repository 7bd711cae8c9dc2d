"""Runs contract scenarios against Prism with a generated package's sync and async clients.

Each `<api>.py` beside this file says how to call every operation (`CALLS`) and which
credentials the client gets (`CREDENTIALS`), then hands them to `main`. Arguments: the Prism
URL and a JSON file of scenarios (`[{"operation", "status", "media_type"}]`). Output: one JSON
object per scenario and client on stdout (`{"operation", "status", "media_type", "client",
"outcome", "detail"}`), where `outcome` is `success`, `documented-error` or `failed`.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import sys
import typing

Call = tuple[str, tuple[object, ...], dict[str, object]]


def _violations(headers: typing.Mapping[str, str]) -> list[object]:
    """Prism's `sl-violations` entries about the request (those about its own answer are not ours)."""
    raw = headers.get("sl-violations")
    if raw is None:
        return []
    try:
        parsed = json.loads(raw)
    except ValueError:
        return [f"unreadable sl-violations header: {raw!r}"]
    return [v for v in parsed if isinstance(v, dict) and (v.get("location") or [None])[0] == "request"]


def _judge(package: typing.Any, result: object) -> tuple[str, str, int | None]:
    """What a call came to: its `Response`, or the exception it raised."""
    if isinstance(result, package.ApiError):
        bad = _violations(result.headers)
        if bad:
            return "failed", f"Prism says the request breaks the schema: {bad}", result.status
        return "documented-error", type(result).__name__, result.status
    if isinstance(result, BaseException):
        return "failed", f"{type(result).__name__}: {result}", getattr(result, "status", None)
    response = typing.cast(typing.Any, result)
    bad = _violations(response.headers)
    if bad:
        return "failed", f"Prism says the request breaks the schema: {bad}", response.status
    return "success", type(response.body).__name__, response.status


def main(package_name: str, calls: dict[str, Call], credentials: dict[str, object]) -> None:
    url, scenarios_path = sys.argv[1], sys.argv[2]
    package = importlib.import_module(package_name)
    with open(scenarios_path, encoding="utf-8") as f:
        scenarios = json.load(f)
    results = []
    for scenario in scenarios:
        operation = scenario["operation"]
        headers = {"Prefer": f"code={scenario['status']}"}
        if scenario["media_type"]:
            headers["Accept"] = scenario["media_type"]
        if operation not in calls:
            for client in ("sync", "async"):
                results.append({**scenario, "client": client, "outcome": "failed", "detail": f"no call for `{operation}`: add one to the driver"})
            continue
        method, args, kwargs = calls[operation]

        result: object
        with package.Client(url, headers=headers, **credentials) as sync_client:
            try:
                result = getattr(sync_client, method)(*args, **kwargs)
            except package.SwitchboardError as error:
                result = error
        outcome, detail, status = _judge(package, result)
        results.append({**scenario, "client": "sync", "outcome": outcome, "detail": detail, "answered": status})

        # The async client gets the same headers per call (and a per-call timeout), so both
        # ways of passing headers are held to the contract.
        async def run_async() -> object:
            async with package.AsyncClient(url, **credentials) as async_client:
                try:
                    return await getattr(async_client, method)(*args, **kwargs, headers=headers, timeout=30.0)
                except package.SwitchboardError as error:
                    return error

        outcome, detail, status = _judge(package, asyncio.run(run_async()))
        results.append({**scenario, "client": "async", "outcome": outcome, "detail": detail, "answered": status})
    for result in results:
        print(json.dumps(result))
