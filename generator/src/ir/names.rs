//! Type names: readable PascalCase from where a schema stands, unique per API.

use std::collections::HashSet;

use heck::ToUpperCamelCase;

/// Hands out unique type names; the ladder is: the name itself, then `Name2`, `Name3`, ...
/// Uniqueness is case-insensitive, because file systems and some targets are.
#[derive(Default)]
pub struct TypeNames {
    taken: HashSet<String>,
}

impl TypeNames {
    pub fn claim(&mut self, hint: &str) -> String {
        let base = pascal(hint);
        let base = if base.is_empty() { "Type".to_string() } else { base };
        let mut candidate = base.clone();
        let mut n = 2;
        while !self.taken.insert(candidate.to_ascii_lowercase()) {
            candidate = format!("{base}{n}");
            n += 1;
        }
        candidate
    }
}

/// PascalCase that keeps digit runs apart (`G7221@32000h` → `G7221_32000h`) and starts with a
/// letter (`2fa` → `N2fa`); non-ASCII letters are kept as they are.
pub fn pascal(raw: &str) -> String {
    let words: Vec<String> =
        split_words(raw).iter().map(|w| w.to_upper_camel_case()).filter(|w| !w.is_empty()).collect();
    let mut out = String::new();
    for w in words {
        if out.ends_with(|c: char| c.is_ascii_digit()) && w.starts_with(|c: char| c.is_ascii_digit()) {
            out.push('_');
        }
        out.push_str(&w);
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'N');
    }
    out
}

/// Words of an identifier-ish string: anything not alphanumeric separates.
pub fn split_words(raw: &str) -> Vec<String> {
    raw.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_string).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_pascal_case_from_context() {
        assert_eq!(pascal("user_preferences webphone"), "UserPreferencesWebphone");
        assert_eq!(pascal("getUser"), "GetUser");
        assert_eq!(pascal("sort-string"), "SortString");
        assert_eq!(pascal("G7221@32000h"), "G7221_32000h");
        assert_eq!(pascal("2fa"), "N2fa");
        assert_eq!(pascal("$type"), "Type");
    }

    #[test]
    fn collisions_get_numbered_case_insensitively() {
        let mut names = TypeNames::default();
        assert_eq!(names.claim("User"), "User");
        assert_eq!(names.claim("user"), "User2");
        assert_eq!(names.claim("User"), "User3");
        assert_eq!(names.claim(""), "Type");
    }
}
