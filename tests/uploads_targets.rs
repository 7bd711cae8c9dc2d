//! Binary uploads of the generated TypeScript and Python clients against a real server on
//! 127.0.0.1 (wiremock): Vinix's `uploadUserPhoto` sends the bytes as they are, under the
//! documented `application/octet-stream` unless the caller's value names its own type (a
//! TypeScript `Blob` with a type, a Python `File`); Python also takes a file opened `"rb"`.
//! A missing tool skips its language with a message, as in `tests/paging_targets.rs`.

use std::path::{Path, PathBuf};
use std::process::Command;

use switchboard_generator::{load_api, targets, Options};
use wiremock::{matchers::method, Mock, MockServer, ResponseTemplate};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn write_package(files: &[targets::File], dir: &Path) {
    for file in files {
        let path = dir.join(&file.path);
        std::fs::create_dir_all(path.parent().expect("files sit in a folder")).expect("create the package folder");
        std::fs::write(&path, &file.contents).expect("write a generated file");
    }
}

fn vinix() -> switchboard_generator::ir::Api {
    load_api(&repo().join("schemas/vinix"), "vinix", Options::default()).result.unwrap_or_else(|d| panic!("{d}")).0
}

async fn photo_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"data": {}, "status": "success"})))
        .mount(&server)
        .await;
    server
}

/// (path, content type, body) of each request the server received, in order.
async fn received(server: &MockServer) -> Vec<(String, String, Vec<u8>)> {
    let requests = server.received_requests().await.expect("requests are recorded");
    requests
        .into_iter()
        .map(|r| {
            let content_type = r.headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
            (r.url.path().to_string(), content_type, r.body)
        })
        .collect()
}

fn expect_uploads(got: &[(String, String, Vec<u8>)], expected: &[(&str, &str, &[u8])]) {
    let expected: Vec<(String, String, Vec<u8>)> = expected
        .iter()
        .map(|(user, ct, body)| (format!("/accounts/acc/users/{user}/photo"), ct.to_string(), body.to_vec()))
        .collect();
    assert_eq!(got, expected.as_slice());
}

fn run(program: &Path, args: &[&str], env: &[(&str, String)]) {
    let mut command = Command::new(program);
    command.args(args);
    for (k, v) in env {
        command.env(k, v);
    }
    let output = command.output().expect("the script starts");
    assert!(
        output.status.success(),
        "the script failed:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn python_uploads_bytes_a_binary_file_and_a_typed_file() {
    let python = repo().join(".tools/python/bin/python");
    if !python.exists() {
        eprintln!("skipping the Python uploads: {} is missing (run `bash scripts/tools.sh`)", python.display());
        return;
    }
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("uploads-python");
    let _ = std::fs::remove_dir_all(&dir);
    write_package(&targets::python::generate(&vinix(), "switchboard_vinix").expect("the Python target emits"), &dir);
    let server = photo_server().await;
    let script = r#"
import sys, tempfile
import switchboard_vinix as v
with v.Client(sys.argv[1], auth_token="t") as client:
    client.upload_user_photo("acc", "u1", b"\x89PNG")
    with tempfile.TemporaryFile() as f:
        f.write(b"from a file")
        f.seek(0)
        client.upload_user_photo("acc", "u2", f)
    client.upload_user_photo("acc", "u3", v.File(b"jpeg", content_type="image/jpeg"))
"#;
    let (uri, env) = (server.uri(), [("PYTHONPATH", dir.display().to_string())]);
    tokio::task::spawn_blocking(move || run(&python, &["-c", script, &uri], &env)).await.expect("the script thread");
    expect_uploads(
        &received(&server).await,
        &[
            ("u1", "application/octet-stream", b"\x89PNG"),
            ("u2", "application/octet-stream", b"from a file"),
            ("u3", "image/jpeg", b"jpeg"),
        ],
    );
    tokio::task::spawn_blocking(move || drop(server)).await.expect("the server is dropped");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn typescript_uploads_bytes_and_a_typed_blob() {
    let tsc = repo().join("tests/contract/node_modules/.bin/tsc");
    let node_runs = Command::new("node").arg("--version").output().is_ok_and(|o| o.status.success());
    if !tsc.exists() || !node_runs {
        eprintln!(
            "skipping the TypeScript uploads: node or {} is missing (run `bash scripts/tools.sh`)",
            tsc.display()
        );
        return;
    }
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("uploads-typescript");
    let _ = std::fs::remove_dir_all(&dir);
    write_package(&targets::typescript::generate(&vinix(), "vinix-client").expect("the TypeScript target emits"), &dir);
    let output = Command::new(&tsc).arg("-p").arg(&dir).arg("--pretty").arg("false").output().expect("tsc runs");
    assert!(output.status.success(), "tsc failed:\n{}", String::from_utf8_lossy(&output.stdout));
    let server = photo_server().await;
    let client = dir.join("dist/index.js");
    let script = format!(
        r#"
const {{ Client }} = await import({client});
const client = new Client({{ baseUrl: process.argv[1], auth: {{ authToken: "t" }} }});
await client.uploadUserPhoto("acc", "u1", {{ body: new Uint8Array([0x89, 0x50, 0x4e, 0x47]) }});
await client.uploadUserPhoto("acc", "u2", {{ body: new Blob(["jpeg"], {{ type: "image/jpeg" }}) }});
"#,
        client = serde_json::to_string(&format!("file://{}", client.display())).expect("a path is JSON text")
    );
    let uri = server.uri();
    tokio::task::spawn_blocking(move || {
        run(Path::new("node"), &["--input-type=module", "-e", &script, &uri], &[]);
    })
    .await
    .expect("the script thread");
    expect_uploads(
        &received(&server).await,
        &[("u1", "application/octet-stream", b"\x89PNG"), ("u2", "image/jpeg", b"jpeg")],
    );
    tokio::task::spawn_blocking(move || drop(server)).await.expect("the server is dropped");
}
