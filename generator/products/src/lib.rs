//! The GitHub products and REST API versions the `gh-actions` client knows,
//! in one table.
//!
//! [`Product`] and [`ApiVersion`] are declared here once, by
//! [`products_table!`], and everything else reads them: the runtime sends
//! headers and refuses unavailable operations by them, the generator reads
//! the spec's `x-github-products` and `x-github-api-versions` keys and names
//! the runtime's variants by them, the spec audit picks the published
//! descriptions to compare against, and the spec checks list what an
//! example shows. The crate has no dependencies, so the generator can use it
//! without building the runtime.
//!
//! Architecture invariant: no other crate matches on [`Product`] or
//! [`ApiVersion`]. Both are `#[non_exhaustive]` (GitHub ships new versions),
//! so a match elsewhere would need a catch-all that a new row slips past.
//! What depends on the product is a column of the table, asked for through
//! a method ([`Product::accept`], [`Product::api_version_header`], ...):
//! adding a product or an API version is one row, and the macro asks for
//! every column of it.

/// The table: every API version and every product, with what differs
/// between them. Invoked once by this crate with nothing added; a test may
/// invoke it with extra rows, which then get everything the real rows get.
///
/// To add an API version, add a row to `versions` (newest first); github.com
/// (`api_version: chosen`) has it at once. To add a product, add a row to
/// `products`:
///
/// - `Variant => "spec-key"`: the variant (the generated code names it, as
///   `::gh_actions_runtime::Product::Variant`) and the key the spec's
///   `x-github-products` uses;
/// - `name`: the name users read in docs and errors;
/// - `accept`: the `Accept` media type sent;
/// - `api_version`: `chosen` (the client's configured version is sent, and
///   `x-github-api-versions` restricts what exists), a version (always sent,
///   whatever was configured), or `none` (no `X-GitHub-Api-Version` header);
/// - `published`: the stem of the names of GitHub's published descriptions
///   that the spec audit compares against (one per API version when the
///   version is `chosen`), or `none` when there is none to compare with;
/// - `api_hosts`: the hosts its REST API answers on, as `GITHUB_API_URL`
///   names them (`*.` stands for any subdomain), or `[]` for a product each
///   installation serves from a host of its own;
/// - `server_release`: the GitHub Enterprise Server release (`"3.21"`),
///   which `GET /meta` answers as `installed_version` (`3.21.0`), or `none`.
#[macro_export]
macro_rules! products_table {
    (
        versions { $($more_versions:tt)* }
        products { $($more_products:tt)* }
    ) => {
        $crate::define_products! {
            versions {
                /// `2026-03-10`, the current version and the client's default.
                #[default]
                V2026_03_10 => "2026-03-10";
                /// `2022-11-28`, the previous version.
                V2022_11_28 => "2022-11-28";
                $($more_versions)*
            }
            products {
                /// github.com, and GitHub Enterprise Cloud on it or with data
                /// residency (`https://api.SUBDOMAIN.ghe.com`).
                #[default]
                GitHubCom => "github.com" {
                    name: "github.com",
                    accept: "application/vnd.github+json",
                    api_version: chosen,
                    published: "dotcom",
                    api_hosts: ["api.github.com", "*.ghe.com"],
                    server_release: none,
                }
                /// GitHub Enterprise Server 3.21.
                Ghes3_21 => "ghes-3.21" {
                    name: "GitHub Enterprise Server 3.21",
                    accept: "application/vnd.github+json",
                    api_version: V2026_03_10,
                    published: "ghes-3.21",
                    api_hosts: [],
                    server_release: "3.21",
                }
                /// GitHub Enterprise Server 2.22 (no `X-GitHub-Api-Version` header).
                Ghes2_22 => "ghes-2.22" {
                    name: "GitHub Enterprise Server 2.22",
                    accept: "application/vnd.github.v3+json",
                    api_version: none,
                    published: none,
                    api_hosts: [],
                    server_release: "2.22",
                }
                $($more_products)*
            }
        }
    };
}

products_table! {
    versions {}
    products {}
}

/// Declares [`ApiVersion`] and [`Product`] from the rows
/// [`products_table!`] gives; not called directly.
#[doc(hidden)]
#[macro_export]
macro_rules! define_products {
    (
        versions {
            $( $(#[$version_attr:meta])* $version:ident => $version_key:literal; )*
        }
        products {
            $(
                $(#[$product_attr:meta])*
                $product:ident => $key:literal {
                    name: $name:literal,
                    accept: $accept:literal,
                    api_version: $rule:ident,
                    published: $published:tt,
                    api_hosts: [$($host:literal),* $(,)?],
                    server_release: $release:tt,
                }
            )*
        }
    ) => {
        /// A REST API version (`X-GitHub-Api-Version`), as the spec's
        /// `x-github-api-versions` names it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
        #[non_exhaustive]
        pub enum ApiVersion {
            $( $(#[$version_attr])* $version, )*
        }

        impl ApiVersion {
            /// Every version, newest first.
            pub const ALL: &'static [ApiVersion] = &[$(ApiVersion::$version,)*];

            /// The key of every version, newest first.
            pub const KEYS: &'static [&'static str] = &[$($version_key,)*];

            /// The key as the spec writes it and the header sends it
            /// (`2022-11-28`).
            pub const fn key(self) -> &'static str {
                match self {
                    $(ApiVersion::$version => $version_key,)*
                }
            }

            /// The header value, such as `2026-03-10` (the same as
            /// [`key`](ApiVersion::key)).
            pub const fn as_str(&self) -> &'static str {
                self.key()
            }

            /// The name of the variant, as generated code writes it
            /// (`V2022_11_28`).
            pub const fn runtime_variant(self) -> &'static str {
                match self {
                    $(ApiVersion::$version => stringify!($version),)*
                }
            }

            /// The version whose key is `key`, if the table has it.
            pub fn from_key(key: &str) -> ::core::option::Option<ApiVersion> {
                ApiVersion::ALL.iter().copied().find(|v| v.key() == key)
            }
        }

        impl ::core::fmt::Display for ApiVersion {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.key())
            }
        }

        /// Which GitHub the client talks to; decides the headers sent and
        /// which operations exist (`x-github-products` in the spec).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
        #[non_exhaustive]
        pub enum Product {
            $( $(#[$product_attr])* $product, )*
        }

        impl Product {
            /// Every product, in table order.
            pub const ALL: &'static [Product] = &[$(Product::$product,)*];

            /// The key of every product as the spec writes it, in table order.
            pub const KEYS: &'static [&'static str] = &[$($key,)*];

            /// The key as the spec writes it (`ghes-3.21`).
            pub const fn key(self) -> &'static str {
                match self {
                    $(Product::$product => $key,)*
                }
            }

            /// The name users read (`GitHub Enterprise Server 3.21`); also
            /// what `Display` shows.
            pub const fn display_name(self) -> &'static str {
                match self {
                    $(Product::$product => $name,)*
                }
            }

            /// The name of the variant, as generated code writes it
            /// (`Ghes3_21`).
            pub const fn runtime_variant(self) -> &'static str {
                match self {
                    $(Product::$product => stringify!($product),)*
                }
            }

            /// The product whose spec key is `key`, if the table has it.
            pub fn from_key(key: &str) -> ::core::option::Option<Product> {
                Product::ALL.iter().copied().find(|p| p.key() == key)
            }

            /// The `Accept` media type of its API requests.
            pub const fn accept(self) -> &'static str {
                match self {
                    $(Product::$product => $accept,)*
                }
            }

            /// The API versions it serves: every one for a product whose
            /// version the client chooses, its one fixed version, or none.
            pub const fn api_versions(self) -> &'static [ApiVersion] {
                match self {
                    $(Product::$product => $crate::api_version_rule!(versions $rule),)*
                }
            }

            /// Whether the client's configured API version is what it gets:
            /// then `x-github-api-versions` restricts what exists there, and
            /// errors name the version.
            pub const fn chooses_api_version(self) -> bool {
                match self {
                    $(Product::$product => $crate::api_version_rule!(chosen $rule),)*
                }
            }

            /// Whether its requests carry `X-GitHub-Api-Version`.
            pub const fn sends_api_version(self) -> bool {
                !self.api_versions().is_empty()
            }

            /// The `X-GitHub-Api-Version` its requests carry when the client
            /// is configured with `configured`: that version where the client
            /// chooses, the product's own fixed version, or none.
            pub const fn api_version_header(
                self,
                configured: ApiVersion,
            ) -> ::core::option::Option<ApiVersion> {
                match self {
                    $(Product::$product => $crate::api_version_rule!(header $rule, configured),)*
                }
            }

            /// The stem of the names of GitHub's published descriptions of
            /// it that the spec audit compares against (`dotcom`, one
            /// description per API version where the version is chosen;
            /// `ghes-3.21`), or `None` when there is none.
            pub const fn published_description(self) -> ::core::option::Option<&'static str> {
                match self {
                    $(Product::$product => $crate::published_rule!($published),)*
                }
            }

            /// The hosts its REST API answers on, as `GITHUB_API_URL` names
            /// them (`api.github.com`; `*.ghe.com` stands for any subdomain of
            /// `ghe.com`). Empty for a product each installation serves from
            /// a host of its own (GitHub Enterprise Server).
            pub const fn api_hosts(self) -> &'static [&'static str] {
                match self {
                    $(Product::$product => &[$($host,)*],)*
                }
            }

            /// The product whose REST API answers on `host`, when a row names
            /// it (`api.github.com`, or `api.octo.ghe.com` for GitHub
            /// Enterprise Cloud with data residency); case and a trailing dot
            /// do not matter. `None` for any other host, such as a GitHub
            /// Enterprise Server's.
            pub fn for_api_host(host: &str) -> ::core::option::Option<Product> {
                Product::ALL.iter().copied().find(|product| {
                    product
                        .api_hosts()
                        .iter()
                        .any(|pattern| $crate::host_matches(pattern, host))
                })
            }

            /// The GitHub Enterprise Server release it is (`3.21`), or `None`
            /// for a product that is not an Enterprise Server.
            pub const fn server_release(self) -> ::core::option::Option<&'static str> {
                match self {
                    $(Product::$product => $crate::published_rule!($release),)*
                }
            }

            /// The Enterprise Server of the newest release in the table.
            pub fn newest_server() -> ::core::option::Option<Product> {
                Product::ALL
                    .iter()
                    .copied()
                    .filter_map(|p| Some((p, $crate::release_numbers(p.server_release()?)?)))
                    .max_by_key(|(_, release)| *release)
                    .map(|(p, _)| p)
            }

            /// The product a GitHub Enterprise Server runs, from its installed
            /// version as `GET /meta` answers it (`installed_version`):
            ///
            /// - the row of its release (`3.21.0` and `3.21.4` are 3.21);
            /// - for a release newer than every row, the newest row: a newer
            ///   release keeps the operations and the API versions of the
            ///   ones before it for years, so what the client sends there is
            ///   still understood;
            /// - `None` for an older release that has no row (what the client
            ///   would send there may not be understood: the caller says which
            ///   product to use instead) or for text that is not a version.
            pub fn for_server_version(installed: &str) -> ::core::option::Option<Product> {
                let installed = $crate::release_numbers(installed)?;
                let of_release = Product::ALL.iter().copied().find(|p| {
                    p.server_release().and_then($crate::release_numbers) == Some(installed)
                });
                of_release.or_else(|| {
                    let newest = Product::newest_server()?;
                    let newest_release = $crate::release_numbers(newest.server_release()?)?;
                    (installed > newest_release).then_some(newest)
                })
            }
        }

        impl ::core::fmt::Display for Product {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.display_name())
            }
        }
    };
}

/// The value of one product's `api_version` column for one method of
/// [`Product`]; `chosen` and `none` are words, anything else a version.
#[doc(hidden)]
#[macro_export]
macro_rules! api_version_rule {
    (versions chosen) => {
        ApiVersion::ALL
    };
    (versions none) => {
        &[]
    };
    (versions $version:ident) => {
        &[ApiVersion::$version]
    };
    (chosen chosen) => {
        true
    };
    (chosen $other:ident) => {
        false
    };
    (header chosen, $configured:ident) => {
        ::core::option::Option::Some($configured)
    };
    (header none, $configured:ident) => {
        ::core::option::Option::None
    };
    (header $version:ident, $configured:ident) => {
        ::core::option::Option::Some(ApiVersion::$version)
    };
}

/// Whether `host` is one `pattern` of the `api_hosts` column names: the
/// same name, or for `*.rest` a name that ends in `.rest` with at least one
/// label before it; case and a trailing dot do not matter.
#[doc(hidden)]
pub fn host_matches(pattern: &str, host: &str) -> bool {
    let host = host.strip_suffix('.').unwrap_or(host);
    match pattern.strip_prefix("*.") {
        Some(rest) => {
            let host = host.to_ascii_lowercase();
            let suffix = format!(".{}", rest.to_ascii_lowercase());
            host.len() > suffix.len() && host.ends_with(&suffix)
        }
        None => host.eq_ignore_ascii_case(pattern),
    }
}

/// The major and minor number of a release or version (`3.21`, `3.21.0`);
/// `None` when the text does not start with two numbers.
#[doc(hidden)]
pub fn release_numbers(text: &str) -> Option<(u32, u32)> {
    let mut parts = text.trim().split('.');
    let major = parts.next()?.parse().ok()?;
    let minor = parts.next()?.parse().ok()?;
    Some((major, minor))
}

/// The value of one product's `published` or `server_release` column.
#[doc(hidden)]
#[macro_export]
macro_rules! published_rule {
    (none) => {
        ::core::option::Option::None
    };
    ($stem:literal) => {
        ::core::option::Option::Some($stem)
    };
}

#[cfg(test)]
mod tests {
    use super::{ApiVersion, Product};

    #[test]
    fn every_key_resolves_to_its_own_row() {
        assert_eq!(Product::ALL.len(), Product::KEYS.len());
        for (p, key) in Product::ALL.iter().zip(Product::KEYS) {
            assert_eq!(p.key(), *key);
            assert_eq!(Product::from_key(key), Some(*p));
        }
        for (v, key) in ApiVersion::ALL.iter().zip(ApiVersion::KEYS) {
            assert_eq!(v.key(), *key);
            assert_eq!(ApiVersion::from_key(key), Some(*v));
        }
        assert_eq!(Product::from_key("ghes-9.99"), None);
        assert_eq!(ApiVersion::from_key("2020-01-01"), None);
    }

    #[test]
    fn names_are_what_users_and_generated_code_read() {
        assert_eq!(Product::Ghes3_21.runtime_variant(), "Ghes3_21");
        assert_eq!(
            Product::Ghes2_22.to_string(),
            "GitHub Enterprise Server 2.22"
        );
        assert_eq!(Product::GitHubCom.display_name(), "github.com");
        assert_eq!(ApiVersion::V2022_11_28.runtime_variant(), "V2022_11_28");
        assert_eq!(ApiVersion::V2022_11_28.to_string(), "2022-11-28");
        assert_eq!(Product::default(), Product::GitHubCom);
        assert_eq!(ApiVersion::default(), ApiVersion::V2026_03_10);
    }

    #[test]
    fn the_version_header_follows_the_product() {
        let old = ApiVersion::V2022_11_28;
        assert_eq!(Product::GitHubCom.api_version_header(old), Some(old));
        assert_eq!(
            Product::Ghes3_21.api_version_header(old),
            Some(ApiVersion::V2026_03_10)
        );
        assert_eq!(Product::Ghes2_22.api_version_header(old), None);
        assert!(Product::GitHubCom.chooses_api_version());
        assert!(!Product::Ghes3_21.chooses_api_version());
        assert!(Product::Ghes3_21.sends_api_version());
        assert!(!Product::Ghes2_22.sends_api_version());
        assert_eq!(Product::GitHubCom.api_versions(), ApiVersion::ALL);
        assert_eq!(Product::Ghes2_22.accept(), "application/vnd.github.v3+json");
    }

    #[test]
    fn the_api_host_tells_github_com_from_an_enterprise_server() {
        for host in [
            "api.github.com",
            "API.GitHub.com",
            "api.github.com.",
            "api.octocorp.ghe.com",
            "api.OCTO-corp.GHE.com",
        ] {
            assert_eq!(
                Product::for_api_host(host),
                Some(Product::GitHubCom),
                "{host}"
            );
        }
        for host in [
            "ghe.example.com",
            "github.example.com",
            "ghe.com",
            ".ghe.com",
            "api.ghe.com.example.com",
            "notghe.com",
            "github.com.evil.example",
            "",
        ] {
            assert_eq!(Product::for_api_host(host), None, "{host}");
        }
        assert_eq!(Product::Ghes3_21.api_hosts(), &[] as &[&str]);
    }

    #[test]
    fn an_installed_version_names_its_enterprise_server_release() {
        assert_eq!(Product::Ghes3_21.server_release(), Some("3.21"));
        assert_eq!(Product::Ghes2_22.server_release(), Some("2.22"));
        assert_eq!(Product::GitHubCom.server_release(), None);
        assert_eq!(Product::newest_server(), Some(Product::Ghes3_21));
        let cases = [
            ("3.21.0", Some(Product::Ghes3_21)),
            ("3.21.12", Some(Product::Ghes3_21)),
            (" 3.21 ", Some(Product::Ghes3_21)),
            ("2.22.5", Some(Product::Ghes2_22)),
            // Newer than every row: the newest row.
            ("3.22.0", Some(Product::Ghes3_21)),
            ("4.0.1", Some(Product::Ghes3_21)),
            // An older release without a row, and text that is no version.
            ("3.15.2", None),
            ("2.21.0", None),
            ("3", None),
            ("", None),
            ("three.21", None),
            ("v3.21.0", None),
        ];
        for (installed, product) in cases {
            assert_eq!(
                Product::for_server_version(installed),
                product,
                "{installed:?}"
            );
        }
    }
}
