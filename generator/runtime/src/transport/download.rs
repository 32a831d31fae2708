//! Downloads: the bytes behind the redirect URL of a log or artifact,
//! fetched without the token.

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::{Bytes, BytesMut};
use futures_core::Stream;
use futures_util::StreamExt as _;
use reqwest::{Method, Url};
use tokio::io::{AsyncWrite, AsyncWriteExt as _};
use tracing::Instrument as _;

use super::body::{ERROR_BODY_LIMIT, read_at_most};
use super::client::Client;
use crate::vocabulary::download_url::DownloadUrl;
use crate::vocabulary::error::{DownloadError, Error};
use crate::vocabulary::message::{redact_url, snippet};

/// The body of a download, chunk by chunk: a `futures::Stream` of
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
    /// as the client's [`RetryPolicy`](crate::RetryPolicy) allows.
    pub async fn download(&self, url: &DownloadUrl) -> Result<ByteStream, Error> {
        let span = tracing::info_span!(
            "github_download",
            host = url.as_url().host_str().unwrap_or_default()
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
        let mut url = start.as_url().clone();
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
                let message = format!("the storage host answered {status}: {}", snippet(&body));
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
            url: redact_url(start.as_url()),
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
