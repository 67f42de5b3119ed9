//! The backoff of a resource watch between failed attempts.

use std::time::Duration;

/// Backoff between attempts while the server keeps failing: 0.5 s doubling up to the
/// pool's `max_backoff` (at most 30 s).
pub(crate) struct Backoff {
    next: Duration,
    max: Duration,
}

impl Backoff {
    const FIRST: Duration = Duration::from_millis(500);

    pub(crate) fn new(max: Duration) -> Self {
        let max = max.min(Duration::from_secs(30));
        Self {
            next: Self::FIRST.min(max),
            max,
        }
    }

    pub(crate) fn next(&mut self) -> Duration {
        let wait = self.next;
        self.next = (self.next * 2).min(self.max);
        wait
    }

    pub(crate) fn reset(&mut self) {
        self.next = Self::FIRST.min(self.max);
    }
}
