//! Python names: identifiers for types, functions, arguments and classes, decided here only.
//!
//! The ladder itself is `crate::naming`'s; this is Python's table for it, and the package name.

use crate::naming::{self, Breaks, Case, Escape, Language, LeadingDigit};

/// Python 3 keywords (hard ones only: soft keywords such as `match` and `type` are valid names).
const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
    "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
    "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
];

/// Keywords get a `_` suffix (`class_`); snake_case is cased after the text is folded.
static PYTHON: Language = Language {
    reserved: KEYWORDS,
    escape: Escape::Suffix,
    ascii: true,
    breaks: Breaks::Case,
    snake_before_fold: false,
    leading_digit: LeadingDigit::ByCase,
    ignore_case: false,
    extra_chars: &[],
};

/// Whether `name` can be written as it is where Python expects an identifier.
pub fn is_identifier(name: &str) -> bool {
    PYTHON.is_identifier(name)
}

/// Names already used in one Python scope (a module's items, a function's arguments).
pub struct Scope(naming::Scope);

impl Default for Scope {
    fn default() -> Self {
        Scope(naming::Scope::new(&PYTHON))
    }
}

impl Scope {
    pub fn with(reserved: &[&str]) -> Self {
        Scope(naming::Scope::with(&PYTHON, reserved))
    }

    /// A unique snake_case identifier for `raw`.
    pub fn snake(&mut self, raw: &str, fallback: &str) -> String {
        self.0.claim(raw, Case::Snake, fallback)
    }

    /// A unique PascalCase identifier for `raw`.
    pub fn pascal(&mut self, raw: &str, fallback: &str) -> String {
        self.0.claim(raw, Case::Pascal, fallback)
    }
}

/// The package name for `--name`: a snake_case identifier (`vinix-client` → `vinix_client`).
pub fn package(name: &str) -> String {
    Scope::with(&["typing", "httpx", "json", "test", "tests"]).snake(name, "api")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_names_escape_keywords_and_leading_digits() {
        let mut scope = Scope::with(&["self"]);
        assert_eq!(scope.snake("getUser", "op"), "get_user");
        assert_eq!(scope.snake("class", "op"), "class_");
        assert_eq!(scope.snake("2fa", "op"), "n2fa");
        assert_eq!(scope.snake("self", "op"), "self_2");
        assert_eq!(scope.snake("get-user", "op"), "get_user_2");
        assert_eq!(scope.snake("größe", "op"), "groesse");
        assert_eq!(scope.snake("$$", "op"), "op");
    }

    #[test]
    fn pascal_names_escape_keywords() {
        let mut scope = Scope::default();
        assert_eq!(scope.pascal("none", "T"), "None_");
        assert_eq!(scope.pascal("user profile", "T"), "UserProfile");
        assert_eq!(scope.pascal("G7221@32000h", "T"), "G7221_32000h");
    }

    #[test]
    fn identifiers_are_ascii_non_keywords() {
        assert!(is_identifier("first_name"));
        assert!(!is_identifier("first-name"));
        assert!(!is_identifier("from"));
        assert!(!is_identifier("9lives"));
        assert!(!is_identifier("café"));
    }

    #[test]
    fn package_names_are_snake_case() {
        assert_eq!(package("vinix-client"), "vinix_client");
        assert_eq!(package("My API"), "my_api");
        assert_eq!(package("3cx"), "n3cx");
    }
}
