//! Where a field or a response exists when not on every product and API
//! version of its operation: `x-github-products` and `x-github-api-versions`
//! written on a schema property (beside its `$ref` when it has one) or on a
//! response, as [`crate::extensions::availability`] reads them.
//!
//! `x-github-products` lists the products that have it; `x-github-api-versions`
//! lists the github.com API versions that have it (other products are decided
//! by `x-github-products` alone). Either left out means no restriction.

use crate::product::{ApiVersion, Product};

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

#[cfg(test)]
mod tests {
    use super::*;

    fn sentence(products: &[Product], api_versions: &[ApiVersion]) -> Option<String> {
        let availability = Availability {
            products: products.to_vec(),
            api_versions: api_versions.to_vec(),
        };
        availability.sentence()
    }

    #[test]
    fn sentences_name_every_place_that_has_it() {
        assert_eq!(
            sentence(&[Product::GitHubCom], &[ApiVersion::V2022_11_28]).as_deref(),
            Some("Only on github.com with API version 2022-11-28.")
        );
        assert_eq!(
            sentence(
                &[Product::GitHubCom, Product::Ghes2_22],
                &[ApiVersion::V2022_11_28]
            )
            .as_deref(),
            Some(
                "Only on github.com with API version 2022-11-28 and GitHub Enterprise Server 2.22."
            )
        );
        assert_eq!(
            sentence(&[Product::GitHubCom, Product::Ghes3_21], &[]).as_deref(),
            Some("Only on github.com and GitHub Enterprise Server 3.21.")
        );
        assert_eq!(sentence(&[], &[]), None);
    }
}
