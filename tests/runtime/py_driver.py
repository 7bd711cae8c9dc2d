"""Calls operations of a generated Python package, with its sync `Client` or its `AsyncClient`,
and prints one JSON result per task: each call's answer or error, the client's `repr` and the
time taken. Used by tests/runtime_python.rs, which serves the answers and counts the requests.

Usage: python py_driver.py < tasks.json, tasks being [{"package", "client": "sync" | "async",
"base_url", "options" (constructor keywords; "retry" a dict of `RetryPolicy` fields, "never" for
`RetryPolicy.never()`), "http_client" (null or {"headers", "timeout"}: an httpx client of the
caller's), "call" (a method name, "login", or "repr": no call), "args", "kwargs" ("retry" as in options),
"concurrent" (how many calls at once: threads for sync, `asyncio.gather` for async), "repeat"
(calls one after the other in each), "count" (true: an httpx client of the caller's counts the
requests it sends, attempts included, as "requests")}].
"""

from __future__ import annotations

import asyncio
import importlib
import json
import sys
import threading
import time
import typing


def retry(package: typing.Any, value: object) -> object:
    if value == "never":
        return package.RetryPolicy.never()
    if isinstance(value, dict):
        return package.RetryPolicy(**value)
    return value


def keywords(package: typing.Any, given: dict[str, typing.Any]) -> dict[str, typing.Any]:
    out = dict(given)
    if "retry" in out:
        out["retry"] = retry(package, out["retry"])
    return out


def success(value: typing.Any) -> dict[str, object]:
    body = value.body if isinstance(value.body, (dict, list, str, int, float, type(None))) else repr(value.body)
    return {"ok": True, "status": value.status, "body": body}


def failure(e: BaseException) -> dict[str, object]:
    return {
        "ok": False,
        "error": type(e).__name__,
        "classes": [c.__name__ for c in type(e).__mro__],
        "message": str(e),
        "repr": repr(e),
        "status": getattr(e, "status", None),
    }


def http_client(task: dict[str, typing.Any], cls: typing.Any, sent: list[object], is_async: bool) -> typing.Any:
    spec = task.get("http_client")
    if spec is None and not task.get("count"):
        return None
    spec = spec or {}

    def hook(request: object) -> None:
        sent.append(request)

    async def ahook(request: object) -> None:
        sent.append(request)

    hooks = {"request": [ahook if is_async else hook]} if task.get("count") else {}
    return cls(headers=spec.get("headers"), timeout=spec.get("timeout", 5.0), event_hooks=hooks)


def run_sync(task: dict[str, typing.Any], package: typing.Any) -> dict[str, object]:
    import httpx

    options = keywords(package, task.get("options", {}))
    sent: list[object] = []
    with package.Client(task["base_url"], http_client=http_client(task, httpx.Client, sent, False), **options) as client:
        n = task.get("concurrent", 1)
        barrier = threading.Barrier(n)
        outcomes: list[dict[str, object]] = [{} for _ in range(n)]

        def one(i: int) -> None:
            barrier.wait()
            try:
                if task["call"] == "login":
                    client.login()
                    outcomes[i] = {"ok": True}
                elif task["call"] == "repr":
                    outcomes[i] = {"ok": True}
                else:
                    method = getattr(client, task["call"])
                    for _ in range(task.get("repeat", 1)):
                        outcomes[i] = success(method(*task.get("args", []), **keywords(package, task.get("kwargs", {}))))
            except Exception as e:  # noqa: BLE001 - the test judges whatever was raised
                outcomes[i] = failure(e)

        started = time.monotonic()
        threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - started
        return {"outcomes": outcomes, "repr": repr(client), "elapsed": elapsed, "requests": len(sent)}


async def run_async(task: dict[str, typing.Any], package: typing.Any) -> dict[str, object]:
    import httpx

    options = keywords(package, task.get("options", {}))
    sent: list[object] = []
    own = http_client(task, httpx.AsyncClient, sent, True)
    async with package.AsyncClient(task["base_url"], http_client=own, **options) as client:

        async def one() -> dict[str, object]:
            try:
                if task["call"] == "login":
                    await client.login()
                    return {"ok": True}
                if task["call"] == "repr":
                    return {"ok": True}
                method = getattr(client, task["call"])
                outcome: dict[str, object] = {}
                for _ in range(task.get("repeat", 1)):
                    outcome = success(await method(*task.get("args", []), **keywords(package, task.get("kwargs", {}))))
                return outcome
            except Exception as e:  # noqa: BLE001
                return failure(e)

        started = time.monotonic()
        outcomes = await asyncio.gather(*(one() for _ in range(task.get("concurrent", 1))))
        elapsed = time.monotonic() - started
        return {"outcomes": list(outcomes), "repr": repr(client), "elapsed": elapsed, "requests": len(sent)}


def main() -> None:
    results = []
    for task in json.load(sys.stdin):
        package = importlib.import_module(task["package"])
        if task["client"] == "sync":
            results.append(run_sync(task, package))
        else:
            results.append(asyncio.run(run_async(task, package)))
    json.dump(results, sys.stdout)


main()
