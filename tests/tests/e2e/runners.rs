//! Self-hosted runners and runner groups, end to end: every operation of both
//! areas against a server on 127.0.0.1, with the exact request on the wire
//! (method, encoded path, query, headers, JSON body) and the decoded answer
//! checked against the spec's examples.

use gh_actions::pagination::Page;
use gh_actions::types::{AuthenticationToken, Runner, RunnerGroupsOrgVisibility};
use gh_actions_tests::e2e_support::{
    api_error, assert_empty_body_with_zero_length, assert_json_body, assert_no_body, assert_query,
    assert_request, assert_round_trip, client, github_error, only_request, response_example, serve,
    serve_page,
};
use gh_actions_tests::mock::{MockServer, RecordedRequest, Reply};
use serde_json::{Value, json};

pub const COVERED: &[&str] = &[
    // self-hosted-runners
    "actions/list-self-hosted-runners-for-org",
    "actions/list-runner-applications-for-org",
    "actions/create-registration-token-for-org",
    "actions/create-remove-token-for-org",
    "actions/get-self-hosted-runner-for-org",
    "actions/delete-self-hosted-runner-from-org",
    "actions/list-self-hosted-runners-for-repo",
    "actions/list-runner-applications-for-repo",
    "actions/create-registration-token-for-repo",
    "actions/create-remove-token-for-repo",
    "actions/get-self-hosted-runner-for-repo",
    "actions/delete-self-hosted-runner-from-repo",
    // runner-groups
    "actions/list-self-hosted-runner-groups-for-org",
    "actions/create-self-hosted-runner-group-for-org",
    "actions/get-self-hosted-runner-group-for-org",
    "actions/delete-self-hosted-runner-group-from-org",
    "actions/update-self-hosted-runner-group-for-org",
    "actions/list-repo-access-to-self-hosted-runner-group-in-org",
    "actions/set-repo-access-to-self-hosted-runner-group-in-org",
    "actions/add-repo-access-to-self-hosted-runner-group-in-org",
    "actions/remove-repo-access-to-self-hosted-runner-group-in-org",
    "actions/list-self-hosted-runners-in-group-for-org",
    "actions/set-self-hosted-runners-in-group-for-org",
    "actions/add-self-hosted-runner-to-group-for-org",
    "actions/remove-self-hosted-runner-from-group-for-org",
];

/// An organisation name with a space: it must travel as `octo%20org`.
const ORG: &str = "octo org";
/// [`ORG`] as it appears in the request path.
const ORG_SEGMENT: &str = "octo%20org";
/// Repository owner of the repository-level operations.
const OWNER: &str = "octo-org";
/// A repository name with a space: it must travel as `octo%20repo`.
const REPO: &str = "octo repo";
/// [`REPO`] as it appears in the request path.
const REPO_SEGMENT: &str = "octo%20repo";
/// A runner id above 2^32.
const RUNNER_ID: i64 = 30_433_642_123;
/// A runner group id above 2^32.
const GROUP_ID: i64 = 30_433_642_456;
/// A repository id above 2^32.
const REPOSITORY_ID: i64 = 30_433_642_789;

// ---------------------------------------------------------------------------
// helpers
// ---------------------------------------------------------------------------

/// Serves `body` as page 1 of a list whose `Link` header announces page 2 as
/// next and page 4 as last, as absolute URLs under `link_path` on the server
/// itself (the way GitHub links to `/organizations/ID/...`).
async fn serve_first_page(body: Value, link_path: &str) -> MockServer {
    let links = [
        (format!("{link_path}?per_page=2&page=2"), "next"),
        (format!("{link_path}?per_page=2&page=4"), "last"),
    ];
    serve_page(body, &links).await
}

/// Checks the `next` and `last` links that [`serve_first_page`] sent.
fn assert_links<T>(page: &Page<T>, server: &MockServer, link_path: &str) {
    let base = format!("{}{link_path}", server.url());
    assert!(page.has_next(), "the page announces a next one");
    assert_eq!(
        page.next.as_ref().map(|u| u.as_str()),
        Some(format!("{base}?per_page=2&page=2").as_str()),
        "next link"
    );
    assert_eq!(
        page.last.as_ref().map(|u| u.as_str()),
        Some(format!("{base}?per_page=2&page=4").as_str()),
        "last link"
    );
    assert_eq!(page.prev, None, "no prev link on the first page");
    assert_eq!(page.first, None, "no first link on the first page");
}

/// Checks the decoded runners of the `runner-paginated` example.
fn assert_runner_page(page: &Page<Runner>, example: &Value) {
    assert_eq!(page.items.len(), 2);
    assert_eq!(page.total_count, Some(2));
    for (runner, original) in page
        .items
        .iter()
        .zip(example["runners"].as_array().unwrap())
    {
        assert_round_trip(runner, original);
    }
    let first = &page.items[0];
    assert_eq!(
        (first.id.get(), first.name.as_str(), first.os.as_str()),
        (23, "linux_runner", "linux")
    );
    assert_eq!(first.status, "online");
    assert!(first.busy);
    let second = &page.items[1];
    assert_eq!(
        (second.id.get(), second.status.as_str(), second.busy),
        (24, "offline", false)
    );
}

/// Checks a GET or DELETE: no query, no body, no content type.
fn assert_bare(req: &RecordedRequest) {
    assert_query(req, &[]);
    assert_no_body(req);
    assert_eq!(req.header("content-type"), None, "content-type");
}

/// A registration or remove token answer, exactly as GitHub writes it: the
/// example's fields in the order the client encodes them, without spaces,
/// with the empty `repositories` list the client encodes for a token that is
/// not limited to some repositories, and the `null` it writes for a
/// `single_file` that is absent or `null` (one `None` in an answer).
fn token_body(example: &Value) -> String {
    let expires_at = example["expires_at"].as_str().expect("expires_at is text");
    let token = example["token"].as_str().expect("token is text");
    format!(
        r#"{{"expires_at":"{expires_at}","repositories":[],"single_file":null,"token":"{token}"}}"#
    )
}

/// Checks a decoded token against the example it came from: the fields, the
/// instant and offset of `expires_at`, and a byte-for-byte re-encoding.
fn assert_token(decoded: &AuthenticationToken, example: &Value, sent: &str, utc: &str) {
    assert_round_trip(decoded, example);
    let expires_at = example["expires_at"].as_str().unwrap();
    assert_eq!(decoded.token, example["token"].as_str().unwrap());
    assert_eq!(
        decoded.expires_at.to_string(),
        expires_at,
        "offset and millis kept"
    );
    assert_eq!(
        serde_json::to_string(&decoded.expires_at).unwrap(),
        format!("\"{expires_at}\"")
    );
    assert_eq!(
        decoded.expires_at.as_datetime().offset().local_minus_utc(),
        -8 * 3600,
        "the -08:00 offset"
    );
    let instant: chrono::DateTime<chrono::Utc> = utc.parse().unwrap();
    assert_eq!(decoded.expires_at.to_utc(), instant);
    assert_eq!(
        serde_json::to_string(decoded).unwrap(),
        sent,
        "re-encoding gives the answer's bytes"
    );
}

// ---------------------------------------------------------------------------
// calls that send nothing but their path
// ---------------------------------------------------------------------------

gh_actions_tests::bodiless_call_tests! {
    delete_self_hosted_runner_from_org_sends_a_bodiless_delete_and_accepts_204:
        Reply::empty(204),
        self_hosted_runners().delete_self_hosted_runner_from_org(ORG, RUNNER_ID)
        => "DELETE", format!("/orgs/{ORG_SEGMENT}/actions/runners/30433642123");
    delete_self_hosted_runner_from_repo_sends_a_bodiless_delete_and_accepts_204:
        Reply::empty(204),
        self_hosted_runners().delete_self_hosted_runner_from_repo(OWNER, REPO, RUNNER_ID)
        => "DELETE", format!("/repos/{OWNER}/{REPO_SEGMENT}/actions/runners/30433642123");
    delete_self_hosted_runner_group_from_org_sends_a_bodiless_delete_and_accepts_204:
        Reply::empty(204),
        runner_groups().delete_self_hosted_runner_group_from_org(ORG, GROUP_ID)
        => "DELETE", format!("/orgs/{ORG_SEGMENT}/actions/runner-groups/30433642456");
    add_repo_access_to_self_hosted_runner_group_in_org_puts_with_zero_content_length:
        Reply::empty(204),
        runner_groups().add_repo_access_to_self_hosted_runner_group_in_org(ORG, GROUP_ID, REPOSITORY_ID)
        => "PUT", format!("/orgs/{ORG_SEGMENT}/actions/runner-groups/30433642456/repositories/30433642789");
    remove_repo_access_to_self_hosted_runner_group_in_org_sends_a_bodiless_delete:
        Reply::empty(204),
        runner_groups().remove_repo_access_to_self_hosted_runner_group_in_org(ORG, GROUP_ID, REPOSITORY_ID)
        => "DELETE", format!("/orgs/{ORG_SEGMENT}/actions/runner-groups/30433642456/repositories/30433642789");
    add_self_hosted_runner_to_group_for_org_puts_with_zero_content_length:
        Reply::empty(204),
        runner_groups().add_self_hosted_runner_to_group_for_org(ORG, GROUP_ID, RUNNER_ID)
        => "PUT", format!("/orgs/{ORG_SEGMENT}/actions/runner-groups/30433642456/runners/30433642123");
    remove_self_hosted_runner_from_group_for_org_sends_a_bodiless_delete:
        Reply::empty(204),
        runner_groups().remove_self_hosted_runner_from_group_for_org(ORG, GROUP_ID, RUNNER_ID)
        => "DELETE", format!("/orgs/{ORG_SEGMENT}/actions/runner-groups/30433642456/runners/30433642123");
}

// ---------------------------------------------------------------------------
// self-hosted runners of an organisation
// ---------------------------------------------------------------------------

#[tokio::test]
async fn list_self_hosted_runners_for_org_sends_paging_encodes_the_org_and_exposes_the_next_page() {
    let example = response_example("actions/list-self-hosted-runners-for-org", 200);
    let link_path = "/organizations/9919/actions/runners";
    let server = serve_first_page(example.clone(), link_path).await;

    let page = client(&server)
        .self_hosted_runners()
        .list_self_hosted_runners_for_org(ORG)
        .per_page(2)
        .page(1)
        .send()
        .await
        .expect("the runners of the organisation");

    let req = only_request(&server);
    assert_request(&req, "GET", &format!("/orgs/{ORG_SEGMENT}/actions/runners"));
    assert_query(&req, &[("per_page", "2"), ("page", "1")]);
    assert_no_body(&req);
    assert_runner_page(&page, &example);
    assert_links(&page, &server, link_path);
}

#[tokio::test]
async fn list_runner_applications_for_org_decodes_every_package_of_the_spec_example() {
    let example = response_example("actions/list-runner-applications-for-org", 200);
    let server = serve(Reply::json(200, &example)).await;

    let apps = client(&server)
        .self_hosted_runners()
        .list_runner_applications_for_org(ORG)
        .send()
        .await
        .expect("the runner applications");

    let req = only_request(&server);
    assert_request(
        &req,
        "GET",
        &format!("/orgs/{ORG_SEGMENT}/actions/runners/downloads"),
    );
    assert_bare(&req);
    assert_round_trip(&apps, &example);
    assert_eq!(apps.len(), 5);
    assert_eq!(
        (apps[0].os.as_str(), apps[0].architecture.as_str()),
        ("osx", "x64")
    );
    assert_eq!(apps[4].architecture, "arm64");
    assert_eq!(apps[3].filename, "actions-runner-win-x64-2.164.0.zip");
    assert_eq!(
        apps[1].download_url,
        "https://github.com/actions/runner/releases/download/v2.164.0/actions-runner-linux-x64-2.164.0.tar.gz"
    );
}

#[tokio::test]
async fn create_registration_token_for_org_posts_no_body_and_keeps_expires_at_byte_for_byte() {
    let example = response_example("actions/create-registration-token-for-org", 201);
    let sent = token_body(&example);
    let server = serve(Reply::json_text(201, sent.clone())).await;

    let token = client(&server)
        .self_hosted_runners()
        .create_registration_token_for_org(ORG)
        .send()
        .await
        .expect("a registration token");

    let req = only_request(&server);
    assert_request(
        &req,
        "POST",
        &format!("/orgs/{ORG_SEGMENT}/actions/runners/registration-token"),
    );
    assert_query(&req, &[]);
    assert_empty_body_with_zero_length(&req);
    assert_eq!(token.token, "LLBF3JGZDX3P5PMEXLND6TS6FCWO6");
    assert_token(&token, &example, &sent, "2020-01-22T20:13:35.123Z");
}

#[tokio::test]
async fn create_remove_token_for_org_posts_no_body_and_keeps_expires_at_byte_for_byte() {
    let example = response_example("actions/create-remove-token-for-org", 201);
    let sent = token_body(&example);
    let server = serve(Reply::json_text(201, sent.clone())).await;

    let token = client(&server)
        .self_hosted_runners()
        .create_remove_token_for_org(ORG)
        .send()
        .await
        .expect("a remove token");

    let req = only_request(&server);
    assert_request(
        &req,
        "POST",
        &format!("/orgs/{ORG_SEGMENT}/actions/runners/remove-token"),
    );
    assert_query(&req, &[]);
    assert_empty_body_with_zero_length(&req);
    assert_eq!(token.token, "AABF3JGZDX3P5PMEXLND6TS6FCWO6");
    assert_token(&token, &example, &sent, "2020-01-29T20:13:35.123Z");
}

#[tokio::test]
async fn get_self_hosted_runner_for_org_sends_a_64_bit_runner_id_and_decodes_the_spec_example() {
    let example = response_example("actions/get-self-hosted-runner-for-org", 200);
    let server = serve(Reply::json(200, &example)).await;

    let runner = client(&server)
        .self_hosted_runners()
        .get_self_hosted_runner_for_org(ORG, RUNNER_ID)
        .send()
        .await
        .expect("the runner");

    let req = only_request(&server);
    assert_request(
        &req,
        "GET",
        &format!("/orgs/{ORG_SEGMENT}/actions/runners/30433642123"),
    );
    assert_bare(&req);
    assert_round_trip(&runner, &example);
    assert_eq!(runner.id, 23);
    assert_eq!(
        (runner.name.as_str(), runner.os.as_str()),
        ("mac_runner", "macos")
    );
    assert_eq!(runner.status, "online");
    assert!(runner.busy);
}

// ---------------------------------------------------------------------------
// self-hosted runners of a repository
// ---------------------------------------------------------------------------

#[tokio::test]
async fn list_self_hosted_runners_for_repo_sends_paging_encodes_the_repo_and_exposes_the_next_page()
{
    let example = response_example("actions/list-self-hosted-runners-for-repo", 200);
    let link_path = "/repositories/1296269/actions/runners";
    let server = serve_first_page(example.clone(), link_path).await;

    let page = client(&server)
        .self_hosted_runners()
        .list_self_hosted_runners_for_repo(OWNER, REPO)
        .per_page(2)
        .page(1)
        .send()
        .await
        .expect("the runners of the repository");

    let req = only_request(&server);
    assert_request(
        &req,
        "GET",
        &format!("/repos/{OWNER}/{REPO_SEGMENT}/actions/runners"),
    );
    assert_query(&req, &[("per_page", "2"), ("page", "1")]);
    assert_no_body(&req);
    assert_runner_page(&page, &example);
    assert_links(&page, &server, link_path);
}

#[tokio::test]
async fn list_runner_applications_for_repo_decodes_every_package_of_the_spec_example() {
    let example = response_example("actions/list-runner-applications-for-repo", 200);
    let server = serve(Reply::json(200, &example)).await;

    let apps = client(&server)
        .self_hosted_runners()
        .list_runner_applications_for_repo(OWNER, REPO)
        .send()
        .await
        .expect("the runner applications");

    let req = only_request(&server);
    assert_request(
        &req,
        "GET",
        &format!("/repos/{OWNER}/{REPO_SEGMENT}/actions/runners/downloads"),
    );
    assert_bare(&req);
    assert_round_trip(&apps, &example);
    assert_eq!(apps.len(), 5);
    assert_eq!(
        (apps[2].os.as_str(), apps[2].architecture.as_str()),
        ("linux", "arm")
    );
    assert_eq!(apps[2].filename, "actions-runner-linux-arm-2.164.0.tar.gz");
}

#[tokio::test]
async fn create_registration_token_for_repo_posts_no_body_and_keeps_expires_at_byte_for_byte() {
    let example = response_example("actions/create-registration-token-for-repo", 201);
    let sent = token_body(&example);
    let server = serve(Reply::json_text(201, sent.clone())).await;

    let token = client(&server)
        .self_hosted_runners()
        .create_registration_token_for_repo(OWNER, REPO)
        .send()
        .await
        .expect("a registration token");

    let req = only_request(&server);
    assert_request(
        &req,
        "POST",
        &format!("/repos/{OWNER}/{REPO_SEGMENT}/actions/runners/registration-token"),
    );
    assert_query(&req, &[]);
    assert_empty_body_with_zero_length(&req);
    assert_eq!(token.token, "LLBF3JGZDX3P5PMEXLND6TS6FCWO6");
    assert_token(&token, &example, &sent, "2020-01-22T20:13:35.123Z");
}

#[tokio::test]
async fn create_remove_token_for_repo_posts_no_body_and_keeps_expires_at_byte_for_byte() {
    let example = response_example("actions/create-remove-token-for-repo", 201);
    let sent = token_body(&example);
    let server = serve(Reply::json_text(201, sent.clone())).await;

    let token = client(&server)
        .self_hosted_runners()
        .create_remove_token_for_repo(OWNER, REPO)
        .send()
        .await
        .expect("a remove token");

    let req = only_request(&server);
    assert_request(
        &req,
        "POST",
        &format!("/repos/{OWNER}/{REPO_SEGMENT}/actions/runners/remove-token"),
    );
    assert_query(&req, &[]);
    assert_empty_body_with_zero_length(&req);
    assert_eq!(token.token, "AABF3JGZDX3P5PMEXLND6TS6FCWO6");
    assert_token(&token, &example, &sent, "2020-01-29T20:13:35.123Z");
}

#[tokio::test]
async fn get_self_hosted_runner_for_repo_keeps_a_slash_in_the_repo_inside_one_segment() {
    let example = response_example("actions/get-self-hosted-runner-for-repo", 200);
    let server = serve(Reply::json(200, &example)).await;

    let runner = client(&server)
        .self_hosted_runners()
        .get_self_hosted_runner_for_repo(OWNER, "octo/repo", RUNNER_ID)
        .send()
        .await
        .expect("the runner");

    let req = only_request(&server);
    assert_request(
        &req,
        "GET",
        &format!("/repos/{OWNER}/octo%2Frepo/actions/runners/30433642123"),
    );
    assert_bare(&req);
    assert_round_trip(&runner, &example);
    assert_eq!(runner.id, 23);
    assert_eq!(runner.name, "mac_runner");
    assert!(runner.busy);
}

#[tokio::test]
async fn get_self_hosted_runner_for_repo_404_decodes_into_the_api_error() {
    let docs = "https://docs.github.com/rest/actions/self-hosted-runners#get-a-self-hosted-runner-for-a-repository";
    let server =
        serve(Reply::json(404, github_error("Not Found", docs)).request_id("AB12:CD34")).await;

    let err = client(&server)
        .self_hosted_runners()
        .get_self_hosted_runner_for_repo(OWNER, REPO, RUNNER_ID)
        .send()
        .await
        .expect_err("404 is an error");

    assert_request(
        &only_request(&server),
        "GET",
        &format!("/repos/{OWNER}/{REPO_SEGMENT}/actions/runners/30433642123"),
    );
    assert_eq!(err.status(), Some(404));
    assert_eq!(
        err.operation(),
        Some("actions/get-self-hosted-runner-for-repo")
    );
    assert_eq!(err.request_id(), Some("AB12:CD34"));
    assert!(!err.is_rate_limited());
    let api = api_error(err);
    assert_eq!(api.status, 404);
    assert_eq!(api.message, "Not Found");
    assert_eq!(api.documentation_url.as_deref(), Some(docs));
    assert!(api.errors.is_empty());
}

#[tokio::test]
async fn delete_self_hosted_runner_from_org_422_for_a_busy_runner_decodes_into_the_api_error() {
    let docs = "https://docs.github.com/rest/actions/self-hosted-runners#delete-a-self-hosted-runner-from-an-organization";
    let server = serve(Reply::json(
        422,
        github_error("Runner \"mac_runner\" is still running a job", docs),
    ))
    .await;

    let err = client(&server)
        .self_hosted_runners()
        .delete_self_hosted_runner_from_org(ORG, RUNNER_ID)
        .send()
        .await
        .expect_err("422 is an error");

    assert_request(
        &only_request(&server),
        "DELETE",
        &format!("/orgs/{ORG_SEGMENT}/actions/runners/30433642123"),
    );
    let api = api_error(err);
    assert_eq!(api.status, 422);
    assert_eq!(api.operation, "actions/delete-self-hosted-runner-from-org");
    assert_eq!(api.message, "Runner \"mac_runner\" is still running a job");
    assert_eq!(api.documentation_url.as_deref(), Some(docs));
}

// ---------------------------------------------------------------------------
// runner groups
// ---------------------------------------------------------------------------

#[tokio::test]
async fn list_self_hosted_runner_groups_for_org_decodes_every_visibility_and_exposes_the_next_page()
{
    let example = response_example("actions/list-self-hosted-runner-groups-for-org", 200);
    let link_path = "/organizations/9919/actions/runner-groups";
    let server = serve_first_page(example.clone(), link_path).await;

    let page = client(&server)
        .runner_groups()
        .list_self_hosted_runner_groups_for_org(ORG)
        .per_page(2)
        .page(1)
        .send()
        .await
        .expect("the runner groups");

    let req = only_request(&server);
    assert_request(
        &req,
        "GET",
        &format!("/orgs/{ORG_SEGMENT}/actions/runner-groups"),
    );
    assert_query(&req, &[("per_page", "2"), ("page", "1")]);
    assert_no_body(&req);
    assert_eq!(page.items.len(), 3);
    assert_eq!(page.total_count, Some(3));
    for (group, original) in page
        .items
        .iter()
        .zip(example["runner_groups"].as_array().unwrap())
    {
        assert_round_trip(group, original);
    }
    let visibilities: Vec<_> = page.items.iter().map(|g| g.visibility.clone()).collect();
    assert_eq!(
        visibilities,
        [
            RunnerGroupsOrgVisibility::All,
            RunnerGroupsOrgVisibility::Selected,
            RunnerGroupsOrgVisibility::Private
        ]
    );
    let default = &page.items[0];
    assert_eq!((default.id.get(), default.name.as_str()), (1, "Default"));
    assert!(default.default);
    assert_eq!(default.selected_repositories_url, None);
    assert!(page.items[1].inherited);
    assert_eq!(
        page.items[1].selected_repositories_url.as_deref(),
        Some("https://api.github.com/orgs/octo-org/actions/runner_groups/2/repositories")
    );
    assert_links(&page, &server, link_path);
}

#[tokio::test]
async fn create_self_hosted_runner_group_for_org_sends_every_body_field_and_decodes_the_201() {
    let example = response_example("actions/create-self-hosted-runner-group-for-org", 201);
    let server = serve(Reply::json(201, &example)).await;

    let group = client(&server)
        .runner_groups()
        .create_self_hosted_runner_group_for_org(ORG, "octo-runner-group")
        .visibility(RunnerGroupsOrgVisibility::Selected)
        .selected_repository_ids(vec![REPOSITORY_ID, 42])
        .runners(vec![RUNNER_ID, 9])
        .send()
        .await
        .expect("the created group");

    let req = only_request(&server);
    assert_request(
        &req,
        "POST",
        &format!("/orgs/{ORG_SEGMENT}/actions/runner-groups"),
    );
    assert_query(&req, &[]);
    assert_json_body(
        &req,
        &json!({
            "name": "octo-runner-group",
            "visibility": "selected",
            "selected_repository_ids": [30_433_642_789_i64, 42],
            "runners": [30_433_642_123_i64, 9]
        }),
    );
    // The ids travel as JSON integers, not floats or strings.
    assert!(
        req.body_text().contains("[30433642789,42]"),
        "{}",
        req.body_text()
    );
    assert_round_trip(&group, &example);
    assert_eq!(group.id, 2);
    assert_eq!(group.visibility, RunnerGroupsOrgVisibility::Selected);
    assert!(!group.default && !group.inherited && group.allows_public_repositories);
    assert_eq!(
        group.runners_url,
        "https://api.github.com/orgs/octo-org/actions/runner_groups/2/runners"
    );
}

#[tokio::test]
async fn create_self_hosted_runner_group_for_org_with_only_a_name_sends_no_other_field() {
    let example = response_example("actions/create-self-hosted-runner-group-for-org", 201);
    let server = serve(Reply::json(201, &example)).await;

    let group = client(&server)
        .runner_groups()
        .create_self_hosted_runner_group_for_org(ORG, "GPU runners — ünïcode")
        .send()
        .await
        .expect("the created group");

    let req = only_request(&server);
    assert_request(
        &req,
        "POST",
        &format!("/orgs/{ORG_SEGMENT}/actions/runner-groups"),
    );
    assert_json_body(&req, &json!({ "name": "GPU runners — ünïcode" }));
    assert_round_trip(&group, &example);
    assert_eq!(group.name, "octo-runner-group");
}

#[tokio::test]
async fn create_self_hosted_runner_group_for_org_422_keeps_githubs_validation_errors() {
    let errors = json!([{"resource": "RunnerGroup", "field": "name", "code": "already_exists"}]);
    let docs = "https://docs.github.com/rest/actions/self-hosted-runner-groups#create-a-self-hosted-runner-group-for-an-organization";
    let mut body = github_error("Validation Failed", docs);
    body["errors"] = errors.clone();
    let server = serve(Reply::json(422, body)).await;

    let err = client(&server)
        .runner_groups()
        .create_self_hosted_runner_group_for_org(ORG, "Default")
        .visibility(RunnerGroupsOrgVisibility::All)
        .send()
        .await
        .expect_err("422 is an error");

    let req = only_request(&server);
    assert_request(
        &req,
        "POST",
        &format!("/orgs/{ORG_SEGMENT}/actions/runner-groups"),
    );
    assert_json_body(&req, &json!({ "name": "Default", "visibility": "all" }));
    assert_eq!(err.status(), Some(422));
    let api = api_error(err);
    assert_eq!(
        api.operation,
        "actions/create-self-hosted-runner-group-for-org"
    );
    assert_eq!(api.message, "Validation Failed");
    assert_eq!(api.documentation_url.as_deref(), Some(docs));
    assert_eq!(Value::Array(api.errors.clone()), errors);
}

#[tokio::test]
async fn get_self_hosted_runner_group_for_org_sends_a_64_bit_group_id_and_decodes_the_spec_example()
{
    let example = response_example("actions/get-self-hosted-runner-group-for-org", 200);
    let server = serve(Reply::json(200, &example)).await;

    let group = client(&server)
        .runner_groups()
        .get_self_hosted_runner_group_for_org(ORG, GROUP_ID)
        .send()
        .await
        .expect("the group");

    let req = only_request(&server);
    assert_request(
        &req,
        "GET",
        &format!("/orgs/{ORG_SEGMENT}/actions/runner-groups/30433642456"),
    );
    assert_bare(&req);
    assert_round_trip(&group, &example);
    assert_eq!(
        (group.id.get(), group.name.as_str()),
        (2, "octo-runner-group")
    );
    assert_eq!(group.visibility, RunnerGroupsOrgVisibility::Selected);
    assert_eq!(
        group.selected_repositories_url.as_deref(),
        Some("https://api.github.com/orgs/octo-org/actions/runner_groups/2/repositories")
    );
}

#[tokio::test]
async fn delete_self_hosted_runner_group_from_org_404_decodes_into_the_api_error() {
    let docs = "https://docs.github.com/rest/actions/self-hosted-runner-groups#delete-a-self-hosted-runner-group-from-an-organization";
    let server = serve(Reply::json(404, github_error("Not Found", docs))).await;

    let err = client(&server)
        .runner_groups()
        .delete_self_hosted_runner_group_from_org(ORG, GROUP_ID)
        .send()
        .await
        .expect_err("404 is an error");

    assert_request(
        &only_request(&server),
        "DELETE",
        &format!("/orgs/{ORG_SEGMENT}/actions/runner-groups/30433642456"),
    );
    assert_eq!(
        err.operation(),
        Some("actions/delete-self-hosted-runner-group-from-org")
    );
    let api = api_error(err);
    assert_eq!(api.status, 404);
    assert_eq!(api.message, "Not Found");
    assert_eq!(api.documentation_url.as_deref(), Some(docs));
}

#[tokio::test]
async fn update_self_hosted_runner_group_for_org_patches_name_and_visibility() {
    let example = response_example("actions/update-self-hosted-runner-group-for-org", 200);
    let server = serve(Reply::json(200, &example)).await;

    let group = client(&server)
        .runner_groups()
        .update_self_hosted_runner_group_for_org(ORG, GROUP_ID, "octo-runner-group")
        .visibility(RunnerGroupsOrgVisibility::Private)
        .send()
        .await
        .expect("the updated group");

    let req = only_request(&server);
    assert_request(
        &req,
        "PATCH",
        &format!("/orgs/{ORG_SEGMENT}/actions/runner-groups/30433642456"),
    );
    assert_query(&req, &[]);
    assert_json_body(
        &req,
        &json!({ "name": "octo-runner-group", "visibility": "private" }),
    );
    assert_round_trip(&group, &example);
    assert_eq!(group.id, 2);
    assert_eq!(group.visibility, RunnerGroupsOrgVisibility::Selected);
    assert!(group.allows_public_repositories);
}

/// A nullable body field has three states: `None` sends `null` (clearing
/// it), `Some` sends the value, and leaving the setter out leaves the field out.
#[tokio::test]
async fn update_self_hosted_runner_group_for_org_sends_an_explicit_null_or_leaves_the_field_out() {
    let example = response_example("actions/update-self-hosted-runner-group-for-org", 200);

    let server = serve(Reply::json(200, &example)).await;
    client(&server)
        .runner_groups()
        .update_self_hosted_runner_group_for_org(ORG, GROUP_ID, "octo-runner-group")
        .network_configuration_id(None)
        .send()
        .await
        .expect("the updated group");
    assert_json_body(
        &only_request(&server),
        &json!({ "name": "octo-runner-group", "network_configuration_id": null }),
    );

    let server = serve(Reply::json(200, &example)).await;
    client(&server)
        .runner_groups()
        .update_self_hosted_runner_group_for_org(ORG, GROUP_ID, "octo-runner-group")
        .network_configuration_id(Some(
            "EC486D5D793175D7E3B29C27318D5C1AAE49A7833FC85F2E82C3D2C54AC7D3BA".to_owned(),
        ))
        .send()
        .await
        .expect("the updated group");
    assert_json_body(
        &only_request(&server),
        &json!({
            "name": "octo-runner-group",
            "network_configuration_id": "EC486D5D793175D7E3B29C27318D5C1AAE49A7833FC85F2E82C3D2C54AC7D3BA"
        }),
    );

    let server = serve(Reply::json(200, &example)).await;
    client(&server)
        .runner_groups()
        .update_self_hosted_runner_group_for_org(ORG, GROUP_ID, "octo-runner-group")
        .send()
        .await
        .expect("the updated group");
    let req = only_request(&server);
    assert_json_body(&req, &json!({ "name": "octo-runner-group" }));
}

#[tokio::test]
async fn update_self_hosted_runner_group_for_org_writes_a_visibility_the_client_does_not_know() {
    let example = response_example("actions/update-self-hosted-runner-group-for-org", 200);
    let server = serve(Reply::json(200, &example)).await;

    let group = client(&server)
        .runner_groups()
        .update_self_hosted_runner_group_for_org(ORG, GROUP_ID, "renamed")
        .visibility("internal")
        .send()
        .await
        .expect("the updated group");

    let req = only_request(&server);
    assert_request(
        &req,
        "PATCH",
        &format!("/orgs/{ORG_SEGMENT}/actions/runner-groups/30433642456"),
    );
    assert_json_body(
        &req,
        &json!({ "name": "renamed", "visibility": "internal" }),
    );
    assert_round_trip(&group, &example);
}

#[tokio::test]
async fn list_repo_access_to_self_hosted_runner_group_in_org_sends_page_before_per_page_and_exposes_the_next_page()
 {
    let example = response_example(
        "actions/list-repo-access-to-self-hosted-runner-group-in-org",
        200,
    );
    let link_path = "/organizations/9919/actions/runner-groups/30433642456/repositories";
    let server = serve_first_page(example.clone(), link_path).await;

    let page = client(&server)
        .runner_groups()
        .list_repo_access_to_self_hosted_runner_group_in_org(ORG, GROUP_ID)
        .page(1)
        .per_page(2)
        .send()
        .await
        .expect("the repositories of the group");

    let req = only_request(&server);
    assert_request(
        &req,
        "GET",
        &format!("/orgs/{ORG_SEGMENT}/actions/runner-groups/30433642456/repositories"),
    );
    // The spec lists `page` before `per_page` for this operation.
    assert_query(&req, &[("page", "1"), ("per_page", "2")]);
    assert_no_body(&req);
    assert_eq!(page.items.len(), 1);
    assert_eq!(page.total_count, Some(1));
    let repo = &page.items[0];
    assert_round_trip(repo, &example["repositories"][0]);
    assert_eq!(repo.id, 1_296_269);
    assert_eq!(repo.full_name, "octocat/Hello-World");
    assert_eq!(repo.owner.login, "octocat");
    assert_eq!(repo.description.as_deref(), Some("This your first repo!"));
    assert!(!repo.private);
    assert_links(&page, &server, link_path);
}

#[tokio::test]
async fn set_repo_access_to_self_hosted_runner_group_in_org_puts_the_repository_ids() {
    let server = serve(Reply::empty(204)).await;

    let () = client(&server)
        .runner_groups()
        .set_repo_access_to_self_hosted_runner_group_in_org(ORG, GROUP_ID, vec![REPOSITORY_ID, 42])
        .send()
        .await
        .expect("204 is success");

    let req = only_request(&server);
    assert_request(
        &req,
        "PUT",
        &format!("/orgs/{ORG_SEGMENT}/actions/runner-groups/30433642456/repositories"),
    );
    assert_query(&req, &[]);
    assert_json_body(
        &req,
        &json!({ "selected_repository_ids": [30_433_642_789_i64, 42] }),
    );
}

#[tokio::test]
async fn set_repo_access_to_self_hosted_runner_group_in_org_with_no_repositories_sends_an_empty_list()
 {
    let server = serve(Reply::empty(204)).await;

    let () = client(&server)
        .runner_groups()
        .set_repo_access_to_self_hosted_runner_group_in_org(ORG, GROUP_ID, Vec::<i64>::new())
        .send()
        .await
        .expect("204 is success");

    let req = only_request(&server);
    assert_request(
        &req,
        "PUT",
        &format!("/orgs/{ORG_SEGMENT}/actions/runner-groups/30433642456/repositories"),
    );
    assert_json_body(&req, &json!({ "selected_repository_ids": [] }));
}

#[tokio::test]
async fn list_self_hosted_runners_in_group_for_org_sends_paging_and_exposes_the_next_page() {
    let example = response_example("actions/list-self-hosted-runners-in-group-for-org", 200);
    let link_path = "/organizations/9919/actions/runner-groups/30433642456/runners";
    let server = serve_first_page(example.clone(), link_path).await;

    let page = client(&server)
        .runner_groups()
        .list_self_hosted_runners_in_group_for_org(ORG, GROUP_ID)
        .per_page(2)
        .page(1)
        .send()
        .await
        .expect("the runners of the group");

    let req = only_request(&server);
    assert_request(
        &req,
        "GET",
        &format!("/orgs/{ORG_SEGMENT}/actions/runner-groups/30433642456/runners"),
    );
    assert_query(&req, &[("per_page", "2"), ("page", "1")]);
    assert_no_body(&req);
    assert_runner_page(&page, &example);
    assert_links(&page, &server, link_path);
}

#[tokio::test]
async fn list_self_hosted_runners_in_group_for_org_streams_every_runner_across_the_next_link() {
    let example = response_example("actions/list-self-hosted-runners-in-group-for-org", 200);
    let link_path = "/organizations/9919/actions/runner-groups/30433642456/runners";
    let server = MockServer::start(move |req: &RecordedRequest| {
        if req.query_param("page").as_deref() == Some("2") {
            let mut last = example["runners"][0].clone();
            last["id"] = json!(RUNNER_ID);
            return Reply::json(200, json!({ "total_count": 3, "runners": [last] }));
        }
        let mut first = example.clone();
        first["total_count"] = json!(3);
        Reply::json(200, first).link(format!(
            "<{}{link_path}?per_page=2&page=2>; rel=\"next\"",
            req.server_url()
        ))
    })
    .await;

    let mut stream = client(&server)
        .runner_groups()
        .list_self_hosted_runners_in_group_for_org(ORG, GROUP_ID)
        .per_page(2)
        .stream();
    let mut ids = Vec::new();
    while let Some(runner) = stream.try_next().await.expect("every page decodes") {
        ids.push(runner.id);
    }

    assert_eq!(ids, [23, 24, RUNNER_ID]);
    let requests = server.requests();
    assert_eq!(requests.len(), 2, "{requests:#?}");
    assert_request(
        &requests[0],
        "GET",
        &format!("/orgs/{ORG_SEGMENT}/actions/runner-groups/30433642456/runners"),
    );
    assert_query(&requests[0], &[("per_page", "2")]);
    assert_request(&requests[1], "GET", link_path);
    assert_query(&requests[1], &[("per_page", "2"), ("page", "2")]);
}

#[tokio::test]
async fn set_self_hosted_runners_in_group_for_org_puts_the_runner_ids() {
    let server = serve(Reply::empty(204)).await;

    let () = client(&server)
        .runner_groups()
        .set_self_hosted_runners_in_group_for_org(ORG, GROUP_ID, vec![RUNNER_ID, 24])
        .send()
        .await
        .expect("204 is success");

    let req = only_request(&server);
    assert_request(
        &req,
        "PUT",
        &format!("/orgs/{ORG_SEGMENT}/actions/runner-groups/30433642456/runners"),
    );
    assert_query(&req, &[]);
    assert_json_body(&req, &json!({ "runners": [30_433_642_123_i64, 24] }));
}
