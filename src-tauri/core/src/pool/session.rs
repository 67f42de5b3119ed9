//! What a window that reloaded needs to pick up where it was: every running watcher of
//! every live connection, and the namespace list sent again (it only travels as events, so
//! a fresh page missed it). Also the size of the task registry, for the soak test.

use super::{KubeClientManager, TaskKey, WatcherKey};

impl KubeClientManager {
    /// The resource watchers still running, over every connection.
    pub fn running_watchers(&self) -> Vec<WatcherKey> {
        self.live()
            .iter()
            .flat_map(|c| c.running_tasks())
            .filter_map(|key| match key {
                TaskKey::Watcher(w) => Some(w),
                _ => None,
            })
            .collect()
    }

    /// How many background tasks run for all connections (health, namespaces, watchers)
    /// plus connects and retries in flight: zero once everything is disconnected.
    pub fn task_count(&self) -> usize {
        let tasks: usize = self.live().iter().map(|c| c.running_tasks().len()).sum();
        tasks + self.connecting.len() + self.retrying.len()
    }

    /// Send every connection's namespaces again, by restarting its namespace watcher (its
    /// first list is emitted in full). For a page that reloaded and so missed them.
    pub fn resend_namespaces(&self) {
        for conn in self.live() {
            self.start_namespaces(&conn);
        }
    }

    fn live(&self) -> Vec<std::sync::Arc<super::ClusterConnection>> {
        self.connections
            .iter()
            .map(|c| std::sync::Arc::clone(c.value()))
            .collect()
    }
}
