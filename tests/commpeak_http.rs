//! `switchboard::commpeak` against a real HTTP server on 127.0.0.1: Basic auth, the per-tenant
//! server, and the `{"users": [...]}` body.

use serde_json::json;
use switchboard::commpeak::{self, Client};
use switchboard::runtime::Error;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn get_user_details_sends_basic_auth() {
    let server = MockServer::start().await;
    // base64("api-user:p@ss") = "YXBpLXVzZXI6cEBzcw=="
    Mock::given(method("GET"))
        .and(path("/api/users/42"))
        .and(header("authorization", "Basic YXBpLXVzZXI6cEBzcw=="))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"users": [{"id": "42", "username": "agent42", "is_active": "1", "desks": {"5": "Sales"}}]}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let client =
        Client::builder(format!("{}/api", server.uri())).basic_auth("api-user", "p@ss").build().expect("client builds");
    let response = client.get_user_details("42").await.expect("200 decodes").into_body();
    let users = response.users.expect("users");
    assert_eq!(users[0].username, Some(Some("agent42".to_string())));
}

#[tokio::test]
async fn bad_credentials_are_a_typed_401() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401).set_body_string("Unauthorized"))
        .mount(&server)
        .await;
    let client =
        Client::builder(format!("{}/api", server.uri())).basic_auth("u", "wrong").build().expect("client builds");
    match client.get_user_details("42").await {
        Err(Error::Api { status: 401, .. }) => {}
        other => panic!("expected a typed 401, got {other:?}"),
    }
}

#[test]
fn the_tenant_fills_the_server_url() {
    assert_eq!(commpeak::servers::dialer("mc"), "https://mc.td.commpeak.com/api");
}

#[test]
fn the_password_never_shows_in_debug_output() {
    let client = Client::builder("https://mc.td.commpeak.com/api")
        .basic_auth("api-user", "hunter2")
        .build()
        .expect("client builds");
    assert!(!format!("{client:?}").contains("hunter2"));
}

#[tokio::test]
async fn list_users_gets_the_users_under_their_resource_name() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/users"))
        .and(header("authorization", "Basic YXBpLXVzZXI6cEBzcw=="))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"users": [{"id": "42", "username": "agent42", "desks": []}, {"id": "43", "desks": {"5": "Sales"}}]}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let client =
        Client::builder(format!("{}/api", server.uri())).basic_auth("api-user", "p@ss").build().expect("client builds");
    let users = client.list_users().await.expect("200 decodes").into_body().users.expect("users");
    assert_eq!(users.len(), 2);
    assert_eq!(users[1].id, Some(Some("43".to_string())));
}
