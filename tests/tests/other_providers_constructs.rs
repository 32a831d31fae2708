//! Constructs GitHub's Actions description does not use but other
//! providers' documents do, each a fixture module (`tests/fixtures/*.yaml`)
//! driven against the mock server: `HEAD` and `OPTIONS` operations, object
//! and array query parameters in every query style, and `multipart/form-data`
//! bodies. Each test checks the request exactly as it was sent.

use gh_actions_tests::mock::{MockServer, Reply};
use gh_actions_tests::{Client, Error, fixtures};

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.url())
        .build()
        .unwrap_or_else(|e| panic!("client: {e}"))
}

fn ok<T>(result: Result<T, Error>) -> T {
    result.unwrap_or_else(|e| panic!("{e}"))
}

mod head_and_options {
    use super::*;
    use fixtures::head_and_options::files::Files;

    #[tokio::test]
    async fn a_head_answer_is_its_status_and_headers() {
        let server = MockServer::start(|req| match req.method.as_str() {
            "HEAD" => Reply::empty(200)
                .header("x-file-size", "1234")
                .header("etag", "\"v7\""),
            _ => Reply::empty(204).header("allow", "GET, HEAD, OPTIONS"),
        })
        .await;
        let files = Files::new(client(&server));
        // `send` gives `()`; `send_with_meta` the headers that are the answer.
        ok(files.check("a b.txt").send().await);
        let answer = ok(files.check("report.csv").version(3).send_with_meta().await);
        assert_eq!(answer.meta.status(), 200);
        assert_eq!(answer.meta.header("x-file-size"), Some("1234"));
        assert_eq!(answer.meta.header("etag"), Some("\"v7\""));

        let allowed = ok(files.allowed_methods("report.csv").send_with_meta().await);
        assert_eq!(allowed.meta.status(), 204);
        assert_eq!(allowed.meta.header("allow"), Some("GET, HEAD, OPTIONS"));

        let sent: Vec<(String, String)> = server
            .requests()
            .iter()
            .map(|r| (r.method.clone(), r.target.clone()))
            .collect();
        let expected = [
            ("HEAD", "/files/a%20b.txt"),
            ("HEAD", "/files/report.csv?version=3"),
            ("OPTIONS", "/files/report.csv"),
        ];
        assert_eq!(sent, expected.map(|(m, t)| (m.to_owned(), t.to_owned())));
        assert!(server.requests().iter().all(|r| r.body.is_empty()));
    }

    #[tokio::test]
    async fn a_documented_error_status_of_a_head_is_an_error_without_a_body() {
        let server = MockServer::start(|_| Reply::empty(404)).await;
        let err = Files::new(client(&server))
            .check("gone.txt")
            .send()
            .await
            .err()
            .unwrap_or_else(|| panic!("a 404 answer to a HEAD was a success"));
        assert_eq!(err.status(), Some(404), "{err:?}");
    }
}

mod object_queries {
    use super::*;
    use fixtures::object_queries::pets::Pets;
    use fixtures::object_queries::types::{Color, SearchFilter, SearchFilterAge};
    use std::collections::BTreeMap;

    fn color(r: i64, g: i64, b: i64) -> Color {
        Color {
            r: Some(r),
            g: Some(g),
            b: Some(b),
        }
    }

    /// The specification's style examples, with the struct's fields in the
    /// order it declares them (by wire name: `B`, `G`, `R`).
    #[tokio::test]
    async fn objects_and_lists_are_written_in_each_query_style() {
        let server = MockServer::start(|_| Reply::empty(204)).await;
        let pets = Pets::new(client(&server));
        ok(pets
            .search(color(100, 200, 150))
            .tint(color(1, 2, 3))
            .shade(color(4, 5, 6))
            .hue(Color {
                r: Some(7),
                g: None,
                b: Some(9),
            })
            .filter(SearchFilter {
                name: Some("Rex & co".into()),
                age: Some(SearchFilterAge {
                    min: Some(2),
                    max: None,
                }),
                tags: vec!["a b".into(), "c|d".into()],
            })
            .labels(BTreeMap::from([(
                "team[x]".to_owned(),
                "ops,dev".to_owned(),
            )]))
            .id([3, 4])
            .owner(["ann", "b|c"])
            .tag(["x", "y"])
            .send()
            .await);
        // Minimal: only the required object, exploded form style.
        ok(pets.search(color(1, 0, 0)).send().await);

        let targets: Vec<String> = server.requests().iter().map(|r| r.target.clone()).collect();
        let expected = [
            "B=150&G=200&R=100",
            "tint=B,3,G,2,R,1",
            "shade=B%206%20G%205%20R%204",
            "hue=B|9|R|7",
            "filter[age][min]=2&filter[name]=Rex%20%26%20co&filter[tags]=a%20b&filter[tags]=c%7Cd",
            "labels[team%5Bx%5D]=ops%2Cdev",
            "id=3%204",
            "owner=ann|b%7Cc",
            "tag=x&tag=y",
        ]
        .join("&");
        assert_eq!(
            targets,
            [format!("/pets?{expected}"), "/pets?B=0&G=0&R=1".to_owned()]
        );
        assert!(server.requests().iter().all(|r| r.method == "GET"));
    }
}
