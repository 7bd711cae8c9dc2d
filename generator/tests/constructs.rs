//! Two tests per schema construct: `constructs/<name>.yaml` is the input, `constructs/<name>.ir.txt`
//! beside it is the IR it lowers to (the `Debug` dump of [`Api`]), and `constructs/<name>.rs` is
//! the Rust emitted for it (types module, then client module, with any warnings on top).
//! `SWITCHBOARD_BLESS=1 cargo test` rewrites the expected files; review the diff.

mod support;

use std::path::Path;

use support::golden::assert_golden;
use switchboard_generator::{ir::Api, load_api, targets::rust, Diagnostic, Options};

/// The construct's lowered API and its warnings.
fn lower(name: &str) -> (Api, Vec<Diagnostic>) {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).expect("the crate directory exists");
    let input = Path::new("tests/constructs").join(format!("{name}.yaml"));
    load_api(&input, name, Options::default()).result.unwrap_or_else(|d| panic!("{d}"))
}

/// The IR, as its `Debug` dump, against `constructs/<name>.ir.txt`.
fn check_ir(name: &str) {
    let (api, _) = lower(name);
    assert_golden(Path::new("tests/constructs").join(format!("{name}.ir.txt")), &format!("{api:#?}\n"));
}

/// The Rust, with the warnings on top, against `constructs/<name>.rs`.
fn check_rust(name: &str) {
    let (api, warnings) = lower(name);
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

/// Two tests per construct, `<name>::ir` and `<name>::rust`, so that a change in lowering and a
/// change in emission fail (and are reviewed) separately.
macro_rules! constructs {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[test]
            fn ir() {
                super::check_ir(stringify!($name));
            }

            #[test]
            fn rust() {
                super::check_rust(stringify!($name));
            }
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
    big_integers,
    pagination,
);

/// Numbers beyond 64 bits read the same from JSON as from YAML (bounds, defaults, examples and
/// enum values), and the Rust emitted for them is the same.
#[test]
fn big_integers_read_the_same_from_json() {
    let (yaml, yaml_warnings) = lower("big_integers");
    let json_path = Path::new("tests/constructs/parts/big_integers.json");
    let (json, warnings) =
        load_api(json_path, "big_integers", Options::default()).result.unwrap_or_else(|d| panic!("{d}"));
    let dump = |api: &Api| format!("{api:#?}").replace("big_integers.json", "big_integers.yaml");
    assert_eq!(dump(&json), dump(&yaml));
    let messages = |w: &[switchboard_generator::Diagnostic]| w.iter().map(|d| d.message.clone()).collect::<Vec<_>>();
    assert_eq!(messages(&warnings), messages(&yaml_warnings));
    let rust = |api: &Api| rust::standalone_crate(api, "big_integers").expect("the Rust target emits");
    let text = |api: &Api| {
        rust(api).into_iter().map(|f| f.contents.replace("big_integers.json", "big_integers.yaml")).collect::<Vec<_>>()
    };
    assert_eq!(text(&json), text(&yaml));
}
