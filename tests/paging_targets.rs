//! Pagination of the generated TypeScript and Python clients against real servers on 127.0.0.1
//! (wiremock), one server per walk: every style of `tests/builders/openapi.yaml` (cursor, page,
//! offset, `Link` header, next URL) and the paginated `listUsers` of Vinix (cursor) and Rinkel
//! (page numbers). The packages are generated and (TypeScript) compiled here; `tests/paging/walk.mjs`
//! (Node) and `tests/paging/walk.py` (the pinned venv's Python, sync and async clients) walk
//! them and report what they yielded and what ended the walk, and this file checks that against
//! the requests each server received: the cursor, page, offset or URL of each page, the
//! optional parameter, header and credential set once on every page, and no request past the end.
//!
//! A missing tool (`node`, the pinned tsc of `tests/contract/node_modules`, the venv of
//! `.tools/python`; see `scripts/tools.sh`) skips its language with a message.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;

#[path = "support/driver.rs"]
mod driver;

use serde_json::{json, Value};
use switchboard_generator::{load_api, targets, Options};
use wiremock::{matchers::method, Mock, MockServer, Request, ResponseTemplate};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Style {
    Cursor,
    Page,
    Offset,
    Link,
    NextUrl,
}

/// One paginated operation and how the test server pages it.
struct Op {
    api: &'static str,
    ts: &'static str,
    py: &'static str,
    /// The path the server sees (below `prefix`, which the base URL carries).
    path: &'static str,
    prefix: &'static str,
    path_args: &'static [&'static str],
    style: Style,
    /// The query parameter that names the page on the wire (for URLs: the one the server writes in them).
    param: &'static str,
    /// An optional query parameter the caller sets once: TypeScript key, Python keyword, wire name.
    extra: Option<(&'static str, &'static str, &'static str)>,
    /// A credential: TypeScript `auth` key, Python keyword, header it goes in.
    auth: Option<(&'static str, &'static str, &'static str)>,
}

const OPS: &[Op] = &[
    Op {
        api: "builders",
        ts: "listPeopleByCursor",
        py: "list_people_by_cursor",
        path: "/cursor/people",
        prefix: "",
        path_args: &[],
        style: Style::Cursor,
        param: "start_key",
        extra: Some(("pageSize", "page_size", "page_size")),
        auth: None,
    },
    Op {
        api: "builders",
        ts: "listPeopleByPage",
        py: "list_people_by_page",
        path: "/numbered/people",
        prefix: "",
        path_args: &[],
        style: Style::Page,
        param: "page",
        extra: None,
        auth: None,
    },
    Op {
        api: "builders",
        ts: "listPeopleByOffset",
        py: "list_people_by_offset",
        path: "/offset/people",
        prefix: "",
        path_args: &[],
        style: Style::Offset,
        param: "offset",
        extra: Some(("limit", "limit", "limit")),
        auth: None,
    },
    Op {
        api: "builders",
        ts: "listPeopleByLink",
        py: "list_people_by_link",
        path: "/linked/people",
        prefix: "",
        path_args: &[],
        style: Style::Link,
        param: "page",
        extra: Some(("perPage", "per_page", "per_page")),
        auth: None,
    },
    Op {
        api: "builders",
        ts: "listPeopleByUri",
        py: "list_people_by_uri",
        path: "/uri/people",
        prefix: "",
        path_args: &[],
        style: Style::NextUrl,
        param: "after",
        extra: None,
        auth: None,
    },
    Op {
        api: "vinix",
        ts: "listUsers",
        py: "list_users",
        path: "/accounts/acc-1/users",
        prefix: "/v2",
        path_args: &["acc-1"],
        style: Style::Cursor,
        param: "start_key",
        extra: Some(("pageSize", "page_size", "page_size")),
        auth: Some(("authToken", "auth_token", "x-auth-token")),
    },
    Op {
        api: "rinkel",
        ts: "listUsers",
        py: "list_users",
        path: "/users",
        prefix: "",
        path_args: &[],
        style: Style::Page,
        param: "page",
        extra: Some(("perPage", "per_page", "perPage")),
        auth: Some(("apiKey", "api_key", "x-rinkel-api-key")),
    },
];

/// What the server does.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Mode {
    /// Five items over three pages (2, 2, 1), the third the last.
    Walk,
    /// The second page names the same next page as the first.
    Repeat,
    /// Pages without end; the caller sets `maxPages` to 2.
    Endless,
    /// The first page's next URL is on another origin (`localhost` instead of `127.0.0.1`).
    Elsewhere,
}

impl Mode {
    fn applies(self, style: Style) -> bool {
        match self {
            Mode::Walk | Mode::Endless => true,
            // Page numbers and offsets are the client's own: they cannot repeat.
            Mode::Repeat => matches!(style, Style::Cursor | Style::Link | Style::NextUrl),
            Mode::Elsewhere => matches!(style, Style::Link | Style::NextUrl),
        }
    }
}

const TOKEN: &str = "secret-token-1";
const TRACE: &str = "trace-7";

fn query(request: &Request, name: &str) -> Option<String> {
    request.url.query_pairs().find(|(k, _)| k == name).map(|(_, v)| v.into_owned())
}

/// The page (from 0) a request asks for.
fn index(op: &Op, request: &Request) -> usize {
    let value = query(request, op.param);
    let number = |v: &str| v.trim_start_matches('c').parse::<usize>().unwrap_or(usize::MAX);
    match (op.style, value) {
        (_, None) => 0,
        (Style::Page, Some(v)) => number(&v).saturating_sub(1),
        (Style::Offset, Some(v)) => number(&v) / 2,
        (_, Some(v)) => number(&v),
    }
}

/// The value of the paging parameter the request of page `k` carries (none on the first).
fn expected_param(style: Style, k: usize) -> Option<String> {
    match (style, k) {
        (_, 0) => None,
        (Style::Cursor, k) => Some(format!("c{k}")),
        (Style::Page, k) => Some((k + 1).to_string()),
        (Style::Offset, k) => Some((2 * k).to_string()),
        (_, k) => Some(k.to_string()),
    }
}

fn ids(k: usize, mode: Mode) -> Vec<usize> {
    if mode == Mode::Walk && k == 2 {
        vec![5]
    } else {
        vec![2 * k + 1, 2 * k + 2]
    }
}

fn item(n: usize) -> Value {
    json!({"id": format!("p{n}")})
}

/// The page `k` of a walk in `mode`, for a server at `base` (its URI with the operation's prefix).
fn page(op: &Op, mode: Mode, k: usize, base: &str, request: &Request) -> ResponseTemplate {
    let items: Vec<Value> = ids(k, mode).into_iter().map(item).collect();
    let last = mode == Mode::Walk && k == 2;
    // The page after `k` in this mode.
    let next = if mode == Mode::Repeat { 1 } else { k + 1 };
    let total = if mode == Mode::Walk { 3 } else { 100 };
    let mut response = ResponseTemplate::new(200).insert_header("x-page", k.to_string().as_str());
    let body = match op.style {
        Style::Cursor => {
            let mut body = json!({"data": items});
            if !last {
                body["next_start_key"] = json!(format!("c{next}"));
            }
            body
        }
        Style::Page if op.api == "rinkel" => json!({"data": items, "meta": {"pagination": {"totalPages": total}}}),
        Style::Page => json!({"data": items, "meta": {"last_page": total}}),
        Style::Offset => json!({"items": items, "total": if mode == Mode::Walk { 5 } else { 1000 }}),
        Style::Link => {
            let per_page = query(request, "per_page").unwrap_or_default();
            let target =
                if mode == Mode::Elsewhere { base.replace("127.0.0.1", "localhost") } else { base.to_string() };
            // Several links, a comma inside a quoted value, `rel` with several types.
            let mut link = format!("<{base}{}?page=0>; rel=\"first\"; title=\"page, first\"", op.path);
            if !last {
                link.push_str(&format!(", <{target}{}?page={next}&per_page={per_page}>; rel=\"last next\"", op.path));
            }
            response = response.insert_header("link", link.as_str());
            json!(items)
        }
        Style::NextUrl => {
            let mut body = json!({"people": items});
            if !last {
                // Absolute-path, then query-only: both resolved against the page they came on.
                body["next_page_uri"] = json!(match (mode, k) {
                    (Mode::Elsewhere, _) =>
                        format!("{}{}?after={next}", base.replace("127.0.0.1", "localhost"), op.path),
                    (_, 0) => format!("{}?after={next}", op.path),
                    _ => format!("?after={next}"),
                });
            }
            body
        }
    };
    response.set_body_json(body)
}

/// One walk: its server, the task for the driver, and what must come of it.
struct Case {
    label: String,
    server: MockServer,
    op: &'static Op,
    mode: Mode,
    kind: &'static str,
}

async fn case(op: &'static Op, mode: Mode, kind: &'static str, variant: &str) -> Case {
    let server = MockServer::start().await;
    let base = format!("{}{}", server.uri(), op.prefix);
    let responder_base = base.clone();
    Mock::given(method("GET"))
        .respond_with(move |request: &Request| page(op, mode, index(op, request), &responder_base, request))
        .mount(&server)
        .await;
    Case { label: format!("{variant} {} {} {mode:?} {kind}", op.api, op.ts), server, op, mode, kind }
}

/// Checks one walk's result against the requests its server received.
async fn check(case: &Case, result: &Value, failures: &mut Vec<String>) {
    let op = case.op;
    let requests = case.server.received_requests().await.unwrap_or_default();
    let mut problems = Vec::new();
    let (pages, items, pagination_error): (usize, Vec<usize>, bool) = match case.mode {
        Mode::Walk => (3, (1..=5).collect(), false),
        Mode::Repeat => (2, vec![1, 2], true),
        Mode::Endless => (2, (1..=4).collect(), true),
        Mode::Elsewhere => (1, vec![], true),
    };
    if requests.len() != pages {
        problems.push(format!("{} requests, expected {pages}", requests.len()));
    }
    for (k, request) in requests.iter().enumerate() {
        let path = format!("{}{}", op.prefix, op.path);
        if request.url.path() != path {
            problems.push(format!("request {k} went to {}, expected {path}", request.url));
        }
        let got = query(request, op.param);
        if got != expected_param(op.style, k) {
            problems.push(format!("request {k} sent {}={got:?}, expected {:?}", op.param, expected_param(op.style, k)));
        }
        if let Some((_, _, wire)) = op.extra {
            if query(request, wire).as_deref() != Some("2") {
                problems.push(format!("request {k} lacks {wire}=2: {}", request.url));
            }
        }
        let header = |name: &str| request.headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
        if header("x-trace").as_deref() != Some(TRACE) {
            problems.push(format!("request {k} lacks the x-trace header"));
        }
        if let Some((_, _, name)) = op.auth {
            if header(name).as_deref() != Some(TOKEN) {
                problems.push(format!("request {k} lacks the credential in {name}"));
            }
        }
    }
    let yielded = result["yielded"].as_array().cloned().unwrap_or_default();
    if case.kind == "items" {
        let expected: Vec<Value> = items.iter().map(|n| item(*n)).collect();
        if yielded != expected {
            problems.push(format!("yielded {yielded:?}, expected {expected:?}"));
        }
    } else {
        // Pages come whole, with their status and headers; the one that failed is not yielded.
        let shown = if pagination_error { pages - 1 } else { pages };
        let shown = if case.mode == Mode::Endless { pages } else { shown };
        let got: Vec<(Value, Value)> = yielded.iter().map(|p| (p["status"].clone(), p["page"].clone())).collect();
        let expected: Vec<(Value, Value)> = (0..shown).map(|k| (json!(200), json!(k.to_string()))).collect();
        if got != expected {
            problems.push(format!("pages (status, x-page) {got:?}, expected {expected:?}"));
        }
        for (k, p) in yielded.iter().enumerate() {
            let listed = match op.style {
                Style::Link => &p["body"],
                Style::Offset => &p["body"]["items"],
                Style::NextUrl => &p["body"]["people"],
                _ => &p["body"]["data"],
            };
            let want: Vec<Value> = ids(k, case.mode).into_iter().map(item).collect();
            if listed.as_array() != Some(&want) {
                problems.push(format!("page {k}'s body lists {listed}, expected {want:?}"));
            }
        }
    }
    let error = &result["error"];
    match (pagination_error, error.is_null()) {
        (false, false) => problems.push(format!("the walk failed: {error}")),
        (true, true) => problems.push("the walk ended without the pagination error".into()),
        (true, false) if error["pagination"] != json!(true) || error["client"] != json!(true) => {
            problems.push(format!("the walk ended with {error}, not the pagination error"));
        }
        _ => {}
    }
    if !problems.is_empty() {
        failures.push(format!("{}:\n  {}", case.label, problems.join("\n  ")));
    }
}

/// Drops the servers off the runtime's workers: a `MockServer` blocks on its own future when
/// dropped, which hangs on a worker of the runtime it was started on.
async fn release(all: Vec<Case>) {
    tokio::task::spawn_blocking(move || drop(all)).await.expect("the servers are dropped");
}

/// Every case for one client variant.
async fn cases(variant: &str) -> Vec<Case> {
    let mut all = Vec::new();
    for op in OPS {
        for mode in [Mode::Walk, Mode::Repeat, Mode::Endless, Mode::Elsewhere] {
            if !mode.applies(op.style) {
                continue;
            }
            for kind in ["items", "pages"] {
                all.push(case(op, mode, kind, variant).await);
            }
        }
    }
    all
}

fn source(api: &str) -> PathBuf {
    if api == "builders" {
        repo().join("tests/builders/openapi.yaml")
    } else {
        repo().join("schemas").join(api)
    }
}

fn write_files(files: &[targets::File], dir: &Path) {
    for file in files {
        let path = dir.join(&file.path);
        std::fs::create_dir_all(path.parent().expect("files sit in a folder")).expect("create the package folder");
        std::fs::write(&path, &file.contents).expect("write a generated file");
    }
}

fn ir(api: &str) -> switchboard_generator::ir::Api {
    load_api(&source(api), api, Options::default()).result.unwrap_or_else(|d| panic!("{d}")).0
}

/// The credentials object of a client: `{name: TOKEN}`, or empty.
fn credential(name: Option<&str>) -> Value {
    let mut map = serde_json::Map::new();
    if let Some(name) = name {
        map.insert(name.to_string(), json!(TOKEN));
    }
    Value::Object(map)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn typescript_walks_every_style_as_the_rust_runtime_does() {
    let tsc = repo().join("tests/contract/node_modules/.bin/tsc");
    let node_runs = Command::new("node").arg("--version").output().is_ok_and(|o| o.status.success());
    if !tsc.exists() || !node_runs {
        eprintln!(
            "skipping the TypeScript pagination walks: node or {} is missing (run `bash scripts/tools.sh`)",
            tsc.display()
        );
        return;
    }
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("paging-typescript");
    let _ = std::fs::remove_dir_all(&root);
    let mut clients = std::collections::HashMap::new();
    for api in ["builders", "vinix", "rinkel"] {
        let dir = root.join(api);
        write_files(
            &targets::typescript::generate(&ir(api), &format!("{api}-client")).expect("the TypeScript target emits"),
            &dir,
        );
        let output = Command::new(&tsc).arg("-p").arg(&dir).arg("--pretty").arg("false").output().expect("tsc runs");
        assert!(output.status.success(), "tsc failed on {api}:\n{}", String::from_utf8_lossy(&output.stdout));
        clients.insert(api, dir.join("dist/index.js"));
    }
    let all = cases("typescript").await;
    let tasks: Vec<Value> = all
        .iter()
        .map(|c| {
            let op = c.op;
            let mut options = json!({"headers": {"x-trace": TRACE}});
            if let Some((key, _, _)) = op.extra {
                options[key] = json!(2);
            }
            if c.mode == Mode::Endless {
                options["maxPages"] = json!(2);
            }
            let auth = credential(op.auth.map(|(key, _, _)| key));
            json!({
                "client": clients[op.api], "method": op.ts, "kind": c.kind, "auth": auth,
                "baseUrl": format!("{}{}", c.server.uri(), op.prefix), "pathArgs": op.path_args, "options": options,
            })
        })
        .collect();
    let driver = repo().join("tests/paging/walk.mjs");
    let results = tokio::task::spawn_blocking(move || driver::run("node", &[&driver], &[], &tasks))
        .await
        .expect("the driver thread");
    let mut failures = Vec::new();
    for (c, result) in all.iter().zip(&results) {
        check(c, result, &mut failures).await;
    }
    let count = all.len();
    release(all).await;
    assert!(failures.is_empty(), "{} of {count} walks went wrong:\n{}", failures.len(), failures.join("\n"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn python_walks_every_style_as_the_rust_runtime_does() {
    let python = repo().join(".tools/python/bin/python");
    if !python.exists() {
        eprintln!(
            "skipping the Python pagination walks: {} is missing (run `bash scripts/tools.sh`)",
            python.display()
        );
        return;
    }
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("paging-python");
    let _ = std::fs::remove_dir_all(&dir);
    for api in ["builders", "vinix", "rinkel"] {
        write_files(
            &targets::python::generate(&ir(api), &format!("switchboard_{api}")).expect("the Python target emits"),
            &dir,
        );
    }
    // The builders document is in no other mypy run: its five walks are checked here.
    let mypy = repo().join(".tools/python/bin/mypy");
    let output = Command::new(&mypy)
        .args(["--strict", "--no-incremental", "switchboard_builders"])
        .current_dir(&dir)
        .output()
        .expect("mypy runs");
    assert!(output.status.success(), "mypy --strict failed:\n{}", String::from_utf8_lossy(&output.stdout));
    let mut all = Vec::new();
    let mut tasks = Vec::new();
    for variant in ["sync", "async"] {
        for c in cases(&format!("python {variant}")).await {
            let op = c.op;
            let mut options = json!({"headers": {"x-trace": TRACE}});
            if let Some((_, keyword, _)) = op.extra {
                options[keyword] = json!(2);
            }
            if c.mode == Mode::Endless {
                options["max_pages"] = json!(2);
            }
            let auth = credential(op.auth.map(|(_, keyword, _)| keyword));
            tasks.push(json!({
                "package": format!("switchboard_{}", op.api), "client": variant, "method": op.py, "kind": c.kind,
                "auth": auth, "base_url": format!("{}{}", c.server.uri(), op.prefix), "path_args": op.path_args,
                "options": options,
            }));
            all.push(c);
        }
    }
    let driver = repo().join("tests/paging/walk.py");
    let results = tokio::task::spawn_blocking(move || {
        let env = [("PYTHONPATH", dir.as_os_str()), ("PYTHONDONTWRITEBYTECODE", OsStr::new("1"))];
        driver::run(&python, &[&driver], &env, &tasks)
    })
    .await
    .expect("the driver thread");
    let mut failures = Vec::new();
    for (c, result) in all.iter().zip(&results) {
        check(c, result, &mut failures).await;
    }
    let count = all.len();
    release(all).await;
    assert!(failures.is_empty(), "{} of {count} walks went wrong:\n{}", failures.len(), failures.join("\n"));
}
