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
