//! Hostile answers never make the client panic: every response example,
//! mutated many ways by a fixed-seed generator, goes through the decoders and
//! some through the real client; odd headers and statuses too.

use super::decoders::{Decoder, ERROR_BODIES, success_decoders};
use super::examples::response_examples;
use super::{OWNER, REPO, RUN_ID, builder, run_with_id};
use futures_util::StreamExt;
use gh_actions::{Error, RetryPolicy};
use gh_actions_tests::e2e_support::client;
use gh_actions_tests::mock::{MockServer, Reply};
use gh_actions_tests::raw_server::{RawAnswer, RawServer};
use serde_json::{Value, json};
use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::Duration;

/// xorshift64*: small, fast, and the same sequence on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// One step from a parent to a child node.
#[derive(Clone, Debug)]
enum Step {
    Key(String),
    Index(usize),
}

/// The path of every node below the root.
fn node_paths(value: &Value) -> Vec<Vec<Step>> {
    fn walk(value: &Value, at: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
        match value {
            Value::Object(map) => {
                for (key, child) in map {
                    at.push(Step::Key(key.clone()));
                    out.push(at.clone());
                    walk(child, at, out);
                    at.pop();
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    at.push(Step::Index(i));
                    out.push(at.clone());
                    walk(child, at, out);
                    at.pop();
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(value, &mut Vec::new(), &mut out);
    out
}

fn node_mut<'a>(value: &'a mut Value, path: &[Step]) -> Option<&'a mut Value> {
    path.iter().try_fold(value, |node, step| match step {
        Step::Key(key) => node.get_mut(key.as_str()),
        Step::Index(i) => node.get_mut(*i),
    })
}

/// Stands for raw JSON text spliced in after serialising.
const MARK: &str = "\u{1}raw-json-goes-here\u{1}";

const OTHER_VALUES: &[&str] = &[
    r#""x""#,
    "0",
    "-1",
    "1.5",
    "true",
    "false",
    "[]",
    "{}",
    r#"[1,"a",null,{}]"#,
    r#"{"id":1,"name":null}"#,
];

const HUGE_NUMBERS: &[&str] = &[
    "18446744073709551616",
    "-9223372036854775809",
    "9223372036854775807",
    "-9223372036854775808",
    "123456789012345678901234567890123456789",
    "1e400",
    "-1e400",
    "4.9e-324",
    "-0",
    "0.000000000000000000000000000000000001",
    "1E+2",
    "2147483648",
    "4294967296",
];

const ODD_STRINGS: &[&str] = &[
    "",
    "\u{0}",
    "\u{FFFD}",
    "é€😀\u{200B}",
    "2020-13-45T99:99:99Z",
    "9999-12-31T23:59:60.999999999999+23:59",
    "0000-01-01T00:00:00Z",
    "2020-01-22T19:33:08.Z",
    "2020-01-22T19:33:08.12345678901234567890Z",
    "2020-02-30T00:00:00Z",
    "2016-12-31T23:59:60Z",
    "2020-01-22T19:33:08-23:59",
    "2020-01-22 19:33:08",
    "-1",
    "null",
    "%00%ff",
];

/// A random node's path, or `None` for a document without nodes.
fn pick_path(paths: &[Vec<Step>], rng: &mut Rng) -> Option<Vec<Step>> {
    (!paths.is_empty()).then(|| rng.pick(paths).clone())
}

/// Applies one mutation chosen by `rng`; returns what it did and the body.
fn mutate(original: &Value, rng: &mut Rng) -> (String, Vec<u8>) {
    let mut value = original.clone();
    let paths = node_paths(&value);
    let choice = rng.below(12);
    if choice <= 7 {
        let Some(path) = pick_path(&paths, rng) else {
            return ("scalar document".to_owned(), b"\"scalar\"".to_vec());
        };
        let (what, raw) = mutate_node(&mut value, &path, choice, rng);
        let mut text = serde_json::to_string(&value).expect("encodes");
        if let Some(raw) = raw {
            text = text.replacen(&serde_json::to_string(MARK).expect("encodes"), &raw, 1);
        }
        return (format!("{what} at {path:?}"), text.into_bytes());
    }
    match choice {
        8 => {
            // Several node mutations at once.
            let mut steps = Vec::new();
            let mut text = serde_json::to_vec(&value).expect("encodes");
            for _ in 0..2 + rng.below(3) {
                let (step, body) = mutate(&value, rng);
                steps.push(step);
                let parsed = serde_json::from_slice(&body);
                text = body;
                match parsed {
                    Ok(next) => value = next,
                    // Raw-text mutations end the chain.
                    Err(_) => break,
                }
            }
            (format!("combined [{}]", steps.join("; ")), text)
        }
        9 => {
            let mut text = serde_json::to_vec(&value).expect("encodes");
            let cut = rng.below(text.len());
            text.truncate(cut);
            (format!("truncated at byte {cut}"), text)
        }
        10 => {
            let mut text = serde_json::to_vec(&value).expect("encodes");
            let garbage: &[u8] = b"\xff\xfe\xc3\x00{}[]\",:\\\x7fnul";
            let count = 1 + rng.below(8);
            for _ in 0..count {
                let at = rng.below(text.len() + 1);
                text.insert(at, *rng.pick(garbage));
            }
            (format!("{count} garbage bytes inserted"), text)
        }
        _ => {
            let text = serde_json::to_string(&value).expect("encodes");
            let (what, doc) = match rng.below(8) {
                0 => ("empty", String::new()),
                1 => ("null", "null".to_owned()),
                2 => ("byte order mark", format!("\u{FEFF}{text}")),
                3 => ("trailing text", format!("{text} trailing")),
                4 => ("two documents", format!("{text}{text}")),
                5 => ("surrounding whitespace", format!("  \n{text}\n  ")),
                6 => ("empty array", "[]".to_owned()),
                _ => ("empty object", "{}".to_owned()),
            };
            (format!("whole document: {what}"), doc.into_bytes())
        }
    }
}

/// Mutates the node at `path`; returns what it did and, for raw-text
/// mutations, the text that replaces [`MARK`].
fn mutate_node(
    value: &mut Value,
    path: &[Step],
    choice: usize,
    rng: &mut Rng,
) -> (&'static str, Option<String>) {
    if choice == 0 {
        let (last, parent) = path.split_last().expect("a node below the root");
        match (last, node_mut(value, parent)) {
            (Step::Key(key), Some(Value::Object(map))) => {
                map.remove(key);
            }
            (Step::Index(i), Some(Value::Array(items))) => {
                items.remove(*i);
            }
            _ => {}
        }
        return ("drop", None);
    }
    let Some(node) = node_mut(value, path) else {
        return ("nothing", None);
    };
    match choice {
        1 => {
            let text: &str = rng.pick::<&str>(OTHER_VALUES);
            *node = serde_json::from_str(text).expect("valid JSON");
            ("change type", None)
        }
        2 => {
            *node = Value::Null;
            ("null", None)
        }
        3 => {
            *node = json!(MARK);
            ("huge number", Some((*rng.pick(HUGE_NUMBERS)).to_owned()))
        }
        4 => {
            *node = json!(MARK);
            let depth = *rng.pick(&[64, 127, 128, 129, 1_000, 100_000]);
            let nested = if rng.below(2) == 0 {
                format!("{}{}", "[".repeat(depth), "]".repeat(depth))
            } else {
                format!("{}1{}", r#"{"a":"#.repeat(depth), "}".repeat(depth))
            };
            ("deep nesting", Some(nested))
        }
        5 => {
            *node = if rng.below(8) == 0 {
                json!("a".repeat(200_000))
            } else {
                json!(rng.pick(ODD_STRINGS))
            };
            ("odd string", None)
        }
        6 => {
            if let Value::Object(map) = node {
                map.insert(
                    "zz_field_from_the_future".to_owned(),
                    json!({"nested": [1, 2]}),
                );
            }
            ("unknown field", None)
        }
        _ => {
            *node = Value::Array(vec![node.take()]);
            ("wrapped in an array", None)
        }
    }
}

/// Runs `decoder` on `body`: whether it decoded, or what went wrong (a
/// panic, or a broken round trip of an accepted body).
fn check(decoder: &Decoder, what: &str, body: &[u8]) -> Result<bool, String> {
    match catch_unwind(AssertUnwindSafe(|| (decoder.decode)(body))) {
        Ok(Ok(decoded)) => Ok(decoded),
        Ok(Err(e)) => Err(format!("{}: {what}: {e}", decoder.describe())),
        Err(_) => Err(format!(
            "{}: {what}: PANIC on {}",
            decoder.describe(),
            String::from_utf8_lossy(&body[..body.len().min(300)])
        )),
    }
}

/// Mutations per response example.
const ROUNDS: usize = 30;

#[test]
fn mutated_examples_never_make_a_decoder_panic() {
    let (examples, problems) = response_examples();
    assert!(problems.is_empty(), "{problems:#?}");
    let mut rng = Rng(0x5eed_cafe_f00d_d00d);
    let mut failures = Vec::new();
    let mut seeds: Vec<(&Decoder, String, Value)> = examples
        .iter()
        .map(|e| (e.decoder, e.label.clone(), e.value.clone()))
        .collect();
    for decoder in ERROR_BODIES {
        let body = json!({
            "message": "Validation Failed",
            "documentation_url": "https://docs.github.com/rest",
            "errors": [{"resource": "Secret", "field": "name", "code": "invalid", "value": ["a"]}]
        });
        seeds.push((decoder, "error body".to_owned(), body));
    }
    let (mut accepted, mut rejected) = (0usize, 0usize);
    for (decoder, label, value) in &seeds {
        for _ in 0..ROUNDS {
            let (what, body) = mutate(value, &mut rng);
            let what = format!("{label}: {what}");
            // Through the decoder of the example's operation, and through
            // another one of the table.
            for decoder in [*decoder, rng.pick(success_decoders())] {
                match check(decoder, &what, &body) {
                    Ok(true) => accepted += 1,
                    Ok(false) => rejected += 1,
                    Err(failure) => failures.push(failure),
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    // The mutations reach both outcomes, not just the parser's first byte.
    let total = accepted + rejected;
    assert!(total > 3_000, "only {total} decodes");
    assert!(
        accepted * 10 > total,
        "only {accepted} of {total} mutated bodies decoded"
    );
    assert!(
        rejected * 10 > total,
        "only {rejected} of {total} mutated bodies were refused"
    );
}

/// Awaits `call` in its own task, so that a panic is caught and reported
/// with `what`; returns `None` after a panic.
async fn no_panic<T: Send + 'static>(
    what: &str,
    call: impl Future<Output = T> + Send + 'static,
    panics: &mut Vec<String>,
) -> Option<T> {
    match tokio::time::timeout(Duration::from_secs(20), tokio::spawn(call)).await {
        Ok(Ok(value)) => Some(value),
        Ok(Err(e)) => {
            panics.push(format!("{what}: {e}"));
            None
        }
        Err(_) => {
            panics.push(format!("{what}: no result within 20 s"));
            None
        }
    }
}

#[tokio::test]
async fn mutated_bodies_through_the_client_give_a_value_or_a_decode_error() {
    let mut rng = Rng(0x0dd_ba11_5eed);
    let server = MockServer::start(|_| Reply::empty(500)).await;
    let gh = client(&server);
    let mut panics = Vec::new();
    let single = run_with_id(RUN_ID);
    let page = json!({"total_count": 2, "workflow_runs": [run_with_id(1), run_with_id(RUN_ID)]});
    for round in 0..40 {
        let (what, body) = mutate(&single, &mut rng);
        server.push_reply(Reply::json_text(200, body));
        let call = gh
            .workflow_runs()
            .get_workflow_run(OWNER, REPO, RUN_ID)
            .send();
        let what = format!("get-workflow-run #{round}: {what}");
        if let Some(result) = no_panic(&what, call, &mut panics).await {
            assert!(
                matches!(result, Ok(_) | Err(Error::Decode(_))),
                "{what}: {result:?}"
            );
        }

        let (what, body) = mutate(&page, &mut rng);
        server.push_reply(Reply::json_text(200, body));
        let stream = gh
            .workflow_runs()
            .list_workflow_runs_for_repo(OWNER, REPO)
            .stream();
        let what = format!("list-workflow-runs-for-repo #{round}: {what}");
        let call = stream.take(10).collect::<Vec<_>>();
        if let Some(results) = no_panic(&what, call, &mut panics).await {
            for result in results {
                assert!(
                    matches!(result, Ok(_) | Err(Error::Decode(_))),
                    "{what}: {result:?}"
                );
            }
        }
    }
    assert!(panics.is_empty(), "{panics:#?}");
}

/// Gets a run, then streams the list, against `base_url`, each time after
/// `queue` has queued the odd answer for the next request; a panic is
/// recorded in `panics`.
async fn get_then_stream(
    label: &str,
    base_url: &str,
    retrying: bool,
    queue: impl Fn(),
    panics: &mut Vec<String>,
) {
    let mut settings = builder(base_url);
    if retrying {
        settings = settings.retry(
            RetryPolicy::new(3)
                .base_delay(Duration::from_millis(1))
                .max_wait(Duration::from_secs(2)),
        );
    }
    let gh = settings.build().expect("client");
    queue();
    let call = gh
        .workflow_runs()
        .get_workflow_run(OWNER, REPO, RUN_ID)
        .send();
    if let Some(Err(err)) = no_panic(label, call, panics).await {
        // Every error explains itself without panicking.
        let _ = (
            err.to_string(),
            err.status(),
            err.retry_after(),
            err.rate_limit(),
        );
    }
    queue();
    let stream = gh
        .workflow_runs()
        .list_workflow_runs_for_repo(OWNER, REPO)
        .stream();
    let _ = no_panic(label, stream.take(50).collect::<Vec<_>>(), panics).await;
}

#[tokio::test]
async fn odd_statuses_headers_and_error_bodies_never_make_the_client_panic() {
    let far_future = "99999999999";
    let replies: Vec<(&str, Reply)> = vec![
        (
            "garbage link",
            Reply::json(200, json!({"total_count": 0, "workflow_runs": []}))
                .link("<<>>;;rel=next, <,>; rel=\"next"),
        ),
        (
            "relative self link",
            Reply::json(200, json!({"total_count": 0, "workflow_runs": []}))
                .link("<?per_page=1>; rel=\"next\""),
        ),
        (
            "unparsable link",
            Reply::json(200, json!({"total_count": 0, "workflow_runs": []}))
                .link("<http://[::1>; rel=\"next\""),
        ),
        (
            "retry-after words",
            Reply::json(403, json!({"message": "slow down"})).header("retry-after", "soon"),
        ),
        (
            "retry-after negative",
            Reply::json(429, json!({})).header("retry-after", "-1"),
        ),
        (
            "retry-after enormous",
            Reply::json(429, json!({})).header("retry-after", "18446744073709551615"),
        ),
        (
            "retry-after past date",
            Reply::json(429, json!({})).header("retry-after", "Wed, 21 Oct 2015 07:28:00 GMT"),
        ),
        (
            "reset beyond u64",
            Reply::json(403, json!({}))
                .header("x-ratelimit-remaining", "0")
                .header("x-ratelimit-reset", "18446744073709551616"),
        ),
        (
            "reset far future",
            Reply::json(403, json!({}))
                .header("x-ratelimit-remaining", "0")
                .header("x-ratelimit-reset", far_future),
        ),
        (
            "reset beyond dates",
            Reply::json(403, json!({}))
                .header("x-ratelimit-remaining", "0")
                .header("x-ratelimit-reset", "9223372036854775807"),
        ),
        (
            "reset negative",
            Reply::json(403, json!({}))
                .header("x-ratelimit-remaining", "0")
                .header("x-ratelimit-reset", "-5"),
        ),
        (
            "errors not a list",
            Reply::json(
                422,
                json!({"message": 5, "errors": "nope", "documentation_url": []}),
            ),
        ),
        (
            "message not text",
            Reply::json(404, json!({"message": {"nested": true}})),
        ),
        (
            "invalid utf-8 error",
            Reply::bytes(500, b"\xff\xfe\xc3(\x00 oops".to_vec()),
        ),
        ("empty error", Reply::empty(418)),
        (
            "deeply nested error",
            Reply::json_text(
                422,
                format!(
                    r#"{{"message":"x","errors":{}{}}}"#,
                    "[".repeat(100_000),
                    "]".repeat(100_000)
                ),
            ),
        ),
        ("huge error", Reply::text(503, "x".repeat(1_000_000))),
        ("undocumented 201", Reply::json(201, run_with_id(RUN_ID))),
        ("undocumented 299", Reply::json(299, run_with_id(RUN_ID))),
        (
            "undocumented 302",
            Reply::redirect("https://example.invalid/elsewhere"),
        ),
        ("304", Reply::empty(304)),
    ];
    let mut panics = Vec::new();
    for (what, reply) in replies {
        for retrying in [false, true] {
            let server = MockServer::start(|_| Reply::json(200, run_with_id(RUN_ID))).await;
            let label = format!("{what} (retrying: {retrying})");
            let queue = || server.push_reply(reply.clone());
            get_then_stream(&label, &server.url(), retrying, queue, &mut panics).await;
        }
    }
    // Hanging up without an answer is beyond wiremock: the raw server does it.
    for retrying in [false, true] {
        let server = RawServer::start(Reply::json(200, run_with_id(RUN_ID))).await;
        let label = format!("hang up (retrying: {retrying})");
        let queue = || server.push(RawAnswer::HangUp);
        get_then_stream(&label, &server.url(), retrying, queue, &mut panics).await;
    }

    // Redirects with odd, unusable or missing Locations.
    for location in [
        "",
        "::::",
        "ftp://example.invalid/logs.zip",
        "http://[::1",
        "//example.invalid/x",
    ] {
        let server = MockServer::start(move |_| Reply::redirect(location)).await;
        let gh = client(&server);
        let call = gh
            .workflow_runs()
            .download_workflow_run_logs(OWNER, REPO, RUN_ID)
            .send();
        let what = format!("location {location:?}");
        if let Some(Err(err)) = no_panic(&what, call, &mut panics).await {
            assert!(
                matches!(err, Error::MissingLocation { status: 302, .. }),
                "{what}: {err:?}"
            );
        }
    }
    let server = MockServer::start(|_| Reply::new(302)).await;
    let result = client(&server)
        .workflow_runs()
        .download_workflow_run_logs(OWNER, REPO, RUN_ID)
        .send()
        .await;
    assert!(
        matches!(result, Err(Error::MissingLocation { status: 302, .. })),
        "{result:?}"
    );
    assert!(panics.is_empty(), "{panics:#?}");
}
