//! Python source text from schema text: string literals, docstrings and comments that no
//! description can break out of.

use crate::targets::escape;

/// A double-quoted Python string literal for `s`.
pub fn literal(s: &str) -> String {
    escape::py_string(s)
}

/// `s` as text inside a double-quoted f-string: escaped as in [`literal`], braces doubled so
/// they are not read as replacement fields.
pub fn fstring_text(s: &str) -> String {
    let quoted = escape::py_string(s);
    let inner = quoted.get(1..quoted.len() - 1).unwrap_or_default();
    inner.replace('{', "{{").replace('}', "}}")
}

/// Schema text as lines: every line terminator Python's `str.splitlines` knows normalised (so
/// `help()` shows the lines the schema meant), tabs expanded, control and bidi characters made
/// visible (see [`escape`]), trailing blanks and blank edges removed.
fn lines(text: &str) -> Vec<String> {
    let mut out: Vec<String> =
        escape::lines(text).into_iter().map(|l| l.replace('\t', " ").trim_end().to_string()).collect();
    while out.first().is_some_and(String::is_empty) {
        out.remove(0);
    }
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    out
}

/// A docstring indented by `indent`, or nothing when `text` is blank.
pub fn docstring(text: &str, indent: &str) -> String {
    let body = lines(text);
    if body.is_empty() {
        return String::new();
    }
    let last = body.len() - 1;
    let escaped: Vec<String> = body.iter().enumerate().map(|(i, l)| escape_doc(l, i == last && last == 0)).collect();
    if escaped.len() == 1 {
        return format!("{indent}\"\"\"{}\"\"\"\n", escaped[0]);
    }
    let mut out = format!("{indent}\"\"\"{}\n", escaped[0]);
    for l in &escaped[1..] {
        if l.is_empty() {
            out.push('\n');
        } else {
            out.push_str(&format!("{indent}{l}\n"));
        }
    }
    out.push_str(&format!("{indent}\"\"\"\n"));
    out
}

/// Backslashes doubled, and quotes escaped where they could end the docstring early: next to
/// another quote, or last on a one-line docstring (before the closing `"""`).
fn escape_doc(line: &str, closes: bool) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    for (i, c) in chars.iter().enumerate() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => {
                let near = (i > 0 && chars[i - 1] == '"')
                    || chars.get(i + 1) == Some(&'"')
                    || (closes && i + 1 == chars.len());
                out.push_str(if near { "\\\"" } else { "\"" });
            }
            c => out.push(*c),
        }
    }
    out
}

/// `# ` comment lines indented by `indent`.
pub fn comment(text: &str, indent: &str) -> String {
    lines(text).iter().map(|l| if l.is_empty() { format!("{indent}#\n") } else { format!("{indent}# {l}\n") }).collect()
}

/// Paragraphs joined by a blank line; blank ones are skipped.
pub fn paragraphs<I, S>(parts: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    parts.into_iter().map(|p| p.as_ref().trim().to_string()).filter(|p| !p.is_empty()).collect::<Vec<_>>().join("\n\n")
}

/// The first paragraph of schema text on one line, without a final period, for summaries in
/// lists (which add their own punctuation).
pub fn first_line(text: &str) -> String {
    let words: Vec<String> =
        lines(text).into_iter().take_while(|l| !l.trim().is_empty()).map(|l| l.trim().to_string()).collect();
    words.join(" ").trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_escape_quotes_backslashes_and_controls() {
        assert_eq!(literal("a\"b\\c\nd\u{0}"), "\"a\\\"b\\\\c\\nd\\u0000\"");
    }

    #[test]
    fn docstrings_cannot_be_closed_by_the_schema() {
        assert_eq!(docstring("ends with \"\"\"", "    "), "    \"\"\"ends with \\\"\\\"\\\"\"\"\"\n");
        assert_eq!(docstring("a \"quoted\" word", ""), "\"\"\"a \"quoted\" word\"\"\"\n");
        assert_eq!(docstring("ends with \"", ""), "\"\"\"ends with \\\"\"\"\"\n");
        assert_eq!(docstring("one\r\n\r\ntwo\\", ""), "\"\"\"one\n\ntwo\\\\\n\"\"\"\n");
        assert_eq!(docstring("  \n ", ""), "");
    }

    #[test]
    fn f_string_text_is_escaped_and_braces_doubled() {
        assert_eq!(fstring_text("a\n{b}\"\\"), "a\\n{{b}}\\\"\\\\");
    }

    #[test]
    fn comments_cannot_start_code_with_a_carriage_return() {
        assert_eq!(comment("a\rimport os", ""), "# a\n# import os\n");
        assert_eq!(comment("a\u{2028}b\u{202e}", ""), "# a\n# bU+202E\n");
    }
}
