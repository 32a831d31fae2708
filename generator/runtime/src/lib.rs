//! The hand-written runtime of the `gh-actions` client: the HTTP client and
//! its configuration, errors and rate limits, pagination, downloads, path
//! encoding, timestamps and secret sealing.
//!
//! Applications use it through `gh-actions`, which re-exports everything a
//! user needs. The generated operations describe themselves with an
//! [`Operation`], implement `Endpoint`, and call the hidden items below
//! (as `progenitor-client` serves progenitor's output); this crate knows
//! nothing about individual endpoints.
//!
//! # Layers
//!
//! The sources stand in three layers, each a module directory that imports
//! only from the layers below it (`tests/layers.rs` checks this, and that
//! no modules of one layer import each other in a circle):
//!
//! 1. `vocabulary`: what requests and answers are made of, with no I/O:
//!    [`Operation`], [`Product`] and [`ApiVersion`], [`Error`] and its
//!    details, [`RateLimit`], [`Meta`], [`DownloadUrl`], tokens, and the
//!    value types generated types use ([`Timestamp`], [`Nullable`],
//!    [`DateRange`], `codec`).
//! 2. `transport`: sending one request and reading its answer: [`Client`]
//!    and [`ClientBuilder`], requests and answers, authentication headers,
//!    [`RetryPolicy`], bodies within limits, gzip, error answers, and
//!    [`Client::download`].
//! 3. `features`: what is built on sending: the `Endpoint` interface of
//!    generated operations, [`ConditionalRequest`], [`Watch`], [`Page`] and
//!    [`PageStream`], [`RawRequest`], GitHub App installation tokens, and
//!    [`SealedSecret`].
//!
//! This file only declares the layers and re-exports their public items:
//! every path below is the path users and generated code write.

#![cfg_attr(docsrs, feature(doc_cfg))]

mod features;
mod transport;
mod vocabulary;

/// Where the bearer token of each request comes from: a fixed token, or a
/// [`TokenSource`](auth::TokenSource) asked before every request (GitHub
/// App installations with the `app-auth` feature, a vault, a token file).
pub mod auth {
    #[cfg(feature = "app-auth")]
    #[cfg_attr(docsrs, doc(cfg(feature = "app-auth")))]
    pub use crate::features::app_auth::AppCredentials;
    pub use crate::vocabulary::token::{BoxFuture, Token, TokenSource};
}

#[doc(hidden)]
pub use vocabulary::codec;

/// Entry points for the fuzz targets of `tests/fuzz/` (feature `fuzzing`).
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub use features::fuzzing;

pub use vocabulary::operation::ProductSource;
#[doc(inline)]
pub use vocabulary::operation::{ApiVersion, Product};

#[cfg(feature = "webhooks")]
pub use features::webhook;

pub use features::conditional::ConditionalRequest;
pub use features::pagination::{Page, PageStream};
pub use features::raw::RawRequest;
pub use features::sealing::SealedSecret;
pub use features::watch::{Watch, WatchOptions};
pub use reqwest::Method;
pub use transport::builder::ClientBuilder;
pub use transport::client::Client;
pub use transport::download::ByteStream;
pub use transport::retry::RetryPolicy;
pub use vocabulary::date_range::{DateRange, SearchTime};
pub use vocabulary::download_url::DownloadUrl;
pub use vocabulary::error::{ApiError, DecodeError, DownloadError, Error};
pub use vocabulary::meta::{Conditional, Meta, WithMeta};
pub use vocabulary::nullable::Nullable;
pub use vocabulary::operation::Operation;
pub use vocabulary::rate_limit::{RateLimit, RateLimitError, RateLimitKind};
pub use vocabulary::timestamp::{Timestamp, TimestampParseError};

// What generated operations call; not part of the user-facing API.
#[doc(hidden)]
pub use bytes;
#[doc(hidden)]
pub use chrono;
#[doc(hidden)]
pub use features::endpoint::{Endpoint, send, send_with_meta};
#[doc(hidden)]
pub use features::pagination::{ListBody, decode_page};
#[doc(hidden)]
pub use features::watch::watch;
/// The HTTP client the runtime is built on, reqwest 0.13: the
/// `ClientBuilder::http_client` and `download_client` settings take its
/// `ClientBuilder`, whatever version of reqwest an application uses itself.
pub use reqwest;
/// A file for a `multipart/form-data` body: bytes, a file name and a content
/// type (the argument or setter of a file part of a generated operation).
pub use transport::multipart::FilePart;
#[doc(hidden)]
pub use transport::multipart::Multipart;
#[doc(hidden)]
pub use transport::query::QueryStyle;
#[doc(hidden)]
pub use transport::request::{Request, encode_segment};
#[doc(hidden)]
pub use transport::response::Response;
