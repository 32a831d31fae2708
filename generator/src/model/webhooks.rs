//! The webhook events of the spec in the model: each event and action with
//! the type of its payload, for the client's `webhooks` module.

use super::Webhook;
use crate::diagnostics::{Diagnostic, pointer};
use crate::load::Loaded;
use crate::names;
use crate::schema::{SchemaCx, Ty};

/// The webhooks of `loaded`, their payload types built in `cx`; a payload
/// that is not a named type (a `$ref` to a component schema) is a problem.
pub(super) fn build<'a>(
    cx: &mut SchemaCx<'a>,
    loaded: &'a Loaded,
    problems: &mut Vec<Diagnostic>,
) -> Vec<Webhook> {
    let mut out = Vec::new();
    for webhook in &loaded.webhooks {
        let at = webhook.at(&["requestBody", "content", "application/json", "schema"]);
        let hint = names::pascal(&format!("webhook {}", webhook.name));
        let Some((ty, _)) = cx.ty((&webhook.payload).into(), &hint, &at, false) else {
            continue;
        };
        if !matches!(ty, Ty::Named(_)) {
            problems.push(Diagnostic::new(
                pointer(&at),
                "a webhook payload must be an object schema (a struct in the client)",
            ));
            continue;
        }
        let examples = webhook
            .examples
            .iter()
            .map(|(key, value)| (key.clone(), value.to_string()))
            .collect();
        out.push(Webhook {
            name: webhook.name.clone(),
            event: webhook.event.event.clone(),
            action: webhook.event.action.clone(),
            ty,
            summary: super::text(Some(webhook.summary.as_str())),
            description: super::text(Some(webhook.description.as_str())),
            examples,
        });
    }
    out
}
