
// Walking a paginated list (`x-switchboard-pagination`), by the Rust runtime's rules
// (runtime/src/paginate.rs): one page at a time, only when the caller asks for more, the next
// request made from the first with its cursor, page, offset or URL replaced. A server that
// repeats a next page, names one on another origin, or pages past `maxPages` ends the walk with
// a `PaginationError` instead of looping or sending credentials elsewhere.

/** The most pages one walk fetches unless `maxPages` says otherwise, as the Rust runtime's `DEFAULT_MAX_PAGES`. */
export const DEFAULT_MAX_PAGES = 10_000;

/**
 * A walk over pages stopped: the server sent the same next page twice, named a next page on
 * another origin, the list went past `maxPages`, or a page's items are not a list.
 */
export class PaginationError extends ApiClientError {}

/** Where the next page comes from; `key` is the options property of the query parameter. */
export type PageStyleSpec =
  | { readonly kind: "cursor"; readonly key: string; readonly next: string }
  | { readonly kind: "page"; readonly key: string; readonly first: number; readonly totalPages?: string; readonly last?: string }
  | { readonly kind: "offset"; readonly key: string; readonly total?: string }
  | { readonly kind: "link" }
  | { readonly kind: "nextUrl"; readonly next: string };

/** How an operation pages: the JSON pointer of the items (`""`: the body) and the style. */
export interface PaginationSpec {
  readonly items: string;
  readonly style: PageStyleSpec;
}

/** Options of a walk over pages: those of one call, and a limit. */
export interface PageOptions extends RequestOptions {
  /** The most pages fetched (default: the client's `maxPages`, else {@link DEFAULT_MAX_PAGES}); past it the walk throws a {@link PaginationError}. */
  maxPages?: number;
}

/**
 * Every page of `op` as its documented success (status, headers, body), fetched as the
 * iterator is advanced. Options the caller set go with every page.
 */
export async function* pages<R extends ApiResponse>(
  config: Config,
  op: OperationSpec,
  pagination: PaginationSpec,
  pathArgs: readonly unknown[],
  options: object,
): AsyncGenerator<R, void, undefined> {
  const args: { [key: string]: unknown } = { ...(options as { readonly [key: string]: unknown }) };
  const perCall = own(args, "maxPages");
  const max = typeof perCall === "number" ? perCall : config.settings.maxPages ?? DEFAULT_MAX_PAGES;
  const style = pagination.style;
  const seen = new Set<string>();
  let at: string | undefined;
  let origin: URL | undefined;
  let fetched = 0;
  // A walk starts where the caller's own page number or offset says, if they set one.
  const given = "key" in style ? args[style.key] : undefined;
  const start = typeof given === "number" ? given : NaN;
  const firstPage = style.kind === "page" && Number.isSafeInteger(start) ? start : style.kind === "page" ? style.first : 0;
  let offset = style.kind === "offset" && Number.isSafeInteger(start) && start >= 0 ? start : 0;
  for (;;) {
    if (fetched >= max) {
      throw new PaginationError(op.id, `the list goes on past ${max} pages (\`maxPages\`)`);
    }
    fetched++;
    const { url, result } = await call(config, op, pathArgs, args, at);
    const here = absolute(op.id, url);
    origin ??= here;
    const body = result.data;
    const list = pointer(body, pagination.items);
    const count = Array.isArray(list) ? list.length : 0;
    // A next URL is resolved against the page it came from and must stay on the first page's origin.
    const resolve = (next: string | undefined): string | undefined => {
      if (next === undefined) {
        return undefined;
      }
      let target: URL;
      try {
        target = new URL(next, here);
      } catch {
        throw new PaginationError(op.id, "the next page's URL is not a URL");
      }
      if (origin === undefined || !sameOrigin(origin, target)) {
        throw new PaginationError(op.id, "the next page is on another origin; it is not fetched");
      }
      return target.href;
    };
    let param: string | undefined;
    let nextUrl: string | undefined;
    switch (style.kind) {
      case "cursor":
        param = text(pointer(body, style.next));
        break;
      case "page": {
        const current = firstPage + fetched - 1;
        const flaggedLast = style.last !== undefined && pointer(body, style.last) === true;
        const total = style.totalPages === undefined ? undefined : pointer(body, style.totalPages);
        const pastTotal = Number.isSafeInteger(total) && current >= (total as number) + style.first - 1;
        param = count > 0 && !flaggedLast && !pastTotal ? String(current + 1) : undefined;
        break;
      }
      case "offset": {
        offset += count;
        const total = style.total === undefined ? undefined : pointer(body, style.total);
        const pastTotal = Number.isSafeInteger(total) && (total as number) >= 0 && offset >= (total as number);
        param = count > 0 && !pastTotal ? String(offset) : undefined;
        break;
      }
      case "link":
        nextUrl = resolve(nextLink(result.headers.get("link")));
        break;
      case "nextUrl":
        nextUrl = resolve(text(pointer(body, style.next)));
        break;
    }
    const key = param ?? nextUrl;
    if (key !== undefined) {
      if (seen.has(key)) {
        throw new PaginationError(op.id, "the server sent the same next page twice; the walk stops");
      }
      seen.add(key);
    }
    yield result as R;
    if (key === undefined) {
      return;
    }
    if (param !== undefined && "key" in style) {
      args[style.key] = param;
    }
    at = nextUrl;
  }
}

/** Every item (at the pagination's pointer) of every page of `op`, a page fetched when the previous one's items are used up. */
export async function* items<T>(
  config: Config,
  op: OperationSpec,
  pagination: PaginationSpec,
  pathArgs: readonly unknown[],
  options: object,
): AsyncGenerator<T, void, undefined> {
  for await (const page of pages<ApiResponse>(config, op, pagination, pathArgs, options)) {
    const list = pointer(page.data, pagination.items);
    if (list === undefined || list === null) {
      continue;
    }
    if (!Array.isArray(list)) {
      throw new PaginationError(op.id, `the items at \`${pagination.items}\` are not a list`);
    }
    yield* list as T[];
  }
}

/** The URL a page went to, absolute (a relative base URL is relative to the document in a browser). */
function absolute(operation: string, url: string): URL {
  try {
    return new URL(url, typeof location === "undefined" ? undefined : location.href);
  } catch {
    throw new PaginationError(operation, "the page's URL is not a URL");
  }
}

/** The value at a JSON pointer (RFC 6901), `undefined` where there is none. */
function pointer(value: unknown, path: string): unknown {
  if (path === "") {
    return value;
  }
  if (!path.startsWith("/")) {
    return undefined;
  }
  let current = value;
  for (const raw of path.slice(1).split("/")) {
    const token = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (Array.isArray(current)) {
      if (!/^(0|[1-9][0-9]*)$/.test(token)) {
        return undefined;
      }
      current = current[Number(token)];
    } else if (typeof current === "object" && current !== null && Object.prototype.hasOwnProperty.call(current, token)) {
      current = (current as { readonly [key: string]: unknown })[token];
    } else {
      return undefined;
    }
  }
  return current;
}

/** A cursor or URL as the server wrote it: a non-empty string or a number; anything else is none. */
function text(value: unknown): string | undefined {
  if (typeof value === "string") {
    return value === "" ? undefined : value;
  }
  return typeof value === "number" && Number.isFinite(value) ? String(value) : undefined;
}

/**
 * The target of the first link whose `rel` has `next`, in a `Link` header (RFC 8288): several
 * links separated by commas, parameters by semicolons, quoted values with escapes, relation
 * types compared without case.
 */
export function nextLink(header: string | null): string | undefined {
  if (header === null) {
    return undefined;
  }
  let i = 0;
  const n = header.length;
  const skip = (chars: string) => {
    while (i < n && chars.includes(header[i] as string)) {
      i++;
    }
  };
  while (i < n) {
    skip(" \t,");
    if (header[i] !== "<") {
      // Not a link: drop everything up to the next comma outside quotes.
      let quoted = false;
      while (i < n && (quoted || header[i] !== ",")) {
        if (header[i] === "\\" && quoted) {
          i++;
        } else if (header[i] === '"') {
          quoted = !quoted;
        }
        i++;
      }
      continue;
    }
    const end = header.indexOf(">", i);
    if (end < 0) {
      return undefined;
    }
    const target = header.slice(i + 1, end);
    i = end + 1;
    let rel: string | undefined;
    for (;;) {
      skip(" \t");
      if (header[i] !== ";") {
        break;
      }
      i++;
      skip(" \t");
      const start = i;
      while (i < n && !"=;, \t".includes(header[i] as string)) {
        i++;
      }
      const name = header.slice(start, i).toLowerCase();
      skip(" \t");
      let value = "";
      if (header[i] === "=") {
        i++;
        skip(" \t");
        if (header[i] === '"') {
          i++;
          while (i < n && header[i] !== '"') {
            if (header[i] === "\\" && i + 1 < n) {
              i++;
            }
            value += header[i];
            i++;
          }
          i++;
        } else {
          const from = i;
          while (i < n && !";, \t".includes(header[i] as string)) {
            i++;
          }
          value = header.slice(from, i);
        }
      }
      // The first `rel` counts; later ones are ignored (RFC 8288, 3.3).
      if (name === "rel" && rel === undefined) {
        rel = value;
      }
    }
    if (rel !== undefined && rel.split(/[ \t]+/).some((r) => r.toLowerCase() === "next")) {
      return target.trim();
    }
  }
  return undefined;
}
