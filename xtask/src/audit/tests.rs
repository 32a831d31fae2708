//! The audit on small documents built in memory: what it reports, and that malformed input
//! becomes an error naming the file and pointer instead of a panic.

use super::deviations::Deviations;
use super::difference::Kind;
use super::document::Document;
use super::target::Target;
use super::{Compared, compare};
use generator::extensions;
use serde_json::{Value, json};

/// A one-operation document whose 200 answer has `schema`; `components` are its schemas.
fn doc(label: &str, schema: Value, components: Value) -> Document {
    Document::from_value(
        label,
        json!({
            "paths": {"/runs": {"get": {
                "operationId": "actions/list",
                "x-github-products": ["github.com"],
                "responses": {"200": {"content": {"application/json": {"schema": schema}}}}
            }}},
            "components": {"schemas": components}
        }),
    )
}

/// The target called `name` in the product table.
fn target(name: &str) -> Target {
    Target::from_name(name).unwrap_or_else(|| panic!("no target `{name}`"))
}

fn run(spec: &Document, upstream: &Document) -> Compared {
    match compare(spec, upstream, target("dotcom-2026-03-10"), None) {
        Ok(compared) => compared,
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn differently_named_components_with_the_same_shape_do_not_differ() {
    let shape = json!({"type": "object", "properties": {"id": {"type": "integer"}}});
    let spec = doc(
        "spec",
        json!({"$ref": "#/components/schemas/run"}),
        json!({"run": shape}),
    );
    let upstream = doc(
        "up",
        json!({"$ref": "#/components/schemas/workflow-run"}),
        json!({"workflow-run": shape}),
    );
    assert_eq!(run(&spec, &upstream).differences, []);
}

#[test]
fn a_field_only_upstream_names_its_shape_and_both_pointers() {
    let spec = doc(
        "spec",
        json!({"type": "object", "properties": {}}),
        json!({}),
    );
    let upstream = doc(
        "up",
        json!({"type": "object", "required": ["labels"], "properties": {
            "labels": {"type": "array", "nullable": true, "items": {"type": "string"}}
        }}),
        json!({}),
    );
    let found = run(&spec, &upstream).differences;
    let [d] = found.as_slice() else {
        panic!("{found:?}")
    };
    assert_eq!(d.kind, Kind::Property);
    assert_eq!(d.spec.value, None);
    assert_eq!(
        d.upstream.value.as_deref(),
        Some("array of string, nullable, required")
    );
    let at = "#/paths/~1runs/get/responses/200/content/application~1json/schema/properties/labels";
    assert_eq!(d.spec.pointer.to_string(), at);
    assert_eq!(d.upstream.pointer.to_string(), at);
}

#[test]
fn recursive_schemas_are_compared_once() {
    let node = json!({"type": "object", "properties": {
        "child": {"$ref": "#/components/schemas/node"},
        "name": {"type": "string"}
    }});
    let mut other = node.clone();
    other["properties"]["name"]["nullable"] = json!(true);
    let spec = doc(
        "spec",
        json!({"$ref": "#/components/schemas/node"}),
        json!({"node": node}),
    );
    let upstream = doc(
        "up",
        json!({"$ref": "#/components/schemas/node"}),
        json!({"node": other}),
    );
    let found = run(&spec, &upstream).differences;
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].kind, Kind::Nullable);
}

#[test]
fn malformed_documents_are_errors_naming_file_and_pointer() {
    let spec = doc(
        "spec.yaml",
        json!({"type": "object", "properties": {"a": {"$ref": "#/components/schemas/missing"}}}),
        json!({}),
    );
    let upstream = doc(
        "up.yaml",
        json!({"type": "object", "properties": ["not", "a", "map"]}),
        json!({}),
    );
    let Err(e) = compare(&spec, &upstream, target("dotcom-2026-03-10"), None) else {
        panic!("malformed documents were compared");
    };
    let text = e.to_string();
    let schema = "#/paths/~1runs/get/responses/200/content/application~1json/schema";
    let expected = [
        format!(
            "spec.yaml at {schema}/properties/a: `$ref: #/components/schemas/missing` names nothing"
        ),
        format!("up.yaml at {schema}/properties: `properties` is not a map"),
    ];
    for line in expected {
        assert!(text.contains(&line), "{line}\nnot in\n{text}");
    }
}

#[test]
fn deviations_need_a_reason_and_known_kinds() {
    let list = Document::from_value(
        "deviations.yaml",
        json!({"deviations": [{"id": "x", "applies_to": "all", "operation": "all", "kind": "colour", "spec": "#/a"}]}),
    );
    let Err(problems) = Deviations::parse(&list) else {
        panic!("a bad entry was accepted");
    };
    let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert!(
        text.iter().any(|p| p.contains("unknown kind `colour`")),
        "{text:?}"
    );
    assert!(
        text.iter().any(|p| p.contains("/deviations/0/reason")),
        "{text:?}"
    );
}

#[test]
fn a_deviation_part_that_matches_nothing_is_stale() {
    let spec = doc("spec", json!({"type": "integer"}), json!({}));
    let upstream = doc("up", json!({"type": "number"}), json!({}));
    let found = run(&spec, &upstream).differences;
    let at = "#/paths/~1runs/get/responses/200/content/application~1json/schema/type";
    let list = Document::from_value(
        "deviations.yaml",
        json!({"deviations": [{
            "id": "numbers", "applies_to": ["dotcom-2026-03-10", "ghes-3.21"], "operation": "all",
            "kind": "type", "spec": at, "reason": "always whole"
        }]}),
    );
    let deviations = match Deviations::parse(&list) {
        Ok(list) => list,
        Err(problems) => panic!("{problems:?}"),
    };
    assert_eq!(deviations.covering(&found[0]), Some(0));
    let stale = deviations.stale(&found);
    assert_eq!(stale.len(), 1, "{stale:?}");
    assert!(stale[0].part.contains("ghes-3.21"), "{stale:?}");
}

fn run_on(spec: &Document, upstream: &Document, target: Target) -> Compared {
    match compare(spec, upstream, target, None) {
        Ok(compared) => compared,
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn a_field_restricted_to_an_api_version_is_compared_only_there() {
    let spec = doc(
        "spec",
        json!({"type": "object", "required": ["has_downloads"], "properties": {
            "has_downloads": {"type": "boolean", "x-github-api-versions": ["2022-11-28"]}
        }}),
        json!({}),
    );
    let with = doc(
        "up",
        json!({"type": "object", "required": ["has_downloads"], "properties": {
            "has_downloads": {"type": "boolean"}
        }}),
        json!({}),
    );
    let without = doc("up", json!({"type": "object", "properties": {}}), json!({}));
    assert_eq!(
        run_on(&spec, &with, target("dotcom-2022-11-28")).differences,
        []
    );
    assert_eq!(
        run_on(&spec, &without, target("dotcom-2026-03-10")).differences,
        [],
        "neither the field nor its `required` entry counts where the version lacks it"
    );
    let found = run_on(&spec, &with, target("dotcom-2026-03-10")).differences;
    let [d] = found.as_slice() else {
        panic!("{found:?}")
    };
    assert_eq!((d.kind, d.spec.value.as_deref()), (Kind::Property, None));
}

#[test]
fn a_field_restricted_to_a_product_is_absent_on_the_others() {
    let spec = doc(
        "spec",
        json!({"type": "object", "properties": {
            "digest": {"type": "string", "x-github-products": ["github.com"]}
        }}),
        json!({}),
    );
    let without = doc("up", json!({"type": "object", "properties": {}}), json!({}));
    let mut spec_root = spec.root().clone();
    spec_root["paths"]["/runs"]["get"][extensions::PRODUCTS] = json!(["github.com", "ghes-3.21"]);
    let spec = Document::from_value("spec", spec_root);
    assert_eq!(run_on(&spec, &without, target("ghes-3.21")).differences, []);
    let found = run_on(&spec, &without, target("dotcom-2026-03-10")).differences;
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].kind, Kind::Property);
}

#[test]
fn a_status_restricted_to_an_api_version_is_compared_only_there() {
    let op = |extra: Value| {
        let mut responses =
            json!({"200": {"content": {"application/json": {"schema": {"type": "object"}}}}});
        if !extra.is_null() {
            responses["204"] = extra;
        }
        Document::from_value(
            "doc",
            json!({"paths": {"/runs": {"post": {
                "operationId": "actions/dispatch",
                "x-github-products": ["github.com"],
                "responses": responses
            }}}}),
        )
    };
    let spec = op(json!({"description": "no body", "x-github-api-versions": ["2022-11-28"]}));
    let upstream_old = op(json!({"description": ""}));
    let upstream_new = op(Value::Null);
    assert_eq!(
        run_on(&spec, &upstream_old, target("dotcom-2022-11-28")).differences,
        []
    );
    assert_eq!(
        run_on(&spec, &upstream_new, target("dotcom-2026-03-10")).differences,
        []
    );
    let found = run_on(&spec, &upstream_new, target("dotcom-2022-11-28")).differences;
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].kind, Kind::Status);
}

#[test]
fn a_malformed_restriction_is_a_problem_not_a_silent_absence() {
    let spec = doc(
        "spec.yaml",
        json!({"type": "object", "properties": {
            "digest": {"type": "string", "x-github-products": "github.com"}
        }}),
        json!({}),
    );
    let upstream = doc("up", json!({"type": "object", "properties": {}}), json!({}));
    let Err(e) = compare(&spec, &upstream, target("dotcom-2026-03-10"), None) else {
        panic!("a malformed restriction was accepted");
    };
    assert!(
        e.to_string()
            .contains("`x-github-products` must be a non-empty list of strings"),
        "{e}"
    );
}

#[test]
fn a_nullable_wrapper_compares_as_the_reference_it_makes_nullable() {
    let user = json!({"type": "object", "properties": {"login": {"type": "string"}}});
    let mut nullable_user = user.clone();
    nullable_user["nullable"] = json!(true);
    let spec = doc(
        "spec",
        json!({"type": "object", "properties": {"creator": {
            "nullable": true,
            "description": "Who created it.",
            "allOf": [{"$ref": "#/components/schemas/simple-user"}]
        }}}),
        json!({"simple-user": user}),
    );
    let upstream = doc(
        "up",
        json!({"type": "object", "properties": {
            "creator": {"$ref": "#/components/schemas/nullable-simple-user"}
        }}),
        json!({"nullable-simple-user": nullable_user}),
    );
    assert_eq!(run(&spec, &upstream).differences, []);
    let plain = doc(
        "up",
        json!({"type": "object", "properties": {
            "creator": {"$ref": "#/components/schemas/simple-user"}
        }}),
        json!({"simple-user": user}),
    );
    let found = run(&spec, &plain).differences;
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].kind, Kind::Nullable);
}

#[test]
fn swapped_object_branches_pair_by_what_they_hold_not_by_position() {
    let comment = json!({"type": "object", "required": ["environment_name", "comment"], "properties": {
        "environment_name": {"type": "string"}, "comment": {"type": "string"}
    }});
    let state = json!({"type": "object", "required": ["environment_name", "state"], "properties": {
        "environment_name": {"type": "string"}, "state": {"type": "string"}, "comment": {"type": "string"}
    }});
    let components = json!({"comment-required": comment, "state-required": state});
    let spec = doc(
        "spec",
        json!({"anyOf": [
            {"$ref": "#/components/schemas/state-required"},
            {"$ref": "#/components/schemas/comment-required"}
        ]}),
        components.clone(),
    );
    let upstream = doc(
        "up",
        json!({"anyOf": [
            {"$ref": "#/components/schemas/comment-required"},
            {"$ref": "#/components/schemas/state-required"}
        ]}),
        components,
    );
    assert_eq!(run(&spec, &upstream).differences, []);
}
