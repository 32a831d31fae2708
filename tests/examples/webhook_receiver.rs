//! A webhook receiver for GitHub Actions automation: it verifies each
//! delivery's signature, then re-runs the failed jobs of a `workflow_run` that
//! completed with a failure, and asks for a just-in-time runner for a
//! `workflow_job` queued for self-hosted runners (an autoscaler's trigger).
//! The HTTP server is hyper's; the client and the event types are this crate's.
//!
//! `WEBHOOK_SECRET=... GITHUB_TOKEN=... cargo run -p gh-actions-tests --example webhook_receiver -- ORG RUNNER_GROUP_ID [PORT]`
//!
//! `cargo run -p gh-actions-tests --example webhook_receiver -- --mock` starts
//! the receiver on 127.0.0.1 beside a mock of the GitHub API, sends it signed
//! deliveries and checks what it did (CI does this).

use gh_actions::Client;
use gh_actions::types::{
    RunnerGroupId, WebhookWorkflowRunCompletedWorkflowRunConclusion as RunConclusion,
};
use gh_actions::webhooks::{
    DeliveryHeaders, Event, Verifier, WorkflowJobAction, WorkflowRunAction, receive,
};
use gh_actions_tests::mock::{MockServer, RecordedRequest, Reply};
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::{Request, Response, StatusCode};
use std::net::SocketAddr;
use std::sync::Arc;

/// What the receiver needs to act.
struct App {
    verifier: Verifier,
    gh: Client,
    org: String,
    runner_group: RunnerGroupId,
}

/// One delivery: verify, parse, act. Answers 401 for a delivery that is not
/// GitHub's, 400 for one that does not read, 202 once acted on, 204 otherwise.
async fn handle(app: &App, req: Request<Incoming>) -> StatusCode {
    let (parts, body) = req.into_parts();
    // Read at most one byte more than the verifier accepts, so it can refuse.
    let limit = app.verifier.body_limit().saturating_add(1);
    let Ok(body) = Limited::new(body, limit)
        .collect()
        .await
        .map(|b| b.to_bytes())
    else {
        return StatusCode::PAYLOAD_TOO_LARGE;
    };
    let headers =
        DeliveryHeaders::from_lookup(|name| parts.headers.get(name).map(|v| v.as_bytes()));
    let event = match receive(&app.verifier, headers, body) {
        Ok(event) => event,
        Err(error) if error.is_refused_delivery() => {
            eprintln!("refused: {error}");
            return StatusCode::UNAUTHORIZED;
        }
        Err(error) => {
            eprintln!("{error}");
            return StatusCode::BAD_REQUEST;
        }
    };
    let acted = match event {
        Event::WorkflowRun(WorkflowRunAction::Completed(done))
            if done.workflow_run.conclusion == Some(RunConclusion::Failure) =>
        {
            let Some((owner, repo)) = done.repository.full_name.split_once('/') else {
                return StatusCode::BAD_REQUEST;
            };
            app.gh
                .workflow_runs()
                .re_run_workflow_failed_jobs(owner, repo, done.workflow_run.id)
                .send()
                .await
                .map(|()| println!("re-running the failed jobs of run {}", done.workflow_run.id))
        }
        Event::WorkflowJob(WorkflowJobAction::Queued(queued))
            if queued
                .workflow_job
                .labels
                .iter()
                .any(|l| l == "self-hosted") =>
        {
            let job = &queued.workflow_job;
            let name = format!("jit-{}", job.id);
            app.gh
                .self_hosted_runners()
                .generate_runner_jitconfig_for_org(
                    &app.org,
                    job.labels.iter().map(String::as_str),
                    &name,
                    app.runner_group,
                )
                .send()
                .await
                // The config is a credential: hand it to the new machine, never log it.
                .map(|jit| {
                    println!(
                        "runner {} for job {} ({} bytes of config)",
                        jit.runner.id,
                        job.id,
                        jit.encoded_jit_config.len()
                    )
                })
        }
        other => {
            println!("{} ignored", other.name());
            return StatusCode::NO_CONTENT;
        }
    };
    match acted {
        Ok(()) => StatusCode::ACCEPTED,
        Err(error) => {
            eprintln!("{error}");
            StatusCode::BAD_GATEWAY
        }
    }
}

/// Serves `app` on `listener` until the process ends.
async fn serve(app: Arc<App>, listener: tokio::net::TcpListener) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let app = Arc::clone(&app);
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |req| {
                let app = Arc::clone(&app);
                async move {
                    let status = handle(&app, req).await;
                    let mut answer = Response::new(Full::new(Bytes::new()));
                    *answer.status_mut() = status;
                    Ok::<_, std::convert::Infallible>(answer)
                }
            });
            let io = hyper_util::rt::TokioIo::new(stream);
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(io, service)
                .await;
        });
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--mock") {
        return against_a_mock().await;
    }
    let [org, group, rest @ ..] = args.as_slice() else {
        return Err("usage: webhook_receiver ORG RUNNER_GROUP_ID [PORT] | --mock".into());
    };
    let port: u16 = rest.first().map(|p| p.parse()).transpose()?.unwrap_or(8080);
    let app = Arc::new(App {
        verifier: Verifier::new(std::env::var("WEBHOOK_SECRET")?),
        gh: Client::from_env()?,
        org: org.clone(),
        runner_group: RunnerGroupId::new(group.parse()?),
    });
    let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], port))).await?;
    println!("listening on {}", listener.local_addr()?);
    serve(app, listener).await;
    Ok(())
}

/// The receiver beside a mock GitHub API: signed deliveries in, API calls out.
async fn against_a_mock() -> Result<(), Box<dyn std::error::Error>> {
    use gh_actions_tests::e2e_support::example;
    use gh_actions_tests::wire_support::webhook_signature;
    let github = MockServer::start(|req: &RecordedRequest| match (req.method.as_str(), req.path()) {
        ("POST", p) if p.ends_with("/rerun-failed-jobs") => Reply::json(201, serde_json::json!({})),
        ("POST", "/orgs/octo-org/actions/runners/generate-jitconfig") => Reply::json(201, serde_json::json!({
            "runner": {"id": 23, "name": "jit", "os": "linux", "status": "offline", "busy": false, "labels": []},
            "encoded_jit_config": "c2VjcmV0"
        })),
        _ => Reply::empty(404),
    })
    .await;
    let secret = "receiver test secret";
    let app = Arc::new(App {
        verifier: Verifier::new(secret),
        gh: Client::builder()
            .base_url(github.url())
            .token("test-token")
            .build()?,
        org: "octo-org".into(),
        runner_group: RunnerGroupId::new(1),
    });
    let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0))).await?;
    let url = format!("http://{}/", listener.local_addr()?);
    tokio::spawn(serve(app, listener));

    let http = reqwest::Client::new();
    let post = |event: &'static str, body: Vec<u8>, signature: String| {
        http.post(&url)
            .header("x-github-event", event)
            .header("x-hub-signature-256", signature)
            .header("x-github-delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958")
            .body(body)
            .send()
    };

    let mut failed = example("webhook-workflow-run-completed");
    failed["workflow_run"]["conclusion"] = "failure".into();
    let body = serde_json::to_vec(&failed)?;
    let status = post(
        "workflow_run",
        body.clone(),
        webhook_signature(secret, &body),
    )
    .await?
    .status();
    assert_eq!(status, 202);

    let mut queued = example("webhook-workflow-job-queued");
    queued["workflow_job"]["labels"] = serde_json::json!(["self-hosted", "linux"]);
    let body = serde_json::to_vec(&queued)?;
    let status = post(
        "workflow_job",
        body.clone(),
        webhook_signature(secret, &body),
    )
    .await?
    .status();
    assert_eq!(status, 202);

    // Signed with another secret: refused before anything is read or called.
    let status = post(
        "workflow_run",
        body.clone(),
        webhook_signature("not the secret", &body),
    )
    .await?
    .status();
    assert_eq!(status, 401);
    // An event the receiver does not act on.
    let ping = br#"{"zen":"Keep it logically awesome."}"#.to_vec();
    let status = post("ping", ping.clone(), webhook_signature(secret, &ping))
        .await?
        .status();
    assert_eq!(status, 204);

    let calls: Vec<String> = github
        .requests()
        .iter()
        .map(|r| format!("{} {}", r.method, r.path()))
        .collect();
    let run_id = failed["workflow_run"]["id"].as_i64().unwrap_or_default();
    let repo = failed["repository"]["full_name"]
        .as_str()
        .unwrap_or_default();
    assert_eq!(
        calls,
        [
            format!("POST /repos/{repo}/actions/runs/{run_id}/rerun-failed-jobs"),
            "POST /orgs/octo-org/actions/runners/generate-jitconfig".to_owned(),
        ]
    );
    let jit = github.requests()[1].body_json()?;
    assert_eq!(jit["labels"], serde_json::json!(["self-hosted", "linux"]));
    println!("receiver: 4 deliveries, 2 API calls, as expected");
    Ok(())
}
