//! Wire tests: every operation of the spec, every documented status and
//! every example of it, called through the generated client against a mock
//! server on 127.0.0.1. The tests in `generated/` are written by
//! `cargo xtask codegen` from the spec's examples (see the generator's
//! `emit::wire`); this file holds the guard that they cover the spec.

// Rendered by the generator, not by rustfmt.
#[rustfmt::skip]
mod generated;

use gh_actions_tests::spec_support::Spec;
use openapiv3::StatusCode;
use std::collections::BTreeSet;

/// Every `(operationId, status)` the spec documents.
fn documented() -> BTreeSet<(String, u16)> {
    let spec = Spec::load_project().unwrap_or_else(|e| panic!("{e}"));
    let mut out = BTreeSet::new();
    for op in spec.operations() {
        for status in op.operation.responses.responses.keys() {
            if let StatusCode::Code(code) = status {
                out.insert((op.id().to_owned(), *code));
            }
        }
    }
    out
}

#[test]
fn every_webhook_of_the_spec_has_an_example_payload_tested() {
    assert!(
        generated::WEBHOOKS_UNTESTED.is_empty(),
        "webhooks without an example payload, so without a test: {:?}",
        generated::WEBHOOKS_UNTESTED
    );
}

#[test]
fn every_documented_status_of_every_operation_has_a_wire_test() {
    let tested: BTreeSet<(String, u16)> = generated::TESTED
        .iter()
        .map(|(id, status)| ((*id).to_owned(), *status))
        .collect();
    let untested: Vec<String> = generated::UNTESTED
        .iter()
        .map(|(id, status, why)| format!("{id} {status}: {why}"))
        .collect();
    let documented = documented();
    let missing: Vec<String> = documented
        .difference(&tested)
        .map(|(id, status)| format!("{id} {status}"))
        .collect();
    assert!(
        untested.is_empty() && missing.is_empty(),
        "statuses without a wire test (run `cargo xtask codegen` after giving the spec the examples):\n\
         {untested:#?}\nnot tested at all: {missing:#?}"
    );
    let unknown: Vec<&(String, u16)> = tested.difference(&documented).collect();
    assert!(
        unknown.is_empty(),
        "tests of statuses the spec does not document: {unknown:?}"
    );
}
