//! The bottom layer: what requests and answers are made of, with no I/O.
//!
//! Operation descriptors and the products and API versions they exist on,
//! the error type and what it carries, rate-limit state, an answer's
//! metadata, download URLs, tokens and where they come from, and the value
//! types generated types use (timestamps, date ranges, nullable fields, the
//! serde helpers of `codec`). Nothing here imports from
//! [`transport`](crate::transport) or [`features`](crate::features).

pub mod codec;
pub(crate) mod date_range;
pub(crate) mod download_url;
pub(crate) mod error;
pub(crate) mod message;
pub(crate) mod meta;
pub(crate) mod nullable;
pub(crate) mod operation;
pub(crate) mod rate_limit;
pub(crate) mod timestamp;
pub(crate) mod token;
