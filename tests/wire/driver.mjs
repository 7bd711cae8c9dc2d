// Runs tests/wire/scenarios.json through the generated TypeScript client (compiled to JavaScript)
// against the recording server, one call each, and prints one JSON line per scenario: `sent`,
// `refused` (the client's InvalidRequestError) or `failed` with the error's name.
//
// Usage: node driver.mjs <path to the compiled client's index.js> <server URL> <scenarios.json>

import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [clientPath, url, scenariosPath] = process.argv.slice(2);
const wire = await import(pathToFileURL(clientPath).href);
const { scenarios } = JSON.parse(readFileSync(scenariosPath, "utf8"));
const names = { "X-Trace": "xTrace", "X-Ids": "xIds", "X-Flag": "xFlag" };
const client = new wire.Client({ baseUrl: url });

for (const scenario of scenarios) {
  const args = scenario.args ?? {};
  const headers = { "x-wire-scenario": scenario.id, ...(scenario.headers ?? {}) };
  let outcome;
  try {
    if (scenario.op === "getItem") {
      await client.getItem(args.id, { headers });
    } else if (scenario.op === "createThing") {
      await client.createThing({ body: args.body, headers });
    } else {
      const options = Object.fromEntries(Object.entries(args).map(([k, v]) => [names[k] ?? k, v]));
      await client[scenario.op]({ ...options, headers });
    }
    outcome = { id: scenario.id, outcome: "sent" };
  } catch (error) {
    outcome = error instanceof wire.InvalidRequestError
      ? { id: scenario.id, outcome: "refused", detail: error.message }
      : { id: scenario.id, outcome: "failed", detail: `${error?.name}: ${error?.message}` };
  }
  process.stdout.write(JSON.stringify(outcome) + "\n");
}
