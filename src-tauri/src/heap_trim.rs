//! Gives the backend's freed heap back to the system once a large list has passed through it.
//!
//! A cluster's first list (2,000 pods: megabytes of JSON parsed into rows, then the page's
//! `take_events` answer serialized from them) is freed as soon as the page has it, but glibc's
//! allocator keeps freed memory in its arenas for reuse, and its mmap threshold rises after the
//! first large buffer is freed, so later ones come from the arenas too. The app process then
//! stayed ~2.6 MB larger for each cluster connected (issue #15's P8b steps, `make heap-census`)
//! though what it holds per cluster is far less. So when the page has taken events carrying at
//! least [`LARGE_TAKE`] rows, and then nothing that large for [`QUIET`], the process calls
//! `malloc_trim(0)` (on a blocking thread: it walks the arenas) once. Elsewhere (not glibc), or
//! with `KUBELI_HEAP_TRIM=off` (to compare), it does nothing.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use kubeli_core::events::Event;

/// Rows in one take that count as a large list (a page of a first list is 500).
pub const LARGE_TAKE: usize = 500;
/// How long after the last large take the heap is trimmed.
pub const QUIET: Duration = Duration::from_secs(1);

/// Schedules the trims (see the module's text). Shared by every `take_events`.
pub struct HeapTrim {
    quiet: Duration,
    /// Never trims (`KUBELI_HEAP_TRIM=off`).
    off: bool,
    /// A large take happened since the trim task last looked.
    dirty: AtomicBool,
    /// A trim task is waiting for quiet.
    waiting: AtomicBool,
    /// Trims done.
    trims: AtomicUsize,
}

impl HeapTrim {
    /// The app's: [`QUIET`], or never with `KUBELI_HEAP_TRIM=off`.
    pub fn from_env() -> Self {
        let mut trim = Self::new(QUIET);
        trim.off = std::env::var_os("KUBELI_HEAP_TRIM").is_some_and(|v| v == "off");
        trim
    }

    /// Trims `quiet` after the last large take.
    pub fn new(quiet: Duration) -> Self {
        Self {
            quiet,
            off: false,
            dirty: AtomicBool::new(false),
            waiting: AtomicBool::new(false),
            trims: AtomicUsize::new(0),
        }
    }

    /// Trims done so far.
    pub fn trims(&self) -> usize {
        self.trims.load(Ordering::SeqCst)
    }

    /// Notes what the page just took; starts a trim task when it was large and none waits.
    pub fn taken(self: &Arc<Self>, events: &[Event]) {
        if self.off || rows_in(events) < LARGE_TAKE {
            return;
        }
        self.dirty.store(true, Ordering::SeqCst);
        if self.waiting.swap(true, Ordering::SeqCst) {
            return;
        }
        let me = Arc::clone(self);
        tauri::async_runtime::spawn(async move { me.wait_and_trim().await });
    }

    async fn wait_and_trim(&self) {
        loop {
            // Wait until a whole QUIET passes without a large take.
            while self.dirty.swap(false, Ordering::SeqCst) {
                tokio::time::sleep(self.quiet).await;
            }
            let released = tokio::task::spawn_blocking(trim).await.unwrap_or(false);
            self.trims.fetch_add(1, Ordering::SeqCst);
            tracing::debug!(released, "heap trimmed after a large list");
            self.waiting.store(false, Ordering::SeqCst);
            // A take that came between the last look and the line above found a task waiting
            // and left it to this one.
            if !self.dirty.load(Ordering::SeqCst) || self.waiting.swap(true, Ordering::SeqCst) {
                return;
            }
        }
    }
}

/// Rows the events carry: each delta's full list and upserts.
pub fn rows_in(events: &[Event]) -> usize {
    events
        .iter()
        .map(|e| match e {
            Event::ResourceDelta(d) => d.reset.as_ref().map_or(0, Vec::len) + d.upserts.len(),
            _ => 0,
        })
        .sum()
}

/// Returns freed heap memory to the system; true when some was. The workspace's one
/// `unsafe` block: a call of glibc's, which has no safe wrapper in a crate we use.
#[allow(unsafe_code)]
fn trim() -> bool {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // SAFETY: malloc_trim takes no pointers and is safe to call from any thread.
        unsafe { libc::malloc_trim(0) == 1 }
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kubeli_core::context_id::ContextId;
    use kubeli_core::events::ResourceDelta;

    fn delta(reset: Option<usize>, upserts: usize) -> Event {
        Event::ResourceDelta(ResourceDelta {
            context: ContextId::parse("lab-1"),
            kind: "pods".into(),
            namespace: None,
            reset: reset.map(|n| vec![serde_json::json!({}); n]),
            upserts: vec![serde_json::json!({}); upserts],
            deletes: vec!["ns/gone".into()],
        })
    }

    #[test]
    fn counts_full_lists_and_upserts_of_every_delta() {
        let gone = Event::Disconnected {
            context: ContextId::parse("lab-1"),
        };
        assert_eq!(rows_in(&[delta(Some(300), 2), gone, delta(None, 250)]), 552);
        assert_eq!(rows_in(&[]), 0);
    }

    const QUIET_IN_TESTS: Duration = Duration::from_millis(300);

    /// Waits (up to 10 s: CI machines stall) until `trim` has trimmed `n` times.
    async fn trimmed(trim: &HeapTrim, n: usize) {
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while trim.trims() < n && std::time::Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        assert_eq!(trim.trims(), n);
    }

    #[tokio::test]
    async fn trims_once_after_large_takes_go_quiet_and_never_for_small_ones() {
        let trim = Arc::new(HeapTrim::new(QUIET_IN_TESTS));
        trim.taken(&[delta(None, 499)]);
        tokio::time::sleep(QUIET_IN_TESTS * 2).await;
        assert_eq!(trim.trims(), 0, "499 rows are not a large list");

        // Three large takes 50 ms apart (within the quiet time): one trim, after the last.
        for _ in 0..3 {
            trim.taken(&[delta(Some(500), 0)]);
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert_eq!(trim.trims(), 0, "not before the takes go quiet");
        trimmed(&trim, 1).await;
        tokio::time::sleep(QUIET_IN_TESTS * 2).await;
        assert_eq!(trim.trims(), 1, "once for the three");

        // A later large take trims again.
        trim.taken(&[delta(None, 600)]);
        trimmed(&trim, 2).await;
    }

    #[tokio::test]
    async fn never_trims_when_turned_off() {
        let mut off = HeapTrim::new(QUIET_IN_TESTS);
        off.off = true;
        let trim = Arc::new(off);
        trim.taken(&[delta(Some(5_000), 0)]);
        tokio::time::sleep(QUIET_IN_TESTS * 3).await;
        assert_eq!(trim.trims(), 0);
    }
}
