//! How every generated client behaves on the wire, shown with `switchboard::vinix` against a real
//! HTTP server on 127.0.0.1: retries and their delays, timeouts, login and replay on 401,
//! redaction of secrets, the body size cap, request hooks, raw status and headers, and tracing.
//! The behaviour lives in the shared runtime and in code emitted the same way for every API.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::json;
use switchboard::runtime::{Error, RetryPolicy};
use switchboard::vinix::{types, Client, ClientBuilder, GetUserError, UpdateUserError};
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const ACCOUNT: &str = "4f2c6e0b1d9a4b7c8e3f2a1b0c9d8e7f";
const USER: &str = "8a1b2c3d4e5f60718293a4b5c6d7e8f9";

fn user_path() -> String {
    format!("/v2/accounts/{ACCOUNT}/users/{USER}")
}

fn user_envelope() -> serde_json::Value {
    json!({"data": {"id": USER, "first_name": "Ada", "last_name": "Lovelace"}, "status": "success", "request_id": "r1"})
}

fn kazoo_error(code: u16) -> serde_json::Value {
    json!({"status": "error", "error": code.to_string(), "message": "try later", "data": {}})
}

/// Retries with delays short enough for a test, and the number of attempts seen by the hook.
fn builder(server: &MockServer) -> (ClientBuilder, Arc<AtomicU32>) {
    let attempts = Arc::new(AtomicU32::new(0));
    let seen = Arc::clone(&attempts);
    let policy = RetryPolicy {
        initial_delay: Duration::from_millis(1),
        max_delay: Duration::from_secs(5),
        ..RetryPolicy::default()
    };
    let builder = Client::builder(format!("{}/v2", server.uri()))
        .auth_token("tok-123")
        .retry_policy(policy)
        .on_request(move |_| {
            seen.fetch_add(1, Ordering::SeqCst);
        });
    (builder, attempts)
}

fn update_body() -> types::UpdateUserRequest {
    serde_json::from_value(json!({"data": {"first_name": "Ada", "last_name": "Lovelace"}})).expect("a valid update")
}

#[tokio::test]
async fn a_get_answered_503_is_attempted_three_times_then_fails_with_the_last_answer() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503).set_body_json(kazoo_error(503)))
        .expect(3)
        .mount(&server)
        .await;
    let (builder, attempts) = builder(&server);
    let result = builder.build().expect("client").get_user(ACCOUNT, USER).await;
    assert!(
        matches!(result, Err(Error::Api { status: 503, body: GetUserError::ServiceUnavailable(_), .. })),
        "{result:?}"
    );
    assert_eq!(attempts.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn a_retry_that_succeeds_returns_the_success() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(502)).up_to_n_times(1).expect(1).mount(&server).await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(user_envelope()))
        .expect(1)
        .mount(&server)
        .await;
    let (builder, attempts) = builder(&server);
    let user = builder.build().expect("client").get_user(ACCOUNT, USER).await.expect("the second attempt succeeds");
    assert_eq!(user.data.first_name, "Ada");
    assert_eq!(attempts.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn each_retryable_status_is_retried_and_others_are_not() {
    for (status, expected_attempts) in [(408, 3), (429, 3), (502, 3), (503, 3), (504, 3), (500, 1), (404, 1), (401, 1)]
    {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(status).set_body_json(kazoo_error(status)))
            .mount(&server)
            .await;
        let (builder, attempts) = builder(&server);
        let _ = builder.build().expect("client").get_user(ACCOUNT, USER).await;
        assert_eq!(attempts.load(Ordering::SeqCst), expected_attempts, "status {status}");
    }
}

#[tokio::test]
async fn retry_after_in_seconds_is_honoured() {
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
    let (builder, _) = builder(&server);
    let started = Instant::now();
    builder.build().expect("client").get_user(ACCOUNT, USER).await.expect("succeeds after waiting");
    // Backoff alone would have waited about a millisecond.
    assert!(started.elapsed() >= Duration::from_secs(1), "waited only {:?}", started.elapsed());
}

#[tokio::test]
async fn retry_after_as_an_http_date_is_honoured() {
    let server = MockServer::start().await;
    let when = httpdate::fmt_http_date(std::time::SystemTime::now() + Duration::from_secs(2));
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
    let (builder, _) = builder(&server);
    let started = Instant::now();
    builder.build().expect("client").get_user(ACCOUNT, USER).await.expect("succeeds after waiting");
    // The date has one-second resolution: at least one second remains of the two.
    assert!(started.elapsed() >= Duration::from_secs(1), "waited only {:?}", started.elapsed());
}

#[tokio::test]
async fn retry_after_longer_than_the_cap_waits_only_the_cap() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503).insert_header("Retry-After", "3600").set_body_json(kazoo_error(503)))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(user_envelope()))
        .mount(&server)
        .await;
    let policy = RetryPolicy { max_delay: Duration::from_millis(50), ..RetryPolicy::default() };
    let client = Client::builder(format!("{}/v2", server.uri())).retry_policy(policy).build().expect("client");
    let started = Instant::now();
    client.get_user(ACCOUNT, USER).await.expect("succeeds after the capped wait");
    assert!(started.elapsed() < Duration::from_secs(60), "waited {:?}", started.elapsed());
}

#[tokio::test]
async fn a_post_is_never_retried_by_default() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503).set_body_json(kazoo_error(503)))
        .expect(1)
        .mount(&server)
        .await;
    let (builder, attempts) = builder(&server);
    let result = builder.build().expect("client").update_user(ACCOUNT, USER, &update_body()).await;
    assert!(
        matches!(result, Err(Error::Api { status: 503, body: UpdateUserError::ServiceUnavailable(_), .. })),
        "{result:?}"
    );
    assert_eq!(attempts.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_post_is_retried_when_the_user_opts_in() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503).set_body_json(kazoo_error(503)))
        .expect(3)
        .mount(&server)
        .await;
    let (builder, attempts) = builder(&server);
    let client = builder.build().expect("client").with_settings(|s| s.retry.retry_non_idempotent = true);
    let _ = client.update_user(ACCOUNT, USER, &update_body()).await;
    assert_eq!(attempts.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn a_refused_connection_is_retried() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port").local_addr().expect("an address");
    let attempts = Arc::new(AtomicU32::new(0));
    let seen = Arc::clone(&attempts);
    let policy = RetryPolicy { initial_delay: Duration::from_millis(1), ..RetryPolicy::default() };
    let client = Client::builder(format!("http://{closed}/v2"))
        .retry_policy(policy)
        .on_request(move |_| {
            seen.fetch_add(1, Ordering::SeqCst);
        })
        .build()
        .expect("client");
    let result = client.get_user(ACCOUNT, USER).await;
    assert!(matches!(&result, Err(Error::Transport(e)) if e.is_connect()), "{result:?}");
    assert_eq!(attempts.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn the_builder_timeout_fires() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(user_envelope()).set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    let client =
        Client::builder(format!("{}/v2", server.uri())).timeout(Duration::from_millis(200)).build().expect("client");
    let result = client.get_user(ACCOUNT, USER).await;
    assert!(matches!(&result, Err(Error::Transport(e)) if e.is_timeout()), "{result:?}");
}

#[tokio::test]
async fn a_per_request_timeout_overrides_the_builder() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(user_envelope()).set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    let client =
        Client::builder(format!("{}/v2", server.uri())).timeout(Duration::from_secs(60)).build().expect("client");
    let result = client.with_timeout(Duration::from_millis(200)).get_user(ACCOUNT, USER).await;
    assert!(matches!(&result, Err(Error::Transport(e)) if e.is_timeout()), "{result:?}");
    assert_eq!(client.settings().timeout, Some(Duration::from_secs(60)), "the original client keeps its settings");
}

fn login_body() -> types::UserAuthEnvelopeRequest {
    serde_json::from_value(json!({"data": {"credentials": "82a5c2c4d5e6f708192a3b4c5d6e7f80", "account_name": "acme"}}))
        .expect("a login body")
}

async fn mount_login(server: &MockServer, token: &str, expected_calls: u64) {
    Mock::given(method("PUT"))
        .and(path("/v2/user_auth"))
        .and(body_json(json!({"data": {"credentials": "82a5c2c4d5e6f708192a3b4c5d6e7f80", "account_name": "acme"}})))
        .respond_with(
            ResponseTemplate::new(201)
                .set_body_json(json!({"auth_token": token, "status": "success", "data": {"account_id": ACCOUNT}})),
        )
        .expect(expected_calls)
        .mount(server)
        .await;
}

#[tokio::test]
async fn a_401_logs_in_again_once_and_replays_the_request() {
    let server = MockServer::start().await;
    mount_login(&server, "fresh", 1).await;
    Mock::given(method("GET"))
        .and(path(user_path()))
        .and(header("x-auth-token", "stale"))
        .respond_with(ResponseTemplate::new(401).set_body_json(kazoo_error(401)))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(user_path()))
        .and(header("x-auth-token", "fresh"))
        .respond_with(ResponseTemplate::new(200).set_body_json(user_envelope()))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder(format!("{}/v2", server.uri()))
        .auth_token("stale")
        .login_with_create_user_auth(login_body())
        .build()
        .expect("client");
    let user = client.get_user(ACCOUNT, USER).await.expect("the replay succeeds");
    assert_eq!(user.data.first_name, "Ada");
}

#[tokio::test]
async fn the_first_request_logs_in_when_there_is_no_token_yet() {
    let server = MockServer::start().await;
    mount_login(&server, "fresh", 1).await;
    Mock::given(method("GET"))
        .and(header("x-auth-token", "fresh"))
        .respond_with(ResponseTemplate::new(200).set_body_json(user_envelope()))
        .expect(2)
        .mount(&server)
        .await;
    let client = Client::builder(format!("{}/v2", server.uri()))
        .login_with_create_user_auth(login_body())
        .build()
        .expect("client");
    client.get_user(ACCOUNT, USER).await.expect("logged in first");
    client.clone().get_user(ACCOUNT, USER).await.expect("clones share the token: no second login");
}

#[tokio::test]
async fn a_second_401_after_logging_in_again_is_returned_not_retried_forever() {
    let server = MockServer::start().await;
    mount_login(&server, "also-rejected", 1).await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401).set_body_json(kazoo_error(401)))
        .expect(2)
        .mount(&server)
        .await;
    let client = Client::builder(format!("{}/v2", server.uri()))
        .auth_token("stale")
        .login_with_create_user_auth(login_body())
        .build()
        .expect("client");
    let result = client.get_user(ACCOUNT, USER).await;
    assert!(matches!(result, Err(Error::Api { status: 401, body: GetUserError::Unauthorized(_), .. })), "{result:?}");
}

#[tokio::test]
async fn a_failed_login_reports_why_without_the_credentials() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/v2/user_auth"))
        .respond_with(ResponseTemplate::new(401).set_body_json(kazoo_error(401)))
        .mount(&server)
        .await;
    let client = Client::builder(format!("{}/v2", server.uri()))
        .login_with_create_user_auth(login_body())
        .build()
        .expect("client");
    let error = client.login().await.expect_err("the login is refused");
    let text = format!("{error} {error:?}");
    assert!(text.contains("401"), "{text}");
    assert!(!text.contains("82a5c2c4d5e6f708192a3b4c5d6e7f80"), "{text}");
}

#[tokio::test]
async fn debug_of_a_client_shows_no_secret() {
    let server = MockServer::start().await;
    let client = Client::builder(format!("{}/v2", server.uri()))
        .auth_token("tok-SECRET")
        .login_with_create_user_auth(login_body())
        .build()
        .expect("client");
    let shown = format!("{client:?}");
    assert!(!shown.contains("tok-SECRET") && !shown.contains("82a5c2c4d5e6f708192a3b4c5d6e7f80"), "{shown}");
    assert!(shown.contains("***"), "{shown}");
}

#[tokio::test]
async fn debug_and_display_of_errors_show_no_token_the_server_sent() {
    let server = MockServer::start().await;
    // A login answer that does not decode (no `data`): the error keeps the raw body.
    Mock::given(method("PUT"))
        .respond_with(
            ResponseTemplate::new(201).set_body_json(json!({"auth_token": "tok-FROM-SERVER", "status": "success"})),
        )
        .mount(&server)
        .await;
    let client = Client::builder(format!("{}/v2", server.uri())).build().expect("client");
    let error = client.create_user_auth(&login_body()).await.expect_err("no data: a decode error");
    let shown = format!("{error} {error:?}");
    assert!(matches!(error, Error::Decode { .. }), "{shown}");
    assert!(!shown.contains("tok-FROM-SERVER"), "{shown}");
}

#[tokio::test]
async fn passwords_in_documents_are_secrets() {
    let user: types::User =
        serde_json::from_value(json!({"first_name": "Ada", "last_name": "L", "password": "hunter2"})).expect("a user");
    assert!(!format!("{user:?}").contains("hunter2"));
    assert_eq!(serde_json::to_value(&user).expect("serializes")["password"], "hunter2", "sent as written");
}

#[tokio::test]
async fn a_body_over_the_limit_is_refused() {
    let server = MockServer::start().await;
    let big = json!({"data": {"first_name": "A".repeat(4096), "last_name": "L"}});
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(big)).mount(&server).await;
    let client = Client::builder(format!("{}/v2", server.uri())).max_body_bytes(1024).build().expect("client");
    let result = client.get_user(ACCOUNT, USER).await;
    assert!(matches!(result, Err(Error::BodyTooLarge { status: 200, limit: 1024 })), "{result:?}");
}

#[tokio::test]
async fn path_traversal_strings_stay_one_encoded_segment() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v2/accounts/..%2Fadmin/users/a%2Fb%3Fc%23d"))
        .respond_with(ResponseTemplate::new(200).set_body_json(user_envelope()))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder(format!("{}/v2", server.uri())).build().expect("client");
    client.get_user("../admin", "a/b?c#d").await.expect("sent to the encoded path");
}

#[tokio::test]
async fn a_header_value_with_cr_lf_is_refused_before_sending() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(user_envelope()))
        .expect(0)
        .mount(&server)
        .await;
    let client =
        Client::builder(format!("{}/v2", server.uri())).auth_token("tok\r\nX-Admin: yes").build().expect("client");
    let result = client.get_user(ACCOUNT, USER).await;
    assert!(matches!(result, Err(Error::InvalidRequest(_))), "{result:?}");
}

#[tokio::test]
async fn the_request_hook_and_user_agent_shape_every_request() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(header("x-trace-id", "abc"))
        .and(header("user-agent", concat!("switchboard/", env!("CARGO_PKG_VERSION"))))
        .respond_with(ResponseTemplate::new(200).set_body_json(user_envelope()))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder(format!("{}/v2", server.uri()))
        .on_request(|request| {
            request.headers_mut().insert("x-trace-id", reqwest::header::HeaderValue::from_static("abc"));
        })
        .build()
        .expect("client");
    client.get_user(ACCOUNT, USER).await.expect("the hook's header is sent");
}

#[tokio::test]
async fn every_response_keeps_its_status_and_headers() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(
            ResponseTemplate::new(201)
                .insert_header("x-request-id", "r-77")
                .set_body_json(json!({"auth_token": "t", "data": {}})),
        )
        .mount(&server)
        .await;
    let client = Client::builder(format!("{}/v2", server.uri())).build().expect("client");
    let response = client.create_user_auth(&login_body()).await.expect("201 decodes");
    assert_eq!(response.status(), 201);
    assert_eq!(response.headers().get("x-request-id").and_then(|v| v.to_str().ok()), Some("r-77"));
    assert!(response.into_body().data.account_id.is_none());
}

/// Collects what the `fmt` subscriber writes.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().map_err(|_| std::io::Error::other("poisoned"))?.extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn each_request_is_one_tracing_span_with_operation_attempt_status_and_time() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(503)).up_to_n_times(1).mount(&server).await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(user_envelope()))
        .mount(&server)
        .await;
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    // Other tests of this binary hit the same callsites on other threads with no subscriber; a
    // callsite whose interest was cached as "never" meanwhile would drop this test's `retrying`
    // event, so the cache is rebuilt now that this thread has a subscriber.
    tracing::callsite::rebuild_interest_cache();
    let (builder, _) = builder(&server);
    builder.build().expect("client").get_user(ACCOUNT, USER).await.expect("succeeds on the second attempt");
    let text = String::from_utf8_lossy(&captured.0.lock().expect("log").clone()).into_owned();
    assert!(
        text.contains(r#"operation="getUser" method="GET" path="/accounts/{account_id}/users/{user_id}""#),
        "{text}"
    );
    assert!(text.contains("attempt=2 status=200 elapsed_ms="), "{text}");
    assert!(text.contains("retrying"), "{text}");
    assert!(!text.contains("tok-123") && !text.contains(ACCOUNT), "no secrets or parameter values: {text}");
}

#[cfg(feature = "blocking")]
#[tokio::test]
async fn the_blocking_client_calls_without_an_async_runtime_of_its_own() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(user_path()))
        .respond_with(ResponseTemplate::new(200).set_body_json(user_envelope()))
        .expect(1)
        .mount(&server)
        .await;
    let base = format!("{}/v2", server.uri());
    let name = tokio::task::spawn_blocking(move || {
        let async_client = Client::builder(base).build().expect("client");
        let client = switchboard::vinix::blocking::Client::new(async_client).expect("a runtime starts");
        client.get_user(ACCOUNT, USER).send().map(|user| user.into_body().data.first_name)
    })
    .await
    .expect("the blocking thread finishes");
    assert_eq!(name.expect("200 decodes"), "Ada");
}
