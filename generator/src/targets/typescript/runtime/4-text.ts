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
    // Not JSON (cut short, say): a member whose name looks secret still has its value hidden.
    const member = /("([^"\\]*)"\s*:\s*)"(?:[^"\\]|\\.)*("|$)/g;
    excerpt = new TextDecoder()
      .decode(body.subarray(0, shown))
      .replace(member, (whole: string, head: string, name: string) => (isSecretName(name) ? `${head}"***"` : whole));
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
      request.parameter(p, own(args, p.key));
    }
  }
  await authorize(config, op, request, secrets);
  const base = own(config.settings.operationBaseUrls ?? {}, op.id) ?? op.server ?? config.settings.baseUrl ?? config.defaultBaseUrl;
  const headers = new Headers({ "user-agent": USER_AGENT });
  // Every documented media type, as the other targets send it (without any, `fetch`'s `*/*`).
  const accept = [...new Set(op.responses.flatMap((r) => r.contents.map((c) => c.mediaType)))];
  if (accept.length > 0) {
    headers.set("accept", accept.join(", "));
  }
  new Headers(config.settings.headers).forEach((value, name) => headers.set(name, value));
  request.headers.forEach((value, name) => headers.set(name, value));
  if (request.cookies.length > 0) {
    headers.set("cookie", request.cookies.join("; "));
  }
  const body = op.body === undefined ? undefined : encodeBody(op.id, op.body, args["body"], headers);
  new Headers(args["headers"] as HeadersInit | undefined).forEach((value, name) => headers.set(name, value));
  const signal = args["signal"] as AbortSignal | undefined;
  // A stream is sent as it is read, which `fetch` does only when told the response may start before it ends.
  const streamed = body instanceof ReadableStream ? { duplex: "half" } : {};
  return [joinUrl(base, path) + request.queryString(), { method: op.method, headers, body, signal, ...streamed } as RequestInit];
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

/**
 * Text percent-encoded as UTF-8, every byte but RFC 3986's unreserved ones (`A-Z a-z 0-9 - . _ ~`),
 * a space as `%20` (docs/wire-format.md). `encodeURIComponent` alone leaves `!'()*` raw.
 */
export function encode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
}

/** One path parameter in its style (`simple`, `label`, `matrix`), percent-encoded. */
export function pathSegment(operation: string, spec: ParameterSpec, value: unknown): string {
  const text = styled(spec, value, encode);
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
    // Control characters and non-ASCII text: Rust and Python refuse them too (RFC 9110 leaves
    // non-ASCII bytes to each implementation).
    if (/[^\t\x20-\x7e]/.test(value)) {
      throw new InvalidRequestError(this.operation, `the value of header \`${name}\` contains characters a header cannot carry`);
    }
    this.headers.set(name, value);
  }

  cookie(name: string, value: string): void {
    this.cookies.push(`${name}=${encode(value)}`);
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
 * `deepObject`), percent-encoded: delimiters stay literal, so a comma inside a value is `%2C`;
 * the space and pipe delimiters are `%20` and `%7C` (RFC 3986 allows neither raw in a query).
 */
export function queryPairs(spec: ParameterSpec, value: unknown): [string, string][] {
  const { style, explode } = spec;
  const name = encode(spec.name);
  const pairs = entries(value)?.map(([k, v]): [string, string] => [encode(k), encode(v)]);
  if (pairs !== undefined) {
    if (style === "deepObject") {
      return pairs.map(([k, v]) => [`${name}%5B${k}%5D`, v]);
    }
    return explode ? pairs : [[name, pairs.flatMap(([k, v]) => [k, v]).join(",")]];
  }
  const items = listOf(value).map((item) => encode(scalar(item)));
  if (explode) {
    return items.map((item) => [name, item]);
  }
  const separator = style === "spaceDelimited" ? "%20" : style === "pipeDelimited" ? "%7C" : ",";
  return [[name, items.join(separator)]];
}

/**
 * Applies the first alternative of the operation's security whose credentials are all set; with
 * none complete the request goes out as it is and the server decides.
 */
async function authorize(config: Config, op: OperationSpec, request: RequestParts, secrets: string[]): Promise<void> {
  const configured = (config.credentials ?? {}) as { readonly [key: string]: unknown };
  // A token a login obtained replaces the one configured for its scheme.
  const token = config.session?.token;
  const login = token === undefined ? undefined : config.login?.scheme;
  const credentials = login === undefined ? configured : { ...configured, [login]: token };
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
        request.query.push([encode(scheme.name), encode(secret)]);
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
    case "multipart": {
      if (spec.parts !== undefined && spec.parts.length > 0 && !(value instanceof FormData)) {
        const { body, contentType } = multipartBody(operation, spec.parts, value as object);
        headers.set("content-type", contentType);
        return body;
      }
      // `fetch` writes the content type itself, with the boundary.
      headers.delete("content-type");
      return value instanceof FormData ? value : formData(value as object);
    }
    case "binary": {
      const declared = value instanceof Blob && value.type !== "" ? value.type : concrete ? spec.mediaType : "application/octet-stream";
      headers.set("content-type", declared);
      if (value instanceof Blob || value instanceof ArrayBuffer || typeof value === "string" || value instanceof Uint8Array || value instanceof ReadableStream) {
        return value as BodyInit;
      }
      if (typeof value === "object" && value !== null && Symbol.asyncIterator in value) {
        return byteStream(value as AsyncIterable<Uint8Array>);
      }
      throw new InvalidRequestError(operation, "a binary body must be a Blob, an ArrayBuffer, a Uint8Array, a string, a ReadableStream or an async iterable of Uint8Array");
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

/** A streamed call's 2xx: which documented response and media type it is, its body left open. */
function streamHead(op: OperationSpec, status: number, headers: Headers, live: LiveBody): ApiResponse {
  const spec = matchResponse(op.responses, status);
  const actual = headers.get("content-type");
  const streamed = (spec?.contents ?? []).filter((c) => c.kind !== "json");
  const content = actual === null ? streamed[0] : streamed.find((c) => mediaMatches(c.mediaType, actual));
  if (spec === undefined || !spec.success || content === undefined) {
    void live.cancel();
    const expected = streamed.map((c) => c.mediaType);
    throw spec === undefined ? new UnexpectedStatusError(op.id, status, headers, new Uint8Array(0)) : new UnexpectedContentTypeError(op.id, status, headers, new Uint8Array(0), expected);
  }
  return { status, documentedStatus: String(spec.status), mediaType: content.mediaType, data: live, headers };
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
  if (content.kind === "text" || content.kind === "events") {
    return text;
  }
  if (content.kind === "lines") {
    // Read whole: one value per line (or json-seq record), as `<operation>Stream` would give them.
    try {
      return text.split(/[\n\u001e]/).map((line) => line.trim()).filter((line) => line !== "").map((line) => JSON.parse(line) as unknown);
    } catch (error) {
      throw new DecodeError(operation, status, headers, raw, error);
    }
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
  return template.replace(/\{([^}]*)\}/g, (whole, name: string) => own(given, name) ?? own(defaults, name) ?? whole);
}

/**
 * `record[key]` when the record itself has that key: names from a document (`toString`,
 * `constructor`, `__proto__`) must not find what every object inherits.
 */
function own<T>(record: { readonly [key: string]: T }, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}
