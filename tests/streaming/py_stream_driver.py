"""Reads streamed bodies and sends streamed uploads with the generated `streaming` package, sync
`Client` or `AsyncClient`, and prints one JSON result per task. Used by tests/streaming_python.rs.

Usage: python py_stream_driver.py < tasks.json, tasks being [{"client": "sync" | "async",
"base_url", "options" (constructor keywords), "call" (a method name), "kwargs", "stream" (true: call it in a `with` block and
iterate), "signal" (null or a "host:port" to connect to once the first item arrived),
"upload" (null or {"kind": "file" | "iterator" | "async-iterator", "size", "chunk"}: the body
argument), "form" (true: the greeting form of uploadGreeting)}]. A result has "items" (bytes as a count, events
as {event, id, retry, data}, lines as data, errors as {"error", "raw"}), "bytes", "hwm_before"
and "hwm_after" (VmHWM in KiB), or "raised" (the exception's class names) and "status".
"""

from __future__ import annotations

import asyncio
import json
import socket
import sys
import tempfile
import typing

import streaming
from streaming import _runtime


def hwm() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return -1


def item(value: object) -> object:
    if isinstance(value, _runtime.ItemError):
        return {"error": str(value), "raw": value.raw}
    if isinstance(value, _runtime.Event):
        data = value.data if isinstance(value.data, (dict, list, str, int, float)) else repr(value.data)
        return {"event": value.event, "id": value.id, "retry": value.retry, "data": data}
    return value


def upload(spec: dict[str, typing.Any] | None, is_async: bool) -> typing.Any:
    if spec is None:
        return None
    size, chunk = spec["size"], spec.get("chunk", 65536)
    if spec["kind"] == "file":
        file = tempfile.TemporaryFile()
        block = b"x" * chunk
        for _ in range(size // chunk):
            file.write(block)
        file.write(b"x" * (size % chunk))
        file.seek(0)
        return file
    pieces = [b"y" * chunk for _ in range(size // chunk)]
    if is_async and spec["kind"] == "async-iterator":

        async def agen() -> typing.AsyncIterator[bytes]:
            for piece in pieces:
                yield piece

        return agen()
    return iter(pieces)


def failure(error: BaseException) -> dict[str, object]:
    return {"raised": [c.__name__ for c in type(error).__mro__], "message": str(error), "status": getattr(error, "status", None)}


class Reader:
    def __init__(self, task: dict[str, typing.Any]) -> None:
        self.task = task
        self.items: list[object] = []
        self.bytes = 0
        self.signalled = False

    def take(self, value: object) -> None:
        if isinstance(value, bytes):
            self.bytes += len(value)
        else:
            self.items.append(item(value))
        if self.task.get("signal") and not self.signalled:
            self.signalled = True
            host, port = self.task["signal"].rsplit(":", 1)
            socket.create_connection((host, int(port))).close()

    def result(self, before: int) -> dict[str, object]:
        return {"items": self.items, "bytes": self.bytes, "hwm_before": before, "hwm_after": hwm()}


def arguments(task: dict[str, typing.Any], is_async: bool) -> tuple[list[object], dict[str, object]]:
    args: list[object] = list(task.get("args", []))
    body = upload(task.get("upload"), is_async)
    if body is not None:
        args.append(body)
    if task.get("form"):
        audio = upload({"kind": "file", "size": 1000, "chunk": 100}, is_async)
        args.append(
            {
                "name": "hello",
                "audio": _runtime.FilePart(audio, "hello.wav"),
                "caption": "Hi there",
                "meta": {"language": "en"},
                "tags": ["a", "b"],
                "attachments": [_runtime.FilePart(b"PNG", "a.png", "image/png"), b"GIF"],
                "seconds": 3,
            }
        )
    return args, dict(task.get("kwargs", {}))


def run_sync(task: dict[str, typing.Any]) -> dict[str, object]:
    client = streaming.Client(base_url=task["base_url"], retry=_runtime.RetryPolicy(initial_delay=0.001), **task.get("options", {}))
    reader = Reader(task)
    before = hwm()
    args, kwargs = arguments(task, False)
    try:
        if task.get("stream"):
            with getattr(client, task["call"])(*args, **kwargs) as stream:
                for value in stream:
                    reader.take(value)
        else:
            response = getattr(client, task["call"])(*args, **kwargs)
            return {"status": response.status}
    except Exception as error:
        return {**failure(error), **reader.result(before)}
    finally:
        client.close()
    return reader.result(before)


async def run_async(task: dict[str, typing.Any]) -> dict[str, object]:
    client = streaming.AsyncClient(base_url=task["base_url"], retry=_runtime.RetryPolicy(initial_delay=0.001), **task.get("options", {}))
    reader = Reader(task)
    before = hwm()
    args, kwargs = arguments(task, True)
    try:
        if task.get("stream"):
            async with getattr(client, task["call"])(*args, **kwargs) as stream:
                async for value in stream:
                    reader.take(value)
        else:
            response = await getattr(client, task["call"])(*args, **kwargs)
            return {"status": response.status}
    except Exception as error:
        return {**failure(error), **reader.result(before)}
    finally:
        await client.aclose()
    return reader.result(before)


def main() -> None:
    tasks = json.load(sys.stdin)
    results = [run_sync(t) if t["client"] == "sync" else asyncio.run(run_async(t)) for t in tasks]
    json.dump(results, sys.stdout)


main()
