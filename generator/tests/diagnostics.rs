//! What a broken schema reports: `file:line:col: severity: message`, pointing at the mistake.

use std::path::Path;

use switchboard_generator::{load_api, Options};

/// The first diagnostic for a fixture under `tests/fixtures/broken`, as the user sees it.
fn first_diagnostic(name: &str, strict: bool) -> String {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).expect("the crate directory exists");
    let path = Path::new("tests/fixtures/broken").join(name);
    match load_api(&path, "broken", Options { strict }).result {
        Ok((_, warnings)) => warnings.first().map(ToString::to_string).unwrap_or_default(),
        Err(d) => d.0.first().map(ToString::to_string).unwrap_or_default(),
    }
}

#[test]
fn invalid_yaml_names_file_line_and_column() {
    let d = first_diagnostic("bad-yaml.yaml", true);
    assert!(d.starts_with("tests/fixtures/broken/bad-yaml.yaml:6:1: error: invalid YAML"), "{d}");
}

#[test]
fn unresolved_ref_points_at_the_ref_and_suggests_the_name() {
    let d = first_diagnostic("typo-ref.yaml", true);
    assert!(
        d.starts_with(
            "tests/fixtures/broken/typo-ref.yaml:15:23: error: `$ref: #/components/schemas/Usr` resolves to nothing"
        ),
        "{d}"
    );
    assert!(d.contains("help: did you mean `User`?"), "{d}");
}

#[test]
fn unresolved_ref_is_a_warning_unless_strict() {
    let d = first_diagnostic("typo-ref.yaml", false);
    assert!(d.contains(": warning: `$ref: #/components/schemas/Usr` resolves to nothing"), "{d}");
}

#[test]
fn ref_to_a_missing_file_names_the_referencing_location() {
    let d = first_diagnostic("missing-file.yaml", true);
    assert!(
        d.starts_with(
            "tests/fixtures/broken/missing-file.yaml:12:30: error: `$ref: ./nowhere.yaml#/User` cannot be loaded"
        ),
        "{d}"
    );
}

#[test]
fn a_directory_without_a_root_document_says_what_to_add() {
    let d = first_diagnostic("", true);
    assert!(d.contains("is a directory without an `openapi.yaml` root document"), "{d}");
    assert!(d.contains("help: add `openapi.yaml`"), "{d}");
}
