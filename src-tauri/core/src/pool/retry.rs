//! Recovery that never stops: a connect that failed for a reason that may pass
//! (unreachable, timed out, 5xx, a proxy down) is tried again with backoff until it
//! succeeds or the user disconnects. Each failed try is reported as a health event that
//! says when the next try is; a try that succeeds publishes the connection, whose own
//! health probe then reports it healthy.

use std::sync::Arc;

use crate::context_id::ContextId;
use crate::error::Error;
use crate::events::{now_ms, Event};
use crate::health;

use super::KubeClientManager;

impl KubeClientManager {
    /// Keep trying `context` in the background after `error`, unless the error will not
    /// pass by itself, retries are off, or a retry loop already runs.
    pub(super) fn retry_later(self: &Arc<Self>, context: &ContextId, error: &Error) {
        if !self.options.retry_failed_connects || !passes(error) {
            return;
        }
        let dashmap::Entry::Vacant(slot) = self.retrying.entry(context.clone()) else {
            return;
        };
        let this = Arc::clone(self);
        let id = context.clone();
        let first = error.clone();
        let task = tokio::spawn(async move {
            this.retry_loop(&id, first).await;
            this.retrying.remove(&id);
        });
        slot.insert(task.abort_handle());
    }

    async fn retry_loop(self: &Arc<Self>, id: &ContextId, mut error: Error) {
        let mut failures = 1;
        loop {
            let delay = health::next_delay(&self.options, failures, id.as_str());
            let mut report = health::failed(&error, failures - 1);
            report.next_retry_ms = Some(now_ms() + delay.as_secs_f64() * 1000.0);
            self.sink.emit(Event::Health {
                context: id.clone(),
                health: report,
            });
            tokio::time::sleep(delay).await;
            if !self.retrying.contains_key(id) {
                return; // disconnected meanwhile
            }
            match self.connect_once(id).await {
                Ok(_) => return,
                Err(e) if passes(&e) => {
                    error = e;
                    failures += 1;
                }
                Err(e) => {
                    // It will not pass by itself any more (e.g. the credentials now fail).
                    self.sink.emit(Event::Health {
                        context: id.clone(),
                        health: health::failed(&e, failures),
                    });
                    return;
                }
            }
        }
    }

    /// Stop retrying a context. Returns whether a retry loop was running.
    pub(super) fn stop_retrying(&self, context: &ContextId) -> bool {
        self.retrying
            .remove(context)
            .map(|(_, task)| task.abort())
            .is_some()
    }
}

/// Whether a failed connect may succeed later with nothing changed: the network, the
/// server or the proxy. Credentials and exec plugins are not retried in the background (an
/// interactive plugin would open a browser each time), nor a cancelled connect.
fn passes(error: &Error) -> bool {
    use crate::error::ErrorKind as K;
    error.retryable()
        && matches!(
            error.kind(),
            K::Unreachable | K::Timeout | K::Api | K::Proxy
        )
}
