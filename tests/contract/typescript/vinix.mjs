// Vinix calls for the TypeScript contract test: the same arguments as tests/contract.rs.
import { run } from "./driver.mjs";

const ACCOUNT = "4f2c6e0b1d9a4b7c8e3f2a1b0c9d8e7f";
const USER = "8a1b2c3d4e5f60718293a4b5c6d7e8f9";

await run(
  (m, url) => new m.Client({ baseUrl: url, auth: { authToken: "token-from-a-login" } }),
  {
    getUser: (c, o) => c.getUser(ACCOUNT, USER, o),
    updateUser: (c, o) =>
      c.updateUser(ACCOUNT, USER, { ...o, body: { data: { first_name: "Ada", last_name: "Lovelace", priv_level: "admin" } } }),
    getUserPhoto: (c, o) => c.getUserPhoto(ACCOUNT, USER, o),
    getUserVcard: (c, o) => c.getUserVcard(ACCOUNT, USER, o),
    createUserAuth: (c, o) =>
      c.createUserAuth({ ...o, body: { data: { credentials: "82a5c2c4d5e6f708192a3b4c5d6e7f80", account_name: "acme" } } }),
    createApiAuth: (c, o) => c.createApiAuth({ ...o, body: { data: { api_key: "a".repeat(64) } } }),
  },
);
