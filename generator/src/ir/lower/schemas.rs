//! Schemas into types: named types (components, `$ref` targets, inline objects, enums and
//! unions) and the type expressions (lists, maps, primitives) between them.

use std::collections::HashSet;

use serde_json::{Map, Value};

use super::constraints;
use super::context::{flag, text, Node};
use super::shapes::{declared_types, is_null_schema, is_nullable, shape, Shape};
use super::Lowerer;
use crate::ir::names::pascal;
use crate::ir::{
    Additional, Discriminator, Enum, Field, Primitive, PrimitiveKind, Schema, Struct, TypeDef, TypeId, TypeKind, Union,
    Variant,
};
use crate::load::{ref_of, Loc};

/// Inline schemas nested deeper than this become `Any` with a warning, so hostile input cannot
/// exhaust the stack.
const MAX_DEPTH: usize = 64;

impl Lowerer<'_> {
    /// Names a type for every entry of `components.schemas` (at `schemas_loc`), with the entry's
    /// location; each is lowered later, from the queue.
    pub(super) fn component_schemas(&mut self, schemas_loc: &Loc) -> Vec<(Loc, TypeId)> {
        let mut components = Vec::new();
        let node = self.node(schemas_loc);
        if let Some(Value::Object(schemas)) = node.get() {
            for key in schemas.keys() {
                let entry = schemas_loc.child(key);
                if let Some(target) = self.deref(&entry) {
                    components.push((entry, self.named_as(&target, key)));
                }
            }
        }
        components
    }

    /// Lowers the named types allocated so far, and those they name in turn.
    pub(super) fn lower_queued(&mut self) {
        while let Some((id, loc)) = self.queue.pop_front() {
            let name = self.types[id.0].as_ref().map(|t| t.name.clone()).unwrap_or_default();
            self.lowering_from_queue = Some(loc.clone());
            let def = self.type_def(&loc, name, 0);
            self.lowering_from_queue = None;
            self.types[id.0] = Some(def);
            let node = self.node(&loc);
            if let Some(v) = node.get() {
                self.samples_of(&loc, v, &Schema::Named(id));
            }
        }
    }

    /// The named type for the schema at `loc` (already dereferenced), allocating it on first sight.
    fn named(&mut self, loc: &Loc) -> TypeId {
        if let Some(id) = self.by_loc.get(loc) {
            return *id;
        }
        let hint = match meaningful_segment(&loc.pointer) {
            Some(s) => s,
            None => {
                self.loader.path(loc.file).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
            }
        };
        self.named_as(loc, &hint)
    }

    fn named_as(&mut self, loc: &Loc, hint: &str) -> TypeId {
        if let Some(id) = self.by_loc.get(loc) {
            return *id;
        }
        let id = TypeId(self.types.len());
        let name = self.names.claim(hint);
        self.types.push(Some(TypeDef {
            name,
            description: None,
            deprecated: false,
            default: None,
            origin: String::new(),
            kind: TypeKind::Alias(Schema::Any),
        }));
        self.by_loc.insert(loc.clone(), id);
        self.queue.push_back((id, loc.clone()));
        id
    }

    /// Whether `loc` is a named (`$ref`'d) schema being lowered from the queue; inline schemas
    /// were already checked by `schema`.
    fn queue_lowering(&self, loc: &Loc) -> bool {
        self.lowering_from_queue.as_ref() == Some(loc)
    }

    /// A new named type for an inline schema, lowered at once.
    fn inline_named(&mut self, loc: &Loc, hint: &str, depth: usize) -> Schema {
        // A `$ref` elsewhere may point at this inline schema: both get the same type.
        if let Some(id) = self.by_loc.get(loc) {
            return Schema::Named(*id);
        }
        let id = TypeId(self.types.len());
        let name = self.names.claim(hint);
        self.types.push(None);
        self.by_loc.insert(loc.clone(), id);
        let def = self.type_def(loc, name, depth);
        self.types[id.0] = Some(def);
        Schema::Named(id)
    }

    fn type_def(&mut self, loc: &Loc, name: String, depth: usize) -> TypeDef {
        let node = self.node(loc);
        let v = node.or_null();
        if self.queue_lowering(loc) {
            self.approximations(loc, v);
        }
        let kind = self.type_kind(loc, v, &name, depth);
        TypeDef {
            description: text(v, "description").or_else(|| text(v, "title")),
            deprecated: flag(v, "deprecated"),
            default: v.get("default").cloned(),
            origin: format!("{}#{}", self.loader.portable_path(loc.file), loc.pointer),
            name,
            kind,
        }
    }

    /// What a schema that deserves a name is: a struct, enum or union, or an alias of a type expression.
    fn type_kind(&mut self, loc: &Loc, v: &Value, name: &str, depth: usize) -> TypeKind {
        match shape(v) {
            Shape::Struct => TypeKind::Struct(self.structure(loc, v, name, depth)),
            Shape::Enum(base, values) => TypeKind::Enum(Enum { base, values }),
            Shape::Union(parts) => TypeKind::Union(self.union(loc, &parts, name, depth)),
            Shape::Other => TypeKind::Alias(self.expression(loc, v, name, depth)),
        }
    }

    /// The type expression for the schema at `loc`; `hint` names any inline type it needs.
    pub(super) fn schema(&mut self, loc: &Loc, hint: &str, depth: usize) -> Schema {
        let node = self.node(loc);
        let Some(v) = node.get() else { return Schema::Any };
        if let Some(r) = ref_of(v) {
            let resolved = self.loader.resolve_ref(loc, r).and_then(|l| self.loader.follow(&l));
            return match resolved {
                Ok(target) => {
                    let target_node = self.node(&target);
                    let tv = target_node.or_null();
                    // Boolean schemas and empty ones stand for "anything": no type worth a name.
                    if matches!(tv, Value::Bool(_)) || tv.as_object().is_some_and(Map::is_empty) {
                        Schema::Any
                    } else {
                        Schema::Named(self.named(&target))
                    }
                }
                Err(d) => {
                    self.ref_failed(d);
                    Schema::Any
                }
            };
        }
        if depth > MAX_DEPTH {
            self.warn(
                loc,
                format!("schema nesting deeper than {MAX_DEPTH} levels is taken as any JSON value"),
                Some("move nested schemas into named components"),
            );
            return Schema::Any;
        }
        self.approximations(loc, v);
        let nullable = is_nullable(v);
        let inner = match shape(v) {
            Shape::Struct | Shape::Enum(..) | Shape::Union(_) => self.inline_named(loc, hint, depth + 1),
            Shape::Other => self.expression(loc, v, hint, depth),
        };
        // `oneOf: [X, {type: null}]` is already `Nullable(X)`: wrapping it again would make it
        // `Option<Option<X>>`.
        let schema = if nullable && !matches!(inner, Schema::Any | Schema::Nullable(_)) {
            Schema::Nullable(Box::new(inner))
        } else {
            inner
        };
        self.samples_of(loc, v, &schema);
        schema
    }

    /// Lists, maps, primitives and `Any`: schemas that need no name of their own.
    fn expression(&mut self, loc: &Loc, v: &Value, hint: &str, depth: usize) -> Schema {
        let Some(obj) = v.as_object() else {
            if !matches!(v, Value::Bool(_)) {
                self.warn(loc, "a schema must be a mapping; it is taken as any JSON value".into(), None);
            }
            return Schema::Any;
        };
        // `oneOf: [X, {type: null}]` and `allOf: [X]` are X (nullable or with extra docs).
        for key in ["oneOf", "anyOf", "allOf"] {
            if let Some(Value::Array(parts)) = obj.get(key) {
                let real: Vec<usize> = (0..parts.len()).filter(|i| !is_null_schema(&parts[*i])).collect();
                if real.len() == 1 && !obj.contains_key("properties") {
                    let inner = self.schema(&loc.child(key).index(real[0]), hint, depth + 1);
                    return if real.len() < parts.len() { Schema::Nullable(Box::new(inner)) } else { inner };
                }
            }
        }
        let types = declared_types(v);
        let ty = types.iter().find(|t| *t != "null").map(String::as_str);
        let format = text(v, "format");
        let prim = |kind| Schema::Primitive(Primitive { kind, format: format.clone() });
        match ty {
            Some("string") => prim(PrimitiveKind::String),
            Some("integer") => prim(PrimitiveKind::Integer),
            Some("number") => prim(PrimitiveKind::Number),
            Some("boolean") => prim(PrimitiveKind::Boolean),
            Some("array") => self.list(loc, obj, hint, depth),
            Some("object") => self.map(loc, obj, hint, depth),
            Some(other) => {
                self.warn(
                    &loc.child("type"),
                    format!("unknown type `{other}`; it is taken as any JSON value"),
                    Some("use string, integer, number, boolean, array, object or null"),
                );
                Schema::Any
            }
            None if obj.contains_key("items") => self.list(loc, obj, hint, depth),
            None if obj.contains_key("additionalProperties") || obj.contains_key("patternProperties") => {
                self.map(loc, obj, hint, depth)
            }
            None => Schema::Any,
        }
    }

    fn list(&mut self, loc: &Loc, obj: &Map<String, Value>, hint: &str, depth: usize) -> Schema {
        let item = match obj.get("items") {
            Some(Value::Object(_)) => self.schema(&loc.child("items"), &format!("{hint} Item"), depth + 1),
            _ => Schema::Any,
        };
        Schema::List(Box::new(item))
    }

    fn map(&mut self, loc: &Loc, obj: &Map<String, Value>, hint: &str, depth: usize) -> Schema {
        match self.additional(loc, obj, hint, depth) {
            Additional::Typed { value, pattern } => Schema::Map { value: Box::new(value), pattern },
            Additional::Any | Additional::Forbidden => Schema::Map { value: Box::new(Schema::Any), pattern: None },
        }
    }

    fn additional(&mut self, loc: &Loc, obj: &Map<String, Value>, hint: &str, depth: usize) -> Additional {
        if let Some(Value::Object(patterns)) = obj.get("patternProperties") {
            let keys: Vec<&String> = patterns.keys().collect();
            if keys.len() == 1 {
                let key = keys[0].clone();
                let value =
                    self.schema(&loc.child("patternProperties").child(&key), &format!("{hint} Value"), depth + 1);
                return Additional::Typed { value, pattern: Some(key) };
            }
            if !keys.is_empty() {
                return Additional::Any;
            }
        }
        match obj.get("additionalProperties") {
            Some(Value::Bool(false)) => Additional::Forbidden,
            Some(Value::Object(o)) if !o.is_empty() => {
                let value = self.schema(&loc.child("additionalProperties"), &format!("{hint} Value"), depth + 1);
                if value == Schema::Any {
                    Additional::Any
                } else {
                    Additional::Typed { value, pattern: None }
                }
            }
            _ => Additional::Any,
        }
    }

    fn structure(&mut self, loc: &Loc, v: &Value, name: &str, depth: usize) -> Struct {
        let mut parts = ObjectParts::default();
        self.collect_object(loc, v, &mut parts, depth);
        let mut fields = Vec::new();
        for (prop, ploc, owner) in &parts.properties {
            let pnode = self.node(ploc);
            let pv = pnode.or_null();
            // A property merged in from a named `allOf` part is named after that part, so every
            // schema that merges it shares one type with one name.
            let owner_name = match self.by_loc.get(owner) {
                Some(id) if owner != loc => {
                    self.types[id.0].as_ref().map_or_else(|| name.to_string(), |t| t.name.clone())
                }
                _ => name.to_string(),
            };
            let schema = self.schema(ploc, &format!("{owner_name} {prop}"), depth + 1);
            // Docs and defaults of a `$ref`'d property come from its target when not given beside the `$ref`.
            let target_loc = ref_of(pv).and_then(|_| self.loader.follow(ploc).ok());
            let target_node = target_loc.as_ref().map(|t| self.node(t));
            let target = target_node.as_ref().and_then(Node::get);
            let pick = |key: &str| pv.get(key).cloned().or_else(|| target.as_ref().and_then(|t| t.get(key).cloned()));
            let (inner, nullable) = match schema {
                Schema::Nullable(inner) => (*inner, true),
                other => (other, false),
            };
            fields.push(Field {
                name: prop.clone(),
                description: text(pv, "description").or_else(|| target.as_ref().and_then(|t| text(t, "description"))),
                schema: inner,
                required: parts.required.contains(prop),
                nullable,
                default: pick("default"),
                read_only: pick("readOnly").and_then(|x| x.as_bool()).unwrap_or(false),
                write_only: pick("writeOnly").and_then(|x| x.as_bool()).unwrap_or(false),
                deprecated: flag(pv, "deprecated"),
                example: pv
                    .get("example")
                    .cloned()
                    .or_else(|| pv.get("examples").and_then(|e| e.as_array()).and_then(|a| a.first().cloned())),
                constraints: match &target {
                    Some(t) => constraints::read(&[pv, t]),
                    None => constraints::read(&[pv]),
                },
            });
        }
        let additional = match parts.additional {
            Some((aloc, aobj)) => self.additional(&aloc, &aobj, &format!("{name} Extra"), depth),
            None => Additional::Any,
        };
        Struct { fields, parents: parts.parents, additional }
    }

    /// Gathers properties from a schema and its `allOf` parts (later parts override earlier ones).
    fn collect_object(&mut self, loc: &Loc, v: &Value, parts: &mut ObjectParts, depth: usize) {
        if depth > MAX_DEPTH || parts.visited.contains(loc) {
            return;
        }
        parts.visited.insert(loc.clone());
        if let Some(Value::Array(all)) = v.get("allOf") {
            for i in 0..all.len() {
                let part_loc = loc.child("allOf").index(i);
                let Some(target) = self.deref(&part_loc) else { continue };
                let pnode = self.node(&target);
                let pv = pnode.or_null();
                if pv.get("oneOf").is_some() || pv.get("anyOf").is_some() {
                    self.warn(
                        &part_loc,
                        "an `allOf` part with `oneOf`/`anyOf` is merged by its properties only".into(),
                        None,
                    );
                }
                if let Some(id) = self.by_loc.get(&target) {
                    parts.parents.push(*id);
                }
                self.collect_object(&target, pv, parts, depth + 1);
            }
        }
        if let Some(Value::Object(props)) = v.get("properties") {
            for key in props.keys() {
                let ploc = loc.child("properties").child(key);
                match parts.properties.iter_mut().find(|(k, ..)| k == key) {
                    Some(slot) => {
                        slot.1 = ploc;
                        slot.2 = loc.clone();
                    }
                    None => parts.properties.push((key.clone(), ploc, loc.clone())),
                }
            }
        }
        if let Some(Value::Array(req)) = v.get("required") {
            parts.required.extend(req.iter().filter_map(Value::as_str).map(str::to_string));
        }
        if let Some(obj) = v.as_object() {
            if obj.contains_key("additionalProperties") || obj.contains_key("patternProperties") {
                parts.additional = Some((loc.clone(), obj.clone()));
            }
        }
    }

    fn union(&mut self, loc: &Loc, parts: &[(&str, usize)], name: &str, depth: usize) -> Union {
        let mut variants = Vec::new();
        let mut taken = HashSet::new();
        let mut push = |variants: &mut Vec<Variant>, base: String, description: Option<String>, schema: Schema| {
            let mut candidate = base.clone();
            let mut n = 2;
            while !taken.insert(candidate.clone()) {
                candidate = format!("{base}{n}");
                n += 1;
            }
            variants.push(Variant { name: candidate, description, schema, tags: Vec::new() });
        };
        if parts.is_empty() {
            // A 3.1 type array such as `[string, integer]`.
            let node = self.node(loc);
            let v = node.or_null();
            for t in declared_types(v).into_iter().filter(|t| t != "null") {
                let mut single = v.clone();
                if let Some(o) = single.as_object_mut() {
                    o.insert("type".into(), Value::String(t.clone()));
                }
                let schema = self.expression(loc, &single, &format!("{name} {t}"), depth + 1);
                push(&mut variants, pascal(&t), None, schema);
            }
            return Union { variants, discriminator: None };
        }
        for (key, i) in parts {
            let part_loc = loc.child(key).index(*i);
            let schema = self.schema(&part_loc, &format!("{name} Variant{}", i + 1), depth + 1);
            let node = self.node(&part_loc);
            let pv = node.or_null();
            let base = match &schema {
                Schema::Named(id) => {
                    self.types[id.0].as_ref().map(|t| t.name.clone()).unwrap_or_else(|| format!("Variant{}", i + 1))
                }
                other => variant_name(other),
            };
            push(&mut variants, base, text(pv, "description"), schema);
        }
        let node = self.node(loc);
        let v = node.or_null();
        let discriminator =
            v.get("discriminator").and_then(|d| text(d, "propertyName")).map(|property| Discriminator { property });
        if discriminator.is_some() {
            self.tag_variants(loc, v, parts, &mut variants);
        }
        Union { variants, discriminator }
    }

    /// The tag values of each variant: `mapping` entries that point at it, or its schema's name.
    fn tag_variants(&mut self, loc: &Loc, v: &Value, parts: &[(&str, usize)], variants: &mut [Variant]) {
        let mut mapped: Vec<(String, Loc)> = Vec::new();
        if let Some(Value::Object(mapping)) = v.get("discriminator").and_then(|d| d.get("mapping")) {
            let mapping_loc = loc.child("discriminator").child("mapping");
            for (tag, target) in mapping {
                let Some(target) = target.as_str() else { continue };
                // A bare name in a mapping means a component schema.
                let reference = if target.contains('#') || target.contains('/') || target.contains('.') {
                    target.to_string()
                } else {
                    format!("#/components/schemas/{target}")
                };
                match self.loader.resolve_ref(&mapping_loc.child(tag), &reference).and_then(|l| self.loader.follow(&l))
                {
                    Ok(l) => mapped.push((tag.clone(), l)),
                    Err(d) => self.ref_failed(d),
                }
            }
        }
        for ((key, i), variant) in parts.iter().zip(variants.iter_mut()) {
            let part_loc = loc.child(key).index(*i);
            let Ok(target) = self.loader.follow(&part_loc) else { continue };
            let tags: Vec<String> = mapped.iter().filter(|(_, l)| *l == target).map(|(t, _)| t.clone()).collect();
            variant.tags = if tags.is_empty() && target != part_loc { vec![target.last_segment()] } else { tags };
        }
    }
}

#[derive(Default)]
struct ObjectParts {
    /// (wire name, location of its schema, location of the object that declares it)
    properties: Vec<(String, Loc, Loc)>,
    required: HashSet<String>,
    parents: Vec<TypeId>,
    additional: Option<(Loc, Map<String, Value>)>,
    visited: HashSet<Loc>,
}

/// The last pointer segment that names something (not `schema`, `items`, a status or a media type).
fn meaningful_segment(pointer: &str) -> Option<String> {
    const STRUCTURAL: &[&str] = &[
        "schema",
        "schemas",
        "items",
        "properties",
        "additionalProperties",
        "patternProperties",
        "allOf",
        "oneOf",
        "anyOf",
        "not",
        "content",
        "responses",
        "requestBody",
        "parameters",
        "components",
        "definitions",
        "paths",
        "get",
        "put",
        "post",
        "delete",
        "options",
        "head",
        "patch",
        "trace",
        "headers",
        "default",
    ];
    pointer.split('/').rev().map(|s| crate::load::pointer::unescape(s).into_owned()).find(|s| {
        !s.is_empty()
            && !STRUCTURAL.contains(&s.as_str())
            && !s.contains('/')
            && !s.chars().all(|c| c.is_ascii_digit() || c == 'X')
    })
}

fn variant_name(schema: &Schema) -> String {
    match schema {
        Schema::Primitive(p) => match p.kind {
            PrimitiveKind::String => "String",
            PrimitiveKind::Integer => "Integer",
            PrimitiveKind::Number => "Number",
            PrimitiveKind::Boolean => "Boolean",
        }
        .into(),
        Schema::List(_) => "List".into(),
        Schema::Map { .. } => "Map".into(),
        Schema::Any => "Value".into(),
        Schema::Nullable(inner) => variant_name(inner),
        Schema::Named(_) => "Named".into(),
    }
}
