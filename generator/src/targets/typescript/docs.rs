//! JSDoc comments from schema text: paragraphs, then block tags (`@param`, `@deprecated`, ...).
//!
//! Lines are split on every line terminator JavaScript knows (U+2028/U+2029 too, see
//! [`escape`]), so schema text can neither close the comment nor start a line of code.

use crate::targets::escape;

/// One JSDoc comment under construction.
#[derive(Default)]
pub struct Doc {
    paragraphs: Vec<String>,
    tags: Vec<String>,
}

impl Doc {
    /// A paragraph of schema text (blank ones are skipped).
    pub fn text(&mut self, text: &str) -> &mut Self {
        let text = text.trim();
        if !text.is_empty() {
            self.paragraphs.push(text.to_string());
        }
        self
    }

    /// A block tag such as `@deprecated` or `@param name text`.
    pub fn tag(&mut self, tag: &str) -> &mut Self {
        self.tags.push(tag.trim_end().to_string());
        self
    }

    /// The comment indented by `indent`, ending in a newline; empty when there is nothing to say.
    pub fn render(&self, indent: &str) -> String {
        let mut lines: Vec<String> = Vec::new();
        for (i, p) in self.paragraphs.iter().enumerate() {
            if i > 0 {
                lines.push(String::new());
            }
            lines.extend(escape::lines(p).iter().map(|l| safe_line(l)));
        }
        if !self.tags.is_empty() && !lines.is_empty() {
            lines.push(String::new());
        }
        for tag in &self.tags {
            // Only the tag's own `@` may start a line: continuation lines are escaped.
            let tag_lines = escape::lines(tag);
            let mut tag_lines = tag_lines.iter();
            if let Some(first) = tag_lines.next() {
                lines.push(escape::js_block_comment_line(first.trim_end()));
            }
            lines.extend(tag_lines.map(|l| safe_line(l)));
        }
        if lines.is_empty() {
            return String::new();
        }
        let mut out = format!("{indent}/**\n");
        for line in lines {
            if line.is_empty() {
                out.push_str(&format!("{indent} *\n"));
            } else {
                out.push_str(&format!("{indent} * {line}\n"));
            }
        }
        out.push_str(&format!("{indent} */\n"));
        out
    }
}

/// A line of schema text made safe inside `/** */`: it cannot close the comment, and a leading `@`
/// is not read as a tag.
fn safe_line(line: &str) -> String {
    let line = escape::js_block_comment_line(line.trim_end());
    match line.strip_prefix('@') {
        Some(rest) => format!("\\@{rest}"),
        None => line,
    }
}

/// The first line of a description, for one-line mentions (parameter lists and the like).
pub fn first_line(text: &str) -> String {
    let lines = escape::lines(text);
    escape::js_block_comment_line(lines.iter().find(|l| !l.trim().is_empty()).map_or("", |l| l.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_tags_become_a_block() {
        let mut doc = Doc::default();
        doc.text("A user.\nSecond line.").text("").tag("@deprecated");
        assert_eq!(doc.render("  "), "  /**\n   * A user.\n   * Second line.\n   *\n   * @deprecated\n   */\n");
    }

    #[test]
    fn schema_text_cannot_close_the_comment_or_add_tags() {
        let mut doc = Doc::default();
        doc.text("matches a/*/b */ and\n@internal");
        assert_eq!(doc.render(""), "/**\n * matches a/*\\/b *\\/ and\n * \\@internal\n */\n");
    }

    #[test]
    fn line_and_paragraph_separators_start_comment_lines_not_code() {
        let mut doc = Doc::default();
        doc.text("t\u{2028}alert(1)\u{2029}x\ry\u{202e}").tag("@param a b\u{2028}c");
        assert_eq!(doc.render(""), "/**\n * t\n * alert(1)\n * x\n * yU+202E\n *\n * @param a b\n * c\n */\n");
        assert_eq!(first_line("\u{2028}a */\u{2029}b"), "a *\\/");
    }

    #[test]
    fn nothing_to_say_renders_nothing() {
        assert_eq!(Doc::default().render(""), "");
    }
}
