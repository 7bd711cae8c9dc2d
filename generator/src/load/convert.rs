//! Parses a document's text into one JSON value model, whatever its syntax.

use serde_json::{Map, Number, Value};

/// Why a document's text could not be read, where (1-based line and column), and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub line: usize,
    pub col: usize,
    pub message: String,
    pub help: String,
}

/// Parses `text` as JSON or YAML.
pub fn parse(text: &str, is_json: bool) -> Result<Value, SyntaxError> {
    if text.trim().is_empty() {
        return Err(SyntaxError {
            line: 1,
            col: 1,
            message: "the document is empty".into(),
            help: "an OpenAPI document starts with `openapi: 3.1.0`, then `info` and `paths`".into(),
        });
    }
    if is_json {
        return serde_json::from_str(text).map_err(|e| {
            let (line, col) = (e.line().max(1), e.column().max(1));
            let help = if e.to_string().starts_with("recursion limit exceeded") {
                "the document nests deeper than 128 levels; move nested schemas into `components` and `$ref` them"
            } else {
                "fix the JSON syntax at this point"
            };
            SyntaxError { line, col, message: format!("invalid JSON: {e}"), help: help.into() }
        });
    }
    let yaml: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| yaml_error(text, &e))?;
    Ok(from_yaml(yaml))
}

/// serde_yaml's message, located and explained where a plainer explanation is known.
fn yaml_error(text: &str, e: &serde_yaml::Error) -> SyntaxError {
    let (line, col) = e.location().map_or((1, 1), |l| (l.line().max(1), l.column().max(1)));
    let message = format!("invalid YAML: {e}");
    let plain = e.to_string();
    if plain.contains("duplicate entry") {
        if let Some(d) = super::positions::first_duplicate(text) {
            let parent = if d.parent.is_empty() { "the document".to_string() } else { format!("`#{}`", d.parent) };
            return SyntaxError {
                line: d.second.0,
                col: d.second.1,
                message: format!("duplicate key `{}` in {parent}", d.key),
                help: format!("the first `{}` is on line {}; remove or rename one of them", d.key, d.first.0),
            };
        }
    }
    let help = if plain.contains("repetition limit exceeded") {
        "the document's aliases (`*name`) expand to too many nodes, as in a YAML alias bomb; write the values out or use `$ref`".into()
    } else if plain.contains("recursion limit exceeded") {
        "the document nests deeper than 128 levels; move nested schemas into `components` and `$ref` them".into()
    } else if text.split('\n').nth(line - 1).is_some_and(|l| l.trim_start_matches(' ').starts_with('\t')) {
        format!("YAML indents with spaces only; replace the tabs at the start of line {line} with spaces")
    } else {
        "fix the YAML syntax at this point".into()
    };
    SyntaxError { line, col, message, help }
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
        assert!(err.line >= 1 && err.message.starts_with("invalid YAML"), "{err:?}");
        let err = parse("{\"a\": }", true).unwrap_err();
        assert_eq!((err.line, err.col), (1, 7));
    }

    #[test]
    fn empty_document_is_an_error() {
        assert_eq!(parse("  \n", false).unwrap_err().message, "the document is empty");
    }
}
