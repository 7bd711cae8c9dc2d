// Rinkel calls for the TypeScript contract test: the same arguments as tests/contract.rs.
import { run } from "./driver.mjs";

await run((m, url) => new m.Client({ baseUrl: url, auth: { apiKey: "key" } }), {
  getUser: (c, o) => c.getUser("42", o),
});
