//! Diagnostics: what went wrong, where (file, line, column, JSON pointer), and what to do.

mod render;

use std::fmt;

pub use render::render;
use std::path::PathBuf;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Generation cannot produce a faithful result.
    Error,
    /// Generation goes on with a documented best effort.
    Warning,
}

/// One located message about the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub col: usize,
    /// JSON pointer of the node inside `file` ("" for the whole document).
    pub pointer: String,
    pub message: String,
    /// What the user can do about it, when that is clear.
    pub help: Option<String>,
    /// What kind of warning it is, which decides what strict mode makes of it.
    pub lint: Lint,
}

/// What a warning is about, which decides what strict mode (`switchboard check --strict` and
/// `build.rs`, which judge alike through [`crate::judge`]) makes of it. README's "Strict mode"
/// table lists the warnings of each kind; keep the two together.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Lint {
    /// Something the generated client would get wrong or leave out: an error when strict.
    #[default]
    Mistake,
    /// A key that is not part of the OpenAPI (or JSON Schema) vocabulary where it stands, so it is
    /// ignored: an error when strict.
    UnknownKey,
    /// A component nothing uses. Its type is generated all the same, and declaring a schema before
    /// the operation that uses it is the natural order of work, so it stays a warning when strict.
    Unused,
}

impl Lint {
    /// Whether strict mode turns a warning of this kind into an error.
    pub fn is_error_when_strict(self) -> bool {
        !matches!(self, Lint::Unused)
    }
}

impl Diagnostic {
    /// An error about a whole file or directory rather than a place in it: it cannot be read,
    /// listed or written, or holds no root document. It is shown at line 1, column 1, without a
    /// JSON pointer; [`Diagnostic::with_help`] adds what to do.
    pub fn whole_file(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            line: 1,
            col: 1,
            pointer: String::new(),
            message: message.into(),
            help: None,
            lint: Lint::Mistake,
        }
    }

    /// The same diagnostic with `help`, what the user can do about it.
    pub fn with_help(self, help: impl Into<String>) -> Self {
        Diagnostic { help: Some(help.into()), ..self }
    }

    /// The same diagnostic, of the kind `lint`.
    pub fn with_lint(self, lint: Lint) -> Self {
        Diagnostic { lint, ..self }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The diagnostic on one line, `file:line:col: message; help`, safe for a terminal: what
    /// `build.rs` hands cargo, which shows each line of a build script's report on its own.
    pub fn one_line(&self) -> String {
        let mut line = format!("{}:{}:{}: {}", self.file.display(), self.line, self.col, self.message);
        if let Some(help) = &self.help {
            line.push_str("; ");
            line.push_str(help);
        }
        let line: String = line.chars().map(|c| if c == '\n' || c == '\r' { ' ' } else { c }).collect();
        terminal_safe(&line).into_owned()
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}:{}:{}: {level}: {}", self.file.display(), self.line, self.col, self.message)?;
        if !self.pointer.is_empty() {
            write!(f, "\n  at #{}", self.pointer)?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// Every diagnostic of a failed run; the error type of the library API.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics(vec![d])
    }
}

#[cfg(test)]
mod tests {
    use super::Diagnostic;

    #[test]
    fn a_whole_file_diagnostic_is_an_error_at_the_top_of_the_file() {
        let d = Diagnostic::whole_file("api/openapi.yaml", "cannot read `api/openapi.yaml`").with_help("check it");
        assert!(d.is_error() && d.pointer.is_empty());
        assert_eq!(d.to_string(), "api/openapi.yaml:1:1: error: cannot read `api/openapi.yaml`\n  help: check it");
    }

    #[test]
    fn one_line_keeps_the_location_message_and_help_on_one_terminal_safe_line() {
        let d = Diagnostic::whole_file("api.yaml", "bad\nkey `\u{1b}[31m`").with_help("fix it");
        assert_eq!(d.one_line(), "api.yaml:1:1: bad key `\u{FFFD}[31m`; fix it");
    }
}

/// Control characters (C0, DEL, C1, which include the escape that starts a terminal sequence) and
/// bidirectional controls: what document text must not carry to a terminal.
fn unsafe_on_terminal(c: char) -> bool {
    (c.is_control() && c != '\t')
        || matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Text from a document as it may be written to a terminal: each unsafe character becomes `�`,
/// so a hostile title cannot recolour, move the cursor or reorder what a user reads.
pub fn terminal_safe(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().any(unsafe_on_terminal) {
        std::borrow::Cow::Owned(text.chars().map(|c| if unsafe_on_terminal(c) { '\u{FFFD}' } else { c }).collect())
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// For quoted source lines, whose spans are byte offsets: each unsafe character the snippet
/// renderer does not already show as a control picture (C0 and DEL become `␛` and the like there)
/// becomes as many `?` as its UTF-8 encoding has bytes.
pub fn terminal_safe_bytes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let pictured = c.is_ascii_control();
        if unsafe_on_terminal(c) && !pictured {
            out.extend(std::iter::repeat_n('?', c.len_utf8()));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod terminal_tests {
    use super::{terminal_safe, terminal_safe_bytes};

    #[test]
    fn escape_sequences_and_bidi_controls_never_reach_a_terminal() {
        assert_eq!(terminal_safe("a\u{1b}[31mred\u{7}\u{202E}b"), "a\u{FFFD}[31mred\u{FFFD}\u{FFFD}b");
        assert_eq!(terminal_safe("plain\ttext"), "plain\ttext");
        assert_eq!(terminal_safe_bytes("a\u{1b}b\u{202E}c\u{85}"), "a\u{1b}b???c??");
    }
}
