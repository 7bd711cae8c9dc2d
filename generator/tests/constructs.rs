//! One test per schema construct: `constructs/<name>.yaml` is the input and `constructs/<name>.rs`
//! beside it is the Rust emitted for it (types module, then client module, with any warnings on
//! top). `SWITCHBOARD_BLESS=1 cargo test` rewrites the expected files; review the diff.

mod support;

use std::path::Path;

use support::golden::assert_golden;
use switchboard_generator::{load_api, targets::rust, Options};

fn check(name: &str) {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).expect("the crate directory exists");
    let input = Path::new("tests/constructs").join(format!("{name}.yaml"));
    let loaded = load_api(&input, name, Options::default());
    let (api, warnings) = loaded.result.unwrap_or_else(|d| panic!("{d}"));
    let files = rust::standalone_crate(&api, name).expect("the Rust target emits");
    let mut actual = String::new();
    for w in &warnings {
        for line in w.to_string().lines() {
            actual.push_str(&format!("// {line}\n"));
        }
    }
    for file in files.iter().filter(|f| f.path.ends_with("types.rs") || f.path.ends_with("lib.rs")) {
        actual.push_str(&format!("// ===== {} =====\n", file.path.display()));
        actual.push_str(&file.contents);
    }
    assert_golden(Path::new("tests/constructs").join(format!("{name}.rs")), &actual);
}

macro_rules! constructs {
    ($($name:ident),* $(,)?) => {$(
        #[test]
        fn $name() {
            check(stringify!($name));
        }
    )*};
}

constructs!(
    all_of,
    one_of_discriminator,
    one_of_untagged,
    const_and_not,
    enums,
    nullable,
    numbers_and_formats,
    defaults,
    read_write_only_deprecated,
    maps,
    inline_names,
    odd_names,
    recursion,
    refs_across_files,
    ref_to_any_pointer,
    parameters,
    request_bodies,
    responses,
    security,
    servers,
    not_generated,
    dirty_input,
    openapi30,
    swagger20,
    shared_shapes,
);
