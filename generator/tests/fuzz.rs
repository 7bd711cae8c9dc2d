//! Fuzzing load → IR → Rust emission with random OpenAPI-shaped documents: whatever the input,
//! the generator returns diagnostics or code, and never panics.
//!
//! CI runs the default number of cases. A long local run:
//! `PROPTEST_CASES=1000000 timeout 600 cargo test --release -p switchboard-generator --test fuzz`

use proptest::prelude::*;
use serde_json::{json, Map, Value};
use switchboard_generator::{load_api, targets::rust, Options};

/// Words the generator gives meaning to, so random documents reach deep into lowering.
const KEYS: &[&str] = &[
    "type",
    "properties",
    "items",
    "required",
    "enum",
    "const",
    "allOf",
    "oneOf",
    "anyOf",
    "not",
    "nullable",
    "additionalProperties",
    "patternProperties",
    "discriminator",
    "propertyName",
    "mapping",
    "default",
    "format",
    "$ref",
    "description",
    "readOnly",
    "writeOnly",
    "deprecated",
    "schema",
    "content",
    "responses",
    "parameters",
    "in",
    "name",
    "style",
    "explode",
    "requestBody",
    "security",
    "servers",
    "url",
    "variables",
    "operationId",
    "application/json",
    "text/plain",
    "image/*",
    "200",
    "2XX",
    "default",
    "404",
    "x-nullable",
    "example",
];
const WORDS: &[&str] = &[
    "object",
    "string",
    "integer",
    "number",
    "boolean",
    "array",
    "null",
    "int32",
    "int64",
    "binary",
    "date-time",
    "path",
    "query",
    "header",
    "cookie",
    "form",
    "deepObject",
    "#/components/schemas/A",
    "#/components/schemas/B",
    "#/paths/~1a/get",
    "other.yaml#/X",
    "#",
    "",
    "type",
    "self",
    "2fa",
    "größe",
    "{id}",
    "/a/{id}",
];

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        (-1e6f64..1e6).prop_map(Value::from),
        prop::sample::select(WORDS).prop_map(Value::from),
        "[a-z$#/{}~ ]{0,8}".prop_map(Value::from),
    ]
}

fn node() -> impl Strategy<Value = Value> {
    scalar().prop_recursive(8, 256, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(KEYS), inner), 0..6).prop_map(|entries| {
                Value::Object(entries.into_iter().map(|(k, v)| (k.to_string(), v)).collect::<Map<String, Value>>())
            }),
        ]
    })
}

/// A document with the outline of OpenAPI and random insides.
fn document() -> impl Strategy<Value = Value> {
    (node(), node(), node(), node(), prop::sample::select(&["3.1.0", "3.0.3", "2.0"][..])).prop_map(
        |(a, b, path, op, version)| {
            let mut doc = json!({
                "info": {"title": "fuzz", "version": "1"},
                "components": {"schemas": {"A": a, "B": b}},
                "paths": {"/a/{id}": path, "/b": {"get": op}},
            });
            let key = if version == "2.0" { "swagger" } else { "openapi" };
            doc[key] = Value::from(version);
            doc
        },
    )
}

proptest! {
    #[test]
    fn any_document_gives_diagnostics_or_code(doc in document(), as_yaml in any::<bool>()) {
        let dir = tempfile::tempdir().expect("temp dir");
        let (path, text) = if as_yaml {
            (dir.path().join("openapi.yaml"), serde_yaml::to_string(&doc).expect("YAML"))
        } else {
            (dir.path().join("openapi.json"), doc.to_string())
        };
        std::fs::write(&path, text).expect("write document");
        if let Ok((api, _)) = load_api(&path, "fuzz", Options::default()).result {
            rust::standalone_crate(&api, "fuzz").expect("emission never fails on a lowered API");
        }
    }
}
