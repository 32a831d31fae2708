//! `webhooks.rs` of the client crate (the `webhooks` feature): one enum of
//! the webhook events the spec describes, one enum of actions per event that
//! has several, and the glue from a verified delivery (the runtime's
//! `webhook` module) to them. An event or action the spec does not know comes
//! back as `Unknown` with its JSON, never as an error.

use super::{Target, doc_raw, doc_text, ident};
use crate::model::{Model, Webhook};
use crate::names;
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeMap;

/// The webhooks of one event, in spec order.
struct EventGroup<'a> {
    name: &'a str,
    hooks: Vec<&'a Webhook>,
}

fn groups(model: &Model) -> Vec<EventGroup<'_>> {
    let mut order: Vec<&str> = Vec::new();
    let mut by_event: BTreeMap<&str, Vec<&Webhook>> = BTreeMap::new();
    for w in &model.webhooks {
        if !by_event.contains_key(w.event.as_str()) {
            order.push(&w.event);
        }
        by_event.entry(&w.event).or_default().push(w);
    }
    order
        .into_iter()
        .map(|name| EventGroup {
            name,
            hooks: by_event.remove(name).unwrap_or_default(),
        })
        .collect()
}

/// Whether the event's payloads carry an `action` the client dispatches on.
fn has_actions(group: &EventGroup<'_>) -> bool {
    group.hooks.iter().any(|w| w.action.is_some())
}

/// The file, or nothing for a spec without webhooks.
pub(super) fn emit(model: &Model, target: &Target) -> TokenStream {
    let rt = target.rt();
    let groups = groups(model);
    let mut variants = Vec::new();
    let mut arms = Vec::new();
    let mut names_arms = Vec::new();
    let mut action_enums = Vec::new();
    for group in &groups {
        let event = group.name;
        let variant = ident(&names::pascal(event));
        names_arms.push(quote!(Event::#variant(..) => #event,));
        if has_actions(group) {
            let (enum_tokens, enum_name, parse) = action_enum(group, target);
            action_enums.push(enum_tokens);
            let d = doc_raw(&format!("`{event}`: one of its actions ([`{enum_name}`])."));
            let enum_ident = ident(&enum_name);
            variants.push(quote!(#d #variant(#enum_ident),));
            arms.push(quote!(#event => #parse.map(Event::#variant),));
        } else if let Some(hook) = group.hooks.first() {
            let ty = target.ty(&hook.ty);
            let d = doc_raw(&format!(
                "`{event}`: {}",
                sentence(&doc_text(&hook.summary))
            ));
            variants.push(quote!(#d #variant(::std::boxed::Box<#ty>),));
            arms.push(quote! {
                #event => ::std::result::Result::Ok(Event::#variant(::std::boxed::Box::new(delivery.parse()?))),
            });
        }
    }
    // The generator's own text: its links and code block are meant.
    let module_doc = super::inner_doc(MODULE_DOC);
    quote! {
        #module_doc

        pub use #rt::webhook::{
            DeliveryHeaders, DeploymentCallback, ReviewState, Secret, SignatureProblem,
            VerifiedDelivery, Verifier, WebhookError, DEFAULT_MAX_BODY_SIZE,
        };

        /// A webhook event GitHub delivered, by its `X-GitHub-Event` and, for
        /// events with several, the payload's `action`.
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum Event {
            #(#variants)*
            /// An event this version of the client does not know, with its payload.
            Unknown {
                /// The `X-GitHub-Event` value.
                event: ::std::string::String,
                /// The payload as sent.
                payload: ::serde_json::Value,
            },
        }

        impl Event {
            /// The `X-GitHub-Event` value of the event.
            pub fn name(&self) -> &str {
                match self {
                    #(#names_arms)*
                    Event::Unknown { event, .. } => event,
                }
            }

            /// The typed event of a delivery whose signature checked out; an
            /// event or action this client does not know is
            /// [`Event::Unknown`] (or the event's `Unknown` action), and a
            /// payload that does not match its event is
            /// [`WebhookError::Payload`], naming the field.
            pub fn from_delivery(delivery: &VerifiedDelivery) -> ::std::result::Result<Event, WebhookError> {
                match delivery.event() {
                    #(#arms)*
                    other => ::std::result::Result::Ok(Event::Unknown {
                        event: ::std::borrow::ToOwned::to_owned(other),
                        payload: delivery.parse()?,
                    }),
                }
            }
        }

        #(#action_enums)*

        /// Verifies a delivery with `verifier` (the signature over the exact
        /// body bytes, before anything is read) and gives its typed event.
        pub fn receive(
            verifier: &Verifier,
            headers: DeliveryHeaders<'_>,
            body: impl ::std::convert::Into<#rt::bytes::Bytes>,
        ) -> ::std::result::Result<Event, WebhookError> {
            let delivery = verifier.verify(headers, body)?;
            Event::from_delivery(&delivery)
        }

        /// The `action` of a payload, read before the payload itself.
        #[derive(::serde::Deserialize)]
        struct Action {
            #[serde(default)]
            action: ::std::option::Option<::std::string::String>,
        }
    }
}

/// The enum of one event's actions (with the function that reads a
/// delivery into it), its name, and the expression that
/// parses a delivery of that event into it.
fn action_enum(group: &EventGroup<'_>, target: &Target) -> (TokenStream, String, TokenStream) {
    let event = group.name;
    let enum_name = format!("{}Action", names::pascal(event));
    let enum_ident = ident(&enum_name);
    let mut variants = Vec::new();
    let mut arms = Vec::new();
    for hook in &group.hooks {
        let Some(action) = &hook.action else { continue };
        let variant = ident(&names::pascal(action));
        let ty = target.ty(&hook.ty);
        let d = doc_raw(&format!(
            "`{action}`: {}",
            sentence(&doc_text(&hook.summary))
        ));
        variants.push(quote!(#d #variant(::std::boxed::Box<#ty>),));
        arms.push(quote! {
            ::std::option::Option::Some(#action) => #enum_ident::#variant(::std::boxed::Box::new(delivery.parse()?)),
        });
    }
    let d = doc_raw(&format!(
        "The actions of a `{event}` event, by the payload's `action`."
    ));
    let tokens = quote! {
        #d
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #enum_ident {
            #(#variants)*
            /// An action this version of the client does not know, with the payload.
            Unknown {
                /// The payload's `action` (empty when it has none).
                action: ::std::string::String,
                /// The payload as sent.
                payload: ::serde_json::Value,
            },
        }

        impl #enum_ident {
            /// The payload of a verified delivery of this event, by its `action`.
            fn from_delivery(delivery: &VerifiedDelivery) -> ::std::result::Result<Self, WebhookError> {
                let action = delivery.parse::<Action>()?.action;
                ::std::result::Result::Ok(match action.as_deref() {
                    #(#arms)*
                    _ => #enum_ident::Unknown {
                        action: action.unwrap_or_default(),
                        payload: delivery.parse()?,
                    },
                })
            }
        }
    };
    let parse = quote!(#enum_ident::from_delivery(delivery));
    (tokens, enum_name, parse)
}

/// `text` ending with a full stop.
fn sentence(text: &str) -> String {
    let text = text.trim();
    if text.ends_with('.') || text.is_empty() {
        text.to_owned()
    } else {
        format!("{text}.")
    }
}

const MODULE_DOC: &str = "Webhook events of GitHub Actions, typed, from deliveries whose signature checked out (the `webhooks` feature).

A receiver hands over the `X-GitHub-Event`, `X-Hub-Signature-256` and `X-GitHub-Delivery` header values and the raw body bytes; [`receive`] checks the HMAC-SHA256 signature with the shared secret (several during a rotation, compared in constant time; the old SHA-1 header is never accepted; the body is bounded) and only then reads the payload into an [`Event`]. An event or action the client does not know is `Unknown` with its JSON, never an error; every bad delivery is its own [`WebhookError`], which never shows the secret.

```no_run
use gh_actions::webhooks::{DeliveryHeaders, Event, Verifier, WorkflowRunAction, receive};

fn handle(event: Option<&str>, signature: Option<&str>, body: Vec<u8>) -> Result<(), gh_actions::webhooks::WebhookError> {
    let verifier = Verifier::new(std::env::var(\"WEBHOOK_SECRET\").unwrap_or_default());
    let headers = DeliveryHeaders::default().event(event).signature_256(signature);
    match receive(&verifier, headers, body)? {
        Event::WorkflowRun(WorkflowRunAction::Completed(run)) => {
            println!(\"run {} completed: {:?}\", run.workflow_run.id, run.workflow_run.conclusion);
        }
        other => println!(\"{} ignored\", other.name()),
    }
    Ok(())
}
```

A `deployment_protection_rule` event is answered at its `deployment_callback_url` with `Client::deployment_callback` (on the client, which derefs to the runtime's), which accepts that URL only on the client's own origin and base path.";
