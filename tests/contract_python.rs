//! Contract tests of the Python target against Prism: for every operation, documented status
//! and media type of `schemas/`, the generated package's sync `Client` and its `AsyncClient`
//! must send a request Prism accepts, and Prism's answer must come back as the typed body (2xx)
//! or as the documented `ApiError` subclass (other statuses).
//!
//! Each API's package is generated into a temporary directory; `tests/contract/python/<api>.py`
//! (hand-written: how to call each operation) runs with the pinned venv's Python
//! (`.tools/python`, installed by `scripts/tools.sh`) and prints one JSON line per scenario and
//! client. The package is named `switchboard_<api>`, so it never shadows the driver `<api>.py`.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use support::{scenarios, Prism};
use switchboard_generator::{load_api, targets, Options};

/// A fresh directory under the system's temp dir, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(label: &str) -> TempDir {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        let dir = std::env::temp_dir().join(format!("switchboard-python-{label}-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a temp dir");
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn generate(api: &str, out: &Path) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (ir, _) =
        load_api(&root.join("schemas").join(api), api, Options::default()).result.unwrap_or_else(|d| panic!("{d}"));
    for file in targets::python::generate(&ir, &format!("switchboard_{api}")).expect("the Python target emits") {
        let path = out.join(&file.path);
        std::fs::create_dir_all(path.parent().expect("files sit in a directory")).expect("create the package dir");
        std::fs::write(&path, &file.contents).expect("write a generated file");
    }
}

fn check(api: &str) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let python = root.join(".tools/python/bin/python");
    assert!(python.exists(), "the pinned Python tools are not installed: run `bash scripts/tools.sh`");
    let dir = TempDir::new(api);
    generate(api, &dir.0);
    let all = scenarios(api);
    let json: Vec<serde_json::Value> = all
        .iter()
        .map(|s| serde_json::json!({"operation": s.operation, "status": s.status, "media_type": s.media_type}))
        .collect();
    let scenarios_file = dir.0.join("scenarios.json");
    std::fs::write(&scenarios_file, serde_json::to_string(&json).expect("scenarios as JSON")).expect("write scenarios");

    let prism = Prism::serve(api);
    let drivers = root.join("tests/contract/python");
    let output = Command::new(&python)
        .arg(drivers.join(format!("{api}.py")))
        .arg(&prism.url)
        .arg(&scenarios_file)
        .env("PYTHONPATH", format!("{}:{}", dir.0.display(), drivers.display()))
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .output()
        .expect("the venv's python runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "the {api} driver failed:\n{stdout}\n{}", String::from_utf8_lossy(&output.stderr));

    let results: Vec<serde_json::Value> =
        stdout.lines().map(|l| serde_json::from_str(l).expect("one JSON object per line")).collect();
    assert_eq!(results.len(), all.len() * 2, "one result per scenario and client:\n{stdout}");
    let mut failures = Vec::new();
    for r in &results {
        let status = r["status"].as_u64().unwrap_or_default();
        let expected = if (200..300).contains(&status) { "success" } else { "documented-error" };
        if r["outcome"] != expected || r["answered"].as_u64() != Some(status) {
            failures.push(format!("expected {expected} {status}, got {r}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} {api} calls failed:\n{}",
        failures.len(),
        results.len(),
        failures.join("\n")
    );
}

#[test]
fn vinix_python_requests_are_valid_and_every_documented_answer_decodes() {
    check("vinix");
}

#[test]
fn rinkel_python_requests_are_valid_and_every_documented_answer_decodes() {
    check("rinkel");
}

#[test]
fn commpeak_python_requests_are_valid_and_every_documented_answer_decodes() {
    check("commpeak");
}
