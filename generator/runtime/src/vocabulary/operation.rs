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

/// Where the product a client is configured for came from, so that an
/// [`Error::Unavailable`](crate::Error::Unavailable) can say why the client
/// thinks it talks to that product, and how to change it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum ProductSource {
    /// Nothing chose it: github.com, the builder's default.
    #[default]
    Default,
    /// Set with `ClientBuilder::product`.
    Builder,
    /// Taken from the host of `GITHUB_API_URL` by `ClientBuilder::from_env`:
    /// github.com for `api.github.com` and `*.ghe.com`, otherwise the
    /// newest GitHub Enterprise Server release the client knows.
    Environment,
    /// Read from the server's `GET /meta` (its `installed_version`) by
    /// `Client::detect_product`.
    ServerMeta,
}

impl ProductSource {
    /// How to choose another product than `product`, as an error message
    /// ends: an Enterprise Server release guessed from the URL can be asked
    /// of the server.
    pub(crate) fn advice(self, product: Product) -> &'static str {
        if self == ProductSource::Environment && product.server_release().is_some() {
            "; if the server runs another release, ask it with `Client::detect_product` \
             or set the product with `ClientBuilder::product`"
        } else {
            "; to use another product, set it with `ClientBuilder::product`"
        }
    }
}

impl std::fmt::Display for ProductSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            ProductSource::Default => "the default product",
            ProductSource::Builder => "the product set with `ClientBuilder::product`",
            ProductSource::Environment => "the product guessed from `GITHUB_API_URL`",
            ProductSource::ServerMeta => "the product the server reports in `GET /meta`",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{Product, ProductSource};

    /// The end of an `Error::Unavailable` message: where the product came
    /// from and how to change it (the behaviour tests show whole messages).
    fn ending(product: Product, source: ProductSource) -> String {
        format!("({source}), so nothing was sent{}", source.advice(product))
    }

    #[test]
    fn each_source_says_where_the_product_came_from_and_how_to_change_it() {
        assert_eq!(
            ending(Product::Ghes3_21, ProductSource::Environment),
            "(the product guessed from `GITHUB_API_URL`), so nothing was sent; if the server \
             runs another release, ask it with `Client::detect_product` or set the product \
             with `ClientBuilder::product`"
        );
        assert_eq!(
            ending(Product::GitHubCom, ProductSource::Default),
            "(the default product), so nothing was sent; to use another product, set it with \
             `ClientBuilder::product`"
        );
        assert_eq!(
            ending(Product::Ghes2_22, ProductSource::Builder),
            "(the product set with `ClientBuilder::product`), so nothing was sent; to use \
             another product, set it with `ClientBuilder::product`"
        );
        assert!(ending(Product::Ghes2_22, ProductSource::ServerMeta).contains("`GET /meta`"));
        // github.com read from `GITHUB_API_URL` is no release to ask about.
        assert!(!ending(Product::GitHubCom, ProductSource::Environment).contains("detect_product"));
        assert_eq!(ProductSource::default(), ProductSource::Default);
    }
}
