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
