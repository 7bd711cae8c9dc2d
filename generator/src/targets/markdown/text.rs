//! Markdown text: table cells, code spans, anchors.

use std::collections::HashSet;

/// Text for one table cell: a `|` would end the cell and a newline the row. A wrapped line is
/// joined with a space, as Markdown would; paragraph breaks and list items keep their own line.
pub fn cell(text: &str) -> String {
    let text = text.trim().replace("\r\n", "\n").replace('\r', "\n").replace('|', "\\|");
    let lines: Vec<&str> = text.split('\n').map(str::trim_end).collect();
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            let item = line.trim_start().starts_with(['-', '*', '+'])
                || line.trim_start().starts_with(|c: char| c.is_ascii_digit());
            if line.is_empty() || lines[i - 1].is_empty() || item {
                out.push_str("<br>");
            } else {
                out.push(' ');
            }
        }
        out.push_str(line.trim_start());
    }
    out
}

/// `text` as a code span, with a fence longer than any backtick run inside it.
pub fn code(text: &str) -> String {
    if text.is_empty() {
        return "`\"\"`".into();
    }
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    if longest > 0 || text.starts_with(' ') || text.ends_with(' ') {
        format!("{fence} {text} {fence}")
    } else {
        format!("{fence}{text}{fence}")
    }
}

/// Hands out anchors: lower-case ASCII letters, digits and `-`, unique within the document.
#[derive(Default)]
pub struct Anchors {
    taken: HashSet<String>,
}

impl Anchors {
    pub fn claim(&mut self, raw: &str) -> String {
        let mut slug = String::new();
        for c in raw.chars() {
            if c.is_ascii_alphanumeric() {
                slug.push(c.to_ascii_lowercase());
            } else if !slug.ends_with('-') && !slug.is_empty() {
                slug.push('-');
            }
        }
        let base = slug.trim_end_matches('-').to_string();
        let base = if base.is_empty() { "section".to_string() } else { base };
        let mut candidate = base.clone();
        let mut n = 2;
        while !self.taken.insert(candidate.clone()) {
            candidate = format!("{base}-{n}");
            n += 1;
        }
        candidate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_keep_pipes_and_newlines_inside_the_cell() {
        assert_eq!(cell("a | b\nc\r\n\nd\n- e "), "a \\| b c<br><br>d<br>- e");
    }

    #[test]
    fn code_spans_outgrow_backticks_inside() {
        assert_eq!(code("x"), "`x`");
        assert_eq!(code("a`b"), "`` a`b ``");
    }

    #[test]
    fn anchors_are_slugs_made_unique() {
        let mut a = Anchors::default();
        assert_eq!(a.claim("User"), "user");
        assert_eq!(a.claim("user"), "user-2");
        assert_eq!(a.claim("op GET /users/{id}"), "op-get-users-id");
        assert_eq!(a.claim("…"), "section");
    }
}
