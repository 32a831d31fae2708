//! The readers on well-formed and malformed values.

use super::*;
use crate::availability::Availability;
use crate::product::{ApiVersion, Product};
use serde_json::json;

const AT: [&str; 3] = ["components", "schemas", "run"];

fn read(node: Value) -> Result<Option<Availability>, Vec<String>> {
    availability(&node, Place::Property, &AT)
        .map_err(|problems| problems.into_iter().map(|d| d.message).collect())
}

#[test]
fn availability_reads_products_and_api_versions() {
    let found = read(json!({PRODUCTS: ["github.com", "ghes-2.22"], API_VERSIONS: ["2022-11-28"]}));
    let want = Availability {
        products: vec![Product::GitHubCom, Product::Ghes2_22],
        api_versions: vec![ApiVersion::V2022_11_28],
    };
    assert_eq!(found, Ok(Some(want)));
    assert_eq!(read(json!({})), Ok(Some(Availability::default())));
}

#[test]
fn unknown_or_contradictory_availability_entries_are_problems() {
    let Err(problems) = read(json!({PRODUCTS: ["ghes-9.99"], API_VERSIONS: "2022-11-28"})) else {
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
    let Err(problems) = read(json!({PRODUCTS: ["ghes-3.21"], API_VERSIONS: ["2022-11-28"]})) else {
        panic!("accepted");
    };
    assert!(problems[0].contains("leaves out"), "{problems:?}");
}

#[test]
fn availability_keys_are_problems_where_nothing_reads_them() {
    let node = json!({API_VERSIONS: ["2022-11-28"]});
    let Err(problems) = availability(&node, Place::Operation, &["paths", "/runs", "get"]) else {
        panic!("accepted");
    };
    assert_eq!(
        problems[0].pointer,
        "#/paths/~1runs/get/x-github-api-versions"
    );
    let Err(problems) = availability(&node, Place::Elsewhere, &AT) else {
        panic!("accepted");
    };
    assert_eq!(problems[0].pointer, "#/components/schemas/run");
}

#[test]
fn operation_products_default_to_all_and_name_each_bad_entry() {
    let at = ["paths", "/runs", "get"];
    assert_eq!(
        operation_products(&json!({}), &at),
        Ok(Product::ALL.to_vec())
    );
    let Err(problems) = operation_products(&json!({PRODUCTS: ["github.com", "ghes-9.99"]}), &at)
    else {
        panic!("accepted");
    };
    assert_eq!(problems.len(), 1);
    assert_eq!(
        problems[0].pointer,
        "#/paths/~1runs/get/x-github-products/1"
    );
    let Err(problems) = operation_products(&json!({PRODUCTS: "github.com"}), &at) else {
        panic!("accepted");
    };
    assert!(problems[0].message.contains("must be a list of products"));
}

#[test]
fn malformed_values_are_problems_at_the_extension() {
    let at = ["paths", "/runs", "get"];
    let not_a_list = json!({PERMISSIONS: "read"});
    assert_eq!(
        permissions(&not_a_list, &at).map_err(|d| d.pointer),
        Err("#/paths/~1runs/get/x-github-permissions".to_owned())
    );
    let no_items = json!({PAGINATION: {"kind": "page"}});
    assert!(pagination(&no_items, &at).is_err());
    let no_final = json!({WATCH: {"field": "status", "until": []}});
    assert!(watch(&no_final, &at).is_err());
    assert!(outcome(&json!({OUTCOME: 3}), &at).is_err());
    assert!(id_type(&json!({ID: 7}), &AT).is_err());
    assert!(null_is_value(&json!({NULL_IS_VALUE: "yes"}), &AT).is_err());
    assert!(sealed_secret(&json!({SEALED_SECRET: 1}), &AT).is_err());
}

#[test]
fn well_formed_values_read_as_typed_values() {
    let at = ["paths", "/runs", "get"];
    let op = json!({
        PERMISSIONS: ["\"Actions\" repository permissions (read)"],
        PAGINATION: {"kind": "cursor", "items": "groups"},
        WATCH: {"field": "status", "until": ["completed", 3]},
    });
    assert_eq!(
        permissions(&op, &at),
        Ok(vec!["\"Actions\" repository permissions (read)".to_owned()])
    );
    assert_eq!(
        pagination(&op, &at),
        Ok(Some(Paging {
            kind: PaginationKind::Cursor,
            items: "groups".to_owned()
        }))
    );
    assert_eq!(
        watch(&op, &at),
        Ok(Some(Watch {
            field: "status".to_owned(),
            until: vec!["completed".to_owned()]
        }))
    );
    assert_eq!(
        outcome(&json!({OUTCOME: "Created"}), &at),
        Ok(Some("Created".to_owned()))
    );
    assert_eq!(
        id_type(&json!({ID: "RunId"}), &AT),
        Ok(Some("RunId".to_owned()))
    );
    assert_eq!(null_is_value(&json!({}), &AT), Ok(false));
    assert_eq!(sealed_secret(&json!({SEALED_SECRET: true}), &AT), Ok(true));
}
