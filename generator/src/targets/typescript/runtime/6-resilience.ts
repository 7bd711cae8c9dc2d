
// Retries and logins, by the Rust runtime's rules (runtime/src/transport.rs, runtime/src/client.rs):
// an idempotent request that could not connect, or was answered 408, 429, 502, 503 or 504, is
// sent again after a wait (`Retry-After`, else exponential backoff with jitter, capped); a client
// with a login (`x-switchboard-login`) logs in before its first call that needs the token, and
// once more when a call is answered 401. Concurrent calls share one login.

/** Statuses worth another attempt: the server or something on the way asks to come back later. */
const RETRY_STATUSES: readonly number[] = [408, 429, 502, 503, 504];

/** Methods that have the same effect sent twice as once (RFC 9110, 9.2.2): safe to retry. */
const IDEMPOTENT: readonly string[] = ["GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE"];

/** Failures before the request reached the server: worth another attempt, as the Rust runtime's `is_connect`. */
const CONNECT_FAILURES: readonly NetworkErrorKind[] = ["refused", "dns", "tls", "connect"];

/** The retries of one call: the defaults, then the client's `retry`, then the call's. */
function retryPolicy(client: RetryOptions | false | undefined, perCall: RetryOptions | false | undefined): Required<RetryOptions> {
  const defined = (options: RetryOptions | false | undefined): RetryOptions =>
    options === false ? { maxAttempts: 1 } : Object.fromEntries(Object.entries(options ?? {}).filter(([, v]) => v !== undefined));
  const policy = { ...DEFAULT_RETRY, ...defined(client), ...defined(perCall) };
  const attempts = Number.isFinite(policy.maxAttempts) ? Math.max(1, Math.floor(policy.maxAttempts)) : 1;
  return { ...policy, maxAttempts: attempts };
}

/**
 * The wait in milliseconds after failed attempt `attempt` (from 1): the server's `Retry-After`
 * when it gave one, else `initialDelayMs * 2^(attempt-1)` less up to half of it at random (so
 * that clients that failed together do not retry together); never above `maxDelayMs`.
 */
export function retryDelay(policy: Required<RetryOptions>, attempt: number, retryAfterMs: number | undefined): number {
  const cap = Math.max(0, policy.maxDelayMs);
  if (retryAfterMs !== undefined) {
    return Math.min(retryAfterMs, cap);
  }
  const backoff = Math.min(Math.max(0, policy.initialDelayMs) * 2 ** Math.min(Math.max(attempt - 1, 0), 20), cap);
  return backoff - backoff * Math.random() * 0.5;
}

/** `Retry-After` in milliseconds: delta-seconds, or an HTTP date (a past one is 0); `undefined` when absent or unreadable. */
export function retryAfter(headers: Headers): number | undefined {
  const value = headers.get("retry-after")?.trim();
  if (value === undefined) {
    return undefined;
  }
  if (/^[0-9]+$/.test(value)) {
    return Number(value) * 1000;
  }
  const when = httpDate(value);
  return when === undefined ? undefined : Math.max(0, when - Date.now());
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** An HTTP date (RFC 9110, 5.6.7: IMF-fixdate, and the obsolete RFC 850 and asctime forms) in epoch milliseconds. */
export function httpDate(text: string): number | undefined {
  const month = "(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)";
  const time = "([0-9]{2}):([0-9]{2}):([0-9]{2})";
  // Year, month, day, hour, minute, second.
  let parts: string[] | undefined;
  const imf = new RegExp(`^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), ([0-9]{2}) ${month} ([0-9]{4}) ${time} GMT$`).exec(text);
  const rfc850 = new RegExp(`^(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day, ([0-9]{2})-${month}-([0-9]{2}) ${time} GMT$`).exec(text);
  const asctime = new RegExp(`^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ${month} ( [0-9]|[0-9]{2}) ${time} ([0-9]{4})$`).exec(text);
  if (imf !== null) {
    parts = [imf[3], imf[2], imf[1], imf[4], imf[5], imf[6]].map(String);
  } else if (rfc850 !== null) {
    const year = Number(rfc850[3]);
    parts = [String(year < 70 ? 2000 + year : 1900 + year), rfc850[2], rfc850[1], rfc850[4], rfc850[5], rfc850[6]].map(String);
  } else if (asctime !== null) {
    parts = [asctime[6], asctime[1], asctime[2], asctime[3], asctime[4], asctime[5]].map((p) => String(p).trim());
  } else {
    return undefined;
  }
  const [year, day, hour, minute, second] = [parts[0], parts[2], parts[3], parts[4], parts[5]].map(Number) as [number, number, number, number, number];
  if (day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
    return undefined;
  }
  return Date.UTC(year, MONTHS.indexOf(parts[1] ?? ""), day, hour, minute, second);
}

/**
 * Every attempt of one request, as many as its retry policy allows: another after a failure to
 * connect or a retryable status (whose body is not read), once the wait is over. The last
 * attempt's answer or error is the call's.
 */
async function attempts(
  settings: ClientSettings,
  policy: Required<RetryOptions>,
  op: OperationSpec,
  url: string,
  init: RequestInit,
  secrets: readonly string[],
  stream = false,
): Promise<Exchanged> {
  const mayRetry = IDEMPOTENT.includes(op.method.toUpperCase()) || policy.retryNonIdempotent;
  const retryable = (status: number) => RETRY_STATUSES.includes(status);
  for (let attempt = 1; ; attempt++) {
    const last = !mayRetry || attempt >= policy.maxAttempts;
    let asked: number | undefined;
    try {
      const outcome = await exchange(settings, op.id, url, init, secrets, last ? undefined : retryable, stream);
      if (last || !retryable(outcome.status)) {
        return outcome;
      }
      asked = retryAfter(outcome.headers);
    } catch (error) {
      if (last || !(error instanceof NetworkError) || !CONNECT_FAILURES.includes(error.kind)) {
        throw error;
      }
    }
    await pause(op.id, retryDelay(policy, attempt, asked), init.signal ?? undefined);
  }
}

/** Waits `ms`, or fails with a {@link NetworkError} as soon as `signal` aborts. */
function pause(operation: string, ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const stop = () => {
      clearTimeout(timer);
      reject(new NetworkError(operation, signal?.reason, "the request was aborted", "aborted"));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", stop);
      resolve();
    }, ms);
    if (signal?.aborted) {
      stop();
    } else {
      signal?.addEventListener("abort", stop, { once: true });
    }
  });
}

/** The configured login, when `op` may use the token it obtains. */
function loginFor(config: Config, op: OperationSpec): ConfiguredLogin | undefined {
  const login = config.login;
  return login !== undefined && op.security.some((alternative) => alternative.includes(login.scheme)) ? login : undefined;
}

/** Whether the login's scheme has a token: one a login obtained, or one the `auth` option set. */
function hasToken(config: Config): boolean {
  const scheme = config.login?.scheme;
  const configured = scheme === undefined ? undefined : (config.credentials as { readonly [key: string]: unknown } | undefined)?.[scheme];
  return config.session?.token !== undefined || configured !== undefined;
}

/**
 * Logs in unless another call's login made it unnecessary: with `stale` undefined, when there is
 * a token; with a generation, when the token is no longer that generation's. A login in flight is
 * shared: every call that needs one meanwhile waits for it and gets its outcome.
 */
function logIn(config: Config, stale: number | undefined): Promise<void> {
  const { session, login } = config;
  if (session === undefined || login === undefined) {
    return Promise.reject(new LoginError("login", "login failed: no login is configured (the client option `login`)"));
  }
  const done = stale === undefined ? hasToken(config) : session.generation !== stale;
  if (done) {
    return Promise.resolve();
  }
  if (session.pending === undefined) {
    session.pending = runLogin(config, login)
      .then((token) => {
        session.token = token;
        session.generation++;
      })
      .finally(() => {
        session.pending = undefined;
      });
  }
  return session.pending;
}

/** Logs in now with the client's login, replacing its token (a login in flight is joined instead). */
export function login(config: Config): Promise<void> {
  return logIn(config, config.session?.generation ?? 0);
}

/** The login's call, and the token at its pointer; every string of the login's body is kept out of messages. */
async function runLogin(config: Config, login: ConfiguredLogin): Promise<string> {
  const id = login.operation.id;
  const secrets = stringsIn(login.body);
  const hide = hider("", secrets);
  let data: unknown;
  try {
    const args = login.body === undefined ? {} : { body: login.body };
    data = (await call(config, login.operation, [], args, undefined, { loggingIn: true, secrets })).result.data;
  } catch (error) {
    const message = describe(error);
    const why = message.startsWith(`${id}: `) ? message.slice(id.length + 2) : message;
    throw new LoginError(id, `login failed: ${hide(why)}`, { cause: error });
  }
  const token = pointer(data, login.token);
  if (typeof token !== "string" || token === "") {
    throw new LoginError(id, `login failed: the answer has no token at \`${login.token}\``);
  }
  return token;
}

/** Every string (of four characters or more) in a value: the credentials a login body may carry. */
function stringsIn(value: unknown, depth = 0): string[] {
  if (typeof value === "string") {
    return value.length >= 4 ? [value] : [];
  }
  if (depth > 20 || value === null || typeof value !== "object") {
    return [];
  }
  return Object.values(value).flatMap((v) => stringsIn(v, depth + 1));
}

/** The login a client was configured with: `chosen` names one of the API's login operations. */
export function configureLogin(
  table: { readonly [operation: string]: LoginSpec },
  chosen: { readonly operation: string; readonly body?: unknown } | undefined,
): ConfiguredLogin | undefined {
  if (chosen === undefined) {
    return undefined;
  }
  const spec = own(table, chosen.operation);
  if (spec === undefined) {
    throw new InvalidRequestError(chosen.operation, "this is not a login operation of the API (`x-switchboard-login`)");
  }
  return { ...spec, body: chosen.body };
}

/** What `console.log` and `util.inspect` show of a client: its base URL and which credentials it has, never their values. */
export function inspectClient(config: Config): string {
  const base = config.settings.baseUrl ?? config.defaultBaseUrl;
  const keys = Object.keys(config.credentials ?? {}).map((key) => `${key}: ***`);
  const login = config.login === undefined ? "" : `, login: ${config.login.operation.id}${config.session?.token === undefined ? "" : " (token ***)"}`;
  return `Client { baseUrl: ${JSON.stringify(base)}, auth: ${keys.length === 0 ? "{}" : `{ ${keys.join(", ")} }`}${login} }`;
}
