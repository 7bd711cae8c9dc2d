

# Typed multipart bodies (docs/wire-format.md "Multipart"): one part per property in property
# order, one per item of a repeated one, none for an absent optional one; files streamed.


@dataclasses.dataclass(frozen=True)
class FilePart:
    """A file of a multipart form: its content (bytes, a file opened `"rb"` or an iterable of
    bytes, read as the form is sent), its file name (else the part's name) and content type
    (else the documented one)."""

    content: bytes | typing.BinaryIO | typing.Iterable[bytes]
    filename: str | None = None
    content_type: str | None = None


Upload = typing.Union[bytes, typing.BinaryIO, FilePart]
"""What a file part of a typed form may be."""

Part = tuple[str, str, bool, typing.Optional[str]]
"""One part as the operation describes it: name, kind (`file`, `text` or `json`), repeated,
content type."""


def _chunks(content: object, operation: str) -> typing.Iterator[bytes]:
    if isinstance(content, (bytes, bytearray, memoryview)):
        yield bytes(content)
    elif callable(getattr(content, "read", None)):
        if "b" not in getattr(content, "mode", "b"):
            raise TypeError(f"{operation}: a file part must be opened in binary mode ('rb')")
        read = getattr(content, "read")
        while chunk := read(65536):
            yield bytes(chunk)
    elif isinstance(content, typing.Iterable) and not isinstance(content, str):
        for chunk in content:
            yield bytes(chunk)
    else:
        raise TypeError(f"{operation}: a file part must be bytes, a binary file, an iterable of bytes or a FilePart")


def _part_text(value: object) -> bytes:
    """A text part's value: a string as it is, anything else (numbers, booleans) as JSON writes it."""
    if isinstance(value, str):
        return value.encode("utf-8")
    return json.dumps(value).encode("utf-8")


def _form(operation: str, body: typing.Mapping[str, object], parts: tuple[Part, ...], boundary: str) -> typing.Iterator[bytes]:
    for name, kind, repeated, content_type in parts:
        value = body.get(name)
        if value is None:
            continue
        items = list(typing.cast(typing.Iterable[object], value)) if repeated else [value]
        for item in items:
            disposition = f'form-data; name="{_quoted(name)}"'
            sent_type = content_type
            chunks: typing.Iterable[bytes]
            if kind == "file":
                file = item if isinstance(item, FilePart) else FilePart(typing.cast(bytes, item))
                disposition += f'; filename="{_quoted(file.filename or name)}"'
                sent_type = file.content_type or content_type or "application/octet-stream"
                chunks = _chunks(file.content, operation)
            elif kind == "json":
                chunks = [json.dumps(item, ensure_ascii=False, separators=(",", ":")).encode("utf-8")]
            else:
                chunks = [_part_text(item)]
            head = f"--{boundary}\r\nContent-Disposition: {disposition}\r\n"
            if sent_type is not None:
                head += f"Content-Type: {header_text('Content-Type', sent_type)}\r\n"
            yield (head + "\r\n").encode("utf-8")
            yield from chunks
            yield b"\r\n"
    yield f"--{boundary}--\r\n".encode("ascii")


def form_parts(call: Call, body: typing.Mapping[str, object], parts: tuple[Part, ...]) -> None:
    """A typed `multipart/form-data` body on `call`, written as the request is sent (chunked)."""
    boundary = "switchboard-" + secrets.token_hex(16)
    call.content = _form(call.operation, body, parts, boundary)
    call.content_type = f"multipart/form-data; boundary={boundary}"
