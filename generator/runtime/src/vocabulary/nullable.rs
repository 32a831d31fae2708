//! A field of an answer where `null` says something that leaving the field
//! out does not.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A field of an answer with three states, for the few fields where GitHub's
/// `null` is a value of its own rather than "no value": a validation error
/// that echoes the `null` a request sent, as against one that echoes nothing.
///
/// Every other field that may be absent or `null` is a plain `Option`. The
/// generated struct reads an absent field as [`Nullable::Absent`] (with
/// `#[serde(default)]`) and leaves it out again when writing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Nullable<T> {
    /// The answer left the field out.
    Absent,
    /// The answer sent `null`.
    Null,
    /// The answer sent a value.
    Value(T),
}

impl<T> Nullable<T> {
    /// Whether the answer left the field out.
    pub fn is_absent(&self) -> bool {
        matches!(self, Nullable::Absent)
    }

    /// Whether the answer sent `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Nullable::Null)
    }

    /// The value, if the answer sent one.
    pub fn value(&self) -> Option<&T> {
        match self {
            Nullable::Value(v) => Some(v),
            Nullable::Absent | Nullable::Null => None,
        }
    }

    /// The value, if the answer sent one; absent and `null` both give `None`.
    pub fn into_value(self) -> Option<T> {
        match self {
            Nullable::Value(v) => Some(v),
            Nullable::Absent | Nullable::Null => None,
        }
    }
}

impl<T> Default for Nullable<T> {
    /// [`Nullable::Absent`], as a struct field left out of the answer.
    fn default() -> Self {
        Nullable::Absent
    }
}

impl<T> From<T> for Nullable<T> {
    fn from(value: T) -> Self {
        Nullable::Value(value)
    }
}

impl<T: Serialize> Serialize for Nullable<T> {
    /// The value, or `null` (a field skipped with `is_absent` never gets here
    /// as `Absent`).
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        match self {
            Nullable::Value(v) => v.serialize(ser),
            Nullable::Absent | Nullable::Null => ser.serialize_none(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    /// `null` or a value; absence is the struct field's `default`.
    fn deserialize<D: Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        Ok(match Option::<T>::deserialize(de)? {
            Some(v) => Nullable::Value(v),
            None => Nullable::Null,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::Nullable;
    use serde::{Deserialize, Serialize};
    use serde_json::json;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Echo {
        #[serde(default, skip_serializing_if = "Nullable::is_absent")]
        value: Nullable<i64>,
    }

    #[test]
    fn absent_null_and_a_value_stay_apart_both_ways() {
        for (wire, state) in [
            (json!({}), Nullable::Absent),
            (json!({"value": null}), Nullable::Null),
            (json!({"value": 3}), Nullable::Value(3)),
        ] {
            let echo: Echo = serde_json::from_value(wire.clone()).expect("decodes");
            assert_eq!(echo.value, state, "{wire}");
            assert_eq!(serde_json::to_value(&echo).expect("encodes"), wire);
        }
        assert_eq!(Nullable::Value(3).into_value(), Some(3));
        assert_eq!(Nullable::<i64>::Null.value(), None);
    }
}
