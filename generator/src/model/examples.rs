//! The spec's named examples (`components/examples`), by the type of the
//! body they show: the `examples` feature of the client turns each into a
//! constructor.

use super::{Operation, Payload, TypeExample};
use crate::extensions;
use crate::load::Loaded;
use crate::resolve::{component_key, resolve};
use crate::schema::Ty;
use indexmap::IndexMap;
use openapiv3::{Example, ReferenceOr, StatusCode};
use std::collections::BTreeMap;

/// Every named example a request body or success response of `operations`
/// shows, under the name of its type, in key order. `operations` are the
/// ones built from `loaded.endpoints`, in the same order.
pub(super) fn collect(
    loaded: &Loaded,
    operations: &[Operation],
) -> BTreeMap<String, Vec<TypeExample>> {
    let mut out: BTreeMap<String, BTreeMap<String, TypeExample>> = BTreeMap::new();
    for (ep, op) in loaded.endpoints.iter().zip(operations) {
        let body = ep
            .operation
            .request_body
            .as_ref()
            .and_then(|rb| resolve(&loaded.components, rb).ok())
            .and_then(|rb| rb.content.get("application/json"));
        if let (Some(media), Some(Ty::Named(name))) = (body, op.body.as_ref().map(|b| &b.ty)) {
            add(loaded, name, &media.examples, &mut out);
        }
        for (status, resp) in &ep.operation.responses.responses {
            let StatusCode::Code(code) = status else {
                continue;
            };
            let success = op
                .outcome
                .successes()
                .into_iter()
                .find(|s| s.status == *code);
            let Some(Payload::Json(Ty::Named(name))) = success.map(|s| &s.payload) else {
                continue;
            };
            let media = resolve(&loaded.components, resp)
                .ok()
                .and_then(|r| r.content.get("application/json"));
            if let Some(media) = media {
                add(loaded, name, &media.examples, &mut out);
            }
        }
    }
    out.into_iter()
        .map(|(name, examples)| (name, examples.into_values().collect()))
        .collect()
}

/// The examples of one media type that are `$ref`s to `components/examples`.
fn add(
    loaded: &Loaded,
    type_name: &str,
    examples: &IndexMap<String, ReferenceOr<Example>>,
    out: &mut BTreeMap<String, BTreeMap<String, TypeExample>>,
) {
    for node in examples.values() {
        let ReferenceOr::Reference { reference } = node else {
            continue;
        };
        let Some(key) = component_key::<Example>(reference) else {
            continue;
        };
        let Ok(example) = resolve(&loaded.components, node) else {
            continue;
        };
        let Some(value) = &example.value else {
            continue;
        };
        let restricted = extensions::has_availability(&example.extensions);
        out.entry(type_name.to_owned())
            .or_default()
            .entry(key.clone())
            .or_insert_with(|| TypeExample {
                key,
                summary: example.summary.clone().unwrap_or_default(),
                json: value.to_string(),
                restricted,
            });
    }
}
