//! Where GitHub redirected a download: a signed, short-lived URL that
//! messages and `Debug` never show whole.

use std::fmt;

use reqwest::Url;

use super::error::{DownloadError, Error};
use super::message::{redact_text, redact_url};

/// Where GitHub redirected a download (logs, artifacts, archives).
///
/// Such URLs are short-lived (about a minute) and signed: the signature in
/// the query is a credential, so `Debug` leaves the query out. Fetch the
/// bytes with `Client::download`, which sends no GitHub token there.
// `Client::download` is not a link: the client crate shows this text where
// the runtime's `Client` is not documented, and the link would be dead there.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct DownloadUrl {
    url: Url,
}

impl DownloadUrl {
    /// A download URL from text (http or https).
    pub fn parse(text: &str) -> Result<DownloadUrl, Error> {
        let invalid = |reason: String| {
            Error::Download(Box::new(DownloadError {
                url: redact_text(text),
                status: None,
                message: reason,
                source: None,
                attempts: 0,
            }))
        };
        let url = Url::parse(text).map_err(|e| invalid(e.to_string()))?;
        DownloadUrl::new(url).ok_or_else(|| invalid("the scheme must be https or http".into()))
    }

    /// Accepts http and https URLs only.
    pub(crate) fn new(url: Url) -> Option<DownloadUrl> {
        matches!(url.scheme(), "https" | "http").then_some(DownloadUrl { url })
    }

    /// The full URL, signature included.
    pub fn as_str(&self) -> &str {
        self.url.as_str()
    }

    /// The full URL, parsed.
    pub fn as_url(&self) -> &Url {
        &self.url
    }

    /// The full URL, parsed.
    pub fn into_url(self) -> Url {
        self.url
    }

    /// The URL without query or fragment, safe to log.
    fn redacted(&self) -> String {
        redact_url(&self.url)
    }
}

impl fmt::Debug for DownloadUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ellipsis = if self.url.query().is_some() {
            "?…"
        } else {
            ""
        };
        write!(f, "DownloadUrl({}{ellipsis})", self.redacted())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_errors_leave_the_signature_out() {
        let url =
            DownloadUrl::parse("https://storage.example.net/a/logs.zip?sig=SECRET&se=1").unwrap();
        assert_eq!(
            format!("{url:?}"),
            "DownloadUrl(https://storage.example.net/a/logs.zip?…)"
        );
        assert!(url.as_str().contains("sig=SECRET"));
        let err = DownloadUrl::parse("ftp://x/y?sig=SECRET").unwrap_err();
        assert!(!err.to_string().contains("SECRET"), "{err}");
    }
}
