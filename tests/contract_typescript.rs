//! Contract tests of the generated TypeScript clients against Prism (the twin of
//! `tests/contract.rs`). For each API of `schemas/`, the TypeScript package is generated into
//! the test's temporary directory, compiled to JavaScript with the pinned tsc, and driven by
//! `tests/contract/typescript/<api>.mjs` (Node) through every scenario of
//! `support::scenarios`: each call asks Prism (`Prefer: code=`, `Accept:`) for one documented
//! status and media type, and must come back as the documented success or throw the documented
//! `ApiError`, decoded as that media type, with no Prism violation on the request.
//!
//! Pinned tools: `bash scripts/tools.sh` installs Prism and TypeScript into
//! `tests/contract/node_modules`.

mod support;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use support::{scenarios, Prism, Scenario};
use switchboard_generator::{load_api, targets::typescript, Options};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Generates and compiles the TypeScript client of `api`; returns its compiled `index.js`.
fn compile_client(api: &str) -> PathBuf {
    let (ir, _) =
        load_api(&repo().join("schemas").join(api), api, Options::default()).result.unwrap_or_else(|d| panic!("{d}"));
    let files = typescript::generate(&ir, &format!("{api}-client")).expect("the TypeScript target emits");
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("contract-typescript").join(api);
    let _ = std::fs::remove_dir_all(&dir);
    for file in &files {
        let path = dir.join(&file.path);
        std::fs::create_dir_all(path.parent().expect("files sit in a folder")).expect("create the package folder");
        std::fs::write(&path, &file.contents).expect("write a generated file");
    }
    let tsc = repo().join("tests/contract/node_modules/.bin/tsc");
    assert!(tsc.exists(), "TypeScript is not installed: run `bash scripts/tools.sh`");
    let output = Command::new(&tsc).arg("-p").arg(&dir).arg("--pretty").arg("false").output().expect("tsc runs");
    assert!(
        output.status.success(),
        "tsc failed on the {api} client:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    dir.join("dist/index.js")
}

/// What the driver reports for one scenario.
#[derive(Debug, PartialEq)]
enum Outcome {
    Success(u16),
    DocumentedError(u16),
    Failed(String),
}

fn run_driver(api: &str, client: &Path, url: &str, all: &[Scenario]) -> Vec<Outcome> {
    let input: Vec<serde_json::Value> = all
        .iter()
        .map(|s| serde_json::json!({"operation": s.operation, "status": s.status, "mediaType": s.media_type}))
        .collect();
    let driver = repo().join("tests/contract/typescript").join(format!("{api}.mjs"));
    let mut child = Command::new("node")
        .arg(&driver)
        .arg(client)
        .arg(url)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node runs (Node.js 18 or later is needed)");
    child
        .stdin
        .take()
        .expect("a piped stdin")
        .write_all(serde_json::Value::Array(input).to_string().as_bytes())
        .expect("send the scenarios");
    let output = child.wait_with_output().expect("the driver finishes");
    assert!(output.status.success(), "the {api} driver failed:\n{}", String::from_utf8_lossy(&output.stderr));
    let results: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).expect("the driver prints JSON");
    assert_eq!(results.len(), all.len(), "one result per scenario");
    results
        .iter()
        .map(|r| {
            let status = r["status"].as_u64().and_then(|s| u16::try_from(s).ok()).unwrap_or(0);
            match r["kind"].as_str() {
                Some("success") => Outcome::Success(status),
                Some("error") => Outcome::DocumentedError(status),
                _ => Outcome::Failed(r["detail"].as_str().unwrap_or("no detail").to_string()),
            }
        })
        .collect()
}

/// Runs every scenario of `api` through its TypeScript client and reports each one whose outcome
/// is not the documented one.
fn check_all(api: &str) {
    let client = compile_client(api);
    let prism = Prism::serve(api);
    let all = scenarios(api);
    let outcomes = run_driver(api, &client, &prism.url, &all);
    let mut failures = Vec::new();
    for (scenario, actual) in all.iter().zip(outcomes) {
        let expected = if scenario.is_success() {
            Outcome::Success(scenario.status)
        } else {
            Outcome::DocumentedError(scenario.status)
        };
        if actual != expected {
            failures.push(format!("{scenario:?}: expected {expected:?}, got {actual:?}"));
        }
    }
    assert!(failures.is_empty(), "{} of {} scenarios failed:\n{}", failures.len(), all.len(), failures.join("\n"));
}

#[test]
fn vinix_typescript_requests_are_valid_and_every_documented_answer_decodes() {
    check_all("vinix");
}

#[test]
fn rinkel_typescript_requests_are_valid_and_every_documented_answer_decodes() {
    check_all("rinkel");
}

#[test]
fn commpeak_typescript_requests_are_valid_and_every_documented_answer_decodes() {
    check_all("commpeak");
}
