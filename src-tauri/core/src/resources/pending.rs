//! Requests the UI may abandon. Each runs as its own task under an id the frontend chose;
//! cancelling the id aborts the task, which drops the HTTP request, so the server sees it
//! end at once instead of the call running on to its timeout after its view or dialog closed.

use std::future::Future;

use dashmap::DashMap;
use tokio::task::AbortHandle;

use crate::context_id::ContextId;
use crate::error::Error;

/// The abandonable requests in flight, by the id the frontend gave them.
#[derive(Default)]
pub struct PendingRequests {
    running: DashMap<String, AbortHandle>,
}

impl PendingRequests {
    /// Run `request` on `context`, cancellable under `id` (not cancellable without one).
    pub async fn run<T: Send + 'static>(
        &self,
        id: Option<String>,
        context: &ContextId,
        during: &str,
        request: impl Future<Output = Result<T, Error>> + Send + 'static,
    ) -> Result<T, Error> {
        let Some(id) = id else {
            return request.await;
        };
        let task = tokio::spawn(request);
        self.running.insert(id.clone(), task.abort_handle());
        let outcome = task.await;
        self.running.remove(&id);
        outcome.unwrap_or_else(|_| {
            Err(Error::RequestCancelled {
                context: context.display_name(),
                during: during.to_owned(),
            })
        })
    }

    /// Abandon the request running under `id`. Returns whether one was.
    pub fn cancel(&self, id: &str) -> bool {
        self.running.remove(id).map(|(_, h)| h.abort()).is_some()
    }

    /// How many requests are in flight.
    pub fn len(&self) -> usize {
        self.running.len()
    }

    pub fn is_empty(&self) -> bool {
        self.running.is_empty()
    }
}
