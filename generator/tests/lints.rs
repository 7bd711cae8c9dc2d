//! Lints: warnings about schemas that generate but are probably wrong. Each test shows a small
//! document and the diagnostics it gets (`file:line:col: severity: message`, then the help).

use switchboard_generator::{load_api, Options};

/// Every diagnostic for `yaml`, one per line, as `line:col: severity: message`.
fn diagnostics(yaml: &str, options: Options) -> Vec<String> {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("api.yaml");
    std::fs::write(&path, yaml).expect("write the document");
    let all = match load_api(&path, "api", options).result {
        Ok((_, warnings)) => warnings,
        Err(errors) => errors.0,
    };
    all.iter()
        .map(|d| {
            let level = if d.is_error() { "error" } else { "warning" };
            format!("{}:{}: {level}: {}", d.line, d.col, d.message)
        })
        .collect()
}

fn warnings(yaml: &str) -> Vec<String> {
    diagnostics(yaml, Options::default())
}

const HEAD: &str = "openapi: 3.1.0\ninfo: {title: lints, version: '1'}\n";

#[test]
fn a_clean_document_has_no_diagnostics() {
    let doc = format!(
        "{HEAD}paths:
  /users/{{id}}:
    get:
      operationId: getUser
      parameters: [{{name: id, in: path, required: true, schema: {{type: string}}}}]
      responses: {{'200': {{description: ok}}}}
"
    );
    assert_eq!(warnings(&doc), Vec::<String>::new());
}

#[test]
fn a_path_parameter_used_but_not_declared() {
    let doc = format!(
        "{HEAD}paths:
  /users/{{id}}:
    get:
      operationId: getUser
      responses: {{'200': {{description: ok}}}}
"
    );
    assert_eq!(
        warnings(&doc),
        ["5:5: warning: `{id}` in `/users/{id}` is not declared as a path parameter; it is taken as a string"]
    );
}

#[test]
fn a_path_parameter_declared_but_not_used() {
    let doc = format!(
        "{HEAD}paths:
  /users:
    get:
      operationId: listUsers
      parameters:
        - {{name: id, in: path, required: true, schema: {{type: string}}}}
      responses: {{'200': {{description: ok}}}}
"
    );
    assert_eq!(warnings(&doc), ["8:11: warning: path parameter `id` does not appear in `/users`; it is ignored"]);
}

#[test]
fn a_duplicate_operation_id_is_renamed() {
    let doc = format!(
        "{HEAD}paths:
  /a:
    get: {{operationId: fetch, responses: {{'200': {{description: ok}}}}}}
  /b:
    get: {{operationId: fetch, responses: {{'200': {{description: ok}}}}}}
"
    );
    assert_eq!(warnings(&doc), ["7:24: warning: operationId `fetch` is used twice; this one is called `fetch2`"]);
}

#[test]
fn a_missing_operation_id_is_derived() {
    let doc = format!("{HEAD}paths:\n  /users/{{id}}/photo:\n    get: {{parameters: [{{name: id, in: path, required: true}}], responses: {{'200': {{description: ok}}}}}}\n");
    assert_eq!(
        warnings(&doc),
        ["5:5: warning: `GET /users/{id}/photo` has no operationId; it is called `getUsersIdPhoto`"]
    );
}

#[test]
fn a_component_schema_no_operation_reaches() {
    let doc = format!(
        "{HEAD}paths:
  /a:
    get: {{operationId: a, responses: {{'200': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Used'}}}}}}}}}}}}
components:
  schemas:
    Used: {{allOf: [{{$ref: '#/components/schemas/Base'}}]}}
    Base: {{type: object, properties: {{id: {{type: string}}}}}}
    Orphan: {{type: object, properties: {{id: {{type: string}}}}}}
"
    );
    assert_eq!(warnings(&doc), ["10:5: warning: component schema `Orphan` is not used by any operation"]);
}

#[test]
fn a_component_parameter_no_ref_names() {
    let doc = format!(
        "{HEAD}paths:
  /a:
    get: {{operationId: a, responses: {{'200': {{description: ok}}}}}}
components:
  parameters:
    Limit: {{name: limit, in: query, schema: {{type: integer}}}}
"
    );
    assert_eq!(warnings(&doc), ["8:5: warning: component parameter `Limit` is not referenced anywhere"]);
}

#[test]
fn a_default_that_is_not_among_the_enum_values() {
    let doc = format!(
        "{HEAD}paths: {{}}
components:
  schemas:
    Codec: {{type: string, enum: [PCMU, PCMA], default: OPUS}}
"
    );
    assert_eq!(
        warnings(&doc),
        ["6:56: warning: default does not match its schema: `$` is `\"OPUS\"`, which is not one of \"PCMU\", \"PCMA\""]
    );
}

#[test]
fn a_property_default_of_the_wrong_type() {
    let doc = format!(
        "{HEAD}paths: {{}}
components:
  schemas:
    Limits:
      type: object
      properties:
        max: {{type: integer, default: many}}
"
    );
    assert_eq!(
        warnings(&doc),
        ["9:39: warning: default does not match its schema: `$` should be an integer, not a string `\"many\"`"]
    );
}

#[test]
fn a_schema_example_that_lacks_a_required_property() {
    let doc = format!(
        "{HEAD}paths: {{}}
components:
  schemas:
    User:
      type: object
      required: [id]
      properties: {{id: {{type: string}}, name: {{type: string}}}}
      example: {{name: Ann}}
"
    );
    assert_eq!(
        warnings(&doc),
        ["10:7: warning: example does not match its schema: `$` lacks the required property `id`"]
    );
}

#[test]
fn a_media_type_example_is_checked_against_the_body_schema() {
    let doc = format!(
        "{HEAD}paths:
  /users:
    get:
      operationId: listUsers
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {{type: array, items: {{type: object, properties: {{age: {{type: integer, format: int32}}}}}}}}
              examples:
                big: {{value: [{{age: 30}}, {{age: 99999999999}}]}}
"
    );
    assert_eq!(
        warnings(&doc),
        ["14:23: warning: example does not match its schema: `$[1].age` is 99999999999, outside the range of int32"]
    );
}

#[test]
fn a_parameter_example_is_checked_against_the_parameter_schema() {
    let doc = format!(
        "{HEAD}paths:
  /users:
    get:
      operationId: listUsers
      parameters: [{{name: limit, in: query, schema: {{type: integer}}, example: ten}}]
      responses: {{'200': {{description: ok}}}}
"
    );
    assert_eq!(
        warnings(&doc),
        ["7:79: warning: example does not match its schema: `$` should be an integer, not a string `\"ten\"`"]
    );
}

#[test]
fn a_keyword_with_a_value_of_the_wrong_type() {
    let doc = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Id: {{type: object, properties: {{id: {{type: 42}}}}}}\n"
    );
    assert_eq!(
        warnings(&doc),
        ["6:48: warning: `type` must be a type name or a list of them, not `42`; it is ignored"]
    );
}

#[test]
fn strict_makes_a_lint_an_error() {
    let doc = format!("{HEAD}paths:\n  /a:\n    get: {{responses: {{'200': {{description: ok}}}}}}\n");
    assert_eq!(
        diagnostics(&doc, Options { strict: true }),
        ["5:5: error: `GET /a` has no operationId; it is called `getA`"]
    );
}
