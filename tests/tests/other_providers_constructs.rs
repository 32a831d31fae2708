//! Constructs GitHub's Actions description does not use but other
//! providers' documents do, each a fixture module (`tests/fixtures/*.yaml`)
//! driven against the mock server: `HEAD` and `OPTIONS` operations, object
//! and array query parameters in every query style, `multipart/form-data`
//! bodies, list header parameters, an `enum` without a `type`, and schemas
//! with keywords that only narrow (`not`, an `anyOf` of `required` lists).
//! Each test checks the request exactly as it was sent.

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

mod multipart {
    use super::*;
    use fixtures::multipart::types::{CreateRequestKind, CreateRequestMetadata};
    use fixtures::multipart::uploads::Uploads;
    use gh_actions_runtime::FilePart;

    const BOUNDARY: &str = "gh-actions-boundary-0000000000000000";

    /// One part as it is framed on the wire.
    fn part(head: &str, body: &[u8]) -> Vec<u8> {
        let mut out = format!("--{BOUNDARY}\r\n{head}\r\n\r\n").into_bytes();
        out.extend_from_slice(body);
        out.extend_from_slice(b"\r\n");
        out
    }

    #[tokio::test]
    async fn files_text_and_json_parts_are_sent_as_multipart_form_data() {
        let server = MockServer::start(|_| Reply::json(201, serde_json::json!({"id": 7}))).await;
        let uploads = Uploads::new(client(&server));
        let png =
            FilePart::new("chart \"q1\".png", &b"\x89PNG\r\n\x00"[..]).content_type("image/png");
        let created = ok(uploads
            .create("q 1", png, "Sales, Q1")
            .pages(12)
            .public(true)
            .kind(CreateRequestKind::Report)
            .metadata(CreateRequestMetadata {
                author: Some("Ann".into()),
                year: Some(2026),
            })
            .tags(["a", "b"])
            .thumbnail(FilePart::new("t.bin", &b"tiny"[..]))
            .send()
            .await);
        assert_eq!(created.id, Some(7));

        let requests = server.requests();
        let sent = &requests[0];
        assert_eq!(sent.method, "POST");
        assert_eq!(sent.target, "/uploads/q%201");
        assert_eq!(
            sent.header("content-type"),
            Some(format!("multipart/form-data; boundary={BOUNDARY}").as_str())
        );
        let expected = [
            part(
                "Content-Disposition: form-data; name=\"file\"; filename=\"chart %22q1%22.png\"\r\nContent-Type: image/png",
                b"\x89PNG\r\n\x00",
            ),
            part("Content-Disposition: form-data; name=\"kind\"", b"report"),
            part(
                "Content-Disposition: form-data; name=\"metadata\"\r\nContent-Type: application/json",
                br#"{"author":"Ann","year":2026}"#,
            ),
            part("Content-Disposition: form-data; name=\"pages\"", b"12"),
            part("Content-Disposition: form-data; name=\"public\"", b"true"),
            part(
                "Content-Disposition: form-data; name=\"tags\"\r\nContent-Type: application/json",
                br#"["a","b"]"#,
            ),
            part(
                "Content-Disposition: form-data; name=\"thumbnail\"; filename=\"t.bin\"\r\nContent-Type: application/octet-stream",
                b"tiny",
            ),
            part("Content-Disposition: form-data; name=\"title\"", b"Sales, Q1"),
            format!("--{BOUNDARY}--\r\n").into_bytes(),
        ]
        .concat();
        assert_eq!(
            sent.body,
            expected,
            "{}",
            String::from_utf8_lossy(&sent.body)
        );
    }

    #[tokio::test]
    async fn a_file_holding_the_boundary_gets_another_one() {
        let server = MockServer::start(|_| Reply::json(201, serde_json::json!({}))).await;
        let trap = format!("--{BOUNDARY}--\r\n");
        ok(Uploads::new(client(&server))
            .create("f", FilePart::new("trap.txt", trap.clone()), "t")
            .send()
            .await);
        let sent = &server.requests()[0];
        let other = "gh-actions-boundary-0000000000000001";
        assert_eq!(
            sent.header("content-type"),
            Some(format!("multipart/form-data; boundary={other}").as_str())
        );
        let body = String::from_utf8_lossy(&sent.body);
        assert!(
            body.contains(&trap) && body.ends_with(&format!("--{other}--\r\n")),
            "{body}"
        );
    }
}

/// Keywords that only narrow what a schema allows (`not`, an `anyOf` of
/// `required` lists), an `enum` without a `type`, a nullable map in the
/// query (OpenAPI 3.1's `anyOf` with `type: 'null'`) and a list in a header.
mod narrowing_and_inferred_types {
    use super::*;
    use fixtures::narrowing_and_inferred_types::images::Images;
    use fixtures::narrowing_and_inferred_types::types::{
        ImageRef, ListSuspendedBy, ListXBetaItem, Metadata,
    };
    use serde_json::json;

    #[tokio::test]
    async fn a_map_an_untyped_enum_and_a_header_list_are_sent_as_their_styles_say() {
        let answer = json!([
            {"image_url": "https://example.com/a.png", "detail": 3},
            {"file_id": "file-abc123", "detail": {"any": "thing"}}
        ]);
        let server = MockServer::start(move |_| Reply::json(200, answer.clone())).await;
        let images = Images::new(client(&server));
        let metadata = Metadata::from([
            ("team".to_owned(), "a b".to_owned()),
            ("env".to_owned(), "prod&x".to_owned()),
        ]);
        let listed = ok(images
            .list()
            .metadata(metadata)
            .suspended_by(ListSuspendedBy::Rules)
            .x_beta([ListXBetaItem::MultiAgentV1, ListXBetaItem::ToolsV2])
            .send()
            .await);
        // `not: {type: string}` is any other JSON value, kept as it came.
        assert_eq!(
            listed[0].image_url.as_deref(),
            Some("https://example.com/a.png")
        );
        assert_eq!(listed[0].detail, Some(json!(3)));
        assert_eq!(listed[1].file_id.as_deref(), Some("file-abc123"));
        assert_eq!(listed[1].detail, Some(json!({"any": "thing"})));
        // Nothing set: no query and no header.
        ok(images.list().send().await);

        let requests = server.requests();
        assert_eq!(
            requests[0].target,
            "/images?env=prod%26x&team=a%20b&suspended_by=rules"
        );
        assert_eq!(
            requests[0].header("x-beta"),
            Some("multi_agent=v1,tools=v2")
        );
        assert_eq!(requests[1].target, "/images");
        assert_eq!(requests[1].header("x-beta"), None);
    }

    #[tokio::test]
    async fn a_header_list_value_with_a_comma_is_refused_before_sending() {
        let server = MockServer::start(|_| Reply::json(200, json!([]))).await;
        let err = Images::new(client(&server))
            .list()
            .x_beta([ListXBetaItem::Unknown("a,b".into())])
            .send()
            .await
            .err()
            .unwrap_or_else(|| panic!("a comma inside a list item was sent"));
        assert!(
            matches!(err, Error::InvalidHeaderParameter { name: "x-beta", .. }),
            "{err:?}"
        );
        assert!(server.requests().is_empty());
    }

    #[tokio::test]
    async fn a_schema_with_narrowing_keywords_keeps_its_fields() {
        let server =
            MockServer::start(|_| Reply::json(201, json!({"file_id": "file-abc123"}))).await;
        let created: ImageRef = ok(Images::new(client(&server))
            .create()
            .file_id("file-abc123")
            .send()
            .await);
        assert_eq!(created.file_id.as_deref(), Some("file-abc123"));
        assert_eq!(created.image_url, None);
        let requests = server.requests();
        assert_eq!(requests[0].body, br#"{"file_id":"file-abc123"}"#);
    }
}
