/** Sends one call of `op` and returns its documented success, or throws. */
export async function execute<R>(config: Config, op: OperationSpec, pathArgs: readonly unknown[], options: object): Promise<R> {
  return (await call(config, op, pathArgs, options, undefined)).result as R;
}

/** What a call is for besides the caller's own: the login's own call (which never waits for a login) and secrets to keep out. */
interface Internal {
  readonly loggingIn?: boolean;
  readonly secrets?: readonly string[];
  /** A 2xx body is left open for the caller to read (`executeStream`). */
  readonly stream?: boolean;
  /** An event stream's reconnection, to which a 204 means "stop", whatever the document says. */
  readonly reconnecting?: boolean;
}

/**
 * One call of `op`, sent to `at` instead of the operation's URL when given (a next page the
 * server named, already checked to be on the call's origin); also returns the URL it went to.
 * With a login configured for one of the operation's schemes, it logs in first when there is no
 * token yet, and once more (then sends the request again) when the answer is 401.
 */
async function call(
  config: Config,
  op: OperationSpec,
  pathArgs: readonly unknown[],
  options: object,
  at: string | undefined,
  internal: Internal = {},
): Promise<{ url: string; result: ApiResponse }> {
  const args = options as { readonly [key: string]: unknown };
  const login = internal.loggingIn ? undefined : loginFor(config, op);
  if (login !== undefined && !hasToken(config)) {
    await logIn(config, undefined);
  }
  for (let relogged = false; ; relogged = true) {
    const generation = config.session?.generation ?? 0;
    // The credentials this call carries, to keep out of every message and error body.
    const secrets: string[] = [...(internal.secrets ?? [])];
    let url = "";
    let init: RequestInit;
    try {
      [url, init] = await prepare(config, op, pathArgs, args, secrets);
      // The next page's URL replaces path and query; headers and body stay, as in the Rust runtime.
      url = at ?? url;
    } catch (error) {
      // A value `Headers` or `JSON.stringify` rejects, or a token function that failed.
      if (error instanceof ApiClientError) {
        throw error;
      }
      const hide = hider(url, secrets);
      throw new InvalidRequestError(op.id, `the request could not be prepared: ${hide(describe(error))}`, { cause: sanitized(error, hide) });
    }
    const perCall = args["timeout"] as number | null | undefined;
    const settings = perCall === undefined ? config.settings : { ...config.settings, timeout: perCall };
    const policy = retryPolicy(config.settings.retry, args["retry"] as RetryOptions | false | undefined);
    const { status, headers, raw, live } = await attempts(settings, policy, op, url, init, secrets, internal.stream === true);
    if (status === 401 && login !== undefined && !relogged) {
      // A token that expired: one fresh login (shared with every call that got a 401 meanwhile),
      // then the request once more; a failed login leaves the 401 as the answer.
      if (await logIn(config, generation).then(() => true, () => false)) {
        continue;
      }
    }
    if (live !== undefined && internal.reconnecting && status === 204) {
      void live.cancel();
      return { url, result: { status, documentedStatus: "204", mediaType: null, data: undefined, headers } };
    }
    if (live !== undefined) {
      return { url, result: streamHead(op, status, headers, live) };
    }
    // An error's body may be printed: this call's own credentials are taken out before it is decoded.
    const body = status < 200 || status >= 300 ? scrub(raw, secrets) : raw;
    return { url, result: answer(op, status, headers, body) };
  }
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
  discard?: (status: number) => boolean,
  stream = false,
): Promise<Exchanged> {
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
  let kept = false;
  try {
    quiet();
    const response = await follow(send, operation, url, { ...init, signal: controller.signal }, maxRedirects, aborted);
    quiet();
    if (discard?.(response.status)) {
      // An answer that will be retried: its body is not read.
      await response.body?.cancel().catch(() => undefined);
      return { status: response.status, headers: response.headers, raw: new Uint8Array(0) };
    }
    if (stream && response.status >= 200 && response.status < 300) {
      // The attempt's deadline becomes a limit on each silence (the smaller of the two limits).
      const limits = [timeout, readTimeout].filter((ms): ms is number => ms !== null);
      const idleMs = limits.length === 0 ? null : Math.min(...limits);
      kept = true;
      const release = () => outer?.removeEventListener("abort", onOuterAbort);
      return { status: response.status, headers: response.headers, raw: new Uint8Array(0), live: liveBody(operation, response, controller, idleMs, release) };
    }
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
    if (!kept) {
      outer?.removeEventListener("abort", onOuterAbort);
    }
  }
}

/** One attempt's answer; `live` is a 2xx body left open for a streamed call. */
interface Exchanged {
  status: number;
  headers: Headers;
  raw: Uint8Array<ArrayBuffer>;
  live?: LiveBody;
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
      throw new NetworkError(operation, `more than ${maxRedirects} redirects`, "the request failed", "redirects");
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
  const hidden = secrets.filter((s) => s.length >= 4).flatMap((s) => [s, encodeURIComponent(s), encode(s)]);
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
  const errors = (error as { errors?: unknown }).errors;
  if (Array.isArray(errors) && depth < 5) {
    // An `AggregateError` (one failure per address tried): its errors say what failed.
    copy["errors"] = errors.slice(0, 8).map((e) => sanitized(e, hide, depth + 1));
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

