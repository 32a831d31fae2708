//! The fixture modules of the OpenAPI constructs GitHub's Actions spec does
//! not use but other documents do (`tests/fixtures/*.yaml`): a document
//! without the GitHub keys, `allOf`, recursive schemas, query lists and
//! header parameters, `default` answers, and bodies that are not JSON.
//! Each is driven through the runtime against the mock server, or decoded.

use gh_actions_tests::mock::{MockServer, Reply};
use gh_actions_tests::{Client, Error, fixtures};
use serde_json::json;

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.url())
        .build()
        .unwrap_or_else(|e| panic!("client: {e}"))
}

fn ok<T>(result: Result<T, Error>) -> T {
    result.unwrap_or_else(|e| panic!("{e}"))
}

mod foreign_document {
    use super::*;
    use fixtures::foreign_document::default::DefaultOperations;
    use fixtures::foreign_document::pulls::Pulls;

    #[tokio::test]
    async fn operations_without_ids_tags_or_products_are_generated() {
        let server = MockServer::start(|req| match req.path() {
            "/pets" | "/pulls" => Reply::json(200, json!([{"name": "Rex"}])),
            _ => Reply::empty(204),
        })
        .await;
        let untagged = DefaultOperations::new(client(&server));
        // No operationId: named from the method and path.
        let pets = ok(untagged.get_pets().send().await);
        assert_eq!(pets[0].name, "Rex");
        // `new` makes the handler, so `pets/new` takes its whole id.
        ok(untagged.pets_new().send().await);

        // `pulls/list` and `pull-request-stacks/list` share a short id and an area.
        let pulls = Pulls::new(client(&server));
        assert_eq!(ok(pulls.list().send().await)[0].name, "Rex");
        ok(pulls.pull_request_stacks_list().send().await);

        let sent: Vec<(String, String)> = server
            .requests()
            .iter()
            .map(|r| (r.method.clone(), r.path().to_owned()))
            .collect();
        let expected = [
            ("GET", "/pets"),
            ("POST", "/new"),
            ("GET", "/pulls"),
            ("GET", "/stacks"),
        ];
        assert_eq!(
            sent,
            expected.map(|(m, p)| (m.to_owned(), p.to_owned())),
            "each method sends its own operation"
        );
    }
}

mod all_of {
    use super::*;
    use fixtures::all_of::pets::Pets;
    use fixtures::all_of::types::{Loose, OwnedPet};

    #[test]
    fn members_are_merged_with_their_required_fields() {
        let pet: OwnedPet = serde_json::from_value(json!({
            "name": "Rex", "tag": "dog", "owner": null, "age": 3, "vaccinated": true
        }))
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            pet,
            OwnedPet {
                name: "Rex".into(),
                tag: "dog".into(),
                owner: None,
                age: Some(3),
                vaccinated: Some(true),
            }
        );
        // `tag` is optional in `named` but the second member requires it.
        let missing = serde_json::from_value::<OwnedPet>(json!({"name": "Rex", "owner": "ann"}));
        assert!(
            missing.is_err_and(|e| e.to_string().contains("missing field `tag`")),
            "a field another member requires is required"
        );
    }

    #[test]
    fn a_required_name_without_a_property_is_a_required_json_value() {
        let loose: Loose = serde_json::from_value(json!({"name": "x", "extra": {"any": [1]}}))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(loose.extra, json!({"any": [1]}));
        let missing = serde_json::from_value::<Loose>(json!({"name": "x"}));
        assert!(missing.is_err_and(|e| e.to_string().contains("missing field `extra`")));
    }

    #[tokio::test]
    async fn a_merged_request_body_sends_every_members_fields() {
        let server = MockServer::with_replies([
            Reply::json(200, json!({"name": "Rex"})),
            Reply::json_text(200, "null"),
        ])
        .await;
        let pets = Pets::new(client(&server));
        let answer = ok(pets.update(7, "Rex").note("good dog").send().await);
        assert_eq!(answer.map(|a| a.name).as_deref(), Some("Rex"));
        // The answer's schema allows `null` (`allOf` with a nullable member).
        assert_eq!(ok(pets.update(7, "Rex").send().await), None);
        let request = &server.requests()[0];
        assert_eq!(
            (request.method.as_str(), request.path()),
            ("PATCH", "/pets/7")
        );
        assert_eq!(
            request.body_json().unwrap_or_else(|e| panic!("{e}")),
            json!({"name": "Rex", "note": "good dog"})
        );
    }
}

mod recursive {
    use super::*;
    use fixtures::recursive::nodes::Nodes;
    use fixtures::recursive::types::{Left, Link, LoopA, Node, Right, Tree};

    fn node(name: &str) -> Node {
        Node {
            name: name.into(),
            parent: None,
            children: Vec::new(),
            by_name: None,
            next: None,
            alias: None,
        }
    }

    #[test]
    fn a_self_referential_struct_decodes_a_nested_value() {
        let wire = json!({
            "name": "leaf",
            "parent": {"name": "branch", "parent": {"name": "root"}},
            "children": [{"name": "a", "children": [{"name": "a1"}]}],
            "by_name": {"b": {"name": "b", "next": "c"}},
            "next": {"name": "sibling", "next": {"name": "cousin"}},
            "alias": {"name": "same"}
        });
        let leaf: Node = serde_json::from_value(wire.clone()).unwrap_or_else(|e| panic!("{e}"));
        let root = leaf
            .parent
            .as_ref()
            .and_then(|p| p.parent.as_ref())
            .map(|r| r.name.as_str());
        assert_eq!(root, Some("root"));
        assert_eq!(leaf.children[0].children[0].name, "a1");
        let b = &leaf.by_name.as_ref().map(|m| &m["b"]);
        assert_eq!(
            b.and_then(|b| b.next.as_deref()),
            Some(&Link::String("c".into()))
        );
        match leaf.next.as_deref() {
            Some(Link::Node(sibling)) => {
                assert_eq!(sibling.name, "sibling");
                assert_eq!(
                    sibling.next.as_deref(),
                    Some(&Link::from(node("cousin"))),
                    "a boxed alternative converts from the unboxed value"
                );
            }
            other => panic!("expected a node, got {other:?}"),
        }
        assert_eq!(leaf.alias.as_deref().map(|a| a.name.as_str()), Some("same"));
        // And back to the same JSON.
        let mut back = serde_json::to_value(&leaf).unwrap_or_else(|e| panic!("{e}"));
        // Absent optional arrays are written back as `[]`.
        for path in [
            "/parent",
            "/parent/parent",
            "/by_name/b",
            "/next",
            "/next/next",
            "/alias",
        ] {
            if let Some(serde_json::Value::Object(map)) = back.pointer_mut(path) {
                map.remove("children");
            }
        }
        if let Some(serde_json::Value::Object(map)) = back.pointer_mut("/children/0/children/0") {
            map.remove("children");
        }
        assert_eq!(back, wire);
    }

    #[test]
    fn mutually_recursive_structs_and_an_alias_cycle_decode() {
        let left: Left =
            serde_json::from_value(json!({"id": 1, "right": {"left": {"id": 2, "right": {}}}}))
                .unwrap_or_else(|e| panic!("{e}"));
        let inner = left.right.as_ref().and_then(|r| r.left.as_ref());
        assert_eq!(inner.map(|l| l.id), Some(2));
        assert_eq!(
            inner.and_then(|l| l.right.as_deref()),
            Some(&Right { left: None })
        );
        // `tree` is a list of trees: an alias that refers to itself is a newtype.
        let tree: Tree =
            serde_json::from_value(json!([[[]], []])).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(tree.0.len(), 2);
        assert_eq!(tree.0[0].0[0], Tree(Vec::new()));
        assert!(serde_json::from_value::<Tree>(json!([[1]])).is_err());
        // Two schemas that are only references to each other constrain nothing.
        let anything: LoopA = json!({"x": [1, "two"]});
        assert!(anything.is_object());
    }

    #[tokio::test]
    async fn a_recursive_answer_decodes_over_http() {
        let server = MockServer::start(|_| {
            Reply::json(
                200,
                json!({"name": "n", "children": [{"name": "c", "parent": {"name": "n"}}]}),
            )
        })
        .await;
        let answer = ok(Nodes::new(client(&server)).get("n").send().await);
        assert_eq!(
            answer.children[0]
                .parent
                .as_deref()
                .map(|p| p.name.as_str()),
            Some("n")
        );
    }
}

mod parameters {
    use super::*;
    use fixtures::query_and_header_parameters::search::Search;

    #[tokio::test]
    async fn lists_are_written_form_style_and_headers_are_sent() {
        let server = MockServer::start(|_| Reply::json(200, json!({"hits": 2}))).await;
        let search = Search::new(client(&server));
        let hits = ok(search
            .find(["bug", "a b,c"], "tag-1")
            .ids([1, 2, 3])
            .state(["open", "closed"])
            .has(["patch"])
            .x_page_hint(5)
            .send()
            .await);
        assert_eq!(hits.hits, Some(2));
        ok(search.find(Vec::<String>::new(), "tag-2").send().await);
        let requests = server.requests();
        // Exploded (the default): a pair per value; `explode: false`: one
        // value, commas between items and encoded inside them.
        assert_eq!(
            requests[0].query(),
            Some("label=bug&label=a%20b%2Cc&ids=1,2,3&state=open&state=closed&has=patch")
        );
        assert_eq!(requests[0].header("x-request-tag"), Some("tag-1"));
        assert_eq!(requests[0].header("x-page-hint"), Some("5"));
        // The client's own `Accept`, not a parameter.
        assert_eq!(
            requests[0].header("accept"),
            Some("application/vnd.github+json")
        );
        // An empty list and unset options add nothing.
        assert_eq!(requests[1].query(), None);
        assert!(!requests[1].has_header("x-page-hint"));
    }

    #[tokio::test]
    async fn a_header_value_with_a_line_break_is_refused_before_sending() {
        let server = MockServer::start(|_| Reply::json(200, json!({}))).await;
        let err = Search::new(client(&server))
            .find(["x"], "evil\r\nX-Injected: 1")
            .send()
            .await
            .err()
            .unwrap_or_else(|| panic!("a header with CR/LF was sent"));
        assert!(
            matches!(
                err,
                Error::InvalidHeaderParameter {
                    name: "X-Request-Tag",
                    ..
                }
            ),
            "{err:?}"
        );
        assert!(!err.to_string().contains("evil"), "{err}");
        assert_eq!(err.attempts(), 0);
        assert_eq!(server.request_count(), 0);
    }
}

mod default_responses {
    use super::*;
    use fixtures::default_responses::items::Items;

    #[tokio::test]
    async fn a_lone_default_is_the_success_at_any_2xx_status() {
        let server = MockServer::with_replies([
            Reply::json(200, json!({"ok": true})),
            Reply::json(203, json!({"ok": false})),
            Reply::json(500, json!({"message": "down"})),
        ])
        .await;
        let items = Items::new(client(&server));
        assert!(ok(items.ping().send().await).ok);
        assert!(!ok(items.ping().send().await).ok);
        let err = items.ping().send().await.err();
        assert_eq!(err.and_then(|e| e.status()), Some(500));
    }

    #[tokio::test]
    async fn a_default_beside_a_success_describes_the_errors() {
        let server = MockServer::with_replies([
            Reply::json(201, json!({"id": 9})),
            Reply::json(422, json!({"message": "name taken"})),
        ])
        .await;
        let items = Items::new(client(&server));
        assert_eq!(ok(items.create().send().await).id, 9);
        match items.create().send().await {
            Err(Error::Api(api)) => {
                assert_eq!(api.status, 422);
                assert_eq!(api.message, "name taken");
            }
            other => panic!("expected the API error, got {other:?}"),
        }
    }
}

mod bodies {
    use super::*;
    use fixtures::non_json_bodies::files::Files;

    #[tokio::test]
    async fn text_goes_and_comes_back_as_text() {
        let server =
            MockServer::start(|req| Reply::text(200, format!("echo: {}", req.body_text()))).await;
        let answer = ok(Files::new(client(&server))
            .echo_note("héllo\n")
            .send()
            .await);
        assert_eq!(answer, "echo: héllo\n");
        let request = &server.requests()[0];
        assert_eq!(request.header("content-type"), Some("text/plain"));
        assert_eq!(request.body, "héllo\n".as_bytes());
    }

    #[tokio::test]
    async fn bytes_go_and_come_back_as_bytes() {
        let blob: Vec<u8> = (0..=255).collect();
        let answer = blob.clone();
        let server = MockServer::start(move |req| match req.method.as_str() {
            "GET" => Reply::bytes(200, answer.clone()),
            _ => Reply::empty(204),
        })
        .await;
        let files = Files::new(client(&server));
        ok(files.put_blob("a.bin", blob.clone()).send().await);
        let back = ok(files.get_blob("a.bin").send().await);
        assert_eq!(back.as_ref(), blob.as_slice());
        let put = &server.requests()[0];
        assert_eq!(put.header("content-type"), Some("application/octet-stream"));
        assert_eq!(put.body, blob);
    }

    #[tokio::test]
    async fn a_form_body_is_url_encoded_from_its_fields() {
        let server = MockServer::start(|_| Reply::json(200, json!({"token": "t"}))).await;
        let answer = ok(Files::new(client(&server))
            .login("octo cat")
            .remember(true)
            .scopes(["repo", "read:org"])
            .send()
            .await);
        assert_eq!(answer.token.as_deref(), Some("t"));
        let request = &server.requests()[0];
        assert_eq!(
            request.header("content-type"),
            Some("application/x-www-form-urlencoded")
        );
        assert_eq!(
            request.body_text(),
            "remember=true&scopes=repo&scopes=read%3Aorg&user=octo+cat"
        );
    }
}
