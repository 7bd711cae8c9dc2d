

# Walking a paginated list (`x-switchboard-pagination`), by the Rust runtime's rules
# (runtime/src/paginate.rs): one page at a time, only when the caller asks for more, the next
# request made from the first with its cursor, page, offset or URL replaced. A server that
# repeats a next page, names one on another origin, or pages past `max_pages` ends the walk
# with `PaginationError` instead of looping or sending credentials elsewhere.

DEFAULT_MAX_PAGES: int = 10_000
"""The most pages one walk fetches unless `max_pages` says otherwise (the Rust runtime's
`DEFAULT_MAX_PAGES`)."""


class PaginationError(SwitchboardError):
    """A walk over pages stopped: the server sent the same next page twice, named a next page
    on another origin, the list went past `max_pages`, or a page's items are not a list."""


@dataclasses.dataclass(frozen=True)
class Pagination:
    """How an operation pages: the JSON pointer of the items (`""`: the body) and where the next
    page comes from. `param` is the query parameter of the cursor, page or offset styles."""

    items: str
    style: typing.Literal["cursor", "page", "offset", "link", "next_url"]
    param: str = ""
    next: str = ""
    first: int = 1
    total_pages: str | None = None
    last: str | None = None
    total: str | None = None


_MISSING = object()


def _pointer(value: object, path: str) -> object:
    """The value at a JSON pointer (RFC 6901); `_MISSING` where there is none."""
    if path == "":
        return value
    if not path.startswith("/"):
        return _MISSING
    current = value
    for raw in path[1:].split("/"):
        token = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(current, list):
            if not (token == "0" or token.isdigit() and token.isascii() and token[0] != "0"):
                return _MISSING
            index = int(token)
            if index >= len(current):
                return _MISSING
            current = current[index]
        elif isinstance(current, dict) and token in current:
            current = current[token]
        else:
            return _MISSING
    return current


def _text(value: object) -> str | None:
    """A cursor or URL as the server wrote it: a non-empty string or a number; else none."""
    if isinstance(value, str):
        return value or None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return None


def _integer(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def page_items(operation: str, body: object, pagination: Pagination) -> list[typing.Any]:
    """The items of one page: the list at the pagination's pointer (none when absent or null)."""
    items = _pointer(body, pagination.items)
    if items is _MISSING or items is None:
        return []
    if not isinstance(items, list):
        raise PaginationError(f"`{operation}`: the items at `{pagination.items}` are not a list")
    return items


def next_link(headers: httpx.Headers) -> str | None:
    """The target of the first link whose `rel` has `next` in the `Link` headers (RFC 8288):
    several links separated by commas, parameters by semicolons, quoted values with escapes,
    relation types compared without case."""
    header = ", ".join(headers.get_list("link"))
    i, n = 0, len(header)

    def skip(chars: str) -> None:
        nonlocal i
        while i < n and header[i] in chars:
            i += 1

    while i < n:
        skip(" \t,")
        if i >= n:
            break
        if header[i] != "<":
            # Not a link: drop everything up to the next comma outside quotes.
            quoted = False
            while i < n and (quoted or header[i] != ","):
                if header[i] == "\\" and quoted:
                    i += 1
                elif header[i] == '"':
                    quoted = not quoted
                i += 1
            continue
        end = header.find(">", i)
        if end < 0:
            return None
        target = header[i + 1 : end]
        i = end + 1
        rel: str | None = None
        while True:
            skip(" \t")
            if i >= n or header[i] != ";":
                break
            i += 1
            skip(" \t")
            start = i
            while i < n and header[i] not in "=;, \t":
                i += 1
            name = header[start:i].lower()
            skip(" \t")
            value = ""
            if i < n and header[i] == "=":
                i += 1
                skip(" \t")
                if i < n and header[i] == '"':
                    i += 1
                    chars: list[str] = []
                    while i < n and header[i] != '"':
                        if header[i] == "\\" and i + 1 < n:
                            i += 1
                        chars.append(header[i])
                        i += 1
                    i += 1
                    value = "".join(chars)
                else:
                    start = i
                    while i < n and header[i] not in ";, \t":
                        i += 1
                    value = header[start:i]
            # The first `rel` counts; later ones are ignored (RFC 8288, 3.3).
            if name == "rel" and rel is None:
                rel = value
        if rel is not None and any(r.lower() == "next" for r in rel.split()):
            return target.strip()
    return None


class Walk:
    """What a walk knows between two pages; the sync and async clients drive it the same way:
    `request` for the next page (None once the last was seen), `advance` with each page."""

    def __init__(self, call: Call, pagination: Pagination, max_pages: int | None) -> None:
        self.call = call
        self.pagination = pagination
        self.max_pages = DEFAULT_MAX_PAGES if max_pages is None else max_pages
        self.fetched = 0
        # A walk starts where the caller's own page number or offset says, if they set one.
        given = [urllib.parse.unquote(v) for k, v in call.params if k == encode(pagination.param)]
        start = int(given[0]) if len(given) == 1 and given[0].lstrip("-").isdigit() else None
        self.first_page = start if pagination.style == "page" and start is not None else pagination.first
        self.offset = start if pagination.style == "offset" and start is not None and start >= 0 else 0
        self.seen: set[str] = set()
        self.done = False
        self._next_url: httpx.URL | None = None
        self._here: httpx.URL | None = None
        self._origin: httpx.URL | None = None

    def next_page(self) -> bool:
        """Whether there is a next page to fetch (counting it); raises `PaginationError` past
        `max_pages`."""
        if self.done:
            return False
        if self.fetched >= self.max_pages:
            self.done = True
            raise PaginationError(
                f"`{self.call.operation}`: the list goes on past {self.max_pages} pages (`max_pages`)"
            )
        self.fetched += 1
        return True

    def build(self, core: Core) -> Outgoing:
        """The request of the page `next_page` counted, with the credentials as they are now
        (built again when a login replaced them)."""
        request = core.request(self.call)
        if self._next_url is not None:
            # The next page's URL replaces path and query; headers and body stay, as in the Rust runtime.
            request = dataclasses.replace(request, url=str(self._next_url.copy_with(query=None)), query=self._next_url.query.decode("ascii"))
        here = httpx.URL(request.url)
        self._here = here.copy_with(query=request.query.encode("ascii")) if request.query else here
        if self._origin is None:
            self._origin = self._here
        return request

    def request(self, core: Core) -> Outgoing | None:
        """The next page's request, or None when the walk is over."""
        return self.build(core) if self.next_page() else None

    def advance(self, page: Response[typing.Any]) -> None:
        """Works out the page after `page` (ending the walk when there is none), or raises
        `PaginationError` for a repeated next page or one on another origin."""
        self.done = True
        p = self.pagination
        body = page.body
        listed = _pointer(body, p.items)
        count = len(listed) if isinstance(listed, list) else 0
        param: str | None = None
        url: httpx.URL | None = None
        if p.style == "cursor":
            param = _text(_pointer(body, p.next))
        elif p.style == "page":
            current = self.first_page + self.fetched - 1
            flagged_last = p.last is not None and _pointer(body, p.last) is True
            total = None if p.total_pages is None else _integer(_pointer(body, p.total_pages))
            past_total = total is not None and current >= total + p.first - 1
            param = str(current + 1) if count > 0 and not flagged_last and not past_total else None
        elif p.style == "offset":
            self.offset += count
            total = None if p.total is None else _integer(_pointer(body, p.total))
            past_total = total is not None and total >= 0 and self.offset >= total
            param = str(self.offset) if count > 0 and not past_total else None
        elif p.style == "link":
            url = self._resolve(next_link(page.headers))
        else:
            url = self._resolve(_text(_pointer(body, p.next)))
        key = param if param is not None else None if url is None else str(url)
        if key is None:
            return
        if key in self.seen:
            raise PaginationError(f"`{self.call.operation}`: the server sent the same next page twice; the walk stops")
        self.seen.add(key)
        if param is not None:
            key = encode(p.param)
            self.call.params = [(name, value) for name, value in self.call.params if name != key]
            self.call.params.append((key, encode(param)))
        self._next_url = url
        self.done = False

    def _resolve(self, next_url: str | None) -> httpx.URL | None:
        """A next-page URL from the server, resolved against the page it came from and kept on
        the first page's origin: credentials ride on every page, so a page elsewhere is refused."""
        if next_url is None or self._here is None or self._origin is None:
            return None
        try:
            target = self._here.join(next_url)
        except (httpx.InvalidURL, ValueError):
            raise PaginationError(f"`{self.call.operation}`: the next page's URL is not a URL") from None
        if target.scheme not in ("http", "https") or _origin(target) != _origin(self._origin):
            raise PaginationError(f"`{self.call.operation}`: the next page is on another origin; it is not fetched")
        return target
