//! The products an operation can be available on, and the github.com API
//! versions: the one table of them, shared with the runtime
//! (`gh-actions-products`).
//!
//! `load` resolves every `x-github-products` and `x-github-api-versions`
//! entry through the table, so an unknown one is a diagnostic there; the
//! emitters then read the key, the display name and the runtime variant
//! from the enums, never from a string, so a product added to the table
//! cannot be mislabelled anywhere else. The runtime's `Product` and
//! `ApiVersion` are these very types, so the variants the generated code
//! names exist by construction.

pub use gh_actions_products::{ApiVersion, Product};
