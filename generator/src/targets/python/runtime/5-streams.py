

# Streams, by the Rust runtime's rules (runtime/src/stream.rs, events.rs, json_lines.rs; see
# docs/wire-format.md "Streams"): a streamed body is read as it arrives, without the body limit
# (which bounds one event or line instead); the attempt's deadline becomes an idle limit between
# chunks; retries happen only before the response head; a documented error status is read whole
# and raised as today. Items that do not decode are `ItemError`s in the stream, not its end.

DEFAULT_RECONNECT_DELAY: float = 3.0
"""Seconds to wait before reconnecting an event stream whose server never sent `retry:`."""

_RECORD_SEPARATOR = 0x1E

# One line end: CRLF, LF or CR (a CR at a chunk's end may be the first half of a CRLF).
_LINE_END = re.compile(rb"\r\n|\n|\r")


@dataclasses.dataclass(frozen=True)
class Event(typing.Generic[T]):
    """One server-sent event: its decoded `data` and the fields it came with."""

    data: T
    event: str | None = None
    """The `event:` field; None for the default (`message`)."""
    id: str | None = None
    """The stream's last event ID when this event was dispatched."""
    retry: float | None = None
    """The `retry:` field of this event, in seconds."""


class ItemError(SwitchboardError):
    """An event's data or a JSON line that did not decode: an item of the stream, which goes on."""

    def __init__(self, message: str, raw: str) -> None:
        super().__init__(message)
        self.raw = raw
        """The data or line as it came."""


class _Bytes:
    """The chunks as they are."""

    finished = False
    error: SwitchboardError | None = None

    def feed(self, chunk: bytes) -> list[bytes]:
        return [chunk] if chunk else []

    def end(self) -> list[bytes]:
        return []


class _Events(typing.Generic[T]):
    """The WHATWG event-stream parser: lines end with CRLF, LF or CR, a leading BOM is dropped,
    comments are skipped, a blank line dispatches an event with data; the last event ID and
    `retry:` persist across events and reconnections."""

    def __init__(self, decode: typing.Callable[[str], T], done: str | None, limit: int, response: httpx.Response) -> None:
        self.decode = decode
        self.done = done
        self.limit = limit
        self.response = response
        self.finished = False
        # Set when an event outgrows the limit: the stream ends with it after the events before.
        self.error: SwitchboardError | None = None
        self.last_id: str | None = None
        self.retry: float | None = None
        self._reset()

    def _reset(self) -> None:
        self.line = bytearray()
        self.after_cr = False
        self.started = False
        self.data: list[str] = []
        self.size = 0
        self.event: str | None = None
        self.retry_here: float | None = None

    def feed(self, chunk: bytes) -> list[Event[T] | ItemError]:
        out: list[Event[T] | ItemError] = []
        if not self.started and chunk:
            self.started = True
            chunk = chunk.removeprefix(b"\xef\xbb\xbf")
        at = 0
        while at < len(chunk) and not self.finished:
            if self.after_cr and chunk[at] == 0x0A:
                # The LF of a CRLF whose CR ended the line already.
                at += 1
            self.after_cr = False
            end = _LINE_END.search(chunk, at)
            self.line += chunk[at : len(chunk) if end is None else end.start()]
            if len(self.line) + self.size > self.limit:
                self.error = BodyTooLarge(self.response, self.limit)
                self.finished = True
                break
            if end is None:
                break
            self.after_cr = end.group() == b"\r"
            at = end.end()
            line, self.line = bytes(self.line), bytearray()
            item = self._line(line.decode("utf-8", errors="replace"))
            if item is not None and not self.finished:
                out.append(item)
        return out

    def end(self) -> list[Event[T] | ItemError]:
        # A half-sent event is dropped; what the stream said before it is kept.
        self._reset()
        return []

    def _line(self, line: str) -> Event[T] | ItemError | None:
        if not line:
            return self._dispatch()
        if line.startswith(":"):
            return None
        field, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if field == "data":
            self.data.append(value)
            self.size += len(value) + 1
        elif field == "event":
            self.event = value
        elif field == "id" and "\0" not in value:
            self.last_id = value or None
        elif field == "retry" and value.isascii() and value.isdigit():
            self.retry = self.retry_here = int(value) / 1000
        return None

    def _dispatch(self) -> Event[T] | ItemError | None:
        event, self.event = self.event, None
        retry, self.retry_here = self.retry_here, None
        if not self.data:
            return None
        data, self.data, self.size = "\n".join(self.data), [], 0
        if self.done is not None and data == self.done:
            self.finished = True
            return None
        try:
            value = self.decode(data)
        except ValueError as error:
            return ItemError(f"an event's data does not decode: {error}", data)
        return Event(value, event or None, self.last_id, retry)


class _Lines(typing.Generic[T]):
    """JSON lines (records end with LF) or JSON text sequences (records start with RS): each
    record trimmed of whitespace, blank ones skipped, the last one needing no terminator."""

    finished = False
    error: SwitchboardError | None = None

    def __init__(self, decode: typing.Callable[[str], T], separator: int, limit: int, response: httpx.Response) -> None:
        self.decode = decode
        self.separator = separator
        self.limit = limit
        self.response = response
        self.record = bytearray()

    def feed(self, chunk: bytes) -> list[T | ItemError]:
        out: list[T | ItemError] = []
        while chunk:
            at = chunk.find(self.separator)
            part, chunk = (chunk, b"") if at < 0 else (chunk[:at], chunk[at + 1 :])
            self.record += part
            if len(self.record) > self.limit:
                self.error = BodyTooLarge(self.response, self.limit)
                self.finished = True
                break
            if at >= 0:
                out.extend(self._record())
        return out

    def end(self) -> list[T | ItemError]:
        return self._record()

    def _record(self) -> list[T | ItemError]:
        raw, self.record = bytes(self.record), bytearray()
        text = raw.strip(b" \t\r\n\x1e").decode("utf-8", errors="replace")
        if not text:
            return []
        try:
            return [self.decode(text)]
        except ValueError as error:
            return [ItemError(f"a line is not the documented JSON: {error}", text)]


I = typing.TypeVar("I")


def text_data(data: str) -> str:
    """An event's data as the text it is."""
    return data


def json_data(data: str) -> JsonValue:
    """An event's data or a line as JSON (a `ValueError` when it is not)."""
    return json.loads(data)


def lines_separator(media_type: str) -> int:
    """The byte that ends (or, for `application/json-seq`, starts) one record."""
    return _RECORD_SEPARATOR if _essence(media_type) == "application/json-seq" else 0x0A


Decoder = typing.Callable[[httpx.Response, int], typing.Any]
"""Makes a stream's item decoder for the response it reads and the body limit."""


def byte_decoder() -> Decoder:
    return lambda response, limit: _Bytes()


def event_decoder(decode: typing.Callable[[str], typing.Any], done: str | None) -> Decoder:
    return lambda response, limit: _Events(decode, done, limit, response)


def lines_decoder(decode: typing.Callable[[str], typing.Any], media_type: str) -> Decoder:
    return lambda response, limit: _Lines(decode, lines_separator(media_type), limit, response)


def _stream_request(http: httpx.Client | httpx.AsyncClient, core: Core, outgoing: Outgoing) -> httpx.Request:
    request = build(http, outgoing)
    if core.deadline is not None:
        # The attempt's deadline bounds each read instead: the limit between two chunks.
        phases = dict(request.extensions.get("timeout") or http.timeout.as_dict())
        phases["read"] = core.deadline if phases.get("read") is None else min(phases["read"], core.deadline)
        request.extensions["timeout"] = phases
    return request


def _documented(response: httpx.Response, expected: tuple[str, ...]) -> bool:
    header = response.headers.get("content-type")
    return header is None or any(_matches(_essence(header), documented) for documented in expected)


def _undocumented(response: httpx.Response, expected: tuple[str, ...]) -> None:
    """Raises the `DecodeError` of a streamed answer of another media type, closed unread."""
    response._content = b""
    matched(response, expected)


def _refused(response: httpx.Response) -> UnexpectedStatus:
    return UnexpectedStatus(f"the streamed call answered {response.status_code} without a stream", response)


class Stream(typing.Generic[I]):
    """A body read as it arrives with a sync client: a context manager (the response is closed
    when it exits, or when iteration ends) and an iterator of items. Entering sends the request;
    a documented error status raises its typed error there."""

    def __init__(
        self,
        http: httpx.Client,
        core: Core,
        call: Call,
        expected: tuple[str, ...],
        result: typing.Callable[[httpx.Response], object],
        decoder: Decoder,
        reconnects: int = 0,
    ) -> None:
        self._http, self._core, self._call = http, core, call
        self._expected, self._result, self._decoder = expected, result, decoder
        self._reconnects = reconnects
        self._response: httpx.Response | None = None
        self._items: typing.Any = None

    @property
    def response(self) -> httpx.Response:
        """The answer whose body is being read (status and headers)."""
        if self._response is None:
            raise RuntimeError("the stream is not open: use it in a `with` block")
        return self._response

    def _open(self, reconnecting: bool, last_id: str | None = None) -> httpx.Response | None:
        outgoing = self._core.request(self._call)
        if last_id is not None:
            outgoing.headers["Last-Event-ID"] = last_id
        response = open_stream(self._http, self._core, outgoing)
        if response.status_code == 204 and reconnecting:
            # The server asks the client to stop reconnecting.
            response.close()
            return None
        if not 200 <= response.status_code < 300 or response.status_code == 204:
            try:
                body = _Body(response, self._core.max_body_bytes)
                for chunk in response.iter_raw():
                    body.feed(chunk)
                body.finish(self._core)
            except httpx.RequestError as error:
                raise _transport_error(error, response.request, self._core) from None
            finally:
                response.close()
            self._result(response)
            raise _refused(response)
        if not _documented(response, self._expected):
            response.close()
            _undocumented(response, self._expected)
        return response

    def __enter__(self) -> Stream[I]:
        self._response = self._open(False)
        self._items = self._run()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._items is not None:
            self._items.close()
        if self._response is not None:
            self._response.close()

    def __iter__(self) -> typing.Iterator[I]:
        if self._items is None:
            raise RuntimeError("the stream is not open: use it in a `with` block")
        return typing.cast(typing.Iterator[I], self._items)

    def _run(self) -> typing.Iterator[typing.Any]:
        response: httpx.Response | None = self._response
        decoder = None
        reconnects = self._reconnects
        try:
            while response is not None:
                decoder = decoder or self._decoder(response, self._core.max_body_bytes)
                decoder.response = response
                try:
                    for chunk in response.iter_bytes():
                        yield from decoder.feed(chunk)
                        if decoder.error is not None:
                            raise decoder.error
                        if decoder.finished:
                            return
                    yield from decoder.end()
                    broken: TransportError | None = None
                except httpx.RequestError as error:
                    broken = _transport_error(error, response.request, self._core)
                    decoder.end()
                finally:
                    response.close()
                if reconnects <= 0 or decoder.finished:
                    if broken is not None:
                        raise broken
                    return
                reconnects -= 1
                time.sleep(DEFAULT_RECONNECT_DELAY if decoder.retry is None else decoder.retry)
                response = self._response = self._open(True, decoder.last_id)
        finally:
            if self._response is not None:
                self._response.close()


class AsyncStream(typing.Generic[I]):
    """As `Stream`, with an async client: `async with` and `async for`."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        core: Core,
        call: Call,
        expected: tuple[str, ...],
        result: typing.Callable[[httpx.Response], object],
        decoder: Decoder,
        reconnects: int = 0,
    ) -> None:
        self._http, self._core, self._call = http, core, call
        self._expected, self._result, self._decoder = expected, result, decoder
        self._reconnects = reconnects
        self._response: httpx.Response | None = None
        self._items: typing.Any = None

    @property
    def response(self) -> httpx.Response:
        """The answer whose body is being read (status and headers)."""
        if self._response is None:
            raise RuntimeError("the stream is not open: use it in an `async with` block")
        return self._response

    async def _open(self, reconnecting: bool, last_id: str | None = None) -> httpx.Response | None:
        outgoing = self._core.request(self._call)
        if last_id is not None:
            outgoing.headers["Last-Event-ID"] = last_id
        response = await open_stream_async(self._http, self._core, outgoing)
        if response.status_code == 204 and reconnecting:
            # The server asks the client to stop reconnecting.
            await response.aclose()
            return None
        if not 200 <= response.status_code < 300 or response.status_code == 204:
            try:
                body = _Body(response, self._core.max_body_bytes)
                async for chunk in response.aiter_raw():
                    body.feed(chunk)
                body.finish(self._core)
            except httpx.RequestError as error:
                raise _transport_error(error, response.request, self._core) from None
            finally:
                await response.aclose()
            self._result(response)
            raise _refused(response)
        if not _documented(response, self._expected):
            await response.aclose()
            _undocumented(response, self._expected)
        return response

    async def __aenter__(self) -> AsyncStream[I]:
        self._response = await self._open(False)
        self._items = self._run()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        if self._items is not None:
            await self._items.aclose()
        if self._response is not None:
            await self._response.aclose()

    def __aiter__(self) -> typing.AsyncIterator[I]:
        if self._items is None:
            raise RuntimeError("the stream is not open: use it in an `async with` block")
        return typing.cast(typing.AsyncIterator[I], self._items)

    async def _run(self) -> typing.AsyncIterator[typing.Any]:
        response: httpx.Response | None = self._response
        decoder = None
        reconnects = self._reconnects
        try:
            while response is not None:
                decoder = decoder or self._decoder(response, self._core.max_body_bytes)
                decoder.response = response
                try:
                    async for chunk in response.aiter_bytes():
                        for item in decoder.feed(chunk):
                            yield item
                        if decoder.error is not None:
                            raise decoder.error
                        if decoder.finished:
                            return
                    for item in decoder.end():
                        yield item
                    broken: TransportError | None = None
                except httpx.RequestError as error:
                    broken = _transport_error(error, response.request, self._core)
                    decoder.end()
                finally:
                    await response.aclose()
                if reconnects <= 0 or decoder.finished:
                    if broken is not None:
                        raise broken
                    return
                reconnects -= 1
                await anyio.sleep(DEFAULT_RECONNECT_DELAY if decoder.retry is None else decoder.retry)
                response = self._response = await self._open(True, decoder.last_id)
        finally:
            if self._response is not None:
                await self._response.aclose()


def _head(http: httpx.Client, core: Core, outgoing: Outgoing) -> httpx.Response:
    """One attempt's head, same-origin redirects followed; the body is left unread."""
    request = _stream_request(http, core, outgoing)
    hops = 0
    try:
        while True:
            response = http.send(request, stream=True, follow_redirects=False)
            following = _redirect(request, response, core, hops)
            if following is None:
                return response
            response.close()
            request, hops = following, hops + 1
    except (httpx.RequestError, ssl.SSLError, socket.gaierror, ConnectionRefusedError) as error:
        raise _transport_error(error, request, core) from None


async def _head_async(http: httpx.AsyncClient, core: Core, outgoing: Outgoing) -> httpx.Response:
    request = _stream_request(http, core, outgoing)
    hops = 0
    try:
        while True:
            response = await http.send(request, stream=True, follow_redirects=False)
            following = _redirect(request, response, core, hops)
            if following is None:
                return response
            await response.aclose()
            request, hops = following, hops + 1
    except (httpx.RequestError, ssl.SSLError, socket.gaierror, ConnectionRefusedError) as error:
        raise _transport_error(error, request, core) from None


def open_stream(http: httpx.Client, core: Core, outgoing: Outgoing) -> httpx.Response:
    """The head of a streamed answer, retried as `core.retry` says until a head is final: once
    the body starts, nothing is sent again."""
    policy = core.retry
    retries = policy.allows(outgoing.method) and replayable(outgoing.content)
    attempt = 1
    while True:
        try:
            outcome: httpx.Response | TransportError = _head(http, core, outgoing)
        except ConnectionFailed as error:
            outcome = error
        wait = _retry(policy, attempt, outcome) if retries else None
        if wait is None:
            if isinstance(outcome, TransportError):
                raise outcome
            return outcome
        if isinstance(outcome, httpx.Response):
            outcome.close()
        time.sleep(wait)
        attempt += 1


async def open_stream_async(http: httpx.AsyncClient, core: Core, outgoing: Outgoing) -> httpx.Response:
    """As `open_stream`, with an async client."""
    policy = core.retry
    retries = policy.allows(outgoing.method) and replayable(outgoing.content)
    attempt = 1
    while True:
        try:
            outcome: httpx.Response | TransportError = await _head_async(http, core, outgoing)
        except ConnectionFailed as error:
            outcome = error
        wait = _retry(policy, attempt, outcome) if retries else None
        if wait is None:
            if isinstance(outcome, TransportError):
                raise outcome
            return outcome
        if isinstance(outcome, httpx.Response):
            await outcome.aclose()
        await anyio.sleep(wait)
        attempt += 1
