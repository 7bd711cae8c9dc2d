//! What every part of lowering shares: the one way to read a node of the loaded documents,
//! following its `$ref`, and reporting a diagnostic at its source position.

use std::rc::Rc;

use serde_json::Value;

use super::Lowerer;
use crate::diag::{Diagnostic, Lint, Severity};
use crate::load::Loc;

/// A node of a loaded document, read through the document that holds it (see [`Lowerer::node`]).
pub(super) struct Node<'l> {
    document: Rc<Value>,
    pointer: &'l str,
}

impl Node<'_> {
    /// The node, if its pointer exists.
    pub(super) fn get(&self) -> Option<&Value> {
        crate::load::pointer::lookup(&self.document, self.pointer)
    }

    /// The node, or `null` when its pointer does not exist.
    pub(super) fn or_null(&self) -> &Value {
        const NULL: &Value = &Value::Null;
        self.get().unwrap_or(NULL)
    }
}

pub(super) fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_string).filter(|s| !s.trim().is_empty())
}

pub(super) fn flag(v: &Value, key: &str) -> bool {
    v.get(key).and_then(Value::as_bool).unwrap_or(false)
}

impl Lowerer<'_> {
    pub(super) fn warn(&mut self, loc: &Loc, message: String, help: Option<&str>) {
        self.warn_as(Lint::Mistake, loc, message, help);
    }

    /// A warning of the kind `lint`, which decides what strict mode makes of it.
    pub(super) fn warn_as(&mut self, lint: Lint, loc: &Loc, message: String, help: Option<&str>) {
        let d = self.loader.diag(loc, Severity::Warning, message, help.map(str::to_string));
        self.diags.push(d.with_lint(lint));
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

    /// The node at `loc`. It holds its document (shared, not copied), so what it reads leaves
    /// `self` free to change: copying the node instead would cost the square of the depth, since
    /// schemas nest deeply and every level is visited.
    pub(super) fn node<'l>(&self, loc: &'l Loc) -> Node<'l> {
        Node { document: self.loader.document(loc.file), pointer: &loc.pointer }
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
