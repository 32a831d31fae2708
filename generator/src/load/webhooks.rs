//! The webhook events of the document (`x-webhooks`): for each, the event and
//! action it delivers and the schema of its payload, read as openapiv3 reads
//! an operation.

use crate::diagnostics::{Diagnostic, pointer};
use crate::extensions::{self, WebhookEvent};
use crate::resolve::Component;
use crate::resolve::resolve;
use indexmap::IndexMap;
use openapiv3::{Components, Example, PathItem, ReferenceOr, Schema};
use serde_json::Value;

/// One webhook event the document describes.
#[derive(Debug, Clone)]
pub struct Webhook {
    /// Its name under `x-webhooks` (`workflow-run-completed`).
    pub name: String,
    /// The event and action it delivers.
    pub event: WebhookEvent,
    /// One-line summary.
    pub summary: String,
    /// Longer description.
    pub description: String,
    /// The payload's schema (the JSON request body of its `post`).
    pub payload: ReferenceOr<Schema>,
    /// The payload's named examples: `(key under components/examples, value)`.
    pub examples: Vec<(String, Value)>,
}

impl Webhook {
    /// The JSON pointer segments of the webhook's `post`, followed by `rest`.
    pub fn at(&self, rest: &[&str]) -> Vec<String> {
        let mut at = vec![
            extensions::WEBHOOKS.to_owned(),
            self.name.clone(),
            "post".to_owned(),
        ];
        at.extend(rest.iter().map(|s| (*s).to_owned()));
        at
    }
}

/// Every webhook of the document's top-level extensions; each one that cannot
/// be read is a problem at its place.
pub(super) fn read(
    document: &IndexMap<String, Value>,
    components: &Components,
    problems: &mut Vec<Diagnostic>,
) -> Vec<Webhook> {
    let entries = match extensions::webhooks(document) {
        Ok(entries) => entries,
        Err(problem) => {
            problems.push(problem);
            return Vec::new();
        }
    };
    let mut out = Vec::new();
    for (name, item) in entries {
        match one(name, item, components) {
            Ok(webhook) => out.push(webhook),
            Err(problem) => problems.push(problem),
        }
    }
    out
}

fn one(name: &str, item: &Value, components: &Components) -> Result<Webhook, Diagnostic> {
    let at = |rest: &[&str]| {
        let mut segments = vec![extensions::WEBHOOKS, name];
        segments.extend_from_slice(rest);
        pointer(segments)
    };
    let item: PathItem = serde_json::from_value(item.clone()).map_err(|e| {
        Diagnostic::new(
            at(&[]),
            format!("not a webhook (an object with one `post`): {e}"),
        )
    })?;
    let Some(post) = item.post else {
        return Err(Diagnostic::new(
            at(&[]),
            "a webhook needs a `post`: its delivery",
        ));
    };
    let event = extensions::webhook_event(&post.extensions, &[extensions::WEBHOOKS, name, "post"])?;
    let body = post
        .request_body
        .as_ref()
        .and_then(|body| resolve(components, body).ok());
    let media = body.and_then(|b| b.content.get("application/json"));
    let Some(payload) = media.and_then(|m| m.schema.clone()) else {
        return Err(Diagnostic::new(
            at(&["post", "requestBody"]),
            "a webhook's `post` needs an `application/json` request body with a schema: its payload",
        ));
    };
    let mut examples = Vec::new();
    for node in media.map(|m| m.examples.values()).into_iter().flatten() {
        let ReferenceOr::Reference { reference } = node else {
            continue;
        };
        let key = reference
            .strip_prefix(Example::PREFIX)
            .unwrap_or(reference)
            .to_owned();
        if let Some(value) = resolve(components, node).ok().and_then(|e| e.value.clone()) {
            examples.push((key, value));
        }
    }
    Ok(Webhook {
        name: name.to_owned(),
        event,
        summary: post.summary.unwrap_or_default(),
        description: post.description.unwrap_or_default(),
        payload,
        examples,
    })
}
