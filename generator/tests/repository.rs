//! The repository's own schemas: `generated/` is exactly what they produce, and the examples
//! copied from the seed docs into the schemas are the seeds' examples, verbatim.

mod support;

use std::path::Path;

use serde_json::Value;
use support::golden::assert_goldens;
use switchboard_generator::{workspace, Options};

fn repo() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

#[test]
fn generated_sources_are_fresh() {
    std::env::set_current_dir(repo()).expect("the repository exists");
    let (files, report) = workspace::render(Path::new("schemas"), Options { strict: true })
        .unwrap_or_else(|f| panic!("{}", f.diagnostics));
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    // `cargo build` rewrites generated/ as blessing does.
    assert_goldens(files.into_iter().map(|file| (Path::new("generated").join(&file.path), file.contents)));
}

fn yaml(path: &str) -> Value {
    let text = std::fs::read_to_string(repo().join(path)).expect("schema exists");
    serde_yaml::from_str(&text).expect("schema is YAML")
}

fn fixture(path: &str) -> Value {
    let text = std::fs::read_to_string(repo().join("tests/fixtures").join(path)).expect("fixture exists");
    serde_json::from_str(&text).expect("fixture is JSON")
}

#[test]
fn vinix_user_example_is_the_seed_example() {
    let schema = yaml("schemas/vinix/paths/user.yaml");
    assert_eq!(
        schema["get"]["responses"]["200"]["content"]["application/json"]["example"],
        fixture("vinix/user_envelope.json")
    );
}

#[test]
fn vinix_error_example_is_the_seed_example() {
    let schema = yaml("schemas/vinix/components/envelope.yaml");
    assert_eq!(schema["KazooError"]["examples"][0], fixture("vinix/error_seed.json"));
}

#[test]
fn rinkel_user_example_is_the_seed_example() {
    let schema = yaml("schemas/rinkel/paths/user.yaml");
    assert_eq!(
        schema["get"]["responses"]["200"]["content"]["application/json"]["example"],
        fixture("rinkel/user.json")
    );
}

#[test]
fn rinkel_error_example_is_the_seed_example() {
    let schema = yaml("schemas/rinkel/paths/user.yaml");
    assert_eq!(
        schema["get"]["responses"]["400"]["content"]["application/json"]["example"],
        fixture("rinkel/error.json")
    );
}
