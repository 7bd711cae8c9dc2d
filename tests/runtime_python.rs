//! The generated Python clients behave on the wire as the Rust runtime does (`tests/runtime.rs`,
//! `tests/login.rs`): retries and their delays, `Retry-After`, timeouts, typed transport errors,
//! login with a single flight and a replay after 401, the body size cap, the caller's own httpx
//! client, and no secret in a `repr`, `str` or error message. Shown with the Vinix package (and a
//! one-operation document with a key in the query, `tests/runtime/query-key.yaml`) against
//! servers on 127.0.0.1 (wiremock): `tests/runtime/py_driver.py` makes the calls with the sync
//! `Client` and the `AsyncClient`, each test checks what the servers received and what the
//! calls returned or raised.
//!
//! Every test runs with each venv `scripts/tools.sh` installs: `.tools/python` (the pinned
//! httpx) and `.tools/python-min` (the oldest httpx and anyio the packages declare,
//! `tests/python/requirements-min.txt`). A missing venv skips with a message; both missing skip
//! the tests. Times are asserted only as loose lower bounds (the machine is shared).

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

#[path = "support/driver.rs"]
mod driver;

use serde_json::{json, Value};
use switchboard_generator::{load_api, targets, Options};
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const ACCOUNT: &str = "4f2c6e0b1d9a4b7c8e3f2a1b0c9d8e7f";
const USER: &str = "8a1b2c3d4e5f60718293a4b5c6d7e8f9";
const LOGIN_SECRET: &str = "82a5c2c4d5e6f708192a3b4c5d6e7f80";

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// One client of one venv: `python` runs the driver, `client` is `sync` or `async`.
#[derive(Clone, Debug)]
struct Run {
    python: PathBuf,
    venv: &'static str,
    client: &'static str,
}

impl std::fmt::Display for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} client, {}", self.client, self.venv)
    }
}

/// The packages, generated once into the test binary's own folder.
fn packages() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("runtime-python");
        let _ = std::fs::remove_dir_all(&dir);
        for (source, name) in [
            (repo().join("schemas/vinix"), "switchboard_vinix"),
            (repo().join("tests/runtime/query-key.yaml"), "switchboard_query_key"),
        ] {
            let (ir, _) = load_api(&source, name, Options::default()).result.unwrap_or_else(|d| panic!("{d}"));
            for file in targets::python::generate(&ir, name).expect("the Python target emits") {
                let path = dir.join(&file.path);
                std::fs::create_dir_all(path.parent().expect("a folder")).expect("create the package folder");
                std::fs::write(&path, &file.contents).expect("write a generated file");
            }
        }
        dir
    })
}

/// Every (venv, client) to run, or none (with a message) when no venv is installed.
fn runs() -> Vec<Run> {
    let mut out = Vec::new();
    for venv in [".tools/python", ".tools/python-min"] {
        let python = repo().join(venv).join("bin/python");
        if !python.exists() {
            eprintln!(
                "skipping the Python runtime tests with {venv}: {} is missing (run `bash scripts/tools.sh`)",
                python.display()
            );
            continue;
        }
        for client in ["sync", "async"] {
            out.push(Run { python: python.clone(), venv, client });
        }
    }
    out
}

/// A task calling `call` of the Vinix package with fast retries and a token, at `server`.
fn task(run: &Run, server: &MockServer, call: &str) -> Value {
    json!({
        "package": "switchboard_vinix",
        "client": run.client,
        "base_url": format!("{}/v2", server.uri()),
        "options": {"auth_token": "tok-123", "retry": {"initial_delay": 0.001, "max_delay": 5.0}},
        "call": call,
        "args": [ACCOUNT, USER],
        "kwargs": {},
    })
}

/// Runs the driver with `tasks`; its results.
async fn drive(run: &Run, tasks: Vec<Value>) -> Vec<Value> {
    let python = run.python.clone();
    let dir = packages().to_path_buf();
    let results = tokio::task::spawn_blocking(move || {
        let env = [("PYTHONPATH", dir.as_os_str()), ("PYTHONDONTWRITEBYTECODE", OsStr::new("1"))];
        driver::run(&python, &[repo().join("tests/runtime/py_driver.py")], &env, &tasks)
    })
    .await
    .expect("the driver thread");
    results
}

/// The one outcome of a task with one call.
async fn one(run: &Run, task: Value) -> (Value, Value) {
    let result = drive(run, vec![task]).await.remove(0);
    let outcome = result["outcomes"][0].clone();
    (outcome, result)
}

async fn received(server: &MockServer) -> usize {
    server.received_requests().await.expect("recording is on").len()
}

fn raised<'a>(outcome: &'a Value, class: &str, run: &Run) -> &'a Value {
    let classes = outcome["classes"].as_array().cloned().unwrap_or_default();
    assert!(classes.iter().any(|c| c == class), "{run}: expected {class}, got {outcome}");
    outcome
}

fn user_envelope() -> Value {
    json!({"data": {"id": USER, "first_name": "Ada", "last_name": "Lovelace"}, "status": "success"})
}

fn kazoo_error(code: u16) -> Value {
    json!({"status": "error", "error": code.to_string(), "message": "try later", "data": {}})
}

fn update_body() -> Value {
    json!({"data": {"first_name": "Ada", "last_name": "Lovelace"}})
}

fn login_body() -> Value {
    json!({"data": {"credentials": LOGIN_SECRET, "account_name": "acme"}})
}

#[tokio::test]
async fn a_get_answered_503_is_attempted_three_times_then_fails_with_the_last_answer() {
    for run in runs() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(503).set_body_json(kazoo_error(503)))
            .mount(&server)
            .await;
        let (outcome, _) = one(&run, task(&run, &server, "get_user")).await;
        raised(&outcome, "GetUserServiceUnavailable", &run);
        assert_eq!(outcome["status"], 503, "{run}");
        assert_eq!(received(&server).await, 3, "{run}");
    }
}

#[tokio::test]
async fn a_get_answered_503_twice_then_200_is_attempted_three_times_and_succeeds() {
    for run in runs() {
        let server = MockServer::start().await;
        Mock::given(method("GET")).respond_with(ResponseTemplate::new(503)).up_to_n_times(2).mount(&server).await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_body_json(user_envelope()))
            .mount(&server)
            .await;
        let (outcome, _) = one(&run, task(&run, &server, "get_user")).await;
        assert_eq!(outcome["ok"], true, "{run}: {outcome}");
        assert_eq!(outcome["body"]["data"]["first_name"], "Ada", "{run}");
        assert_eq!(received(&server).await, 3, "{run}");
    }
}

#[tokio::test]
async fn each_retryable_status_is_retried_and_others_are_not() {
    let cases = [(408, 3), (429, 3), (502, 3), (503, 3), (504, 3), (500, 1), (404, 1), (401, 1), (400, 1)];
    for run in runs() {
        let mut servers = Vec::new();
        let mut tasks = Vec::new();
        for (status, _) in cases {
            let server = MockServer::start().await;
            Mock::given(method("GET"))
                .respond_with(ResponseTemplate::new(status).set_body_json(kazoo_error(status)))
                .mount(&server)
                .await;
            tasks.push(task(&run, &server, "get_user"));
            servers.push(server);
        }
        let results = drive(&run, tasks).await;
        for (((status, attempts), server), result) in cases.iter().zip(&servers).zip(&results) {
            assert_eq!(result["outcomes"][0]["status"], *status, "{run}: {result}");
            assert_eq!(received(server).await, *attempts, "{run}: status {status}");
        }
    }
}

#[tokio::test]
async fn retry_after_in_seconds_is_honoured() {
    for run in runs() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "1").set_body_json(kazoo_error(429)))
            .up_to_n_times(1)
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_body_json(user_envelope()))
            .mount(&server)
            .await;
        let (outcome, result) = one(&run, task(&run, &server, "get_user")).await;
        assert_eq!(outcome["ok"], true, "{run}: {outcome}");
        assert_eq!(received(&server).await, 2, "{run}");
        // Backoff alone would have waited about a millisecond.
        assert!(result["elapsed"].as_f64().unwrap_or(0.0) >= 0.95, "{run}: waited only {}", result["elapsed"]);
    }
}

#[tokio::test]
async fn retry_after_as_an_http_date_is_honoured() {
    for run in runs() {
        let server = MockServer::start().await;
        let when = httpdate::fmt_http_date(std::time::SystemTime::now() + Duration::from_secs(3));
        Mock::given(method("GET"))
            .respond_with(
                ResponseTemplate::new(503).insert_header("Retry-After", when.as_str()).set_body_json(kazoo_error(503)),
            )
            .up_to_n_times(1)
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_body_json(user_envelope()))
            .mount(&server)
            .await;
        let (outcome, result) = one(&run, task(&run, &server, "get_user")).await;
        assert_eq!(outcome["ok"], true, "{run}: {outcome}");
        assert_eq!(received(&server).await, 2, "{run}");
        // The date has one-second resolution and the driver took a moment to start: at least
        // one second of the three remains.
        assert!(result["elapsed"].as_f64().unwrap_or(0.0) >= 0.9, "{run}: waited only {}", result["elapsed"]);
    }
}

#[tokio::test]
async fn retry_after_longer_than_the_cap_waits_only_the_cap() {
    for run in runs() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(
                ResponseTemplate::new(503).insert_header("Retry-After", "3600").set_body_json(kazoo_error(503)),
            )
            .up_to_n_times(1)
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_body_json(user_envelope()))
            .mount(&server)
            .await;
        let mut t = task(&run, &server, "get_user");
        t["options"]["retry"] = json!({"max_delay": 0.05});
        let (outcome, result) = one(&run, t).await;
        assert_eq!(outcome["ok"], true, "{run}: {outcome}");
        assert_eq!(received(&server).await, 2, "{run}");
        assert!(result["elapsed"].as_f64().unwrap_or(99.0) < 30.0, "{run}: waited {}", result["elapsed"]);
    }
}

#[tokio::test]
async fn a_post_is_not_retried_by_default() {
    for run in runs() {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(503).set_body_json(kazoo_error(503)))
            .mount(&server)
            .await;
        let mut t = task(&run, &server, "update_user");
        t["args"] = json!([ACCOUNT, USER, update_body()]);
        let (outcome, _) = one(&run, t).await;
        raised(&outcome, "UpdateUserServiceUnavailable", &run);
        assert_eq!(received(&server).await, 1, "{run}");
    }
}

#[tokio::test]
async fn a_post_is_retried_when_the_caller_opts_in() {
    for run in runs() {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(503).set_body_json(kazoo_error(503)))
            .mount(&server)
            .await;
        let mut t = task(&run, &server, "update_user");
        t["args"] = json!([ACCOUNT, USER, update_body()]);
        t["options"]["retry"]["retry_non_idempotent"] = json!(true);
        one(&run, t).await;
        assert_eq!(received(&server).await, 3, "{run}");
    }
}

#[tokio::test]
async fn a_per_call_retry_policy_overrides_the_clients() {
    for run in runs() {
        let (never, per_call) = (MockServer::start().await, MockServer::start().await);
        for server in [&never, &per_call] {
            Mock::given(method("GET"))
                .respond_with(ResponseTemplate::new(503).set_body_json(kazoo_error(503)))
                .mount(server)
                .await;
        }
        let mut a = task(&run, &never, "get_user");
        a["options"]["retry"] = json!("never");
        let mut b = task(&run, &per_call, "get_user");
        b["options"]["retry"] = json!("never");
        b["kwargs"]["retry"] = json!({"max_attempts": 2, "initial_delay": 0.001});
        drive(&run, vec![a, b]).await;
        assert_eq!(received(&never).await, 1, "{run}: RetryPolicy.never()");
        assert_eq!(received(&per_call).await, 2, "{run}: the call's own policy");
    }
}

#[tokio::test]
async fn a_refused_connection_is_retried_then_raises_connection_refused() {
    for run in runs() {
        let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port").local_addr().expect("an address");
        let t = json!({
            "package": "switchboard_vinix",
            "client": run.client,
            "base_url": format!("http://{closed}/v2"),
            "options": {"auth_token": "tok-123", "retry": {"initial_delay": 0.001}},
            "call": "get_user",
            "args": [ACCOUNT, USER],
            "count": true,
        });
        let (outcome, result) = one(&run, t).await;
        raised(&outcome, "ConnectionRefused", &run);
        raised(&outcome, "TransportError", &run);
        assert_eq!(result["requests"], 3, "{run}: attempts");
        let message = outcome["message"].as_str().unwrap_or_default();
        assert!(message.contains("refused") && !message.contains(&closed.to_string()), "{run}: {message}");
    }
}

#[tokio::test]
async fn an_unknown_host_raises_a_dns_error() {
    for run in runs() {
        let t = json!({
            "package": "switchboard_vinix",
            "client": run.client,
            "base_url": "http://nonexistent.invalid/v2",
            "options": {"retry": "never"},
            "call": "get_user",
            "args": [ACCOUNT, USER],
        });
        let (outcome, _) = one(&run, t).await;
        raised(&outcome, "DnsError", &run);
        raised(&outcome, "ConnectionFailed", &run);
    }
}

#[tokio::test]
async fn tls_to_a_plain_http_server_raises_a_tls_error() {
    for run in runs() {
        let server = MockServer::start().await;
        let t = json!({
            "package": "switchboard_vinix",
            "client": run.client,
            "base_url": format!("{}/v2", server.uri().replace("http://", "https://")),
            "options": {"retry": "never"},
            "call": "get_user",
            "args": [ACCOUNT, USER],
        });
        let (outcome, _) = one(&run, t).await;
        raised(&outcome, "TlsError", &run);
    }
}

#[tokio::test]
async fn the_client_timeout_fires_as_a_timeout() {
    for run in runs() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_body_json(user_envelope()).set_delay(Duration::from_secs(5)))
            .mount(&server)
            .await;
        let mut t = task(&run, &server, "get_user");
        t["options"]["timeout"] = json!(0.2);
        let (outcome, _) = one(&run, t).await;
        raised(&outcome, "Timeout", &run);
        assert_eq!(received(&server).await, 1, "{run}: a timeout is not retried");
    }
}

#[tokio::test]
async fn a_per_call_timeout_overrides_the_clients() {
    for run in runs() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_body_json(user_envelope()).set_delay(Duration::from_secs(5)))
            .mount(&server)
            .await;
        let mut t = task(&run, &server, "get_user");
        t["kwargs"]["timeout"] = json!(0.2);
        let (outcome, _) = one(&run, t).await;
        raised(&outcome, "Timeout", &run);
    }
}

#[tokio::test]
async fn the_callers_httpx_client_default_headers_and_timeout_are_honoured() {
    for run in runs() {
        let (fast, slow) = (MockServer::start().await, MockServer::start().await);
        Mock::given(method("GET"))
            .and(header("x-trace", "t-1"))
            .and(header("x-auth-token", "tok-123"))
            .respond_with(ResponseTemplate::new(200).set_body_json(user_envelope()))
            .mount(&fast)
            .await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_body_json(user_envelope()).set_delay(Duration::from_secs(5)))
            .mount(&slow)
            .await;
        let mut a = task(&run, &fast, "get_user");
        a["http_client"] = json!({"headers": {"x-trace": "t-1"}});
        // The client's own `timeout` (60 s) is the deadline; the httpx client's read timeout fires first.
        let mut b = task(&run, &slow, "get_user");
        b["http_client"] = json!({"timeout": 0.2});
        let results = drive(&run, vec![a, b]).await;
        assert_eq!(results[0]["outcomes"][0]["ok"], true, "{run}: {}", results[0]);
        raised(&results[1]["outcomes"][0], "Timeout", &run);
        assert!(results[1]["elapsed"].as_f64().unwrap_or(99.0) < 4.0, "{run}: {}", results[1]["elapsed"]);
    }
}

#[tokio::test]
async fn a_body_over_the_limit_is_refused() {
    for run in runs() {
        let server = MockServer::start().await;
        let big = json!({"data": {"first_name": "A".repeat(4096), "last_name": "L"}});
        Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(big)).mount(&server).await;
        let mut t = task(&run, &server, "get_user");
        t["options"]["max_body_bytes"] = json!(1024);
        let (outcome, _) = one(&run, t).await;
        raised(&outcome, "BodyTooLarge", &run);
        assert_eq!(outcome["status"], 200, "{run}");
    }
}

/// A login answered after `delay` with `token`, when it sends the login body.
async fn mount_login(server: &MockServer, token: &str, delay: Duration) {
    Mock::given(method("PUT"))
        .and(path("/v2/user_auth"))
        .and(body_json(login_body()))
        .respond_with(
            ResponseTemplate::new(201)
                .set_delay(delay)
                .set_body_json(json!({"auth_token": token, "status": "success", "data": {"account_id": ACCOUNT}})),
        )
        .mount(server)
        .await;
}

async fn mount_user(server: &MockServer, token: &str) {
    Mock::given(method("GET"))
        .and(header("x-auth-token", token))
        .respond_with(ResponseTemplate::new(200).set_body_json(user_envelope()))
        .mount(server)
        .await;
}

/// How many requests of `verb` to `route` the server received, and with which `X-Auth-Token`.
async fn requests(server: &MockServer, verb: &str, route: &str) -> Vec<String> {
    let all = server.received_requests().await.expect("recording is on");
    all.iter()
        .filter(|r| r.method.as_str() == verb && r.url.path() == route)
        .map(|r| r.headers.get("x-auth-token").and_then(|v| v.to_str().ok()).unwrap_or("").to_string())
        .collect()
}

fn login_task(run: &Run, server: &MockServer, token: Option<&str>) -> Value {
    let mut t = task(run, server, "get_user");
    t["options"] = json!({"login_with_create_user_auth": login_body(), "retry": {"initial_delay": 0.001}});
    if let Some(token) = token {
        t["options"]["auth_token"] = json!(token);
    }
    t
}

fn user_route() -> String {
    format!("/v2/accounts/{ACCOUNT}/users/{USER}")
}

#[tokio::test]
async fn the_first_call_logs_in_when_there_is_no_token_yet() {
    for run in runs() {
        let server = MockServer::start().await;
        mount_login(&server, "fresh", Duration::ZERO).await;
        mount_user(&server, "fresh").await;
        let mut t = login_task(&run, &server, None);
        t["repeat"] = json!(2);
        let (outcome, _) = one(&run, t).await;
        assert_eq!(outcome["ok"], true, "{run}: {outcome}");
        assert_eq!(requests(&server, "PUT", "/v2/user_auth").await.len(), 1, "{run}: one login");
        assert_eq!(requests(&server, "GET", &user_route()).await, ["fresh", "fresh"], "{run}");
    }
}

#[tokio::test]
async fn twenty_concurrent_first_calls_make_one_login() {
    for run in runs() {
        let server = MockServer::start().await;
        mount_login(&server, "fresh", Duration::from_millis(200)).await;
        mount_user(&server, "fresh").await;
        let mut t = login_task(&run, &server, None);
        t["concurrent"] = json!(20);
        let result = drive(&run, vec![t]).await.remove(0);
        for outcome in result["outcomes"].as_array().expect("outcomes") {
            assert_eq!(outcome["ok"], true, "{run}: {outcome}");
        }
        assert_eq!(requests(&server, "PUT", "/v2/user_auth").await.len(), 1, "{run}: one login");
        assert_eq!(requests(&server, "GET", &user_route()).await.len(), 20, "{run}");
    }
}

#[tokio::test]
async fn twenty_concurrent_401s_make_one_relogin() {
    for run in runs() {
        let server = MockServer::start().await;
        mount_login(&server, "fresh", Duration::from_millis(200)).await;
        Mock::given(method("GET"))
            .and(header("x-auth-token", "stale"))
            .respond_with(ResponseTemplate::new(401).set_body_json(kazoo_error(401)))
            .mount(&server)
            .await;
        mount_user(&server, "fresh").await;
        let mut t = login_task(&run, &server, Some("stale"));
        t["concurrent"] = json!(20);
        let result = drive(&run, vec![t]).await.remove(0);
        for outcome in result["outcomes"].as_array().expect("outcomes") {
            assert_eq!(outcome["ok"], true, "{run}: {outcome}");
        }
        assert_eq!(requests(&server, "PUT", "/v2/user_auth").await.len(), 1, "{run}: one relogin");
        let sent = requests(&server, "GET", &user_route()).await;
        let stale = sent.iter().filter(|t| *t == "stale").count();
        // Every call that went out before the relogin finished; a late one may carry the fresh token.
        assert!((1..=20).contains(&stale), "{run}: {stale} stale");
        assert_eq!(sent.iter().filter(|t| *t == "fresh").count(), 20, "{run}: each call replayed or sent fresh");
    }
}

#[tokio::test]
async fn a_401_logs_in_again_once_and_replays_the_request() {
    for run in runs() {
        let server = MockServer::start().await;
        mount_login(&server, "fresh", Duration::ZERO).await;
        Mock::given(method("GET"))
            .and(header("x-auth-token", "stale"))
            .respond_with(ResponseTemplate::new(401).set_body_json(kazoo_error(401)))
            .mount(&server)
            .await;
        mount_user(&server, "fresh").await;
        let (outcome, _) = one(&run, login_task(&run, &server, Some("stale"))).await;
        assert_eq!(outcome["ok"], true, "{run}: {outcome}");
        assert_eq!(requests(&server, "PUT", "/v2/user_auth").await.len(), 1, "{run}");
        assert_eq!(requests(&server, "GET", &user_route()).await, ["stale", "fresh"], "{run}");
    }
}

#[tokio::test]
async fn a_second_401_after_logging_in_again_is_returned_not_retried_forever() {
    for run in runs() {
        let server = MockServer::start().await;
        mount_login(&server, "also-rejected", Duration::ZERO).await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(401).set_body_json(kazoo_error(401)))
            .mount(&server)
            .await;
        let (outcome, _) = one(&run, login_task(&run, &server, Some("stale"))).await;
        raised(&outcome, "GetUserUnauthorized", &run);
        assert_eq!(requests(&server, "PUT", "/v2/user_auth").await.len(), 1, "{run}");
        assert_eq!(requests(&server, "GET", &user_route()).await, ["stale", "also-rejected"], "{run}");
    }
}

#[tokio::test]
async fn a_failed_login_reports_why_without_the_credentials() {
    for run in runs() {
        let server = MockServer::start().await;
        Mock::given(method("PUT"))
            .and(path("/v2/user_auth"))
            // A server that echoes what it was sent.
            .respond_with(ResponseTemplate::new(401).set_body_json(json!({
                "status": "error", "error": "401", "message": format!("bad credentials {LOGIN_SECRET}"), "data": {}
            })))
            .mount(&server)
            .await;
        let mut t = login_task(&run, &server, None);
        t["call"] = json!("login");
        let (outcome, _) = one(&run, t).await;
        raised(&outcome, "LoginError", &run);
        let text = format!("{} {}", outcome["message"], outcome["repr"]);
        assert!(text.contains("401"), "{run}: {text}");
        assert!(!text.contains(LOGIN_SECRET), "{run}: {text}");
    }
}

#[tokio::test]
async fn repr_of_a_client_shows_no_secret() {
    for run in runs() {
        let server = MockServer::start().await;
        let mut t = login_task(&run, &server, Some("tok-SECRET"));
        t["call"] = json!("repr");
        let result = drive(&run, vec![t]).await.remove(0);
        let shown = result["repr"].as_str().unwrap_or_default();
        assert!(!shown.contains("tok-SECRET") && !shown.contains(LOGIN_SECRET), "{run}: {shown}");
        assert!(shown.contains("***") && shown.contains("createUserAuth"), "{run}: {shown}");
    }
}

#[tokio::test]
async fn errors_show_no_credential_of_the_client_or_token_the_server_sent() {
    for run in runs() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(401).set_body_json(json!({
                "status": "error", "error": "401", "message": "tok-123 is not valid", "auth_token": "tok-FROM-SERVER", "data": {}
            })))
            .mount(&server)
            .await;
        let mut t = task(&run, &server, "get_user");
        t["options"]["auth_token"] = json!("tok-123");
        let (outcome, _) = one(&run, t).await;
        raised(&outcome, "GetUserUnauthorized", &run);
        let text = format!("{} {}", outcome["message"], outcome["repr"]);
        assert!(!text.contains("tok-123") && !text.contains("tok-FROM-SERVER"), "{run}: {text}");
        assert!(text.contains("***"), "{run}: {text}");
    }
}

#[tokio::test]
async fn an_api_key_in_the_query_appears_in_no_error_message() {
    const KEY: &str = "query-key-SECRET";
    for run in runs() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/things"))
            .respond_with(
                ResponseTemplate::new(200).set_body_json(json!({"ok": true})).set_delay(Duration::from_secs(5)),
            )
            .mount(&server)
            .await;
        let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port").local_addr().expect("an address");
        let base = |url: String, options: Value| {
            json!({
                "package": "switchboard_query_key", "client": run.client, "base_url": url,
                "options": options, "call": "list_things", "args": [],
            })
        };
        let tasks = vec![
            base(server.uri(), json!({"key": KEY, "timeout": 0.2, "retry": "never"})),
            base(format!("http://{closed}"), json!({"key": KEY, "retry": "never"})),
            base(server.uri().replace("http://", "https://"), json!({"key": KEY, "retry": "never"})),
        ];
        for result in drive(&run, tasks).await {
            let outcome = &result["outcomes"][0];
            raised(outcome, "TransportError", &run);
            let text = format!("{} {}", outcome["message"], outcome["repr"]);
            assert!(!text.contains(KEY) && !text.contains("api_key="), "{run}: {text}");
        }
        let sent = server.received_requests().await.expect("recording is on");
        assert!(sent.iter().any(|r| r.url.query() == Some(&format!("api_key={KEY}"))), "{run}: the key is sent");
    }
}
