//! Request builders against a server on 127.0.0.1, in the standalone crate generated from
//! `tests/builders/openapi.yaml` (scripts/builders.sh generates it and runs these tests).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use builders::runtime::Error;
use builders::{types, Client};
use wiremock::matchers::{body_json, header, header_regex, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::builder(server.uri()).token("t0k3n").retry_policy(builders::runtime::RetryPolicy::never()).build().unwrap()
}

async fn numbers(server: &MockServer) {
    Mock::given(method("GET"))
        .and(path("/accounts/a1/numbers"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([])))
        .mount(server)
        .await;
}

fn query_of(server_requests: &[wiremock::Request]) -> Option<String> {
    server_requests.first().map(|r| r.url.query().unwrap_or("").to_string())
}

#[tokio::test]
async fn two_setters_of_twenty_three_send_exactly_those_two_in_document_order() {
    let server = MockServer::start().await;
    numbers(&server).await;
    let answer = client(&server).list_numbers("a1").filter_10(5).filter_03("x").await.unwrap();
    assert!(answer.body().is_empty());
    let requests = server.received_requests().await.unwrap();
    assert_eq!(query_of(&requests).as_deref(), Some("filter_03=x&filter_10=5"));
}

#[tokio::test]
async fn no_setter_sends_no_query() {
    let server = MockServer::start().await;
    numbers(&server).await;
    client(&server).list_numbers("a1").await.unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(query_of(&requests).as_deref(), Some(""));
}

#[tokio::test]
async fn a_setter_called_twice_sends_the_last_value_once() {
    let server = MockServer::start().await;
    numbers(&server).await;
    client(&server).list_numbers("a1").sort(types::ListNumbersSort::Asc).sort(types::ListNumbersSort::Desc).await.unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(query_of(&requests).as_deref(), Some("sort=desc"));
}

#[tokio::test]
async fn list_setters_take_any_iterable_of_convertible_items() {
    let server = MockServer::start().await;
    numbers(&server).await;
    client(&server).list_numbers("a1").tags(["a", "b"]).await.unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(query_of(&requests).as_deref(), Some("tags=a&tags=b"));
}

#[tokio::test]
async fn send_gives_a_future_that_can_be_spawned() {
    let server = MockServer::start().await;
    numbers(&server).await;
    let client = client(&server);
    let account = String::from("a1");
    let task = tokio::spawn(client.list_numbers(&account).filter_04(7).send());
    drop(account);
    let answer = task.await.unwrap().unwrap();
    assert_eq!(answer.status(), 200);
}

#[tokio::test]
async fn per_call_header_and_header_parameter_reach_the_server() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/accounts/a1/numbers"))
        .and(header("x-trace", "t-1"))
        .and(header("x-custom", "yes"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([])))
        .mount(&server)
        .await;
    let answer = client(&server).list_numbers("a1").x_trace("t-1").header("X-Custom", "yes").await;
    assert!(answer.is_ok(), "{answer:?}");
}

#[tokio::test]
async fn a_per_call_header_with_a_line_break_is_refused_before_sending() {
    let server = MockServer::start().await;
    numbers(&server).await;
    let answer = client(&server).list_numbers("a1").header("X-Custom", "a\r\nInjected: 1").await;
    assert!(matches!(answer, Err(Error::InvalidRequest(_))), "{answer:?}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_per_call_timeout_stops_a_slow_answer() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([])).set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    let answer = client(&server).list_numbers("a1").timeout(Duration::from_millis(200)).await;
    assert!(matches!(&answer, Err(Error::Transport(e)) if e.is_timeout()), "{answer:?}");
}

#[test]
fn new_takes_the_required_fields_and_leaves_the_optional_ones_out() {
    let number = types::Number::new("+31201234567", "NL");
    let json = serde_json::to_value(&number).unwrap();
    assert_eq!(json, serde_json::json!({"number": "+31201234567", "country": "NL"}));
    let back: types::Number = serde_json::from_value(json).unwrap();
    assert_eq!(back, number);
}

#[test]
fn an_optional_nullable_field_sends_null_with_some_none() {
    let mut number = types::Number::new("+31201234567", "NL");
    number.forward_to = Some(None);
    let json = serde_json::to_value(&number).unwrap();
    assert_eq!(json["forward_to"], serde_json::Value::Null);
    assert!(json.as_object().unwrap().contains_key("forward_to"));
}

#[test]
fn a_struct_without_required_fields_is_default() {
    assert_eq!(types::Filters::default().page_size, None);
}

#[tokio::test]
async fn a_body_from_new_round_trips_through_the_server() {
    let server = MockServer::start().await;
    let sent = serde_json::json!({"number": "+31201234567", "country": "NL"});
    Mock::given(method("POST"))
        .and(path("/accounts/a1/numbers"))
        .and(body_json(&sent))
        .respond_with(ResponseTemplate::new(201).set_body_json(&sent))
        .mount(&server)
        .await;
    let number = types::Number::new("+31201234567", "NL");
    let answer = client(&server).create_number("a1", &number).await.unwrap();
    assert_eq!(answer.into_body(), number);
}

#[tokio::test]
async fn an_injected_reqwest_client_keeps_its_default_headers() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(header("x-from-my-client", "1"))
        .and(header("authorization", "Bearer t0k3n"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([])))
        .mount(&server)
        .await;
    let mut defaults = reqwest::header::HeaderMap::new();
    defaults.insert("x-from-my-client", reqwest::header::HeaderValue::from_static("1"));
    let http = reqwest::Client::builder().default_headers(defaults).build().unwrap();
    let client = Client::builder(server.uri()).http_client(http).token("t0k3n").build().unwrap();
    let answer = client.list_numbers("a1").await;
    assert!(answer.is_ok(), "{answer:?}");
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

#[tokio::test]
async fn a_gzip_body_is_decoded() {
    let server = MockServer::start().await;
    let body = serde_json::to_vec(&serde_json::json!([{"number": "+31", "country": "NL"}])).unwrap();
    Mock::given(method("GET"))
        .and(header_regex("accept-encoding", "gzip"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-encoding", "gzip")
                .insert_header("content-type", "application/json")
                .set_body_raw(gzip(&body), "application/json"),
        )
        .mount(&server)
        .await;
    let answer = client(&server).list_numbers("a1").await.unwrap();
    assert_eq!(answer.body()[0].country, "NL");
}

#[tokio::test]
async fn a_gzip_bomb_is_stopped_by_the_body_limit_on_the_decoded_size() {
    let server = MockServer::start().await;
    let bomb = gzip(&vec![b' '; 64 * 1024 * 1024]);
    assert!(bomb.len() < 1024 * 1024, "{}", bomb.len());
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-encoding", "gzip")
                .set_body_raw(bomb, "application/json"),
        )
        .mount(&server)
        .await;
    let client = Client::builder(server.uri()).max_body_bytes(1024 * 1024).build().unwrap();
    let answer = client.list_numbers("a1").await;
    assert!(matches!(answer, Err(Error::BodyTooLarge { .. })), "{answer:?}");
}

#[tokio::test]
async fn a_token_provider_is_called_once_for_twenty_concurrent_first_calls() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(header("authorization", "Bearer from-provider"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([])))
        .mount(&server)
        .await;
    let calls = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&calls);
    let client = Client::builder(server.uri())
        .token_provider(move || {
            let counted = Arc::clone(&counted);
            async move {
                counted.fetch_add(1, Ordering::SeqCst);
                tokio::time::sleep(Duration::from_millis(50)).await;
                Ok::<_, std::convert::Infallible>("from-provider".to_string())
            }
        })
        .build()
        .unwrap();
    let tasks: Vec<_> = (0..20).map(|_| tokio::spawn(client.list_numbers("a1").send())).collect();
    for task in tasks {
        let answer = task.await.unwrap();
        assert!(answer.is_ok(), "{answer:?}");
    }
    assert_eq!(calls.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_token_provider_is_asked_again_once_after_a_401() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(header("authorization", "Bearer fresh"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([])))
        .mount(&server)
        .await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(401)).mount(&server).await;
    let calls = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&calls);
    let client = Client::builder(server.uri())
        .token_provider(move || {
            let n = counted.fetch_add(1, Ordering::SeqCst);
            async move { Ok::<_, std::convert::Infallible>(if n == 0 { "stale" } else { "fresh" }.to_string()) }
        })
        .build()
        .unwrap();
    let answer = client.list_numbers("a1").await;
    assert!(answer.is_ok(), "{answer:?}");
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[test]
fn the_blocking_builder_has_the_same_methods_and_send_returns_the_result() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(async {
        let server = MockServer::start().await;
        numbers(&server).await;
        server
    });
    let client = builders::blocking::Client::builder(server.uri())
        .token("t0k3n")
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let answer = client.list_numbers("a1").filter_02(true).send().unwrap();
    assert_eq!(answer.status(), 200);
    let requests = runtime.block_on(server.received_requests()).unwrap();
    assert_eq!(query_of(&requests).as_deref(), Some("filter_02=true"));
}

mod pagination {
    use super::*;
    use futures_util::StreamExt;
    use wiremock::matchers::{query_param, query_param_is_missing};

    fn people(ids: &[&str]) -> serde_json::Value {
        serde_json::Value::Array(ids.iter().map(|id| serde_json::json!({ "id": id })).collect())
    }

    async fn page(server: &MockServer, at: &str, matcher: impl wiremock::Match + 'static, body: serde_json::Value) {
        Mock::given(method("GET"))
            .and(path(at))
            .and(matcher)
            .respond_with(ResponseTemplate::new(200).set_body_json(body))
            .mount(server)
            .await;
    }

    async fn ids<S, E>(stream: S) -> Vec<String>
    where
        S: futures_util::Stream<Item = Result<types::Person, Error<E>>>,
        E: std::fmt::Debug,
    {
        stream.map(|p| p.unwrap().id).collect().await
    }

    async fn cursor_server() -> MockServer {
        let server = MockServer::start().await;
        let first = serde_json::json!({ "data": people(&["u1", "u2"]), "next_start_key": "k2" });
        page(&server, "/cursor/people", query_param_is_missing("start_key"), first).await;
        let second = serde_json::json!({ "data": people(&["u3", "u4"]), "next_start_key": "k3" });
        page(&server, "/cursor/people", query_param("start_key", "k2"), second).await;
        page(&server, "/cursor/people", query_param("start_key", "k3"), serde_json::json!({ "data": people(&["u5"]) })).await;
        server
    }

    #[tokio::test]
    async fn five_people_over_three_cursor_pages_come_in_order_and_the_walk_stops() {
        let server = cursor_server().await;
        let got = ids(client(&server).list_people_by_cursor().stream()).await;
        assert_eq!(got, ["u1", "u2", "u3", "u4", "u5"]);
        assert_eq!(server.received_requests().await.unwrap().len(), 3);
    }

    #[tokio::test]
    async fn each_page_request_sends_the_previous_cursor_and_the_page_size_set_once() {
        let server = cursor_server().await;
        ids(client(&server).list_people_by_cursor().page_size(2).stream()).await;
        let queries: Vec<String> =
            server.received_requests().await.unwrap().iter().map(|r| r.url.query().unwrap_or("").to_string()).collect();
        assert_eq!(queries, ["page_size=2", "page_size=2&start_key=k2", "page_size=2&start_key=k3"]);
    }

    #[tokio::test]
    async fn pages_are_fetched_only_when_asked_for() {
        let server = cursor_server().await;
        let mut stream = Box::pin(client(&server).list_people_by_cursor().stream());
        assert_eq!(stream.next().await.unwrap().unwrap().id, "u1");
        assert_eq!(server.received_requests().await.unwrap().len(), 1);
    }

    #[tokio::test]
    async fn pages_keep_each_page_status_and_headers() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(query_param_is_missing("start_key"))
            .respond_with(
                ResponseTemplate::new(200)
                    .insert_header("x-page", "1")
                    .set_body_json(serde_json::json!({ "data": people(&["u1"]), "next_start_key": "k2" })),
            )
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(query_param("start_key", "k2"))
            .respond_with(ResponseTemplate::new(200).insert_header("x-page", "2").set_body_json(serde_json::json!({ "data": [] })))
            .mount(&server)
            .await;
        let pages: Vec<_> = client(&server).list_people_by_cursor().pages().collect().await;
        let marks: Vec<String> = pages.iter().map(|p| p.as_ref().unwrap().headers()["x-page"].to_str().unwrap().to_string()).collect();
        assert_eq!(marks, ["1", "2"]);
    }

    #[tokio::test]
    async fn a_repeated_cursor_ends_the_walk_with_an_error() {
        let server = MockServer::start().await;
        let looping = serde_json::json!({ "data": people(&["u1"]), "next_start_key": "same" });
        Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(looping)).mount(&server).await;
        let got: Vec<_> = client(&server).list_people_by_cursor().stream().collect().await;
        assert!(matches!(got.last(), Some(Err(Error::Pagination(_)))), "{got:?}");
        assert_eq!(server.received_requests().await.unwrap().len(), 2);
    }

    #[tokio::test]
    async fn max_pages_ends_an_endless_list_with_an_error() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(|request: &wiremock::Request| {
                let n = request.url.query_pairs().find(|(k, _)| k == "page").map_or(1, |(_, v)| v.parse::<u32>().unwrap());
                ResponseTemplate::new(200).set_body_json(serde_json::json!({ "data": people(&[&format!("p{n}")]) }))
            })
            .mount(&server)
            .await;
        let got: Vec<_> = client(&server).list_people_by_page().max_pages(3).stream().collect().await;
        assert_eq!(got.len(), 4, "{got:?}");
        assert!(matches!(got.last(), Some(Err(Error::Pagination(_)))), "{got:?}");
    }

    #[tokio::test]
    async fn numbered_pages_stop_at_the_last_page_the_body_names() {
        let server = MockServer::start().await;
        for n in 1..=2 {
            let body = serde_json::json!({ "data": people(&[&format!("p{n}")]), "meta": { "last_page": 2 } });
            let matcher = query_param("page", n.to_string());
            if n == 1 {
                page(&server, "/numbered/people", query_param_is_missing("page"), body).await;
            } else {
                page(&server, "/numbered/people", matcher, body).await;
            }
        }
        assert_eq!(ids(client(&server).list_people_by_page().stream()).await, ["p1", "p2"]);
        assert_eq!(server.received_requests().await.unwrap().len(), 2);
    }

    #[tokio::test]
    async fn offsets_advance_by_the_items_received_until_the_total() {
        let server = MockServer::start().await;
        let first = serde_json::json!({ "items": people(&["a", "b"]), "total": 3 });
        page(&server, "/offset/people", query_param_is_missing("offset"), first).await;
        page(&server, "/offset/people", query_param("offset", "2"), serde_json::json!({ "items": people(&["c"]), "total": 3 })).await;
        assert_eq!(ids(client(&server).list_people_by_offset().limit(2).stream()).await, ["a", "b", "c"]);
        let queries: Vec<String> =
            server.received_requests().await.unwrap().iter().map(|r| r.url.query().unwrap_or("").to_string()).collect();
        assert_eq!(queries, ["limit=2", "offset=2&limit=2"]);
    }

    #[tokio::test]
    async fn a_link_header_names_the_next_page() {
        let server = MockServer::start().await;
        let next = format!("<{}/linked/people?per_page=1&page=2>; rel=\"next\"", server.uri());
        Mock::given(method("GET"))
            .and(query_param_is_missing("page"))
            .respond_with(ResponseTemplate::new(200).insert_header("link", next.as_str()).set_body_json(people(&["g1"])))
            .mount(&server)
            .await;
        page(&server, "/linked/people", query_param("page", "2"), people(&["g2"])).await;
        assert_eq!(ids(client(&server).list_people_by_link().per_page(1).stream()).await, ["g1", "g2"]);
    }

    #[tokio::test]
    async fn a_next_page_uri_in_the_body_is_followed_on_the_same_origin() {
        let server = MockServer::start().await;
        let first = serde_json::json!({ "people": people(&["t1"]), "next_page_uri": "/uri/people?Page=1" });
        page(&server, "/uri/people", query_param_is_missing("Page"), first).await;
        let last = serde_json::json!({ "people": people(&["t2"]), "next_page_uri": null });
        page(&server, "/uri/people", query_param("Page", "1"), last).await;
        assert_eq!(ids(client(&server).list_people_by_uri().stream()).await, ["t1", "t2"]);
    }

    #[tokio::test]
    async fn a_next_page_on_another_origin_is_not_fetched() {
        let server = MockServer::start().await;
        let elsewhere = serde_json::json!({ "people": people(&["t1"]), "next_page_uri": "https://attacker.example/steal" });
        page(&server, "/uri/people", query_param_is_missing("Page"), elsewhere).await;
        let got: Vec<_> = client(&server).list_people_by_uri().stream().collect().await;
        assert!(matches!(got.last(), Some(Err(Error::Pagination(_)))), "{got:?}");
        assert_eq!(server.received_requests().await.unwrap().len(), 1);
    }

    #[tokio::test]
    async fn a_stream_can_be_spawned() {
        let server = cursor_server().await;
        let stream = client(&server).list_people_by_cursor().stream();
        let got = tokio::spawn(async move { ids(stream).await }).await.unwrap();
        assert_eq!(got.len(), 5);
    }
}
