//! The one wording of what a schema says about a value besides its type (bounds, lengths,
//! pattern, listed values; a parameter's default and example), shared by every target's docs.
//!
//! Facts are short phrases with document values in Markdown code spans ([`escape::code_span`]);
//! each target still writes them through its own doc escaping.

use serde_json::Value;

use crate::ir::{json_text, Bound, Constraints, Parameter};
use crate::targets::escape;

/// Longer values are cut (defaults and examples can be whole documents).
const MAX_VALUE_CHARS: usize = 120;

/// Listed values shown before the rest are counted.
const MAX_VALUES: usize = 20;

/// A value as compact JSON in a code span; an integer beyond 64 bits keeps its digits.
pub fn value(v: &Value) -> String {
    let text = json_text(v);
    if text.chars().count() > MAX_VALUE_CHARS {
        let cut: String = text.chars().take(MAX_VALUE_CHARS - 3).collect();
        escape::code_span(&format!("{cut}..."))
    } else {
        escape::code_span(&text)
    }
}

/// The constraints, in the order a reader checks a value: range, lengths, pattern, values.
pub fn constraints(c: &Constraints) -> Vec<String> {
    let mut out = Vec::new();
    let bound = |name: &str, b: &Bound| {
        let excl = if b.exclusive { "exclusive " } else { "" };
        format!("{excl}{name} {}", escape::code_span(&b.value))
    };
    if let Some(b) = &c.minimum {
        out.push(bound("minimum", b));
    }
    if let Some(b) = &c.maximum {
        out.push(bound("maximum", b));
    }
    if let Some(m) = &c.multiple_of {
        out.push(format!("multiple of {}", escape::code_span(m)));
    }
    for (n, what) in [
        (c.min_length, "minimum length"),
        (c.max_length, "maximum length"),
        (c.min_items, "minimum items"),
        (c.max_items, "maximum items"),
    ] {
        if let Some(n) = n {
            out.push(format!("{what} {n}"));
        }
    }
    if let Some(p) = &c.pattern {
        out.push(format!("pattern {}", escape::code_span(p)));
    }
    if !c.values.is_empty() {
        let mut shown: Vec<String> = c.values.iter().take(MAX_VALUES).map(value).collect();
        if c.values.len() > MAX_VALUES {
            shown.push(format!("and {} more", c.values.len() - MAX_VALUES));
        }
        out.push(format!("one of {}", shown.join(", ")));
    }
    out
}

/// A parameter's default (the API's, when the parameter is not sent), its constraints and its
/// example.
pub fn parameter(p: &Parameter) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(d) = &p.default {
        out.push(format!("default {}", value(d)));
    }
    out.extend(constraints(&p.constraints));
    if let Some(e) = &p.example {
        out.push(format!("example {}", value(e)));
    }
    out
}

/// Facts as one sentence (`Default `10`; maximum `100`.`), or `None` when there are none.
pub fn sentence(facts: &[String]) -> Option<String> {
    let joined = facts.join("; ");
    let mut chars = joined.chars();
    let first = chars.next()?;
    Some(format!("{}{}.", first.to_uppercase(), chars.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn bounds_lengths_patterns_and_values_read_as_one_sentence() {
        let c = Constraints {
            minimum: Some(Bound { value: "1".into(), exclusive: false }),
            maximum: Some(Bound { value: "18446744073709552000".into(), exclusive: true }),
            max_length: Some(3),
            pattern: Some("^a`b$".into()),
            values: vec![json!(1), json!(18446744073709552000.0_f64)],
            ..Constraints::default()
        };
        assert_eq!(
            sentence(&constraints(&c)).as_deref(),
            Some(
                "Minimum `1`; exclusive maximum `18446744073709552000`; maximum length 3; pattern `` ^a`b$ ``; \
                 one of `1`, `18446744073709552000`."
            )
        );
        assert_eq!(sentence(&[]), None);
    }
}
