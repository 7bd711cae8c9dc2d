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
use super::transport::Operation;

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
    /// Reads an answer into the success type or a documented error.
    fn decode(response: &mut RawResponse) -> Result<Self::Output, Error<Self::Error>>;
}

/// The future of a sent request: owns everything it needs, so it can be spawned.
pub type CallFuture<T, E> = Pin<Box<dyn Future<Output = CallResult<T, E>> + Send + 'static>>;

impl Core {
    /// Sends `request` as operation `M`; the future owns this client (a cheap clone) and the
    /// request.
    pub fn start<M: Endpoint>(self, request: Prepared) -> CallFuture<M::Output, M::Error> {
        Box::pin(async move { self.call(request, &M::OPERATION, M::SECURITY, M::decode).await })
    }
}
