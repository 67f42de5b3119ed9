//! Pause points inside a connect, for the race tests only (cargo feature `test-hooks`):
//! a test installs a hook that the connect awaits at a named point, so it can land a
//! cancel, a disconnect or a panic exactly there instead of hoping a sleep hits the window.
//! Without the feature every pause is a no-op the compiler removes.

use crate::context_id::ContextId;

use super::KubeClientManager;

/// Where a connect can be paused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PausePoint {
    /// The context was found in its kubeconfig file; nothing is built yet.
    Resolved,
    /// The connection is published with its tasks started; the attempt has not ended yet.
    Published,
}

/// A hook the connect awaits at each [`PausePoint`].
#[cfg(feature = "test-hooks")]
pub type PauseHook = std::sync::Arc<
    dyn Fn(PausePoint, ContextId) -> futures::future::BoxFuture<'static, ()> + Send + Sync,
>;

impl KubeClientManager {
    /// Install the hook every later connect of this pool awaits at its pause points.
    #[cfg(feature = "test-hooks")]
    pub fn set_pause_hook(&self, hook: PauseHook) {
        *crate::sync::lock(&self.pause_hook) = Some(hook);
    }

    /// Await the test hook at `point`, if one is installed.
    pub(super) async fn pause(&self, point: PausePoint, id: &ContextId) {
        #[cfg(feature = "test-hooks")]
        {
            let hook = crate::sync::lock(&self.pause_hook).clone();
            if let Some(hook) = hook {
                hook(point, id.clone()).await;
            }
        }
        #[cfg(not(feature = "test-hooks"))]
        let _ = (point, id);
    }
}
