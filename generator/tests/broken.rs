//! The broken-schema folder: every file in `tests/fixtures/broken/` is checked by the real
//! `switchboard` binary, and what it prints (and its exit code) must equal the `.stderr` file
//! beside it. `SWITCHBOARD_BLESS=1 cargo test --test broken` rewrites those files; review the diff.
//!
//! Inputs too large to commit (deep nesting, a 50 MB document) are made by the tests below.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use support::golden::assert_goldens;

fn switchboard(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_switchboard"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the switchboard binary runs")
}

/// What `switchboard check` shows a user for `input`: its diagnostics and its exit code.
fn transcript(input: &str) -> String {
    let out = switchboard(&["check", "--color", "never", input]);
    let code = out.status.code().map_or_else(|| "killed by a signal".to_string(), |c| c.to_string());
    format!("{}exit code: {code}\n", String::from_utf8_lossy(&out.stderr))
}

fn broken_inputs() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/broken");
    let mut inputs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("the broken-schema folder exists")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "json"))
        .collect();
    inputs.sort();
    inputs
}

#[test]
fn every_broken_schema_gets_its_expected_diagnostic() {
    let transcripts: Vec<(PathBuf, String)> = broken_inputs()
        .into_iter()
        .map(|input| {
            let name = input.file_name().and_then(|n| n.to_str()).expect("a UTF-8 file name");
            let actual = transcript(&format!("tests/fixtures/broken/{name}"));
            assert!(!actual.contains("panicked"), "{name} made switchboard panic:\n{actual}");
            (input.with_extension("stderr"), actual)
        })
        .collect();
    assert_goldens(transcripts);
}

/// Writes `text` as `name` in a fresh directory and returns the transcript of checking it.
fn transcript_of_generated(name: &str, text: &str) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(name);
    std::fs::write(&path, text).expect("write the generated input");
    transcript(path.to_str().expect("a UTF-8 temp path"))
}

#[test]
fn yaml_nested_ten_thousand_levels_deep_is_refused_without_overflowing_the_stack() {
    let depth = 10_000;
    let doc = format!(
        "openapi: 3.1.0\ninfo: {{title: deep, version: '1'}}\npaths: {{}}\nx-deep: {}{}\n",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let out = transcript_of_generated("deep.yaml", &doc);
    assert!(out.contains("error: invalid YAML: recursion limit exceeded"), "{out}");
    assert!(out.contains("help: the document nests deeper than 128 levels"), "{out}");
    assert!(out.ends_with("exit code: 1\n"), "{out}");
}

#[test]
fn json_nested_ten_thousand_levels_deep_is_refused_without_overflowing_the_stack() {
    let depth = 10_000;
    let doc = format!("{{\"openapi\": \"3.1.0\", \"x-deep\": {}{}}}", "{\"a\": ".repeat(depth), "}".repeat(depth));
    let out = transcript_of_generated("deep.json", &doc);
    assert!(out.contains("error: invalid JSON: recursion limit exceeded"), "{out}");
    assert!(out.ends_with("exit code: 1\n"), "{out}");
}

#[test]
fn schemas_nested_deeper_than_the_lowering_limit_become_any_with_a_warning() {
    // 50 schemas deep is 100 YAML levels, within the parser's limit of 128; the IR counts each
    // schema and each property, so it passes its limit of 64.
    let mut schema = String::from("{type: string}");
    for _ in 0..50 {
        schema = format!("{{type: object, properties: {{x: {schema}}}}}");
    }
    let doc = format!("openapi: 3.1.0\ninfo: {{title: deep, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n    Deep: {schema}\n");
    let out = transcript_of_generated("deep.yaml", &doc);
    assert!(out.contains("warning: schema nesting deeper than 64 levels is taken as any JSON value"), "{out}");
    assert!(out.ends_with("exit code: 0\n"), "{out}");
}

#[test]
fn a_fifty_megabyte_document_is_checked_in_bounded_time_and_memory() {
    // 2,000 operations, each with a 25 kB description: about 50 MB of YAML.
    let mut doc = String::from("openapi: 3.1.0\ninfo: {title: big, version: '1'}\npaths:\n");
    let description = "All work and no play makes a dull API. ".repeat(640);
    for i in 0..2_000 {
        doc.push_str(&format!(
            "  /things/{i}:\n    get:\n      operationId: getThing{i}\n      description: '{description}'\n      responses: {{'200': {{description: ok, content: {{application/json: {{schema: {{type: object, properties: {{id: {{type: integer}}}}}}}}}}}}}}\n"
        ));
    }
    assert!(doc.len() > 50_000_000, "the document is {} bytes", doc.len());
    let out = transcript_of_generated("big.yaml", &doc);
    assert!(out.contains("has no errors: 2000 operations, 2000 types"), "{out}");
    assert!(out.ends_with("exit code: 0\n"), "{out}");
}

#[test]
fn usage_errors_exit_with_code_two() {
    let out = switchboard(&["generate", "--target", "cobol", "x.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("invalid value 'cobol' for '--target <TARGET>'"));
}

#[test]
fn a_missing_input_file_is_a_schema_error_with_code_one() {
    let out = transcript("tests/fixtures/broken/does-not-exist.yaml");
    assert!(out.starts_with("error: cannot read `tests/fixtures/broken/does-not-exist.yaml`"), "{out}");
    assert!(out.ends_with("exit code: 1\n"), "{out}");
}

/// A document with many warnings prints the first 50 and says how many more there are, and
/// `--all-warnings` prints them all; the summary counts every one either way. On one minified
/// line each warning quotes a window of that line, not the line.
#[test]
fn warnings_past_the_first_fifty_are_counted_unless_all_are_asked_for() {
    let schemas: Vec<String> = (0..60)
        .map(|i| format!(r#""S{i}":{{"type":"object","properties":{{"n":{{"type":"integer","example":"x{i}"}}}}}}"#))
        .collect();
    let text = format!(
        r#"{{"openapi":"3.1.0","info":{{"title":"t","version":"1"}},"paths":{{}},"components":{{"schemas":{{{}}}}}}}"#,
        schemas.join(",")
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("many.json");
    std::fs::write(&path, &text).expect("write the generated input");
    let path = path.to_str().expect("a UTF-8 temp path");
    let capped = String::from_utf8_lossy(&switchboard(&["check", "--color", "never", path]).stderr).into_owned();
    assert_eq!(capped.matches("warning: example does not match").count(), 50, "{capped}");
    assert!(capped.contains("warning: and 10 more warnings; `--all-warnings` to see them"), "{capped}");
    assert!(capped.contains("has no errors: 0 operations, 60 types and 60 warnings"), "{capped}");
    assert!(capped.lines().all(|l| l.len() < 300), "a line longer than a window:\n{capped}");
    let all = switchboard(&["check", "--color", "never", "--all-warnings", path]);
    let all = String::from_utf8_lossy(&all.stderr);
    assert_eq!(all.matches("warning: example does not match").count(), 60, "{all}");
    assert!(!all.contains("more warnings"), "{all}");
}
