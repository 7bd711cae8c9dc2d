//! The vocabulary check: every key of a document is one the specification has at that place
//! (or an `x-` extension). A misspelled or misplaced key is valid YAML and would otherwise be
//! ignored in silence, so that `responses:` one level too far up or `requried:` quietly changed
//! the generated client; each is a warning at the key, with the key it most likely means or the
//! place it belongs to (`suggest`), and strict mode makes it an error.
//!
//! The walk follows the document's structure from the root, and `$ref`s into whatever they
//! name (other files included), checking each target as the kind of object the reference
//! stands for. It runs on the document as written, before a Swagger 2.0 document is rewritten
//! into OpenAPI 3, so that a 2.0 document is judged by 2.0's vocabulary at its own positions.

mod suggest;
mod table;

use std::collections::HashSet;

use serde_json::Value;

use super::{pointer, ref_of, FileId, Loader, Loc};
use crate::diag::{Diagnostic, Lint, Severity};
use table::{is_status, lookup, Child, Kind, ParameterIn, Version};

/// The unknown keys of the document `root` and of everything its `$ref`s reach, as warnings.
pub(super) fn check(loader: &mut Loader, root: FileId) -> Vec<Diagnostic> {
    let doc = loader.document(root);
    let Some(version) = version(&doc) else {
        // Lowering says what is wrong with the version; no vocabulary applies.
        return Vec::new();
    };
    let mut walker = Walker { version, file: root, seen: HashSet::new(), pending: Vec::new(), unknown: Vec::new() };
    walker.node(Kind::Root, &doc, &mut String::new());
    // Each target is checked once per kind; the set also ends reference loops.
    while let Some((from, kind)) = walker.pending.pop() {
        let Some(reference) = loader.get(&from).and_then(ref_of).map(str::to_owned) else { continue };
        let Some(target) = loader.peek_ref(&from, &reference) else { continue };
        if !walker.seen.insert((target.clone(), kind)) {
            continue;
        }
        let doc = loader.document(target.file);
        if let Some(value) = pointer::lookup(&doc, &target.pointer) {
            walker.file = target.file;
            walker.node(kind, value, &mut target.pointer.clone());
        }
    }
    walker.unknown.into_iter().map(|u| diagnostic(loader, u)).collect()
}

/// The version the root document declares, if it is one this check knows.
fn version(doc: &Value) -> Option<Version> {
    if let Some(v) = doc.get("swagger").and_then(Value::as_str) {
        return v.starts_with("2.").then_some(Version::V2);
    }
    let v = doc.get("openapi").and_then(Value::as_str)?;
    if v.starts_with("3.0") {
        Some(Version::V30)
    } else if v.starts_with("3.1") {
        Some(Version::V31)
    } else {
        None
    }
}

/// A key found where it does not belong.
struct Unknown {
    loc: Loc,
    key: String,
    kind: Kind,
    help: String,
}

struct Walker {
    version: Version,
    /// The file being walked.
    file: FileId,
    /// Nodes already checked (reached by `$ref`, or named in `components`), with their kind.
    seen: HashSet<(Loc, Kind)>,
    /// Nodes holding a `$ref`, with the kind of object the reference stands for.
    pending: Vec<(Loc, Kind)>,
    unknown: Vec<Unknown>,
}

impl Walker {
    fn loc(&self, pointer: &str) -> Loc {
        Loc { file: self.file, pointer: pointer.to_string() }
    }

    /// Checks `value`, an object of `kind` at `pointer` (anything else is left to lowering,
    /// which says what a value of the wrong type means).
    fn node(&mut self, kind: Kind, value: &Value, pointer: &mut String) {
        let Some(obj) = value.as_object() else { return };
        if obj.get("$ref").is_some_and(Value::is_string) {
            self.pending.push((self.loc(pointer), kind));
            // Beside `$ref` a reference object's other keys are ignored (3.0) or are a summary
            // and description (3.1); schemas and path items keep theirs, checked below.
            if !matches!(kind, Kind::Schema | Kind::PathItem) {
                return;
            }
        }
        let at = match (self.version, kind) {
            (Version::V2, Kind::Parameter) => match obj.get("in").and_then(Value::as_str) {
                Some("body") => ParameterIn::Body,
                Some(_) => ParameterIn::Other,
                None => ParameterIn::Unknown,
            },
            _ => ParameterIn::Unknown,
        };
        for (key, child) in obj {
            if key.starts_with("x-") {
                continue;
            }
            let known = match kind {
                Kind::Paths => key.starts_with('/').then_some(Child::Node(Kind::PathItem)),
                Kind::Responses => is_status(key).then_some(Child::Node(Kind::Response)),
                Kind::Callback => Some(Child::Node(Kind::PathItem)),
                _ => lookup(self.version, kind, at, key),
            };
            let len = pointer.len();
            pointer.push('/');
            pointer.push_str(&pointer::escape(key));
            match known {
                Some(known) => self.child(kind, known, child, pointer),
                None => {
                    let help = suggest::help(self.version, kind, at, key, child, obj);
                    let loc = self.loc(pointer);
                    self.unknown.push(Unknown { loc, key: key.clone(), kind, help });
                }
            }
            pointer.truncate(len);
        }
    }

    /// Goes on into the value of a known key of a `parent` object.
    fn child(&mut self, parent: Kind, child: Child, value: &Value, pointer: &mut String) {
        match child {
            Child::Free => {}
            Child::Node(kind) => self.node(kind, value, pointer),
            Child::OneOrList(kind) if value.is_array() => self.child(parent, Child::List(kind), value, pointer),
            Child::OneOrList(kind) => self.node(kind, value, pointer),
            Child::List(kind) => {
                let Some(items) = value.as_array() else { return };
                for (i, item) in items.iter().enumerate() {
                    let len = pointer.len();
                    pointer.push('/');
                    pointer.push_str(&i.to_string());
                    self.node(kind, item, pointer);
                    pointer.truncate(len);
                }
            }
            Child::Map(kind) => {
                let Some(entries) = value.as_object() else { return };
                // What `components` (and Swagger 2.0's top-level sections) name is what `$ref`s
                // point at; remembering it saves checking each twice.
                let named = matches!(parent, Kind::Components | Kind::Root);
                for (name, item) in entries {
                    let len = pointer.len();
                    pointer.push('/');
                    pointer.push_str(&pointer::escape(name));
                    if !named || self.seen.insert((self.loc(pointer), kind)) {
                        self.node(kind, item, pointer);
                    }
                    pointer.truncate(len);
                }
            }
        }
    }
}

/// The warning for an unknown key, located at the key itself.
fn diagnostic(loader: &Loader, unknown: Unknown) -> Diagnostic {
    let (line, col) = loader.key_position(&unknown.loc);
    let message = format!("unknown key `{}` in {}", unknown.key, unknown.kind.described());
    Diagnostic {
        severity: Severity::Warning,
        file: loader.path(unknown.loc.file).to_path_buf(),
        line,
        col,
        pointer: unknown.loc.pointer,
        message,
        help: Some(unknown.help),
        lint: Lint::UnknownKey,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn versions_are_read_from_the_root() {
        assert_eq!(version(&json!({"swagger": "2.0"})), Some(Version::V2));
        assert_eq!(version(&json!({"openapi": "3.0.3"})), Some(Version::V30));
        assert_eq!(version(&json!({"openapi": "3.1.0"})), Some(Version::V31));
        assert_eq!(version(&json!({"openapi": "4.0"})), None);
        assert_eq!(version(&json!({"swagger": 2.0})), None);
    }

    #[test]
    fn unknown_keys_are_found_with_their_place() {
        let doc = json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"get": {"responses": {"200": {"description": "ok"}}}, "responses": {}}},
            "components": {"schemas": {"A": {"type": "object", "requried": ["x"], "x-ok": 1,
                "properties": {"requried": {"tpye": "string"}}}}}
        });
        let mut walker = Walker {
            version: Version::V30,
            file: FileId(0),
            seen: HashSet::new(),
            pending: Vec::new(),
            unknown: Vec::new(),
        };
        walker.node(Kind::Root, &doc, &mut String::new());
        let found: Vec<(String, Kind)> = walker.unknown.iter().map(|u| (u.loc.pointer.clone(), u.kind)).collect();
        assert_eq!(
            found,
            [
                ("/paths/~1a/responses".to_string(), Kind::PathItem),
                ("/components/schemas/A/requried".to_string(), Kind::Schema),
                ("/components/schemas/A/properties/requried/tpye".to_string(), Kind::Schema),
            ]
        );
    }
}
