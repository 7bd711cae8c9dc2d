//! The typed mock servers (`<api>::mock`, cargo feature `mock`) as a user's tests use them: every
//! operation of the three APIs answered through its own expectation, documented errors, a
//! paginated list, matching on the encoded wire form, and what a test learns when a call matches
//! nothing. No hand-written routes.

use futures_util::StreamExt;
use serde_json::json;
use switchboard::runtime::Error;
use switchboard::{commpeak, rinkel, vinix};

const ACCOUNT: &str = "4f2c6e0b1d9a4b7c8e3f2a1b0c9d8e7f";
const USER: &str = "8a1b2c3d4e5f60718293a4b5c6d7e8f9";

fn from<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> T {
    serde_json::from_value(value).expect("the test's value has the type's shape")
}

fn kazoo_error(message: &str) -> vinix::types::KazooError {
    from(json!({"status": "error", "error": "404", "message": message}))
}

fn user_envelope(first: &str) -> vinix::types::UserEnvelope {
    from(json!({"data": {"id": USER, "first_name": first, "last_name": "Lovelace"}, "status": "success"}))
}

async fn vinix_server() -> (vinix::mock::MockServer, vinix::Client) {
    let server = vinix::mock::MockServer::start().await;
    let client = server
        .client_builder()
        .auth_token("tok-123")
        .retry_policy(switchboard::runtime::RetryPolicy::never())
        .build()
        .expect("client builds");
    (server, client)
}

mod vinix_operations {
    use super::*;

    #[tokio::test]
    async fn get_user_answers_the_typed_envelope_for_the_named_account_and_user() {
        let (server, client) = vinix_server().await;
        server.get_user().account_id(ACCOUNT).user_id(USER).respond_ok(&user_envelope("Ada")).times(1).mount().await;
        let got = client.get_user(ACCOUNT, USER).await.expect("200 decodes");
        assert_eq!(got.data.first_name, "Ada");
    }

    #[tokio::test]
    async fn get_user_answers_a_documented_error_with_its_type() {
        let (server, client) = vinix_server().await;
        server.get_user().user_id(USER).respond_not_found(&kazoo_error("bad_identifier")).mount().await;
        match client.get_user(ACCOUNT, USER).await {
            Err(Error::Api { status: 404, body: vinix::GetUserError::NotFound(e), .. }) => {
                assert_eq!(e.message.as_deref(), Some("bad_identifier"));
            }
            other => panic!("expected NotFound, got {other:?}"),
        }
    }

    #[tokio::test]
    async fn update_user_matches_the_whole_document_as_json() {
        let (server, client) = vinix_server().await;
        let body: vinix::types::UpdateUserRequest =
            from(json!({"data": {"first_name": "Ada", "last_name": "Lovelace", "enabled": true}}));
        server.update_user().body(&body).respond_ok(&user_envelope("Ada")).times(1).mount().await;
        client.update_user(ACCOUNT, USER, &body).await.expect("200 decodes");
    }

    #[tokio::test]
    async fn patch_user_with_an_explicit_null_is_matched_by_that_null() {
        let (server, client) = vinix_server().await;
        let patch = vinix::types::PatchUserRequest {
            data: vinix::types::UserPatch { presence_id: Some(None), ..Default::default() },
            extra: Default::default(),
        };
        server.patch_user().body(&patch).respond_ok(&user_envelope("Ada")).times(1).mount().await;
        client.patch_user(ACCOUNT, USER, &patch).await.expect("200 decodes");
        let sent = server.received().await;
        assert_eq!(sent[0].body, br#"{"data":{"presence_id":null}}"#);
    }

    #[tokio::test]
    async fn delete_user_answers_conflict() {
        let (server, client) = vinix_server().await;
        server.delete_user().respond_conflict(&kazoo_error("datastore_conflict")).mount().await;
        let got = client.delete_user(ACCOUNT, USER).await;
        assert!(
            matches!(got, Err(Error::Api { status: 409, body: vinix::DeleteUserError::Conflict(_), .. })),
            "{got:?}"
        );
    }

    #[tokio::test]
    async fn create_user_matches_its_query_flag_and_answers_created() {
        let (server, client) = vinix_server().await;
        let body: vinix::types::CreateUserRequest = from(json!({"data": {"first_name": "a", "last_name": "b"}}));
        server
            .create_user()
            .send_email_on_creation(false)
            .body(&body)
            .respond_created(&user_envelope("a"))
            .times(1)
            .mount()
            .await;
        client.create_user(ACCOUNT, &body).send_email_on_creation(false).await.expect("201 decodes");
    }

    #[tokio::test]
    async fn list_users_pages_through_mocked_pages() {
        let (server, client) = vinix_server().await;
        let page = |ids: &[&str], next: Option<&str>| -> vinix::types::UserListEnvelope {
            let data: Vec<_> = ids.iter().map(|id| json!({"id": id})).collect();
            from(json!({"data": data, "next_start_key": next}))
        };
        server.list_users().page_size(2).start_key("k2").respond_ok(&page(&["u3"], None)).times(1).mount().await;
        server.list_users().page_size(2).respond_ok(&page(&["u1", "u2"], Some("k2"))).times(1).mount().await;
        let ids: Vec<String> = client
            .list_users(ACCOUNT)
            .page_size(2)
            .stream()
            .map(|u| u.expect("every page decodes").id.unwrap_or_default())
            .collect()
            .await;
        assert_eq!(ids, ["u1", "u2", "u3"]);
    }

    #[tokio::test]
    async fn get_user_photo_answers_bytes_under_the_documented_type() {
        let (server, client) = vinix_server().await;
        server.get_user_photo().respond_ok(vec![0x89, b'P', b'N', b'G']).mount().await;
        let photo = client.get_user_photo(ACCOUNT, USER).await.expect("200 decodes");
        assert_eq!(photo.bytes, [0x89, b'P', b'N', b'G']);
    }

    #[tokio::test]
    async fn upload_user_photo_matches_the_exact_bytes() {
        let (server, client) = vinix_server().await;
        let photo: vinix::types::PhotoEnvelope = from(json!({"data": {}, "status": "success"}));
        server.upload_user_photo().body(vec![1u8, 2, 3]).respond_ok(&photo).times(1).mount().await;
        client.upload_user_photo(ACCOUNT, USER, vec![1u8, 2, 3]).await.expect("200 decodes");
    }

    #[tokio::test]
    async fn delete_user_photo_answers_not_found() {
        let (server, client) = vinix_server().await;
        server.delete_user_photo().respond_not_found(&kazoo_error("bad_identifier")).mount().await;
        let got = client.delete_user_photo(ACCOUNT, USER).await;
        assert!(matches!(got, Err(Error::Api { status: 404, .. })), "{got:?}");
    }

    #[tokio::test]
    async fn get_user_vcard_answers_text() {
        let (server, client) = vinix_server().await;
        server.get_user_vcard().respond_ok("BEGIN:VCARD\r\nEND:VCARD\r\n").mount().await;
        let card = client.get_user_vcard(ACCOUNT, USER).await.expect("200 decodes");
        assert!(card.starts_with("BEGIN:VCARD"));
    }

    #[tokio::test]
    async fn the_token_endpoints_answer_auth_envelopes() {
        let (server, client) = vinix_server().await;
        let token: vinix::types::AuthEnvelope = from(json!({"auth_token": "t", "data": {"account_id": ACCOUNT}}));
        let user: vinix::types::UserAuthEnvelopeRequest =
            from(json!({"data": {"credentials": "82a5c2c4d5e6f708192a3b4c5d6e7f80", "account_name": "acme"}}));
        let api: vinix::types::ApiAuthEnvelopeRequest = from(json!({"data": {"api_key": "k".repeat(64)}}));
        server.create_user_auth().body(&user).respond_created(&token).times(1).mount().await;
        server.create_api_auth().body(&api).respond_unauthorized(&kazoo_error("invalid_credentials")).mount().await;
        assert_eq!(
            client.create_user_auth(&user).await.expect("201 decodes").auth_token.as_ref().map(|t| t.expose()),
            Some("t")
        );
        let refused = client.create_api_auth(&api).await;
        assert!(matches!(refused, Err(Error::Api { status: 401, .. })), "{refused:?}");
    }
}

mod rinkel_operations {
    use super::*;

    fn client(server: &rinkel::mock::MockServer) -> rinkel::Client {
        server.client_builder().api_key("secret").build().expect("client builds")
    }

    #[tokio::test]
    async fn list_users_walks_numbered_pages() {
        let server = rinkel::mock::MockServer::start().await;
        let page = |ids: &[&str], current: i64| -> rinkel::types::UserList {
            let data: Vec<_> = ids.iter().map(|id| json!({"id": id})).collect();
            from(json!({"data": data, "meta": {"pagination": {"totalPages": 2, "currentPage": current}}}))
        };
        server.list_users().page(2).respond_ok(&page(&["r2"], 2)).times(1).mount().await;
        server.list_users().per_page(1).respond_ok(&page(&["r1"], 1)).times(1).mount().await;
        let ids: Vec<String> = client(&server)
            .list_users()
            .per_page(1)
            .stream()
            .map(|u| u.expect("every page decodes").id.unwrap_or_default())
            .collect()
            .await;
        assert_eq!(ids, ["r1", "r2"]);
    }

    #[tokio::test]
    async fn get_user_answers_forbidden_with_the_error_list() {
        let server = rinkel::mock::MockServer::start().await;
        let errors: rinkel::types::Errors = from(json!({"errors": [{"code": "FORBIDDEN", "message": "no"}]}));
        server.get_user().id("u1").respond_forbidden(&errors).mount().await;
        let got = client(&server).get_user("u1").await;
        assert!(
            matches!(got, Err(Error::Api { status: 403, body: rinkel::GetUserError::Forbidden(_), .. })),
            "{got:?}"
        );
    }

    #[tokio::test]
    async fn update_user_answers_no_content() {
        let server = rinkel::mock::MockServer::start().await;
        let update: rinkel::types::UserUpdate = from(json!({"availability": "available"}));
        server.update_user().id("u1").body(&update).respond_ok().times(1).mount().await;
        client(&server).update_user("u1", &update).await.expect("204 decodes");
    }
}

mod commpeak_operations {
    use super::*;

    #[tokio::test]
    async fn list_users_and_get_user_details_answer_the_users_wrapper() {
        let server = commpeak::mock::MockServer::start().await;
        let users: commpeak::types::UsersResponse = from(json!({"users": [{"id": "7", "username": "agent7"}]}));
        server.list_users().respond_ok(&users).times(1).mount().await;
        server.get_user_details().id("7").respond_ok(&users).times(1).mount().await;
        let client = server.client();
        assert_eq!(client.list_users().await.expect("200 decodes").users.as_ref().map_or(0, Vec::len), 1);
        assert_eq!(client.get_user_details("7").await.expect("200 decodes").users.as_ref().map_or(0, Vec::len), 1);
    }

    #[tokio::test]
    async fn get_user_details_answers_its_documented_text_error() {
        let server = commpeak::mock::MockServer::start().await;
        server.get_user_details().respond_unauthorized("IP not allowed").mount().await;
        let got = server.client().get_user_details("7").await;
        assert!(matches!(got, Err(Error::Api { status: 401, .. })), "{got:?}");
    }
}

mod matching {
    use super::*;

    #[tokio::test]
    async fn an_answer_can_be_the_documents_own_example() {
        let server = rinkel::mock::MockServer::start().await;
        server.get_user().respond_with_example().mount().await;
        let user = server.client().get_user("64a6b60be7ce3a7774155263").await.expect("the example decodes");
        assert_eq!(user.first_name.as_deref(), Some("John"));
    }

    #[tokio::test]
    async fn a_path_parameter_is_matched_in_the_form_the_client_encodes_it() {
        let (server, client) = vinix_server().await;
        server.get_user().user_id("a/b c").respond_ok(&user_envelope("Ada")).times(1).mount().await;
        client.get_user(ACCOUNT, "a/b c").await.expect("the encoded id matches");
        assert_eq!(server.received().await[0].path, format!("/accounts/{ACCOUNT}/users/a%2Fb%20c"));
    }

    #[tokio::test]
    async fn received_calls_are_read_per_operation() {
        let (server, client) = vinix_server().await;
        server.list_users().respond_ok(&from(json!({"data": []}))).mount().await;
        client.list_users(ACCOUNT).page_size(5).await.expect("200 decodes");
        let calls = server.received().await;
        assert_eq!(calls.len(), 1);
        assert_eq!(calls[0].operation, Some("listUsers"));
        assert_eq!(calls[0].path_param("account_id"), Some(ACCOUNT));
        assert_eq!(calls[0].query_param("page_size"), Some("5"));
    }

    #[tokio::test]
    async fn a_received_body_decodes_to_the_operation_type() {
        let (server, client) = vinix_server().await;
        server.create_user().respond_created(&user_envelope("a")).mount().await;
        let body: vinix::types::CreateUserRequest = from(json!({"data": {"first_name": "a", "last_name": "b"}}));
        client.create_user(ACCOUNT, &body).await.expect("201 decodes");
        let sent: vinix::types::CreateUserRequest = server.received().await[0].json().expect("the body decodes");
        assert_eq!(sent, body);
    }

    #[tokio::test]
    async fn an_unmatched_call_says_which_operation_is_closest_and_what_differed() {
        let (server, client) = vinix_server().await;
        server.get_user().user_id("someone-else").respond_ok(&user_envelope("Ada")).mount().await;
        let got = client.get_user(ACCOUNT, USER).await;
        // Answered 404 with the reason as text; getUser documents a JSON 404, so the client says
        // it cannot decode it, and the reason is in the error's body excerpt.
        assert!(format!("{got:?}").contains("matched no expectation"), "{got:?}");
        let unmatched = server.unmatched();
        assert_eq!(unmatched.len(), 1);
        assert!(unmatched[0].contains("closest is `getUser`"), "{unmatched:?}");
        assert!(unmatched[0].contains("path parameter `user_id`: expected `someone-else`"), "{unmatched:?}");
    }

    #[tokio::test]
    #[should_panic(expected = "no expectation matched")]
    async fn dropping_a_server_with_unmatched_calls_fails_the_test() {
        let (server, client) = vinix_server().await;
        let _ = client.get_user(ACCOUNT, USER).await;
        drop(server);
    }

    #[tokio::test]
    async fn a_call_with_no_expectation_for_its_operation_is_named() {
        let (server, client) = vinix_server().await;
        let _ = client.delete_user(ACCOUNT, USER).await;
        let unmatched = server.unmatched();
        assert!(unmatched[0].contains("is `deleteUser`, but no expectation of it was mounted"), "{unmatched:?}");
    }

    #[tokio::test]
    async fn a_header_named_by_the_test_must_be_sent() {
        let (server, client) = vinix_server().await;
        server.get_user().header("x-auth-token", "tok-123").respond_ok(&user_envelope("Ada")).times(1).mount().await;
        client.get_user(ACCOUNT, USER).await.expect("the token matches");
    }

    #[tokio::test]
    async fn a_raw_response_is_sent_as_it_is() {
        let (server, client) = vinix_server().await;
        let raw = switchboard::runtime::mock::wiremock::ResponseTemplate::new(503)
            .insert_header("retry-after", "1")
            .set_body_json(json!({"status": "error", "message": "datastore_fault"}));
        server.get_user().respond_raw(raw).mount().await;
        let got = client.get_user(ACCOUNT, USER).await;
        assert!(matches!(got, Err(Error::Api { status: 503, .. })), "{got:?}");
    }
}

mod readme {
    use switchboard::runtime::Error;
    use switchboard::vinix::{mock::MockServer, types, GetUserError};

    #[tokio::test]
    async fn the_readme_example_works() -> Result<(), Box<dyn std::error::Error>> {
        let server = MockServer::start().await;
        let ada: types::UserEnvelope = serde_json::from_value(serde_json::json!({
            "data": {"first_name": "Ada", "last_name": "Lovelace"}
        }))?;
        server.get_user().account_id("acc").user_id("ada").respond_ok(&ada).times(1).mount().await;
        let gone: types::KazooError = serde_json::from_value(serde_json::json!({"message": "bad_identifier"}))?;
        server.get_user().user_id("gone").respond_not_found(&gone).mount().await;

        let client = server.client_builder().auth_token("test-token").build()?;
        assert_eq!(client.get_user("acc", "ada").await?.data.first_name, "Ada");
        assert!(matches!(
            client.get_user("acc", "gone").await,
            Err(Error::Api { status: 404, body: GetUserError::NotFound(_), .. })
        ));

        let calls = server.received().await;
        assert_eq!(calls[0].operation, Some("getUser"));
        assert_eq!(calls[0].path_param("user_id"), Some("ada"));
        Ok(())
    }
}
