//! The hand-written runtime of the `gh-actions` client: the HTTP client and
//! its configuration, errors and rate limits, pagination, downloads, path
//! encoding, timestamps and secret sealing.
//!
//! Applications use it through `gh-actions`, which re-exports everything a
//! user needs. The generated operations describe themselves with an
//! [`Operation`] and call the hidden items below (as `progenitor-client`
//! serves progenitor's output); this crate knows nothing about individual
//! endpoints.

pub mod auth;
mod builder;
mod client;
mod date_range;
mod download;
mod endpoint;
mod error;
mod error_answer;
mod gzip;
mod json_path;
mod meta;
mod nullable;
mod pagination;
mod raw;
mod request;
mod retry;
#[cfg(test)]
mod scenarios;
mod sealing;
#[cfg(test)]
mod test_server;
mod timestamp;
mod tls;

#[doc(hidden)]
pub mod codec;

pub use builder::ClientBuilder;
pub use client::{ApiVersion, Client, Operation, Product};
pub use date_range::{DateRange, SearchTime};
pub use download::{ByteStream, DownloadUrl};
pub use endpoint::{ConditionalRequest, Watch, WatchOptions};
pub use error::{ApiError, DecodeError, DownloadError, Error};
pub use error_answer::{RateLimit, RateLimitError, RateLimitKind};
pub use meta::{Conditional, Meta, WithMeta};
pub use nullable::Nullable;
pub use pagination::{Page, PageStream};
pub use raw::RawRequest;
pub use reqwest::Method;
pub use retry::RetryPolicy;
pub use sealing::SealedSecret;
pub use timestamp::{Timestamp, TimestampParseError};

// What generated operations call; not part of the user-facing API.
#[doc(hidden)]
pub use bytes;
#[doc(hidden)]
pub use chrono;
#[doc(hidden)]
pub use endpoint::{Endpoint, send, send_with_meta, watch};
#[doc(hidden)]
pub use pagination::{ListBody, decode_page};
#[doc(hidden)]
pub use request::{Request, Response, encode_segment};
/// Installs rustls' `ring` crypto provider as the process default unless one
/// is set. The client does this itself; call it before building another
/// reqwest 0.13 client (with `rustls-no-provider`) that may be built first.
pub use tls::ensure_crypto_provider;
