//! Verified webhook deliveries (feature `webhooks`).
//!
//! GitHub signs each delivery with the webhook's secret: the
//! `X-Hub-Signature-256` header is `sha256=` and the lower-case hex
//! HMAC-SHA256 of the exact body. A [`Verifier`] checks that signature, in
//! constant time and against every secret of a rotation, before anything
//! reads the body; only then does it hand out a [`VerifiedDelivery`],
//! whose [`parse`](VerifiedDelivery::parse) decodes the payload into the
//! event's type. The SHA-1 `X-Hub-Signature` header has no place in the
//! API, bodies are bounded ([`DEFAULT_MAX_BODY_SIZE`], GitHub's own cap),
//! and each bad input is its own [`WebhookError`], none of which shows a
//! secret or the signature it would give.
//!
//! A receiver, whatever the HTTP framework: headers and body in, typed
//! event out.
//!
//! ```
//! use gh_actions_runtime::webhook::{DeliveryHeaders, Verifier, WebhookError};
//!
//! #[derive(serde::Deserialize)]
//! struct WorkflowRunEvent {
//!     action: String,
//!     workflow_run: WorkflowRun,
//! }
//! #[derive(serde::Deserialize)]
//! struct WorkflowRun {
//!     id: u64,
//!     conclusion: Option<String>,
//! }
//!
//! /// `header` looks a header up by lower-case name; `body` is the request
//! /// body as received, read up to `verifier.body_limit() + 1` bytes.
//! /// Returns the HTTP status to answer with.
//! fn receive<'h>(
//!     verifier: &Verifier,
//!     header: impl FnMut(&'static str) -> Option<&'h [u8]>,
//!     body: Vec<u8>,
//! ) -> u16 {
//!     let delivery = match verifier.verify(DeliveryHeaders::from_lookup(header), body) {
//!         Ok(delivery) => delivery,
//!         Err(error) if error.is_refused_delivery() => {
//!             eprintln!("refused: {error}");
//!             return 401;
//!         }
//!         Err(error) => {
//!             eprintln!("{error}");
//!             return 500;
//!         }
//!     };
//!     match delivery.event() {
//!         "workflow_run" => match delivery.parse::<WorkflowRunEvent>() {
//!             Ok(event) => {
//!                 println!("run {} {}: {:?}", event.workflow_run.id, event.action,
//!                     event.workflow_run.conclusion);
//!                 204
//!             }
//!             Err(error) => {
//!                 eprintln!("{error}");
//!                 400
//!             }
//!         },
//!         _ => 204, // events this receiver does not handle
//!     }
//! }
//!
//! let verifier = Verifier::new("It's a Secret to Everybody");
//! // Unsigned: refused before the body is read.
//! let status = receive(&verifier, |name| (name == "x-github-event").then_some(&b"workflow_run"[..]), b"{}".to_vec());
//! assert_eq!(status, 401);
//! ```
//!
//! A `deployment_protection_rule` event is answered at its
//! `deployment_callback_url`: [`Client::deployment_callback`](crate::Client::deployment_callback)
//! accepts that URL only on the client's own origin and base path, and
//! [`DeploymentCallback::review`] answers with the client's token.

mod callback;
mod delivery;
mod error;
mod secret;
mod verify;

pub use callback::{DeploymentCallback, ReviewState};
pub use delivery::VerifiedDelivery;
pub use error::{SignatureProblem, WebhookError};
pub use secret::Secret;
pub use verify::{
    DEFAULT_MAX_BODY_SIZE, DELIVERY_HEADER, DeliveryHeaders, EVENT_HEADER, SIGNATURE_256_HEADER,
    Verifier,
};
