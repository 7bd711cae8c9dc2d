//! The Python clients (sync and async) against hostile servers on 127.0.0.1, the same rules as
//! the Rust runtime's `tests/hostile_server.rs`: redirects followed only within the origin, a
//! body cap counted after decompression (a gzip bomb stops at it with memory bounded), a deadline
//! per attempt and an idle limit per read, and no credential or URL in any error a caller prints.
//! Each test is a script for the pinned venv's Python that starts its own socket servers.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use switchboard_generator::targets::python;
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
  /keyed:
    get:
      operationId: getKeyed
      security: [{ key: [] }]
      responses:
        "200": { description: ok, content: { application/json: { schema: { type: object } } } }
"#;

/// What every script starts with: the package, a socket server helper, both clients and the secrets.
const PRELUDE: &str = r#"
import asyncio, json, resource, socket, threading, time, traceback, zlib
import hostile

TOKEN = "tok-SECRET-123"
KEY = "KEY-SECRET-456"

def serve(handler):
    """A server on 127.0.0.1 that calls `handler(conn, head)` for each request, each in a thread."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    def one(conn):
        with conn:
            head = b""
            while b"\r\n\r\n" not in head:
                data = conn.recv(4096)
                if not data:
                    return
                head += data
            try:
                handler(conn, head.decode("latin-1"))
            except OSError:
                pass
    def loop():
        while True:
            conn, _ = listener.accept()
            threading.Thread(target=one, args=(conn,), daemon=True).start()
    threading.Thread(target=loop, daemon=True).start()
    return f"http://127.0.0.1:{listener.getsockname()[1]}"

def answer(conn, status, body=b"", **headers):
    lines = [f"HTTP/1.1 {status} X", f"content-length: {len(body)}", "connection: close"]
    lines += [f"{k.replace('_', '-')}: {v}" for k, v in headers.items()]
    conn.sendall(("\r\n".join(lines) + "\r\n\r\n").encode() + body)

def target(head):
    return head.split(" ", 2)[1]

def header(head, name):
    for line in head.split("\r\n")[1:]:
        k, _, v = line.partition(":")
        if k.strip().lower() == name:
            return v.strip()
    return None

def calls(make, call):
    """`call(client)` with the sync client and with the async one: both outcomes, errors as values."""
    out = []
    client = make(hostile.Client)
    try:
        out.append(call(client))
    except Exception as e:
        out.append(e)
    async def run():
        client = make(hostile.AsyncClient)
        try:
            return await call(client)
        except Exception as e:
            return e
    out.append(asyncio.run(run()))
    return out

def report(error):
    """Everything a caller could print: str, repr and the traceback with its chain."""
    return f"{error} / {error!r} / {''.join(traceback.format_exception(error))}"
"#;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The package, generated once for all tests of this file.
fn package() -> &'static Path {
    static PACKAGE: OnceLock<PathBuf> = OnceLock::new();
    PACKAGE.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("python_safety");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("a package directory");
        let input = dir.join("api.yaml");
        std::fs::write(&input, API).expect("write the input");
        let (api, _) = load_api(&input, "hostile", Options::default()).result.unwrap_or_else(|d| panic!("{d}"));
        let root = dir.join("pkg");
        for file in python::generate(&api, "hostile").expect("the Python target emits") {
            let path = root.join(&file.path);
            std::fs::create_dir_all(path.parent().expect("files sit in a folder")).expect("create a folder");
            std::fs::write(&path, &file.contents).expect("write a generated file");
        }
        root
    })
}

/// Runs `body` after the prelude with the venv's Python beside the package; what it printed.
fn run(name: &str, body: &str) -> String {
    let python = repo().join(".tools/python/bin/python");
    assert!(python.exists(), "{} is missing: run `bash scripts/tools.sh`", python.display());
    let path = package().join(format!("{name}.py"));
    std::fs::write(&path, format!("{PRELUDE}\n{body}\n")).expect("write the script");
    let out = Command::new(python)
        .arg(&path)
        .current_dir(package())
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .output()
        .expect("python runs");
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
stolen = []
attacker = serve(lambda conn, head: (stolen.append(head), answer(conn, 200, b"{}")))
status = [0]
api = serve(lambda conn, head: answer(conn, status[0], location=f"{attacker}/steal"))
for s in (301, 302, 303, 307, 308):
    status[0] = s
    for error in calls(lambda c: c(api, bearer=TOKEN, max_redirects=10), lambda c: c.get_thing("1")):
        assert isinstance(error, hostile.UnexpectedStatus), repr(error)
        assert error.status == s and error.headers["location"] == f"{attacker}/steal", repr(error)
assert not stolen, "the attacker saw a request"
print("not followed")
"#,
    );
    assert_eq!(out.trim(), "not followed");
}

#[test]
fn a_redirect_within_the_origin_is_followed_with_the_token_up_to_the_limit() {
    let out = run(
        "same_origin",
        r#"
def handle(conn, head):
    path = target(head)
    if path == "/things/1":
        answer(conn, 307, location="/moved")
    elif path == "/moved" and header(head, "authorization") == f"Bearer {TOKEN}":
        answer(conn, 200, b'{"name": "moved"}', content_type="application/json")
    elif path.startswith("/loop"):
        answer(conn, 302, location=f"/loop{len(path)}")
    else:
        answer(conn, 500)
api = serve(handle)
for result in calls(lambda c: c(api, bearer=TOKEN), lambda c: c.get_thing("1")):
    assert not isinstance(result, Exception), repr(result)
    assert result.body["name"] == "moved"
for error in calls(lambda c: c(api, bearer=TOKEN, max_redirects=0), lambda c: c.get_thing("1")):
    assert isinstance(error, hostile.UnexpectedStatus) and error.status == 307, repr(error)
for error in calls(lambda c: c(f"{api}/loop", bearer=TOKEN), lambda c: c.get_thing("1")):
    assert isinstance(error, hostile.TransportError) and "more than 10 redirects" in str(error), repr(error)
print("followed")
"#,
    );
    assert_eq!(out.trim(), "followed");
}

#[test]
fn a_gzip_bomb_stops_at_the_body_cap_with_memory_bounded() {
    let out = run(
        "gzip_bomb",
        r#"
def bomb(conn, head):
    # 1 GiB of zeros, gzip-compressed as it is sent (about 1 MB on the wire), until the client hangs up.
    conn.sendall(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-encoding: gzip\r\nconnection: close\r\n\r\n")
    gzip = zlib.compressobj(9, zlib.DEFLATED, 31)
    zeros = bytes(1 << 20)
    for _ in range(1024):
        conn.sendall(gzip.compress(zeros))
    conn.sendall(gzip.flush())
api = serve(bomb)
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.monotonic()
for error in calls(lambda c: c(api, bearer=TOKEN), lambda c: c.get_thing("1")):
    assert isinstance(error, hostile.BodyTooLarge), repr(error)
    assert error.limit == 32 * 1024 * 1024 and error.status == 200
grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
assert grown < 150, f"peak memory grew by {grown} MiB"
assert time.monotonic() - started < 20
def plain(conn, head):
    answer(conn, 200, b" " * 4998 + b"{}", content_type="application/json")
small = serve(plain)
for error in calls(lambda c: c(small, max_body_bytes=1000), lambda c: c.get_thing("1")):
    assert isinstance(error, hostile.BodyTooLarge) and error.limit == 1000, repr(error)
for result in calls(lambda c: c(small, max_body_bytes=5000), lambda c: c.get_thing("1")):
    assert not isinstance(result, Exception) and result.body == {}, repr(result)
print("capped, grew under 150 MiB")
"#,
    );
    assert_eq!(out.trim(), "capped, grew under 150 MiB");
}

#[test]
fn trickling_and_silent_servers_are_cut_off_by_the_idle_limit_and_the_deadline() {
    let out = run(
        "trickle",
        r#"
def stall(conn, head):
    conn.sendall(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{")
    time.sleep(5)
def mute(conn, head):
    time.sleep(5)
def drip(conn, head):
    conn.sendall(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n")
    for _ in range(200):
        conn.sendall(b" ")
        time.sleep(0.05)
for url, options in ((serve(stall), {"read_timeout": 0.3}), (serve(mute), {"read_timeout": 0.3}), (serve(drip), {"timeout": 0.6})):
    started = time.monotonic()
    for error in calls(lambda c: c(url, **options), lambda c: c.get_thing("1")):
        assert isinstance(error, hostile.Timeout) and isinstance(error, hostile.TransportError), repr(error)
    took = time.monotonic() - started
    assert took < 4, f"{options} took {took} s for both clients"
assert hostile._runtime.DEFAULT_TIMEOUT == 60 and hostile._runtime.DEFAULT_READ_TIMEOUT == 30
print("cut off")
"#,
    );
    assert_eq!(out.trim(), "cut off");
}

#[test]
fn a_server_that_echoes_the_token_gets_it_replaced_and_secret_fields_are_redacted() {
    let out = run(
        "echo",
        r#"
def handle(conn, head):
    path, auth = target(head), header(head, "authorization") or ""
    if path == "/things/404":
        answer(conn, 404, json.dumps({"message": f"bad token {auth[7:]}"}).encode(), content_type="application/json")
    elif path == "/things/418":
        answer(conn, 418, f"teapot saw {auth}".encode(), content_type="text/plain")
    else:
        body = {"error": "oops", "session": {"access_token": "zz-other-token-zz"}}
        answer(conn, 500, json.dumps(body).encode(), content_type="application/json")
api = serve(handle)
make = lambda c: c(api, bearer=TOKEN)
errors = []
for error in calls(make, lambda c: c.get_thing("404")):
    assert isinstance(error, hostile.ApiError) and error.status == 404, repr(error)
    assert error.body["message"] == "bad token ***", error.body
    errors.append(error)
for error in calls(make, lambda c: c.get_thing("418")):
    assert isinstance(error, hostile.UnexpectedStatus), repr(error)
    assert error.content == b"teapot saw Bearer ***", error.content
    errors.append(error)
for error in calls(make, lambda c: c.get_thing("500")):
    assert '"access_token":"***"' in error.body_excerpt, error.body_excerpt
    errors.append(error)
for error in errors:
    text = report(error) + repr(error)
    assert TOKEN not in text and "zz-other-token-zz" not in text, text
print("replaced")
"#,
    );
    assert_eq!(out.trim(), "replaced");
}

#[test]
fn no_error_of_an_unreachable_server_prints_the_url_or_a_query_key() {
    let out = run(
        "unreachable",
        r#"
probe = socket.socket()
probe.bind(("127.0.0.1", 0))
port = probe.getsockname()[1]
probe.close()
make = lambda c: c(f"http://127.0.0.1:{port}/v2", key=KEY, bearer=TOKEN, read_timeout=2)
for error in calls(make, lambda c: c.get_keyed()):
    assert isinstance(error, hostile.TransportError), repr(error)
    text = report(error)
    for secret in (KEY, TOKEN, "api_key", "/keyed"):
        assert secret not in text, f"{secret} in: {text}"
client = make(hostile.Client)
text = repr(client) + repr(client._core) + repr(vars(client._core))
assert KEY not in text and TOKEN not in text, text
print("nothing printed")
"#,
    );
    assert_eq!(out.trim(), "nothing printed");
}

#[test]
fn the_callers_httpx_client_headers_cookies_params_and_auth_reach_the_server() {
    let out = run(
        "own_http_client",
        r#"
import httpx
seen = []
api = serve(lambda conn, head: (seen.append(head), answer(conn, 200, b"{}", content_type="application/json")))
own = dict(headers={"X-Tenant": "t1"}, cookies={"jar": "j1"}, params={"tenant": "t1"}, auth=("user", "pw"))
sync = hostile.Client(api, http_client=httpx.Client(**own))
sync.get_thing("a b")
async def go():
    async with hostile.AsyncClient(api, http_client=httpx.AsyncClient(**own)) as client:
        await client.get_thing("a b")
asyncio.run(go())
for head in seen:
    assert target(head) == "/things/a%20b?tenant=t1", target(head)
    assert header(head, "x-tenant") == "t1", head
    assert header(head, "cookie") == "jar=j1", head
    assert header(head, "authorization").startswith("Basic "), head
print(len(seen))
"#,
    );
    assert_eq!(out.trim(), "2");
}

#[test]
fn a_user_agent_names_the_package_unless_the_caller_or_its_httpx_client_names_one() {
    let out = run(
        "user_agent",
        r#"
import httpx
seen = []
api = serve(lambda conn, head: (seen.append(header(head, "user-agent")), answer(conn, 200, b"{}", content_type="application/json")))
hostile.Client(api).get_thing("1")
hostile.Client(api, http_client=httpx.Client(headers={"User-Agent": "theirs/2"})).get_thing("1")
hostile.Client(api, headers={"User-Agent": "mine/3"}).get_thing("1")
hostile.Client(api).get_thing("1", headers={"user-agent": "call/4"})
print(seen)
"#,
    );
    assert_eq!(out.trim(), "['hostile/0.1.0', 'theirs/2', 'mine/3', 'call/4']");
}

#[test]
fn empty_and_dot_path_parameters_are_refused_before_anything_is_sent() {
    let out = run(
        "dot_segments",
        r#"
seen = []
api = serve(lambda conn, head: (seen.append(head), answer(conn, 200, b"{}")))
for value in ("", ".", ".."):
    for error in calls(lambda c: c(api), lambda c: c.get_thing(value)):
        assert isinstance(error, hostile.InvalidRequest) and "`id`" in str(error), repr(error)
assert not seen, seen
print("refused")
"#,
    );
    assert_eq!(out.trim(), "refused");
}
