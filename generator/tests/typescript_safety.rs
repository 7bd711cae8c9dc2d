//! The TypeScript client against hostile servers on 127.0.0.1, the same rules as the Rust
//! runtime's `tests/hostile_server.rs`: redirects followed only within the origin, a body cap
//! counted after decompression (a gzip bomb stops at it), a deadline per attempt and an idle
//! limit between reads, and no credential or URL in any error a caller prints. Each test is a
//! Node script that starts its own servers (`node:http`) beside the compiled package.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use switchboard_generator::targets::typescript;
use switchboard_generator::{load_api, Options};

const API: &str = r#"
openapi: 3.0.3
info: { title: Hostile, version: "1" }
servers: [{ url: "http://127.0.0.1:9" }]
components:
  securitySchemes:
    bearer: { type: http, scheme: bearer }
    key: { type: apiKey, in: query, name: api_key }
paths:
  /things/{id}:
    get:
      operationId: getThing
      security: [{ bearer: [] }]
      parameters: [{ name: id, in: path, required: true, schema: { type: string } }]
      responses:
        "200":
          description: ok
          content: { application/json: { schema: { type: object, properties: { name: { type: string } } } } }
        "404":
          description: missing
          content: { application/json: { schema: { type: object, properties: { message: { type: string } } } } }
  /search:
    get:
      operationId: search
      parameters:
        - { name: toString, in: query, schema: { type: string } }
        - { name: valueOf, in: query, schema: { type: string } }
        - { name: constructor, in: query, schema: { type: string } }
      responses:
        "200": { description: ok, content: { application/json: { schema: { type: object } } } }
  /keyed:
    get:
      operationId: getKeyed
      security: [{ key: [] }]
      responses:
        "200": { description: ok, content: { application/json: { schema: { type: object } } } }
"#;

/// What every script starts with: the package, a server helper and the secrets.
const PRELUDE: &str = r#"
import * as api from "./dist/index.js";
import assert from "node:assert/strict";
import http from "node:http";
import util from "node:util";
import zlib from "node:zlib";
const TOKEN = "tok-SECRET-123";
const KEY = "KEY-SECRET-456";
function serve(handler) {
  return new Promise((resolve) => {
    const server = http.createServer(handler);
    server.listen(0, "127.0.0.1", () => resolve({ server, url: `http://127.0.0.1:${server.address().port}` }));
  });
}
/** Everything a caller could print of an error: message, toString and what console.log shows (causes included). */
function report(error) {
  return `${error} / ${error.message} / ${util.inspect(error, { depth: 10 })}`;
}
async function failure(promise) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail("expected the call to fail");
}
"#;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The package, generated and compiled once for all tests of this file.
fn package() -> &'static Path {
    static PACKAGE: OnceLock<PathBuf> = OnceLock::new();
    PACKAGE.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("typescript_safety");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("a package directory");
        let input = dir.join("api.yaml");
        std::fs::write(&input, API).expect("write the input");
        let (api, _) = load_api(&input, "hostile", Options::default()).result.unwrap_or_else(|d| panic!("{d}"));
        let root = dir.join("pkg");
        for file in typescript::generate(&api, "hostile").expect("the TypeScript target emits") {
            let path = root.join(&file.path);
            std::fs::create_dir_all(path.parent().expect("files sit in a folder")).expect("create a folder");
            std::fs::write(&path, &file.contents).expect("write a generated file");
        }
        let tsc = repo().join("tests/contract/node_modules/.bin/tsc");
        assert!(tsc.exists(), "the pinned TypeScript is not installed: run `bash scripts/tools.sh`");
        let out = Command::new(tsc).arg("-p").arg(&root).args(["--pretty", "false"]).output().expect("tsc runs");
        assert!(out.status.success(), "tsc failed:\n{}", String::from_utf8_lossy(&out.stdout));
        root
    })
}

/// Runs `body` after the prelude as an ES module beside `dist/`; what it printed.
fn run(name: &str, body: &str) -> String {
    let path = package().join(format!("{name}.mjs"));
    std::fs::write(&path, format!("{PRELUDE}\n{body}\nprocess.exit(0);\n")).expect("write the script");
    let out = Command::new("node").arg(&path).output().expect("node runs (Node.js 18 or later)");
    assert!(
        out.status.success(),
        "{name} failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn a_redirect_to_another_origin_is_not_followed_and_the_token_never_reaches_it() {
    let out = run(
        "cross_origin",
        r#"
let stolen = 0;
const attacker = await serve((req, res) => { stolen++; res.end("{}"); });
let status = 0;
const api_ = await serve((req, res) => {
  res.writeHead(status, { location: `${attacker.url}/steal` });
  res.end();
});
const client = new api.Client({ baseUrl: api_.url, auth: { bearer: TOKEN } });
for (const s of [301, 302, 303, 307, 308]) {
  status = s;
  const error = await failure(client.getThing("1"));
  assert.ok(error instanceof api.UnexpectedStatusError, report(error));
  assert.equal(error.status, s);
  assert.equal(error.headers.get("location"), `${attacker.url}/steal`);
}
assert.equal(stolen, 0, "the attacker saw a request");
console.log("not followed");
"#,
    );
    assert_eq!(out.trim(), "not followed");
}

#[test]
fn a_redirect_within_the_origin_is_followed_with_the_token_up_to_the_limit() {
    let out = run(
        "same_origin",
        r#"
const server = await serve((req, res) => {
  if (req.url === "/things/1") {
    res.writeHead(307, { location: "/moved" });
    res.end();
  } else if (req.url === "/moved" && req.headers.authorization === `Bearer ${TOKEN}`) {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ name: "moved" }));
  } else if (req.url.startsWith("/loop")) {
    res.writeHead(302, { location: `/loop${req.url.length}` });
    res.end();
  } else {
    res.writeHead(500);
    res.end();
  }
});
const client = new api.Client({ baseUrl: server.url, auth: { bearer: TOKEN } });
const answer = await client.getThing("1");
assert.equal(answer.data.name, "moved");
// Turned off, the redirect comes back as it is.
const off = new api.Client({ baseUrl: server.url, auth: { bearer: TOKEN }, maxRedirects: 0 });
const error = await failure(off.getThing("1"));
assert.ok(error instanceof api.UnexpectedStatusError && error.status === 307, report(error));
// A loop stops after the limit.
const looping = new api.Client({ baseUrl: `${server.url}/loop`, auth: { bearer: TOKEN } });
const loop = await failure(looping.getThing("1"));
assert.ok(loop instanceof api.NetworkError && loop.message.includes("more than 10 redirects"), report(loop));
console.log("followed");
"#,
    );
    assert_eq!(out.trim(), "followed");
}

#[test]
fn a_gzip_bomb_stops_at_the_body_cap_with_memory_bounded() {
    let out = run(
        "gzip_bomb",
        r#"
// 1 GiB of zeros, gzip-compressed as it is sent (about 1 MB on the wire): only what the client reads is made.
const server = await serve((req, res) => {
  res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" });
  const gzip = zlib.createGzip();
  gzip.pipe(res);
  const zeros = Buffer.alloc(1 << 20);
  let sent = 0;
  const more = () => {
    while (sent < 1024) {
      sent++;
      if (!gzip.write(zeros)) {
        gzip.once("drain", more);
        return;
      }
    }
    gzip.end();
  };
  res.on("close", () => gzip.destroy());
  more();
});
let peak = process.memoryUsage().rss;
const before = peak;
const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 5);
const started = Date.now();
const client = new api.Client({ baseUrl: server.url, auth: { bearer: TOKEN } });
const error = await failure(client.getThing("1"));
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);
assert.ok(error instanceof api.BodyTooLargeError, report(error));
assert.equal(error.limit, 32 * 1024 * 1024);
assert.equal(error.status, 200);
const grown = (peak - before) / (1 << 20);
assert.ok(grown < 200, `memory grew by ${grown} MiB`);
assert.ok(Date.now() - started < 10000);
// A smaller cap per client, and a declared length over it refused before reading.
const plain = await serve((req, res) => {
  res.writeHead(200, { "content-type": "application/json", "content-length": "5000" });
  res.end(" ".repeat(4998) + "{}");
});
const small = new api.Client({ baseUrl: plain.url, maxBodyBytes: 1000 });
const refused = await failure(small.getThing("1"));
assert.ok(refused instanceof api.BodyTooLargeError && refused.limit === 1000, report(refused));
const roomy = new api.Client({ baseUrl: plain.url, maxBodyBytes: 5000 });
assert.deepEqual((await roomy.getThing("1")).data, {});
console.log(`capped, grew ${grown < 200 ? "under 200 MiB" : grown}`);
"#,
    );
    assert_eq!(out.trim(), "capped, grew under 200 MiB");
}

#[test]
fn trickling_and_silent_servers_are_cut_off_by_the_idle_limit_and_the_deadline() {
    let out = run(
        "trickle",
        r#"
// Headers, one byte, then silence.
const stall = await serve((req, res) => {
  res.writeHead(200, { "content-type": "application/json", "content-length": "1000" });
  res.write("{");
});
// No headers at all.
const mute = await serve(() => {});
// A byte every 50 ms, for ever: never idle long enough for the read limit.
const drip = await serve((req, res) => {
  res.writeHead(200, { "content-type": "application/json" });
  const timer = setInterval(() => res.write(" "), 50);
  res.on("close", () => clearInterval(timer));
});
for (const [server, options, limit] of [
  [stall, { readTimeout: 300 }, "readTimeout"],
  [mute, { readTimeout: 300 }, "readTimeout"],
  [drip, { timeout: 600 }, "timeout"],
]) {
  const started = Date.now();
  const client = new api.Client({ baseUrl: server.url, ...options });
  const error = await failure(client.getThing("1"));
  const took = Date.now() - started;
  assert.ok(error instanceof api.TimeoutError && error instanceof api.NetworkError, report(error));
  assert.equal(error.limit, limit);
  assert.ok(took < 3000, `${limit} took ${took} ms`);
}
assert.equal(api.DEFAULT_TIMEOUT_MS, 60000);
assert.equal(api.DEFAULT_READ_TIMEOUT_MS, 30000);
console.log("cut off");
"#,
    );
    assert_eq!(out.trim(), "cut off");
}

#[test]
fn a_server_that_echoes_the_token_gets_it_replaced_and_secret_fields_are_redacted() {
    let out = run(
        "echo",
        r#"
const server = await serve((req, res) => {
  if (req.url === "/things/404") {
    res.writeHead(404, { "content-type": "application/json" });
    res.end(JSON.stringify({ message: `bad token ${req.headers.authorization.slice(7)}` }));
  } else if (req.url === "/things/418") {
    res.writeHead(418, { "content-type": "text/plain" });
    res.end(`teapot saw ${req.headers.authorization}`);
  } else {
    res.writeHead(500, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: "oops", session: { access_token: "zz-other-token-zz" } }));
  }
});
const client = new api.Client({ baseUrl: server.url, auth: { bearer: TOKEN } });
const documented = await failure(client.getThing("404"));
assert.ok(documented instanceof api.ApiError && documented.status === 404, report(documented));
assert.equal(documented.body.message, "bad token ***");
const teapot = await failure(client.getThing("418"));
assert.ok(teapot instanceof api.UnexpectedStatusError, report(teapot));
assert.equal(teapot.bodyText, "teapot saw Bearer ***");
const oops = await failure(client.getThing("500"));
assert.ok(oops.bodyExcerpt.includes('"access_token":"***"'), oops.bodyExcerpt);
for (const error of [documented, teapot, oops]) {
  const text = report(error);
  assert.ok(!text.includes(TOKEN), text);
  assert.ok(!text.includes("zz-other-token-zz"), text);
}
console.log("replaced");
"#,
    );
    assert_eq!(out.trim(), "replaced");
}

#[test]
fn no_error_of_an_unreachable_server_prints_the_url_or_a_query_key() {
    let out = run(
        "unreachable",
        r#"
// A port nothing listens on: the connection is refused.
const probe = await serve(() => {});
const url = probe.url;
await new Promise((resolve) => probe.server.close(resolve));
const client = new api.Client({ baseUrl: `${url}/v2`, auth: { key: KEY, bearer: TOKEN } });
const refused = await failure(client.getKeyed());
assert.ok(refused instanceof api.NetworkError, report(refused));
// A URL `fetch` cannot parse: Node's message would quote it, key and all.
const broken = new api.Client({ baseUrl: "http://exa mple.invalid", auth: { key: KEY } });
const unparsed = await failure(broken.getKeyed());
assert.ok(unparsed instanceof api.NetworkError, report(unparsed));
for (const error of [refused, unparsed]) {
  const text = report(error);
  for (const secret of [KEY, encodeURIComponent(KEY), TOKEN, "api_key", "/keyed"]) {
    assert.ok(!text.includes(secret), `${secret} in: ${text}`);
  }
}
console.log("nothing printed");
"#,
    );
    assert_eq!(out.trim(), "nothing printed");
}

#[test]
fn parameters_named_like_object_members_are_sent_only_when_given() {
    let out = run(
        "prototype_names",
        r#"
const urls = [];
const api_ = await serve((req, res) => { urls.push(req.url); res.setHeader("content-type", "application/json"); res.end("{}"); });
const client = new api.Client({ baseUrl: api_.url });
await client.search();
await client.search({ toString: "a b" });
assert.deepEqual(urls, ["/search", "/search?toString=a%20b"]);
console.log("own keys only");
"#,
    );
    assert_eq!(out.trim(), "own keys only");
}
