//! `VerifiedDelivery`: a delivery whose signature checked out, and the
//! typed reading of its payload.

use std::borrow::Cow;
use std::fmt;

use bytes::Bytes;
use serde::de::DeserializeOwned;

use super::error::WebhookError;
use crate::transport::json_path::path_of;
use crate::vocabulary::message::{snippet, without_secrets};

/// A delivery whose signature matched one of the secrets: its event name,
/// its delivery id and its body, exactly as received.
///
/// Only [`Verifier::verify`](super::Verifier::verify) makes one, so holding
/// one means the body came from whoever holds the secret.
#[derive(Clone)]
pub struct VerifiedDelivery {
    event: String,
    delivery: Option<String>,
    body: Bytes,
}

impl VerifiedDelivery {
    pub(super) fn new(event: String, delivery: Option<String>, body: Bytes) -> Self {
        VerifiedDelivery {
            event,
            delivery,
            body,
        }
    }

    /// The `X-GitHub-Event` header, such as `workflow_run` or
    /// `deployment_protection_rule`. The signature covers the body only,
    /// not this header: decode the payload into the type of the event it
    /// names, and rely on the payload's own fields.
    pub fn event(&self) -> &str {
        &self.event
    }

    /// The `X-GitHub-Delivery` id, when the delivery had a readable one.
    pub fn delivery(&self) -> Option<&str> {
        self.delivery.as_deref()
    }

    /// The body as received.
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// The body as received, taken out.
    pub fn into_body(self) -> Bytes {
        self.body
    }

    /// The JSON payload: the body, or for a webhook whose content type is
    /// `application/x-www-form-urlencoded`, the decoded `payload` field of
    /// the form.
    pub fn payload(&self) -> Result<Cow<'_, [u8]>, WebhookError> {
        let Some(form) = self.body.strip_prefix(b"payload=") else {
            return Ok(Cow::Borrowed(&self.body));
        };
        if form.contains(&b'&') {
            let source = serde::de::Error::custom(
                "a form-encoded delivery holds one `payload` field and nothing else",
            );
            return Err(self.payload_error(".", &self.body, source));
        }
        let spaced: Vec<u8> = form
            .iter()
            .map(|&b| if b == b'+' { b' ' } else { b })
            .collect();
        Ok(Cow::Owned(
            percent_encoding::percent_decode(&spaced).collect(),
        ))
    }

    /// Decodes the payload into `T`, the type of the event's payload; on
    /// failure the error names the field path (`workflow_run.id`) and
    /// shows the start of the payload.
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, WebhookError> {
        let payload = self.payload()?;
        serde_json::from_slice(&payload).map_err(|source| {
            let path = path_of(&payload, &source);
            self.payload_error(&path, &payload, source)
        })
    }

    fn payload_error(&self, path: &str, payload: &[u8], source: serde_json::Error) -> WebhookError {
        WebhookError::Payload {
            delivery: self.delivery.clone(),
            event: self.event.clone(),
            path: without_secrets(path),
            snippet: without_secrets(&snippet(payload)),
            source,
        }
    }
}

impl fmt::Debug for VerifiedDelivery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VerifiedDelivery")
            .field("event", &self.event)
            .field("delivery", &self.delivery)
            .field("body_bytes", &self.body.len())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    struct WorkflowRunEvent {
        action: String,
        workflow_run: Run,
    }
    #[derive(Debug, serde::Deserialize)]
    struct Run {
        id: u64,
    }

    fn delivery(body: &str) -> VerifiedDelivery {
        VerifiedDelivery::new(
            "workflow_run".to_owned(),
            Some("d-1".to_owned()),
            Bytes::copy_from_slice(body.as_bytes()),
        )
    }

    #[test]
    fn a_json_payload_decodes() {
        let event: WorkflowRunEvent =
            delivery(r#"{"action":"completed","workflow_run":{"id":30433642}}"#)
                .parse()
                .unwrap();
        assert_eq!(event.action, "completed");
        assert_eq!(event.workflow_run.id, 30433642);
    }

    #[test]
    fn a_form_encoded_payload_is_decoded_first() {
        let body = "payload=%7B%22action%22%3A%22in+progress%22%2C%22workflow_run%22%3A%7B%22id%22%3A7%7D%7D";
        let event: WorkflowRunEvent = delivery(body).parse().unwrap();
        assert_eq!(event.action, "in progress");
        assert_eq!(event.workflow_run.id, 7);
        let Err(error) = delivery("payload=%7B%7D&other=1").parse::<WorkflowRunEvent>() else {
            panic!("a form with two fields must be refused");
        };
        assert!(error.to_string().contains("one `payload` field"), "{error}");
    }

    #[test]
    fn a_payload_of_another_shape_names_the_field_path() {
        let body = r#"{"action":"completed","workflow_run":{"id":"thirty"}}"#;
        let Err(WebhookError::Payload {
            delivery,
            event,
            path,
            snippet,
            ..
        }) = delivery(body).parse::<WorkflowRunEvent>()
        else {
            panic!("a string id must not decode");
        };
        assert_eq!(delivery.as_deref(), Some("d-1"));
        assert_eq!(event, "workflow_run");
        assert_eq!(path, "workflow_run.id");
        assert!(snippet.starts_with(r#"{"action":"completed""#), "{snippet}");
    }

    #[test]
    fn debug_shows_the_body_size_not_the_body() {
        let shown = format!("{:?}", delivery(r#"{"token":"ghs_abc"}"#));
        assert!(!shown.contains("ghs_abc"), "{shown}");
        assert!(shown.contains("body_bytes: 19"), "{shown}");
    }
}
