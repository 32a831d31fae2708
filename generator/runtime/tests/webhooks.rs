//! Verified webhook deliveries through the public API (feature
//! `webhooks`): GitHub's test vector, every bad input and its error, what
//! errors never show, typed payloads, and deployment protection rule
//! callbacks that cannot send the token elsewhere.

#![cfg(feature = "webhooks")]

use gh_actions_mock::{MockServer, Reply};
use gh_actions_runtime::webhook::{
    DEFAULT_MAX_BODY_SIZE, DeliveryHeaders, ReviewState, Secret, SignatureProblem,
    VerifiedDelivery, Verifier, WebhookError,
};
use gh_actions_runtime::{Client, Product};

/// GitHub's published example (docs, "Validating webhook deliveries").
const SECRET: &str = "It's a Secret to Everybody";
const PAYLOAD: &[u8] = b"Hello, World!";
const SIGNATURE: &str = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
const DELIVERY: &str = "72d3162e-cc78-11e3-81ab-4c9367dc0958";

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// `sha256=` and the HMAC-SHA256 of `body` under `secret`, as GitHub sends it.
fn sign(secret: &[u8], body: &[u8]) -> String {
    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, secret);
    format!("sha256={}", hex(ring::hmac::sign(&key, body).as_ref()))
}

fn headers<'h>(event: &'h str, signature: &'h str) -> DeliveryHeaders<'h> {
    DeliveryHeaders::new()
        .event(Some(event))
        .signature_256(Some(signature))
        .delivery(Some(DELIVERY))
}

fn verify(
    verifier: &Verifier,
    signature: &str,
    body: &[u8],
) -> Result<VerifiedDelivery, WebhookError> {
    verifier.verify(headers("ping", signature), body.to_vec())
}

#[test]
fn githubs_test_vector_verifies() {
    let delivery = verify(&Verifier::new(SECRET), SIGNATURE, PAYLOAD).unwrap();
    assert_eq!(delivery.event(), "ping");
    assert_eq!(delivery.delivery(), Some(DELIVERY));
    assert_eq!(&delivery.body()[..], PAYLOAD);
    assert_eq!(
        sign(SECRET.as_bytes(), PAYLOAD),
        SIGNATURE,
        "the test helper signs as GitHub does"
    );
}

#[test]
fn one_flipped_bit_in_the_body_the_signature_or_the_secret_fails() {
    let verifier = Verifier::new(SECRET);
    let mismatch = |result: Result<VerifiedDelivery, WebhookError>, what: &str| match result {
        Err(WebhookError::SignatureMismatch { secrets: 1, .. }) => {}
        other => panic!("{what}: {other:?}"),
    };
    for bit in 0..PAYLOAD.len() * 8 {
        let mut body = PAYLOAD.to_vec();
        body[bit / 8] ^= 1 << (bit % 8);
        mismatch(
            verify(&verifier, SIGNATURE, &body),
            &format!("body bit {bit}"),
        );
    }
    // Every bit of the digest, written again as a well-formed header.
    let digest: Vec<u8> = (0..32)
        .map(|i| u8::from_str_radix(&SIGNATURE[7 + 2 * i..9 + 2 * i], 16).unwrap())
        .collect();
    for bit in 0..256 {
        let mut flipped = digest.clone();
        flipped[bit / 8] ^= 1 << (bit % 8);
        let signature = format!("sha256={}", hex(&flipped));
        mismatch(
            verify(&verifier, &signature, PAYLOAD),
            &format!("digest bit {bit}"),
        );
    }
    // Every bit of every character of the header: never accepted.
    for bit in 0..SIGNATURE.len() * 8 {
        let mut header = SIGNATURE.as_bytes().to_vec();
        header[bit / 8] ^= 1 << (bit % 8);
        let header = String::from_utf8_lossy(&header).into_owned();
        assert!(
            verify(&verifier, &header, PAYLOAD).is_err(),
            "header bit {bit}: {header}"
        );
    }
    for bit in 0..SECRET.len() * 8 {
        let mut secret = SECRET.as_bytes().to_vec();
        secret[bit / 8] ^= 1 << (bit % 8);
        mismatch(
            verify(&Verifier::new(secret), SIGNATURE, PAYLOAD),
            &format!("secret bit {bit}"),
        );
    }
}

#[test]
fn during_a_rotation_a_delivery_signed_with_any_secret_verifies() {
    let verifier = Verifier::new("new secret").also_accept("old secret");
    for secret in ["old secret", "new secret"] {
        let signature = sign(secret.as_bytes(), PAYLOAD);
        assert!(verify(&verifier, &signature, PAYLOAD).is_ok(), "{secret}");
    }
    let stranger = sign(b"another secret", PAYLOAD);
    match verify(&verifier, &stranger, PAYLOAD) {
        Err(WebhookError::SignatureMismatch { secrets: 2, .. }) => {}
        other => panic!("{other:?}"),
    }
    let listed = Verifier::with_secrets(vec![Secret::new("old secret"), Secret::new(SECRET)]);
    assert!(verify(&listed, SIGNATURE, PAYLOAD).is_ok());
}

#[test]
fn a_missing_event_header_is_its_own_error() {
    let headers = DeliveryHeaders::new()
        .signature_256(Some(SIGNATURE))
        .delivery(Some(DELIVERY));
    match Verifier::new(SECRET).verify(headers, PAYLOAD) {
        Err(error @ WebhookError::MissingEvent { .. }) => {
            assert_eq!(error.delivery(), Some(DELIVERY));
            assert!(
                error
                    .to_string()
                    .contains("X-GitHub-Event header is missing"),
                "{error}"
            );
        }
        other => panic!("{other:?}"),
    }
    let bad = DeliveryHeaders::new()
        .event(Some(&b"ping\r\nx-forged: 1"[..]))
        .signature_256(Some(SIGNATURE));
    assert!(matches!(
        Verifier::new(SECRET).verify(bad, PAYLOAD),
        Err(WebhookError::MalformedEvent { delivery: None, .. })
    ));
}

#[test]
fn a_missing_signature_header_is_its_own_error_and_sha1_is_never_read() {
    // A lookup that has only the SHA-1 header: it is never asked for.
    let sha1 = "sha1=0123456789abcdef0123456789abcdef01234567";
    let mut asked = Vec::new();
    let headers = DeliveryHeaders::from_lookup(|name| {
        asked.push(name);
        match name {
            "x-github-event" => Some(&b"ping"[..]),
            "x-hub-signature" => Some(sha1.as_bytes()),
            _ => None,
        }
    });
    match Verifier::new(SECRET).verify(headers, PAYLOAD) {
        Err(error @ WebhookError::MissingSignature { .. }) => {
            let text = error.to_string();
            assert!(
                text.contains("X-Hub-Signature-256 header is missing"),
                "{text}"
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        asked,
        ["x-github-event", "x-hub-signature-256", "x-github-delivery"]
    );
}

#[test]
fn each_malformed_signature_header_is_named() {
    let digest = &SIGNATURE["sha256=".len()..];
    let cases = [
        (
            format!("sha1={}", &digest[..40]),
            SignatureProblem::Prefix {
                algorithm: Some("sha1".into()),
            },
            "starts with `sha1=`, not `sha256=`",
        ),
        (
            digest.to_owned(),
            SignatureProblem::Prefix { algorithm: None },
            "does not start with `sha256=`",
        ),
        (
            format!("sha256={}", digest.replace('e', "x")),
            SignatureProblem::NotHex,
            "not hex",
        ),
        (
            format!("sha256={}", digest.to_uppercase()),
            SignatureProblem::UpperCase,
            "upper-case",
        ),
        (
            format!("sha256={}", &digest[..40]),
            SignatureProblem::Length { digits: 40 },
            "40 hex digits",
        ),
    ];
    for (header, expected, message) in cases {
        match verify(&Verifier::new(SECRET), &header, PAYLOAD) {
            Err(error @ WebhookError::MalformedSignature { .. }) => {
                let WebhookError::MalformedSignature { problem, .. } = &error else {
                    unreachable!()
                };
                assert_eq!(problem, &expected, "{header}");
                assert!(error.to_string().contains(message), "{error}");
            }
            other => panic!("{header}: {other:?}"),
        }
    }
}

#[test]
fn a_body_over_the_limit_is_refused_with_the_limit() {
    assert_eq!(Verifier::new(SECRET).body_limit(), DEFAULT_MAX_BODY_SIZE);
    assert_eq!(DEFAULT_MAX_BODY_SIZE, 25 * 1024 * 1024);
    let exact = Verifier::new(SECRET).max_body_size(PAYLOAD.len());
    assert!(
        verify(&exact, SIGNATURE, PAYLOAD).is_ok(),
        "a body at the limit is accepted"
    );
    let small = Verifier::new(SECRET).max_body_size(PAYLOAD.len() - 1);
    match verify(&small, SIGNATURE, PAYLOAD) {
        Err(
            error @ WebhookError::BodyTooLarge {
                size: 13,
                limit: 12,
                ..
            },
        ) => {
            assert!(error.to_string().contains("limit of 12 bytes"), "{error}");
        }
        other => panic!("{other:?}"),
    }
    let huge = vec![b' '; DEFAULT_MAX_BODY_SIZE + 1];
    assert!(matches!(
        verify(
            &Verifier::new(SECRET),
            &sign(SECRET.as_bytes(), &huge),
            &huge
        ),
        Err(WebhookError::BodyTooLarge { .. })
    ));
}

#[test]
fn no_secret_or_only_empty_ones_refuses_every_delivery() {
    let none = Verifier::with_secrets(Vec::<String>::new());
    let empty = Verifier::new(String::new()).also_accept("");
    for verifier in [none, empty] {
        // Even the signature an empty key gives is not accepted.
        let signature = sign(b"", PAYLOAD);
        match verify(&verifier, &signature, PAYLOAD) {
            Err(error @ WebhookError::NoSecret { .. }) => {
                assert!(
                    error
                        .to_string()
                        .contains("no webhook secret is configured"),
                    "{error}"
                );
                assert!(!error.is_refused_delivery());
            }
            other => panic!("{other:?}"),
        }
    }
}

#[derive(Debug, serde::Deserialize)]
struct WorkflowRunEvent {
    action: String,
    workflow_run: WorkflowRun,
}
#[derive(Debug, serde::Deserialize)]
struct WorkflowRun {
    id: u64,
    conclusion: Option<String>,
}

#[test]
fn a_verified_payload_parses_into_the_events_type() {
    let body = br#"{"action":"completed","workflow_run":{"id":30433642,"conclusion":"success"}}"#;
    let verifier = Verifier::new(SECRET);
    let delivery = verifier
        .verify(
            headers("workflow_run", &sign(SECRET.as_bytes(), body)),
            &body[..],
        )
        .unwrap();
    let event: WorkflowRunEvent = delivery.parse().unwrap();
    assert_eq!(event.action, "completed");
    assert_eq!(event.workflow_run.id, 30433642);
    assert_eq!(event.workflow_run.conclusion.as_deref(), Some("success"));
}

#[test]
fn a_payload_of_another_shape_names_the_field_path_and_shows_a_snippet() {
    let body = br#"{"action":"completed","workflow_run":{"id":-1,"conclusion":null}}"#;
    let delivery = Verifier::new(SECRET)
        .verify(
            headers("workflow_run", &sign(SECRET.as_bytes(), body)),
            &body[..],
        )
        .unwrap();
    match delivery.parse::<WorkflowRunEvent>() {
        Err(error @ WebhookError::Payload { .. }) => {
            let text = error.to_string();
            assert!(text.starts_with(&format!("webhook delivery `{DELIVERY}`: the `workflow_run` payload does not decode at `workflow_run.id`")), "{text}");
            assert!(text.contains(r#"(body: {"action":"completed""#), "{text}");
        }
        other => panic!("{other:?}"),
    }
}

/// One of each error, made through the public API.
fn every_error() -> Vec<WebhookError> {
    let verifier = Verifier::new(SECRET);
    let digest = &SIGNATURE["sha256=".len()..];
    let mut errors = vec![
        Verifier::new("")
            .verify(headers("ping", SIGNATURE), PAYLOAD)
            .unwrap_err(),
        verifier
            .clone()
            .max_body_size(1)
            .verify(headers("ping", SIGNATURE), PAYLOAD)
            .unwrap_err(),
        verifier
            .verify(DeliveryHeaders::new().event(Some("ping")), PAYLOAD)
            .unwrap_err(),
        verify(&verifier, &format!("sha1={digest}"), PAYLOAD).unwrap_err(),
        verify(
            &verifier,
            &format!("sha256={}", digest.to_uppercase()),
            PAYLOAD,
        )
        .unwrap_err(),
        verify(&verifier, &format!("sha256={}", &digest[1..]), PAYLOAD).unwrap_err(),
        verify(&verifier, SIGNATURE, b"Hello, World?").unwrap_err(),
        verifier
            .verify(
                DeliveryHeaders::new().signature_256(Some(SIGNATURE)),
                PAYLOAD,
            )
            .unwrap_err(),
        verifier
            .verify(headers("ping pong", SIGNATURE), PAYLOAD)
            .unwrap_err(),
        verify(&verifier, SIGNATURE, PAYLOAD)
            .unwrap()
            .parse::<WorkflowRunEvent>()
            .unwrap_err(),
    ];
    let client = Client::builder().build().unwrap();
    errors.push(
        client
            .deployment_callback("https://example.com/x")
            .unwrap_err(),
    );
    errors
}

#[test]
fn no_error_and_no_debug_output_shows_a_secret_or_the_expected_signature() {
    let errors = every_error();
    let kinds: std::collections::BTreeSet<String> = errors
        .iter()
        .map(|e| {
            format!("{e:?}")
                .split([' ', '{', '('])
                .next()
                .unwrap_or_default()
                .to_owned()
        })
        .collect();
    assert_eq!(kinds.len(), 9, "one error of each kind: {kinds:?}");
    // The signature of a changed body under the secret: what a careless
    // mismatch message would print.
    let expected_for_changed = sign(SECRET.as_bytes(), b"Hello, World?");
    let digest = &SIGNATURE["sha256=".len()..];
    for error in &errors {
        for shown in [
            error.to_string(),
            format!("{error:?}"),
            format!("{error:#?}"),
        ] {
            assert!(!shown.contains(SECRET), "{shown}");
            assert!(!shown.contains("Secret to Everybody"), "{shown}");
            assert!(
                !shown.contains(&expected_for_changed["sha256=".len()..]),
                "{shown}"
            );
            assert!(!shown.to_lowercase().contains(digest), "{shown}");
        }
    }
    let rotation = Verifier::new(SECRET).also_accept("second secret");
    for shown in [
        format!("{rotation:?}"),
        format!("{rotation:#?}"),
        format!("{:?}", Secret::from(SECRET)),
    ] {
        assert!(
            !shown.contains(SECRET) && !shown.contains("second secret"),
            "{shown}"
        );
        assert!(shown.contains("<redacted>"), "{shown}");
    }
}

const CALLBACK: &str = "/repos/octo-org/octo-repo/actions/runs/1234/deployment_protection_rule";

fn client(base: &str) -> Client {
    Client::builder()
        .base_url(base)
        .token("ghs_installation")
        .build()
        .unwrap()
}

#[test]
fn a_callback_url_on_the_clients_origin_and_path_gives_owner_repo_and_run() {
    let github = client("https://api.github.com");
    let callback = github
        .deployment_callback(&format!("https://api.github.com{CALLBACK}"))
        .unwrap();
    assert_eq!(
        (callback.owner(), callback.repo(), callback.run_id()),
        ("octo-org", "octo-repo", 1234)
    );
    // The default port written out is the same origin; segments are percent-decoded.
    let decoded = github
        .deployment_callback(
            "https://api.github.com:443/repos/octo%2Dorg/caf%C3%A9%20r%25/actions/runs/42/deployment_protection_rule",
        )
        .unwrap();
    assert_eq!(decoded.owner(), "octo-org");
    assert_eq!(decoded.repo(), "café r%");
    assert_eq!(decoded.run_id(), 42);
    assert_eq!(
        decoded.path(),
        "/repos/octo-org/caf%C3%A9%20r%25/actions/runs/42/deployment_protection_rule"
    );
    let enterprise = client("https://ghe.example.com/api/v3/");
    let under = enterprise
        .deployment_callback(&format!("https://GHE.example.com/api/v3{CALLBACK}"))
        .unwrap();
    assert_eq!(under.run_id(), 1234);
}

#[test]
fn a_callback_url_anywhere_else_is_refused_before_anything_is_sent() {
    let github = client("https://api.github.com");
    let enterprise = client("https://ghe.example.com/api/v3");
    let refused = [
        (&github, format!("https://evil.example{CALLBACK}"), "host"),
        (
            &github,
            format!("https://api.github.com.evil.example{CALLBACK}"),
            "host",
        ),
        (
            &github,
            format!("http://api.github.com{CALLBACK}"),
            "scheme",
        ),
        (
            &github,
            format!("https://api.github.com:8443{CALLBACK}"),
            "port",
        ),
        (
            &github,
            format!("https://user:pw@api.github.com{CALLBACK}"),
            "user info",
        ),
        (
            &github,
            format!("https://api.github.com{CALLBACK}?x=1"),
            "query",
        ),
        (
            &github,
            format!("https://api.github.com{CALLBACK}#f"),
            "fragment",
        ),
        (
            &github,
            format!("https://api.github.com/x/..{CALLBACK}"),
            "`..`",
        ),
        (
            &github,
            format!("https://api.github.com/x/%2e%2E{CALLBACK}"),
            "`..`",
        ),
        (
            &github,
            format!("https://api.github.com/.{CALLBACK}"),
            "`.`",
        ),
        (
            &github,
            format!("https://api.github.com\\{CALLBACK}"),
            "`\\`",
        ),
        (
            &github,
            format!("https://api.github.com/\t{CALLBACK}"),
            "control",
        ),
        (
            &github,
            "/repos/o/r/actions/runs/1/deployment_protection_rule".into(),
            "absolute",
        ),
        (
            &github,
            "https://api.github.com/repos/o/r/actions/secrets/X".into(),
            "is not `/repos/",
        ),
        (
            &github,
            "https://api.github.com/repos/o/r/actions/runs/1/approve".into(),
            "is not `/repos/",
        ),
        (
            &github,
            "https://api.github.com//repos/o/r/actions/runs/1/deployment_protection_rule".into(),
            "is not `/repos/",
        ),
        (
            &github,
            "https://api.github.com/repos/o/r/actions/runs/x1/deployment_protection_rule".into(),
            "run id",
        ),
        (
            &github,
            "https://api.github.com/repos/o%2F../r/actions/runs/1/deployment_protection_rule"
                .into(),
            "owner",
        ),
        (
            &enterprise,
            format!("https://ghe.example.com{CALLBACK}"),
            "outside the base URL's path",
        ),
        (
            &enterprise,
            format!("https://ghe.example.com/api/v4{CALLBACK}"),
            "outside the base URL's path",
        ),
        (
            &enterprise,
            format!("https://ghe.example.com/api/v3/../v4{CALLBACK}"),
            "`..`",
        ),
        (
            &enterprise,
            format!("https://ghe.example.com/api{CALLBACK}"),
            "outside the base URL's path",
        ),
    ];
    for (client, url, reason) in refused {
        match client.deployment_callback(&url) {
            Err(error @ WebhookError::CallbackUrl { .. }) => {
                let text = error.to_string();
                assert!(text.contains(reason), "{url}: {text}");
                assert!(!text.contains("pw@"), "user info is not shown: {text}");
            }
            other => panic!("{url}: {other:?}"),
        }
    }
}

#[tokio::test]
async fn a_review_posts_the_answer_to_the_callback_with_the_clients_token() {
    let server = MockServer::start(|_| Reply::bytes(204, b"")).await;
    let client = Client::builder()
        .base_url(format!("{}/api/v3", server.url()))
        .product(Product::Ghes3_21)
        .token("ghs_installation")
        .build()
        .unwrap();
    let url = format!(
        "{}/api/v3/repos/octo%2Dorg/r%20x/actions/runs/77/deployment_protection_rule",
        server.url()
    );
    let callback = client.deployment_callback(&url).unwrap();
    callback
        .review(
            "production",
            ReviewState::Approved,
            Some("all checks passed"),
        )
        .await
        .unwrap();
    callback
        .review("staging", ReviewState::Rejected, None)
        .await
        .unwrap();
    let sent = server.requests();
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[0].method, "POST");
    assert_eq!(
        sent[0].target,
        "/api/v3/repos/octo-org/r%20x/actions/runs/77/deployment_protection_rule"
    );
    assert_eq!(
        sent[0].header("authorization"),
        Some("Bearer ghs_installation")
    );
    let body: serde_json::Value = serde_json::from_slice(&sent[0].body).unwrap();
    assert_eq!(
        body,
        serde_json::json!({"environment_name": "production", "state": "approved", "comment": "all checks passed"})
    );
    let body: serde_json::Value = serde_json::from_slice(&sent[1].body).unwrap();
    assert_eq!(
        body,
        serde_json::json!({"environment_name": "staging", "state": "rejected"})
    );
}
