//! Renders diagnostics the way rustc does: the message, the location, the source line with a
//! caret under the offending token, then the JSON pointer and the suggested fix.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use super::{Diagnostic, Severity};

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
        // Each unsafe character becomes as many `?` as it has bytes, so the caret's byte span
        // still points at the same text.
        let line = sources.line(&d.file, d.line).map(super::terminal_safe_bytes);
        let group = match line.as_deref() {
            Some(line) => {
                let span = token_span(line, d.col);
                title.element(
                    Snippet::source(line)
                        .line_start(d.line)
                        .path(path.as_str())
                        .annotation(AnnotationKind::Primary.span(span)),
                )
            }
            None => title.element(Origin::path(path.as_str()).line(d.line).char_column(d.col.saturating_sub(1))),
        };
        let group = notes(group, d);
        out.push_str(&renderer.render(&[group]));
        out.push_str("\n\n");
    }
    out
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

/// Source text by file, read lazily, with where each line starts (documents of several MB draw
/// hundreds of warnings; finding each one's line from the top took seconds).
#[derive(Default)]
struct Sources {
    files: HashMap<PathBuf, Option<(String, Vec<usize>)>>,
}

impl Sources {
    /// The text of 1-based `line` of `file`, without its line break.
    fn line(&mut self, file: &Path, line: usize) -> Option<&str> {
        let (text, starts) = self
            .files
            .entry(file.to_path_buf())
            .or_insert_with(|| {
                let text = String::from_utf8_lossy(&std::fs::read(file).ok()?).into_owned();
                let starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
                Some((text, starts))
            })
            .as_ref()?;
        let start = *starts.get(line.checked_sub(1)?)?;
        let end = starts.get(line).map_or(text.len(), |next| next - 1);
        let found = &text[start..end];
        Some(found.strip_suffix('\r').unwrap_or(found))
    }
}

/// The byte range of the token starting at 1-based character column `col` of `line`: a quoted
/// string through its closing quote, otherwise up to whitespace, a flow delimiter or `: `.
fn token_span(line: &str, col: usize) -> std::ops::Range<usize> {
    let start = line.char_indices().nth(col.saturating_sub(1)).map_or(line.len(), |(i, _)| i);
    let rest = &line[start..];
    let mut chars = rest.char_indices().peekable();
    let Some((_, first)) = chars.next() else { return start..start };
    let mut end = rest.len();
    if first == '"' || first == '\'' {
        if let Some((i, c)) = chars.find(|&(_, c)| c == first) {
            end = i + c.len_utf8();
        }
    } else {
        while let Some((i, c)) = chars.next() {
            let key_end = c == ':' && chars.peek().is_none_or(|&(_, next)| next.is_whitespace());
            if c.is_whitespace() || matches!(c, ',' | ']' | '}') || key_end {
                end = i;
                break;
            }
        }
    }
    start..start + end
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
}
