"""Shared behaviour of the generated clients: requests, credentials, responses and errors.

Generated modules decide everything the schema fixes (paths, parameter styles, statuses, media
types) and call into this module for the rest, so this file is the same for every API.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import secrets
import typing
import urllib.parse

import httpx

__all__ = [
    "ApiError",
    "ApiKey",
    "Basic",
    "Bearer",
    "Credential",
    "DecodeError",
    "File",
    "JsonValue",
    "Response",
    "SwitchboardError",
    "TransportError",
    "UnexpectedStatus",
]

JsonValue: typing.TypeAlias = typing.Any
"""Any JSON value, as `json.loads` returns it (schemas that allow anything)."""

T = typing.TypeVar("T")
B = typing.TypeVar("B")


@dataclasses.dataclass(frozen=True)
class Response(typing.Generic[T]):
    """A successful answer: the decoded body with the status and headers it came with."""

    status: int
    headers: httpx.Headers
    body: T


class SwitchboardError(Exception):
    """Base of every error a generated client raises."""


class TransportError(SwitchboardError):
    """The request did not get an answer: connection refused, timeout, TLS or protocol failure."""


class _AnsweredError(SwitchboardError):
    """An error about an answer that arrived; keeps its status, headers and raw bytes."""

    def __init__(self, message: str, response: httpx.Response) -> None:
        super().__init__(message)
        self.status: int = response.status_code
        self.headers: httpx.Headers = response.headers
        self.content: bytes = response.content


class DecodeError(_AnsweredError):
    """The answer's status is documented but its body is not what the schema says it is: an
    undocumented content type, JSON that does not parse, or text in an unknown encoding."""


class UnexpectedStatus(_AnsweredError):
    """The answer's status is not one the operation documents."""


class ApiError(_AnsweredError, typing.Generic[B]):
    """A documented error status; `body` is decoded as the schema says for that status.

    Generated modules subclass it once per operation and once per documented error status, so
    `except GetUserNotFound as e:` gives `e.body` its schema's type.
    """

    def __init__(self, response: httpx.Response, body: B) -> None:
        super().__init__(f"the API answered {response.status_code}", response)
        self.body: B = body


@dataclasses.dataclass(frozen=True)
class File:
    """A file part of a multipart body."""

    content: bytes
    filename: str = "file"
    content_type: str = "application/octet-stream"


@dataclasses.dataclass(frozen=True)
class ApiKey:
    """A key sent in a header, query parameter or cookie."""

    location: typing.Literal["header", "query", "cookie"]
    name: str
    value: str = dataclasses.field(repr=False)


@dataclasses.dataclass(frozen=True)
class Basic:
    """HTTP Basic credentials."""

    username: str
    password: str = dataclasses.field(repr=False)


@dataclasses.dataclass(frozen=True)
class Bearer:
    """A token sent as `Authorization: Bearer` (HTTP bearer, OAuth 2, OpenID Connect)."""

    token: str = dataclasses.field(repr=False)


Credential: typing.TypeAlias = ApiKey | Basic | Bearer

Security: typing.TypeAlias = tuple[tuple[str, ...], ...]
"""Alternatives of scheme names: the first whose credentials are all set is used; an empty
alternative means the operation may be called anonymously."""


def _scalar(value: object) -> str:
    """A parameter value as text: booleans as JSON writes them, objects as JSON."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, int, float)):
        return str(value)
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _pairs(value: typing.Mapping[str, object]) -> list[str]:
    out: list[str] = []
    for key, item in value.items():
        out.extend((key, _scalar(item)))
    return out


def segment(value: object) -> str:
    """A path parameter as exactly one encoded path segment (`/`, `?`, `#` and `..` included)."""
    if isinstance(value, (list, tuple)):
        text = ",".join(_scalar(v) for v in value)
    elif isinstance(value, dict):
        text = ",".join(_pairs(value))
    else:
        text = _scalar(value)
    encoded = urllib.parse.quote(text, safe="")
    # A segment of dots would climb the path; percent-encoded dots stay a name.
    if encoded in (".", ".."):
        return encoded.replace(".", "%2E")
    return encoded


_DELIMITERS = {"form": ",", "spaceDelimited": " ", "pipeDelimited": "|"}


class Call:
    """One request as the operation describes it, before the client adds its base URL,
    credentials and extra headers."""

    def __init__(
        self,
        operation: str,
        method: str,
        path: str,
        *,
        accept: str | None = None,
        security: Security = (),
        server: str | None = None,
    ) -> None:
        self.operation = operation
        self.method = method
        self.path = path
        self.accept = accept
        self.security = security
        self.server = server
        self.params: list[tuple[str, str]] = []
        self.headers: list[tuple[str, str]] = []
        self.cookies: list[tuple[str, str]] = []
        self.content: bytes | None = None
        self.content_type: str | None = None

    def query(self, name: str, value: object, style: str = "form", explode: bool = True) -> None:
        """Adds a query parameter; `None` means absent."""
        if value is None:
            return
        if isinstance(value, (list, tuple)):
            if explode:
                self.params.extend((name, _scalar(v)) for v in value)
            else:
                self.params.append((name, _DELIMITERS.get(style, ",").join(_scalar(v) for v in value)))
        elif isinstance(value, dict):
            if style == "deepObject":
                self._deep(name, value)
            elif explode:
                self.params.extend((key, _scalar(item)) for key, item in value.items())
            else:
                self.params.append((name, ",".join(_pairs(value))))
        else:
            self.params.append((name, _scalar(value)))

    def _deep(self, prefix: str, value: typing.Mapping[str, object]) -> None:
        for key, item in value.items():
            name = f"{prefix}[{key}]"
            if isinstance(item, dict):
                self._deep(name, item)
            elif isinstance(item, (list, tuple)):
                self.params.extend((name, _scalar(v)) for v in item)
            else:
                self.params.append((name, _scalar(item)))

    def header(self, name: str, value: object, explode: bool = False) -> None:
        """Adds a header parameter (style `simple`); `None` means absent."""
        if value is not None:
            self.headers.append((name, _simple(value, explode)))

    def cookie(self, name: str, value: object, explode: bool = True) -> None:
        """Adds a cookie parameter (style `form`); `None` means absent."""
        if value is not None:
            self.cookies.append((name, _simple(value, explode)))

    def json(self, body: object, media_type: str) -> None:
        """A JSON body, written as UTF-8."""
        self.content = json.dumps(body, ensure_ascii=False).encode("utf-8")
        self.content_type = media_type

    def form(self, body: typing.Mapping[str, object], media_type: str) -> None:
        """An `application/x-www-form-urlencoded` body: lists repeat their key, objects are JSON."""
        pairs: list[tuple[str, str]] = []
        for key, value in body.items():
            if isinstance(value, (list, tuple)):
                pairs.extend((key, _scalar(v)) for v in value)
            elif value is not None:
                pairs.append((key, _scalar(value)))
        self.content = urllib.parse.urlencode(pairs).encode("ascii")
        self.content_type = media_type

    def multipart(self, body: typing.Mapping[str, object]) -> None:
        """A `multipart/form-data` body: `bytes` and `File` values become file parts, the others
        text parts (lists one part per item, objects as JSON)."""
        boundary = "switchboard-" + secrets.token_hex(16)
        out = bytearray()
        for key, value in body.items():
            items = value if isinstance(value, (list, tuple)) else [value]
            for item in items:
                if item is None:
                    continue
                name = _quoted(key)
                if isinstance(item, File):
                    disposition = f'form-data; name="{name}"; filename="{_quoted(item.filename)}"'
                    content, content_type = item.content, item.content_type
                elif isinstance(item, (bytes, bytearray)):
                    disposition = f'form-data; name="{name}"; filename="{name}"'
                    content, content_type = bytes(item), "application/octet-stream"
                else:
                    disposition = f'form-data; name="{name}"'
                    content, content_type = _scalar(item).encode("utf-8"), "text/plain; charset=utf-8"
                out += f"--{boundary}\r\nContent-Disposition: {disposition}\r\n".encode("utf-8")
                out += f"Content-Type: {content_type}\r\n\r\n".encode("utf-8")
                out += content + b"\r\n"
        out += f"--{boundary}--\r\n".encode("ascii")
        self.content = bytes(out)
        self.content_type = f"multipart/form-data; boundary={boundary}"

    def text(self, body: str, media_type: str) -> None:
        self.content = body.encode("utf-8")
        self.content_type = media_type

    def binary(self, body: bytes, media_type: str) -> None:
        self.content = bytes(body)
        # A wildcard media type (`image/*`) is no content type to send.
        self.content_type = "application/octet-stream" if "*" in media_type else media_type


def _quoted(text: str) -> str:
    """A name or file name fit for a quoted `Content-Disposition` parameter."""
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\r", " ").replace("\n", " ")


def _simple(value: object, explode: bool) -> str:
    if isinstance(value, (list, tuple)):
        return ",".join(_scalar(v) for v in value)
    if isinstance(value, dict):
        if explode:
            return ",".join(f"{k}={_scalar(v)}" for k, v in value.items())
        return ",".join(_pairs(value))
    return _scalar(value)


class Core:
    """What the sync and async clients share: base URL, credentials and extra headers."""

    def __init__(
        self,
        base_url: str,
        credentials: typing.Mapping[str, Credential],
        headers: typing.Mapping[str, str] | None,
        operation_base_urls: typing.Mapping[str, str] | None,
    ) -> None:
        self.base_url = base_url
        self.credentials = dict(credentials)
        self.headers = dict(headers or {})
        self.operation_base_urls = dict(operation_base_urls or {})

    def request(self, call: Call) -> httpx.Request:
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
        # Extra headers come last, so a caller can override anything the schema implies.
        for name, value in self.headers.items():
            headers[name] = value
        return httpx.Request(
            call.method,
            base.rstrip("/") + call.path,
            params=tuple(params),
            headers=headers,
            content=call.content,
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
            params.append((credential.name, credential.value))
        else:
            cookies.append((credential.name, credential.value))
    elif isinstance(credential, Basic):
        pair = f"{credential.username}:{credential.password}".encode("utf-8")
        headers["Authorization"] = "Basic " + base64.b64encode(pair).decode("ascii")
    else:
        headers["Authorization"] = "Bearer " + credential.token


def send(http: httpx.Client, request: httpx.Request) -> httpx.Response:
    """Sends with a sync httpx client; transport failures become `TransportError`."""
    try:
        return http.send(request)
    except httpx.RequestError as error:
        raise TransportError(f"{request.method} request failed: {error}") from error


async def send_async(http: httpx.AsyncClient, request: httpx.Request) -> httpx.Response:
    """Sends with an async httpx client; transport failures become `TransportError`."""
    try:
        response = await http.send(request)
        await response.aread()
        return response
    except httpx.RequestError as error:
        raise TransportError(f"{request.method} request failed: {error}") from error


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
