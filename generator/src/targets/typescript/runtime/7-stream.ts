
// Streamed bodies, by the Rust runtime's rules (runtime/src/stream.rs, events.rs, json_lines.rs):
// a success body is read as the caller iterates, not held whole and not subject to
// `maxBodyBytes` (one event or line still is); the attempt's deadline becomes a limit on the
// silence between chunks; retries happen only before the response head. Server-sent events are
// parsed as the WHATWG HTML standard says, JSON lines split on newlines (RS for json-seq).

/** One server-sent event, as the Rust runtime's `Event<T>`. */
export interface ServerEvent<T> {
  /** The `event:` field; `undefined` for the default type, `message`. */
  readonly event: string | undefined;
  /** The last event ID the stream set, which persists across events (what a reconnection sends as `Last-Event-ID`). */
  readonly id: string | undefined;
  /** This event's `retry:` field in milliseconds. */
  readonly retry: number | undefined;
  /** The data lines joined with newlines, decoded. */
  readonly data: T;
}

/**
 * One item of a stream of events or JSON lines: a decoded value, or a {@link DecodeError} whose
 * `rawBody` is the event's data or the line; the stream goes on after an error item.
 */
export type StreamItem<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: DecodeError };

/** Options of a streamed call. */
export interface StreamOptions extends RequestOptions {
  /**
   * Event streams only: how many times a connection that ended (or failed) is opened again, with
   * `Last-Event-ID`, after the server's `retry:` (3 s when it sent none). Default 0; a 204 stops.
   */
  reconnects?: number;
}

/**
 * A success whose body is read as it arrives: iterate it with `for await` (once). A transport
 * failure, a silence past the limit or an event or line larger than `maxBodyBytes` is thrown
 * from the iteration and ends it.
 */
export interface StreamResponse<I> extends AsyncIterable<I> {
  readonly status: number;
  readonly documentedStatus: string;
  readonly mediaType: string;
  readonly headers: Headers;
  /** The last event ID the server set (event streams). */
  readonly lastEventId: string | undefined;
  /** Stops reading and closes the connection. */
  cancel(): Promise<void>;
}

/** How long to wait before reconnecting when the server never sent `retry:`, as the Rust runtime. */
export const DEFAULT_RECONNECT_DELAY_MS = 3_000;

/** What an open body gives: chunks as they arrive, and a way to stop. */
interface LiveBody {
  readonly chunks: AsyncIterable<Uint8Array>;
  cancel(): Promise<void>;
}

/**
 * The body of `response` read chunk by chunk; each chunk must come within `idleMs` of the one
 * before (else a {@link TimeoutError}); aborting `controller` (the caller's signal) stops it.
 */
function liveBody(operation: string, response: Response, controller: AbortController, idleMs: number | null, release: () => void): LiveBody {
  const reader = response.body?.getReader();
  let stopped = false;
  async function* chunks(): AsyncGenerator<Uint8Array> {
    try {
      while (reader !== undefined) {
        // No `Promise.race` with a promise that outlives the read: each race would leave a
        // reaction on it holding that read's chunk, and a long body would pile up in memory.
        let expired: TimeoutError | undefined;
        const timer =
          idleMs === null
            ? undefined
            : setTimeout(() => {
                expired = new TimeoutError(operation, "readTimeout", idleMs);
                controller.abort(expired);
                reader.cancel(expired).catch(() => undefined);
              }, idleMs);
        let next: ReadableStreamReadResult<Uint8Array>;
        try {
          next = await reader.read();
        } catch (error) {
          if (expired !== undefined) throw expired;
          if (controller.signal.aborted) {
            throw new NetworkError(operation, controller.signal.reason, "the request was aborted", "aborted");
          }
          throw new NetworkError(operation, error);
        } finally {
          clearTimeout(timer);
        }
        if (expired !== undefined) throw expired;
        if (next.done && controller.signal.aborted) {
          throw new NetworkError(operation, controller.signal.reason, "the request was aborted", "aborted");
        }
        if (next.done) return;
        yield next.value;
      }
    } finally {
      if (!stopped) {
        stopped = true;
        await reader?.cancel().catch(() => undefined);
        release();
      }
    }
  }
  return {
    chunks: chunks(),
    async cancel() {
      if (!stopped) {
        stopped = true;
        await reader?.cancel().catch(() => undefined);
        release();
      }
    },
  };
}

/** Sends one call of `op` and returns its success as a stream of what the documented media type carries, or throws. */
export async function executeStream<I>(config: Config, op: OperationSpec, pathArgs: readonly unknown[], options: object): Promise<StreamResponse<I>> {
  const args = options as { readonly [key: string]: unknown };
  // `null`: the first connection; `undefined`: a reconnection without a last event ID.
  const open = async (lastId: string | null | undefined) => {
    let opts: object = options;
    if (lastId !== undefined && lastId !== null) {
      const headers = new Headers(args["headers"] as HeadersInit | undefined);
      headers.set("last-event-id", lastId);
      opts = { ...args, headers };
    }
    const { result } = await call(config, op, pathArgs, opts, undefined, { stream: true, reconnecting: lastId !== null });
    return result;
  };
  const first = await open(null);
  const body = first.data as LiveBody | undefined;
  const content = matchResponse(op.responses, first.status)?.contents.find((c) => c.mediaType === first.mediaType);
  const limit = config.settings.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const head = { status: first.status, documentedStatus: first.documentedStatus, mediaType: first.mediaType ?? "", headers: first.headers };
  if (body === undefined || content === undefined) {
    throw new UnexpectedContentTypeError(op.id, first.status, first.headers, new Uint8Array(0), []);
  }
  let current: LiveBody = body;
  const context = { operation: op.id, status: first.status, headers: first.headers, limit };
  if (content.kind === "events") {
    const parser = new EventParser(limit, () => new BodyTooLargeError(op.id, first.status, first.headers, limit));
    const reconnects = Math.max(0, Math.floor(Number(args["reconnects"] ?? 0)) || 0);
    const items = events<unknown>(context, content, parser, current, reconnects, async () => {
      const again = await open(parser.lastId);
      if (again.status === 204) {
        return undefined;
      }
      current = again.data as LiveBody;
      return current;
    });
    return { ...head, get lastEventId() { return parser.lastId; }, [Symbol.asyncIterator]: () => items as AsyncIterator<I>, cancel: () => current.cancel() };
  }
  const items = content.kind === "lines" ? lines(context, current) : current.chunks;
  return { ...head, lastEventId: undefined, [Symbol.asyncIterator]: () => (items as AsyncIterable<I>)[Symbol.asyncIterator](), cancel: () => current.cancel() };
}

interface StreamContext {
  readonly operation: string;
  readonly status: number;
  readonly headers: Headers;
  readonly limit: number;
}

/** The events of a stream, reconnecting (at most `reconnects` times) when the connection ends. */
async function* events<T>(
  at: StreamContext,
  content: ContentSpec,
  parser: EventParser,
  body: LiveBody,
  reconnects: number,
  reopen: () => Promise<LiveBody | undefined>,
): AsyncGenerator<StreamItem<ServerEvent<T>>> {
  let live: LiveBody | undefined = body;
  for (let left = reconnects; live !== undefined; left--) {
    let failure: unknown;
    try {
      for await (const chunk of live.chunks) {
        for (const raw of parser.feed(chunk)) {
          if (content.done !== undefined && raw.data.trim() === content.done) {
            await live.cancel();
            return;
          }
          yield eventItem<T>(at, content, raw);
        }
      }
    } catch (error) {
      if (error instanceof BodyTooLargeError) throw error;
      failure = error;
    }
    parser.discardPartial();
    if (left <= 0) {
      if (failure !== undefined) throw failure;
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, parser.retry ?? DEFAULT_RECONNECT_DELAY_MS));
    live = await reopen();
  }
}

function eventItem<T>(at: StreamContext, content: ContentSpec, raw: RawEvent): StreamItem<ServerEvent<T>> {
  if (content.data === "text") {
    return { ok: true, value: { event: raw.event, id: raw.id, retry: raw.retry, data: raw.data as T } };
  }
  try {
    return { ok: true, value: { event: raw.event, id: raw.id, retry: raw.retry, data: JSON.parse(raw.data) as T } };
  } catch (error) {
    return { ok: false, error: new DecodeError(at.operation, at.status, at.headers, new TextEncoder().encode(raw.data), error) };
  }
}

/** An event as parsed, before its data is decoded. */
interface RawEvent {
  readonly event: string | undefined;
  readonly id: string | undefined;
  readonly retry: number | undefined;
  readonly data: string;
}

/** The event-stream parser: lines end with CRLF, LF or CR; a blank line dispatches the event. */
class EventParser {
  #decoder = new TextDecoder("utf-8");
  #line = "";
  #afterCr = false;
  #data = "";
  #hasData = false;
  #event: string | undefined;
  #retryHere: number | undefined;
  lastId: string | undefined;
  retry: number | undefined;

  constructor(
    private readonly limit: number,
    private readonly tooLarge: () => Error,
  ) {}

  /** The events `chunk` completes. */
  feed(chunk: Uint8Array): RawEvent[] {
    // The decoder drops a leading BOM and keeps a character split across chunks for the next.
    const text = this.#decoder.decode(chunk, { stream: true });
    const out: RawEvent[] = [];
    for (const ch of text) {
      if (ch === "\n" && this.#afterCr) {
        this.#afterCr = false;
        continue;
      }
      this.#afterCr = ch === "\r";
      if (ch === "\r" || ch === "\n") {
        this.#endLine(out);
      } else {
        this.#line += ch;
        if (this.#line.length + this.#data.length > this.limit) throw this.tooLarge();
      }
    }
    return out;
  }

  /** Forgets an event cut off by the end of its connection (its id and retry stay). */
  discardPartial(): void {
    this.#line = "";
    this.#afterCr = false;
    this.#data = "";
    this.#hasData = false;
    this.#event = undefined;
    this.#retryHere = undefined;
    this.#decoder = new TextDecoder("utf-8");
  }

  #endLine(out: RawEvent[]): void {
    const line = this.#line;
    this.#line = "";
    if (line === "") {
      if (this.#hasData) {
        out.push({ event: this.#event, id: this.lastId, retry: this.#retryHere, data: this.#data });
      }
      this.#data = "";
      this.#hasData = false;
      this.#event = undefined;
      this.#retryHere = undefined;
      return;
    }
    if (line.startsWith(":")) return; // A comment: servers send them as keep-alives.
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    switch (field) {
      case "data":
        this.#data = this.#hasData ? `${this.#data}\n${value}` : value;
        this.#hasData = true;
        break;
      case "event":
        this.#event = value === "" ? undefined : value;
        break;
      case "id":
        if (!value.includes("\0")) this.lastId = value === "" ? undefined : value;
        break;
      case "retry":
        if (/^[0-9]+$/.test(value)) {
          this.retry = Number(value);
          this.#retryHere = this.retry;
        }
        break;
    }
  }
}

/** The record separator of RFC 7464 (`application/json-seq`), which starts every record. */
const RECORD_SEPARATOR = 0x1e;

/** The JSON values of a body, one per line (per record for `application/json-seq`); blank lines skipped. */
async function* lines<T>(at: StreamContext, body: LiveBody): AsyncGenerator<StreamItem<T>> {
  const essence = (at.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase();
  const separator = essence === "application/json-seq" ? RECORD_SEPARATOR : 0x0a;
  let pending: Uint8Array[] = [];
  let pendingLength = 0;
  const item = (parts: Uint8Array[]): StreamItem<T> | undefined => {
    const bytes = join(parts);
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes).trim();
      if (text === "") return undefined;
      return { ok: true, value: JSON.parse(text) as T };
    } catch (error) {
      return { ok: false, error: new DecodeError(at.operation, at.status, at.headers, bytes, error) };
    }
  };
  for await (const chunk of body.chunks) {
    let start = 0;
    for (let i = chunk.indexOf(separator); i >= 0; i = chunk.indexOf(separator, start)) {
      pending.push(chunk.subarray(start, i));
      start = i + 1;
      const next = item(pending);
      pending = [];
      pendingLength = 0;
      if (next !== undefined) yield next;
    }
    pending.push(chunk.subarray(start));
    pendingLength += chunk.byteLength - start;
    if (pendingLength > at.limit) {
      await body.cancel();
      throw new BodyTooLargeError(at.operation, at.status, at.headers, at.limit);
    }
  }
  // The last line needs no newline.
  const last = item(pending);
  if (last !== undefined) yield last;
}

function join(parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}

/** Any stream of bytes as a `ReadableStream` `fetch` sends chunk by chunk. */
function byteStream(source: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const iterator = source[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await iterator.next();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}
