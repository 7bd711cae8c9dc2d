//! Rust names: identifiers for types, fields, variants and functions, decided here only.
//!
//! The ladder itself is `crate::naming`'s; this is Rust's table for it and the step only Rust has:
//! a keyword is written raw (`r#type`), or with a `_` suffix where it cannot be raw (`self_`).

use proc_macro2::{Ident, Span};

use crate::naming::{self, Breaks, Case, Escape, Language, LeadingDigit};

const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for", "if", "impl", "in",
    "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self", "Self", "static", "struct", "super",
    "trait", "true", "type", "unsafe", "use", "where", "while", "async", "await", "dyn", "abstract", "become", "box",
    "do", "final", "macro", "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super"];

/// Keywords stay in the scope as they are, because `r#type` and `type` are one name; snake_case
/// is cased before it is folded, as it always was here, so that names already published stay.
static RUST: Language = Language {
    reserved: KEYWORDS,
    escape: Escape::Raw { unless: NOT_RAW },
    ascii: true,
    breaks: Breaks::Case,
    snake_before_fold: true,
    leading_digit: LeadingDigit::ByCase,
    ignore_case: false,
    extra_chars: &[],
};

/// Names already used in one Rust scope (a struct's fields, an enum's variants, a module's items).
pub struct Scope(naming::Scope);

impl Default for Scope {
    fn default() -> Self {
        Scope(naming::Scope::new(&RUST))
    }
}

impl Scope {
    pub fn with(reserved: &[&str]) -> Self {
        Scope(naming::Scope::with(&RUST, reserved))
    }

    /// A unique snake_case identifier for `raw`.
    pub fn snake(&mut self, raw: &str, fallback: &str) -> Ident {
        ident(&self.0.claim(raw, Case::Snake, fallback))
    }

    /// A unique PascalCase identifier for `raw`.
    pub fn pascal(&mut self, raw: &str, fallback: &str) -> Ident {
        ident(&self.0.claim(raw, Case::Pascal, fallback))
    }
}

/// An identifier from a string that is already a valid name: keywords become raw or get `_`.
pub fn ident(name: &str) -> Ident {
    if NOT_RAW.contains(&name) {
        return Ident::new(&format!("{name}_"), Span::call_site());
    }
    if RUST.is_reserved(name) {
        return Ident::new_raw(name, Span::call_site());
    }
    match syn::parse_str::<Ident>(name) {
        Ok(id) => id,
        // Unreachable for names built by `Scope`, which keeps ASCII letters, digits and `_`.
        Err(_) => Ident::new("invalid_name", Span::call_site()),
    }
}

/// The identifier as written in source, without `r#`.
pub fn unraw(id: &Ident) -> String {
    let s = id.to_string();
    s.strip_prefix("r#").map(str::to_string).unwrap_or(s)
}

/// A readable name for a symbol-only enum value.
pub fn symbol_name(value: &str) -> Option<&'static str> {
    Some(match value {
        "*" => "Star",
        "#" => "Hash",
        "+" => "Plus",
        "-" => "Minus",
        "=" => "Equals",
        "<" => "Less",
        ">" => "Greater",
        "<=" => "LessOrEqual",
        ">=" => "GreaterOrEqual",
        "!=" => "NotEqual",
        "/" => "Slash",
        "." => "Dot",
        "" => "Empty",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_snake_case_and_escaped() {
        let mut s = Scope::default();
        assert_eq!(s.snake("firstName", "field").to_string(), "first_name");
        assert_eq!(s.snake("sort-string", "field").to_string(), "sort_string");
        assert_eq!(s.snake("sort_string", "field").to_string(), "sort_string_2");
        assert_eq!(s.snake("type", "field").to_string(), "r#type");
        assert_eq!(s.snake("$type", "field").to_string(), "type_2");
        assert_eq!(s.snake("2fa", "field").to_string(), "n2fa");
        assert_eq!(s.snake("self", "field").to_string(), "self_");
        assert_eq!(s.snake("größe", "field").to_string(), "groesse");
        assert_eq!(s.snake("名前", "field").to_string(), "field");
        assert_eq!(s.snake("$", "field").to_string(), "field_2");
    }

    #[test]
    fn variants_are_pascal_case_and_distinct() {
        let mut s = Scope::default();
        assert_eq!(s.pascal("Speex", "V").to_string(), "Speex");
        assert_eq!(s.pascal("speex", "V").to_string(), "Speex2");
        assert_eq!(s.pascal("CELT@32000h", "V").to_string(), "Celt32000h");
        assert_eq!(s.pascal("G7221@16000h", "V").to_string(), "G7221_16000h");
        assert_eq!(s.pascal("1", "V").to_string(), "N1");
        assert_eq!(s.pascal("Self", "V").to_string(), "Self_");
    }
}
