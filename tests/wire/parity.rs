//! The wire-parity test (run by `scripts/wire.sh` as the integration test of the Rust client of
//! `tests/wire/openapi.yaml`): every scenario of `tests/wire/scenarios.json` is sent by the Rust
//! client, the TypeScript client (`WIRE_TS_CLIENT`, compiled) and the Python client
//! (`WIRE_PYTHON_PATH`) to one recording server on 127.0.0.1. What the server records must be the
//! same for the three, byte for byte where it matters, and match what the scenario expects
//! (docs/wire-format.md); a scenario one target refuses, every target must refuse.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::Command;
use std::sync::{Arc, Mutex};

use serde_json::Value;

/// What the server saw of one request: the parts of it a wire format fixes.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Recorded {
    method: String,
    path: String,
    query: Option<String>,
    /// The headers that carry meaning, by lower-case name; `user-agent` is reduced to its shape
    /// when it is `<package>/<version>` (each target has its own package name).
    headers: BTreeMap<String, String>,
    body: String,
}

/// How a target came out of one scenario.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Outcome {
    Sent(Recorded),
    Refused,
    /// Sent nothing the server recorded, or failed otherwise.
    Failed(String),
}

const HEADERS: &[&str] = &["content-type", "accept", "user-agent", "cookie", "x-trace", "x-ids", "x-flag"];

type Log = Arc<Mutex<BTreeMap<String, Recorded>>>;

fn serve() -> (String, Log) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
    let url = format!("http://{}", listener.local_addr().expect("a local address"));
    let log: Log = Arc::default();
    let shared = log.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let log = shared.clone();
            std::thread::spawn(move || connection(stream, &log));
        }
    });
    (url, log)
}

/// Reads HTTP/1.1 requests off one kept-alive connection, recording each by its
/// `x-wire-scenario` header and answering `204`.
fn connection(stream: TcpStream, log: &Log) {
    let Ok(mut writer) = stream.try_clone() else { return };
    let mut reader = BufReader::new(stream);
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let mut parts = line.trim_end().splitn(3, ' ');
        let method = parts.next().unwrap_or_default().to_owned();
        let target = parts.next().unwrap_or_default().to_owned();
        let mut headers = BTreeMap::new();
        let mut scenario = String::new();
        let mut length = 0usize;
        loop {
            let mut header = String::new();
            if reader.read_line(&mut header).unwrap_or(0) == 0 {
                return;
            }
            let header = header.trim_end_matches(['\r', '\n']);
            if header.is_empty() {
                break;
            }
            let (name, value) = header.split_once(':').unwrap_or((header, ""));
            let (name, value) = (name.to_ascii_lowercase(), value.trim().to_owned());
            match name.as_str() {
                "x-wire-scenario" => scenario = value,
                "content-length" => length = value.parse().unwrap_or(0),
                "user-agent" => {
                    headers.insert(name, agent_shape(&value));
                }
                _ if HEADERS.contains(&name.as_str()) => {
                    headers.insert(name, value);
                }
                _ => {}
            }
        }
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let (path, query) = match target.split_once('?') {
            Some((path, query)) => (path.to_owned(), Some(query.to_owned())),
            None => (target.clone(), None),
        };
        let body = String::from_utf8(body).unwrap_or_else(|e| format!("<not UTF-8: {:?}>", e.into_bytes()));
        log.lock().expect("the log").insert(scenario, Recorded { method, path, query, headers, body });
        if writer.write_all(b"HTTP/1.1 204 No Content\r\n\r\n").is_err() {
            return;
        }
    }
}

/// `<package>/<version>` for an agent of that shape, else the value itself.
fn agent_shape(value: &str) -> String {
    let shaped = value.split_once('/').is_some_and(|(name, version)| {
        !name.is_empty()
            && name.chars().all(|c| c.is_ascii_alphanumeric() || "-_.@".contains(c))
            && version.starts_with(|c: char| c.is_ascii_digit())
            && version.chars().all(|c| c.is_ascii_alphanumeric() || ".-+".contains(c))
    });
    if shaped { "<package>/<version>".to_owned() } else { value.to_owned() }
}

fn scenarios() -> Vec<Value> {
    let path = PathBuf::from(std::env::var("WIRE_SCENARIOS").expect("WIRE_SCENARIOS names tests/wire/scenarios.json"));
    let text = std::fs::read_to_string(&path).expect("read the scenarios");
    let all: Value = serde_json::from_str(&text).expect("the scenarios are JSON");
    all["scenarios"].as_array().expect("a scenario list").clone()
}

fn text<'a>(args: &'a Value, name: &str) -> Option<&'a str> {
    args.get(name).and_then(Value::as_str)
}

fn typed<T: serde::de::DeserializeOwned>(args: &Value, name: &str) -> Option<T> {
    args.get(name).map(|v| serde_json::from_value(v.clone()).expect("a value of the parameter's type"))
}

/// One scenario through the Rust client.
async fn rust_call(client: &wire::Client, scenario: &Value) -> Result<(), wire::runtime::Error<wire::GetItemError>> {
    let args = &scenario["args"];
    let op = scenario["op"].as_str().unwrap_or_default();
    let id = scenario["id"].as_str().unwrap_or_default();
    let extra: BTreeMap<String, String> = typed(scenario, "headers").unwrap_or_default();
    macro_rules! headers {
        ($request:expr) => {{
            let mut request = $request.header("x-wire-scenario", id);
            for (name, value) in &extra {
                request = request.header(name, value);
            }
            request
        }};
    }
    match op {
        "getItem" => headers!(client.get_item(text(args, "id").unwrap_or_default())).await.map(|_| ()),
        "createThing" => {
            let body: wire::types::Thing = typed(args, "body").expect("a body");
            headers!(client.create_thing(&body)).await.map(|_| ())
        }
        "search" => {
            let mut r = client.search();
            if let Some(v) = text(args, "q") {
                r = r.q(v);
            }
            if let Some(v) = typed::<Vec<i64>>(args, "ids") {
                r = r.ids(v);
            }
            if let Some(v) = typed::<Vec<String>>(args, "tags") {
                r = r.tags(v);
            }
            if let Some(v) = typed::<Vec<String>>(args, "words") {
                r = r.words(v);
            }
            if let Some(v) = typed::<Vec<String>>(args, "pipes") {
                r = r.pipes(v);
            }
            if let Some(v) = typed::<wire::types::Filter>(args, "filter") {
                r = r.filter(v);
            }
            if let Some(v) = typed::<wire::types::Point>(args, "point") {
                r = r.point(v);
            }
            if let Some(v) = typed::<wire::types::Point>(args, "box") {
                r = r.r#box(v);
            }
            if let Some(v) = typed::<bool>(args, "flag") {
                r = r.flag(v);
            }
            if let Some(v) = typed::<i64>(args, "count") {
                r = r.count(v);
            }
            if let Some(v) = typed::<serde_json::Number>(args, "ratio") {
                r = r.ratio(v);
            }
            headers!(r).await.map(|_| ())
        }
        "withHeaders" => {
            let mut r = client.with_headers();
            if let Some(v) = text(args, "X-Trace") {
                r = r.x_trace(v);
            }
            if let Some(v) = typed::<Vec<i64>>(args, "X-Ids") {
                r = r.x_ids(v);
            }
            if let Some(v) = typed::<bool>(args, "X-Flag") {
                r = r.x_flag(v);
            }
            if let Some(v) = text(args, "session") {
                r = r.session(v);
            }
            if let Some(v) = text(args, "theme") {
                r = r.theme(v);
            }
            headers!(r).await.map(|_| ())
        }
        other => panic!("no Rust call for operation `{other}`: add one to tests/wire/parity.rs"),
    }
}

/// What the TypeScript or Python driver printed: one JSON line per scenario.
fn driver(label: &str, command: &mut Command) -> BTreeMap<String, (String, String)> {
    let output = command.output().unwrap_or_else(|e| panic!("the {label} driver starts: {e}"));
    assert!(output.status.success(), "the {label} driver failed:\n{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| {
            let v: Value = serde_json::from_str(line).expect("one JSON object per line");
            let field = |k: &str| v[k].as_str().unwrap_or_default().to_owned();
            (field("id"), (field("outcome"), field("detail")))
        })
        .collect()
}

fn outcomes(log: &Log, all: &[Value], reported: &BTreeMap<String, (String, String)>) -> Vec<Outcome> {
    let mut recorded = std::mem::take(&mut *log.lock().expect("the log"));
    all.iter()
        .map(|s| {
            let id = s["id"].as_str().unwrap_or_default();
            match (reported.get(id).map(|(o, d)| (o.as_str(), d.as_str())), recorded.remove(id)) {
                (Some(("sent", _)), Some(r)) => Outcome::Sent(r),
                (Some(("refused", _)), None) => Outcome::Refused,
                (Some(("refused", _)), Some(_)) => Outcome::Failed("refused, but a request reached the server".into()),
                (Some((o, d)), _) => Outcome::Failed(format!("{o}: {d}")),
                (None, _) => Outcome::Failed("the driver reported nothing".into()),
            }
        })
        .collect()
}

/// Where `outcome` breaks what the scenario expects.
fn unexpected(scenario: &Value, outcome: &Outcome) -> Option<String> {
    let refused = scenario["refused"].as_bool().unwrap_or(false);
    match outcome {
        Outcome::Refused if refused => None,
        Outcome::Refused => Some("refused, but the scenario must be sent".into()),
        Outcome::Failed(why) => Some(why.clone()),
        Outcome::Sent(_) if refused => Some("sent, but the scenario must be refused".into()),
        Outcome::Sent(r) => {
            let expect = scenario.get("expect").and_then(Value::as_object).cloned().unwrap_or_default();
            let mut out = Vec::new();
            for (key, want) in &expect {
                let got = match key.as_str() {
                    "path" => Value::from(r.path.clone()),
                    "query" => r.query.clone().map_or(Value::Null, Value::from),
                    "body" => Value::from(r.body.clone()),
                    header => r.headers.get(header).cloned().map_or(Value::Null, Value::from),
                };
                if &got != want {
                    out.push(format!("{key}: expected {want}, got {got}"));
                }
            }
            (!out.is_empty()).then(|| out.join("; "))
        }
    }
}

#[tokio::test]
async fn rust_typescript_and_python_put_the_same_bytes_on_the_wire() {
    let all = scenarios();
    let (url, log) = serve();

    let client = wire::Client::builder(url.clone()).build().expect("a client");
    let mut rust_reported = BTreeMap::new();
    for s in &all {
        let id = s["id"].as_str().unwrap_or_default().to_owned();
        let outcome = match rust_call(&client, s).await {
            Ok(()) => ("sent".to_owned(), String::new()),
            Err(wire::runtime::Error::InvalidRequest(m)) => ("refused".to_owned(), m),
            Err(e) => ("failed".to_owned(), e.to_string()),
        };
        rust_reported.insert(id, outcome);
    }
    let mut targets = vec![("rust", outcomes(&log, &all, &rust_reported))];

    let scenarios_file = std::env::var("WIRE_SCENARIOS").unwrap_or_default();
    match (std::env::var("WIRE_NODE"), std::env::var("WIRE_TS_CLIENT")) {
        (Ok(node), Ok(ts)) => {
            let driver_js = std::env::var("WIRE_TS_DRIVER").expect("WIRE_TS_DRIVER names tests/wire/driver.mjs");
            let reported = driver("TypeScript", Command::new(node).arg(driver_js).arg(ts).arg(&url).arg(&scenarios_file));
            targets.push(("typescript", outcomes(&log, &all, &reported)));
        }
        _ => eprintln!("skipped the TypeScript client: WIRE_NODE and WIRE_TS_CLIENT are not set (no node or tsc)"),
    }
    match (std::env::var("WIRE_PYTHON"), std::env::var("WIRE_PYTHON_PATH")) {
        (Ok(python), Ok(path)) => {
            let driver_py = std::env::var("WIRE_PY_DRIVER").expect("WIRE_PY_DRIVER names tests/wire/driver.py");
            let reported = driver(
                "Python",
                Command::new(python)
                    .arg(driver_py)
                    .arg(&url)
                    .arg(&scenarios_file)
                    .env("PYTHONPATH", path)
                    .env("PYTHONDONTWRITEBYTECODE", "1"),
            );
            targets.push(("python", outcomes(&log, &all, &reported)));
        }
        _ => eprintln!("skipped the Python client: WIRE_PYTHON and WIRE_PYTHON_PATH are not set (no .tools/python)"),
    }

    let mut failures = Vec::new();
    for (index, scenario) in all.iter().enumerate() {
        let id = scenario["id"].as_str().unwrap_or_default();
        for (target, results) in &targets {
            if let Some(why) = unexpected(scenario, &results[index]) {
                failures.push(format!("{id} [{target}]: {why}"));
            }
        }
        let (first, first_results) = &targets[0];
        for (target, results) in &targets[1..] {
            if results[index] != first_results[index] {
                failures.push(format!(
                    "{id}: {first} and {target} differ:\n    {first}: {:?}\n    {target}: {:?}",
                    first_results[index], results[index]
                ));
            }
        }
    }
    let names: Vec<&str> = targets.iter().map(|(t, _)| *t).collect();
    eprintln!("{} scenarios through {}", all.len(), names.join(", "));
    assert!(failures.is_empty(), "{} wire differences:\n{}", failures.len(), failures.join("\n"));
}
