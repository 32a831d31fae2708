//! Downloads: the redirect URL of a log or artifact, and its bytes.

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::{Bytes, BytesMut};
use futures_core::Stream;
use futures_util::StreamExt as _;
use reqwest::{Method, Url};
use tokio::io::{AsyncWrite, AsyncWriteExt as _};
use tracing::Instrument as _;

use super::client::Client;
use super::error::{self, DownloadError, Error};

/// Where GitHub redirected a download (logs, artifacts, archives).
///
/// Such URLs are short-lived (about a minute) and signed: the signature in
/// the query is a credential, so `Debug` leaves the query out. Fetch the
/// bytes with [`Client::download`], which sends no GitHub token there.
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

/// Text that did not parse as a URL, for messages: cut at the query, and
/// without anything before an `@` in the authority (user info).
pub(crate) fn redact_text(text: &str) -> String {
    let text = text.split(['?', '#']).next().unwrap_or_default();
    match text.split_once("://") {
        Some((scheme, rest)) => {
            let authority_end = rest.find('/').unwrap_or(rest.len());
            let (authority, path) = rest.split_at(authority_end);
            let host = authority.rsplit('@').next().unwrap_or(authority);
            format!("{scheme}://{host}{path}")
        }
        None => text.rsplit('@').next().unwrap_or(text).to_owned(),
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

/// The body of a download, chunk by chunk: a [`Stream`] of
/// `Result<Bytes, Error>`, so large archives never sit in memory whole.
#[must_use = "streams do nothing unless polled"]
pub struct ByteStream {
    inner: Pin<Box<dyn Stream<Item = Result<Bytes, Error>> + Send>>,
    content_length: Option<u64>,
}

impl ByteStream {
    /// The size announced by the storage host, if any.
    pub fn content_length(&self) -> Option<u64> {
        self.content_length
    }

    /// The next chunk, `Ok(None)` at the end.
    pub async fn try_next(&mut self) -> Result<Option<Bytes>, Error> {
        std::future::poll_fn(|cx| self.inner.as_mut().poll_next(cx))
            .await
            .transpose()
    }

    /// Reads the whole body into memory (fine for job logs; prefer
    /// [`write_to`](ByteStream::write_to) for artifacts).
    pub async fn into_bytes(mut self) -> Result<Bytes, Error> {
        let capacity = self
            .content_length
            .and_then(|n| usize::try_from(n).ok())
            .unwrap_or(0)
            .min(64 * 1024 * 1024);
        let mut all = BytesMut::with_capacity(capacity);
        while let Some(chunk) = self.try_next().await? {
            all.extend_from_slice(&chunk);
        }
        Ok(all.freeze())
    }

    /// Copies the body into `writer` (a `tokio::fs::File`, say) and flushes
    /// it; returns the number of bytes written.
    pub async fn write_to<W>(mut self, writer: &mut W) -> Result<u64, Error>
    where
        W: AsyncWrite + Unpin + ?Sized,
    {
        let mut written = 0u64;
        let io_error = |e: std::io::Error| {
            Error::Download(Box::new(DownloadError {
                url: String::new(),
                status: None,
                message: format!("writing the download failed: {e}"),
                source: Some(Box::new(e)),
                attempts: 1,
            }))
        };
        while let Some(chunk) = self.try_next().await? {
            writer.write_all(&chunk).await.map_err(io_error)?;
            written += chunk.len() as u64;
        }
        writer.flush().await.map_err(io_error)?;
        Ok(written)
    }
}

impl Stream for ByteStream {
    type Item = Result<Bytes, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ByteStream")
            .field("content_length", &self.content_length)
            .finish_non_exhaustive()
    }
}

/// Most redirects followed for one download; storage hosts use one or two.
const MAX_HOPS: usize = 10;

impl Client {
    /// Streams the bytes behind a download URL.
    ///
    /// No hop of the download carries `Authorization` or any of the API
    /// headers (only `User-Agent`), so the token never reaches a storage
    /// host. Redirects are followed here, hop by hop (at most ten, never
    /// from https to http), not by the HTTP client, whatever client was
    /// configured. Each hop must answer within the client's timeout; the
    /// body then streams without a total limit (artifacts are large), each
    /// read within the timeout. Failures before the body starts are retried
    /// as the client's [`RetryPolicy`](super::RetryPolicy) allows.
    pub async fn download(&self, url: &DownloadUrl) -> Result<ByteStream, Error> {
        let span = tracing::info_span!(
            "github_download",
            host = url.url.host_str().unwrap_or_default()
        );
        async move {
            let mut attempts = 1;
            loop {
                let mut error = match self.download_once(url).await {
                    Ok(stream) => return Ok(stream),
                    Err(error) => error,
                };
                let Some(delay) =
                    self.retry_policy()
                        .delay_before_retry(&Method::GET, &error, attempts)
                else {
                    error.set_attempts(attempts);
                    return Err(error);
                };
                tracing::warn!(attempts, %error, "retrying download");
                tokio::time::sleep(delay).await;
                attempts += 1;
            }
        }
        .instrument(span)
        .await
    }

    async fn download_once(&self, start: &DownloadUrl) -> Result<ByteStream, Error> {
        let mut url = start.url.clone();
        for _ in 0..=MAX_HOPS {
            let redacted = redact_url(&url);
            let failed = |status: Option<u16>, message: String, source: Option<reqwest::Error>| {
                Error::Download(Box::new(DownloadError {
                    url: redacted.clone(),
                    status,
                    message,
                    // Error texts of the HTTP client quote the URL, signature included.
                    source: source.map(|e| Box::new(e.without_url()) as _),
                    attempts: 1,
                }))
            };
            let limit = self.timeout();
            let sent = tokio::time::timeout(limit, self.downloads().get(url.clone()).send());
            let resp = match sent.await {
                Err(_) => {
                    let message = format!("no answer within {} ms", limit.as_millis());
                    return Err(failed(None, message, None));
                }
                Ok(Err(e)) if e.is_timeout() => {
                    return Err(failed(None, "no answer within the timeout".into(), Some(e)));
                }
                Ok(Err(e)) => return Err(failed(None, "the request failed".into(), Some(e))),
                Ok(Ok(resp)) => resp,
            };
            let status = resp.status();
            if status.is_redirection() {
                let next = resp
                    .headers()
                    .get(reqwest::header::LOCATION)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|location| url.join(location.trim()).ok());
                let Some(next) = next else {
                    let message =
                        format!("the storage host answered {status} without a usable Location");
                    return Err(failed(Some(status.as_u16()), message, None));
                };
                if !redirect_allowed(&url, &next) {
                    let message = format!(
                        "refusing a redirect from {} to {}",
                        url.scheme(),
                        redact_url(&next)
                    );
                    return Err(failed(Some(status.as_u16()), message, None));
                }
                url = next;
                continue;
            }
            if !status.is_success() {
                let body = tokio::time::timeout(limit, read_at_most(resp, ERROR_BODY_LIMIT))
                    .await
                    .unwrap_or_default();
                let message = format!(
                    "the storage host answered {status}: {}",
                    error::snippet(&body)
                );
                return Err(failed(Some(status.as_u16()), message, None));
            }
            let content_length = resp.content_length();
            let body_url = redacted.clone();
            let chunks = resp.bytes_stream().map(move |chunk| {
                chunk.map_err(|e| {
                    Error::Download(Box::new(DownloadError {
                        url: body_url.clone(),
                        status: None,
                        message: "reading the body failed".into(),
                        source: Some(Box::new(e.without_url())),
                        attempts: 1,
                    }))
                })
            });
            return Ok(ByteStream {
                inner: Box::pin(chunks),
                content_length,
            });
        }
        Err(Error::Download(Box::new(DownloadError {
            url: redact_url(&start.url),
            status: None,
            message: format!("more than {MAX_HOPS} redirects"),
            source: None,
            attempts: 1,
        })))
    }
}

/// A download may move from http to https, never from https to http (the
/// signed URL would cross the network in clear text), and only over http(s).
fn redirect_allowed(from: &Url, to: &Url) -> bool {
    match to.scheme() {
        "https" => true,
        "http" => from.scheme() == "http",
        _ => false,
    }
}

/// The most of an error body kept: GitHub's and storage hosts' error
/// documents are a few hundred bytes; a larger body is cut, not read on.
pub(crate) const ERROR_BODY_LIMIT: usize = 64 * 1024;

/// Reads at most `limit` bytes of a body, stopping quietly at the limit or
/// at a read error (for error answers, whose body only feeds a message).
pub(crate) async fn read_at_most(mut resp: reqwest::Response, limit: usize) -> Bytes {
    let mut out = BytesMut::new();
    while out.len() < limit {
        match resp.chunk().await {
            Ok(Some(chunk)) => {
                let room = limit - out.len();
                out.extend_from_slice(&chunk[..chunk.len().min(room)]);
            }
            Ok(None) | Err(_) => break,
        }
    }
    out.freeze()
}

/// A URL for messages and logs: no user info, no query, no fragment.
pub(crate) fn redact_url(url: &Url) -> String {
    let mut url = url.clone();
    let _ = url.set_username("");
    let _ = url.set_password(None);
    url.set_query(None);
    url.set_fragment(None);
    url.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::{Operation, Product};
    use crate::request::Request;
    use crate::test_server::{Answer, TestServer};

    static LOGS: Operation = Operation {
        id: "actions/download-job-logs-for-workflow-run",
        method: Method::GET,
        path: "/repos/{owner}/{repo}/actions/jobs/{job_id}/logs",
        products: &[Product::GitHubCom],
    };

    #[test]
    fn redirects_never_downgrade_to_http_or_leave_http() {
        let url = |s: &str| Url::parse(s).unwrap();
        assert!(redirect_allowed(&url("https://a/x"), &url("https://b/y")));
        assert!(redirect_allowed(&url("http://a/x"), &url("https://b/y")));
        assert!(redirect_allowed(&url("http://a/x"), &url("http://b/y")));
        assert!(!redirect_allowed(&url("https://a/x"), &url("http://b/y")));
        assert!(!redirect_allowed(
            &url("https://a/x"),
            &url("file:///etc/passwd")
        ));
        assert!(!redirect_allowed(&url("http://a/x"), &url("ftp://b/y")));
    }

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

    #[tokio::test]
    async fn downloads_send_no_token_and_no_api_headers() {
        let storage = TestServer::start(|_| Answer::bytes(200, b"log line 1\nlog line 2\n")).await;
        let api_location = format!("{}/blob/logs.txt?sig=abc", storage.url);
        let api = TestServer::start(move |_| Answer::redirect(&api_location)).await;
        let client = Client::builder()
            .base_url(&api.url)
            .token("t0ken")
            .build()
            .unwrap();

        let resp = client
            .execute(Request::new(
                &LOGS,
                "/repos/o/r/actions/jobs/1/logs".to_owned(),
            ))
            .await
            .unwrap();
        let url = resp.download_url().unwrap();
        assert_eq!(
            storage.requests().len(),
            0,
            "the API client did not follow the redirect"
        );
        let body = client
            .download(&url)
            .await
            .unwrap()
            .into_bytes()
            .await
            .unwrap();
        assert_eq!(&body[..], b"log line 1\nlog line 2\n");

        let seen = storage.requests();
        assert_eq!(seen.len(), 1);
        assert_eq!(seen[0].target, "/blob/logs.txt?sig=abc");
        assert_eq!(seen[0].header("authorization"), None);
        assert_eq!(seen[0].header("x-github-api-version"), None);
        assert_ne!(
            seen[0].header("accept"),
            Some("application/vnd.github+json")
        );
        assert!(
            seen[0]
                .header("user-agent")
                .is_some_and(|ua| ua.starts_with("gh-actions/"))
        );
    }

    #[tokio::test]
    async fn storage_errors_carry_the_status_and_write_to_copies_bytes() {
        let storage = TestServer::start(|n| match n {
            0 => Answer::bytes(403, b"<Error><Code>AuthenticationFailed</Code></Error>"),
            _ => Answer::bytes(200, &[7u8; 10_000]),
        })
        .await;
        let client = Client::builder().build().unwrap();
        let url = DownloadUrl::parse(&format!("{}/x.zip?sig=SECRET", storage.url)).unwrap();
        let err = client.download(&url).await.unwrap_err();
        assert_eq!(err.status(), Some(403));
        assert!(err.to_string().contains("AuthenticationFailed"));
        assert!(!err.to_string().contains("SECRET"));

        let stream = client.download(&url).await.unwrap();
        assert_eq!(stream.content_length(), Some(10_000));
        let mut out = Vec::new();
        assert_eq!(stream.write_to(&mut out).await.unwrap(), 10_000);
        assert!(out.iter().all(|&b| b == 7));
    }
}
