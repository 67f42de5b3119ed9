//! A container's log as a file that grows whether anyone reads it or not: `history` lines at
//! fixed times from the container's start to an anchor, then one line every [`LIVE_STEP`].
//! Every line's time and text follow from its index, so any slice costs only its own lines.

use crate::util::Rng;

/// Between two live lines: 0.5 s.
pub(super) const LIVE_STEP: i64 = 500_000_000;
/// Between two history lines when the container started too shortly before the anchor for
/// them to be spread: 1 ms.
const CRAMMED_STEP: i64 = 1_000_000;

const LOG_TEMPLATES: &[&str] = &[
    "INFO  http request method=GET path=/api/items/{n} status=200 duration_ms={d}",
    "INFO  http request method=POST path=/api/orders status=201 duration_ms={d}",
    "DEBUG cache hit key=item:{n} ttl_s=300",
    "INFO  worker processed job id={n} queue=default attempts=1",
    "WARN  slow query table=orders rows={n} duration_ms={d}",
    "INFO  health check ok uptime_s={n}",
    "ERROR upstream timeout service=payments attempt={d} request_id=req-{n}",
    "INFO  connected to database pool_size={d} host=db-{n}",
];

/// The text of line `i` of a container's log (of its previous instance when `previous`).
pub(super) fn log_line(pod: &str, container: &str, i: u64, previous: bool) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ i ^ if previous { 0xdead } else { 0 };
    for b in pod.bytes().chain(container.bytes()) {
        h ^= b as u64;
        h = h.wrapping_mul(0x100_0000_01b3);
    }
    let mut rng = Rng::new(h.wrapping_add(i));
    let t = rng.pick(LOG_TEMPLATES);
    t.replace("{n}", &rng.range(1, 99_999).to_string())
        .replace("{d}", &rng.range(1, 900).to_string())
}

/// How many lines a pod's containers had logged before the lab first served their log: 40–99.
pub(super) fn history_len(pod: &str) -> u64 {
    let mut seed_h: u64 = 0;
    for b in pod.bytes() {
        seed_h = seed_h.wrapping_mul(31).wrapping_add(b as u64);
    }
    40 + seed_h % 60
}

/// The times of a log's lines, in nanoseconds since the Unix epoch; never decreasing.
#[derive(Debug, Clone, Copy)]
pub(super) struct Timeline {
    /// Lines `0..history` are spread from `start` to `anchor` (the last one at `anchor`).
    history: u64,
    start: i64,
    anchor: i64,
    /// Whether line `history + k` follows at `anchor + (k + 1) * LIVE_STEP` (a running
    /// container), or the log ends with its history (a previous instance).
    live: bool,
}

impl Timeline {
    /// `history` lines from `start` to `anchor`, crammed at 1 ms steps before `anchor` when
    /// they do not fit between the two.
    pub(super) fn new(history: u64, start: i64, anchor: i64, live: bool) -> Self {
        let needed = history.saturating_sub(1) as i64 * CRAMMED_STEP;
        let start = if anchor.saturating_sub(start) < needed {
            anchor - needed
        } else {
            start
        };
        Timeline {
            history,
            start,
            anchor,
            live,
        }
    }

    /// When line `i` was (or will be) written.
    pub(super) fn time(&self, i: u64) -> i64 {
        if i >= self.history {
            return self.anchor + (i - self.history + 1) as i64 * LIVE_STEP;
        }
        if self.history < 2 {
            return self.anchor;
        }
        let span = i128::from(self.anchor - self.start);
        self.start + (span * i128::from(i) / i128::from(self.history - 1)) as i64
    }

    /// How many lines are written by `now`: those whose time is at or before it.
    pub(super) fn written(&self, now: i64) -> u64 {
        if !self.live || now < self.anchor {
            return self.history;
        }
        self.history + ((now - self.anchor) / LIVE_STEP) as u64
    }

    /// The first line written at or after `t` (the line count past the end of a finished log).
    pub(super) fn first_at_or_after(&self, t: i64) -> u64 {
        if t > self.anchor {
            if !self.live {
                return self.history;
            }
            let steps = (t - self.anchor + LIVE_STEP - 1) / LIVE_STEP;
            return self.history + steps as u64 - 1;
        }
        let (mut lo, mut hi) = (0, self.history);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if self.time(mid) < t {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: i64 = 1_000_000_000;

    #[test]
    fn history_is_spread_then_live_lines_every_half_second() {
        let t = Timeline::new(41, 1000 * S, 1400 * S, true);
        assert_eq!(t.time(0), 1000 * S);
        assert_eq!(t.time(1), 1010 * S);
        assert_eq!(t.time(40), 1400 * S);
        assert_eq!(t.time(41), 1400 * S + LIVE_STEP);
        assert_eq!(t.time(44), 1402 * S);
        assert_eq!(t.written(1400 * S), 41);
        assert_eq!(t.written(1400 * S + LIVE_STEP - 1), 41);
        assert_eq!(t.written(1402 * S), 45);
        assert!((0..200).all(|i| t.time(i) <= t.time(i + 1)));
    }

    #[test]
    fn since_finds_the_first_line_at_or_after() {
        let t = Timeline::new(57, 1000 * S + 123, 1003 * S + 456_789, true);
        for i in 0..300 {
            assert_eq!(t.first_at_or_after(t.time(i)), i, "line {i}");
            assert_eq!(t.first_at_or_after(t.time(i) + 1), i + 1, "after line {i}");
        }
        assert_eq!(t.first_at_or_after(0), 0);
        let done = Timeline::new(50, 1000 * S, 1100 * S, false);
        assert_eq!(done.written(5000 * S), 50);
        assert_eq!(done.first_at_or_after(2000 * S), 50);
    }

    #[test]
    fn a_history_that_does_not_fit_is_crammed_before_the_anchor() {
        let t = Timeline::new(60, 1000 * S, 1000 * S + 20_000_000, true);
        assert_eq!(t.time(59), 1000 * S + 20_000_000);
        assert_eq!(t.time(58), t.time(59) - CRAMMED_STEP);
        assert_eq!(t.time(0), t.time(59) - 59 * CRAMMED_STEP);
        let started_later = Timeline::new(40, 2000 * S, 1000 * S, true);
        assert!((0..100).all(|i| started_later.time(i) < started_later.time(i + 1)));
    }
}
