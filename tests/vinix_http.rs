//! `switchboard::vinix` (Kazoo Crossbar) against a real HTTP server on 127.0.0.1: every operation's
//! method, path, auth header and body, each documented status and content type, and Kazoo's habit
//! of sending JSON errors under whatever content type was negotiated.

use serde_json::json;
use switchboard::runtime::{Error, RetryPolicy, Upload};
use switchboard::vinix::{types, Client, GetUserError, GetUserPhotoError};
use wiremock::matchers::{body_bytes, body_json, body_string, header, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const ACCOUNT: &str = "4f2c6e0b1d9a4b7c8e3f2a1b0c9d8e7f";
const USER: &str = "8a1b2c3d4e5f60718293a4b5c6d7e8f9";

fn user_path(suffix: &str) -> String {
    format!("/v2/accounts/{ACCOUNT}/users/{USER}{suffix}")
}

fn users_path() -> String {
    format!("/v2/accounts/{ACCOUNT}/users")
}

async fn client(server: &MockServer) -> Client {
    // One attempt per call: these tests are about decoding each documented status (tests/runtime.rs
    // covers retries).
    Client::builder(format!("{}/v2", server.uri()))
        .auth_token("tok-123")
        .retry_policy(RetryPolicy::never())
        .build()
        .expect("client builds")
}

fn kazoo_error(code: u16, message: &str) -> serde_json::Value {
    json!({"status": "error", "error": code.to_string(), "message": message, "data": {"message": "bad identifier", "cause": USER}, "request_id": "r1", "auth_token": "tok-123"})
}

fn no_auth_token(request: &Request) -> bool {
    !request.headers.contains_key("x-auth-token")
}

#[tokio::test]
async fn get_user_sends_the_auth_token_and_decodes_the_envelope() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(user_path("")))
        .and(header("x-auth-token", "tok-123"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": {"id": USER, "first_name": "Ada", "last_name": "Lovelace", "priv_level": "admin"},
            "status": "success", "auth_token": "tok-123", "request_id": "r1", "revision": "3-abc"
        })))
        .expect(1)
        .mount(&server)
        .await;
    let envelope = client(&server).await.get_user(ACCOUNT, USER).await.expect("200 decodes");
    assert_eq!(envelope.data.first_name, "Ada");
    assert_eq!(envelope.data.priv_level, Some(types::UserPrivLevel::Admin));
    assert_eq!(envelope.revision.as_deref(), Some("3-abc"));
}

#[tokio::test]
async fn get_user_404_is_a_typed_kazoo_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404).set_body_json(kazoo_error(404, "bad_identifier")))
        .mount(&server)
        .await;
    match client(&server).await.get_user(ACCOUNT, USER).await {
        Err(Error::Api { status: 404, body: GetUserError::NotFound(e), .. }) => {
            assert_eq!(e.message.as_deref(), Some("bad_identifier"));
            assert_eq!(e.error.as_deref(), Some("404"));
        }
        other => panic!("expected NotFound, got {other:?}"),
    }
}

#[tokio::test]
async fn each_documented_error_status_of_get_user_is_typed() {
    for status in [400u16, 401, 403, 404, 409, 429, 500, 503] {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(status).set_body_json(kazoo_error(status, "x")))
            .mount(&server)
            .await;
        match client(&server).await.get_user(ACCOUNT, USER).await {
            Err(Error::Api { status: got, .. }) => assert_eq!(got, status),
            other => panic!("{status}: expected a typed error, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn update_user_posts_the_whole_document_in_a_data_envelope() {
    let server = MockServer::start().await;
    let document = json!({"first_name": "Ada", "last_name": "Lovelace", "x_ui_flag": true, "caller_id": {"internal": {"number": "1000"}}});
    Mock::given(method("POST"))
        .and(path(user_path("")))
        .and(header("x-auth-token", "tok-123"))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({"data": document})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": document, "status": "success"})))
        .expect(1)
        .mount(&server)
        .await;
    let user: types::User = serde_json::from_value(document.clone()).expect("document decodes");
    let request = types::UpdateUserRequest { data: user, extra: Default::default() };
    let saved = client(&server).await.update_user(ACCOUNT, USER, &request).await.expect("200 decodes");
    assert_eq!(serde_json::to_value(&saved.data).expect("encode"), document);
}

#[tokio::test]
async fn get_user_photo_returns_the_stored_image_bytes_and_type() {
    let server = MockServer::start().await;
    let png = vec![0x89, b'P', b'N', b'G', 0, 1, 2, 3];
    Mock::given(method("GET"))
        .and(path(user_path("/photo")))
        .and(header("x-auth-token", "tok-123"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(png.clone(), "image/png"))
        .expect(1)
        .mount(&server)
        .await;
    let photo = client(&server).await.get_user_photo(ACCOUNT, USER).await.expect("200 decodes");
    assert_eq!(photo.content_type, "image/png");
    assert_eq!(photo.bytes, png);
}

#[tokio::test]
async fn get_user_photo_accepts_octet_stream_and_partial_content() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(206).set_body_raw(vec![1u8, 2], "application/octet-stream"))
        .mount(&server)
        .await;
    let photo = client(&server).await.get_user_photo(ACCOUNT, USER).await.expect("206 decodes");
    assert_eq!(photo.bytes, vec![1, 2]);
}

#[tokio::test]
async fn a_photo_404_is_decoded_by_status_whatever_its_content_type() {
    let server = MockServer::start().await;
    let body = serde_json::to_vec(&kazoo_error(404, "bad_identifier")).expect("encode");
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404).set_body_raw(body, "application/octet-stream"))
        .mount(&server)
        .await;
    match client(&server).await.get_user_photo(ACCOUNT, USER).await {
        Err(Error::Api { body: GetUserPhotoError::NotFound(e), .. }) => {
            assert_eq!(e.message.as_deref(), Some("bad_identifier"))
        }
        other => panic!("expected NotFound, got {other:?}"),
    }
}

#[tokio::test]
async fn a_photo_answered_as_html_is_an_unexpected_content_type() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("<html/>", "text/html"))
        .mount(&server)
        .await;
    assert!(matches!(
        client(&server).await.get_user_photo(ACCOUNT, USER).await,
        Err(Error::UnexpectedContentType { .. })
    ));
}

#[tokio::test]
async fn get_user_vcard_returns_the_vcard_text() {
    let server = MockServer::start().await;
    let vcard = "BEGIN:VCARD\nVERSION:3.0\nFN:User Three\nN:Three;User\nEND:VCARD\n";
    Mock::given(method("GET"))
        .and(path(user_path("/vcard")))
        .and(header("x-auth-token", "tok-123"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(vcard, "text/x-vcard"))
        .expect(1)
        .mount(&server)
        .await;
    assert_eq!(client(&server).await.get_user_vcard(ACCOUNT, USER).await.expect("200 decodes").into_body(), vcard);
}

#[tokio::test]
async fn an_empty_vcard_body_is_the_empty_string() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200)).mount(&server).await;
    assert_eq!(client(&server).await.get_user_vcard(ACCOUNT, USER).await.expect("empty 200 decodes").into_body(), "");
}

#[tokio::test]
async fn create_user_auth_sends_credentials_without_a_token() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/v2/user_auth"))
        .and(no_auth_token)
        .and(body_json(json!({"data": {"credentials": "82a5c2c4d5e6f708192a3b4c5d6e7f80", "account_name": "acme"}})))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({
            "auth_token": "new-token", "status": "success",
            "data": {"account_id": ACCOUNT, "owner_id": USER, "is_reseller": false, "apps": []}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let body: types::UserAuthEnvelopeRequest = serde_json::from_value(
        json!({"data": {"credentials": "82a5c2c4d5e6f708192a3b4c5d6e7f80", "account_name": "acme"}}),
    )
    .expect("request decodes");
    let session = client(&server).await.create_user_auth(&body).await.expect("201 decodes");
    assert_eq!(session.auth_token.as_ref().map(switchboard::runtime::Secret::expose), Some("new-token"));
}

#[tokio::test]
async fn create_api_auth_sends_the_api_key_without_a_token() {
    let server = MockServer::start().await;
    let key = "a".repeat(64);
    Mock::given(method("PUT"))
        .and(path("/v2/api_auth"))
        .and(no_auth_token)
        .and(body_json(json!({"data": {"api_key": key}})))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"auth_token": "t2", "status": "success", "data": {"account_id": ACCOUNT}})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let body: types::ApiAuthEnvelopeRequest =
        serde_json::from_value(json!({"data": {"api_key": key}})).expect("request decodes");
    let session = client(&server).await.create_api_auth(&body).await.expect("200 decodes");
    assert_eq!(session.auth_token.as_ref().map(switchboard::runtime::Secret::expose), Some("t2"));
}

#[tokio::test]
async fn bad_credentials_are_a_typed_401() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(401).set_body_json(kazoo_error(401, "invalid_credentials")))
        .mount(&server)
        .await;
    let body: types::ApiAuthEnvelopeRequest =
        serde_json::from_value(json!({"data": {"api_key": "k"}})).expect("request decodes");
    assert!(matches!(client(&server).await.create_api_auth(&body).await, Err(Error::Api { status: 401, .. })));
}

#[test]
fn the_self_hosted_server_takes_scheme_and_host() {
    assert_eq!(
        switchboard::vinix::servers::self_hosted_kazoo("https", "pbx.example.com"),
        "https://pbx.example.com:8000/v2"
    );
    assert_eq!(switchboard::vinix::DEFAULT_SERVER_URL, "https://api.vinixglobal.com/v2");
}

/// Sends each status to `call` and checks it comes back as `Error::Api` with that status and a
/// decoded Kazoo error (whatever content type the server claimed).
macro_rules! every_error_status {
    ($name:ident, [$($status:literal),*], |$client:ident| $call:expr) => {
        #[tokio::test]
        async fn $name() {
            for status in [$($status),*] {
                let server = MockServer::start().await;
                let body = serde_json::to_vec(&kazoo_error(status, "some_code")).expect("encode");
                Mock::given(wiremock::matchers::any())
                    .respond_with(ResponseTemplate::new(status).set_body_raw(body, "application/octet-stream"))
                    .mount(&server)
                    .await;
                let $client = client(&server).await;
                match $call.await {
                    Err(Error::Api { status: got, body, .. }) => {
                        assert_eq!(got, status);
                        assert!(format!("{body:?}").contains("some_code"), "{status}: {body:?}");
                    }
                    other => panic!("{status}: expected a typed error, got {other:?}"),
                }
            }
        }
    };
}

fn update_body() -> types::UpdateUserRequest {
    serde_json::from_value(json!({"data": {"first_name": "a", "last_name": "b"}})).expect("request decodes")
}

fn user_auth_body() -> types::UserAuthEnvelopeRequest {
    serde_json::from_value(json!({"data": {"credentials": "c"}})).expect("request decodes")
}

fn api_auth_body() -> types::ApiAuthEnvelopeRequest {
    serde_json::from_value(json!({"data": {"api_key": "k"}})).expect("request decodes")
}

every_error_status!(update_user_error_statuses_are_typed, [400, 401, 403, 404, 409, 429, 500, 503], |c| c.update_user(
    ACCOUNT,
    USER,
    &update_body()
));
every_error_status!(get_user_photo_error_statuses_are_typed, [401, 403, 404, 406, 429, 500, 503], |c| c
    .get_user_photo(ACCOUNT, USER));
every_error_status!(get_user_vcard_error_statuses_are_typed, [401, 403, 404, 406, 429, 500, 503], |c| c
    .get_user_vcard(ACCOUNT, USER));
every_error_status!(create_user_auth_error_statuses_are_typed, [400, 401, 429, 500, 503], |c| c
    .create_user_auth(&user_auth_body()));
every_error_status!(create_api_auth_error_statuses_are_typed, [400, 401, 429, 500, 503], |c| c
    .create_api_auth(&api_auth_body()));

#[tokio::test]
async fn get_user_vcard_also_accepts_text_directory() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("BEGIN:VCARD\nEND:VCARD\n", "text/directory"))
        .mount(&server)
        .await;
    assert_eq!(
        client(&server).await.get_user_vcard(ACCOUNT, USER).await.expect("200 decodes").into_body(),
        "BEGIN:VCARD\nEND:VCARD\n"
    );
}

#[tokio::test]
async fn create_user_auth_accepts_200_as_well_as_201() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"auth_token": "t", "data": {}})))
        .mount(&server)
        .await;
    let session = client(&server).await.create_user_auth(&user_auth_body()).await.expect("200 decodes");
    assert_eq!(session.auth_token.as_ref().map(switchboard::runtime::Secret::expose), Some("t"));
}

#[tokio::test]
async fn create_api_auth_accepts_201_as_well_as_200() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"auth_token": "t", "data": {}})))
        .mount(&server)
        .await;
    let session = client(&server).await.create_api_auth(&api_auth_body()).await.expect("201 decodes");
    assert_eq!(session.auth_token.as_ref().map(switchboard::runtime::Secret::expose), Some("t"));
}

#[tokio::test]
async fn path_parameters_are_encoded_as_one_segment_each() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v2/accounts/a%2Fb%20c/users/..%2Fadmin"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": {"first_name": "a", "last_name": "b"}})))
        .expect(1)
        .mount(&server)
        .await;
    client(&server).await.get_user("a/b c", "../admin").await.expect("200 decodes");
}

#[tokio::test]
async fn a_call_borrows_only_the_client_so_its_arguments_may_be_dropped_before_it_is_awaited() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(user_path("")))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"data": {"first_name": "Ada", "last_name": "Lovelace"}})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server).await;
    // The arguments live only in this block: the future must not borrow them.
    let pending = {
        let (account, user) = (ACCOUNT.to_owned(), USER.to_owned());
        client.get_user(&account, &user)
    };
    assert_eq!(pending.await.expect("200 decodes").data.first_name, "Ada");
}

#[tokio::test]
async fn list_users_gets_the_collection_with_its_page_query_and_decodes_the_summaries() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(users_path()))
        .and(header("x-auth-token", "tok-123"))
        .and(query_param("page_size", "2"))
        .and(query_param("start_key", "g2wAAAAB"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [
                {"id": USER, "first_name": "Ada", "last_name": "Lovelace", "priv_level": "admin", "features": ["caller_id"]},
                {"id": "0123456789abcdef0123456789abcdef", "username": "user2@realm", "flags": []}
            ],
            "page_size": 2, "start_key": "g2wAAAAB", "next_start_key": "g2wAAAAC", "status": "success"
        })))
        .expect(1)
        .mount(&server)
        .await;
    let page = client(&server).await.list_users(ACCOUNT).page_size(2).start_key("g2wAAAAB").await.expect("200 decodes");
    assert_eq!(page.data.len(), 2);
    assert_eq!(page.data[0].priv_level, Some(types::UserSummaryPrivLevel::Admin));
    assert_eq!(page.data[0].features.as_deref(), Some(&["caller_id".to_string()][..]));
    assert_eq!(page.next_start_key.as_deref(), Some("g2wAAAAC"));
}

#[tokio::test]
async fn list_users_can_ask_for_every_user_in_one_answer() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(users_path()))
        .and(query_param("paginate", "false"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": [], "status": "success"})))
        .expect(1)
        .mount(&server)
        .await;
    let page = client(&server).await.list_users(ACCOUNT).paginate(false).await.expect("200 decodes");
    assert!(page.data.is_empty());
    assert_eq!(page.next_start_key, None);
}

#[tokio::test]
async fn create_user_puts_the_new_document_in_a_data_envelope() {
    let server = MockServer::start().await;
    let document = json!({"first_name": "User", "last_name": "Three", "x_crm_id": "c-17"});
    Mock::given(method("PUT"))
        .and(path(users_path()))
        .and(header("x-auth-token", "tok-123"))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({"data": document})))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({
            "data": {"id": USER, "first_name": "User", "last_name": "Three", "x_crm_id": "c-17"}, "status": "success"
        })))
        .expect(1)
        .mount(&server)
        .await;
    let body: types::CreateUserRequest = serde_json::from_value(json!({"data": document})).expect("request decodes");
    let saved = client(&server).await.create_user(ACCOUNT, &body).await.expect("201 decodes");
    assert_eq!(saved.data.id.as_deref(), Some(USER));
}

#[tokio::test]
async fn create_user_can_skip_the_welcome_email() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path(users_path()))
        .and(query_param("send_email_on_creation", "false"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"data": {"first_name": "a", "last_name": "b"}})))
        .expect(1)
        .mount(&server)
        .await;
    let body: types::CreateUserRequest =
        serde_json::from_value(json!({"data": {"first_name": "a", "last_name": "b"}})).expect("request decodes");
    client(&server).await.create_user(ACCOUNT, &body).send_email_on_creation(false).await.expect("201 decodes");
}

#[test]
fn a_user_patch_with_one_field_set_to_null_is_exactly_that_null() {
    let patch = types::UserPatch { first_name: Some(None), ..Default::default() };
    assert_eq!(serde_json::to_string(&patch).expect("encode"), r#"{"first_name":null}"#);
}

#[tokio::test]
async fn patch_user_with_one_field_set_to_null_sends_exactly_that_null() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(path(user_path("")))
        .and(header("x-auth-token", "tok-123"))
        .and(header("content-type", "application/json"))
        .and(body_string(r#"{"data":{"first_name":null}}"#))
        .respond_with(ResponseTemplate::new(400).set_body_json(kazoo_error(400, "invalid data")))
        .expect(1)
        .mount(&server)
        .await;
    let request = types::PatchUserRequest {
        data: types::UserPatch { first_name: Some(None), ..Default::default() },
        extra: Default::default(),
    };
    // Kazoo refuses to remove a required key; what matters here is the body that was sent.
    let answer = client(&server).await.patch_user(ACCOUNT, USER, &request).await;
    assert!(matches!(answer, Err(Error::Api { status: 400, .. })), "{answer:?}");
}

#[tokio::test]
async fn patch_user_sends_only_the_keys_it_sets_and_decodes_the_saved_document() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(path(user_path("")))
        .and(body_json(json!({"data": {"vm_to_email_enabled": true, "presence_id": null}})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": {"first_name": "Ada", "last_name": "Lovelace", "vm_to_email_enabled": true}, "status": "success"
        })))
        .expect(1)
        .mount(&server)
        .await;
    let request = types::PatchUserRequest {
        data: types::UserPatch { vm_to_email_enabled: Some(Some(true)), presence_id: Some(None), ..Default::default() },
        extra: Default::default(),
    };
    let saved = client(&server).await.patch_user(ACCOUNT, USER, &request).await.expect("200 decodes");
    assert_eq!(saved.data.vm_to_email_enabled, Some(true));
    assert_eq!(saved.data.presence_id, None);
}

#[tokio::test]
async fn delete_user_sends_delete_and_decodes_the_deleted_document() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path(user_path("")))
        .and(header("x-auth-token", "tok-123"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": {"id": USER, "first_name": "User", "last_name": "Three", "enabled": false}, "status": "success"
        })))
        .expect(1)
        .mount(&server)
        .await;
    let deleted = client(&server).await.delete_user(ACCOUNT, USER).await.expect("200 decodes");
    assert_eq!(deleted.data.last_name, "Three");
}

#[tokio::test]
async fn upload_user_photo_posts_the_bytes_with_their_own_content_type() {
    let server = MockServer::start().await;
    let png = vec![0x89, b'P', b'N', b'G', 0, 1, 2, 3];
    Mock::given(method("POST"))
        .and(path(user_path("/photo")))
        .and(header("x-auth-token", "tok-123"))
        .and(header("content-type", "image/png"))
        .and(body_bytes(png.clone()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": {}, "status": "success"})))
        .expect(1)
        .mount(&server)
        .await;
    let photo = Upload::from(png).with_content_type("image/png");
    client(&server).await.upload_user_photo(ACCOUNT, USER, photo).await.expect("200 decodes");
}

#[tokio::test]
async fn a_downloaded_photo_can_be_uploaded_again_with_its_content_type() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(user_path("/photo")))
        .and(header("content-type", "image/jpeg"))
        .and(body_bytes(vec![0xff, 0xd8]))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": {}, "status": "success"})))
        .expect(1)
        .mount(&server)
        .await;
    client(&server).await.upload_user_photo(ACCOUNT, USER, photo()).await.expect("200 decodes");
}

#[tokio::test]
async fn upload_user_photo_streams_a_file() {
    let server = MockServer::start().await;
    let bytes: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
    Mock::given(method("POST"))
        .and(path(user_path("/photo")))
        .and(header("content-type", "image/png"))
        .and(body_bytes(bytes.clone()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": {}, "status": "success"})))
        .expect(1)
        .mount(&server)
        .await;
    let file_path = std::env::temp_dir().join(format!("switchboard-photo-{}.png", std::process::id()));
    std::fs::write(&file_path, &bytes).expect("temp file is written");
    let file = tokio::fs::File::open(&file_path).await.expect("temp file opens");
    let photo = Upload::file(file).with_content_type("image/png");
    let sent = client(&server).await.upload_user_photo(ACCOUNT, USER, photo).await;
    std::fs::remove_file(&file_path).ok();
    sent.expect("200 decodes");
}

#[tokio::test]
async fn a_streamed_upload_is_sent_once_and_bytes_are_retried() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503).set_body_json(kazoo_error(503, "datastore_fault")))
        .mount(&server)
        .await;
    let retrying = Client::builder(format!("{}/v2", server.uri()))
        .auth_token("tok-123")
        .retry_policy(RetryPolicy {
            initial_delay: std::time::Duration::from_millis(1),
            retry_non_idempotent: true,
            ..RetryPolicy::default()
        })
        .build()
        .expect("client builds");
    let chunks = futures_util::stream::iter([Ok::<_, std::io::Error>(b"abc".to_vec())]);
    let streamed = retrying.upload_user_photo(ACCOUNT, USER, Upload::stream(chunks)).await;
    assert!(matches!(streamed, Err(Error::Api { status: 503, .. })), "{streamed:?}");
    assert_eq!(server.received_requests().await.expect("recorded").len(), 1);
    let in_memory = retrying.upload_user_photo(ACCOUNT, USER, b"abc".to_vec()).await;
    assert!(matches!(in_memory, Err(Error::Api { status: 503, .. })), "{in_memory:?}");
    // 1 streamed attempt, then 3 attempts of the bytes.
    assert_eq!(server.received_requests().await.expect("recorded").len(), 4);
}

#[tokio::test]
async fn upload_user_photo_without_a_content_type_sends_octet_stream() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(user_path("/photo")))
        .and(header("content-type", "application/octet-stream"))
        .and(body_bytes(vec![1u8, 2, 3]))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": {}, "status": "success"})))
        .expect(1)
        .mount(&server)
        .await;
    client(&server).await.upload_user_photo(ACCOUNT, USER, vec![1, 2, 3]).await.expect("200 decodes");
}

#[tokio::test]
async fn delete_user_photo_sends_delete_to_the_photo() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path(user_path("/photo")))
        .and(header("x-auth-token", "tok-123"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": {}, "status": "success"})))
        .expect(1)
        .mount(&server)
        .await;
    client(&server).await.delete_user_photo(ACCOUNT, USER).await.expect("200 decodes");
}

fn create_body() -> types::CreateUserRequest {
    serde_json::from_value(json!({"data": {"first_name": "a", "last_name": "b"}})).expect("request decodes")
}

fn patch_body() -> types::PatchUserRequest {
    types::PatchUserRequest { data: Default::default(), extra: Default::default() }
}

fn photo() -> switchboard::runtime::Binary {
    switchboard::runtime::Binary { content_type: "image/jpeg".into(), bytes: vec![0xff, 0xd8] }
}

every_error_status!(list_users_error_statuses_are_typed, [400, 401, 403, 404, 416, 429, 500, 503], |c| c
    .list_users(ACCOUNT));
every_error_status!(create_user_error_statuses_are_typed, [400, 401, 403, 404, 409, 429, 500, 503], |c| c
    .create_user(ACCOUNT, &create_body()));
every_error_status!(patch_user_error_statuses_are_typed, [400, 401, 403, 404, 409, 429, 500, 503], |c| c.patch_user(
    ACCOUNT,
    USER,
    &patch_body()
));
every_error_status!(delete_user_error_statuses_are_typed, [401, 403, 404, 409, 429, 500, 503], |c| c
    .delete_user(ACCOUNT, USER));
every_error_status!(upload_user_photo_error_statuses_are_typed, [400, 401, 403, 404, 409, 413, 429, 500, 503], |c| c
    .upload_user_photo(ACCOUNT, USER, photo()));
every_error_status!(delete_user_photo_error_statuses_are_typed, [401, 403, 404, 409, 429, 500, 503], |c| c
    .delete_user_photo(ACCOUNT, USER));
