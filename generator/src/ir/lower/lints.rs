//! The lint passes: warnings about what the document says that lowering would otherwise pass
//! over in silence. Examples and defaults that do not fit their schema, unused components,
//! schemas the IR can only approximate, keywords of the wrong JSON type, and parts of the
//! document that are read but generate nothing.

use serde_json::{Map, Value};

use super::{Lowerer, Sample};
use crate::diag::Lint;
use crate::ir::{Additional, Operation, Payload, Schema, TypeDef, TypeId, TypeKind};
use crate::load::Loc;

impl Lowerer<'_> {
    /// Warns that `v`'s non-empty `key` (at `loc`) is read but generates nothing.
    pub(super) fn not_generated(
        &mut self,
        v: &Value,
        loc: &Loc,
        key: &str,
        message: impl FnOnce() -> String,
        help: Option<&str>,
    ) {
        if v.get(key).and_then(Value::as_object).is_some_and(|m| !m.is_empty()) {
            self.warn(&loc.child(key), message(), help);
        }
    }

    /// Records the examples and default of the schema `v` at `loc`, which lowered to `schema`.
    pub(super) fn samples_of(&mut self, loc: &Loc, v: &Value, schema: &Schema) {
        if v.get("example").is_some() {
            self.samples.push(Sample { loc: loc.child("example"), what: "example", schema: schema.clone() });
        }
        // JSON Schema's `examples` is a list; OpenAPI's media-type `examples` is a map (see `media_examples`).
        if let Some(Value::Array(examples)) = v.get("examples") {
            for i in 0..examples.len() {
                let loc = loc.child("examples").index(i);
                self.samples.push(Sample { loc, what: "example", schema: schema.clone() });
            }
        }
        if v.get("default").is_some() {
            self.samples.push(Sample { loc: loc.child("default"), what: "default", schema: schema.clone() });
        }
    }

    /// Records the `example` and the named `examples` of a parameter or media type at `loc`.
    pub(super) fn media_examples(&mut self, loc: &Loc, schema: &Schema) {
        let example_loc = loc.child("example");
        if self.node(&example_loc).get().is_some() {
            self.samples.push(Sample { loc: example_loc, what: "example", schema: schema.clone() });
        }
        let examples_loc = loc.child("examples");
        let node = self.node(&examples_loc);
        let Some(Value::Object(examples)) = node.get() else {
            return;
        };
        for key in examples.keys() {
            let Some(target) = self.deref(&loc.child("examples").child(key)) else { continue };
            let value_loc = target.child("value");
            if self.node(&value_loc).get().is_some() {
                self.samples.push(Sample { loc: value_loc, what: "example", schema: schema.clone() });
            }
        }
    }

    /// Warns about every example or default its own schema does not allow.
    pub(super) fn check_samples(&mut self, types: &[TypeDef]) {
        for sample in std::mem::take(&mut self.samples) {
            let node = self.node(&sample.loc);
            let Some(value) = node.get() else { continue };
            if let Some(why) = crate::ir::check::mismatch(types, &sample.schema, value) {
                let help = if sample.what == "default" {
                    "a default must be a value the schema allows"
                } else {
                    "correct the example, or the schema if the example shows what the service really sends"
                };
                self.warn(&sample.loc, format!("{} does not match its schema: {why}", sample.what), Some(help));
            }
        }
    }

    /// Warns about component schemas that no operation reaches, directly or through other types.
    pub(super) fn unused_schemas(&mut self, components: &[(Loc, TypeId)], operations: &[Operation], types: &[TypeDef]) {
        let mut reached = vec![false; types.len()];
        // Types, not schemas: a schema names at most one type, and reaching it is what counts.
        let mut stack: Vec<TypeId> = Vec::new();
        for op in operations {
            stack.extend(op.parameters.iter().filter_map(|p| p.schema.named()));
            let bodies = op.body.iter().flat_map(|b| &b.contents).chain(op.responses.iter().flat_map(|r| &r.contents));
            for content in bodies {
                stack.extend(content.schemas().filter_map(Schema::named));
            }
            stack.extend(op.responses.iter().flat_map(|r| &r.headers).filter_map(|h| h.schema.named()));
        }
        while let Some(id) = stack.pop() {
            if reached.get(id.0) != Some(&false) {
                continue;
            }
            reached[id.0] = true;
            let kind = &types[id.0].kind;
            stack.extend(kind.members().filter_map(Schema::named));
            let TypeKind::Struct(st) = kind else { continue };
            // Merged parents are used by merging, whatever their fields say.
            let mut parents: Vec<TypeId> = st.parents.clone();
            while let Some(parent) = parents.pop() {
                if let Some(false) = reached.get(parent.0) {
                    reached[parent.0] = true;
                    let kind = &types[parent.0].kind;
                    if let TypeKind::Struct(p) = kind {
                        stack.extend(kind.members().filter_map(Schema::named));
                        parents.extend(&p.parents);
                    }
                }
            }
            // A parent marked above is not expanded again when popped (its own `additional` is not
            // pushed), so what is reached depends on this order.
            if let Additional::Typed { value, .. } = &st.additional {
                stack.extend(value.named());
            }
        }
        for (entry, id) in components {
            if !reached.get(id.0).copied().unwrap_or(true) {
                let name = entry.last_segment();
                self.warn_as(
                    Lint::Unused,
                    entry,
                    format!("component schema `{name}` is not used by any operation"),
                    Some("remove it, or `$ref` it where it is meant to be used; its type is generated all the same"),
                );
            }
        }
    }

    /// Warns about reusable parameters, responses, bodies, headers and examples no `$ref` names.
    pub(super) fn unused_components(&mut self, components: &Loc) {
        for (section, what) in [
            ("parameters", "parameter"),
            ("responses", "response"),
            ("requestBodies", "request body"),
            ("headers", "header"),
            ("examples", "example"),
        ] {
            let loc = components.child(section);
            let node = self.node(&loc);
            let Some(Value::Object(entries)) = node.get() else { continue };
            for key in entries.keys() {
                let entry = loc.child(key);
                if !self.loader.is_referenced(&entry) {
                    self.warn_as(
                        Lint::Unused,
                        &entry,
                        format!("component {what} `{key}` is not referenced anywhere"),
                        Some("remove it, or `$ref` it where it is meant to be used"),
                    );
                }
            }
        }
    }

    /// Warns about schemas the IR can only approximate, at their location.
    pub(super) fn approximations(&mut self, loc: &Loc, v: &Value) {
        let Some(obj) = v.as_object() else { return };
        self.wrong_types(loc, obj);
        if let Some(Value::Array(values)) = obj.get("enum") {
            let strings = values.iter().filter(|x| x.is_string()).count();
            let others = values.iter().filter(|x| !x.is_string() && !x.is_null()).count();
            if strings > 0 && others > 0 {
                self.warn(
                    &loc.child("enum"),
                    "an `enum` mixing strings and other values is taken as its `type` without a list of values".into(),
                    Some("quote every value, or split the schema with `oneOf`"),
                );
            }
        }
        if let Some(Value::Object(patterns)) = obj.get("patternProperties") {
            let distinct: Vec<&Value> = patterns.values().fold(Vec::new(), |mut acc, p| {
                if !acc.contains(&p) {
                    acc.push(p);
                }
                acc
            });
            if distinct.len() > 1 {
                self.warn(
                    &loc.child("patternProperties"),
                    "several `patternProperties` with different schemas are taken as a map of any JSON value".into(),
                    None,
                );
            }
        }
    }

    /// Schema keywords whose value has the wrong JSON type are ignored, with a warning at the value.
    fn wrong_types(&mut self, loc: &Loc, obj: &Map<String, Value>) {
        type Check = (&'static str, fn(&Value) -> bool, &'static str);
        let checks: [Check; 9] = [
            (
                "type",
                |v| v.is_string() || v.as_array().is_some_and(|a| a.iter().all(Value::is_string)),
                "a type name or a list of them",
            ),
            ("properties", Value::is_object, "a mapping from property names to schemas"),
            ("required", |v| v.as_array().is_some_and(|a| a.iter().all(Value::is_string)), "a list of property names"),
            ("items", |v| v.is_object() || v.is_boolean(), "a schema"),
            ("enum", Value::is_array, "a list of values"),
            ("allOf", Value::is_array, "a list of schemas"),
            ("oneOf", Value::is_array, "a list of schemas"),
            ("anyOf", Value::is_array, "a list of schemas"),
            ("additionalProperties", |v| v.is_object() || v.is_boolean(), "a schema or a boolean"),
        ];
        for (key, ok, expected) in checks {
            if let Some(value) = obj.get(key) {
                if !ok(value) {
                    let help = if key == "type" {
                        Some("use string, integer, number, boolean, array, object or null")
                    } else {
                        None
                    };
                    self.warn(
                        &loc.child(key),
                        format!("`{key}` must be {expected}, not `{}`; it is ignored", crate::ir::check::shown(value)),
                        help,
                    );
                }
            }
        }
    }
}

/// Drops the defaults their own schema rejects (each was warned about): a client must not
/// document or fill in a value its type cannot hold.
/// Whether a default breaks its own enum, length or item-count constraints (a document may say
/// `default: []` beside `minItems: 1`): such a default is dropped like a misfit one, so no
/// target documents or writes back a value its own schema refuses.
fn breaks(c: &crate::ir::Constraints, value: &Option<Value>) -> bool {
    let Some(value) = value else { return false };
    if !c.values.is_empty() && !c.values.contains(value) {
        return true;
    }
    let outside = |n: u64, min: Option<u64>, max: Option<u64>| min.is_some_and(|m| n < m) || max.is_some_and(|m| n > m);
    match value {
        Value::Array(items) => outside(items.len() as u64, c.min_items, c.max_items),
        Value::String(text) => outside(text.chars().count() as u64, c.min_length, c.max_length),
        _ => false,
    }
}

/// Parameters keep a default or example only when their own schema and constraints allow it
/// (`default: null` on a string, `default: false` on an enum of strings are dropped), and JSON
/// bodies keep an example only when their schema allows it (the lint has said why not).
pub(super) fn without_misfit_operation_samples(types: &[TypeDef], operations: &mut [crate::ir::Operation]) {
    for op in operations {
        for p in &mut op.parameters {
            let misfit = |v: &Option<Value>| {
                v.as_ref().is_some_and(|v| crate::ir::check::mismatch(types, &p.schema, v).is_some())
            };
            if misfit(&p.default) || breaks(&p.constraints, &p.default) {
                p.default = None;
            }
            if misfit(&p.example) {
                p.example = None;
            }
        }
        let bodies = op
            .body
            .iter_mut()
            .flat_map(|b| &mut b.contents)
            .chain(op.responses.iter_mut().flat_map(|r| &mut r.contents));
        for content in bodies {
            let Payload::Json(schema) = &content.payload else { continue };
            if content.example.as_ref().is_some_and(|v| crate::ir::check::mismatch(types, schema, v).is_some()) {
                content.example = None;
            }
        }
    }
}

pub(super) fn without_misfit_defaults(mut types: Vec<TypeDef>) -> Vec<TypeDef> {
    let misfit = |types: &[TypeDef], schema: &Schema, value: &Option<Value>| {
        value.as_ref().is_some_and(|v| crate::ir::check::mismatch(types, schema, v).is_some())
    };
    let mut drops: Vec<(usize, Option<usize>)> = Vec::new();
    for (i, def) in types.iter().enumerate() {
        if misfit(&types, &Schema::Named(TypeId(i)), &def.default) {
            drops.push((i, None));
        }
        if let TypeKind::Struct(s) = &def.kind {
            for (j, f) in s.fields.iter().enumerate() {
                let schema = if f.nullable { Schema::Nullable(Box::new(f.schema.clone())) } else { f.schema.clone() };
                if misfit(&types, &schema, &f.default) || breaks(&f.constraints, &f.default) {
                    drops.push((i, Some(j)));
                }
            }
        }
    }
    for (i, field) in drops {
        match (field, &mut types[i].kind) {
            (None, _) => types[i].default = None,
            (Some(j), TypeKind::Struct(s)) => s.fields[j].default = None,
            (Some(_), _) => {}
        }
    }
    types
}
