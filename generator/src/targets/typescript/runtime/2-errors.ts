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
 * What failed when no answer came: the connection was `refused`, the host name not found
 * (`dns`), the `tls` handshake failed, connecting failed otherwise (`connect`: unreachable,
 * timed out), the connection closed early (`reset`), an attempt's limit passed (`timeout`), the
 * caller's signal aborted the call (`aborted`), redirects went on too long (`redirects`), or
 * something else (`other`).
 */
export type NetworkErrorKind = "refused" | "dns" | "tls" | "connect" | "reset" | "timeout" | "aborted" | "redirects" | "other";

/**
 * The request could not be sent or the answer not read; `kind` says what failed, the message
 * says it in words with the innermost cause (`connect ECONNREFUSED 127.0.0.1:8080`), and `cause`
 * is a copy of what `fetch` threw with the URL and this client's credentials taken out.
 */
export class NetworkError extends ApiClientError {
  readonly kind: NetworkErrorKind;
  /** The system's error code (`ECONNREFUSED`, `ENOTFOUND`, `CERT_HAS_EXPIRED`), when there is one. */
  readonly code: string | undefined;

  constructor(operation: string, cause: unknown, what?: string, kind?: NetworkErrorKind) {
    const code = errorCode(cause);
    const found = kind ?? failureKind(code, cause);
    super(operation, `${what ?? FAILURES[found]}: ${describeInnermost(cause)}`, { cause });
    this.kind = found;
    this.code = code;
  }
}

const FAILURES: { readonly [K in NetworkErrorKind]: string } = {
  refused: "the connection was refused",
  dns: "the host name could not be resolved",
  tls: "the TLS handshake failed",
  connect: "could not connect",
  reset: "the connection closed before the answer was complete",
  timeout: "the request timed out",
  aborted: "the request was aborted",
  redirects: "the request failed",
  other: "the request failed",
};

/** The first `code` along the chain of causes (and an `AggregateError`'s errors), as Node's `fetch` nests them. */
function errorCode(error: unknown, depth = 0): string | undefined {
  if (depth > 5 || typeof error !== "object" || error === null) {
    return undefined;
  }
  const { code, cause, errors } = error as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === "string" && code !== "" && !code.startsWith("ABORT")) {
    return code;
  }
  const inner = errorCode(cause, depth + 1);
  if (inner !== undefined) {
    return inner;
  }
  return Array.isArray(errors) ? errors.map((e) => errorCode(e, depth + 1)).find((c) => c !== undefined) : undefined;
}

function failureKind(code: string | undefined, cause: unknown): NetworkErrorKind {
  if (cause instanceof Error && cause.name === "AbortError") {
    return "aborted";
  }
  if (code === undefined) {
    return "other";
  }
  if (code === "ECONNREFUSED") {
    return "refused";
  }
  if (["ENOTFOUND", "EAI_AGAIN", "EAI_FAIL", "EAI_NODATA", "EAI_NONAME"].includes(code)) {
    return "dns";
  }
  if (/^(CERT_|ERR_TLS_|ERR_SSL_|DEPTH_ZERO_|SELF_SIGNED_|UNABLE_TO_|HOSTNAME_MISMATCH)/.test(code)) {
    return "tls";
  }
  if (["EHOSTUNREACH", "ENETUNREACH", "ETIMEDOUT", "EADDRNOTAVAIL", "UND_ERR_CONNECT_TIMEOUT"].includes(code)) {
    return "connect";
  }
  if (["ECONNRESET", "EPIPE", "UND_ERR_SOCKET", "UND_ERR_CLOSED"].includes(code)) {
    return "reset";
  }
  return "other";
}

/** The message of the innermost cause (the system's own words), or of the error itself. */
function describeInnermost(error: unknown): string {
  let current = error;
  for (let depth = 0; depth < 5 && current instanceof Error && current.cause instanceof Error; depth++) {
    current = current.cause;
  }
  const errors = current instanceof Error ? (current as { errors?: unknown }).errors : undefined;
  if (current instanceof Error && current.message === "" && Array.isArray(errors)) {
    const first: unknown = errors[0];
    return first instanceof Error ? first.message : describe(current);
  }
  return describe(current);
}

/**
 * Logging in (`x-switchboard-login`) failed: the message says why (the login's answer status, a
 * network failure, no token in the answer), never the credentials sent or a token received.
 */
export class LoginError extends ApiClientError {}

/** An attempt took longer than the client's `timeout`, or the server was silent longer than its `readTimeout`. */
export class TimeoutError extends NetworkError {
  /** Which limit was passed. */
  readonly limit: "timeout" | "readTimeout";
  /** The limit in milliseconds. */
  readonly ms: number;

  constructor(operation: string, limit: "timeout" | "readTimeout", ms: number) {
    const what = limit === "timeout" ? `the attempt took longer than ${ms} ms` : `the server sent nothing for ${ms} ms`;
    super(operation, what, "the request timed out", "timeout");
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

