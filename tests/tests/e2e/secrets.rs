//! Organisation and repository Actions secrets, end to end: listing, public
//! keys, sealed create-or-update (opened again on the server side with the
//! matching secret key), deletion and the repositories selected for an
//! organisation secret.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use crypto_box::SecretKey;
use crypto_box::aead::OsRng;
use gh_actions::Error;
use gh_actions::sealing::SealedSecret;
use gh_actions::secrets::{CreateOrUpdateOrgSecretOutcome, CreateOrUpdateRepoSecretOutcome};
use gh_actions::types::{
    ActionsPublicKey, ActionsSecret, ListOrgSecretsResponse, ListRepoSecretsResponse,
    ListSelectedReposForOrgSecretResponse, OrganizationActionsSecretVisibility, Timestamp,
};
use gh_actions_tests::e2e_support::{
    api_error, assert_json_body, assert_no_body, assert_query, assert_request, assert_round_trip,
    client, github_error, only_request, response_example, serve, serve_page,
};
use gh_actions_tests::mock::{MockServer, RecordedRequest, Reply};
use serde_json::json;

pub const COVERED: &[&str] = &[
    "actions/list-org-secrets",
    "actions/get-org-public-key",
    "actions/get-org-secret",
    "actions/create-or-update-org-secret",
    "actions/delete-org-secret",
    "actions/list-selected-repos-for-org-secret",
    "actions/set-selected-repos-for-org-secret",
    "actions/add-selected-repo-to-org-secret",
    "actions/remove-selected-repo-from-org-secret",
    "actions/list-repo-secrets",
    "actions/get-repo-public-key",
    "actions/get-repo-secret",
    "actions/create-or-update-repo-secret",
    "actions/delete-repo-secret",
];

/// An organisation name that needs no encoding.
const ORG: &str = "octo-org";
/// An organisation name with a space, sent as `octo%20org`.
const SPACED_ORG: &str = "octo org";
const OWNER: &str = "octo-org";
const REPO: &str = "octo-repo";
/// A secret name that must reach the server as one encoded segment.
const SECRET_NAME: &str = "MY SECRET/1";
const ENCODED_SECRET_NAME: &str = "MY%20SECRET%2F1";
/// Repository ids above 2^32.
const REPO_ID: i64 = 30_433_642_123;
const OTHER_REPO_ID: i64 = 30_433_642_987;
/// The id GitHub gives a public key.
const KEY_ID: &str = "568250167242549743";
const PLAINTEXT: &str = "hunter2 ✓ with spaces, quotes \" and newlines\n";

/// A fresh X25519 key pair: the secret key and the base64 public key, as
/// GitHub keeps and publishes them.
fn key_pair() -> (SecretKey, String) {
    let secret = SecretKey::generate(&mut OsRng);
    let public = STANDARD.encode(secret.public_key().as_bytes());
    (secret, public)
}

/// Opens the `encrypted_value` of a recorded request body with `secret`, as
/// GitHub does on its side.
fn open_sealed_body(req: &RecordedRequest, secret: &SecretKey) -> String {
    let body = req.body_json().expect("the body is JSON");
    let encrypted = body["encrypted_value"]
        .as_str()
        .expect("encrypted_value is a string");
    let sealed = STANDARD
        .decode(encrypted)
        .expect("encrypted_value is standard base64");
    // Ephemeral public key (32 bytes) + Poly1305 tag (16 bytes) + message.
    assert!(
        sealed.len() >= 48,
        "sealed box too short: {} bytes",
        sealed.len()
    );
    let opened = secret
        .unseal(&sealed)
        .expect("the sealed value opens with the matching secret key");
    String::from_utf8(opened).expect("the plaintext is UTF-8")
}

fn ts(text: &str) -> Timestamp {
    Timestamp::parse(text).expect("a timestamp")
}

// ---------------------------------------------------------------------------
// calls that send nothing but their path
// ---------------------------------------------------------------------------

gh_actions_tests::bodiless_call_tests! {
    delete_org_secret_sends_a_bodiless_delete_to_the_encoded_name:
        Reply::empty(204),
        secrets().delete_org_secret(ORG, SECRET_NAME)
        => "DELETE", format!("/orgs/octo-org/actions/secrets/{ENCODED_SECRET_NAME}");
    add_selected_repo_to_org_secret_puts_the_large_id_in_the_path_without_a_body:
        Reply::empty(204),
        secrets().add_selected_repo_to_org_secret(ORG, SECRET_NAME, REPO_ID)
        => "PUT", format!("/orgs/octo-org/actions/secrets/{ENCODED_SECRET_NAME}/repositories/30433642123");
    remove_selected_repo_from_org_secret_deletes_the_large_id_segment:
        Reply::empty(204),
        secrets().remove_selected_repo_from_org_secret(SPACED_ORG, SECRET_NAME, OTHER_REPO_ID)
        => "DELETE", format!("/orgs/octo%20org/actions/secrets/{ENCODED_SECRET_NAME}/repositories/30433642987");
    delete_repo_secret_sends_a_bodiless_delete_to_the_encoded_name:
        Reply::empty(204),
        secrets().delete_repo_secret(OWNER, REPO, SECRET_NAME)
        => "DELETE", format!("/repos/octo-org/octo-repo/actions/secrets/{ENCODED_SECRET_NAME}");
}

// ---------------------------------------------------------------------------
// Organisation secrets
// ---------------------------------------------------------------------------

#[tokio::test]
async fn list_org_secrets_sends_paging_encodes_the_org_and_decodes_the_spec_example() {
    let example = response_example("actions/list-org-secrets", 200);
    let server = serve_page(
        example.clone(),
        &[
            ("/orgs/octo%20org/actions/secrets?per_page=2&page=3", "next"),
            ("/orgs/octo%20org/actions/secrets?per_page=2&page=1", "prev"),
            (
                "/orgs/octo%20org/actions/secrets?per_page=2&page=1",
                "first",
            ),
            ("/orgs/octo%20org/actions/secrets?per_page=2&page=4", "last"),
        ],
    )
    .await;

    let page = client(&server)
        .secrets()
        .list_org_secrets(SPACED_ORG)
        .per_page(2)
        .page(2)
        .send()
        .await
        .expect("one page of organisation secrets");

    let req = only_request(&server);
    assert_request(&req, "GET", "/orgs/octo%20org/actions/secrets");
    assert_query(&req, &[("per_page", "2"), ("page", "2")]);
    assert_no_body(&req);

    assert_eq!(page.items.len(), 3);
    assert_eq!(page.total_count, Some(3));
    let base = server.url();
    assert_eq!(
        page.next.as_ref().map(|u| u.as_str().to_owned()),
        Some(format!(
            "{base}/orgs/octo%20org/actions/secrets?per_page=2&page=3"
        ))
    );
    assert_eq!(
        page.last.as_ref().map(|u| u.as_str().to_owned()),
        Some(format!(
            "{base}/orgs/octo%20org/actions/secrets?per_page=2&page=4"
        ))
    );
    assert!(page.prev.is_some() && page.first.is_some());

    assert_eq!(page.items[0].name, "GIST_ID");
    assert_eq!(
        page.items[0].visibility,
        OrganizationActionsSecretVisibility::Private
    );
    assert_eq!(page.items[0].selected_repositories_url, None);
    assert_eq!(
        page.items[1].visibility,
        OrganizationActionsSecretVisibility::All
    );
    assert_eq!(
        page.items[2].visibility,
        OrganizationActionsSecretVisibility::Selected
    );
    assert_eq!(
        page.items[2].selected_repositories_url.as_deref(),
        Some("https://api.github.com/orgs/octo-org/actions/secrets/SUPER_SECRET/repositories")
    );
    assert_eq!(page.items[2].updated_at, ts("2020-01-10T14:59:22Z"));

    let body = ListOrgSecretsResponse {
        secrets: page.items.clone(),
        total_count: page.total_count.expect("a total count"),
    };
    assert_round_trip(&body, &example);
}

#[tokio::test]
async fn get_org_public_key_encodes_the_org_and_decodes_the_spec_example() {
    let example = response_example("actions/get-org-public-key", 200);
    let server = serve(Reply::json(200, &example)).await;

    let key = client(&server)
        .secrets()
        .get_org_public_key(SPACED_ORG)
        .send()
        .await
        .expect("the organisation's public key");

    let req = only_request(&server);
    assert_request(&req, "GET", "/orgs/octo%20org/actions/secrets/public-key");
    assert_query(&req, &[]);
    assert_no_body(&req);

    assert_round_trip(&key, &example);
    assert_eq!(key.key_id, "012345678912345678");
    assert_eq!(key.key, "2Sg8iYjAxxmI2LvUXpJjkYrMxURPc8r+dB7TJyvv1234");
}

#[tokio::test]
async fn get_org_secret_sends_the_name_as_one_segment_and_decodes_the_spec_example() {
    let example = response_example("actions/get-org-secret", 200);
    let server = serve(Reply::json(200, &example)).await;

    let secret = client(&server)
        .secrets()
        .get_org_secret(ORG, SECRET_NAME)
        .send()
        .await
        .expect("the organisation secret");

    let req = only_request(&server);
    assert_request(
        &req,
        "GET",
        &format!("/orgs/octo-org/actions/secrets/{ENCODED_SECRET_NAME}"),
    );
    assert_query(&req, &[]);
    assert_no_body(&req);

    assert_round_trip(&secret, &example);
    assert_eq!(secret.name, "GH_TOKEN");
    assert_eq!(
        secret.visibility,
        OrganizationActionsSecretVisibility::Selected
    );
    assert_eq!(secret.created_at, ts("2019-08-10T14:59:22Z"));
    assert_eq!(secret.created_at.to_string(), "2019-08-10T14:59:22Z");
    assert!(
        secret
            .selected_repositories_url
            .as_deref()
            .is_some_and(|url| url.ends_with("/actions/secrets/SUPER_SECRET/repositories"))
    );
}

#[tokio::test]
async fn a_secret_request_builder_keeps_the_ciphertext_out_of_debug() {
    let (_, public_key) = key_pair();
    let sealed = SealedSecret::seal(KEY_ID, &public_key, PLAINTEXT).expect("seals");
    let server = serve(Reply::empty(201)).await;
    let builder = client(&server)
        .secrets()
        .create_or_update_org_secret(
            ORG,
            SECRET_NAME,
            &sealed,
            OrganizationActionsSecretVisibility::Selected,
        )
        .selected_repository_ids(vec![REPO_ID]);
    let text = format!("{builder:?}");
    assert!(!text.contains(sealed.encrypted_value()), "{text}");
    assert!(
        text.contains("<sealed>") && text.contains(SECRET_NAME),
        "{text}"
    );
    assert!(!format!("{sealed:?}").contains(sealed.encrypted_value()));
}

#[tokio::test]
async fn create_or_update_org_secret_201_is_created_and_the_server_opens_the_sealed_value() {
    let (secret_key, public_key) = key_pair();
    let sealed = SealedSecret::seal(KEY_ID, &public_key, PLAINTEXT).expect("seals");
    let server = serve(Reply::empty(201)).await;

    let outcome = client(&server)
        .secrets()
        .create_or_update_org_secret(
            ORG,
            SECRET_NAME,
            &sealed,
            OrganizationActionsSecretVisibility::Selected,
        )
        .selected_repository_ids(vec![REPO_ID, OTHER_REPO_ID])
        .send()
        .await
        .expect("the secret is stored");

    assert_eq!(outcome, CreateOrUpdateOrgSecretOutcome::Created);

    let req = only_request(&server);
    assert_request(
        &req,
        "PUT",
        &format!("/orgs/octo-org/actions/secrets/{ENCODED_SECRET_NAME}"),
    );
    assert_query(&req, &[]);
    assert_json_body(
        &req,
        &json!({
            "encrypted_value": sealed.encrypted_value(),
            "key_id": KEY_ID,
            "selected_repository_ids": [30_433_642_123_i64, 30_433_642_987_i64],
            "visibility": "selected",
        }),
    );
    let body = req.body_json().expect("JSON");
    assert_eq!(body["selected_repository_ids"][0].as_i64(), Some(REPO_ID));
    assert!(
        req.body_text().contains("30433642123"),
        "ids are sent as exact integers: {}",
        req.body_text()
    );
    assert_eq!(open_sealed_body(&req, &secret_key), PLAINTEXT);
}

#[tokio::test]
async fn create_or_update_org_secret_204_is_updated_and_leaves_out_unset_repository_ids() {
    let (secret_key, public_key) = key_pair();
    let sealed = SealedSecret::seal(KEY_ID, &public_key, "rotated value").expect("seals");
    let server = serve(Reply::empty(204)).await;

    let outcome = client(&server)
        .secrets()
        .create_or_update_org_secret(
            SPACED_ORG,
            "DEPLOY_TOKEN",
            &sealed,
            OrganizationActionsSecretVisibility::Private,
        )
        .send()
        .await
        .expect("the secret is replaced");

    assert_eq!(outcome, CreateOrUpdateOrgSecretOutcome::Updated);

    let req = only_request(&server);
    assert_request(&req, "PUT", "/orgs/octo%20org/actions/secrets/DEPLOY_TOKEN");
    assert_query(&req, &[]);
    assert_json_body(
        &req,
        &json!({
            "encrypted_value": sealed.encrypted_value(),
            "key_id": KEY_ID,
            "visibility": "private",
        }),
    );
    assert_eq!(open_sealed_body(&req, &secret_key), "rotated value");
}

#[tokio::test]
async fn create_or_update_org_secret_sends_visibility_all() {
    let (secret_key, public_key) = key_pair();
    let sealed = SealedSecret::seal(KEY_ID, &public_key, b"\x00binary\xff").expect("seals");
    let server = serve(Reply::empty(204)).await;

    let outcome = client(&server)
        .secrets()
        .create_or_update_org_secret(ORG, "NPM_TOKEN", &sealed, "all")
        .send()
        .await
        .expect("the secret is replaced");
    assert_eq!(outcome, CreateOrUpdateOrgSecretOutcome::Updated);

    let req = only_request(&server);
    assert_request(&req, "PUT", "/orgs/octo-org/actions/secrets/NPM_TOKEN");
    assert_json_body(
        &req,
        &json!({
            "encrypted_value": sealed.encrypted_value(),
            "key_id": KEY_ID,
            "visibility": "all",
        }),
    );
    let body = req.body_json().expect("JSON");
    let opened = secret_key
        .unseal(
            &STANDARD
                .decode(body["encrypted_value"].as_str().unwrap())
                .unwrap(),
        )
        .expect("opens");
    assert_eq!(opened, b"\x00binary\xff");
}

#[tokio::test]
async fn create_or_update_org_secret_422_decodes_githubs_validation_error() {
    let (_, public_key) = key_pair();
    let sealed = SealedSecret::seal(KEY_ID, &public_key, PLAINTEXT).expect("seals");
    let error_body = json!({
        "message": "Validation Failed",
        "errors": [{"resource": "Secret", "field": "selected_repository_ids", "code": "invalid"}],
        "documentation_url": "https://docs.github.com/rest/actions/secrets#create-or-update-an-organization-secret"
    });
    let server = serve(Reply::json(422, &error_body).request_id("C0DE:1234:5678")).await;

    let err = client(&server)
        .secrets()
        .create_or_update_org_secret(
            ORG,
            SECRET_NAME,
            &sealed,
            OrganizationActionsSecretVisibility::All,
        )
        .selected_repository_ids(vec![REPO_ID])
        .send()
        .await
        .expect_err("422 is an error");

    assert_eq!(err.status(), Some(422));
    assert_eq!(err.request_id(), Some("C0DE:1234:5678"));
    assert_eq!(err.operation(), Some("actions/create-or-update-org-secret"));
    assert!(!err.is_rate_limited());
    let api = api_error(err);
    assert_eq!(api.status, 422);
    assert_eq!(api.message, "Validation Failed");
    assert_eq!(
        api.documentation_url.as_deref(),
        Some(
            "https://docs.github.com/rest/actions/secrets#create-or-update-an-organization-secret"
        )
    );
    assert_eq!(api.errors, vec![error_body["errors"][0].clone()]);
    let req = only_request(&server);
    assert_request(
        &req,
        "PUT",
        &format!("/orgs/octo-org/actions/secrets/{ENCODED_SECRET_NAME}"),
    );
}

#[tokio::test]
async fn list_selected_repos_for_org_secret_sends_page_then_per_page_and_decodes_the_spec_example()
{
    let example = response_example("actions/list-selected-repos-for-org-secret", 200);
    let server = serve_page(
        example.clone(),
        &[(
            "/orgs/octo-org/actions/secrets/MY%20SECRET%2F1/repositories?page=4&per_page=1",
            "next",
        )],
    )
    .await;

    let page = client(&server)
        .secrets()
        .list_selected_repos_for_org_secret(ORG, SECRET_NAME)
        .page(3)
        .per_page(1)
        .send()
        .await
        .expect("one page of repositories");

    let req = only_request(&server);
    assert_request(
        &req,
        "GET",
        &format!("/orgs/octo-org/actions/secrets/{ENCODED_SECRET_NAME}/repositories"),
    );
    assert_query(&req, &[("page", "3"), ("per_page", "1")]);
    assert_no_body(&req);

    assert_eq!(page.items.len(), 1);
    assert_eq!(page.total_count, Some(1));
    assert_eq!(
        page.next.as_ref().map(|u| u.as_str().to_owned()),
        Some(format!(
            "{}/orgs/octo-org/actions/secrets/MY%20SECRET%2F1/repositories?page=4&per_page=1",
            server.url()
        ))
    );
    assert_eq!(page.last, None);
    let repo = &page.items[0];
    assert_eq!(repo.id, 1_296_269);
    assert_eq!(repo.full_name, "octocat/Hello-World");
    assert_eq!(repo.owner.login, "octocat");
    assert!(!repo.fork);

    let body = ListSelectedReposForOrgSecretResponse {
        repositories: page.items.clone(),
        total_count: page.total_count.expect("a total count"),
    };
    assert_round_trip(&body, &example);
}

#[tokio::test]
async fn list_selected_repos_for_org_secret_streams_every_page() {
    let example = response_example("actions/list-selected-repos-for-org-secret", 200);
    let mut second = example.clone();
    second["repositories"][0]["id"] = json!(REPO_ID);
    second["repositories"][0]["full_name"] = json!("octo-org/big-ids");
    let first = example.clone();
    let server = MockServer::start(move |req: &RecordedRequest| {
        if req.query_param("page").as_deref() == Some("2") {
            Reply::json(200, &second)
        } else {
            Reply::json(200, &first).link(format!(
                "<{}/orgs/octo-org/actions/secrets/MY%20SECRET%2F1/repositories?page=2>; rel=\"next\"",
                req.server_url()
            ))
        }
    })
    .await;

    let mut stream = client(&server)
        .secrets()
        .list_selected_repos_for_org_secret(ORG, SECRET_NAME)
        .stream();
    let mut ids = Vec::new();
    while let Some(repo) = stream.try_next().await.expect("each page decodes") {
        ids.push(repo.id);
    }
    assert_eq!(ids, vec![1_296_269, REPO_ID]);

    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    for req in &requests {
        assert_request(
            req,
            "GET",
            "/orgs/octo-org/actions/secrets/MY%20SECRET%2F1/repositories",
        );
    }
    // A stream asks for the largest page unless the caller chose a size.
    assert_query(&requests[0], &[("per_page", "100")]);
    assert_query(&requests[1], &[("page", "2")]);
}

#[tokio::test]
async fn set_selected_repos_for_org_secret_sends_every_id_exactly() {
    let server = serve(Reply::empty(204)).await;

    client(&server)
        .secrets()
        .set_selected_repos_for_org_secret(
            ORG,
            SECRET_NAME,
            vec![REPO_ID, OTHER_REPO_ID, 64_780_797],
        )
        .send()
        .await
        .expect("the list is replaced");

    let req = only_request(&server);
    assert_request(
        &req,
        "PUT",
        &format!("/orgs/octo-org/actions/secrets/{ENCODED_SECRET_NAME}/repositories"),
    );
    assert_query(&req, &[]);
    assert_json_body(
        &req,
        &json!({ "selected_repository_ids": [30_433_642_123_i64, 30_433_642_987_i64, 64_780_797] }),
    );
}

#[tokio::test]
async fn set_selected_repos_for_org_secret_sends_an_empty_list() {
    let server = serve(Reply::empty(204)).await;

    client(&server)
        .secrets()
        .set_selected_repos_for_org_secret(ORG, "GH_TOKEN", Vec::<i64>::new())
        .send()
        .await
        .expect("the list is emptied");

    let req = only_request(&server);
    assert_request(
        &req,
        "PUT",
        "/orgs/octo-org/actions/secrets/GH_TOKEN/repositories",
    );
    assert_json_body(&req, &json!({ "selected_repository_ids": [] }));
}

#[tokio::test]
async fn add_selected_repo_to_org_secret_409_decodes_githubs_error() {
    let server = serve(
        Reply::json(
            409,
            github_error(
                "Secret visibility must be 'selected' to add repositories",
                "https://docs.github.com/rest/actions/secrets#add-selected-repository-to-an-organization-secret",
            ),
        )
        .request_id("ABCD:0001"),
    )
    .await;

    let err = client(&server)
        .secrets()
        .add_selected_repo_to_org_secret(ORG, SECRET_NAME, REPO_ID)
        .send()
        .await
        .expect_err("409 is an error");

    assert_eq!(err.status(), Some(409));
    assert_eq!(err.request_id(), Some("ABCD:0001"));
    assert_eq!(
        err.operation(),
        Some("actions/add-selected-repo-to-org-secret")
    );
    let api = api_error(err);
    assert_eq!(
        api.message,
        "Secret visibility must be 'selected' to add repositories"
    );
    assert_eq!(
        api.documentation_url.as_deref(),
        Some(
            "https://docs.github.com/rest/actions/secrets#add-selected-repository-to-an-organization-secret"
        )
    );
    assert!(api.errors.is_empty());
    assert_eq!(server.request_count(), 1, "a 409 is not retried");
}

#[tokio::test]
async fn remove_selected_repo_from_org_secret_409_decodes_githubs_error() {
    let server = serve(Reply::json(
        409,
        github_error(
            "Secret visibility must be 'selected' to remove repositories",
            "https://docs.github.com/rest/actions/secrets#remove-selected-repository-from-an-organization-secret",
        ),
    ))
    .await;

    let err = client(&server)
        .secrets()
        .remove_selected_repo_from_org_secret(ORG, "GH_TOKEN", REPO_ID)
        .send()
        .await
        .expect_err("409 is an error");

    assert_eq!(err.status(), Some(409));
    let api = api_error(err);
    assert_eq!(
        api.operation,
        "actions/remove-selected-repo-from-org-secret"
    );
    assert_eq!(
        api.message,
        "Secret visibility must be 'selected' to remove repositories"
    );
    let req = only_request(&server);
    assert_request(
        &req,
        "DELETE",
        "/orgs/octo-org/actions/secrets/GH_TOKEN/repositories/30433642123",
    );
}

// ---------------------------------------------------------------------------
// Repository secrets
// ---------------------------------------------------------------------------

#[tokio::test]
async fn list_repo_secrets_sends_paging_and_decodes_the_spec_example() {
    let example = response_example("actions/list-repo-secrets", 200);
    let server = serve_page(
        example.clone(),
        &[
            (
                "/repos/octo-org/octo%20repo/actions/secrets?per_page=100&page=2",
                "next",
            ),
            (
                "/repos/octo-org/octo%20repo/actions/secrets?per_page=100&page=7",
                "last",
            ),
        ],
    )
    .await;

    let page = client(&server)
        .secrets()
        .list_repo_secrets(OWNER, "octo repo")
        .per_page(100)
        .page(1)
        .send()
        .await
        .expect("one page of repository secrets");

    let req = only_request(&server);
    assert_request(&req, "GET", "/repos/octo-org/octo%20repo/actions/secrets");
    assert_query(&req, &[("per_page", "100"), ("page", "1")]);
    assert_no_body(&req);

    assert_eq!(page.items.len(), 2);
    assert_eq!(page.total_count, Some(2));
    assert!(page.has_next());
    assert_eq!(
        page.next.as_ref().map(|u| u.as_str().to_owned()),
        Some(format!(
            "{}/repos/octo-org/octo%20repo/actions/secrets?per_page=100&page=2",
            server.url()
        ))
    );
    assert_eq!(page.items[0].name, "GH_TOKEN");
    assert_eq!(page.items[1].name, "GIST_ID");
    assert_eq!(page.items[1].created_at, ts("2020-01-10T10:59:22Z"));
    assert_eq!(page.items[1].updated_at.to_string(), "2020-01-11T11:59:22Z");

    let body = ListRepoSecretsResponse {
        secrets: page.items.clone(),
        total_count: page.total_count.expect("a total count"),
    };
    assert_round_trip(&body, &example);
}

#[tokio::test]
async fn get_repo_public_key_decodes_the_spec_example() {
    let example = response_example("actions/get-repo-public-key", 200);
    let server = serve(Reply::json(200, &example)).await;

    let key: ActionsPublicKey = client(&server)
        .secrets()
        .get_repo_public_key("octo/cat", REPO)
        .send()
        .await
        .expect("the repository's public key");

    let req = only_request(&server);
    assert_request(
        &req,
        "GET",
        "/repos/octo%2Fcat/octo-repo/actions/secrets/public-key",
    );
    assert_query(&req, &[]);
    assert_no_body(&req);

    assert_round_trip(&key, &example);
    assert_eq!(key.key_id, "012345678912345678");
    assert!(key.key.starts_with("2Sg8iYjAxxmI2LvUXpJjkYrMxURPc8r+"));
}

#[tokio::test]
async fn get_repo_secret_sends_the_name_as_one_segment_and_decodes_the_spec_example() {
    let example = response_example("actions/get-repo-secret", 200);
    let server = serve(Reply::json(200, &example)).await;

    let secret: ActionsSecret = client(&server)
        .secrets()
        .get_repo_secret(OWNER, REPO, SECRET_NAME)
        .send()
        .await
        .expect("the repository secret");

    let req = only_request(&server);
    assert_request(
        &req,
        "GET",
        &format!("/repos/octo-org/octo-repo/actions/secrets/{ENCODED_SECRET_NAME}"),
    );
    assert_query(&req, &[]);
    assert_no_body(&req);

    assert_round_trip(&secret, &example);
    assert_eq!(secret.name, "GH_TOKEN");
    assert_eq!(secret.created_at, ts("2019-08-10T14:59:22Z"));
    assert!(secret.updated_at > secret.created_at);
}

#[tokio::test]
async fn get_repo_secret_404_decodes_githubs_error() {
    let server = serve(
        Reply::json(
            404,
            github_error(
                "Not Found",
                "https://docs.github.com/rest/actions/secrets#get-a-repository-secret",
            ),
        )
        .request_id("F00D:BEEF"),
    )
    .await;

    let err = client(&server)
        .secrets()
        .get_repo_secret(OWNER, REPO, "MISSING")
        .send()
        .await
        .expect_err("404 is an error");

    assert_eq!(err.status(), Some(404));
    assert_eq!(err.request_id(), Some("F00D:BEEF"));
    assert_eq!(err.operation(), Some("actions/get-repo-secret"));
    assert_eq!(err.retry_after(), None);
    assert!(err.to_string().contains("Not Found"), "{err}");
    let api = api_error(err);
    assert_eq!(api.status, 404);
    assert_eq!(api.message, "Not Found");
    assert_eq!(
        api.documentation_url.as_deref(),
        Some("https://docs.github.com/rest/actions/secrets#get-a-repository-secret")
    );
    let req = only_request(&server);
    assert_request(
        &req,
        "GET",
        "/repos/octo-org/octo-repo/actions/secrets/MISSING",
    );
}

#[tokio::test]
async fn create_or_update_repo_secret_201_is_created_and_the_server_opens_the_sealed_value() {
    let (secret_key, public_key) = key_pair();
    let sealed = SealedSecret::seal(KEY_ID, &public_key, PLAINTEXT).expect("seals");
    // GitHub answers 201 with an empty JSON object.
    let server = serve(Reply::json(201, json!({}))).await;

    let outcome = client(&server)
        .secrets()
        .create_or_update_repo_secret(OWNER, REPO, SECRET_NAME, &sealed)
        .send()
        .await
        .expect("the secret is stored");

    assert_eq!(outcome, CreateOrUpdateRepoSecretOutcome::Created);

    let req = only_request(&server);
    assert_request(
        &req,
        "PUT",
        &format!("/repos/octo-org/octo-repo/actions/secrets/{ENCODED_SECRET_NAME}"),
    );
    assert_query(&req, &[]);
    assert_json_body(
        &req,
        &json!({ "encrypted_value": sealed.encrypted_value(), "key_id": KEY_ID }),
    );
    let body = req.body_json().expect("JSON");
    assert_eq!(body["key_id"], KEY_ID);
    assert_eq!(open_sealed_body(&req, &secret_key), PLAINTEXT);
}

#[tokio::test]
async fn create_or_update_repo_secret_204_is_updated() {
    let (secret_key, public_key) = key_pair();
    let sealed = SealedSecret::seal(KEY_ID, &public_key, "second value").expect("seals");
    let server = serve(Reply::empty(204)).await;

    let outcome = client(&server)
        .secrets()
        .create_or_update_repo_secret("octo/cat", "octo repo", "GH_TOKEN", &sealed)
        .send()
        .await
        .expect("the secret is replaced");

    assert_eq!(outcome, CreateOrUpdateRepoSecretOutcome::Updated);

    let req = only_request(&server);
    assert_request(
        &req,
        "PUT",
        "/repos/octo%2Fcat/octo%20repo/actions/secrets/GH_TOKEN",
    );
    assert_query(&req, &[]);
    assert_json_body(
        &req,
        &json!({ "encrypted_value": sealed.encrypted_value(), "key_id": KEY_ID }),
    );
    assert_eq!(open_sealed_body(&req, &secret_key), "second value");
}

#[tokio::test]
async fn create_or_update_repo_secret_with_an_undocumented_success_status_is_an_error() {
    let (_, public_key) = key_pair();
    let sealed = SealedSecret::seal(KEY_ID, &public_key, PLAINTEXT).expect("seals");
    let server = serve(Reply::json(200, json!({"unexpected": true}))).await;

    let err = client(&server)
        .secrets()
        .create_or_update_repo_secret(OWNER, REPO, "GH_TOKEN", &sealed)
        .send()
        .await
        .expect_err("200 is not documented");
    assert!(
        matches!(err, Error::UnexpectedStatus { status: 200, .. }),
        "{err:?}"
    );
}

#[tokio::test]
async fn sealing_with_the_key_the_server_published_round_trips_the_plaintext() {
    let (secret_key, public_key) = key_pair();
    let published = json!({ "key_id": KEY_ID, "key": public_key });
    let server = MockServer::start(move |req: &RecordedRequest| match req.method.as_str() {
        "GET" => Reply::json(200, &published),
        _ => Reply::empty(201),
    })
    .await;
    let client = client(&server);

    let key = client
        .secrets()
        .get_repo_public_key(OWNER, REPO)
        .send()
        .await
        .expect("the public key");
    assert_eq!(key.key_id, KEY_ID);
    let sealed = SealedSecret::seal(&key.key_id, &key.key, PLAINTEXT).expect("seals");
    let outcome = client
        .secrets()
        .create_or_update_repo_secret(OWNER, REPO, SECRET_NAME, &sealed)
        .send()
        .await
        .expect("stored");
    assert_eq!(outcome, CreateOrUpdateRepoSecretOutcome::Created);

    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_request(
        &requests[0],
        "GET",
        "/repos/octo-org/octo-repo/actions/secrets/public-key",
    );
    assert_request(
        &requests[1],
        "PUT",
        &format!("/repos/octo-org/octo-repo/actions/secrets/{ENCODED_SECRET_NAME}"),
    );
    let body = requests[1].body_json().expect("JSON");
    assert_eq!(body["key_id"], KEY_ID);
    assert_eq!(open_sealed_body(&requests[1], &secret_key), PLAINTEXT);
}

#[test]
fn sealing_with_the_spec_examples_public_key_is_refused() {
    // The documented example key is 33 bytes of base64, not an X25519 key.
    let key: ActionsPublicKey =
        serde_json::from_value(response_example("actions/get-org-public-key", 200))
            .expect("decodes");
    let err = SealedSecret::seal(&key.key_id, &key.key, PLAINTEXT).expect_err("not a 32-byte key");
    assert!(matches!(err, Error::Seal { .. }), "{err:?}");
    assert!(err.to_string().contains("33 bytes"), "{err}");
}

#[tokio::test]
async fn delete_repo_secret_refuses_a_dot_dot_name_without_sending() {
    let server = serve(Reply::empty(204)).await;

    let err = client(&server)
        .secrets()
        .delete_repo_secret(OWNER, REPO, "..")
        .send()
        .await
        .expect_err("`..` would address another endpoint");

    assert!(matches!(err, Error::InvalidPathParameter { .. }), "{err:?}");
    assert_eq!(server.request_count(), 0);
}
