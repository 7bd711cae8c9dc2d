// Rinkel calls for the TypeScript contract test: the same arguments as tests/contract.rs.
import { run } from "./driver.mjs";

await run((m, url) => new m.Client({ baseUrl: url, retry: false, auth: { apiKey: "key" } }), {
  listUsers: (c, o) => c.listUsers({ ...o, page: 1, perPage: 10 }),
  getUser: (c, o) => c.getUser("42", o),
  updateUser: (c, o) => c.updateUser("42", { ...o, body: { availability: "available", firstName: "Ada" } }),
});
