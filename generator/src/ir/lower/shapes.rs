//! What a schema is, read from its JSON alone: a struct, an enum, a union, or a type
//! expression (list, map, primitive, any), and whether it admits `null`.

use serde_json::Value;

use super::context::flag;
use crate::ir::PrimitiveKind;

pub(super) enum Shape {
    Struct,
    Enum(PrimitiveKind, Vec<Value>),
    /// `oneOf`/`anyOf` parts (keyword, index), or empty for a type array.
    Union(Vec<(&'static str, usize)>),
    Other,
}

/// The shape of the schema `v`.
pub(super) fn shape(v: &Value) -> Shape {
    let Some(obj) = v.as_object() else { return Shape::Other };
    let types = declared_types(v);
    let single;
    let enum_values = match (obj.get("enum"), obj.get("const")) {
        (Some(e), _) => Some(e),
        (None, Some(c)) => {
            single = Value::Array(vec![c.clone()]);
            Some(&single)
        }
        _ => None,
    };
    if let Some(Value::Array(raw_values)) = enum_values {
        let values = crate::load::distinct_values(raw_values);
        let base = if values.iter().all(Value::is_string)
            && !types.iter().any(|t| t == "integer" || t == "number" || t == "boolean")
        {
            Some(PrimitiveKind::String)
        } else if values.iter().all(Value::is_i64) && !types.iter().any(|t| t == "string") {
            // Integer enums are `i64` on the wire; one with a value beyond that (`u64::MAX`,
            // 2^64) is a plain integer whose values are documented (`Constraints::values`).
            Some(PrimitiveKind::Integer)
        } else {
            None
        };
        if let Some(base) = base {
            if !values.is_empty() {
                return Shape::Enum(base, values);
            }
        }
        return Shape::Other;
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(Value::Array(parts)) = obj.get(key) {
            if !obj.contains_key("properties") {
                let parts: Vec<usize> = (0..parts.len()).filter(|i| !is_null_schema(&parts[*i])).collect();
                if parts.len() > 1 {
                    return Shape::Union(parts.into_iter().map(|i| (key, i)).collect());
                }
            }
        }
    }
    let non_null: Vec<&String> = types.iter().filter(|t| *t != "null").collect();
    if non_null.len() > 1 {
        return Shape::Union(Vec::new());
    }
    if obj.contains_key("allOf") {
        return Shape::Struct;
    }
    if obj.get("properties").and_then(Value::as_object).is_some_and(|p| !p.is_empty()) {
        return Shape::Struct;
    }
    if obj.get("additionalProperties") == Some(&Value::Bool(false))
        && !obj.contains_key("patternProperties")
        && non_null.first().is_none_or(|t| *t == "object")
    {
        return Shape::Struct;
    }
    Shape::Other
}

/// `type` as a list (3.1 allows an array), with `nullable: true` (3.0) adding "null".
pub(super) fn declared_types(v: &Value) -> Vec<String> {
    let mut out: Vec<String> = match v.get("type") {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).map(str::to_string).collect(),
        _ => Vec::new(),
    };
    if flag(v, "nullable") || flag(v, "x-nullable") {
        out.push("null".into());
    }
    out
}

pub(super) fn is_nullable(v: &Value) -> bool {
    declared_types(v).iter().any(|t| t == "null")
        || v.get("enum").and_then(Value::as_array).is_some_and(|e| e.iter().any(Value::is_null))
        || ["oneOf", "anyOf"]
            .iter()
            .any(|k| v.get(*k).and_then(Value::as_array).is_some_and(|parts| parts.iter().any(is_null_schema)))
}

pub(super) fn is_null_schema(v: &Value) -> bool {
    v.get("type").and_then(Value::as_str) == Some("null")
}
