//! Where a followed log got to, so it can go on from there after its cluster stopped answering
//! for a while (a laptop asleep, a VPN dropped). A followed log always asks for timestamps
//! (taken off again unless the user asked for them); each container's [`Mark`] is the last
//! line's time and how many lines had that time. Opened again with `sinceTime` (the API server
//! takes whole seconds), it skips what it already sent: lines before the mark, and as many at
//! the mark's time as were sent.

use k8s_openapi::jiff::{Timestamp, TimestampRound, Unit};

/// The last line sent of one container's log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Mark {
    pub(super) time: Timestamp,
    /// Lines sent with exactly this time.
    pub(super) seen: u32,
}

impl Mark {
    /// A line with `time` was sent.
    pub(super) fn advance(mark: &mut Option<Mark>, time: Timestamp) {
        match mark {
            Some(m) if m.time == time => m.seen += 1,
            _ => *mark = Some(Mark { time, seen: 1 }),
        }
    }

    /// The `sinceTime` to ask for: the mark's second (the API server rounds to whole seconds;
    /// rounding down keeps the lines of the mark's own second).
    pub(super) fn since(&self) -> Timestamp {
        self.time
            .round(
                TimestampRound::new()
                    .smallest(Unit::Second)
                    .mode(k8s_openapi::jiff::RoundMode::Trunc),
            )
            .unwrap_or(self.time)
    }
}

/// A line's timestamp (the kubelet's RFC 3339 prefix) and where its text starts.
pub(super) fn stamp(line: &[u8]) -> Option<(Timestamp, usize)> {
    let end = line.iter().position(|b| *b == b' ').unwrap_or(line.len());
    let time = std::str::from_utf8(&line[..end]).ok()?.parse().ok()?;
    Some((time, (end + 1).min(line.len())))
}

/// Skips, in a log opened again, the lines sent before.
#[derive(Debug)]
pub(super) struct Resume {
    after: Option<Mark>,
    equal: u32,
}

impl Resume {
    pub(super) fn new(after: Option<Mark>) -> Self {
        Self { after, equal: 0 }
    }

    /// Whether a line with this time was sent already. Once a line is new, every later one is.
    pub(super) fn sent_before(&mut self, time: Option<Timestamp>) -> bool {
        let (Some(after), Some(time)) = (self.after, time) else {
            self.after = None;
            return false;
        };
        if time < after.time {
            return true;
        }
        if time == after.time && self.equal < after.seen {
            self.equal += 1;
            return true;
        }
        self.after = None;
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn reads_the_kubelets_timestamps() {
        let (time, at) = stamp(b"2026-12-01T03:04:05.5Z GET /items").unwrap();
        assert_eq!(time, t("2026-12-01T03:04:05.500Z"));
        assert_eq!(&b"2026-12-01T03:04:05.5Z GET /items"[at..], b"GET /items");
        let (time, at) = stamp(b"2026-12-01T03:04:05Z").unwrap();
        assert_eq!((time, at), (t("2026-12-01T03:04:05Z"), 20));
        assert_eq!(stamp(b"INFO no timestamp here"), None);
        assert_eq!(stamp(b""), None);
    }

    #[test]
    fn since_is_the_marks_second() {
        let mark = Mark {
            time: t("2026-12-01T03:04:05.987654321Z"),
            seen: 1,
        };
        assert_eq!(mark.since(), t("2026-12-01T03:04:05Z"));
    }

    #[test]
    fn skips_what_was_sent_and_nothing_after() {
        let mut mark = None;
        for s in ["2026-12-01T03:04:04.9Z", "2026-12-01T03:04:05.1Z"] {
            Mark::advance(&mut mark, t(s));
        }
        Mark::advance(&mut mark, t("2026-12-01T03:04:05.1Z"));
        assert_eq!(mark.unwrap().seen, 2);
        let mut resume = Resume::new(mark);
        let lines = [
            ("2026-12-01T03:04:05Z", true),
            ("2026-12-01T03:04:05.1Z", true),
            ("2026-12-01T03:04:05.1Z", true),
            ("2026-12-01T03:04:05.1Z", false),
            ("2026-12-01T03:04:05.2Z", false),
            // Once a line is new, a clock that steps back does not hide the next.
            ("2026-12-01T03:04:05Z", false),
        ];
        for (s, skipped) in lines {
            assert_eq!(resume.sent_before(Some(t(s))), skipped, "{s}");
        }
        assert!(!Resume::new(None).sent_before(Some(t("2026-12-01T03:04:05Z"))));
        assert!(!Resume::new(mark).sent_before(None));
    }
}
