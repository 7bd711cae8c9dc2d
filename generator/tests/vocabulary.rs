//! The vocabulary check: each document in `tests/fixtures/vocabulary/` has one misspelled or
//! misplaced key (the name says which, and the version: `20-`, `30-`, `31-`). What `switchboard
//! check` and `switchboard check --strict` print for it must equal its `.stderr` golden: a
//! located warning with its suggestion, exit 0; then the same as an error, exit 1. The build
//! (`workspace::render`, what build.rs runs) must fail on it exactly as `check --strict` does.
//! `SWITCHBOARD_BLESS=1 cargo test --test vocabulary` rewrites the goldens; review the diff.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use support::golden::assert_goldens;
use switchboard_generator::{diag, workspace, Lint, Options};

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/vocabulary");
    let mut inputs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("the vocabulary fixtures exist")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "json"))
        .collect();
    inputs.sort();
    inputs
}

/// `switchboard check [--strict] <input>` as a user sees it: the command, what it prints, its
/// exit code.
fn transcript(input: &str, strict: bool) -> (String, i32) {
    let mut args = vec!["check", "--color", "never"];
    if strict {
        args.push("--strict");
    }
    args.push(input);
    let out = Command::new(env!("CARGO_BIN_EXE_switchboard"))
        .args(&args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the switchboard binary runs");
    let code = out.status.code().unwrap_or(-1);
    let shown =
        format!("$ switchboard {}\n{}exit code: {code}\n", args.join(" "), String::from_utf8_lossy(&out.stderr));
    (shown, code)
}

#[test]
fn every_unknown_key_is_a_located_warning_with_a_suggestion_and_an_error_when_strict() {
    let inputs = fixtures();
    assert!(inputs.len() >= 12, "only {} vocabulary fixtures", inputs.len());
    let mut versions = std::collections::BTreeSet::new();
    let goldens: Vec<(PathBuf, String)> = inputs
        .iter()
        .map(|input| {
            let name = input.file_name().and_then(|n| n.to_str()).expect("a UTF-8 file name");
            versions.insert(name[..2].to_string());
            let relative = format!("tests/fixtures/vocabulary/{name}");
            let (lenient, code) = transcript(&relative, false);
            assert_eq!(code, 0, "{name}: `check` must pass with a warning:\n{lenient}");
            assert!(lenient.contains("warning: unknown key `"), "{name}: no unknown-key warning:\n{lenient}");
            assert!(lenient.contains("= help: "), "{name}: the warning has no suggestion:\n{lenient}");
            let (strict, code) = transcript(&relative, true);
            assert_eq!(code, 1, "{name}: `check --strict` must fail:\n{strict}");
            assert!(strict.contains("error: unknown key `"), "{name}: not an error when strict:\n{strict}");
            (input.with_extension("stderr"), format!("{lenient}\n{strict}"))
        })
        .collect();
    assert_eq!(versions.into_iter().collect::<Vec<_>>(), ["20", "30", "31"], "fixtures of each version");
    assert_goldens(goldens);
}

/// Copies `input` as the root document of the one API of a fresh `schemas/` directory.
fn as_schemas_dir(input: &Path) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let api = dir.path().join("schemas/api");
    std::fs::create_dir_all(&api).expect("create the API directory");
    let ext = input.extension().and_then(|e| e.to_str()).unwrap_or("yaml");
    std::fs::copy(input, api.join(format!("openapi.{ext}"))).expect("copy the document");
    (dir, api)
}

/// The build judges a document as `check --strict` does: the same diagnostics, rendered the same.
#[test]
fn the_build_fails_exactly_as_check_strict_does() {
    let broken = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/broken");
    // README's own broken examples, and every vocabulary mistake.
    let mut inputs = vec![broken.join("typo-ref.yaml"), broken.join("wrong-type.yaml")];
    inputs.extend(fixtures());
    for input in inputs {
        let (dir, api) = as_schemas_dir(&input);
        let failure = match workspace::render(&dir.path().join("schemas"), Options::STRICT) {
            Ok(_) => panic!("{}: the build passed", input.display()),
            Err(failure) => failure,
        };
        let rendered = diag::render(&failure.diagnostics.0, false);
        let (strict, code) = transcript(api.to_str().expect("a UTF-8 temp path"), true);
        assert_eq!(code, 1, "{strict}");
        assert!(
            strict.contains(&rendered),
            "{}: check --strict differs from the build:\n{strict}\n---\n{rendered}",
            input.display()
        );
    }
}

/// Unused components stay warnings when strict, in `check --strict` and in the build alike:
/// declaring a schema before the operation that uses it is the natural order of work.
#[test]
fn unused_components_stay_warnings_when_strict() {
    let dir = tempfile::tempdir().expect("temp dir");
    let api = dir.path().join("schemas/api");
    std::fs::create_dir_all(&api).expect("create the API directory");
    std::fs::write(
        api.join("openapi.yaml"),
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: getA\n      responses: {'204': {description: ok}}\ncomponents:\n  schemas:\n    Later: {type: string}\n  parameters:\n    Limit: {name: limit, in: query, schema: {type: integer}}\n",
    )
    .expect("write the document");
    let (_, report) = workspace::render(&dir.path().join("schemas"), Options::STRICT).expect("the build passes");
    let kinds: Vec<(bool, Lint)> = report.warnings.iter().map(|d| (d.is_error(), d.lint)).collect();
    assert_eq!(kinds, [(false, Lint::Unused), (false, Lint::Unused)], "{:?}", report.warnings);
    let (strict, code) = transcript(api.to_str().expect("a UTF-8 temp path"), true);
    assert_eq!(code, 0, "{strict}");
    assert!(strict.contains("warning: component schema `Later` is not used by any operation"), "{strict}");
}
