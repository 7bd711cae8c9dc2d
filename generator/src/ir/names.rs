//! Type names: readable PascalCase from where a schema stands, unique per API.

use crate::naming::{Breaks, Case, Escape, Language, LeadingDigit, Scope};

/// Type names keep letters outside ASCII (each target folds them its own way), and are unique
/// case-insensitively because they may become file names and some targets ignore case.
static TYPES: Language = Language {
    reserved: &[],
    escape: Escape::Suffix,
    ascii: false,
    breaks: Breaks::Case,
    snake_before_fold: false,
    leading_digit: LeadingDigit::ByCase,
    ignore_case: true,
    extra_chars: &[],
};

/// Hands out unique type names; the ladder is: the name itself, then `Name2`, `Name3`, ...
pub struct TypeNames {
    scope: Scope,
}

impl Default for TypeNames {
    fn default() -> Self {
        TypeNames { scope: Scope::new(&TYPES) }
    }
}

impl TypeNames {
    pub fn claim(&mut self, hint: &str) -> String {
        self.scope.claim(hint, Case::Pascal, "Type")
    }
}

/// PascalCase that keeps digit runs apart (`G7221@32000h` → `G7221_32000h`) and starts with a
/// letter (`2fa` → `N2fa`); non-ASCII letters are kept as they are.
pub fn pascal(raw: &str) -> String {
    TYPES.spell(raw, Case::Pascal)
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
        assert_eq!(pascal("größe"), "Größe");
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
