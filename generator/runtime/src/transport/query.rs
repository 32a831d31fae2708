//! Lists and objects in the query string, in each style OpenAPI 3.0 defines
//! for a query parameter (the specification's "Style Examples"): `form`,
//! exploded (`R=100&G=200`, `id=3&id=4`) or not (`color=R,100,G,200`,
//! `id=3,4`), `spaceDelimited` (`id=3%204`), `pipeDelimited` (`id=3|4`) and
//! `deepObject` (`color[R]=100&color[G]=200`). Names, keys and values are
//! percent-encoded (everything but RFC 3986 unreserved characters); the
//! delimiters are written as the examples show them.

use std::fmt::{self, Write as _};

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, PercentEncode, utf8_percent_encode};
use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

/// Everything but RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`):
/// what path segments and query names and values encode.
pub(crate) const UNRESERVED_ONLY: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// `text` with everything but unreserved characters percent-encoded.
fn encoded(text: &str) -> PercentEncode<'_> {
    utf8_percent_encode(text, UNRESERVED_ONLY)
}

/// OpenAPI's `style` of a query parameter.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryStyle {
    /// `form`: `name=a,b` (or one pair per value when exploded).
    Form,
    /// `spaceDelimited`: `name=a%20b`.
    SpaceDelimited,
    /// `pipeDelimited`: `name=a|b`.
    PipeDelimited,
    /// `deepObject`: `name[key]=value`, nested keys in further brackets.
    DeepObject,
}

impl QueryStyle {
    /// What separates the values of a list or object written as one pair.
    pub(crate) fn delimiter(self) -> &'static str {
        match self {
            QueryStyle::Form | QueryStyle::DeepObject => ",",
            QueryStyle::SpaceDelimited => "%20",
            QueryStyle::PipeDelimited => "|",
        }
    }
}

/// A JSON value whose objects keep their keys in the order they were
/// written (a `serde_json::Map` sorts them), so that fields go into the
/// query in the order the struct declares them.
#[derive(Debug, PartialEq)]
pub(crate) enum Node {
    Null,
    /// A string, number or boolean, as its text.
    Scalar(String),
    List(Vec<Node>),
    Object(Vec<(String, Node)>),
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(de: D) -> Result<Node, D::Error> {
        de.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_none<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, de: D) -> Result<Node, D::Error> {
        Node::deserialize(de)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Scalar(v.to_string()))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Scalar(v.to_string()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Node, E> {
        Ok(Node::Scalar(v.to_string()))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Node, E> {
        // As JSON writes it (`1.5`, `1e20`).
        Ok(Node::Scalar(match serde_json::Number::from_f64(v) {
            Some(n) => n.to_string(),
            None => v.to_string(),
        }))
    }
    fn visit_str<E>(self, v: &str) -> Result<Node, E> {
        Ok(Node::Scalar(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Node, E> {
        Ok(Node::Scalar(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Node::List(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut fields = Vec::with_capacity(map.size_hint().unwrap_or(0).min(1024));
        while let Some(field) = map.next_entry()? {
            fields.push(field);
        }
        Ok(Node::Object(fields))
    }
}

/// Appends the fields of object `name` to `query` (`&`-separated encoded
/// pairs) in `style`. `null` fields are left out. Outside `deepObject`,
/// which nests keys in brackets and repeats a key for each item of a list,
/// a field holding an object or a list is an error naming the field (the
/// specification defines no way to write it). An object without fields
/// adds nothing.
pub(crate) fn push_object(
    query: &mut String,
    name: &str,
    fields: &[(String, Node)],
    style: QueryStyle,
    explode: bool,
) -> Result<(), String> {
    let nested = |key: &str| {
        format!(
            "field `{key}` of query parameter `{name}` holds an object or a list, which only `style: deepObject` writes into a URL"
        )
    };
    if style == QueryStyle::DeepObject {
        for (key, value) in fields {
            let prefix = format!("{}[{}]", encoded(name), encoded(key));
            push_deep(query, &prefix, value, name)?;
        }
        return Ok(());
    }
    if explode {
        // Each field is a parameter of its own: `R=100&G=200`.
        for (key, value) in fields {
            match value {
                Node::Null => {}
                Node::Scalar(text) => push_pair(query, &encoded(key).to_string(), text),
                Node::List(_) | Node::Object(_) => return Err(nested(key)),
            }
        }
        return Ok(());
    }
    // One pair: keys and values alternate, between delimiters.
    let mut value = String::new();
    for (key, field) in fields {
        match field {
            Node::Null => continue,
            Node::Scalar(text) => {
                if !value.is_empty() {
                    value.push_str(style.delimiter());
                }
                let _ = write!(
                    value,
                    "{}{}{}",
                    encoded(key),
                    style.delimiter(),
                    encoded(text)
                );
            }
            Node::List(_) | Node::Object(_) => return Err(nested(key)),
        }
    }
    if !value.is_empty() {
        push_separator(query);
        let _ = write!(query, "{}={value}", encoded(name));
    }
    Ok(())
}

/// Appends `value` under the bracketed key `prefix` (`color[R]`), nesting
/// an object's keys in further brackets and repeating the key for each
/// item of a list.
fn push_deep(query: &mut String, prefix: &str, value: &Node, name: &str) -> Result<(), String> {
    match value {
        Node::Null => {}
        Node::Scalar(text) => push_pair(query, prefix, text),
        Node::Object(fields) => {
            for (key, value) in fields {
                let prefix = format!("{prefix}[{}]", encoded(key));
                push_deep(query, &prefix, value, name)?;
            }
        }
        Node::List(items) => {
            for item in items {
                match item {
                    Node::Null => {}
                    Node::Scalar(text) => push_pair(query, prefix, text),
                    Node::List(_) | Node::Object(_) => {
                        return Err(format!(
                            "query parameter `{name}` has a list of lists or objects at `{prefix}`, which no query style writes"
                        ));
                    }
                }
            }
        }
    }
    Ok(())
}

/// Appends `key=value`: `key` as it is (already encoded), `value` encoded.
fn push_pair(query: &mut String, key: &str, value: &str) {
    push_separator(query);
    let _ = write!(query, "{key}={}", encoded(value));
}

fn push_separator(query: &mut String) {
    if !query.is_empty() {
        query.push('&');
    }
}

#[cfg(test)]
mod tests {
    use super::{Node, QueryStyle, push_object};

    /// The specification's example object, `{"R": 100, "G": 200, "B": 150}`.
    fn color() -> Vec<(String, Node)> {
        let Node::Object(fields) =
            serde_json::from_str(r#"{"R":100,"G":200,"B":150}"#).unwrap_or_else(|e| panic!("{e}"))
        else {
            panic!("not an object")
        };
        fields
    }

    fn written(style: QueryStyle, explode: bool) -> String {
        let mut query = String::new();
        push_object(&mut query, "color", &color(), style, explode)
            .unwrap_or_else(|e| panic!("{e}"));
        query
    }

    #[test]
    fn objects_are_written_as_the_specifications_style_examples_show() {
        assert_eq!(written(QueryStyle::Form, true), "R=100&G=200&B=150");
        assert_eq!(written(QueryStyle::Form, false), "color=R,100,G,200,B,150");
        assert_eq!(
            written(QueryStyle::SpaceDelimited, false),
            "color=R%20100%20G%20200%20B%20150"
        );
        assert_eq!(
            written(QueryStyle::PipeDelimited, false),
            "color=R|100|G|200|B|150"
        );
        assert_eq!(
            written(QueryStyle::DeepObject, true),
            "color[R]=100&color[G]=200&color[B]=150"
        );
    }

    #[test]
    fn reserved_characters_in_keys_and_values_are_encoded_and_nulls_left_out() {
        let fields: Node =
            serde_json::from_str(r#"{"a b":"x,y|z","n":null,"deep":{"k&":["1","2 3"],"z":null}}"#)
                .unwrap_or_else(|e| panic!("{e}"));
        let Node::Object(fields) = fields else {
            panic!("not an object")
        };
        let mut query = String::from("q=1");
        push_object(&mut query, "f[", &fields, QueryStyle::DeepObject, true)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            query,
            "q=1&f%5B[a%20b]=x%2Cy%7Cz&f%5B[deep][k%26]=1&f%5B[deep][k%26]=2%203"
        );
        let err = push_object(&mut query, "f", &fields, QueryStyle::Form, true)
            .err()
            .unwrap_or_else(|| panic!("a nested object was written form style"));
        assert!(err.contains("`deep`"), "{err}");
    }
}
