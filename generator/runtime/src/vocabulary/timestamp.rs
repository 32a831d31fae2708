//! `Timestamp`: an RFC 3339 date-time that keeps its offset and precision.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

use chrono::{DateTime, FixedOffset, Timelike, Utc};

/// A date-time as GitHub sends it (`2020-01-22T19:33:08Z`,
/// `2020-01-22T12:13:35.123-08:00`).
///
/// The offset and the number of fractional digits are kept, so a value
/// decoded from JSON encodes back to the same text (with `Z` for a zero
/// offset). Equality, ordering and hashing compare the instant only:
/// `12:00:00+01:00` equals `11:00:00Z`.
#[derive(Clone, Copy)]
pub struct Timestamp {
    value: DateTime<FixedOffset>,
    /// Fractional-second digits to print (0 to 9).
    fraction_digits: u8,
}

/// Why a text is not a [`Timestamp`].
#[derive(Debug, Clone, thiserror::Error)]
#[error("invalid RFC 3339 timestamp `{text}`: {reason}")]
pub struct TimestampParseError {
    text: String,
    reason: String,
}

impl Timestamp {
    /// Parses an RFC 3339 date-time.
    pub fn parse(text: &str) -> Result<Timestamp, TimestampParseError> {
        let value = DateTime::parse_from_rfc3339(text).map_err(|e| TimestampParseError {
            text: text.to_owned(),
            reason: e.to_string(),
        })?;
        Ok(Timestamp {
            value,
            fraction_digits: fraction_digits(text),
        })
    }

    /// The current time in UTC, to the microsecond.
    pub fn now() -> Timestamp {
        Timestamp::from(Utc::now())
    }

    /// The date-time with its offset.
    pub fn as_datetime(&self) -> &DateTime<FixedOffset> {
        &self.value
    }

    /// The same instant in UTC.
    pub fn to_utc(&self) -> DateTime<Utc> {
        self.value.with_timezone(&Utc)
    }
}

/// The number of digits after the seconds' decimal point (at most 9, the
/// precision chrono keeps).
fn fraction_digits(text: &str) -> u8 {
    let Some(dot) = text.find('.') else {
        return 0;
    };
    let digits = text[dot + 1..]
        .bytes()
        .take_while(u8::is_ascii_digit)
        .count();
    u8::try_from(digits.min(9)).unwrap_or(9)
}

/// The fewest of 0, 3, 6 or 9 digits that show the value exactly (chrono's
/// `SecondsFormat::AutoSi`).
fn natural_digits(nanos: u32) -> u8 {
    match nanos % 1_000_000_000 {
        0 => 0,
        n if n % 1_000_000 == 0 => 3,
        n if n % 1_000 == 0 => 6,
        _ => 9,
    }
}

impl From<DateTime<FixedOffset>> for Timestamp {
    fn from(value: DateTime<FixedOffset>) -> Timestamp {
        Timestamp {
            value,
            fraction_digits: natural_digits(value.nanosecond()),
        }
    }
}

impl From<DateTime<Utc>> for Timestamp {
    fn from(value: DateTime<Utc>) -> Timestamp {
        Timestamp::from(value.fixed_offset())
    }
}

impl From<Timestamp> for DateTime<FixedOffset> {
    fn from(value: Timestamp) -> DateTime<FixedOffset> {
        value.value
    }
}

impl From<Timestamp> for DateTime<Utc> {
    fn from(value: Timestamp) -> DateTime<Utc> {
        value.to_utc()
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v = &self.value;
        write!(f, "{}", v.format("%Y-%m-%dT%H:%M:%S"))?;
        if self.fraction_digits > 0 {
            let digits = u32::from(self.fraction_digits);
            // A leap second carries nanoseconds >= 1e9; the seconds field shows it.
            let nanos = v.nanosecond() % 1_000_000_000;
            let scaled = nanos / 10u32.pow(9 - digits);
            write!(
                f,
                ".{scaled:0width$}",
                width = usize::from(self.fraction_digits)
            )?;
        }
        let offset = v.offset().local_minus_utc();
        if offset == 0 {
            f.write_str("Z")
        } else {
            let sign = if offset < 0 { '-' } else { '+' };
            let abs = offset.unsigned_abs();
            write!(f, "{sign}{:02}:{:02}", abs / 3600, (abs % 3600) / 60)
        }
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Timestamp({self})")
    }
}

impl FromStr for Timestamp {
    type Err = TimestampParseError;

    fn from_str(text: &str) -> Result<Timestamp, TimestampParseError> {
        Timestamp::parse(text)
    }
}

impl PartialEq for Timestamp {
    fn eq(&self, other: &Timestamp) -> bool {
        self.value == other.value
    }
}

impl Eq for Timestamp {}

impl PartialOrd for Timestamp {
    fn partial_cmp(&self, other: &Timestamp) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Timestamp {
    fn cmp(&self, other: &Timestamp) -> Ordering {
        self.value.cmp(&other.value)
    }
}

impl Hash for Timestamp {
    fn hash<H: Hasher>(&self, state: &mut H) {
        // chrono hashes the UTC instant, matching `Eq`.
        self.value.hash(state);
    }
}

impl serde::Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Timestamp {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Timestamp, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Timestamp;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an RFC 3339 date-time string")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Timestamp, E> {
                Timestamp::parse(text).map_err(E::custom)
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(text: &str) -> String {
        Timestamp::parse(text).unwrap().to_string()
    }

    #[test]
    fn normal_inputs_print_back_unchanged() {
        for text in [
            "2020-01-22T19:33:08Z",
            "2020-01-22T12:13:35.123-08:00",
            "2020-01-22T12:13:35.1+05:30",
            "2020-01-22T12:13:35.120Z",
            "2020-01-22T12:13:35.000000001Z",
            "1999-12-31T23:59:59+14:00",
        ] {
            assert_eq!(round_trip(text), text);
        }
    }

    #[test]
    fn zero_offset_prints_as_z() {
        assert_eq!(
            round_trip("2020-01-22T19:33:08+00:00"),
            "2020-01-22T19:33:08Z"
        );
        assert_eq!(round_trip("2020-01-22t19:33:08z"), "2020-01-22T19:33:08Z");
    }

    #[test]
    fn json_round_trip_keeps_offset_and_fraction() {
        let text = "\"2020-01-22T12:13:35.123-08:00\"";
        let ts: Timestamp = serde_json::from_str(text).unwrap();
        assert_eq!(ts.as_datetime().offset().local_minus_utc(), -8 * 3600);
        assert_eq!(serde_json::to_string(&ts).unwrap(), text);
        assert!(serde_json::from_str::<Timestamp>("\"yesterday\"").is_err());
        assert!(serde_json::from_str::<Timestamp>("1579724015").is_err());
    }

    #[test]
    fn equality_and_order_compare_instants() {
        let a: Timestamp = "2020-01-22T12:00:00+01:00".parse().unwrap();
        let b: Timestamp = "2020-01-22T11:00:00Z".parse().unwrap();
        let c: Timestamp = "2020-01-22T11:00:00.5Z".parse().unwrap();
        assert_eq!(a, b);
        assert!(b < c);
        let mut set = std::collections::HashSet::new();
        set.insert(a);
        assert!(set.contains(&b));
    }

    #[test]
    fn from_chrono_uses_the_shortest_exact_precision() {
        let dt = DateTime::parse_from_rfc3339("2020-01-22T12:13:35.250Z").unwrap();
        assert_eq!(Timestamp::from(dt).to_string(), "2020-01-22T12:13:35.250Z");
        let utc = DateTime::from_timestamp(1_579_695_215, 0).unwrap();
        assert_eq!(Timestamp::from(utc).to_string(), "2020-01-22T12:13:35Z");
        assert_eq!(Timestamp::from(utc).to_utc(), utc);
    }
}
