//! Binary request bodies: bytes held in memory, or a stream the transport reads while it sends,
//! so a large file never has to fit in memory.

use std::fmt;

use bytes::Bytes;

use super::request::Binary;

/// The body of an operation whose request is binary (`application/octet-stream`, `image/*`, ...),
/// with the content type to send, when it is not the documented one.
///
/// Anything that converts into bytes is an `Upload` (`Vec<u8>`, `&'static [u8]`, [`Bytes`],
/// a [`Binary`] or a reference to one); [`Upload::file`] and [`Upload::stream`] stream their
/// bytes instead. A request with bytes in memory is retried like any other; a streamed one is
/// sent once, since its bytes cannot be read a second time.
pub struct Upload {
    content_type: Option<String>,
    source: Source,
}

enum Source {
    Bytes(Bytes),
    Stream(reqwest::Body),
}

impl Upload {
    /// Bytes held in memory.
    pub fn bytes(bytes: impl Into<Bytes>) -> Self {
        Self { content_type: None, source: Source::Bytes(bytes.into()) }
    }

    /// A file, read while the request is sent (chunked: no `Content-Length`).
    pub fn file(file: tokio::fs::File) -> Self {
        Self::body(reqwest::Body::from(file))
    }

    /// Any stream of byte chunks, read while the request is sent (chunked: no
    /// `Content-Length`). An error from the stream aborts the request with
    /// [`Error::Transport`](super::Error::Transport).
    pub fn stream<S>(stream: S) -> Self
    where
        S: futures_core::TryStream + Send + 'static,
        S::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
        Bytes: From<S::Ok>,
    {
        Self::body(reqwest::Body::wrap_stream(stream))
    }

    /// A body the HTTP client already holds. One made from bytes stays retryable; one made from a
    /// stream is sent once.
    pub fn body(body: reqwest::Body) -> Self {
        let source = match body.as_bytes() {
            Some(bytes) => Source::Bytes(Bytes::copy_from_slice(bytes)),
            None => Source::Stream(body),
        };
        Self { content_type: None, source }
    }

    /// Sends the body with this `Content-Type` instead of the operation's documented one (an
    /// `image/*` upload says which image it is).
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The content type set with [`with_content_type`](Self::with_content_type), if any.
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The number of bytes, when they are held in memory (`None` for a stream).
    pub fn len(&self) -> Option<usize> {
        match &self.source {
            Source::Bytes(bytes) => Some(bytes.len()),
            Source::Stream(_) => None,
        }
    }

    /// Whether the body is bytes held in memory and there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == Some(0)
    }

    /// The content type to send (this upload's, or else `documented`), the length when the
    /// bytes are in memory, and the body.
    pub(super) fn into_parts_sized(self, documented: &str) -> (String, Option<u64>, reqwest::Body) {
        let length = self.len().and_then(|n| u64::try_from(n).ok());
        let (content_type, body) = self.into_parts(documented);
        (content_type, length, body)
    }

    /// The content type to send (this upload's, or else `documented`) and the body.
    pub(super) fn into_parts(self, documented: &str) -> (String, reqwest::Body) {
        let content_type = self.content_type.unwrap_or_else(|| documented.to_owned());
        let body = match self.source {
            Source::Bytes(bytes) => reqwest::Body::from(bytes),
            Source::Stream(body) => body,
        };
        (content_type, body)
    }
}

/// The length and content type, never the bytes (an upload may be a secret document).
impl fmt::Debug for Upload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = f.debug_struct("Upload");
        out.field("content_type", &self.content_type);
        match &self.source {
            Source::Bytes(bytes) => out.field("len", &bytes.len()),
            Source::Stream(_) => out.field("len", &"streamed"),
        };
        out.finish()
    }
}

impl From<Vec<u8>> for Upload {
    fn from(bytes: Vec<u8>) -> Self {
        Self::bytes(bytes)
    }
}

impl From<&'static [u8]> for Upload {
    fn from(bytes: &'static [u8]) -> Self {
        Self::bytes(bytes)
    }
}

impl<const N: usize> From<&'static [u8; N]> for Upload {
    fn from(bytes: &'static [u8; N]) -> Self {
        Self::bytes(&bytes[..])
    }
}

impl From<Bytes> for Upload {
    fn from(bytes: Bytes) -> Self {
        Self::bytes(bytes)
    }
}

impl From<reqwest::Body> for Upload {
    fn from(body: reqwest::Body) -> Self {
        Self::body(body)
    }
}

impl From<tokio::fs::File> for Upload {
    fn from(file: tokio::fs::File) -> Self {
        Self::file(file)
    }
}

/// A downloaded body sent back as it came, with its content type (empty: the documented one).
impl From<Binary> for Upload {
    fn from(binary: Binary) -> Self {
        let upload = Self::bytes(binary.bytes);
        if binary.content_type.is_empty() {
            upload
        } else {
            upload.with_content_type(binary.content_type)
        }
    }
}

impl From<&Binary> for Upload {
    fn from(binary: &Binary) -> Self {
        Self::from(binary.clone())
    }
}
