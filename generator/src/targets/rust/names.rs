//! Rust names: identifiers for types, fields, variants and functions, decided here only.
//!
//! The ladder for a name that is not a usable identifier: snake/Pascal case it, keep ASCII
//! letters and digits, prefix a leading digit, make keywords raw (`r#type`) or suffix the few that
//! cannot be raw (`self_`), and number collisions within a scope (`name_2`).

use std::collections::HashSet;

use heck::{ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span};

const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for", "if", "impl", "in",
    "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self", "Self", "static", "struct", "super",
    "trait", "true", "type", "unsafe", "use", "where", "while", "async", "await", "dyn", "abstract", "become", "box",
    "do", "final", "macro", "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super"];

/// Names already used in one Rust scope (a struct's fields, an enum's variants, a module's items).
#[derive(Default)]
pub struct Scope {
    taken: HashSet<String>,
}

impl Scope {
    pub fn with(reserved: &[&str]) -> Self {
        Scope { taken: reserved.iter().map(|s| s.to_string()).collect() }
    }

    /// A unique snake_case identifier for `raw`.
    pub fn snake(&mut self, raw: &str, fallback: &str) -> Ident {
        let base = collapse_underscores(&ascii_only(&raw.to_snake_case(), '_'));
        self.claim(base, fallback, "_")
    }

    /// A unique PascalCase identifier for `raw`.
    pub fn pascal(&mut self, raw: &str, fallback: &str) -> Ident {
        let mut base = String::new();
        let raw = ascii_only(raw, ' ');
        for word in raw.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()) {
            let word = word.to_upper_camel_case();
            if base.ends_with(|c: char| c.is_ascii_digit()) && word.starts_with(|c: char| c.is_ascii_digit()) {
                base.push('_');
            }
            base.push_str(&word);
        }
        self.claim(base, fallback, "")
    }

    fn claim(&mut self, base: String, fallback: &str, sep: &str) -> Ident {
        let mut base = if base.is_empty() { fallback.to_string() } else { base };
        if base.starts_with(|c: char| c.is_ascii_digit()) {
            let prefix = if sep.is_empty() { "N" } else { "n" };
            base.insert_str(0, prefix);
        }
        let mut candidate = base.clone();
        let mut n = 2;
        while !self.taken.insert(candidate.clone()) {
            candidate = format!("{base}{sep}{n}");
            n += 1;
        }
        ident(&candidate)
    }
}

/// An identifier from a string that is already a valid name: keywords become raw or get `_`.
pub fn ident(name: &str) -> Ident {
    if NOT_RAW.contains(&name) {
        return Ident::new(&format!("{name}_"), Span::call_site());
    }
    if KEYWORDS.contains(&name) {
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

fn collapse_underscores(s: &str) -> String {
    s.split('_').filter(|w| !w.is_empty()).collect::<Vec<_>>().join("_")
}

fn ascii_only(s: &str, replacement: char) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            out.push(c);
        } else if let Some(folded) = crate::targets::fold_latin(c) {
            out.push_str(folded);
        } else {
            out.push(replacement);
        }
    }
    out
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
