"""Shared behaviour of the generated clients: requests, credentials, responses and errors.

Generated modules decide everything the schema fixes (paths, parameter styles, statuses, media
types) and call into this module for the rest, so this file is the same for every API.

Against a server the caller does not control, the rules of the Rust runtime: redirects are
followed only within the request's origin, bodies are read as a stream and decompressed here up
to a limit, every attempt has a deadline and every read an idle limit, failed attempts are retried
by the Rust runtime's `RetryPolicy`, a login (`x-switchboard-login`) is made once for concurrent
callers and once more after a 401, and no error names the URL or one of the client's credentials.
"""

from __future__ import annotations

import base64
import dataclasses
import email.utils
import json
import logging
import os
import random
import re
import secrets
import socket
import ssl
import threading
import time
import typing
import urllib.parse
import zlib

import anyio
import httpx

__all__ = [
    "ApiError",
    "ApiKey",
    "Basic",
    "Bearer",
    "BodyTooLarge",
    "ConnectTimeout",
    "ConnectionFailed",
    "ConnectionRefused",
    "Credential",
    "DEFAULT_MAX_BODY_BYTES",
    "DEFAULT_MAX_PAGES",
    "DEFAULT_MAX_REDIRECTS",
    "DEFAULT_READ_TIMEOUT",
    "DEFAULT_TIMEOUT",
    "DecodeError",
    "DnsError",
    "Event",
    "File",
    "FilePart",
    "InvalidRequest",
    "ItemError",
    "JsonValue",
    "LoginError",
    "PaginationError",
    "Response",
    "RetryPolicy",
    "Stream",
    "AsyncStream",
    "SwitchboardError",
    "Timeout",
    "TlsError",
    "TransportError",
    "UnexpectedStatus",
]

DEFAULT_TIMEOUT: float = 60.0
"""Seconds one attempt may take, from connecting to the last byte of the body (the Rust
runtime's `DEFAULT_TIMEOUT`)."""

DEFAULT_READ_TIMEOUT: float = 30.0
"""Seconds the server may stay silent during one read (the Rust runtime's `DEFAULT_READ_TIMEOUT`)."""

DEFAULT_MAX_BODY_BYTES: int = 32 * 1024 * 1024
"""The largest body read, counted after decompression: 32 MiB."""

DEFAULT_MAX_REDIRECTS: int = 10
"""The most same-origin redirects followed for one call."""

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
    """The request did not get an answer: connection refused, timeout, TLS or protocol failure.
    The message says what failed and names neither the URL (which may carry a key) nor a
    credential; `kind` is the name of httpx's exception, which is not chained (its message may
    quote the URL). The subclasses say what failed: `ConnectionFailed` (and its `ConnectionRefused`,
    `DnsError`, `TlsError`, `ConnectTimeout`) and `Timeout`."""

    def __init__(self, message: str, kind: str = "") -> None:
        super().__init__(message)
        self.kind: str = kind


class ConnectionFailed(TransportError):
    """No connection to the server could be made (nothing was sent): attempts of every method
    that failed so are retried by the client's `RetryPolicy`."""


class ConnectionRefused(ConnectionFailed):
    """The server's host refused the connection: nothing listens on that port."""


class DnsError(ConnectionFailed):
    """The server's host name could not be resolved."""


class TlsError(ConnectionFailed):
    """The TLS handshake failed: an untrusted or mismatched certificate, or no TLS on that port."""


class InvalidRequest(SwitchboardError, ValueError):
    """An argument cannot be put on the wire as the operation says, so nothing was sent: a path
    parameter that is empty, `.` or `..` (it would address another resource), or a header value
    with a line break, another control character or non-ASCII text."""


class Timeout(TransportError):
    """An attempt took longer than the client's `timeout`, or the server stayed silent longer
    than its `read_timeout`."""


class ConnectTimeout(Timeout, ConnectionFailed):
    """Connecting took longer than the connect timeout (a `Timeout` and a `ConnectionFailed`)."""


class LoginError(SwitchboardError):
    """A login (`x-switchboard-login`) failed: the message says why (the status it was answered,
    or that the answer has no token) and never holds the credentials sent or a token received.
    `status` is the login's answer's status when it had one."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(f"login failed: {message}")
        self.status: int | None = status

    def __repr__(self) -> str:
        return f"LoginError({str(self)!r}, status={self.status!r})"


class BodyTooLarge(SwitchboardError):
    """The answer's body, decompressed, is larger than the client's `max_body_bytes`; it was not
    read further."""

    def __init__(self, response: httpx.Response, limit: int) -> None:
        super().__init__(f"the {response.status_code} answer's body is larger than the limit of {limit} bytes")
        self.status: int = response.status_code
        self.headers: httpx.Headers = response.headers
        self.limit: int = limit


class _AnsweredError(SwitchboardError):
    """An error about an answer that arrived; keeps its status, headers and raw bytes (an error
    status's body with the client's own credentials replaced by `***`)."""

    def __init__(self, message: str, response: httpx.Response) -> None:
        super().__init__(message)
        self.status: int = response.status_code
        self.headers: httpx.Headers = response.headers
        self.content: bytes = response.content

    @property
    def body_excerpt(self) -> str:
        """The start of the body for logs: JSON with token-, password- and key-like values
        replaced by `***`."""
        return body_excerpt(self.content)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self)!r}, status={self.status}, body={self.body_excerpt!r})"


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


Binary = typing.Union[bytes, bytearray, memoryview, typing.BinaryIO, File, typing.Iterable[bytes], typing.AsyncIterable[bytes]]
"""What a binary request body may be: bytes, a file opened with `"rb"` (streamed from where it
stands, its remaining length sent as `Content-Length`), any iterable of bytes (streamed with
chunked transfer encoding; an async one only with an `AsyncClient`), or a `File` (its
`content_type` is sent instead of the documented one)."""


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


def encode(text: str) -> str:
    """Text percent-encoded as UTF-8, every byte but RFC 3986's unreserved ones (`A-Z a-z 0-9 - .
    _ ~`); a space is `%20` (docs/wire-format.md)."""
    return urllib.parse.quote(text, safe="")


def segment(value: object, name: str = "") -> str:
    """A path parameter as exactly one encoded path segment (`/`, `?`, `#` and `%` included).
    Raises `InvalidRequest` for a value that no encoding keeps one literal segment: empty, `.`
    or `..` (URL parsers remove dot segments even when percent-encoded)."""
    if isinstance(value, (list, tuple)):
        text = ",".join(_scalar(v) for v in value)
    elif isinstance(value, dict):
        text = ",".join(_pairs(value))
    else:
        text = _scalar(value)
    if text == "":
        raise InvalidRequest(f"path parameter `{name}` is empty")
    if text in (".", ".."):
        raise InvalidRequest(f"path parameter `{name}` is `{text}`, which would address another resource")
    return encode(text)


def header_text(name: str, value: str) -> str:
    """A header value as it is, unless it holds something a header cannot carry alike in every
    client: a control character (CR, LF, ...) or non-ASCII text."""
    if any(not (c == "\t" or " " <= c <= "~") for c in value):
        raise InvalidRequest(f"the value of header `{name}` contains characters a header cannot carry")
    return value


# Literal between items, so an encoded delimiter inside an item stays part of it; RFC 3986 allows
# no raw space or `|` in a query.
_DELIMITERS = {"form": ",", "spaceDelimited": "%20", "pipeDelimited": "%7C"}


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
        # Names and values already percent-encoded.
        self.params: list[tuple[str, str]] = []
        self.headers: list[tuple[str, str]] = []
        self.cookies: list[tuple[str, str]] = []
        # Bytes, or a file or iterator read as the request is sent (see `replayable`).
        self.content: typing.Any = None
        self.content_type: str | None = None

    def query(self, name: str, value: object, style: str = "form", explode: bool = True) -> None:
        """Adds a query parameter; `None` means absent."""
        if value is None:
            return
        key = encode(name)
        if isinstance(value, (list, tuple)):
            if explode:
                self.params.extend((key, encode(_scalar(v))) for v in value)
            else:
                self.params.append((key, _DELIMITERS.get(style, ",").join(encode(_scalar(v)) for v in value)))
        elif isinstance(value, dict):
            if style == "deepObject":
                self.params.extend((encode(f"{name}[{k}]"), encode(_scalar(v))) for k, v in value.items())
            elif explode:
                self.params.extend((encode(k), encode(_scalar(v))) for k, v in value.items())
            else:
                self.params.append((key, ",".join(encode(p) for p in _pairs(value))))
        else:
            self.params.append((key, encode(_scalar(value))))

    def header(self, name: str, value: object, explode: bool = False) -> None:
        """Adds a header parameter (style `simple`); `None` means absent."""
        if value is not None:
            self.headers.append((name, header_text(name, _simple(value, explode))))

    def cookie(self, name: str, value: object, explode: bool = True) -> None:
        """Adds a cookie parameter (style `form`), its value percent-encoded (RFC 6265 allows no
        space, `;`, `,` or `"` in one); `None` means absent."""
        if value is not None:
            self.cookies.append((name, encode(_simple(value, explode))))

    def json(self, body: object, media_type: str) -> None:
        """A JSON body, written compact as UTF-8, keys in the order the value holds them."""
        self.content = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
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

    def binary(self, body: Binary, media_type: str) -> None:
        """Bytes, a binary file (streamed from where it stands), an iterable of bytes (streamed) or
        a `File`, whose content type wins over the documented one."""
        if isinstance(body, File):
            self.content, self.content_type = body.content, body.content_type
            return
        if isinstance(body, (bytes, bytearray, memoryview)):
            self.content = bytes(body)
        elif callable(getattr(body, "read", None)):
            if "b" not in getattr(body, "mode", "b"):
                raise TypeError(f"{self.operation}: a binary body's file must be opened in binary mode ('rb')")
            # Read as the request goes out, never whole: httpx reads a file in chunks.
            self.content = body
        elif isinstance(body, (typing.Iterable, typing.AsyncIterable)) and not isinstance(body, str):
            self.content = body
        else:
            raise TypeError(f"{self.operation}: a binary body must be bytes, a binary file, an iterable of bytes or a File")
        # A wildcard media type (`image/*`) is no content type to send.
        self.content_type = "application/octet-stream" if "*" in media_type else media_type


def replayable(content: object) -> bool:
    """Whether a request body can be sent again (a retry, a redirect): bytes can, a file or an
    iterator already read cannot."""
    return content is None or isinstance(content, bytes)


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


