//! `x-github-products` and `x-github-api-versions`: the products that have an
//! operation, and where a field, status or example exists when not on every
//! product and API version of its operation.

use super::{API_VERSIONS, ExtensionMap, PRODUCTS, problem};
use crate::availability::Availability;
use crate::diagnostics::Diagnostic;
use crate::product::{ApiVersion, Product};

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
