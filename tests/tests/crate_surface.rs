//! What the generated crate shows its users beyond types and calls: runtime
//! names that match the generator's tables, and docs found by GitHub's names.

use generator::product::Product as SpecProduct;
use gh_actions_runtime::Product;
use gh_actions_tests::e2e_support::spec_operation_ids;
use std::path::Path;

/// The generator names runtime variants by its product table, and users read
/// the runtime's names in errors and docs: both must list the same products.
#[test]
fn the_generators_product_table_matches_the_runtimes_product_enum() {
    assert_eq!(SpecProduct::ALL.len(), Product::ALL.len());
    for (spec, runtime) in SpecProduct::ALL.iter().zip(Product::ALL) {
        assert_eq!(spec.runtime_variant(), format!("{runtime:?}"), "{spec:?}");
        assert_eq!(spec.display_name(), runtime.to_string(), "{spec:?}");
    }
}

/// The generated source of the client crate's modules, concatenated.
fn generated_source() -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated/src");
    let mut text = String::new();
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "rs") {
            text.push_str(&std::fs::read_to_string(&path).expect("source"));
        }
    }
    text
}

/// rustdoc's search finds a method by an alias: each operation's method
/// carries its operationId, the id's short form and `METHOD /path`.
#[test]
fn every_operation_method_is_found_by_its_operation_id_and_endpoint() {
    // The formatter may wrap a long attribute: compare with whitespace collapsed.
    let source = generated_source()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let ids = spec_operation_ids();
    assert_eq!(ids.len(), 72);
    for id in &ids {
        let full = format!("alias = \"{id}\"");
        let short = id.rsplit('/').next().unwrap_or(id);
        let short = format!("alias = \"{short}\"");
        let at = source
            .find(&full)
            .unwrap_or_else(|| panic!("no alias for {id}"));
        let after = &source[at..];
        let method_at = after
            .find("pub fn")
            .unwrap_or_else(|| panic!("{id}: no method"));
        let attrs = &after[..method_at];
        assert!(attrs.contains(&short), "{id}: no short alias in {attrs}");
        let endpoint = ["GET", "POST", "PUT", "PATCH", "DELETE"]
            .iter()
            .any(|m| attrs.contains(&format!("alias = \"{m} /")));
        assert!(endpoint, "{id}: no endpoint alias in {attrs}");
    }
}
