//! What the wire tests generated from the spec (`tests/tests/wire/generated/`,
//! written by `cargo xtask codegen`) call: a mock server that gives one
//! answer, a client for a product and API version, typed inputs read from
//! the spec's JSON, and the checks of the request sent and the outcome.
//!
//! The generated tests hold only data (inputs, the expected request, the
//! answer and which outcome it must give); every check lives here, once.

use crate::e2e_support::{TOKEN, contained};
use crate::mock::{MockServer, RecordedRequest, Reply};
use gh_actions::{ApiVersion, Error, Product};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// The `Location` every generated redirect answer carries.
pub const LOCATION: &str = "https://storage.example.com/wire/archive.zip?sig=wire-test";

/// The answer the mock server gives to every request.
#[derive(Debug, Clone, Copy)]
pub enum Answer<'a> {
    /// A status with a JSON body (the spec's example, as text).
    Json(u16, &'a str),
    /// A status with no body.
    Empty(u16),
    /// A redirect to [`LOCATION`].
    Redirect(u16),
    /// A status with a text body.
    Text(u16, &'a str),
}

/// A server on 127.0.0.1 that gives `answer` to every request.
pub async fn serve(answer: Answer<'_>) -> MockServer {
    let reply = match answer {
        Answer::Json(status, text) => Reply::json_text(status, text.as_bytes().to_vec()),
        Answer::Empty(status) => Reply::empty(status),
        Answer::Redirect(status) => Reply::new(status).header("location", LOCATION),
        Answer::Text(status, text) => Reply::text(status, text),
    };
    MockServer::start(move |_req: &RecordedRequest| reply.clone()).await
}

/// A client aimed at `server` with a token, configured for `product` and,
/// on github.com, `version`.
pub fn client(
    server: &MockServer,
    product: Product,
    version: Option<ApiVersion>,
) -> gh_actions::Client {
    let mut builder = gh_actions::Client::builder()
        .base_url(server.url())
        .token(TOKEN)
        .product(product);
    if let Some(version) = version {
        builder = builder.api_version(version);
    }
    builder.build().expect("a client for the mock server")
}

/// A typed input from JSON text the generator took from the spec (the
/// parameter's or request example's value); fails naming the type.
#[track_caller]
pub fn value<T: DeserializeOwned>(json: &str) -> T {
    serde_json::from_str(json).unwrap_or_else(|e| {
        panic!(
            "`{json}` does not decode into {}: {e}",
            std::any::type_name::<T>()
        )
    })
}

/// A secret sealed with a fixed public key, sent with `key_id`.
pub fn sealed(key_id: &str) -> gh_actions::sealing::SealedSecret {
    // Any 32 bytes are an X25519 public key.
    const KEY: &str = "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=";
    gh_actions::sealing::SealedSecret::seal(key_id, KEY, "wire-test secret").expect("seals")
}

/// The body a request must carry.
#[derive(Debug, Clone, Copy)]
pub enum Body<'a> {
    /// None at all (and no content type).
    None,
    /// This JSON (the spec's request example, as text).
    Json(&'a str),
    /// This JSON, except `encrypted_value`, which must be a sealed box in
    /// base64 (the ciphertext differs on every call).
    Sealed(&'a str),
}

/// What the one request the server saw must be.
#[derive(Debug, Clone, Copy)]
pub struct Expected<'a> {
    /// The operation, for messages.
    pub operation: &'a str,
    /// The HTTP method.
    pub method: &'a str,
    /// Path and query exactly as sent, percent-encoded.
    pub target: &'a str,
    /// The product the client was configured for.
    pub product: Product,
    /// The API version, on github.com.
    pub version: Option<ApiVersion>,
    /// The body.
    pub body: Body<'a>,
}

/// Checks the only request `server` saw against `expected`: method, target
/// as encoded on the wire, the API headers for the product and version, and
/// the body.
#[track_caller]
pub fn check_request(server: &MockServer, expected: &Expected<'_>) {
    let requests = server.requests();
    let op = expected.operation;
    assert_eq!(
        requests.len(),
        1,
        "{op}: expected one request, got {requests:#?}"
    );
    let req = &requests[0];
    assert_eq!(req.method, expected.method, "{op}: method");
    assert_eq!(req.target, expected.target, "{op}: path and query as sent");
    assert_eq!(
        req.header("accept"),
        Some(expected.product.accept()),
        "{op}: accept on {}",
        expected.product
    );
    let authorization = format!("Bearer {TOKEN}");
    assert_eq!(
        req.header("authorization"),
        Some(authorization.as_str()),
        "{op}: authorization"
    );
    assert!(
        req.header("user-agent").is_some_and(|ua| !ua.is_empty()),
        "{op}: user-agent"
    );
    let version = expected
        .product
        .api_version_header(expected.version.unwrap_or_default());
    assert_eq!(
        req.header("x-github-api-version"),
        version.map(|v| v.as_str()),
        "{op}: API version header on {}",
        expected.product
    );
    check_body(req, op, expected.method, expected.body);
}

#[track_caller]
fn check_body(req: &RecordedRequest, op: &str, method: &str, body: Body<'_>) {
    let json = |text: &str| -> Value {
        serde_json::from_str(text)
            .unwrap_or_else(|e| panic!("{op}: the spec's request example: {e}"))
    };
    match body {
        Body::None => {
            assert!(
                req.body.is_empty(),
                "{op}: expected no body, got {:?}",
                req.body_text()
            );
            assert_eq!(
                req.header("content-type"),
                None,
                "{op}: content-type without a body"
            );
            if matches!(method, "POST" | "PUT" | "PATCH") {
                // GitHub answers 411 Length Required otherwise.
                assert_eq!(
                    req.header("content-length"),
                    Some("0"),
                    "{op}: content-length"
                );
            }
        }
        Body::Json(text) => {
            assert_eq!(
                req.header("content-type"),
                Some("application/json"),
                "{op}: content-type"
            );
            let sent = req
                .body_json()
                .unwrap_or_else(|e| panic!("{op}: the body is not JSON: {e}"));
            assert_eq!(sent, json(text), "{op}: request body");
        }
        Body::Sealed(text) => {
            assert_eq!(
                req.header("content-type"),
                Some("application/json"),
                "{op}: content-type"
            );
            let mut sent = req
                .body_json()
                .unwrap_or_else(|e| panic!("{op}: the body is not JSON: {e}"));
            let mut expected = json(text);
            let ciphertext = sent
                .as_object_mut()
                .and_then(|m| m.remove("encrypted_value"))
                .unwrap_or_else(|| panic!("{op}: no `encrypted_value` in {}", req.body_text()));
            let ciphertext = ciphertext.as_str().unwrap_or_default();
            use base64::Engine as _;
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(ciphertext)
                .unwrap_or_else(|e| panic!("{op}: `encrypted_value` is not base64: {e}"));
            // A sealed box: an ephemeral public key (32 bytes) and a MAC (16) around the text.
            assert_eq!(
                bytes.len(),
                48 + "wire-test secret".len(),
                "{op}: sealed box size"
            );
            if let Some(m) = expected.as_object_mut() {
                m.remove("encrypted_value");
            }
            assert_eq!(
                sent, expected,
                "{op}: request body besides `encrypted_value`"
            );
        }
    }
}

/// The value of a call that had to succeed.
#[track_caller]
pub fn success<T>(operation: &str, result: Result<T, Error>) -> T {
    result.unwrap_or_else(|e| panic!("{operation}: expected success, got {e:?}"))
}

/// Checks that `got`, encoded again, holds every field of the answer's
/// example with the same value (nothing was lost or changed in decoding).
#[track_caller]
pub fn check_json<T: Serialize>(operation: &str, got: &T, example: &str) {
    let example: Value = serde_json::from_str(example).expect("the example is JSON");
    let encoded = serde_json::to_value(got).expect("the answer encodes");
    let mut problems = Vec::new();
    contained(&example, &encoded, String::new(), &mut problems);
    assert!(
        problems.is_empty(),
        "{operation}: decoding the example lost or changed fields:\n{}",
        problems.join("\n")
    );
}

/// Checks a page decoded from a list example: its items are the example's
/// `items` array, field for field, and its total count the example's.
#[track_caller]
pub fn check_page<T: Serialize>(
    operation: &str,
    got: &gh_actions::pagination::Page<T>,
    example: &str,
    items: &str,
    total_count: Option<&str>,
) {
    let whole: Value = serde_json::from_str(example).expect("the example is JSON");
    let listed = whole
        .get(items)
        .unwrap_or_else(|| panic!("{operation}: the example has no `{items}`"));
    check_json(operation, &got.items, &listed.to_string());
    if let Some(key) = total_count {
        assert_eq!(
            got.total_count,
            whole.get(key).and_then(Value::as_i64),
            "{operation}: `{key}`"
        );
    }
}

/// Checks a download answer: the URL is the `Location` sent.
#[track_caller]
pub fn check_redirect(operation: &str, got: &gh_actions::download::DownloadUrl) {
    assert_eq!(got.as_str(), LOCATION, "{operation}: download URL");
}

/// Checks that a documented error status came back as [`Error::Api`] with
/// that status and, when the answer has a body, the example's message,
/// documentation URL and errors.
#[track_caller]
pub fn check_api_error<T: std::fmt::Debug>(
    operation: &str,
    result: Result<T, Error>,
    status: u16,
    example: Option<&str>,
) {
    let err = match result {
        Err(Error::Api(api)) => api,
        other => panic!("{operation}: expected the API error {status}, got {other:?}"),
    };
    assert_eq!(err.status, status, "{operation}: status");
    assert_eq!(
        err.operation, operation,
        "{operation}: operation in the error"
    );
    let Some(example) = example else {
        return;
    };
    let example: Value = serde_json::from_str(example).expect("the example is JSON");
    assert_eq!(
        Some(err.message.as_str()),
        example.get("message").and_then(Value::as_str),
        "{operation}: message"
    );
    assert_eq!(
        err.documentation_url.as_deref(),
        example.get("documentation_url").and_then(Value::as_str),
        "{operation}: documentation_url"
    );
    let errors = example
        .get("errors")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    assert_eq!(err.errors, errors, "{operation}: errors");
}

/// The secret the webhook tests sign with.
pub const WEBHOOK_SECRET: &str = "wire-test webhook secret";

/// `sha256=` and the hex HMAC-SHA256 of `body` with `secret`, as GitHub signs a delivery.
pub fn webhook_signature(secret: &str, body: &[u8]) -> String {
    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, secret.as_bytes());
    let tag = ring::hmac::sign(&key, body);
    let hex: String = tag.as_ref().iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256={hex}")
}

/// `payload`, delivered as `event` with a valid signature, received through
/// the client's `webhooks::receive`; fails when it is refused.
#[track_caller]
pub fn deliver(event: &str, payload: &str) -> gh_actions::webhooks::Event {
    use gh_actions::webhooks::{DeliveryHeaders, Verifier, receive};
    let signature = webhook_signature(WEBHOOK_SECRET, payload.as_bytes());
    let headers = DeliveryHeaders::default()
        .event(Some(event))
        .signature_256(Some(signature.as_str()))
        .delivery(Some("72d3162e-cc78-11e3-81ab-4c9367dc0958"));
    receive(
        &Verifier::new(WEBHOOK_SECRET),
        headers,
        payload.as_bytes().to_vec(),
    )
    .unwrap_or_else(|e| panic!("{event}: the delivery was refused: {e}"))
}
