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

/// The unknown-key warnings of `doc` (written as `name` in a fresh folder).
fn unknown_keys(name: &str, doc: &str) -> Vec<String> {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(name);
    std::fs::write(&path, doc).expect("write the document");
    let all = match switchboard_generator::load_api(&path, "api", Options::default()).result {
        Ok((_, warnings)) => warnings,
        Err(errors) => errors.0,
    };
    all.iter().filter(|d| d.lint == Lint::UnknownKey).map(|d| format!("{}: {}", d.pointer, d.message)).collect()
}

/// Every object of each version, with every key it may hold (values only as valid as a walk
/// needs): none is called unknown.
#[test]
fn documents_using_every_key_of_their_version_have_no_unknown_keys() {
    let schema_30 = "{title: t, multipleOf: 1, maximum: 9, exclusiveMaximum: true, minimum: 0, exclusiveMinimum: false, maxLength: 9, minLength: 0, pattern: '^a', maxItems: 9, minItems: 0, uniqueItems: true, maxProperties: 9, minProperties: 0, required: [a], enum: [a], type: object, allOf: [{}], oneOf: [{}], anyOf: [{}], not: {}, items: {}, properties: {a: {type: string}}, additionalProperties: {}, description: d, format: f, default: {}, nullable: true, discriminator: {propertyName: a, mapping: {x: '#/components/schemas/S'}}, readOnly: false, writeOnly: false, xml: {name: n, namespace: 'http://x', prefix: p, attribute: false, wrapped: false}, externalDocs: {description: d, url: 'http://x'}, example: {}, deprecated: false}";
    let schema_31 = "{$schema: 'https://json-schema.org/draft/2020-12/schema', $id: s, $anchor: a, $dynamicAnchor: d, $comment: c, $defs: {A: {}}, $vocabulary: {}, prefixItems: [{}], items: {}, contains: {}, minContains: 1, maxContains: 2, if: {}, then: {}, else: {}, dependentSchemas: {a: {}}, dependentRequired: {a: [b]}, patternProperties: {'^a': {}}, propertyNames: {}, unevaluatedItems: {}, unevaluatedProperties: false, const: 1, contentEncoding: base64, contentMediaType: text/plain, contentSchema: {}, examples: [1], deprecated: true, readOnly: true, writeOnly: false, discriminator: {propertyName: a}, xml: {name: n}, externalDocs: {url: 'http://x'}, example: 1, type: [string, 'null'], enum: [a, null]}";
    let v3 = |version: &str, schema: &str, extra_root: &str, extra_components: &str| {
        format!(
            "openapi: {version}
info: {{title: t, description: d, termsOfService: 'http://x', contact: {{name: n, url: 'http://x', email: a@b.c}}, license: {{name: MIT, url: 'http://x'}}, version: '1'}}
servers: [{{url: 'https://{{host}}', description: d, variables: {{host: {{enum: [a], default: a, description: d}}}}}}]
tags: [{{name: t, description: d, externalDocs: {{url: 'http://x'}}}}]
externalDocs: {{description: d, url: 'http://x'}}
security: [{{key: []}}]
{extra_root}paths:
  /a/{{id}}:
    summary: s
    description: d
    servers: [{{url: /}}]
    parameters: [{{$ref: '#/components/parameters/Id'}}]
    get:
      tags: [t]
      summary: s
      description: d
      externalDocs: {{url: 'http://x'}}
      operationId: getA
      deprecated: false
      security: [{{}}]
      servers: [{{url: /}}]
      parameters:
        - {{name: q, in: query, description: d, required: false, deprecated: false, allowEmptyValue: false, style: form, explode: true, allowReserved: false, schema: {{type: string}}, example: a}}
        - {{name: c, in: query, content: {{application/json: {{schema: {{type: string}}}}}}, examples: {{one: {{$ref: '#/components/examples/One'}}}}}}
      requestBody:
        description: d
        required: true
        content:
          multipart/form-data:
            schema: {{$ref: '#/components/schemas/S'}}
            encoding: {{a: {{contentType: text/plain, headers: {{X-A: {{schema: {{type: string}}}}}}, style: form, explode: true, allowReserved: false}}}}
      callbacks:
        onEvent:
          '{{$request.body#/url}}':
            post:
              operationId: onEvent
              responses: {{'204': {{description: ok}}}}
      responses:
        '200':
          description: ok
          headers: {{X-Rate: {{description: d, required: false, deprecated: false, schema: {{type: integer}}, example: 1}}}}
          content: {{application/json: {{schema: {{$ref: '#/components/schemas/S'}}, example: {{}}, examples: {{one: {{summary: s, description: d, value: {{}}}}}}}}}}
          links: {{self: {{operationId: getA, parameters: {{id: '$response.body#/id'}}, requestBody: x, description: d, server: {{url: /}}}}}}
        4XX: {{$ref: '#/components/responses/Error'}}
        default: {{description: other}}
components:
{extra_components}  schemas:
    S: {schema}
  parameters:
    Id: {{name: id, in: path, required: true, schema: {{type: string}}}}
  responses:
    Error: {{description: error}}
  examples:
    One: {{summary: s, externalValue: 'http://x'}}
  requestBodies:
    Body: {{content: {{text/plain: {{schema: {{type: string}}}}}}}}
  headers:
    H: {{schema: {{type: string}}}}
  links:
    L: {{operationRef: '#/paths/~1a~1{{id}}/get'}}
  callbacks:
    C: {{'{{$url}}': {{post: {{responses: {{'204': {{description: ok}}}}}}}}}}
  securitySchemes:
    key: {{type: apiKey, description: d, name: X-Key, in: header}}
    bearer: {{type: http, scheme: bearer, bearerFormat: JWT}}
    oidc: {{type: openIdConnect, openIdConnectUrl: 'https://x'}}
    oauth:
      type: oauth2
      flows:
        implicit: {{authorizationUrl: 'https://x', refreshUrl: 'https://x', scopes: {{read: r}}}}
        password: {{tokenUrl: 'https://x', scopes: {{}}}}
        clientCredentials: {{tokenUrl: 'https://x', scopes: {{}}}}
        authorizationCode: {{authorizationUrl: 'https://x', tokenUrl: 'https://x', scopes: {{}}}}
"
        )
    };
    let doc_30 = v3("3.0.3", schema_30, "", "");
    assert_eq!(unknown_keys("v30.yaml", &doc_30), Vec::<String>::new());
    let doc_31 = v3(
        "3.1.0",
        schema_31,
        "jsonSchemaDialect: 'https://spec.openapis.org/oas/3.1/dialect/base'\nwebhooks: {ping: {post: {responses: {'204': {description: ok}}}}}\n",
        "  pathItems: {P: {get: {responses: {'204': {description: ok}}}}}\n",
    );
    assert_eq!(unknown_keys("v31.yaml", &doc_31), Vec::<String>::new());
    let doc_2 = "swagger: '2.0'
info: {title: t, description: d, termsOfService: 'http://x', contact: {name: n, url: 'http://x', email: a@b.c}, license: {name: MIT, url: 'http://x'}, version: '1'}
host: example.com
basePath: /v1
schemes: [https]
consumes: [application/json]
produces: [application/json]
tags: [{name: t, description: d, externalDocs: {url: 'http://x'}}]
externalDocs: {description: d, url: 'http://x'}
security: [{key: []}]
securityDefinitions:
  key: {type: apiKey, description: d, name: X-Key, in: header}
  oauth: {type: oauth2, flow: accessCode, authorizationUrl: 'https://x', tokenUrl: 'https://x', scopes: {read: r}}
parameters:
  Id: {name: id, in: path, required: true, type: string}
responses:
  Error: {description: error, schema: {$ref: '#/definitions/S'}}
definitions:
  S: {title: t, description: d, default: {}, multipleOf: 1, maximum: 9, exclusiveMaximum: true, minimum: 0, exclusiveMinimum: false, maxLength: 9, minLength: 0, pattern: '^a', maxItems: 9, minItems: 0, uniqueItems: true, maxProperties: 9, minProperties: 0, required: [a], enum: [{}], type: object, format: f, items: {}, allOf: [{}], properties: {a: {type: string}}, additionalProperties: {}, discriminator: a, readOnly: false, xml: {name: n, namespace: 'http://x', prefix: p, attribute: false, wrapped: false}, externalDocs: {url: 'http://x'}, example: {}}
paths:
  /a/{id}:
    parameters: [{$ref: '#/parameters/Id'}]
    get:
      tags: [t]
      summary: s
      description: d
      externalDocs: {url: 'http://x'}
      operationId: getA
      consumes: [application/json]
      produces: [application/json]
      schemes: [https]
      deprecated: false
      security: [{key: []}]
      parameters:
        - {name: q, in: query, description: d, required: false, type: array, items: {type: integer, format: int32, items: {type: string}, collectionFormat: csv, default: 1, maximum: 9, exclusiveMaximum: false, minimum: 0, exclusiveMinimum: false, maxLength: 9, minLength: 0, pattern: a, maxItems: 9, minItems: 0, uniqueItems: false, enum: [1], multipleOf: 1}, collectionFormat: multi, allowEmptyValue: false, default: [], maximum: 9, exclusiveMaximum: false, minimum: 0, exclusiveMinimum: false, maxLength: 9, minLength: 0, pattern: a, maxItems: 9, minItems: 0, uniqueItems: false, enum: [[1]], multipleOf: 1, format: f}
        - {name: b, in: body, description: d, required: true, schema: {$ref: '#/definitions/S'}}
      responses:
        '200':
          description: ok
          schema: {$ref: '#/definitions/S'}
          headers: {X-Rate: {description: d, type: integer, format: int32, items: {type: string}, collectionFormat: csv, default: 1, maximum: 9, minimum: 0, enum: [1], multipleOf: 1}}
          examples: {application/json: {anything: [1]}}
        default: {$ref: '#/responses/Error'}
";
    assert_eq!(unknown_keys("v2.yaml", doc_2), Vec::<String>::new());
}
