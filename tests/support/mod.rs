//! Shared by the contract tests of every client (Rust, TypeScript, Python): a Prism mock
//! server serving one API of `schemas/`, and the scenarios every client must pass.

// Each test crate uses its own part of this module.
#![allow(dead_code)]

use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use switchboard_generator::ir::{Payload, Status};
use switchboard_generator::{load_api, Options};

/// A Prism mock server on 127.0.0.1, stopped when dropped.
pub struct Prism {
    child: Child,
    pub url: String,
}

impl Prism {
    pub fn serve(api: &str) -> Prism {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let bin = root.join("tests/contract/node_modules/.bin/prism");
        assert!(
            bin.exists(),
            "Prism is not installed: run `npm ci --prefix tests/contract` (the README's test command does)"
        );
        let port =
            TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).and_then(|l| l.local_addr()).expect("a free port").port();
        let spec = root.join("schemas").join(api).join("openapi.yaml");
        let child = Command::new(bin)
            .args(["mock", "--host", "127.0.0.1", "--port", &port.to_string()])
            .arg(&spec)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("Prism starts");
        let prism = Prism { child, url: format!("http://127.0.0.1:{port}") };
        let started = Instant::now();
        let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
        while TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_err() {
            assert!(started.elapsed() < Duration::from_secs(60), "Prism did not listen on {addr} within a minute");
            std::thread::sleep(Duration::from_millis(100));
        }
        prism
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One scenario: an operation asked (with `Prefer: code=`) for one documented status and media type.
#[derive(Debug, Clone)]
pub struct Scenario {
    pub operation: String,
    pub status: u16,
    pub media_type: Option<String>,
}

/// Every (operation, documented status, documented media type) of an API, from its schemas.
pub fn scenarios(api: &str) -> Vec<Scenario> {
    let dir: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas").join(api);
    let (ir, _) = load_api(&dir, api, Options::default()).result.unwrap_or_else(|d| panic!("{d}"));
    let mut out = Vec::new();
    for op in &ir.operations {
        for response in &op.responses {
            let Status::Code(status) = response.status else { continue };
            let media: Vec<Option<String>> = if response.contents.is_empty() {
                vec![None]
            } else {
                response
                    .contents
                    .iter()
                    .filter(|c| !matches!(c.payload, Payload::Multipart(_)))
                    .map(|c| Some(c.media_type.clone()))
                    .collect()
            };
            for media_type in media {
                out.push(Scenario { operation: op.id.clone(), status, media_type });
            }
        }
    }
    assert!(!out.is_empty(), "{api} documents no responses");
    out
}

impl Scenario {
    /// Whether the client should return the body (2xx) rather than a documented error.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}
