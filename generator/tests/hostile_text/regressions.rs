//! The holes measured before the escaping rules, each with the exact text that opened it.

use serde_json::json;
use switchboard_generator::targets::{self, File};

use super::{check, check_markdown, file, generate, tsc_packages, Slots};

/// The tame slots of a document, for one hostile value at a time.
fn tame() -> Slots {
    Slots {
        title: "Demo".into(),
        description: "A demo.".into(),
        version: "1".into(),
        summary: "Get an item".into(),
        operation_id: "getItem".into(),
        param_name: "q".into(),
        param_description: "Query.".into(),
        header_name: "X-Key".into(),
        schema_name: "Other".into(),
        schema_description: "A thing.".into(),
        property_name: "name".into(),
        property_description: "Its name.".into(),
        enum_values: ("a".into(), "b".into()),
        default: "x".into(),
        example: "y".into(),
        server_url: "v1".into(),
        server_description: "Production".into(),
        tag: "items".into(),
        scheme_name: "key".into(),
        response_description: "The item.".into(),
    }
}

fn run(slots: &Slots) -> Vec<(&'static str, Vec<File>)> {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let input = dir.path().join("openapi.json");
    std::fs::write(&input, super::document(slots).to_string()).expect("write the document");
    let out = generate(&input).expect("the document loads");
    if let Err(e) = check(&out, &slots.title) {
        panic!("{e}");
    }
    out
}

fn target<'a>(out: &'a [(&str, Vec<File>)], name: &str) -> &'a [File] {
    out.iter().find(|(t, _)| *t == name).map(|(_, f)| f.as_slice()).unwrap_or_default()
}

#[test]
fn a_title_with_a_line_separator_runs_no_code_in_typescript() {
    for sep in ["\u{2028}", "\u{2029}", "\u{85}", "\r"] {
        let slots = Slots { title: format!("Pets{sep}globalThis.pwned();//"), ..tame() };
        let out = run(&slots);
        let ts = target(&out, "typescript");
        for f in ts.iter().filter(|f| f.path.extension().is_some_and(|e| e == "ts")) {
            for line in f.contents.lines().filter(|l| l.contains("globalThis.pwned")) {
                let t = line.trim_start();
                assert!(t.starts_with("//") || t.starts_with('*') || t.starts_with("/**"), "{line:?}");
            }
        }
        let dir = tempfile::tempdir().expect("a temporary directory");
        if let Err(e) = tsc_packages(dir.path(), &[ts.to_vec()]) {
            panic!("{e}");
        }
    }
}

#[test]
fn bidi_overrides_and_bare_carriage_returns_in_descriptions_keep_rust_valid() {
    let slots = Slots { description: "a\u{202e}b\rc".into(), property_description: "\rfn pwned() {}".into(), ..tame() };
    let out = run(&slots);
    let lib = file(target(&out, "rust"), "src/lib.rs");
    assert!(lib.contains("aU+202Eb") && !lib.contains('\r'), "{lib}");
}

#[test]
fn a_backtick_in_a_name_does_not_end_its_rustdoc_code_span() {
    // `check` looks for HTML outside code spans in every Rust doc line.
    run(&Slots { property_name: "x`<img src=x onerror=alert(1)>`".into(), default: "`<b>`".into(), ..tame() });
    // Found by the long run: the name's own backslash escape is kept, and rustdoc shows `<`.
    run(&Slots { scheme_name: "\\</script>\u{2028}x".into(), ..tame() });
}

#[test]
fn control_characters_in_the_title_keep_cargo_toml_valid() {
    // `check` parses Cargo.toml and compares its description with the title.
    run(&Slots { title: "A\u{1}B\u{7f}\"C\\\nD\u{202e}".into(), ..tame() });
}

#[test]
fn a_newline_in_an_operation_id_keeps_python_valid() {
    run(&Slots { operation_id: "get\nItem\");__import__(\"pwned\");(\"".into(), ..tame() });
}

#[test]
fn markdown_shows_document_html_as_text_unless_raw_html_is_asked_for() {
    let slots = Slots {
        description: "<script>alert(1)</script> <img src=x onerror=alert(1)>".into(),
        property_description: "<img src=x onerror=alert(1)>".into(),
        schema_name: "X<script>".into(),
        ..tame()
    };
    let out = run(&slots);
    let readme = file(target(&out, "markdown"), "README.md");
    assert!(readme.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{readme}");
    let dir = tempfile::tempdir().expect("a temporary directory");
    let input = dir.path().join("openapi.json");
    std::fs::write(&input, super::document(&slots).to_string()).expect("write the document");
    let (api, _) = switchboard_generator::load_api(&input, "demo", Default::default()).result.expect("loads");
    let raw = targets::markdown::generate_with(&api, "demo", targets::markdown::MarkdownOptions { raw_html: true })
        .expect("markdown");
    assert!(raw[0].contents.contains("<script>alert(1)</script>"));
    // Names are never HTML, even with raw HTML allowed in prose.
    assert!(check_markdown(&raw[0].contents.replace("<script>alert(1)</script> <img src=x onerror=alert(1)>", ""))
        .is_err_and(|e| e.contains("onerror")));
}

#[test]
fn newlines_in_the_input_file_name_stay_in_the_headers() {
    // Headers name the root document by its file name only (no folder: generated bytes do not
    // depend on where the API lives), so the hostile name is the file's.
    let dir = tempfile::tempdir().expect("a temporary directory");
    let input = dir.path().join("a\nb\rc\u{2028}d\u{202e}e.json");
    let doc = json!({ "openapi": "3.1.0", "info": { "title": "Demo", "version": "1" }, "paths": {} });
    std::fs::write(&input, doc.to_string()).expect("a file with line breaks in its name");
    let out = generate(&input).expect("the document loads");
    if let Err(e) = check(&out, "Demo") {
        panic!("{e}");
    }
    let manifest = file(target(&out, "rust"), "Cargo.toml");
    assert!(manifest.lines().next().is_some_and(|l| l.starts_with("# @generated") && l.contains("a b c d")));
}
