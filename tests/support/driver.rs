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
