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
  /** A multipart body's parts, when its schema is an object with properties. */
  readonly parts?: readonly PartSpec[];
}

/** One documented media type of a response. */
export interface ContentSpec {
  readonly mediaType: string;
  /** `events` (server-sent events) and `lines` (JSON lines, json-seq) are read as streams by `<operation>Stream`. */
  readonly kind: "json" | "text" | "binary" | "events" | "lines";
  /** Events: whether the data is JSON or text. */
  readonly data?: "json" | "text";
  /** Events: the data that ends the stream (`x-switchboard-stream: {done}`). */
  readonly done?: string;
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
  /** Milliseconds this call's attempt may take, instead of the client's `timeout`; `null` for none. */
  timeout?: number | null;
  /** This call's retries: fields given here win over the client's `retry`; `false` for one attempt. */
  retry?: RetryOptions | false;
}

/**
 * How failed attempts are retried, as the Rust runtime's `RetryPolicy`. Only idempotent methods
 * (GET, HEAD, PUT, DELETE, OPTIONS, TRACE) are retried unless `retryNonIdempotent` is set, and
 * only after a failure to connect (refused, DNS, TLS handshake) or a 408, 429, 502, 503 or 504
 * answer. The wait before retry `n` is the answer's `Retry-After` (seconds or an HTTP date) when
 * it has one, else `initialDelayMs * 2^(n-1)` less up to half of it at random; never above
 * `maxDelayMs`.
 */
export interface RetryOptions {
  /** Attempts in all, the first included (default 3; 1 turns retries off). */
  maxAttempts?: number;
  /** The wait before the first retry, doubled for each later one (default 500 ms). */
  initialDelayMs?: number;
  /** No wait is longer, whatever `Retry-After` asks for (default 30 s). */
  maxDelayMs?: number;
  /** Retry POST and PATCH too: only safe when the server deduplicates them (default false). */
  retryNonIdempotent?: boolean;
}

/** The retries of every client unless its `retry` says otherwise, as the Rust runtime's `RetryPolicy::default()`. */
export const DEFAULT_RETRY: Readonly<Required<RetryOptions>> = Object.freeze({
  maxAttempts: 3,
  initialDelayMs: 500,
  maxDelayMs: 30_000,
  retryNonIdempotent: false,
});

/** Options every client takes besides its credentials. */
export interface ClientSettings {
  /** The URL operation paths are appended to (default: the API's first server). */
  baseUrl?: string;
  /** Headers sent with every request (per-call `headers` win over them). */
  headers?: HeadersInit;
  /** The `fetch` to use (default: the global one); a hook for logging or tests, called once per attempt. */
  fetch?: typeof fetch;
  /** How failed attempts are retried (default {@link DEFAULT_RETRY}); `false` for one attempt. */
  retry?: RetryOptions | false;
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
  /**
   * The most pages one walk over a paginated list fetches (`<operation>Pages` and
   * `<operation>Items`; a call's `maxPages` wins). Default {@link DEFAULT_MAX_PAGES} (10,000).
   */
  maxPages?: number;
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
export type BinaryBody = Blob | ArrayBuffer | Uint8Array<ArrayBuffer> | string | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

/** Everything a generated client passes to {@link execute}. */
export interface Config {
  readonly settings: ClientSettings;
  readonly defaultBaseUrl: string;
  readonly schemes: { readonly [key: string]: SecuritySchemeSpec };
  /** Credentials by scheme key (the `auth` option). */
  readonly credentials: object | undefined;
  /** The login the client was configured with (the `login` option), if any. */
  readonly login?: ConfiguredLogin | undefined;
  /** The token logins obtained, shared by every call of the client. */
  readonly session?: Session;
}

/** An operation marked `x-switchboard-login`: it answers with a token for `scheme` at JSON pointer `token`. */
export interface LoginSpec {
  readonly operation: OperationSpec;
  /** The key (in `auth`) of the security scheme the token is for. */
  readonly scheme: string;
  readonly token: string;
}

/** A login and the body to send it with. */
export interface ConfiguredLogin extends LoginSpec {
  readonly body: unknown;
}

/** What logins leave behind: the token, how many were stored, and the login in flight. */
export interface Session {
  token?: string;
  generation: number;
  pending?: Promise<void> | undefined;
}

