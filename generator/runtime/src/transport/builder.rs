//! `ClientBuilder`: settings, their validation, and the headers they imply;
//! the product a client talks to, from the builder, the environment or the
//! server itself (`Client::detect_product`).

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use reqwest::Url;
use reqwest::header::{
    ACCEPT, ACCEPT_ENCODING, AUTHORIZATION, HeaderMap, HeaderName, HeaderValue, USER_AGENT,
};
use zeroize::Zeroizing;

use super::auth::{Auth, bearer};
use super::client::{Client, Inner};
use super::request::Request;
use super::retry::RetryPolicy;
use crate::vocabulary::error::Error;
use crate::vocabulary::message::{redact_text, redact_url};
use crate::vocabulary::operation::{ApiVersion, Operation, Product, ProductSource};
use crate::vocabulary::token::TokenSource;

const DEFAULT_BASE_URL: &str = "https://api.github.com";
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// 100 MiB: far above any API answer (a page of 100 runs is about 1.2 MB).
const DEFAULT_MAX_BODY: u64 = 100 * 1024 * 1024;
const DEFAULT_USER_AGENT: &str = concat!("gh-actions/", env!("CARGO_PKG_VERSION"));

/// Makes the token source of a client from a client of the same settings
/// and no token of its own, through which it obtains its tokens (a GitHub
/// App's installation tokens are exchanged for the App's JWT).
pub(crate) type ExchangingSource =
    Box<dyn FnOnce(Client) -> Result<Arc<dyn TokenSource>, Error> + Send + Sync>;

/// Settings for a [`Client`]; finish with [`build`](ClientBuilder::build).
///
/// `C` is what `build` gives: the runtime's [`Client`], or the client type of
/// a generated crate that wraps it.
#[must_use]
pub struct ClientBuilder<C = Client> {
    token: Option<Zeroizing<String>>,
    token_source: Option<Arc<dyn TokenSource>>,
    exchanging: Option<ExchangingSource>,
    base_url: String,
    product: Product,
    product_source: ProductSource,
    api_version: ApiVersion,
    user_agent: Option<String>,
    timeout: Duration,
    max_body: u64,
    allow_insecure_http: bool,
    http_client: Option<reqwest::ClientBuilder>,
    download_client: Option<reqwest::ClientBuilder>,
    retry: RetryPolicy,
    output: PhantomData<fn() -> C>,
}

impl<C> Default for ClientBuilder<C> {
    fn default() -> Self {
        ClientBuilder {
            token: None,
            token_source: None,
            exchanging: None,
            base_url: DEFAULT_BASE_URL.to_owned(),
            product: Product::default(),
            product_source: ProductSource::Default,
            api_version: ApiVersion::default(),
            user_agent: None,
            timeout: DEFAULT_TIMEOUT,
            max_body: DEFAULT_MAX_BODY,
            allow_insecure_http: false,
            http_client: None,
            download_client: None,
            retry: RetryPolicy::none(),
            output: PhantomData,
        }
    }
}

impl<C: From<Client>> ClientBuilder<C> {
    /// A token (personal access token, GitHub App installation token or
    /// `GITHUB_TOKEN`), sent as `Authorization: Bearer`. Never printed by
    /// `Debug`, wiped from memory when the builder is dropped.
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(Zeroizing::new(token.into()));
        self
    }

    /// Asks `source` for the token before every request, instead of a
    /// fixed [`token`](ClientBuilder::token) (a vault, a file another
    /// process refreshes, your own App flow).
    pub fn token_source(mut self, source: impl TokenSource) -> Self {
        self.token_source = Some(Arc::new(source));
        self
    }

    /// Takes the token of each request from the source `make` builds from
    /// a client of the same settings and no token (the GitHub App
    /// installation tokens of `app_installation`).
    // Only GitHub App installations (the `app-auth` feature) exchange.
    #[cfg_attr(not(feature = "app-auth"), allow(dead_code))]
    pub(crate) fn exchanging_token_source(
        mut self,
        make: impl FnOnce(Client) -> Result<Arc<dyn TokenSource>, Error> + Send + Sync + 'static,
    ) -> Self {
        self.exchanging = Some(Box::new(make));
        self
    }

    /// A builder with the settings GitHub's runners provide: the token
    /// from `GITHUB_TOKEN` (or `GH_TOKEN`), and the API root from
    /// `GITHUB_API_URL` when set. A missing token is an error that names
    /// both variables.
    ///
    /// The product follows the API root's host: `api.github.com` and
    /// GitHub Enterprise Cloud with data residency (`api.SUBDOMAIN.ghe.com`)
    /// are github.com; any other host is taken as a GitHub Enterprise Server
    /// of the newest release the client knows (3.21). To be sure of an
    /// Enterprise Server's release, ask the server
    /// ([`Client::detect_product`], one `GET /meta`), or say it with
    /// [`product`](ClientBuilder::product).
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
    pub fn from_env() -> Result<Self, Error> {
        Self::default().read_env(|name| std::env::var(name).ok())
    }

    /// [`from_env`](ClientBuilder::from_env) over any variable lookup.
    pub(crate) fn read_env(mut self, var: impl Fn(&str) -> Option<String>) -> Result<Self, Error> {
        let set = |name: &str| var(name).filter(|v| !v.trim().is_empty());
        let token = set("GITHUB_TOKEN")
            .or_else(|| set("GH_TOKEN"))
            .ok_or_else(|| Error::Config {
                message: "no token in the environment: set GITHUB_TOKEN (or GH_TOKEN)".to_owned(),
            })?;
        self = self.token(token);
        if let Some(url) = set("GITHUB_API_URL") {
            let url = url.trim().trim_end_matches('/').to_owned();
            // A URL that does not parse keeps the default product; `build`
            // then says what is wrong with it.
            if let Some(product) = product_of_api_url(&url) {
                self.product = product;
                self.product_source = ProductSource::Environment;
            }
            self.base_url = url;
        }
        Ok(self)
    }

    /// The API root: `https://api.github.com` (the default), or
    /// `https://HOST/api/v3` for GitHub Enterprise Server. Paths are
    /// appended to it, so a path prefix is kept.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// The product behind the base URL (default: github.com; from
    /// [`from_env`](ClientBuilder::from_env), the one its URL implies). It
    /// decides the headers sent and which operations exist: an operation
    /// the product lacks fails with [`Error::Unavailable`] before anything
    /// is sent. [`Client::detect_product`] asks the server instead.
    pub fn product(mut self, product: Product) -> Self {
        self.product = product;
        self.product_source = ProductSource::Builder;
        self
    }

    /// The API version to request from github.com (default 2026-03-10).
    /// GitHub Enterprise Server 3.21 always gets 2026-03-10 and 2.22 gets no
    /// version header.
    pub fn api_version(mut self, version: ApiVersion) -> Self {
        self.api_version = version;
        self
    }

    /// The `User-Agent` (default `gh-actions/<version>`); GitHub asks for
    /// your application's name.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// The time limit of one API request, answer body included (default
    /// 30 s), whatever HTTP client is used. For downloads it limits each hop
    /// until its answer starts, and then each read, not the whole transfer.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The largest API answer body read, in bytes (default 100 MiB). A
    /// larger answer fails with [`Error::BodyTooLarge`] as soon as the limit
    /// is passed, so a broken or hostile server cannot exhaust memory. Error
    /// answers are read up to 64 KiB at most; downloads are not limited.
    pub fn max_body_size(mut self, bytes: u64) -> Self {
        self.max_body = bytes;
        self
    }

    /// Allows a plain `http://` base URL to a host other than loopback
    /// while a token is set (refused by default: the token would cross the
    /// network in clear text).
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// Builds the API's HTTP client from this `reqwest` builder (proxies,
    /// custom TLS roots, connection pool settings). Redirects are turned off
    /// on it whatever it says: a redirect answer (a download's `Location`)
    /// is returned, never followed with the token, and its whole-request
    /// timeout is this builder's [`timeout`](Self::timeout).
    ///
    /// It is a builder of reqwest 0.13, the version the client is built
    /// on, which `gh_actions::reqwest` re-exports: make it with
    /// `gh_actions::reqwest::Client::builder()` (a builder of another
    /// reqwest version is another type, and the compiler says "multiple
    /// different versions of crate `reqwest`").
    pub fn http_client(mut self, client: reqwest::ClientBuilder) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Builds the HTTP client that fetches
    /// [`DownloadUrl`](crate::DownloadUrl)s from this `reqwest` builder (a
    /// proxy, say). It must not add credentials of its own: the storage
    /// hosts are not GitHub. Its redirects are turned off too: downloads
    /// follow them hop by hop, sending only the user agent. Like
    /// [`http_client`](Self::http_client), a builder of reqwest 0.13
    /// (`gh_actions::reqwest`).
    pub fn download_client(mut self, client: reqwest::ClientBuilder) -> Self {
        self.download_client = Some(client);
        self
    }

    /// How failed requests are retried (default: never).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Checks the settings and builds the client.
    pub fn build(self) -> Result<C, Error> {
        let (base_url, base) = parse_base_url(&self.base_url)?;
        self.check_credentials(&base)?;
        let user_agent = user_agent_header(self.user_agent.as_deref())?;
        let authorization = self.token.as_deref().map(|t| bearer(t)).transpose()?;
        let auth = match (&authorization, self.token_source) {
            (Some(_), _) => Auth::Fixed,
            (None, Some(source)) => Auth::Source(source),
            (None, None) => Auth::None,
        };
        let headers = api_headers(user_agent.clone(), authorization);
        let limit = self.timeout;
        let api = api_client(self.http_client, headers, limit)?;
        let downloads = download_client(self.download_client, user_agent, limit)?;
        let settings = |auth: Auth| Inner {
            api: api.clone(),
            downloads: downloads.clone(),
            base_url: base_url.clone(),
            base: base.clone(),
            timeout: self.timeout,
            max_body: self.max_body,
            product: self.product,
            product_source: self.product_source,
            product_headers: product_headers(self.product, self.api_version),
            api_version: self.api_version,
            retry: self.retry.clone(),
            auth,
            last_rate_limit: std::sync::Mutex::new(None),
        };
        let auth = match self.exchanging {
            // The exchange goes through a client of the same settings that
            // signs in on its own (a GitHub App with its JWT).
            Some(make) => {
                let exchange = Client {
                    inner: Arc::new(settings(Auth::None)),
                };
                Auth::Source(make(exchange)?)
            }
            None => auth,
        };
        Ok(C::from(Client {
            inner: Arc::new(settings(auth)),
        }))
    }

    /// At most one source of credentials, and none sent over plain http
    /// to a host other than loopback unless allowed.
    fn check_credentials(&self, base: &Url) -> Result<(), Error> {
        let sources = [
            self.token.is_some(),
            self.token_source.is_some(),
            self.exchanging.is_some(),
        ];
        if sources.iter().filter(|set| **set).count() > 1 {
            return Err(Error::Config {
                message: "set one of token, token_source and app_installation, not several"
                    .to_owned(),
            });
        }
        if !sources.contains(&true) || base.scheme() != "http" || self.allow_insecure_http {
            return Ok(());
        }
        let host = base.host_str().unwrap_or_default();
        let host = host.trim_start_matches('[').trim_end_matches(']');
        let loopback = host.eq_ignore_ascii_case("localhost")
            || host
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback());
        if loopback {
            return Ok(());
        }
        Err(Error::InvalidBaseUrl {
            url: redact_url(base),
            reason: "a token is set and the URL is plain http, so the token would be \
                     sent unencrypted; use https, or allow it with \
                     `allow_insecure_http(true)`"
                .to_owned(),
        })
    }
}

impl Client {
    /// A builder with the defaults: github.com, API version 2026-03-10, no
    /// token, 30 s timeout, no retries.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client configured from the environment GitHub's runners set
    /// (`GITHUB_TOKEN` or `GH_TOKEN`, `GITHUB_API_URL`); see
    /// [`ClientBuilder::from_env`].
    pub fn from_env() -> Result<Client, Error> {
        ClientBuilder::from_env()?.build()
    }

    /// Where the configured [`product`](Client::product) came from: the
    /// default, the builder, `GITHUB_API_URL`, or the server's `GET /meta`.
    pub fn product_source(&self) -> ProductSource {
        self.inner.product_source
    }

    /// Asks the server which product it is and gives a client for that
    /// product, with the same settings and connections as this one.
    ///
    /// One `GET /meta`: a GitHub Enterprise Server answers its
    /// `installed_version` (`3.21.0` is [`Product::Ghes3_21`]; a release
    /// newer than every one the client knows is taken as the newest, whose
    /// operations and API versions it keeps), and github.com and GitHub
    /// Enterprise Cloud answer without one (github.com). An older release
    /// the client has no product for is an [`Error::Config`] that names it:
    /// choose the nearest with [`ClientBuilder::product`].
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), gh_actions::Error> {
    /// let gh = gh_actions::Client::from_env()?.detect_product().await?;
    /// println!("{} ({})", gh.product(), gh.product_source());
    /// # Ok(()) }
    /// ```
    pub async fn detect_product(&self) -> Result<Client, Error> {
        // Asked without an API version, which every release understands
        // (one that does not know the configured version would refuse it).
        let mut neutral = HeaderMap::new();
        neutral.insert(ACCEPT, HeaderValue::from_static(NEUTRAL_ACCEPT));
        let probe = self.reconfigured(self.inner.product, self.inner.product_source, neutral);
        let answer = probe
            .execute(Request::new(&META, META.path.to_owned()))
            .await?;
        let meta: ServerMeta = answer.json()?;
        let product = match meta.installed_version.as_deref() {
            None => Product::default(),
            Some(installed) => Product::for_server_version(installed)
                .ok_or_else(|| self.unknown_release(installed))?,
        };
        if let Some(installed) = &meta.installed_version
            && !product
                .server_release()
                .is_some_and(|release| is_of_release(installed, release))
        {
            tracing::info!(%installed, %product, "the server runs a release newer than the client knows");
        }
        let headers = product_headers(product, self.inner.api_version);
        Ok(self.reconfigured(product, ProductSource::ServerMeta, headers))
    }

    /// The error of an installed version the product table has no product for.
    fn unknown_release(&self, installed: &str) -> Error {
        let known: Vec<String> = Product::ALL.iter().map(|p| p.to_string()).collect();
        Error::Config {
            message: format!(
                "the server at {} runs GitHub Enterprise Server {} (`installed_version` of \
                 GET /meta), a release this client has no product for (it knows {}); \
                 choose the nearest with `ClientBuilder::product`",
                self.inner.base_url,
                installed.escape_debug(),
                known.join(", ")
            ),
        }
    }

    /// This client for another product: the same connections, settings,
    /// credentials and last rate-limit state.
    fn reconfigured(&self, product: Product, source: ProductSource, headers: HeaderMap) -> Client {
        let inner = &self.inner;
        Client {
            inner: Arc::new(Inner {
                api: inner.api.clone(),
                downloads: inner.downloads.clone(),
                base_url: inner.base_url.clone(),
                base: inner.base.clone(),
                timeout: inner.timeout,
                max_body: inner.max_body,
                product,
                product_source: source,
                product_headers: headers,
                api_version: inner.api_version,
                retry: inner.retry.clone(),
                auth: inner.auth.clone(),
                last_rate_limit: std::sync::Mutex::new(self.rate_limit()),
            }),
        }
    }
}

/// `GET /meta`, which every product answers.
static META: Operation = Operation {
    id: "meta/get",
    method: reqwest::Method::GET,
    path: "/meta",
    products: Product::ALL,
};

/// The `Accept` of a request every product understands.
const NEUTRAL_ACCEPT: &str = "application/vnd.github+json";

/// What `GET /meta` says of the product; the rest of the answer is not read.
#[derive(serde::Deserialize)]
struct ServerMeta {
    installed_version: Option<String>,
}

/// Whether an installed version (`3.21.0`) is of a release (`3.21`).
fn is_of_release(installed: &str, release: &str) -> bool {
    installed
        .trim()
        .strip_prefix(release)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
}

/// The product an API root implies: the one whose row names its host
/// (github.com for `api.github.com` and `*.ghe.com`), otherwise the newest
/// GitHub Enterprise Server release the table has. `None` when the text is
/// not a URL with a host.
fn product_of_api_url(url: &str) -> Option<Product> {
    let url = Url::parse(url).ok()?;
    let host = url.host_str().filter(|h| !h.is_empty())?;
    Some(
        Product::for_api_host(host)
            .or_else(Product::newest_server)
            .unwrap_or_default(),
    )
}

/// The `User-Agent`: the one set, or `gh-actions/<version>`.
fn user_agent_header(set: Option<&str>) -> Result<HeaderValue, Error> {
    let text = set.unwrap_or(DEFAULT_USER_AGENT);
    HeaderValue::from_str(text).map_err(|_| Error::Config {
        message: format!(
            "user agent \"{}\" is not a valid header value",
            text.escape_debug()
        ),
    })
}

fn setup_error(e: reqwest::Error) -> Error {
    Error::Config {
        message: format!("cannot set up the HTTP client: {e}"),
    }
}

/// The HTTP client of API requests, from the caller's builder or a default
/// one. Whatever the caller configured, it follows no redirects (a
/// download's `Location` is returned, never followed with the token), and
/// the headers of every product are its defaults.
fn api_client(
    custom: Option<reqwest::ClientBuilder>,
    headers: HeaderMap,
    limit: Duration,
) -> Result<reqwest::Client, Error> {
    custom
        .unwrap_or_else(|| reqwest::Client::builder().connect_timeout(limit))
        .default_headers(headers)
        // The whole-request timeout is the HTTP client's own, not set per
        // request: that would store it in each request's extensions.
        .timeout(limit)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(setup_error)
}

/// The HTTP client of downloads: only the user agent, and no redirects
/// (the download helper follows them itself, hop by hop).
fn download_client(
    custom: Option<reqwest::ClientBuilder>,
    user_agent: HeaderValue,
    limit: Duration,
) -> Result<reqwest::Client, Error> {
    custom
        .unwrap_or_else(|| {
            reqwest::Client::builder()
                .connect_timeout(limit)
                .read_timeout(limit)
        })
        .user_agent(user_agent)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(setup_error)
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let token = self.token.as_ref().map(|_| "<redacted>");
        f.debug_struct("ClientBuilder")
            .field("token", &token)
            .field(
                "token_source",
                &self.token_source.as_ref().map(|_| "custom"),
            )
            .field("base_url", &self.base_url)
            .field("product", &self.product)
            .field("product_source", &self.product_source)
            .field("api_version", &self.api_version)
            .field("user_agent", &self.user_agent)
            .field("timeout", &self.timeout)
            .field("max_body_size", &self.max_body)
            .field("allow_insecure_http", &self.allow_insecure_http)
            .field("http_client", &self.http_client.as_ref().map(|_| "custom"))
            .field(
                "download_client",
                &self.download_client.as_ref().map(|_| "custom"),
            )
            .field("retry", &self.retry)
            .finish()
    }
}

/// The headers of every API request, whatever the product.
fn api_headers(user_agent: HeaderValue, authorization: Option<HeaderValue>) -> HeaderMap {
    let mut headers = HeaderMap::new();
    // Answers are inflated by the client (src/gzip.rs) within the body limit.
    headers.insert(ACCEPT_ENCODING, HeaderValue::from_static("gzip"));
    headers.insert(USER_AGENT, user_agent);
    if let Some(authorization) = authorization {
        headers.insert(AUTHORIZATION, authorization);
    }
    headers
}

/// The headers of every API request for a product and version: its
/// `Accept`, and the `X-GitHub-Api-Version` it gets, if any.
fn product_headers(product: Product, version: ApiVersion) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(ACCEPT, HeaderValue::from_static(product.accept()));
    if let Some(version) = product.api_version_header(version) {
        headers.insert(
            HeaderName::from_static("x-github-api-version"),
            HeaderValue::from_static(version.as_str()),
        );
    }
    headers
}

/// Validates the base URL; returns it as text without a trailing slash
/// (what `Client::base_url` shows) and parsed (requests set their path and
/// query on a copy of it; links are checked against its origin).
fn parse_base_url(text: &str) -> Result<(String, Url), Error> {
    // The text may hold credentials (`https://user:token@host`): never echo them.
    let invalid = |reason: &str| Error::InvalidBaseUrl {
        url: redact_text(text.trim()),
        reason: reason.to_owned(),
    };
    let url = Url::parse(text.trim()).map_err(|e| invalid(&e.to_string()))?;
    let invalid = |reason: &str| Error::InvalidBaseUrl {
        url: redact_url(&url),
        reason: reason.to_owned(),
    };
    if url.scheme() != "https" && url.scheme() != "http" {
        return Err(invalid("the scheme must be https or http"));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(invalid("a host is required"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(invalid("credentials belong in the token, not the URL"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid("a query or fragment is not allowed"));
    }
    let base_url = url.as_str().trim_end_matches('/').to_owned();
    Ok((base_url, url))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
        headers.get(name).and_then(|v| v.to_str().ok())
    }

    #[test]
    fn headers_follow_the_product() {
        let com = product_headers(Product::GitHubCom, ApiVersion::V2022_11_28);
        assert_eq!(header(&com, "accept"), Some("application/vnd.github+json"));
        assert_eq!(header(&com, "x-github-api-version"), Some("2022-11-28"));
        let ghes = product_headers(Product::Ghes3_21, ApiVersion::V2022_11_28);
        assert_eq!(header(&ghes, "x-github-api-version"), Some("2026-03-10"));
        let old = product_headers(Product::Ghes2_22, ApiVersion::V2026_03_10);
        assert_eq!(
            header(&old, "accept"),
            Some("application/vnd.github.v3+json")
        );
        assert_eq!(header(&old, "x-github-api-version"), None);
        let every = api_headers(HeaderValue::from_static("ua"), None);
        assert_eq!(header(&every, "user-agent"), Some("ua"));
        assert_eq!(header(&every, "accept-encoding"), Some("gzip"));
        assert_eq!(header(&every, "authorization"), None);
        assert_eq!(header(&every, "accept"), None);
    }

    /// A row of the product table can only be sent if its values are valid
    /// header values (`HeaderValue::from_static` would panic on one that
    /// is not).
    #[test]
    fn every_product_and_version_of_the_table_gives_its_headers() {
        for product in Product::ALL {
            for version in ApiVersion::ALL {
                let headers = product_headers(*product, *version);
                assert_eq!(header(&headers, "accept"), Some(product.accept()));
                assert_eq!(
                    header(&headers, "x-github-api-version"),
                    product.api_version_header(*version).map(|v| v.as_str()),
                    "{product:?} {version:?}"
                );
            }
        }
    }

    #[test]
    fn base_urls_are_validated_and_keep_their_prefix() {
        let (text, _) = parse_base_url("https://ghe.example.com/api/v3/").unwrap();
        assert_eq!(text, "https://ghe.example.com/api/v3");
        let (text, _) = parse_base_url("https://api.github.com").unwrap();
        assert_eq!(text, "https://api.github.com");
        for bad in [
            "not a url",
            "ftp://x/api",
            "https://u:p@x/api",
            "https://x/api?x=1",
            "mailto:a@b",
        ] {
            assert!(
                matches!(
                    Client::builder().base_url(bad).build(),
                    Err(Error::InvalidBaseUrl { .. })
                ),
                "{bad}"
            );
        }
    }

    #[test]
    fn debug_never_shows_the_token() {
        let builder = Client::builder().token("ghp_supersecret123");
        assert!(!format!("{builder:?}").contains("supersecret"));
        assert!(format!("{builder:?}").contains("<redacted>"));
        let client = builder.build().unwrap();
        let shown = format!("{client:?}");
        assert!(
            !shown.contains("supersecret") && shown.contains("<redacted>"),
            "{shown}"
        );
        let value = bearer("ghp_supersecret123").unwrap();
        assert!(!format!("{value:?}").contains("supersecret"));
    }

    #[test]
    fn bad_tokens_and_user_agents_are_config_errors() {
        assert!(matches!(
            Client::builder().token("  ").build(),
            Err(Error::Config { .. })
        ));
        assert!(matches!(
            Client::builder().token("a\nb").build(),
            Err(Error::Config { .. })
        ));
        assert!(matches!(
            Client::builder().user_agent("x\u{0}").build(),
            Err(Error::Config { .. })
        ));
    }

    fn vars(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name| {
            pairs
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    #[test]
    fn configuration_comes_from_the_runner_environment() {
        let com: Client = ClientBuilder::default()
            .read_env(vars(&[("GITHUB_TOKEN", "ghs_x")]))
            .unwrap()
            .build()
            .unwrap();
        assert_eq!(com.base_url(), "https://api.github.com");
        assert_eq!(com.product(), Product::GitHubCom);
        assert_eq!(com.product_source(), ProductSource::Default);

        let ghes: Client = ClientBuilder::default()
            .read_env(vars(&[
                ("GH_TOKEN", "ghp_y"),
                ("GITHUB_API_URL", "https://ghe.example.com/api/v3/"),
            ]))
            .unwrap()
            .build()
            .unwrap();
        assert_eq!(ghes.base_url(), "https://ghe.example.com/api/v3");
        assert_eq!(ghes.product(), Product::Ghes3_21);
        assert_eq!(ghes.product_source(), ProductSource::Environment);
        assert!(format!("{ghes:?}").contains("<redacted>"));

        let missing = ClientBuilder::<Client>::default()
            .read_env(vars(&[("GITHUB_TOKEN", "  ")]))
            .unwrap_err();
        assert_eq!(
            missing.to_string(),
            "invalid client configuration: no token in the environment: set GITHUB_TOKEN (or GH_TOKEN)"
        );
    }

    #[test]
    fn the_api_root_of_the_environment_implies_the_product() {
        let cases = [
            ("https://api.github.com", Product::GitHubCom),
            ("https://api.github.com/", Product::GitHubCom),
            ("https://API.GITHUB.COM", Product::GitHubCom),
            ("https://api.octocorp.ghe.com", Product::GitHubCom),
            ("https://api.octocorp.ghe.com/", Product::GitHubCom),
            ("https://ghe.example.com/api/v3", Product::Ghes3_21),
            ("https://github.example.com/api/v3/", Product::Ghes3_21),
            ("http://127.0.0.1:8080/api/v3", Product::Ghes3_21),
        ];
        for (url, product) in cases {
            let builder = ClientBuilder::<Client>::default()
                .read_env(|name| match name {
                    "GITHUB_TOKEN" => Some("t".to_owned()),
                    "GITHUB_API_URL" => Some(url.to_owned()),
                    _ => None,
                })
                .unwrap();
            assert_eq!(builder.product, product, "{url}");
            assert_eq!(builder.product_source, ProductSource::Environment, "{url}");
            let chosen = builder.product(Product::Ghes2_22);
            assert_eq!(chosen.product_source, ProductSource::Builder, "{url}");
        }
        let broken = ClientBuilder::<Client>::default()
            .read_env(vars(&[
                ("GITHUB_TOKEN", "t"),
                ("GITHUB_API_URL", "not a url"),
            ]))
            .unwrap();
        assert_eq!(broken.product_source, ProductSource::Default);
        assert!(matches!(broken.build(), Err(Error::InvalidBaseUrl { .. })));
    }

    #[test]
    fn an_installed_version_is_of_its_release_only() {
        assert!(is_of_release("3.21.0", "3.21"));
        assert!(is_of_release(" 3.21 ", "3.21"));
        assert!(!is_of_release("3.210.1", "3.21"));
        assert!(!is_of_release("3.22.0", "3.21"));
    }
}
