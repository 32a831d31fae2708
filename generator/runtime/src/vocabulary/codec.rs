//! Serde helpers of the generated types: the pieces their written-out
//! `Deserialize` impls share, presence and `null` kept apart, and string
//! enums read without allocating for known values.

use serde::de::{DeserializeSeed, Error as _, IgnoredAny, MapAccess, Unexpected, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::marker::PhantomData;

/// Reads an object's key as a struct's field number, through the struct's
/// own `match` on the name (`usize::MAX` for a name it does not have). Only
/// that function is written per struct; the visitor is this one, shared.
#[doc(hidden)]
#[derive(Clone, Copy)]
pub struct FieldIndex(pub fn(&str) -> usize);

impl<'de> DeserializeSeed<'de> for FieldIndex {
    type Value = usize;

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<usize, D::Error> {
        de.deserialize_identifier(self)
    }
}

impl Visitor<'_> for FieldIndex {
    type Value = usize;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<usize, E> {
        Ok((self.0)(key))
    }

    /// Formats that name fields by number give the number itself; one the
    /// struct does not have is skipped like an unknown name.
    fn visit_u64<E: serde::de::Error>(self, index: u64) -> Result<usize, E> {
        Ok(usize::try_from(index).unwrap_or(usize::MAX))
    }

    fn visit_bytes<E: serde::de::Error>(self, key: &[u8]) -> Result<usize, E> {
        match std::str::from_utf8(key) {
            Ok(key) => Ok((self.0)(key)),
            Err(_) => Err(E::invalid_value(Unexpected::Bytes(key), &self)),
        }
    }
}

/// Reads a field's value into its slot; a field that came before is an
/// error, as it is for derived impls.
#[doc(hidden)]
#[inline]
pub fn field<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(A::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// The value of a field that must be present.
#[doc(hidden)]
#[inline]
pub fn required<T, E: serde::de::Error>(slot: Option<T>, name: &'static str) -> Result<T, E> {
    match slot {
        Some(value) => Ok(value),
        None => Err(E::missing_field(name)),
    }
}

/// Skips the value of a field the struct does not have.
#[doc(hidden)]
#[inline]
pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(drop)
}

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

    #[test]
    fn field_index_finds_names_by_text_bytes_or_number() {
        use serde::de::value::{
            BorrowedBytesDeserializer, Error, StrDeserializer, U64Deserializer,
        };
        let fields = FieldIndex(|key| match key {
            "id" => 0,
            "name" => 1,
            "status" => 2,
            _ => usize::MAX,
        });
        let by_text = |key: &str| {
            fields
                .deserialize(StrDeserializer::<Error>::new(key))
                .unwrap()
        };
        assert_eq!(by_text("status"), 2);
        assert_eq!(by_text("unknown"), usize::MAX);
        assert_eq!(by_text(""), usize::MAX);
        let bytes = BorrowedBytesDeserializer::<Error>::new(b"name");
        assert_eq!(fields.deserialize(bytes).unwrap(), 1);
        let not_utf8 = BorrowedBytesDeserializer::<Error>::new(b"\xff");
        assert!(fields.deserialize(not_utf8).is_err());
        let by_number = |i: u64| {
            fields
                .deserialize(U64Deserializer::<Error>::new(i))
                .unwrap()
        };
        assert_eq!(by_number(2), 2);
        assert_eq!(by_number(u64::MAX), usize::MAX);
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
