//! Streamed bodies in the generated TypeScript client, the twin of `tests/streaming/tests.rs`
//! (the Rust client's rules): downloads read as they arrive with bounded memory, server-sent
//! events and JSON lines item by item, uploads streamed from iterables, streams and files, and
//! multipart parts with their own content types. The package of `tests/streaming/openapi.yaml`
//! is generated and compiled (tsc, strict) here once; `tests/streaming/ts_driver.mjs` (Node)
//! makes the calls against servers on 127.0.0.1. Where a test must control when each byte
//! leaves the server, the server is a plain TCP listener written here; elsewhere it is wiremock.
//!
//! A missing tool (`node`, or the pinned tsc of `tests/contract/node_modules`; see
//! `scripts/tools.sh`) skips every test with a message.

use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

#[path = "support/driver.rs"]
mod driver;
#[path = "support/multipart.rs"]
mod multipart;

use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const MIB: u64 = 1024 * 1024;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The compiled `index.js` of the streaming package, or `None` (with a message) when a tool is missing.
fn client() -> Option<&'static Path> {
    static CLIENT: OnceLock<Option<PathBuf>> = OnceLock::new();
    CLIENT
        .get_or_init(|| {
            let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("streaming-typescript");
            driver::compiled_typescript("tests/streaming/openapi.yaml", "streaming", "streaming-client", &dir)
        })
        .as_deref()
}

macro_rules! client_or_skip {
    () => {
        match client() {
            Some(client) => client,
            None => return,
        }
    };
}

/// Runs one task through the driver; its result.
async fn drive(client: &Path, task: Value) -> Value {
    let client = client.to_path_buf();
    tokio::task::spawn_blocking(move || {
        // `--expose-gc` lets the download task collect as it reads (see the driver).
        let args = [PathBuf::from("--expose-gc"), repo().join("tests/streaming/ts_driver.mjs"), client];
        driver::run("node", &args, &[], &[task]).remove(0)
    })
    .await
    .expect("the driver thread")
}

/// A server that answers every connection with `answer`, given the connection and the request
/// head it read; returns its base URL.
async fn raw_server<F, Fut>(answer: F) -> String
where
    F: Fn(TcpStream, String) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("address");
    let answer = Arc::new(answer);
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let answer = Arc::clone(&answer);
            tokio::spawn(async move {
                let head = read_head(&mut socket).await;
                answer(socket, head).await;
            });
        }
    });
    format!("http://{address}")
}

async fn read_head(socket: &mut TcpStream) -> String {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match socket.read(&mut byte).await {
            Ok(1) => head.push(byte[0]),
            _ => break,
        }
    }
    String::from_utf8_lossy(&head).into_owned()
}

/// The head of a 200 answer whose body ends when the connection closes.
fn head(content_type: &str) -> String {
    format!("HTTP/1.1 200 OK\r\ncontent-type: {content_type}\r\nconnection: close\r\n\r\n")
}

async fn serving(route: &str, status: u16, body: &str, content_type: &str) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(path(route))
        .respond_with(ResponseTemplate::new(status).set_body_raw(body.to_string(), content_type))
        .mount(&server)
        .await;
    server
}

fn items_task(base: &str, method: &str) -> Value {
    json!({"base": base, "call": "items", "method": method})
}

#[tokio::test]
async fn a_100_mib_download_streams_with_bounded_memory() {
    let client = client_or_skip!();
    let total = 100 * MIB;
    let base = raw_server(move |mut socket, _| async move {
        let head = format!("HTTP/1.1 200 OK\r\ncontent-type: audio/mpeg\r\ncontent-length: {total}\r\n\r\n");
        let _ = socket.write_all(head.as_bytes()).await;
        // One 64 KiB block, written again and again: the server holds no copy of the body.
        let block = vec![0x5au8; 64 * 1024];
        for _ in 0..total / block.len() as u64 {
            if socket.write_all(&block).await.is_err() {
                return;
            }
        }
    })
    .await;
    let result = drive(client, json!({"base": base, "call": "download", "id": "r1", "fill": 0x5a})).await;
    assert_eq!(result["ok"], true, "{result}");
    assert_eq!((result["status"].as_u64(), result["mediaType"].as_str()), (Some(200), Some("audio/mpeg")));
    assert_eq!(result["received"].as_u64(), Some(total));
    assert_eq!(result["uniform"], true);
    let growth = result["after"].as_u64().unwrap_or(u64::MAX).saturating_sub(result["before"].as_u64().unwrap_or(0));
    // Node itself, reading 100 MiB through a bare `fetch`, peaks some 40 MiB higher; a body held
    // whole would add 100 MiB more.
    assert!(growth < 64 * MIB, "the peak resident memory grew by {} MiB while streaming 100 MiB", growth / MIB);
}

#[tokio::test]
async fn a_streamed_download_is_not_held_to_the_body_limit() {
    let client = client_or_skip!();
    let server = serving("/recordings/r1", 200, &"x".repeat(4096), "audio/mpeg").await;
    let task =
        json!({"base": server.uri(), "call": "download", "id": "r1", "fill": b'x', "client": {"maxBodyBytes": 1024}});
    let result = drive(client, task).await;
    assert_eq!((result["ok"].as_bool(), result["received"].as_u64()), (Some(true), Some(4096)), "{result}");
}

#[tokio::test]
async fn a_documented_error_of_a_streamed_download_is_decoded() {
    let client = client_or_skip!();
    let server = serving("/recordings/gone", 404, r#"{"message":"no such recording"}"#, "application/json").await;
    let result = drive(client, json!({"base": server.uri(), "call": "download", "id": "gone", "fill": 0})).await;
    assert_eq!(result["ok"], false);
    assert_eq!(result["error"]["name"], "ApiError", "{result}");
    assert_eq!(result["error"]["status"], 404);
    assert_eq!(result["error"]["body"]["message"], "no such recording");
}

#[tokio::test]
async fn a_streamed_download_is_retried_before_its_head() {
    let client = client_or_skip!();
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(503)).up_to_n_times(1).mount(&server).await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("abc", "audio/mpeg"))
        .mount(&server)
        .await;
    let result = drive(client, json!({"base": server.uri(), "call": "download", "id": "r1", "fill": 0})).await;
    assert_eq!((result["ok"].as_bool(), result["received"].as_u64()), (Some(true), Some(3)), "{result}");
    assert_eq!(server.received_requests().await.unwrap_or_default().len(), 2);
}

#[tokio::test]
async fn a_download_that_goes_silent_fails_with_a_timeout_between_chunks() {
    let client = client_or_skip!();
    let base = raw_server(|mut socket, _| async move {
        let _ = socket.write_all(head("audio/mpeg").as_bytes()).await;
        let _ = socket.write_all(b"first").await;
        tokio::time::sleep(std::time::Duration::from_secs(5)).await;
    })
    .await;
    let task = json!({"base": base, "call": "download", "id": "r1", "fill": 0, "client": {"timeout": 300}});
    let result = drive(client, task).await;
    assert_eq!(result["ok"], false);
    assert_eq!(result["error"]["name"], "TimeoutError", "{result}");
}

#[tokio::test]
async fn the_first_event_arrives_before_the_server_sends_the_second() {
    let client = client_or_skip!();
    let (first_seen, wait_for_it) = tokio::sync::mpsc::channel::<()>(1);
    let wait_for_it = Arc::new(tokio::sync::Mutex::new(wait_for_it));
    let base = raw_server(move |mut socket, head_read| {
        let (first_seen, wait_for_it) = (first_seen.clone(), Arc::clone(&wait_for_it));
        async move {
            if head_read.starts_with("GET /seen-first ") {
                // The driver's word that it has the first event.
                let _ = first_seen.send(()).await;
                let _ = socket.write_all(b"HTTP/1.1 204 No Content\r\nconnection: close\r\n\r\n").await;
                return;
            }
            let _ = socket.write_all(head("text/event-stream").as_bytes()).await;
            let _ = socket.write_all(b"data: {\"n\": 1}\n\n").await;
            // The second event is written only once the client has the first.
            let _ = wait_for_it.lock().await.recv().await;
            let _ = socket.write_all(b"data: {\"n\": 2}\n\ndata: [DONE]\n\n").await;
        }
    })
    .await;
    let mut task = items_task(&base, "watchTicksStream");
    task["signal"] = json!(format!("{base}/seen-first"));
    let result = tokio::time::timeout(std::time::Duration::from_secs(30), drive(client, task))
        .await
        .expect("the first event came while the server waited");
    assert_eq!(result["ok"], true, "{result}");
    let ns: Vec<_> =
        result["items"].as_array().expect("items").iter().map(|i| i["value"]["data"]["n"].clone()).collect();
    assert_eq!(ns, [json!(1), json!(2)], "`[DONE]` ends the stream");
}

#[tokio::test]
async fn keep_alive_comments_are_skipped_and_a_malformed_event_is_an_error_item_followed_by_the_next() {
    let client = client_or_skip!();
    let body = ": keep-alive\n\nevent: tick\nid: 1\ndata: {\"n\": 1}\n\n:\n\ndata: {\"n\": \"one\"\n\nid: 3\nretry: 250\ndata: {\"n\": 3}\n\n";
    let server = serving("/ticks", 200, body, "text/event-stream").await;
    let result = drive(client, items_task(&server.uri(), "watchTicksStream")).await;
    let items = result["items"].as_array().expect("items");
    assert_eq!(items.len(), 3, "{result}");
    assert_eq!(items[0]["value"], json!({"event": "tick", "id": "1", "data": {"n": 1}}));
    assert_eq!((items[1]["ok"].as_bool(), &items[1]["error"]["name"]), (Some(false), &json!("DecodeError")));
    assert_eq!(items[1]["error"]["raw"], r#"{"n": "one""#);
    assert_eq!(items[2]["value"], json!({"id": "3", "retry": 250, "data": {"n": 3}}));
}

#[tokio::test]
async fn event_lines_may_end_with_crlf_or_cr_and_a_leading_bom_is_dropped() {
    let client = client_or_skip!();
    let server = serving(
        "/ticks",
        200,
        "\u{feff}data: {\"n\": 1}\r\n\r\ndata: {\"n\": 2}\r\rdata: [DONE]\n\n",
        "text/event-stream",
    )
    .await;
    let result = drive(client, items_task(&server.uri(), "watchTicksStream")).await;
    let ns: Vec<_> =
        result["items"].as_array().expect("items").iter().map(|i| i["value"]["data"]["n"].clone()).collect();
    assert_eq!(ns, [json!(1), json!(2)], "{result}");
}

#[tokio::test]
async fn the_done_sentinel_ends_the_stream_even_when_the_server_sends_more() {
    let client = client_or_skip!();
    let server =
        serving("/ticks", 200, "data: {\"n\":1}\n\ndata: [DONE]\n\ndata: {\"n\":2}\n\n", "text/event-stream").await;
    let result = drive(client, items_task(&server.uri(), "watchTicksStream")).await;
    assert_eq!(result["items"].as_array().map(Vec::len), Some(1), "{result}");
}

#[tokio::test]
async fn events_whose_schema_is_a_string_carry_their_text_with_lines_joined() {
    let client = client_or_skip!();
    let server = serving("/log", 200, "data: started\ndata: {not json}\n\n", "text/event-stream").await;
    let result = drive(client, items_task(&server.uri(), "tailLogStream")).await;
    assert_eq!(result["items"], json!([{"ok": true, "value": {"data": "started\n{not json}"}}]), "{result}");
}

#[tokio::test]
async fn an_event_stream_reconnects_with_the_last_event_id_when_asked_and_only_as_often_as_asked() {
    let client = client_or_skip!();
    let heads = Arc::new(std::sync::Mutex::new(Vec::new()));
    let seen = Arc::clone(&heads);
    let base = raw_server(move |mut socket, head_read| {
        let seen = Arc::clone(&seen);
        async move {
            let n = {
                let mut heads = seen.lock().expect("heads");
                heads.push(head_read.to_ascii_lowercase());
                heads.len()
            };
            let _ = socket.write_all(head("text/event-stream").as_bytes()).await;
            let event = format!("retry: 10\nid: e{n}\ndata: {{\"n\": {n}}}\n\n");
            let _ = socket.write_all(event.as_bytes()).await;
        }
    })
    .await;
    let mut task = items_task(&base, "watchTicksStream");
    task["options"] = json!({"reconnects": 2});
    let result = drive(client, task).await;
    let ns: Vec<_> =
        result["items"].as_array().expect("items").iter().map(|i| i["value"]["data"]["n"].clone()).collect();
    assert_eq!(ns, [json!(1), json!(2), json!(3)], "{result}");
    let heads = heads.lock().expect("heads").clone();
    assert_eq!(heads.len(), 3, "one connection and two reconnections");
    assert!(!heads[0].contains("last-event-id"), "{}", heads[0]);
    assert!(heads[1].contains("last-event-id: e1"), "{}", heads[1]);
    assert!(heads[2].contains("last-event-id: e2"), "{}", heads[2]);
    assert_eq!(result["lastEventId"], "e3");
}

#[tokio::test]
async fn a_204_to_a_reconnection_ends_the_event_stream() {
    let client = client_or_skip!();
    let connections = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let count = Arc::clone(&connections);
    let base = raw_server(move |mut socket, _| {
        let count = Arc::clone(&count);
        async move {
            if count.fetch_add(1, std::sync::atomic::Ordering::SeqCst) > 0 {
                let _ = socket.write_all(b"HTTP/1.1 204 No Content\r\nconnection: close\r\n\r\n").await;
                return;
            }
            let _ = socket.write_all(head("text/event-stream").as_bytes()).await;
            let _ = socket.write_all(b"retry: 10\ndata: {\"n\": 1}\n\n").await;
        }
    })
    .await;
    let mut task = items_task(&base, "watchTicksStream");
    task["options"] = json!({"reconnects": 5});
    let result = drive(client, task).await;
    assert_eq!(result["ok"], true, "{result}");
    assert_eq!(result["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(connections.load(std::sync::atomic::Ordering::SeqCst), 2, "no reconnection after the 204");
}

#[tokio::test]
async fn without_reconnects_an_event_stream_ends_with_its_connection() {
    let client = client_or_skip!();
    let server = serving("/ticks", 200, "data: {\"n\": 1}\n\ndata: {\"n\": 2}", "text/event-stream").await;
    let result = drive(client, items_task(&server.uri(), "watchTicksStream")).await;
    assert_eq!(
        result["items"],
        json!([{"ok": true, "value": {"data": {"n": 1}}}]),
        "a half-sent event is dropped: {result}"
    );
    assert_eq!(server.received_requests().await.unwrap_or_default().len(), 1);
}

#[tokio::test]
async fn an_event_larger_than_the_body_limit_ends_the_stream_with_body_too_large() {
    let client = client_or_skip!();
    let body = format!("data: {{\"n\": 1}}\n\ndata: \"{}\"\n\n", "x".repeat(4096));
    let server = serving("/ticks", 200, &body, "text/event-stream").await;
    let mut task = items_task(&server.uri(), "watchTicksStream");
    task["client"] = json!({"maxBodyBytes": 1024});
    let result = drive(client, task).await;
    assert_eq!(result["ok"], false);
    assert_eq!(result["error"]["name"], "BodyTooLargeError", "{result}");
}

#[tokio::test]
async fn json_lines_decode_one_by_one_a_bad_line_is_an_error_item_and_the_last_needs_no_newline() {
    let client = client_or_skip!();
    let server = serving("/ticks.ndjson", 200, "{\"n\":1}\r\n\n{\"n\":\n{\"n\":3}", "application/x-ndjson").await;
    let result = drive(client, items_task(&server.uri(), "exportTicksStream")).await;
    let items = result["items"].as_array().expect("items");
    assert_eq!(items.len(), 3, "{result}");
    assert_eq!(items[0]["value"], json!({"n": 1}));
    assert_eq!((&items[1]["error"]["name"], &items[1]["error"]["raw"]), (&json!("DecodeError"), &json!("{\"n\":")));
    assert_eq!(items[2]["value"], json!({"n": 3}));
}

#[tokio::test]
async fn a_call_that_answers_json_or_events_by_request_gets_both() {
    let client = client_or_skip!();
    let server = MockServer::start().await;
    Mock::given(path("/chat"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw("data: {\"text\": \"Hel\"}\n\ndata: {\"text\": \"lo\"}\n\n", "text/event-stream"),
        )
        .mount(&server)
        .await;
    let mut task = items_task(&server.uri(), "chatStream");
    task["options"] = json!({"body": {"prompt": "hi", "stream": true}});
    let result = drive(client, task).await;
    let texts: Vec<_> =
        result["items"].as_array().expect("items").iter().map(|i| i["value"]["data"]["text"].clone()).collect();
    assert_eq!(texts, [json!("Hel"), json!("lo")], "{result}");
    assert_eq!(result["mediaType"], "text/event-stream");
}

/// A server that reads a chunked upload frame by frame and notes each frame's size.
async fn chunk_counting_server() -> (String, Arc<std::sync::Mutex<Vec<usize>>>) {
    let chunk_sizes = Arc::new(std::sync::Mutex::new(Vec::new()));
    let sizes = Arc::clone(&chunk_sizes);
    let base = raw_server(move |mut socket, head_read| {
        let sizes = Arc::clone(&sizes);
        async move {
            if !head_read.to_ascii_lowercase().contains("transfer-encoding: chunked") {
                let _ = socket.write_all(b"HTTP/1.1 411 Length Required\r\nconnection: close\r\n\r\n").await;
                return;
            }
            let mut rest = Vec::new();
            let mut buf = [0u8; 4096];
            loop {
                while let Some(end) = rest.windows(2).position(|w| w == b"\r\n") {
                    let size =
                        usize::from_str_radix(std::str::from_utf8(&rest[..end]).unwrap_or("0").trim(), 16).unwrap_or(0);
                    if rest.len() < end + 2 + size + 2 {
                        break;
                    }
                    rest.drain(..end + 2 + size + 2);
                    if size == 0 {
                        let _ = socket.write_all(b"HTTP/1.1 204 No Content\r\nconnection: close\r\n\r\n").await;
                        return;
                    }
                    sizes.lock().expect("sizes").push(size);
                }
                match socket.read(&mut buf).await {
                    Ok(0) | Err(_) => return,
                    Ok(n) => rest.extend_from_slice(&buf[..n]),
                }
            }
        }
    })
    .await;
    (base, chunk_sizes)
}

#[tokio::test]
async fn an_upload_from_an_async_iterable_reaches_the_server_in_chunks() {
    let client = client_or_skip!();
    let (base, sizes) = chunk_counting_server().await;
    let result =
        drive(client, json!({"base": base, "call": "upload", "as": "iterable", "chunks": [1000, 1000, 1000]})).await;
    assert_eq!(result["status"], 204, "{result}");
    assert_eq!(*sizes.lock().expect("sizes"), [1000, 1000, 1000]);
}

#[tokio::test]
async fn an_upload_from_a_readable_stream_reaches_the_server_in_chunks() {
    let client = client_or_skip!();
    let (base, sizes) = chunk_counting_server().await;
    let result = drive(client, json!({"base": base, "call": "upload", "as": "readable", "chunks": [700, 800]})).await;
    assert_eq!(result["status"], 204, "{result}");
    assert_eq!(*sizes.lock().expect("sizes"), [700, 800]);
}

#[tokio::test]
async fn a_file_upload_sends_the_file_with_its_own_content_type() {
    let client = client_or_skip!();
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/uploads"))
        .and(header("content-type", "audio/wav"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let file = Path::new(env!("CARGO_TARGET_TMPDIR")).join("streaming-typescript-upload.wav");
    std::fs::write(&file, vec![7u8; 256 * 1024]).expect("write the file");
    let task = json!({"base": server.uri(), "call": "upload", "as": "file", "path": file, "type": "audio/wav"});
    let result = drive(client, task).await;
    assert_eq!(result["status"], 204, "{result}");
    let requests = server.received_requests().await.unwrap_or_default();
    assert_eq!(requests[0].body, vec![7u8; 256 * 1024]);
}

/// A part of a `multipart/form-data` body: name, filename, content type and body.
type FormPartSeen = (String, Option<String>, Option<String>, Vec<u8>);

/// The parts of a `multipart/form-data` body, in order.
fn form_parts(content_type: &str, body: &[u8]) -> Vec<FormPartSeen> {
    multipart::parts(content_type, body)
        .into_iter()
        .map(|p| {
            let name = p.disposition("name").expect("a name");
            (name, p.disposition("filename"), p.header("content-type").map(str::to_string), p.body)
        })
        .collect()
}

fn part(name: &str, file: Option<&str>, content_type: Option<&str>, body: &[u8]) -> FormPartSeen {
    (name.to_string(), file.map(str::to_string), content_type.map(str::to_string), body.to_vec())
}

async fn greeting_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST")).and(path("/greetings")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    server
}

async fn parts_received(server: &MockServer) -> Vec<FormPartSeen> {
    let requests = server.received_requests().await.expect("recorded");
    let content_type = requests[0].headers.get("content-type").and_then(|v| v.to_str().ok()).expect("a content type");
    assert!(content_type.starts_with("multipart/form-data; boundary="), "{content_type}");
    form_parts(content_type, &requests[0].body)
}

#[tokio::test]
async fn multipart_uploads_carry_per_part_content_types_in_property_order() {
    let client = client_or_skip!();
    let server = greeting_server().await;
    let fields = json!({
        "seconds": 3,
        "attachments": [{"blob": "PNG", "type": "image/png"}, {"bytes": [1, 2]}],
        "tags": ["office", "dutch"],
        "meta": {"language": "nl"},
        "caption": "Hi there",
        "audio": {"chunks": ["RIFF", "WAVE"], "fileName": "hello.wav"},
        "name": "hello",
    });
    let result = drive(client, json!({"base": server.uri(), "call": "form", "fields": fields})).await;
    assert_eq!(result["status"], 204, "{result}");
    assert_eq!(
        parts_received(&server).await,
        [
            part("name", None, None, b"hello"),
            // The encoding's first concrete type of `audio/wav, audio/mpeg`; streamed from its chunks.
            part("audio", Some("hello.wav"), Some("audio/wav"), b"RIFFWAVE"),
            part("caption", None, Some("text/plain; charset=utf-8"), b"Hi there"),
            part("meta", None, Some("application/json"), br#"{"language":"nl"}"#),
            part("tags", None, None, b"office"),
            part("tags", None, None, b"dutch"),
            // `image/*` names no type to send: the file's own, else octet-stream; named after the field.
            part("attachments", Some("attachments"), Some("image/png"), b"PNG"),
            part("attachments", Some("attachments"), Some("application/octet-stream"), &[1, 2]),
            part("seconds", None, None, b"3"),
        ]
    );
}

#[tokio::test]
async fn a_multipart_file_sends_its_own_name_and_type_and_absent_parts_are_left_out() {
    let client = client_or_skip!();
    let server = greeting_server().await;
    let fields = json!({"name": "hi", "audio": {"file": "ID3", "name": "hi.mp3", "type": "audio/mpeg"}});
    let result = drive(client, json!({"base": server.uri(), "call": "form", "fields": fields})).await;
    assert_eq!(result["status"], 204, "{result}");
    assert_eq!(
        parts_received(&server).await,
        [part("name", None, None, b"hi"), part("audio", Some("hi.mp3"), Some("audio/mpeg"), b"ID3")]
    );
}

#[tokio::test]
async fn json_text_sequences_split_on_the_record_separator() {
    let client = client_or_skip!();
    let body = "\u{1e}{\"n\":1}\n\u{1e}{\"n\":\n2}\n\u{1e}oops\n\u{1e}{\"n\":3}";
    let server = serving("/ticks.json-seq", 200, body, "application/json-seq").await;
    let result = drive(client, items_task(&server.uri(), "exportTickRecordsStream")).await;
    let items = result["items"].as_array().expect("items");
    assert_eq!(items.len(), 4, "{result}");
    assert_eq!(
        (&items[0]["value"], &items[1]["value"], &items[3]["value"]),
        (&json!({"n": 1}), &json!({"n": 2}), &json!({"n": 3}))
    );
    // The error keeps the record's bytes as they came, its line break included.
    assert_eq!(items[2]["error"]["name"], "DecodeError", "{result}");
    assert_eq!(items[2]["error"]["raw"].as_str().map(str::trim), Some("oops"), "{result}");
}
