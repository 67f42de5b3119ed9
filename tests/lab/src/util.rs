//! Small helpers: a seeded PRNG, RFC 3339 timestamps without a date crate, kubectl-style ages.

use std::time::{SystemTime, UNIX_EPOCH};

/// SplitMix64: tiny, fast, deterministic for a given seed.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator seeded with `seed`.
    pub fn new(seed: u64) -> Self {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }
    /// Next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }
    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    /// Picks one element.
    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len() as u64) as usize]
    }
    /// Lowercase alphanumeric suffix like the ones Kubernetes generates.
    pub fn suffix(&mut self, len: usize) -> String {
        const A: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
        (0..len)
            .map(|_| A[self.below(A.len() as u64) as usize] as char)
            .collect()
    }
}

/// Seconds since the Unix epoch.
pub fn now_secs() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

fn days_to_civil(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

pub(crate) fn civil_to_days(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `2024-05-01T12:00:00Z`
pub fn rfc3339(secs: i64) -> String {
    let (y, m, d) = days_to_civil(secs.div_euclid(86_400));
    let s = secs.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        s / 3600,
        (s / 60) % 60,
        s % 60
    )
}

pub use crate::gotime::parse_rfc3339_go;

/// Nanoseconds since the Unix epoch.
pub fn now_nanos() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// Go's `time.RFC3339Nano` in UTC, as the kubelet stamps log lines: `2026-12-01T03:04:05.5Z`
/// (trailing zeros of the fraction trimmed), `2026-12-01T03:04:05Z` when the fraction is zero.
pub fn rfc3339_nanos(secs: i64, nanos: u32) -> String {
    let base = rfc3339(secs);
    if nanos == 0 {
        return base;
    }
    let fraction = format!("{nanos:09}");
    format!(
        "{}.{}Z",
        &base[..base.len() - 1],
        fraction.trim_end_matches('0')
    )
}

/// [`rfc3339_nanos`] of a time in nanoseconds since the Unix epoch.
pub fn rfc3339_nano(t: i64) -> String {
    rfc3339_nanos(t.div_euclid(NANOS), t.rem_euclid(NANOS) as u32)
}

/// Nanoseconds in a second.
pub const NANOS: i64 = 1_000_000_000;

/// Parses the date-time prefix of an RFC 3339 UTC timestamp (`YYYY-MM-DDTHH:MM:SS`; a fraction
/// and the zone after it are ignored). For the lab's own timestamps; a client's time goes
/// through [`parse_rfc3339_go`].
pub fn parse_rfc3339(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() < 19 {
        return None;
    }
    let n = |r: std::ops::Range<usize>| s.get(r)?.parse::<i64>().ok();
    let days = civil_to_days(n(0..4)?, n(5..7)? as u32, n(8..10)? as u32);
    Some(days * 86_400 + n(11..13)? * 3600 + n(14..16)? * 60 + n(17..19)?)
}

/// kubectl's short human duration (`45s`, `5m10s`, `3h`, `2d4h`, `90d`).
pub fn human_duration(secs: i64) -> String {
    let s = secs.max(0);
    if s < 120 {
        format!("{s}s")
    } else if s < 600 {
        let (m, r) = (s / 60, s % 60);
        if r == 0 {
            format!("{m}m")
        } else {
            format!("{m}m{r}s")
        }
    } else if s < 3 * 3600 {
        format!("{}m", s / 60)
    } else if s < 8 * 3600 {
        let (h, m) = (s / 3600, (s / 60) % 60);
        if m == 0 {
            format!("{h}h")
        } else {
            format!("{h}h{m}m")
        }
    } else if s < 48 * 3600 {
        format!("{}h", s / 3600)
    } else if s < 8 * 86_400 {
        let (d, h) = (s / 86_400, (s / 3600) % 24);
        if h == 0 {
            format!("{d}d")
        } else {
            format!("{d}d{h}h")
        }
    } else if s < 2 * 365 * 86_400 {
        format!("{}d", s / 86_400)
    } else {
        format!("{}y", s / (365 * 86_400))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_roundtrip() {
        for t in [0, 86_399, 951_782_400, 1_714_564_800, 1_900_000_123] {
            assert_eq!(parse_rfc3339(&rfc3339(t)), Some(t));
        }
        assert_eq!(rfc3339(1_714_564_800), "2024-05-01T12:00:00Z");
        assert_eq!(human_duration(45), "45s");
        assert_eq!(human_duration(310), "5m10s");
        assert_eq!(human_duration(3 * 86_400 + 7200), "3d2h");
    }

    #[test]
    fn log_timestamps_are_gos_rfc3339nano() {
        let t = 1_796_094_245; // 2026-12-01T03:04:05Z
        assert_eq!(rfc3339_nanos(t, 500_000_000), "2026-12-01T03:04:05.5Z");
        assert_eq!(rfc3339_nanos(t, 0), "2026-12-01T03:04:05Z");
        assert_eq!(rfc3339_nanos(t, 120_000), "2026-12-01T03:04:05.00012Z");
        assert_eq!(
            rfc3339_nanos(t, 123_456_789),
            "2026-12-01T03:04:05.123456789Z"
        );
        assert_eq!(
            rfc3339_nano(t * NANOS + 10),
            "2026-12-01T03:04:05.00000001Z"
        );
        assert_eq!(rfc3339_nano(-1), "1969-12-31T23:59:59.999999999Z");
    }

    #[test]
    fn rng_is_deterministic() {
        let (mut a, mut b) = (Rng::new(7), Rng::new(7));
        assert_eq!(a.next_u64(), b.next_u64());
        assert_ne!(Rng::new(1).next_u64(), Rng::new(2).next_u64());
    }
}
