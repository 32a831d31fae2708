//! What the generator makes of small fixture specs, one feature each
//! (`tests/fixtures/*.yaml`), and its diagnostics for broken specs
//! (`tests/fixtures/broken/*.yaml`).
//!
//! A fixture's snapshot is its compiled module tree, `tests/src/fixtures/<name>/`
//! (`gh_actions_tests::fixtures::<name>`): stored once, reviewed as code, and
//! compiled, so two types with one name cannot hide in it. The tests below
//! fail, naming each stale file, when the committed module differs from what
//! the generator makes now; `cargo xtask codegen` rewrites them. Diagnostics,
//! which are not code, are insta snapshots. The second half of this file
//! checks how the generated fixture types behave on the wire.

use generator::render::ensure_files;
use generator::{GenerateError, Target, generate_str};
use std::path::{Path, PathBuf};

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Generates a fixture and compares it with its committed module tree,
/// writing nothing; a difference names each stale file and the fixing command.
fn assert_fixture_module_is_current(name: &str) {
    let path = fixtures_dir().join(format!("{name}.yaml"));
    let target = Target::module(&format!("crate::fixtures::{name}"));
    let generated = generate_str(&path.display().to_string(), &read(&path), &target)
        .unwrap_or_else(|e| panic!("fixture `{name}` does not generate:\n{e}"));
    let module_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("src/fixtures/{name}"));
    if let Err(stale) = ensure_files(&module_dir, &generated.files, true) {
        panic!("fixture `{name}`:\n{stale}");
    }
}

/// The diagnostics for a broken spec, and how many problems they list.
fn broken_output(case: &str) -> (String, usize) {
    let rel = format!("tests/fixtures/broken/{case}.yaml");
    let text = read(&fixtures_dir().join(format!("broken/{case}.yaml")));
    match generate_str(&rel, &text, &Target::module("crate::fixtures::broken")) {
        Ok(_) => panic!("broken spec `{case}` generated without a diagnostic"),
        Err(GenerateError::Spec(diagnostics)) => (diagnostics.to_string(), diagnostics.0.len()),
        Err(other) => panic!("broken spec `{case}` failed outside the spec checks: {other}"),
    }
}

macro_rules! fixture_snapshots {
    ($($test:ident => $fixture:literal,)*) => {
        const FIXTURES: &[&str] = &[$($fixture),*];
        $(
            #[test]
            fn $test() {
                assert_fixture_module_is_current($fixture);
            }
        )*
    };
}

fixture_snapshots! {
    string_enum_keeps_unknown_values => "string_enum",
    nullable_and_optional_fields_keep_null_apart_from_absent => "nullable_vs_optional",
    int64_ids_are_i64_everywhere => "int64_ids",
    date_time_fields_and_parameters_are_timestamps => "date_time",
    one_of_becomes_an_untagged_enum_with_conversions => "one_of",
    several_success_codes_become_an_outcome_enum => "several_success_codes",
    redirect_answers_with_the_download_url => "redirect",
    page_pagination_lists_page_and_stream => "page_pagination",
    cursor_pagination_lists_page_and_stream => "cursor_pagination",
    free_form_object_is_a_json_map => "free_form_object",
    name_collisions_and_keywords_are_escaped_and_numbered => "name_collisions_and_keywords",
    percent_encoded_path_encodes_each_segment => "percent_encoded_path",
    sealed_secret_body_takes_a_sealed_secret => "sealed_secret",
    foreign_document_needs_no_github_keys => "foreign_document",
    all_of_members_are_merged => "all_of",
    recursive_schemas_are_boxed_or_newtypes => "recursive",
    query_lists_and_header_parameters => "query_and_header_parameters",
    default_responses_are_the_success_or_the_errors => "default_responses",
    non_json_bodies_are_text_bytes_or_forms => "non_json_bodies",
    an_openapi_3_1_document_is_read_the_3_0_way => "openapi31",
    the_3_0_twin_of_the_3_1_document => "openapi31_twin",
    references_into_nodes_become_types_named_from_their_place => "references_into_nodes",
    numbers_beyond_64_bits_are_read_or_noted => "huge_numbers",
    head_and_options_answer_with_status_and_headers => "head_and_options",
    object_queries_are_written_in_each_query_style => "object_queries",
    multipart_bodies_are_parts_files_text_and_json => "multipart",
    narrowing_keywords_inferred_enums_and_header_lists => "narrowing_and_inferred_types",
}

macro_rules! broken_snapshots {
    ($($test:ident => $case:literal, $problems:literal;)*) => {
        const BROKEN: &[&str] = &[$($case),*];
        $(
            #[test]
            fn $test() {
                let (text, count) = broken_output($case);
                insta::assert_snapshot!(concat!("broken_", $case), text);
                assert_eq!(count, $problems, "problems reported for `{}`:\n{text}", $case);
            }
        )*
    };
}

broken_snapshots! {
    bad_ref_names_the_reference_that_points_at_nothing => "bad_ref", 3;
    duplicate_operation_id_names_the_first_use => "duplicate_operation_id", 1;
    undeclared_path_parameter_is_reported => "undeclared_path_parameter", 1;
    unsupported_schema_is_reported_where_it_is => "unsupported_schema", 2;
    missing_responses_are_reported => "missing_responses", 2;
    malformed_yaml_gives_line_and_column => "malformed_yaml", 1;
    products_not_a_list_or_unknown_are_reported => "products_not_a_list", 2;
    multipart_other_than_form_data_is_reported => "multipart_body", 1;
    shared_component_problem_names_the_operations_it_blocks => "shared_component_problem", 1;
    several_problems_are_all_reported_in_one_run => "several_problems", 5;
    model_problems_are_all_reported_in_one_run => "model_problems", 4;
    trace_operation_is_reported_not_dropped => "trace_operation", 1;
    unknown_product_is_reported_not_mislabelled => "unknown_product", 1;
}

/// The `.yaml` files of a directory, by stem.
fn yaml_stems(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .collect();
    out.sort();
    out
}

#[test]
fn every_fixture_and_broken_spec_has_a_snapshot_test() {
    let mut fixtures: Vec<&str> = FIXTURES.to_vec();
    fixtures.sort();
    assert_eq!(yaml_stems(&fixtures_dir()), fixtures);
    let mut broken: Vec<&str> = BROKEN.to_vec();
    broken.sort();
    assert_eq!(yaml_stems(&fixtures_dir().join("broken")), broken);
}

/// Every prefix (cut at a line end) of every spec, and every spec with one
/// line left out, must give files or diagnostics, never a panic.
#[test]
fn no_input_panics() {
    let mut inputs: Vec<(String, String)> = ["", "null", "[]", "openapi: 3.0.3", "paths: 7"]
        .iter()
        .map(|s| ((*s).to_owned(), (*s).to_owned()))
        .collect();
    for (dir, names) in [
        (fixtures_dir(), FIXTURES),
        (fixtures_dir().join("broken"), BROKEN),
    ] {
        for name in names {
            let text = read(&dir.join(format!("{name}.yaml")));
            let lines: Vec<&str> = text.lines().collect();
            for cut in 0..lines.len() {
                inputs.push((format!("{name} up to line {cut}"), lines[..cut].join("\n")));
                let mut without = lines.clone();
                without.remove(cut);
                inputs.push((
                    format!("{name} without line {}", cut + 1),
                    without.join("\n"),
                ));
            }
        }
    }
    // Cutting or dropping different lines often gives the same text; try each once.
    let mut seen = std::collections::BTreeSet::new();
    inputs.retain(|(_, text)| seen.insert(text.clone()));
    let target = Target::module("crate::fixtures::input");
    for (label, text) in &inputs {
        let outcome = std::panic::catch_unwind(|| generate_str(label, text, &target));
        match outcome {
            Ok(Ok(_)) | Ok(Err(GenerateError::Spec(_))) => {}
            Ok(Err(other)) => panic!("{label}: not a spec diagnostic: {other}"),
            Err(_) => panic!("{label}: the generator panicked"),
        }
    }
}

/// How the compiled fixture modules behave: decoding, encoding, conversions.
mod behaviour {
    use gh_actions_tests::fixtures;
    use serde_json::{Value, json};

    fn decode<T: serde::de::DeserializeOwned>(value: Value) -> T {
        serde_json::from_value(value.clone()).unwrap_or_else(|e| panic!("{value}: {e}"))
    }

    fn encode<T: serde::Serialize>(value: &T) -> Value {
        serde_json::to_value(value).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn string_enum_decodes_an_unknown_value_and_encodes_it_unchanged() {
        use fixtures::string_enum::types::{Run, RunConclusion, RunStatus};
        let wire = json!({"id": 1, "status": "waiting", "conclusion": "startup_failure"});
        let run: Run = decode(wire.clone());
        assert_eq!(run.status, RunStatus::Unknown("waiting".into()));
        assert_eq!(run.status.as_str(), "waiting");
        assert_eq!(
            run.conclusion,
            Some(RunConclusion::Unknown("startup_failure".into()))
        );
        assert_eq!(encode(&run), wire);

        let known: Run = decode(json!({"id": 2, "status": "in_progress", "conclusion": null}));
        assert_eq!(known.status, RunStatus::InProgress);
        assert_eq!(known.status.to_string(), "in_progress");
        assert_eq!(known.conclusion, None);
        assert_eq!("action_required".parse(), Ok(RunStatus::ActionRequired));
    }

    #[test]
    fn nullable_and_optional_round_trip_null_apart_from_absent() {
        use fixtures::nullable_vs_optional::types::{Check, requests::UpdateCheckRequest};
        let absent = json!({"name": "lint", "summary": null});
        let check: Check = decode(absent.clone());
        assert_eq!(check.details_url, None);
        assert_eq!(check.summary, None);
        assert_eq!(check.title, None);
        assert!(
            check.labels.is_empty(),
            "an absent optional array decodes empty"
        );
        // An empty list and an absent one are the same in a response, and so are an
        // absent field and `null`: both are written back in their explicit form.
        let mut written = absent.clone();
        written["labels"] = json!([]);
        written["details_url"] = json!(null);
        assert_eq!(encode(&check), written);

        // In a response, `null` and absence are one `None` (a request body keeps them apart).
        let null = json!({"name": "lint", "summary": "ok", "details_url": null, "labels": ["a"]});
        let check: Check = decode(null.clone());
        assert_eq!(check.details_url, None);
        assert_eq!(check.summary.as_deref(), Some("ok"));
        assert_eq!(encode(&check), null);

        let set: Check =
            decode(json!({"name": "lint", "summary": null, "details_url": "https://x"}));
        assert_eq!(set.details_url.as_deref(), Some("https://x"));

        // Required and nullable: `null` is accepted, absence is not.
        let missing = serde_json::from_value::<Check>(json!({"name": "lint"}));
        assert!(
            missing.is_err(),
            "a required nullable field must be present"
        );

        // In a request, leaving an optional array out is not sending `[]`.
        let body = UpdateCheckRequest {
            name: "lint".into(),
            summary: None,
            title: None,
            details_url: Some(None),
            labels: None,
        };
        assert_eq!(
            encode(&body),
            json!({"name": "lint", "summary": null, "details_url": null})
        );
        let body = UpdateCheckRequest {
            details_url: None,
            labels: Some(Vec::new()),
            ..body
        };
        assert_eq!(
            encode(&body),
            json!({"name": "lint", "summary": null, "labels": []})
        );
    }

    #[test]
    fn int64_ids_keep_values_beyond_32_and_53_bits() {
        use fixtures::int64_ids::types::Job;
        let wire = json!({
            "id": 9_007_199_254_740_993_i64,
            "run_id": 30_433_642_155_i64,
            "runner_id": null,
            "step_ids": [4_294_967_296_i64, i64::MAX],
        });
        let job: Job = decode(wire.clone());
        assert_eq!(job.id, 9_007_199_254_740_993);
        assert_eq!(job.run_id, 30_433_642_155);
        assert_eq!(job.runner_id, None);
        assert_eq!(job.step_ids, [4_294_967_296, i64::MAX]);
        assert_eq!(encode(&job), wire);
    }

    #[test]
    fn date_time_keeps_the_offset_and_precision() {
        use fixtures::date_time::types::Deployment;
        let wire = json!({
            "created_at": "2026-03-10T12:00:00.120+02:00",
            "completed_at": "2026-03-10T10:00:00Z",
            "due_on": "2026-03-31",
        });
        let deployment: Deployment = decode(wire.clone());
        let created = deployment.created_at;
        let completed = deployment.completed_at.as_ref().map(ToString::to_string);
        assert_eq!(created.to_string(), "2026-03-10T12:00:00.120+02:00");
        assert_eq!(completed.as_deref(), Some("2026-03-10T10:00:00Z"));
        assert_eq!(encode(&deployment), wire);

        let open: Deployment =
            decode(json!({"created_at": "2026-03-10T12:00:00Z", "completed_at": null}));
        assert_eq!(open.completed_at, None);
        assert!(
            serde_json::from_value::<Deployment>(
                json!({"created_at": "yesterday", "completed_at": null})
            )
            .is_err()
        );
    }

    #[test]
    fn one_of_path_parameter_accepts_an_id_or_a_file_name() {
        use fixtures::one_of::types::CreateDispatchWorkflowId;
        use fixtures::one_of::types::requests::{
            CreateDispatchRequest, CreateDispatchRequestInput,
        };
        let by_id = CreateDispatchWorkflowId::from(42);
        let by_name = CreateDispatchWorkflowId::from("ci.yml");
        assert_eq!(by_id, CreateDispatchWorkflowId::Integer(42));
        assert_eq!(by_name, CreateDispatchWorkflowId::String("ci.yml".into()));
        assert_eq!(by_id.to_string(), "42");
        assert_eq!(by_name.to_string(), "ci.yml");
        assert_eq!(decode::<CreateDispatchWorkflowId>(json!(42)), by_id);
        assert_eq!(decode::<CreateDispatchWorkflowId>(json!("ci.yml")), by_name);

        for (wire, input) in [
            (json!("main"), CreateDispatchRequestInput::from("main")),
            (json!(true), CreateDispatchRequestInput::from(true)),
            (json!(1.5), CreateDispatchRequestInput::from(1.5)),
        ] {
            let body = CreateDispatchRequest {
                r#ref: "main".into(),
                input: Some(input),
            };
            let encoded = json!({"ref": "main", "input": wire});
            assert_eq!(encode(&body), encoded);
            assert_eq!(decode::<CreateDispatchRequest>(encoded), body);
        }
    }

    #[test]
    fn one_of_objects_decode_to_the_alternative_that_fits() {
        use fixtures::one_of::types::{GetReviewerResponseReviewer as Reviewer, Team, User};
        let user: Reviewer = decode(json!({"login": "octocat"}));
        assert_eq!(
            user,
            Reviewer::User(Box::new(User {
                login: "octocat".into()
            }))
        );
        let team: Reviewer = decode(json!({"slug": "ci", "members_count": 3}));
        assert_eq!(
            team,
            Reviewer::Team(Box::new(Team {
                slug: "ci".into(),
                members_count: 3
            }))
        );
        assert_eq!(encode(&team), json!({"slug": "ci", "members_count": 3}));
    }

    #[test]
    fn free_form_objects_keep_any_json() {
        use fixtures::free_form_object::types::Event;
        let wire = json!({
            "payload": {"a": [1, {"b": null}], "c": "d"},
            "labels": {"team": "ci"},
            "extra": [true, 2, "three"],
        });
        let event: Event = decode(wire.clone());
        assert_eq!(event.payload["a"][1]["b"], Value::Null);
        assert_eq!(
            event
                .labels
                .as_ref()
                .and_then(|l| l.get("team"))
                .map(String::as_str),
            Some("ci")
        );
        assert_eq!(encode(&event), wire);
        assert!(serde_json::from_value::<Event>(json!({"payload": [1]})).is_err());
    }

    #[test]
    fn keywords_and_colliding_names_keep_their_wire_names() {
        use fixtures::name_collisions_and_keywords::types::{
            Thing, ThingFooBar, ThingFooBar2, ThingReaction,
        };
        let wire = json!({
            "type": "a",
            "self": "b",
            "ref": "c",
            "match": true,
            "foo-bar": {"x": 1},
            "foo_bar": {"y": "z"},
            "owner": {"login": "octocat"},
            "reaction": "-1",
        });
        let thing: Thing = decode(wire.clone());
        assert_eq!(thing.r#type, "a");
        assert_eq!(thing.self_, "b");
        assert_eq!(thing.r#ref, "c");
        assert!(thing.r#match);
        assert_eq!(thing.foo_bar, Some(ThingFooBar { x: Some(1) }));
        assert_eq!(
            thing.foo_bar2,
            Some(ThingFooBar2 {
                y: Some("z".into())
            })
        );
        assert_eq!(thing.reaction, Some(ThingReaction::Minus1));
        assert_eq!(encode(&thing), wire);

        // The value `Unknown` is a known variant; the catch-all moved aside for it.
        assert_eq!(ThingReaction::from("Unknown"), ThingReaction::Unknown);
        assert_eq!(ThingReaction::from("+1"), ThingReaction::Plus1);
        assert_eq!(
            ThingReaction::from("+2"),
            ThingReaction::Unknown2("+2".into())
        );
        assert_eq!(encode(&ThingReaction::Unknown2("+2".into())), json!("+2"));
    }

    #[test]
    fn several_success_codes_and_redirects_have_one_variant_per_status() {
        use fixtures::several_success_codes::types::Variable;
        use fixtures::several_success_codes::variables::{
            CreateOrUpdateVariableOutcome, RerunOutcome,
        };
        let created = CreateOrUpdateVariableOutcome::Created(Variable {
            name: "A".into(),
            value: "1".into(),
        });
        assert_ne!(created, CreateOrUpdateVariableOutcome::Updated);
        assert_eq!(RerunOutcome::Created, RerunOutcome::Created);
    }

    #[test]
    fn page_and_cursor_lists_decode_their_items() {
        use fixtures::cursor_pagination::types::ListGroupsResponse;
        use fixtures::page_pagination::types::ListRunnersResponse;
        let page: ListRunnersResponse =
            decode(json!({"total_count": 31, "runners": [{"id": 5_000_000_000_i64, "name": "r"}]}));
        assert_eq!(page.total_count, 31);
        assert_eq!(page.runners[0].id, 5_000_000_000);
        let groups: ListGroupsResponse = decode(json!({"groups": [{"name": "deploy/prod"}]}));
        assert_eq!(groups.groups[0].name, "deploy/prod");
    }
}

/// The fixture modules driven through the runtime against the mock server.
mod over_http {
    use gh_actions_tests::mock::{MockServer, Reply};
    use gh_actions_tests::{Client, SealedSecret, fixtures};
    use serde_json::json;

    fn client(server: &MockServer) -> Client {
        Client::builder()
            .base_url(server.url())
            .build()
            .unwrap_or_else(|e| panic!("client: {e}"))
    }

    #[tokio::test]
    async fn path_parameters_are_percent_encoded_per_segment() {
        use fixtures::percent_encoded_path::groups::Groups;
        let server = MockServer::start(|_| Reply::json(200, json!({"group": "g"}))).await;
        let groups = Groups::new(client(&server));
        let answer = groups
            .get_group("octo org", "r", "deploy/prod 100% é")
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(answer.group, "g");
        assert_eq!(
            server.requests()[0].path(),
            "/repos/octo%20org/r/concurrency-groups/deploy%2Fprod%20100%25%20%C3%A9"
        );
    }

    #[tokio::test]
    async fn body_fields_named_like_parameters_are_sent_apart_from_them() {
        use fixtures::name_collisions_and_keywords::things::Things;
        let server = MockServer::start(|_| Reply::empty(204)).await;
        Things::new(client(&server))
            .rename("old", true)
            .new_type("new")
            .dry_run(false)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let request = &server.requests()[0];
        assert_eq!(request.path(), "/things/old");
        assert_eq!(request.query_pairs(), [("dry_run".into(), "false".into())]);
        let body = request.body_json().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(body, json!({"type": "new", "dry_run": true}));
    }

    #[tokio::test]
    async fn one_of_path_parameter_is_written_as_id_or_file_name() {
        use fixtures::one_of::workflows::Workflows;
        let server = MockServer::start(|_| Reply::empty(204)).await;
        let workflows = Workflows::new(client(&server));
        for id in [
            fixtures::one_of::types::CreateDispatchWorkflowId::from(42),
            "ci.yml".into(),
        ] {
            workflows
                .create_dispatch("o", "r", id, "main")
                .input(true)
                .send()
                .await
                .unwrap_or_else(|e| panic!("{e}"));
        }
        let requests = server.requests();
        assert_eq!(requests[0].path(), "/repos/o/r/workflows/42/dispatches");
        assert_eq!(requests[1].path(), "/repos/o/r/workflows/ci.yml/dispatches");
        let body = requests[0].body_json().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(body, json!({"ref": "main", "input": true}));
    }

    #[tokio::test]
    async fn several_success_codes_tell_created_from_updated() {
        use fixtures::several_success_codes::types::Variable;
        use fixtures::several_success_codes::variables::{
            CreateOrUpdateVariableOutcome as Outcome, Variables,
        };
        let server = MockServer::with_replies([
            Reply::json(201, json!({"name": "A", "value": "1"})),
            Reply::empty(204),
        ])
        .await;
        let variables = Variables::new(client(&server));
        let first = variables
            .create_or_update_variable("o", "r", "A", "1")
            .send()
            .await;
        let second = variables
            .create_or_update_variable("o", "r", "A", "2")
            .send()
            .await;
        assert_eq!(
            first.unwrap_or_else(|e| panic!("{e}")),
            Outcome::Created(Variable {
                name: "A".into(),
                value: "1".into()
            })
        );
        assert_eq!(second.unwrap_or_else(|e| panic!("{e}")), Outcome::Updated);
    }

    #[tokio::test]
    async fn redirect_answers_with_the_location() {
        use fixtures::redirect::artifacts::{Artifacts, DownloadJobLogsOutcome};
        let location = "https://storage.example.com/archive.zip?sig=abc";
        let server = MockServer::start(move |_| Reply::redirect(location)).await;
        let artifacts = Artifacts::new(client(&server));
        let url = artifacts
            .download_artifact(5_000_000_000, "zip")
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(url.as_str(), location);
        assert_eq!(server.requests()[0].path(), "/artifacts/5000000000/zip");
        match artifacts.download_job_logs(7).send().await {
            Ok(DownloadJobLogsOutcome::Found(url)) => assert_eq!(url.as_str(), location),
            other => panic!("expected the redirect, got {other:?}"),
        }
    }

    #[tokio::test]
    async fn sealed_secret_fills_the_encrypted_value_and_key_id() {
        use base64::Engine as _;
        use fixtures::sealed_secret::secrets::Secrets;
        let public_key = base64::engine::general_purpose::STANDARD.encode([7u8; 32]);
        let sealed =
            SealedSecret::seal("key-1", &public_key, "s3cret").unwrap_or_else(|e| panic!("{e}"));
        let server = MockServer::start(|_| Reply::empty(204)).await;
        Secrets::new(client(&server))
            .put_secret("o", "r", "API_TOKEN", &sealed)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let body = server.requests()[0]
            .body_json()
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(body["key_id"], "key-1");
        assert_eq!(body["encrypted_value"], sealed.encrypted_value());
        assert!(
            body.get("note").is_none(),
            "an unset optional field is left out"
        );
    }
}
