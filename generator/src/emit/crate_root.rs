//! `lib.rs` of the client crate, or `mod.rs` of a module tree.
//!
//! The crate's prose and its doctests are Markdown the generator includes
//! (`generator/crate/docs/`); this module fills in the parts that come from
//! the spec.

use super::{Target, doc_raw, doc_text, ident, inner_doc};
use crate::model::Model;
use proc_macro2::TokenStream;
use quote::quote;

/// The crate front page; `{title}`, `{areas}`, `{counts}` and `{operations}`
/// are filled in.
const CRATE_DOC: &str = include_str!("../../crate/docs/crate.md");
/// The docs of the generated `Client`.
const CLIENT_DOC: &str = include_str!("../../crate/docs/client.md");

pub(super) fn emit(model: &Model, target: &Target) -> TokenStream {
    let mods: Vec<_> = model.areas.iter().map(|a| ident(&a.module)).collect();
    let refused = refused_input(model, target);
    if !target.crate_root {
        return quote! {
            //! Client code generated from a spec.
            pub mod types;
            #(pub mod #mods;)*
            #refused
        };
    }
    let crate_doc = crate_doc(model);
    let webhooks = (!model.webhooks.is_empty()).then(|| {
        let module = ident(crate::names::WEBHOOKS_MODULE);
        let gate = super::features::gate([crate::names::WEBHOOKS_MODULE]);
        quote!(#gate pub mod #module;)
    });
    let runtime_items = runtime_items(target);
    let client = client(model, target);
    let gates = model
        .areas
        .iter()
        .map(|a| super::features::gate([a.module.as_str()]));
    quote! {
        #crate_doc
        #![deny(missing_docs)]
        #![cfg_attr(docsrs, feature(doc_cfg))]

        pub mod types;
        #(#gates pub mod #mods;)*
        #webhooks

        #runtime_items

        #client

        #refused
    }
}

/// The crate's front page: [`CRATE_DOC`] with the title, the areas, the
/// counts and the table of every operation filled in.
fn crate_doc(model: &Model) -> TokenStream {
    let mut table = String::from("| area | handler | module |\n|---|---|---|\n");
    for a in &model.areas {
        table.push_str(&format!(
            "| {} | [`Client::{m}`] | [`{m}`] |\n",
            a.tag.replace('-', " "),
            m = a.module
        ));
    }
    let mut operations =
        String::from("| operation | area | endpoint | products |\n|---|---|---|---|\n");
    for op in &model.operations {
        let products: Vec<&str> = op.products.iter().map(|p| p.key()).collect();
        operations.push_str(&format!(
            "| [`{m}`]({area}::{handler}::{m}) | [`{area}`] | `{} {}` | {} |\n",
            op.method,
            op.path,
            products.join(", "),
            m = crate::names::unraw(&op.method_name),
            area = op.area,
            handler = op.handler,
        ));
    }
    let counts = format!(
        "The client covers {} operations of the spec in {} areas; every type of the spec is in [`types`].",
        model.operations.len(),
        model.areas.len()
    );
    inner_doc(
        &CRATE_DOC
            .replace("{title}", &doc_text(&model.title))
            .replace("{areas}", &table)
            .replace("{counts}", &counts)
            .replace("{operations}", &operations),
    )
}

/// The runtime's names the crate gives its users: the few everyone needs at
/// the root, the rest grouped in small modules. Each is inlined
/// (`#[doc(inline)]`), so its page, its methods and rustdoc's search entries
/// are this crate's, with or without the runtime's docs beside them.
fn runtime_items(target: &Target) -> TokenStream {
    let rt = target.rt();
    quote! {
        #[doc(inline)]
        pub use #rt::{ApiVersion, Error, Method, Product, ProductSource, RetryPolicy};

        /// The HTTP client this crate is built on, reqwest 0.13:
        /// [`ClientBuilder::http_client`] and [`ClientBuilder::download_client`]
        /// take its `ClientBuilder` (`gh_actions::reqwest::Client::builder()`),
        /// whatever version of reqwest the rest of an application uses.
        #[doc(no_inline)]
        pub use #rt::reqwest;

        /// One page of a list, and a stream over every item of every page.
        pub mod pagination {
            #[doc(inline)]
            pub use #rt::{Page, PageStream};
        }

        /// The parts of an [`Error`]: GitHub's error body, rate-limit state, decode details.
        pub mod error {
            #[doc(inline)]
            pub use #rt::{ApiError, DecodeError, DownloadError, RateLimit, RateLimitError, RateLimitKind};
        }

        /// Downloads behind a redirect (artifact archives and logs), fetched
        /// with [`Client::download`](crate::Client::download).
        pub mod download {
            #[doc(inline)]
            pub use #rt::{ByteStream, DownloadUrl};
        }

        /// Sealing a secret with a repository or organisation public key.
        pub mod sealing {
            #[doc(inline)]
            pub use #rt::SealedSecret;
        }

        /// What an answer says besides its value (status, headers, rate limit,
        /// `ETag`), and conditional requests that answer `NotModified`.
        pub mod response {
            #[doc(inline)]
            pub use #rt::{Conditional, ConditionalRequest, Meta, WithMeta};
        }

        /// Watching a resource until it reaches a final state, with conditional polls.
        pub mod watch {
            #[doc(inline)]
            pub use #rt::{Watch, WatchOptions};
        }

        /// Requests to any endpoint with the client's settings:
        /// [`Client::request`](crate::Client::request).
        pub mod raw {
            #[doc(inline)]
            pub use #rt::RawRequest;
        }

        /// Filters in GitHub's search syntax, such as the `created` range of
        /// the workflow run lists.
        pub mod filter {
            #[doc(inline)]
            pub use #rt::{DateRange, SearchTime};
        }

        /// Where tokens come from: [`TokenSource`](auth::TokenSource) for your
        /// own, and GitHub App installations with the `app-auth` feature.
        pub mod auth {
            #[doc(inline)]
            pub use #rt::auth::{BoxFuture, Token, TokenSource};
            #[cfg(feature = "app-auth")]
            #[cfg_attr(docsrs, doc(cfg(feature = "app-auth")))]
            #[doc(inline)]
            pub use #rt::auth::AppCredentials;
        }
    }
}

/// The crate's `Client`: the runtime's client with one accessor per area.
fn client(model: &Model, target: &Target) -> TokenStream {
    let rt = target.rt();
    // The answer to a `deployment_protection_rule` event, with the webhooks.
    let deployment_callback = (!model.webhooks.is_empty()).then(|| {
        let gate = super::features::gate([crate::names::WEBHOOKS_MODULE]);
        let module = ident(crate::names::WEBHOOKS_MODULE);
        quote! {
            /// The `deployment_callback_url` of a `deployment_protection_rule`
            /// event, checked to be on this client's origin and under its base
            /// path (a forged payload cannot make the client send its token
            /// elsewhere): answer the gate with its `review`, or give its
            /// owner, repository and run to
            /// [`review_custom_gates_for_run`](workflow_runs::WorkflowRuns::review_custom_gates_for_run).
            #gate
            pub fn deployment_callback(&self, url: &str) -> ::std::result::Result<#module::DeploymentCallback, #module::WebhookError> {
                self.inner.deployment_callback(url)
            }
        }
    });
    let accessors = model.areas.iter().map(|a| {
        let m = ident(&a.module);
        let h = ident(&a.handler);
        let d = doc_raw(&format!(
            "Operations on {} ([`{}`]). Needs the `{}` feature (on by default).",
            a.tag.replace('-', " "),
            a.module,
            super::area_feature(&a.module)
        ));
        let gate = super::features::gate([a.module.as_str()]);
        quote! {
            #d
            #gate
            pub fn #m(&self) -> #m::#h {
                #m::#h::new(::std::clone::Clone::clone(&self.inner))
            }
        }
    });
    let client_doc = doc_raw(CLIENT_DOC);
    let builder = client_builder(target);
    quote! {
        #client_doc
        #[derive(Debug, Clone)]
        pub struct Client {
            inner: #rt::Client,
        }

        impl Client {
            /// A builder with the defaults: github.com, API version 2026-03-10,
            /// no token, 30 s timeout, no retries.
            pub fn builder() -> ClientBuilder {
                ::std::default::Default::default()
            }

            /// A client configured from the environment GitHub's runners set:
            /// the token from `GITHUB_TOKEN` (or `GH_TOKEN`), the API root
            /// from `GITHUB_API_URL`, and the product its host implies; see
            /// [`ClientBuilder::from_env`].
            #[inline]
            pub fn from_env() -> ::std::result::Result<Self, Error> {
                ClientBuilder::from_env()?.build()
            }

            /// Asks the server which product it is and gives a client for
            /// that product, with the same settings and connections as this one.
            ///
            /// One `GET /meta`: a GitHub Enterprise Server answers its
            /// `installed_version` (`3.21.0` is [`Product::Ghes3_21`]; a
            /// release newer than every one this crate knows is taken as the
            /// newest, whose operations and API versions it keeps), github.com
            /// and GitHub Enterprise Cloud answer without one (github.com). An
            /// older release this crate has no product for is an
            /// [`Error::Config`] that names it: choose the nearest with
            /// [`ClientBuilder::product`].
            ///
            /// ```no_run
            /// # async fn run() -> Result<(), gh_actions::Error> {
            /// let gh = gh_actions::Client::from_env()?.detect_product().await?;
            /// println!("{} ({})", gh.product(), gh.product_source());
            /// # Ok(()) }
            /// ```
            pub async fn detect_product(&self) -> ::std::result::Result<Self, Error> {
                self.inner.detect_product().await.map(Self::from)
            }

            /// The base URL requests go to, such as `https://api.github.com`.
            pub fn base_url(&self) -> &str {
                self.inner.base_url()
            }

            /// The product the client is configured for; an operation it lacks
            /// fails with [`Error::Unavailable`] before anything is sent.
            pub fn product(&self) -> Product {
                self.inner.product()
            }

            /// Where [`product`](Client::product) came from: the default, the
            /// builder, `GITHUB_API_URL`, or the server's `GET /meta`.
            pub fn product_source(&self) -> ProductSource {
                self.inner.product_source()
            }

            /// The API version requested from github.com.
            pub fn api_version(&self) -> ApiVersion {
                self.inner.api_version()
            }

            /// The rate-limit state (`x-ratelimit-*`) of the most recent answer
            /// that reported one, successful or not; `None` before the first.
            pub fn rate_limit(&self) -> ::std::option::Option<error::RateLimit> {
                self.inner.rate_limit()
            }

            /// A request to any endpoint of the API, with this client's base
            /// URL, authentication, headers, retries, limits and errors: for
            /// an endpoint this crate has no operation for. `path` is a
            /// template such as `/repos/{owner}/{repo}/commits/{ref}/check-runs`, whose
            /// parameters [`param`](raw::RawRequest::param) fills in (encoded
            /// per segment); finish with `send`, `page` or `stream`.
            ///
            /// ```no_run
            /// # async fn run(gh: gh_actions::Client) -> Result<(), gh_actions::Error> {
            /// use gh_actions::Method;
            /// let checks: serde_json::Value = gh
            ///     .request(Method::GET, "/repos/{owner}/{repo}/commits/{ref}/check-runs")
            ///     .param("owner", "octo-org")
            ///     .param("repo", "octo-repo")
            ///     .param("ref", "main")
            ///     .send()
            ///     .await?;
            /// # let _ = checks;
            /// # Ok(()) }
            /// ```
            pub fn request(&self, method: Method, path: impl ::std::convert::Into<::std::string::String>) -> raw::RawRequest {
                self.inner.request(method, path)
            }

            /// Streams the bytes behind a [`DownloadUrl`](download::DownloadUrl)
            /// (an artifact archive, a log).
            ///
            /// No hop of the download carries `Authorization` or any of the API
            /// headers (only `User-Agent`), so the token never reaches a storage
            /// host. Redirects are followed here, hop by hop (at most ten, never
            /// from https to http), not by the HTTP client, whatever client was
            /// configured. Each hop must answer within the client's timeout; the
            /// body then streams without a total limit (artifacts are large),
            /// each read within the timeout. Failures before the body starts are
            /// retried as the client's [`RetryPolicy`] allows.
            pub async fn download(&self, url: &download::DownloadUrl) -> ::std::result::Result<download::ByteStream, Error> {
                self.inner.download(url).await
            }

            #deployment_callback

            #(#accessors)*
        }

        impl ::std::convert::From<#rt::Client> for Client {
            fn from(inner: #rt::Client) -> Self {
                Self { inner }
            }
        }

        // Hidden from the docs: its methods are the ones above, which would
        // be listed twice.
        #[doc(hidden)]
        impl ::std::ops::Deref for Client {
            type Target = #rt::Client;
            fn deref(&self) -> &#rt::Client {
                &self.inner
            }
        }

        #builder
    }
}

/// The crate's `ClientBuilder`: the runtime's builder of this crate's
/// `Client`, with each setting a method of its own, so that its page and
/// rustdoc's search show every one (a type alias of the runtime's builder
/// shows none). `tests/tests/crate_surface.rs` holds it to the runtime's.
fn client_builder(target: &Target) -> TokenStream {
    let rt = target.rt();
    quote! {
        /// Settings for a [`Client`]: token, base URL, product, API version,
        /// user agent, timeout, limits, HTTP clients and retries. Start with
        /// [`Client::builder`] or [`ClientBuilder::from_env`]; finish with
        /// [`build`](ClientBuilder::build), which checks the settings.
        ///
        /// ```no_run
        /// # fn main() -> Result<(), gh_actions::Error> {
        /// use std::time::Duration;
        /// use gh_actions::{Client, Product, RetryPolicy};
        /// let gh = Client::builder()
        ///     .base_url("https://ghe.example.com/api/v3")
        ///     .product(Product::Ghes3_21)
        ///     .token("ghp_example")
        ///     .timeout(Duration::from_secs(10))
        ///     .retry(RetryPolicy::default())
        ///     .build()?;
        /// # let _ = gh;
        /// # Ok(()) }
        /// ```
        #[must_use]
        #[derive(Debug, Default)]
        pub struct ClientBuilder {
            inner: #rt::ClientBuilder<Client>,
        }

        impl ClientBuilder {
            /// A builder with the settings GitHub's runners provide: the token
            /// from `GITHUB_TOKEN` (or `GH_TOKEN`), and the API root from
            /// `GITHUB_API_URL` when set. A missing token is an error that
            /// names both variables.
            ///
            /// The product follows the API root's host: `api.github.com` and
            /// GitHub Enterprise Cloud with data residency
            /// (`api.SUBDOMAIN.ghe.com`) are github.com; any other host is
            /// taken as a GitHub Enterprise Server of the newest release this
            /// crate knows. To be sure of an Enterprise Server's release, ask
            /// the server ([`Client::detect_product`], one `GET /meta`), or say
            /// it with [`product`](ClientBuilder::product).
            ///
            /// ```no_run
            /// # async fn run() -> Result<(), gh_actions::Error> {
            /// use std::time::Duration;
            /// let gh = gh_actions::ClientBuilder::from_env()?
            ///     .timeout(Duration::from_secs(10))
            ///     .build()?;
            /// // On an Enterprise Server, its own answer to which release it runs.
            /// let gh = gh.detect_product().await?;
            /// # let _ = gh;
            /// # Ok(()) }
            /// ```
            pub fn from_env() -> ::std::result::Result<Self, Error> {
                #rt::ClientBuilder::from_env().map(|inner| Self { inner })
            }

            /// A token (personal access token, GitHub App installation token or
            /// `GITHUB_TOKEN`), sent as `Authorization: Bearer`. Never printed by
            /// `Debug`, wiped from memory when the builder is dropped.
            pub fn token(self, token: impl ::std::convert::Into<::std::string::String>) -> Self {
                Self { inner: self.inner.token(token) }
            }

            /// Asks `source` for the token before every request, instead of a
            /// fixed [`token`](ClientBuilder::token) (a vault, a file another
            /// process refreshes, your own App flow).
            pub fn token_source(self, source: impl auth::TokenSource) -> Self {
                Self { inner: self.inner.token_source(source) }
            }

            /// Acts as a GitHub App installation: each request carries an
            /// installation token, obtained with a short-lived JWT signed by the
            /// App's private key, cached, and refreshed ahead of its expiry.
            /// Instead of [`token`](ClientBuilder::token) or
            /// [`token_source`](ClientBuilder::token_source).
            ///
            /// One exchange runs at a time: concurrent requests wait for it and
            /// share its token or its failure, each for at most the client's
            /// [`timeout`](ClientBuilder::timeout). The exchange is sent up to
            /// three times on a server error, a timeout or a failed connection
            /// (the client's [`RetryPolicy`] does not apply to it). After a
            /// failed exchange, requests get its failure, without a new
            /// exchange, for one second, doubling with each failure in a row up
            /// to a minute; while the previous token has not expired, requests
            /// keep it instead. A failure is an [`Error::Auth`] whose source is
            /// the exchange's error; neither shows the answer's token.
            #[cfg(feature = "app-auth")]
            #[cfg_attr(docsrs, doc(cfg(feature = "app-auth")))]
            pub fn app_installation(self, app: auth::AppCredentials) -> Self {
                Self { inner: self.inner.app_installation(app) }
            }

            /// The API root: `https://api.github.com` (the default),
            /// `https://api.SUBDOMAIN.ghe.com` for GitHub Enterprise Cloud with
            /// data residency, or `https://HOST/api/v3` for GitHub Enterprise
            /// Server. Paths are appended to it, so a path prefix is kept.
            pub fn base_url(self, url: impl ::std::convert::Into<::std::string::String>) -> Self {
                Self { inner: self.inner.base_url(url) }
            }

            /// The product behind the base URL (default: github.com; from
            /// [`from_env`](ClientBuilder::from_env), the one its URL implies).
            /// It decides the headers sent and which operations exist: an
            /// operation the product lacks fails with [`Error::Unavailable`]
            /// before anything is sent. [`Client::detect_product`] asks the
            /// server instead.
            pub fn product(self, product: Product) -> Self {
                Self { inner: self.inner.product(product) }
            }

            /// The API version to request from github.com (default 2026-03-10).
            /// GitHub Enterprise Server 3.21 always gets 2026-03-10 and 2.22 gets
            /// no version header.
            pub fn api_version(self, version: ApiVersion) -> Self {
                Self { inner: self.inner.api_version(version) }
            }

            /// The `User-Agent` (default `gh-actions/<version>`); GitHub asks for
            /// your application's name.
            pub fn user_agent(self, user_agent: impl ::std::convert::Into<::std::string::String>) -> Self {
                Self { inner: self.inner.user_agent(user_agent) }
            }

            /// The time limit of one API request, answer body included (default
            /// 30 s), whatever HTTP client is used. For downloads it limits each
            /// hop until its answer starts, and then each read, not the whole
            /// transfer.
            pub fn timeout(self, timeout: ::std::time::Duration) -> Self {
                Self { inner: self.inner.timeout(timeout) }
            }

            /// The largest API answer body read, in bytes (default 100 MiB). A
            /// larger answer fails with [`Error::BodyTooLarge`] as soon as the
            /// limit is passed. Error answers are read up to 64 KiB at most;
            /// downloads are not limited.
            pub fn max_body_size(self, bytes: u64) -> Self {
                Self { inner: self.inner.max_body_size(bytes) }
            }

            /// Allows a plain `http://` base URL to a host other than loopback
            /// while a token is set (refused by default: the token would cross
            /// the network in clear text).
            pub fn allow_insecure_http(self, allow: bool) -> Self {
                Self { inner: self.inner.allow_insecure_http(allow) }
            }

            /// Builds the API's HTTP client from this `reqwest` builder
            /// (proxies, custom TLS roots, connection pool settings). Redirects
            /// are turned off on it whatever it says: a redirect answer (a
            /// download's `Location`) is returned, never followed with the
            /// token, and its whole-request timeout is this builder's
            /// [`timeout`](ClientBuilder::timeout).
            ///
            /// It is a builder of reqwest 0.13, the version this crate is built
            /// on, which it re-exports as `gh_actions::reqwest`: make it with
            /// `gh_actions::reqwest::Client::builder()`. A builder
            /// of another reqwest version is another type (the compiler says
            /// "multiple different versions of crate `reqwest`").
            ///
            /// ```no_run
            /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
            /// use gh_actions::reqwest;
            /// let gh = gh_actions::Client::builder()
            ///     .http_client(reqwest::Client::builder().proxy(reqwest::Proxy::https("http://proxy:3128")?))
            ///     .build()?;
            /// # let _ = gh;
            /// # Ok(()) }
            /// ```
            pub fn http_client(self, client: reqwest::ClientBuilder) -> Self {
                Self { inner: self.inner.http_client(client) }
            }

            /// Builds the HTTP client that fetches
            /// [`DownloadUrl`](download::DownloadUrl)s from this `reqwest`
            /// builder (a proxy, say), a builder of reqwest 0.13 like
            /// [`http_client`](ClientBuilder::http_client)'s. It must not add
            /// credentials of its own: the storage hosts are not GitHub. Its
            /// redirects are turned off too: downloads follow them hop by hop,
            /// sending only the user agent.
            pub fn download_client(self, client: reqwest::ClientBuilder) -> Self {
                Self { inner: self.inner.download_client(client) }
            }

            /// How failed requests are retried (default: never).
            pub fn retry(self, policy: RetryPolicy) -> Self {
                Self { inner: self.inner.retry(policy) }
            }

            /// Checks the settings and builds the client: an invalid base URL is
            /// [`Error::InvalidBaseUrl`], another unusable setting (token, user
            /// agent, HTTP client) [`Error::Config`].
            pub fn build(self) -> ::std::result::Result<Client, Error> {
                self.inner.build()
            }
        }
    }
}

/// A private type whose encoding fails with the message of an input a setter
/// refused (a free-form object given as something else), so the request
/// fails as the runtime's `Error::Encode` before anything is sent.
fn refused_input(model: &Model, target: &Target) -> Option<TokenStream> {
    let areas: std::collections::BTreeSet<&str> = model
        .operations
        .iter()
        .filter(|o| o.body.as_ref().is_some_and(|b| b.refusable()))
        .map(|o| o.area.as_str())
        .collect();
    let name = ident(crate::names::REFUSED_TYPE);
    // Compiled with the areas whose builders keep a refusal.
    let gate = if target.crate_root {
        super::features::gate(areas.iter().copied())
    } else {
        TokenStream::new()
    };
    (!areas.is_empty()).then(|| {
        let items = quote! {
            /// An input a setter refused; encoding it fails with the reason.
            struct #name<'a>(&'a str);

            impl #name<'_> {
                /// Why `value`, given for the object `field`, was refused.
                fn not_an_object(field: &str, value: &::serde_json::Value) -> ::std::string::String {
                    let kind = match value {
                        ::serde_json::Value::Null => "null",
                        ::serde_json::Value::Bool(_) => "a boolean",
                        ::serde_json::Value::Number(_) => "a number",
                        ::serde_json::Value::String(_) => "a string",
                        ::serde_json::Value::Array(_) => "an array",
                        ::serde_json::Value::Object(_) => "an object",
                    };
                    ::std::format!("`{field}` must be a JSON object, not {kind}")
                }
            }

            impl ::serde::Serialize for #name<'_> {
                fn serialize<S: ::serde::Serializer>(&self, _: S) -> ::std::result::Result<S::Ok, S::Error> {
                    ::std::result::Result::Err(<S::Error as ::serde::ser::Error>::custom(self.0))
                }
            }
        };
        super::features::gate_items(items, &gate)
    })
}
