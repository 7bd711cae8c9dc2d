//! Parses a document's text into one JSON value model, whatever its syntax.

use serde_json::{Map, Number, Value};

/// Parses `text` as JSON or YAML. Errors carry a 1-based line and column.
pub fn parse(text: &str, is_json: bool) -> Result<Value, (usize, usize, String)> {
    if text.trim().is_empty() {
        return Err((1, 1, "the document is empty".into()));
    }
    if is_json {
        return serde_json::from_str(text)
            .map_err(|e| (e.line().max(1), e.column().max(1), format!("invalid JSON: {e}")));
    }
    let yaml: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| {
        let (line, col) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
        (line, col, format!("invalid YAML: {e}"))
    })?;
    Ok(from_yaml(yaml))
}

/// YAML allows what JSON does not (non-string keys, tags, non-finite floats); OpenAPI means the
/// JSON reading, so keys become strings (`200:` is the status "200") and tags are dropped.
fn from_yaml(value: serde_yaml::Value) -> Value {
    use serde_yaml::Value as Y;
    match value {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::Number(i.into())
            } else if let Some(u) = n.as_u64() {
                Value::Number(u.into())
            } else {
                let f = n.as_f64().unwrap_or(f64::NAN);
                Number::from_f64(f).map_or_else(|| Value::String(n.to_string()), Value::Number)
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(items.into_iter().map(from_yaml).collect()),
        Y::Mapping(mapping) => {
            let mut out = Map::with_capacity(mapping.len());
            for (k, v) in mapping {
                out.insert(key_string(k), from_yaml(v));
            }
            Value::Object(out)
        }
        Y::Tagged(tagged) => from_yaml(tagged.value),
    }
}

fn key_string(key: serde_yaml::Value) -> String {
    use serde_yaml::Value as Y;
    match key {
        Y::String(s) => s,
        Y::Null => "null".into(),
        Y::Bool(b) => b.to_string(),
        Y::Number(n) => n.to_string(),
        other => serde_json::to_string(&from_yaml(other)).unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn yaml_integer_keys_become_strings() {
        let v = parse("responses:\n  200:\n    description: ok\n", false).unwrap();
        assert_eq!(v, json!({"responses": {"200": {"description": "ok"}}}));
    }

    #[test]
    fn syntax_errors_are_located() {
        let err = parse("a: [1,\n", false).unwrap_err();
        assert!(err.0 >= 1 && err.2.starts_with("invalid YAML"), "{err:?}");
        let err = parse("{\"a\": }", true).unwrap_err();
        assert_eq!((err.0, err.1), (1, 7));
    }

    #[test]
    fn empty_document_is_an_error() {
        assert_eq!(parse("  \n", false).unwrap_err().2, "the document is empty");
    }
}
