//! Does a JSON value (an example, a default) fit a type of the IR? The lints that ask this
//! read the IR, not the OpenAPI text, so they judge by the same meaning the targets generate.

use serde_json::Value;

use super::{PrimitiveKind, Schema, TypeDef, TypeKind};

/// Type chains (aliases of aliases, unions of unions) deeper than this are given the benefit of
/// the doubt rather than followed, so a self-referencing alias cannot loop.
const MAX_DEPTH: usize = 256;

/// Why `value` does not fit `schema`, naming the offending place (`$.a[0].b`), or `None`.
pub fn mismatch(types: &[TypeDef], schema: &Schema, value: &Value) -> Option<String> {
    Checker { types }.check(schema, value, "$", 0)
}

struct Checker<'a> {
    types: &'a [TypeDef],
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_f64() => "a number",
        Value::Number(_) => "an integer",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A value as compact JSON, cut short for messages.
pub(super) fn shown(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 40 {
        format!("{}…", text.chars().take(40).collect::<String>())
    } else {
        text
    }
}

impl Checker<'_> {
    fn check(&self, schema: &Schema, value: &Value, at: &str, depth: usize) -> Option<String> {
        if depth > MAX_DEPTH {
            return None;
        }
        match schema {
            Schema::Any => None,
            Schema::Nullable(inner) => {
                if value.is_null() {
                    None
                } else {
                    self.check(inner, value, at, depth + 1)
                }
            }
            Schema::Primitive(p) => primitive(p.kind, p.format.as_deref(), value, at),
            Schema::List(item) => match value {
                Value::Array(items) => {
                    items.iter().enumerate().find_map(|(i, v)| self.check(item, v, &format!("{at}[{i}]"), depth + 1))
                }
                other => Some(format!("`{at}` should be an array, not {}", kind_of(other))),
            },
            Schema::Map { value: item, .. } => match value {
                Value::Object(map) => {
                    map.iter().find_map(|(k, v)| self.check(item, v, &format!("{at}.{k}"), depth + 1))
                }
                other => Some(format!("`{at}` should be an object, not {}", kind_of(other))),
            },
            Schema::Named(id) => self.named(&self.types.get(id.0)?.kind, value, at, depth),
        }
    }

    fn named(&self, kind: &TypeKind, value: &Value, at: &str, depth: usize) -> Option<String> {
        match kind {
            TypeKind::Alias(schema) => self.check(schema, value, at, depth + 1),
            TypeKind::Enum(e) => {
                if e.values.contains(value) {
                    return None;
                }
                let listed: Vec<String> = e.values.iter().map(shown).collect();
                Some(format!("`{at}` is `{}`, which is not one of {}", shown(value), listed.join(", ")))
            }
            TypeKind::Struct(st) => {
                let Value::Object(map) = value else {
                    return Some(format!("`{at}` should be an object, not {}", kind_of(value)));
                };
                for field in &st.fields {
                    match map.get(&field.name) {
                        Some(Value::Null) if field.nullable => {}
                        Some(v) => {
                            if let Some(m) = self.check(&field.schema, v, &format!("{at}.{}", field.name), depth + 1) {
                                return Some(m);
                            }
                        }
                        // A request omits readOnly fields and a response writeOnly ones.
                        None if field.required && !field.read_only && !field.write_only => {
                            return Some(format!("`{at}` lacks the required property `{}`", field.name));
                        }
                        None => {}
                    }
                }
                let known = |k: &String| st.fields.iter().any(|f| &f.name == k);
                match &st.additional {
                    super::Additional::Any => None,
                    super::Additional::Forbidden => map
                        .keys()
                        .find(|k| !known(k))
                        .map(|k| format!("`{at}` has the property `{k}`, which the schema does not allow")),
                    super::Additional::Typed { value: item, .. } => map
                        .iter()
                        .filter(|(k, _)| !known(k))
                        .find_map(|(k, v)| self.check(item, v, &format!("{at}.{k}"), depth + 1)),
                }
            }
            TypeKind::Union(u) => {
                if let Some(d) = &u.discriminator {
                    if let Some(tag) = value.get(&d.property).and_then(Value::as_str) {
                        if let Some(variant) = u.variants.iter().find(|v| v.tags.iter().any(|t| t == tag)) {
                            return self.check(&variant.schema, value, at, depth + 1);
                        }
                    }
                }
                let mut first = None;
                for variant in &u.variants {
                    match self.check(&variant.schema, value, at, depth + 1) {
                        None => return None,
                        Some(m) => {
                            first.get_or_insert(m);
                        }
                    }
                }
                first.map(|m| {
                    format!("`{at}` matches none of the {} alternatives (the first says: {m})", u.variants.len())
                })
            }
        }
    }
}

fn primitive(kind: PrimitiveKind, format: Option<&str>, value: &Value, at: &str) -> Option<String> {
    let fits = match kind {
        PrimitiveKind::String => value.is_string(),
        PrimitiveKind::Boolean => value.is_boolean(),
        PrimitiveKind::Number => value.is_number(),
        PrimitiveKind::Integer => value.is_i64() || value.is_u64() || value.as_f64().is_some_and(|f| f.fract() == 0.0),
    };
    if !fits {
        let expected = match kind {
            PrimitiveKind::String => "a string",
            PrimitiveKind::Boolean => "a boolean",
            PrimitiveKind::Number => "a number",
            PrimitiveKind::Integer => "an integer",
        };
        if value.is_null() {
            return Some(format!("`{at}` should be {expected}, not null"));
        }
        return Some(format!("`{at}` should be {expected}, not {} `{}`", kind_of(value), shown(value)));
    }
    let range = match (kind, format) {
        (PrimitiveKind::Integer, Some("int32")) => Some((i64::from(i32::MIN), i64::from(i32::MAX))),
        (PrimitiveKind::Integer, Some("uint32")) => Some((0, i64::from(u32::MAX))),
        _ => None,
    };
    if let (Some((lo, hi)), Some(n)) = (range, value.as_i64()) {
        if n < lo || n > hi {
            return Some(format!("`{at}` is {n}, outside the range of {}", format.unwrap_or_default()));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Additional, Enum, Field, Primitive, Struct, TypeId};
    use serde_json::json;

    fn def(kind: TypeKind) -> TypeDef {
        TypeDef { name: "T".into(), description: None, deprecated: false, default: None, origin: String::new(), kind }
    }

    fn string() -> Schema {
        Schema::Primitive(Primitive { kind: PrimitiveKind::String, format: None })
    }

    fn user() -> Vec<TypeDef> {
        let field = |name: &str, schema: Schema, required: bool| Field {
            name: name.into(),
            description: None,
            schema,
            required,
            nullable: name == "nick",
            default: None,
            read_only: false,
            write_only: false,
            deprecated: false,
            example: None,
            constraints: Default::default(),
        };
        vec![
            def(TypeKind::Struct(Struct {
                fields: vec![
                    field("id", string(), true),
                    field("nick", string(), false),
                    field("role", Schema::Named(TypeId(1)), false),
                ],
                parents: Vec::new(),
                additional: Additional::Forbidden,
            })),
            def(TypeKind::Enum(Enum { base: PrimitiveKind::String, values: vec![json!("admin"), json!("user")] })),
        ]
    }

    #[test]
    fn a_fitting_object_has_no_mismatch() {
        let value = json!({"id": "1", "nick": null, "role": "admin"});
        assert_eq!(mismatch(&user(), &Schema::Named(TypeId(0)), &value), None);
    }

    #[test]
    fn a_missing_required_property_is_named() {
        let m = mismatch(&user(), &Schema::Named(TypeId(0)), &json!({}));
        assert_eq!(m.as_deref(), Some("`$` lacks the required property `id`"));
    }

    #[test]
    fn a_value_outside_the_enum_lists_the_allowed_ones() {
        let m = mismatch(&user(), &Schema::Named(TypeId(0)), &json!({"id": "1", "role": "root"}));
        assert_eq!(m.as_deref(), Some("`$.role` is `\"root\"`, which is not one of \"admin\", \"user\""));
    }

    #[test]
    fn a_wrong_primitive_says_what_was_expected() {
        let m = mismatch(&user(), &Schema::List(Box::new(Schema::Named(TypeId(0)))), &json!([{"id": 7}]));
        assert_eq!(m.as_deref(), Some("`$[0].id` should be a string, not an integer `7`"));
    }

    #[test]
    fn a_key_the_schema_forbids_is_named() {
        let m = mismatch(&user(), &Schema::Named(TypeId(0)), &json!({"id": "1", "extra": true}));
        assert_eq!(m.as_deref(), Some("`$` has the property `extra`, which the schema does not allow"));
    }

    #[test]
    fn null_fits_only_nullable_places() {
        let m = mismatch(&user(), &Schema::Named(TypeId(0)), &json!({"id": null}));
        assert_eq!(m.as_deref(), Some("`$.id` should be a string, not null"));
    }
}
