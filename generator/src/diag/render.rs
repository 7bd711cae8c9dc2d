//! Renders diagnostics the way rustc does: the message, the location, the source line with a
//! caret under the offending token, then the JSON pointer and the suggested fix.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use super::{Diagnostic, Severity};

/// Lines up to this many bytes are quoted whole; longer ones (a minified document is one line
/// of several MB) are quoted as a window around the column, so a diagnostic costs the same on
/// either and the terminal does not receive megabytes.
const WHOLE_LINE_BYTES: usize = 512;

/// Characters of a long line shown before the column, and after the underlined token.
const CONTEXT_CHARS: usize = 60;

/// The underlined token is cut at this many characters (a long string value).
const MAX_TOKEN_CHARS: usize = 120;

/// Renders every diagnostic, reading each source file once; `color` adds ANSI styles.
pub fn render(diagnostics: &[Diagnostic], color: bool) -> String {
    let renderer = if color { Renderer::styled() } else { Renderer::plain() };
    let mut sources = Sources::default();
    let mut out = String::new();
    for d in diagnostics {
        let path = super::terminal_safe(&d.file.display().to_string()).into_owned();
        let message = super::terminal_safe(&d.message);
        let level = match d.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let title = level.primary_title(message.as_ref());
        let quote = sources.quote(&d.file, d.line, d.col);
        let group = match &quote {
            Some(q) => title.element(
                Snippet::source(q.text.as_str())
                    .line_start(d.line)
                    .path(path.as_str())
                    .annotation(AnnotationKind::Primary.span(q.span.clone())),
            ),
            None => title.element(Origin::path(path.as_str()).line(d.line).char_column(d.col.saturating_sub(1))),
        };
        let group = notes(group, d);
        let mut rendered = renderer.render(&[group]);
        if let Some(q) = quote.filter(|q| q.col != d.col) {
            // A window's columns count from its start: the location line says the file's.
            rendered =
                relocate(&rendered, &format!("{path}:{}:{}", d.line, q.col), &format!("{path}:{}:{}", d.line, d.col));
        }
        out.push_str(&rendered);
        out.push_str("\n\n");
    }
    out
}

/// `rendered` with `from` replaced by `to` in its location line (the first line holding it
/// after the title).
fn relocate(rendered: &str, from: &str, to: &str) -> String {
    let title_end = rendered.find('\n').unwrap_or(rendered.len());
    match rendered[title_end..].find(from) {
        Some(at) => {
            let at = title_end + at;
            format!("{}{to}{}", &rendered[..at], &rendered[at + from.len()..])
        }
        None => rendered.to_string(),
    }
}

fn notes<'a>(mut group: Group<'a>, d: &'a Diagnostic) -> Group<'a> {
    if !d.pointer.is_empty() {
        group = group.element(Level::NOTE.message(format!("at `#{}`", super::terminal_safe(&d.pointer))));
    }
    if let Some(help) = &d.help {
        group = group.element(Level::HELP.message(super::terminal_safe(help).into_owned()));
    }
    group
}

/// What a diagnostic quotes of its line: the text (terminal-safe), the underlined byte range in
/// it, and the 1-based character column the renderer will derive from that range.
struct Quote {
    text: String,
    span: std::ops::Range<usize>,
    col: usize,
}

/// One source file: its text, where each line starts, and for long lines where every
/// [`CHECKPOINT_CHARS`]th character starts (built once per line, on its first diagnostic).
struct File {
    text: String,
    starts: Vec<usize>,
    checkpoints: HashMap<usize, Vec<usize>>,
}

/// Characters between two checkpoints of a long line.
const CHECKPOINT_CHARS: usize = 1024;

/// Source text by file, read lazily, with where each line starts (documents of several MB draw
/// hundreds of warnings; finding each one's line from the top took seconds).
#[derive(Default)]
struct Sources {
    files: HashMap<PathBuf, Option<File>>,
}

impl Sources {
    /// What to quote for 1-based `line` and character column `col` of `file`.
    fn quote(&mut self, file: &Path, line: usize, col: usize) -> Option<Quote> {
        let file = self
            .files
            .entry(file.to_path_buf())
            .or_insert_with(|| {
                let text = String::from_utf8_lossy(&std::fs::read(file).ok()?).into_owned();
                let starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
                Some(File { text, starts, checkpoints: HashMap::new() })
            })
            .as_mut()?;
        let index = line.checked_sub(1)?;
        let start = *file.starts.get(index)?;
        let end = file.starts.get(line).map_or(file.text.len(), |next| next - 1);
        let found = &file.text[start..end];
        let found = found.strip_suffix('\r').unwrap_or(found);
        let col0 = col.saturating_sub(1);
        if found.len() <= WHOLE_LINE_BYTES {
            // Each unsafe character becomes as many `?` as it has bytes, so the caret's byte
            // span still points at the same text.
            let text = super::terminal_safe_bytes(found);
            let at = text.char_indices().nth(col0).map_or(text.len(), |(i, _)| i);
            let span = at..at + token_len(&text[at..]);
            return Some(Quote { col: text[..at].chars().count() + 1, text, span });
        }
        let checkpoints = file
            .checkpoints
            .entry(index)
            .or_insert_with(|| found.char_indices().step_by(CHECKPOINT_CHARS).map(|(i, _)| i).collect());
        let from = checkpoints.get(col0 / CHECKPOINT_CHARS).copied().unwrap_or(found.len());
        let at = found[from..].char_indices().nth(col0 % CHECKPOINT_CHARS).map_or(found.len(), |(i, _)| from + i);
        Some(window(found, at))
    }
}

/// A window of the long `line` around byte `at`: some context, the token (cut when long), more
/// context, with `...` where the line goes on.
fn window(line: &str, at: usize) -> Quote {
    let begin = line[..at].char_indices().rev().nth(CONTEXT_CHARS - 1).map_or(0, |(i, _)| i);
    let rest = &line[at..];
    let token_limit = rest.char_indices().nth(MAX_TOKEN_CHARS).map_or(rest.len(), |(i, _)| i);
    let token = token_len(&rest[..token_limit]);
    let after = &rest[token..];
    let end = at + token + after.char_indices().nth(CONTEXT_CHARS).map_or(after.len(), |(i, _)| i);
    let mut text = String::with_capacity(end - begin + 6);
    if begin > 0 {
        text.push_str("...");
    }
    let before = super::terminal_safe_bytes(&line[begin..at]);
    text.push_str(&before);
    let span_start = text.len();
    text.push_str(&super::terminal_safe_bytes(&line[at..end]));
    if end < line.len() {
        text.push_str("...");
    }
    Quote { col: text[..span_start].chars().count() + 1, span: span_start..span_start + token, text }
}

/// The byte length of the token at the start of `rest`: a quoted string through its closing
/// quote, otherwise up to whitespace, a flow delimiter or `: `.
fn token_len(rest: &str) -> usize {
    let mut chars = rest.char_indices().peekable();
    let Some((_, first)) = chars.next() else { return 0 };
    if first == '"' || first == '\'' {
        return chars.find(|&(_, c)| c == first).map_or(rest.len(), |(i, c)| i + c.len_utf8());
    }
    while let Some((i, c)) = chars.next() {
        let key_end = c == ':' && chars.peek().is_none_or(|&(_, next)| next.is_whitespace());
        if c.is_whitespace() || matches!(c, ',' | ']' | '}') || key_end {
            return i;
        }
    }
    rest.len()
}

/// The byte range of the token starting at 1-based character column `col` of `line`.
#[cfg(test)]
fn token_span(line: &str, col: usize) -> std::ops::Range<usize> {
    let start = line.char_indices().nth(col.saturating_sub(1)).map_or(line.len(), |(i, _)| i);
    start..start + token_len(&line[start..])
}

#[cfg(test)]
mod tests {
    use super::token_span;

    #[test]
    fn a_quoted_value_is_underlined_through_its_closing_quote() {
        let line = "  $ref: '#/components/schemas/Usr' # typo";
        assert_eq!(&line[token_span(line, 9)], "'#/components/schemas/Usr'");
    }

    #[test]
    fn a_key_is_underlined_without_its_colon() {
        let line = "    type: 42";
        assert_eq!(&line[token_span(line, 5)], "type");
    }

    #[test]
    fn a_plain_value_stops_at_a_flow_delimiter() {
        let line = "{a: [größe, b]}";
        assert_eq!(&line[token_span(line, 6)], "größe");
    }

    #[test]
    fn a_column_past_the_end_is_an_empty_span_at_the_end() {
        assert_eq!(token_span("abc", 10), 3..3);
    }

    #[test]
    fn a_long_line_is_quoted_as_a_window_with_the_file_column() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let path = dir.path().join("min.json");
        let padding = "{\"k\":\"é\"},".repeat(20_000);
        let text = format!("[{padding}{{\"type\":\"strin\"}},{padding}0]");
        std::fs::write(&path, &text).expect("written");
        let col = text[..text.find("\"strin\"").expect("the token")].chars().count() + 1;
        let d = crate::Diagnostic {
            severity: crate::Severity::Warning,
            file: path.clone(),
            line: 1,
            col,
            pointer: "/1/type".into(),
            message: "unknown type".into(),
            help: None,
            lint: crate::diag::Lint::default(),
        };
        let out = super::render(&[d], false);
        assert!(out.contains(&format!("{}:1:{col}", path.display())), "{out}");
        assert!(out.contains("...") && out.contains("\"strin\""), "{out}");
        assert!(out.len() < 1_000, "{} bytes: {out}", out.len());
        let caret = out.lines().find(|l| l.contains('^')).expect("a caret line");
        assert_eq!(caret.matches('^').count(), "\"strin\"".len(), "{out}");
    }
}
