// CommPeak calls for the TypeScript contract test: the same arguments as tests/contract.rs.
import { run } from "./driver.mjs";

await run((m, url) => new m.Client({ baseUrl: url, retry: false, auth: { basicAuth: { username: "api-user", password: "secret" } } }), {
  listUsers: (c, o) => c.listUsers(o),
  getUserDetails: (c, o) => c.getUserDetails("42", o),
});
