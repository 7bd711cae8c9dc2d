//! Walking the paginated lists of the seed APIs against a real HTTP server on 127.0.0.1: Vinix
//! (Kazoo) pages by the envelope's `next_start_key`, sent back as `start_key`; Rinkel by page
//! number up to `meta.pagination.totalPages`. CommPeak's user list is one answer (no paging is
//! documented or seen), so it has nothing to walk.

use futures_util::StreamExt;
use serde_json::{json, Value};
use switchboard::runtime::{Error, RetryPolicy};
use switchboard::{rinkel, vinix};
use wiremock::matchers::{header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// The query strings the server received, in order.
async fn queries(server: &MockServer) -> Vec<String> {
    let received = server.received_requests().await.expect("requests are recorded");
    received.iter().map(|r| r.url.query().unwrap_or("").to_owned()).collect()
}

async fn answer(server: &MockServer, at: &str, matcher: impl wiremock::Match + 'static, response: ResponseTemplate) {
    Mock::given(method("GET")).and(path(at)).and(matcher).respond_with(response).mount(server).await;
}

mod vinix_users {
    use super::*;

    const ACCOUNT: &str = "4f2c6e0b1d9a4b7c8e3f2a1b0c9d8e7f";
    const AT: &str = "/v2/accounts/4f2c6e0b1d9a4b7c8e3f2a1b0c9d8e7f/users";

    fn client(server: &MockServer) -> vinix::Client {
        vinix::Client::builder(format!("{}/v2", server.uri()))
            .auth_token("tok-123")
            .retry_policy(RetryPolicy::never())
            .build()
            .expect("client builds")
    }

    /// A Kazoo listing envelope: summaries with these ids, and the next cursor unless last.
    fn envelope(ids: &[&str], next: Option<&str>) -> Value {
        let data: Vec<Value> = ids.iter().map(|id| json!({"id": id, "username": format!("{id}@realm")})).collect();
        let mut body = json!({"data": data, "page_size": ids.len(), "status": "success", "request_id": "r"});
        if let Some(next) = next {
            body["next_start_key"] = json!(next);
        }
        body
    }

    fn ok(body: Value) -> ResponseTemplate {
        ResponseTemplate::new(200).set_body_json(body)
    }

    /// Five users over three pages: `g2wA1` and `g2wA2` are the cursors Kazoo hands out.
    async fn three_pages() -> MockServer {
        let server = MockServer::start().await;
        answer(&server, AT, query_param_is_missing("start_key"), ok(envelope(&["u1", "u2"], Some("g2wA1")))).await;
        answer(&server, AT, query_param("start_key", "g2wA1"), ok(envelope(&["u3", "u4"], Some("g2wA2")))).await;
        answer(&server, AT, query_param("start_key", "g2wA2"), ok(envelope(&["u5"], None))).await;
        server
    }

    fn id(user: Result<vinix::types::UserSummary, Error<vinix::ListUsersError>>) -> String {
        user.expect("every page decodes").id.unwrap_or_default()
    }

    #[tokio::test]
    async fn five_users_over_three_pages_come_in_order_and_the_walk_stops_after_the_last() {
        let server = three_pages().await;
        let users: Vec<String> = client(&server).list_users(ACCOUNT).stream().map(id).collect().await;
        assert_eq!(users, ["u1", "u2", "u3", "u4", "u5"]);
        assert_eq!(queries(&server).await.len(), 3);
    }

    #[tokio::test]
    async fn each_page_sends_the_previous_next_start_key_and_the_page_size_set_once() {
        let server = three_pages().await;
        let _: Vec<_> = client(&server).list_users(ACCOUNT).page_size(2).stream().collect().await;
        assert_eq!(
            queries(&server).await,
            ["page_size=2", "page_size=2&start_key=g2wA1", "page_size=2&start_key=g2wA2"]
        );
    }

    #[tokio::test]
    async fn every_page_carries_the_auth_token() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(header("x-auth-token", "tok-123"))
            .and(query_param_is_missing("start_key"))
            .respond_with(ok(envelope(&["u1"], Some("k"))))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(header("x-auth-token", "tok-123"))
            .and(query_param("start_key", "k"))
            .respond_with(ok(envelope(&["u2"], None)))
            .expect(1)
            .mount(&server)
            .await;
        let users: Vec<String> = client(&server).list_users(ACCOUNT).stream().map(id).collect().await;
        assert_eq!(users, ["u1", "u2"]);
    }

    #[tokio::test]
    async fn pages_expose_each_page_envelope_status_and_headers() {
        let server = MockServer::start().await;
        let first = ok(envelope(&["u1", "u2"], Some("g2wA1"))).insert_header("x-request-id", "p1");
        answer(&server, AT, query_param_is_missing("start_key"), first).await;
        let last = ok(envelope(&["u3"], None)).insert_header("x-request-id", "p2");
        answer(&server, AT, query_param("start_key", "g2wA1"), last).await;
        let pages: Vec<_> = client(&server).list_users(ACCOUNT).pages().collect().await;
        let seen: Vec<(u16, String, usize, Option<String>)> = pages
            .into_iter()
            .map(|page| {
                let page = page.expect("every page decodes");
                let mark = page.headers()["x-request-id"].to_str().unwrap_or("").to_owned();
                (page.status(), mark, page.body().data.len(), page.body().next_start_key.clone())
            })
            .collect();
        assert_eq!(seen, [(200, "p1".into(), 2, Some("g2wA1".into())), (200, "p2".into(), 1, None)]);
    }

    #[tokio::test]
    async fn a_server_that_hands_out_the_same_cursor_twice_ends_the_walk_with_an_error() {
        let server = MockServer::start().await;
        answer(&server, AT, query_param_is_missing("start_key"), ok(envelope(&["u1"], Some("same")))).await;
        answer(&server, AT, query_param("start_key", "same"), ok(envelope(&["u2"], Some("same")))).await;
        let got: Vec<_> = client(&server).list_users(ACCOUNT).stream().collect().await;
        // The second page's user is not lost: the error comes after it, in place of a third page.
        let users: Vec<_> =
            got.iter().filter_map(|u| u.as_ref().ok()).map(|u| u.id.clone().unwrap_or_default()).collect();
        assert_eq!(users, ["u1", "u2"]);
        assert!(matches!(got.last(), Some(Err(Error::Pagination(_)))), "{got:?}");
        assert_eq!(got.len(), 3, "{got:?}");
        assert_eq!(queries(&server).await.len(), 2);
    }

    #[tokio::test]
    async fn max_pages_bounds_a_list_that_never_ends() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(|request: &Request| {
                let current = request.url.query_pairs().find(|(k, _)| k == "start_key").map(|(_, v)| v.into_owned());
                ok(envelope(&["u"], Some(&format!("{}x", current.unwrap_or_default()))))
            })
            .mount(&server)
            .await;
        let got: Vec<_> = client(&server).list_users(ACCOUNT).max_pages(4).stream().collect().await;
        assert!(matches!(got.last(), Some(Err(Error::Pagination(_)))), "{got:?}");
        assert_eq!(queries(&server).await.len(), 4);
    }

    #[tokio::test]
    async fn an_error_status_on_a_later_page_is_the_typed_error_of_the_operation() {
        let server = MockServer::start().await;
        answer(&server, AT, query_param_is_missing("start_key"), ok(envelope(&["u1"], Some("k")))).await;
        let denied = ResponseTemplate::new(403)
            .set_body_json(json!({"status": "error", "error": "403", "message": "forbidden"}));
        answer(&server, AT, query_param("start_key", "k"), denied).await;
        let got: Vec<_> = client(&server).list_users(ACCOUNT).stream().collect().await;
        assert_eq!(got.len(), 2);
        assert!(
            matches!(&got[1], Err(Error::Api { status: 403, body: vinix::ListUsersError::Forbidden(_), .. })),
            "{got:?}"
        );
    }
}

mod rinkel_users {
    use super::*;

    const AT: &str = "/v1/users";

    fn client(server: &MockServer) -> rinkel::Client {
        rinkel::Client::builder(format!("{}/v1", server.uri()))
            .api_key("secret-key")
            .retry_policy(RetryPolicy::never())
            .build()
            .expect("client builds")
    }

    /// A Rinkel list body: users with these ids on page `current` of `total`.
    fn page(ids: &[&str], current: i64, total: i64) -> ResponseTemplate {
        let data: Vec<Value> = ids.iter().map(|id| json!({"id": id, "firstName": id})).collect();
        ResponseTemplate::new(200).set_body_json(json!({
            "data": data,
            "meta": {"pagination": {"totalItems": 5, "totalPages": total, "currentPage": current, "perPage": 2}}
        }))
    }

    async fn three_pages() -> MockServer {
        let server = MockServer::start().await;
        answer(&server, AT, query_param_is_missing("page"), page(&["r1", "r2"], 1, 3)).await;
        answer(&server, AT, query_param("page", "2"), page(&["r3", "r4"], 2, 3)).await;
        answer(&server, AT, query_param("page", "3"), page(&["r5"], 3, 3)).await;
        // Past the last page: a client that fetched it would get the users again.
        answer(&server, AT, query_param("page", "4"), page(&["r1"], 4, 3)).await;
        server
    }

    fn id(user: Result<rinkel::types::User, Error<rinkel::ListUsersError>>) -> String {
        user.expect("every page decodes").id.unwrap_or_default()
    }

    #[tokio::test]
    async fn five_users_over_three_pages_come_in_order_and_the_walk_stops_at_total_pages() {
        let server = three_pages().await;
        let users: Vec<String> = client(&server).list_users().stream().map(id).collect().await;
        assert_eq!(users, ["r1", "r2", "r3", "r4", "r5"]);
        assert_eq!(queries(&server).await.len(), 3);
    }

    #[tokio::test]
    async fn each_page_sends_its_number_and_the_per_page_and_avatar_flags_set_once() {
        let server = three_pages().await;
        let _: Vec<_> = client(&server).list_users().per_page(2).include_avatars(true).stream().collect().await;
        assert_eq!(
            queries(&server).await,
            [
                "perPage=2&includeAvatars=true",
                "page=2&perPage=2&includeAvatars=true",
                "page=3&perPage=2&includeAvatars=true"
            ]
        );
    }

    #[tokio::test]
    async fn pages_expose_the_meta_and_headers_of_each_page() {
        let server = three_pages().await;
        let pages: Vec<_> = client(&server).list_users().pages().collect().await;
        let current: Vec<Option<i64>> = pages
            .iter()
            .map(|p| {
                let p = p.as_ref().expect("every page decodes");
                assert_eq!(p.headers()["content-type"], "application/json");
                p.body().meta.as_ref().and_then(|m| m.pagination.as_ref()).and_then(|m| m.current_page)
            })
            .collect();
        assert_eq!(current, [Some(1), Some(2), Some(3)]);
    }

    #[tokio::test]
    async fn a_walk_starts_at_the_page_the_caller_asks_for() {
        let server = three_pages().await;
        let users: Vec<String> = client(&server).list_users().page(2).stream().map(id).collect().await;
        assert_eq!(users, ["r3", "r4", "r5"]);
        assert_eq!(queries(&server).await, ["page=2", "page=3"]);
    }

    #[tokio::test]
    async fn a_body_without_meta_pages_until_an_empty_page() {
        let server = MockServer::start().await;
        let bare = |ids: &[&str]| {
            let data: Vec<Value> = ids.iter().map(|id| json!({"id": id})).collect();
            ResponseTemplate::new(200).set_body_json(json!({ "data": data }))
        };
        answer(&server, AT, query_param_is_missing("page"), bare(&["r1", "r2"])).await;
        answer(&server, AT, query_param("page", "2"), bare(&["r3"])).await;
        answer(&server, AT, query_param("page", "3"), bare(&[])).await;
        let users: Vec<String> = client(&server).list_users().stream().map(id).collect().await;
        assert_eq!(users, ["r1", "r2", "r3"]);
        assert_eq!(queries(&server).await.len(), 3);
    }

    #[tokio::test]
    async fn max_pages_bounds_a_list_whose_total_keeps_growing() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(|request: &Request| {
                let n = request.url.query_pairs().find(|(k, _)| k == "page").map_or(1, |(_, v)| v.parse().unwrap_or(1));
                page(&["r"], n, n + 1)
            })
            .mount(&server)
            .await;
        let got: Vec<_> = client(&server).list_users().max_pages(3).stream().collect().await;
        assert!(matches!(got.last(), Some(Err(Error::Pagination(_)))), "{got:?}");
        assert_eq!(queries(&server).await.len(), 3);
    }
}
