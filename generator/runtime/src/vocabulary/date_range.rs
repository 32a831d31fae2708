//! Date ranges in GitHub's search syntax, for filters such as `created` on
//! the workflow run lists (`>=2026-01-01`, `2026-01-01..2026-01-31`).

use std::fmt;

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};

/// A day or an instant, as GitHub's search syntax writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchTime {
    /// A whole day (`2026-01-31`).
    Day(NaiveDate),
    /// An instant, in UTC (`2026-01-31T12:00:00Z`).
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

impl fmt::Display for SearchTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SearchTime::Day(day) => write!(f, "{}", day.format("%Y-%m-%d")),
            SearchTime::Instant(at) => {
                f.write_str(&at.to_rfc3339_opts(SecondsFormat::AutoSi, true))
            }
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
        match (self.from, self.to) {
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
}
