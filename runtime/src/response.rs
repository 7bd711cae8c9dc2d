//! Responses: the raw response as received, the typed [`Response`], and the decoders each
//! operation's status arms call.

use std::fmt;

use super::error::Error;
use super::events::{DecodeData, EventStream};
use super::json_lines::JsonLines;
use super::redact::body_excerpt;
use super::request::Binary;
use super::stream::{ByteStream, Unread};

/// A response as received: status, headers and the whole body.
#[derive(Clone, Default)]
pub struct RawResponse {
    /// The HTTP status.
    pub status: u16,
    /// The response headers.
    pub headers: reqwest::header::HeaderMap,
    /// The whole body (empty while the body is still unread, see [`RawResponse::take_stream`]).
    pub body: Vec<u8>,
    /// A success body an operation streams (events, JSON lines), left unread for its decoder.
    unread: Unread,
}

impl RawResponse {
    /// A response from its parts, its body read whole.
    pub fn new(status: u16, headers: reqwest::header::HeaderMap, body: Vec<u8>) -> Self {
        RawResponse { status, headers, body, unread: Unread::default() }
    }

    /// A response whose body is still on the connection.
    pub(super) fn unread(stream: ByteStream) -> Self {
        RawResponse {
            status: stream.status(),
            headers: stream.headers().clone(),
            body: Vec::new(),
            unread: Unread::new(stream),
        }
    }

    /// The body as a stream: the connection itself when the body was left unread for a streaming
    /// decoder, otherwise the bytes read so far (taken out of `body`).
    pub fn take_stream(&mut self) -> ByteStream {
        match self.unread.take() {
            Some(stream) => stream,
            None => ByteStream::from_bytes(self.status, self.headers.clone(), std::mem::take(&mut self.body)),
        }
    }

    /// The `Content-Type` header, when present and readable.
    pub fn content_type(&self) -> Option<&str> {
        self.headers.get(reqwest::header::CONTENT_TYPE)?.to_str().ok()
    }

    /// The body as text, with invalid UTF-8 replaced.
    pub fn text_lossy(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

impl fmt::Debug for RawResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawResponse")
            .field("status", &self.status)
            .field("content_type", &self.content_type())
            .field("body", &body_excerpt(&self.body))
            .field("body_len", &self.body.len())
            .field("unread", &self.unread.is_some())
            .finish()
    }
}

/// What an operation gives: its decoded response, or why there is none.
pub type CallResult<T, E> = Result<Response<T>, Error<E>>;

/// A decoded response with the status and headers it came with. Derefs to the body.
pub struct Response<T> {
    status: u16,
    headers: reqwest::header::HeaderMap,
    body: T,
}

impl<T> Response<T> {
    /// A response from its parts.
    pub fn new(status: u16, headers: reqwest::header::HeaderMap, body: T) -> Self {
        Response { status, headers, body }
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &reqwest::header::HeaderMap {
        &self.headers
    }

    /// The decoded body.
    pub fn body(&self) -> &T {
        &self.body
    }

    /// The decoded body, taken out of the response.
    pub fn into_body(self) -> T {
        self.body
    }

    /// The same response with its body transformed.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Response<U> {
        Response { status: self.status, headers: self.headers, body: f(self.body) }
    }
}

impl<T> std::ops::Deref for Response<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.body
    }
}

impl<T: fmt::Debug> fmt::Debug for Response<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Header values may carry session cookies or tokens: names only.
        let names: Vec<&str> = self.headers.keys().map(|k| k.as_str()).collect();
        f.debug_struct("Response")
            .field("status", &self.status)
            .field("headers", &names)
            .field("body", &self.body)
            .finish()
    }
}

/// Whether `actual` (a response `Content-Type`) is covered by `declared` (a documented media
/// type, which may be a range such as `image/*` or `*/*`). Parameters and case are ignored.
pub fn media_matches(declared: &str, actual: &str) -> bool {
    let essence = |s: &str| s.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    let (declared, actual) = (essence(declared), essence(actual));
    if declared == "*/*" || declared == actual {
        return true;
    }
    match declared.strip_suffix("/*") {
        Some(top) => actual.split('/').next() == Some(top),
        None => false,
    }
}

/// Which of the `declared` media types the response is; the first when it has no `Content-Type`.
pub fn pick_media(response: &RawResponse, declared: &[&str]) -> Option<usize> {
    match response.content_type() {
        None => (!declared.is_empty()).then_some(0),
        Some(actual) => declared.iter().position(|d| media_matches(d, actual)),
    }
}

// The decoders below borrow the response: on success the caller still holds its status and
// headers for the typed `Response` (no copy of the headers); an error takes the response whole.

/// Decodes a JSON body.
pub fn decode_json<T: serde::de::DeserializeOwned, E>(response: &mut RawResponse) -> Result<T, Error<E>> {
    serde_json::from_slice(&response.body)
        .map_err(|source| Error::Decode { response: Box::new(std::mem::take(response)), source })
}

/// A JSON body of a success status whose content type must be one of `expected`.
pub fn json_success<T: serde::de::DeserializeOwned, E>(
    response: &mut RawResponse,
    expected: &'static [&'static str],
) -> Result<T, Error<E>> {
    if pick_media(response, expected).is_none() {
        return unexpected_content_type(response, expected);
    }
    decode_json(response)
}

/// A documented error status whose body is JSON, whatever its content type: APIs send JSON errors
/// under whichever type the request negotiated. `variant` puts the body into the error enum.
pub fn json_error<B: serde::de::DeserializeOwned, T, E>(
    response: &mut RawResponse,
    variant: fn(B) -> E,
) -> Result<T, Error<E>> {
    let body = decode_json(response)?;
    api_error(response, variant(body))
}

/// A text body (an empty body is the empty string).
pub fn decode_text<E>(response: &mut RawResponse) -> Result<String, Error<E>> {
    match String::from_utf8(std::mem::take(&mut response.body)) {
        Ok(text) => Ok(text),
        Err(e) => {
            response.body = e.into_bytes();
            let source = serde_json::Error::io(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "the text body is not UTF-8",
            ));
            Err(Error::Decode { response: Box::new(std::mem::take(response)), source })
        }
    }
}

/// A `text/event-stream` body as its events, each event's data decoded by `decode`, ending at an
/// event whose data is `done` where the operation names such a sentinel.
pub fn decode_events<T>(
    response: &mut RawResponse,
    decode: DecodeData<T>,
    done: Option<&'static str>,
) -> EventStream<T> {
    EventStream::new(response.take_stream(), decode, done)
}

/// A JSON lines (or JSON text sequence) body as its items.
pub fn decode_json_lines<T: serde::de::DeserializeOwned>(response: &mut RawResponse) -> JsonLines<T> {
    JsonLines::new(response.take_stream())
}

/// A binary body with its content type.
pub fn decode_binary(response: &mut RawResponse) -> Binary {
    let content_type = response.content_type().unwrap_or("").to_string();
    Binary { content_type, bytes: std::mem::take(&mut response.body) }
}

/// The error for a response whose content type is not documented.
pub fn unexpected_content_type<T, E>(
    response: &mut RawResponse,
    expected: &'static [&'static str],
) -> Result<T, Error<E>> {
    Err(Error::UnexpectedContentType { expected, response: Box::new(std::mem::take(response)) })
}

/// The error for a status the operation does not document.
pub fn unexpected_status<T, E>(response: &mut RawResponse) -> Result<T, Error<E>> {
    Err(Error::UnexpectedStatus(Box::new(std::mem::take(response))))
}

/// A documented error status with its decoded body.
pub fn api_error<T, E>(response: &mut RawResponse, body: E) -> Result<T, Error<E>> {
    Err(Error::Api { status: response.status, headers: Box::new(std::mem::take(&mut response.headers)), body })
}

/// A success the operation documents without a body schema: the response as received.
pub fn raw_success<E>(response: &mut RawResponse) -> Result<RawResponse, Error<E>> {
    Ok(RawResponse::new(response.status, response.headers.clone(), std::mem::take(&mut response.body)))
}
