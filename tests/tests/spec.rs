//! Checks of `spec/actions.yaml` against the conventions of `spec/README.md`: the operation
//! set, ids, tags, parameters, references, products, id types, pagination, responses and
//! examples. Each failure names the operation and the JSON pointer of what is wrong, and each
//! test lists all its failures at once.
//!
//! `GH_ACTIONS_SPEC=/path/to/other.yaml` runs the same checks on another document.

#[path = "spec/expected.rs"]
mod expected;
#[path = "spec/validator.rs"]
mod validator;

use expected::{GITHUB_COM, OPERATIONS, WITHOUT_EXAMPLE};
use generator::extensions::{OUTCOME, PAGINATION, PRODUCTS as PRODUCTS_KEY};
use gh_actions_tests::spec_support::{
    Kind, Op, PRODUCTS, Spec, TAGS, escape, nodes, param_key, pointer, template_names,
    validate_showing,
};
use openapiv3::{Parameter, Response, StatusCode};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

type Expected = (
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
);

fn spec() -> &'static Spec {
    static SPEC: OnceLock<Result<Spec, String>> = OnceLock::new();
    match SPEC.get_or_init(Spec::load_project) {
        Ok(spec) => spec,
        Err(e) => panic!("the spec cannot be loaded: {e}"),
    }
}

/// Fails listing every problem, one a line.
fn assert_no_problems(what: &str, problems: Vec<String>) {
    if !problems.is_empty() {
        panic!(
            "{what}: {} problem(s) in {}\n  {}",
            problems.len(),
            spec().file.display(),
            problems.join("\n  ")
        );
    }
}

/// The seed table's entry for `op`, if it is one of the 72 operations of the seeds.
fn expected(op: &Op) -> Option<&'static Expected> {
    OPERATIONS
        .iter()
        .find(|(method, path, ..)| *method == op.method && *path == op.path)
}

/// `actions/x (GET /path): ` when `at` lies inside an operation, else nothing.
fn owner(at: &str) -> String {
    spec()
        .operation_at(at)
        .map(|op| format!("{}: ", op.label()))
        .unwrap_or_default()
}

fn is_success(status: &StatusCode) -> bool {
    match status {
        StatusCode::Code(code) => (200..400).contains(code),
        StatusCode::Range(range) => *range == 2 || *range == 3,
    }
}

fn is_2xx(status: &StatusCode) -> bool {
    match status {
        StatusCode::Code(code) => (200..300).contains(code),
        StatusCode::Range(range) => *range == 2,
    }
}

/// The resolved responses of `op`; those that do not resolve become problems.
fn responses<'a>(
    op: &Op<'a>,
    problems: &mut Vec<String>,
) -> Vec<(&'a StatusCode, String, &'a Response)> {
    let mut out = Vec::new();
    for response in spec().responses(op) {
        match response {
            Ok(found) => out.push(found),
            Err(e) => problems.push(format!("{}: {e}", op.label())),
        }
    }
    out
}

fn has_header(response: &Response, name: &str) -> bool {
    response
        .headers
        .keys()
        .any(|h| h.eq_ignore_ascii_case(name))
}

#[test]
fn every_seed_operation_is_in_the_spec() {
    let listed: BTreeSet<(&str, &str)> = OPERATIONS.iter().map(|(m, p, ..)| (*m, *p)).collect();
    assert_eq!(
        OPERATIONS.len(),
        72,
        "the seed operation table of this test must hold 72 entries"
    );
    assert_eq!(
        listed.len(),
        72,
        "the seed operation table of this test repeats an operation"
    );
    let ops = spec().operations();
    let present: BTreeSet<(&str, &str)> = ops.iter().map(|op| (op.method, op.path)).collect();
    let problems = listed
        .difference(&present)
        .map(|(method, path)| {
            let at = pointer(["paths", path, &method.to_ascii_lowercase()]);
            format!("{method} {path} is missing (expected at {at})")
        })
        .collect();
    assert_no_problems("seed operations missing from the spec", problems);
}

/// `(method, path, operationId)` of every operation of an upstream file.
fn upstream_operations(stem: &str) -> BTreeSet<(String, String, String)> {
    let file = gh_actions_tests::spec_support::project_spec_path()
        .with_file_name("upstream")
        .join(format!("github-actions-{stem}.yaml"));
    let upstream = Spec::load(&file).unwrap_or_else(|e| panic!("{e}"));
    upstream
        .operations()
        .iter()
        .map(|op| (op.method.to_owned(), op.path.to_owned(), op.id().to_owned()))
        .collect()
}

/// Each product has exactly the operations GitHub publishes for it: github.com those of its
/// files (both API versions), GitHub Enterprise Server 3.21 those of its file and, beyond
/// them, of 3.19's (the newest description of the rest), GitHub Enterprise Server 2.22 those
/// its documentation (the seed) lists.
#[test]
fn each_product_has_exactly_the_operations_github_publishes_for_it() {
    let seed_2_22: BTreeSet<(String, String, String)> = OPERATIONS
        .iter()
        .filter(|(.., products)| products.contains(&"ghes-2.22"))
        .map(|(m, p, id, _)| ((*m).to_owned(), (*p).to_owned(), (*id).to_owned()))
        .collect();
    let dotcom = upstream_operations("dotcom-2026-03-10");
    assert_eq!(
        dotcom,
        upstream_operations("dotcom-2022-11-28"),
        "the two github.com files list different operations"
    );
    let ghes_3_21: BTreeSet<_> = upstream_operations("ghes-3.21")
        .union(&upstream_operations("ghes-3.19"))
        .cloned()
        .collect();
    let mut problems = Vec::new();
    for (product, want) in [
        ("github.com", &dotcom),
        ("ghes-3.21", &ghes_3_21),
        ("ghes-2.22", &seed_2_22),
    ] {
        let ops = spec().operations();
        let has: BTreeSet<(String, String, String)> = ops
            .iter()
            .filter(|op| products(op).is_ok_and(|p| p.contains(&product)))
            .map(|op| (op.method.to_owned(), op.path.to_owned(), op.id().to_owned()))
            .collect();
        for (method, path, id) in want.difference(&has) {
            problems.push(format!("{product}: lacks {id} ({method} {path})"));
        }
        for (method, path, id) in has.difference(want) {
            problems.push(format!(
                "{product}: has {id} ({method} {path}), which GitHub does not publish there"
            ));
        }
    }
    assert!(
        dotcom.len() >= 187,
        "only {} github.com operations upstream",
        dotcom.len()
    );
    assert_no_problems("operations per product", problems);
}

#[test]
fn operation_ids_are_unique_and_match_the_list() {
    let mut problems = Vec::new();
    let mut first_use: BTreeMap<&str, String> = BTreeMap::new();
    for op in spec().operations() {
        let at = op.pointer(&["operationId"]);
        let Some(id) = op.operation.operation_id.as_deref() else {
            problems.push(format!("{}: no operationId (at {at})", op.label()));
            continue;
        };
        if let Some(first) = first_use.get(id) {
            problems.push(format!(
                "{}: operationId also used by {first} (at {at})",
                op.label()
            ));
        } else {
            first_use.insert(id, format!("{} {}", op.method, op.path));
        }
        if let Some((.., want, _)) = expected(&op)
            && id != *want
        {
            problems.push(format!(
                "{}: operationId should be `{want}` (at {at})",
                op.label()
            ));
        }
    }
    assert_no_problems("operationIds", problems);
}

#[test]
fn every_operation_has_one_documented_tag_a_summary_and_a_description() {
    let mut problems = Vec::new();
    for op in spec().operations() {
        let label = op.label();
        match op.operation.tags.as_slice() {
            [tag] if TAGS.contains(&tag.as_str()) => {}
            [tag] => problems.push(format!(
                "{label}: tag `{tag}` is not one of {TAGS:?} (at {})",
                op.pointer(&["tags", "0"])
            )),
            tags => problems.push(format!(
                "{label}: needs exactly one tag, has {} (at {})",
                tags.len(),
                op.pointer(&["tags"])
            )),
        }
        let at = op.pointer(&["summary"]);
        match op.operation.summary.as_deref().map(str::trim) {
            None | Some("") => problems.push(format!("{label}: no summary (at {at})")),
            Some(summary) if summary.contains('\n') => {
                problems.push(format!("{label}: the summary must be one line (at {at})"))
            }
            Some(_) => {}
        }
        if op
            .operation
            .description
            .as_deref()
            .is_none_or(|d| d.trim().is_empty())
        {
            let at = op.pointer(&["description"]);
            problems.push(format!("{label}: no description (at {at})"));
        }
    }
    assert_no_problems("tags, summaries and descriptions", problems);
}

#[test]
fn document_declares_exactly_the_documented_tags() {
    let declared: Vec<&str> = spec().api.tags.iter().map(|t| t.name.as_str()).collect();
    let mut problems = Vec::new();
    for (i, tag) in declared.iter().enumerate() {
        let at = pointer(["tags", &i.to_string()]);
        if !TAGS.contains(tag) {
            problems.push(format!("tag `{tag}` is not documented (at {at})"));
        }
        if declared[..i].contains(tag) {
            problems.push(format!("tag `{tag}` is declared twice (at {at})"));
        }
    }
    for tag in TAGS.iter().filter(|t| !declared.contains(t)) {
        problems.push(format!(
            "documented tag `{tag}` is not declared (at #/tags)"
        ));
    }
    assert_no_problems("document tags", problems);
}

#[test]
fn path_parameters_match_the_path_template() {
    let mut problems = Vec::new();
    for op in spec().operations() {
        let label = op.label();
        let names = match template_names(op.path) {
            Ok(names) => names,
            Err(e) => {
                problems.push(format!("{label}: {e} (at {})", pointer(["paths", op.path])));
                continue;
            }
        };
        let mut path_params: Vec<(String, &Parameter)> = Vec::new();
        let mut seen: BTreeSet<(&str, &str)> = BTreeSet::new();
        for param in spec().parameters(&op) {
            match param {
                Err(e) => problems.push(format!("{label}: {e}")),
                Ok((at, param)) => {
                    let (name, location) = param_key(param);
                    if !seen.insert((name, location)) {
                        problems.push(format!(
                            "{label}: parameter `{name}` in {location} is declared twice (at {at})"
                        ));
                    }
                    if matches!(param, Parameter::Path { .. }) {
                        path_params.push((at, param));
                    }
                }
            }
        }
        for name in &names {
            match path_params
                .iter()
                .find(|(_, p)| p.parameter_data_ref().name == *name)
            {
                None => problems.push(format!(
                    "{label}: `{{{name}}}` has no `in: path` parameter (at {})",
                    op.pointer(&["parameters"])
                )),
                Some((at, p)) if !p.parameter_data_ref().required => problems.push(format!(
                    "{label}: path parameter `{name}` is not `required: true` (at {at})"
                )),
                Some(_) => {}
            }
        }
        for (at, p) in &path_params {
            let name = p.parameter_data_ref().name.as_str();
            if !names.contains(&name) {
                problems.push(format!(
                    "{label}: path parameter `{name}` does not appear in the path (at {at})"
                ));
            }
        }
    }
    assert_no_problems("path parameters", problems);
}

#[test]
fn every_ref_resolves_to_a_node_of_its_kind() {
    let mut problems = Vec::new();
    for node in nodes(&spec().raw) {
        let Some(reference) = node.value.get("$ref") else {
            continue;
        };
        let at = format!("{}/$ref", node.at);
        let Some(reference) = reference.as_str() else {
            problems.push(format!(
                "{}`$ref` is not a string (at {at})",
                owner(&node.at)
            ));
            continue;
        };
        if let Err(e) = spec().target(reference) {
            problems.push(format!("{}{e} (at {at})", owner(&node.at)));
            continue;
        }
        if let Some(section) = node.kind.section()
            && !reference.starts_with(&format!("#/components/{section}/"))
        {
            problems.push(format!(
                "{}`$ref: {reference}` stands for a {:?} and must point into \
                 #/components/{section} (at {at})",
                owner(&node.at),
                node.kind
            ));
        }
    }
    assert_no_problems("`$ref`s", problems);
}

/// The products an operation lists, or why they cannot be read.
fn products<'a>(op: &Op<'a>) -> Result<Vec<&'a str>, String> {
    let at = op.pointer(&[PRODUCTS_KEY]);
    let list = op
        .extension(PRODUCTS_KEY)
        .ok_or_else(|| format!("no {PRODUCTS_KEY} (at {at})"))?
        .as_array()
        .ok_or_else(|| format!("{PRODUCTS_KEY} is not a list (at {at})"))?;
    (list.iter().enumerate())
        .map(|(i, p)| {
            p.as_str()
                .ok_or_else(|| format!("product {i} is not a string (at {at}/{i})"))
        })
        .collect()
}

#[test]
fn every_operation_lists_its_products() {
    let mut problems = Vec::new();
    for op in spec().operations() {
        let label = op.label();
        let at = op.pointer(&[PRODUCTS_KEY]);
        let listed = match products(&op) {
            Ok(listed) => listed,
            Err(e) => {
                problems.push(format!("{label}: {e}"));
                continue;
            }
        };
        if listed.is_empty() {
            problems.push(format!("{label}: {PRODUCTS_KEY} is empty (at {at})"));
        }
        for (i, product) in listed.iter().enumerate() {
            if !PRODUCTS.contains(product) {
                problems.push(format!(
                    "{label}: unknown product `{product}`, known are {PRODUCTS:?} (at {at}/{i})"
                ));
            }
            if listed[..i].contains(product) {
                problems.push(format!(
                    "{label}: product `{product}` listed twice (at {at}/{i})"
                ));
            }
        }
        if let Some((.., want)) = expected(&op) {
            let got: BTreeSet<&str> = listed.iter().copied().collect();
            let want: BTreeSet<&str> = want.iter().copied().collect();
            if got != want {
                problems.push(format!(
                    "{label}: lists {got:?}, the availability list says {want:?} (at {at})"
                ));
            }
        }
    }
    assert_no_problems(PRODUCTS_KEY, problems);
}

#[test]
fn concurrency_group_operations_exist_on_github_com_only() {
    let mut problems = Vec::new();
    for op in spec().operations() {
        let tagged = op.operation.tags.iter().any(|t| t == "concurrency-groups");
        if !tagged && !op.path.contains("/concurrency_groups") {
            continue;
        }
        match products(&op) {
            Ok(listed) if listed == GITHUB_COM => {}
            Ok(listed) => problems.push(format!(
                "{}: concurrency groups exist on github.com only, but it lists {listed:?} (at {})",
                op.label(),
                op.pointer(&[PRODUCTS_KEY])
            )),
            Err(e) => problems.push(format!("{}: {e}", op.label())),
        }
    }
    assert_no_problems("concurrency group availability", problems);
}

fn is_id_name(name: &str) -> bool {
    name == "id" || name.ends_with("_id")
}

/// Every numeric schema `node` stands for, following `$ref`s and allOf/oneOf/anyOf branches.
fn numeric_schemas<'a>(
    node: &'a Value,
    at: &str,
    out: &mut Vec<(String, &'a Value)>,
    problems: &mut Vec<String>,
) {
    let (node, at) = match spec().deref(node, at) {
        Ok(found) => found,
        Err(e) => return problems.push(e),
    };
    if matches!(
        node.get("type").and_then(Value::as_str),
        Some("integer" | "number")
    ) {
        out.push((at.clone(), node));
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        let branches = node
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten();
        for (i, branch) in branches.enumerate() {
            numeric_schemas(branch, &format!("{at}/{key}/{i}"), out, problems);
        }
    }
}

/// An id-like schema: every numeric form it takes must be integer/int64.
fn check_id_schema(what: &str, schema: &Value, at: &str, problems: &mut Vec<String>) {
    let mut numeric = Vec::new();
    numeric_schemas(schema, at, &mut numeric, problems);
    for (at, node) in numeric {
        let ty = node.get("type").and_then(Value::as_str).unwrap_or_default();
        let format = node.get("format").and_then(Value::as_str);
        if ty != "integer" || format != Some("int64") {
            let shown = format
                .map(|f| format!("{ty}/{f}"))
                .unwrap_or_else(|| ty.to_owned());
            problems.push(format!(
                "{}{what} is {shown}, must be integer/int64 (at {at})",
                owner(&at)
            ));
        }
    }
}

#[test]
fn every_id_is_int64() {
    let mut problems = Vec::new();
    for node in nodes(&spec().raw) {
        if node.value.get("$ref").is_some() {
            continue;
        }
        match node.kind {
            Kind::Schema => {
                let properties = node.value.get("properties").and_then(Value::as_object);
                for (name, property) in properties.into_iter().flatten() {
                    let at = format!("{}/properties/{}", node.at, escape(name));
                    if is_id_name(name) {
                        check_id_schema(
                            &format!("property `{name}`"),
                            property,
                            &at,
                            &mut problems,
                        );
                    } else if name == "ids" || name.ends_with("_ids") {
                        match spec().deref(property, &at) {
                            Ok((array, array_at)) => {
                                if let Some(items) = array.get("items") {
                                    let what = format!("items of `{name}`");
                                    let items_at = format!("{array_at}/items");
                                    check_id_schema(&what, items, &items_at, &mut problems);
                                }
                            }
                            Err(e) => problems.push(e),
                        }
                    }
                }
            }
            Kind::Parameter | Kind::Header => {
                let name = node
                    .value
                    .get("name")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                if let (true, Some(schema)) = (is_id_name(name), node.value.get("schema")) {
                    let what = format!("parameter `{name}`");
                    check_id_schema(&what, schema, &format!("{}/schema", node.at), &mut problems);
                }
            }
            _ => {}
        }
    }
    assert_no_problems("id types", problems);
}

/// The schema of the JSON content of the response at `at`, resolved, with where it is.
fn json_schema_of_response(at: &str) -> Result<(&'static Value, String), String> {
    let node = spec().at(at).ok_or_else(|| format!("nothing at {at}"))?;
    let (response, at) = spec().deref(node, at)?;
    let content = response.get("content").and_then(Value::as_object);
    let (media, media_type) = (content.into_iter().flatten())
        .find(|(media, _)| media.contains("json"))
        .ok_or_else(|| format!("no JSON content (at {at}/content)"))?;
    let schema_at = format!("{at}/content/{}/schema", escape(media));
    let schema = media_type
        .get("schema")
        .ok_or_else(|| format!("no schema (at {schema_at})"))?;
    spec().deref(schema, &schema_at)
}

/// A property of an object schema, looking through allOf, resolved.
fn property(schema: &'static Value, at: &str, name: &str) -> Option<(&'static Value, String)> {
    if let Some(found) = schema.get("properties").and_then(|p| p.get(name)) {
        return spec()
            .deref(found, &format!("{at}/properties/{}", escape(name)))
            .ok();
    }
    let branches = schema
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten();
    branches.enumerate().find_map(|(i, branch)| {
        let (branch, at) = spec().deref(branch, &format!("{at}/allOf/{i}")).ok()?;
        property(branch, &at, name)
    })
}

#[test]
fn paginated_operations_declare_paging_parameters_a_link_header_and_an_items_array() {
    let mut problems = Vec::new();
    for op in spec().operations() {
        let label = op.label();
        let queries: BTreeSet<&str> = (spec().parameters(&op).into_iter().flatten())
            .filter(|(_, p)| matches!(p, Parameter::Query { .. }))
            .map(|(_, p)| p.parameter_data_ref().name.as_str())
            .collect();
        let at = op.pointer(&[PAGINATION]);
        let Some(pagination) = op.extension(PAGINATION) else {
            let paging = ["per_page", "page", "after", "before"];
            if let Some(name) = paging.iter().find(|n| queries.contains(*n)) {
                let at = op.pointer(&[]);
                problems.push(format!(
                    "{label}: takes `{name}` but has no {PAGINATION} (at {at})"
                ));
            }
            continue;
        };
        let kind = pagination.get("kind").and_then(Value::as_str);
        let needed: &[&str] = match kind {
            Some("page") => &["per_page", "page"],
            Some("cursor") => &["per_page", "after"],
            _ => {
                problems.push(format!(
                    "{label}: {PAGINATION} kind must be `page` or `cursor`, is {kind:?} \
                     (at {at}/kind)"
                ));
                &["per_page"]
            }
        };
        for name in needed.iter().filter(|n| !queries.contains(*n)) {
            problems.push(format!(
                "{label}: paginated ({}) but has no `{name}` query parameter (at {})",
                kind.unwrap_or("?"),
                op.pointer(&["parameters"])
            ));
        }
        let ok = responses(&op, &mut problems)
            .into_iter()
            .find(|(s, ..)| **s == StatusCode::Code(200));
        let Some((_, ok_at, ok)) = ok else {
            let at = op.pointer(&["responses"]);
            problems.push(format!(
                "{label}: paginated but has no 200 response (at {at})"
            ));
            continue;
        };
        if !has_header(ok, "Link") {
            problems.push(format!(
                "{label}: the 200 response declares no Link header (at {ok_at}/headers)"
            ));
        }
        let Some(items) = pagination.get("items").and_then(Value::as_str) else {
            problems.push(format!(
                "{label}: {PAGINATION} names no `items` field (at {at})"
            ));
            continue;
        };
        match json_schema_of_response(&ok_at) {
            Err(e) => problems.push(format!("{label}: the 200 response: {e}")),
            Ok((schema, schema_at)) => match property(schema, &schema_at, items) {
                None => problems.push(format!(
                    "{label}: items field `{items}` is not a property of the 200 schema \
                     (at {schema_at})"
                )),
                Some((field, field_at)) if field.get("type") != Some(&Value::from("array")) => {
                    problems.push(format!(
                        "{label}: items field `{items}` is not an array (at {field_at})"
                    ))
                }
                Some(_) => {}
            },
        }
    }
    assert_no_problems("pagination", problems);
}

#[test]
fn redirects_declare_a_location_header() {
    let mut problems = Vec::new();
    for op in spec().operations() {
        for (status, at, response) in responses(&op, &mut problems) {
            let redirect = matches!(status, StatusCode::Code(301 | 302 | 303 | 307 | 308));
            if redirect && !has_header(response, "Location") {
                problems.push(format!(
                    "{}: {status} declares no Location header (at {at}/headers)",
                    op.label()
                ));
            }
        }
    }
    assert_no_problems("redirects", problems);
}

#[test]
fn every_operation_has_a_success_response() {
    let mut problems = Vec::new();
    for op in spec().operations() {
        if !op.operation.responses.responses.keys().any(is_success) {
            let at = op.pointer(&["responses"]);
            problems.push(format!("{}: no 2xx or 3xx response (at {at})", op.label()));
        }
    }
    assert_no_problems("success responses", problems);
}

#[test]
fn bodiless_statuses_declare_no_content() {
    let mut problems = Vec::new();
    for op in spec().operations() {
        for (status, at, response) in responses(&op, &mut problems) {
            let bodiless = matches!(
                status,
                StatusCode::Code(204 | 205 | 301 | 302 | 303 | 304 | 307 | 308)
            );
            if bodiless && !response.content.is_empty() {
                problems.push(format!(
                    "{}: {status} answers without a body but declares content (at {at}/content)",
                    op.label()
                ));
            }
        }
    }
    assert_no_problems("bodiless responses", problems);
}

#[test]
fn operations_with_several_successes_name_each_outcome() {
    let mut problems = Vec::new();
    for op in spec().operations() {
        let successes: Vec<_> = (responses(&op, &mut problems).into_iter())
            .filter(|(status, ..)| is_success(status))
            .collect();
        if successes.len() < 2 {
            continue;
        }
        let mut named = BTreeMap::new();
        for (status, at, response) in successes {
            let at = format!("{at}/{OUTCOME}");
            let outcome = response.extensions.get(OUTCOME).and_then(Value::as_str);
            let pascal = outcome.is_some_and(|o| {
                o.starts_with(|c: char| c.is_ascii_uppercase())
                    && o.chars().all(|c| c.is_ascii_alphanumeric())
            });
            match outcome {
                Some(name) if pascal => {
                    if let Some(other) = named.insert(name, status) {
                        problems.push(format!(
                            "{}: outcome `{name}` names both {other} and {status} (at {at})",
                            op.label()
                        ));
                    }
                }
                _ => problems.push(format!(
                    "{}: {status} needs a PascalCase {OUTCOME}, has {outcome:?} (at {at})",
                    op.label()
                )),
            }
        }
    }
    assert_no_problems("success outcomes", problems);
}

#[test]
fn every_example_validates_against_its_schema() {
    let (cases, mut problems) = spec().examples();
    for case in &cases {
        let found = validate_showing(
            &spec().raw,
            case.schema,
            &case.schema_at,
            case.value,
            &case.showing,
        );
        for violation in found {
            problems.push(format!(
                "{}: {}{}: {} (schema {})",
                case.describe(),
                case.value_at,
                violation.instance,
                violation.message,
                violation.schema
            ));
        }
    }
    assert!(
        !cases.is_empty() || !problems.is_empty(),
        "the document holds no example at all"
    );
    assert_no_problems(&format!("examples ({} checked)", cases.len()), problems);
}

/// An example no schema refers to is never checked, and the client's round-trip tests never
/// see it.
#[test]
fn every_component_example_is_referenced() {
    let problems = (spec().unreferenced_examples().into_iter())
        .map(|name| {
            let at = pointer(["components", "examples", name]);
            format!("example `{name}` is referenced nowhere, so no schema checks it (at {at})")
        })
        .collect();
    assert_no_problems("unreferenced examples", problems);
}

#[test]
fn every_json_success_response_has_an_example_unless_allow_listed() {
    let mut problems = Vec::new();
    let mut lacking: BTreeMap<&str, String> = BTreeMap::new();
    let mut with_json: BTreeSet<&str> = BTreeSet::new();
    for op in spec().operations() {
        let mut json_statuses = Vec::new();
        let mut has_example = false;
        for (status, _, response) in responses(&op, &mut problems) {
            let json = response
                .content
                .iter()
                .filter(|(media, _)| media.contains("json"));
            for (_, media_type) in json.filter(|_| is_2xx(status)) {
                json_statuses.push(status.to_string());
                has_example |= media_type.example.is_some() || !media_type.examples.is_empty();
            }
        }
        if json_statuses.is_empty() {
            continue;
        }
        with_json.insert(op.id());
        if !has_example {
            let message = format!(
                "{}: JSON success response {} has no example (at {})",
                op.label(),
                json_statuses.join(", "),
                op.pointer(&["responses"])
            );
            lacking.insert(op.id(), message);
        }
    }
    for (id, reason) in WITHOUT_EXAMPLE {
        let entry = format!("allow-list entry `{id}` ({reason})");
        if !OPERATIONS.iter().any(|(.., listed, _)| listed == id) {
            problems.push(format!("{entry} is not one of the 72 operations"));
        } else if !with_json.contains(id) {
            problems.push(format!(
                "{entry} has no JSON success response; remove the entry"
            ));
        } else if lacking.remove(id).is_none() {
            problems.push(format!("{entry} has an example now; remove the entry"));
        }
    }
    problems.extend(lacking.into_values());
    assert_no_problems("examples on JSON success responses", problems);
}
