//! The spec audit: `spec/actions.yaml` against GitHub's published description of the same
//! operations (vendored in `spec/upstream/`), per product and API version.
//!
//! For each target it compares which operations exist (by `x-github-products`) and their
//! routes, parameters, request bodies, statuses, headers and schemas, recursively, with
//! `$ref`s resolved on both sides. Prose, examples and vendor extensions are not facts here,
//! but the spec's `x-github-products` and `x-github-api-versions` on a field or status decide
//! on which targets it is compared (a field GitHub sends on one API version only).
//! Every difference names the operation, a JSON pointer on both sides and what differs;
//! those that are deliberate are listed, with reasons, in `spec/deviations.yaml`.
//!
//! This module depends only on `std`, `serde_json` and `serde_yaml`, and nothing else of the
//! xtask crate, because `tests/tests/audit.rs` compiles the same files (by `#[path]`): the
//! tests crate cannot depend on a binary, and running `cargo xtask audit` from a test would
//! build and start a second program.

pub mod deviations;
pub mod difference;
pub mod document;
mod operations;
pub mod report;
mod schema;
pub mod target;
#[cfg(test)]
mod tests;
mod walk;

use deviations::{Deviations, Stale};
use difference::Difference;
use document::{AuditError, Document, Pointer, Problem};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use target::Target;
use walk::Walk;

/// The curated spec, relative to the repository root.
pub const SPEC_FILE: &str = "spec/actions.yaml";
/// The folder of vendored upstream files, relative to the repository root.
pub const UPSTREAM_DIR: &str = "spec/upstream";
/// GitHub's description of the Actions webhook events, relative to the repository root.
pub const WEBHOOKS_FILE: &str = "spec/upstream/github-webhooks-actions.yaml";
/// The target the webhook events are compared on: the API version whose shapes hold every
/// field a payload may carry (fields GitHub drops in 2026-03-10 are marked on the spec's side).
const WEBHOOKS_TARGET: &str = "dotcom-2022-11-28";
/// The reviewed list of deliberate deviations, relative to the repository root.
pub const DEVIATIONS_FILE: &str = "spec/deviations.yaml";

/// Everything the audit reads.
#[derive(Debug, Clone)]
pub struct Inputs {
    /// The curated spec.
    pub spec: Document,
    /// One upstream document per audited target, in `Target::ALL` order.
    pub upstream: Vec<(Target, Document)>,
    /// For a target whose own document lacks operations, the document audited for those
    /// (`Target::evidence`).
    pub evidence: Vec<(Target, Document)>,
    /// GitHub's description of the Actions webhook events (`x-webhooks`), which the spec's
    /// `x-webhooks` is compared with.
    pub webhooks: Document,
    /// The reviewed deviations.
    pub deviations: Deviations,
}

impl Inputs {
    /// Reads the spec, the upstream files and the deviations list of the repository at `root`,
    /// reporting every file that is missing or malformed.
    pub fn load(root: &Path) -> Result<Self, AuditError> {
        let mut problems = Vec::new();
        let mut read = |relative: &str| match Document::load(&root.join(relative), relative) {
            Ok(doc) => Some(doc),
            Err(problem) => {
                problems.push(problem);
                None
            }
        };
        let spec = read(SPEC_FILE);
        let deviations_doc = read(DEVIATIONS_FILE);
        let webhooks = read(WEBHOOKS_FILE);
        let mut upstream = Vec::new();
        for target in Target::ALL {
            if let Some(doc) = read(&format!("{UPSTREAM_DIR}/{}", target.upstream_file())) {
                upstream.push((target, doc));
            }
        }
        let mut evidence = Vec::new();
        for target in Target::ALL {
            let Some(stem) = target.evidence() else {
                continue;
            };
            if let Some(doc) = read(&format!("{UPSTREAM_DIR}/github-actions-{stem}.yaml")) {
                evidence.push((target, stem, doc));
            }
        }
        for (target, doc) in &upstream {
            check_product(&target.name(), doc, &mut problems);
        }
        for (_, stem, doc) in &evidence {
            check_product(stem, doc, &mut problems);
        }
        let evidence = evidence.into_iter().map(|(t, _, d)| (t, d)).collect();
        let deviations = match deviations_doc.as_ref().map(Deviations::parse) {
            Some(Ok(list)) => Some(list),
            Some(Err(found)) => {
                problems.extend(found);
                None
            }
            None => None,
        };
        match (spec, deviations, webhooks) {
            (Some(spec), Some(deviations), Some(webhooks)) if problems.is_empty() => Ok(Inputs {
                spec,
                upstream,
                evidence,
                webhooks,
                deviations,
            }),
            _ => Err(AuditError::new(problems)),
        }
    }
}

/// An upstream file must say it describes `name` (a target's, or an evidence file's stem): a
/// swapped or stale copy would otherwise be audited against the wrong product without a word.
fn check_product(name: &str, doc: &Document, problems: &mut Vec<Problem>) {
    let at = Pointer::root().join("info").join("x-product");
    let found = doc
        .root()
        .pointer("/info/x-product")
        .and_then(|v| v.as_str());
    if found != Some(name) {
        let shown = found.unwrap_or("nothing");
        let message = format!("expected `{name}`, found `{shown}`");
        problems.push(doc.problem(&at, message));
    }
}

/// What comparing the spec with one upstream document found.
#[derive(Debug, Clone, Default)]
pub struct Compared {
    /// Every difference, sorted.
    pub differences: Vec<Difference>,
    /// The operationIds both documents have for the target.
    pub operations: BTreeSet<String>,
}

/// Compares `spec` with `upstream`, which describes `target`; with `only`, just the
/// operation with that operationId. The unit tests and `tests/tests/audit.rs` compare
/// documents one at a time through it; [`audit`] uses [`compare_where`].
#[cfg_attr(not(test), allow(dead_code))]
pub fn compare(
    spec: &Document,
    upstream: &Document,
    target: Target,
    only: Option<&str>,
) -> Result<Compared, AuditError> {
    compare_where(spec, upstream, target, &|id| only.is_none_or(|o| o == id))
}

/// Compares `spec` with `upstream`, which describes `target`, for the operations `keep` admits.
pub fn compare_where(
    spec: &Document,
    upstream: &Document,
    target: Target,
    keep: &dyn Fn(&str) -> bool,
) -> Result<Compared, AuditError> {
    let mut walk = Walk::new(spec, upstream, target);
    walk.operations(keep);
    if !walk.problems.is_empty() {
        return Err(AuditError::new(walk.problems));
    }
    let mut differences = walk.differences;
    differences.sort();
    differences.dedup();
    Ok(Compared {
        differences,
        operations: walk.compared,
    })
}

/// Which operations (by operationId) one comparison takes.
type Keep<'a> = dyn Fn(&str) -> bool + 'a;

/// A copy of `doc` whose `paths` are its `x-webhooks` (each webhook an item with a `post`),
/// so the webhook events are compared as the operations are.
fn webhooks_as_paths(doc: &Document) -> Document {
    let mut root = doc.root().clone();
    if let Some(map) = root.as_object_mut() {
        let webhooks = map
            .remove(generator::extensions::WEBHOOKS)
            .unwrap_or_default();
        map.insert("paths".to_owned(), webhooks);
    }
    Document::from_value("x-webhooks", root)
}

/// The operationIds of a document's paths.
fn operation_ids(doc: &Document) -> BTreeSet<String> {
    let paths = doc.root().get("paths").and_then(|p| p.as_object());
    paths
        .into_iter()
        .flat_map(|paths| paths.values())
        .filter_map(|item| item.as_object())
        .flat_map(|item| item.values())
        .filter_map(|op| op.get("operationId").and_then(|id| id.as_str()))
        .map(str::to_owned)
        .collect()
}

/// The result of an audit.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// Every difference found, sorted, each with the index of the deviation entry that lists
    /// it (`None` when unlisted).
    pub differences: Vec<(Difference, Option<usize>)>,
    /// Deviation entries, or parts of them, that cover nothing any more. Only computed for a
    /// whole audit: with one operation, entries for others would all look stale.
    pub stale: Vec<Stale>,
    /// The deviations list the differences were matched against.
    pub deviations: Deviations,
    /// The operation the audit was limited to, if any.
    pub only: Option<String>,
    /// For each target, the operations both sides have there.
    pub compared: BTreeMap<Target, BTreeSet<String>>,
}

impl Outcome {
    /// The differences no deviation entry lists.
    pub fn unlisted(&self) -> impl Iterator<Item = &Difference> {
        self.differences
            .iter()
            .filter(|(_, entry)| entry.is_none())
            .map(|(d, _)| d)
    }
}

/// Compares the spec with every upstream file and matches the differences against the
/// deviations list; with `only`, just that operationId.
pub fn audit(inputs: &Inputs, only: Option<&str>) -> Result<Outcome, AuditError> {
    let mut problems = Vec::new();
    let mut found = Vec::new();
    let mut compared = BTreeMap::new();
    let wanted = |id: &str| only.is_none_or(|o| o == id);
    for (target, upstream) in &inputs.upstream {
        // Operations the target's own file lacks and its evidence file has are audited
        // against the evidence file instead.
        let evidence = inputs
            .evidence
            .iter()
            .find(|(t, _)| t == target)
            .map(|(_, d)| d);
        let own = operation_ids(upstream);
        let borrowed: BTreeSet<String> = evidence
            .map(operation_ids)
            .unwrap_or_default()
            .difference(&own)
            .cloned()
            .collect();
        let own_pass = |id: &str| wanted(id) && !borrowed.contains(id);
        let borrowed_pass = |id: &str| wanted(id) && borrowed.contains(id);
        let mut passes: Vec<(&Document, &Keep<'_>)> = vec![(upstream, &own_pass)];
        if let Some(doc) = evidence {
            passes.push((doc, &borrowed_pass));
        }
        for (doc, keep) in passes {
            match compare_where(&inputs.spec, doc, *target, keep) {
                Ok(result) => {
                    found.extend(result.differences);
                    compared
                        .entry(*target)
                        .or_insert_with(BTreeSet::new)
                        .extend(result.operations);
                }
                Err(e) => problems.extend(e.problems),
            }
        }
    }
    if let Some(target) = Target::from_name(WEBHOOKS_TARGET) {
        let (spec, upstream) = (
            webhooks_as_paths(&inputs.spec),
            webhooks_as_paths(&inputs.webhooks),
        );
        match compare_where(&spec, &upstream, target, &wanted) {
            Ok(result) => {
                found.extend(result.differences);
                compared
                    .entry(target)
                    .or_insert_with(BTreeSet::new)
                    .extend(result.operations);
            }
            Err(e) => problems.extend(e.problems),
        }
    }
    if !problems.is_empty() {
        return Err(AuditError::new(problems));
    }
    let stale = match only {
        Some(_) => Vec::new(),
        None => inputs.deviations.stale(&found),
    };
    let differences = found
        .into_iter()
        .map(|d| {
            let entry = inputs.deviations.covering(&d);
            (d, entry)
        })
        .collect();
    Ok(Outcome {
        differences,
        stale,
        deviations: inputs.deviations.clone(),
        only: only.map(str::to_owned),
        compared,
    })
}
