//! The products an operation can be available on: the one table of them.
//!
//! `load` resolves every `x-github-products` entry through this table, so an
//! unknown product is a diagnostic there; the emitters then read the key,
//! the display name and the runtime variant from the enum, never from a
//! string, so a product added here cannot be mislabelled anywhere else.

/// Declares [`Product`] and its table in one place: each row gives the
/// variant, the key as written in the spec, the name users read, and the
/// variant of the runtime's `Product` enum.
macro_rules! products {
    ($($(#[$doc:meta])* $variant:ident => $key:literal, $display:literal, $runtime:literal;)*) => {
        /// A product that has some of the API (`x-github-products`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Product {
            $($(#[$doc])* $variant,)*
        }

        impl Product {
            /// Every product, in table order.
            pub const ALL: &'static [Product] = &[$(Product::$variant,)*];

            /// The key of every product as written in the spec, in table order.
            pub const KEYS: &'static [&'static str] = &[$($key,)*];

            /// The key as written in the spec (`ghes-3.21`).
            pub fn key(self) -> &'static str {
                match self {
                    $(Product::$variant => $key,)*
                }
            }

            /// The name users read (`GitHub Enterprise Server 3.21`).
            pub fn display_name(self) -> &'static str {
                match self {
                    $(Product::$variant => $display,)*
                }
            }

            /// The variant of the runtime crate's `Product` enum (`Ghes3_21`).
            pub fn runtime_variant(self) -> &'static str {
                match self {
                    $(Product::$variant => $runtime,)*
                }
            }
        }
    };
}

products! {
    /// github.com (and GitHub Enterprise Cloud).
    GitHubCom => "github.com", "github.com", "GitHubCom";
    /// GitHub Enterprise Server 3.21.
    Ghes3_21 => "ghes-3.21", "GitHub Enterprise Server 3.21", "Ghes3_21";
    /// GitHub Enterprise Server 2.22.
    Ghes2_22 => "ghes-2.22", "GitHub Enterprise Server 2.22", "Ghes2_22";
}

/// A github.com REST API version (`x-github-api-versions`), sent as
/// `X-GitHub-Api-Version`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ApiVersion {
    /// `2026-03-10`, the client's default.
    V2026_03_10,
    /// `2022-11-28`, the previous version.
    V2022_11_28,
}

impl ApiVersion {
    /// Every version, newest first.
    pub const ALL: &'static [ApiVersion] = &[ApiVersion::V2026_03_10, ApiVersion::V2022_11_28];

    /// The key as written in the spec and sent in the header (`2022-11-28`).
    pub fn key(self) -> &'static str {
        match self {
            ApiVersion::V2026_03_10 => "2026-03-10",
            ApiVersion::V2022_11_28 => "2022-11-28",
        }
    }

    /// The variant of the runtime crate's `ApiVersion` enum (`V2022_11_28`).
    pub fn runtime_variant(self) -> &'static str {
        match self {
            ApiVersion::V2026_03_10 => "V2026_03_10",
            ApiVersion::V2022_11_28 => "V2022_11_28",
        }
    }

    /// The version whose key is `key`, if there is one.
    pub fn from_key(key: &str) -> Option<ApiVersion> {
        ApiVersion::ALL.iter().copied().find(|v| v.key() == key)
    }
}

impl Product {
    /// The product whose spec key is `key`, if the table has it.
    pub fn from_key(key: &str) -> Option<Product> {
        Product::ALL.iter().copied().find(|p| p.key() == key)
    }
}

#[cfg(test)]
mod tests {
    use super::{ApiVersion, Product};

    #[test]
    fn every_key_resolves_to_its_own_product() {
        assert_eq!(Product::ALL.len(), Product::KEYS.len());
        for (p, key) in Product::ALL.iter().zip(Product::KEYS) {
            assert_eq!(p.key(), *key);
            assert_eq!(Product::from_key(key), Some(*p));
        }
        assert_eq!(Product::from_key("ghes-9.99"), None);
    }

    #[test]
    fn names_match_the_runtime_and_the_docs() {
        assert_eq!(Product::Ghes3_21.runtime_variant(), "Ghes3_21");
        assert_eq!(
            Product::Ghes2_22.display_name(),
            "GitHub Enterprise Server 2.22"
        );
        assert_eq!(Product::GitHubCom.display_name(), "github.com");
    }

    #[test]
    fn api_version_keys_resolve_and_name_the_runtime_variant() {
        for v in ApiVersion::ALL {
            assert_eq!(ApiVersion::from_key(v.key()), Some(*v));
        }
        assert_eq!(ApiVersion::V2022_11_28.runtime_variant(), "V2022_11_28");
        assert_eq!(ApiVersion::from_key("2020-01-01"), None);
    }
}
