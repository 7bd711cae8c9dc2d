// Runs contract scenarios through a generated TypeScript client (compiled to JavaScript) against
// Prism, and prints one JSON result per scenario. Used by tests/contract_typescript.rs.
//
// Usage: node <api>.mjs <path to the compiled client's index.js> <Prism URL> < scenarios.json
// where scenarios.json is [{ "operation", "status", "mediaType" }] and <api>.mjs passes its
// client options and one call per operation to `run` below. The clients send each call once
// (`retry: false`): a scenario asks Prism for one answer, and a retryable one (429, 503) would
// otherwise be asked for three times, with waits between.

import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

/** What a call came to: the documented success, the documented error, or a failure. */
function outcome(scenario, result, error) {
  const headers = error === undefined ? result.headers : error.headers;
  const violations = headers?.get?.("sl-violations");
  if (violations) {
    let parsed = [];
    try {
      parsed = JSON.parse(violations);
    } catch {
      // Prism's header is JSON; anything else says nothing about the request.
    }
    const onRequest = parsed.filter((v) => Array.isArray(v.location) && v.location[0] === "request");
    if (onRequest.length > 0) {
      return { kind: "failed", detail: `Prism says the request breaks the schema: ${JSON.stringify(onRequest)}` };
    }
  }
  if (error !== undefined) {
    if (error.name === "ApiError") {
      return checkMedia(scenario, { kind: "error", status: error.status }, error.mediaType);
    }
    return { kind: "failed", detail: `${error.name}: ${error.message}` };
  }
  return checkMedia(scenario, { kind: "success", status: result.status }, result.mediaType);
}

/** The client reports which documented media type it decoded: it must be the one asked for. */
function checkMedia(scenario, found, mediaType) {
  const expected = scenario.mediaType ?? null;
  if (mediaType !== expected) {
    return { kind: "failed", detail: `decoded as ${mediaType}, expected ${expected} (status ${found.status})` };
  }
  return found;
}

/**
 * Runs every scenario read from standard input: `makeClient(module, url)` builds a client,
 * `calls[operationId](client, options)` makes one call with per-call `options` (the headers).
 */
export async function run(makeClient, calls) {
  const [clientPath, url] = process.argv.slice(2);
  const module = await import(pathToFileURL(clientPath).href);
  const scenarios = JSON.parse(readFileSync(0, "utf8"));
  const client = makeClient(module, url);
  const results = [];
  for (const scenario of scenarios) {
    const call = calls[scenario.operation];
    if (call === undefined) {
      results.push({ ...scenario, kind: "failed", detail: `no call for operation \`${scenario.operation}\`: add one to the driver` });
      continue;
    }
    const headers = { prefer: `code=${scenario.status}` };
    if (scenario.mediaType) {
      headers.accept = scenario.mediaType;
    }
    let result;
    let error;
    try {
      result = await call(client, { headers, timeout: 30_000 });
    } catch (e) {
      error = e;
    }
    results.push({ ...scenario, ...outcome(scenario, result, error) });
  }
  process.stdout.write(JSON.stringify(results) + "\n");
}
