//! The hand-written runtime: the HTTP client and its configuration, errors,
//! pagination, downloads, path encoding, timestamps and secret sealing.
//! Generated operations describe themselves with an [`Operation`] and call
//! into this module; it knows nothing about individual endpoints.

mod builder;
mod client;
mod download;
mod error;
mod error_answer;
mod pagination;
mod request;
mod retry;
mod sealing;
#[cfg(test)]
mod test_server;
mod timestamp;

pub use builder::ClientBuilder;
pub use client::{ApiVersion, Client, Operation, Product};
pub use download::{ByteStream, DownloadUrl};
pub use error::{ApiError, DecodeError, DownloadError, Error};
pub use error_answer::{RateLimit, RateLimitError, RateLimitKind};
pub(crate) use pagination::ListBody;
pub use pagination::{Page, PageStream};
pub(crate) use request::{Request, encode_segment};
pub use retry::RetryPolicy;
pub use sealing::SealedSecret;
pub use timestamp::{Timestamp, TimestampParseError};
