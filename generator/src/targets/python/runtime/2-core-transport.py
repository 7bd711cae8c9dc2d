class Core:
    """What the sync and async clients share: base URL, credentials, extra headers, the retry
    policy, the login and the limits every call is sent with."""

    def __init__(
        self,
        base_url: str,
        credentials: typing.Mapping[str, Credential],
        headers: typing.Mapping[str, str] | None,
        operation_base_urls: typing.Mapping[str, str] | None,
        *,
        timeout: float | httpx.Timeout | None = DEFAULT_TIMEOUT,
        read_timeout: float | None = DEFAULT_READ_TIMEOUT,
        max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
        max_redirects: int = DEFAULT_MAX_REDIRECTS,
        retry: RetryPolicy | None = None,
        own_client: bool = False,
    ) -> None:
        self.base_url = base_url
        self.credentials = dict(credentials)
        self.headers = dict(headers or {})
        self.operation_base_urls = dict(operation_base_urls or {})
        # A number is the deadline of an attempt; an `httpx.Timeout` gives httpx's own limits
        # of each phase as they are, and no deadline.
        self.deadline: float | None = None if isinstance(timeout, httpx.Timeout) else timeout
        # The limits of each phase sent with every request; none with the caller's own httpx
        # client (`own_client`), whose own `timeout` then applies as they set it.
        self.phases: dict[str, float | None] | None
        if isinstance(timeout, httpx.Timeout):
            self.phases = dict(timeout.as_dict())
        elif own_client:
            self.phases = None
        else:
            read = read_timeout if timeout is None else min(read_timeout or timeout, timeout)
            self.phases = {"connect": timeout, "read": read, "write": read, "pool": timeout}
        self.max_body_bytes = max_body_bytes
        self.max_redirects = max_redirects
        self.retry: RetryPolicy = RetryPolicy() if retry is None else retry
        self.login: Login | AsyncLogin | None = None
        self._read_timeout = read_timeout
        self._own_client = own_client

    def for_call(
        self, headers: typing.Mapping[str, str] | None, timeout: float | None, retry: RetryPolicy | None = None
    ) -> Core:
        """This core with one call's extra headers (after the client's, so they win), its own
        attempt deadline and retry policy; credentials, the login and limits are shared."""
        if headers is None and timeout is None and retry is None:
            return self
        call = Core(
            self.base_url,
            {},
            {**self.headers, **dict(headers or {})},
            self.operation_base_urls,
            timeout=self.deadline if timeout is None else timeout,
            read_timeout=self._read_timeout,
            max_body_bytes=self.max_body_bytes,
            max_redirects=self.max_redirects,
            retry=self.retry if retry is None else retry,
            own_client=self._own_client,
        )
        call.credentials = self.credentials
        call.login = self.login
        if timeout is None:
            call.phases = self.phases
        return call

    def __repr__(self) -> str:
        login = None if self.login is None else self.login.operation
        return (
            f"Core(schemes={sorted(self.credentials)!r}, credentials='***', login={login!r}, "
            f"deadline={self.deadline!r}, retry={self.retry!r}, max_body_bytes={self.max_body_bytes!r})"
        )

    def secrets(self) -> list[str]:
        """The client's own credential values, kept out of messages and error bodies."""
        out: list[str] = []
        for credential in self.credentials.values():
            if isinstance(credential, ApiKey):
                out.append(credential.value)
            elif isinstance(credential, Basic):
                pair = f"{credential.username}:{credential.password}".encode("utf-8")
                out.extend((credential.password, base64.b64encode(pair).decode("ascii")))
            else:
                out.append(credential.token)
        if self.login is not None:
            out.extend(self.login.secrets)
        return [s for s in out if len(s) >= 4]

    def request(self, call: Call) -> Outgoing:
        base = self.operation_base_urls.get(call.operation) or call.server or self.base_url
        headers = httpx.Headers(call.headers)
        if call.accept:
            headers["Accept"] = call.accept
        if call.content_type:
            headers["Content-Type"] = call.content_type
        params = list(call.params)
        cookies = list(call.cookies)
        self._authorize(call.security, headers, params, cookies)
        if cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies)
        # Only the encodings this module decompresses itself, within the body limit.
        headers["Accept-Encoding"] = "gzip, deflate"
        headers["User-Agent"] = USER_AGENT
        # Extra headers come last, so a caller can override anything the schema implies.
        for name, value in self.headers.items():
            headers[name] = header_text(name, value)
        return Outgoing(
            call.method,
            base.rstrip("/") + call.path,
            "&".join(f"{name}={value}" for name, value in params),
            headers,
            call.content,
            {} if self.phases is None else {"timeout": dict(self.phases)},
            "user-agent" not in {name.lower() for name in self.headers},
        )

    def _authorize(
        self,
        security: Security,
        headers: httpx.Headers,
        params: list[tuple[str, str]],
        cookies: list[tuple[str, str]],
    ) -> None:
        """Applies the first alternative whose credentials are all set; with none set the
        request goes out as it is and the server decides."""
        for alternative in security:
            if all(name in self.credentials for name in alternative):
                for name in alternative:
                    _apply(self.credentials[name], headers, params, cookies)
                return


def _apply(
    credential: Credential,
    headers: httpx.Headers,
    params: list[tuple[str, str]],
    cookies: list[tuple[str, str]],
) -> None:
    if isinstance(credential, ApiKey):
        if credential.location == "header":
            headers[credential.name] = credential.value
        elif credential.location == "query":
            params.append((encode(credential.name), encode(credential.value)))
        else:
            cookies.append((credential.name, encode(credential.value)))
    elif isinstance(credential, Basic):
        pair = f"{credential.username}:{credential.password}".encode("utf-8")
        headers["Authorization"] = "Basic " + base64.b64encode(pair).decode("ascii")
    else:
        headers["Authorization"] = "Bearer " + credential.token


@dataclasses.dataclass(frozen=True)
class Outgoing:
    """A request as this module prepared it, before the caller's httpx client adds its own
    headers, cookies, params and auth (`build`)."""

    method: str
    url: str
    # Already percent-encoded (docs/wire-format.md): httpx would write a space as `+`.
    query: str
    headers: httpx.Headers
    # Bytes, or a file or iterable streamed as the request is sent.
    content: typing.Any
    extensions: dict[str, typing.Any]
    default_agent: bool


def build(http: httpx.Client | httpx.AsyncClient, out: Outgoing) -> httpx.Request:
    """The request built by the caller's httpx client, so its default headers, cookies, params
    and auth apply; the operation's headers win over the client's, and the client's own
    `User-Agent` over the generated one (but httpx's default `python-httpx/...` does not)."""
    headers = httpx.Headers(out.headers)
    own = http.headers.get("user-agent", "")
    if out.default_agent and own and not own.startswith("python-httpx/"):
        del headers["User-Agent"]
    # httpx adds the client's cookies only to a request without a `Cookie` header: both are sent.
    cookie = headers.pop("Cookie", None)
    content = out.content
    if isinstance(http, httpx.AsyncClient) and not replayable(content) and not isinstance(content, typing.AsyncIterable):
        length = _remaining(content)
        if length is not None and "content-length" not in headers:
            headers["Content-Length"] = str(length)
        content = _async_chunks(content)
    request = http.build_request(out.method, out.url, headers=headers, content=content, extensions=out.extensions)
    if cookie is not None:
        theirs = request.headers.get("Cookie")
        request.headers["Cookie"] = f"{theirs}; {cookie}" if theirs else cookie
    if out.query:
        query = request.url.query
        raw = out.query.encode("ascii")
        request.url = request.url.copy_with(query=query + b"&" + raw if query else raw)
    return request


def _remaining(content: object) -> int | None:
    """The bytes left in a file from where it stands; None for anything else."""
    try:
        fileno = getattr(content, "fileno")()
        return max(0, os.fstat(fileno).st_size - int(getattr(content, "tell")()))
    except (AttributeError, OSError, TypeError, ValueError):
        return None


async def _async_chunks(content: typing.Any) -> typing.AsyncIterator[bytes]:
    """A sync file or iterable as the async iterable an `AsyncClient` streams; file reads block
    the event loop for one 64 KiB chunk at a time."""
    if callable(getattr(content, "read", None)):
        while chunk := content.read(65536):
            yield bytes(chunk)
    else:
        for chunk in content:
            yield bytes(chunk)


_REDIRECTS = (301, 302, 303, 307, 308)


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    default = {"http": 80, "https": 443}.get(url.scheme)
    return (url.scheme, url.host, url.port or default)


def _redirect(request: httpx.Request, response: httpx.Response, core: Core, hops: int) -> httpx.Request | None:
    """The next request when `response` is a redirect to follow: within the request's origin
    (scheme, host and port; so never `https` to `http`), at most `max_redirects` of them.
    Anything else comes back as the answer it is."""
    location = response.headers.get("location")
    if response.status_code not in _REDIRECTS or location is None or core.max_redirects <= 0:
        return None
    try:
        target = request.url.join(location)
    except (httpx.InvalidURL, ValueError):
        return None
    if target.scheme not in ("http", "https") or _origin(target) != _origin(request.url):
        return None
    if hops >= core.max_redirects:
        raise TransportError(f"{request.method} request failed: more than {core.max_redirects} redirects", "TooManyRedirects")
    method = request.method
    headers = httpx.Headers(request.headers)
    if response.status_code == 303 and method != "HEAD" or response.status_code in (301, 302) and method == "POST":
        # As browsers do: the next request is a GET without the body.
        method, content = "GET", b""
        for name in ("Content-Type", "Content-Length", "Transfer-Encoding"):
            headers.pop(name, None)
    else:
        try:
            content = request.content
        except httpx.RequestNotRead:
            # A streamed body is gone once sent: the redirect is the answer.
            return None
    headers.pop("Host", None)
    return httpx.Request(method, target, headers=headers, content=content, extensions=request.extensions)


class _Body:
    """A body read chunk by chunk off the wire and decompressed here (gzip, deflate) with a bound
    on every step's output, so that no more than `limit` bytes are ever held: httpx's own
    decoders expand a whole network chunk at once, 1000-fold for a gzip bomb, and stacked
    encodings multiply that."""

    def __init__(self, response: httpx.Response, limit: int) -> None:
        self.response = response
        self.limit = limit
        self.data = bytearray()
        codings = [c.strip().lower() for c in response.headers.get("content-encoding", "").split(",")]
        codings = [c for c in codings if c not in ("", "identity")]
        self.deflate = codings == ["deflate"]
        # Anything but one gzip or deflate layer is kept as it came (a body the schema cannot decode).
        self.decoder: typing.Any = None
        if codings in (["gzip"], ["x-gzip"]):
            self.decoder = zlib.decompressobj(zlib.MAX_WBITS | 16)
        elif self.deflate:
            self.decoder = zlib.decompressobj()
        self.started = False
        declared = response.headers.get("content-length", "")
        if not codings and declared.isdigit() and int(declared) > limit:
            raise BodyTooLarge(response, limit)

    def feed(self, chunk: bytes) -> None:
        if self.decoder is None:
            self._add(chunk)
            return
        while chunk and not self.decoder.eof:
            try:
                # At most 1 MiB a step, and never more than one byte past the limit.
                out = self.decoder.decompress(chunk, min(1 << 20, self.limit - len(self.data) + 1))
            except zlib.error as error:
                if self.deflate and not self.started:
                    # `deflate` as some servers send it: raw, without the zlib header.
                    self.decoder = zlib.decompressobj(-zlib.MAX_WBITS)
                    self.started = True
                    continue
                raise TransportError(f"the body could not be decompressed: {error}", "DecodingError") from None
            self.started = True
            self._add(out)
            chunk = self.decoder.unconsumed_tail

    def take(self, content: bytes) -> None:
        """A body a transport already read and decoded (`httpx.MockTransport` answers)."""
        self._add(content)

    def _add(self, data: bytes) -> None:
        if len(self.data) + len(data) > self.limit:
            raise BodyTooLarge(self.response, self.limit)
        self.data += data

    def finish(self, core: Core) -> httpx.Response:
        body = bytes(self.data)
        if not 200 <= self.response.status_code < 300:
            body = scrub(body, core.secrets())
        # The decoded body stands in for httpx's own reading of the response.
        self.response._content = body
        return self.response


_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^\s'\"<>]*")


def _without_secrets(text: str, request: httpx.Request, core: Core) -> str:
    """`text` without the request's URL (or any URL: one may carry a key in its query) and
    without the client's credentials, plain or percent-encoded."""
    for url in (str(request.url), str(request.url.copy_with(query=None))):
        text = text.replace(url, "<url>")
    text = _URL.sub("<url>", text)
    for secret in core.secrets():
        text = text.replace(secret, "***").replace(urllib.parse.quote(secret, safe=""), "***")
    return text


def _causes(error: BaseException) -> typing.Iterator[BaseException]:
    """The error, its causes and contexts, and the members of exception groups among them."""
    seen: set[int] = set()
    pending: list[BaseException] = [error]
    while pending:
        current = pending.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        members = getattr(current, "exceptions", None)
        if isinstance(members, (list, tuple)):
            pending.extend(m for m in members if isinstance(m, BaseException))
        for linked in (current.__cause__, current.__context__):
            if linked is not None:
                pending.append(linked)


def _connect_failure(error: BaseException) -> tuple[type[ConnectionFailed], str]:
    """What kept httpx from connecting, from the operating system's or TLS's own error."""
    for cause in _causes(error):
        if isinstance(cause, ssl.SSLError):
            return TlsError, "the TLS handshake failed"
        if isinstance(cause, socket.gaierror):
            return DnsError, "the host name could not be resolved"
        if isinstance(cause, ConnectionRefusedError):
            return ConnectionRefused, "the connection was refused"
    text = " ".join(str(c) for c in _causes(error)).lower()
    if "ssl" in text or "certificate" in text or "tls" in text:
        return TlsError, "the TLS handshake failed"
    if "name or service not known" in text or "nodename nor servname" in text or "getaddrinfo" in text:
        return DnsError, "the host name could not be resolved"
    if "connection refused" in text or "errno 111" in text or "errno 61" in text:
        return ConnectionRefused, "the connection was refused"
    return ConnectionFailed, "could not connect"


def _transport_error(error: Exception, request: httpx.Request, core: Core) -> TransportError:
    """The error as the typed error of what failed, without the URL (which may carry a key) or
    a credential in its message."""
    # The innermost cause names no URL: "[Errno 111] Connection refused".
    inner = [str(c) for c in _causes(error) if str(c)]
    text = _without_secrets(inner[-1] if inner else str(error), request, core)
    kind = type(error).__name__
    method = request.method
    if isinstance(error, httpx.ConnectTimeout):
        return ConnectTimeout(f"{method} request timed out connecting ({kind}): {text}", kind)
    if isinstance(error, httpx.TimeoutException):
        return Timeout(f"{method} request timed out ({kind}): {text}", kind)
    # A TLS, DNS or refusal error some httpcore versions let through unmapped (1.0.0's async
    # TLS handshake) is a failure to connect all the same.
    unmapped = isinstance(error, (ssl.SSLError, socket.gaierror, ConnectionRefusedError))
    if isinstance(error, httpx.ConnectError) or unmapped:
        cls, what = _connect_failure(error)
        return cls(f"{method} request failed: {what} ({kind}): {text}", kind)
    return TransportError(f"{method} request failed ({kind}): {text}", kind)


def _late(request: httpx.Request, core: Core) -> str:
    return f"{request.method} request timed out: the attempt took longer than {core.deadline} s"


def _attempt(http: httpx.Client, core: Core, outgoing: Outgoing, unread: typing.Container[int] = ()) -> httpx.Response:
    """One attempt with a sync httpx client: same-origin redirects followed, the body read
    within the limit and the deadline (not read at all for a status in `unread`: one to retry);
    transport failures become `TransportError`.

    The deadline is checked as each chunk arrives and bounds every read; a server trickling its
    headers is stopped by httpx's header size limit and the read timeout of each read."""
    deadline = None if core.deadline is None else time.monotonic() + core.deadline
    hops = 0
    request = build(http, outgoing)
    if core.phases is None and core.deadline is not None:
        # The caller's own httpx client: its limits of each phase, none longer than the deadline.
        own = http.timeout
        phases = {"connect": own.connect, "read": own.read, "write": own.write, "pool": own.pool}
        request.extensions["timeout"] = {k: core.deadline if v is None else min(v, core.deadline) for k, v in phases.items()}
    try:
        while True:
            response = http.send(request, stream=True, follow_redirects=False)
            try:
                following = _redirect(request, response, core, hops)
                if following is None:
                    if response.status_code in unread:
                        response._content = b""
                        return response
                    body = _Body(response, core.max_body_bytes)
                    if response.is_stream_consumed:
                        body.take(response.content)
                    else:
                        for chunk in response.iter_raw():
                            if deadline is not None and time.monotonic() > deadline:
                                raise Timeout(_late(request, core), "Deadline")
                            body.feed(chunk)
                    return body.finish(core)
            finally:
                response.close()
            request, hops = following, hops + 1
    except (httpx.RequestError, ssl.SSLError, socket.gaierror, ConnectionRefusedError) as error:
        raise _transport_error(error, request, core) from None


async def _attempt_async(
    http: httpx.AsyncClient, core: Core, outgoing: Outgoing, unread: typing.Container[int] = ()
) -> httpx.Response:
    """One attempt with an async httpx client: same-origin redirects followed, the body read
    within the limit (not at all for a status in `unread`), the whole attempt (headers included)
    under the deadline; transport failures become `TransportError`."""
    hops = 0
    request = build(http, outgoing)
    try:
        with anyio.fail_after(core.deadline):
            while True:
                response = await http.send(request, stream=True, follow_redirects=False)
                try:
                    following = _redirect(request, response, core, hops)
                    if following is None:
                        if response.status_code in unread:
                            response._content = b""
                            return response
                        body = _Body(response, core.max_body_bytes)
                        if response.is_stream_consumed:
                            body.take(response.content)
                        else:
                            async for chunk in response.aiter_raw():
                                body.feed(chunk)
                        return body.finish(core)
                finally:
                    await response.aclose()
                request, hops = following, hops + 1
    except TimeoutError:
        raise Timeout(_late(request, core), "Deadline") from None
    except (httpx.RequestError, ssl.SSLError, socket.gaierror, ConnectionRefusedError) as error:
        raise _transport_error(error, request, core) from None


def scrub(body: bytes, secrets: typing.Iterable[str]) -> bytes:
    """Every occurrence of each secret (UTF-8) in `body` replaced by `***`: a server that echoes a
    token in an error must not put it into an error the caller prints."""
    for secret in secrets:
        if len(secret) >= 4:
            body = body.replace(secret.encode("utf-8"), b"***")
    return body


def is_secret_name(name: str) -> bool:
    """Whether a header or JSON key names a credential (the Rust runtime's `is_secret_name`)."""
    lower = name.lower().replace("-", "").replace("_", "")
    return any(s in lower for s in ("authorization", "token", "password", "secret", "apikey", "credential", "cookie"))


def _redact(value: object) -> object:
    if isinstance(value, dict):
        return {k: "***" if is_secret_name(str(k)) and v is not None else _redact(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_redact(v) for v in value]
    return value


def body_excerpt(body: bytes) -> str:
    """The start of a body for messages and logs; JSON has secret-looking values replaced by
    `***` first."""
    shown = 512
    try:
        text = json.dumps(_redact(json.loads(body)), ensure_ascii=False, separators=(",", ":"))
    except ValueError:
        text = body[:shown].decode("utf-8", errors="replace")
    return text[:shown] + "…" if len(text) > shown else text


def _essence(media_type: str) -> str:
    return media_type.split(";", 1)[0].strip().lower()


def _matches(actual: str, documented: str) -> bool:
    pattern = _essence(documented)
    if pattern in ("*/*", "*", actual):
        return True
    if pattern.endswith("/*"):
        return actual.startswith(pattern[:-1])
    return False


def matched(response: httpx.Response, expected: tuple[str, ...]) -> int:
    """The index of the documented media type the answer has; an answer without a content type
    is taken as the first. Raises `DecodeError` for an undocumented one."""
    header = response.headers.get("content-type")
    if header is None:
        return 0
    actual = _essence(header)
    for index, documented in enumerate(expected):
        if _matches(actual, documented):
            return index
    raise DecodeError(f"undocumented content type `{actual}` (expected {', '.join(expected)})", response)


def json_body(response: httpx.Response, expected: tuple[str, ...] = ()) -> JsonValue:
    """The body as JSON, checked against the documented media types when there are any."""
    if expected:
        matched(response, expected)
    try:
        return json.loads(response.content)
    except ValueError as error:
        raise DecodeError(f"the body is not JSON: {error}", response) from error


def text_body(response: httpx.Response, expected: tuple[str, ...] = ()) -> str:
    """The body as text, in the charset the answer names (UTF-8 when it names none)."""
    if expected:
        matched(response, expected)
    try:
        return response.content.decode(response.charset_encoding or "utf-8")
    except (UnicodeDecodeError, LookupError) as error:
        raise DecodeError(f"the body is not text in its charset: {error}", response) from error


def binary_body(response: httpx.Response, expected: tuple[str, ...] = ()) -> bytes:
    """The body's bytes."""
    if expected:
        matched(response, expected)
    return response.content
