//! Names in generated code: the one ladder from any text (an operationId, a wire name, where a
//! schema stands) to a name that is distinct in its scope, for the IR's type names and for every
//! target. A language brings its [`Language`] table; the steps are the same for all: fold to
//! ASCII (`größe` → `groesse`), cut into words and case them (a table may case snake_case before
//! folding), fall back when no word is left, prefix a leading digit (`2fa` → `n2fa`), escape a
//! reserved word, number a collision.
//!
//! It sits beside `ir` and `targets` rather than inside either: the IR names its types with it,
//! and the IR must neither depend on a target nor know any language's keywords.

mod words;

use std::collections::HashSet;

/// The case a name is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    /// `first_name`; a collision becomes `first_name_2`.
    Snake,
    /// `firstName`; a collision becomes `firstName2`.
    Camel,
    /// `FirstName`; a collision becomes `FirstName2`.
    Pascal,
}

/// Where words break inside a run of letters and digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Breaks {
    /// heck's rules: before a capital after a lower-case letter (`getUser` → get, User) and before
    /// the last capital of an acronym that a word follows (`HTTPServer` → HTTP, Server).
    Case,
    /// Those, and before a capital after a digit too (`AB1C` → AB1, C).
    CaseAndDigits,
}

/// What becomes of a reserved word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Escape {
    /// The scope hands out the word as it is, because the language has an escaped form of the
    /// same name (Rust's `r#type`) that is written where the name is used. The words in `unless`
    /// have no such form and are written with a `_` suffix there instead (`self_`).
    Raw { unless: &'static [&'static str] },
    /// `_` is appended before collisions are numbered, so `class_` is a name of its own.
    Suffix,
}

/// The prefix of a name that would start with a digit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeadingDigit {
    /// `n` in snake and camel case, `N` in PascalCase.
    ByCase,
    /// `N`, unless the name has a lower-case letter (`2fa` → `n2fa`, `2` → `N2`).
    ByLetters,
}

/// One language's naming rules: everything that differs between the languages' ladders.
#[derive(Debug)]
pub struct Language {
    /// Words that cannot be names as they are: keywords, and names generated code must not shadow.
    pub reserved: &'static [&'static str],
    pub escape: Escape,
    /// Whether letters outside ASCII are folded (`größe` → `groesse`, the ones without an ASCII
    /// form become word breaks) or kept.
    pub ascii: bool,
    pub breaks: Breaks,
    /// Whether snake_case is cased before the text is folded rather than after; the two differ on
    /// capitals that fold to two letters (`ÄB`: `aeb` before, `ae_b` after).
    pub snake_before_fold: bool,
    pub leading_digit: LeadingDigit,
    /// Whether names that differ only in ASCII case are the same name (they may become file names,
    /// and some file systems do not tell them apart).
    pub ignore_case: bool,
    /// Characters besides ASCII letters, digits and `_` that an identifier may hold (`$`).
    pub extra_chars: &'static [char],
}

impl Language {
    pub fn is_reserved(&self, name: &str) -> bool {
        self.reserved.contains(&name)
    }

    /// Whether `name` is made of identifier characters and does not start with a digit; it may
    /// still be reserved.
    pub fn is_word(&self, name: &str) -> bool {
        let allowed = |c: char| c.is_ascii_alphanumeric() || c == '_' || self.extra_chars.contains(&c);
        let mut chars = name.chars();
        matches!(chars.next(), Some(c) if allowed(c) && !c.is_ascii_digit()) && chars.all(allowed)
    }

    /// Whether `name` can be written as it is where the language expects an identifier.
    pub fn is_identifier(&self, name: &str) -> bool {
        self.is_word(name) && !self.is_reserved(name)
    }

    /// `raw` in `case`, with a leading digit prefixed; empty when `raw` has no word. Neither
    /// escaped nor made distinct: that takes a [`Scope`].
    pub fn spell(&self, raw: &str, case: Case) -> String {
        let base = match case {
            Case::Snake => words::snake(raw, self.ascii, self.snake_before_fold),
            Case::Pascal => words::pascal(raw, self.ascii, self.breaks),
            Case::Camel => words::camel(raw, self.ascii, self.breaks),
        };
        self.prefix_digit(base, case)
    }

    fn prefix_digit(&self, mut name: String, case: Case) -> String {
        if name.starts_with(|c: char| c.is_ascii_digit()) {
            let lower = match self.leading_digit {
                LeadingDigit::ByCase => case != Case::Pascal,
                LeadingDigit::ByLetters => name.chars().any(|c| c.is_ascii_lowercase()),
            };
            name.insert(0, if lower { 'n' } else { 'N' });
        }
        name
    }
}

/// Names already used in one scope of one language (a struct's fields, a module's items, a
/// function's arguments).
pub struct Scope {
    language: &'static Language,
    taken: HashSet<String>,
}

impl Scope {
    pub fn new(language: &'static Language) -> Self {
        Scope { language, taken: HashSet::new() }
    }

    /// A scope where `taken` (names generated code defines or refers to) are already used.
    pub fn with(language: &'static Language, taken: &[&str]) -> Self {
        let mut scope = Scope::new(language);
        for name in taken {
            scope.reserve(name);
        }
        scope
    }

    /// Marks `name` as used, so later claims avoid it.
    pub fn reserve(&mut self, name: &str) {
        let key = self.key(name);
        self.taken.insert(key);
    }

    /// A name for `raw` in `case` that no earlier claim got; `fallback` when `raw` has no word.
    pub fn claim(&mut self, raw: &str, case: Case, fallback: &str) -> String {
        let mut base = self.language.spell(raw, case);
        if base.is_empty() {
            base = self.language.prefix_digit(fallback.to_string(), case);
        }
        if self.language.escape == Escape::Suffix && self.language.is_reserved(&base) {
            base.push('_');
        }
        let separator = if case == Case::Snake { "_" } else { "" };
        let mut candidate = base.clone();
        let mut n = 2;
        while !self.taken.insert(self.key(&candidate)) {
            candidate = format!("{base}{separator}{n}");
            n += 1;
        }
        candidate
    }

    fn key(&self, name: &str) -> String {
        if self.language.ignore_case {
            name.to_ascii_lowercase()
        } else {
            name.to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static PLAIN: Language = Language {
        reserved: &["class"],
        escape: Escape::Suffix,
        ascii: true,
        breaks: Breaks::Case,
        snake_before_fold: false,
        leading_digit: LeadingDigit::ByCase,
        ignore_case: false,
        extra_chars: &[],
    };

    static LOOSE: Language = Language {
        reserved: &["class"],
        escape: Escape::Raw { unless: &[] },
        ascii: false,
        breaks: Breaks::CaseAndDigits,
        snake_before_fold: true,
        leading_digit: LeadingDigit::ByLetters,
        ignore_case: true,
        extra_chars: &['$'],
    };

    #[test]
    fn the_ladder_runs_in_order_fold_case_fallback_digit_escape_number() {
        let mut s = Scope::with(&PLAIN, &["taken"]);
        assert_eq!(s.claim("größe", Case::Snake, "x"), "groesse");
        assert_eq!(s.claim("名前", Case::Snake, "x"), "x");
        assert_eq!(s.claim("$", Case::Snake, "x"), "x_2");
        assert_eq!(s.claim("2fa", Case::Snake, "x"), "n2fa");
        assert_eq!(s.claim("2fa", Case::Pascal, "x"), "N2fa");
        assert_eq!(s.claim("class", Case::Snake, "x"), "class_");
        assert_eq!(s.claim("class", Case::Snake, "x"), "class__2");
        assert_eq!(s.claim("taken", Case::Snake, "x"), "taken_2");
        assert_eq!(s.claim("Taken", Case::Pascal, "x"), "Taken");
        assert_eq!(s.claim("Taken", Case::Pascal, "x"), "Taken2");
        assert_eq!(s.claim("get user", Case::Camel, "x"), "getUser");
    }

    #[test]
    fn the_tables_choose_each_step() {
        let mut s = Scope::new(&LOOSE);
        assert_eq!(s.claim("größe", Case::Pascal, "X"), "Größe");
        assert_eq!(s.claim("GRÖSSE", Case::Pascal, "X"), "Grösse");
        assert_eq!(s.claim("class", Case::Snake, "x"), "class");
        assert_eq!(s.claim("Class", Case::Pascal, "X"), "Class2");
        assert_eq!(s.claim("2", Case::Camel, "x"), "N2");
        assert_eq!(PLAIN.spell("AB1C", Case::Pascal), "Ab1c");
        assert_eq!(LOOSE.spell("AB1C", Case::Pascal), "Ab1C");
        assert_eq!(PLAIN.spell("ÄB", Case::Snake), "ae_b");
        assert_eq!(Language { ascii: true, ..LOOSE }.spell("ÄB", Case::Snake), "aeb");
    }

    #[test]
    fn digit_runs_that_would_touch_stay_apart() {
        assert_eq!(PLAIN.spell("G7221@32000h", Case::Pascal), "G7221_32000h");
        assert_eq!(LOOSE.spell("G7221@32000h", Case::Camel), "g7221_32000h");
    }

    #[test]
    fn identifiers_are_checked_against_the_table() {
        assert!(PLAIN.is_identifier("first_name"));
        assert!(!PLAIN.is_identifier("class"));
        assert!(PLAIN.is_word("class"));
        assert!(!PLAIN.is_word("$type"));
        assert!(LOOSE.is_word("$type"));
        assert!(!PLAIN.is_word("9lives"));
        assert!(!PLAIN.is_word(""));
    }
}
