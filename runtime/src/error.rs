//! The error of every call: what went wrong, with the response when there was one; URLs (which
//! may carry keys in their query) are kept out of every message.

use std::fmt;

use super::response::RawResponse;
#[allow(unused_imports)] // for doc links
use super::transport::Settings;

/// Errors of one operation. `E` is the operation's documented error responses. New kinds of
/// failure may be added, so a `match` needs a wildcard arm.
#[non_exhaustive]
pub enum Error<E = std::convert::Infallible> {
    /// The server answered with a status the API documents as an error; `body` is its decoded body.
    Api {
        /// The HTTP status.
        status: u16,
        /// The response headers.
        headers: Box<reqwest::header::HeaderMap>,
        /// The decoded body, one variant per documented status.
        body: E,
    },
    /// The server answered with a status the API does not document for this operation.
    UnexpectedStatus(Box<RawResponse>),
    /// The body could not be decoded as the documented type.
    Decode {
        /// The response whose body did not decode.
        response: Box<RawResponse>,
        /// Why it did not decode.
        source: serde_json::Error,
    },
    /// The response's `Content-Type` is none of those documented for its status.
    UnexpectedContentType {
        /// The media types the API documents for this status.
        expected: &'static [&'static str],
        /// The response as received.
        response: Box<RawResponse>,
    },
    /// The request could not be sent or the response not read (connect, TLS, timeout, ...).
    Transport(reqwest::Error),
    /// The request was refused before sending (an argument that cannot be encoded safely).
    InvalidRequest(String),
    /// The response body is larger than the client's limit (see [`Settings::max_body_bytes`]);
    /// it was not read into memory.
    BodyTooLarge {
        /// The HTTP status.
        status: u16,
        /// The limit in bytes.
        limit: usize,
    },
    /// A streamed call's answer did not begin, or its body went silent, for longer than the
    /// per-attempt timeout (see [`Settings::timeout`]). Bodies read whole time out as
    /// [`Error::Transport`] errors whose `is_timeout()` is true.
    Timeout {
        /// The limit that passed.
        limit: std::time::Duration,
    },
    /// A paginated list could not be walked further: the server repeated a next page, sent one
    /// on another origin, or the list went past the caller's `max_pages`.
    Pagination(String),
}

impl<E> Error<E> {
    /// The HTTP status, when a response was received.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api { status, .. } => Some(*status),
            Error::UnexpectedStatus(r) => Some(r.status),
            Error::Decode { response, .. } | Error::UnexpectedContentType { response, .. } => Some(response.status),
            Error::Transport(e) => e.status().map(|s| s.as_u16()),
            Error::InvalidRequest(_) | Error::Pagination(_) | Error::Timeout { .. } => None,
            Error::BodyTooLarge { status, .. } => Some(*status),
        }
    }

    /// The raw response, for errors that keep it.
    pub fn raw_response(&self) -> Option<&RawResponse> {
        match self {
            Error::UnexpectedStatus(r) => Some(r),
            Error::Decode { response, .. } | Error::UnexpectedContentType { response, .. } => Some(response),
            _ => None,
        }
    }
}

impl<E: fmt::Debug> fmt::Debug for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api { status, body, .. } => {
                f.debug_struct("Api").field("status", status).field("body", body).finish()
            }
            Error::UnexpectedStatus(r) => f.debug_tuple("UnexpectedStatus").field(r).finish(),
            Error::Decode { response, source } => {
                f.debug_struct("Decode").field("response", response).field("source", source).finish()
            }
            Error::UnexpectedContentType { expected, response } => {
                f.debug_struct("UnexpectedContentType").field("expected", expected).field("response", response).finish()
            }
            Error::Transport(e) => f.debug_tuple("Transport").field(&without_url(e)).finish(),
            Error::InvalidRequest(m) => f.debug_tuple("InvalidRequest").field(m).finish(),
            Error::Pagination(m) => f.debug_tuple("Pagination").field(m).finish(),
            Error::Timeout { limit } => f.debug_struct("Timeout").field("limit", limit).finish(),
            Error::BodyTooLarge { status, limit } => {
                f.debug_struct("BodyTooLarge").field("status", status).field("limit", limit).finish()
            }
        }
    }
}

impl<E: fmt::Debug> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api { status, body, .. } => write!(f, "the server answered {status}: {body:?}"),
            Error::UnexpectedStatus(r) => write!(f, "the server answered with undocumented status {}", r.status),
            Error::Decode { response, source } => {
                write!(f, "the {} response body could not be decoded: {source}", response.status)
            }
            Error::UnexpectedContentType { expected, response } => write!(
                f,
                "the {} response has content type `{}`, expected one of {expected:?}",
                response.status,
                response.content_type().unwrap_or("(none)")
            ),
            Error::Transport(e) => write!(f, "the request failed ({}): {}", transport_failure(e), without_url(e)),
            Error::InvalidRequest(m) => write!(f, "the request was not sent: {m}"),
            Error::Pagination(m) => write!(f, "the list could not be walked further: {m}"),
            Error::Timeout { limit } => write!(f, "the request timed out: nothing came for {} ms", limit.as_millis()),
            Error::BodyTooLarge { status, limit } => {
                write!(f, "the {status} response body is larger than the limit of {limit} bytes")
            }
        }
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Decode { source, .. } => Some(source),
            Error::Transport(e) => Some(e),
            _ => None,
        }
    }
}

impl<E> From<reqwest::Error> for Error<E> {
    /// The URL is dropped here, from the error and so from its whole `source()` chain: a URL
    /// may carry an API key in its query, and `anyhow`-style reports print every source.
    fn from(e: reqwest::Error) -> Self {
        Error::Transport(e.without_url())
    }
}

/// What failed, in words, with the innermost cause (the operating system's or TLS's own message,
/// which names no URL): "could not connect: Connection refused (os error 111)".
fn transport_failure(e: &reqwest::Error) -> String {
    let what = if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "could not connect"
    } else if e.is_redirect() {
        "too many redirects"
    } else if e.is_body() || e.is_decode() {
        "the body could not be read"
    } else if e.is_builder() {
        "the request could not be built"
    } else {
        "the exchange failed"
    };
    let mut innermost: Option<&dyn std::error::Error> = None;
    let mut source = std::error::Error::source(e);
    while let Some(cause) = source {
        innermost = Some(cause);
        source = cause.source();
    }
    match innermost {
        Some(cause) => format!("{what}: {cause}"),
        None => what.to_string(),
    }
}

/// URLs may carry credentials in their query (an API key in the query string): leave them out.
fn without_url(e: &reqwest::Error) -> String {
    let mut text = e.to_string();
    if let Some(url) = e.url() {
        text = text.replace(url.as_str(), "<url>");
    }
    text
}

impl Error {
    /// The same error as one of an operation with documented errors `E` (this one has none).
    pub fn widen<E>(self) -> Error<E> {
        match self {
            Error::Api { body, .. } => match body {},
            Error::UnexpectedStatus(r) => Error::UnexpectedStatus(r),
            Error::Decode { response, source } => Error::Decode { response, source },
            Error::UnexpectedContentType { expected, response } => Error::UnexpectedContentType { expected, response },
            Error::Transport(e) => Error::Transport(e),
            Error::InvalidRequest(m) => Error::InvalidRequest(m),
            Error::Pagination(m) => Error::Pagination(m),
            Error::Timeout { limit } => Error::Timeout { limit },
            Error::BodyTooLarge { status, limit } => Error::BodyTooLarge { status, limit },
        }
    }
}
