//! What a server the user does not control cannot do to a generated client, shown with
//! `switchboard::vinix` against servers on 127.0.0.1: redirect credentials to another origin,
//! get a key printed through an error's source chain or an echoed error body, or hold a caller
//! forever by trickling bytes. Every login test here runs against two servers: the API and the
//! "attacker" it redirects to.

use std::error::Error as _;
use std::time::Duration;

use serde_json::json;
use switchboard::runtime::{Error, RedirectPolicy, RetryPolicy, DEFAULT_TIMEOUT};
use switchboard::vinix::{Client, GetUserError};
use tokio::io::AsyncWriteExt;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const ACCOUNT: &str = "4f2c6e0b1d9a4b7c8e3f2a1b0c9d8e7f";
const USER: &str = "8a1b2c3d4e5f60718293a4b5c6d7e8f9";
const TOKEN: &str = "tok-SECRET-123";

fn user_path() -> String {
    format!("/v2/accounts/{ACCOUNT}/users/{USER}")
}

fn user_envelope() -> serde_json::Value {
    json!({"data": {"id": USER, "first_name": "Ada", "last_name": "Lovelace"}, "status": "success"})
}

fn client(base: &str) -> Client {
    Client::builder(format!("{base}/v2"))
        .auth_token(TOKEN)
        .retry_policy(RetryPolicy::never())
        .build()
        .expect("a client")
}

#[tokio::test]
async fn a_redirect_to_another_origin_is_not_followed_and_the_token_never_reaches_it() {
    let api = MockServer::start().await;
    let attacker = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(user_envelope()))
        .expect(0)
        .mount(&attacker)
        .await;
    for status in [301, 302, 303, 307, 308] {
        api.reset().await;
        Mock::given(method("GET"))
            .and(path(user_path()))
            .respond_with(ResponseTemplate::new(status).insert_header("Location", format!("{}/steal", attacker.uri())))
            .mount(&api)
            .await;
        let outcome = client(&api.uri()).get_user(ACCOUNT, USER).await;
        match outcome {
            Err(Error::UnexpectedStatus(raw)) => {
                assert_eq!(raw.status, status);
                let location = raw.headers.get("location").and_then(|v| v.to_str().ok());
                assert_eq!(location, Some(format!("{}/steal", attacker.uri()).as_str()));
            }
            other => panic!("{status}: expected the redirect back as an undocumented status, got {other:?}"),
        }
    }
    assert!(attacker.received_requests().await.unwrap_or_default().is_empty(), "the attacker saw a request");
}

#[tokio::test]
async fn a_redirect_within_the_origin_is_followed_with_the_token() {
    let api = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(user_path()))
        .respond_with(ResponseTemplate::new(307).insert_header("Location", format!("{}/v2/moved", api.uri())))
        .mount(&api)
        .await;
    Mock::given(method("GET"))
        .and(path("/v2/moved"))
        .and(header("X-Auth-Token", TOKEN))
        .respond_with(ResponseTemplate::new(200).set_body_json(user_envelope()))
        .expect(1)
        .mount(&api)
        .await;
    let user = client(&api.uri()).get_user(ACCOUNT, USER).await.expect("followed");
    assert_eq!(user.data.first_name, "Ada");
}

#[tokio::test]
async fn redirects_can_be_turned_off() {
    let api = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(user_path()))
        .respond_with(ResponseTemplate::new(302).insert_header("Location", format!("{}/v2/moved", api.uri())))
        .mount(&api)
        .await;
    let client =
        Client::builder(format!("{}/v2", api.uri())).redirect_policy(RedirectPolicy::None).build().expect("a client");
    let outcome = client.get_user(ACCOUNT, USER).await;
    assert!(matches!(outcome, Err(Error::UnexpectedStatus(ref raw)) if raw.status == 302), "{outcome:?}");
}

#[tokio::test]
async fn a_login_answered_307_to_another_origin_does_not_resend_the_credentials() {
    let api = MockServer::start().await;
    let attacker = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/v2/user_auth"))
        .respond_with(ResponseTemplate::new(307).insert_header("Location", format!("{}/v2/user_auth", attacker.uri())))
        .mount(&api)
        .await;
    let body = serde_json::from_value(json!({"data": {"credentials": "c0ffee", "account_name": "acme"}}))
        .expect("a login body");
    let client =
        Client::builder(format!("{}/v2", api.uri())).login_with_create_user_auth(body).build().expect("a client");
    assert!(client.login().await.is_err());
    assert!(attacker.received_requests().await.unwrap_or_default().is_empty(), "the credentials reached the attacker");
}

#[tokio::test]
async fn no_error_of_an_unreachable_server_prints_the_url_or_a_query_key() {
    // A port nothing listens on: the connection is refused.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    let port = listener.local_addr().expect("an address").port();
    drop(listener);
    let client = Client::builder(format!("http://127.0.0.1:{port}/v2?api_key=KEY123"))
        .auth_token(TOKEN)
        .retry_policy(RetryPolicy::never())
        .build()
        .expect("a client");
    let error = client.get_user(ACCOUNT, USER).await.expect_err("refused");
    // What `anyhow` prints for `main() -> anyhow::Result<()>`: the error and every source.
    let mut report = format!("{error} / {error:?}");
    let mut source = error.source();
    while let Some(cause) = source {
        report.push_str(&format!(" / caused by: {cause} / {cause:?}"));
        source = cause.source();
    }
    assert!(matches!(error, Error::Transport(_)), "{report}");
    assert!(format!("{error}").contains("could not connect"), "{report}");
    for secret in ["KEY123", TOKEN, "api_key"] {
        assert!(!report.contains(secret), "`{secret}` in: {report}");
    }
}

#[tokio::test]
async fn a_server_that_echoes_the_token_in_an_error_gets_it_replaced() {
    let api = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({
            "status": "error", "error": "404", "message": format!("bad token {TOKEN}"), "data": {}
        })))
        .mount(&api)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(418).set_body_string(format!("teapot saw {TOKEN}")))
        .mount(&api)
        .await;
    let error = client(&api.uri()).get_user(ACCOUNT, USER).await.expect_err("404");
    assert!(matches!(error, Error::Api { body: GetUserError::NotFound(_), .. }), "{error:?}");
    for text in [format!("{error}"), format!("{error:?}")] {
        assert!(!text.contains(TOKEN), "{text}");
        assert!(text.contains("bad token ***"), "{text}");
    }
}

#[tokio::test]
async fn a_client_has_a_timeout_by_default() {
    let client = Client::builder("http://127.0.0.1:9/v2").build().expect("a client");
    assert_eq!(client.settings().timeout, Some(DEFAULT_TIMEOUT));
}

#[tokio::test]
async fn a_server_that_sends_headers_then_stalls_is_cut_off_by_the_read_timeout() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a free port");
    let port = listener.local_addr().expect("an address").port();
    let server = tokio::spawn(async move {
        if let Ok((mut socket, _)) = listener.accept().await {
            let mut buffer = [0u8; 4096];
            let _ = tokio::io::AsyncReadExt::read(&mut socket, &mut buffer).await;
            let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{";
            let _ = socket.write_all(head.as_bytes()).await;
            // Then nothing, for longer than the client's read timeout.
            tokio::time::sleep(Duration::from_secs(5)).await;
        }
    });
    let client = Client::builder(format!("http://127.0.0.1:{port}/v2"))
        .timeout(None)
        .read_timeout(Duration::from_millis(300))
        .retry_policy(RetryPolicy::never())
        .build()
        .expect("a client");
    let outcome = tokio::time::timeout(Duration::from_secs(4), client.get_user(ACCOUNT, USER)).await;
    match outcome {
        Ok(Err(Error::Transport(e))) => assert!(e.is_timeout() || e.is_body() || e.is_decode(), "{e:?}"),
        other => panic!("expected a transport error from the read timeout, got {other:?}"),
    }
    server.abort();
}
