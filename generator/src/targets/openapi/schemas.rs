//! Schemas: every IR type as a component, and type expressions as JSON Schema.
//!
//! Each form is chosen so that lowering the output gives back the same IR: a component is read
//! as a type definition (where a top-level `null` in `type` is ignored), a property or parameter
//! schema as a type expression (where it makes the value nullable).

use std::collections::HashSet;

use serde_json::{json, Map, Value};

use crate::ir::{
    Additional, Api, Enum, Field, Primitive, PrimitiveKind, Schema, Struct, TypeDef, TypeId, TypeKind, Union, Variant,
};

/// The `$ref` of a named type.
pub fn reference(api: &Api, id: TypeId) -> Value {
    json!({ "$ref": format!("#/components/schemas/{}", api.ty(id).name) })
}

/// A schema in a place where lowering reads a full schema: a property, an item, a parameter, a body.
pub fn expression(api: &Api, schema: &Schema) -> Value {
    match schema {
        Schema::Named(id) => reference(api, *id),
        Schema::Primitive(p) => primitive(p),
        Schema::List(item) => json!({ "type": "array", "items": expression(api, item) }),
        Schema::Map { value, pattern } => map(api, value, pattern.as_deref()),
        Schema::Any => json!({}),
        Schema::Nullable(inner) => match inner.as_ref() {
            // One type keyword: a 3.1 type array says "this, or null".
            Schema::Primitive(_) | Schema::List(_) | Schema::Map { .. } => {
                let mut value = expression(api, inner);
                if let Some(Value::String(t)) = value.get("type").cloned() {
                    value["type"] = json!([t, "null"]);
                }
                value
            }
            other => json!({ "oneOf": [expression(api, other), { "type": "null" }] }),
        },
    }
}

fn primitive(p: &Primitive) -> Value {
    let mut out = Map::new();
    out.insert("type".into(), json!(kind_name(p.kind)));
    if let Some(format) = &p.format {
        out.insert("format".into(), json!(format));
    }
    Value::Object(out)
}

pub fn kind_name(kind: PrimitiveKind) -> &'static str {
    match kind {
        PrimitiveKind::String => "string",
        PrimitiveKind::Integer => "integer",
        PrimitiveKind::Number => "number",
        PrimitiveKind::Boolean => "boolean",
    }
}

fn map(api: &Api, value: &Schema, pattern: Option<&str>) -> Value {
    let mut out = Map::new();
    out.insert("type".into(), json!("object"));
    insert_additional(api, &mut out, value, pattern);
    Value::Object(out)
}

/// Other keys: a key pattern is `patternProperties`, otherwise `additionalProperties`
/// (left out when any value goes, the JSON Schema default).
fn insert_additional(api: &Api, out: &mut Map<String, Value>, value: &Schema, pattern: Option<&str>) {
    match pattern {
        Some(pattern) => {
            out.insert("patternProperties".into(), json!({ pattern: expression(api, value) }));
        }
        None if *value == Schema::Any => {}
        None => {
            out.insert("additionalProperties".into(), expression(api, value));
        }
    }
}

/// `components/schemas`: every named type, in IR order, under its IR name.
pub fn components(api: &Api) -> Map<String, Value> {
    let parents = DirectParents::new(api);
    api.types.iter().enumerate().map(|(i, def)| (def.name.clone(), definition(api, &parents, TypeId(i), def))).collect()
}

fn definition(api: &Api, parents: &DirectParents, id: TypeId, def: &TypeDef) -> Value {
    let mut out = Map::new();
    match &def.kind {
        TypeKind::Struct(s) => structure(api, parents, id, s, &mut out),
        TypeKind::Enum(e) => enumeration(e, &mut out),
        TypeKind::Union(u) => union(api, def, u, &mut out),
        TypeKind::Alias(schema) => alias(api, schema, &mut out),
    }
    let mut doc = Map::new();
    if let Some(d) = &def.description {
        doc.insert("description".into(), json!(d));
    }
    if def.deprecated {
        doc.insert("deprecated".into(), json!(true));
    }
    if let Some(default) = &def.default {
        doc.insert("default".into(), default.clone());
    }
    // An empty schema would be read back as "anything" at every `$ref`, not as this named type.
    if out.is_empty() && doc.is_empty() {
        doc.insert("$comment".into(), json!("any JSON value"));
    }
    doc.extend(out);
    Value::Object(doc)
}

/// A named list, map, primitive or reference: read back as a type expression, where a top-level
/// `null` type is dropped, so nullability is spelled `oneOf [X, null]`.
fn alias(api: &Api, schema: &Schema, out: &mut Map<String, Value>) {
    let value = match schema {
        Schema::Named(id) => json!({ "oneOf": [reference(api, *id)] }),
        Schema::Nullable(inner) => json!({ "oneOf": [expression(api, inner), { "type": "null" }] }),
        other => expression(api, other),
    };
    if let Value::Object(map) = value {
        out.extend(map);
    }
}

fn enumeration(e: &Enum, out: &mut Map<String, Value>) {
    out.insert("type".into(), json!(kind_name(e.base)));
    out.insert("enum".into(), Value::Array(e.values.clone()));
}

fn union(api: &Api, def: &TypeDef, u: &Union, out: &mut Map<String, Value>) {
    if let Some(types) = type_array(api, u) {
        out.extend(types);
        return;
    }
    let parts: Vec<Value> = u.variants.iter().map(|v| variant(api, v)).collect();
    out.insert("oneOf".into(), Value::Array(parts));
    if let Some(d) = &u.discriminator {
        let mut discriminator = Map::new();
        discriminator.insert("propertyName".into(), json!(d.property));
        let mut mapping = Map::new();
        for (i, v) in u.variants.iter().enumerate() {
            let (target, implied) = match &v.schema {
                Schema::Named(id) => {
                    (format!("#/components/schemas/{}", api.ty(*id).name), Some(api.ty(*id).name.clone()))
                }
                // An inline variant is named by its place in `oneOf`.
                _ => (format!("#/components/schemas/{}/oneOf/{i}", def.name), None),
            };
            if implied.is_some_and(|name| v.tags == [name]) {
                continue;
            }
            for tag in &v.tags {
                mapping.insert(tag.clone(), json!(target));
            }
        }
        if !mapping.is_empty() {
            discriminator.insert("mapping".into(), Value::Object(mapping));
        }
        out.insert("discriminator".into(), Value::Object(discriminator));
    }
}

fn variant(api: &Api, v: &Variant) -> Value {
    let mut value = expression(api, &v.schema);
    if let (Some(d), Value::Object(map)) = (&v.description, &mut value) {
        map.insert("description".into(), json!(d));
    }
    value
}

/// Lowering names the variants of `oneOf` after their schemas (`String`, `List`, the type's
/// name) and those of a type array after the types (`String`, `Array`, `Object`): a union whose
/// names only the type array gives back is written as one.
fn type_array(api: &Api, u: &Union) -> Option<Map<String, Value>> {
    if u.discriminator.is_some() || names_from_one_of(api, u) == names(u) {
        return None;
    }
    let mut out = Map::new();
    let mut types = Vec::new();
    let mut wanted = Vec::new();
    let mut format: Option<Option<&String>> = None;
    for v in &u.variants {
        if v.description.is_some() {
            return None;
        }
        let word = match &v.schema {
            Schema::Primitive(p) => {
                // One `format` keyword applies to every primitive member.
                if format.is_some_and(|f| f != p.format.as_ref()) {
                    return None;
                }
                format = Some(p.format.as_ref());
                kind_name(p.kind)
            }
            Schema::List(item) if !out.contains_key("items") => {
                out.insert("items".into(), expression(api, item));
                "array"
            }
            Schema::Map { value, pattern }
                if !out.contains_key("additionalProperties") && !out.contains_key("patternProperties") =>
            {
                insert_additional(api, &mut out, value, pattern.as_deref());
                "object"
            }
            _ => return None,
        };
        types.push(json!(word));
        wanted.push(word.to_string());
    }
    if dedupe(wanted.iter().map(|w| capitalized(w)).collect()) != names(u) {
        return None;
    }
    out.insert("type".into(), Value::Array(types));
    if let Some(Some(f)) = format {
        out.insert("format".into(), json!(f));
    }
    Some(out)
}

/// `string` → `String`: how lowering names a variant after a type word.
fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map(|c| c.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
}

fn names(u: &Union) -> Vec<String> {
    u.variants.iter().map(|v| v.name.clone()).collect()
}

/// The variant names lowering gives a `oneOf` of these schemas.
fn names_from_one_of(api: &Api, u: &Union) -> Vec<String> {
    dedupe(u.variants.iter().map(|v| schema_word(api, &v.schema)).collect())
}

fn schema_word(api: &Api, schema: &Schema) -> String {
    match schema {
        Schema::Named(id) => api.ty(*id).name.clone(),
        Schema::Primitive(p) => capitalized(kind_name(p.kind)),
        Schema::List(_) => "List".into(),
        Schema::Map { .. } => "Map".into(),
        Schema::Any => "Value".into(),
        Schema::Nullable(inner) => schema_word(api, inner),
    }
}

/// The ladder lowering uses for repeated variant names: `Name`, `Name2`, `Name3`, ...
fn dedupe(bases: Vec<String>) -> Vec<String> {
    let mut taken = std::collections::HashSet::new();
    bases
        .into_iter()
        .map(|base| {
            let mut candidate = base.clone();
            let mut n = 2;
            while !taken.insert(candidate.clone()) {
                candidate = format!("{base}{n}");
                n += 1;
            }
            candidate
        })
        .collect()
}

fn structure(api: &Api, parents: &DirectParents, id: TypeId, s: &Struct, out: &mut Map<String, Value>) {
    out.insert("type".into(), json!("object"));
    let direct = parents.of(id);
    let layout = layout(api, s, direct);
    let mut all_of: Vec<Value> = Vec::new();
    for part in &layout.parts {
        match part {
            Part::Parent(p) => all_of.push(reference(api, *p)),
            Part::Inline(fields) => {
                let properties: Map<String, Value> = fields.iter().map(|f| (f.name.clone(), field(api, f))).collect();
                all_of.push(json!({ "type": "object", "properties": properties }));
            }
        }
    }
    if all_of.is_empty() && layout.own.is_empty() {
        // Without properties or parts the schema would be read back as a map, not a struct.
        all_of.push(json!({ "type": "object" }));
    }
    if !all_of.is_empty() {
        out.insert("allOf".into(), Value::Array(all_of));
    }
    if !layout.own.is_empty() {
        let properties: Map<String, Value> = layout.own.iter().map(|f| (f.name.clone(), field(api, f))).collect();
        out.insert("properties".into(), Value::Object(properties));
    }
    let required: Vec<Value> = s.fields.iter().filter(|f| f.required).map(|f| json!(f.name)).collect();
    if !required.is_empty() {
        out.insert("required".into(), Value::Array(required));
    }
    match &s.additional {
        Additional::Any => {
            // A parent's rule about other keys holds unless this schema says otherwise.
            if s.parents
                .iter()
                .any(|p| matches!(&api.ty(*p).kind, TypeKind::Struct(ps) if ps.additional != Additional::Any))
            {
                out.insert("additionalProperties".into(), json!(true));
            }
        }
        Additional::Forbidden => {
            out.insert("additionalProperties".into(), json!(false));
        }
        Additional::Typed { value, pattern } => match pattern {
            Some(p) => {
                out.insert("patternProperties".into(), json!({ p: expression(api, value) }));
            }
            None => {
                out.insert("additionalProperties".into(), expression(api, value));
            }
        },
    }
}

/// Where each field of a struct is written: `allOf` parts in an order that puts the fields in
/// IR order, and the struct's own properties (new fields and changed inherited ones).
struct Layout<'a> {
    parts: Vec<Part<'a>>,
    own: Vec<&'a Field>,
}

enum Part<'a> {
    Parent(TypeId),
    Inline(Vec<&'a Field>),
}

fn layout<'a>(api: &'a Api, s: &'a Struct, direct: &[TypeId]) -> Layout<'a> {
    let fields_of = |p: TypeId| -> &'a [Field] {
        match &api.ty(p).kind {
            TypeKind::Struct(ps) => &ps.fields,
            _ => &[],
        }
    };
    // Lowering keeps a field where its name first appears and takes its value from the last
    // part that declares it. A parent goes in when its first new field is the next IR field;
    // fields before that are inline parts.
    let mut parts = Vec::new();
    let mut batch: Vec<&Field> = Vec::new();
    let mut present: HashSet<&str> = HashSet::new();
    let mut next = 0;
    for f in &s.fields {
        if present.contains(f.name.as_str()) {
            continue;
        }
        let new_field = |p: &TypeId| fields_of(*p).iter().find(|pf| !present.contains(pf.name.as_str()));
        let offset = direct[next..].iter().position(|p| new_field(p).is_some());
        match offset.filter(|o| new_field(&direct[next + o]).is_some_and(|pf| pf.name == f.name)) {
            Some(offset) => {
                if !batch.is_empty() {
                    parts.push(Part::Inline(std::mem::take(&mut batch)));
                }
                for p in &direct[next..=next + offset] {
                    parts.push(Part::Parent(*p));
                    present.extend(fields_of(*p).iter().map(|pf| pf.name.as_str()));
                }
                next += offset + 1;
            }
            None => {
                batch.push(f);
                present.insert(&f.name);
            }
        }
    }
    if next < direct.len() && !batch.is_empty() {
        parts.push(Part::Inline(std::mem::take(&mut batch)));
    }
    parts.extend(direct[next..].iter().map(|p| Part::Parent(*p)));
    // New fields after the last parent are simply the struct's own properties; so is every
    // field whose last declaring parent gives it another value.
    let mut own = batch;
    for f in &s.fields {
        let last = parts.iter().rev().find_map(|part| match part {
            Part::Parent(p) => fields_of(*p).iter().find(|pf| pf.name == f.name).map(Some),
            Part::Inline(fields) => fields.iter().any(|x| x.name == f.name).then_some(None),
        });
        if matches!(last, Some(Some(pf)) if pf != f) {
            own.push(f);
        }
    }
    own.sort_by_key(|f| s.fields.iter().position(|x| std::ptr::eq(x, *f)));
    Layout { parts, own }
}

fn field(api: &Api, f: &Field) -> Value {
    let schema = if f.nullable { Schema::Nullable(Box::new(f.schema.clone())) } else { f.schema.clone() };
    let mut value = expression(api, &schema);
    // Beside a bare `$ref`, a missing description or default would be taken from the target.
    if let Schema::Named(id) = &schema {
        let target = api.ty(*id);
        if (f.description.is_none() && target.description.is_some())
            || (f.default.is_none() && target.default.is_some())
        {
            value = json!({ "oneOf": [value] });
        }
    }
    let Value::Object(map) = &mut value else { return value };
    if let Some(d) = &f.description {
        map.insert("description".into(), json!(d));
    }
    if let Some(default) = &f.default {
        map.insert("default".into(), default.clone());
    }
    if f.read_only {
        map.insert("readOnly".into(), json!(true));
    }
    if f.write_only {
        map.insert("writeOnly".into(), json!(true));
    }
    if f.deprecated {
        map.insert("deprecated".into(), json!(true));
    }
    if let Some(example) = &f.example {
        map.insert("examples".into(), json!([example]));
    }
    constraints(&f.constraints, map);
    value
}

/// The constraints as 3.1 keywords, beside the schema's own. A bound is written back as the
/// number it was read as (a wide integer as the same double); one no double holds (`1e400`,
/// kept as text for the docs) is left out, since a bundle's numbers are doubles.
pub fn constraints(c: &crate::ir::Constraints, map: &mut Map<String, Value>) {
    let number = |text: &str| serde_json::from_str::<Value>(text).ok().filter(Value::is_number);
    for (bound, inclusive, exclusive) in
        [(&c.minimum, "minimum", "exclusiveMinimum"), (&c.maximum, "maximum", "exclusiveMaximum")]
    {
        if let Some(value) = bound.as_ref().and_then(|b| Some((b.exclusive, number(&b.value)?))) {
            map.insert(if value.0 { exclusive } else { inclusive }.into(), value.1);
        }
    }
    if let Some(m) = c.multiple_of.as_deref().and_then(number) {
        map.insert("multipleOf".into(), m);
    }
    for (n, key) in
        [(c.min_length, "minLength"), (c.max_length, "maxLength"), (c.min_items, "minItems"), (c.max_items, "maxItems")]
    {
        if let Some(n) = n {
            map.insert(key.into(), json!(n));
        }
    }
    if let Some(p) = &c.pattern {
        map.insert("pattern".into(), json!(p));
    }
    if !c.values.is_empty() {
        map.insert("enum".into(), Value::Array(c.values.clone()));
    }
}

/// The parents each struct names in its own `allOf`: lowering collects a parent's parents too,
/// so the IR's list (every ancestor, depth first) is cut back to the ones that produce it.
struct DirectParents {
    direct: Vec<Vec<TypeId>>,
}

impl DirectParents {
    fn new(api: &Api) -> Self {
        let mut direct: Vec<Option<Vec<TypeId>>> = vec![None; api.types.len()];
        for i in 0..api.types.len() {
            Self::resolve(api, TypeId(i), &mut direct, &mut Vec::new());
        }
        DirectParents { direct: direct.into_iter().map(Option::unwrap_or_default).collect() }
    }

    fn of(&self, id: TypeId) -> &[TypeId] {
        self.direct.get(id.0).map_or(&[], Vec::as_slice)
    }

    fn resolve(api: &Api, id: TypeId, memo: &mut Vec<Option<Vec<TypeId>>>, stack: &mut Vec<TypeId>) {
        if memo[id.0].is_some() || stack.contains(&id) {
            return;
        }
        let TypeKind::Struct(s) = &api.ty(id).kind else {
            memo[id.0] = Some(Vec::new());
            return;
        };
        stack.push(id);
        for p in &s.parents {
            Self::resolve(api, *p, memo, stack);
        }
        stack.pop();
        let mut chosen: Vec<TypeId> = Vec::new();
        let mut covered = 0;
        while covered < s.parents.len() {
            chosen.push(s.parents[covered]);
            let expanded = expand(&chosen, id, memo);
            if expanded.len() <= covered || !s.parents.starts_with(&expanded) {
                // No shorter list gives the same ancestors: name them all.
                chosen = s.parents.clone();
                break;
            }
            covered = expanded.len();
        }
        memo[id.0] = Some(chosen);
    }
}

/// The ancestors lowering collects from `direct` parts: each part, then its own parts, depth
/// first, visiting each schema (and the struct itself) once.
fn expand(direct: &[TypeId], owner: TypeId, memo: &[Option<Vec<TypeId>>]) -> Vec<TypeId> {
    fn visit(p: TypeId, memo: &[Option<Vec<TypeId>>], seen: &mut Vec<TypeId>, out: &mut Vec<TypeId>) {
        out.push(p);
        if seen.contains(&p) {
            return;
        }
        seen.push(p);
        if let Some(Some(parts)) = memo.get(p.0) {
            for q in parts {
                visit(*q, memo, seen, out);
            }
        }
    }
    let mut seen = vec![owner];
    let mut out = Vec::new();
    for p in direct {
        visit(*p, memo, &mut seen, &mut out);
    }
    out
}
