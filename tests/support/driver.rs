//! Running a TypeScript or Python driver script: the tasks go in as one JSON array on stdin, and
//! the results come back as one JSON array on stdout, one result per task. Shared by the tests
//! that drive the generated TypeScript and Python clients against local servers.

use std::ffi::OsStr;
use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::Value;

/// Runs `program args...` (with `env` set) on `tasks`; its results, one per task. A driver that
/// fails or prints something else fails the test with its stderr.
pub fn run<P, A>(program: P, args: &[A], env: &[(&str, &OsStr)], tasks: &[Value]) -> Vec<Value>
where
    P: AsRef<OsStr>,
    A: AsRef<OsStr>,
{
    let mut command = Command::new(program);
    command.args(args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
    for (k, v) in env {
        command.env(k, v);
    }
    let mut child = command.spawn().expect("the driver starts");
    child
        .stdin
        .take()
        .expect("a piped stdin")
        .write_all(Value::Array(tasks.to_vec()).to_string().as_bytes())
        .expect("send the tasks");
    let output = child.wait_with_output().expect("the driver finishes");
    assert!(output.status.success(), "the driver failed:\n{}", String::from_utf8_lossy(&output.stderr));
    let results: Vec<Value> = serde_json::from_slice(&output.stdout).expect("the driver prints JSON");
    assert_eq!(results.len(), tasks.len(), "one result per task");
    results
}

/// The TypeScript package generated from `input` (a document or API folder, from the
/// repository's root) under the name `package`, written to `dir` and compiled by the pinned tsc
/// (the package's tsconfig is strict, so this is also its type check): its `dist/index.js`.
/// `None`, with a message, when `node` or the tsc of `tests/contract/node_modules` is missing.
// The Python tests share this module and do not call it.
#[allow(dead_code)]
pub fn compiled_typescript(input: &str, api: &str, package: &str, dir: &std::path::Path) -> Option<std::path::PathBuf> {
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let tsc = repo.join("tests/contract/node_modules/.bin/tsc");
    let node_runs = Command::new("node").arg("--version").output().is_ok_and(|o| o.status.success());
    if !tsc.exists() || !node_runs {
        eprintln!("skipping: node or {} is missing (run `bash scripts/tools.sh`)", tsc.display());
        return None;
    }
    let loaded = switchboard_generator::load_api(&repo.join(input), api, switchboard_generator::Options::default());
    let (api, _) = loaded.result.unwrap_or_else(|d| panic!("{d}"));
    let files =
        switchboard_generator::targets::typescript::generate(&api, package).expect("the TypeScript target emits");
    let _ = std::fs::remove_dir_all(dir);
    for file in &files {
        let path = dir.join(&file.path);
        std::fs::create_dir_all(path.parent().expect("files sit in a folder")).expect("create a folder");
        std::fs::write(&path, &file.contents).expect("write a generated file");
    }
    let out = Command::new(&tsc).arg("-p").arg(dir).args(["--pretty", "false"]).output().expect("tsc runs");
    assert!(out.status.success(), "tsc failed:\n{}", String::from_utf8_lossy(&out.stdout));
    Some(dir.join("dist/index.js"))
}
