//! GitHub App installation tokens: a short-lived RS256 JWT signed with the
//! App's private key, exchanged for an installation token that is cached
//! and refreshed ahead of its expiry.
//!
//! Signing uses `ring`, which the TLS stack already builds, so the feature
//! adds no crate to the build (the JWT itself is three base64url parts).

use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use chrono::{DateTime, Utc};
use futures_core::future::BoxFuture;
use futures_util::FutureExt as _;
use futures_util::future::Shared;
use reqwest::Method;
use reqwest::header::AUTHORIZATION;
use ring::rand::SystemRandom;
use ring::signature::{RSA_PKCS1_SHA256, RsaKeyPair};
use tokio::time::Instant;

use crate::transport::auth::bearer;
use crate::transport::builder::ClientBuilder;
use crate::transport::client::Client;
use crate::transport::request::{Request, encode_segment};
use crate::transport::retry::RetryPolicy;
use crate::vocabulary::error::Error;
use crate::vocabulary::message::duration_text;
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
    /// (default five minutes, never more than half the token's life;
    /// GitHub's tokens live one hour).
    pub fn refresh_margin(mut self, margin: Duration) -> Self {
        self.refresh_margin = margin;
        self
    }

    /// The token source, exchanging through `exchange` (a client with the
    /// same settings and no token of its own).
    fn into_source(self, exchange: Client) -> Result<InstallationTokens, Error> {
        let key = parse_private_key(&self.private_key_pem)?;
        Ok(InstallationTokens {
            wait_limit: exchange.timeout(),
            exchanger: Arc::new(Exchanger {
                app_id: self.app_id,
                installation_id: self.installation_id,
                refresh_margin: self.refresh_margin,
                key,
                client: exchange,
            }),
            state: Mutex::new(TokenState::default()),
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
    /// App's private key, cached, and refreshed ahead of its expiry. Needs
    /// the `app-auth` feature.
    ///
    /// One exchange runs at a time: concurrent requests wait for it and
    /// share its token or its failure, each for at most the client's
    /// [`timeout`](ClientBuilder::timeout). The exchange is sent up to three
    /// times on a server error, a timeout or a failed connection (the
    /// client's [`RetryPolicy`](crate::RetryPolicy) does not apply to it, and
    /// a request whose token could not be had is not retried). After an
    /// exchange failed, requests get its failure, without a new exchange,
    /// for one second, doubling with each failure in a row up to a minute;
    /// while the previous token has not expired, requests keep it instead
    /// of failing. A failure is an
    /// [`Error::Auth`] whose source is the exchange's error; neither shows
    /// the answer's token nor any part of its body.
    pub fn app_installation(self, app: AppCredentials) -> Self {
        self.exchanging_token_source(move |exchange| {
            let source: Arc<dyn TokenSource> = Arc::new(app.into_source(exchange)?);
            Ok(source)
        })
    }
}

/// What one exchange sends and reads; shared with the exchange in flight.
struct Exchanger {
    app_id: String,
    installation_id: u64,
    refresh_margin: Duration,
    key: RsaKeyPair,
    client: Client,
}

/// A token from an exchange, and when to replace it.
#[derive(Clone)]
struct Fresh {
    token: Token,
    expires_at: DateTime<Utc>,
    refresh_at: DateTime<Utc>,
}

/// What an exchange comes to; cloned for every caller that waited for it.
type Exchanged = Result<Fresh, Arc<Error>>;

/// The exchange in flight, polled by every caller waiting for it.
type Flight = Shared<BoxFuture<'static, Exchanged>>;

/// The last failed exchange, handed to callers until `until`.
struct Failure {
    error: Arc<Error>,
    until: Instant,
    in_a_row: u32,
}

#[derive(Default)]
struct TokenState {
    current: Option<Fresh>,
    in_flight: Option<Flight>,
    failure: Option<Failure>,
}

/// Installation tokens, fetched on demand and shared by every request.
struct InstallationTokens {
    exchanger: Arc<Exchanger>,
    /// How long one caller waits for an exchange: the client's timeout.
    wait_limit: Duration,
    /// Held only to read or change the state, never across an exchange.
    state: Mutex<TokenState>,
}

/// A token at once, or an exchange to wait for.
enum Next {
    Ready(Result<Token, Error>),
    Wait(Flight),
}

/// The first wait after a failed exchange, before another is tried.
const FIRST_FAILURE_HOLD: Duration = Duration::from_secs(1);
/// The longest such wait, after several failures in a row.
const LONGEST_FAILURE_HOLD: Duration = Duration::from_secs(60);

impl TokenSource for InstallationTokens {
    fn token(&self) -> BoxFuture<'_, Result<Token, Error>> {
        Box::pin(async move {
            let flight = match self.next() {
                Next::Ready(result) => return result,
                Next::Wait(flight) => flight,
            };
            // The exchange goes on for the other callers if this one stops
            // waiting.
            let Ok(exchanged) = tokio::time::timeout(self.wait_limit, flight.clone()).await else {
                if let Some(token) = self.unexpired() {
                    return Ok(token);
                }
                return Err(Error::auth(
                    format!(
                        "the installation token exchange did not finish within the timeout of {}",
                        duration_text(self.wait_limit)
                    ),
                    None,
                ));
            };
            self.settle(&flight, &exchanged);
            match exchanged {
                Ok(fresh) => Ok(fresh.token),
                Err(error) => self.unexpired().ok_or_else(|| exchange_failed(error)),
            }
        })
    }
}

impl InstallationTokens {
    fn lock(&self) -> MutexGuard<'_, TokenState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The cached token, the failure being held, or the exchange to wait
    /// for (started here when none is in flight).
    fn next(&self) -> Next {
        let mut state = self.lock();
        let now = Utc::now();
        if let Some(fresh) = &state.current
            && fresh.refresh_at > now
        {
            return Next::Ready(Ok(fresh.token.clone()));
        }
        if let Some(flight) = &state.in_flight {
            return Next::Wait(flight.clone());
        }
        if let Some(failure) = &state.failure
            && Instant::now() < failure.until
        {
            return Next::Ready(match unexpired(&state) {
                Some(token) => Ok(token),
                None => Err(exchange_failed(failure.error.clone())),
            });
        }
        let flight = self.exchanger.clone().exchange().boxed().shared();
        state.in_flight = Some(flight.clone());
        Next::Wait(flight)
    }

    /// The cached token while it has not expired (only its refresh is
    /// due): what callers get when refreshing it failed.
    fn unexpired(&self) -> Option<Token> {
        unexpired(&self.lock())
    }

    /// Records what the exchange `flight` came to, once (the first of its
    /// callers to see the end does).
    fn settle(&self, flight: &Flight, exchanged: &Exchanged) {
        let mut state = self.lock();
        if !state.in_flight.as_ref().is_some_and(|f| f.ptr_eq(flight)) {
            return;
        }
        state.in_flight = None;
        match exchanged {
            Ok(fresh) => {
                state.current = Some(fresh.clone());
                state.failure = None;
            }
            Err(error) => {
                let in_a_row = state.failure.as_ref().map_or(0, |f| f.in_a_row) + 1;
                let hold = FIRST_FAILURE_HOLD
                    .saturating_mul(1 << in_a_row.saturating_sub(1).min(16))
                    .min(LONGEST_FAILURE_HOLD);
                state.failure = Some(Failure {
                    error: error.clone(),
                    until: Instant::now() + hold,
                    in_a_row,
                });
            }
        }
    }
}

/// The cached token of `state` while it has not expired.
fn unexpired(state: &TokenState) -> Option<Token> {
    state
        .current
        .as_ref()
        .filter(|fresh| fresh.expires_at > Utc::now())
        .map(|fresh| fresh.token.clone())
}

/// The error of a caller whose token exchange (shared with others) failed.
fn exchange_failed(error: Arc<Error>) -> Error {
    Error::auth(
        format!("the installation token exchange failed: {error}"),
        Some(Box::new(error)),
    )
}

/// How one exchange is retried: a few quick tries on a server error, a
/// timeout or a failed connection. It is a `POST`, but repeating it is
/// harmless: GitHub hands out another token.
fn exchange_retry() -> RetryPolicy {
    RetryPolicy::new(3)
        .base_delay(Duration::from_millis(250))
        .max_delay(Duration::from_secs(2))
        .max_wait(Duration::from_secs(10))
        .retry_non_idempotent(true)
}

/// The longest token accepted; GitHub's are 40 characters.
const LONGEST_TOKEN: usize = 4096;

/// How long a token is trusted at most, whatever its expiry says (GitHub's
/// live one hour).
const LONGEST_TRUST: chrono::TimeDelta = chrono::TimeDelta::hours(1);

/// How long a token is kept when its expiry is already past by this
/// clock (a clock ahead of GitHub's): a minute, not one exchange per call.
const PAST_EXPIRY_KEPT: chrono::TimeDelta = chrono::TimeDelta::minutes(1);

impl Exchanger {
    /// One exchange, retried as [`exchange_retry`] allows.
    async fn exchange(self: Arc<Self>) -> Exchanged {
        self.exchange_once().await.map_err(Arc::new)
    }

    /// `POST /app/installations/{installation_id}/access_tokens`. Its
    /// answer holds the token, so no error shows any of its body.
    async fn exchange_once(&self) -> Result<Fresh, Error> {
        let jwt = app_jwt(&self.key, &self.app_id, Utc::now())?;
        let path = format!(
            "/app/installations/{}/access_tokens",
            encode_segment(&self.installation_id)
        );
        let mut req = Request::new(&CREATE_INSTALLATION_TOKEN, path);
        req.header(AUTHORIZATION, bearer(&jwt)?);
        req.hide_answer_body();
        let resp = self.client.execute_with(req, &exchange_retry()).await?;
        if resp.status() != 201 && resp.status() != 200 {
            return Err(resp.unexpected_status());
        }
        let received = Utc::now();
        let (token, expires_at) =
            read_token_answer(resp.body()).map_err(|why| resp.shape_error(why))?;
        Ok(Fresh {
            token,
            expires_at,
            refresh_at: self.refresh_time(received, expires_at),
        })
    }

    /// When to replace a token received at `received` that expires at
    /// `expires_at`: the refresh margin before its expiry, but not before
    /// half its life, nor later than an hour.
    fn refresh_time(&self, received: DateTime<Utc>, expires_at: DateTime<Utc>) -> DateTime<Utc> {
        let life = expires_at.signed_duration_since(received);
        if life <= chrono::TimeDelta::zero() {
            return received + PAST_EXPIRY_KEPT;
        }
        let margin = chrono::TimeDelta::from_std(self.refresh_margin)
            .unwrap_or(chrono::TimeDelta::MAX)
            .min(life / 2);
        (expires_at - margin).min(received + LONGEST_TRUST)
    }
}

/// The token and expiry of an exchange's answer; the error says what is
/// wrong in words of this crate, never quoting the answer.
fn read_token_answer(body: &[u8]) -> Result<(Token, DateTime<Utc>), &'static str> {
    let answer: serde_json::Value =
        serde_json::from_slice(body).map_err(|_| "the token answer is not JSON")?;
    let token = answer
        .get("token")
        .and_then(serde_json::Value::as_str)
        .ok_or("the token answer has no `token` string")?;
    if token.is_empty() {
        return Err("the answer's `token` is empty");
    }
    if token.len() > LONGEST_TOKEN || !token.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(
            "the answer's `token` is not a token (too long, or with characters a header cannot carry)",
        );
    }
    let expires_at = answer
        .get("expires_at")
        .and_then(serde_json::Value::as_str)
        .ok_or("the token answer has no `expires_at` string")?;
    let expires_at = DateTime::parse_from_rfc3339(expires_at)
        .map_err(|_| "the answer's `expires_at` is not an RFC 3339 time")?;
    Ok((Token::new(token), expires_at.with_timezone(&Utc)))
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
