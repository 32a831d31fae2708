//! The client's `webhooks` module beside what the generated tests cover (each
//! payload example received as its event and action): GitHub's published
//! signature test vector, events and actions the client does not know, and a
//! payload that does not match its event. The runtime's own tests
//! (`generator/runtime/tests/webhooks.rs`) hold every refusal.

use gh_actions::webhooks::{
    DeliveryHeaders, Event, Verifier, WebhookError, WorkflowRunAction, receive,
};
use gh_actions_tests::e2e_support::example;
use gh_actions_tests::wire_support::{WEBHOOK_SECRET, deliver, webhook_signature};
use serde_json::json;

/// GitHub's example: secret `It's a Secret to Everybody`, payload `Hello, World!`.
const VECTOR_SIGNATURE: &str =
    "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

#[test]
fn githubs_signature_test_vector_verifies_and_a_flipped_bit_does_not() {
    let verifier = Verifier::new("It's a Secret to Everybody");
    let headers = |signature: &'static str| {
        DeliveryHeaders::default()
            .event(Some("ping"))
            .signature_256(Some(signature))
    };
    let delivery = verifier
        .verify(headers(VECTOR_SIGNATURE), &b"Hello, World!"[..])
        .expect("GitHub's vector verifies");
    assert_eq!(delivery.body().as_ref(), b"Hello, World!");
    assert_eq!(
        webhook_signature("It's a Secret to Everybody", b"Hello, World!"),
        VECTOR_SIGNATURE,
        "the tests sign as GitHub does"
    );
    let flipped = verifier.verify(headers(VECTOR_SIGNATURE), &b"Hello, World\""[..]);
    assert!(
        matches!(flipped, Err(WebhookError::SignatureMismatch { .. })),
        "{flipped:?}"
    );
}

#[test]
fn an_event_the_client_does_not_know_comes_back_unknown_with_its_payload() {
    let event = deliver("star", r#"{"action":"created","starred_at":null}"#);
    assert_eq!(event.name(), "star");
    match event {
        Event::Unknown { event, payload } => {
            assert_eq!(event, "star");
            assert_eq!(payload, json!({"action": "created", "starred_at": null}));
        }
        other => panic!("expected Unknown, got {other:?}"),
    }
}

#[test]
fn an_action_the_client_does_not_know_comes_back_unknown_with_its_payload() {
    let mut payload = example("webhook-workflow-run-completed");
    payload["action"] = json!("archived");
    let text = payload.to_string();
    match deliver("workflow_run", &text) {
        Event::WorkflowRun(WorkflowRunAction::Unknown {
            action,
            payload: raw,
        }) => {
            assert_eq!(action, "archived");
            assert_eq!(raw, payload);
        }
        other => panic!("expected an unknown workflow_run action, got {other:?}"),
    }
}

#[test]
fn a_payload_that_does_not_match_its_event_names_the_field() {
    let mut payload = example("webhook-workflow-run-completed");
    payload["workflow_run"]["id"] = json!("not a number");
    let body = payload.to_string();
    let signature = webhook_signature(WEBHOOK_SECRET, body.as_bytes());
    let headers = DeliveryHeaders::default()
        .event(Some("workflow_run"))
        .signature_256(Some(signature.as_str()))
        .delivery(Some("d-1"));
    let err = receive(&Verifier::new(WEBHOOK_SECRET), headers, body.into_bytes())
        .expect_err("the id is not a number");
    let text = err.to_string();
    assert!(matches!(err, WebhookError::Payload { .. }), "{err:?}");
    assert!(text.contains("workflow_run.id"), "{text}");
    assert!(!text.contains(WEBHOOK_SECRET), "{text}");
}
