//! Schemas to types. The mapping rules (also in the crate docs):
//!
//! | schema | Rust |
//! |---|---|
//! | object with properties | struct; wire names kept with `#[serde(rename)]` |
//! | object without properties, with `additionalProperties` | map (`serde_json::Map` when free-form) |
//! | object without properties or `additionalProperties` | empty struct; as a response body, `()` |
//! | string with `enum` | enum with an `Unknown(String)` variant that keeps unseen values |
//! | string, `format: date-time` | `Timestamp` (keeps the offset) |
//! | integer with `x-github-id: RunId` | the id newtype `RunId` (one per name, over `i64`) |
//! | integer (any format) | `i64` |
//! | number / boolean / string | `f64` / `bool` / `String` |
//! | `oneOf` / `anyOf` | untagged enum, one variant per alternative, with `From` impls |
//! | `allOf` with one member | that member |
//! | `allOf` with several members | one struct with the members' properties (each member an object) |
//! | schema with no type | `serde_json::Value` |
//!
//! Recursive schemas: a field or alternative on a cycle of types that hold
//! each other by value is boxed, and an alias that refers back to itself
//! becomes a newtype (see `recursion`).
//!
//! Fields: required → `T`; optional → `Option<T>` omitted when `None`;
//! required and nullable → `Option<T>` that must be present. Optional and
//! nullable depends on who writes the value. In a type a request body uses,
//! absent and `null` differ (`null` clears a value), so the field is
//! `Option<Option<T>>`: `None` leaves it out, `Some(None)` sends `null`; the
//! builder's setter takes `Option<T>` (`Some` sets, `None` sends `null`, no
//! call leaves it out). In any other type (answers, error bodies) GitHub uses
//! both for "no value", so the field is one `Option<T>`, `None` for absent or
//! `null` (its docs say so), written back as `null`; where `null` means
//! something of its own (`x-github-null-is-value: true` on the property, such
//! as a validation error echoing the `null` a request sent) it is the
//! runtime's three-state `Nullable<T>` instead. A type that both request
//! bodies and answers use keeps the three states, since the request needs
//! them. An optional array in a
//! response → `Vec<T>` defaulting to empty (in a request body it stays
//! `Option<Vec<T>>`, since sending `[]` is not the same as sending nothing).
//! A type only request bodies use lives in `types::requests`, apart from the
//! types of answers (see `model::TypeUse`).
//! A field that only some products or API versions have (`x-github-products`,
//! `x-github-api-versions` on the property) is never required in Rust, since
//! it is absent elsewhere, and its docs say where it exists.
//! Inline schemas are named after where they are (`WorkflowRunHeadCommit`,
//! `ListJobsForWorkflowRunResponse`); string enums with the same values share
//! one type (an enum of one value is named after it, `CompletedAction`, and
//! one of several, once all its places are known, after what their names
//! share: `model::rename`); a name that is taken (by another type, or by a name the
//! generated crate declares, see `names::RESERVED_TYPES`) gets the next free
//! number. Fields are ordered by wire name and component schemas by key,
//! whatever order the document lists them in.
//!
//! The rules read the typed `openapiv3::Schema`. A `$ref` points at
//! `#/components/schemas/<name>` and becomes that component's type (a
//! reference written to a node inside a schema, a parameter or a response
//! points there too: `load` made the node a component named after its
//! place); a title or description written beside it documents the field. Which rule applies
//! is decided in this order: `allOf`, `oneOf`/`anyOf`, then `type`; `not`,
//! and a `oneOf`/`anyOf` whose members only narrow (`required: [a]`), are
//! passed over like `maxLength` (see `shape::Shape`).

mod build;
mod recursion;
mod shape;

pub use build::SchemaCx;

use crate::availability::Availability;
use crate::resolve::{RefError, resolve_ref};
use openapiv3::{Components, ReferenceOr, Schema};

pub use crate::ty::Ty;

impl Ty {
    /// Whether values of the type can be written into a path or query string.
    pub fn is_display(&self, cx: &SchemaCx<'_>) -> bool {
        self.displays(&|n| cx.get(n), 0)
    }

    /// Whether the emitted type implements `Display` (structs, lists and maps
    /// do not); `depth` stops a self-referential alias or union.
    pub fn displays<'t>(&self, lookup: &dyn Fn(&str) -> Option<&'t TypeDef>, depth: usize) -> bool {
        match self {
            Ty::Bool | Ty::I64 | Ty::F64 | Ty::String | Ty::Timestamp => true,
            Ty::Boxed(t) => t.displays(lookup, depth),
            Ty::Named(n) if depth < 16 => match lookup(n).map(|t| &t.kind) {
                Some(TypeKind::Enum { .. } | TypeKind::Id) => true,
                Some(TypeKind::OneOf { variants }) => {
                    variants.iter().all(|(_, t)| t.displays(lookup, depth + 1))
                }
                Some(TypeKind::Alias(t)) => t.displays(lookup, depth + 1),
                _ => false,
            },
            _ => false,
        }
    }

    /// Whether the type is an object with no fields (no meaningful payload).
    pub fn is_empty_object(&self, cx: &SchemaCx<'_>) -> bool {
        match self {
            Ty::Named(n) => {
                matches!(cx.get(n).map(|t| &t.kind), Some(TypeKind::Struct { fields, .. }) if fields.is_empty())
            }
            _ => false,
        }
    }
}

/// A named type.
#[derive(Debug, Clone)]
pub struct TypeDef {
    /// Rust name.
    pub name: String,
    /// Docs from the title and description.
    pub docs: String,
    /// What it is.
    pub kind: TypeKind,
}

impl TypeDef {
    /// Named types this type mentions.
    pub fn referenced(&self) -> Vec<String> {
        match &self.kind {
            TypeKind::Struct { fields, .. } => fields.iter().flat_map(|f| f.ty.named()).collect(),
            TypeKind::OneOf { variants } => variants.iter().flat_map(|(_, t)| t.named()).collect(),
            TypeKind::Alias(t) | TypeKind::Newtype(t) => t.named(),
            TypeKind::Enum { .. } | TypeKind::Id => Vec::new(),
        }
    }
}

/// The shape of a named type.
#[derive(Debug, Clone)]
pub enum TypeKind {
    /// An object with named fields.
    Struct {
        /// Fields, ordered by wire name.
        fields: Vec<Field>,
        /// Whether every field may be left out (the type gets `Default`).
        defaultable: bool,
    },
    /// A string enum that keeps unknown values.
    Enum {
        /// Known values.
        variants: Vec<EnumVariant>,
        /// Name of the catch-all variant.
        unknown: String,
    },
    /// One of several alternatives, untagged on the wire.
    OneOf {
        /// `(variant, type)` in spec order.
        variants: Vec<(String, Ty)>,
    },
    /// Another name for a type.
    Alias(Ty),
    /// A type of its own that holds another (`struct Tree(Vec<Tree>)`),
    /// the same on the wire: an alias that would refer back to itself.
    Newtype(Ty),
    /// One kind of 64-bit id (`x-github-id`): a newtype over `i64`, so that
    /// ids of different kinds cannot be mixed up.
    Id,
}

/// One known value of a string enum.
#[derive(Debug, Clone)]
pub struct EnumVariant {
    /// Rust variant name.
    pub rust: String,
    /// The value on the wire.
    pub wire: String,
}

/// A struct field.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Rust name (possibly `r#type`).
    pub rust: String,
    /// Name on the wire.
    pub wire: String,
    /// Type of the value (without the `Option` the shape adds).
    pub ty: Ty,
    /// Required or optional, nullable or not.
    pub shape: FieldShape,
    /// Description.
    pub docs: String,
    /// Where the field exists, when not everywhere its type is used
    /// (`x-github-products`, `x-github-api-versions`). Such a field is
    /// never required in Rust.
    pub availability: Availability,
    /// An optional, nullable field whose `null` says something absence does
    /// not (`x-github-null-is-value: true`): in an answer it keeps three
    /// states, as the runtime's `Nullable<T>`.
    pub null_is_value: bool,
    /// A credential (`format: password`): the struct's `Debug` shows
    /// `<redacted>` in its place.
    pub secret: bool,
}

/// How presence and `null` map to Rust.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldShape {
    /// Always present, never null: `T`.
    Required,
    /// Always present, may be null: `Option<T>`.
    RequiredNullable,
    /// May be absent: `Option<T>`, skipped when `None`.
    Optional,
    /// May be absent or null: `Option<Option<T>>` in a type a request body
    /// uses, `Option<T>` (`None` for both) elsewhere.
    OptionalNullable,
    /// An optional array: `Vec<T>`, empty when absent.
    DefaultVec,
}

/// A schema or a reference to one, however openapiv3 boxed it.
#[derive(Debug, Clone, Copy)]
pub enum SchemaNode<'a> {
    /// A `$ref`, as written.
    Ref(&'a str),
    /// A schema written in place.
    Inline(&'a Schema),
}

impl<'a> From<&'a ReferenceOr<Schema>> for SchemaNode<'a> {
    fn from(node: &'a ReferenceOr<Schema>) -> Self {
        match node {
            ReferenceOr::Reference { reference } => SchemaNode::Ref(reference),
            ReferenceOr::Item(schema) => SchemaNode::Inline(schema),
        }
    }
}

impl<'a> From<&'a ReferenceOr<Box<Schema>>> for SchemaNode<'a> {
    fn from(node: &'a ReferenceOr<Box<Schema>>) -> Self {
        match node {
            ReferenceOr::Reference { reference } => SchemaNode::Ref(reference),
            ReferenceOr::Item(schema) => SchemaNode::Inline(schema),
        }
    }
}

impl<'a> SchemaNode<'a> {
    /// The schema the node stands for, following references through `components`.
    pub fn resolve(self, components: &'a Components) -> Result<&'a Schema, RefError> {
        match self {
            SchemaNode::Ref(reference) => resolve_ref(components, reference),
            SchemaNode::Inline(schema) => Ok(schema),
        }
    }
}

/// Docs from a title and a description: the description alone when it
/// starts with the title, otherwise both.
pub(crate) fn docs_text(title: Option<&str>, description: Option<&str>) -> String {
    let title = title.unwrap_or_default().trim();
    let desc = description.unwrap_or_default().trim();
    match (title.is_empty(), desc.is_empty()) {
        (_, false) if desc.starts_with(title) => desc.to_owned(),
        (false, false) => format!("{title}.\n\n{desc}"),
        (false, true) => format!("{title}."),
        (true, _) => desc.to_owned(),
    }
}
