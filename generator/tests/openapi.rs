//! The OpenAPI target: a bundled OpenAPI 3.1 document that the pinned validator accepts and
//! that gives back the same Rust client as the documents it was made from.
//!
//! The validator is `.tools/python/bin/openapi-spec-validator`, installed by `bash scripts/tools.sh`.
//! `scripts/targets-openapi.sh` runs the same checks over the 42 corpus documents through the
//! ignored test `corpus_from_env` at the end of this file.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{json, Value};
use switchboard_generator::{ir::Api, load_api, targets, Options};

fn crate_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn load(input: &Path, name: &str) -> Api {
    let loaded = load_api(input, name, Options::default());
    loaded.result.unwrap_or_else(|d| panic!("{} does not load: {d}", input.display())).0
}

fn bundle(api: &Api) -> String {
    let files = targets::openapi::generate(api, &api.name).expect("the openapi target emits");
    assert_eq!(files.len(), 1, "one file");
    assert_eq!(files[0].path, Path::new("openapi.json"));
    files[0].contents.clone()
}

/// Writes the bundle of `input` into `dir` and returns its path and the source's IR.
fn write_bundle(input: &Path, name: &str, dir: &Path) -> (PathBuf, Api) {
    let api = load(input, name);
    let path = dir.join("openapi.json");
    std::fs::write(&path, bundle(&api)).expect("write the bundle");
    (path, api)
}

/// Lines that name where the schema came from: file headers, the client's doc line, and each
/// type's `Schema: `file#pointer`` line. Nothing else may differ.
fn normalized(text: &str, source: &str) -> String {
    text.lines()
        .map(|line| {
            let line = line.replace(source, "<source>");
            match line.find("Schema: `") {
                Some(start) if line.trim_start().starts_with("///") => format!("{}Schema: `<origin>`.", &line[..start]),
                _ => line,
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `Ok` when the Rust crate generated from the bundle equals the one from the source, file by
/// file; otherwise the first differing line.
fn rust_round_trip(input: &Path, name: &str) -> Result<(), String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let (path, source_api) = write_bundle(input, name, dir.path());
    let bundle_api =
        load_api(&path, name, Options::default()).result.map_err(|d| format!("the bundle does not load: {d}"))?.0;
    let want = targets::rust::standalone_crate(&source_api, name).map_err(|e| e.to_string())?;
    let got = targets::rust::standalone_crate(&bundle_api, name).map_err(|e| e.to_string())?;
    if want.len() != got.len() {
        return Err(format!("{} files from the source, {} from the bundle", want.len(), got.len()));
    }
    for (w, g) in want.iter().zip(&got) {
        let (w_text, g_text) =
            (normalized(&w.contents, &source_api.source), normalized(&g.contents, &bundle_api.source));
        if w_text != g_text {
            let (i, (wl, gl)) = w_text
                .lines()
                .zip(g_text.lines())
                .enumerate()
                .find(|(_, (a, b))| a != b)
                .unwrap_or((0, ("(length)", "(length)")));
            return Err(format!("{} line {}:\n  source: {wl}\n  bundle: {gl}", w.path.display(), i + 1));
        }
    }
    Ok(())
}

fn validator() -> PathBuf {
    let path = crate_dir().join("../.tools/python/bin/openapi-spec-validator");
    assert!(path.is_file(), "{} is missing: run `bash scripts/tools.sh`", path.display());
    path
}

fn validate(path: &Path) -> Result<(), String> {
    let out = Command::new(validator()).arg(path).output().map_err(|e| e.to_string())?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
    }
}

fn constructs() -> Vec<PathBuf> {
    let mut list: Vec<PathBuf> = std::fs::read_dir(crate_dir().join("tests/constructs"))
        .expect("the constructs folder exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    list.sort();
    list
}

fn api_dir(name: &str) -> PathBuf {
    crate_dir().join("../schemas").join(name)
}

fn round_trip_all(inputs: &[PathBuf]) {
    let failures: Vec<String> = inputs
        .iter()
        .filter_map(|input| {
            let name = input.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            rust_round_trip(input, &name).err().map(|e| format!("{}: {e}", input.display()))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn validate_all(inputs: &[PathBuf]) {
    let failures: Vec<String> = inputs
        .iter()
        .filter_map(|input| {
            let dir = tempfile::tempdir().expect("temp dir");
            let name = input.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            let (path, _) = write_bundle(input, &name, dir.path());
            validate(&path).err().map(|e| format!("{}: {e}", input.display()))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn vinix_bundle_gives_the_same_rust() {
    rust_round_trip(&api_dir("vinix"), "vinix").unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn rinkel_bundle_gives_the_same_rust() {
    rust_round_trip(&api_dir("rinkel"), "rinkel").unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn commpeak_bundle_gives_the_same_rust() {
    rust_round_trip(&api_dir("commpeak"), "commpeak").unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn every_construct_bundle_gives_the_same_rust() {
    round_trip_all(&constructs());
}

#[test]
fn schemas_bundles_validate() {
    validate_all(&["vinix", "rinkel", "commpeak"].map(api_dir));
}

#[test]
fn every_construct_bundle_validates() {
    validate_all(&constructs());
}

#[test]
fn output_is_deterministic_pretty_json_with_a_trailing_newline() {
    let api = load(&api_dir("vinix"), "vinix");
    let text = bundle(&api);
    assert_eq!(text, bundle(&load(&api_dir("vinix"), "vinix")));
    assert!(text.ends_with("}\n") && !text.ends_with("\n\n"));
    assert!(text.starts_with("{\n  \"openapi\": \"3.1.0\",\n"), "{}", &text[..60]);
}

fn refs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get("$ref") {
                out.push(r.clone());
            }
            map.values().for_each(|v| refs(v, out));
        }
        Value::Array(list) => list.iter().for_each(|v| refs(v, out)),
        _ => {}
    }
}

#[test]
fn every_ref_points_inside_the_bundle_at_a_component() {
    // rinkel spreads its schemas over many files.
    let doc: Value = serde_json::from_str(&bundle(&load(&api_dir("rinkel"), "rinkel"))).expect("JSON");
    let mut found = Vec::new();
    refs(&doc, &mut found);
    assert!(!found.is_empty());
    for r in found {
        let name = r.strip_prefix("#/components/schemas/").unwrap_or_else(|| panic!("`{r}` is not a component schema"));
        assert!(doc["components"]["schemas"].get(name).is_some(), "`{r}` names nothing");
    }
}

/// The bundle of a small document given inline.
fn bundle_of(yaml: &str) -> Value {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("api.yaml");
    std::fs::write(&path, yaml).expect("write the input");
    serde_json::from_str(&bundle(&load(&path, "api"))).expect("JSON")
}

#[test]
fn inline_schemas_become_components_under_their_ir_names() {
    let doc = bundle_of(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /pets:\n    get:\n      operationId: listPets\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {type: object, properties: {name: {type: string}}}\n",
    );
    assert_eq!(
        doc["paths"]["/pets"]["get"]["responses"]["200"]["content"]["application/json"]["schema"],
        json!({"$ref": "#/components/schemas/ListPetsResponse"})
    );
    assert_eq!(
        doc["components"]["schemas"]["ListPetsResponse"],
        json!({"type": "object", "properties": {"name": {"type": "string"}}})
    );
}

#[test]
fn nullable_values_are_type_arrays_or_one_of_with_null() {
    let doc = bundle_of(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Pet:\n      type: object\n      properties:\n        name: {type: string, nullable: true}\n        owner: {oneOf: [{$ref: '#/components/schemas/Owner'}], nullable: true}\n    Owner: {type: object, properties: {id: {type: integer}}}\n",
    );
    let props = &doc["components"]["schemas"]["Pet"]["properties"];
    assert_eq!(props["name"], json!({"type": ["string", "null"]}));
    assert_eq!(props["owner"], json!({"oneOf": [{"$ref": "#/components/schemas/Owner"}, {"type": "null"}]}));
}

#[test]
fn discriminator_mapping_comes_from_variant_tags() {
    let doc = bundle_of(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Pet:\n      oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}]\n      discriminator: {propertyName: kind, mapping: {cat: '#/components/schemas/Cat'}}\n    Cat: {type: object, properties: {kind: {type: string}}}\n    Dog: {type: object, properties: {kind: {type: string}}}\n",
    );
    assert_eq!(
        doc["components"]["schemas"]["Pet"]["discriminator"],
        json!({"propertyName": "kind", "mapping": {"cat": "#/components/schemas/Cat"}}),
        "Dog keeps its implied tag `Dog`"
    );
}

#[test]
fn all_of_parents_stay_references_and_only_new_fields_are_written() {
    let doc = bundle_of(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Base: {type: object, required: [id], properties: {id: {type: string}}}\n    User:\n      allOf:\n        - $ref: '#/components/schemas/Base'\n        - {type: object, properties: {name: {type: string}}}\n",
    );
    assert_eq!(
        doc["components"]["schemas"]["User"],
        json!({"type": "object", "allOf": [{"$ref": "#/components/schemas/Base"}], "properties": {"name": {"type": "string"}}, "required": ["id"]})
    );
}

#[test]
fn servers_are_written_only_where_they_differ() {
    let doc = bundle_of(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\nservers: [{url: 'https://api.example.com'}]\npaths:\n  /a:\n    get: {operationId: a, responses: {'204': {description: none}}}\n    servers: [{url: 'https://{region}.example.com', variables: {region: {default: eu, enum: [eu, us]}}}]\n  /b:\n    get: {operationId: b, responses: {'204': {description: none}}}\n",
    );
    assert_eq!(
        doc["paths"]["/a"]["servers"],
        json!([{"url": "https://{region}.example.com", "variables": {"region": {"enum": ["eu", "us"], "default": "eu"}}}])
    );
    assert!(doc["paths"]["/b"].get("servers").is_none() && doc["paths"]["/b"]["get"].get("servers").is_none());
}

#[test]
fn login_extension_and_security_are_kept() {
    let doc: Value = serde_json::from_str(&bundle(&load(&api_dir("vinix"), "vinix"))).expect("JSON");
    let logins: Vec<&Value> = doc["paths"]
        .as_object()
        .into_iter()
        .flat_map(|p| p.values())
        .filter_map(Value::as_object)
        .flat_map(|item| item.values())
        .filter_map(|op| op.get("x-switchboard-login"))
        .collect();
    assert!(!logins.is_empty(), "vinix has login operations");
    for login in logins {
        let scheme = login["scheme"].as_str().expect("a scheme name");
        assert!(doc["components"]["securitySchemes"].get(scheme).is_some(), "{scheme} is declared");
    }
}

/// For `scripts/targets-openapi.sh`: round-trips every document listed (one per line) in the
/// file `SWITCHBOARD_OPENAPI_DOCS` and writes `<document>\tok` or `<document>\t<why>` lines to
/// `SWITCHBOARD_OPENAPI_RESULTS`. Fails when any document fails.
#[test]
#[ignore = "run by scripts/targets-openapi.sh over the corpus"]
fn corpus_from_env() {
    let list = std::env::var("SWITCHBOARD_OPENAPI_DOCS").expect("SWITCHBOARD_OPENAPI_DOCS names a list of documents");
    let results =
        std::env::var("SWITCHBOARD_OPENAPI_RESULTS").expect("SWITCHBOARD_OPENAPI_RESULTS names the output file");
    let docs = std::fs::read_to_string(list).expect("read the list");
    let mut lines = String::new();
    let mut failed = 0;
    for doc in docs.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let path = Path::new(doc);
        let name = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let outcome =
            std::panic::catch_unwind(|| rust_round_trip(path, &name)).unwrap_or_else(|_| Err("panicked".into()));
        match outcome {
            Ok(()) => lines.push_str(&format!("{doc}\tok\n")),
            Err(e) => {
                failed += 1;
                lines.push_str(&format!("{doc}\t{}\n", e.replace(['\n', '\t'], " ")));
            }
        }
    }
    std::fs::write(results, lines).expect("write the results");
    assert_eq!(failed, 0, "{failed} documents do not round-trip");
}

/// Writes `yaml` to a temporary document and checks its Rust round trip.
fn round_trip_of(yaml: &str) -> Result<(), String> {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("api.yaml");
    std::fs::write(&path, yaml).expect("write the input");
    rust_round_trip(&path, "api")
}

#[test]
fn scheme_keys_openapi_forbids_are_renamed_and_keep_their_name() {
    let yaml = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get: {operationId: a, security: [{'My Auth': []}], responses: {'204': {description: none}}}\ncomponents:\n  securitySchemes:\n    'My Auth': {type: http, scheme: bearer}\n";
    let doc = bundle_of(yaml);
    assert_eq!(
        doc["components"]["securitySchemes"]["My_Auth"],
        json!({"x-switchboard-name": "My Auth", "type": "http", "scheme": "bearer"})
    );
    assert_eq!(doc["paths"]["/a"]["get"]["security"], json!([{"My_Auth": []}]));
    round_trip_of(yaml).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn fields_of_an_inline_part_before_a_parent_keep_their_place() {
    let yaml = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Base: {type: object, properties: {id: {type: string}, name: {type: string}}}\n    Order:\n      allOf:\n        - {properties: {name: {type: string, description: overridden later}, note: {type: string}}}\n        - $ref: '#/components/schemas/Base'\n";
    round_trip_of(yaml).unwrap_or_else(|e| panic!("{e}"));
    let order = &bundle_of(yaml)["components"]["schemas"]["Order"];
    assert_eq!(order["allOf"][0]["properties"]["note"], json!({"type": "string"}), "{order}");
    assert_eq!(order["allOf"][1], json!({"$ref": "#/components/schemas/Base"}), "{order}");
}

#[test]
fn defaults_their_schema_rejects_are_left_out() {
    let doc = bundle_of("openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Kind: {type: string, enum: [a, b], default: none}\n    Box: {type: object, properties: {tags: {type: array, items: {type: string}, default: ''}, size: {type: integer, default: 3}}}\n");
    assert!(doc["components"]["schemas"]["Kind"].get("default").is_none());
    assert!(doc["components"]["schemas"]["Box"]["properties"]["tags"].get("default").is_none());
    assert_eq!(doc["components"]["schemas"]["Box"]["properties"]["size"]["default"], json!(3));
}
