//! Whole client behaviours against a local mock server (`gh-actions-mock`),
//! through the crate's public items only, one module per concern.

mod app_auth;
mod client;
mod conditional;
mod download;
mod error_bodies;
mod hostile;
mod products;
mod raw_and_meta;
mod raw_paths;
mod raw_tcp;
mod token_exchange;
mod watch;
