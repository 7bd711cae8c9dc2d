//! Streamed bodies against servers on 127.0.0.1, in the standalone crate generated from
//! `tests/streaming/openapi.yaml` (scripts/builders.sh generates it and runs these tests).
//!
//! Where a test must control when each byte leaves the server (the first event before the second
//! is written, a silence, a body made up as it is sent), the server is a plain TCP listener
//! written here; elsewhere it is wiremock.

use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use futures_util::StreamExt;
use streaming::runtime::{Error, FilePart, Upload};
use streaming::{types, ChatOkBody, Client, DownloadRecordingError, UploadGreetingForm};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const MIB: usize = 1024 * 1024;

fn client(base_url: &str) -> Client {
    Client::builder(base_url).build().expect("client")
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

/// The resident memory of this process, in bytes (Linux).
fn resident_bytes() -> usize {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).expect("VmRSS");
    let kib: usize = line.split_whitespace().nth(1).and_then(|n| n.parse().ok()).expect("a number");
    kib * 1024
}

#[tokio::test]
async fn a_100_mib_download_streams_with_bounded_memory() {
    let total = 100 * MIB;
    let base = raw_server(move |mut socket, _| async move {
        let head = format!("HTTP/1.1 200 OK\r\ncontent-type: audio/mpeg\r\ncontent-length: {total}\r\n\r\n");
        let _ = socket.write_all(head.as_bytes()).await;
        // One 64 KiB block, written again and again: the server holds no copy of the body.
        let block = vec![0x5au8; 64 * 1024];
        for _ in 0..total / block.len() {
            if socket.write_all(&block).await.is_err() {
                return;
            }
        }
    })
    .await;
    let before = resident_bytes();
    let mut peak = before;
    let answer = client(&base).download_recording("r1").send_streaming().await.expect("the head");
    assert_eq!(answer.status(), 200);
    let mut audio = answer.into_body();
    assert_eq!(audio.content_type(), Some("audio/mpeg"));
    assert_eq!(audio.content_length(), Some(total as u64));
    let mut received = 0;
    while let Some(chunk) = audio.next_chunk().await {
        let chunk = chunk.expect("a chunk");
        assert!(chunk.iter().all(|&b| b == 0x5a));
        received += chunk.len();
        peak = peak.max(resident_bytes());
    }
    assert_eq!(received, total);
    let growth = peak.saturating_sub(before);
    assert!(growth < 24 * MIB, "memory grew by {} MiB while streaming 100 MiB", growth / MIB);
}

#[tokio::test]
async fn a_streamed_download_is_not_held_to_the_body_limit_that_send_applies() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/recordings/r1"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(vec![1u8; 64 * 1024], "audio/mpeg"))
        .mount(&server)
        .await;
    let client = Client::builder(server.uri()).max_body_bytes(1024).build().expect("client");
    let whole = client.download_recording("r1").send().await;
    assert!(matches!(whole, Err(Error::BodyTooLarge { limit: 1024, .. })), "{whole:?}");
    let streamed = client.download_recording("r1").send_streaming().await.expect("streamed");
    assert_eq!(streamed.into_body().read_all(usize::MAX).await.expect("body").len(), 64 * 1024);
}

#[tokio::test]
async fn a_documented_error_of_a_streamed_download_is_decoded() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404).set_body_json(serde_json::json!({"message": "no such recording"})))
        .mount(&server)
        .await;
    let outcome = client(&server.uri()).download_recording("r9").send_streaming().await;
    match outcome {
        Err(Error::Api { status: 404, body: DownloadRecordingError::NotFound(problem), .. }) => {
            assert_eq!(problem.message, "no such recording")
        }
        other => panic!("expected the documented 404, got {other:?}"),
    }
}

#[tokio::test]
async fn a_streamed_download_is_retried_before_its_first_byte() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(503)).up_to_n_times(1).mount(&server).await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(b"audio".to_vec(), "audio/mpeg"))
        .mount(&server)
        .await;
    let policy = streaming::runtime::RetryPolicy { initial_delay: Duration::from_millis(1), ..Default::default() };
    let client = Client::builder(server.uri()).retry_policy(policy).build().expect("client");
    let answer = client.download_recording("r1").send_streaming().await.expect("the retry's answer");
    assert_eq!(answer.into_body().read_all(1024).await.expect("body"), b"audio");
    assert_eq!(server.received_requests().await.expect("recorded").len(), 2);
}

#[tokio::test]
async fn a_download_that_goes_silent_fails_with_a_timeout_between_chunks() {
    let base = raw_server(|mut socket, _| async move {
        let _ = socket.write_all(head("audio/mpeg").as_bytes()).await;
        let _ = socket.write_all(b"first bytes").await;
        tokio::time::sleep(Duration::from_secs(30)).await;
    })
    .await;
    let answer = client(&base)
        .download_recording("r1")
        .timeout(Duration::from_millis(300))
        .send_streaming()
        .await
        .expect("the head came in time");
    let mut audio = answer.into_body();
    assert_eq!(&audio.next_chunk().await.expect("a chunk").expect("bytes")[..], b"first bytes");
    match audio.next_chunk().await {
        Some(Err(Error::Timeout { limit })) => assert_eq!(limit, Duration::from_millis(300)),
        other => panic!("expected a timeout, got {other:?}"),
    }
    assert!(audio.next_chunk().await.is_none(), "the stream ends after its error");
}

#[tokio::test]
async fn the_first_event_arrives_before_the_server_sends_the_second() {
    let (first_seen, wait_for_it) = tokio::sync::mpsc::channel::<()>(1);
    let wait_for_it = Arc::new(tokio::sync::Mutex::new(wait_for_it));
    let base = raw_server(move |mut socket, _| {
        let wait_for_it = Arc::clone(&wait_for_it);
        async move {
            let _ = socket.write_all(head("text/event-stream").as_bytes()).await;
            let _ = socket.write_all(b"data: {\"n\": 1}\n\n").await;
            // The second event is written only once the client has the first.
            let _ = wait_for_it.lock().await.recv().await;
            let _ = socket.write_all(b"data: {\"n\": 2}\n\ndata: [DONE]\n\n").await;
        }
    })
    .await;
    let mut ticks = client(&base).watch_ticks().await.expect("the head").into_body();
    let first = tokio::time::timeout(Duration::from_secs(10), ticks.next_event())
        .await
        .expect("the first event came while the server waited")
        .expect("an event")
        .expect("a tick");
    assert_eq!(first.data.n, 1);
    first_seen.send(()).await.expect("the server waits");
    assert_eq!(ticks.next_event().await.expect("an event").expect("a tick").data.n, 2);
    assert!(ticks.next_event().await.is_none(), "`[DONE]` ends the stream");
}

#[tokio::test]
async fn keep_alive_comments_are_skipped_and_a_malformed_event_is_an_error_item_followed_by_the_next() {
    let body = ": keep-alive\n\nevent: tick\nid: 1\ndata: {\"n\": 1}\n\n:\n\ndata: {\"n\": \"one\"}\n\nid: 3\nretry: 250\ndata: {\"n\": 3}\n\n";
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/ticks"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "text/event-stream"))
        .mount(&server)
        .await;
    let items: Vec<_> = client(&server.uri()).watch_ticks().await.expect("head").into_body().collect().await;
    assert_eq!(items.len(), 3, "{items:?}");
    let first = items[0].as_ref().expect("a tick");
    assert_eq!((first.event.as_deref(), first.id.as_deref(), first.data.n), (Some("tick"), Some("1"), 1));
    match &items[1] {
        Err(Error::Decode { response, .. }) => assert_eq!(response.body, br#"{"n": "one"}"#),
        other => panic!("expected a decode error item, got {other:?}"),
    }
    let third = items[2].as_ref().expect("a tick after the bad one");
    assert_eq!((third.id.as_deref(), third.retry, third.data.n), (Some("3"), Some(Duration::from_millis(250)), 3));
}

#[tokio::test]
async fn the_done_sentinel_ends_the_stream_even_when_the_server_sends_more() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("data: {\"n\":1}\n\ndata: [DONE]\n\ndata: {\"n\":2}\n\n", "text/event-stream"))
        .mount(&server)
        .await;
    let ticks: Vec<_> = client(&server.uri()).watch_ticks().await.expect("head").into_body().collect().await;
    assert_eq!(ticks.len(), 1);
}

#[tokio::test]
async fn events_whose_schema_is_a_string_carry_their_text() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/log"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("data: line one\ndata: line two\n\ndata: {not json}\n\n", "text/event-stream"))
        .mount(&server)
        .await;
    let lines: Vec<String> = client(&server.uri())
        .tail_log()
        .await
        .expect("head")
        .into_body()
        .map(|event| event.expect("text always decodes").data)
        .collect()
        .await;
    assert_eq!(lines, ["line one\nline two", "{not json}"]);
}

#[tokio::test]
async fn an_event_stream_reconnects_with_the_last_event_id_when_asked_and_only_as_often_as_asked() {
    let connections = Arc::new(AtomicUsize::new(0));
    let heads = Arc::new(std::sync::Mutex::new(Vec::new()));
    let (c, h) = (Arc::clone(&connections), Arc::clone(&heads));
    let base = raw_server(move |mut socket, head_read| {
        let n = c.fetch_add(1, Ordering::SeqCst) + 1;
        h.lock().expect("heads").push(head_read);
        async move {
            let _ = socket.write_all(head("text/event-stream").as_bytes()).await;
            // Each connection sends one event and closes.
            let event = format!("retry: 10\nid: {n}\ndata: {{\"n\": {n}}}\n\n");
            let _ = socket.write_all(event.as_bytes()).await;
        }
    })
    .await;
    let ticks: Vec<i64> = client(&base)
        .watch_ticks()
        .reconnects(2)
        .await
        .expect("head")
        .into_body()
        .map(|tick| tick.expect("a tick").data.n)
        .collect()
        .await;
    assert_eq!(ticks, [1, 2, 3], "the first connection and two reconnections");
    assert_eq!(connections.load(Ordering::SeqCst), 3);
    let heads = heads.lock().expect("heads");
    assert!(!heads[0].to_ascii_lowercase().contains("last-event-id"));
    assert!(heads[1].to_ascii_lowercase().contains("last-event-id: 1\r\n"), "{}", heads[1]);
    assert!(heads[2].to_ascii_lowercase().contains("last-event-id: 2\r\n"), "{}", heads[2]);
}

#[tokio::test]
async fn without_reconnects_an_event_stream_ends_with_its_connection() {
    let connections = Arc::new(AtomicUsize::new(0));
    let c = Arc::clone(&connections);
    let base = raw_server(move |mut socket, _| {
        c.fetch_add(1, Ordering::SeqCst);
        async move {
            let _ = socket.write_all(head("text/event-stream").as_bytes()).await;
            let _ = socket.write_all(b"retry: 10\ndata: {\"n\": 1}\n\n").await;
        }
    })
    .await;
    let ticks: Vec<_> = client(&base).watch_ticks().await.expect("head").into_body().collect().await;
    assert_eq!(ticks.len(), 1);
    assert_eq!(connections.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn an_event_larger_than_the_body_limit_ends_the_stream_with_body_too_large() {
    let server = MockServer::start().await;
    let huge = format!("data: {{\"n\": 1, \"note\": \"{}\"}}\n\n", "x".repeat(4096));
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_raw(huge, "text/event-stream")).mount(&server).await;
    let client = Client::builder(server.uri()).max_body_bytes(1024).build().expect("client");
    let items: Vec<_> = client.watch_ticks().await.expect("head").into_body().collect().await;
    assert!(matches!(items.as_slice(), [Err(Error::BodyTooLarge { limit: 1024, .. })]), "{items:?}");
}

#[tokio::test]
async fn json_lines_decode_one_by_one_as_they_arrive() {
    let (first_seen, wait_for_it) = tokio::sync::mpsc::channel::<()>(1);
    let wait_for_it = Arc::new(tokio::sync::Mutex::new(wait_for_it));
    let base = raw_server(move |mut socket, _| {
        let wait_for_it = Arc::clone(&wait_for_it);
        async move {
            let _ = socket.write_all(head("application/x-ndjson").as_bytes()).await;
            let _ = socket.write_all(b"{\"n\": 1}\n{\"n\": ").await;
            let _ = wait_for_it.lock().await.recv().await;
            let _ = socket.write_all(b"2}\r\n\nnot json\n{\"n\": 3}").await;
        }
    })
    .await;
    let mut lines = client(&base).export_ticks().await.expect("head").into_body();
    let first = tokio::time::timeout(Duration::from_secs(10), lines.next_item())
        .await
        .expect("the first line came while the server waited");
    assert_eq!(first.expect("an item").expect("a tick").n, 1);
    first_seen.send(()).await.expect("the server waits");
    let rest: Vec<_> = lines.collect().await;
    assert_eq!(rest.len(), 3, "{rest:?}");
    assert_eq!(rest[0].as_ref().expect("a tick split across chunks").n, 2);
    assert!(matches!(&rest[1], Err(Error::Decode { response, .. }) if response.body == b"not json"));
    assert_eq!(rest[2].as_ref().expect("a last line without a newline").n, 3);
}

#[tokio::test]
async fn a_call_that_answers_json_or_events_by_request_gets_both_through_its_body_enum() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(wiremock::matchers::body_partial_json(serde_json::json!({"stream": true})))
        .respond_with(ResponseTemplate::new(200).set_body_raw("data: {\"text\": \"Hel\"}\n\ndata: {\"text\": \"lo\"}\n\n", "text/event-stream"))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"text": "Hello"})))
        .mount(&server)
        .await;
    let client = client(&server.uri());
    let mut whole = types::ChatRequest::new("hi");
    match client.chat(&whole).await.expect("json").into_body() {
        ChatOkBody::Json(chat) => assert_eq!(chat.text, "Hello"),
        other => panic!("expected JSON, got {other:?}"),
    }
    whole.stream = Some(true);
    match client.chat(&whole).await.expect("events").into_body() {
        ChatOkBody::EventStream(events) => {
            let parts: Vec<String> = events.map(|e| e.expect("a part").data.text).collect().await;
            assert_eq!(parts.concat(), "Hello");
        }
        other => panic!("expected events, got {other:?}"),
    }
}

#[tokio::test]
async fn a_streamed_upload_reaches_the_server_in_chunks() {
    let chunk_sizes = Arc::new(std::sync::Mutex::new(Vec::new()));
    let sizes = Arc::clone(&chunk_sizes);
    let base = raw_server(move |mut socket, head_read| {
        let sizes = Arc::clone(&sizes);
        async move {
            assert!(head_read.to_ascii_lowercase().contains("transfer-encoding: chunked"), "{head_read}");
            // Reads the chunked body frame by frame, noting each frame's size as it comes.
            let mut rest = Vec::new();
            let mut buf = [0u8; 4096];
            loop {
                while let Some(end) = rest.windows(2).position(|w| w == b"\r\n") {
                    let size = usize::from_str_radix(std::str::from_utf8(&rest[..end]).unwrap_or("0").trim(), 16).unwrap_or(0);
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
    let parts = futures_util::stream::iter(0..3u8).then(|i| async move {
        tokio::time::sleep(Duration::from_millis(50)).await;
        Ok::<_, std::io::Error>(vec![i; 1000])
    });
    let upload = Upload::stream(parts).with_content_type("audio/mpeg");
    let answer = client(&base).upload_recording(upload).await.expect("stored");
    assert_eq!(answer.status(), 204);
    assert_eq!(*chunk_sizes.lock().expect("sizes"), [1000, 1000, 1000]);
}

/// A part of a `multipart/form-data` body: name, filename, content type and body.
type FormPartSeen = (String, Option<String>, Option<String>, Vec<u8>);

/// The parts of a `multipart/form-data` body, in order.
fn form_parts(content_type: &str, body: &[u8]) -> Vec<FormPartSeen> {
    let boundary = content_type.split("boundary=").nth(1).expect("a boundary").trim_matches('"');
    let delimiter = format!("--{boundary}");
    let text = body.to_vec();
    let mut out = Vec::new();
    let mut rest = &text[..];
    while let Some(start) = find(rest, delimiter.as_bytes()) {
        rest = &rest[start + delimiter.len()..];
        if rest.starts_with(b"--") {
            break;
        }
        let rest_part = rest.strip_prefix(b"\r\n").expect("CRLF after a delimiter");
        let head_end = find(rest_part, b"\r\n\r\n").expect("a part's head");
        let head = String::from_utf8_lossy(&rest_part[..head_end]).to_string();
        let after = &rest_part[head_end + 4..];
        let end = find(after, format!("\r\n{delimiter}").as_bytes()).expect("the next delimiter");
        let header = |name: &str| {
            head.split("\r\n")
                .find_map(|line| line.split_once(':').filter(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.trim().to_string()))
        };
        let disposition = header("content-disposition").expect("a disposition");
        let param = |key: &str| {
            disposition.split(';').map(str::trim).find_map(|p| p.strip_prefix(&format!("{key}=\"")).map(|v| v.trim_end_matches('"').to_string()))
        };
        out.push((param("name").expect("a name"), param("filename"), header("content-type"), after[..end].to_vec()));
        rest = &after[end + 2..];
    }
    out
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[tokio::test]
async fn multipart_uploads_carry_per_part_content_types() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).and(path("/greetings")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let chunks = futures_util::stream::iter([b"RIFF".to_vec(), b"WAVE".to_vec()].map(Ok::<_, std::io::Error>));
    let mut form = UploadGreetingForm::new("hello".into(), FilePart::new(Upload::stream(chunks)).file_name("hello.wav"));
    form.caption = Some("Hi there".into());
    form.meta = Some(types::GreetingMeta::new("nl"));
    form.tags = vec!["office".into(), "dutch".into()];
    form.attachments = vec![FilePart::new(&b"PNG"[..]).content_type("image/png"), FilePart::new(vec![1u8, 2])];
    form.seconds = Some(3);

    client(&server.uri()).upload_greeting(form).await.expect("stored");

    let requests = server.received_requests().await.expect("recorded");
    let content_type = requests[0].headers.get("content-type").and_then(|v| v.to_str().ok()).expect("a content type");
    assert!(content_type.starts_with("multipart/form-data; boundary="), "{content_type}");
    let part = |name: &str, file: Option<&str>, ct: Option<&str>, body: &[u8]| {
        (name.to_string(), file.map(str::to_string), ct.map(str::to_string), body.to_vec())
    };
    assert_eq!(
        form_parts(content_type, &requests[0].body),
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

/// A wiremock server on a runtime of its own, so the test thread is free to block.
fn blocking_server(route: &str, body: Vec<u8>, content_type: &str) -> (tokio::runtime::Runtime, MockServer) {
    let runtime = tokio::runtime::Runtime::new().expect("a runtime for the server");
    let server = runtime.block_on(async {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path(route))
            .respond_with(ResponseTemplate::new(200).set_body_raw(body, content_type))
            .mount(&server)
            .await;
        server
    });
    (runtime, server)
}

#[test]
fn a_blocking_client_reads_a_streamed_download_as_an_io_read() {
    let audio: Vec<u8> = (0..3 * MIB).map(|i| (i % 251) as u8).collect();
    let (_runtime, server) = blocking_server("/recordings/r1", audio.clone(), "audio/mpeg");
    let client = streaming::blocking::Client::builder(server.uri()).build().expect("client");

    let download = client.download_recording("r1").send_streaming().expect("the head");

    assert_eq!(download.status(), 200);
    assert_eq!(download.body().get_ref().content_type(), Some("audio/mpeg"));
    let mut copy = Vec::new();
    std::io::copy(&mut download.into_body(), &mut copy).expect("the bytes");
    assert!(copy == audio, "{} bytes read of {}", copy.len(), audio.len());
}

#[test]
fn a_blocking_client_iterates_server_sent_events() {
    let body = b"data: {\"n\": 1}\n\n: keep-alive\n\ndata: {\"n\": 2}\n\ndata: [DONE]\n\n".to_vec();
    let (_runtime, server) = blocking_server("/ticks", body, "text/event-stream");
    let client = streaming::blocking::Client::builder(server.uri()).build().expect("client");

    let ticks = client.watch_ticks().send().expect("the head").into_body();
    let ticks: Vec<i64> = client.blocking_iter(ticks).map(|tick| tick.expect("a tick").data.n).collect();

    assert_eq!(ticks, [1, 2]);
}

#[tokio::test]
async fn json_text_sequences_split_on_the_record_separator() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/ticks.json-seq"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("\u{1e}{\"n\":1}\n\u{1e}{\"n\":\n2}\n\u{1e}oops\n\u{1e}{\"n\":3}", "application/json-seq"))
        .mount(&server)
        .await;
    let records: Vec<_> = client(&server.uri()).export_tick_records().await.expect("head").into_body().collect().await;
    let ns: Vec<Option<i64>> = records.iter().map(|r| r.as_ref().ok().map(|t| t.n)).collect();
    // A record may hold a line break; a record that is not JSON is an error item and the next one follows.
    assert_eq!(ns, [Some(1), Some(2), None, Some(3)]);
}
