//! Markdown text: prose and names from the document, table cells, code spans, anchors.
//!
//! Document text is HTML-escaped by [`prose`] (unless the reference is generated with
//! [`super::MarkdownOptions::raw_html`]); code spans show their content literally, so they only
//! need the dangerous characters of [`escape`] cleaned and the line kept whole.

use std::collections::HashSet;

use crate::targets::escape;

/// Document prose (descriptions): control and bidi characters cleaned and, unless `raw_html`,
/// `<`, `>` and `&` written as entities, so a description's `<script>` is shown, not run.
pub fn prose(text: &str, raw_html: bool) -> String {
    escape::markdown(text, raw_html)
}

/// Document text for one line (a heading, a summary in bold): [`prose`] on one line.
pub fn line(text: &str, raw_html: bool) -> String {
    escape::markdown(&escape::one_line(text), raw_html)
}

/// A document name as link text or a heading: one line, HTML always escaped, and brackets escaped
/// so that it cannot end the link text early. Names are never meant as HTML.
pub fn label(name: &str) -> String {
    line(name, false).replace('[', "\\[").replace(']', "\\]")
}

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

/// `text` as a code span (see [`escape::code_span`]).
pub fn code(text: &str) -> String {
    escape::code_span(text)
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
    fn document_html_is_shown_not_run() {
        assert_eq!(prose("<script>alert(1)</script>", false), "&lt;script&gt;alert(1)&lt;/script&gt;");
        assert_eq!(prose("<b>kept</b>", true), "<b>kept</b>");
        assert_eq!(label("A](javascript:x)<i>"), "A\\](javascript:x)&lt;i&gt;");
        assert_eq!(code("a\u{2028}b\u{202e}"), "`a bU+202E`");
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
