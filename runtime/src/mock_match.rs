//! What one mock expectation matches (cargo feature `mock`): an operation's method and path, the
//! parameters a test named, in the exact encoded form the client puts on the wire, and a body;
//! and, for a request it does not match, what differed.

use std::collections::BTreeSet;

use super::transport::Operation;

/// A piece of an operation's path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Piece {
    Literal(String),
    Param(String),
}

/// The pieces of a path template (`/users/{id}.json` → `/users/`, `id`, `.json`).
pub(super) fn pieces(template: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else { break };
        if open > 0 {
            out.push(Piece::Literal(rest[..open].to_owned()));
        }
        out.push(Piece::Param(rest[open + 1..close].to_owned()));
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        out.push(Piece::Literal(rest.to_owned()));
    }
    out
}

/// The raw (still encoded) value of each parameter of `pieces` in `path`, when the path has the
/// template's shape; a parameter is one non-empty run without `/`.
pub(super) fn capture(pieces: &[Piece], path: &str) -> Option<Vec<String>> {
    match pieces.split_first() {
        None => path.is_empty().then(Vec::new),
        Some((Piece::Literal(text), rest)) => capture(rest, path.strip_prefix(text.as_str())?),
        Some((Piece::Param(_), rest)) => {
            let end = path.find('/').unwrap_or(path.len());
            // The shortest value that lets the rest match (`{name}.{ext}`), tried in order.
            (1..=end).filter(|&n| path.is_char_boundary(n)).find_map(|n| {
                let mut values = capture(rest, &path[n..])?;
                values.insert(0, path[..n].to_owned());
                Some(values)
            })
        }
    }
}

/// An expected body.
#[derive(Debug, Clone)]
pub(super) enum Body {
    /// Equal as JSON values (key order and spacing do not matter).
    Json(serde_json::Value),
    /// These exact bytes.
    Bytes(Vec<u8>),
}

/// Everything an expectation checks.
#[derive(Debug)]
pub(super) struct Matcher {
    pub(super) operation: &'static Operation,
    pub(super) pieces: Vec<Piece>,
    /// The expected encoded value of each path parameter, by its index among the parameters.
    pub(super) path: Vec<Option<String>>,
    /// `key=value` as sent, for each query key the test named.
    pub(super) query: Vec<(String, String)>,
    /// Header values the request must carry (the parameters and headers the test named).
    pub(super) headers: Vec<(String, String)>,
    /// `name=value` pairs the `Cookie` header must hold.
    pub(super) cookies: Vec<String>,
    pub(super) body: Option<Body>,
    /// Why no request can match: a value the test gave that the client refuses to send.
    pub(super) refused: Option<String>,
}

impl Matcher {
    pub(super) fn new(operation: &'static Operation) -> Self {
        let pieces = pieces(operation.path);
        let params = pieces.iter().filter(|p| matches!(p, Piece::Param(_))).count();
        Matcher {
            operation,
            pieces,
            path: vec![None; params],
            query: Vec::new(),
            headers: Vec::new(),
            cookies: Vec::new(),
            body: None,
            refused: None,
        }
    }

    /// What about `request` differs from this expectation (nothing: it matches).
    pub(super) fn differences(&self, request: &wiremock::Request) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(why) = &self.refused {
            out.push(format!("the client never sends this request: {why}"));
        }
        if request.method.as_str() != self.operation.method.as_str() {
            out.push(format!("method: expected {}, got {}", self.operation.method.as_str(), request.method));
        }
        match capture(&self.pieces, request.url.path()) {
            None => out.push(format!("path: expected {}, got {}", self.operation.path, request.url.path())),
            Some(values) => {
                let names = self.pieces.iter().filter_map(|p| match p {
                    Piece::Param(name) => Some(name),
                    Piece::Literal(_) => None,
                });
                for ((name, expected), got) in names.zip(&self.path).zip(&values) {
                    if let Some(expected) = expected.as_ref().filter(|e| *e != got) {
                        out.push(format!("path parameter `{name}`: expected `{expected}`, got `{got}`"));
                    }
                }
            }
        }
        self.query_differences(request, &mut out);
        for (name, value) in &self.headers {
            let got: Vec<&str> =
                request.headers.get_all(name.as_str()).iter().filter_map(|v| v.to_str().ok()).collect();
            if !got.contains(&value.as_str()) {
                out.push(format!("header `{name}`: expected `{value}`, got {}", shown(&got)));
            }
        }
        let cookies: BTreeSet<&str> = request
            .headers
            .get_all("cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';').map(str::trim))
            .collect();
        for pair in &self.cookies {
            if !cookies.contains(pair.as_str()) {
                out.push(format!(
                    "cookie: expected `{pair}`, got {}",
                    shown(&cookies.iter().copied().collect::<Vec<_>>())
                ));
            }
        }
        match &self.body {
            Some(Body::Json(expected)) => match serde_json::from_slice::<serde_json::Value>(&request.body) {
                Ok(got) if &got == expected => {}
                Ok(got) => out.push(format!("body: expected {}, got {}", excerpt(expected), excerpt(&got))),
                Err(_) => out.push(format!(
                    "body: expected JSON {}, got {} bytes that are not JSON",
                    excerpt(expected),
                    request.body.len()
                )),
            },
            Some(Body::Bytes(expected)) if expected != &request.body => {
                out.push(format!("body: expected {} bytes, got {} different ones", expected.len(), request.body.len()));
            }
            _ => {}
        }
        out
    }

    fn query_differences(&self, request: &wiremock::Request, out: &mut Vec<String>) {
        let keys: BTreeSet<&str> = self.query.iter().map(|(key, _)| key.as_str()).collect();
        let sent: Vec<(String, &str)> = request
            .url
            .query()
            .unwrap_or("")
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| (decoded_key(pair), pair))
            .collect();
        for key in keys {
            let expected: Vec<&str> =
                self.query.iter().filter(|(k, _)| k == key).map(|(_, pair)| pair.as_str()).collect();
            let got: Vec<&str> = sent.iter().filter(|(k, _)| k == key).map(|(_, pair)| *pair).collect();
            if expected != got {
                out.push(format!("query `{key}`: expected {}, got {}", shown(&expected), shown(&got)));
            }
        }
    }
}

/// The key of a raw `key=value` query pair, decoded as a server reads it.
pub(super) fn decoded_key(pair: &str) -> String {
    let key = pair.split('=').next().unwrap_or("");
    url_decoded(key)
}

/// `+` and percent escapes decoded, as in `application/x-www-form-urlencoded`.
pub(super) fn url_decoded(text: &str) -> String {
    let spaced = text.replace('+', " ");
    percent_encoding::percent_decode_str(&spaced).decode_utf8_lossy().into_owned()
}

fn shown(values: &[&str]) -> String {
    if values.is_empty() {
        "nothing".into()
    } else {
        values.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", ")
    }
}

/// A JSON value short enough for a message.
fn excerpt(value: &serde_json::Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(200) {
        Some((cut, _)) => format!("{}...", &text[..cut]),
        None => text,
    }
}

/// The wiremock side of a matcher.
pub(super) struct Matches(pub(super) std::sync::Arc<Matcher>);

impl wiremock::Match for Matches {
    fn matches(&self, request: &wiremock::Request) -> bool {
        self.0.differences(request).is_empty()
    }
}
