//! Serde helpers that generated types name in their `#[serde(with = ...)]`
//! attributes: presence and `null` kept apart, and string enums read without
//! allocating for known values.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::marker::PhantomData;

/// A required, nullable field: `Option<T>` that must be present on the wire.
///
/// Plain `Option<T>` fields would accept a missing key as `None`; naming a
/// deserializer turns serde's implicit default off.
pub fn required_nullable<'de, D, T>(de: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(de)
}

/// `Option<Option<T>>`: absent (`None`), `null` (`Some(None)`) or a value.
/// Use with `#[serde(default, skip_serializing_if = "Option::is_none")]`.
pub mod absent_or_null {
    use super::*;

    /// Writes `null` for `Some(None)` and the value for `Some(Some(v))`.
    pub fn serialize<S, T>(value: &Option<Option<T>>, ser: S) -> Result<S::Ok, S::Error>
    where
        S: Serializer,
        T: Serialize,
    {
        match value {
            Some(inner) => inner.serialize(ser),
            None => ser.serialize_none(),
        }
    }

    /// A present key gives `Some(..)`; serde's `default` gives `None` when absent.
    pub fn deserialize<'de, D, T>(de: D) -> Result<Option<Option<T>>, D::Error>
    where
        D: Deserializer<'de>,
        T: Deserialize<'de>,
    {
        Option::<T>::deserialize(de).map(Some)
    }
}

/// Reads a string enum through `From<&str>` (no allocation for known
/// values) or `From<String>` (an unknown value is moved, not copied).
pub fn string_enum<'de, D, T>(de: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: for<'a> From<&'a str> + From<String>,
{
    struct Visit<T>(PhantomData<T>);
    impl<T> serde::de::Visitor<'_> for Visit<T>
    where
        T: for<'a> From<&'a str> + From<String>,
    {
        type Value = T;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<T, E> {
            Ok(T::from(v))
        }
        fn visit_string<E: serde::de::Error>(self, v: String) -> Result<T, E> {
            Ok(T::from(v))
        }
    }
    de.deserialize_str(Visit(PhantomData))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Shapes {
        #[serde(deserialize_with = "required_nullable")]
        required: Option<u32>,
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            with = "absent_or_null"
        )]
        optional: Option<Option<u32>>,
    }

    #[test]
    fn required_nullable_refuses_a_missing_key_and_takes_null() {
        let missing = serde_json::from_str::<Shapes>("{}").unwrap_err();
        assert!(
            missing.to_string().contains("missing field `required`"),
            "{missing}"
        );
        let null: Shapes = serde_json::from_str(r#"{"required": null}"#).unwrap();
        assert_eq!(null.required, None);
    }

    #[test]
    fn absent_or_null_keeps_absent_null_and_value_apart_both_ways() {
        for (text, value) in [
            (r#"{"required":1}"#, None),
            (r#"{"required":1,"optional":null}"#, Some(None)),
            (r#"{"required":1,"optional":7}"#, Some(Some(7))),
        ] {
            let decoded: Shapes = serde_json::from_str(text).unwrap();
            assert_eq!(decoded.optional, value, "{text}");
            assert_eq!(serde_json::to_string(&decoded).unwrap(), text);
        }
    }

    #[derive(Debug, PartialEq)]
    enum Color {
        Red,
        Other(String),
    }
    impl From<&str> for Color {
        fn from(v: &str) -> Self {
            if v == "red" {
                Color::Red
            } else {
                Color::Other(v.to_owned())
            }
        }
    }
    impl From<String> for Color {
        fn from(v: String) -> Self {
            if v == "red" {
                Color::Red
            } else {
                Color::Other(v)
            }
        }
    }

    #[test]
    fn string_enum_reads_known_and_unknown_values_and_refuses_non_strings() {
        let mut de = serde_json::Deserializer::from_str(r#""red""#);
        assert_eq!(string_enum::<_, Color>(&mut de).unwrap(), Color::Red);
        let mut de = serde_json::Deserializer::from_str(r#""teal""#);
        assert_eq!(
            string_enum::<_, Color>(&mut de).unwrap(),
            Color::Other("teal".into())
        );
        let mut de = serde_json::Deserializer::from_str("3");
        assert!(string_enum::<_, Color>(&mut de).is_err());
    }
}
