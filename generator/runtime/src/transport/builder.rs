//! `ClientBuilder`: settings, their validation, and the headers they imply.

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
use super::retry::RetryPolicy;
use crate::vocabulary::error::Error;
use crate::vocabulary::message::{redact_text, redact_url};
use crate::vocabulary::operation::{ApiVersion, Product};
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
    /// `GITHUB_API_URL` when set. An API root other than
    /// `https://api.github.com` is taken as GitHub Enterprise Server 3.21;
    /// call [`product`](ClientBuilder::product) to say otherwise. A missing
    /// token is an error that names both variables.
    ///
    /// ```no_run
    /// # fn main() -> Result<(), gh_actions::Error> {
    /// use std::time::Duration;
    /// let gh = gh_actions::ClientBuilder::from_env()?
    ///     .timeout(Duration::from_secs(10))
    ///     .build()?;
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
            if url != DEFAULT_BASE_URL {
                self.product = Product::Ghes3_21;
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

    /// The product behind the base URL (default: github.com).
    pub fn product(mut self, product: Product) -> Self {
        self.product = product;
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
    pub fn http_client(mut self, client: reqwest::ClientBuilder) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Builds the HTTP client that fetches
    /// [`DownloadUrl`](crate::DownloadUrl)s from this `reqwest` builder (a
    /// proxy, say). It must not add credentials of its own: the storage
    /// hosts are not GitHub. Its redirects are turned off too: downloads
    /// follow them hop by hop, sending only the user agent.
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
        let headers = api_headers(
            self.product,
            self.api_version,
            user_agent.clone(),
            authorization,
        );
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
/// the API headers are its defaults, so that a request does not copy them.
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

/// The headers of every API request for a product and version.
fn api_headers(
    product: Product,
    version: ApiVersion,
    user_agent: HeaderValue,
    authorization: Option<HeaderValue>,
) -> HeaderMap {
    let mut headers = HeaderMap::new();
    let accept = product.accept();
    let version = product.api_version_header(version).map(|v| v.as_str());
    headers.insert(ACCEPT, HeaderValue::from_static(accept));
    // Answers are inflated by the client (src/gzip.rs) within the body limit.
    headers.insert(ACCEPT_ENCODING, HeaderValue::from_static("gzip"));
    if let Some(version) = version {
        headers.insert(
            HeaderName::from_static("x-github-api-version"),
            HeaderValue::from_static(version),
        );
    }
    headers.insert(USER_AGENT, user_agent);
    if let Some(authorization) = authorization {
        headers.insert(AUTHORIZATION, authorization);
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
        let ua = HeaderValue::from_static("ua");
        let com = api_headers(
            Product::GitHubCom,
            ApiVersion::V2022_11_28,
            ua.clone(),
            None,
        );
        assert_eq!(header(&com, "accept"), Some("application/vnd.github+json"));
        assert_eq!(header(&com, "x-github-api-version"), Some("2022-11-28"));
        assert_eq!(header(&com, "authorization"), None);
        let ghes = api_headers(Product::Ghes3_21, ApiVersion::V2022_11_28, ua.clone(), None);
        assert_eq!(header(&ghes, "x-github-api-version"), Some("2026-03-10"));
        let old = api_headers(Product::Ghes2_22, ApiVersion::V2026_03_10, ua, None);
        assert_eq!(
            header(&old, "accept"),
            Some("application/vnd.github.v3+json")
        );
        assert_eq!(header(&old, "x-github-api-version"), None);
        assert_eq!(header(&old, "user-agent"), Some("ua"));
    }

    /// A row of the product table can only be sent if its values are valid
    /// header values (`HeaderValue::from_static` would panic on one that
    /// is not).
    #[test]
    fn every_product_and_version_of_the_table_gives_its_headers() {
        for product in Product::ALL {
            for version in ApiVersion::ALL {
                let headers = api_headers(*product, *version, HeaderValue::from_static("ua"), None);
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
        assert!(format!("{ghes:?}").contains("<redacted>"));

        let missing = ClientBuilder::<Client>::default()
            .read_env(vars(&[("GITHUB_TOKEN", "  ")]))
            .unwrap_err();
        assert_eq!(
            missing.to_string(),
            "invalid client configuration: no token in the environment: set GITHUB_TOKEN (or GH_TOKEN)"
        );
    }
}
