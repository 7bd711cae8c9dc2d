//! What a schema says about a value beyond its type (bounds, lengths, pattern, listed values),
//! kept as the document wrote it, and the one way numbers of the document are written back.

use std::fmt;

use serde_json::Value;

/// The constraints of a field's or a parameter's schema. Targets document them (see
/// `targets::facts`); none is checked in generated code.
#[derive(Clone, PartialEq, Default)]
pub struct Constraints {
    pub minimum: Option<Bound>,
    pub maximum: Option<Bound>,
    /// `multipleOf`, as written.
    pub multiple_of: Option<String>,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    /// `pattern`, as written.
    pub pattern: Option<String>,
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
    /// `enum` values the type does not list itself: the schema is not an enum type (its values
    /// mix kinds, or an integer is outside the 64-bit range), so they are only documented.
    pub values: Vec<Value>,
}

/// A `minimum` or `maximum`: the number as written (an integer beyond 64 bits keeps its digits,
/// see [`json_text`]), and whether it is excluded (3.0's `exclusiveMinimum: true` beside it, or
/// 3.1's `exclusiveMinimum: <number>`).
#[derive(Debug, Clone, PartialEq)]
pub struct Bound {
    pub value: String,
    pub exclusive: bool,
}

impl Constraints {
    pub fn is_empty(&self) -> bool {
        *self == Constraints::default()
    }
}

/// Only what is set, so that the IR dumps of the construct tests stay readable.
impl fmt::Debug for Constraints {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("Constraints");
        let optional: [(&str, Option<&dyn fmt::Debug>); 8] = [
            ("minimum", self.minimum.as_ref().map(|b| b as &dyn fmt::Debug)),
            ("maximum", self.maximum.as_ref().map(|b| b as &dyn fmt::Debug)),
            ("multiple_of", self.multiple_of.as_ref().map(|v| v as &dyn fmt::Debug)),
            ("min_length", self.min_length.as_ref().map(|v| v as &dyn fmt::Debug)),
            ("max_length", self.max_length.as_ref().map(|v| v as &dyn fmt::Debug)),
            ("pattern", self.pattern.as_ref().map(|v| v as &dyn fmt::Debug)),
            ("min_items", self.min_items.as_ref().map(|v| v as &dyn fmt::Debug)),
            ("max_items", self.max_items.as_ref().map(|v| v as &dyn fmt::Debug)),
        ];
        for (name, value) in optional {
            if let Some(value) = value {
                s.field(name, value);
            }
        }
        if !self.values.is_empty() {
            s.field("values", &self.values);
        }
        s.finish()
    }
}

/// Doubles at least this large (2^63) can only be integers; written in plain digits (below
/// 10^21, as JavaScript does), they read as the document wrote them.
const WIDE: f64 = 9_223_372_036_854_775_808.0;

/// `value` as compact JSON for docs. An integer that did not fit 64 bits was read as the nearest
/// double; it is written in the shortest digits that read back to that double, without an
/// exponent, so `18446744073709552000` (2^64 as JavaScript writes it, the common case) is shown
/// as written rather than as `1.8446744073709552e19`. Other numbers are written as serde_json
/// writes them.
pub fn json_text(value: &Value) -> String {
    let mut out = Vec::new();
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, Plain);
    if serde::Serialize::serialize(value, &mut serializer).is_err() {
        return value.to_string();
    }
    String::from_utf8(out).unwrap_or_else(|_| value.to_string())
}

struct Plain;

impl serde_json::ser::Formatter for Plain {
    fn write_f64<W: ?Sized + std::io::Write>(&mut self, writer: &mut W, value: f64) -> std::io::Result<()> {
        if value.fract() == 0.0 && value.abs() >= WIDE && value.abs() < 1e21 {
            // Rust's `Display` for `f64` is the shortest round-trip form, in plain digits.
            write!(writer, "{value}")
        } else {
            serde_json::ser::CompactFormatter.write_f64(writer, value)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn wide_integers_are_written_in_the_digits_a_document_uses() {
        assert_eq!(json_text(&json!(18446744073709552000.0_f64)), "18446744073709552000");
        assert_eq!(json_text(&json!(-9223372036854776000.0_f64)), "-9223372036854776000");
        assert_eq!(
            json_text(&json!([1.5, 1e300, 10, u64::MAX, "a\"b"])),
            r#"[1.5,1e+300,10,18446744073709551615,"a\"b"]"#
        );
    }

    #[test]
    fn only_set_constraints_are_dumped() {
        let c = Constraints { max_length: Some(3), ..Constraints::default() };
        assert_eq!(format!("{c:?}"), "Constraints { max_length: 3 }");
        assert_eq!(format!("{:?}", Constraints::default()), "Constraints");
    }
}
