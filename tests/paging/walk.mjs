// Walks paginated operations through a generated TypeScript client (compiled to JavaScript) and
// prints one JSON result per task: the items or pages it yielded and the error that ended the
// walk. Used by tests/paging_targets.rs, which serves the pages and checks the requests.
//
// Usage: node walk.mjs < tasks.json, tasks being
// [{ "client": <index.js>, "method", "kind": "items" | "pages", "baseUrl", "pathArgs", "options" }]

import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const tasks = JSON.parse(readFileSync(0, "utf8"));
const results = [];
for (const task of tasks) {
  const module = await import(pathToFileURL(task.client).href);
  const client = new module.Client({ baseUrl: task.baseUrl, auth: task.auth });
  const yielded = [];
  let error = null;
  try {
    const walk = client[`${task.method}${task.kind === "items" ? "Items" : "Pages"}`](...task.pathArgs, task.options);
    for await (const value of walk) {
      yielded.push(task.kind === "items" ? value : { status: value.status, page: value.headers.get("x-page"), body: value.data });
    }
  } catch (e) {
    error = { name: e?.name ?? "?", message: String(e?.message ?? e), pagination: e instanceof module.PaginationError, client: e instanceof module.ApiClientError };
  }
  results.push({ yielded, error });
}
process.stdout.write(JSON.stringify(results));
