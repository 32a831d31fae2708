//! Tests of whole client behaviours against a local mock server, one file
//! per concern.

mod app_auth;
mod conditional;
mod hostile;
mod raw_and_meta;
