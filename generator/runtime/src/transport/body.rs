//! Reading answer bodies within limits: a success body up to the client's
//! limit, an error body up to a small fixed one.

use std::time::Duration;

use bytes::{Bytes, BytesMut};

use crate::vocabulary::error::Error;

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

/// Reads a success body, failing as soon as it passes `limit` bytes (an
/// announced `Content-Length` over the limit fails before reading); a read
/// that passes the client's `timeout` fails as [`Error::Timeout`].
pub(crate) async fn read_limited(
    operation: &'static str,
    status: u16,
    mut resp: reqwest::Response,
    limit: u64,
    timeout: Duration,
) -> Result<Bytes, Error> {
    let too_large = || Error::BodyTooLarge {
        operation,
        status,
        limit,
    };
    if resp.content_length().is_some_and(|n| n > limit) {
        return Err(too_large());
    }
    let capacity = usize::try_from(resp.content_length().unwrap_or(0)).unwrap_or(0);
    // Most API answers arrive in one chunk: keep it as is, without a copy.
    let mut single: Option<Bytes> = None;
    let mut joined = BytesMut::new();
    let mut total = 0u64;
    while let Some(chunk) = resp
        .chunk()
        .await
        .map_err(|e| Error::from_reqwest(operation, e, timeout))?
    {
        total += chunk.len() as u64;
        if total > limit {
            return Err(too_large());
        }
        if single.is_none() && joined.is_empty() {
            single = Some(chunk);
            continue;
        }
        if let Some(first) = single.take() {
            joined.reserve(capacity.max(first.len() + chunk.len()));
            joined.extend_from_slice(&first);
        }
        joined.extend_from_slice(&chunk);
    }
    Ok(single.unwrap_or_else(|| joined.freeze()))
}
