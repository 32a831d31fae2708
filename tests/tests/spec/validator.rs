//! The example validator on its own: what it accepts, what it rejects, and where it says
//! the failure is.

use gh_actions_tests::spec_support::{Showing, Violation, validate, validate_showing};
use serde_json::{Map, Value, json};

fn run_schema() -> Value {
    json!({
        "type": "object",
        "required": ["id", "status", "conclusion"],
        "properties": {
            "id": {"type": "integer", "format": "int64"},
            "attempt": {"type": "integer", "format": "int32"},
            "status": {"type": "string", "enum": ["queued", "in_progress", "completed"]},
            "conclusion": {"type": "string", "nullable": true, "enum": ["success", "failure"]},
            "head_branch": {"type": "string"},
            "created_at": {"type": "string", "format": "date-time"},
            "actor": {"nullable": true, "allOf": [{"$ref": "#/components/schemas/user"}]},
            "jobs": {"type": "array", "items": {"$ref": "#/components/schemas/user"}},
        },
    })
}

/// Validates `instance` against the sample run schema of a small document.
fn check_run(instance: Value) -> Vec<Violation> {
    let doc = json!({"components": {"schemas": {
        "run": run_schema(),
        "user": {"type": "object", "required": ["id"], "properties": {"id": {"type": "integer", "format": "int64"}}},
    }}});
    let schema = json!({"$ref": "#/components/schemas/run"});
    validate(&doc, &schema, "#/test", &instance)
}

fn valid_run() -> Map<String, Value> {
    let run = json!({
        "id": 30433642_u64 * 1000,
        "attempt": 2,
        "status": "completed",
        "conclusion": "success",
        "head_branch": "main",
        "created_at": "2026-01-15T16:14:23Z",
        "actor": {"id": 1},
        "jobs": [{"id": 1}, {"id": 2}],
    });
    run.as_object().cloned().unwrap_or_default()
}

fn with(field: &str, value: Value) -> Value {
    let mut run = valid_run();
    run.insert(field.to_owned(), value);
    Value::Object(run)
}

/// `(instance pointer, schema pointer)` of each violation, for exact assertions.
fn places(violations: &[Violation]) -> Vec<(&str, &str)> {
    violations
        .iter()
        .map(|v| (v.instance.as_str(), v.schema.as_str()))
        .collect()
}

#[test]
fn accepts_a_valid_value() {
    assert_eq!(check_run(Value::Object(valid_run())), vec![]);
}

#[test]
fn rejects_a_missing_required_field() {
    let mut run = valid_run();
    run.remove("status");
    let found = check_run(Value::Object(run));
    assert_eq!(
        places(&found),
        [("", "#/components/schemas/run")],
        "{found:?}"
    );
    assert!(found[0].message.contains("`status`"), "{}", found[0]);
}

#[test]
fn rejects_a_wrong_type() {
    let found = check_run(with("id", json!("30433642")));
    assert_eq!(
        places(&found),
        [("/id", "#/components/schemas/run/properties/id")],
        "{found:?}"
    );
    assert!(
        found[0].message.contains("expected integer"),
        "{}",
        found[0]
    );
}

#[test]
fn rejects_a_wrong_type_deep_inside_and_names_its_pointer() {
    let found = check_run(with("jobs", json!([{"id": 1}, {"id": 2.5}])));
    assert_eq!(
        places(&found),
        [("/jobs/1/id", "#/components/schemas/user/properties/id")],
        "{found:?}"
    );
}

#[test]
fn rejects_null_in_a_non_nullable_field() {
    let found = check_run(with("head_branch", Value::Null));
    assert_eq!(
        places(&found),
        [(
            "/head_branch",
            "#/components/schemas/run/properties/head_branch"
        )],
        "{found:?}"
    );
    assert!(found[0].message.contains("not nullable"), "{}", found[0]);
}

/// The spec's enums list the documented values only; tolerating others is the client's job,
/// so an example with an undocumented value is a mistake in the example.
#[test]
fn rejects_a_value_outside_a_closed_enum() {
    let found = check_run(with("status", json!("sleeping")));
    assert_eq!(
        places(&found),
        [("/status", "#/components/schemas/run/properties/status")],
        "{found:?}"
    );
}

#[test]
fn accepts_null_where_nullable() {
    let mut run = valid_run();
    run.insert("conclusion".to_owned(), Value::Null);
    run.insert("actor".to_owned(), Value::Null);
    assert_eq!(check_run(Value::Object(run)), vec![]);
}

#[test]
fn rejects_integers_outside_their_format() {
    let found = check_run(with("attempt", json!(1_u64 << 31)));
    assert_eq!(
        places(&found),
        [("/attempt", "#/components/schemas/run/properties/attempt")],
        "{found:?}"
    );
    let found = check_run(with("id", json!(u64::MAX)));
    assert_eq!(
        places(&found),
        [("/id", "#/components/schemas/run/properties/id")],
        "{found:?}"
    );
}

#[test]
fn rejects_a_malformed_date_time() {
    let found = check_run(with("created_at", json!("15/01/2026 16:14")));
    assert_eq!(
        places(&found),
        [(
            "/created_at",
            "#/components/schemas/run/properties/created_at"
        )],
        "{found:?}"
    );
}

#[test]
fn reports_every_failure_of_one_value() {
    let mut run = valid_run();
    run.remove("id");
    run.insert("status".to_owned(), json!(7));
    run.insert("actor".to_owned(), json!({}));
    let found = check_run(Value::Object(run));
    assert_eq!(
        places(&found),
        [
            ("", "#/components/schemas/run"),
            ("/actor", "#/components/schemas/user"),
            ("/status", "#/components/schemas/run/properties/status"),
        ],
        "{found:?}"
    );
}

#[test]
fn rejects_a_value_matching_two_one_of_branches_or_none() {
    let doc = json!({});
    let schema = json!({"oneOf": [{"type": "integer"}, {"type": "number"}]});
    assert_eq!(
        validate(&doc, &schema, "#/s", &json!(3)).len(),
        1,
        "3 matches both branches"
    );
    assert_eq!(
        validate(&doc, &schema, "#/s", &json!("3")).len(),
        1,
        "\"3\" matches neither"
    );
    assert_eq!(validate(&doc, &schema, "#/s", &json!(3.5)), vec![]);
}

#[test]
fn reports_keywords_it_does_not_check() {
    let found = validate(
        &json!({}),
        &json!({"type": "string", "contentEncoding": "base64"}),
        "#/s",
        &json!("b"),
    );
    assert_eq!(places(&found), [("", "#/s")], "{found:?}");
    assert!(
        found[0].message.contains("`contentEncoding`"),
        "{}",
        found[0]
    );
}

#[test]
fn checks_a_pattern_anywhere_in_the_string_unless_anchored() {
    let schema = json!({"type": "string", "pattern": "^[A-Za-z0-9+/]*={0,2}$"});
    assert!(validate(&json!({}), &schema, "#/s", &json!("c2VhbGVk")).is_empty());
    let found = validate(&json!({}), &schema, "#/s", &json!("not base64!"));
    assert_eq!(places(&found), [("", "#/s")], "{found:?}");
    assert!(
        found[0].message.contains("does not match the pattern"),
        "{}",
        found[0]
    );
    let unanchored = json!({"type": "string", "pattern": "b"});
    assert!(validate(&json!({}), &unanchored, "#/s", &json!("abc")).is_empty());
}

#[test]
fn rejects_values_outside_their_bounds() {
    let schema =
        json!({"type": "array", "maxItems": 1, "items": {"type": "integer", "minimum": 1}});
    let found = validate(&json!({}), &schema, "#/s", &json!([0, 2]));
    assert_eq!(
        places(&found),
        [("", "#/s"), ("/0", "#/s/items")],
        "{found:?}"
    );
}

/// A job whose `labels` exist on github.com and GHES 3.21 only, and whose `digest` exists only
/// with API version 2022-11-28.
fn restricted_job() -> Value {
    json!({
        "type": "object",
        "required": ["id", "labels", "digest"],
        "properties": {
            "id": {"type": "integer"},
            "labels": {"type": "array", "items": {"type": "string"},
                       "x-github-products": ["github.com", "ghes-3.21"]},
            "digest": {"type": "string",
                       "x-github-products": ["github.com"], "x-github-api-versions": ["2022-11-28"]},
        },
    })
}

fn check_job(instance: Value, showing: &Showing) -> Vec<Violation> {
    validate_showing(&json!({}), &restricted_job(), "#/job", &instance, showing)
}

#[test]
fn a_field_some_products_lack_is_required_only_where_every_shown_product_has_it() {
    let bare = json!({"id": 1});
    let ghes_2_22 = Showing::of(&["ghes-2.22"], &[]);
    assert_eq!(check_job(bare.clone(), &ghes_2_22), vec![]);
    assert_eq!(
        check_job(bare.clone(), &Showing::everywhere()),
        vec![],
        "a value for every product need not have what some lack"
    );
    let old_dotcom = Showing::of(&["github.com"], &["2022-11-28"]);
    let found = check_job(bare, &old_dotcom);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        found.iter().any(|v| v.message.contains("`labels`")),
        "{found:?}"
    );
    assert!(
        found.iter().any(|v| v.message.contains("`digest`")),
        "{found:?}"
    );
    let new_dotcom = Showing::of(&["github.com"], &["2026-03-10"]);
    let found = check_job(json!({"id": 1, "labels": []}), &new_dotcom);
    assert_eq!(found, vec![], "2026-03-10 has no `digest` to require");
}

#[test]
fn a_field_no_shown_product_has_is_checked_as_undeclared() {
    let ghes_2_22 = Showing::of(&["ghes-2.22"], &[]);
    let found = check_job(json!({"id": 1, "labels": "not a list"}), &ghes_2_22);
    assert_eq!(
        found,
        vec![],
        "extra fields are allowed where `labels` is not declared"
    );
    let ghes_3_21 = Showing::of(&["ghes-3.21"], &[]);
    let found = check_job(json!({"id": 1, "labels": "not a list"}), &ghes_3_21);
    assert_eq!(places(&found), [("/labels", "#/job/properties/labels")]);
}
