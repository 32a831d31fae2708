//! Which operations reach each component, read from the JSON data (so that
//! it holds whether or not a component could be typed): a problem inside a
//! component is reported with the operations it affects, and a component
//! no operation reaches is neither generated nor a reason to fail.

use super::document::Endpoint;
use crate::diagnostics::{component_of, pointer};
// The document as JSON data: `$ref`s are followed before anything is typed.
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// The operations that reach each component, by the component's pointer
/// (`#/components/schemas/x`), directly or through other components.
pub(super) fn users(raw: &Value, endpoints: &[Endpoint]) -> BTreeMap<String, BTreeSet<String>> {
    let mut direct: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for ep in endpoints {
        let mut stack = Vec::new();
        for at in [ep.at(&[]), ep.path_item_at(&["parameters"])] {
            if let Some(node) = node_at(raw, &at) {
                refs_in(node, &mut stack);
            }
        }
        let mut seen = BTreeSet::new();
        while let Some(component) = stack.pop() {
            if !seen.insert(component.clone()) {
                continue;
            }
            let next = direct.entry(component.clone()).or_insert_with(|| {
                let mut found = Vec::new();
                // An example's value is data, whatever keys it has.
                let example = component.starts_with("#/components/examples/");
                if let Some(node) = component_node(raw, &component).filter(|_| !example) {
                    refs_in(node, &mut found);
                }
                found.into_iter().collect()
            });
            stack.extend(next.iter().cloned());
            out.entry(component).or_default().insert(ep.id.clone());
        }
    }
    out
}

/// The component pointers of every `$ref` under `node`. Example values
/// are data, so a `$ref` key inside one is not a reference.
fn refs_in(node: &Value, out: &mut Vec<String>) {
    match node {
        Value::Object(map) => {
            if let Some(target) = map
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(component_of)
            {
                out.push(target);
            }
            for (key, value) in map {
                match (key.as_str(), value) {
                    ("example", _) => {}
                    // A map of Example Objects: follow their `$ref`s, not their values.
                    ("examples", Value::Object(examples)) => {
                        for example in examples.values() {
                            if let Some(target) = example
                                .get("$ref")
                                .and_then(Value::as_str)
                                .and_then(component_of)
                            {
                                out.push(target);
                            }
                        }
                    }
                    _ => refs_in(value, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| refs_in(v, out)),
        _ => {}
    }
}

/// The node at a component pointer (escaped as in a `$ref`).
fn component_node<'v>(raw: &'v Value, at: &str) -> Option<&'v Value> {
    raw.pointer(at.strip_prefix('#')?)
}

/// The node at raw (unescaped) pointer segments.
fn node_at<'v>(raw: &'v Value, at: &[String]) -> Option<&'v Value> {
    raw.pointer(pointer(at).strip_prefix('#')?)
}
