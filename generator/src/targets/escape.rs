//! Document text made safe for each output context: comments, docstrings and string literals
//! that no title, description, name or example can end early or make read differently.
//!
//! Documents are written by others, so every target routes their text through one of these
//! functions. Each context has its own rules, but all share what counts as dangerous:
//!
//! - line terminators: LF, CR, VT, FF, the C0 separators FS/GS/RS, NEL (U+0085), LINE SEPARATOR
//!   (U+2028) and PARAGRAPH SEPARATOR (U+2029). JavaScript ends a `//` comment at U+2028/U+2029,
//!   Python's `splitlines` breaks on all of them, and a bare CR is an error in a Rust doc comment;
//! - other control characters (C0, DEL, C1): invalid in TOML, invisible everywhere;
//! - bidirectional controls (U+202A–U+202E, U+2066–U+2069, U+200E/U+200F, U+061C) and the byte
//!   order mark: they make code read differently from how it parses ("Trojan Source"), and rustc
//!   rejects them in comments and literals.
//!
//! In comments and docs a line terminator becomes a line break the target understands (or a
//! space, where the context is one line) and every other dangerous character becomes the
//! visible text `U+XXXX`; in string literals they become the language's own escapes, so the
//! value is kept exactly.

/// Whether `c` ends a line in one of the languages we write (see the module doc).
pub fn is_line_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{0b}' | '\u{0c}' | '\u{1c}' | '\u{1d}' | '\u{1e}' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// Whether `c` changes the direction text is displayed in, or is otherwise invisible format text
/// that no generated file should carry raw.
pub fn is_bidi(c: char) -> bool {
    matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

/// Whether `c` may not appear raw in generated text (tab and LF excepted by the callers that
/// allow them).
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || is_line_break(c) || is_bidi(c)
}

/// Whether `text` needs any cleaning at all: most text does not, and is then borrowed as it is.
pub fn is_clean(text: &str) -> bool {
    !text.chars().any(|c| c != '\t' && c != '\n' && is_unsafe(c))
}

/// Text for comments and docs: every line terminator (CRLF counted once) becomes `\n`, tabs stay,
/// and any other dangerous character becomes the visible `U+XXXX`.
pub fn clean(text: &str) -> String {
    if is_clean(text) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() == Some(&'\n') {
            continue;
        }
        if c == '\t' {
            out.push(c);
        } else if is_line_break(c) {
            out.push('\n');
        } else if is_unsafe(c) {
            out.push_str(&format!("U+{:04X}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// The lines of [`clean`] text.
pub fn lines(text: &str) -> Vec<String> {
    clean(text).split('\n').map(str::to_string).collect()
}

/// Text for the rest of one line (a `//` or `#` comment, a heading): [`clean`], with its lines
/// joined by a space.
pub fn one_line(text: &str) -> String {
    let cleaned = clean(text);
    if cleaned.contains('\n') {
        cleaned.split('\n').collect::<Vec<_>>().join(" ")
    } else {
        cleaned
    }
}

/// The body of a `//` line comment in JavaScript or TypeScript (and a Rust `//` comment).
pub fn js_line_comment(text: &str) -> String {
    one_line(text)
}

/// One line inside a `/* */` or `/** */` block comment: it cannot end the comment.
pub fn js_block_comment_line(text: &str) -> String {
    one_line(text).replace("*/", "*\\/")
}

/// A double-quoted JavaScript/TypeScript string literal that evaluates to exactly `s`.
pub fn js_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if is_unsafe(c) => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A double-quoted Python string literal that evaluates to exactly `s`.
pub fn py_string(s: &str) -> String {
    // Python's `\uXXXX` and JavaScript's are the same for the characters escaped here.
    js_string(s)
}

/// A TOML basic string (with its quotes) that parses to exactly `s`.
pub fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if is_unsafe(c) => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// JSON text from `serde_json` with the dangerous characters it leaves raw (DEL, C1 controls,
/// U+2028/U+2029, bidi controls) written as `\uXXXX`. serde_json already escapes quotes,
/// backslashes and C0 controls; outside strings its output is ASCII, so every character replaced
/// here is inside a string, where the escape means the same character.
pub fn json(text: String) -> String {
    if !text.chars().any(|c| c != '\n' && is_unsafe(c)) {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if c != '\n' && is_unsafe(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// The body of a TOML `#` comment (or a Python one): one line, no control characters.
pub fn hash_comment(text: &str) -> String {
    one_line(text)
}

/// Markdown text with HTML neutralised: outside code spans, `&`, `<` and `>` become entities,
/// so a description's `<script>` or `<img onerror>` is shown, not run. A backtick run without a
/// closing run of the same length is escaped: left raw, it would pair with a code span the
/// generator writes later on the line and turn that span's content into live Markdown. With
/// `raw_html`, HTML passes as written (for documents whose authors are trusted); dangerous
/// characters are cleaned either way.
pub fn markdown(text: &str, raw_html: bool) -> String {
    let cleaned = clean(text);
    if !cleaned.contains(['<', '>', '&', '`']) {
        return cleaned;
    }
    // Line by line: a code span that crossed a blank line would not be one (paragraphs end
    // there), and table cells join lines; a span on one line is a span everywhere.
    let lines: Vec<String> = cleaned.split('\n').map(|l| markdown_line(l, raw_html)).collect();
    lines.join("\n")
}

fn markdown_line(line: &str, raw_html: bool) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        // A backslash escape is kept whole: split, `\\` + the backtick escaped below would
        // read as an escaped backslash and a raw backtick.
        if let Some(next) = rest.strip_prefix('\\').and_then(|r| r.chars().next()) {
            if next.is_ascii_punctuation() && !matches!(next, '<' | '>' | '&') {
                out.push_str(&rest[..1 + next.len_utf8()]);
                rest = &rest[1 + next.len_utf8()..];
                continue;
            }
        }
        if c == '`' {
            let n = rest.len() - rest.trim_start_matches('`').len();
            match closing_run(&rest[n..], n) {
                Some(end) => {
                    out.push_str(&rest[..n + end + n]);
                    rest = &rest[n + end + n..];
                }
                None => {
                    out.push_str(&"\\`".repeat(n));
                    rest = &rest[n..];
                }
            }
            continue;
        }
        match c {
            '<' if !raw_html => out.push_str("&lt;"),
            '>' if !raw_html => out.push_str("&gt;"),
            '&' if !raw_html => out.push_str("&amp;"),
            c => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// A rustdoc line (Markdown that rustdoc renders with its inline HTML) with no live HTML and
/// no unpaired backtick: outside code spans, a `<` that does not open an autolink becomes
/// `&lt;` and a backtick run without a closing run on the line is escaped. Generator docs put
/// document names inside code spans; a backtick in a name would otherwise end the span and let
/// the rest of the name be HTML. Entities are left as they are (sanitized text already uses
/// them), and lines that need nothing are returned unchanged.
pub fn rustdoc_line(line: &str) -> String {
    if !line.contains(['<', '`']) {
        return line.to_string();
    }
    let mut out = String::with_capacity(line.len() + 8);
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        if let Some(next) = rest.strip_prefix('\\').and_then(|r| r.chars().next()) {
            if next.is_ascii_punctuation() {
                out.push_str(&rest[..1 + next.len_utf8()]);
                rest = &rest[1 + next.len_utf8()..];
                continue;
            }
        }
        if c == '`' {
            let n = rest.len() - rest.trim_start_matches('`').len();
            match closing_run(&rest[n..], n) {
                Some(end) => {
                    out.push_str(&rest[..n + end + n]);
                    rest = &rest[n + end + n..];
                }
                None => {
                    out.push_str(&"\\`".repeat(n));
                    rest = &rest[n..];
                }
            }
            continue;
        }
        if c == '<' {
            let link =
                rest[1..].find(|ch: char| ch == '>' || ch == '<' || ch.is_whitespace()).map(|end| &rest[1..1 + end]);
            let is_autolink = link.is_some_and(|l| {
                (l.starts_with("http://") || l.starts_with("https://")) && rest[1 + l.len()..].starts_with('>')
            });
            if is_autolink {
                out.push('<');
            } else {
                out.push_str("&lt;");
            }
            rest = &rest[1..];
            continue;
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// `text` as one Markdown code span (rustdoc's and CommonMark's): on one line, [`clean`]ed, with
/// a fence longer than any backtick run inside it, so no value or pattern can end it early.
pub fn code_span(text: &str) -> String {
    let text = &one_line(text);
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

/// Where in `text` a run of exactly `n` backticks starts, if one does.
fn closing_run(text: &str, n: usize) -> Option<usize> {
    let mut at = 0;
    while let Some(i) = text[at..].find('`') {
        let start = at + i;
        let len = text[start..].len() - text[start..].trim_start_matches('`').len();
        if len == n {
            return Some(start);
        }
        at = start + len;
    }
    None
}

/// An HTML comment's body: one line, and `--` (which could end it) broken up.
pub fn html_comment(text: &str) -> String {
    let mut s = one_line(text).replace('>', "&gt;");
    while s.contains("--") {
        s = s.replace("--", "-");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_terminator_becomes_a_newline_once() {
        assert_eq!(clean("a\r\nb\rc\u{2028}d\u{2029}e\u{85}f\u{0b}g"), "a\nb\nc\nd\ne\nf\ng");
        assert_eq!(one_line("a\u{2028}alert(1)"), "a alert(1)");
    }

    #[test]
    fn bidi_and_controls_become_visible() {
        assert_eq!(clean("a\u{202e}b\u{0}c\u{7f}\u{200f}"), "aU+202EbU+0000cU+007FU+200F");
        assert_eq!(clean("tab\tstays"), "tab\tstays");
    }

    #[test]
    fn literals_escape_everything_dangerous() {
        assert_eq!(js_string("a\"\\\u{2028}\u{202e}\n"), "\"a\\\"\\\\\\u2028\\u202e\\n\"");
        assert_eq!(toml_string("x\u{1}\"\u{202e}"), "\"x\\u0001\\\"\\u202E\"");
    }

    #[test]
    fn json_keeps_its_meaning_without_raw_separators() {
        let text = serde_json::to_string(&serde_json::json!({ "a\u{2028}": "b\u{202e}\u{85}" })).unwrap_or_default();
        let safe = json(text);
        assert_eq!(safe, "{\"a\\u2028\":\"b\\u202e\\u0085\"}");
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap_or_default();
        assert_eq!(back, serde_json::json!({ "a\u{2028}": "b\u{202e}\u{85}" }));
    }

    #[test]
    fn rustdoc_lines_keep_code_spans_and_autolinks_but_no_html() {
        assert_eq!(
            rustdoc_line(" `Vec<u8>` and <https://a.b/c> &lt;x&gt;"),
            " `Vec<u8>` and <https://a.b/c> &lt;x&gt;"
        );
        assert_eq!(rustdoc_line(" `x`<img src=x onerror=alert(1)>``"), " `x`&lt;img src=x onerror=alert(1)>\\`\\`");
        assert_eq!(rustdoc_line(" <https://a.b <script>"), " &lt;https://a.b &lt;script>");
    }

    #[test]
    fn block_comments_cannot_be_closed() {
        assert_eq!(js_block_comment_line("a */ b\u{2029}c"), "a *\\/ b c");
    }

    #[test]
    fn markdown_html_is_shown_unless_allowed() {
        assert_eq!(markdown("<img src=x onerror=alert(1)> & co", false), "&lt;img src=x onerror=alert(1)&gt; &amp; co");
        assert_eq!(markdown("<b>bold</b>", true), "<b>bold</b>");
        assert_eq!(markdown("a `<b>` c", false), "a `<b>` c");
        assert_eq!(markdown("a ` <b>", false), "a \\` &lt;b&gt;");
        assert_eq!(markdown("``x` <b>", false), "\\`\\`x\\` &lt;b&gt;");
        assert_eq!(markdown("\\` \\\\` <", false), "\\` \\\\\\` &lt;");
        assert_eq!(markdown("a `x\n\n<b>` c", false), "a \\`x\n\n&lt;b&gt;\\` c");
        assert_eq!(html_comment("a --> <script>"), "a -&gt; <script&gt;");
    }
}
