//! The TypeScript target, specified by example: an input schema, the TypeScript it must produce,
//! and what the compiled package must do when run by Node with a recording `fetch` (no network).
//! Every package is checked by the pinned tsc (`bash scripts/tools.sh` installs it), strict and
//! with the generated `tsconfig.json`.

use std::path::{Path, PathBuf};
use std::process::Command;

use switchboard_generator::targets::{typescript, File};
use switchboard_generator::{load_api, Options};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn tsc() -> PathBuf {
    let tsc = repo().join("tests/contract/node_modules/.bin/tsc");
    assert!(tsc.exists(), "the pinned TypeScript is not installed: run `bash scripts/tools.sh`");
    tsc
}

/// The package generated from the document or API directory at `input`.
fn generate_from(input: &Path, name: &str) -> Vec<File> {
    let (api, _) = load_api(input, name, Options::default()).result.unwrap_or_else(|d| panic!("{d}"));
    typescript::generate(&api, name).expect("the TypeScript target emits")
}

fn write_package(dir: &Path, files: &[File]) {
    for file in files {
        let path = dir.join(&file.path);
        std::fs::create_dir_all(path.parent().expect("files sit in a folder")).expect("create a folder");
        std::fs::write(&path, &file.contents).expect("write a generated file");
    }
}

/// A package generated from `yaml`, written with an optional `src/usage.ts` (code a user would
/// write against it), in a temporary directory that lives as long as the value.
struct Package {
    dir: tempfile::TempDir,
    files: Vec<File>,
}

impl Package {
    fn new(yaml: &str) -> Package {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let input = dir.path().join("api.yaml");
        std::fs::write(&input, yaml).expect("write the input");
        let files = generate_from(&input, "demo");
        write_package(&dir.path().join("pkg"), &files);
        Package { dir, files }
    }

    fn file(&self, path: &str) -> &str {
        self.files.iter().find(|f| f.path == Path::new(path)).map(|f| f.contents.as_str()).unwrap_or_default()
    }

    fn root(&self) -> PathBuf {
        self.dir.path().join("pkg")
    }

    /// Compiles the package (and `usage`, as `src/usage.ts`) to `dist/`; tsc's output on failure.
    fn compile(&self, usage: &str) -> Result<(), String> {
        std::fs::write(self.root().join("src/usage.ts"), usage).expect("write usage.ts");
        let out =
            Command::new(tsc()).arg("-p").arg(self.root()).args(["--pretty", "false"]).output().expect("tsc runs");
        if out.status.success() {
            Ok(())
        } else {
            Err(format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
        }
    }

    /// Runs `script` (an ES module beside `dist/`) with Node and returns what it printed.
    fn run(&self, script: &str) -> String {
        let path = self.root().join("check.mjs");
        std::fs::write(&path, script).expect("write the script");
        let out = Command::new("node").arg(&path).output().expect("node runs (Node.js 18 or later)");
        assert!(out.status.success(), "node failed:\n{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).into_owned()
    }
}

/// A `fetch` for scripts: records each request into `requests` and answers from `answers`
/// (status, content type, body), in order.
const RECORDING_FETCH: &str = r#"
import * as api from "./dist/index.js";
const requests = [];
const answers = [];
const fetch = async (url, init) => {
  const headers = Object.fromEntries(new Headers(init.headers).entries());
  requests.push({ url, method: init.method, headers, body: typeof init.body === "string" ? init.body : null });
  const [status, type, body] = answers.shift() ?? [204, null, null];
  return new Response(body, { status, headers: type ? { "content-type": type } : {} });
};
"#;

// ---- tsc passes on every hand-written API and every construct ----

#[test]
fn tsc_strict_passes_on_every_api_of_schemas_and_every_construct() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let mut inputs: Vec<(String, PathBuf)> =
        ["vinix", "rinkel", "commpeak"].iter().map(|a| (a.to_string(), repo().join("schemas").join(a))).collect();
    let constructs = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/constructs");
    let mut yamls: Vec<PathBuf> = std::fs::read_dir(&constructs)
        .expect("the constructs folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    yamls.sort();
    assert!(yamls.len() >= 20, "the construct inputs are missing");
    for y in yamls {
        let name = y.file_stem().and_then(|s| s.to_str()).unwrap_or("construct").to_string();
        inputs.push((name, y));
    }
    let mut tsconfig = None;
    for (name, input) in &inputs {
        let files = generate_from(input, name);
        tsconfig = files.iter().find(|f| f.path == Path::new("tsconfig.json")).map(|f| f.contents.clone());
        write_package(&dir.path().join(name), &files);
    }
    // One tsc run over every package, with the generated compiler options (every package's
    // tsconfig.json is the same): a package's files only import each other, so they cannot mix.
    let mut config: serde_json::Value =
        serde_json::from_str(&tsconfig.expect("a tsconfig.json")).expect("tsconfig.json is JSON");
    config["compilerOptions"]["rootDir"] = serde_json::Value::Null;
    config["compilerOptions"]["outDir"] = serde_json::Value::Null;
    config["compilerOptions"]["noEmit"] = serde_json::Value::Bool(true);
    config["include"] = serde_json::json!(["*/src"]);
    std::fs::write(dir.path().join("tsconfig.json"), config.to_string()).expect("write tsconfig.json");
    let out = Command::new(tsc()).arg("-p").arg(dir.path()).args(["--pretty", "false"]).output().expect("tsc runs");
    let report = String::from_utf8_lossy(&out.stdout);
    let failed: Vec<&String> =
        inputs.iter().map(|(n, _)| n).filter(|n| report.contains(&format!("{n}/src/"))).collect();
    assert!(
        out.status.success() && failed.is_empty(),
        "tsc --strict failed on {failed:?} of {} packages:\n{report}",
        inputs.len()
    );
}

#[test]
fn the_package_is_dependency_free_strict_and_named_as_asked() {
    let pkg = Package::new("openapi: 3.1.0\ninfo: {title: demo, version: '1'}\npaths: {}\n");
    let manifest: serde_json::Value = serde_json::from_str(pkg.file("package.json")).expect("package.json is JSON");
    assert_eq!(manifest["name"], "demo");
    assert_eq!(manifest["type"], "module");
    assert!(manifest.get("dependencies").is_none(), "no runtime dependencies");
    // Only what `prepare` builds `dist/` with on an install from git; a peer for the types.
    assert_eq!(manifest["devDependencies"], serde_json::json!({"typescript": "^5.7.3"}));
    assert_eq!(manifest["peerDependencies"], serde_json::json!({"typescript": ">=5.7"}));
    assert_eq!(manifest["scripts"]["prepare"], "tsc -p .");
    assert_eq!(manifest["engines"]["node"], ">=18");
    let tsconfig: serde_json::Value = serde_json::from_str(pkg.file("tsconfig.json")).expect("tsconfig.json is JSON");
    assert_eq!(tsconfig["compilerOptions"]["strict"], true);
    for path in ["src/index.ts", "src/types.ts", "src/client.ts", "src/runtime.ts"] {
        assert!(pkg.file(path).starts_with("// @generated by switchboard-generator from "), "{path} has no header");
    }
    assert!(pkg.file("src/client.ts").contains("api.yaml"), "the header names the source");
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    let vinix = repo().join("schemas/vinix");
    assert_eq!(generate_from(&vinix, "vinix"), generate_from(&vinix, "vinix"));
}

// ---- enums tolerate values added later ----

const ENUM: &str = r#"
openapi: 3.1.0
info: {title: enums, version: "1"}
paths: {}
components:
  schemas:
    Status:
      type: string
      enum: [active, disabled]
    Priority:
      type: integer
      enum: [1, 2]
"#;

#[test]
fn enums_are_literal_unions_open_to_unknown_values() {
    let pkg = Package::new(ENUM);
    let types = pkg.file("src/types.ts");
    assert!(types.contains(r#"export type Status = "active" | "disabled" | (string & {});"#), "{types}");
    assert!(types.contains("export type Priority = 1 | 2 | (number & {});"), "{types}");
    let usage = r#"
import type { Status, Priority } from "./index.js";
export const known: Status = "active";
export const added_later: Status = "archived";
export const priority: Priority = 7;
"#;
    pkg.compile(usage).unwrap_or_else(|e| panic!("{e}"));
}

// ---- a default never makes a field required ----

const DEFAULTS: &str = r#"
openapi: 3.1.0
info: {title: defaults, version: "1"}
paths: {}
components:
  schemas:
    User:
      type: object
      required: [id]
      properties:
        id: {type: string}
        language: {type: string, default: en}
        nickname: {type: [string, "null"]}
        "sort-string": {type: string}
"#;

#[test]
fn a_default_does_not_make_a_field_required_and_nullable_adds_null() {
    let pkg = Package::new(DEFAULTS);
    let types = pkg.file("src/types.ts");
    for expected in [
        "  id: string;\n",
        "  language?: string;\n",
        "  nickname?: string | null;\n",
        "  \"sort-string\"?: string;\n",
        "  [key: string]: unknown;\n",
    ] {
        assert!(types.contains(expected), "missing {expected:?} in\n{types}");
    }
    let usage = r#"
import type { User } from "./index.js";
export const minimal: User = { id: "1" };
export const with_unknown_keys: User = { id: "1", nickname: null, added_by_the_server: [1, 2] };
"#;
    pkg.compile(usage).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn an_empty_object_is_a_rinkel_user_and_a_vinix_user_needs_only_its_required_names() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    for (api, usage) in [
        ("rinkel", "import type { User } from \"./index.js\";\nexport const user: User = {};\n"),
        ("vinix", "import type { User } from \"./index.js\";\nexport const user: User = { first_name: \"Ada\", last_name: \"Lovelace\" };\n"),
    ] {
        let pkg = dir.path().join(api);
        write_package(&pkg, &generate_from(&repo().join("schemas").join(api), api));
        std::fs::write(pkg.join("src/usage.ts"), usage).expect("write usage.ts");
        let out = Command::new(tsc()).arg("-p").arg(&pkg).args(["--noEmit", "--pretty", "false"]).output().expect("tsc runs");
        assert!(out.status.success(), "{api}: {}", String::from_utf8_lossy(&out.stdout));
    }
}

// ---- auth per security scheme ----

const SECURITY: &str = r#"
openapi: 3.1.0
info: {title: security, version: "1"}
servers: [{url: "https://api.example.com"}]
security: [{Basic: []}]
components:
  securitySchemes:
    Basic: {type: http, scheme: basic}
    Key: {type: apiKey, in: query, name: api_key}
    Session: {type: apiKey, in: cookie, name: sid}
    Token: {type: http, scheme: bearer}
paths:
  /basic:
    get: {operationId: usesBasic, responses: {'204': {description: ok}}}
  /key-or-token:
    get:
      operationId: keyOrToken
      security: [{Key: [], Session: []}, {Token: []}]
      responses: {'204': {description: ok}}
  /optional:
    get:
      operationId: optionalToken
      security: [{Token: []}, {}]
      responses: {'204': {description: ok}}
"#;

#[test]
fn basic_auth_sends_base64_of_user_colon_password() {
    let pkg = Package::new(SECURITY);
    let client = pkg.file("src/client.ts");
    assert!(client.contains("  basic?: rt.BasicCredentials;\n"), "{client}");
    assert!(client.contains("  basic: { type: \"basic\" },\n"), "{client}");
    assert!(client.contains("  security: [[\"basic\"]],\n"), "{client}");
    pkg.compile("").unwrap_or_else(|e| panic!("{e}"));
    let script = format!(
        "{RECORDING_FETCH}
const client = new api.Client({{ fetch, auth: {{ basic: {{ username: \"ada\", password: \"pässword\" }} }} }});
await client.usesBasic();
console.log(requests[0].headers.authorization);
"
    );
    // base64 of the UTF-8 bytes of `ada:pässword`.
    assert_eq!(pkg.run(&script).trim(), "Basic YWRhOnDDpHNzd29yZA==");
}

#[test]
fn the_first_complete_alternative_of_credentials_is_applied() {
    let pkg = Package::new(SECURITY);
    pkg.compile("").unwrap_or_else(|e| panic!("{e}"));
    let script = format!(
        "{RECORDING_FETCH}
const both = new api.Client({{ fetch, auth: {{ key: \"k1\", session: \"s1\", token: \"t1\" }} }});
await both.keyOrToken();
const tokenOnly = new api.Client({{ fetch, auth: {{ key: \"k1\", token: async () => \"t2\" }} }});
await tokenOnly.keyOrToken();
const anonymous = new api.Client({{ fetch }});
await anonymous.optionalToken();
for (const r of requests) console.log(r.url, r.headers.cookie ?? \"-\", r.headers.authorization ?? \"-\");
"
    );
    assert_eq!(
        pkg.run(&script),
        "https://api.example.com/key-or-token?api_key=k1 sid=s1 -\n\
         https://api.example.com/key-or-token - Bearer t2\n\
         https://api.example.com/optional - -\n"
    );
}

// ---- servers: per operation, and variables ----

const SERVERS: &str = r#"
openapi: 3.1.0
info: {title: servers, version: "1"}
servers:
  - url: https://{tenant}.api.example.com/v1
    description: Per tenant
    variables:
      tenant: {default: demo, description: Your tenant.}
paths:
  /calls:
    get:
      operationId: listCalls
      responses: {'204': {description: ok}}
  /media:
    put:
      operationId: putMedia
      servers:
        - url: https://upload.example.com
      responses: {'204': {description: ok}}
"#;

#[test]
fn an_operation_with_its_own_server_goes_there_and_tenant_is_a_typed_variable() {
    let pkg = Package::new(SERVERS);
    let client = pkg.file("src/client.ts");
    assert!(client.contains("export const DEFAULT_SERVER_URL = \"https://demo.api.example.com/v1\";"), "{client}");
    assert!(client.contains("export function serverUrl(variables: {\n  /**\n   * Your tenant.\n   */\n  tenant?: string;\n} = {}): string {"), "{client}");
    assert!(client.contains("  server: \"https://upload.example.com\",\n"), "{client}");
    let usage =
        "import { serverUrl } from \"./index.js\";\nexport const url: string = serverUrl({ tenant: \"acme\" });\n";
    pkg.compile(usage).unwrap_or_else(|e| panic!("{e}"));
    let script = format!(
        "{RECORDING_FETCH}
const tenant = new api.Client({{ fetch, baseUrl: api.serverUrl({{ tenant: \"acme\" }}) }});
await tenant.listCalls();
await tenant.putMedia();
const byDefault = new api.Client({{ fetch }});
await byDefault.listCalls();
const moved = new api.Client({{ fetch, operationBaseUrls: {{ putMedia: \"http://127.0.0.1:9/up\" }} }});
await moved.putMedia();
for (const r of requests) console.log(r.method, r.url);
"
    );
    assert_eq!(
        pkg.run(&script),
        "GET https://acme.api.example.com/v1/calls\n\
         PUT https://upload.example.com/media\n\
         GET https://demo.api.example.com/v1/calls\n\
         PUT http://127.0.0.1:9/up/media\n"
    );
}

// ---- errors: documented statuses are thrown, typed per status ----

const ERRORS: &str = r#"
openapi: 3.1.0
info: {title: errors, version: "1"}
servers: [{url: "https://api.example.com"}]
paths:
  /things/{id}:
    get:
      operationId: getThing
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        '200':
          description: The thing.
          content:
            application/json:
              schema: {type: object, properties: {name: {type: string}}}
        '404':
          description: No such thing.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Problem'}
        '5XX':
          description: A fault.
          content:
            text/plain:
              schema: {type: string}
    delete:
      operationId: deleteThing
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        '204': {description: Deleted.}
        '404':
          description: No such thing.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Problem'}
        '409':
          description: In use.
          content:
            text/plain:
              schema: {type: string}
components:
  schemas:
    Problem:
      type: object
      properties:
        message: {type: string}
"#;

#[test]
fn documented_error_statuses_are_thrown_with_their_typed_body() {
    let pkg = Package::new(ERRORS);
    let client = pkg.file("src/client.ts");
    assert!(
        client.contains(
            "export type GetThingError =\n  | rt.ApiErrorOf<404, \"application/json\", types.Problem, \"404\">\n  | rt.ApiErrorOf<number, \"text/plain\", string, \"5XX\">;"
        ),
        "{client}"
    );
    // The documented status narrows `body`: only the 404's body has `message`. With a range
    // documented, `status === 404` could also be the range's, so `documentedStatus` decides.
    let usage = r#"
import { Client, isApiError } from "./index.js";
export async function name(client: Client, id: string): Promise<string | undefined> {
  try {
    const thing = await client.getThing(id);
    return thing.data.name;
  } catch (error) {
    if (isApiError(error, "getThing") && error.documentedStatus === "404") {
      return error.body.message;
    }
    throw error;
  }
}
export async function remove(client: Client, id: string): Promise<string> {
  try {
    await client.deleteThing(id);
    return "deleted";
  } catch (error) {
    if (!isApiError(error, "deleteThing")) throw error;
    switch (error.status) {
      case 404:
        return error.body.message ?? "gone";
      case 409:
        return error.body.toUpperCase();
    }
  }
}
"#;
    pkg.compile(usage).unwrap_or_else(|e| panic!("{e}"));
    let script = format!(
        "{RECORDING_FETCH}
// One attempt per call: the 503 would be retried (tests/runtime_typescript.rs shows how).
const client = new api.Client({{ fetch, retry: false }});
answers.push(
  [200, \"application/json\", '{{\"name\":\"lamp\",\"added\":1}}'],
  [404, \"application/json\", '{{\"message\":\"no lamp\"}}'],
  [503, \"text/plain\", \"down\"],
  [418, \"text/plain\", \"teapot\"],
  [200, \"application/json\", \"{{not json\"],
  [200, \"text/html\", \"<p>\"],
);
for (let i = 0; i < 6; i++) {{
  try {{
    const r = await client.getThing(\"a/b\");
    console.log(\"ok\", r.status, r.mediaType, JSON.stringify(r.data));
  }} catch (e) {{
    console.log(e.name, e.status, api.isApiError(e, \"getThing\"), JSON.stringify(e.body ?? null));
  }}
}}
try {{
  await new api.Client({{ fetch: async () => {{ throw new TypeError(\"connection refused\"); }} }}).getThing(\"x\");
}} catch (e) {{
  console.log(e.name, e.message);
}}
console.log(requests[0].url);
"
    );
    assert_eq!(
        pkg.run(&script),
        "ok 200 application/json {\"name\":\"lamp\",\"added\":1}\n\
         ApiError 404 true {\"message\":\"no lamp\"}\n\
         ApiError 503 true \"down\"\n\
         UnexpectedStatusError 418 false null\n\
         DecodeError 200 false null\n\
         UnexpectedContentTypeError 200 false null\n\
         NetworkError getThing: the request failed: connection refused\n\
         https://api.example.com/things/a%2Fb\n"
    );
}

// ---- names ----

const NAMES: &str = r#"
openapi: 3.1.0
info: {title: names, version: "1"}
servers: [{url: "https://api.example.com"}]
paths:
  /items/{class}:
    delete:
      operationId: delete
      parameters:
        - {name: class, in: path, required: true, schema: {type: string}}
        - {name: sort-order, in: query, schema: {type: array, items: {type: string}}}
        - {name: X-Trace, in: header, schema: {type: string}}
      responses: {'204': {description: ok}}
components:
  schemas:
    Client:
      description: "A schema called Client: the class keeps the name, the type stays reachable. Not */ the end."
      type: object
      properties:
        $type: {type: string}
        sort-string: {type: string}
        default: {type: string}
"#;

#[test]
fn reserved_words_and_odd_names_are_escaped_or_quoted() {
    let pkg = Package::new(NAMES);
    let types = pkg.file("src/types.ts");
    let client = pkg.file("src/client.ts");
    assert!(
        types.contains("  $type?: string;\n")
            && types.contains("  \"sort-string\"?: string;\n")
            && types.contains("  default?: string;\n"),
        "{types}"
    );
    assert!(types.contains("Not *\\/ the end."), "{types}");
    assert!(
        client.contains("  delete_(class_: string, options: DeleteOptions = {}): Promise<DeleteResult> {"),
        "{client}"
    );
    assert!(client.contains("  sortOrder?: string[];\n") && client.contains("  xTrace?: string;\n"), "{client}");
    let usage = "import { Client, types } from \"./index.js\";\nexport const schema: types.Client = { $type: \"x\" };\nexport const client: Client = new Client();\n";
    pkg.compile(usage).unwrap_or_else(|e| panic!("{e}"));
    let script = format!(
        "{RECORDING_FETCH}
await new api.Client({{ fetch }}).delete_(\"a b\", {{ sortOrder: [\"x\", \"y z\"], xTrace: \"t\" }});
console.log(requests[0].url, requests[0].headers[\"x-trace\"]);
"
    );
    assert_eq!(pkg.run(&script), "https://api.example.com/items/a%20b?sort-order=x&sort-order=y%20z t\n");
}

#[test]
fn arguments_that_cannot_be_sent_safely_are_refused_before_sending() {
    let pkg = Package::new(NAMES);
    pkg.compile("").unwrap_or_else(|e| panic!("{e}"));
    let script = format!(
        "{RECORDING_FETCH}
const client = new api.Client({{ fetch }});
for (const [kind, xTrace] of [[\"..\", undefined], [\"ok\", \"a\\r\\nInjected: 1\"], [\"ok\", \"€\"]]) {{
  try {{
    await client.delete_(kind, {{ xTrace }});
    console.log(\"sent\");
  }} catch (e) {{
    console.log(e.name, e instanceof api.ApiClientError);
  }}
}}
console.log(requests.length);
"
    );
    assert_eq!(pkg.run(&script), "InvalidRequestError true\nInvalidRequestError true\nInvalidRequestError true\n0\n");
}

// ---- parameters and bodies on the wire ----

const WIRE: &str = r#"
openapi: 3.1.0
info: {title: wire, version: "1"}
servers: [{url: "https://api.example.com"}]
paths:
  /search/{ids}:
    post:
      operationId: search
      parameters:
        - {name: ids, in: path, required: true, schema: {type: array, items: {type: integer}}}
        - {name: tags, in: query, explode: false, schema: {type: array, items: {type: string}}}
        - {name: filter, in: query, style: deepObject, schema: {type: object, properties: {name: {type: string}}}}
        - {name: pipes, in: query, style: pipeDelimited, explode: false, schema: {type: array, items: {type: string}}}
        - {name: session, in: cookie, schema: {type: string}}
      requestBody:
        required: true
        content:
          application/x-www-form-urlencoded:
            schema: {type: object, properties: {q: {type: string}, page: {type: integer}}}
      responses: {'204': {description: ok}}
  /notes:
    put:
      operationId: putNote
      requestBody:
        content:
          text/plain: {schema: {type: string}}
      responses: {'204': {description: ok}}
"#;

#[test]
fn parameters_follow_their_style_and_bodies_their_media_type() {
    let pkg = Package::new(WIRE);
    pkg.compile("").unwrap_or_else(|e| panic!("{e}"));
    let script = format!(
        "{RECORDING_FETCH}
const client = new api.Client({{ fetch }});
await client.search([1, 2], {{ tags: [\"a,1\", \"b c\"], filter: {{ name: \"x\" }}, pipes: [\"p\", \"q\"], session: \"s 1\", body: {{ q: \"a&b\", page: 2 }} }});
await client.putNote({{ body: \"hello\" }});
await client.putNote();
for (const r of requests) console.log(r.method, r.url, r.headers[\"content-type\"] ?? \"-\", r.headers.cookie ?? \"-\", r.body ?? \"-\");
"
    );
    assert_eq!(
        pkg.run(&script),
        "POST https://api.example.com/search/1,2?tags=a%2C1,b%20c&filter%5Bname%5D=x&pipes=p%7Cq application/x-www-form-urlencoded session=s%201 q=a%26b&page=2\n\
         PUT https://api.example.com/notes text/plain - hello\n\
         PUT https://api.example.com/notes - - -\n"
    );
}

// ---- packaging: what installs, and the oldest TypeScript it is for ----

/// The oldest TypeScript the packages support (`tests/contract/oldest-typescript`).
fn oldest_tsc() -> PathBuf {
    let tsc = repo().join("tests/contract/oldest-typescript/node_modules/typescript/bin/tsc");
    assert!(tsc.exists(), "the oldest supported TypeScript is not installed: run `bash scripts/tools.sh`");
    let out = Command::new("node").arg(&tsc).arg("--version").output().expect("node runs");
    let version = String::from_utf8_lossy(&out.stdout);
    assert!(version.contains("Version 5.7."), "expected TypeScript 5.7, got {version}");
    tsc
}

#[test]
fn every_api_of_schemas_compiles_with_the_oldest_supported_typescript() {
    let tsc = oldest_tsc();
    let dir = tempfile::tempdir().expect("a temporary directory");
    for api in ["vinix", "rinkel", "commpeak"] {
        let pkg = dir.path().join(api);
        write_package(&pkg, &generate_from(&repo().join("schemas").join(api), api));
        let out = Command::new("node").arg(&tsc).arg("-p").arg(&pkg).args(["--pretty", "false"]).output().expect("tsc");
        assert!(out.status.success(), "TypeScript 5.7 failed on {api}:\n{}", String::from_utf8_lossy(&out.stdout));
    }
}

/// A consumer of the package, typechecked with the oldest TypeScript against the installed
/// `.d.ts` files (`skipLibCheck` off) and run with Node.
const CONSUMER_TS: &str = r#"
import { Client, DEFAULT_RETRY, LoginError, NetworkError, type ClientOptions, type NetworkErrorKind } from "vinix-client";

const options: ClientOptions = {
  baseUrl: "http://127.0.0.1:9/v2",
  retry: { maxAttempts: 2, initialDelayMs: 1 },
  login: { operation: "createUserAuth", body: { data: { credentials: "0123456789abcdef", account_name: "acme" } } },
};
const client: Client = new Client(options);
const kind: NetworkErrorKind = "refused";
export const checks: readonly unknown[] = [client, kind, DEFAULT_RETRY.maxAttempts, LoginError, NetworkError];
"#;

#[test]
fn a_packed_package_carries_dist_built_by_prepare_and_installs_without_a_network() {
    let npm_runs = Command::new("npm").arg("--version").output().is_ok_and(|o| o.status.success());
    if !npm_runs {
        eprintln!("skipping the packaging test: npm is missing");
        return;
    }
    let dir = tempfile::tempdir().expect("a temporary directory");
    let pkg = dir.path().join("pkg");
    write_package(&pkg, &generate_from(&repo().join("schemas/vinix"), "vinix-client"));
    // `prepare` runs `tsc`: the pinned one, as npm would put the dev dependency's on the PATH.
    let bin = repo().join("tests/contract/node_modules/.bin");
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    let cache = dir.path().join("npm-cache");
    let npm = |args: &[&str], cwd: &Path| {
        let out = Command::new("npm")
            .args(args)
            .args(["--offline", "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir(cwd)
            .env("PATH", &path)
            .env("npm_config_cache", &cache)
            .output()
            .expect("npm runs");
        assert!(
            out.status.success(),
            "npm {args:?} failed:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let packed = npm(&["pack", "--json", "--pack-destination", dir.path().to_str().expect("a UTF-8 path")], &pkg);
    let packed: serde_json::Value = serde_json::from_str(&packed).expect("npm pack --json prints JSON");
    let files: Vec<&str> =
        packed[0]["files"].as_array().expect("files").iter().filter_map(|f| f["path"].as_str()).collect();
    for expected in ["dist/index.js", "dist/index.d.ts", "dist/runtime.js", "README.md", "package.json"] {
        assert!(files.contains(&expected), "{expected} is not in the package: {files:?}");
    }
    let tarball = dir.path().join(packed[0]["filename"].as_str().expect("a file name"));
    let consumer = dir.path().join("consumer");
    std::fs::create_dir_all(consumer.join("src")).expect("a consumer folder");
    std::fs::write(consumer.join("package.json"), r#"{"name": "consumer", "private": true, "type": "module"}"#)
        .expect("write package.json");
    npm(&["install", tarball.to_str().expect("a UTF-8 path")], &consumer);
    std::fs::write(consumer.join("src/use.ts"), CONSUMER_TS).expect("write use.ts");
    let tsconfig = r#"{"compilerOptions": {"target": "es2022", "module": "nodenext", "moduleResolution": "nodenext",
      "lib": ["es2022", "dom"], "strict": true, "skipLibCheck": false, "outDir": "dist"}, "include": ["src"]}"#;
    std::fs::write(consumer.join("tsconfig.json"), tsconfig).expect("write tsconfig.json");
    let out = Command::new("node").arg(oldest_tsc()).arg("-p").arg(&consumer).args(["--pretty", "false"]).output();
    let out = out.expect("tsc runs");
    assert!(
        out.status.success(),
        "TypeScript 5.7 rejects the installed package:\n{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let run = Command::new("node")
        .arg("--input-type=module")
        .arg("-e")
        .arg("const m = await import('vinix-client'); const { checks } = await import('./dist/use.js'); console.log(typeof m.Client, checks.length, m.DEFAULT_RETRY.maxAttempts);")
        .current_dir(&consumer)
        .output()
        .expect("node runs");
    assert_eq!(String::from_utf8_lossy(&run.stdout).trim(), "function 5 3", "{}", String::from_utf8_lossy(&run.stderr));
}

// ---- retry waits (the Rust `RetryPolicy::delay` and `retry_after`) ----

#[test]
fn retry_waits_double_with_jitter_and_retry_after_reads_seconds_and_every_http_date_form() {
    let pkg = Package::new("openapi: 3.1.0\ninfo: {title: demo, version: '1'}\npaths: {}\n");
    pkg.compile("").unwrap_or_else(|e| panic!("{e}"));
    let script = r#"
import { DEFAULT_RETRY, retryDelay, retryAfter, httpDate } from "./dist/runtime.js";
const policy = { ...DEFAULT_RETRY };
const bands = [];
for (const attempt of [1, 2, 3, 20]) {
  let low = Infinity, high = 0;
  for (let i = 0; i < 2000; i++) {
    const d = retryDelay(policy, attempt, undefined);
    low = Math.min(low, d);
    high = Math.max(high, d);
  }
  bands.push(`${attempt}:${low >= 0.5 * Math.min(500 * 2 ** (attempt - 1), 30000)}:${high <= Math.min(500 * 2 ** (attempt - 1), 30000)}`);
}
console.log(bands.join(" "));
console.log(retryDelay(policy, 1, 3_600_000), retryDelay(policy, 1, 2000), retryDelay({ ...policy, maxDelayMs: 50 }, 1, 2000));
const at = (value) => retryAfter(new Headers({ "retry-after": value }));
console.log(at("7"), at(" 0 "), at("1.5"), at("-1"), at("soon"), retryAfter(new Headers()));
console.log(
  httpDate("Sun, 06 Nov 1994 08:49:37 GMT"),
  httpDate("Sunday, 06-Nov-94 08:49:37 GMT"),
  httpDate("Sun Nov  6 08:49:37 1994"),
  httpDate("Sun, 06 Nov 1994 08:49:37 PST"),
  httpDate("1994-11-06T08:49:37Z"),
);
console.log(at("Sun, 06 Nov 1994 08:49:37 GMT"), at(new Date(Date.now() + 60_000).toUTCString()) > 50_000);
"#;
    assert_eq!(
        pkg.run(script),
        "1:true:true 2:true:true 3:true:true 20:true:true\n\
         30000 2000 50\n\
         7000 0 undefined undefined undefined undefined\n\
         784111777000 784111777000 784111777000 undefined undefined\n\
         0 true\n"
    );
}
