//! What documents written for other APIs use and GitHub's Actions spec does
//! not: OpenAPI 3.1 (`tests/fixtures/openapi31.yaml` and its 3.0 twin),
//! `$ref`s to nodes that are not components
//! (`tests/fixtures/references_into_nodes.yaml`) and numbers beyond 64 bits
//! (`tests/fixtures/huge_numbers.yaml`). The fixtures are compiled modules
//! (see `snapshots.rs`); here they are driven against the mock server, and
//! the generator is asked what it says about them.

use generator::{GenerateError, Target, generate_str};
use gh_actions_tests::mock::{MockServer, Reply};
use gh_actions_tests::{Client, Error, fixtures};
use serde_json::json;
use std::path::Path;

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.url())
        .build()
        .unwrap_or_else(|e| panic!("client: {e}"))
}

fn ok<T>(result: Result<T, Error>) -> T {
    result.unwrap_or_else(|e| panic!("{e}"))
}

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("fixtures/{name}.yaml"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The notes `load` makes on a document, as text.
fn notes(name: &str, text: &str) -> Vec<String> {
    let loaded =
        generator::load::read_str(name, text).unwrap_or_else(|problems| panic!("{problems:#?}"));
    loaded.notes.iter().map(ToString::to_string).collect()
}

/// The problems of a document that fails to generate, as text.
fn problems(text: &str) -> Vec<String> {
    match generate_str("t.yaml", text, &Target::module("crate::x")) {
        Ok(_) => panic!("generated without a problem"),
        Err(GenerateError::Spec(problems)) => problems.0.iter().map(ToString::to_string).collect(),
        Err(other) => panic!("{other}"),
    }
}

mod openapi31 {
    use super::*;
    use fixtures::openapi31::pets::Pets;
    use fixtures::openapi31::types::{AdoptedStatus, Kind, Pet, PetAge, PetNickname};

    #[test]
    fn a_3_1_document_generates_the_client_its_3_0_twin_does() {
        let target = Target::module("crate::fixtures::twins");
        let generate = |name: &str| {
            generate_str(name, &fixture(name), &target)
                .unwrap_or_else(|e| panic!("{name}: {e}"))
                .files
        };
        let (v31, v30) = (generate("openapi31"), generate("openapi31_twin"));
        assert_eq!(
            v31.keys().collect::<Vec<_>>(),
            v30.keys().collect::<Vec<_>>()
        );
        for (file, text) in &v31 {
            assert!(
                *text == v30[file],
                "{file} differs between the 3.1 document and its 3.0 twin"
            );
        }
    }

    #[test]
    fn the_version_and_the_webhooks_left_out_are_notes_where_they_are_written() {
        let notes = notes("openapi31.yaml", &fixture("openapi31"));
        assert_eq!(notes.len(), 2, "{notes:#?}");
        assert!(
            notes[0].contains("OpenAPI 3.1.0 is read as 3.0.3")
                && notes[0].ends_with("(at #/openapi)"),
            "{notes:#?}"
        );
        assert!(
            notes[1].contains("1 webhook(s) left out") && notes[1].ends_with("(at #/webhooks)"),
            "{notes:#?}"
        );
    }

    #[test]
    fn type_lists_null_members_and_const_decode_as_their_3_0_forms() {
        let wire = json!({
            "id": 1, "name": "Rex", "kind": "dog", "tag": null, "owner": null,
            "age": "three", "nickname": 7, "status": "adopted", "weight": 4.5,
            "extra": {"any": ["thing"]},
        });
        let pet: Pet = serde_json::from_value(wire).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(pet.kind, Kind::Dog);
        assert_eq!((pet.tag, pet.owner), (None, None));
        assert_eq!(pet.age, Some(PetAge::String("three".into())));
        assert_eq!(pet.nickname, Some(PetNickname::Integer(7)));
        assert_eq!(pet.status, Some(AdoptedStatus::Adopted));
        assert_eq!(pet.extra, Some(json!({"any": ["thing"]})));
        let owned: Pet = serde_json::from_value(json!({
            "id": 2, "name": "Tom", "kind": "cat", "owner": {"name": "Ann"}, "nickname": null,
        }))
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(owned.owner.map(|o| o.name).as_deref(), Some("Ann"));
        assert_eq!(owned.nickname, None);
    }

    #[tokio::test]
    async fn a_nullable_body_field_sends_null_and_binary_content_sends_bytes() {
        let server = MockServer::start(|req| match req.method.as_str() {
            "POST" => Reply::json(
                201,
                json!({"id": 3, "name": "Rex", "kind": "dog", "owner": null}),
            ),
            "GET" => Reply::json(200, json!([])),
            _ => Reply::empty(204),
        })
        .await;
        let pets = Pets::new(client(&server));
        let pet = ok(pets.create("Rex").tag(None).send().await);
        assert_eq!(pet.id, 3);
        ok(pets.upload_photo(3, vec![0_u8, 255]).send().await);
        ok(pets.list().limit(10).kind(Kind::Cat).send().await);
        let requests = server.requests();
        assert_eq!(
            serde_json::from_slice::<serde_json::Value>(&requests[0].body).ok(),
            Some(json!({"name": "Rex", "tag": null}))
        );
        assert_eq!(
            requests[1].header("content-type"),
            Some("application/octet-stream")
        );
        assert_eq!(requests[1].body, [0, 255]);
        assert_eq!(requests[2].query(), Some("limit=10&kind=cat"));
    }

    #[test]
    fn what_3_0_cannot_say_is_a_note_at_its_place_and_the_nearest_reading_is_generated() {
        let doc = r##"
openapi: 3.1.1
info: {title: t, version: "1"}
paths:
  /points:
    get:
      operationId: points/get
      responses:
        "200":
          description: A point and its labels.
          content:
            application/json:
              schema:
                type: object
                properties:
                  point: {type: array, prefixItems: [{type: number}, {type: number}], items: false}
                  labels: {type: object, patternProperties: {"^l-": {type: string}}}
"##;
        let notes = notes("t.yaml", doc);
        assert!(
            notes.iter().any(|n| n.contains("tuples (`prefixItems`)")
                && n.ends_with("(at #/paths/~1points/get/responses/200/content/application~1json/schema/properties/point/prefixItems)")),
            "{notes:#?}"
        );
        let generated = generate_str("t.yaml", doc, &Target::module("crate::x"))
            .unwrap_or_else(|e| panic!("{e}"));
        // Without spaces, whatever lines the formatter breaks.
        let all: String = generated
            .files
            .values()
            .flat_map(|text| text.chars())
            .filter(|c| !c.is_whitespace())
            .collect();
        assert!(
            all.contains("pubpoint:::std::vec::Vec<::serde_json::Value>"),
            "{all}"
        );
        assert!(
            all.contains(
                "::std::collections::BTreeMap<::std::string::String,::std::string::String>"
            ),
            "{all}"
        );
    }
}

mod references_into_nodes {
    use super::*;
    use fixtures::references_into_nodes::tags::Tags;
    use fixtures::references_into_nodes::types::{Label, State, Tag, TagAllOf1};

    #[test]
    fn a_node_referenced_from_elsewhere_is_one_type_that_its_owner_uses_too() {
        let tag: Tag = serde_json::from_value(
            json!({"id": 5, "name": "bug", "color": "ff0000", "state": "archived"}),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(tag.state, Some(State::Archived));
        // The `allOf` member `tag/allOf/0` is `TagAllOf1`, the label's `tag`.
        let label: Label =
            serde_json::from_value(json!({"tag": {"id": 5, "name": "bug"}, "color": "00ff00"}))
                .unwrap_or_else(|e| panic!("{e}"));
        let base: TagAllOf1 = label.tag;
        assert_eq!((base.id, base.name.as_str()), (tag.id, tag.name.as_str()));
        assert_eq!(label.color.as_deref(), Some("00ff00"));
    }

    #[tokio::test]
    async fn parameters_bodies_and_answers_through_moved_nodes() {
        let found = json!({"tag": {"id": 5, "name": "bug"}, "found_at": "2026-01-02T03:04:05Z"});
        let server = MockServer::start(move |req| match req.path() {
            "/tags" => Reply::json(200, json!([{"id": 5, "name": "bug"}])),
            "/labels" => Reply::json(200, json!([])),
            _ => Reply::json(200, found.clone()),
        })
        .await;
        let tags = Tags::new(client(&server));
        assert_eq!(ok(tags.list().state(State::Open).send().await)[0].id, 5);
        assert_eq!(ok(tags.get(5).send().await).tag.name, "bug");
        assert_eq!(ok(tags.replace(5, 5, "bug").send().await).tag.id, 5);
        assert!(ok(tags.list_labels().send().await).is_empty());
        let requests = server.requests();
        assert_eq!(requests[0].query(), Some("state=open"));
        assert_eq!(requests[1].path(), "/tags/5");
        assert_eq!(
            serde_json::from_slice::<serde_json::Value>(&requests[2].body).ok(),
            Some(json!({"id": 5, "name": "bug"}))
        );
    }

    #[test]
    fn a_reference_that_points_at_nothing_or_at_another_kind_still_says_so() {
        let found = problems(
            r##"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /a:
    get:
      operationId: a/get
      parameters:
      - {name: p, in: query, schema: {$ref: '#/components/schemas/tag/allOf/3'}}
      - {name: q, in: query, schema: {$ref: '#/components/parameters/state'}}
      responses: {"204": {description: done}}
components:
  parameters:
    state: {name: state, in: query, schema: {type: string}}
  schemas:
    tag: {allOf: [{type: object}]}
"##,
        );
        assert!(
            found.iter().any(|p| p
                .contains("`$ref: #/components/schemas/tag/allOf/3` points at nothing")
                && p.ends_with("(at #/paths/~1a/get/parameters/0/schema/$ref)")),
            "{found:#?}"
        );
        assert!(
            found.iter().any(|p| p.contains("`$ref: #/components/parameters/state` is not supported: it must point into `#/components/schemas/`")),
            "{found:#?}"
        );
    }

    #[test]
    fn a_problem_inside_a_moved_node_is_reported_where_the_document_writes_it() {
        let found = problems(
            r##"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /a:
    get:
      operationId: a/get
      responses:
        "200":
          description: a b
          content: {application/json: {schema: {$ref: '#/components/schemas/a/properties/b'}}}
components:
  schemas:
    a:
      type: object
      properties:
        b: {type: object, properties: {c: {type: file}}}
"##,
        );
        assert_eq!(
            found,
            [
                "error: schema type `file` is not supported (at #/components/schemas/a/properties/b/properties/c/type; used by a/get)"
            ]
        );
    }
}

mod huge_numbers {
    use super::*;
    use fixtures::huge_numbers::seeds::Seeds;

    #[test]
    fn each_number_beyond_64_bits_is_read_and_the_inexact_ones_are_noted_where_they_are() {
        let notes = notes("huge_numbers.yaml", &fixture("huge_numbers"));
        let at: Vec<&str> = notes
            .iter()
            .filter_map(|n| n.rsplit("(at ").next())
            .collect();
        assert_eq!(
            at,
            [
                "#/components/schemas/seed/example/code)",
                "#/components/schemas/seed/properties/label/maxLength)",
                "#/components/schemas/seed/properties/weight/maximum)",
            ],
            "{notes:#?}"
        );
    }

    #[test]
    fn a_json_document_with_a_number_past_any_float_is_read() {
        let doc = r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {"/a": {"get": {
            "operationId": "a/get",
            "parameters": [{"name": "n", "in": "query",
                "schema": {"type": "integer", "minimum": -1e30, "maximum": 1e400}}],
            "responses": {"204": {"description": "done"}}}}}}"#;
        let generated = generate_str("t.json", doc, &Target::module("crate::x"))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(generated.operations, 1);
        let notes = notes("t.json", doc);
        assert!(
            notes
                .iter()
                .any(|n| n.contains("`maximum: 1e400` is beyond any floating point number")),
            "{notes:#?}"
        );
    }

    #[tokio::test]
    async fn an_integer_with_bounds_beyond_64_bits_is_still_an_i64() {
        let server = MockServer::start(|_| Reply::json(200, json!([{"value": 7}]))).await;
        let seeds = ok(Seeds::new(client(&server)).list().at_least(-5).send().await);
        assert_eq!(seeds[0].value, 7);
        assert_eq!(server.requests()[0].query(), Some("at_least=-5"));
    }
}

/// Notes are not problems: a document with only notes generates.
#[test]
fn notes_do_not_keep_anything_from_being_generated() {
    for name in ["openapi31", "huge_numbers"] {
        let generated = generate_str(name, &fixture(name), &Target::module("crate::x"))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(generated.operations > 0);
    }
}
