// Runtime support shared by generated clients: building requests from an operation's
// description, credentials, sending with `fetch`, and turning answers into typed results or
// thrown errors. Hand-written and reviewed; generated code only describes operations and calls
// `execute`. Bodies are returned as the server sent them: nothing is checked, stripped or coerced.
//
// Against a server the caller does not control (the Rust runtime's rules): redirects are followed
// only within the request's origin, bodies are read as a stream up to a limit, every attempt has
// a deadline and every read an idle limit, and no error message names the URL or a credential.

/** Where a parameter goes. */
export type ParameterLocation = "path" | "query" | "header" | "cookie";

/** A parameter of an operation, as the API document describes it. */
export interface ParameterSpec {
  /** Name on the wire. */
  readonly name: string;
  /** Property of the options object that carries it (path parameters are positional: ""). */
  readonly key: string;
  readonly in: ParameterLocation;
  /** OpenAPI `style`, already defaulted for its location. */
  readonly style: string;
  readonly explode: boolean;
}

/** How a body is encoded on the wire. */
export type BodyKind = "json" | "text" | "binary" | "form" | "multipart";

/** The request body an operation sends. */
export interface BodySpec {
  readonly mediaType: string;
  readonly kind: BodyKind;
}

/** One documented media type of a response. */
export interface ContentSpec {
  readonly mediaType: string;
  readonly kind: "json" | "text" | "binary";
}

/** One documented response: a status code, a range (`"4XX"`) or `"default"`. */
export interface ResponseSpec {
  readonly status: number | string;
  readonly success: boolean;
  /** Empty when the response has no body. */
  readonly contents: readonly ContentSpec[];
}

/** What the client knows about one operation; written by the generator. */
export interface OperationSpec {
  /** The operationId. */
  readonly id: string;
  readonly method: string;
  /** Path template, e.g. `/users/{id}`. */
  readonly path: string;
  /** The operation's own server, when it differs from the API's. */
  readonly server?: string;
  readonly parameters: readonly ParameterSpec[];
  readonly body?: BodySpec;
  /** Alternatives of security scheme keys, in order; an empty alternative allows anonymous access. */
  readonly security: readonly (readonly string[])[];
  /** Codes first, then ranges, then `default`: the first that matches decides. */
  readonly responses: readonly ResponseSpec[];
}

/** How a security scheme puts its credential on a request. */
export type SecuritySchemeSpec =
  | { readonly type: "apiKey"; readonly in: "header" | "query" | "cookie"; readonly name: string }
  | { readonly type: "basic" }
  | { readonly type: "bearer" };

/** A secret (API key or token), or a function that returns one, called before each request. */
export type Token = string | (() => string | Promise<string>);

/** HTTP Basic credentials. */
export interface BasicCredentials {
  readonly username: string;
  readonly password: string;
}

/** Options of a single call. */
export interface RequestOptions {
  /** Extra request headers; they win over every other header of the request. */
  headers?: HeadersInit;
  /** Aborts the request (it then fails with a {@link NetworkError}). */
  signal?: AbortSignal;
}

/** Options every client takes besides its credentials. */
export interface ClientSettings {
  /** The URL operation paths are appended to (default: the API's first server). */
  baseUrl?: string;
  /** Headers sent with every request (per-call `headers` win over them). */
  headers?: HeadersInit;
  /** The `fetch` to use (default: the global one); a hook for logging, retries or tests. */
  fetch?: typeof fetch;
  /** Base URLs by operationId, for operations that live on a server of their own. */
  operationBaseUrls?: { readonly [operationId: string]: string };
  /**
   * Milliseconds one attempt may take, from sending to the last byte of the body; past it the
   * call fails with a {@link TimeoutError}. Default {@link DEFAULT_TIMEOUT_MS} (60 s); `null` for none.
   */
  timeout?: number | null;
  /**
   * Milliseconds the server may stay silent, waiting for the headers or between two chunks of the
   * body, before the call fails with a {@link TimeoutError}. Default {@link DEFAULT_READ_TIMEOUT_MS}
   * (30 s); `null` for none.
   */
  readTimeout?: number | null;
  /**
   * The largest body read, counted after decompression; a larger one fails with a
   * {@link BodyTooLargeError} once the limit is passed, never read further. Default
   * {@link DEFAULT_MAX_BODY_BYTES} (32 MiB).
   */
  maxBodyBytes?: number;
  /**
   * The most redirects followed for one call (default {@link DEFAULT_MAX_REDIRECTS}, 10; 0 follows
   * none). Only redirects within the request's origin (scheme, host and port) are followed; any
   * other comes back as the answer it is (for an operation that does not document the status, an
   * {@link UnexpectedStatusError} whose `headers` carry `Location`).
   */
  maxRedirects?: number;
}

/** The default limit of one attempt, as the Rust runtime's `DEFAULT_TIMEOUT`. */
export const DEFAULT_TIMEOUT_MS = 60_000;
/** The default limit of the server's silences, as the Rust runtime's `DEFAULT_READ_TIMEOUT`. */
export const DEFAULT_READ_TIMEOUT_MS = 30_000;
/** The default limit of a (decompressed) body: 32 MiB. */
export const DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024;
/** The default number of same-origin redirects followed. */
export const DEFAULT_MAX_REDIRECTS = 10;

/**
 * A successful answer: status, the matched documented media type, the body and the headers.
 * `documentedStatus` names the documented response that matched (`"200"`, `"2XX"`).
 */
export interface ApiResponse<S extends number = number, M extends string | null = string | null, T = unknown, K extends string = string> {
  readonly status: S;
  readonly documentedStatus: K;
  /** The documented media type that matched the response's `Content-Type` (null without a body). */
  readonly mediaType: M;
  readonly data: T;
  readonly headers: Headers;
}

/** A body for a `multipart/form-data` request: `FormData`, or an object whose values become parts. */
export type MultipartBody<T> = FormData | { [K in keyof T]: T[K] | Blob };

/** A body for a binary request. */
export type BinaryBody = Blob | ArrayBuffer | Uint8Array<ArrayBuffer> | string;

/** Everything a generated client passes to {@link execute}. */
export interface Config {
  readonly settings: ClientSettings;
  readonly defaultBaseUrl: string;
  readonly schemes: { readonly [key: string]: SecuritySchemeSpec };
  /** Credentials by scheme key (the `auth` option). */
  readonly credentials: object | undefined;
}

/** The base of every error a client throws. */
export class ApiClientError extends Error {
  /** The operationId of the call that failed. */
  readonly operation: string;

  constructor(operation: string, message: string, options?: { cause?: unknown }) {
    super(`${operation}: ${message}`, options);
    this.name = new.target.name;
    this.operation = operation;
  }
}

/**
 * The server answered with a status the API documents as an error. Each operation has a type
 * (`<Operation>Error`) that narrows `body` by `status` (and `mediaType`); `isApiError(e, id)`
 * from the client module checks and narrows in one step.
 */
export class ApiError extends ApiClientError {
  readonly status: number;
  /**
   * The documented response that matched: a code (`"404"`), a range (`"4XX"`) or `"default"`.
   * Unlike `status`, it tells a range's body from a code's in the operation's error type.
   */
  readonly documentedStatus: string;
  readonly mediaType: string | null;
  readonly body: unknown;
  readonly headers: Headers;

  constructor(operation: string, status: number, documentedStatus: string, mediaType: string | null, body: unknown, headers: Headers) {
    super(operation, `the server answered ${status}`);
    this.status = status;
    this.documentedStatus = documentedStatus;
    this.mediaType = mediaType;
    this.body = body;
    this.headers = headers;
  }
}

/** A documented error of one status and media type: {@link ApiError} with `body` typed. */
export type ApiErrorOf<S extends number, M extends string | null, B, K extends string = string> = ApiError & {
  readonly status: S;
  readonly documentedStatus: K;
  readonly mediaType: M;
  readonly body: B;
};

/** An answer the client cannot turn into a documented result: the raw body is kept. */
class RawAnswerError extends ApiClientError {
  readonly status: number;
  readonly headers: Headers;
  /** The body's bytes, as received. */
  readonly rawBody: Uint8Array<ArrayBuffer>;

  constructor(operation: string, message: string, status: number, headers: Headers, rawBody: Uint8Array<ArrayBuffer>, cause?: unknown) {
    super(operation, message, cause === undefined ? undefined : { cause });
    this.status = status;
    this.headers = headers;
    this.rawBody = rawBody;
  }

  /** The body as text (invalid UTF-8 replaced). An error status's body has this client's own credentials replaced by `***`. */
  get bodyText(): string {
    return new TextDecoder().decode(this.rawBody);
  }

  /** The start of the body for logs: JSON with token-, password- and key-like values replaced by `***`. */
  get bodyExcerpt(): string {
    return bodyExcerpt(this.rawBody);
  }

  /** What `console.log` and `util.inspect` show: the redacted excerpt, not the raw bytes. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return `${this.stack ?? this.toString()}\n  status: ${this.status}\n  body: ${JSON.stringify(this.bodyExcerpt)}`;
  }
}

/** The server answered with a status the API does not document for the operation. */
export class UnexpectedStatusError extends RawAnswerError {
  constructor(operation: string, status: number, headers: Headers, rawBody: Uint8Array<ArrayBuffer>) {
    super(operation, `the server answered with undocumented status ${status}`, status, headers, rawBody);
  }
}

/** The answer's `Content-Type` is none of those documented for its status. */
export class UnexpectedContentTypeError extends RawAnswerError {
  readonly expected: readonly string[];

  constructor(operation: string, status: number, headers: Headers, rawBody: Uint8Array<ArrayBuffer>, expected: readonly string[]) {
    const actual = headers.get("content-type") ?? "(none)";
    super(operation, `the ${status} answer has content type \`${actual}\`, expected one of ${expected.join(", ")}`, status, headers, rawBody);
    this.expected = expected;
  }
}

/** The body could not be decoded as documented (JSON that does not parse, text that is not UTF-8). */
export class DecodeError extends RawAnswerError {
  constructor(operation: string, status: number, headers: Headers, rawBody: Uint8Array<ArrayBuffer>, cause: unknown) {
    super(operation, `the ${status} answer's body could not be decoded: ${describe(cause)}`, status, headers, rawBody, cause);
  }
}

/**
 * The request could not be sent or the answer not read (connection, TLS, abort); see `cause`, a
 * copy of what `fetch` threw with the URL and this client's credentials taken out.
 */
export class NetworkError extends ApiClientError {
  constructor(operation: string, cause: unknown, what = "the request failed") {
    super(operation, `${what}: ${describe(cause)}`, { cause });
  }
}

/** An attempt took longer than the client's `timeout`, or the server was silent longer than its `readTimeout`. */
export class TimeoutError extends NetworkError {
  /** Which limit was passed. */
  readonly limit: "timeout" | "readTimeout";
  /** The limit in milliseconds. */
  readonly ms: number;

  constructor(operation: string, limit: "timeout" | "readTimeout", ms: number) {
    const what = limit === "timeout" ? `the attempt took longer than ${ms} ms` : `the server sent nothing for ${ms} ms`;
    super(operation, what, "the request timed out");
    this.limit = limit;
    this.ms = ms;
  }
}

/** The answer's body (decompressed) is larger than the client's `maxBodyBytes`; it was not read further. */
export class BodyTooLargeError extends ApiClientError {
  readonly status: number;
  readonly headers: Headers;
  /** The limit in bytes. */
  readonly limit: number;

  constructor(operation: string, status: number, headers: Headers, limit: number) {
    super(operation, `the ${status} answer's body is larger than the limit of ${limit} bytes`);
    this.status = status;
    this.headers = headers;
    this.limit = limit;
  }
}

/** The request was refused before sending: an argument cannot be encoded safely. */
export class InvalidRequestError extends ApiClientError {}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Sends one call of `op` and returns its documented success, or throws. */
export async function execute<R>(config: Config, op: OperationSpec, pathArgs: readonly unknown[], options: object): Promise<R> {
  const args = options as { readonly [key: string]: unknown };
  // The credentials this call carries, to keep out of every message and error body.
  const secrets: string[] = [];
  let url = "";
  let init: RequestInit;
  try {
    [url, init] = await prepare(config, op, pathArgs, args, secrets);
  } catch (error) {
    // A value `Headers` or `JSON.stringify` rejects, or a token function that failed.
    if (error instanceof ApiClientError) {
      throw error;
    }
    const hide = hider(url, secrets);
    throw new InvalidRequestError(op.id, `the request could not be prepared: ${hide(describe(error))}`, { cause: sanitized(error, hide) });
  }
  const { status, headers, raw } = await exchange(config.settings, op.id, url, init, secrets);
  // An error's body may be printed: this call's own credentials are taken out before it is decoded.
  const body = status < 200 || status >= 300 ? scrub(raw, secrets) : raw;
  return answer(op, status, headers, body) as R;
}

/**
 * One attempt: `fetch` with same-origin redirects followed by hand, then the body read as a
 * stream up to the limit, under the attempt's deadline and the idle limit.
 */
async function exchange(
  settings: ClientSettings,
  operation: string,
  url: string,
  init: RequestInit,
  secrets: readonly string[],
): Promise<{ status: number; headers: Headers; raw: Uint8Array<ArrayBuffer> }> {
  const send = settings.fetch ?? globalThis.fetch;
  const timeout = settings.timeout === undefined ? DEFAULT_TIMEOUT_MS : settings.timeout;
  const readTimeout = settings.readTimeout === undefined ? DEFAULT_READ_TIMEOUT_MS : settings.readTimeout;
  const limit = settings.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const maxRedirects = settings.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  const controller = new AbortController();
  let expired: TimeoutError | undefined;
  const expire = (which: "timeout" | "readTimeout", ms: number) => {
    expired = new TimeoutError(operation, which, ms);
    controller.abort(expired);
  };
  // Rejects once the call is aborted, so that a `fetch` or a body that ignores the signal still stops.
  const aborted = new Promise<never>((_, reject) => {
    controller.signal.addEventListener("abort", () => reject(controller.signal.reason), { once: true });
  });
  aborted.catch(() => undefined);
  const outer = init.signal ?? undefined;
  const onOuterAbort = () => controller.abort(outer?.reason);
  if (outer?.aborted) {
    onOuterAbort();
  } else {
    outer?.addEventListener("abort", onOuterAbort, { once: true });
  }
  const deadline = timeout === null ? undefined : setTimeout(() => expire("timeout", timeout), timeout);
  let idle: ReturnType<typeof setTimeout> | undefined;
  const quiet = () => {
    if (readTimeout !== null) {
      clearTimeout(idle);
      idle = setTimeout(() => expire("readTimeout", readTimeout), readTimeout);
    }
  };
  try {
    quiet();
    const response = await follow(send, operation, url, { ...init, signal: controller.signal }, maxRedirects, aborted);
    quiet();
    const raw = await readBody(operation, response, limit, quiet, aborted);
    return { status: response.status, headers: response.headers, raw };
  } catch (error) {
    if (expired !== undefined) {
      throw expired;
    }
    if (error instanceof ApiClientError) {
      throw error;
    }
    const hide = hider(url, secrets);
    throw new NetworkError(operation, sanitized(error, hide));
  } finally {
    clearTimeout(deadline);
    clearTimeout(idle);
    outer?.removeEventListener("abort", onOuterAbort);
  }
}

const REDIRECTS = [301, 302, 303, 307, 308];

/** `fetch` with `redirect: "manual"`, following a redirect only within the request's origin. */
async function follow(
  send: typeof fetch,
  operation: string,
  url: string,
  init: RequestInit,
  maxRedirects: number,
  aborted: Promise<never>,
): Promise<Response> {
  let current = url;
  let request: RequestInit = { ...init, redirect: "manual" };
  for (let hops = 0; ; hops++) {
    const response = await Promise.race([send(current, request), aborted]);
    const location = response.headers.get("location");
    if (!REDIRECTS.includes(response.status) || location === null || maxRedirects <= 0) {
      return response;
    }
    let next: URL;
    try {
      next = new URL(location, current);
    } catch {
      return response;
    }
    if (!sameOrigin(new URL(current), next)) {
      return response;
    }
    if (hops >= maxRedirects) {
      await response.body?.cancel().catch(() => undefined);
      throw new NetworkError(operation, `more than ${maxRedirects} redirects`, "the request failed");
    }
    await response.body?.cancel().catch(() => undefined);
    const method = (request.method ?? "GET").toUpperCase();
    if (response.status === 303 ? method !== "HEAD" : response.status <= 302 && method === "POST") {
      // As browsers do: the next request is a GET without the body.
      const headers = new Headers(request.headers);
      headers.delete("content-type");
      headers.delete("content-length");
      request = { ...request, method: "GET", body: undefined, headers };
    }
    current = next.href;
  }
}

/** Same scheme, host and port (the default port of the scheme when none is written); http(s) only. */
function sameOrigin(a: URL, b: URL): boolean {
  const web = (u: URL) => u.protocol === "http:" || u.protocol === "https:";
  return web(a) && web(b) && a.origin === b.origin;
}

/** The body as a stream, decompressed as `fetch` delivers it, refused as soon as it passes `limit`. */
async function readBody(
  operation: string,
  response: Response,
  limit: number,
  onChunk: () => void,
  aborted: Promise<never>,
): Promise<Uint8Array<ArrayBuffer>> {
  const tooLarge = () => new BodyTooLargeError(operation, response.status, response.headers, limit);
  const encoding = (response.headers.get("content-encoding") ?? "identity").trim().toLowerCase();
  const declared = Number(response.headers.get("content-length") ?? "NaN");
  if (encoding === "identity" && declared > limit) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  if (response.body === null) {
    return new Uint8Array(0);
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  try {
    for (;;) {
      const { done, value } = await Promise.race([reader.read(), aborted]);
      if (done) {
        break;
      }
      onChunk();
      length += value.byteLength;
      if (length > limit) {
        throw tooLarge();
      }
      chunks.push(value);
    }
  } catch (error) {
    reader.cancel().catch(() => undefined);
    throw error;
  }
  const raw = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    raw.set(chunk, at);
    at += chunk.byteLength;
  }
  return raw;
}

/** Replaces the URL (which may carry a key in its query) and each secret in `text`. */
function hider(url: string, secrets: readonly string[]): (text: string) => string {
  const hidden = secrets.filter((s) => s.length >= 4).flatMap((s) => [s, encodeURIComponent(s)]);
  return (text) => {
    let out = url === "" ? text : text.split(url).join("<url>");
    for (const secret of hidden) {
      out = out.split(secret).join("***");
    }
    return out;
  };
}

/**
 * A copy of what `fetch` threw (and its causes), with `hide` applied to every message and stack:
 * Node's own errors may name the URL, and `console.log` prints the whole cause chain.
 */
function sanitized(error: unknown, hide: (text: string) => string, depth = 0): unknown {
  if (!(error instanceof Error)) {
    return typeof error === "string" ? hide(error) : error === undefined || error === null ? error : hide(String(error));
  }
  const cause = depth < 5 && error.cause !== undefined ? { cause: sanitized(error.cause, hide, depth + 1) } : undefined;
  const copy = new Error(hide(error.message), cause) as Error & { [key: string]: unknown };
  copy.name = error.name;
  for (const key of ["code", "errno", "syscall"]) {
    const value = (error as unknown as { [key: string]: unknown })[key];
    if (typeof value === "string" || typeof value === "number") {
      copy[key] = value;
    }
  }
  copy.stack = hide(error.stack ?? `${copy.name}: ${copy.message}`);
  return copy;
}

/**
 * Replaces every occurrence of each secret (UTF-8) in `body` by `***`, in place of the body's
 * bytes: a server that echoes a token in an error must not put it into an error the caller
 * prints. Secrets shorter than four bytes are left alone, as the Rust runtime does.
 */
function scrub(body: Uint8Array<ArrayBuffer>, secrets: readonly string[]): Uint8Array<ArrayBuffer> {
  let out = body;
  const stars = new TextEncoder().encode("***");
  for (const secret of secrets) {
    const needle = new TextEncoder().encode(secret);
    if (needle.length < 4) {
      continue;
    }
    const pieces: Uint8Array[] = [];
    let start = 0;
    for (let i = 0; i + needle.length <= out.length; ) {
      let hit = true;
      for (let j = 0; j < needle.length; j++) {
        if (out[i + j] !== needle[j]) {
          hit = false;
          break;
        }
      }
      if (hit) {
        pieces.push(out.subarray(start, i), stars);
        i += needle.length;
        start = i;
      } else {
        i++;
      }
    }
    if (pieces.length > 0) {
      pieces.push(out.subarray(start));
      const joined = new Uint8Array(pieces.reduce((n, p) => n + p.length, 0));
      let at = 0;
      for (const piece of pieces) {
        joined.set(piece, at);
        at += piece.length;
      }
      out = joined;
    }
  }
  return out;
}

/** Whether a header or JSON key names a credential (the Rust runtime's `is_secret_name`). */
export function isSecretName(name: string): boolean {
  const lower = name.toLowerCase().replace(/[-_]/g, "");
  return ["authorization", "token", "password", "secret", "apikey", "credential", "cookie"].some((s) => lower.includes(s));
}

/** The start of a body for messages and logs; JSON has secret-looking values replaced by `***` first. */
export function bodyExcerpt(body: Uint8Array): string {
  const shown = 512;
  const text = new TextDecoder().decode(body);
  let excerpt: string;
  try {
    excerpt = JSON.stringify(redact(JSON.parse(text) as unknown));
  } catch {
    excerpt = new TextDecoder().decode(body.subarray(0, shown));
  }
  const chars = Array.from(excerpt);
  return chars.length > shown ? chars.slice(0, shown).join("") + "…" : excerpt;
}

function redact(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(redact);
  }
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, isSecretName(k) && v !== null ? "***" : redact(v)]));
  }
  return value;
}

/** The URL and `fetch` options of one call: parameters, credentials, body and headers. */
async function prepare(
  config: Config,
  op: OperationSpec,
  pathArgs: readonly unknown[],
  args: { readonly [key: string]: unknown },
  secrets: string[],
): Promise<[string, RequestInit]> {
  const request = new RequestParts(op.id);
  const path = buildPath(op, pathArgs);
  for (const p of op.parameters) {
    if (p.in !== "path") {
      request.parameter(p, args[p.key]);
    }
  }
  await authorize(config, op, request, secrets);
  const base = config.settings.operationBaseUrls?.[op.id] ?? op.server ?? config.settings.baseUrl ?? config.defaultBaseUrl;
  const headers = new Headers(config.settings.headers);
  request.headers.forEach((value, name) => headers.set(name, value));
  if (request.cookies.length > 0) {
    headers.set("cookie", request.cookies.join("; "));
  }
  const body = op.body === undefined ? undefined : encodeBody(op.id, op.body, args["body"], headers);
  new Headers(args["headers"] as HeadersInit | undefined).forEach((value, name) => headers.set(name, value));
  const signal = args["signal"] as AbortSignal | undefined;
  return [joinUrl(base, path) + request.queryString(), { method: op.method, headers, body, signal }];
}

/** The URL of a path under a base URL that may have a path of its own (`/v2`). */
export function joinUrl(base: string, path: string): string {
  return base.replace(/\/+$/, "") + path;
}

/** The path with each parameter encoded as exactly one segment. */
function buildPath(op: OperationSpec, pathArgs: readonly unknown[]): string {
  const specs = op.parameters.filter((p) => p.in === "path");
  return op.path.replace(/\{([^}]*)\}/g, (whole, name: string) => {
    const index = specs.findIndex((p) => p.name === name);
    const spec = specs[index];
    if (spec === undefined) {
      return whole;
    }
    return pathSegment(op.id, spec, pathArgs[index]);
  });
}

/** One path parameter in its style (`simple`, `label`, `matrix`), percent-encoded. */
export function pathSegment(operation: string, spec: ParameterSpec, value: unknown): string {
  const text = styled(spec, value, encodeURIComponent);
  if (text === "" || text === "." || text === "..") {
    throw new InvalidRequestError(operation, `path parameter \`${spec.name}\` is \`${text}\`, which would address another resource`);
  }
  return text;
}

/** A path or header value in its OpenAPI style, each piece passed through `encode`. */
function styled(spec: ParameterSpec, value: unknown, encode: (s: string) => string): string {
  const { name, style, explode } = spec;
  const pairs = entries(value);
  let items: string[];
  let separator = ",";
  if (pairs !== undefined) {
    items = explode ? pairs.map(([k, v]) => `${encode(k)}=${encode(v)}`) : pairs.flatMap(([k, v]) => [encode(k), encode(v)]);
  } else {
    items = listOf(value).map((v) => encode(scalar(v)));
  }
  switch (style) {
    case "label":
      separator = explode ? "." : ",";
      return "." + items.join(separator);
    case "matrix":
      if (pairs !== undefined) {
        return explode ? ";" + items.join(";") : `;${encode(name)}=` + items.join(",");
      }
      return explode ? items.map((item) => `;${encode(name)}=${item}`).join("") : `;${encode(name)}=` + items.join(",");
    default:
      return items.join(separator);
  }
}

/** An object's entries as strings, or undefined for anything that is not a plain object. */
function entries(value: unknown): [string, string][] | undefined {
  if (value === null || typeof value !== "object" || Array.isArray(value) || value instanceof Blob) {
    return undefined;
  }
  return Object.entries(value as object)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => [k, scalar(v)]);
}

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}

/** A value as parameter text: strings as they are, anything structured as JSON. */
function scalar(value: unknown): string {
  if (typeof value === "string") {
    return value;
  }
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") {
    return String(value);
  }
  return JSON.stringify(value) ?? "";
}

/** The non-path parts of a request, collected before sending. */
class RequestParts {
  readonly headers = new Headers();
  readonly cookies: string[] = [];
  /** Percent-encoded name/value pairs. */
  readonly query: [string, string][] = [];

  constructor(private readonly operation: string) {}

  /** Writes an optional parameter (skipped when undefined or null) where it belongs. */
  parameter(spec: ParameterSpec, value: unknown): void {
    if (value === undefined || value === null) {
      return;
    }
    switch (spec.in) {
      case "query":
        this.query.push(...queryPairs(spec, value));
        break;
      case "header":
        this.header(spec.name, styled(spec, value, (s) => s));
        break;
      case "cookie":
        this.cookie(spec.name, listOf(value).map(scalar).join(","));
        break;
      case "path":
        break;
    }
  }

  header(name: string, value: string): void {
    if (/[\r\n]/.test(value)) {
      throw new InvalidRequestError(this.operation, `header \`${name}\` would contain a line break`);
    }
    this.headers.set(name, value);
  }

  cookie(name: string, value: string): void {
    this.cookies.push(`${name}=${encodeURIComponent(value)}`);
  }

  queryString(): string {
    if (this.query.length === 0) {
      return "";
    }
    return "?" + this.query.map(([k, v]) => `${k}=${v}`).join("&");
  }
}

/**
 * A query parameter's pairs in its style (`form`, `spaceDelimited`, `pipeDelimited`,
 * `deepObject`), percent-encoded: delimiters stay literal, so a comma inside a value is `%2C`.
 */
export function queryPairs(spec: ParameterSpec, value: unknown): [string, string][] {
  const { style, explode } = spec;
  const name = encodeURIComponent(spec.name);
  const pairs = entries(value)?.map(([k, v]): [string, string] => [encodeURIComponent(k), encodeURIComponent(v)]);
  if (pairs !== undefined) {
    if (style === "deepObject") {
      return pairs.map(([k, v]) => [`${name}%5B${k}%5D`, v]);
    }
    return explode ? pairs : [[name, pairs.flatMap(([k, v]) => [k, v]).join(",")]];
  }
  const items = listOf(value).map((item) => encodeURIComponent(scalar(item)));
  if (explode) {
    return items.map((item) => [name, item]);
  }
  const separator = style === "spaceDelimited" ? "%20" : style === "pipeDelimited" ? "|" : ",";
  return [[name, items.join(separator)]];
}

/**
 * Applies the first alternative of the operation's security whose credentials are all set; with
 * none complete the request goes out as it is and the server decides.
 */
async function authorize(config: Config, op: OperationSpec, request: RequestParts, secrets: string[]): Promise<void> {
  const credentials = (config.credentials ?? {}) as { readonly [key: string]: unknown };
  for (const alternative of op.security) {
    if (!alternative.every((key) => credentials[key] !== undefined && config.schemes[key] !== undefined)) {
      continue;
    }
    for (const key of alternative) {
      const scheme = config.schemes[key];
      const credential = credentials[key];
      if (scheme === undefined || credential === undefined) {
        continue;
      }
      if (scheme.type === "basic") {
        const { username, password } = credential as BasicCredentials;
        const encoded = base64(`${username}:${password}`);
        secrets.push(password, encoded);
        request.header("authorization", `Basic ${encoded}`);
        continue;
      }
      const secret = await resolveToken(credential as Token);
      secrets.push(secret);
      if (scheme.type === "bearer") {
        request.header("authorization", `Bearer ${secret}`);
      } else if (scheme.in === "header") {
        request.header(scheme.name, secret);
      } else if (scheme.in === "query") {
        request.query.push([encodeURIComponent(scheme.name), encodeURIComponent(secret)]);
      } else {
        request.cookie(scheme.name, secret);
      }
    }
    return;
  }
}

async function resolveToken(token: Token): Promise<string> {
  return typeof token === "function" ? await token() : token;
}

/** Base64 of the UTF-8 bytes of `text` (`btoa` alone only takes Latin-1). */
export function base64(text: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(text)) {
    binary += String.fromCharCode(byte);
  }
  return btoa(binary);
}

/** The body to send, setting `Content-Type` where `fetch` does not. */
function encodeBody(operation: string, spec: BodySpec, value: unknown, headers: Headers): BodyInit | undefined {
  if (value === undefined) {
    return undefined;
  }
  const concrete = !spec.mediaType.includes("*");
  switch (spec.kind) {
    case "json":
      headers.set("content-type", concrete ? spec.mediaType : "application/json");
      return JSON.stringify(value);
    case "text":
      headers.set("content-type", concrete ? spec.mediaType : "text/plain");
      return String(value);
    case "form": {
      headers.set("content-type", "application/x-www-form-urlencoded");
      const form = new URLSearchParams();
      for (const [k, v] of Object.entries(value as object)) {
        for (const item of v === undefined ? [] : listOf(v)) {
          form.append(k, scalar(item));
        }
      }
      return form.toString();
    }
    case "multipart":
      // `fetch` writes the content type itself, with the boundary.
      headers.delete("content-type");
      return value instanceof FormData ? value : formData(value as object);
    case "binary": {
      const declared = value instanceof Blob && value.type !== "" ? value.type : concrete ? spec.mediaType : "application/octet-stream";
      headers.set("content-type", declared);
      if (value instanceof Blob || value instanceof ArrayBuffer || typeof value === "string" || value instanceof Uint8Array) {
        return value as BodyInit;
      }
      throw new InvalidRequestError(operation, "a binary body must be a Blob, an ArrayBuffer, a Uint8Array or a string");
    }
  }
}

/** Multipart parts from an object: blobs as files, strings as they are, anything else as JSON. */
function formData(value: object): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(value)) {
    for (const item of v === undefined ? [] : listOf(v)) {
      if (item instanceof Blob) {
        form.append(k, item);
      } else if (typeof item === "string") {
        form.append(k, item);
      } else {
        form.append(k, new Blob([JSON.stringify(item) ?? ""], { type: "application/json" }));
      }
    }
  }
  return form;
}

/** Which documented response a status falls under: codes, then ranges, then `default`. */
export function matchResponse(responses: readonly ResponseSpec[], status: number): ResponseSpec | undefined {
  return responses.find((r) => {
    if (typeof r.status === "number") {
      return r.status === status;
    }
    if (r.status === "default") {
      return true;
    }
    return Math.floor(status / 100) === Number(r.status.charAt(0));
  });
}

/** Whether a response `Content-Type` is covered by a documented media type (ranges such as `image/*` too). */
export function mediaMatches(declared: string, actual: string): boolean {
  const essence = (s: string) => (s.split(";")[0] ?? "").trim().toLowerCase();
  const [d, a] = [essence(declared), essence(actual)];
  if (d === "*/*" || d === a) {
    return true;
  }
  return d.endsWith("/*") && a.split("/")[0] === d.slice(0, -2);
}

/** The documented success of an answer, or the error to throw. */
export function answer(op: OperationSpec, status: number, headers: Headers, raw: Uint8Array<ArrayBuffer>): ApiResponse {
  const spec = matchResponse(op.responses, status);
  if (spec === undefined) {
    // An operation that documents no success still succeeds on 2xx, with the raw body.
    if (status >= 200 && status < 300 && !op.responses.some((r) => r.success)) {
      return { status, documentedStatus: "2XX", mediaType: headers.get("content-type"), data: new Blob([raw], { type: headers.get("content-type") ?? "" }), headers };
    }
    throw new UnexpectedStatusError(op.id, status, headers, raw);
  }
  let mediaType: string | null = null;
  let data: unknown = undefined;
  if (spec.contents.length > 0) {
    const actual = headers.get("content-type");
    const content = actual === null ? spec.contents[0] : spec.contents.find((c) => mediaMatches(c.mediaType, actual));
    if (content === undefined) {
      throw new UnexpectedContentTypeError(op.id, status, headers, raw, spec.contents.map((c) => c.mediaType));
    }
    mediaType = content.mediaType;
    data = decode(op.id, content, status, headers, raw);
  }
  const documentedStatus = String(spec.status);
  if (!spec.success) {
    throw new ApiError(op.id, status, documentedStatus, mediaType, data, headers);
  }
  return { status, documentedStatus, mediaType, data, headers };
}

function decode(operation: string, content: ContentSpec, status: number, headers: Headers, raw: Uint8Array<ArrayBuffer>): unknown {
  if (content.kind === "binary") {
    return new Blob([raw], { type: headers.get("content-type") ?? content.mediaType });
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(raw);
  } catch (error) {
    throw new DecodeError(operation, status, headers, raw, error);
  }
  if (content.kind === "text") {
    return text;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new DecodeError(operation, status, headers, raw, error);
  }
}

/** A server URL with its `{variables}` filled in; missing ones take their defaults. */
export function fillServerUrl(template: string, defaults: { readonly [name: string]: string }, variables: object): string {
  const given = variables as { readonly [name: string]: string | undefined };
  return template.replace(/\{([^}]*)\}/g, (whole, name: string) => given[name] ?? defaults[name] ?? whole);
}
