//! A webhook delivery, verified and then read into an `Event`, as
//! `webhooks::receive` does for a receiver. The first byte picks how the
//! delivery is signed, the second its `X-GitHub-Event`, the rest is the
//! body (and, for a forged signature, the signature header too).
//!
//! Checks: nothing panics; a body signed with the secret is never refused
//! for its signature; a forged or malformed signature is never accepted; an
//! accepted delivery is an `Event` or a payload error naming the event;
//! no error or `Debug` output shows the secret.
#![no_main]

use gh_actions::webhooks::{DeliveryHeaders, Verifier, WebhookError, receive};
use libfuzzer_sys::fuzz_target;

const SECRET: &str = "fuzz-webhook-secret-9f8e7d";

const EVENTS: [&str; 10] = [
    "workflow_run",
    "workflow_job",
    "workflow_dispatch",
    "deployment_protection_rule",
    "deployment_review",
    "ping",
    "push",
    "",
    "workflow run",
    "wörkflow_run",
];

fn signature(body: &[u8]) -> String {
    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, SECRET.as_bytes());
    let tag = ring::hmac::sign(&key, body);
    let hex: String = tag.as_ref().iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256={hex}")
}

fn shows_no_secret(text: &str) {
    assert!(!text.contains(SECRET), "the secret shows: {text}");
}

fuzz_target!(|data: &[u8]| {
    let [mode, event, rest @ ..] = data else {
        return;
    };
    let event = EVENTS[usize::from(*event) % EVENTS.len()];
    let verifier = Verifier::new(SECRET);
    let signed = mode % 2 == 0;
    let (header, body) = if signed {
        (signature(rest).into_bytes(), rest)
    } else {
        // A forged signature header: up to the first NUL byte of the rest.
        let cut = rest.iter().position(|&b| b == 0).unwrap_or(rest.len());
        (
            rest[..cut].to_vec(),
            rest.get(cut + 1..).unwrap_or_default(),
        )
    };
    let genuine = header == signature(body).into_bytes();
    let headers = DeliveryHeaders::default()
        .event(Some(event))
        .signature_256(Some(&header[..]))
        .delivery(Some("72d3162e-cc78-11e3-81ab-4c9367dc0958"));
    match receive(&verifier, headers, body.to_vec()) {
        Ok(received) => {
            assert!(genuine, "a delivery with a wrong signature was accepted");
            shows_no_secret(&format!("{received:?}"));
        }
        Err(error) => {
            shows_no_secret(&format!("{error} {error:?}"));
            let refused_signature = matches!(
                error,
                WebhookError::MissingSignature { .. }
                    | WebhookError::MalformedSignature { .. }
                    | WebhookError::SignatureMismatch { .. }
            );
            assert!(
                !(genuine && refused_signature),
                "a genuine signature was refused: {error}"
            );
        }
    }
});
