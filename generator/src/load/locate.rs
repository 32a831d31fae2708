//! Where a document openapiv3 rejects goes wrong.
//!
//! openapiv3 reads a `$ref`-or-value node as an untagged enum, so a reader
//! that tracks paths loses its place at the first one: a bad number deep in
//! a parameter's schema is reported at `#/paths`. This pass reads the
//! document again node by node, in the shape of an OpenAPI 3.0 document,
//! and names the smallest nodes that do not read as what they should be.
//! It runs only on a document that failed.

use openapiv3::{
    Components, Example, Header, Info, MediaType, Operation, Parameter, PathItem, ReferenceOr,
    RequestBody, Response, Schema, Server, Tag,
};
use serde::de::DeserializeOwned;
// The rejected document as JSON data: there is no typed one to read.
use serde_json::Value;

/// What a node should read as.
#[derive(Clone, Copy)]
enum Kind {
    Document,
    PathItem,
    Operation,
    Parameter,
    RequestBody,
    Response,
    MediaType,
    Header,
    Example,
    Schema,
    Components,
}

/// The smallest nodes that fail to read: each one's path (keys and array
/// indexes) and the reader's message.
pub(super) fn failing_nodes(raw: &Value) -> Vec<(Vec<String>, String)> {
    let mut out = Vec::new();
    descend(Kind::Document, raw, &mut Vec::new(), &mut out);
    out
}

/// Whether `node` reads as `T`; the reader's message if not, in the
/// document's terms where openapiv3's names its own types.
fn reads_as<T: DeserializeOwned>(node: &Value) -> Result<(), String> {
    T::deserialize(node).map(drop).map_err(|e| {
        let message = e.to_string();
        if message.contains("enum ParameterSchemaOrContent") {
            "a parameter needs a `schema` or a `content`".to_owned()
        } else {
            message
        }
    })
}

fn check(kind: Kind, node: &Value) -> Result<(), String> {
    match kind {
        Kind::Document => reads_as::<openapiv3::OpenAPI>(node),
        Kind::PathItem => reads_as::<ReferenceOr<PathItem>>(node),
        Kind::Operation => reads_as::<Operation>(node),
        Kind::Parameter => reads_as::<ReferenceOr<Parameter>>(node),
        Kind::RequestBody => reads_as::<ReferenceOr<RequestBody>>(node),
        Kind::Response => reads_as::<ReferenceOr<Response>>(node),
        Kind::MediaType => reads_as::<MediaType>(node),
        Kind::Header => reads_as::<ReferenceOr<Header>>(node),
        Kind::Example => reads_as::<ReferenceOr<Example>>(node),
        Kind::Schema => reads_as::<ReferenceOr<Schema>>(node),
        Kind::Components => reads_as::<Components>(node),
    }
}

/// The children of a node that can fail on their own, with what they
/// should read as; fields that are plain values are not listed (a node
/// whose children all read is itself the failing node).
fn children(kind: Kind, node: &Value) -> Vec<(Vec<String>, Kind, &Value)> {
    let mut out = Vec::new();
    match kind {
        Kind::Document => {
            field(node, "components", Kind::Components, &mut out);
            if let Some(paths) = node.get("paths").and_then(Value::as_object) {
                for (path, item) in paths {
                    if path.starts_with('/') {
                        out.push((vec!["paths".into(), path.clone()], Kind::PathItem, item));
                    }
                }
            }
        }
        Kind::PathItem => {
            for method in super::document::OPERATION_KEYS {
                field(node, method, Kind::Operation, &mut out);
            }
            list(node, "parameters", Kind::Parameter, &mut out);
        }
        Kind::Operation => {
            list(node, "parameters", Kind::Parameter, &mut out);
            field(node, "requestBody", Kind::RequestBody, &mut out);
            map(node, "responses", Kind::Response, &mut out);
        }
        Kind::Parameter | Kind::Header => {
            field(node, "schema", Kind::Schema, &mut out);
            map(node, "content", Kind::MediaType, &mut out);
        }
        Kind::RequestBody => map(node, "content", Kind::MediaType, &mut out),
        Kind::Response => {
            map(node, "content", Kind::MediaType, &mut out);
            map(node, "headers", Kind::Header, &mut out);
        }
        Kind::MediaType => {
            field(node, "schema", Kind::Schema, &mut out);
            map(node, "examples", Kind::Example, &mut out);
        }
        Kind::Example => {}
        Kind::Schema => {
            map(node, "properties", Kind::Schema, &mut out);
            field(node, "items", Kind::Schema, &mut out);
            field(node, "not", Kind::Schema, &mut out);
            if node
                .get("additionalProperties")
                .is_some_and(Value::is_object)
            {
                field(node, "additionalProperties", Kind::Schema, &mut out);
            }
            for key in ["allOf", "oneOf", "anyOf"] {
                list(node, key, Kind::Schema, &mut out);
            }
        }
        Kind::Components => {
            map(node, "schemas", Kind::Schema, &mut out);
            map(node, "responses", Kind::Response, &mut out);
            map(node, "parameters", Kind::Parameter, &mut out);
            map(node, "examples", Kind::Example, &mut out);
            map(node, "requestBodies", Kind::RequestBody, &mut out);
            map(node, "headers", Kind::Header, &mut out);
        }
    }
    out
}

/// The value at `key`.
fn field<'a>(
    node: &'a Value,
    key: &str,
    kind: Kind,
    out: &mut Vec<(Vec<String>, Kind, &'a Value)>,
) {
    if let Some(v) = node.get(key) {
        out.push((vec![key.to_owned()], kind, v));
    }
}

/// Each item of the array at `key`.
fn list<'a>(node: &'a Value, key: &str, kind: Kind, out: &mut Vec<(Vec<String>, Kind, &'a Value)>) {
    for (i, item) in node
        .get(key)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        out.push((vec![key.to_owned(), i.to_string()], kind, item));
    }
}

/// Each entry of the mapping at `key` (extensions, `x-...`, left out).
fn map<'a>(node: &'a Value, key: &str, kind: Kind, out: &mut Vec<(Vec<String>, Kind, &'a Value)>) {
    for (name, item) in node
        .get(key)
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        if !name.starts_with("x-") {
            out.push((vec![key.to_owned(), name.clone()], kind, item));
        }
    }
}

/// Reports `node` if it fails and none of its children does.
fn descend(kind: Kind, node: &Value, path: &mut Vec<String>, out: &mut Vec<(Vec<String>, String)>) {
    let Err(message) = check(kind, node) else {
        return;
    };
    let before = out.len();
    for (rest, child_kind, child) in children(kind, node) {
        let depth = path.len();
        path.extend(rest);
        descend(child_kind, child, path, out);
        path.truncate(depth);
    }
    if out.len() == before {
        out.push((path.clone(), own_fields(kind, node, message)));
    }
}

/// Reads a node as some type.
type Reader = fn(&Value) -> Result<(), String>;

/// The reader's message for a node whose own fields are wrong. A document
/// that fails outside its paths and components is read again field by
/// field, so the message names the field.
fn own_fields(kind: Kind, node: &Value, message: String) -> String {
    let Kind::Document = kind else {
        return message;
    };
    let fields: [(&str, Reader); 3] = [
        ("info", reads_as::<Info>),
        ("servers", reads_as::<Vec<Server>>),
        ("tags", reads_as::<Vec<Tag>>),
    ];
    fields
        .iter()
        .find_map(|(key, read)| {
            let value = node.get(*key)?;
            read(value).err().map(|e| format!("`{key}`: {e}"))
        })
        .unwrap_or(message)
}

#[cfg(test)]
mod tests {
    use super::failing_nodes;
    use serde_json::json;

    fn doc(paths: serde_json::Value, components: serde_json::Value) -> serde_json::Value {
        json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": paths,
            "components": components,
        })
    }

    #[test]
    fn a_bad_value_deep_in_a_schema_is_found_at_its_schema() {
        let raw = doc(
            json!({"/a/{id}": {"get": {
                "operationId": "a",
                "parameters": [{"name": "id", "in": "path", "required": true,
                    "schema": {"type": "integer", "maximum": "big"}}],
                "responses": {"200": {"description": "ok"}}
            }}}),
            json!({"schemas": {"X": {"type": "object", "properties": {
                "fine": {"type": "string"},
                "bad": {"type": "array", "items": {"type": "string", "maxLength": -1}}
            }}}}),
        );
        let found = failing_nodes(&raw);
        let paths: Vec<String> = found.iter().map(|(p, _)| p.join("/")).collect();
        assert_eq!(
            paths,
            [
                "components/schemas/X/properties/bad/items",
                "paths//a/{id}/get/parameters/0/schema",
            ],
            "{found:?}"
        );
        assert!(found[1].1.contains("\"big\""), "{found:?}");
    }

    #[test]
    fn an_operation_missing_a_field_is_found_at_the_operation() {
        let raw = doc(
            json!({"/runs": {"get": {"operationId": "runs"}}}),
            json!({}),
        );
        let found = failing_nodes(&raw);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, ["paths", "/runs", "get"]);
        assert!(
            found[0].1.contains("missing field `responses`"),
            "{found:?}"
        );
    }

    #[test]
    fn a_bad_info_is_named() {
        let mut raw = doc(json!({}), json!({}));
        raw["info"] = json!({"title": 5, "version": "1"});
        let found = failing_nodes(&raw);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].0.is_empty());
        assert!(found[0].1.starts_with("`info`: invalid type"), "{found:?}");
    }

    #[test]
    fn a_document_that_reads_has_no_failing_node() {
        let raw = doc(
            json!({"/runs": {"get": {"responses": {"200": {"description": "ok"}}}}}),
            json!({}),
        );
        assert!(failing_nodes(&raw).is_empty());
    }
}
