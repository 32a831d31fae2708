//! The webhook events of the document (`x-webhooks`): for each, the event and
//! action it delivers and the schema of its payload, read as openapiv3 reads
//! an operation.

use crate::diagnostics::{Diagnostic, pointer};
use crate::extensions::{self, WebhookEvent};
use crate::resolve::Component;
use crate::resolve::{resolve, resolve_ref};
use indexmap::IndexMap;
use openapiv3::{
    Components, Example, Operation, Parameter, PathItem, ReferenceOr, Schema, SchemaKind, Type,
};
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
    // A malformed `x-github-event` is reported as such; only a webhook
    // without one is read the way GitHub's own description writes it.
    let at_post = [extensions::WEBHOOKS, name, "post"];
    let event = match extensions::webhook_event(&post.extensions, &at_post) {
        Ok(event) => event,
        Err(problem) if post.extensions.contains_key(extensions::EVENT) => return Err(problem),
        Err(problem) => described_event(&post, &payload, components).ok_or(problem)?,
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

/// The event and action of a webhook without [`extensions::EVENT`], as
/// GitHub's own description gives them: the event is the `example` of its
/// `X-GitHub-Event` header parameter, the action the one value of the
/// payload's `action` property (no action when the payload has no such
/// property, or one whose value is free). `None` when either is missing or
/// not a plain name, or the payload allows several actions.
fn described_event(
    post: &Operation,
    payload: &ReferenceOr<Schema>,
    components: &Components,
) -> Option<WebhookEvent> {
    let plain = extensions::plain_name;
    let event = post.parameters.iter().find_map(|p| {
        let Parameter::Header { parameter_data, .. } = resolve(components, p).ok()? else {
            return None;
        };
        let named = parameter_data
            .name
            .eq_ignore_ascii_case(extensions::EVENT_HEADER);
        let example = parameter_data.example.as_ref()?.as_str()?;
        (named && plain(example)).then(|| example.to_owned())
    })?;
    let action = payload_action(payload, components, 0)?;
    if action.as_deref().is_some_and(|a| !plain(a)) {
        return None;
    }
    Some(WebhookEvent { event, action })
}

/// The one `action` a payload schema allows: `Some(None)` when it has no
/// `action` property or any string is allowed, `None` when it allows
/// several. The members of a `oneOf`, `anyOf` or `allOf` that name an
/// action must name the same one.
fn payload_action(
    node: &ReferenceOr<Schema>,
    components: &Components,
    depth: usize,
) -> Option<Option<String>> {
    let schema = resolve(components, node).ok().filter(|_| depth < 8)?;
    let members = match &schema.schema_kind {
        SchemaKind::OneOf { one_of: m }
        | SchemaKind::AnyOf { any_of: m }
        | SchemaKind::AllOf { all_of: m } => m.as_slice(),
        SchemaKind::Any(any) if !any.one_of.is_empty() => any.one_of.as_slice(),
        _ => &[],
    };
    if !members.is_empty() {
        let mut actions = Vec::new();
        for member in members {
            if let Some(action) = payload_action(member, components, depth + 1)?
                && !actions.contains(&action)
            {
                actions.push(action);
            }
        }
        return match actions.len() {
            0 | 1 => Some(actions.pop()),
            _ => None,
        };
    }
    let property = match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => object.properties.get("action"),
        SchemaKind::Any(any) => any.properties.get("action"),
        _ => None,
    };
    let Some(property) = property else {
        return Some(None);
    };
    let property: &Schema = match property {
        ReferenceOr::Reference { reference } => resolve_ref(components, reference).ok()?,
        ReferenceOr::Item(schema) => schema,
    };
    let values: Vec<&str> = match &property.schema_kind {
        SchemaKind::Type(Type::String(string)) => string
            .enumeration
            .iter()
            .flatten()
            .map(String::as_str)
            .collect(),
        SchemaKind::Any(any) => any.enumeration.iter().filter_map(|v| v.as_str()).collect(),
        _ => return None,
    };
    match values.as_slice() {
        [] => Some(None),
        [one] => Some(Some((*one).to_owned())),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use crate::load::read_str;

    /// A document with one webhook written as GitHub's own description
    /// writes them: no `x-github-event`, the event in the example of the
    /// `X-GitHub-Event` header, and `payload` as its schema.
    fn document(event_example: &str, payload: &str) -> String {
        format!(
            r##"
openapi: 3.0.3
info: {{title: t, version: "1"}}
paths: {{}}
x-webhooks:
  hook:
    post:
      operationId: hook
      parameters:
      - {{name: X-Github-Event, in: header, example: {event_example}, schema: {{type: string}}}}
      requestBody:
        content:
          application/json:
            schema: {{$ref: '#/components/schemas/payload'}}
      responses: {{"200": {{description: ok}}}}
components:
  schemas:
    payload: {payload}
    done: {{type: string, enum: [completed]}}
"##
        )
    }

    /// The event and action read, or the problems.
    fn read(event_example: &str, payload: &str) -> Result<(String, Option<String>), String> {
        let loaded = read_str("t.yaml", &document(event_example, payload)).map_err(|problems| {
            problems
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        })?;
        let problems: Vec<String> = loaded.problems.iter().map(ToString::to_string).collect();
        let [webhook] = loaded.webhooks.as_slice() else {
            return Err(problems.join("\n"));
        };
        assert!(problems.is_empty(), "{problems:?}");
        Ok((webhook.event.event.clone(), webhook.event.action.clone()))
    }

    #[test]
    fn without_the_extension_the_event_and_action_come_from_the_header_example_and_payload() {
        let cases = [
            (
                "{type: object, properties: {action: {type: string, enum: [completed]}}}",
                Some("completed"),
            ),
            // Through a `$ref`, and through an `allOf` whose members agree.
            (
                "{type: object, properties: {action: {$ref: '#/components/schemas/done'}}}",
                Some("completed"),
            ),
            (
                "{allOf: [{type: object, properties: {action: {$ref: '#/components/schemas/done'}}}, {type: object}]}",
                Some("completed"),
            ),
            ("{type: object, properties: {ref: {type: string}}}", None),
            // An action any string may be: no one action.
            ("{type: object, properties: {action: {type: string}}}", None),
        ];
        for (payload, action) in cases {
            let read = read("check_run", payload);
            assert_eq!(
                read,
                Ok(("check_run".to_owned(), action.map(str::to_owned))),
                "{payload}"
            );
        }
        assert_eq!(
            read("projects_v2", "{type: object}"),
            Ok(("projects_v2".to_owned(), None))
        );
    }

    #[test]
    fn a_malformed_extension_is_reported_even_beside_a_usable_header_example() {
        let text = document("check_run", "{type: object}").replace(
            "      operationId: hook\n",
            "      operationId: hook\n      x-github-event: {event: Check-Run}\n",
        );
        let loaded = read_str("t.yaml", &text).unwrap_or_else(|_| panic!("not read"));
        assert!(loaded.webhooks.is_empty());
        let problems: Vec<String> = loaded.problems.iter().map(ToString::to_string).collect();
        assert!(
            problems
                .iter()
                .any(|p| p.contains("the event must be a name such as `workflow_run`")),
            "{problems:?}"
        );
    }

    #[test]
    fn an_event_that_is_no_plain_name_or_several_actions_is_a_problem_at_the_webhook() {
        for (example, payload) in [
            ("project-v2", "{type: object}"),
            ("Check_Run", "{type: object}"),
            (
                "check_run",
                "{type: object, properties: {action: {type: string, enum: [created, completed]}}}",
            ),
        ] {
            let problems = read(example, payload).unwrap_err();
            assert!(
                problems.contains("a webhook needs `x-github-event: {event, action}`, or an `X-GitHub-Event` header parameter")
                    && problems.contains("(at #/x-webhooks/hook/post)"),
                "{example} {payload}: {problems}"
            );
        }
    }
}
