//! The constraints of a schema (bounds, lengths, pattern, listed values) as the IR keeps them:
//! read, never judged (a bound of the wrong kind is left out rather than warned about here).

use serde_json::Value;

use super::shapes::{shape, Shape};
use super::Lowerer;
use crate::ir::{json_text, Bound, Constraints};
use crate::load::Loc;

/// What a parameter's docs say besides its type.
pub(super) struct Documented {
    pub default: Option<Value>,
    pub example: Option<Value>,
    pub constraints: Constraints,
}

impl Lowerer<'_> {
    /// The default, example and constraints of the parameter at `loc` whose schema is at
    /// `schema_loc` (its own keys first, then those of the schema its `$ref` names).
    pub(super) fn parameter_facts(&mut self, loc: &Loc, schema_loc: &Loc) -> Documented {
        // Nodes hold their documents, so nothing here is copied.
        let param_node = self.node(loc);
        let own_node = self.node(schema_loc);
        // A `$ref` that fails is reported where the schema is lowered.
        let target = self.loader.follow(schema_loc).ok().filter(|t| t != schema_loc);
        let named_node = target.as_ref().map(|t| self.node(t));
        let (param, own) = (param_node.or_null(), own_node.or_null());
        let schemas: Vec<&Value> = std::iter::once(own).chain(named_node.as_ref().map(|n| n.or_null())).collect();
        let first = |key: &str| schemas.iter().find_map(|s| s.get(key)).cloned();
        let named_example = param.get("examples").and_then(Value::as_object).and_then(|all| {
            let key = all.keys().next()?;
            let target = self.loader.follow(&loc.child("examples").child(key)).ok()?;
            self.node(&target).get()?.get("value").cloned()
        });
        let example = param
            .get("example")
            .cloned()
            .or(named_example)
            .or_else(|| first("example"))
            .or_else(|| schemas.iter().find_map(|s| s.get("examples")?.as_array()?.first().cloned()));
        Documented { default: first("default"), example, constraints: read(&schemas) }
    }
}

/// The constraints of a schema given by `sources`, the first that has a key winning (a
/// property's own keys before those of the schema its `$ref` names).
pub(super) fn read(sources: &[&Value]) -> Constraints {
    let get = |key: &str| sources.iter().find_map(|v| v.get(key));
    let count = |key: &str| get(key).and_then(Value::as_u64);
    Constraints {
        minimum: bound(get("minimum"), get("exclusiveMinimum")),
        maximum: bound(get("maximum"), get("exclusiveMaximum")),
        multiple_of: get("multipleOf").and_then(number),
        min_length: count("minLength"),
        max_length: count("maxLength"),
        pattern: get("pattern").and_then(Value::as_str).map(str::to_string),
        min_items: count("minItems"),
        max_items: count("maxItems"),
        values: sources
            .iter()
            .find(|v| v.get("enum").is_some())
            .filter(|v| !matches!(shape(v), Shape::Enum(..)))
            .and_then(|v| v.get("enum")?.as_array().cloned())
            .unwrap_or_default(),
    }
}

/// 3.0 writes `minimum: 5` with `exclusiveMinimum: true`; 3.1 writes `exclusiveMinimum: 5`.
fn bound(inclusive: Option<&Value>, exclusive: Option<&Value>) -> Option<Bound> {
    match exclusive {
        Some(Value::Bool(excluded)) => inclusive.and_then(number).map(|value| Bound { value, exclusive: *excluded }),
        Some(other) => match number(other) {
            Some(value) => Some(Bound { value, exclusive: true }),
            None => inclusive.and_then(number).map(|value| Bound { value, exclusive: false }),
        },
        None => inclusive.and_then(number).map(|value| Bound { value, exclusive: false }),
    }
}

/// A number as written: any JSON number, or the text of a literal too large for a double
/// (`1e400`, which the loader keeps as a string, as YAML readers do).
fn number(v: &Value) -> Option<String> {
    match v {
        Value::Number(_) => Some(json_text(v)),
        Value::String(s) if s.trim().parse::<f64>().is_ok_and(f64::is_infinite) && !s.contains(['i', 'I']) => {
            Some(s.trim().to_string())
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn bounds_of_both_versions_and_wide_numbers_are_kept_as_written() {
        let c =
            read(&[&json!({"minimum": 1, "exclusiveMinimum": true, "exclusiveMaximum": 18446744073709552000.0_f64})]);
        assert_eq!(c.minimum, Some(Bound { value: "1".into(), exclusive: true }));
        assert_eq!(c.maximum, Some(Bound { value: "18446744073709552000".into(), exclusive: true }));
        let c = read(&[&json!({"maximum": "1e400", "minimum": "inf", "multipleOf": 0.5})]);
        assert_eq!(c.maximum, Some(Bound { value: "1e400".into(), exclusive: false }));
        assert_eq!((c.minimum, c.multiple_of.as_deref()), (None, Some("0.5")));
    }

    #[test]
    fn own_keys_come_before_the_referenced_schema_and_enum_types_keep_their_values() {
        let c = read(&[&json!({"maxLength": 3}), &json!({"maxLength": 9, "minLength": 1, "enum": ["a"]})]);
        assert_eq!((c.min_length, c.max_length), (Some(1), Some(3)));
        assert!(c.values.is_empty());
        let c = read(&[&json!({"type": "integer", "enum": [1, 18446744073709552000.0_f64]})]);
        assert_eq!(c.values.len(), 2);
    }
}
