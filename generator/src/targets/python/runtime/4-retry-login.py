

# Retries and logins, by the Rust runtime's rules (runtime/src/transport.rs, runtime/src/client.rs):
# an attempt that failed to connect or was answered 408, 429, 502, 503 or 504 is tried again,
# up to `max_attempts` in all, after an exponential backoff with jitter or the server's
# `Retry-After` (both capped by `max_delay`), for idempotent methods only unless the caller opts
# in; a login is made before the first request that needs its token, once for all concurrent
# callers, and once more (then the request is replayed) when a request is answered 401.

_log = logging.getLogger("switchboard")

RETRY_STATUSES: tuple[int, ...] = (408, 429, 502, 503, 504)
"""Statuses worth another attempt: the server or something on the way asks to come back later."""

IDEMPOTENT_METHODS: tuple[str, ...] = ("GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE")
"""The methods sending twice has the effect of sending once (RFC 9110, 9.2.2): the ones retried."""


@dataclasses.dataclass(frozen=True)
class RetryPolicy:
    """How failed attempts are retried (the Rust runtime's `RetryPolicy`, with its defaults).

    Only idempotent methods (GET, HEAD, PUT, DELETE, OPTIONS, TRACE) are retried unless
    `retry_non_idempotent` is set, and only after a failure to connect or a 408, 429, 502, 503 or
    504 answer. Delays are in seconds."""

    max_attempts: int = 3
    """Attempts in all, the first included (1 turns retries off)."""
    initial_delay: float = 0.5
    """The delay before the first retry; each later one doubles it, with jitter."""
    max_delay: float = 30.0
    """No delay is longer than this, whatever `Retry-After` asks for."""
    retry_non_idempotent: bool = False
    """Retry POST and PATCH too (only safe when the server deduplicates them)."""

    @classmethod
    def never(cls) -> RetryPolicy:
        """One attempt, no retries."""
        return cls(max_attempts=1)

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        """Seconds to wait after failed attempt `attempt` (1-based): the server's `Retry-After`
        when it gave one, otherwise `initial_delay * 2**(attempt-1)` less up to half of it at
        random (so clients that failed together do not retry together); never above `max_delay`."""
        if retry_after is not None:
            return max(0.0, min(retry_after, self.max_delay))
        exponent = min(max(attempt - 1, 0), 20)
        backoff = min(self.initial_delay * (1 << exponent), self.max_delay)
        return max(0.0, backoff - backoff * random.random() * 0.5)

    def allows(self, method: str) -> bool:
        """Whether a request of `method` may be sent more than once."""
        return self.max_attempts > 1 and (method.upper() in IDEMPOTENT_METHODS or self.retry_non_idempotent)


def retry_after(headers: httpx.Headers) -> float | None:
    """`Retry-After` as seconds to wait: delta-seconds or an HTTP date (a date past is 0)."""
    value = headers.get("retry-after", "").strip()
    if not value:
        return None
    if value.isascii() and value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - time.time())


def _retry(policy: RetryPolicy, attempt: int, outcome: httpx.Response | TransportError) -> float | None:
    """The wait before the next attempt, or None when `outcome` is final."""
    if attempt >= policy.max_attempts:
        return None
    if isinstance(outcome, ConnectionFailed):
        return policy.delay(attempt)
    if isinstance(outcome, httpx.Response) and outcome.status_code in RETRY_STATUSES:
        return policy.delay(attempt, retry_after(outcome.headers))
    return None


def send(http: httpx.Client, core: Core, outgoing: Outgoing) -> httpx.Response:
    """Sends with a sync httpx client, retried as `core.retry` says: each attempt as `_attempt`
    (redirects, the body limit, the deadline); the last answer or error is the outcome."""
    policy = core.retry
    retries = policy.allows(outgoing.method) and replayable(outgoing.content)
    attempt = 1
    while True:
        more = retries and attempt < policy.max_attempts
        try:
            outcome: httpx.Response | TransportError = _attempt(http, core, outgoing, RETRY_STATUSES if more else ())
        except ConnectionFailed as error:
            outcome = error
        wait = _retry(policy, attempt, outcome) if retries else None
        if wait is None:
            if isinstance(outcome, TransportError):
                raise outcome
            return outcome
        _log.debug("retrying %s after attempt %d in %.3f s", outgoing.method, attempt, wait)
        time.sleep(wait)
        attempt += 1


async def send_async(http: httpx.AsyncClient, core: Core, outgoing: Outgoing) -> httpx.Response:
    """Sends with an async httpx client, retried as `core.retry` says (see `send`)."""
    policy = core.retry
    retries = policy.allows(outgoing.method) and replayable(outgoing.content)
    attempt = 1
    while True:
        more = retries and attempt < policy.max_attempts
        try:
            outcome: httpx.Response | TransportError = await _attempt_async(
                http, core, outgoing, RETRY_STATUSES if more else ()
            )
        except ConnectionFailed as error:
            outcome = error
        wait = _retry(policy, attempt, outcome) if retries else None
        if wait is None:
            if isinstance(outcome, TransportError):
                raise outcome
            return outcome
        _log.debug("retrying %s after attempt %d in %.3f s", outgoing.method, attempt, wait)
        await anyio.sleep(wait)
        attempt += 1


def secret_values(value: object) -> list[str]:
    """The text values under secret-looking keys of a login body (`credentials`, `password`,
    `api_key`, ...): kept out of error messages and bodies like the client's own credentials."""
    out: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if is_secret_name(str(key)) and isinstance(item, str):
                out.append(item)
            else:
                out.extend(secret_values(item))
    elif isinstance(value, list):
        for item in value:
            out.extend(secret_values(item))
    return out


def token_at(body: object, pointer: str) -> str:
    """The token at JSON `pointer` inside a login's answer; `LoginError` when there is none."""
    token = _pointer(body, pointer)
    if not isinstance(token, str) or not token:
        raise LoginError(f"the answer has no token at `{pointer}`")
    return token


class _LoginBase:
    """A login operation (`x-switchboard-login`) a client logs in with: the security scheme its
    token is for, where the token is in its answer, and how many tokens it has stored."""

    def __init__(
        self,
        operation: str,
        scheme: str,
        pointer: str,
        credential: typing.Callable[[str], Credential],
        secrets: typing.Iterable[str] = (),
    ) -> None:
        self.operation = operation
        self.scheme = scheme
        self.pointer = pointer
        self.credential = credential
        self.secrets: list[str] = [s for s in secrets if s]
        # Counts the tokens stored, so that a request answered 401 can tell whether a login that
        # finished while it was on the way already replaced the token it was sent with.
        self.generation = 0

    def __repr__(self) -> str:
        return f"{type(self).__name__}(operation={self.operation!r}, scheme={self.scheme!r}, credentials='***')"

    def applies(self, security: Security) -> bool:
        """Whether a request with these alternatives may carry the login's token."""
        return any(self.scheme in alternative for alternative in security)

    def _done(self, core: Core, stale: int | None) -> bool:
        return self.scheme in core.credentials if stale is None else self.generation != stale

    def _store(self, core: Core, response: Response[typing.Any]) -> None:
        core.credentials[self.scheme] = self.credential(token_at(response.body, self.pointer))
        self.generation += 1

    def _failed(self, error: SwitchboardError) -> LoginError:
        if isinstance(error, LoginError):
            return error
        status = getattr(error, "status", None)
        return LoginError(f"`{self.operation}` failed: {error}", status if isinstance(status, int) else None)


class Login(_LoginBase):
    """The login of a sync `Client`: one at a time (a `threading.Lock`), so concurrent first
    calls and concurrent 401s wait for the same one."""

    def __init__(
        self,
        operation: str,
        scheme: str,
        pointer: str,
        credential: typing.Callable[[str], Credential],
        run: typing.Callable[[Core], Response[typing.Any]],
        secrets: typing.Iterable[str] = (),
    ) -> None:
        super().__init__(operation, scheme, pointer, credential, secrets)
        self.run = run
        self._lock = threading.Lock()

    def log_in(self, core: Core, stale: int | None) -> None:
        """Logs in unless another caller's login made it unnecessary while this one waited: with
        `stale` None, when the token is there by now; with a generation, when the token is no
        longer the one of that generation. Raises `LoginError`."""
        with self._lock:
            if self._done(core, stale):
                return
            try:
                self._store(core, self.run(core))
            except SwitchboardError as error:
                raise self._failed(error) from None


class AsyncLogin(_LoginBase):
    """The login of an `AsyncClient`: one at a time (an `anyio.Lock`, so asyncio and trio alike),
    so concurrent first calls and concurrent 401s wait for the same one."""

    def __init__(
        self,
        operation: str,
        scheme: str,
        pointer: str,
        credential: typing.Callable[[str], Credential],
        run: typing.Callable[[Core], typing.Awaitable[Response[typing.Any]]],
        secrets: typing.Iterable[str] = (),
    ) -> None:
        super().__init__(operation, scheme, pointer, credential, secrets)
        self.run = run
        self._lock: anyio.Lock | None = None

    async def log_in(self, core: Core, stale: int | None) -> None:
        """As `Login.log_in`, awaiting the lock instead of blocking a thread."""
        if self._lock is None:
            self._lock = anyio.Lock()
        async with self._lock:
            if self._done(core, stale):
                return
            try:
                self._store(core, await self.run(core))
            except SwitchboardError as error:
                raise self._failed(error) from None


def _sync_login(core: Core, security: Security) -> Login | None:
    login = core.login
    return login if isinstance(login, Login) and login.applies(security) else None


def _async_login(core: Core, security: Security) -> AsyncLogin | None:
    login = core.login
    return login if isinstance(login, AsyncLogin) and login.applies(security) else None


def exchange(
    http: httpx.Client, core: Core, security: Security, prepare: typing.Callable[[], Outgoing]
) -> httpx.Response:
    """Sends a request that `prepare` builds with the credentials as they are now, logging in
    first when the login's token is missing, and once more (then replaying the request) when the
    server answers 401; a second 401 is the answer. A failed login is logged and the request goes
    out as it is: the server decides (call the client's `login()` to fail early)."""
    login = _sync_login(core, security)
    if login is not None and login.scheme not in core.credentials:
        try:
            login.log_in(core, None)
        except LoginError as error:
            _log.warning("login before the first request failed: %s", error)
    relogged = False
    while True:
        generation = 0 if login is None else login.generation
        response = send(http, core, prepare())
        if response.status_code == 401 and login is not None and not relogged:
            relogged = True
            try:
                login.log_in(core, generation)
                continue
            except LoginError as error:
                _log.warning("login after a 401 failed: %s", error)
        return response


async def exchange_async(
    http: httpx.AsyncClient, core: Core, security: Security, prepare: typing.Callable[[], Outgoing]
) -> httpx.Response:
    """As `exchange`, for an `AsyncClient`."""
    login = _async_login(core, security)
    if login is not None and login.scheme not in core.credentials:
        try:
            await login.log_in(core, None)
        except LoginError as error:
            _log.warning("login before the first request failed: %s", error)
    relogged = False
    while True:
        generation = 0 if login is None else login.generation
        response = await send_async(http, core, prepare())
        if response.status_code == 401 and login is not None and not relogged:
            relogged = True
            try:
                await login.log_in(core, generation)
                continue
            except LoginError as error:
                _log.warning("login after a 401 failed: %s", error)
        return response


def log_in(core: Core) -> None:
    """Logs in now with the sync client's login, replacing the stored token (`Client.login`)."""
    login = core.login
    if not isinstance(login, Login):
        raise LoginError("no login is configured (pass a `login_with_...` argument)")
    login.log_in(core, login.generation)


async def log_in_async(core: Core) -> None:
    """Logs in now with the async client's login, replacing the stored token (`AsyncClient.login`)."""
    login = core.login
    if not isinstance(login, AsyncLogin):
        raise LoginError("no login is configured (pass a `login_with_...` argument)")
    await login.log_in(core, login.generation)
