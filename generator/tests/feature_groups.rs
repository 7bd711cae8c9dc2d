//! Per-group cargo features of a generated Rust crate (`switchboard generate --feature-groups`):
//! which group each operation is in, which types a group needs, what the generated code gates
//! and how, and that the crate builds warning-free with any one group on. The fixture
//! (`fixtures/feature_groups`) has three tags sharing types, an operation without a tag and a
//! schema no operation uses.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use support::golden::assert_goldens;
use switchboard_generator::ir::{self, Api, Grouping};
use switchboard_generator::{load_api, targets::rust, Options};

fn fixture(grouping: Grouping) -> Api {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).expect("the crate directory exists");
    let loaded = load_api(Path::new("tests/fixtures/feature_groups"), "fixture", Options::default());
    let (mut api, _) = loaded.result.unwrap_or_else(|d| panic!("{d}"));
    api.grouping = grouping;
    api
}

fn groups(api: &Api) -> ir::Groups {
    ir::groups(api, &ir::representatives(api), &[]).expect("the fixture's operations are grouped")
}

fn group_names(api: &Api) -> Vec<String> {
    groups(api).groups.into_iter().map(|g| g.name).collect()
}

/// The names of the groups that need the type called `name`.
fn needed_by(api: &Api, name: &str) -> Vec<String> {
    let g = groups(api);
    let id = api.types.iter().position(|t| t.name == name).unwrap_or_else(|| panic!("no type `{name}`"));
    g.type_groups[id].iter().map(|&i| g.groups[i].name.clone()).collect()
}

fn crate_files(grouping: Grouping) -> Vec<rust::File> {
    rust::standalone_crate(&fixture(grouping), "fixture").expect("the Rust target emits")
}

fn file(files: &[rust::File], path: &str) -> String {
    files.iter().find(|f| f.path == Path::new(path)).map(|f| f.contents.clone()).expect("the file is generated")
}

/// The `#[cfg]` attribute of the top-level item that starts with `item` (`pub struct Label`):
/// the one among the attributes and doc lines right above it, on one line; `None` when it has
/// none.
fn gate_of(source: &str, item: &str) -> Option<String> {
    let lines: Vec<&str> = source.lines().collect();
    let at = lines.iter().position(|l| l.starts_with(item)).unwrap_or_else(|| panic!("no `{item}`"));
    // Attributes too long for one line continue on indented lines, closed by `)]`.
    let above: Vec<&str> = lines[..at]
        .iter()
        .rev()
        .take_while(|l| l.starts_with("#[") || l.starts_with("///") || l.starts_with(' ') || l.starts_with(")]"))
        .map(|l| l.trim())
        .collect();
    let joined: String = above.into_iter().rev().filter(|l| !l.starts_with("///")).collect();
    let start = joined.find("#[cfg(")?;
    let mut depth = 0i32;
    for (i, c) in joined[start..].char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => {
                depth -= 1;
                if depth == 0 {
                    return Some(joined[start..=start + i].to_string());
                }
            }
            _ => {}
        }
    }
    None
}

#[test]
fn an_operation_is_in_the_group_of_its_first_tag_and_one_without_tags_in_other() {
    let api = fixture(Grouping::Tag);
    assert_eq!(group_names(&api), ["pets", "store_front", "users", "other"]);
    let g = groups(&api);
    let ops: Vec<Vec<&str>> =
        g.groups.iter().map(|g| g.operations.iter().map(|&i| api.operations[i].id.as_str()).collect()).collect();
    let want = [
        vec!["listPets", "getPet", "uploadPhoto", "getPhoto"],
        vec!["getStore"],
        vec!["logIn", "createUser"],
        vec!["health"],
    ];
    assert_eq!(ops, want);
}

#[test]
fn by_path_an_operation_is_in_the_group_of_its_first_path_segment() {
    assert_eq!(group_names(&fixture(Grouping::Path)), ["pets", "stores", "sessions", "users", "health"]);
}

#[test]
fn without_grouping_there_are_no_groups() {
    let api = fixture(Grouping::None);
    assert_eq!(ir::groups(&api, &ir::representatives(&api), &[]), None);
}

#[test]
fn a_group_needs_the_types_its_operations_reach_through_fields_unions_maps_and_lists() {
    let api = fixture(Grouping::Tag);
    assert_eq!(needed_by(&api, "PetKind"), ["pets"]);
    assert_eq!(needed_by(&api, "Phone"), ["pets", "store_front"]);
    assert_eq!(needed_by(&api, "Label"), ["users"]);
    assert_eq!(needed_by(&api, "Caption"), ["pets", "users"], "the shape Label is an alias of");
    assert_eq!(needed_by(&api, "Problem"), ["pets", "store_front", "users", "other"]);
    assert!(needed_by(&api, "Webhook").is_empty());
}

#[test]
fn group_names_are_distinct_and_avoid_reserved_names() {
    let mut api = fixture(Grouping::Tag);
    let tags = ["mock", "Pet Store", "pet-store", "2fa", "Mock"];
    for (op, tag) in api.operations.iter_mut().zip(tags) {
        op.tags = vec![tag.to_string()];
    }
    let g = ir::groups(&api, &ir::representatives(&api), &["mock"]).expect("grouped");
    let names: Vec<String> = g.groups.into_iter().map(|g| g.name).collect();
    assert_eq!(names[..5], ["mock_2", "pet_store", "pet_store_2", "n2fa", "mock_3"]);
}

#[test]
fn a_type_is_compiled_with_the_groups_that_need_it_or_with_all_types() {
    let types = file(&crate_files(Grouping::Tag), "src/types.rs");
    let gate = gate_of(&types, "pub type Label").expect("Label is gated");
    assert_eq!(gate, r#"#[cfg(any(feature = "users", feature = "all-types"))]"#);
    let gate = gate_of(&types, "pub struct Caption").expect("Caption is gated");
    assert_eq!(gate, r#"#[cfg(any(feature = "pets", feature = "users", feature = "all-types"))]"#);
    let gate = gate_of(&types, "pub struct Owner").expect("Owner is gated");
    assert_eq!(gate, r#"#[cfg(any(feature = "pets", feature = "store-front", feature = "all-types"))]"#);
    assert_eq!(gate_of(&types, "pub struct Webhook").as_deref(), Some(r#"#[cfg(feature = "all-types")]"#));
}

#[test]
fn a_type_every_group_needs_is_not_gated() {
    let types = file(&crate_files(Grouping::Tag), "src/types.rs");
    assert_eq!(gate_of(&types, "pub struct Problem"), None);
}

#[test]
fn an_error_enum_shared_across_groups_is_compiled_with_each_of_them() {
    let lib = file(&crate_files(Grouping::Tag), "src/lib.rs");
    let every = r#"#[cfg(any(feature = "pets", feature = "store-front", feature = "users", feature = "other"))]"#;
    assert_eq!(gate_of(&lib, "pub enum GetPetError").as_deref(), Some(every));
    assert_eq!(gate_of(&lib, "pub type GetStoreError").as_deref(), Some(r#"#[cfg(feature = "store-front")]"#));
}

#[test]
fn the_manifest_lists_every_group_and_default_enables_them_all() {
    let manifest = file(&crate_files(Grouping::Tag), "Cargo.toml");
    let doc: toml_edit::DocumentMut = manifest.parse().expect("Cargo.toml parses");
    let features = doc["features"].as_table().expect("a [features] table");
    let default: Vec<&str> =
        features["default"].as_array().expect("default is a list").iter().filter_map(|v| v.as_str()).collect();
    assert_eq!(default, ["pets", "store-front", "users", "other", "all-types"]);
    for feature in default {
        assert!(features.contains_key(feature), "{feature} is a feature");
    }
}

#[test]
fn a_hostile_tag_stays_in_its_comment_and_its_feature_is_a_plain_name() {
    let mut api = fixture(Grouping::Tag);
    api.operations[0].tags = vec!["x\"]\n[package]\nname = \"evil\" # `".to_string()];
    let files = rust::standalone_crate(&api, "fixture").expect("the Rust target emits");
    let manifest = file(&files, "Cargo.toml");
    let doc: toml_edit::DocumentMut = manifest.parse().unwrap_or_else(|e| panic!("{e}\n{manifest}"));
    assert_eq!(doc["package"]["name"].as_str(), Some("fixture"));
    let features = doc["features"].as_table().expect("a [features] table");
    assert!(features.contains_key("x-package-name-evil"), "{manifest}");
}

#[test]
fn without_grouping_nothing_is_gated_and_there_are_no_group_features() {
    let files = crate_files(Grouping::None);
    assert!(!file(&files, "src/types.rs").contains("#[cfg("));
    assert!(!file(&files, "src/lib.rs").contains("feature = \"pets\""));
    assert!(!file(&files, "Cargo.toml").contains("all-types"));
}

#[test]
fn the_grouped_crate_matches_golden_files() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/feature_groups/expected");
    let files = crate_files(Grouping::Tag).into_iter().filter(|f| !f.path.starts_with("src/runtime"));
    assert_goldens(files.map(|f| (dir.join(&f.path), f.contents)));
}

/// The grouped crate written to a folder of the test's target dir, with the workspace's lock
/// file so that it builds offline with the dependencies already fetched; its target dir is kept
/// between runs so the dependencies are built once.
fn written_crate() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    for f in crate_files(Grouping::Tag) {
        let path = dir.path().join(&f.path);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("folders");
        std::fs::write(&path, f.contents).expect("written");
    }
    let manifest = dir.path().join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).expect("manifest");
    std::fs::write(&manifest, format!("{text}\n[workspace]\n")).expect("manifest");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    std::fs::copy(root.join("Cargo.lock"), dir.path().join("Cargo.lock")).expect("lock file");
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    (dir, target.join("feature-groups"))
}

/// Runs `cargo <args>` in the crate; its success and what it printed.
fn cargo(dir: &Path, target: &Path, args: &[&str]) -> (bool, String) {
    let (command, rest) = args.split_first().expect("a cargo command");
    let out = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .arg(command)
        .arg("--offline")
        .arg("--target-dir")
        .arg(target)
        .args(rest)
        .current_dir(dir)
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    (out.status.success(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn the_crate_builds_without_warnings_with_one_group_all_groups_or_the_defaults() {
    let (dir, target) = written_crate();
    let one = |g: &str| format!("--features={g},mock,blocking");
    let runs: Vec<Vec<String>> = ["pets", "store-front", "users", "other"]
        .iter()
        .map(|g| vec!["--no-default-features".to_string(), one(g)])
        .chain([vec!["--all-features".to_string()], vec![]])
        .collect();
    for flags in runs {
        let mut args = vec!["clippy", "--quiet", "--all-targets"];
        args.extend(flags.iter().map(String::as_str));
        args.extend(["--", "-D", "warnings"]);
        let (ok, stderr) = cargo(dir.path(), &target, &args);
        assert!(ok, "cargo {}:\n{stderr}", args.join(" "));
    }
}

#[test]
fn a_type_outside_the_groups_that_are_on_is_not_compiled() {
    let (dir, target) = written_crate();
    let example = dir.path().join("examples/labels.rs");
    std::fs::create_dir_all(example.parent().expect("examples")).expect("folder");
    std::fs::write(&example, "fn main() {\n    let _ = fixture::types::Label::default();\n}\n").expect("example");
    let check = |features: &str| {
        cargo(dir.path(), &target, &["check", "--quiet", "--example", "labels", "--no-default-features", features])
    };
    let (ok, stderr) = check("--features=pets");
    assert!(!ok && stderr.contains("Label"), "Label compiled with only `pets` on:\n{stderr}");
    let (ok, stderr) = check("--features=users");
    assert!(ok, "Label missing with `users` on:\n{stderr}");
}
