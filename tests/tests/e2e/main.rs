//! End-to-end tests of the generated client against in-process HTTP servers
//! on 127.0.0.1: the behaviour around the operations and what a call does
//! beyond the spec's examples. That every operation and every documented
//! status is called, with the request and the answer of each example
//! checked, is the generated wire tests' part (`tests/tests/wire/`).

mod behaviour;
