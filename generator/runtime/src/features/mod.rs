//! The top layer: what the runtime offers on top of sending a request.
//!
//! The interface generated operations implement ([`Endpoint`](endpoint::Endpoint))
//! and the ways to send one, conditional requests, watching a resource,
//! both paginations, raw requests to any endpoint, GitHub App
//! installation tokens (`app-auth`) and sealed secrets. Each stands on
//! [`transport`](crate::transport) and [`vocabulary`](crate::vocabulary).

#[cfg(feature = "app-auth")]
pub(crate) mod app_auth;
pub(crate) mod conditional;
pub(crate) mod endpoint;
#[cfg(feature = "fuzzing")]
pub mod fuzzing;
pub(crate) mod pagination;
pub(crate) mod raw;
pub(crate) mod sealing;
pub(crate) mod watch;
#[cfg(feature = "webhooks")]
pub mod webhook;
