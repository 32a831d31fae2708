//! What the audit finds: one fact that the spec and the upstream description state differently.

use super::document::Pointer;
use super::target::Target;
use std::fmt;

/// The kind of fact that differs. The names are those `spec/deviations.yaml` uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// An operation exists on one side only, for this product and version.
    Operation,
    /// The same operationId has another method or path.
    Route,
    /// A parameter (by name and `in`) exists on one side only.
    Parameter,
    /// A request body exists on one side only.
    RequestBody,
    /// A response status exists on one side only.
    Status,
    /// A response header exists on one side only.
    Header,
    /// A media type of a body exists on one side only.
    MediaType,
    /// A field of an object schema exists on one side only.
    Property,
    /// Required-ness differs: of a field, parameter, header or request body.
    Required,
    /// Nullability differs.
    Nullable,
    /// `type` differs (or a schema is missing on one side).
    Type,
    /// `format` differs.
    Format,
    /// The `enum` values differ.
    Enum,
    /// `default` differs.
    Default,
    /// A bound differs: `minimum`, `maximum`, lengths, item or property counts, `pattern`.
    Bounds,
    /// `anyOf`/`oneOf`/`allOf` structure differs.
    Composition,
    /// `items` is present on one side only.
    Items,
    /// `additionalProperties` differs.
    AdditionalProperties,
    /// Any other fact keyword: `deprecated`, `readOnly`, `style`, `explode`, ...
    Keyword,
}

impl Kind {
    /// Every kind, in report order.
    pub const ALL: [Kind; 19] = [
        Kind::Operation,
        Kind::Route,
        Kind::Parameter,
        Kind::RequestBody,
        Kind::Status,
        Kind::Header,
        Kind::MediaType,
        Kind::Property,
        Kind::Required,
        Kind::Nullable,
        Kind::Type,
        Kind::Format,
        Kind::Enum,
        Kind::Default,
        Kind::Bounds,
        Kind::Composition,
        Kind::Items,
        Kind::AdditionalProperties,
        Kind::Keyword,
    ];

    /// The kebab-case name.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Operation => "operation",
            Kind::Route => "route",
            Kind::Parameter => "parameter",
            Kind::RequestBody => "request-body",
            Kind::Status => "status",
            Kind::Header => "header",
            Kind::MediaType => "media-type",
            Kind::Property => "property",
            Kind::Required => "required",
            Kind::Nullable => "nullable",
            Kind::Type => "type",
            Kind::Format => "format",
            Kind::Enum => "enum",
            Kind::Default => "default",
            Kind::Bounds => "bounds",
            Kind::Composition => "composition",
            Kind::Items => "items",
            Kind::AdditionalProperties => "additional-properties",
            Kind::Keyword => "keyword",
        }
    }

    /// The kind called `name`, if any.
    pub fn from_name(name: &str) -> Option<Self> {
        Kind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// The kind a schema or parameter keyword's difference belongs to.
    pub fn of_keyword(keyword: &str) -> Self {
        match keyword {
            "format" => Kind::Format,
            "default" => Kind::Default,
            "minimum" | "maximum" | "exclusiveMinimum" | "exclusiveMaximum" | "multipleOf"
            | "minLength" | "maxLength" | "pattern" | "minItems" | "maxItems" | "uniqueItems"
            | "minProperties" | "maxProperties" => Kind::Bounds,
            _ => Kind::Keyword,
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One side of a difference: where the fact is (or would be) and what it says there.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Side {
    /// Where the fact is; for an absent node, where it would be.
    pub pointer: Pointer,
    /// What this side states, or `None` when the node is absent here.
    pub value: Option<String>,
}

impl Side {
    /// A side that states `value` at `pointer`.
    pub fn has(pointer: &Pointer, value: impl Into<String>) -> Self {
        Side {
            pointer: pointer.clone(),
            value: Some(value.into()),
        }
    }

    /// A side that lacks the node that would be at `pointer`.
    pub fn lacks(pointer: Pointer) -> Self {
        Side {
            pointer,
            value: None,
        }
    }

    /// The stated value, or `absent`.
    pub fn shown(&self) -> &str {
        self.value.as_deref().unwrap_or("absent")
    }
}

/// One difference between the spec and the upstream description of one target.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Difference {
    /// The product and API version.
    pub target: Target,
    /// The operationId through which the difference was reached.
    pub operation: String,
    /// What kind of fact differs.
    pub kind: Kind,
    /// What the fact is about, in words: "field `runner_name`", "parameter `name` (query)".
    pub subject: String,
    /// The spec's side.
    pub spec: Side,
    /// The upstream side.
    pub upstream: Side,
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}: {} of {}: spec {} at {}; upstream {} at {}",
            self.target,
            self.operation,
            self.kind,
            self.subject,
            self.spec.shown(),
            self.spec.pointer,
            self.upstream.shown(),
            self.upstream.pointer
        )
    }
}
