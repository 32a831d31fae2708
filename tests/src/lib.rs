//! Support code shared by the test suites: the in-process mock HTTP server and spec helpers.
pub mod e2e_support;
pub mod mock;
pub mod spec_support;

/// The fixture specs of `tests/fixtures/`, generated as modules so that what
/// the snapshots show is compiled too.
// Rendered by the generator, not by rustfmt.
#[rustfmt::skip]
pub mod fixtures;

// The client's hand-written runtime, which the fixture modules call as `crate::runtime`.
#[path = "../../generator/crate/src/runtime/mod.rs"]
mod runtime;

/// The runtime's public items, as the client crate exports them, so tests can
/// build a [`Client`] for the fixture modules.
pub use runtime::*;
