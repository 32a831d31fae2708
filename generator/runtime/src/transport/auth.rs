//! How a client authenticates: no token, a fixed one among its default
//! headers, or a [`TokenSource`] asked before every request.

use std::sync::Arc;

use reqwest::header::HeaderValue;
use zeroize::Zeroizing;

use crate::vocabulary::error::Error;
use crate::vocabulary::token::TokenSource;

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
