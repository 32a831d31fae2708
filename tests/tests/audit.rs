//! The spec audit: `spec/actions.yaml` against GitHub's published description in
//! `spec/upstream/`, per product and API version. Fails on every difference that
//! `spec/deviations.yaml` does not list, and on every listed deviation that no longer exists.
//! `cargo xtask audit` prints the same report.
//!
//! The audit's code lives in `xtask/src/audit/` and is compiled into this test as a module:
//! this crate cannot depend on the xtask binary, and starting `cargo xtask audit` from a test
//! would build and run a second program. The module needs only `serde_json` and `serde_yaml`,
//! which this crate has too.

#[path = "../../xtask/src/audit/mod.rs"]
mod audit;

use audit::difference::{Difference, Kind};
use audit::document::{Document, Pointer};
use audit::target::Target;
use audit::{Compared, Inputs, Outcome};
use generator::extensions::{API_VERSIONS, PRODUCTS};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::OnceLock;

fn inputs() -> &'static Inputs {
    static INPUTS: OnceLock<Result<Inputs, String>> = OnceLock::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    match INPUTS.get_or_init(|| Inputs::load(&root).map_err(|e| e.to_string())) {
        Ok(inputs) => inputs,
        Err(e) => panic!("{e}"),
    }
}

fn outcome() -> &'static Outcome {
    static OUTCOME: OnceLock<Result<Outcome, String>> = OnceLock::new();
    match OUTCOME.get_or_init(|| audit::audit(inputs(), None).map_err(|e| e.to_string())) {
        Ok(outcome) => outcome,
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn every_difference_from_upstream_is_a_listed_deviation() {
    let outcome = outcome();
    let unlisted = outcome.unlisted().count();
    assert!(
        unlisted == 0,
        "{unlisted} difference(s) between the spec and upstream are not in {}: fix the spec, or \
         list a deliberate deviation with its reason.\n\n{}",
        audit::DEVIATIONS_FILE,
        audit::report::render(outcome)
    );
}

#[test]
fn every_listed_deviation_still_exists() {
    let outcome = outcome();
    assert!(
        outcome.stale.is_empty(),
        "{} covers differences that no longer exist: remove or narrow those entries.\n\n{}",
        audit::DEVIATIONS_FILE,
        audit::report::render_stale(outcome)
    );
}

/// A field of a response schema of the spec, and the operations whose responses reach it.
struct Field {
    /// The schema holding the field (after `$ref`s).
    parent: Pointer,
    name: String,
    operations: BTreeSet<String>,
    /// Its `x-github-products` and `x-github-api-versions`, when it is not everywhere.
    products: Option<Vec<String>>,
    api_versions: Option<Vec<String>>,
}

impl Field {
    /// Whether the spec says the field exists on `target` (the audit compares it only there).
    fn exists_on(&self, target: Target) -> bool {
        let named = |list: &Option<Vec<String>>, key: Option<&str>| match (list, key) {
            (Some(list), Some(key)) => list.iter().any(|k| k == key),
            _ => true,
        };
        named(&self.products, Some(target.product()))
            && named(&self.api_versions, target.api_version())
    }
}

/// The strings of a list extension such as `x-github-products`, if the node has it.
fn string_list(node: &Value, key: &str) -> Option<Vec<String>> {
    let list = node.get(key)?.as_array()?;
    Some(
        list.iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
    )
}

/// Every field of every response schema of the audited operations, by pointer.
fn response_fields(spec: &Document) -> BTreeMap<Pointer, Field> {
    let mut fields = BTreeMap::new();
    let products: Vec<&str> = Target::ALL.iter().map(|t| t.product()).collect();
    let Some(paths) = spec.root().get("paths").and_then(Value::as_object) else {
        panic!("the spec has no paths");
    };
    for (path, item) in paths {
        let Some(item) = item.as_object() else {
            continue;
        };
        for (method, op) in item {
            let listed = op.get(PRODUCTS).and_then(Value::as_array);
            let audited = listed.is_some_and(|l| l.iter().any(|p| products.iter().any(|q| p == q)));
            let Some(id) = op.get("operationId").and_then(Value::as_str) else {
                continue;
            };
            let Some(responses) = op.get("responses").and_then(Value::as_object) else {
                continue;
            };
            if !audited {
                continue;
            }
            let at = Pointer::root()
                .join("paths")
                .join(path)
                .join(method)
                .join("responses");
            for (status, response) in responses {
                let (response, at) = resolved(spec, response, &at.join(status));
                let Some(content) = response.get("content").and_then(Value::as_object) else {
                    continue;
                };
                for (media, entry) in content {
                    if let Some(schema) = entry.get("schema") {
                        let at = at.join("content").join(media).join("schema");
                        collect(spec, schema, &at, id, &mut fields, &mut BTreeSet::new());
                    }
                }
            }
        }
    }
    fields
}

fn resolved<'a>(spec: &'a Document, node: &'a Value, at: &Pointer) -> (&'a Value, Pointer) {
    match spec.resolve(node, at) {
        Ok(found) => (found.value, found.at),
        Err(e) => panic!("{e}"),
    }
}

/// Records the fields of `schema` and of every schema inside it; `seen` stops recursion.
fn collect(
    spec: &Document,
    schema: &Value,
    at: &Pointer,
    operation: &str,
    fields: &mut BTreeMap<Pointer, Field>,
    seen: &mut BTreeSet<Pointer>,
) {
    let (schema, at) = resolved(spec, schema, at);
    if !seen.insert(at.clone()) {
        return;
    }
    if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
        for (name, child) in properties {
            let child_at = at.join("properties").join(name);
            let field = fields.entry(child_at.clone()).or_insert_with(|| Field {
                parent: at.clone(),
                name: name.clone(),
                operations: BTreeSet::new(),
                products: string_list(child, PRODUCTS),
                api_versions: string_list(child, API_VERSIONS),
            });
            field.operations.insert(operation.to_owned());
            collect(spec, child, &child_at, operation, fields, seen);
        }
    }
    for key in ["items", "additionalProperties"] {
        if let Some(child) = schema.get(key).filter(|c| c.is_object()) {
            collect(spec, child, &at.join(key), operation, fields, seen);
        }
    }
    for key in ["anyOf", "oneOf", "allOf"] {
        for (i, child) in schema
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            collect(
                spec,
                child,
                &at.join(key).join(&i.to_string()),
                operation,
                fields,
                seen,
            );
        }
    }
}

/// The spec with the field `name` of the schema at `parent` removed (and unrequired).
fn without_field(spec: &Document, parent: &Pointer, name: &str) -> Document {
    let mut root = spec.root().clone();
    let Some(schema) = root.pointer_mut(&parent.to_string()[1..]) else {
        panic!("{parent} is not in the spec");
    };
    if let Some(properties) = schema.get_mut("properties").and_then(Value::as_object_mut) {
        properties.remove(name);
    }
    if let Some(required) = schema.get_mut("required").and_then(Value::as_array_mut) {
        required.retain(|r| r.as_str() != Some(name));
    }
    Document::from_value("spec/actions.yaml (field removed in memory)", root)
}

/// Whether `differences` says the spec lacks the field at `field`, naming it.
fn names_missing_field(differences: &[Difference], field: &Pointer, name: &str) -> bool {
    differences.iter().any(|d| {
        d.kind == Kind::Property
            && d.spec.value.is_none()
            && d.spec.pointer == *field
            && d.to_string().contains(&format!("`{name}`"))
    })
}

fn compare(spec: &Document, target: Target, operation: &str) -> Compared {
    let upstream = inputs()
        .upstream
        .iter()
        .find(|(t, _)| *t == target)
        .map(|(_, doc)| doc)
        .unwrap_or_else(|| panic!("no upstream document for {target}"));
    audit::compare(spec, upstream, target, Some(operation)).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn removing_any_response_field_is_reported_by_name() {
    let spec = &inputs().spec;
    let fields = response_fields(spec);
    assert!(
        fields.len() > 100,
        "only {} response fields found",
        fields.len()
    );
    let mut baselines: BTreeMap<(Target, &str), Compared> = BTreeMap::new();
    let mut failures = Vec::new();
    let mut checked = 0;
    for (pointer, field) in &fields {
        // Where both sides have the operation and upstream does not lack the field there.
        // A field upstream lacks everywhere is already reported as the spec's own, and
        // removing it only removes that report.
        let mut places = Vec::new();
        for op in &field.operations {
            for target in Target::ALL.into_iter().filter(|t| field.exists_on(*t)) {
                let baseline = baselines
                    .entry((target, op.as_str()))
                    .or_insert_with(|| compare(spec, target, op));
                let spec_only = baseline.differences.iter().any(|d| {
                    d.kind == Kind::Property
                        && d.spec.pointer == *pointer
                        && d.upstream.value.is_none()
                });
                if baseline.operations.contains(op) && !spec_only {
                    places.push((target, op.as_str()));
                }
            }
        }
        if places.is_empty() {
            continue;
        }
        checked += 1;
        // Reported through one of them is enough: an operation may reach the field only in
        // a body that upstream does not declare at all (which is reported as such).
        let changed = without_field(spec, &field.parent, &field.name);
        let reported = places.iter().any(|(target, op)| {
            names_missing_field(
                &compare(&changed, *target, op).differences,
                pointer,
                &field.name,
            )
        });
        if !reported {
            let tried: Vec<String> = places
                .iter()
                .map(|(t, op)| format!("{op} on {t}"))
                .collect();
            failures.push(format!(
                "removing `{}` ({pointer}) is not reported ({})",
                field.name,
                tried.join(", ")
            ));
        }
    }
    assert!(checked > 100, "only {checked} fields could be checked");
    assert!(
        failures.is_empty(),
        "{} of {checked} removed fields went unreported:\n  {}",
        failures.len(),
        failures.join("\n  ")
    );
}
