"""Walks paginated operations through a generated Python package, with its sync `Client` and
its `AsyncClient`, and prints one JSON result per task: the items or pages it yielded and the
error that ended the walk. Used by tests/paging_targets.rs, which serves the pages and checks
the requests.

Usage: python walk.py < tasks.json, tasks being [{"package", "client": "sync" | "async",
"method", "kind": "items" | "pages", "base_url", "path_args", "options", "headers"}].
"""

from __future__ import annotations

import asyncio
import importlib
import json
import sys
import typing


def page(value: typing.Any) -> dict[str, object]:
    return {"status": value.status, "page": value.headers.get("x-page"), "body": value.body}


def error(e: BaseException, package: typing.Any) -> dict[str, object]:
    return {
        "name": type(e).__name__,
        "message": str(e),
        "pagination": isinstance(e, package.PaginationError),
        "client": isinstance(e, package.SwitchboardError),
    }


def run_sync(task: dict[str, typing.Any], package: typing.Any) -> dict[str, object]:
    yielded: list[object] = []
    failure = None
    with package.Client(task["base_url"], **task.get("auth", {})) as client:
        method = getattr(client, f"{task['method']}_{task['kind']}")
        try:
            for value in method(*task["path_args"], **task["options"]):
                yielded.append(value if task["kind"] == "items" else page(value))
        except Exception as e:  # noqa: BLE001 - the test reports whatever ended the walk
            failure = error(e, package)
    return {"yielded": yielded, "error": failure}


async def run_async(task: dict[str, typing.Any], package: typing.Any) -> dict[str, object]:
    yielded: list[object] = []
    failure = None
    async with package.AsyncClient(task["base_url"], **task.get("auth", {})) as client:
        method = getattr(client, f"{task['method']}_{task['kind']}")
        try:
            async for value in method(*task["path_args"], **task["options"]):
                yielded.append(value if task["kind"] == "items" else page(value))
        except Exception as e:  # noqa: BLE001
            failure = error(e, package)
    return {"yielded": yielded, "error": failure}


def main() -> None:
    tasks = json.load(sys.stdin)
    results = []
    for task in tasks:
        package = importlib.import_module(task["package"])
        if task["client"] == "sync":
            results.append(run_sync(task, package))
        else:
            results.append(asyncio.run(run_async(task, package)))
    json.dump(results, sys.stdout)


main()
