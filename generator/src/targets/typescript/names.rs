//! TypeScript names: identifiers for types, methods, parameters and properties, decided here only.
//!
//! The ladder for a name that is not a usable identifier: camel/Pascal case it, keep ASCII letters
//! and digits (folding common accented letters), prefix a leading digit, suffix reserved words
//! (`default` → `default_`), and number collisions within a scope (`name2`). Property keys keep
//! their wire name and are quoted when they are not identifiers (`"sort-string"`).

use std::collections::HashSet;

/// Words that cannot name a variable, parameter or type in strict-mode TypeScript modules, plus
/// the global values a parameter must not shadow.
const RESERVED: &[&str] = &[
    "break",
    "case",
    "catch",
    "class",
    "const",
    "continue",
    "debugger",
    "default",
    "delete",
    "do",
    "else",
    "enum",
    "export",
    "extends",
    "false",
    "finally",
    "for",
    "function",
    "if",
    "import",
    "in",
    "instanceof",
    "new",
    "null",
    "return",
    "super",
    "switch",
    "this",
    "throw",
    "true",
    "try",
    "typeof",
    "var",
    "void",
    "while",
    "with",
    "as",
    "implements",
    "interface",
    "let",
    "package",
    "private",
    "protected",
    "public",
    "static",
    "yield",
    "await",
    "arguments",
    "eval",
    "undefined",
    "NaN",
    "Infinity",
    "any",
    "boolean",
    "number",
    "string",
    "symbol",
    "bigint",
    "object",
    "never",
    "unknown",
    "type",
    "constructor",
];

/// Names already used in one TypeScript scope (a module, a method's parameters, an object's keys).
#[derive(Default)]
pub struct Scope {
    taken: HashSet<String>,
}

impl Scope {
    pub fn with(reserved: &[&str]) -> Self {
        Scope { taken: reserved.iter().map(|s| s.to_string()).collect() }
    }

    /// Marks `name` as used, so later claims avoid it.
    pub fn reserve(&mut self, name: &str) {
        self.taken.insert(name.to_string());
    }

    /// A unique camelCase identifier for `raw`.
    pub fn camel(&mut self, raw: &str, fallback: &str) -> String {
        // Every word is already `Capitalised`, so lowering the first letter is enough
        // (`HTTPServer` → `HttpServer` → `httpServer`).
        let pascal = pascal_words(raw);
        let mut chars = pascal.chars();
        let base = match chars.next() {
            Some(first) => format!("{}{}", first.to_ascii_lowercase(), chars.as_str()),
            None => String::new(),
        };
        self.claim(base, fallback)
    }

    /// A unique PascalCase identifier for `raw`.
    pub fn pascal(&mut self, raw: &str, fallback: &str) -> String {
        self.claim(pascal_words(raw), fallback)
    }

    fn claim(&mut self, base: String, fallback: &str) -> String {
        let mut base = if base.is_empty() { fallback.to_string() } else { base };
        if base.starts_with(|c: char| c.is_ascii_digit()) {
            base.insert(0, if base.chars().all(|c| !c.is_ascii_lowercase()) { 'N' } else { 'n' });
        }
        if RESERVED.contains(&base.as_str()) {
            base.push('_');
        }
        let mut candidate = base.clone();
        let mut n = 2;
        while !self.taken.insert(candidate.clone()) {
            candidate = format!("{base}{n}");
            n += 1;
        }
        candidate
    }
}

/// PascalCase words of `raw`, ASCII only; digit runs that would touch stay apart (`G7221_16000h`).
fn pascal_words(raw: &str) -> String {
    let folded = ascii_only(raw);
    let mut out = String::new();
    for word in split_case(&folded) {
        let mut chars = word.chars();
        let Some(first) = chars.next() else { continue };
        if out.ends_with(|c: char| c.is_ascii_digit()) && first.is_ascii_digit() {
            out.push('_');
        }
        out.push(first.to_ascii_uppercase());
        out.push_str(&chars.as_str().to_ascii_lowercase());
    }
    out
}

/// Words of an identifier-ish string: separators split, and so do lower→upper steps
/// (`getUserById` → get, User, By, Id) and acronym ends (`HTTPServer` → HTTP, Server).
fn split_case(s: &str) -> Vec<String> {
    let mut words = Vec::new();
    for chunk in s.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()) {
        let chars: Vec<char> = chunk.chars().collect();
        let mut word = String::new();
        for (i, &c) in chars.iter().enumerate() {
            let prev = i.checked_sub(1).map(|p| chars[p]);
            let next = chars.get(i + 1).copied();
            let boundary = match prev {
                Some(p) if c.is_ascii_uppercase() && (p.is_ascii_lowercase() || p.is_ascii_digit()) => true,
                Some(p) if c.is_ascii_uppercase() && p.is_ascii_uppercase() => {
                    next.is_some_and(|n| n.is_ascii_lowercase())
                }
                _ => false,
            };
            if boundary && !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
            word.push(c);
        }
        if !word.is_empty() {
            words.push(word);
        }
    }
    words
}

/// Whether `name` can be written bare as an object key or property (reserved words can).
pub fn is_property_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    match chars.next() {
        Some(c) if c.is_ascii_alphabetic() || c == '_' || c == '$' => {}
        _ => return false,
    }
    chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
}

/// A property key as written in an interface or object literal: bare when it can be, else quoted.
pub fn property(name: &str) -> String {
    if is_property_identifier(name) {
        name.to_string()
    } else {
        string_literal(name)
    }
}

/// A TypeScript string literal, with line terminators and bidi controls escaped.
pub fn string_literal(s: &str) -> String {
    crate::targets::escape::js_string(s)
}

fn ascii_only(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if let Some(folded) = crate::targets::fold_latin(c) {
            out.push_str(folded);
        } else {
            out.push(' ');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn methods_are_camel_case_from_operation_ids() {
        let mut s = Scope::default();
        assert_eq!(s.camel("getUser", "op"), "getUser");
        assert_eq!(s.camel("get_user_details", "op"), "getUserDetails");
        assert_eq!(s.camel("GetUser", "op"), "getUser2");
        assert_eq!(s.camel("HTTPServerList", "op"), "httpServerList");
        assert_eq!(s.camel("ID", "op"), "id");
        assert_eq!(s.camel("delete", "op"), "delete_");
        assert_eq!(s.camel("2fa", "op"), "n2fa");
        assert_eq!(s.camel("größe", "op"), "groesse");
        assert_eq!(s.camel("名前", "op"), "op");
        assert_eq!(s.camel("$", "op"), "op2");
    }

    #[test]
    fn types_are_pascal_case_and_distinct() {
        let mut s = Scope::default();
        assert_eq!(s.pascal("user_preferences", "T"), "UserPreferences");
        assert_eq!(s.pascal("G7221@16000h", "T"), "G7221_16000h");
        assert_eq!(s.pascal("UserPreferences", "T"), "UserPreferences2");
        assert_eq!(s.pascal("1", "T"), "N1");
    }

    #[test]
    fn properties_are_quoted_only_when_needed() {
        assert_eq!(property("first_name"), "first_name");
        assert_eq!(property("default"), "default");
        assert_eq!(property("$type"), "$type");
        assert_eq!(property("sort-string"), "\"sort-string\"");
        assert_eq!(property("2fa"), "\"2fa\"");
        assert_eq!(property("a\"b"), "\"a\\\"b\"");
        assert_eq!(property(""), "\"\"");
    }
}
