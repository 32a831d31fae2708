//! Workflow dispatch beyond the spec's `{"ref": ...}` example: free-form
//! `inputs` (a `json!` object, a struct of the caller's, one `.input(k, v)`
//! at a time) sent as given and anything but an object refused before
//! sending; on API version 2022-11-28 `return_run_details` picks the answer.

use super::{OWNER, REPO, builder};
use gh_actions::ApiVersion;
use gh_actions::workflows::CreateWorkflowDispatchOutcome;
use gh_actions_tests::e2e_support::{
    assert_json_body, client, only_request, response_example, serve,
};
use gh_actions_tests::mock::Reply;
use serde_json::json;

#[tokio::test]
async fn inputs_from_json_and_one_at_a_time_make_one_object_sent_as_given() {
    let server = serve(Reply::empty(204)).await;
    let notes = "déploiement \"urgent\" & <rapide>";
    client(&server)
        .workflows()
        .create_workflow_dispatch(OWNER, REPO, "deploy.yml", "main")
        .inputs(json!({ "environment": "prod eu/west", "replicas": 3, "notes": notes }))
        .input("dry_run", false)
        .input("matrix", json!({ "os": ["ubuntu-latest"], "node": 22 }))
        .send()
        .await
        .expect("dispatched");
    let inputs = json!({
        "environment": "prod eu/west",
        "replicas": 3,
        "notes": notes,
        "dry_run": false,
        "matrix": { "os": ["ubuntu-latest"], "node": 22 },
    });
    let body = json!({ "ref": "main", "inputs": inputs });
    assert_json_body(&only_request(&server), &body);
}

#[tokio::test]
async fn inputs_from_a_serializable_struct_are_sent_as_its_object() {
    #[derive(serde::Serialize)]
    struct Deploy<'a> {
        environment: &'a str,
        dry_run: bool,
    }
    let server = serve(Reply::empty(204)).await;
    let inputs = Deploy {
        environment: "staging",
        dry_run: true,
    };
    client(&server)
        .workflows()
        .create_workflow_dispatch(OWNER, REPO, "d.yml", "main")
        .inputs(inputs)
        .send()
        .await
        .expect("dispatched");
    let body = json!({ "ref": "main", "inputs": { "environment": "staging", "dry_run": true } });
    assert_json_body(&only_request(&server), &body);
}

#[tokio::test]
async fn inputs_that_are_not_an_object_are_refused_before_sending() {
    let server = serve(Reply::empty(204)).await;
    let err = client(&server)
        .workflows()
        .create_workflow_dispatch(OWNER, REPO, "d.yml", "main")
        .inputs(json!(["environment", "prod"]))
        .send()
        .await
        .expect_err("refused");
    assert!(matches!(err, gh_actions::Error::Encode { .. }), "{err:?}");
    let text = err.to_string();
    assert!(
        text.contains("`inputs` must be a JSON object, not an array"),
        "{text}"
    );
    assert_eq!(server.request_count(), 0, "nothing is sent");
}

/// On 2022-11-28 the field is sent as given, and the answer it asks for
/// (200 with the run's details, or 204) decodes into the matching outcome.
#[tokio::test]
async fn on_2022_11_28_return_run_details_picks_run_details_or_dispatched() {
    let details = response_example("actions/create-workflow-dispatch", 200);
    for (wanted, reply) in [
        (true, Reply::json(200, &details)),
        (false, Reply::empty(204)),
    ] {
        let server = serve(reply).await;
        let gh = builder(&server.url())
            .api_version(ApiVersion::V2022_11_28)
            .build()
            .expect("client");
        let outcome = gh
            .workflows()
            .create_workflow_dispatch(OWNER, REPO, "deploy.yml", "main")
            .return_run_details(wanted)
            .send()
            .await
            .expect("dispatched");
        let req = only_request(&server);
        assert_eq!(req.header("x-github-api-version"), Some("2022-11-28"));
        assert_json_body(
            &req,
            &json!({ "ref": "main", "return_run_details": wanted }),
        );
        match outcome {
            CreateWorkflowDispatchOutcome::RunDetails(run) if wanted => {
                assert_eq!(serde_json::to_value(run).expect("encodes"), details);
            }
            CreateWorkflowDispatchOutcome::Dispatched if !wanted => {}
            other => panic!("return_run_details({wanted}) gave {other:?}"),
        }
    }
}
