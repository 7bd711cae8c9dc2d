//! Streamed bodies of the generated Python package for tests/streaming/openapi.yaml, sync
//! `Client` and `AsyncClient`, against servers on 127.0.0.1: downloads read as they arrive
//! (peak memory measured by the driver), server-sent events and JSON lines item by item, and
//! uploads streamed from a file or an iterator. The driver is tests/streaming/py_stream_driver.py;
//! a missing `.tools/python` skips with a message, as in `tests/runtime_python.rs`.

#[path = "support/driver.rs"]
mod driver;
#[path = "support/multipart.rs"]
mod multipart;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

use serde_json::{json, Value};
use switchboard_generator::{load_api, targets, Options};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpListener;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const MIB: usize = 1024 * 1024;
const CLIENTS: [&str; 2] = ["sync", "async"];

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn python() -> Option<PathBuf> {
    let python = repo().join(".tools/python/bin/python");
    if python.exists() {
        Some(python)
    } else {
        eprintln!("skipping the Python streaming tests: {} is missing (run `bash scripts/tools.sh`)", python.display());
        None
    }
}

/// The package, generated once into the test binary's own folder.
fn package() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("streaming-python");
        let _ = std::fs::remove_dir_all(&dir);
        let source = repo().join("tests/streaming/openapi.yaml");
        let (ir, _) = load_api(&source, "streaming", Options::default()).result.unwrap_or_else(|d| panic!("{d}"));
        for file in targets::python::generate(&ir, "streaming").expect("the Python target emits") {
            let path = dir.join(&file.path);
            std::fs::create_dir_all(path.parent().expect("a folder")).expect("create the package folder");
            std::fs::write(&path, &file.contents).expect("write a generated file");
        }
        dir
    })
}

async fn drive(python: &Path, tasks: Vec<Value>) -> Vec<Value> {
    let python = python.to_path_buf();
    let dir = package().to_path_buf();
    tokio::task::spawn_blocking(move || {
        let env = [("PYTHONPATH", dir.as_os_str()), ("PYTHONDONTWRITEBYTECODE", OsStr::new("1"))];
        driver::run(&python, &[repo().join("tests/streaming/py_stream_driver.py")], &env, &tasks)
    })
    .await
    .expect("the driver thread")
}

fn task(client: &str, base_url: &str, call: &str) -> Value {
    json!({"client": client, "base_url": base_url, "call": call, "args": [], "kwargs": {}, "stream": true})
}

async fn serve(route: &str, status: u16, body: Vec<u8>, content_type: &str) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(route))
        .respond_with(ResponseTemplate::new(status).set_body_raw(body, content_type))
        .mount(&server)
        .await;
    server
}

#[test]
fn the_streaming_package_type_checks_with_mypy_strict() {
    let Some(python) = python() else { return };
    let output = std::process::Command::new(python)
        .args(["-m", "mypy", "--strict", "--no-incremental", "streaming"])
        .current_dir(package())
        .output()
        .expect("mypy runs");
    assert!(output.status.success(), "mypy --strict:\n{}", String::from_utf8_lossy(&output.stdout));
}

#[tokio::test]
async fn a_100_mib_download_streams_with_bounded_memory() {
    let Some(python) = python() else { return };
    let server = serve("/recordings/r1", 200, vec![7u8; 100 * MIB], "audio/mpeg").await;
    for client in CLIENTS {
        let mut t = task(client, &server.uri(), "download_recording_stream");
        t["args"] = json!(["r1"]);
        let result = drive(&python, vec![t]).await.remove(0);
        assert_eq!(result["bytes"], json!(100 * MIB), "{client}: {result}");
        let grown_kib = result["hwm_after"].as_u64().expect("hwm") - result["hwm_before"].as_u64().expect("hwm");
        assert!(grown_kib < 20 * 1024, "{client}: peak memory grew {grown_kib} KiB reading 100 MiB");
    }
}

#[tokio::test]
async fn a_documented_error_of_a_streamed_download_is_raised_typed() {
    let Some(python) = python() else { return };
    let server =
        serve("/recordings/gone", 404, br#"{"message":"no such recording"}"#.to_vec(), "application/json").await;
    for client in CLIENTS {
        let mut t = task(client, &server.uri(), "download_recording_stream");
        t["args"] = json!(["gone"]);
        let result = drive(&python, vec![t]).await.remove(0);
        let raised = result["raised"].as_array().expect("an error");
        assert!(raised.contains(&json!("DownloadRecordingNotFound")), "{client}: {result}");
        assert_eq!(result["status"], 404);
    }
}

#[tokio::test]
async fn the_first_event_arrives_before_the_server_sends_the_second() {
    let Some(python) = python() else { return };
    for client in CLIENTS {
        let stream = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let signal = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let base = format!("http://{}", stream.local_addr().expect("address"));
        let signal_at = signal.local_addr().expect("address").to_string();
        let server = tokio::spawn(async move {
            let (mut socket, _) = stream.accept().await.expect("the client connects");
            let mut head = [0u8; 4096];
            let _ = tokio::io::AsyncReadExt::read(&mut socket, &mut head).await;
            let _ = socket
                .write_all(b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\nconnection: close\r\n\r\ndata: {\"n\": 1}\n\n")
                .await;
            // The second event is written only once the client says it has the first.
            let signalled = tokio::time::timeout(Duration::from_secs(20), signal.accept()).await.is_ok();
            let _ = socket.write_all(b"data: {\"n\": 2}\n\ndata: [DONE]\n\n").await;
            signalled
        });
        let mut t = task(client, &base, "watch_ticks_stream");
        t["signal"] = json!(signal_at);
        let result = drive(&python, vec![t]).await.remove(0);
        assert!(server.await.expect("the server"), "{client}: the client had no event before the second was sent");
        let data: Vec<&Value> = result["items"].as_array().expect("items").iter().map(|i| &i["data"]).collect();
        assert_eq!(data, [&json!({"n": 1}), &json!({"n": 2})], "{client}: {result}");
    }
}

#[tokio::test]
async fn keep_alive_comments_are_skipped_and_a_malformed_event_is_an_error_item_followed_by_the_next() {
    let Some(python) = python() else { return };
    let body = ": keep-alive\n\nevent: tick\nid: 1\ndata: {\"n\": 1}\n\n:\n\ndata: {\"n\": \n\nid: 3\nretry: 250\ndata: {\"n\": 3}\n\n";
    let server = serve("/ticks", 200, body.as_bytes().to_vec(), "text/event-stream").await;
    for client in CLIENTS {
        let result = drive(&python, vec![task(client, &server.uri(), "watch_ticks_stream")]).await.remove(0);
        let items = result["items"].as_array().expect("items");
        assert_eq!(items.len(), 3, "{client}: {result}");
        assert_eq!(items[0], json!({"event": "tick", "id": "1", "retry": null, "data": {"n": 1}}));
        assert_eq!(items[1]["raw"], "{\"n\": ", "{client}: an error item with the data as it came");
        assert_eq!(items[2], json!({"event": null, "id": "3", "retry": 0.25, "data": {"n": 3}}));
    }
}

#[tokio::test]
async fn the_done_sentinel_ends_the_event_stream_and_text_data_stays_text() {
    let Some(python) = python() else { return };
    let ticks =
        serve("/ticks", 200, b"data: {\"n\":1}\n\ndata: [DONE]\n\ndata: {\"n\":2}\n\n".to_vec(), "text/event-stream")
            .await;
    let log =
        serve("/log", 200, b"\xef\xbb\xbfdata: one\r\ndata: two\r\rdata: {\"x\"\n\n".to_vec(), "text/event-stream")
            .await;
    for client in CLIENTS {
        let result = drive(
            &python,
            vec![task(client, &ticks.uri(), "watch_ticks_stream"), task(client, &log.uri(), "tail_log_stream")],
        )
        .await;
        assert_eq!(result[0]["items"].as_array().expect("items").len(), 1, "{client}: {}", result[0]);
        let lines: Vec<&Value> = result[1]["items"].as_array().expect("items").iter().map(|i| &i["data"]).collect();
        assert_eq!(lines, [&json!("one\ntwo"), &json!("{\"x\"")], "{client}: {}", result[1]);
    }
}

#[tokio::test]
async fn json_lines_decode_one_by_one_and_a_bad_line_is_an_error_item() {
    let Some(python) = python() else { return };
    let body = b"{\"n\": 1}\n\n  {\"n\": 2}\r\nnot json\n{\"n\": 3}".to_vec();
    let server = serve("/ticks.ndjson", 200, body, "application/x-ndjson").await;
    for client in CLIENTS {
        let result = drive(&python, vec![task(client, &server.uri(), "export_ticks_stream")]).await.remove(0);
        let items = result["items"].as_array().expect("items");
        assert_eq!(items.len(), 4, "{client}: {result}");
        assert_eq!((&items[0], &items[1], &items[3]), (&json!({"n": 1}), &json!({"n": 2}), &json!({"n": 3})));
        assert_eq!(items[2]["raw"], "not json", "{client}: {result}");
    }
}

#[tokio::test]
async fn an_upload_from_an_iterator_is_sent_chunked_and_from_a_file_with_its_length() {
    let Some(python) = python() else { return };
    let server = MockServer::start().await;
    Mock::given(method("POST")).and(path("/uploads")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let size = 300_000;
    let mut tasks = Vec::new();
    for client in CLIENTS {
        for kind in ["iterator", "file"] {
            let mut t = task(client, &server.uri(), "upload_recording");
            t["stream"] = json!(false);
            t["upload"] = json!({"kind": kind, "size": size, "chunk": 10_000});
            tasks.push(t);
        }
    }
    let mut async_iterator = task("async", &server.uri(), "upload_recording");
    async_iterator["stream"] = json!(false);
    async_iterator["upload"] = json!({"kind": "async-iterator", "size": size, "chunk": 10_000});
    tasks.push(async_iterator);
    let results = drive(&python, tasks).await;
    for result in &results {
        assert_eq!(result["status"], 204, "{result}");
    }
    let requests = server.received_requests().await.expect("recorded");
    let seen: Vec<(Option<String>, Option<String>, usize)> = requests
        .iter()
        .map(|r| {
            let header = |n: &str| r.headers.get(n).and_then(|v| v.to_str().ok()).map(str::to_string);
            (header("transfer-encoding"), header("content-length"), r.body.len())
        })
        .collect();
    let chunked = (Some("chunked".to_string()), None, size);
    let sized = (None, Some(size.to_string()), size);
    assert_eq!(seen, [chunked.clone(), sized.clone(), chunked.clone(), sized, chunked]);
}

#[tokio::test]
async fn multipart_uploads_carry_per_part_content_types_in_property_order() {
    let Some(python) = python() else { return };
    let server = MockServer::start().await;
    Mock::given(method("POST")).and(path("/greetings")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let mut tasks = Vec::new();
    for client in CLIENTS {
        let mut t = task(client, &server.uri(), "upload_greeting");
        t["stream"] = json!(false);
        t["form"] = json!(true);
        tasks.push(t);
    }
    for result in drive(&python, tasks).await {
        assert_eq!(result["status"], 204, "{result}");
    }
    let audio = vec![b'x'; 1000];
    let disposition = |name: &str, file: Option<&str>| match file {
        Some(f) => format!("form-data; name=\"{name}\"; filename=\"{f}\""),
        None => format!("form-data; name=\"{name}\""),
    };
    let expected: Vec<(String, Option<&str>, Vec<u8>)> = vec![
        (disposition("name", None), None, b"hello".to_vec()),
        (disposition("audio", Some("hello.wav")), Some("audio/wav"), audio),
        (disposition("caption", None), Some("text/plain; charset=utf-8"), b"Hi there".to_vec()),
        (disposition("meta", None), Some("application/json"), br#"{"language":"en"}"#.to_vec()),
        (disposition("tags", None), None, b"a".to_vec()),
        (disposition("tags", None), None, b"b".to_vec()),
        (disposition("attachments", Some("a.png")), Some("image/png"), b"PNG".to_vec()),
        (disposition("attachments", Some("attachments")), Some("application/octet-stream"), b"GIF".to_vec()),
        (disposition("seconds", None), None, b"3".to_vec()),
    ];
    let requests = server.received_requests().await.expect("recorded");
    assert_eq!(requests.len(), 2);
    for request in &requests {
        let content_type = request.headers.get("content-type").and_then(|v| v.to_str().ok()).expect("a content type");
        assert!(content_type.starts_with("multipart/form-data; boundary="), "{content_type}");
        let chunked = request.headers.get("transfer-encoding").and_then(|v| v.to_str().ok());
        assert_eq!(chunked, Some("chunked"), "the form is streamed, its length unknown up front");
        let parts = multipart::parts(content_type, &request.body);
        let seen: Vec<(String, Option<&str>, Vec<u8>)> = parts
            .iter()
            .map(|p| {
                (p.header("content-disposition").unwrap_or("").to_string(), p.header("content-type"), p.body.clone())
            })
            .collect();
        assert_eq!(seen, expected);
    }
}

/// A server on 127.0.0.1 that answers its `n`th connection (from 0) with `answers[n]` (written
/// whole, then `pause`, then the connection closed); the request heads it read come back.
async fn raw_server(answers: Vec<Vec<u8>>, pause: Duration) -> (String, tokio::sync::mpsc::UnboundedReceiver<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    let (heads, seen) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(async move {
        for answer in answers {
            let Ok((mut socket, _)) = listener.accept().await else { return };
            let mut head = Vec::new();
            let mut byte = [0u8; 1];
            while !head.ends_with(b"\r\n\r\n") {
                match tokio::io::AsyncReadExt::read(&mut socket, &mut byte).await {
                    Ok(1) => head.push(byte[0]),
                    _ => break,
                }
            }
            let _ = heads.send(String::from_utf8_lossy(&head).to_ascii_lowercase());
            let _ = socket.write_all(&answer).await;
            tokio::time::sleep(pause).await;
        }
    });
    (base, seen)
}

fn event_answer(body: &str) -> Vec<u8> {
    format!("HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\nconnection: close\r\n\r\n{body}").into_bytes()
}

#[tokio::test]
async fn an_event_stream_reconnects_with_the_last_event_id_only_as_often_as_asked() {
    let Some(python) = python() else { return };
    for client in CLIENTS {
        let answers = vec![
            event_answer("id: 7\nretry: 10\ndata: {\"n\": 1}\n\n"),
            event_answer("data: {\"n\": 2}\n\n"),
            event_answer("data: {\"n\": 3}\n\n"),
        ];
        let (base, mut heads) = raw_server(answers, Duration::ZERO).await;
        let mut t = task(client, &base, "watch_ticks_stream");
        t["kwargs"] = json!({"reconnects": 1});
        let result = drive(&python, vec![t]).await.remove(0);
        let data: Vec<&Value> = result["items"].as_array().expect("items").iter().map(|i| &i["data"]).collect();
        assert_eq!(data, [&json!({"n": 1}), &json!({"n": 2})], "{client}: one reconnection: {result}");
        assert!(!heads.recv().await.expect("a first request").contains("last-event-id"));
        assert!(heads.recv().await.expect("a second request").contains("last-event-id: 7\r\n"), "{client}");
        assert!(heads.try_recv().is_err(), "{client}: no third connection");
    }
}

#[tokio::test]
async fn a_download_that_goes_silent_fails_with_a_timeout_between_chunks() {
    let Some(python) = python() else { return };
    for client in CLIENTS {
        let answer = b"HTTP/1.1 200 OK\r\ncontent-type: audio/mpeg\r\ncontent-length: 100\r\n\r\nfirst".to_vec();
        let (base, _heads) = raw_server(vec![answer], Duration::from_secs(10)).await;
        let mut t = task(client, &base, "download_recording_stream");
        t["args"] = json!(["r1"]);
        t["kwargs"] = json!({"timeout": 0.5});
        let result = drive(&python, vec![t]).await.remove(0);
        assert_eq!(result["bytes"], 5, "{client}: the first chunk arrived: {result}");
        assert!(result["raised"].as_array().expect("an error").contains(&json!("Timeout")), "{client}: {result}");
    }
}

#[tokio::test]
async fn a_streamed_download_is_retried_before_its_head_only() {
    let Some(python) = python() else { return };
    for client in CLIENTS {
        let server = MockServer::start().await;
        Mock::given(method("GET")).respond_with(ResponseTemplate::new(503)).up_to_n_times(1).mount(&server).await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_body_raw(vec![1u8; 1000], "audio/mpeg"))
            .mount(&server)
            .await;
        let mut t = task(client, &server.uri(), "download_recording_stream");
        t["args"] = json!(["r1"]);
        let result = drive(&python, vec![t]).await.remove(0);
        assert_eq!(result["bytes"], 1000, "{client}: {result}");
        assert_eq!(server.received_requests().await.expect("recorded").len(), 2, "{client}");
    }
}

#[tokio::test]
async fn an_event_larger_than_the_body_limit_ends_the_stream_with_body_too_large() {
    let Some(python) = python() else { return };
    let body = format!("data: {{\"n\": 1}}\n\ndata: \"{}\"\n\n", "x".repeat(5000));
    let server = serve("/ticks", 200, body.into_bytes(), "text/event-stream").await;
    for client in CLIENTS {
        let mut t = task(client, &server.uri(), "watch_ticks_stream");
        t["options"] = json!({"max_body_bytes": 1000});
        let result = drive(&python, vec![t]).await.remove(0);
        assert_eq!(result["items"].as_array().expect("items").len(), 1, "{client}: {result}");
        assert!(result["raised"].as_array().expect("an error").contains(&json!("BodyTooLarge")), "{client}: {result}");
    }
}

#[tokio::test]
async fn a_stream_of_an_undocumented_media_type_is_a_decode_error_at_its_head() {
    let Some(python) = python() else { return };
    let server =
        serve("/ticks.ndjson", 200, b"\x1e{\"n\": 1}\n\x1e{\"n\":\n 2}\x1e{\"n\": 3}".to_vec(), "application/json-seq")
            .await;
    let mut t = task("sync", &server.uri(), "export_ticks_stream");
    t["options"] = json!({});
    let result = drive(&python, vec![t]).await.remove(0);
    assert!(result["raised"].as_array().expect("an error").contains(&json!("DecodeError")), "{result}");
}

#[tokio::test]
async fn a_204_answer_to_a_reconnection_ends_the_event_stream() {
    let Some(python) = python() else { return };
    for client in CLIENTS {
        let answers = vec![
            event_answer("retry: 10\ndata: {\"n\": 1}\n\n"),
            b"HTTP/1.1 204 No Content\r\nconnection: close\r\n\r\n".to_vec(),
            event_answer("data: {\"n\": 3}\n\n"),
        ];
        let (base, mut heads) = raw_server(answers, Duration::ZERO).await;
        let mut t = task(client, &base, "watch_ticks_stream");
        t["kwargs"] = json!({"reconnects": 5});
        let result = drive(&python, vec![t]).await.remove(0);
        assert_eq!(result["items"].as_array().expect("items").len(), 1, "{client}: {result}");
        assert!(result.get("raised").is_none(), "{client}: the stream ended without an error: {result}");
        heads.recv().await.expect("the first request");
        heads.recv().await.expect("the reconnection");
        assert!(heads.try_recv().is_err(), "{client}: no connection after the 204");
    }
}

#[tokio::test]
async fn json_text_sequences_split_on_the_record_separator() {
    let Some(python) = python() else { return };
    let body = b"\x1e{\"n\":1}\n\x1e{\"n\":\n2}\n\x1eoops\n\x1e{\"n\":3}".to_vec();
    let server = serve("/ticks.json-seq", 200, body, "application/json-seq").await;
    for client in CLIENTS {
        let result = drive(&python, vec![task(client, &server.uri(), "export_tick_records_stream")]).await.remove(0);
        let items = result["items"].as_array().expect("items");
        assert_eq!(items.len(), 4, "{client}: {result}");
        assert_eq!((&items[0], &items[1], &items[3]), (&json!({"n": 1}), &json!({"n": 2}), &json!({"n": 3})));
        assert_eq!(items[2]["raw"], "oops", "{client}: {result}");
    }
}
