//! Support code shared by the test suites: the in-process mock HTTP server and spec helpers.
pub mod e2e_support;
/// The mock HTTP server, shared with the runtime's own tests.
pub use gh_actions_mock as mock;
pub mod raw_server;
pub mod spec_support;
pub mod wire_support;

/// The fixture specs of `tests/fixtures/`, generated as modules so that what
/// the snapshots show is compiled too.
// Rendered by the generator, not by rustfmt.
#[rustfmt::skip]
pub mod fixtures;

/// The runtime's public items, so tests can build a [`Client`] for the
/// fixture modules.
pub use gh_actions_runtime::*;
