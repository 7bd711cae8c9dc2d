//! The Rust emitted for a small schema, compared byte for byte with the golden files beside it,
//! so that every change in output is a reviewed diff. `SWITCHBOARD_BLESS=1 cargo test` rewrites them.

mod support;

use std::path::{Path, PathBuf};

use support::golden::assert_goldens;
use switchboard_generator::{load_api, targets::rust, Options};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

fn generate(name: &str) -> Vec<rust::File> {
    // Paths in headers are relative to the working directory: make them stable.
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).expect("the crate directory exists");
    let loaded = load_api(Path::new("tests/fixtures").join(name).as_path(), name, Options { strict: true });
    let (api, warnings) = loaded.result.unwrap_or_else(|d| panic!("{d}"));
    assert!(warnings.is_empty(), "{warnings:?}");
    rust::standalone_crate(&api, name).expect("the Rust target emits")
}

#[test]
fn small_schema_matches_golden_files() {
    let expected_dir = fixture("small").join("expected");
    // The vendored runtime is `runtime/src` itself (the generator's own tests check the copy is
    // complete), so the goldens hold only what is generated from the schema.
    let files = generate("small").into_iter().filter(|f| !f.path.starts_with("src/runtime"));
    assert_goldens(files.map(|file| (expected_dir.join(&file.path), file.contents)));
}

#[test]
fn generation_is_deterministic() {
    assert_eq!(generate("small"), generate("small"));
}
