//! The middle layer: sending one request and reading its answer.
//!
//! The client and its builder (settings, headers per product and API
//! version, TLS), requests (path and query encoding, bodies) and answers,
//! authentication headers, retries, reading bodies within limits, gzip,
//! error answers and rate limits, and downloads from a redirect URL. It
//! stands on [`vocabulary`](crate::vocabulary) and never imports from
//! [`features`](crate::features).

pub(crate) mod auth;
pub(crate) mod body;
pub(crate) mod builder;
pub(crate) mod client;
pub(crate) mod download;
pub(crate) mod error_answer;
pub(crate) mod gzip;
pub(crate) mod json_path;
pub(crate) mod multipart;
pub(crate) mod query;
pub(crate) mod request;
pub(crate) mod response;
pub(crate) mod retry;
