//! The HTTP vocabulary of an operation as values rather than strings: its method, its path
//! template (parsed once, here; every target emits its segments), and each parameter's style.

use std::fmt;

/// The methods an OpenAPI path item can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Method {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl Method {
    /// Every method, in the order OpenAPI lists them in a path item.
    pub const ALL: [Method; 8] = [
        Method::Get,
        Method::Put,
        Method::Post,
        Method::Delete,
        Method::Options,
        Method::Head,
        Method::Patch,
        Method::Trace,
    ];

    /// The method of a path item key (`get`), if it is one.
    pub fn from_key(key: &str) -> Option<Method> {
        Method::ALL.into_iter().find(|m| m.key() == key)
    }

    /// As sent on the wire: `GET`.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }

    /// As a path item key: `get`.
    pub fn key(self) -> &'static str {
        match self {
            Method::Get => "get",
            Method::Put => "put",
            Method::Post => "post",
            Method::Delete => "delete",
            Method::Options => "options",
            Method::Head => "head",
            Method::Patch => "patch",
            Method::Trace => "trace",
        }
    }

    /// As a word in names (`Get`), e.g. the Rust runtime's `Method::Get`.
    pub fn word(self) -> &'static str {
        match self {
            Method::Get => "Get",
            Method::Put => "Put",
            Method::Post => "Post",
            Method::Delete => "Delete",
            Method::Options => "Options",
            Method::Head => "Head",
            Method::Patch => "Patch",
            Method::Trace => "Trace",
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One piece of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// Text sent as it is (`/users/`).
    Literal(String),
    /// `{name}`: the path parameter of that name.
    Param(String),
}

/// A path template such as `/users/{id}/photo`, as written and as its segments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathTemplate {
    raw: String,
    segments: Vec<Segment>,
}

impl PathTemplate {
    /// Parses a template. An unclosed `{` and everything after it is literal text, as it was
    /// before templates were parsed here.
    pub fn parse(raw: &str) -> Self {
        let mut segments = Vec::new();
        let mut rest = raw;
        while let Some(start) = rest.find('{') {
            let Some(len) = rest[start..].find('}') else { break };
            if start > 0 {
                segments.push(Segment::Literal(rest[..start].to_string()));
            }
            segments.push(Segment::Param(rest[start + 1..start + len].to_string()));
            rest = &rest[start + len + 1..];
        }
        if !rest.is_empty() {
            segments.push(Segment::Literal(rest.to_string()));
        }
        PathTemplate { raw: raw.to_string(), segments }
    }

    /// The template as written.
    pub fn as_str(&self) -> &str {
        &self.raw
    }

    /// Its literal text and parameters, in order (empty literals left out).
    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// The parameter names, in order.
    pub fn params(&self) -> impl Iterator<Item = &str> {
        self.segments.iter().filter_map(|s| match s {
            Segment::Param(name) => Some(name.as_str()),
            Segment::Literal(_) => None,
        })
    }
}

impl fmt::Display for PathTemplate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

/// A parameter's OpenAPI `style`, defaulted per location when the document gives none.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ParamStyle {
    Simple,
    Form,
    Label,
    Matrix,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
    /// A style OpenAPI does not define, kept as written (a lint may warn about it).
    Other(String),
}

impl ParamStyle {
    /// The style named `text`.
    pub fn parse(text: &str) -> Self {
        match text {
            "simple" => ParamStyle::Simple,
            "form" => ParamStyle::Form,
            "label" => ParamStyle::Label,
            "matrix" => ParamStyle::Matrix,
            "spaceDelimited" => ParamStyle::SpaceDelimited,
            "pipeDelimited" => ParamStyle::PipeDelimited,
            "deepObject" => ParamStyle::DeepObject,
            other => ParamStyle::Other(other.to_string()),
        }
    }

    /// As written in a document (`deepObject`).
    pub fn as_str(&self) -> &str {
        match self {
            ParamStyle::Simple => "simple",
            ParamStyle::Form => "form",
            ParamStyle::Label => "label",
            ParamStyle::Matrix => "matrix",
            ParamStyle::SpaceDelimited => "spaceDelimited",
            ParamStyle::PipeDelimited => "pipeDelimited",
            ParamStyle::DeepObject => "deepObject",
            ParamStyle::Other(text) => text,
        }
    }
}

impl fmt::Display for ParamStyle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_template_is_its_literals_and_parameters() {
        let t = PathTemplate::parse("/accounts/{account_id}/users/{user_id}/photo");
        assert_eq!(
            t.segments(),
            [
                Segment::Literal("/accounts/".into()),
                Segment::Param("account_id".into()),
                Segment::Literal("/users/".into()),
                Segment::Param("user_id".into()),
                Segment::Literal("/photo".into()),
            ]
        );
        assert_eq!(t.params().collect::<Vec<_>>(), ["account_id", "user_id"]);
    }

    #[test]
    fn an_unclosed_brace_is_literal_text() {
        let t = PathTemplate::parse("/a/{b}/{c");
        assert_eq!(
            t.segments(),
            [Segment::Literal("/a/".into()), Segment::Param("b".into()), Segment::Literal("/{c".into())]
        );
    }

    #[test]
    fn styles_round_trip_their_names() {
        for name in ["simple", "form", "label", "matrix", "spaceDelimited", "pipeDelimited", "deepObject", "x"] {
            assert_eq!(ParamStyle::parse(name).as_str(), name);
        }
    }
}
