//! How the generated TypeScript client behaves on the wire, the twin of `tests/runtime.rs` and
//! `tests/login.rs` (the Rust client's rules): retries and their waits, timeouts, typed transport
//! errors, login with a single flight and one replay after 401, the body cap, and secrets kept
//! out of what a caller prints. The Vinix package is generated and compiled here once;
//! `tests/runtime/ts_driver.mjs` (Node) makes the calls against wiremock servers on 127.0.0.1,
//! and the tests check what came back against the requests each server received. Waits are
//! checked with loose lower bounds only: the machine may be slow, never fast.
//!
//! A missing tool (`node`, or the pinned tsc of `tests/contract/node_modules`; see
//! `scripts/tools.sh`) skips every test with a message.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

#[path = "support/driver.rs"]
mod driver;

use serde_json::{json, Value};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const ACCOUNT: &str = "4f2c6e0b1d9a4b7c8e3f2a1b0c9d8e7f";
const USER: &str = "8a1b2c3d4e5f60718293a4b5c6d7e8f9";
/// The secret of the login body: no message, `String` or `util.inspect` may show it.
const CREDENTIALS: &str = "82a5c2c4d5e6f708192a3b4c5d6e7f80";

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The compiled `index.js` of the Vinix package, or `None` (with a message) when a tool is missing.
fn client() -> Option<&'static Path> {
    static CLIENT: OnceLock<Option<PathBuf>> = OnceLock::new();
    CLIENT
        .get_or_init(|| {
            let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("runtime-typescript");
            driver::compiled_typescript("schemas/vinix", "vinix", "vinix-client", &dir)
        })
        .as_deref()
}

/// Runs `tasks` through the driver; one result per task.
async fn drive(client: &Path, tasks: Vec<Value>) -> Vec<Value> {
    let client = client.to_path_buf();
    let results = tokio::task::spawn_blocking(move || {
        driver::run("node", &[repo().join("tests/runtime/ts_driver.mjs"), client], &[], &tasks)
    })
    .await
    .expect("the driver thread");
    results
}

/// One task's result: its calls made one after the other.
async fn run(client: &Path, options: Value, calls: Vec<Value>) -> Value {
    drive(client, vec![json!({"client": options, "parallel": false, "calls": calls})]).await.remove(0)
}

fn get_user() -> Value {
    json!({"method": "getUser", "args": [ACCOUNT, USER]})
}

fn update_user() -> Value {
    json!({"method": "updateUser", "args": [ACCOUNT, USER], "options": {"body": {"data": {"first_name": "Ada", "last_name": "Lovelace"}}}})
}

fn user_path() -> String {
    format!("/v2/accounts/{ACCOUNT}/users/{USER}")
}

fn user_envelope() -> Value {
    json!({"data": {"id": USER, "first_name": "Ada", "last_name": "Lovelace"}, "status": "success", "request_id": "r1"})
}

fn kazoo_error(code: u16) -> Value {
    json!({"status": "error", "error": code.to_string(), "message": "try later", "data": {}})
}

/// A client of `server` with waits short enough for a test.
fn options(server: &MockServer) -> Value {
    json!({"baseUrl": format!("{}/v2", server.uri()), "auth": {"authToken": "tok-123"}, "retry": {"initialDelayMs": 1, "maxDelayMs": 5000}})
}

async fn requests(server: &MockServer) -> usize {
    server.received_requests().await.unwrap_or_default().len()
}

/// The first call's outcome.
fn first(result: &Value) -> &Value {
    &result["outcomes"][0]
}

fn elapsed(outcome: &Value) -> Duration {
    Duration::from_millis(outcome["ms"].as_f64().unwrap_or(0.0) as u64)
}

macro_rules! client_or_skip {
    () => {
        match client() {
            Some(client) => client,
            None => return,
        }
    };
}

// ---- retries ----

#[tokio::test]
async fn a_get_answered_503_twice_then_200_is_attempted_three_times_and_succeeds() {
    let client = client_or_skip!();
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(503)).up_to_n_times(2).mount(&server).await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(user_envelope()))
        .mount(&server)
        .await;
    let result = run(client, options(&server), vec![get_user()]).await;
    assert_eq!(first(&result)["ok"], true, "{result}");
    assert_eq!(first(&result)["data"]["data"]["first_name"], "Ada");
    assert_eq!(result["fetches"], 3);
    assert_eq!(requests(&server).await, 3);
}

#[tokio::test]
async fn a_get_answered_503_always_is_attempted_three_times_then_fails_with_the_last_answer() {
    let client = client_or_skip!();
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503).set_body_json(kazoo_error(503)))
        .mount(&server)
        .await;
    let result = run(client, options(&server), vec![get_user()]).await;
    let error = &first(&result)["error"];
    assert_eq!(error["name"], "ApiError", "{result}");
    assert_eq!(error["status"], 503);
    assert_eq!(requests(&server).await, 3);
}

#[tokio::test]
async fn each_retryable_status_is_retried_and_others_are_not() {
    let client = client_or_skip!();
    let cases = [(408, 3), (429, 3), (502, 3), (503, 3), (504, 3), (500, 1), (404, 1), (401, 1), (400, 1)];
    let mut servers = Vec::new();
    for (status, _) in cases {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(status).set_body_json(kazoo_error(status)))
            .mount(&server)
            .await;
        servers.push(server);
    }
    let tasks = servers.iter().map(|s| json!({"client": options(s), "calls": [get_user()]})).collect();
    let results = drive(client, tasks).await;
    for (((status, expected), server), result) in cases.iter().zip(&servers).zip(&results) {
        assert_eq!(requests(server).await, *expected, "status {status}: {result}");
        assert_eq!(first(result)["error"]["status"], *status, "status {status}: {result}");
    }
}

#[tokio::test]
async fn retry_after_in_seconds_is_honoured() {
    let client = client_or_skip!();
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
    let result = run(client, options(&server), vec![get_user()]).await;
    assert_eq!(first(&result)["ok"], true, "{result}");
    assert_eq!(requests(&server).await, 2);
    // Backoff alone would have waited about a millisecond.
    assert!(elapsed(first(&result)) >= Duration::from_millis(950), "waited only {:?}", elapsed(first(&result)));
}

#[tokio::test]
async fn retry_after_as_an_http_date_is_honoured() {
    let client = client_or_skip!();
    let server = MockServer::start().await;
    let when = httpdate::fmt_http_date(std::time::SystemTime::now() + Duration::from_secs(2));
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503).insert_header("Retry-After", when.as_str()))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(user_envelope()))
        .mount(&server)
        .await;
    let result = run(client, options(&server), vec![get_user()]).await;
    assert_eq!(first(&result)["ok"], true, "{result}");
    assert_eq!(requests(&server).await, 2);
    // The date has one-second resolution, and the driver took a moment to start: half a second
    // at least remains of the two.
    assert!(elapsed(first(&result)) >= Duration::from_millis(500), "waited only {:?}", elapsed(first(&result)));
}

#[tokio::test]
async fn retry_after_longer_than_the_cap_waits_only_the_cap() {
    let client = client_or_skip!();
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503).insert_header("Retry-After", "3600"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(user_envelope()))
        .mount(&server)
        .await;
    let mut options = options(&server);
    options["retry"] = json!({"maxDelayMs": 50});
    let result = run(client, options, vec![get_user()]).await;
    assert_eq!(first(&result)["ok"], true, "{result}");
    assert_eq!(requests(&server).await, 2);
    assert!(elapsed(first(&result)) < Duration::from_secs(60), "waited {:?}", elapsed(first(&result)));
}

#[tokio::test]
async fn a_post_is_never_retried_by_default() {
    let client = client_or_skip!();
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503).set_body_json(kazoo_error(503)))
        .mount(&server)
        .await;
    let result = run(client, options(&server), vec![update_user()]).await;
    assert_eq!(first(&result)["error"]["name"], "ApiError", "{result}");
    assert_eq!(first(&result)["error"]["status"], 503);
    assert_eq!(requests(&server).await, 1);
}

#[tokio::test]
async fn a_post_is_retried_when_the_user_opts_in() {
    let client = client_or_skip!();
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503).set_body_json(kazoo_error(503)))
        .mount(&server)
        .await;
    let mut options = options(&server);
    options["retry"]["retryNonIdempotent"] = json!(true);
    let result = run(client, options, vec![update_user()]).await;
    assert_eq!(first(&result)["error"]["status"], 503, "{result}");
    assert_eq!(requests(&server).await, 3);
}

#[tokio::test]
async fn a_call_can_turn_retries_off_or_change_them() {
    let client = client_or_skip!();
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(503)).mount(&server).await;
    let off = json!({"method": "getUser", "args": [ACCOUNT, USER], "options": {"retry": false}});
    let five = json!({"method": "getUser", "args": [ACCOUNT, USER], "options": {"retry": {"maxAttempts": 5}}});
    let result = run(client, options(&server), vec![off, five]).await;
    assert_eq!(result["fetches"], 6, "one attempt, then five: {result}");
    let mut never = options(&server);
    never["retry"] = json!(false);
    let result = run(client, never, vec![get_user()]).await;
    assert_eq!(result["fetches"], 1, "a client with `retry: false`: {result}");
}

#[tokio::test]
async fn a_refused_connection_is_retried_then_fails_as_refused() {
    let client = client_or_skip!();
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port").local_addr().expect("an address");
    let options = json!({"baseUrl": format!("http://{closed}/v2"), "auth": {"authToken": "tok-123"}, "retry": {"initialDelayMs": 1}});
    let result = run(client, options, vec![get_user()]).await;
    let error = &first(&result)["error"];
    assert_eq!(error["kind"], "refused", "{result}");
    assert_eq!(error["code"], "ECONNREFUSED");
    assert!(error["is"].as_array().is_some_and(|c| c.contains(&json!("NetworkError"))), "{error}");
    assert!(error["message"].as_str().is_some_and(|m| m.contains("refused")), "{error}");
    assert_eq!(result["fetches"], 3);
}

#[tokio::test]
async fn an_unknown_host_fails_as_dns_and_a_tls_handshake_with_a_plain_server_as_tls() {
    let client = client_or_skip!();
    let server = MockServer::start().await;
    let plain = server.uri().replace("http://", "https://");
    let tasks = vec![
        json!({"client": {"baseUrl": "http://no-such-host.invalid/v2", "retry": false}, "calls": [get_user()]}),
        json!({"client": {"baseUrl": format!("{plain}/v2"), "retry": false}, "calls": [get_user()]}),
    ];
    let results = drive(client, tasks).await;
    let dns = &first(&results[0])["error"];
    assert_eq!(dns["kind"], "dns", "{dns}");
    assert!(dns["code"] == "ENOTFOUND" || dns["code"] == "EAI_AGAIN", "{dns}");
    assert!(dns["message"].as_str().is_some_and(|m| m.contains("could not be resolved")), "{dns}");
    let tls = &first(&results[1])["error"];
    assert_eq!(tls["kind"], "tls", "{tls}");
    assert!(tls["message"].as_str().is_some_and(|m| m.contains("TLS")), "{tls}");
}

#[tokio::test]
async fn the_client_timeout_fires_per_attempt_with_a_timeout_error() {
    let client = client_or_skip!();
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(user_envelope()).set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    let mut options = options(&server);
    options["timeout"] = json!(200);
    let result = run(client, options, vec![get_user()]).await;
    let error = &first(&result)["error"];
    assert_eq!(error["name"], "TimeoutError", "{result}");
    assert_eq!(error["kind"], "timeout");
    assert!(error["is"].as_array().is_some_and(|c| c.contains(&json!("NetworkError"))), "{error}");
    assert_eq!(result["fetches"], 1, "a timeout is not retried, as in the Rust runtime");
}

#[tokio::test]
async fn a_per_call_timeout_overrides_the_client() {
    let client = client_or_skip!();
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(user_envelope()).set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    let call = json!({"method": "getUser", "args": [ACCOUNT, USER], "options": {"timeout": 200}});
    let result = run(client, options(&server), vec![call]).await;
    assert_eq!(first(&result)["error"]["name"], "TimeoutError", "{result}");
}

// ---- login ----

fn login_option() -> Value {
    json!({"operation": "createUserAuth", "body": {"data": {"credentials": CREDENTIALS, "account_name": "acme"}}})
}

/// A client that logs in (and has the token `stale`, when given).
fn login_options(server: &MockServer, stale: Option<&str>) -> Value {
    let mut options =
        json!({"baseUrl": format!("{}/v2", server.uri()), "login": login_option(), "retry": {"initialDelayMs": 1}});
    if let Some(token) = stale {
        options["auth"] = json!({"authToken": token});
    }
    options
}

/// A login that answers `token` after `delay`.
async fn mount_login(server: &MockServer, token: &str, delay: Duration) {
    Mock::given(method("PUT"))
        .and(path("/v2/user_auth"))
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
        .and(path(user_path()))
        .and(header("x-auth-token", token))
        .respond_with(ResponseTemplate::new(200).set_body_json(user_envelope()))
        .mount(server)
        .await;
}

/// How many requests went to `path`, and with which `X-Auth-Token`s.
async fn sent(server: &MockServer, to: &str) -> Vec<String> {
    let all = server.received_requests().await.unwrap_or_default();
    all.iter()
        .filter(|r| r.url.path() == to)
        .map(|r| r.headers.get("x-auth-token").and_then(|v| v.to_str().ok()).unwrap_or("").to_string())
        .collect()
}

#[tokio::test]
async fn the_first_call_logs_in_when_there_is_no_token_yet_and_later_calls_reuse_it() {
    let client = client_or_skip!();
    let server = MockServer::start().await;
    mount_login(&server, "fresh", Duration::ZERO).await;
    mount_user(&server, "fresh").await;
    let result = run(client, login_options(&server, None), vec![get_user(), get_user()]).await;
    assert!(result["outcomes"].as_array().is_some_and(|o| o.iter().all(|c| c["ok"] == true)), "{result}");
    assert_eq!(sent(&server, "/v2/user_auth").await.len(), 1);
    assert_eq!(sent(&server, &user_path()).await, ["fresh", "fresh"]);
    let all = server.received_requests().await.unwrap_or_default();
    let body: Value = serde_json::from_slice(&all[0].body).expect("a JSON login body");
    assert_eq!(body, login_option()["body"], "the login sends the configured body");
}

#[tokio::test]
async fn twenty_concurrent_first_calls_make_one_login() {
    let client = client_or_skip!();
    let server = MockServer::start().await;
    mount_login(&server, "fresh", Duration::from_millis(200)).await;
    mount_user(&server, "fresh").await;
    let task = json!({"client": login_options(&server, None), "parallel": true, "calls": vec![get_user(); 20]});
    let result = drive(client, vec![task]).await.remove(0);
    assert!(result["outcomes"].as_array().is_some_and(|o| o.iter().all(|c| c["ok"] == true)), "{result}");
    assert_eq!(sent(&server, "/v2/user_auth").await.len(), 1);
    assert_eq!(sent(&server, &user_path()).await.len(), 20);
}

#[tokio::test]
async fn twenty_concurrent_401s_make_one_relogin() {
    let client = client_or_skip!();
    let server = MockServer::start().await;
    mount_login(&server, "fresh", Duration::from_millis(200)).await;
    Mock::given(method("GET"))
        .and(header("x-auth-token", "stale"))
        .respond_with(ResponseTemplate::new(401).set_body_json(kazoo_error(401)))
        .mount(&server)
        .await;
    mount_user(&server, "fresh").await;
    let task =
        json!({"client": login_options(&server, Some("stale")), "parallel": true, "calls": vec![get_user(); 20]});
    let result = drive(client, vec![task]).await.remove(0);
    assert!(result["outcomes"].as_array().is_some_and(|o| o.iter().all(|c| c["ok"] == true)), "{result}");
    assert_eq!(sent(&server, "/v2/user_auth").await.len(), 1);
    let tokens = sent(&server, &user_path()).await;
    assert_eq!(tokens.iter().filter(|t| *t == "fresh").count(), 20, "{tokens:?}");
    // Every call that went out before the relogin finished (all of them, unless the machine is slow).
    let stale = tokens.iter().filter(|t| *t == "stale").count();
    assert!((1..=20).contains(&stale), "{tokens:?}");
}

#[tokio::test]
async fn a_401_logs_in_again_once_and_replays_the_call() {
    let client = client_or_skip!();
    let server = MockServer::start().await;
    mount_login(&server, "fresh", Duration::ZERO).await;
    Mock::given(method("GET"))
        .and(header("x-auth-token", "stale"))
        .respond_with(ResponseTemplate::new(401).set_body_json(kazoo_error(401)))
        .mount(&server)
        .await;
    mount_user(&server, "fresh").await;
    let result = run(client, login_options(&server, Some("stale")), vec![get_user()]).await;
    assert_eq!(first(&result)["ok"], true, "{result}");
    assert_eq!(sent(&server, &user_path()).await, ["stale", "fresh"]);
    assert_eq!(sent(&server, "/v2/user_auth").await.len(), 1);
}

#[tokio::test]
async fn a_second_401_after_logging_in_again_is_returned_not_retried_forever() {
    let client = client_or_skip!();
    let server = MockServer::start().await;
    mount_login(&server, "also-rejected", Duration::ZERO).await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401).set_body_json(kazoo_error(401)))
        .mount(&server)
        .await;
    let result = run(client, login_options(&server, Some("stale")), vec![get_user()]).await;
    let error = &first(&result)["error"];
    assert_eq!(error["name"], "ApiError", "{result}");
    assert_eq!(error["status"], 401);
    assert_eq!(sent(&server, &user_path()).await, ["stale", "also-rejected"]);
    assert_eq!(sent(&server, "/v2/user_auth").await.len(), 1);
}

#[tokio::test]
async fn a_failed_login_reports_why_without_the_credentials() {
    let client = client_or_skip!();
    let server = MockServer::start().await;
    // The server echoes what it was sent: the credentials must not come back through the error.
    Mock::given(method("PUT"))
        .and(path("/v2/user_auth"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({
            "status": "error", "error": "401", "message": format!("bad credentials {CREDENTIALS}"), "data": {}
        })))
        .mount(&server)
        .await;
    let calls = vec![json!({"method": "logIn"}), get_user()];
    let result = run(client, login_options(&server, None), calls).await;
    for outcome in result["outcomes"].as_array().expect("outcomes") {
        let error = &outcome["error"];
        assert_eq!(error["name"], "LoginError", "{result}");
        assert!(error["message"].as_str().is_some_and(|m| m.contains("401") && m.contains("login failed")), "{error}");
        assert!(!error["shown"].as_str().unwrap_or_default().contains(CREDENTIALS), "{error}");
    }
    assert_eq!(sent(&server, &user_path()).await.len(), 0, "a call whose login failed is not sent");
}

#[tokio::test]
async fn a_login_answer_without_a_token_says_where_it_looked() {
    let client = client_or_skip!();
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"status": "success", "data": {}})))
        .mount(&server)
        .await;
    let result = run(client, login_options(&server, None), vec![json!({"method": "logIn"})]).await;
    let error = &first(&result)["error"];
    assert_eq!(error["name"], "LoginError", "{result}");
    assert!(error["message"].as_str().is_some_and(|m| m.contains("no token at `/auth_token`")), "{error}");
}

// ---- limits and secrets ----

#[tokio::test]
async fn a_body_over_the_limit_is_refused() {
    let client = client_or_skip!();
    let server = MockServer::start().await;
    let big = json!({"data": {"first_name": "A".repeat(4096), "last_name": "L"}});
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(big)).mount(&server).await;
    let mut options = options(&server);
    options["maxBodyBytes"] = json!(1024);
    let result = run(client, options, vec![get_user()]).await;
    let error = &first(&result)["error"];
    assert_eq!(error["name"], "BodyTooLargeError", "{result}");
    assert_eq!(error["status"], 200);
}

#[tokio::test]
async fn util_inspect_and_string_of_a_client_show_no_secret() {
    let client = client_or_skip!();
    let server = MockServer::start().await;
    mount_login(&server, "tok-FROM-LOGIN", Duration::ZERO).await;
    mount_user(&server, "tok-FROM-LOGIN").await;
    let mut options = login_options(&server, Some("tok-SECRET"));
    options["retry"] = json!(false);
    // Before and after the login: neither the configured token, the credentials nor the new token.
    let result = run(client, options, vec![get_user()]).await;
    let shown = result["client"].as_str().unwrap_or_default();
    for secret in ["tok-SECRET", CREDENTIALS, "tok-FROM-LOGIN"] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
    assert!(shown.contains("***") && shown.contains("authToken"), "{shown}");
}

#[tokio::test]
async fn errors_show_no_token_the_client_sent_or_the_server_sent() {
    let client = client_or_skip!();
    let server = MockServer::start().await;
    // An error echoing the client's token, and a login answer that does not decode (no `data`),
    // whose raw body carries a token.
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "status": "error", "error": "400", "message": "bad token tok-123", "data": {"auth_token": "tok-123"}
        })))
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(201).set_body_raw(
            r#"{"auth_token": "tok-FROM-SERVER", "status": "success", "data": "#.as_bytes(),
            "application/json",
        ))
        .mount(&server)
        .await;
    let login = json!({"method": "createUserAuth", "options": {"body": login_option()["body"]}});
    let result = run(client, options(&server), vec![get_user(), login]).await;
    let outcomes = result["outcomes"].as_array().expect("outcomes");
    assert_eq!(outcomes[0]["error"]["name"], "ApiError", "{result}");
    assert_eq!(outcomes[1]["error"]["name"], "DecodeError", "{result}");
    for outcome in outcomes {
        let shown = outcome["error"]["shown"].as_str().unwrap_or_default();
        assert!(!shown.contains("tok-123") && !shown.contains("tok-FROM-SERVER"), "{shown}");
    }
}
