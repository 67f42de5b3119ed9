//! Go's `time.Parse(time.RFC3339, ..)`, as the API server reads a log's `sinceTime`: what it
//! accepts and, for what it does not, Go's own error text, which the API server answers with.

use crate::util::civil_to_days;

/// Go's `time.Parse(time.RFC3339, value)`, which the API server applies to a `sinceTime`:
/// a fraction of any length (`.` or `,`, digits past the ninth dropped), `Z` or a `±hh:mm`
/// offset. `Ok((seconds, nanoseconds))` since the Unix epoch, or `Err` with Go's own message
/// (`parsing time "x" as "2006-01-02T15:04:05Z07:00": cannot parse "x" as "2006"`).
pub fn parse_rfc3339_go(value: &str) -> Result<(i64, u32), String> {
    let mut p = GoParse {
        value,
        rest: value.as_bytes(),
    };
    let year = p.number("", "2006", 4, None)?;
    let month = p.number("-", "01", 2, Some(("month", 1, 12)))?;
    let day = p.number("-", "02", 2, None)?;
    let hour = p.number("T", "15", 1, Some(("hour", 0, 23)))?;
    let min = p.number(":", "04", 2, Some(("minute", 0, 59)))?;
    let sec = p.number(":", "05", 2, Some(("second", 0, 59)))?;
    let nanos = p.fraction();
    let offset = p.zone()?;
    if !p.rest.is_empty() {
        let rest = quote(p.rest);
        return Err(p.message(&format!(": extra text: {rest}")));
    }
    if day < 1 || day > days_in(month, year) {
        return Err(p.message(": day out of range"));
    }
    let days = civil_to_days(year, month as u32, day as u32);
    Ok((days * 86_400 + hour * 3600 + min * 60 + sec - offset, nanos))
}

/// Go's layout parser walking `2006-01-02T15:04:05Z07:00`.
struct GoParse<'a> {
    value: &'a str,
    rest: &'a [u8],
}

impl GoParse<'_> {
    const LAYOUT: &'static str = "2006-01-02T15:04:05Z07:00";

    fn message(&self, text: &str) -> String {
        format!("parsing time {}{text}", quote(self.value.as_bytes()))
    }

    fn cannot(&self, rest: &[u8], elem: &str) -> String {
        let layout = quote(Self::LAYOUT.as_bytes());
        self.message(&format!(
            " as {layout}: cannot parse {} as {}",
            quote(rest),
            quote(elem.as_bytes())
        ))
    }

    /// The literal `sep`, then a number of `min` (or, when `min` is 1, one or two) digits; 4
    /// digits for the year, 2 for the rest; `range` names the element Go checks the range of.
    fn number(
        &mut self,
        sep: &str,
        elem: &str,
        min: usize,
        range: Option<(&str, i64, i64)>,
    ) -> Result<i64, String> {
        if !sep.is_empty() {
            match self.rest.strip_prefix(sep.as_bytes()) {
                Some(r) => self.rest = r,
                None => return Err(self.cannot(self.rest, sep)),
            }
        }
        let digits = self.rest.iter().take_while(|b| b.is_ascii_digit()).count();
        let take = match (min, digits) {
            (4, d) if d >= 4 => 4,
            (4, _) => return Err(self.cannot(self.rest, elem)),
            (_, d) if d >= 2 => 2,
            (1, 1) => 1,
            _ => return Err(self.cannot(self.rest, elem)),
        };
        let n = self.rest[..take]
            .iter()
            .fold(0i64, |n, b| n * 10 + i64::from(b - b'0'));
        self.rest = &self.rest[take..];
        match range {
            Some((what, lo, hi)) if n < lo || n > hi => {
                Err(self.message(&format!(": {what} out of range")))
            }
            _ => Ok(n),
        }
    }

    /// A fraction after the seconds, which Go accepts though the layout has none.
    fn fraction(&mut self) -> u32 {
        let r = self.rest;
        if r.len() < 2 || !matches!(r[0], b'.' | b',') || !r[1].is_ascii_digit() {
            return 0;
        }
        let n = 1 + r[1..].iter().take_while(|b| b.is_ascii_digit()).count();
        self.rest = &r[n..];
        (0..9).fold(0u32, |acc, i| {
            acc * 10
                + r.get(1 + i)
                    .filter(|_| 1 + i < n)
                    .map_or(0, |b| u32::from(b - b'0'))
        })
    }

    /// `Z` or `±hh:mm`: the offset east of UTC in seconds.
    fn zone(&mut self) -> Result<i64, String> {
        let r = self.rest;
        if r.first() == Some(&b'Z') {
            self.rest = &r[1..];
            return Ok(0);
        }
        let two = |s: &[u8]| {
            (s.len() == 2 && s.iter().all(u8::is_ascii_digit))
                .then(|| i64::from(s[0] - b'0') * 10 + i64::from(s[1] - b'0'))
        };
        if r.len() < 6 || r[3] != b':' {
            return Err(self.cannot(r, "Z07:00"));
        }
        let hh = two(&r[1..3]);
        let mm = hh.and_then(|_| two(&r[4..6]));
        // Go checks the ranges (`>`, not `>=`) before the sign and the digits.
        let range = if mm.is_some_and(|m| m > 60) {
            Some("minute")
        } else {
            hh.is_some_and(|h| h > 24).then_some("hour")
        };
        if let Some(what) = range {
            return Err(self.message(&format!(": time zone offset {what} out of range")));
        }
        let (Some(hh), Some(mm), sign @ (b'+' | b'-')) = (hh, mm, r[0]) else {
            return Err(self.cannot(r, "Z07:00"));
        };
        self.rest = &r[6..];
        let offset = hh * 3600 + mm * 60;
        Ok(if sign == b'-' { -offset } else { offset })
    }
}

fn days_in(month: i64, year: i64) -> i64 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Go's `time` package quoting: `"`, `\` escaped, control and non-ASCII bytes as `\xNN`.
fn quote(s: &[u8]) -> String {
    let mut out = String::from("\"");
    for &b in s {
        match b {
            b'"' | b'\\' => {
                out.push('\\');
                out.push(b as char);
            }
            0x20..=0x7f => out.push(b as char),
            _ => out.push_str(&format!("\\x{b:02x}")),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_times_as_go_does() {
        let t = 1_796_094_245;
        for (s, want) in [
            ("2026-12-01T03:04:05Z", (t, 0)),
            ("2026-12-01T03:04:05.5Z", (t, 500_000_000)),
            ("2026-12-01T03:04:05,25Z", (t, 250_000_000)),
            ("2026-12-01T03:04:05.1234567891234Z", (t, 123_456_789)),
            ("2026-12-01T05:04:05+02:00", (t, 0)),
            ("2026-12-01T01:34:05.000000001-01:30", (t, 1)),
            ("2026-12-01T3:04:05Z", (t, 0)),
        ] {
            assert_eq!(parse_rfc3339_go(s), Ok(want), "{s}");
        }
        let layout = r#"as "2006-01-02T15:04:05Z07:00""#;
        for (s, want) in [
            (
                "yesterday",
                format!(r#"parsing time "yesterday" {layout}: cannot parse "yesterday" as "2006""#),
            ),
            (
                "2026-12-01",
                format!(r#"parsing time "2026-12-01" {layout}: cannot parse "" as "T""#),
            ),
            (
                "2026-12-01 03:04:05Z",
                format!(
                    r#"parsing time "2026-12-01 03:04:05Z" {layout}: cannot parse " 03:04:05Z" as "T""#
                ),
            ),
            (
                "2026-12-01T03:04:05",
                format!(
                    r#"parsing time "2026-12-01T03:04:05" {layout}: cannot parse "" as "Z07:00""#
                ),
            ),
            (
                "2026-1-01T03:04:05Z",
                format!(
                    r#"parsing time "2026-1-01T03:04:05Z" {layout}: cannot parse "1-01T03:04:05Z" as "01""#
                ),
            ),
            (
                "2026-13-01T03:04:05Z",
                r#"parsing time "2026-13-01T03:04:05Z": month out of range"#.to_string(),
            ),
            (
                "2026-02-30T03:04:05Z",
                r#"parsing time "2026-02-30T03:04:05Z": day out of range"#.to_string(),
            ),
            (
                "2026-12-01T24:04:05Z",
                r#"parsing time "2026-12-01T24:04:05Z": hour out of range"#.to_string(),
            ),
            (
                "2026-12-01T03:04:05Zjunk",
                r#"parsing time "2026-12-01T03:04:05Zjunk": extra text: "junk""#.to_string(),
            ),
            (
                "2026-12-01T03:04:05+25:00",
                r#"parsing time "2026-12-01T03:04:05+25:00": time zone offset hour out of range"#
                    .to_string(),
            ),
        ] {
            assert_eq!(parse_rfc3339_go(s), Err(want), "{s}");
        }
    }
}
