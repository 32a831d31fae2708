//! `Secret`: one webhook secret, wiped from memory when dropped and never
//! shown.

use std::fmt;

use zeroize::Zeroizing;

/// A webhook secret, as set in the webhook's settings on GitHub.
///
/// Its bytes are wiped when it is dropped, and its `Debug` shows
/// `Secret(<redacted>)`; it has no `Display`. An empty secret is never
/// used for verification: a [`Verifier`](super::Verifier) with only empty
/// secrets answers [`WebhookError::NoSecret`](super::WebhookError::NoSecret),
/// the usual sign of an unset environment variable.
#[derive(Clone)]
pub struct Secret(Zeroizing<Vec<u8>>);

impl Secret {
    /// A secret from its bytes (a `String`, `&str`, `Vec<u8>` or `&[u8]`).
    pub fn new(bytes: impl Into<Vec<u8>>) -> Secret {
        Secret(Zeroizing::new(bytes.into()))
    }

    /// Whether the secret has no bytes (and so is never used).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The bytes, for the HMAC key only.
    pub(super) fn expose(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl From<String> for Secret {
    fn from(secret: String) -> Secret {
        Secret::new(secret)
    }
}

impl From<&str> for Secret {
    fn from(secret: &str) -> Secret {
        Secret::new(secret)
    }
}

impl From<Vec<u8>> for Secret {
    fn from(secret: Vec<u8>) -> Secret {
        Secret::new(secret)
    }
}

impl From<&[u8]> for Secret {
    fn from(secret: &[u8]) -> Secret {
        Secret::new(secret)
    }
}

#[cfg(test)]
mod tests {
    use super::Secret;

    #[test]
    fn debug_never_shows_the_bytes() {
        let secret = Secret::from("It's a Secret to Everybody");
        assert_eq!(format!("{secret:?}"), "Secret(<redacted>)");
        assert_eq!(format!("{secret:#?}"), "Secret(<redacted>)");
        assert_eq!(secret.expose(), b"It's a Secret to Everybody");
    }

    #[test]
    fn an_empty_secret_says_so() {
        assert!(Secret::from(String::new()).is_empty());
        assert!(!Secret::from(&b"k"[..]).is_empty());
    }
}
