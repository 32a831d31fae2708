//! Page-number and cursor lists: one page with its links, and a lazy stream
//! of every item that follows `Link: rel="next"` on the client's origin only.

use super::{OWNER, REPO, runs_page};
use futures_util::StreamExt;
use gh_actions::Error;
use gh_actions_tests::e2e_support::{assert_query, assert_request, client, response_example};
use gh_actions_tests::mock::{MockServer, RecordedRequest, Reply};
use serde_json::json;

/// Runs per page of the three-page list.
const PER_PAGE: i64 = 5;
/// Runs in the whole three-page list.
const TOTAL: usize = 12;
/// Where GitHub's `Link` URLs point for this repository.
const LINK_PATH: &str = "/repositories/1296269/actions/runs";

/// The ids on page `page` (1 to 3) of the three-page list: 5, 5 and 2 runs.
fn ids_on_page(page: usize) -> Vec<i64> {
    let first = (page - 1) * PER_PAGE as usize + 1;
    let last = (page * PER_PAGE as usize).min(TOTAL);
    (first..=last).map(|n| 30_433_642_000 + n as i64).collect()
}

/// Every id of the three-page list, in order.
fn all_ids() -> Vec<i64> {
    (1..=3).flat_map(ids_on_page).collect()
}

/// Answers the three-page list with GitHub's `Link` headers: absolute URLs
/// back to this server, as GitHub sends them.
fn three_pages(req: &RecordedRequest) -> Reply {
    let page: usize = req
        .query_param("page")
        .and_then(|p| p.parse().ok())
        .unwrap_or(1);
    if !(1..=3).contains(&page) {
        return Reply::json(404, json!({"message": "Not Found"}));
    }
    let base = format!("{}{LINK_PATH}?per_page={PER_PAGE}", req.server_url());
    let mut links = Vec::new();
    if page < 3 {
        links.push(format!("<{base}&page={}>; rel=\"next\"", page + 1));
        links.push(format!("<{base}&page=3>; rel=\"last\""));
    }
    if page > 1 {
        links.push(format!("<{base}&page={}>; rel=\"prev\"", page - 1));
        links.push(format!("<{base}&page=1>; rel=\"first\""));
    }
    let reply = Reply::json(200, runs_page(&ids_on_page(page), TOTAL));
    if links.is_empty() {
        reply
    } else {
        reply.link(links.join(", "))
    }
}

#[tokio::test]
async fn one_page_of_a_page_number_list_carries_its_items_total_and_links() {
    let server = MockServer::start(three_pages).await;
    let gh = client(&server);
    let page = gh
        .workflow_runs()
        .list_workflow_runs_for_repo(OWNER, REPO)
        .per_page(PER_PAGE)
        .send()
        .await
        .expect("first page");
    let ids: Vec<i64> = page.items.iter().map(|run| run.id.get()).collect();
    assert_eq!(ids, ids_on_page(1));
    assert_eq!(page.total_count, Some(TOTAL as i64));
    let base = format!("{}{LINK_PATH}?per_page={PER_PAGE}", server.url());
    assert_eq!(
        page.next.as_ref().map(|u| u.as_str()),
        Some(format!("{base}&page=2").as_str())
    );
    assert_eq!(
        page.last.as_ref().map(|u| u.as_str()),
        Some(format!("{base}&page=3").as_str())
    );
    assert!(page.prev.is_none() && page.first.is_none());
    assert!(page.has_next());
    let req = server.requests().remove(0);
    assert_request(&req, "GET", "/repos/octo-org/octo-repo/actions/runs");
    assert_query(&req, &[("per_page", "5")]);
}

#[tokio::test]
async fn streaming_a_page_number_list_yields_every_item_of_every_page_in_order() {
    let server = MockServer::start(three_pages).await;
    let gh = client(&server);
    let results: Vec<Result<gh_actions::types::WorkflowRun, Error>> = gh
        .workflow_runs()
        .list_workflow_runs_for_repo(OWNER, REPO)
        .per_page(PER_PAGE)
        .stream()
        .collect()
        .await;
    let ids: Vec<i64> = results
        .into_iter()
        .map(|r| r.expect("every item decodes").id.get())
        .collect();
    assert_eq!(ids, all_ids());

    let requests = server.requests();
    assert_eq!(requests.len(), 3, "one request per page: {requests:#?}");
    assert_request(
        &requests[0],
        "GET",
        "/repos/octo-org/octo-repo/actions/runs",
    );
    assert_query(&requests[0], &[("per_page", "5")]);
    for (req, page) in requests[1..].iter().zip(["2", "3"]) {
        // Followed links carry the same API headers and token.
        assert_request(req, "GET", LINK_PATH);
        assert_query(req, &[("per_page", "5"), ("page", page)]);
    }
}

#[tokio::test]
async fn taking_the_first_five_items_fetches_only_the_first_page() {
    let server = MockServer::start(three_pages).await;
    let gh = client(&server);
    let stream = gh
        .workflow_runs()
        .list_workflow_runs_for_repo(OWNER, REPO)
        .per_page(PER_PAGE)
        .stream();
    tokio::task::yield_now().await;
    assert_eq!(
        server.request_count(),
        0,
        "nothing is sent before the stream is polled"
    );
    let first: Vec<i64> = stream
        .take(5)
        .map(|r| r.expect("item").id.get())
        .collect()
        .await;
    assert_eq!(first, ids_on_page(1));
    assert_eq!(server.request_count(), 1, "only the first page was fetched");
}

/// The cursor GitHub puts in the first page's next link: base64, whose `+`,
/// `/` and `=` are percent-encoded in the link.
const CURSOR: &str = "Y3Vy+c29y/OjI=";
/// [`CURSOR`] as it appears in a query.
const ENCODED_CURSOR: &str = "Y3Vy%2Bc29y%2FOjI%3D";

/// Two pages of concurrency groups chained by an `after` cursor.
fn cursor_pages(req: &RecordedRequest) -> Reply {
    let groups = response_example("actions/list-concurrency-groups-for-repository", 200);
    match req.query_param("after").as_deref() {
        None => Reply::json(200, &groups).link(format!(
            "<{}/repos/octo-org/octo-repo/actions/concurrency_groups?per_page=2&after={ENCODED_CURSOR}>; rel=\"next\"",
            req.server_url()
        )),
        Some(CURSOR) => Reply::json(
            200,
            json!({
                "total_count": 3,
                "concurrency_groups": [{
                    "group_name": "release/v2 ✓",
                    "group_url": "https://api.github.com/repos/octo-org/octo-repo/actions/concurrency_groups/release%2Fv2%20%E2%9C%93",
                    "last_acquired_at": "2026-01-15T16:10:00Z"
                }]
            }),
        ),
        Some(_) => Reply::json(422, json!({"message": "Validation Failed"})),
    }
}

#[tokio::test]
async fn a_cursor_list_streams_every_item_following_the_after_cursor() {
    let server = MockServer::start(cursor_pages).await;
    let gh = client(&server);
    let names: Vec<String> = gh
        .concurrency_groups()
        .list_concurrency_groups_for_repository(OWNER, REPO)
        .per_page(2)
        .stream()
        .map(|r| r.expect("item").group_name)
        .collect()
        .await;
    assert_eq!(names, ["deploy-prod", "ci-build", "release/v2 ✓"]);
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_request(
        &requests[0],
        "GET",
        "/repos/octo-org/octo-repo/actions/concurrency_groups",
    );
    assert_query(&requests[0], &[("per_page", "2")]);
    assert_request(
        &requests[1],
        "GET",
        "/repos/octo-org/octo-repo/actions/concurrency_groups",
    );
    assert_query(&requests[1], &[("per_page", "2"), ("after", CURSOR)]);
    assert_eq!(
        requests[1].query(),
        Some(format!("per_page=2&after={ENCODED_CURSOR}").as_str())
    );
}

#[tokio::test]
async fn a_cursor_page_gives_its_next_cursor_for_the_after_parameter() {
    let server = MockServer::start(cursor_pages).await;
    let gh = client(&server);
    let first = gh
        .concurrency_groups()
        .list_concurrency_groups_for_repository(OWNER, REPO)
        .per_page(2)
        .send()
        .await
        .expect("first page");
    assert_eq!(first.items.len(), 2);
    assert_eq!(first.total_count, Some(2));
    let cursor = first.next_cursor().expect("a next cursor");
    assert_eq!(cursor, CURSOR);

    let second = gh
        .concurrency_groups()
        .list_concurrency_groups_for_repository(OWNER, REPO)
        .per_page(2)
        .after(cursor)
        .send()
        .await
        .expect("second page");
    assert_eq!(second.items.len(), 1);
    assert_eq!(second.items[0].group_name, "release/v2 ✓");
    assert_eq!(second.next_cursor(), None);
    assert!(!second.has_next());
    let req = server.last_request().expect("a request");
    assert_query(&req, &[("per_page", "2"), ("after", CURSOR)]);
    assert_eq!(
        req.query(),
        Some(format!("per_page=2&after={ENCODED_CURSOR}").as_str())
    );
}

#[tokio::test]
async fn a_next_link_to_another_origin_is_refused_and_never_contacted() {
    let elsewhere = MockServer::start(three_pages).await;
    let server = MockServer::start(|_| Reply::empty(500)).await;
    let port = server.addr().port();
    let foreign_targets = [
        // Another port on the same host.
        format!("{}{LINK_PATH}?page=2", elsewhere.url()),
        // The same server under another host name.
        format!("http://localhost:{port}{LINK_PATH}?page=2"),
        // The same host and port with another scheme.
        format!("https://127.0.0.1:{port}{LINK_PATH}?page=2"),
    ];
    for target in foreign_targets {
        let before = server.request_count();
        server.push_reply(
            Reply::json(200, runs_page(&ids_on_page(1), TOTAL))
                .link(format!("<{target}>; rel=\"next\"")),
        );
        let gh = client(&server);
        let results: Vec<Result<gh_actions::types::WorkflowRun, Error>> = gh
            .workflow_runs()
            .list_workflow_runs_for_repo(OWNER, REPO)
            .stream()
            .collect()
            .await;
        assert_eq!(results.len(), 6, "{target}: the first page, then one error");
        for (result, id) in results.iter().zip(ids_on_page(1)) {
            assert_eq!(result.as_ref().expect("first page item").id, id);
        }
        match &results[5] {
            Err(Error::ForeignLink { operation, url, .. }) => {
                assert_eq!(*operation, "actions/list-workflow-runs-for-repo");
                // The link as sent, without its query (errors never show one).
                let without_query = target.split('?').next().unwrap_or_default();
                assert_eq!(url, without_query);
            }
            other => panic!("{target}: expected a foreign-link error, got {other:?}"),
        }
        assert_eq!(
            server.request_count() - before,
            1,
            "{target}: only the first page was requested"
        );
    }
    assert_eq!(
        elsewhere.request_count(),
        0,
        "the other origin received nothing"
    );
}
