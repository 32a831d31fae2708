//! GitHub App installation tokens: a short-lived RS256 JWT signed with the
//! App's private key, exchanged for an installation token that is cached
//! and refreshed ahead of its expiry.
//!
//! Signing uses `ring`, which the TLS stack already builds, so the feature
//! adds no crate to the build (the JWT itself is three base64url parts).

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use chrono::{DateTime, Utc};
use futures_core::future::BoxFuture;
use reqwest::Method;
use reqwest::header::AUTHORIZATION;
use ring::rand::SystemRandom;
use ring::signature::{RSA_PKCS1_SHA256, RsaKeyPair};
use tokio::sync::Mutex;

use crate::transport::auth::bearer;
use crate::transport::builder::ClientBuilder;
use crate::transport::client::Client;
use crate::transport::request::{Request, encode_segment};
use crate::vocabulary::error::Error;
use crate::vocabulary::operation::{Operation, Product};
use crate::vocabulary::token::{Token, TokenSource};

/// The token exchange, as an operation of its own in errors and traces.
static CREATE_INSTALLATION_TOKEN: Operation = Operation {
    id: "apps/create-installation-access-token",
    method: Method::POST,
    path: "/app/installations/{installation_id}/access_tokens",
    products: Product::ALL,
};

/// GitHub accepts App JWTs that expire at most ten minutes after issue.
const JWT_LIFETIME: Duration = Duration::from_secs(9 * 60);
/// Issued-at is set back for clocks that run ahead of GitHub's.
const CLOCK_DRIFT: Duration = Duration::from_secs(60);

/// Who the client acts as: a GitHub App (its id or client id, and its
/// private key) on one of its installations.
///
/// ```no_run
/// # fn main() -> Result<(), gh_actions::Error> {
/// use gh_actions::auth::AppCredentials;
/// let pem = std::fs::read_to_string("my-app.private-key.pem").expect("the key file");
/// let gh = gh_actions::Client::builder()
///     .app_installation(AppCredentials::new("123456", &pem, 7654321))
///     .build()?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct AppCredentials {
    app_id: String,
    private_key_pem: zeroize::Zeroizing<String>,
    installation_id: u64,
    refresh_margin: Duration,
}

impl AppCredentials {
    /// The App's id (or client id), its private key as PEM (PKCS#1 `RSA
    /// PRIVATE KEY`, as GitHub hands it out, or PKCS#8), and the
    /// installation to act on.
    pub fn new(app_id: impl Into<String>, private_key_pem: &str, installation_id: u64) -> Self {
        AppCredentials {
            app_id: app_id.into(),
            private_key_pem: zeroize::Zeroizing::new(private_key_pem.to_owned()),
            installation_id,
            refresh_margin: Duration::from_secs(5 * 60),
        }
    }

    /// How long before its expiry an installation token is replaced
    /// (default five minutes; GitHub's tokens live one hour).
    pub fn refresh_margin(mut self, margin: Duration) -> Self {
        self.refresh_margin = margin;
        self
    }

    /// The token source, exchanging through `exchange` (a client with the
    /// same settings and no token of its own).
    fn into_source(self, exchange: Client) -> Result<InstallationTokens, Error> {
        let key = parse_private_key(&self.private_key_pem)?;
        Ok(InstallationTokens {
            app_id: self.app_id,
            installation_id: self.installation_id,
            refresh_margin: self.refresh_margin,
            key: Arc::new(key),
            exchange,
            cached: Mutex::new(None),
        })
    }
}

impl fmt::Debug for AppCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AppCredentials")
            .field("app_id", &self.app_id)
            .field("installation_id", &self.installation_id)
            .field("private_key", &"<redacted>")
            .finish()
    }
}

impl<C: From<Client>> ClientBuilder<C> {
    /// Acts as a GitHub App installation: each request carries an
    /// installation token, obtained with a short-lived JWT signed by the
    /// App's private key, cached, and refreshed ahead of its expiry (one
    /// refresh shared by concurrent requests). Needs the `app-auth` feature.
    pub fn app_installation(self, app: AppCredentials) -> Self {
        self.exchanging_token_source(move |exchange| {
            let source: Arc<dyn TokenSource> = Arc::new(app.into_source(exchange)?);
            Ok(source)
        })
    }
}

/// Installation tokens, fetched on demand and shared by every request.
struct InstallationTokens {
    app_id: String,
    installation_id: u64,
    refresh_margin: Duration,
    key: Arc<RsaKeyPair>,
    exchange: Client,
    /// Held across a refresh, so concurrent requests wait for one exchange.
    cached: Mutex<Option<(Token, DateTime<Utc>)>>,
}

impl TokenSource for InstallationTokens {
    fn token(&self) -> BoxFuture<'_, Result<Token, Error>> {
        Box::pin(async move {
            let mut cached = self.cached.lock().await;
            let margin = chrono::Duration::from_std(self.refresh_margin).unwrap_or_default();
            if let Some((token, expires_at)) = cached.as_ref()
                && *expires_at - margin > Utc::now()
            {
                return Ok(token.clone());
            }
            let fresh = self.exchange().await?;
            *cached = Some(fresh.clone());
            Ok(fresh.0)
        })
    }
}

/// The parts of GitHub's installation token answer this crate reads.
#[derive(serde::Deserialize)]
struct InstallationToken {
    token: String,
    expires_at: String,
}

impl InstallationTokens {
    /// One `POST /app/installations/{installation_id}/access_tokens`.
    async fn exchange(&self) -> Result<(Token, DateTime<Utc>), Error> {
        let jwt = app_jwt(&self.key, &self.app_id, Utc::now())?;
        let path = format!(
            "/app/installations/{}/access_tokens",
            encode_segment(&self.installation_id)
        );
        let mut req = Request::new(&CREATE_INSTALLATION_TOKEN, path);
        req.header(AUTHORIZATION, bearer(&jwt)?);
        let resp = self.exchange.execute(req).await?;
        if resp.status() != 201 && resp.status() != 200 {
            return Err(resp.unexpected_status());
        }
        let answer: InstallationToken = resp.json()?;
        let expires_at = DateTime::parse_from_rfc3339(&answer.expires_at)
            .map_err(|e| resp.decode_error("expires_at", serde::de::Error::custom(e)))?;
        Ok((Token::new(answer.token), expires_at.with_timezone(&Utc)))
    }
}

/// The App's JWT: RS256, issued a minute in the past, nine minutes valid.
fn app_jwt(key: &RsaKeyPair, app_id: &str, now: DateTime<Utc>) -> Result<String, Error> {
    let issued = now.timestamp() - CLOCK_DRIFT.as_secs() as i64;
    let expires = now.timestamp() + JWT_LIFETIME.as_secs() as i64;
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"RS256","typ":"JWT"}"#);
    let claims = serde_json::json!({ "iat": issued, "exp": expires, "iss": app_id });
    let claims = URL_SAFE_NO_PAD.encode(claims.to_string());
    let signing_input = format!("{header}.{claims}");
    let mut signature = vec![0; key.public().modulus_len()];
    key.sign(
        &RSA_PKCS1_SHA256,
        &SystemRandom::new(),
        signing_input.as_bytes(),
        &mut signature,
    )
    .map_err(|_| Error::Config {
        message: "signing the GitHub App JWT failed".to_owned(),
    })?;
    Ok(format!(
        "{signing_input}.{}",
        URL_SAFE_NO_PAD.encode(signature)
    ))
}

/// Reads a PEM RSA private key: PKCS#1 (`RSA PRIVATE KEY`) or PKCS#8
/// (`PRIVATE KEY`). Errors never quote the key.
fn parse_private_key(pem: &str) -> Result<RsaKeyPair, Error> {
    let invalid = |why: &str| Error::Config {
        message: format!("the GitHub App private key is not usable: {why}"),
    };
    let (label, der) = pem_block(pem).ok_or_else(|| invalid("no PEM block found"))?;
    let der = STANDARD
        .decode(der)
        .map_err(|_| invalid("the PEM body is not base64"))?;
    match label {
        "RSA PRIVATE KEY" => RsaKeyPair::from_der(&der),
        "PRIVATE KEY" => RsaKeyPair::from_pkcs8(&der),
        _ => return Err(invalid("expected an RSA PRIVATE KEY or PRIVATE KEY block")),
    }
    .map_err(|e| invalid(&format!("not an RSA key ring accepts ({e})")))
}

/// The label and the joined base64 body of the first PEM block.
fn pem_block(pem: &str) -> Option<(&str, String)> {
    let start = pem.find("-----BEGIN ")?;
    let rest = &pem[start + "-----BEGIN ".len()..];
    let label_end = rest.find("-----")?;
    let label = &rest[..label_end];
    let body_and_end = &rest[label_end + 5..];
    let end = body_and_end.find(&format!("-----END {label}-----"))?;
    let body = body_and_end[..end]
        .chars()
        .filter(|c| !c.is_ascii_whitespace())
        .collect();
    Some((label, body))
}
