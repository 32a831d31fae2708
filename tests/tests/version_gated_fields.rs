//! Body fields that only some products or API versions have (`x-github-products`,
//! `x-github-api-versions` in the spec): the client sends them where they exist, and refuses
//! before sending anywhere else, naming the field, the product and the version.

use gh_actions::{ApiVersion, Client, Error, Product};
use gh_actions_tests::e2e_support::{TOKEN, assert_json_body, only_request, serve};
use gh_actions_tests::mock::{MockServer, Reply};
use serde_json::json;

fn client_for(server: &MockServer, product: Product, version: ApiVersion) -> Client {
    Client::builder()
        .base_url(server.url())
        .token(TOKEN)
        .product(product)
        .api_version(version)
        .build()
        .expect("client")
}

/// Dispatches with `return_run_details` set through a client for `product` and `version`.
async fn dispatch_asking_for_details(
    product: Product,
    version: ApiVersion,
) -> (MockServer, Result<(), Error>) {
    let server = serve(Reply::empty(204)).await;
    let outcome = client_for(&server, product, version)
        .workflows()
        .create_workflow_dispatch("octo-org", "octo-repo", "deploy.yml", "main")
        .return_run_details(true)
        .send()
        .await
        .map(drop);
    (server, outcome)
}

#[tokio::test]
async fn return_run_details_is_refused_before_sending_on_api_version_2026_03_10() {
    let (server, outcome) =
        dispatch_asking_for_details(Product::GitHubCom, ApiVersion::V2026_03_10).await;
    let err = outcome.expect_err("refused");
    assert!(
        matches!(
            &err,
            Error::FieldUnavailable {
                operation: "actions/create-workflow-dispatch",
                field: "return_run_details",
                product: Product::GitHubCom,
                api_version: Some(ApiVersion::V2026_03_10),
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "actions/create-workflow-dispatch: `return_run_details` is not available on github.com \
         with API version 2026-03-10; nothing was sent"
    );
    assert_eq!(err.attempts(), 0);
    assert_eq!(err.operation(), Some("actions/create-workflow-dispatch"));
    assert!(server.requests().is_empty(), "nothing reached the server");
}

#[tokio::test]
async fn return_run_details_is_refused_on_enterprise_server_whatever_the_version() {
    for product in [Product::Ghes3_21, Product::Ghes2_22] {
        let (server, outcome) = dispatch_asking_for_details(product, ApiVersion::V2022_11_28).await;
        match outcome {
            Err(Error::FieldUnavailable {
                product: refused,
                api_version: None,
                ..
            }) => assert_eq!(refused, product),
            other => panic!("{product}: expected a refusal, got {other:?}"),
        }
        assert!(server.requests().is_empty(), "{product}: nothing was sent");
    }
}

#[tokio::test]
async fn return_run_details_is_sent_on_api_version_2022_11_28() {
    let (server, outcome) =
        dispatch_asking_for_details(Product::GitHubCom, ApiVersion::V2022_11_28).await;
    outcome.expect("sent");
    let req = only_request(&server);
    assert_json_body(&req, &json!({"ref": "main", "return_run_details": true}));
}

#[tokio::test]
async fn a_dispatch_without_version_gated_fields_is_sent_everywhere() {
    for (product, version) in [
        (Product::GitHubCom, ApiVersion::V2026_03_10),
        (Product::Ghes3_21, ApiVersion::V2026_03_10),
        (Product::Ghes2_22, ApiVersion::V2026_03_10),
    ] {
        let server = serve(Reply::empty(204)).await;
        client_for(&server, product, version)
            .workflows()
            .create_workflow_dispatch("octo-org", "octo-repo", "deploy.yml", "main")
            .send()
            .await
            .unwrap_or_else(|e| panic!("{product}: {e}"));
        assert_json_body(&only_request(&server), &json!({"ref": "main"}));
    }
}

#[tokio::test]
async fn a_github_com_only_runner_group_field_is_refused_on_enterprise_server() {
    let server = serve(Reply::json(201, json!({}))).await;
    let err = client_for(&server, Product::Ghes3_21, ApiVersion::V2026_03_10)
        .runner_groups()
        .create_self_hosted_runner_group_for_org("octo-org", "gpu")
        .network_configuration_id(
            "EC486D5D793175D7E3B29C27318D5C1AAE49A7833FC85F2E82C3D2C54AC7D3BA",
        )
        .send()
        .await
        .expect_err("refused");
    assert!(
        matches!(
            &err,
            Error::FieldUnavailable {
                field: "network_configuration_id",
                product: Product::Ghes3_21,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(server.requests().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn a_field_enterprise_server_2_22_lacks_is_refused_there_and_sent_on_3_21() {
    let body = json!({
        "id": 2, "name": "gpu", "visibility": "all", "default": false,
        "runners_url": "https://HOSTNAME/orgs/octo-org/actions/runner_groups/2/runners",
        "inherited": false, "allows_public_repositories": true
    });
    let old = serve(Reply::json(201, body.clone())).await;
    let err = client_for(&old, Product::Ghes2_22, ApiVersion::V2026_03_10)
        .runner_groups()
        .create_self_hosted_runner_group_for_org("octo-org", "gpu")
        .allows_public_repositories(true)
        .send()
        .await
        .expect_err("GHES 2.22 has no `allows_public_repositories` in the body");
    assert!(
        matches!(
            &err,
            Error::FieldUnavailable {
                field: "allows_public_repositories",
                ..
            }
        ),
        "{err:?}"
    );
    assert!(old.requests().is_empty());

    let current = serve(Reply::json(201, body)).await;
    client_for(&current, Product::Ghes3_21, ApiVersion::V2026_03_10)
        .runner_groups()
        .create_self_hosted_runner_group_for_org("octo-org", "gpu")
        .allows_public_repositories(true)
        .send()
        .await
        .expect("sent on GHES 3.21");
    assert_json_body(
        &only_request(&current),
        &json!({"name": "gpu", "allows_public_repositories": true}),
    );
}
