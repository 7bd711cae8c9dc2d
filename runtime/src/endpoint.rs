//! What an operation is, as a type: its method and path, the credentials it may use, and how
//! its answer is decoded. A generated operation is an uninhabited type implementing
//! [`Endpoint`], and its request builder is the module's generic `Request` over that type, so
//! sending, per-call overrides and `IntoFuture` are written once for every operation.

use std::future::Future;
use std::pin::Pin;

use super::client::Core;
use super::error::Error;
use super::prepared::Prepared;
use super::response::{CallResult, RawResponse};
use super::stream::ByteStream;
use super::transport::{Operation, Reading};

/// One operation of an API document.
pub trait Endpoint: 'static {
    /// The body of a successful answer.
    type Output: Send + 'static;
    /// The documented error bodies.
    type Error: Send + 'static;
    /// The operationId, method and path template.
    const OPERATION: Operation;
    /// The alternatives of security schemes (indexes into the API's table) the operation
    /// accepts, in the document's order; empty when it needs none.
    const SECURITY: &'static [&'static [usize]];
    /// The media types of success bodies the decoder reads as a stream (server-sent events, JSON
    /// lines): such a body is left on the connection for it. Empty for most operations.
    const STREAMED: &'static [&'static str] = &[];
    /// Reads an answer into the success type or a documented error.
    fn decode(response: &mut RawResponse) -> Result<Self::Output, Error<Self::Error>>;
}

/// An operation whose success body is binary or text: its request builder can also hand the body
/// over as a [`ByteStream`] (`send_streaming`), not held to the body limit.
pub trait Download: Endpoint {}

/// The future of a sent request: owns everything it needs, so it can be spawned.
pub type CallFuture<T, E> = Pin<Box<dyn Future<Output = CallResult<T, E>> + Send + 'static>>;

impl Core {
    /// Sends `request` as operation `M`; the future owns this client (a cheap clone) and the
    /// request.
    pub fn start<M: Endpoint>(self, request: Prepared) -> CallFuture<M::Output, M::Error> {
        Box::pin(async move {
            let reading = if M::STREAMED.is_empty() { Reading::Whole } else { Reading::Streamed(M::STREAMED) };
            self.call(request, M::OPERATION, M::SECURITY, reading, M::decode).await
        })
    }

    /// Sends `request` as operation `M` and hands a success body over unread; an error status is
    /// read and decoded as [`start`](Core::start) does.
    pub fn start_streaming<M: Download>(self, request: Prepared) -> CallFuture<ByteStream, M::Error> {
        Box::pin(async move { self.call_streaming(request, M::OPERATION, M::SECURITY, M::decode).await })
    }
}
