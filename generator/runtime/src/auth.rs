//! Where the bearer token of each request comes from: a fixed token, or a
//! [`TokenSource`] asked before every request (GitHub App installations
//! with the `app-auth` feature, a vault, a token file).

#[cfg(feature = "app-auth")]
pub(crate) mod app;
#[cfg(feature = "app-auth")]
pub use app::AppCredentials;
/// The future a [`TokenSource`] returns.
pub use futures_core::future::BoxFuture;

use std::fmt;
use std::sync::Arc;

use reqwest::header::HeaderValue;
use zeroize::Zeroizing;

use super::error::Error;

/// A bearer token. `Debug` never shows it, and it is wiped from memory when
/// dropped.
#[derive(Clone)]
pub struct Token(Zeroizing<String>);

impl Token {
    /// Wraps a token (personal access token, installation token, ...).
    pub fn new(token: impl Into<String>) -> Token {
        Token(Zeroizing::new(token.into()))
    }

    /// The token text, for sending it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(<redacted>)")
    }
}

/// Supplies the token of each request. Implement it to take tokens from a
/// vault or a file that another process refreshes; the client asks before
/// every request, so a source caches and refreshes on its own (as the
/// GitHub App installation source does).
///
/// ```
/// use gh_actions::Error;
/// use gh_actions::auth::{BoxFuture, Token, TokenSource};
///
/// /// Reads the token from a file a sidecar keeps fresh.
/// struct TokenFile(std::path::PathBuf);
///
/// impl TokenSource for TokenFile {
///     fn token(&self) -> BoxFuture<'_, Result<Token, Error>> {
///         Box::pin(async move {
///             let text = std::fs::read_to_string(&self.0)
///                 .map_err(|e| Error::auth("cannot read the token file", Some(Box::new(e))))?;
///             Ok(Token::new(text.trim()))
///         })
///     }
/// }
/// ```
pub trait TokenSource: Send + Sync + 'static {
    /// A token good for the next request.
    fn token(&self) -> BoxFuture<'_, Result<Token, Error>>;
}

/// How a client authenticates.
#[derive(Clone, Default)]
pub(crate) enum Auth {
    /// No `Authorization` header.
    #[default]
    None,
    /// The same header on every request (already in the client's headers).
    Fixed,
    /// A header made from the source's token before every request.
    Source(Arc<dyn TokenSource>),
}

impl Auth {
    pub(crate) fn is_set(&self) -> bool {
        !matches!(self, Auth::None)
    }
}

/// `Bearer <token>`, marked sensitive so HTTP logging hides it.
pub(crate) fn bearer(token: &str) -> Result<HeaderValue, Error> {
    let token = token.trim();
    if token.is_empty() {
        return Err(Error::Config {
            message: "the token is empty".to_owned(),
        });
    }
    let text = Zeroizing::new(format!("Bearer {token}"));
    let mut value = HeaderValue::from_str(&text).map_err(|_| Error::Config {
        message: "the token contains characters not allowed in a header".to_owned(),
    })?;
    value.set_sensitive(true);
    Ok(value)
}
