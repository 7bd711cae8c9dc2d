//! TypeScript names: identifiers for types, methods, parameters and properties, decided here only.
//!
//! The ladder itself is `crate::naming`'s; this is TypeScript's table for it (reserved words get a
//! `_` suffix: `default` → `default_`), and what only TypeScript has: property keys keep their
//! wire name and are quoted when they are not identifiers (`"sort-string"`).

use crate::naming::{self, Breaks, Case, Escape, Language, LeadingDigit};

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

/// Words break before a capital after a digit too, and a leading digit takes `n` only when the
/// name has a lower-case letter: the rules this target was published with, kept so names stay.
static TYPESCRIPT: Language = Language {
    reserved: RESERVED,
    escape: Escape::Suffix,
    ascii: true,
    breaks: Breaks::CaseAndDigits,
    snake_before_fold: false,
    leading_digit: LeadingDigit::ByLetters,
    ignore_case: false,
    extra_chars: &['$'],
};

/// Names already used in one TypeScript scope (a module, a method's parameters, an object's keys).
pub struct Scope(naming::Scope);

impl Default for Scope {
    fn default() -> Self {
        Scope(naming::Scope::new(&TYPESCRIPT))
    }
}

impl Scope {
    pub fn with(reserved: &[&str]) -> Self {
        Scope(naming::Scope::with(&TYPESCRIPT, reserved))
    }

    /// Marks `name` as used, so later claims avoid it.
    pub fn reserve(&mut self, name: &str) {
        self.0.reserve(name);
    }

    /// A unique camelCase identifier for `raw`.
    pub fn camel(&mut self, raw: &str, fallback: &str) -> String {
        self.0.claim(raw, Case::Camel, fallback)
    }

    /// A unique PascalCase identifier for `raw`.
    pub fn pascal(&mut self, raw: &str, fallback: &str) -> String {
        self.0.claim(raw, Case::Pascal, fallback)
    }
}

/// Whether `name` can be written bare as an object key or property (reserved words can).
pub fn is_property_identifier(name: &str) -> bool {
    TYPESCRIPT.is_word(name)
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
