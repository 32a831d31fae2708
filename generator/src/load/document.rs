//! What the passes of `load` share: the checked operation they hand on
//! ([`Endpoint`]), the docs written beside a `$ref`, and the operation slots
//! of a path item. It imports nothing from the rest of `load`, so each pass
//! stands on it and `load` stands on the passes, with no way back up.

use crate::method::Method;
use crate::path_template::PathTemplate;
use crate::product::Product;
use openapiv3::{Operation, Parameter, PathItem, ReferenceOr};

/// One checked operation: where it is, and what `load` resolved about it.
#[derive(Debug, Clone)]
pub struct Endpoint {
    /// Its `operationId`.
    pub id: String,
    /// Its HTTP method.
    pub method: Method,
    /// Its path, parsed.
    pub template: PathTemplate,
    /// The products that have it, in spec order.
    pub products: Vec<Product>,
    /// The parameters of its path item, which it shares with the other
    /// operations there (its own override them by name and location).
    pub path_parameters: Vec<ReferenceOr<Parameter>>,
    /// The operation as the document gives it.
    pub operation: Operation,
}

impl Endpoint {
    /// The JSON pointer segments of the operation, followed by `rest`.
    pub fn at(&self, rest: &[&str]) -> Vec<String> {
        let mut at = self.path_item_at(&[self.method.key()]);
        at.extend(rest.iter().map(|s| (*s).to_owned()));
        at
    }

    /// The JSON pointer segments of the operation's path item, followed by `rest`.
    pub fn path_item_at(&self, rest: &[&str]) -> Vec<String> {
        ["paths", self.template.as_str()]
            .iter()
            .chain(rest)
            .map(|s| (*s).to_owned())
            .collect()
    }
}

/// The title and description written beside a `$ref`. OpenAPI 3.0 tools
/// ignore them and openapiv3 keeps only the reference, but the spec uses
/// them to document a field whose type is a shared schema.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RefDocs {
    /// `title`, if it is a string.
    pub title: Option<String>,
    /// `description`, if it is a string.
    pub description: Option<String>,
}

/// The keys of a path item that hold operations, in the order they are checked.
pub(super) const OPERATION_KEYS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The operation fields of a path item with their keys, in [`OPERATION_KEYS`] order.
pub(super) fn operation_slots(item: &mut PathItem) -> [(&'static str, &mut Option<Operation>); 8] {
    [
        ("get", &mut item.get),
        ("put", &mut item.put),
        ("post", &mut item.post),
        ("delete", &mut item.delete),
        ("options", &mut item.options),
        ("head", &mut item.head),
        ("patch", &mut item.patch),
        ("trace", &mut item.trace),
    ]
}

/// The kinds of OpenAPI object a `$ref` can stand for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Kind {
    Schema,
    Parameter,
    Header,
    RequestBody,
    Response,
    Example,
    PathItem,
}

impl Kind {
    /// The map of `components` that holds objects of this kind.
    pub(super) fn section(self) -> &'static str {
        match self {
            Kind::Schema => "schemas",
            Kind::Parameter => "parameters",
            Kind::Header => "headers",
            Kind::RequestBody => "requestBodies",
            Kind::Response => "responses",
            Kind::Example => "examples",
            Kind::PathItem => "pathItems",
        }
    }
}

/// Where a node lies in the grammar of an OpenAPI document, read one key
/// (or array index) at a time from the root: what kind of object it is,
/// or which map or list of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Place {
    Root,
    Components,
    /// `components/<section>`: named objects of one kind.
    Section(Kind),
    /// `paths`, `webhooks`, or a callback: path items by path.
    Paths,
    /// `callbacks`: callbacks by name.
    Callbacks,
    /// An object of this kind.
    Object(Kind),
    Operation,
    /// A list of parameters.
    Parameters,
    /// An operation's responses, by status.
    Responses,
    /// Media types by name.
    Content,
    MediaType,
    /// Headers by name.
    Headers,
    /// Examples by name.
    Examples,
    /// A media type's `encoding`, by property.
    Encodings,
    Encoding,
    /// Schemas by name (`properties`, `$defs`, ...).
    SchemaMap,
    /// A list of schemas (`allOf`, `oneOf`, `anyOf`, `prefixItems`).
    SchemaList,
    /// Values, not OpenAPI objects (examples, enums, defaults, info): a
    /// `$ref` key here is data, not a reference.
    Data,
    /// Outside the grammar (an extension, an unknown root key): what is
    /// here is whatever the references to it say.
    Elsewhere,
}

impl Place {
    /// The place of the child `key` of a node at this place.
    pub(super) fn step(self, key: &str) -> Place {
        use Kind::*;
        use Place::*;
        match (self, key) {
            (Root, "components") => Components,
            (Root, "paths" | "webhooks") => Paths,
            (Components, "schemas") => Section(Schema),
            (Components, "parameters") => Section(Parameter),
            (Components, "headers") => Section(Header),
            (Components, "requestBodies") => Section(RequestBody),
            (Components, "responses") => Section(Response),
            (Components, "examples") => Section(Example),
            (Components, "pathItems") => Section(PathItem),
            (Components, "callbacks") | (Operation, "callbacks") => Callbacks,
            (Section(kind), _) => Object(kind),
            (Paths | Responses, k) if k.starts_with("x-") => Elsewhere,
            (Paths, _) => Object(PathItem),
            (Callbacks, _) => Paths,
            (Object(PathItem) | Operation, "parameters") => Parameters,
            (Object(PathItem), k) if OPERATION_KEYS.contains(&k) => Operation,
            (Operation, "requestBody") => Object(RequestBody),
            (Operation, "responses") => Responses,
            (Parameters, _) => Object(Parameter),
            (Responses, _) => Object(Response),
            (Object(Parameter | Header) | MediaType, "schema") => Object(Schema),
            (Object(Parameter | Header | RequestBody | Response), "content") => Content,
            (Object(Parameter | Header) | MediaType, "examples") => Examples,
            (Object(Response) | Encoding, "headers") => Headers,
            (MediaType, "encoding") => Encodings,
            (Content, _) => MediaType,
            (Headers, _) => Object(Header),
            (Examples, _) => Object(Example),
            (Encodings, _) => Encoding,
            (
                Object(Schema),
                "properties" | "patternProperties" | "$defs" | "definitions" | "dependentSchemas",
            ) => SchemaMap,
            (Object(Schema), "allOf" | "oneOf" | "anyOf" | "prefixItems") => SchemaList,
            (
                Object(Schema),
                "items"
                | "additionalProperties"
                | "not"
                | "if"
                | "then"
                | "else"
                | "contains"
                | "propertyNames"
                | "unevaluatedProperties"
                | "unevaluatedItems",
            ) => Object(Schema),
            (SchemaMap | SchemaList, _) => Object(Schema),
            (Elsewhere, _) => Elsewhere,
            (Root | Components, k) if !ROOT_KEYS.contains(&k) => Elsewhere,
            (_, k) if k.starts_with("x-") => Elsewhere,
            _ => Data,
        }
    }

    /// The place of the node at `path` (unescaped segments) from the root.
    pub(super) fn of<S: AsRef<str>>(path: &[S]) -> Place {
        path.iter()
            .fold(Place::Root, |place, key| place.step(key.as_ref()))
    }

    /// The kind of object here, if it is one.
    pub(super) fn kind(self) -> Option<Kind> {
        match self {
            Place::Object(kind) => Some(kind),
            _ => None,
        }
    }
}

/// The keys of the root and of `components` that OpenAPI defines; any other
/// is outside the grammar.
const ROOT_KEYS: [&str; 20] = [
    "openapi",
    "info",
    "jsonSchemaDialect",
    "servers",
    "paths",
    "webhooks",
    "components",
    "security",
    "tags",
    "externalDocs",
    "schemas",
    "responses",
    "parameters",
    "examples",
    "requestBodies",
    "headers",
    "securitySchemes",
    "links",
    "callbacks",
    "pathItems",
];

/// Where the nodes that a rewrite of the document moved came from, so that
/// a problem found in the rewritten document is reported where the node is
/// written. Each move is recorded in the coordinates of its time, and they
/// are undone last first.
#[derive(Debug, Clone, Default)]
pub struct Moves(Vec<(String, String)>);

impl Moves {
    /// The node written at `old` (a JSON pointer) is now at `new`.
    pub(super) fn record(&mut self, new: String, old: String) {
        if new != old {
            self.0.push((new, old));
        }
    }

    /// Whether nothing moved.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Where the node at `pointer` of the rewritten document is written in
    /// the document as read.
    pub fn original(&self, pointer: &str) -> String {
        let mut at = pointer.to_owned();
        for (new, old) in self.0.iter().rev() {
            if let Some(rest) = at.strip_prefix(new.as_str())
                && (rest.is_empty() || rest.starts_with('/'))
            {
                at = format!("{old}{rest}");
            }
        }
        at
    }

    /// `text` with every JSON pointer in it (from `#/` to the next space,
    /// backtick, comma, semicolon or closing parenthesis) taken back to
    /// where it is written.
    pub fn original_in(&self, text: &str) -> String {
        if self.0.is_empty() || !text.contains("#/") {
            return text.to_owned();
        }
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(start) = rest.find("#/") {
            out.push_str(&rest[..start]);
            let after = &rest[start..];
            let end = after
                .find([' ', '`', ',', ';', ')', '\n'])
                .unwrap_or(after.len());
            out.push_str(&self.original(&after[..end]));
            rest = &after[end..];
        }
        out.push_str(rest);
        out
    }
}
