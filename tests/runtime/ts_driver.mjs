// Runs calls through a generated TypeScript client (compiled to JavaScript) and prints what came
// of them, for tests/runtime_typescript.rs, which serves the answers and checks the requests.
//
// Usage: node ts_driver.mjs <index.js> < tasks.json, tasks being
// [{ "client": <ClientOptions>, "parallel": bool, "calls": [{ "method", "args", "options" }] }]
// ("logIn" as a method calls `client.logIn()`). Each result: the calls' outcomes (success:
// status and body; failure: the error's class, message, kind, code, status, and everything
// `String(e)` and `util.inspect(e)` show), the `fetch` calls made (one per attempt), and what
// `util.inspect` and `String` show of the client.

import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import util from "node:util";

const api = await import(pathToFileURL(process.argv[2]).href);
const tasks = JSON.parse(readFileSync(0, "utf8"));
const classes = ["ApiError", "NetworkError", "TimeoutError", "LoginError", "BodyTooLargeError", "DecodeError", "UnexpectedStatusError"];

const results = [];
for (const task of tasks) {
  let fetches = 0;
  const fetch = (...args) => {
    fetches++;
    return globalThis.fetch(...args);
  };
  const client = new api.Client({ ...task.client, fetch });
  const one = async (call) => {
    const started = performance.now();
    try {
      const r = call.method === "logIn" ? await client.logIn() : await client[call.method](...(call.args ?? []), call.options ?? {});
      return { ok: true, status: r?.status ?? null, data: r?.data ?? null, ms: performance.now() - started };
    } catch (e) {
      const error = {
        name: e?.name ?? null,
        message: String(e?.message ?? e),
        kind: e?.kind ?? null,
        code: e?.code ?? null,
        status: e?.status ?? null,
        is: classes.filter((c) => e instanceof api[c]),
        client: e instanceof api.ApiClientError,
        shown: `${String(e)}\n${util.inspect(e, { depth: 10 })}`,
      };
      return { ok: false, error, ms: performance.now() - started };
    }
  };
  const outcomes = [];
  if (task.parallel) {
    outcomes.push(...(await Promise.all(task.calls.map(one))));
  } else {
    for (const call of task.calls) {
      outcomes.push(await one(call));
    }
  }
  results.push({ outcomes, fetches, client: `${String(client)}\n${util.inspect(client, { depth: 10 })}` });
}
process.stdout.write(JSON.stringify(results));
