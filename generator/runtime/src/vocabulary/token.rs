//! Tokens and where they come from: a [`Token`], and a [`TokenSource`]
//! asked before every request (GitHub App installations with the
//! `app-auth` feature, a vault, a token file).

use std::fmt;

use zeroize::Zeroizing;

/// The future a [`TokenSource`] returns.
pub use futures_core::future::BoxFuture;

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
