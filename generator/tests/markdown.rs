//! The Markdown target: an API reference whose links all land, whose tables hold whatever the
//! schema's text says, and which names every operation and type. `schemas/rinkel` is kept as a
//! golden file, `fixtures/markdown/rinkel.md`; `SWITCHBOARD_BLESS=1 cargo test` rewrites it.

mod support;

use std::collections::HashSet;
use std::path::Path;

use support::golden::assert_golden;
use switchboard_generator::{ir::Api, load_api, targets, Options};

fn load(input: &Path, name: &str) -> Api {
    load_api(input, name, Options::default())
        .result
        .unwrap_or_else(|d| panic!("{} does not load: {d}", input.display()))
        .0
}

fn reference(api: &Api) -> String {
    let files = targets::markdown::generate(api, &api.name).expect("the markdown target emits");
    assert_eq!(files.len(), 1, "one file");
    assert_eq!(files[0].path, Path::new("README.md"));
    files[0].contents.clone()
}

fn schemas(name: &str) -> String {
    // Paths in the header are relative to the working directory: make them stable.
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).expect("the crate directory exists");
    reference(&load(&Path::new("../schemas").join(name), name))
}

/// The reference of a small document given inline.
fn reference_of(yaml: &str) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("api.yaml");
    std::fs::write(&path, yaml).expect("write the input");
    reference(&load(&path, "api"))
}

/// Every `](#x)` target and every `<a id="x">` anchor in the text.
fn links_and_anchors(text: &str) -> (Vec<String>, HashSet<String>) {
    let mut links = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("](#") {
        rest = &rest[i + 3..];
        links.push(rest[..rest.find(')').unwrap_or(rest.len())].to_string());
    }
    let mut anchors = HashSet::new();
    let mut rest = text;
    while let Some(i) = rest.find("<a id=\"") {
        rest = &rest[i + 7..];
        anchors.insert(rest[..rest.find('"').unwrap_or(rest.len())].to_string());
    }
    (links, anchors)
}

#[test]
fn rinkel_matches_the_golden_file() {
    let actual = schemas("rinkel");
    assert_golden(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/markdown/rinkel.md"), &actual);
}

#[test]
fn output_is_deterministic() {
    assert_eq!(schemas("vinix"), schemas("vinix"));
}

#[test]
fn every_link_lands_on_an_anchor() {
    for api in ["vinix", "rinkel", "commpeak"] {
        let text = schemas(api);
        let (links, anchors) = links_and_anchors(&text);
        assert!(links.len() > 10, "{api} has links");
        for link in links {
            assert!(anchors.contains(&link), "{api}: `#{link}` has no anchor");
        }
    }
}

#[test]
fn anchors_are_unique() {
    let text = schemas("vinix");
    let count = text.matches("<a id=\"").count();
    assert_eq!(links_and_anchors(&text).1.len(), count);
}

#[test]
fn every_operation_and_type_has_its_section() {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).expect("the crate directory exists");
    let api = load(Path::new("../schemas/vinix"), "vinix");
    let text = reference(&api);
    for op in &api.operations {
        assert!(text.contains(&format!("### `{} {}` (`{}`)", op.method, op.path, op.id)), "no section for {}", op.id);
    }
    for t in &api.types {
        assert!(text.contains(&format!("\n### {}\n", t.name)), "no section for {}", t.name);
    }
}

#[test]
fn types_link_to_each_other_and_operations_to_their_types() {
    let text = reference_of(
        "openapi: 3.1.0\ninfo: {title: Pets, version: '1'}\npaths:\n  /pets/{id}:\n    get:\n      operationId: getPet\n      parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n      responses:\n        '200': {description: the pet, content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}\ncomponents:\n  schemas:\n    Pet: {type: object, required: [owner], properties: {owner: {$ref: '#/components/schemas/User'}, tags: {type: array, items: {type: string}}}}\n    User: {type: object, properties: {name: {type: string}}}\n",
    );
    assert!(text.contains("| `200` | the pet | `application/json` | [Pet](#pet) |"), "{text}");
    assert!(text.contains("| `owner` | [User](#user) | yes |"), "{text}");
    assert!(text.contains("| `tags` | array of string | no |"), "{text}");
    assert!(text.contains("<a id=\"user\"></a>\n\n### User\n"), "{text}");
}

#[test]
fn pipes_and_newlines_in_descriptions_stay_inside_their_cell() {
    let text = reference_of(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Choice:\n      type: object\n      properties:\n        mode: {type: string, description: \"either a | b\\n\\nor c\"}\n",
    );
    assert!(text.contains("| `mode` | string | no | either a \\| b<br><br>or c |  |"), "{text}");
}

#[test]
fn authentication_says_how_to_supply_each_scheme() {
    let text = reference_of(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get: {operationId: a, security: [{key: []}, {basic: []}], responses: {'204': {description: none}}}\ncomponents:\n  securitySchemes:\n    key: {type: apiKey, in: query, name: api_key}\n    basic: {type: http, scheme: basic}\n",
    );
    assert!(text.contains("API key: send the key in the query parameter `api_key`."), "{text}");
    assert!(text.contains("HTTP Basic: send `Authorization: Basic <base64 of user:password>`."), "{text}");
    assert!(text.contains("Authentication: one of [`key`](#auth-key); [`basic`](#auth-basic)."), "{text}");
}

#[test]
fn enums_list_their_values_and_unions_their_variants() {
    let text = reference_of(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Color: {type: string, enum: [red, green]}\n    Shape:\n      oneOf: [{$ref: '#/components/schemas/Circle'}, {$ref: '#/components/schemas/Square'}]\n      discriminator: {propertyName: kind}\n    Circle: {type: object, properties: {kind: {type: string}}}\n    Square: {type: object, properties: {kind: {type: string}}}\n",
    );
    assert!(text.contains("Enumeration of string values:\n\n- `\"red\"`\n- `\"green\"`\n"), "{text}");
    assert!(text.contains("chosen by the value of the property `kind`"), "{text}");
    assert!(text.contains("| Circle | [Circle](#circle) | `Circle` |  |"), "{text}");
}

#[test]
fn servers_show_their_variables() {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).expect("the crate directory exists");
    let text = schemas("commpeak");
    assert!(text.contains("| Variable | Default | Allowed values | Description |"), "{text}");
}
