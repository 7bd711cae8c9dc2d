//! The runtime a blocking client runs its async twin on (cargo feature `blocking`).

use std::sync::Arc;

use super::error::Error;

/// A current-thread tokio runtime shared by the clones of one blocking client.
#[derive(Debug, Clone)]
pub struct BlockingRuntime(Arc<tokio::runtime::Runtime>);

impl BlockingRuntime {
    /// Starts the runtime; fails when the operating system refuses its resources.
    pub fn new() -> Result<Self, Error> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| Error::InvalidRequest(format!("the blocking runtime cannot start: {e}")))?;
        Ok(BlockingRuntime(Arc::new(runtime)))
    }

    /// The runtime itself.
    pub fn get(&self) -> &tokio::runtime::Runtime {
        &self.0
    }

    /// Runs `future` to completion on this runtime.
    pub fn block_on<F: std::future::Future>(&self, future: F) -> F::Output {
        self.0.block_on(future)
    }
}

/// A stream of the async client (a download's [`ByteStream`](super::ByteStream), an
/// [`EventStream`](super::EventStream), [`JsonLines`](super::JsonLines), a page walk) read from
/// blocking code: an [`Iterator`] whose `next` waits for the stream's next item on the blocking
/// client's runtime. A [`ByteStream`](super::ByteStream) is also an [`std::io::Read`], so it can
/// be copied into a file with [`std::io::copy`].
pub struct BlockingStream<S> {
    stream: S,
    runtime: BlockingRuntime,
    /// What a `read` took from a chunk but could not hand over yet.
    pending: bytes::Bytes,
}

impl<S> BlockingStream<S> {
    /// `stream`, read on `runtime`.
    pub fn new(stream: S, runtime: BlockingRuntime) -> Self {
        Self { stream, runtime, pending: bytes::Bytes::new() }
    }

    /// The stream underneath (its status, headers and content type).
    pub fn get_ref(&self) -> &S {
        &self.stream
    }

    /// The stream underneath, to be read on an async runtime instead.
    pub fn into_inner(self) -> S {
        self.stream
    }
}

impl<S: futures_core::Stream + Unpin> Iterator for BlockingStream<S> {
    type Item = S::Item;

    fn next(&mut self) -> Option<S::Item> {
        let stream = &mut self.stream;
        self.runtime.block_on(std::future::poll_fn(|cx| std::pin::Pin::new(&mut *stream).poll_next(cx)))
    }
}

/// The bytes of a download as they arrive; an error of the stream (a timeout between chunks, a
/// broken connection) is an [`std::io::Error`] of kind `Other` carrying the runtime's error.
impl std::io::Read for BlockingStream<super::ByteStream> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.pending.is_empty() {
            match self.next() {
                None => return Ok(0),
                Some(Ok(chunk)) => self.pending = chunk,
                Some(Err(e)) => return Err(std::io::Error::other(e)),
            }
        }
        let n = buf.len().min(self.pending.len());
        buf[..n].copy_from_slice(&self.pending.split_to(n));
        Ok(n)
    }
}

impl<S: std::fmt::Debug> std::fmt::Debug for BlockingStream<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BlockingStream").field("stream", &self.stream).finish_non_exhaustive()
    }
}
