//! Adding a product or an API version is one row: the table instantiated with
//! a fictitious GitHub Enterprise Server and a fictitious API version, and
//! nothing else written, gives both everything the real rows have.

use gh_actions_products as real;

/// The real table plus one API version and one product.
mod extended {
    gh_actions_products::products_table! {
        versions {
            /// `2099-01-01`, a version that does not exist.
            V2099_01_01 => "2099-01-01";
        }
        products {
            /// GitHub Enterprise Server 9.99, which does not exist.
            Ghes9_99 => "ghes-9.99" {
                name: "GitHub Enterprise Server 9.99",
                accept: "application/vnd.github+json",
                api_version: V2099_01_01,
                published: "ghes-9.99",
                api_hosts: ["api.ghes-nine.example"],
                server_release: "9.99",
            }
        }
    }
}

use extended::{ApiVersion, Product};

#[test]
fn the_new_row_is_in_every_list_in_table_order() {
    assert_eq!(Product::ALL.len(), real::Product::ALL.len() + 1);
    assert_eq!(Product::ALL.last(), Some(&Product::Ghes9_99));
    assert_eq!(Product::KEYS.last(), Some(&"ghes-9.99"));
    assert_eq!(ApiVersion::ALL.last(), Some(&ApiVersion::V2099_01_01));
    assert_eq!(ApiVersion::KEYS.last(), Some(&"2099-01-01"));
}

#[test]
fn the_new_product_parses_from_its_spec_key_and_names_itself() {
    let p = Product::from_key("ghes-9.99").expect("the new key parses");
    assert_eq!(p, Product::Ghes9_99);
    assert_eq!(p.key(), "ghes-9.99");
    assert_eq!(p.display_name(), "GitHub Enterprise Server 9.99");
    assert_eq!(p.to_string(), "GitHub Enterprise Server 9.99");
    assert_eq!(p.runtime_variant(), "Ghes9_99");
    assert_eq!(p.accept(), "application/vnd.github+json");
    assert_eq!(p.published_description(), Some("ghes-9.99"));
    assert_eq!(p.server_release(), Some("9.99"));
    assert_eq!(p.api_hosts(), ["api.ghes-nine.example"]);
    assert_eq!(Product::for_api_host("API.ghes-nine.example"), Some(p));
}

#[test]
fn the_new_release_is_the_newest_and_takes_the_versions_after_it() {
    assert_eq!(Product::newest_server(), Some(Product::Ghes9_99));
    assert_eq!(
        Product::for_server_version("9.99.3"),
        Some(Product::Ghes9_99)
    );
    assert_eq!(
        Product::for_server_version("10.1.0"),
        Some(Product::Ghes9_99)
    );
    // The real releases keep their rows; one between them has none.
    assert_eq!(
        Product::for_server_version("3.21.1"),
        Some(Product::Ghes3_21)
    );
    assert_eq!(Product::for_server_version("3.22.0"), None);
}

#[test]
fn the_new_product_sends_its_own_version_whatever_is_configured() {
    for configured in ApiVersion::ALL {
        assert_eq!(
            Product::Ghes9_99.api_version_header(*configured),
            Some(ApiVersion::V2099_01_01)
        );
    }
    assert!(Product::Ghes9_99.sends_api_version());
    assert!(!Product::Ghes9_99.chooses_api_version());
    assert_eq!(Product::Ghes9_99.api_versions(), [ApiVersion::V2099_01_01]);
}

#[test]
fn the_new_version_parses_and_reaches_the_product_that_chooses() {
    let v = ApiVersion::from_key("2099-01-01").expect("the new key parses");
    assert_eq!(v.to_string(), "2099-01-01");
    assert_eq!(v.runtime_variant(), "V2099_01_01");
    assert!(Product::GitHubCom.api_versions().contains(&v));
    assert_eq!(Product::GitHubCom.api_version_header(v), Some(v));
    // The default stays the real table's.
    assert_eq!(ApiVersion::default(), ApiVersion::V2026_03_10);
    assert_eq!(Product::default(), Product::GitHubCom);
}

#[test]
fn the_real_rows_are_unchanged_by_the_addition() {
    for real in real::Product::ALL {
        let p = Product::from_key(real.key()).expect("every real key parses");
        assert_eq!(p.display_name(), real.display_name());
        assert_eq!(p.runtime_variant(), real.runtime_variant());
        assert_eq!(p.accept(), real.accept());
        assert_eq!(p.chooses_api_version(), real.chooses_api_version());
        assert_eq!(p.published_description(), real.published_description());
        assert_eq!(p.api_hosts(), real.api_hosts());
        assert_eq!(p.server_release(), real.server_release());
        let configured = real::ApiVersion::V2022_11_28;
        assert_eq!(
            p.api_version_header(ApiVersion::V2022_11_28)
                .map(ApiVersion::key),
            real.api_version_header(configured)
                .map(real::ApiVersion::key),
            "{real:?}"
        );
    }
}
