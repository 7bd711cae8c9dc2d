//! `switchboard::rinkel` against a real HTTP server on 127.0.0.1: method, path, encoding, auth
//! header, every documented status, and what happens with responses nobody documented.

use serde_json::json;
use switchboard::rinkel::{types, Client, GetUserError};
use switchboard::runtime::{Error, RetryPolicy};
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn client(server: &MockServer) -> Client {
    Client::builder(format!("{}/v1", server.uri()))
        .api_key("secret-key")
        .retry_policy(RetryPolicy::never())
        .build()
        .expect("client builds")
}

fn error_body() -> serde_json::Value {
    json!({"errors": [{"code": "ERROR_CODE", "message": "An error occurred while calling the endpoint", "detail": "View more info at developers.rinkel.com"}]})
}

#[tokio::test]
async fn get_user_sends_get_with_the_api_key_header() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/users/64a6b60be7ce3a7774155263"))
        .and(header("x-rinkel-api-key", "secret-key"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"id": "64a6b60be7ce3a7774155263", "firstName": "John"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let user = client(&server).await.get_user("64a6b60be7ce3a7774155263").await.expect("200 decodes");
    assert_eq!(user.first_name.as_deref(), Some("John"));
}

/// Whether an error body is the variant a status should produce.
type IsVariant = fn(&GetUserError) -> bool;

#[tokio::test]
async fn each_documented_error_status_is_typed() {
    let cases: [(u16, IsVariant); 5] = [
        (400, |e| matches!(e, GetUserError::BadRequest(_))),
        (401, |e| matches!(e, GetUserError::Unauthorized(_))),
        (403, |e| matches!(e, GetUserError::Forbidden(_))),
        (404, |e| matches!(e, GetUserError::NotFound(_))),
        (500, |e| matches!(e, GetUserError::InternalServerError(_))),
    ];
    for (status, is_expected) in cases {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(status).set_body_json(error_body()))
            .mount(&server)
            .await;
        match client(&server).await.get_user("u1").await {
            Err(Error::Api { status: got, body, .. }) => {
                assert_eq!(got, status);
                assert!(is_expected(&body), "{status}: {body:?}");
            }
            other => panic!("{status}: expected a typed error, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn the_error_body_is_decoded_into_its_type() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404).set_body_json(error_body()))
        .mount(&server)
        .await;
    let Err(Error::Api { body: GetUserError::NotFound(errors), .. }) = client(&server).await.get_user("u1").await
    else {
        panic!("expected NotFound");
    };
    let first = &errors.errors.as_ref().expect("errors")[0];
    assert_eq!(first.code.as_deref(), Some("ERROR_CODE"));
}

#[tokio::test]
async fn an_undocumented_status_keeps_status_and_raw_body() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(418).set_body_string("teapot")).mount(&server).await;
    match client(&server).await.get_user("u1").await {
        Err(Error::UnexpectedStatus(raw)) => {
            assert_eq!(raw.status, 418);
            assert_eq!(raw.body, b"teapot");
        }
        other => panic!("expected UnexpectedStatus, got {other:?}"),
    }
}

#[tokio::test]
async fn an_undecodable_body_keeps_status_and_raw_body() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("{not json", "application/json"))
        .mount(&server)
        .await;
    match client(&server).await.get_user("u1").await {
        Err(Error::Decode { response, .. }) => {
            assert_eq!(response.status, 200);
            assert_eq!(response.body, b"{not json");
        }
        other => panic!("expected Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn a_wrong_content_type_is_a_typed_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("<html></html>", "text/html"))
        .mount(&server)
        .await;
    match client(&server).await.get_user("u1").await {
        Err(Error::UnexpectedContentType { response, expected }) => {
            assert_eq!(response.content_type(), Some("text/html"));
            assert_eq!(expected, ["application/json"]);
        }
        other => panic!("expected UnexpectedContentType, got {other:?}"),
    }
}

#[tokio::test]
async fn path_parameters_are_exactly_one_encoded_segment() {
    let server = MockServer::start().await;
    for (raw, encoded) in
        [("a/b c", "a%2Fb%20c"), ("100%", "100%25"), ("../admin", "..%2Fadmin"), ("a/b?c#d", "a%2Fb%3Fc%23d")]
    {
        Mock::given(method("GET"))
            .and(path(format!("/v1/users/{encoded}")))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": raw})))
            .expect(1)
            .mount(&server)
            .await;
        let user = client(&server).await.get_user(raw).await.unwrap_or_else(|e| panic!("{raw}: {e}"));
        assert_eq!(user.id.as_deref(), Some(raw));
    }
}

#[tokio::test]
async fn dot_segments_and_empty_ids_are_refused_before_sending() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200)).expect(0).mount(&server).await;
    for bad in [".", "..", ""] {
        match client(&server).await.get_user(bad).await {
            Err(Error::InvalidRequest(message)) => assert!(message.contains("`id`"), "{message}"),
            other => panic!("{bad:?}: expected InvalidRequest, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn a_transport_failure_is_a_typed_error() {
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("addr")
    };
    let client = Client::builder(format!("http://{closed}/v1"))
        .retry_policy(RetryPolicy::never())
        .build()
        .expect("client builds");
    assert!(matches!(client.get_user("u1").await, Err(Error::Transport(_))));
}

#[tokio::test]
async fn the_api_key_never_shows_in_debug_output() {
    let client =
        Client::builder("https://api.rinkel.com/v1").api_key("super-secret-key").build().expect("client builds");
    let debug = format!("{client:?}");
    assert!(!debug.contains("super-secret-key"), "{debug}");
    assert!(debug.contains("***"), "{debug}");
}

#[test]
fn an_invalid_base_url_fails_to_build() {
    assert!(matches!(Client::builder("not a url").build(), Err(Error::InvalidRequest(_))));
}

#[test]
fn the_default_server_is_rinkels() {
    assert_eq!(switchboard::rinkel::DEFAULT_SERVER_URL, "https://api.rinkel.com/v1");
    let _typed: Option<types::User> = None;
}

#[tokio::test]
async fn list_users_sends_its_page_query_and_decodes_data_and_meta() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/users"))
        .and(header("x-rinkel-api-key", "secret-key"))
        .and(query_param("page", "2"))
        .and(query_param("perPage", "50"))
        .and(query_param("includeAvatars", "true"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [{"id": "64a6b60be7ce3a7774155263", "firstName": "John", "role": "USER"}],
            "meta": {
                "pagination": {"totalItems": 51, "totalPages": 2, "currentPage": 2, "perPage": 50},
                "links": {"self": "https://api.rinkel.com/v1/users?page=2", "first": "https://api.rinkel.com/v1/users?page=1",
                          "last": "https://api.rinkel.com/v1/users?page=2", "previous": "https://api.rinkel.com/v1/users?page=1", "next": null}
            }
        })))
        .expect(1)
        .mount(&server)
        .await;
    let page =
        client(&server).await.list_users().page(2).per_page(50).include_avatars(true).await.expect("200 decodes");
    assert_eq!(page.data.as_ref().map(Vec::len), Some(1));
    let meta = page.meta.as_ref().expect("meta");
    assert_eq!(meta.pagination.as_ref().and_then(|p| p.total_items), Some(51));
    assert_eq!(meta.links.as_ref().and_then(|l| l.next.clone()), Some(None));
}

#[tokio::test]
async fn update_user_patches_the_fields_it_sets_and_succeeds_with_204() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(path("/v1/users/64a6b60be7ce3a7774155263"))
        .and(header("x-rinkel-api-key", "secret-key"))
        .and(header("content-type", "application/json"))
        .and(body_json(
            json!({"availability": "unavailable", "phoneNumber": {"countryIsoCode": "NL", "number": "612345678"}}),
        ))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let update: types::UserUpdate = serde_json::from_value(
        json!({"availability": "unavailable", "phoneNumber": {"countryIsoCode": "NL", "number": "612345678"}}),
    )
    .expect("update decodes");
    client(&server).await.update_user("64a6b60be7ce3a7774155263", &update).await.expect("204 succeeds");
}
