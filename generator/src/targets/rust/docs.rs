//! Doc comments from schema text, made safe for rustdoc: bare URLs become autolinks, brackets and
//! angle brackets are escaped (no broken intra-doc links or stray HTML), indented and fenced code
//! becomes plain `text` blocks (never compiled as doctests).

use proc_macro2::TokenStream;
use quote::quote;
use syn::visit_mut::VisitMut;

use crate::targets::escape;

/// One `#[doc]` attribute per line of `text`.
pub fn attrs(text: &str) -> TokenStream {
    let lines = sanitize(text);
    quote! { #( #[doc = #lines] )* }
}

/// A doc comment assembled from schema text (sanitized) and generator text (kept as written,
/// so its intra-doc links work), paragraph by paragraph.
#[derive(Default)]
pub struct Doc {
    lines: Vec<String>,
}

impl Doc {
    /// Adds schema text, made rustdoc-safe.
    pub fn text(&mut self, text: &str) -> &mut Self {
        if !text.trim().is_empty() {
            self.gap();
            self.lines.extend(sanitize(text));
        }
        self
    }

    /// Adds schema text as the next line of the current paragraph (a list item).
    pub fn line(&mut self, text: &str) -> &mut Self {
        self.lines.extend(sanitize(text));
        self
    }

    /// Adds text the generator wrote, as it is.
    pub fn raw(&mut self, text: &str) -> &mut Self {
        self.gap();
        self.lines.extend(escape::lines(text).iter().map(|l| format!(" {l}")));
        self
    }

    fn gap(&mut self) {
        if !self.lines.is_empty() {
            self.lines.push(String::new());
        }
    }

    pub fn tokens(&self) -> TokenStream {
        let lines = &self.lines;
        quote! { #( #[doc = #lines] )* }
    }
}

/// Schema text for the middle of a generator's doc line: on one line (a line break would make
/// the attribute print as `#[doc = "..."]` instead of `///`), escaped as [`sanitize`] does.
pub fn inline(text: &str) -> String {
    escape_line(escape::one_line(text).trim())
}

/// Paragraphs joined by an empty doc line.
pub fn paragraphs<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    parts.into_iter().map(str::trim).filter(|p| !p.is_empty()).collect::<Vec<_>>().join("\n\n")
}

/// The lines of a doc comment, each with the leading space rustdoc expects.
pub fn sanitize(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_fence = false;
    // Width of the list marker whose item is still open, so its continuation lines are indented.
    let mut list_indent: Option<usize> = None;
    // Line terminators other than LF (a bare CR is an error in a doc comment), control and bidi
    // characters are made harmless first; everything below works on plain lines.
    let text = escape::clean(text).replace('\t', "    ");
    for raw in text.trim().lines() {
        let line = raw.trim_end();
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            out.push(if in_fence { " ```".to_string() } else { " ```text".to_string() });
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            out.push(format!(" {line}"));
        } else if trimmed.is_empty() {
            list_indent = None;
            out.push(String::new());
        } else if let Some(width) = list_marker_width(trimmed) {
            list_indent = Some(width);
            out.push(format!(" {}", escape_line(trimmed)));
        } else {
            let pad = " ".repeat(list_indent.unwrap_or(0));
            out.push(format!(" {pad}{}", escape_line(trimmed)));
        }
    }
    if in_fence {
        out.push(" ```".into());
    }
    out
}

/// Makes every `#[doc]` attribute of a file safe to print: prettyplease writes a doc string as a
/// `///` comment as it is, so a CR, a bidi control or another control character that reached
/// it from the document would be a compile error (or code that reads differently). Doc text that
/// went through [`sanitize`] is already clean; this catches what was attached without it, and
/// also keeps document names that the generator put in code spans from ending them early and
/// adding HTML, which rustdoc would render (see [`escape::rustdoc_line`]).
pub fn harden(file: &mut syn::File) {
    Harden.visit_file_mut(file);
}

struct Harden;

impl VisitMut for Harden {
    fn visit_attribute_mut(&mut self, attr: &mut syn::Attribute) {
        if let syn::Meta::NameValue(meta) = &mut attr.meta {
            if meta.path.is_ident("doc") {
                if let syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }) = &mut meta.value {
                    let value = s.value();
                    let safe = if value.contains(['<', '`']) || !escape::is_clean(&value) {
                        let lines: Vec<String> =
                            escape::lines(&value).iter().map(|l| escape::rustdoc_line(l)).collect();
                        lines.join("\n")
                    } else {
                        value.clone()
                    };
                    if safe != value {
                        *s = syn::LitStr::new(&safe, s.span());
                    }
                }
            }
        }
        syn::visit_mut::visit_attribute_mut(self, attr);
    }
}

/// `- `, `* `, `+ `, `1. ` or `1) ` at the start of a line: the width of the marker.
fn list_marker_width(line: &str) -> Option<usize> {
    if line.starts_with("- ") || line.starts_with("* ") || line.starts_with("+ ") {
        return Some(2);
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    (digits > 0 && (line[digits..].starts_with(". ") || line[digits..].starts_with(") "))).then_some(digits + 2)
}

fn escape_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut in_code = false;
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        if c == '`' {
            in_code = !in_code;
            out.push(c);
            rest = &rest[1..];
            continue;
        }
        if in_code {
            out.push(c);
            rest = &rest[c.len_utf8()..];
            continue;
        }
        if rest.starts_with("http://") || rest.starts_with("https://") {
            let end = rest
                .find(|ch: char| ch.is_whitespace() || matches!(ch, '<' | '>' | '"' | '`' | ')' | ']'))
                .unwrap_or(rest.len());
            let url = rest[..end].trim_end_matches(['.', ',', ';', ':', '!', '?', '\'']);
            out.push('<');
            out.push_str(url);
            out.push('>');
            rest = &rest[url.len()..];
            continue;
        }
        match c {
            '[' => out.push_str("\\["),
            ']' => out.push_str("\\]"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' => out.push_str("\\\\"),
            _ => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    if in_code {
        // An unbalanced backtick would swallow the next lines into code.
        out.push('`');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brackets_and_tags_are_escaped() {
        assert_eq!(sanitize("Possible values: [a, b] <token>"), vec![" Possible values: \\[a, b\\] &lt;token&gt;"]);
    }

    #[test]
    fn bare_urls_become_autolinks() {
        assert_eq!(sanitize("See https://example.com/a?b=1."), vec![" See <https://example.com/a?b=1>."]);
    }

    #[test]
    fn code_is_never_a_doctest() {
        assert_eq!(sanitize("a\n```\nlet x = [1];\n```"), vec![" a", " ```text", " let x = [1];", " ```"]);
        assert_eq!(sanitize("    indented"), vec![" indented"]);
    }

    #[test]
    fn list_continuations_are_indented() {
        assert_eq!(sanitize("- a\nmore\n\nnext"), vec![" - a", "   more", "", " next"]);
        assert_eq!(sanitize("1. a\nmore"), vec![" 1. a", "    more"]);
        assert_eq!(sanitize("2) b\nmore"), vec![" 2) b", "    more"]);
    }

    #[test]
    fn carriage_returns_and_bidi_controls_never_reach_the_comment() {
        assert_eq!(sanitize("a\rb\u{2028}c \u{202e}d"), vec![" a", " b", " c U+202Ed"]);
    }

    #[test]
    fn hardened_doc_attributes_print_as_valid_comments() {
        let mut file: syn::File = syn::parse_quote! { #[doc = "x\ry\u{202e}"] pub struct S; };
        harden(&mut file);
        let text = prettyplease::unparse(&file);
        assert!(syn::parse_file(&text).is_ok() && !text.contains(['\r', '\u{202e}']), "{text:?}");
    }

    #[test]
    fn inline_code_is_left_alone() {
        assert_eq!(sanitize("use `a[0]` here"), vec![" use `a[0]` here"]);
    }
}
