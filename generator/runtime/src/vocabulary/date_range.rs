//! Date ranges in GitHub's search syntax, for filters such as `created` on
//! the workflow run lists (`>=2026-01-01`, `2026-01-01..2026-01-31`).
//!
//! GitHub's timestamps are whole seconds, and so is what the syntax takes:
//! an instant is written to the second, each bound rounded the way that
//! keeps the same whole seconds in the range (a lower bound up, an upper
//! bound down; for a strict bound the other way).

use std::fmt;

use chrono::{DateTime, NaiveDate, SecondsFormat, SubsecRound, TimeDelta, Utc};

/// A day or an instant, as GitHub's search syntax writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchTime {
    /// A whole day (`2026-01-31`).
    Day(NaiveDate),
    /// An instant, in UTC, written to the second (`2026-01-31T12:00:00Z`);
    /// fractions of a second are dropped, or, as a bound of a
    /// [`DateRange`], rounded so the range holds the same whole seconds.
    Instant(DateTime<Utc>),
}

impl From<NaiveDate> for SearchTime {
    fn from(day: NaiveDate) -> Self {
        SearchTime::Day(day)
    }
}

impl From<DateTime<Utc>> for SearchTime {
    fn from(instant: DateTime<Utc>) -> Self {
        SearchTime::Instant(instant)
    }
}

impl SearchTime {
    /// An instant rounded up to the next whole second, unless it is one: a
    /// bound that takes the seconds from it on, or those before it.
    fn ceil(self) -> SearchTime {
        match self {
            SearchTime::Instant(at) => {
                let second = at.trunc_subsecs(0);
                let up = (second != at)
                    .then(|| second.checked_add_signed(TimeDelta::seconds(1)))
                    .flatten();
                SearchTime::Instant(up.unwrap_or(second))
            }
            day => day,
        }
    }
}

impl fmt::Display for SearchTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SearchTime::Day(day) => write!(f, "{}", day.format("%Y-%m-%d")),
            // `Secs` leaves the fraction out: the second it starts.
            SearchTime::Instant(at) => f.write_str(&at.to_rfc3339_opts(SecondsFormat::Secs, true)),
        }
    }
}

/// A range of days or instants for a search-syntax filter; pass it where a
/// filter takes text (it converts into `String`), for example
/// `.created(DateRange::between(first, last))`.
///
/// ```
/// use chrono::NaiveDate;
/// use gh_actions::filter::DateRange;
/// let jan = |d| NaiveDate::from_ymd_opt(2026, 1, d).unwrap();
/// assert_eq!(DateRange::since(jan(1)).to_string(), ">=2026-01-01");
/// assert_eq!(DateRange::between(jan(1), jan(31)).to_string(), "2026-01-01..2026-01-31");
///
/// // Instants are written to the second, GitHub's precision.
/// let at = chrono::DateTime::parse_from_rfc3339("2026-01-02T12:00:00.250+00:00")
///     .unwrap()
///     .to_utc();
/// assert_eq!(DateRange::since(at).to_string(), ">=2026-01-02T12:00:01Z");
/// assert_eq!(DateRange::until(at).to_string(), "<=2026-01-02T12:00:00Z");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateRange {
    from: Bound,
    to: Bound,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bound {
    Open,
    Inclusive(SearchTime),
    Exclusive(SearchTime),
}

impl DateRange {
    /// On that day (or at that instant).
    pub fn on(time: impl Into<SearchTime>) -> Self {
        let time = time.into();
        DateRange {
            from: Bound::Inclusive(time),
            to: Bound::Inclusive(time),
        }
    }

    /// From `first` to `last`, both included.
    pub fn between(first: impl Into<SearchTime>, last: impl Into<SearchTime>) -> Self {
        DateRange {
            from: Bound::Inclusive(first.into()),
            to: Bound::Inclusive(last.into()),
        }
    }

    /// From `time` on, `time` included (`>=`).
    pub fn since(time: impl Into<SearchTime>) -> Self {
        DateRange {
            from: Bound::Inclusive(time.into()),
            to: Bound::Open,
        }
    }

    /// Strictly after `time` (`>`).
    pub fn after(time: impl Into<SearchTime>) -> Self {
        DateRange {
            from: Bound::Exclusive(time.into()),
            to: Bound::Open,
        }
    }

    /// Up to `time`, `time` included (`<=`).
    pub fn until(time: impl Into<SearchTime>) -> Self {
        DateRange {
            from: Bound::Open,
            to: Bound::Inclusive(time.into()),
        }
    }

    /// Strictly before `time` (`<`).
    pub fn before(time: impl Into<SearchTime>) -> Self {
        DateRange {
            from: Bound::Open,
            to: Bound::Exclusive(time.into()),
        }
    }
}

impl fmt::Display for DateRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Whole seconds: a run created at 12:00:00 is before an instant of
        // 12:00:00.5, so `>=` and `<` take the next second, `>` and `<=`
        // the one the instant is in (the written text, which drops the fraction).
        let from = match self.from {
            Bound::Inclusive(at) => Bound::Inclusive(at.ceil()),
            other => other,
        };
        let to = match self.to {
            Bound::Exclusive(at) => Bound::Exclusive(at.ceil()),
            other => other,
        };
        let (from, to) = match (self.from, self.to) {
            // `on`: the second the instant is in.
            (Bound::Inclusive(a), Bound::Inclusive(b)) if a == b => (self.from, self.to),
            _ => (from, to),
        };
        match (from, to) {
            (Bound::Inclusive(a), Bound::Inclusive(b)) if a == b => write!(f, "{a}"),
            (Bound::Inclusive(a), Bound::Inclusive(b)) => write!(f, "{a}..{b}"),
            (Bound::Inclusive(a), Bound::Open) => write!(f, ">={a}"),
            (Bound::Exclusive(a), Bound::Open) => write!(f, ">{a}"),
            (Bound::Open, Bound::Inclusive(b)) => write!(f, "<={b}"),
            (Bound::Open, Bound::Exclusive(b)) => write!(f, "<{b}"),
            // Only the constructors above make ranges; `*` stands for an open end.
            (from, to) => write!(f, "{}..{}", bound_text(from), bound_text(to)),
        }
    }
}

fn bound_text(bound: Bound) -> String {
    match bound {
        Bound::Open => "*".to_owned(),
        Bound::Inclusive(t) | Bound::Exclusive(t) => t.to_string(),
    }
}

impl From<DateRange> for String {
    fn from(range: DateRange) -> String {
        range.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_constructor_writes_githubs_search_syntax() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 1, d).unwrap();
        let noon = DateTime::parse_from_rfc3339("2026-01-02T12:00:00+02:00")
            .unwrap()
            .with_timezone(&Utc);
        let cases = [
            (DateRange::on(day(5)), "2026-01-05"),
            (
                DateRange::between(day(1), day(31)),
                "2026-01-01..2026-01-31",
            ),
            (DateRange::since(day(1)), ">=2026-01-01"),
            (DateRange::after(noon), ">2026-01-02T10:00:00Z"),
            (DateRange::until(day(9)), "<=2026-01-09"),
            (DateRange::before(noon), "<2026-01-02T10:00:00Z"),
        ];
        for (range, text) in cases {
            assert_eq!(String::from(range), text);
        }
    }

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn instants_are_written_to_the_second_whatever_their_fraction() {
        let whole = at("2026-01-02T12:00:00Z");
        let fraction = at("2026-01-02T12:00:00.123456789Z");
        assert_eq!(SearchTime::from(whole).to_string(), "2026-01-02T12:00:00Z");
        assert_eq!(
            SearchTime::from(fraction).to_string(),
            "2026-01-02T12:00:00Z"
        );
        for range in [
            DateRange::on(fraction),
            DateRange::between(fraction, at("2026-01-03T00:00:00.5Z")),
            DateRange::since(fraction),
            DateRange::after(fraction),
            DateRange::until(fraction),
            DateRange::before(fraction),
        ] {
            let text = range.to_string();
            let fraction_written = text
                .as_bytes()
                .windows(3)
                .any(|w| w[0].is_ascii_digit() && w[1] == b'.' && w[2].is_ascii_digit());
            assert!(!fraction_written, "{range:?} is written {text}");
        }
    }

    /// GitHub's timestamps are whole seconds: each bound keeps exactly the
    /// whole seconds the exact bound keeps.
    #[test]
    fn each_bound_rounds_so_the_range_keeps_the_same_whole_seconds() {
        let fraction = at("2026-01-02T12:00:00.5Z");
        let cases = [
            // 12:00:00 is before the instant, 12:00:01 after it.
            (DateRange::since(fraction), ">=2026-01-02T12:00:01Z"),
            (DateRange::after(fraction), ">2026-01-02T12:00:00Z"),
            (DateRange::until(fraction), "<=2026-01-02T12:00:00Z"),
            (DateRange::before(fraction), "<2026-01-02T12:00:01Z"),
            (
                DateRange::between(fraction, at("2026-01-02T12:00:09.9Z")),
                "2026-01-02T12:00:01Z..2026-01-02T12:00:09Z",
            ),
            // The second the instant is in.
            (DateRange::on(fraction), "2026-01-02T12:00:00Z"),
        ];
        for (range, text) in cases {
            assert_eq!(range.to_string(), text, "{range:?}");
        }
        // Whole seconds stay as they are.
        let whole = at("2026-01-02T12:00:00Z");
        assert_eq!(
            DateRange::since(whole).to_string(),
            ">=2026-01-02T12:00:00Z"
        );
        assert_eq!(
            DateRange::before(whole).to_string(),
            "<2026-01-02T12:00:00Z"
        );
        // Days are days.
        let day = NaiveDate::from_ymd_opt(2026, 1, 2).unwrap();
        assert_eq!(DateRange::since(day).to_string(), ">=2026-01-02");
        // The last instant chrono holds cannot round up: it is written as is.
        let last = DateTime::<Utc>::MAX_UTC;
        assert!(DateRange::since(last).to_string().starts_with(">="));
    }
}
