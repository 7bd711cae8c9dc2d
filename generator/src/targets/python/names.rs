//! Python names: identifiers for types, functions, arguments and classes, decided here only.
//!
//! The ladder for a name that is not a usable identifier: snake/Pascal case it, fold it to ASCII
//! letters and digits, prefix a leading digit (`n2fa`, `N2fa`), add `_` to keywords (`class_`),
//! and number collisions within a scope (`name_2`).

use std::collections::HashSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Python 3 keywords (hard ones only: soft keywords such as `match` and `type` are valid names).
const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
    "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
    "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
];

pub fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name)
}

/// Whether `name` can be written as it is where Python expects an identifier.
pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !is_keyword(name)
}

/// Names already used in one Python scope (a module's items, a function's arguments).
#[derive(Default)]
pub struct Scope {
    taken: HashSet<String>,
}

impl Scope {
    pub fn with(reserved: &[&str]) -> Self {
        Scope { taken: reserved.iter().map(|s| s.to_string()).collect() }
    }

    /// A unique snake_case identifier for `raw`.
    pub fn snake(&mut self, raw: &str, fallback: &str) -> String {
        let folded = ascii_only(raw, ' ');
        let base = folded.to_snake_case().split('_').filter(|w| !w.is_empty()).collect::<Vec<_>>().join("_");
        self.claim(base, fallback, "_", "n")
    }

    /// A unique PascalCase identifier for `raw`.
    pub fn pascal(&mut self, raw: &str, fallback: &str) -> String {
        let mut base = String::new();
        for word in ascii_only(raw, ' ').split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()) {
            let word = word.to_upper_camel_case();
            if base.ends_with(|c: char| c.is_ascii_digit()) && word.starts_with(|c: char| c.is_ascii_digit()) {
                base.push('_');
            }
            base.push_str(&word);
        }
        self.claim(base, fallback, "", "N")
    }

    fn claim(&mut self, base: String, fallback: &str, sep: &str, digit_prefix: &str) -> String {
        let mut base = if base.is_empty() { fallback.to_string() } else { base };
        if base.starts_with(|c: char| c.is_ascii_digit()) {
            base.insert_str(0, digit_prefix);
        }
        if is_keyword(&base) {
            base.push('_');
        }
        let mut candidate = base.clone();
        let mut n = 2;
        while !self.taken.insert(candidate.clone()) {
            candidate = format!("{base}{sep}{n}");
            n += 1;
        }
        candidate
    }
}

/// ASCII letters, digits and `_`; common accented Latin letters lose their accent, anything
/// else becomes `replacement` (a word break).
fn ascii_only(s: &str, replacement: char) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            out.push(c);
        } else {
            match crate::targets::fold_latin(c) {
                Some(folded) => out.push_str(folded),
                None => out.push(replacement),
            }
        }
    }
    out
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
