//! Support code shared by the test suites: the in-process mock HTTP server and spec helpers.
pub mod spec_support;
