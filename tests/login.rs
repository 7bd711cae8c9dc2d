//! Login without a herd: concurrent first calls and concurrent 401s on a client with a login
//! helper make exactly one login, and everyone reuses its token (`switchboard::vinix` against a
//! server on 127.0.0.1 that counts logins and answers them slowly, so the callers overlap).

use std::time::Duration;

use serde_json::json;
use switchboard::vinix::{types, Client};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const ACCOUNT: &str = "4f2c6e0b1d9a4b7c8e3f2a1b0c9d8e7f";
const USER: &str = "8a1b2c3d4e5f60718293a4b5c6d7e8f9";

fn login_body() -> types::UserAuthEnvelopeRequest {
    serde_json::from_value(json!({"data": {"credentials": "82a5c2c4d5e6f708192a3b4c5d6e7f80", "account_name": "acme"}}))
        .expect("a login body")
}

/// A login that takes 200 ms, expected exactly once.
async fn mount_slow_login(server: &MockServer, token: &str) {
    Mock::given(method("PUT"))
        .and(path("/v2/user_auth"))
        .respond_with(
            ResponseTemplate::new(201)
                .set_delay(Duration::from_millis(200))
                .set_body_json(json!({"auth_token": token, "status": "success", "data": {}})),
        )
        .expect(1)
        .mount(server)
        .await;
}

async fn mount_user(server: &MockServer, token: &str, calls: u64) {
    Mock::given(method("GET"))
        .and(header("x-auth-token", token))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": {"id": USER, "first_name": "Ada", "last_name": "Lovelace"}, "status": "success"
        })))
        .expect(calls)
        .mount(server)
        .await;
}

async fn twenty_calls(client: &Client) {
    let calls = (0..20).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.get_user(ACCOUNT, USER).await.map(|_| ()) })
    });
    for outcome in futures_join(calls.collect()).await {
        assert!(matches!(outcome, Ok(Ok(()))), "{outcome:?}");
    }
}

async fn futures_join<T>(handles: Vec<tokio::task::JoinHandle<T>>) -> Vec<Result<T, tokio::task::JoinError>> {
    let mut out = Vec::new();
    for handle in handles {
        out.push(handle.await);
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_concurrent_first_calls_make_one_login() {
    let server = MockServer::start().await;
    mount_slow_login(&server, "fresh").await;
    mount_user(&server, "fresh", 20).await;
    let client = Client::builder(format!("{}/v2", server.uri()))
        .login_with_create_user_auth(login_body())
        .build()
        .expect("client");
    twenty_calls(&client).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_concurrent_401s_make_one_relogin() {
    let server = MockServer::start().await;
    mount_slow_login(&server, "fresh").await;
    Mock::given(method("GET"))
        .and(header("x-auth-token", "stale"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({"status": "error", "error": "401", "data": {}})))
        // Every call that went out before the relogin finished; on a slow machine a late one may
        // already carry the fresh token.
        .expect(1..=20)
        .mount(&server)
        .await;
    mount_user(&server, "fresh", 20).await;
    let client = Client::builder(format!("{}/v2", server.uri()))
        .auth_token("stale")
        .login_with_create_user_auth(login_body())
        .build()
        .expect("client");
    twenty_calls(&client).await;
}
