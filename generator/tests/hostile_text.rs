//! Hostile text in every text and name slot of a small OpenAPI document must stay inside the
//! comment, docstring or literal it is written into, in every target.
//!
//! Strings are drawn from fragments biased toward what breaks out: every line terminator (LF,
//! CR, CRLF, VT, FF, NEL, U+2028, U+2029), other control characters, bidi controls, quotes,
//! backslashes, `*/`, `"""`, `${`, `</script>`, braces and small payloads. Each output is then
//! judged by its own language's parser: Rust files must parse with `syn` and print back to the
//! same text (so no comment leaked into code), `Cargo.toml` must parse and keep the title,
//! Python files must parse with `ast` and call no `__import__`, TypeScript packages (the first
//! [`TSC_CASES`]) must pass `tsc --noEmit --strict` (an injected `globalThis.pwned()` does not),
//! JSON must parse and keep the title, and Markdown must carry no `<` of the document outside
//! code spans. No file may contain a raw line terminator other than LF, nor a control or bidi
//! character.
//!
//! The default run is bounded (about a minute, [`DEFAULT_CASES`] cases). A longer run:
//! `SWITCHBOARD_PROPTEST_CASES=5000 cargo test --release -p switchboard-generator --test hostile_text`

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

use proptest::prelude::*;
use serde_json::{json, Value};
use switchboard_generator::targets::{self, File};
use switchboard_generator::{load_api, Options};

const DEFAULT_CASES: u32 = 40;
/// How many of the cases also get a `tsc` run (one run over all of them, at the end).
const TSC_CASES: usize = 8;

/// Fragments that end or change comments and literals somewhere.
const FRAGMENTS: &[&str] = &[
    "\n",
    "\r",
    "\r\n",
    "\u{0b}",
    "\u{0c}",
    "\u{85}",
    "\u{2028}",
    "\u{2029}",
    "\u{1c}",
    "\u{1e}",
    "\u{0}",
    "\u{7}",
    "\u{1b}",
    "\u{7f}",
    "\u{9b}",
    "\t",
    "\u{202a}",
    "\u{202b}",
    "\u{202c}",
    "\u{202d}",
    "\u{202e}",
    "\u{2066}",
    "\u{2067}",
    "\u{2068}",
    "\u{2069}",
    "\u{200e}",
    "\u{200f}",
    "\u{061c}",
    "\u{feff}",
    "\"",
    "'",
    "`",
    "\\",
    "*/",
    "/*",
    "//",
    "///",
    "\"\"\"",
    "'''",
    "${",
    "{",
    "}",
    "</script>",
    "<script>",
    "<img src=x onerror=alert(1)>",
    "-->",
    "<!--",
    "#",
    "#[",
    "]",
    "[",
    "&",
    "|",
    "@param",
    "-",
    "* ",
    "```",
    "    ",
    "\\u{202e}",
    "\u{2028}globalThis.pwned();//",
    "\n__import__(\"pwned\")\n",
    "\");__import__(\"pwned\");(\"",
    "\r\nfn pwned() {}\n",
    "*/ globalThis.pwned(); /*",
    "\"\"\"\n__import__('pwned')\n\"\"\"",
    "é",
    "名前",
    "😀",
];

fn hostile() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => proptest::sample::select(FRAGMENTS).prop_map(str::to_string),
        2 => "[a-zA-Z0-9 ]{1,6}",
        1 => any::<char>().prop_map(|c| c.to_string()),
    ];
    proptest::collection::vec(piece, 1..8).prop_map(|parts| parts.concat())
}

/// Every text and name slot of the document.
#[derive(Debug, Clone)]
struct Slots {
    title: String,
    description: String,
    version: String,
    summary: String,
    operation_id: String,
    param_name: String,
    param_description: String,
    header_name: String,
    schema_name: String,
    schema_description: String,
    property_name: String,
    property_description: String,
    enum_values: (String, String),
    default: String,
    example: String,
    server_url: String,
    server_description: String,
    tag: String,
    scheme_name: String,
    response_description: String,
}

fn slots() -> impl Strategy<Value = Slots> {
    let a =
        (hostile(), hostile(), hostile(), hostile(), hostile(), hostile(), hostile(), hostile(), hostile(), hostile());
    let b =
        (hostile(), hostile(), hostile(), hostile(), hostile(), hostile(), hostile(), hostile(), hostile(), hostile());
    (a, b).prop_map(|(a, b)| Slots {
        title: a.0,
        description: a.1,
        version: a.2,
        summary: a.3,
        operation_id: a.4,
        param_name: a.5,
        param_description: a.6,
        header_name: a.7,
        schema_name: a.8,
        schema_description: a.9,
        property_name: b.0,
        property_description: b.1,
        enum_values: (format!("{}a", b.2), format!("{}b", b.2)),
        default: b.3,
        example: b.4,
        server_url: b.5,
        server_description: b.6,
        tag: b.7,
        scheme_name: b.8,
        response_description: b.9,
    })
}

fn document(s: &Slots) -> Value {
    json!({
        "openapi": "3.1.0",
        "info": { "title": s.title, "description": s.description, "version": s.version },
        "servers": [{ "url": format!("https://example.com/{}", s.server_url), "description": s.server_description }],
        "tags": [{ "name": s.tag, "description": s.description }],
        "paths": {
            "/items/{id}": {
                "post": {
                    "operationId": s.operation_id,
                    "summary": s.summary,
                    "description": s.description,
                    "tags": [s.tag],
                    "security": [{ (s.scheme_name.clone()): [] }],
                    "parameters": [
                        { "name": "id", "in": "path", "required": true, "description": s.param_description,
                          "schema": { "type": "string" } },
                        { "name": s.param_name, "in": "query", "description": s.param_description,
                          "schema": { "type": "string", "default": s.default, "example": s.example } },
                        { "name": s.header_name, "in": "header", "description": s.param_description,
                          "schema": { "type": "string" } }
                    ],
                    "requestBody": { "description": s.description,
                        "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Item" } } } },
                    "responses": {
                        "200": { "description": s.response_description,
                            "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Item" },
                                // Kept by the IR (it fits Item) and written into the Rust mock's
                                // `respond_with_example` as a string literal.
                                "example": { (s.property_name.clone()): s.example } } } }
                    }
                }
            },
            // Hostile text where a multipart body's part names and content types and an event
            // stream's end sentinel are written into code.
            "/uploads": {
                "put": {
                    "operationId": "upload",
                    "requestBody": { "required": true, "content": { "multipart/form-data": {
                        "schema": { "type": "object", "required": [s.property_name],
                            "properties": {
                                (s.property_name.clone()): { "type": "string", "format": "binary",
                                    "description": s.property_description },
                                "note": { "type": "string", "description": s.property_description }
                            } },
                        "encoding": { (s.property_name.clone()): { "contentType": s.header_name },
                            "note": { "contentType": s.example } } } } },
                    "responses": {
                        "200": { "description": s.response_description,
                            "content": { "text/event-stream": { "schema": { "$ref": "#/components/schemas/Item" },
                                "x-switchboard-stream": { "done": s.example } } } }
                    }
                }
            }
        },
        "components": {
            "schemas": {
                "Item": {
                    "type": "object", "description": s.schema_description, "required": [s.property_name],
                    "properties": {
                        (s.property_name.clone()): { "type": "string", "description": s.property_description,
                            "default": s.default, "example": s.example },
                        "kind": { "$ref": "#/components/schemas/Kind" }
                    }
                },
                "Kind": { "type": "string", "description": s.schema_description,
                    "enum": [s.enum_values.0, s.enum_values.1], "default": s.enum_values.0 },
                (s.schema_name.clone()): { "type": "object", "description": s.schema_description,
                    "properties": { "v": { "type": "integer", "description": s.property_description } } }
            },
            "securitySchemes": {
                (s.scheme_name.clone()): { "type": "apiKey", "in": "header", "name": s.header_name,
                    "description": s.description }
            }
        }
    })
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The files of every target for the document at `input`, or `None` when it does not load
/// (some hostile names are rightly rejected, e.g. two that mean the same).
/// Each target's name and files.
type Outputs = Vec<(&'static str, Vec<File>)>;

fn generate(input: &Path) -> Option<Outputs> {
    generate_titled(input).map(|(_, out)| out)
}

/// [`generate`], with the API's title (the document's, or a name when it has none).
fn generate_titled(input: &Path) -> Option<(String, Outputs)> {
    let (api, _) = load_api(input, "hostile_api", Options::default()).result.ok()?;
    let run = |r: Result<Vec<File>, targets::EmitError>| r.unwrap_or_else(|e| panic!("{e}"));
    Some((
        api.title.clone(),
        vec![
            ("rust", run(targets::rust::standalone_crate(&api, "hostile_api"))),
            ("typescript", run(targets::typescript::generate(&api, "hostile-api"))),
            ("python", run(targets::python::generate(&api, "hostile_api"))),
            ("openapi", run(targets::openapi::generate(&api, "hostile_api"))),
            ("markdown", run(targets::markdown::generate(&api, "hostile_api"))),
        ],
    ))
}

/// Characters no generated file may hold raw (LF and tab are fine everywhere we write).
fn is_raw_danger(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{feff}')
        || ('\u{202a}'..='\u{202e}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

/// Every check but tsc's; `title` is the document's title, which must survive in the manifests.
fn check(out: &[(&str, Vec<File>)], title: &str) -> Result<(), String> {
    for (target, files) in out {
        for f in files {
            if let Some(c) = f.contents.chars().find(|c| is_raw_danger(*c)) {
                return Err(format!("{target} {}: raw U+{:04X}", f.path.display(), c as u32));
            }
        }
        match *target {
            "rust" => check_rust(files, title)?,
            "python" => {
                check_python(files)?;
                let manifest = file(files, "pyproject.toml");
                let doc: toml_edit::DocumentMut = manifest.parse().map_err(|e| format!("pyproject.toml: {e}"))?;
                let description = doc["project"]["description"].as_str().unwrap_or_default();
                if !description.contains(title.trim()) {
                    return Err(format!("pyproject.toml description {description:?}"));
                }
            }
            "openapi" => {
                let doc: Value = serde_json::from_str(&files[0].contents).map_err(|e| format!("openapi.json: {e}"))?;
                if doc["info"]["title"] != title {
                    return Err(format!("openapi.json title {:?}", doc["info"]["title"]));
                }
            }
            "typescript" => {
                let pkg = file(files, "package.json");
                let pkg: Value = serde_json::from_str(pkg).map_err(|e| format!("package.json: {e}"))?;
                let description = pkg["description"].as_str().unwrap_or_default();
                if !description.contains(title) {
                    return Err(format!("package.json description {description:?}"));
                }
            }
            "markdown" => check_markdown(&files[0].contents).inspect_err(|_| {
                if let Some(dump) = std::env::var_os("SWITCHBOARD_HOSTILE_DUMP") {
                    let _ = std::fs::write(Path::new(&dump).join("README.md"), &files[0].contents);
                }
            })?,
            _ => {}
        }
    }
    Ok(())
}

fn file<'a>(files: &'a [File], path: &str) -> &'a str {
    files.iter().find(|f| f.path == Path::new(path)).map_or("", |f| f.contents.as_str())
}

/// Each generated `.rs` file parses, and printing what was parsed gives the file back: a doc
/// comment that leaked into code would parse as something else and print differently.
fn check_rust(files: &[File], title: &str) -> Result<(), String> {
    for f in files.iter().filter(|f| f.path.extension().is_some_and(|e| e == "rs")) {
        if f.path.starts_with("src/runtime") {
            continue;
        }
        let (header, body) = f.contents.split_once("\n\n").unwrap_or(("", &f.contents));
        if let Some(line) = header.lines().find(|l| !l.starts_with("//")) {
            return Err(format!("{}: header line {line:?} is not a comment", f.path.display()));
        }
        let parsed = syn::parse_file(&f.contents).map_err(|e| format!("{}: {e}", f.path.display()))?;
        // rustdoc renders inline HTML: outside code spans, a doc line has none but autolinks.
        for line in body.lines().map(str::trim_start).filter(|l| l.starts_with("///") || l.starts_with("//!")) {
            let prose = without_code_spans(line);
            if prose.match_indices('<').any(|(i, _)| !prose[i..].starts_with("<http")) {
                return Err(format!("{}: HTML in the doc line {line:?}", f.path.display()));
            }
        }
        let again = prettyplease::unparse(&parsed);
        if again != body {
            if let Some(dump) = std::env::var_os("SWITCHBOARD_HOSTILE_DUMP") {
                let _ = std::fs::write(Path::new(&dump).join("printed.rs"), body);
                let _ = std::fs::write(Path::new(&dump).join("again.rs"), &again);
            }
            return Err(format!("{}: does not print back to itself", f.path.display()));
        }
    }
    let manifest = file(files, "Cargo.toml");
    let doc: toml_edit::DocumentMut = manifest.parse().map_err(|e| format!("Cargo.toml: {e}\n{manifest}"))?;
    let description = doc["package"]["description"].as_str().unwrap_or_default();
    if description != format!("Typed client for the {title} API") {
        return Err(format!("Cargo.toml description {description:?}"));
    }
    Ok(())
}

const PY_CHECK: &str = r#"
import ast, sys
for path in sys.argv[1:]:
    tree = ast.parse(open(path, encoding="utf-8").read(), path)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "__import__":
            sys.exit(f"{path}: a call to __import__ at line {node.lineno}")
"#;

/// All Python files of one case, parsed in one `python` run.
fn check_python(files: &[File]) -> Result<(), String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let mut paths = Vec::new();
    for f in files.iter().filter(|f| f.path.extension().is_some_and(|e| e == "py")) {
        let path = dir.path().join(f.path.to_string_lossy().replace('/', "_"));
        std::fs::write(&path, &f.contents).map_err(|e| e.to_string())?;
        paths.push(path);
    }
    let out = Command::new(repo().join(".tools/python/bin/python"))
        .arg("-c")
        .arg(PY_CHECK)
        .args(&paths)
        .output()
        .map_err(|e| format!("python does not run: {e}"))?;
    if !out.status.success() {
        return Err(format!("python: {}", String::from_utf8_lossy(&out.stderr)));
    }
    Ok(())
}

/// No `<` outside code spans but the generator's own anchors and line breaks, and the
/// provenance comment on the first line only.
fn check_markdown(text: &str) -> Result<(), String> {
    let (first, rest) = text.split_once('\n').unwrap_or((text, ""));
    if !first.starts_with("<!--") || first.matches("-->").count() != 1 || !first.ends_with("-->") {
        return Err(format!("README.md header {first:?}"));
    }
    // Line by line: the generator never writes a code span across lines (see escape::markdown).
    let prose: String = rest.lines().map(|l| without_code_spans(l) + "\n").collect();
    let mut at = 0;
    while let Some(i) = prose[at..].find('<') {
        let tail = &prose[at + i..];
        if !(tail.starts_with("<a id=\"") || tail.starts_with("</a>") || tail.starts_with("<br>")) {
            let line = rest.lines().find(|l| without_code_spans(l).contains(&tail[..tail.len().min(12)]));
            return Err(format!("README.md: raw `<` at {:?} in {line:?}", tail.chars().take(40).collect::<String>()));
        }
        at += i + 1;
    }
    Ok(())
}

/// `text` with every CommonMark code span (a run of n backticks up to the next run of exactly n)
/// replaced by a space; an unmatched run stays as it is.
fn without_code_spans(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let run_at = |j: usize| bytes[j..].iter().take_while(|b| **b == b'`').count();
    while i < bytes.len() {
        if bytes[i] == b'\\' && i + 1 < bytes.len() && bytes[i + 1].is_ascii_punctuation() {
            // A backslash escape: the next character is literal (a backtick or `<` too), so it
            // is kept out of what the callers look at.
            out.push_str("\\_");
            i += 2;
            continue;
        }
        if bytes[i] != b'`' {
            let next = text[i..].find(['`', '\\']).map_or(text.len(), |n| i + n.max(1));
            out.push_str(&text[i..next]);
            i = next;
            continue;
        }
        let n = run_at(i);
        let mut j = i + n;
        let mut close = None;
        while j < bytes.len() {
            if bytes[j] == b'`' {
                let m = run_at(j);
                if m == n {
                    close = Some(j + m);
                    break;
                }
                j += m;
            } else {
                j += 1;
            }
        }
        match close {
            Some(end) => {
                out.push(' ');
                i = end;
            }
            None => {
                out.push_str(&text[i..i + n]);
                i += n;
            }
        }
    }
    out
}

fn write_files(root: &Path, files: &[File]) {
    for f in files {
        let path = root.join(&f.path);
        std::fs::create_dir_all(path.parent().unwrap_or(root)).expect("create a directory");
        std::fs::write(&path, &f.contents).expect("write a file");
    }
}

/// One tsc run over several packages, each in its own directory of `root`.
fn tsc_packages(root: &Path, packages: &[Vec<File>]) -> Result<(), String> {
    if packages.is_empty() {
        return Ok(());
    }
    for (i, files) in packages.iter().enumerate() {
        write_files(&root.join(format!("case{i}")), files);
    }
    let mut config: Value = serde_json::from_str(file(&packages[0], "tsconfig.json")).map_err(|e| e.to_string())?;
    config["compilerOptions"]["rootDir"] = Value::Null;
    config["compilerOptions"]["outDir"] = Value::Null;
    config["compilerOptions"]["noEmit"] = Value::Bool(true);
    config["include"] = json!(["*/src"]);
    std::fs::write(root.join("tsconfig.json"), config.to_string()).map_err(|e| e.to_string())?;
    let tsc = repo().join("tests/contract/node_modules/.bin/tsc");
    let out = Command::new(tsc).arg("-p").arg(root).args(["--pretty", "false"]).output().map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(format!("tsc --strict:\n{}", String::from_utf8_lossy(&out.stdout)));
    }
    Ok(())
}

fn cases() -> u32 {
    std::env::var("SWITCHBOARD_PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(DEFAULT_CASES)
}

#[test]
fn hostile_text_stays_in_its_comment_or_literal() {
    let loaded = Mutex::new((0u32, 0u32));
    let for_tsc: Mutex<Vec<(Slots, Vec<File>)>> = Mutex::new(Vec::new());
    let config = ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() };
    proptest!(config, |(s in slots())| {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let input = dir.path().join("openapi.json");
        std::fs::write(&input, document(&s).to_string()).expect("write the document");
        let out = generate_titled(&input);
        if let Ok(mut n) = loaded.lock() {
            n.0 += 1;
            n.1 += u32::from(out.is_some());
        }
        if let Some((title, out)) = out {
            if let Err(e) = check(&out, &title) {
                prop_assert!(false, "{e}\nslots: {s:#?}");
            }
            if let Ok(mut list) = for_tsc.lock() {
                if list.len() < TSC_CASES {
                    let ts = out.into_iter().find(|(t, _)| *t == "typescript").map(|(_, f)| f).unwrap_or_default();
                    list.push((s.clone(), ts));
                }
            }
        }
    });
    let (tried, ok) = *loaded.lock().expect("the counts");
    // Hostile documents that do not load test nothing: most must.
    assert!(ok * 2 >= tried, "only {ok} of {tried} documents loaded");
    let list = for_tsc.into_inner().expect("the packages");
    let dir = tempfile::tempdir().expect("a temporary directory");
    let packages: Vec<Vec<File>> = list.iter().map(|(_, f)| f.clone()).collect();
    if let Err(e) = tsc_packages(dir.path(), &packages) {
        let slots: Vec<&Slots> = list.iter().map(|(s, _)| s).collect();
        panic!("{e}\nslots of the cases (case0 first): {slots:#?}");
    }
}

#[path = "hostile_text/regressions.rs"]
mod regressions;
