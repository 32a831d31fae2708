//! End-to-end tests of the generated client against in-process HTTP servers
//! on 127.0.0.1: every operation of the spec, and the behaviour around them.

mod artifacts_jobs_workflows_concurrency;
mod behaviour;
mod runners;
mod secrets;
mod workflow_runs;

/// Each area module lists the operations it calls end to end; together they must be the spec's.
#[test]
fn every_operation_of_the_spec_is_called_end_to_end() {
    let mut covered: Vec<&str> = [
        workflow_runs::COVERED,
        artifacts_jobs_workflows_concurrency::COVERED,
        secrets::COVERED,
        runners::COVERED,
    ]
    .concat();
    covered.sort_unstable();
    let before = covered.len();
    covered.dedup();
    assert_eq!(before, covered.len(), "an operation is listed twice");
    let spec = gh_actions_tests::e2e_support::spec_operation_ids();
    let missing: Vec<&String> = spec
        .iter()
        .filter(|id| !covered.contains(&id.as_str()))
        .collect();
    let unknown: Vec<&&str> = covered
        .iter()
        .filter(|id| !spec.iter().any(|s| s == *id))
        .collect();
    assert!(
        missing.is_empty() && unknown.is_empty(),
        "not called end to end: {missing:?}; not in the spec: {unknown:?}"
    );
}
