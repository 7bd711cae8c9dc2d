//! Bodies read as they arrive: [`ByteStream`], the chunks of one response with the status and
//! headers they came with. The per-attempt timeout becomes an idle timeout here: a stream fails
//! when the server sends nothing for that long, however long the whole body takes.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use futures_core::Stream;

use super::error::Error;

type Chunks = Pin<Box<dyn Stream<Item = reqwest::Result<Bytes>> + Send>>;

enum Source {
    /// The connection, read as the caller polls.
    Live(Chunks),
    /// A body already in memory (a mock's, or one read whole), handed out as one chunk.
    Memory(Option<Bytes>),
}

/// The body of a response as a stream of chunks, with the response's status and headers.
///
/// It is not held to the client's `max_body_bytes`: the caller reads as it goes and decides what
/// to keep. Each chunk must arrive within the client's per-attempt timeout of the one before
/// (or of the answer's head), otherwise the stream ends with [`Error::Timeout`]. A transport
/// failure ends the stream with that error; nothing is retried once the first byte is in.
///
/// Read it with [`ByteStream::next_chunk`] in a loop (`while let Some(chunk) =
/// recording.next_chunk().await { file.write_all(&chunk?).await?; }`), or as any
/// `futures_core::Stream`.
pub struct ByteStream {
    status: u16,
    headers: reqwest::header::HeaderMap,
    source: Source,
    idle: Option<Duration>,
    timer: Option<Pin<Box<tokio::time::Sleep>>>,
    finished: bool,
    /// The largest event or line a decoder over this stream buffers (the client's
    /// `max_body_bytes`): a server that never ends a line cannot fill the caller's memory.
    pub(super) record_limit: usize,
    /// How an event stream over this body may ask for it again (opt-in, see
    /// [`Settings::reconnects`](super::Settings::reconnects)).
    pub(super) reconnection: Option<Reconnection>,
}

/// Sends the request of a stream again with `Last-Event-ID` (the argument), for the head of the
/// new answer.
pub(super) type Reconnect =
    Arc<dyn Fn(Option<String>) -> Pin<Box<dyn Future<Output = Result<ByteStream, Error>> + Send>> + Send + Sync>;

/// A way to reconnect and how many times it may still be used.
pub(super) struct Reconnection {
    pub(super) again: Reconnect,
    pub(super) left: u32,
}

impl ByteStream {
    /// The body of `response`, read as the caller polls; `idle` is the longest silence allowed.
    pub(super) fn live(mut response: reqwest::Response, idle: Option<Duration>) -> Self {
        let status = response.status().as_u16();
        let headers = std::mem::take(response.headers_mut());
        ByteStream {
            status,
            headers,
            source: Source::Live(Box::pin(response.bytes_stream())),
            idle,
            timer: None,
            finished: false,
            record_limit: usize::MAX,
            reconnection: None,
        }
    }

    /// A stream over a body already in memory (for mocks and tests of code that reads streams).
    pub fn from_bytes(status: u16, headers: reqwest::header::HeaderMap, body: impl Into<Bytes>) -> Self {
        let body: Bytes = body.into();
        ByteStream {
            status,
            headers,
            source: Source::Memory((!body.is_empty()).then_some(body)),
            idle: None,
            timer: None,
            finished: false,
            record_limit: usize::MAX,
            reconnection: None,
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &reqwest::header::HeaderMap {
        &self.headers
    }

    /// The `Content-Type` header, when present and readable.
    pub fn content_type(&self) -> Option<&str> {
        self.headers.get(reqwest::header::CONTENT_TYPE)?.to_str().ok()
    }

    /// The `Content-Length` header, when the server said how much is coming.
    pub fn content_length(&self) -> Option<u64> {
        self.headers.get(reqwest::header::CONTENT_LENGTH)?.to_str().ok()?.trim().parse().ok()
    }

    /// The next chunk, `None` at the end of the body.
    pub async fn next_chunk(&mut self) -> Option<Result<Bytes, Error>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// Reads the rest of the body into memory, failing with [`Error::BodyTooLarge`] past `limit`
    /// bytes.
    pub async fn read_all(mut self, limit: usize) -> Result<Vec<u8>, Error> {
        let mut body = Vec::new();
        while let Some(chunk) = self.next_chunk().await {
            let chunk = chunk?;
            if body.len() + chunk.len() > limit {
                return Err(Error::BodyTooLarge { status: self.status, limit });
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body)
    }
}

impl Stream for ByteStream {
    type Item = Result<Bytes, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if this.finished {
            return Poll::Ready(None);
        }
        let chunks = match &mut this.source {
            Source::Memory(body) => {
                this.finished = true;
                return Poll::Ready(body.take().map(Ok));
            }
            Source::Live(chunks) => chunks,
        };
        match chunks.as_mut().poll_next(cx) {
            Poll::Ready(Some(Ok(chunk))) => {
                // The silence is measured from this chunk on.
                this.timer = None;
                Poll::Ready(Some(Ok(chunk)))
            }
            Poll::Ready(Some(Err(e))) => {
                this.finished = true;
                Poll::Ready(Some(Err(Error::from(e))))
            }
            Poll::Ready(None) => {
                this.finished = true;
                Poll::Ready(None)
            }
            Poll::Pending => {
                let Some(idle) = this.idle else { return Poll::Pending };
                let timer = this.timer.get_or_insert_with(|| Box::pin(tokio::time::sleep(idle)));
                if timer.as_mut().poll(cx).is_ready() {
                    this.finished = true;
                    return Poll::Ready(Some(Err(Error::Timeout { limit: idle })));
                }
                Poll::Pending
            }
        }
    }
}

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ByteStream")
            .field("status", &self.status)
            .field("content_type", &self.content_type())
            .field("content_length", &self.content_length())
            .finish_non_exhaustive()
    }
}

/// A body left unread in a [`RawResponse`](super::RawResponse) for a decoder that streams it
/// (server-sent events, JSON lines). Cloning shares it: whoever takes it first reads it.
#[derive(Clone, Default)]
pub(super) struct Unread(Arc<Mutex<Option<ByteStream>>>);

impl Unread {
    pub(super) fn new(stream: ByteStream) -> Self {
        Unread(Arc::new(Mutex::new(Some(stream))))
    }

    pub(super) fn take(&self) -> Option<ByteStream> {
        match self.0.lock() {
            Ok(mut slot) => slot.take(),
            Err(poisoned) => poisoned.into_inner().take(),
        }
    }

    pub(super) fn is_some(&self) -> bool {
        match self.0.lock() {
            Ok(slot) => slot.is_some(),
            Err(poisoned) => poisoned.into_inner().is_some(),
        }
    }
}
