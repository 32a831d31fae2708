//! Helpers for the end-to-end tests of the generated client (and the wire
//! tests' checks): a client aimed at a mock server, the spec's examples and
//! operation ids, request checks, and example round trips.

use crate::mock::{MockServer, RecordedRequest, Reply};
use gh_actions::error::ApiError;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::sync::OnceLock;

/// The token every end-to-end client sends.
pub const TOKEN: &str = "e2e-test-token";

fn spec() -> &'static Value {
    static SPEC: OnceLock<Value> = OnceLock::new();
    SPEC.get_or_init(|| {
        let path = crate::spec_support::project_spec_path();
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let yaml: serde_yaml::Value =
            serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        serde_json::to_value(yaml).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    })
}

/// The value of `components/examples/<name>` in the spec.
pub fn example(name: &str) -> Value {
    spec()
        .pointer(&format!("/components/examples/{name}/value"))
        .cloned()
        .unwrap_or_else(|| panic!("the spec has no example `{name}`"))
}

/// The example the spec attaches to `operation_id`'s `status` response
/// (the one named `default`, else the first).
pub fn response_example(operation_id: &str, status: u16) -> Value {
    let paths = spec()
        .get("paths")
        .and_then(Value::as_object)
        .expect("paths");
    for item in paths.values() {
        for op in item.as_object().into_iter().flat_map(|m| m.values()) {
            if op.get("operationId").and_then(Value::as_str) != Some(operation_id) {
                continue;
            }
            let media = op
                .pointer(&format!("/responses/{status}/content/application~1json"))
                .unwrap_or_else(|| panic!("{operation_id}: no JSON {status} response"));
            let examples = media
                .get("examples")
                .and_then(Value::as_object)
                .unwrap_or_else(|| panic!("{operation_id}: no examples on {status}"));
            let chosen = examples
                .get("default")
                .or_else(|| examples.values().next())
                .expect("an example");
            let reference = chosen
                .get("$ref")
                .and_then(Value::as_str)
                .expect("examples are references");
            let name = reference.rsplit('/').next().expect("a name");
            return example(name);
        }
    }
    panic!("no operation `{operation_id}` in the spec")
}

/// Every operationId in the spec.
pub fn spec_operation_ids() -> Vec<String> {
    let paths = spec()
        .get("paths")
        .and_then(Value::as_object)
        .expect("paths");
    let mut ids: Vec<String> = paths
        .values()
        .flat_map(|item| item.as_object().into_iter().flat_map(|m| m.values()))
        .filter_map(|op| {
            op.get("operationId")
                .and_then(Value::as_str)
                .map(str::to_owned)
        })
        .collect();
    ids.sort();
    ids
}

/// A github.com client (API version 2026-03-10) aimed at `server`, with [`TOKEN`].
pub fn client(server: &MockServer) -> gh_actions::Client {
    gh_actions::Client::builder()
        .base_url(server.url())
        .token(TOKEN)
        .build()
        .expect("client")
}

/// A server that answers every request with `reply`.
pub async fn serve(reply: Reply) -> MockServer {
    MockServer::start(move |_req: &RecordedRequest| reply.clone()).await
}

/// The API error inside `err`; fails on any other kind of error.
#[track_caller]
pub fn api_error(err: gh_actions::Error) -> Box<ApiError> {
    match err {
        gh_actions::Error::Api(api) => api,
        other => panic!("expected an API error, got {other:?}"),
    }
}

/// The server's only request; fails when there was not exactly one.
#[track_caller]
pub fn only_request(server: &MockServer) -> RecordedRequest {
    let requests = server.requests();
    assert_eq!(
        requests.len(),
        1,
        "expected exactly one request, got {requests:#?}"
    );
    requests.into_iter().next().expect("one request")
}

/// Checks method, raw path (as encoded on the wire) and the github.com API headers.
#[track_caller]
pub fn assert_request(req: &RecordedRequest, method: &str, raw_path: &str) {
    assert_eq!(req.method, method, "method");
    assert_eq!(req.path(), raw_path, "path as sent");
    assert_eq!(
        req.header("accept"),
        Some("application/vnd.github+json"),
        "accept"
    );
    assert_eq!(
        req.header("x-github-api-version"),
        Some("2026-03-10"),
        "api version"
    );
    assert_eq!(
        req.header("authorization"),
        Some(format!("Bearer {TOKEN}").as_str()),
        "authorization"
    );
    assert!(
        req.header("user-agent").is_some_and(|ua| !ua.is_empty()),
        "user-agent"
    );
}

/// Checks the query string, as decoded pairs in order.
pub fn assert_query(req: &RecordedRequest, expected: &[(&str, &str)]) {
    let got = req.query_pairs();
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    assert_eq!(got, expected, "query of {}", req.target);
}

/// Checks the JSON body and its content type.
pub fn assert_json_body(req: &RecordedRequest, expected: &Value) {
    assert_eq!(
        req.header("content-type"),
        Some("application/json"),
        "content-type"
    );
    let body = req.body_json().expect("the body is JSON");
    assert_eq!(&body, expected, "request body");
}

/// Checks that a request carried no body.
#[track_caller]
pub fn assert_no_body(req: &RecordedRequest) {
    assert!(
        req.body.is_empty(),
        "expected no body, got {:?}",
        req.body_text()
    );
}

/// Checks a bodiless POST or PUT: no body, no content type, and still
/// `content-length: 0` (GitHub answers 411 Length Required otherwise).
#[track_caller]
pub fn assert_empty_body_with_zero_length(req: &RecordedRequest) {
    assert_no_body(req);
    assert_eq!(req.header("content-length"), Some("0"), "content-length");
    assert_eq!(
        req.header("content-type"),
        None,
        "no content-type without a body"
    );
}

/// Checks a call that sends nothing but its path: method, raw path and API
/// headers, no query at all (not even `?`), no body and no content type; a
/// POST, PUT or PATCH also says `content-length: 0`.
#[track_caller]
pub fn assert_bodiless_call(req: &RecordedRequest, method: &str, raw_path: &str) {
    assert_request(req, method, raw_path);
    assert_eq!(req.query(), None, "no query expected in {}", req.target);
    if matches!(method, "POST" | "PUT" | "PATCH") {
        assert_empty_body_with_zero_length(req);
    } else {
        assert_no_body(req);
        assert_eq!(req.header("content-type"), None, "content-type");
    }
}

/// Tests of calls whose whole story is the request they send: each serves
/// the reply, makes the call, expects `Ok(())`, and checks the only request
/// with [`assert_bodiless_call`]. The test names say what each pins down.
///
/// ```ignore
/// gh_actions_tests::bodiless_call_tests! {
///     re_run_workflow_without_options_sends_no_body:
///         Reply::json(201, json!({})),
///         workflow_runs().re_run_workflow(OWNER, REPO, RUN_ID)
///         => "POST", "/repos/octo-org/octo-repo/actions/runs/30433642123/rerun";
/// }
/// ```
#[macro_export]
macro_rules! bodiless_call_tests {
    ($(
        $(#[$meta:meta])*
        $name:ident: $reply:expr, $($step:ident($($arg:expr),* $(,)?)).+ => $method:literal, $path:expr;
    )+) => {$(
        $(#[$meta])*
        #[::tokio::test]
        async fn $name() {
            let server = $crate::e2e_support::serve($reply).await;
            let () = $crate::e2e_support::client(&server)
                $(.$step($($arg),*))+
                .send()
                .await
                .expect(::std::stringify!($name));
            let req = $crate::e2e_support::only_request(&server);
            $crate::e2e_support::assert_bodiless_call(&req, $method, &$path);
        }
    )+};
}

/// Encodes a decoded value back to JSON and checks that no field of the
/// original was lost or changed, and that decoding the result gives the same value.
pub fn assert_round_trip<T>(decoded: &T, original: &Value)
where
    T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let encoded = serde_json::to_value(decoded).expect("encodes");
    let mut problems = Vec::new();
    contained(original, &encoded, String::new(), &mut problems);
    assert!(
        problems.is_empty(),
        "re-encoding lost or changed fields:\n{}",
        problems.join("\n")
    );
    let again: T = serde_json::from_value(encoded).expect("the encoding decodes again");
    assert_eq!(&again, decoded, "decode(encode(x)) == x");
}

/// Every field of `original` is present in `encoded` with the same value.
pub fn contained(original: &Value, encoded: &Value, at: String, problems: &mut Vec<String>) {
    match (original, encoded) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in a {
                match b.get(k) {
                    Some(w) => contained(v, w, format!("{at}/{k}"), problems),
                    None => problems.push(format!("{at}/{k}: missing after re-encoding")),
                }
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (v, w)) in a.iter().zip(b).enumerate() {
                contained(v, w, format!("{at}/{i}"), problems);
            }
        }
        (Value::Number(a), Value::Number(b)) if a.as_f64() == b.as_f64() => {}
        (a, b) if a == b => {}
        (a, b) => problems.push(format!("{at}: {a} became {b}")),
    }
}
