//! What every part of lowering shares: reading a node of the loaded documents, following its
//! `$ref`, and reporting a diagnostic at its source position.

use std::rc::Rc;

use serde_json::Value;

use super::Lowerer;
use crate::diag::{Diagnostic, Severity};
use crate::load::Loc;

/// The node at `loc` in `doc` (the document holding it), or `null` when there is none.
pub(super) fn node<'d>(doc: &'d Value, loc: &Loc) -> &'d Value {
    const NULL: &Value = &Value::Null;
    crate::load::pointer::lookup(doc, &loc.pointer).unwrap_or(NULL)
}

pub(super) fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_string).filter(|s| !s.trim().is_empty())
}

pub(super) fn flag(v: &Value, key: &str) -> bool {
    v.get(key).and_then(Value::as_bool).unwrap_or(false)
}

impl Lowerer<'_> {
    pub(super) fn warn(&mut self, loc: &Loc, message: String, help: Option<&str>) {
        let d = self.loader.diag(loc, Severity::Warning, message, help.map(str::to_string));
        self.diags.push(d);
    }

    pub(super) fn error(&mut self, loc: &Loc, message: String, help: Option<&str>) {
        let d = self.loader.diag(loc, Severity::Error, message, help.map(str::to_string));
        self.diags.push(d);
    }

    /// A failed `$ref` is dirty input: warn and go on with a best effort.
    pub(super) fn ref_failed(&mut self, mut d: Diagnostic) {
        d.severity = Severity::Warning;
        self.diags.push(d);
    }

    /// The document holding `loc`. A node borrowed from it (`node(&doc, loc)`) leaves `self` free
    /// to change without copying the node: schemas nest deeply and every level is visited, so
    /// copying each level's subtree costs the square of the depth.
    pub(super) fn doc(&self, loc: &Loc) -> Rc<Value> {
        self.loader.document(loc.file)
    }

    /// Follows a `$ref` at `loc`, if any, to the node it names.
    pub(super) fn deref(&mut self, loc: &Loc) -> Option<Loc> {
        match self.loader.follow(loc) {
            Ok(target) => Some(target),
            Err(d) => {
                self.ref_failed(d);
                None
            }
        }
    }
}
