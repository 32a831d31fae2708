//! Where a field or a response exists when not on every product and API
//! version of its operation: `x-github-products` and `x-github-api-versions`
//! written on a schema property (beside its `$ref` when it has one) or on a
//! response.
//!
//! `x-github-products` lists the products that have it; `x-github-api-versions`
//! lists the github.com API versions that have it (other products are decided
//! by `x-github-products` alone). Either left out means no restriction.

use crate::product::{ApiVersion, Product};
// The two keys are vendor extensions, which openapiv3 keeps as JSON data.
use serde_json::Value;

/// The key naming the products that have a field or response.
pub const PRODUCTS_KEY: &str = "x-github-products";
/// The key naming the github.com API versions that have a field or response.
pub const API_VERSIONS_KEY: &str = "x-github-api-versions";

/// Where a field or response exists.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Availability {
    /// The products that have it, in spec order; empty when not restricted.
    pub products: Vec<Product>,
    /// The github.com API versions that have it, in spec order; empty when
    /// not restricted.
    pub api_versions: Vec<ApiVersion>,
}

impl Availability {
    /// Whether it is missing somewhere: then a client type cannot require it.
    pub fn is_restricted(&self) -> bool {
        !self.products.is_empty() || !self.api_versions.is_empty()
    }

    /// Where it exists, as a sentence for the docs (`Only on github.com with
    /// API version 2022-11-28.`); `None` when not restricted.
    pub fn sentence(&self) -> Option<String> {
        if !self.is_restricted() {
            return None;
        }
        let products = if self.products.is_empty() {
            Product::ALL.to_vec()
        } else {
            self.products.clone()
        };
        let places: Vec<String> = products
            .iter()
            .map(|p| {
                // API versions restrict github.com only.
                if *p != Product::GitHubCom {
                    return p.display_name().to_owned();
                }
                let keys: Vec<&str> = self.api_versions.iter().map(|v| v.key()).collect();
                match keys.as_slice() {
                    [] => p.display_name().to_owned(),
                    [one] => format!("{} with API version {one}", p.display_name()),
                    several => format!(
                        "{} with API versions {}",
                        p.display_name(),
                        join_and(several)
                    ),
                }
            })
            .collect();
        let places: Vec<&str> = places.iter().map(String::as_str).collect();
        Some(format!("Only on {}.", join_and(&places)))
    }
}

/// `a`, `a and b`, `a, b and c`.
fn join_and(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// Reads the availability keys of `node` (a JSON map); every problem is a
/// message naming the key.
pub fn read(node: &serde_json::Map<String, Value>) -> Result<Availability, Vec<String>> {
    let mut problems = Vec::new();
    let mut list = |key: &str| -> Vec<String> {
        let Some(value) = node.get(key) else {
            return Vec::new();
        };
        let names: Option<Vec<String>> = value.as_array().and_then(|items| {
            items
                .iter()
                .map(|v| v.as_str().map(str::to_owned))
                .collect()
        });
        match names {
            Some(names) if !names.is_empty() => names,
            _ => {
                problems.push(format!("`{key}` must be a non-empty list of strings"));
                Vec::new()
            }
        }
    };
    let product_keys = list(PRODUCTS_KEY);
    let version_keys = list(API_VERSIONS_KEY);
    let mut found = Availability::default();
    for key in product_keys {
        match Product::from_key(&key) {
            Some(p) if !found.products.contains(&p) => found.products.push(p),
            Some(_) => problems.push(format!("`{PRODUCTS_KEY}` lists `{key}` twice")),
            None => problems.push(format!(
                "`{PRODUCTS_KEY}` names unknown product {key:?}, known are {:?}",
                Product::KEYS
            )),
        }
    }
    for key in version_keys {
        match ApiVersion::from_key(&key) {
            Some(v) if !found.api_versions.contains(&v) => found.api_versions.push(v),
            Some(_) => problems.push(format!("`{API_VERSIONS_KEY}` lists `{key}` twice")),
            None => {
                let known: Vec<&str> = ApiVersion::ALL.iter().map(|v| v.key()).collect();
                problems.push(format!(
                    "`{API_VERSIONS_KEY}` names unknown API version {key:?}, known are {known:?}"
                ));
            }
        }
    }
    if !found.api_versions.is_empty()
        && !found.products.is_empty()
        && !found.products.contains(&Product::GitHubCom)
    {
        problems.push(format!(
            "`{API_VERSIONS_KEY}` restricts github.com, which `{PRODUCTS_KEY}` leaves out"
        ));
    }
    if problems.is_empty() {
        Ok(found)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn availability(value: Value) -> Result<Availability, Vec<String>> {
        match value {
            Value::Object(map) => read(&map),
            _ => panic!("not a map"),
        }
    }

    #[test]
    fn sentences_name_every_place_that_has_it() {
        let version_only = availability(json!({
            "x-github-products": ["github.com"], "x-github-api-versions": ["2022-11-28"]
        }));
        assert_eq!(
            version_only.map(|a| a.sentence()),
            Ok(Some(
                "Only on github.com with API version 2022-11-28.".to_owned()
            ))
        );
        let old_answers = availability(json!({
            "x-github-products": ["github.com", "ghes-2.22"],
            "x-github-api-versions": ["2022-11-28"]
        }));
        assert_eq!(
            old_answers.map(|a| a.sentence()),
            Ok(Some(
                "Only on github.com with API version 2022-11-28 and GitHub Enterprise Server 2.22."
                    .to_owned()
            ))
        );
        let products = availability(json!({"x-github-products": ["github.com", "ghes-3.21"]}));
        assert_eq!(
            products.map(|a| a.sentence()),
            Ok(Some(
                "Only on github.com and GitHub Enterprise Server 3.21.".to_owned()
            ))
        );
        assert_eq!(availability(json!({})).map(|a| a.sentence()), Ok(None));
    }

    #[test]
    fn unknown_or_contradictory_entries_are_problems() {
        let Err(problems) = availability(json!({
            "x-github-products": ["ghes-9.99"], "x-github-api-versions": "2022-11-28"
        })) else {
            panic!("accepted");
        };
        assert!(
            problems[0].contains("must be a non-empty list"),
            "{problems:?}"
        );
        assert!(
            problems[1].contains("unknown product \"ghes-9.99\""),
            "{problems:?}"
        );
        let Err(problems) = availability(json!({
            "x-github-products": ["ghes-3.21"], "x-github-api-versions": ["2022-11-28"]
        })) else {
            panic!("accepted");
        };
        assert!(problems[0].contains("leaves out"), "{problems:?}");
    }
}
