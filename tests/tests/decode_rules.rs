//! The generated structs' `Deserialize` is written out by the generator
//! (not derived). These pin what it must read and refuse, on real types of
//! the client: required, required-but-nullable, optional, three-state and
//! `Nullable` fields, unknown and repeated keys, escaped keys, and inputs
//! that do not come from a borrowed string.

use gh_actions::types::requests::UpdateSelfHostedRunnerGroupForOrgRequest;
use gh_actions::types::{EmptyObject, Job, ValidationErrorErrorsItem};
use gh_actions_runtime::Nullable;
use gh_actions_tests::e2e_support::example;
use serde_json::{Value, json};

/// The spec's job example as an object.
fn job() -> serde_json::Map<String, Value> {
    match example("job") {
        Value::Object(map) => map,
        other => panic!("the job example is not an object: {other}"),
    }
}

fn decode_job(value: &serde_json::Map<String, Value>) -> Result<Job, serde_json::Error> {
    serde_json::from_str(&Value::Object(value.clone()).to_string())
}

#[test]
fn an_example_decodes_and_round_trips() {
    let first = decode_job(&job()).expect("the job example decodes");
    assert_eq!(first.name, job()["name"].as_str().unwrap());
    let again: Job = serde_json::from_value(serde_json::to_value(&first).unwrap()).unwrap();
    assert_eq!(again, first);
}

#[test]
fn a_missing_required_field_is_named() {
    let mut value = job();
    value.remove("head_sha");
    let err = decode_job(&value).unwrap_err();
    assert!(
        err.to_string().contains("missing field `head_sha`"),
        "{err}"
    );
}

#[test]
fn a_required_nullable_field_must_be_present_and_may_be_null() {
    let mut value = job();
    value.insert("completed_at".into(), Value::Null);
    assert_eq!(decode_job(&value).unwrap().completed_at, None);
    value.remove("completed_at");
    let err = decode_job(&value).unwrap_err();
    assert!(
        err.to_string().contains("missing field `completed_at`"),
        "{err}"
    );
}

#[test]
fn optional_fields_may_be_absent_or_null() {
    let mut value = job();
    value.remove("run_attempt");
    value.insert("head_branch".into(), Value::Null);
    value.remove("labels");
    let job = decode_job(&value).unwrap();
    assert_eq!(job.run_attempt, None);
    assert_eq!(job.head_branch, None);
    assert!(job.labels.is_empty(), "an absent list is empty");
}

#[test]
fn unknown_fields_are_skipped_whatever_their_shape() {
    let mut value = job();
    value.insert(
        "field_from_the_future".into(),
        json!({"nested": [1, {"deep": null}], "text": "x"}),
    );
    value.insert("another".into(), json!([true, 2.5]));
    let with_extra = decode_job(&value).unwrap();
    assert_eq!(with_extra, decode_job(&job()).unwrap());
}

#[test]
fn a_repeated_field_is_refused() {
    let text = Value::Object(job()).to_string();
    let repeated = format!("{{\"id\": 1, {}", &text[1..]);
    let err = serde_json::from_str::<Job>(&repeated).unwrap_err();
    assert!(err.to_string().contains("duplicate field `id`"), "{err}");
}

#[test]
fn an_escaped_key_is_read_as_its_text() {
    let text = Value::Object(job()).to_string();
    let escaped = text.replacen("\"head_sha\"", "\"head\\u005fsha\"", 1);
    assert_ne!(escaped, text);
    assert_eq!(
        serde_json::from_str::<Job>(&escaped).unwrap(),
        decode_job(&job()).unwrap()
    );
}

#[test]
fn readers_and_values_decode_the_same() {
    let value = Value::Object(job());
    let expected = decode_job(&job()).unwrap();
    let text = value.to_string();
    let from_reader: Job = serde_json::from_reader(text.as_bytes()).unwrap();
    assert_eq!(from_reader, expected);
    let from_owned: Job = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(from_owned, expected);
    let from_borrowed = <Job as serde::Deserialize>::deserialize(&value).unwrap();
    assert_eq!(from_borrowed, expected);
}

#[test]
fn something_other_than_an_object_is_refused_by_type() {
    for (text, found) in [
        ("[1, 2]", "sequence"),
        ("\"job\"", "string \"job\""),
        ("null", "null"),
    ] {
        let err = serde_json::from_str::<Job>(text).unwrap_err();
        assert!(
            err.to_string()
                .contains(&format!("invalid type: {found}, expected struct Job")),
            "{text}: {err}"
        );
    }
}

#[test]
fn a_wrong_type_inside_a_field_fails_at_that_field() {
    let mut value = job();
    value.insert("run_id".into(), json!("not a number"));
    let err = decode_job(&value).unwrap_err();
    assert!(err.to_string().contains("invalid type: string"), "{err}");
}

#[test]
fn three_state_request_fields_keep_absent_null_and_value_apart() {
    for (text, expected) in [
        (r#"{"name":"g"}"#, None),
        (
            r#"{"name":"g","network_configuration_id":null}"#,
            Some(None),
        ),
        (
            r#"{"name":"g","network_configuration_id":"nc"}"#,
            Some(Some("nc".to_owned())),
        ),
    ] {
        let body: UpdateSelfHostedRunnerGroupForOrgRequest = serde_json::from_str(text).unwrap();
        assert_eq!(body.network_configuration_id, expected, "{text}");
        assert_eq!(serde_json::to_string(&body).unwrap(), text);
    }
}

#[test]
fn a_nullable_field_tells_null_from_absent() {
    let absent: ValidationErrorErrorsItem = serde_json::from_str(r#"{"code":"invalid"}"#).unwrap();
    assert!(matches!(absent.value, Nullable::Absent));
    let null: ValidationErrorErrorsItem =
        serde_json::from_str(r#"{"code":"invalid","value":null}"#).unwrap();
    assert!(matches!(null.value, Nullable::Null));
    assert_eq!(
        serde_json::to_string(&null).unwrap(),
        r#"{"code":"invalid","value":null}"#
    );
    assert_eq!(
        serde_json::to_string(&absent).unwrap(),
        r#"{"code":"invalid"}"#
    );
}

#[test]
fn a_struct_without_fields_skips_every_key_and_refuses_other_shapes() {
    let read = |text: &str| serde_json::from_str::<EmptyObject>(text);
    assert!(read("{}").is_ok());
    assert!(read(r#"{"unexpected": {"nested": [1, 2]}, "more": null}"#).is_ok());
    let err = read("[]").unwrap_err();
    assert!(
        err.to_string()
            .contains("invalid type: sequence, expected struct EmptyObject"),
        "{err}"
    );
}
