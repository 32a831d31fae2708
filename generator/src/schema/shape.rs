//! What a typed schema is, as far as the mapping rules care.
//!
//! openapiv3 parses a schema into one of its `SchemaKind`s when the keys fit
//! one, and into `SchemaKind::Any` for every other combination (a `type`
//! beside a `oneOf`, a string with `minimum`, ...). [`shape`] reads both
//! the same way, so the rules depend on the keys written, not on which
//! variant openapiv3 chose.

use super::SchemaNode;
use openapiv3::{
    AdditionalProperties, AnySchema, ArrayType, ObjectType, ReferenceOr, Schema, SchemaKind,
    StringFormat, StringType, Type, VariantOrUnknownOrEmpty,
};

/// A schema seen through the mapping rules. The checks come in this order:
/// `allOf`, `oneOf`, `anyOf`, then `type`.
///
/// Some keywords only narrow the values a schema allows and add nothing to
/// its shape, so the rules pass over them, as they pass over `maxLength` or
/// `pattern`: `not` (any value but those), and a `oneOf` or `anyOf` whose
/// every member only lists `required` fields or other such narrowing (at
/// least one of two fields present, say). The server checks them; a
/// schema that is only a `not` is any JSON value.
#[derive(Debug)]
pub(super) enum Shape<'a> {
    /// `allOf` with its members.
    AllOf(&'a [ReferenceOr<Schema>]),
    /// `oneOf` or `anyOf` (`key`) with its alternatives.
    OneOf {
        /// `oneOf` or `anyOf`, for pointers.
        key: &'static str,
        /// The alternatives, in spec order.
        alternatives: &'a [ReferenceOr<Schema>],
    },
    /// `type: string`: its `enum` values (the strings among them) and whether
    /// it has `format: date-time`.
    String {
        /// The string values of `enum`, in spec order.
        values: Vec<&'a str>,
        /// `format: date-time`.
        date_time: bool,
    },
    /// `type: integer`.
    Integer,
    /// `type: number`.
    Number,
    /// `type: boolean`.
    Boolean,
    /// `type: array` and its `items`, if given.
    Array(Option<SchemaNode<'a>>),
    /// `type: object`, or no `type` at all.
    Object(ObjectShape<'a>),
    /// A `type` the rules do not know.
    Unsupported(&'a str),
}

/// An object schema (`type: object`, or no `type` at all), as far as the
/// mapping rules care.
#[derive(Debug)]
pub(super) struct ObjectShape<'a> {
    /// Whether `type: object` is written.
    pub typed: bool,
    /// The properties, ordered by name.
    pub properties: Vec<(&'a str, SchemaNode<'a>)>,
    /// The names in `required`.
    pub required: &'a [String],
    /// `additionalProperties`, if given.
    pub additional: Option<&'a AdditionalProperties>,
}

impl ObjectShape<'_> {
    /// The empty schema's: no `type`, no properties, anything allowed.
    const EMPTY: Self = ObjectShape {
        typed: false,
        properties: Vec::new(),
        required: &[],
        additional: None,
    };
}

impl Shape<'_> {
    /// What the schema is, for messages (`a string`, `a oneOf`).
    pub(super) fn describe(&self) -> String {
        match self {
            Shape::AllOf(_) => "an `allOf`".into(),
            Shape::OneOf { key, .. } => format!("a `{key}`"),
            Shape::String { .. } => "a string".into(),
            Shape::Integer => "an integer".into(),
            Shape::Number => "a number".into(),
            Shape::Boolean => "a boolean".into(),
            Shape::Array(_) => "an array".into(),
            Shape::Object(_) => "an object".into(),
            Shape::Unsupported(t) => format!("of type `{t}`"),
        }
    }
}

/// The shape of a schema that is not a reference.
pub(super) fn shape(schema: &Schema) -> Shape<'_> {
    match &schema.schema_kind {
        // Any value but those: the rules see the empty schema.
        SchemaKind::Not { .. } => Shape::Object(ObjectShape::EMPTY),
        SchemaKind::AllOf { all_of } => Shape::AllOf(all_of),
        SchemaKind::OneOf { one_of } if !only_narrows(one_of) => Shape::OneOf {
            key: "oneOf",
            alternatives: one_of,
        },
        SchemaKind::AnyOf { any_of } if !only_narrows(any_of) => Shape::OneOf {
            key: "anyOf",
            alternatives: any_of,
        },
        SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => Shape::Object(ObjectShape::EMPTY),
        SchemaKind::Type(Type::String(StringType {
            format,
            enumeration,
            ..
        })) => Shape::String {
            values: enumeration.iter().flatten().map(String::as_str).collect(),
            date_time: matches!(
                format,
                VariantOrUnknownOrEmpty::Item(StringFormat::DateTime)
            ),
        },
        SchemaKind::Type(Type::Integer(_)) => Shape::Integer,
        SchemaKind::Type(Type::Number(_)) => Shape::Number,
        SchemaKind::Type(Type::Boolean(_)) => Shape::Boolean,
        SchemaKind::Type(Type::Array(ArrayType { items, .. })) => {
            Shape::Array(items.as_ref().map(SchemaNode::from))
        }
        SchemaKind::Type(Type::Object(ObjectType {
            properties,
            required,
            additional_properties,
            ..
        })) => Shape::Object(ObjectShape {
            typed: true,
            properties: sorted(properties),
            required,
            additional: additional_properties.as_ref(),
        }),
        SchemaKind::Any(any) => any_shape(any),
    }
}

/// The shape of a schema openapiv3 kept as `Any`. An empty `allOf`, `oneOf`,
/// `anyOf` or `properties` reads as absent here: openapiv3 does not keep
/// the difference for these schemas.
fn any_shape(any: &AnySchema) -> Shape<'_> {
    if !any.all_of.is_empty() {
        return Shape::AllOf(&any.all_of);
    }
    if !any.one_of.is_empty() && !only_narrows(&any.one_of) {
        return Shape::OneOf {
            key: "oneOf",
            alternatives: &any.one_of,
        };
    }
    if !any.any_of.is_empty() && !only_narrows(&any.any_of) {
        return Shape::OneOf {
            key: "anyOf",
            alternatives: &any.any_of,
        };
    }
    match any.typ.as_deref() {
        Some("string") => Shape::String {
            // `enum` values of an `Any` schema are JSON data; non-strings are skipped.
            values: any.enumeration.iter().filter_map(|v| v.as_str()).collect(),
            date_time: any.format.as_deref() == Some("date-time"),
        },
        Some("integer") => Shape::Integer,
        Some("number") => Shape::Number,
        Some("boolean") => Shape::Boolean,
        Some("array") => Shape::Array(any.items.as_ref().map(SchemaNode::from)),
        // An `enum` says the type when it is left out: strings are strings.
        None if !any.enumeration.is_empty() && any.enumeration.iter().all(|v| v.is_string()) => {
            Shape::String {
                values: any.enumeration.iter().filter_map(|v| v.as_str()).collect(),
                date_time: false,
            }
        }
        Some("object") | None => Shape::Object(ObjectShape {
            typed: any.typ.is_some(),
            properties: sorted(&any.properties),
            required: &any.required,
            additional: any.additional_properties.as_ref(),
        }),
        Some(other) => Shape::Unsupported(other),
    }
}

/// Whether every member of a `oneOf`, `anyOf` or `allOf` only narrows the
/// values allowed and adds nothing to the shape: no `$ref`, `type`,
/// `properties`, `items`, `additionalProperties`, `enum` or `format`, and
/// members of its own that only narrow too (`required: [a]`,
/// `not: {required: [a, b]}`, `minProperties: 1`).
fn only_narrows(members: &[ReferenceOr<Schema>]) -> bool {
    members.iter().all(|member| match member {
        ReferenceOr::Reference { .. } => false,
        ReferenceOr::Item(schema) => match &schema.schema_kind {
            SchemaKind::Not { .. } => true,
            SchemaKind::AllOf { all_of: m }
            | SchemaKind::OneOf { one_of: m }
            | SchemaKind::AnyOf { any_of: m } => only_narrows(m),
            SchemaKind::Type(_) => false,
            SchemaKind::Any(any) => {
                any.typ.is_none()
                    && any.properties.is_empty()
                    && any.items.is_none()
                    && any.additional_properties.is_none()
                    && any.enumeration.is_empty()
                    && any.format.is_none()
                    && only_narrows(&any.all_of)
                    && only_narrows(&any.one_of)
                    && only_narrows(&any.any_of)
            }
        },
    })
}

/// Properties ordered by name: the order fields have always had, whatever
/// order the document lists them in.
fn sorted(
    properties: &indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
) -> Vec<(&str, SchemaNode<'_>)> {
    let mut out: Vec<(&str, SchemaNode<'_>)> = properties
        .iter()
        .map(|(name, node)| (name.as_str(), SchemaNode::from(node)))
        .collect();
    out.sort_by(|a, b| a.0.cmp(b.0));
    out
}
