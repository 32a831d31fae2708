//! The vendor extensions (`x-github-*`) of the spec, read in this one place.
//!
//! openapiv3 keeps vendor extensions as untyped JSON data. Each extension has
//! a key constant and a reader here that gives its typed value, or a
//! [`Diagnostic`] at the JSON pointer of a malformed value; the rest of the
//! generator, the audit and the tests read extensions only through this
//! module and never spell a key. What each one means for the spec's authors
//! is in `spec/README.md`.
//!
//! | key | written on | reader |
//! |---|---|---|
//! | [`PRODUCTS`] | operation | [`operation_products`] |
//! | [`PRODUCTS`], [`API_VERSIONS`] | schema property, response, example | [`availability`] |
//! | [`PERMISSIONS`] | operation | [`permissions`] |
//! | [`PAGINATION`] | paginated list operation | [`pagination`] |
//! | [`WATCH`] | GET of an object with a status field | [`watch`] |
//! | [`OUTCOME`] | success response of an operation with several | [`outcome`] |
//! | [`ID`] | integer schema | [`id_type`] |
//! | [`NULL_IS_VALUE`] | optional, nullable inline schema property | [`null_is_value`] |
//! | [`SEALED_SECRET`] | request body schema | [`sealed_secret`] |
//! | [`WEBHOOKS`] | the document (top level) | [`webhooks`] |
//! | [`EVENT`] | a webhook's `post` | [`webhook_event`] |
//!
//! Architecture Invariant: no other module names an `x-github-*` key;
//! `generator/tests/extensions_read_in_one_place.rs` fails on one that does.
//! HTTP headers that happen to start the same way (`x-github-request-id`)
//! are not vendor extensions.

use crate::availability::Availability;
use crate::diagnostics::{Diagnostic, pointer};
use crate::product::{ApiVersion, Product};
use indexmap::IndexMap;
use serde_json::Value;

/// The products that have an operation, or (on a schema property, response
/// or example) the products that have that field, status or example shape:
/// `[github.com, ghes-3.21]`. Without it, every product of the operation.
pub const PRODUCTS: &str = "x-github-products";

/// The github.com API versions that have a schema property, response or
/// example: `['2022-11-28']`. Other products are decided by [`PRODUCTS`]
/// alone; without it, every version.
pub const API_VERSIONS: &str = "x-github-api-versions";

/// The fine-grained token permissions an operation needs, one sentence
/// each: `'"Actions" repository permissions (read)'`. For the docs.
pub const PERMISSIONS: &str = "x-github-permissions";

/// How a list operation pages, and the array field of its answer that holds
/// the items: `{kind: page, items: workflow_runs}` or `{kind: cursor, ...}`.
pub const PAGINATION: &str = "x-github-pagination";

/// How a GET is polled until a final state: the answer's field and the
/// values that end the watch (`{field: status, until: [completed]}`).
pub const WATCH: &str = "x-github-watch";

/// The name of one success outcome of an operation that has several
/// (`Created`, `Updated`), on each success response.
pub const OUTCOME: &str = "x-github-outcome";

/// The id newtype of an integer schema (`RunId`), the same name wherever
/// the same kind of id is held.
pub const ID: &str = "x-github-id";

/// `true` on an optional, nullable property whose `null`, in an answer, is
/// a value of its own rather than "no value".
pub const NULL_IS_VALUE: &str = "x-github-null-is-value";

/// `true` on a request body with `encrypted_value` and `key_id`: the client
/// offers a setter that takes a sealed secret.
pub const SEALED_SECRET: &str = "x-github-sealed-secret";

/// The webhook events the document describes (top level), as GitHub's own
/// description lists them: a map from a name (`workflow-run-completed`) to an
/// object with one `post`, whose request body is the payload.
pub const WEBHOOKS: &str = "x-webhooks";

/// On a webhook's `post`: the `X-GitHub-Event` value and the payload's
/// `action` (`{event: workflow_run, action: completed}`; no action for
/// events without one, such as `workflow_dispatch`).
pub const EVENT: &str = "x-github-event";

/// Every vendor extension the generator reads.
pub const ALL: [&str; 11] = [
    WEBHOOKS,
    EVENT,
    PRODUCTS,
    API_VERSIONS,
    PERMISSIONS,
    PAGINATION,
    WATCH,
    OUTCOME,
    ID,
    NULL_IS_VALUE,
    SEALED_SECRET,
];

/// A node that may carry vendor extensions: openapiv3's `extensions` maps,
/// and JSON objects of the document as read raw.
pub trait ExtensionMap {
    /// The value written under `key`, if any.
    fn extension_value(&self, key: &str) -> Option<&Value>;
}

impl<S: std::hash::BuildHasher> ExtensionMap for IndexMap<String, Value, S> {
    fn extension_value(&self, key: &str) -> Option<&Value> {
        self.get(key)
    }
}

impl ExtensionMap for serde_json::Map<String, Value> {
    fn extension_value(&self, key: &str) -> Option<&Value> {
        self.get(key)
    }
}

impl ExtensionMap for Value {
    fn extension_value(&self, key: &str) -> Option<&Value> {
        self.get(key)
    }
}

/// A problem at `at` (the node holding the extension) followed by `rest`.
fn problem(at: &[impl AsRef<str>], rest: &[&str], message: impl Into<String>) -> Diagnostic {
    let segments = at.iter().map(AsRef::as_ref).chain(rest.iter().copied());
    Diagnostic::new(pointer(segments), message)
}

/// [`PRODUCTS`] on an operation (`at`): the products that have it, each
/// resolved through the product table; without the key, every product. A
/// value that is not a list, an empty list or an unknown entry is a problem.
pub fn operation_products(
    op: &impl ExtensionMap,
    at: &[impl AsRef<str>],
) -> Result<Vec<Product>, Vec<Diagnostic>> {
    let Some(value) = op.extension_value(PRODUCTS) else {
        return Ok(Product::ALL.to_vec());
    };
    let Some(list) = value.as_array() else {
        let message = format!("`{PRODUCTS}` must be a list of products, not {value}");
        return Err(vec![problem(at, &[PRODUCTS], message)]);
    };
    let mut problems = Vec::new();
    if list.is_empty() {
        problems.push(problem(at, &[PRODUCTS], format!("`{PRODUCTS}` is empty")));
    }
    let mut products = Vec::new();
    for (i, entry) in list.iter().enumerate() {
        match entry.as_str().and_then(Product::from_key) {
            Some(p) => products.push(p),
            None => problems.push(problem(
                at,
                &[PRODUCTS, &i.to_string()],
                format!(
                    "unknown product {entry}; expected one of {}",
                    Product::KEYS.join(", ")
                ),
            )),
        }
    }
    if problems.is_empty() {
        Ok(products)
    } else {
        Err(problems)
    }
}

/// Where a node with [`PRODUCTS`] or [`API_VERSIONS`] is, which decides
/// what they mean there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// An operation: its own [`PRODUCTS`] ([`operation_products`]); it
    /// takes no [`API_VERSIONS`].
    Operation,
    /// A schema property: where the field exists.
    Property,
    /// A response: where the status is sent.
    Response,
    /// A named example: the products and versions whose shape it shows.
    Example,
    /// Anywhere else, where the keys would be ignored.
    Elsewhere,
}

/// Whether the node carries [`PRODUCTS`] or [`API_VERSIONS`].
pub fn has_availability(node: &impl ExtensionMap) -> bool {
    node.extension_value(PRODUCTS).is_some() || node.extension_value(API_VERSIONS).is_some()
}

/// [`PRODUCTS`] and [`API_VERSIONS`] on a node at `at`, a [`Place`]: where
/// its field, status or example exists. `None` when there is nothing to
/// record (an operation's own products are read by [`operation_products`]).
/// Every problem is reported at the node.
pub fn availability(
    node: &impl ExtensionMap,
    place: Place,
    at: &[impl AsRef<str>],
) -> Result<Option<Availability>, Vec<Diagnostic>> {
    match place {
        Place::Operation if node.extension_value(API_VERSIONS).is_some() => Err(vec![problem(
            at,
            &[API_VERSIONS],
            format!(
                "`{API_VERSIONS}` is read on a schema property or a response, not on an operation"
            ),
        )]),
        Place::Operation => Ok(None),
        Place::Elsewhere => Err(vec![problem(
            at,
            &[],
            format!(
                "`{PRODUCTS}`/`{API_VERSIONS}` are read on an operation, a schema \
                 property, a response or an example only"
            ),
        )]),
        Place::Property | Place::Response | Place::Example => read_availability(node)
            .map(Some)
            .map_err(|messages| messages.into_iter().map(|m| problem(at, &[], m)).collect()),
    }
}

/// The strings of a list extension that must hold some, or the problem.
fn non_empty_strings(node: &impl ExtensionMap, key: &str) -> Result<Vec<String>, String> {
    let Some(value) = node.extension_value(key) else {
        return Ok(Vec::new());
    };
    let names: Option<Vec<String>> = value.as_array().and_then(|items| {
        items
            .iter()
            .map(|v| v.as_str().map(str::to_owned))
            .collect()
    });
    match names {
        Some(names) if !names.is_empty() => Ok(names),
        _ => Err(format!("`{key}` must be a non-empty list of strings")),
    }
}

/// Where a property, response or example exists; every problem is a
/// message naming the key.
fn read_availability(node: &impl ExtensionMap) -> Result<Availability, Vec<String>> {
    let mut problems = Vec::new();
    let mut list = |key: &str| {
        non_empty_strings(node, key).unwrap_or_else(|message| {
            problems.push(message);
            Vec::new()
        })
    };
    let (product_keys, version_keys) = (list(PRODUCTS), list(API_VERSIONS));
    let mut found = Availability::default();
    for key in product_keys {
        match Product::from_key(&key) {
            Some(p) if !found.products.contains(&p) => found.products.push(p),
            Some(_) => problems.push(format!("`{PRODUCTS}` lists `{key}` twice")),
            None => problems.push(format!(
                "`{PRODUCTS}` names unknown product {key:?}, known are {:?}",
                Product::KEYS
            )),
        }
    }
    for key in version_keys {
        match ApiVersion::from_key(&key) {
            Some(v) if !found.api_versions.contains(&v) => found.api_versions.push(v),
            Some(_) => problems.push(format!("`{API_VERSIONS}` lists `{key}` twice")),
            None => {
                let known: Vec<&str> = ApiVersion::ALL.iter().map(|v| v.key()).collect();
                problems.push(format!(
                    "`{API_VERSIONS}` names unknown API version {key:?}, known are {known:?}"
                ));
            }
        }
    }
    if !found.api_versions.is_empty()
        && !found.products.is_empty()
        && !found.products.contains(&Product::GitHubCom)
    {
        problems.push(format!(
            "`{API_VERSIONS}` restricts github.com, which `{PRODUCTS}` leaves out"
        ));
    }
    if problems.is_empty() {
        Ok(found)
    } else {
        Err(problems)
    }
}

/// [`PERMISSIONS`] on an operation (`at`): the permission sentences, in
/// spec order; none without the key.
pub fn permissions(
    op: &impl ExtensionMap,
    at: &[impl AsRef<str>],
) -> Result<Vec<String>, Diagnostic> {
    let Some(value) = op.extension_value(PERMISSIONS) else {
        return Ok(Vec::new());
    };
    let list: Option<Vec<String>> = value.as_array().and_then(|items| {
        items
            .iter()
            .map(|v| v.as_str().map(str::to_owned))
            .collect()
    });
    list.ok_or_else(|| {
        problem(
            at,
            &[PERMISSIONS],
            format!("`{PERMISSIONS}` must be a list of strings, one permission each"),
        )
    })
}

/// How the pages of a list are addressed ([`PAGINATION`]'s `kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaginationKind {
    /// `page`: `page` and `per_page` parameters, `Link` header.
    Page,
    /// `cursor`: `before` and `after` cursors.
    Cursor,
}

impl PaginationKind {
    /// The kind for its name in the spec (`page`, `cursor`).
    pub fn from_key(key: &str) -> Option<PaginationKind> {
        match key {
            "page" => Some(PaginationKind::Page),
            "cursor" => Some(PaginationKind::Cursor),
            _ => None,
        }
    }
}

/// [`PAGINATION`] as written: whether the answer's array field exists is
/// for the model to check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paging {
    /// How the pages are addressed.
    pub kind: PaginationKind,
    /// The wire name of the array field that holds the items.
    pub items: String,
}

/// [`PAGINATION`] on an operation (`at`); `None` when it does not page.
/// The problem is reported at the extension.
pub fn pagination(
    op: &impl ExtensionMap,
    at: &[impl AsRef<str>],
) -> Result<Option<Paging>, Diagnostic> {
    let Some(value) = op.extension_value(PAGINATION) else {
        return Ok(None);
    };
    let fail = |message: String| Err(problem(at, &[PAGINATION], message));
    let kind_key = value
        .get("kind")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let Some(kind) = PaginationKind::from_key(kind_key) else {
        return fail(format!(
            "pagination kind `{kind_key}` is not `page` or `cursor`"
        ));
    };
    let Some(items) = value.get("items").and_then(Value::as_str) else {
        return fail("pagination needs `items`: the name of the array field".into());
    };
    Ok(Some(Paging {
        kind,
        items: items.to_owned(),
    }))
}

/// [`WATCH`] as written: whether the GET's answer has the field is for the
/// model to check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Watch {
    /// The wire name of the answer's field to follow.
    pub field: String,
    /// The values of that field that end the watch.
    pub until: Vec<String>,
}

/// [`WATCH`] on an operation (`at`); `None` when it cannot be watched. The
/// problem is reported at the extension.
pub fn watch(op: &impl ExtensionMap, at: &[impl AsRef<str>]) -> Result<Option<Watch>, Diagnostic> {
    let Some(value) = op.extension_value(WATCH) else {
        return Ok(None);
    };
    let fail = |message: String| Err(problem(at, &[WATCH], message));
    let field = value.get("field").and_then(Value::as_str);
    let until = value.get("until").and_then(Value::as_array);
    let (Some(field), Some(until)) = (field, until) else {
        return fail(format!(
            "`{WATCH}` needs `field` (a name) and `until` (a list of values)"
        ));
    };
    let until: Vec<String> = until
        .iter()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect();
    if until.is_empty() {
        return fail(format!("`{WATCH}.until` names no final value"));
    }
    Ok(Some(Watch {
        field: field.to_owned(),
        until,
    }))
}

/// The top-level [`WEBHOOKS`] map, by name in document order; empty without
/// the key. A value that is not a map is a problem at the key.
pub fn webhooks(document: &impl ExtensionMap) -> Result<Vec<(&str, &Value)>, Diagnostic> {
    let Some(value) = document.extension_value(WEBHOOKS) else {
        return Ok(Vec::new());
    };
    let Some(map) = value.as_object() else {
        return Err(problem(
            &[WEBHOOKS],
            &[],
            format!("`{WEBHOOKS}` must be a map of webhook names to objects"),
        ));
    };
    Ok(map
        .iter()
        .map(|(name, item)| (name.as_str(), item))
        .collect())
}

/// The event and action a webhook delivers ([`EVENT`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookEvent {
    /// The `X-GitHub-Event` header value (`workflow_run`).
    pub event: String,
    /// The payload's `action` (`completed`), for events that have one.
    pub action: Option<String>,
}

/// The delivery header that names a webhook's event (spelled like
/// [`EVENT`], which is why it lives here): GitHub's own description gives
/// the event as the `example` of a header parameter of this name.
pub const EVENT_HEADER: &str = "X-GitHub-Event";

/// Whether `s` is a plain event or action name: lowercase ASCII letters,
/// digits and `_`, starting with a letter (`workflow_run`, `projects_v2`).
pub fn plain_name(s: &str) -> bool {
    s.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// [`EVENT`] on a webhook's `post` (`at`); a webhook needs it.
pub fn webhook_event(
    op: &impl ExtensionMap,
    at: &[impl AsRef<str>],
) -> Result<WebhookEvent, Diagnostic> {
    let Some(value) = op.extension_value(EVENT) else {
        return Err(problem(
            at,
            &[],
            format!(
                "a webhook needs `{EVENT}: {{event, action}}`, or an `X-GitHub-Event` header parameter whose `example` names the event (such as `workflow_run`) and a payload whose `action` has at most one value"
            ),
        ));
    };
    let name = |key: &str| value.get(key).and_then(Value::as_str).map(str::to_owned);
    let plain = plain_name;
    match (name("event"), value.get("action")) {
        (Some(event), None) if plain(&event) => Ok(WebhookEvent {
            event,
            action: None,
        }),
        (Some(event), Some(_)) if plain(&event) => match name("action") {
            Some(action) if plain(&action) => Ok(WebhookEvent {
                event,
                action: Some(action),
            }),
            _ => Err(problem(
                at,
                &[EVENT, "action"],
                "the action must be a name such as `completed`",
            )),
        },
        _ => Err(problem(
            at,
            &[EVENT, "event"],
            "the event must be a name such as `workflow_run`",
        )),
    }
}

/// [`OUTCOME`] on a success response (`at`, where the response is written):
/// the name of its outcome, as written; `None` without the key.
pub fn outcome(
    response: &impl ExtensionMap,
    at: &[impl AsRef<str>],
) -> Result<Option<String>, Diagnostic> {
    match response.extension_value(OUTCOME) {
        None => Ok(None),
        Some(Value::String(name)) if !name.is_empty() => Ok(Some(name.clone())),
        Some(_) => Err(problem(
            at,
            &[OUTCOME],
            format!("`{OUTCOME}` must name the outcome, such as `Created`"),
        )),
    }
}

/// [`ID`] on an integer schema (`at`): the name of its id newtype, as
/// written; `None` without the key. Whether the name is UpperCamelCase is
/// checked where types are named, which reports it at the same place.
pub fn id_type(
    schema: &impl ExtensionMap,
    at: &[impl AsRef<str>],
) -> Result<Option<String>, Diagnostic> {
    match schema.extension_value(ID) {
        None => Ok(None),
        Some(Value::String(name)) => Ok(Some(name.clone())),
        Some(_) => Err(problem(at, &[ID], id_type_message())),
    }
}

/// The problem of an [`ID`] that does not name a type in UpperCamelCase.
pub fn id_type_message() -> String {
    format!("`{ID}` must name the id type in UpperCamelCase, such as `RunId`")
}

/// A flag extension: `true` or `false`, absent meaning `false`.
fn flag(node: &impl ExtensionMap, key: &str, at: &[impl AsRef<str>]) -> Result<bool, Diagnostic> {
    match node.extension_value(key) {
        None => Ok(false),
        Some(Value::Bool(set)) => Ok(*set),
        Some(_) => Err(problem(
            at,
            &[key],
            format!("`{key}` must be `true` or `false`"),
        )),
    }
}

/// [`NULL_IS_VALUE`] on a schema property written inline (`at`). Whether
/// the property may be absent and `null` is for the model to check.
pub fn null_is_value(
    schema: &impl ExtensionMap,
    at: &[impl AsRef<str>],
) -> Result<bool, Diagnostic> {
    flag(schema, NULL_IS_VALUE, at)
}

/// [`SEALED_SECRET`] on a request body's schema (`at`, where that schema
/// is written). Whether the body has the sealed fields is for the model to check.
pub fn sealed_secret(
    schema: &impl ExtensionMap,
    at: &[impl AsRef<str>],
) -> Result<bool, Diagnostic> {
    flag(schema, SEALED_SECRET, at)
}

#[cfg(test)]
mod tests;
