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
        let parsed = serde_json::from_str(text);
        // JSON's grammar has no limit on exponents; serde_json refuses what overflows a double.
        let parsed = match parsed {
            Err(e) if e.to_string().starts_with("number out of range") => {
                serde_json::from_str(&beyond_doubles_as_text(text))
            }
            other => other,
        };
        return parsed.map_err(|e| {
            let (line, col) = (e.line().max(1), e.column().max(1));
            let help = if e.to_string().starts_with("recursion limit exceeded") {
                "the document nests deeper than 128 levels; move nested schemas into `components` and `$ref` them"
            } else {
                "fix the JSON syntax at this point"
            };
            SyntaxError { line, col, message: format!("invalid JSON: {e}"), help: help.into() }
        });
    }
    let Yaml(value) = serde_yaml::from_str(text).map_err(|e| yaml_error(text, &e))?;
    Ok(value)
}

/// `text` with every number literal that overflows a double (`1e400`) written as a string of
/// its digits, which is what the YAML reader makes of the same literal: kept as written for the
/// docs, never a value in code. Only run after such a literal made parsing fail.
fn beyond_doubles_as_text(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len() + 16);
    let (mut i, mut copied) = (0, 0);
    while let Some(&b) = bytes.get(i) {
        match b {
            b'"' => {
                // Skip the string, escapes included.
                i += 1;
                while let Some(&c) = bytes.get(i) {
                    i += if c == b'\\' { 2 } else { 1 };
                    if c == b'"' {
                        break;
                    }
                }
            }
            b'-' | b'0'..=b'9' => {
                let len = bytes[i..]
                    .iter()
                    .position(|c| !matches!(c, b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9'))
                    .unwrap_or(bytes.len() - i);
                let literal = &text[i..i + len];
                if literal.parse::<f64>().is_ok_and(f64::is_infinite) {
                    out.push_str(&text[copied..i]);
                    out.push('"');
                    out.push_str(literal);
                    out.push('"');
                    copied = i + len;
                }
                i += len;
            }
            _ => i += 1,
        }
    }
    out.push_str(&text[copied..]);
    out
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
/// Read straight into JSON values rather than through `serde_yaml::Value`, which refuses
/// integers beyond 64 bits (`maximum: 18446744073709552000`, common in 3.1 documents for 64-bit
/// seeds): those become the nearest double, as JSON readers make them (see [`wide_integer`]).
struct Yaml(Value);

impl<'de> serde::Deserialize<'de> for Yaml {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(YamlVisitor).map(Yaml)
    }
}

struct YamlVisitor;

impl<'de> serde::de::Visitor<'de> for YamlVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }

    fn visit_i64<E>(self, i: i64) -> Result<Value, E> {
        Ok(Value::Number(i.into()))
    }

    fn visit_u64<E>(self, u: u64) -> Result<Value, E> {
        Ok(Value::Number(u.into()))
    }

    fn visit_i128<E>(self, i: i128) -> Result<Value, E> {
        Ok(i64::try_from(i).map_or_else(|_| wide_integer(i as f64), |i| Value::Number(i.into())))
    }

    fn visit_u128<E>(self, u: u128) -> Result<Value, E> {
        Ok(u64::try_from(u).map_or_else(|_| wide_integer(u as f64), |u| Value::Number(u.into())))
    }

    /// `.inf` and `.nan` have no JSON number: they are kept as their YAML text.
    fn visit_f64<E>(self, f: f64) -> Result<Value, E> {
        Ok(Number::from_f64(f).map_or_else(|| Value::String(non_finite(f).into()), Value::Number))
    }

    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(s.to_string()))
    }

    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(s))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(Yaml(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::with_capacity(map.size_hint().unwrap_or(0).min(4096));
        // Keys as written, to refuse a repeated key as YAML does; only needed once a non-string
        // key makes two written keys share a JSON key (`200` and `"200"` are different keys).
        let mut written: Option<std::collections::HashSet<(bool, String)>> = None;
        while let Some(Yaml(key)) = map.next_key()? {
            let is_string = key.is_string();
            let key = key_string(key);
            let repeated = match &mut written {
                None if is_string => out.contains_key(&key),
                None => {
                    let mut seen: std::collections::HashSet<(bool, String)> =
                        out.keys().map(|k| (true, k.clone())).collect();
                    let repeated = !seen.insert((false, key.clone()));
                    written = Some(seen);
                    repeated
                }
                Some(seen) => !seen.insert((is_string, key.clone())),
            };
            if repeated {
                return Err(serde::de::Error::custom(format!("duplicate entry with key {key:?}")));
            }
            let Yaml(value) = map.next_value()?;
            out.insert(key, value);
        }
        Ok(Value::Object(out))
    }

    /// A tagged value (`!Ref x`): the tag is dropped.
    fn visit_enum<A: serde::de::EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        use serde::de::VariantAccess;
        let (_tag, contents): (String, _) = data.variant()?;
        contents.newtype_variant::<Yaml>().map(|Yaml(v)| v)
    }
}

/// An integer literal beyond the 64-bit range, as the nearest double: what JSON readers (and
/// serde_json) make of it, and what [`crate::ir::json_text`] writes back in the same digits
/// when the literal was itself a double's shortest form (`18446744073709552000` is 2^64).
fn wide_integer(f: f64) -> Value {
    Number::from_f64(f).map_or_else(|| Value::String(non_finite(f).into()), Value::Number)
}

fn non_finite(f: f64) -> &'static str {
    if f.is_nan() {
        ".nan"
    } else if f > 0.0 {
        ".inf"
    } else {
        "-.inf"
    }
}

fn key_string(key: Value) -> String {
    match key {
        Value::String(s) => s,
        Value::Null => "null".into(),
        other => other.to_string(),
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
    fn integers_beyond_64_bits_are_read_in_yaml_and_json() {
        let yaml = "a: 18446744073709552000\nb: -9223372036854776000\nc: 123456789012345678901234567890\nd: 1e400\n";
        let json = r#"{"a": 18446744073709552000, "b": -9223372036854776000, "c": 123456789012345678901234567890, "d": 1e400}"#;
        for (text, is_json) in [(yaml, false), (json, true)] {
            let v = parse(text, is_json).unwrap_or_else(|e| panic!("{e:?}"));
            assert_eq!(v["a"].as_f64(), Some(18446744073709552000.0), "{v}");
            assert_eq!(v["b"].as_f64(), Some(-9223372036854776000.0), "{v}");
            assert_eq!(v["c"].as_f64(), Some(1.2345678901234568e29), "{v}");
            assert_eq!(v["d"], json!("1e400"), "{v}");
        }
        let edge = parse("a: 18446744073709551615\nb: -9223372036854775808\n", false).unwrap();
        assert_eq!((edge["a"].as_u64(), edge["b"].as_i64()), (Some(u64::MAX), Some(i64::MIN)));
    }

    #[test]
    fn a_huge_literal_inside_a_json_string_is_left_alone() {
        let v = parse(r#"{"s": "1e400 \" 2e999", "n": [1e400, -2E+500, 1.5]}"#, true).unwrap();
        assert_eq!(v, json!({"s": "1e400 \" 2e999", "n": ["1e400", "-2E+500", 1.5]}));
    }

    #[test]
    fn yaml_tags_are_dropped_and_keys_of_any_kind_become_strings() {
        let v = parse("a: !Ref x\n? [1, 2]\n: list\ntrue: yes\n~: n\n1.5: f\nx: .inf\n", false).unwrap();
        assert_eq!(v, json!({"a": "x", "[1,2]": "list", "true": "yes", "null": "n", "1.5": "f", "x": ".inf"}));
    }

    #[test]
    fn a_repeated_yaml_key_is_refused_but_a_number_and_a_string_are_different_keys() {
        let err = parse("a: 1\nb: 2\na: 3\n", false).unwrap_err();
        assert!(err.message.starts_with("duplicate key `a`"), "{err:?}");
        assert_eq!(parse("200: a\n'200': b\n", false).unwrap(), json!({"200": "b"}));
        assert!(parse("200: a\nx: 1\n200: b\n", false).is_err());
    }

    #[test]
    fn empty_document_is_an_error() {
        assert_eq!(parse("  \n", false).unwrap_err().message, "the document is empty");
    }
}
