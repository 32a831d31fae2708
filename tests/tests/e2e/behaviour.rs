//! Client behaviour around the operations, through the public API against
//! servers on 127.0.0.1: pagination (page numbers and cursors, lazily,
//! same origin only), downloads without credentials, errors and rate limits,
//! retries, products and API versions, forward-compatible enums, the spec's
//! response examples, hostile answers, and the connection on the wire; and
//! what one call does that no example of the spec can state: request bodies
//! beyond the request examples, paths and queries, sealed secrets,
//! workflow dispatch inputs, and credentials `Debug` does not show.

mod after_the_call;
mod credentials;
mod decoders;
mod dispatch;
mod downloads;
mod enums;
mod errors;
mod examples;
mod hostile;
mod pagination;
mod paths_and_queries;
mod products;
mod request_bodies;
mod sealed_secrets;
mod wire;

use gh_actions_tests::e2e_support::example;
use serde_json::{Value, json};

/// Owner and repository used throughout.
const OWNER: &str = "octo-org";
const REPO: &str = "octo-repo";

/// A run id above 2^32.
const RUN_ID: i64 = 30_433_642_123;

/// The spec's `workflow-run` example with another id.
fn run_with_id(id: i64) -> Value {
    let mut run = example("workflow-run");
    run["id"] = json!(id);
    run
}

/// A list-workflow-runs page holding runs with these ids.
fn runs_page(ids: &[i64], total_count: usize) -> Value {
    let runs: Vec<Value> = ids.iter().map(|&id| run_with_id(id)).collect();
    json!({ "total_count": total_count, "workflow_runs": runs })
}

/// A client for `base_url` with a token and otherwise default settings.
fn builder(base_url: &str) -> gh_actions::ClientBuilder {
    gh_actions::Client::builder()
        .base_url(base_url)
        .token(gh_actions_tests::e2e_support::TOKEN)
}
