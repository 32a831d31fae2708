//! What an operation is to the runtime: a static description the generated
//! code writes once per endpoint, and the products and API versions it may
//! exist on (the table of `gh-actions-products`).

use reqwest::Method;

pub use gh_actions_products::{ApiVersion, Product};

/// Static description of one endpoint.
#[derive(Debug)]
pub struct Operation {
    /// GitHub's operation id, such as `actions/list-workflow-runs-for-repo`.
    pub id: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The path template, such as `/repos/{owner}/{repo}/actions/runs`.
    pub path: &'static str,
    /// The products on which the operation exists.
    pub products: &'static [Product],
}
