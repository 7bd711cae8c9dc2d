// Vinix calls for the TypeScript contract test: the same arguments as tests/contract.rs.
import { run } from "./driver.mjs";

const ACCOUNT = "4f2c6e0b1d9a4b7c8e3f2a1b0c9d8e7f";
const USER = "8a1b2c3d4e5f60718293a4b5c6d7e8f9";

await run(
  (m, url) => new m.Client({ baseUrl: url, retry: false, auth: { authToken: "token-from-a-login" } }),
  {
    listUsers: (c, o) => c.listUsers(ACCOUNT, { ...o, pageSize: 2 }),
    createUser: (c, o) => c.createUser(ACCOUNT, { ...o, body: { data: { first_name: "Ada", last_name: "Lovelace" } } }),
    getUser: (c, o) => c.getUser(ACCOUNT, USER, o),
    updateUser: (c, o) =>
      c.updateUser(ACCOUNT, USER, { ...o, body: { data: { first_name: "Ada", last_name: "Lovelace", priv_level: "admin" } } }),
    // One key changed and one removed: the explicit `null` must be valid against the schema.
    patchUser: (c, o) =>
      c.patchUser(ACCOUNT, USER, { ...o, body: { data: { timezone: "Europe/London", presence_id: null } } }),
    deleteUser: (c, o) => c.deleteUser(ACCOUNT, USER, o),
    getUserPhoto: (c, o) => c.getUserPhoto(ACCOUNT, USER, o),
    uploadUserPhoto: (c, o) => c.uploadUserPhoto(ACCOUNT, USER, { ...o, body: new Uint8Array([0x89, 0x50, 0x4e, 0x47]) }),
    deleteUserPhoto: (c, o) => c.deleteUserPhoto(ACCOUNT, USER, o),
    getUserVcard: (c, o) => c.getUserVcard(ACCOUNT, USER, o),
    createUserAuth: (c, o) =>
      c.createUserAuth({ ...o, body: { data: { credentials: "82a5c2c4d5e6f708192a3b4c5d6e7f80", account_name: "acme" } } }),
    createApiAuth: (c, o) => c.createApiAuth({ ...o, body: { data: { api_key: "a".repeat(64) } } }),
  },
);
