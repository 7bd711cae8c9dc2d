//! The Python target: what it emits for each construct (input YAML and expected Python side by
//! side), that the output type-checks under the pinned `mypy --strict`, and that the generated
//! client behaves as its docs say against an in-process httpx transport (no network).
//!
//! mypy and httpx come from `.tools/python` (installed by `bash scripts/tools.sh`).

use std::path::{Path, PathBuf};
use std::process::Command;

use switchboard_generator::{load_api, targets::python, targets::File, Options};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn tool(name: &str) -> PathBuf {
    let path = repo().join(".tools/python/bin").join(name);
    assert!(path.exists(), "{} is missing: run `bash scripts/tools.sh`", path.display());
    path
}

/// The files generated for a document given as text.
fn generate_yaml(yaml: &str, package: &str) -> Vec<File> {
    let dir = tempfile::tempdir().expect("a temp dir");
    let input = dir.path().join("openapi.yaml");
    std::fs::write(&input, yaml).expect("write the input");
    generate_path(&input, package)
}

fn generate_path(input: &Path, package: &str) -> Vec<File> {
    let (api, _) = load_api(input, package, Options::default()).result.unwrap_or_else(|d| panic!("{d}"));
    python::generate(&api, package).expect("the Python target emits")
}

fn file<'a>(files: &'a [File], name: &str) -> &'a str {
    files
        .iter()
        .find(|f| f.path.ends_with(name))
        .map(|f| f.contents.as_str())
        .unwrap_or_else(|| panic!("no {name} generated"))
}

fn write(files: &[File], out: &Path) {
    for f in files {
        let path = out.join(&f.path);
        std::fs::create_dir_all(path.parent().expect("files sit in a directory")).expect("create dirs");
        std::fs::write(&path, &f.contents).expect("write a file");
    }
}

/// Asserts that `haystack` contains `snippet`, showing the generated file when it does not.
fn assert_contains(haystack: &str, snippet: &str) {
    assert!(haystack.contains(snippet), "expected\n{snippet}\nin\n{haystack}");
}

#[test]
fn enums_are_open_literals() {
    let files = generate_yaml(
        r#"
openapi: 3.1.0
info: {title: enums, version: "1"}
paths: {}
components:
  schemas:
    Codec: {type: string, enum: [OPUS, 'say "hi"', speex]}
    Priority: {type: integer, enum: [1, 2, -1]}
    Level: {type: [string, 'null'], enum: [low, high, null]}
"#,
        "enums",
    );
    let models = file(&files, "models.py");
    assert_contains(models, r#"Codec: typing.TypeAlias = typing.Literal["OPUS", "say \"hi\"", "speex"] | str"#);
    assert_contains(models, "Priority: typing.TypeAlias = typing.Literal[1, 2, -1] | int");
    // `null` in the list makes uses of the type nullable (`Level | None`), not the type itself.
    assert_contains(models, "Level: typing.TypeAlias = typing.Literal[\"low\", \"high\"] | str\n");
}

#[test]
fn a_default_never_makes_a_field_required() {
    let files = generate_yaml(
        r#"
openapi: 3.1.0
info: {title: defaults, version: "1"}
paths: {}
components:
  schemas:
    Settings:
      type: object
      required: [name]
      properties:
        name: {type: string}
        retries: {type: integer, default: 3}
        label: {type: [string, 'null'], default: main}
"#,
        "defaults",
    );
    let models = file(&files, "models.py");
    assert_contains(models, "    name: str\n");
    assert_contains(models, "    #: Default: `3` (when absent).\n    retries: typing.NotRequired[int]\n");
    assert_contains(models, "    label: typing.NotRequired[str | None]\n");
}

#[test]
fn keys_that_are_not_identifiers_use_the_functional_syntax() {
    let files = generate_yaml(
        r#"
openapi: 3.1.0
info: {title: odd, version: "1"}
paths: {}
components:
  schemas:
    Odd:
      type: object
      properties:
        from: {type: string}
        content-type: {type: string}
"#,
        "odd",
    );
    assert_contains(
        file(&files, "models.py"),
        "Odd = typing.TypedDict(\n    \"Odd\",\n    {\n        \"from\": \"typing.NotRequired[str]\",\n        \"content-type\": \"typing.NotRequired[str]\",\n    },\n)\n",
    );
}

const SECURITY: &str = r#"
openapi: 3.1.0
info: {title: security, version: "1"}
servers: [{url: 'https://api.example.com'}]
security: [{Basic: []}]
components:
  securitySchemes:
    Basic: {type: http, scheme: basic}
    QueryKey: {type: apiKey, in: query, name: api_key}
    CookieKey: {type: apiKey, in: cookie, name: sid}
    Token: {type: oauth2, flows: {clientCredentials: {tokenUrl: 'https://auth.example.com/token', scopes: {}}}}
paths:
  /basic:
    get: {operationId: withBasic, responses: {'204': {description: ok}}}
  /both:
    get:
      operationId: queryAndCookie
      security: [{QueryKey: [], CookieKey: []}]
      responses: {'204': {description: ok}}
  /optional:
    get:
      operationId: optionalToken
      security: [{Token: []}, {}]
      responses: {'204': {description: ok}}
"#;

#[test]
fn http_basic_auth_is_a_username_and_password_pair() {
    let files = generate_yaml(SECURITY, "security");
    let client = file(&files, "client.py");
    assert_contains(client, "        basic: tuple[str, str] | None = None,\n");
    assert_contains(
        client,
        "    if basic is not None:\n        credentials[\"Basic\"] = _runtime.Basic(basic[0], basic[1])\n",
    );
    assert_contains(client, "        security=((\"Basic\",),),\n");
    assert_contains(client, "        security=((\"QueryKey\", \"CookieKey\"),),\n");
    assert_contains(client, "        security=((\"Token\",), ()),\n");
}

const SERVERS: &str = r#"
openapi: 3.1.0
info: {title: servers, version: "1"}
servers:
  - url: https://{tenant}.api.example.com/v1
    description: Per tenant
    variables:
      tenant: {default: demo, description: Your tenant.}
      region: {default: eu, enum: [eu, us]}
paths:
  /calls:
    get: {operationId: listCalls, responses: {'204': {description: ok}}}
  /media/{id}:
    servers: [{url: 'https://media.example.com'}]
    get:
      operationId: getMedia
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Media'}}}}
        '404': {description: gone, content: {application/json: {schema: {$ref: '#/components/schemas/Problem'}}}}
        4XX: {description: other, content: {text/plain: {schema: {type: string}}}}
components:
  schemas:
    Media:
      type: object
      properties:
        kind: {type: string, enum: [audio, video]}
        note: {type: [string, 'null']}
    Problem: {type: object, properties: {title: {type: string}}}
"#;

#[test]
fn server_variables_are_typed_keyword_arguments_and_operations_keep_their_server() {
    let files = generate_yaml(SERVERS, "servers");
    let client = file(&files, "client.py");
    assert_contains(client, "DEFAULT_SERVER_URL: typing.Final = \"https://demo.api.example.com/v1\"\n");
    assert_contains(
        client,
        "def server_url(*, tenant: str = \"demo\", region: typing.Literal[\"eu\", \"us\"] | str = \"eu\") -> str:\n",
    );
    assert_contains(client, "    url = url.replace(\"{tenant}\", tenant)\n");
    assert_contains(client, "        \"/media/\" + _runtime.segment(id, \"id\"),\n");
    assert_contains(client, "        server=\"https://media.example.com\",\n");
}

#[test]
fn documented_error_statuses_raise_typed_exceptions() {
    let files = generate_yaml(SERVERS, "servers");
    let client = file(&files, "client.py");
    assert_contains(
        client,
        "    if status == 404:\n        raise errors.GetMediaNotFound(response, typing.cast(\"models.Problem\", _runtime.json_body(response, (\"application/json\",))))\n",
    );
    assert_contains(client, "    if 400 <= status <= 499:\n        raise errors.GetMediaClientError(response, _runtime.text_body(response, (\"text/plain\",)))\n");
    assert_contains(client, "    raise _runtime.UnexpectedStatus(");
    let errors = file(&files, "errors.py");
    assert_contains(errors, "class GetMediaError(ApiError[_B]):\n");
    assert_contains(errors, "class GetMediaNotFound(GetMediaError[\"models.Problem\"]):\n");
}

#[test]
fn output_is_deterministic_and_names_its_source() {
    let input = repo().join("schemas/vinix");
    let first = generate_path(&input, "vinix");
    let second = generate_path(&input, "vinix");
    assert_eq!(first, second);
    for f in first.iter().filter(|f| f.path.extension().is_some_and(|e| e == "py")) {
        assert!(
            f.contents.starts_with("# @generated by switchboard-generator from `"),
            "{} has no header",
            f.path.display()
        );
    }
    assert!(first.iter().any(|f| f.path == Path::new("vinix/py.typed")));
    let pyproject = file(&first, "pyproject.toml");
    assert_contains(pyproject, "requires-python = \">=3.11\"");
    assert_contains(pyproject, "dependencies = [\"httpx>=0.27.0\", \"anyio>=4.0.0\"]");
}

#[test]
fn package_names_are_snake_case_identifiers() {
    let files = generate_yaml(SECURITY, "my-api client");
    assert!(files.iter().any(|f| f.path == Path::new("my_api_client/__init__.py")));
}

/// Every construct input and the three hand-written APIs type-check with `mypy --strict`, and
/// so does a program using them the way the docs say (`{}` is a valid rinkel `User`).
#[test]
fn mypy_strict_passes_on_every_construct_and_schema() {
    let mypy = tool("mypy");
    let out = tempfile::tempdir().expect("a temp dir");
    let mut packages = Vec::new();
    let constructs = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/constructs");
    let mut inputs: Vec<(PathBuf, String)> = std::fs::read_dir(&constructs)
        .expect("constructs exist")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| {
            let stem = p.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            (p, format!("construct_{stem}"))
        })
        .collect();
    inputs.sort();
    for api in ["vinix", "rinkel", "commpeak"] {
        inputs.push((repo().join("schemas").join(api), api.to_string()));
    }
    assert!(inputs.len() > 20, "constructs are missing");
    for (input, package) in &inputs {
        write(&generate_path(input, package), out.path());
        packages.push(out.path().join(package));
    }
    let usage = out.path().join("usage.py");
    std::fs::write(
        &usage,
        "from rinkel import models, Client, AsyncClient, errors\n\
         from commpeak import server_url\n\n\
         user: models.User = {}\n\
         client = Client(api_key=\"key\", headers={\"X-Trace\": \"1\"})\n\
         async_client = AsyncClient(api_key=\"key\")\n\
         url: str = server_url(tenant=\"acme\")\n\n\
         def first_name(c: Client) -> str | None:\n\
         \x20   try:\n\
         \x20       return c.get_user(\"42\").body.get(\"firstName\")\n\
         \x20   except errors.GetUserNotFound as e:\n\
         \x20       return str(e.body.get(\"errors\"))\n",
    )
    .expect("write usage.py");
    let output = Command::new(&mypy)
        .current_dir(out.path())
        .args(["--strict", "--no-incremental"])
        .args(&packages)
        .arg(&usage)
        .output()
        .expect("mypy runs");
    assert!(
        output.status.success(),
        "mypy --strict failed:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The generated client against `httpx.MockTransport`: credentials per scheme, path segments,
/// per-operation servers, typed errors, and answers kept as they came (unknown keys and enum
/// values, `null` distinct from absent).
#[test]
fn generated_clients_behave_as_documented() {
    let python = tool("python");
    let out = tempfile::tempdir().expect("a temp dir");
    write(&generate_yaml(SECURITY, "security_api"), out.path());
    write(&generate_yaml(SERVERS, "servers_api"), out.path());
    let script = r#"
import asyncio, base64, httpx
import security_api, servers_api

seen = []
def answer(request):
    seen.append(request)
    if request.url.raw_path == b"/media/a%2F..%20b":
        return httpx.Response(200, json={"kind": "podcast", "note": None, "extra": {"x": 1}})
    if request.url.raw_path.startswith(b"/media/"):
        return httpx.Response(404, json={"title": "gone", "more": True})
    return httpx.Response(204)

transport = httpx.MockTransport(answer)
c = security_api.Client(basic=("ada", "pw"), query_key="qk", cookie_key="ck", token="tk",
                        http_client=httpx.Client(transport=transport))
c.with_basic()
assert seen[-1].headers["authorization"] == "Basic " + base64.b64encode(b"ada:pw").decode()
c.query_and_cookie()
assert seen[-1].url.params["api_key"] == "qk" and seen[-1].headers["cookie"] == "sid=ck", seen[-1]
c.optional_token()
assert seen[-1].headers["authorization"] == "Bearer tk"
anonymous = security_api.Client(http_client=httpx.Client(transport=transport))
anonymous.optional_token()
assert "authorization" not in seen[-1].headers

s = servers_api.Client(http_client=httpx.Client(transport=transport))
r = s.get_media("a/.. b")
assert str(seen[-1].url).startswith("https://media.example.com/media/a%2F..%20b"), seen[-1].url
assert r.status == 200 and r.body == {"kind": "podcast", "note": None, "extra": {"x": 1}}, r.body
assert "note" in r.body and r.body["note"] is None
try:
    s.get_media("x")
    raise AssertionError("no error raised")
except servers_api.errors.GetMediaNotFound as e:
    assert e.status == 404 and e.body == {"title": "gone", "more": True}
except Exception as e:
    raise AssertionError(f"wrong error {e!r}")

async def main():
    a = servers_api.AsyncClient(http_client=httpx.AsyncClient(transport=transport))
    try:
        await a.get_media("y")
    except servers_api.errors.GetMediaError as e:
        assert e.status == 404
    else:
        raise AssertionError("no error raised")
asyncio.run(main())
print("ok")
"#;
    let output = Command::new(&python)
        .current_dir(out.path())
        .args(["-c", script])
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .output()
        .expect("python runs");
    assert!(
        output.status.success() && String::from_utf8_lossy(&output.stdout).trim() == "ok",
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
