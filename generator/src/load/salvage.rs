//! A best-effort typed copy of a document openapiv3 rejected.
//!
//! openapiv3 parses all or nothing: one operation without `responses`, or
//! one parameter without a schema, and there is no typed document at all.
//! So that such a problem does not hide every other one, `load` then runs
//! its operation checks on this copy, built node by node from the JSON
//! data: whatever parses is kept as it is, and what does not is rebuilt from
//! the fields the checks read (ids, tags, response keys, parameter names,
//! locations and `required`, extensions) or left out. The copy only feeds
//! checks; a document that needs it never reaches the model.

use super::document::operation_slots;
use indexmap::IndexMap;
use openapiv3::{
    AnySchema, Components, OpenAPI, Operation, Parameter, ParameterData, ParameterSchemaOrContent,
    PathItem, Paths, ReferenceOr, RequestBody, Response, Responses, Schema, SchemaData, SchemaKind,
    StatusCode, StringType, Type,
};
use serde::de::DeserializeOwned;
// The rejected document as JSON data: there is no typed one to read.
use serde_json::Value;

/// The value as whatever type the context wants, if it reads as that.
fn parsed<T: DeserializeOwned>(v: Option<&Value>) -> Option<T> {
    T::deserialize(v?).ok()
}

/// The typed copy: every path item and every component.
pub(super) fn salvage(raw: &Value) -> OpenAPI {
    let paths = raw
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .filter(|(path, _)| path.starts_with('/'))
        .map(|(path, item)| {
            let item = parsed(Some(item)).unwrap_or_else(|| ReferenceOr::Item(path_item(item)));
            (path.clone(), item)
        })
        .collect();
    let parameters = raw
        .get("components")
        .and_then(|c| c.get("parameters"))
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .filter_map(|(name, p)| {
            let p = parsed(Some(p)).or_else(|| parameter(p).map(ReferenceOr::Item))?;
            Some((name.clone(), p))
        })
        .collect();
    // Every component that reads is kept, so that a `$ref` to it resolves;
    // one that does not stands in as a value that raises no problem of its
    // own (its own problem is reported where it is).
    let components = raw.get("components");
    let schemas = kept(components, "schemas", || Some(any_schema()));
    let responses = kept(components, "responses", || Some(Response::default()));
    let request_bodies = kept(components, "requestBodies", || Some(RequestBody::default()));
    let examples = kept(components, "examples", || None);
    let headers = kept(components, "headers", || None);
    let components = Components {
        parameters,
        schemas,
        responses,
        request_bodies,
        examples,
        headers,
        ..Components::default()
    };
    OpenAPI {
        info: parsed(raw.get("info")).unwrap_or_default(),
        paths: Paths {
            paths,
            ..Paths::default()
        },
        components: Some(components),
        ..OpenAPI::default()
    }
}

fn path_item(item: &Value) -> PathItem {
    let mut out = PathItem {
        parameters: parameters(item.get("parameters")),
        ..PathItem::default()
    };
    for (key, slot) in operation_slots(&mut out) {
        *slot = item.get(key).map(operation);
    }
    out
}

fn operation(op: &Value) -> Operation {
    parsed(Some(op)).unwrap_or_else(|| Operation {
        operation_id: parsed(op.get("operationId")),
        tags: parsed(op.get("tags")).unwrap_or_default(),
        parameters: parameters(op.get("parameters")),
        responses: responses(op.get("responses")),
        extensions: op
            .as_object()
            .into_iter()
            .flatten()
            .filter(|(k, _)| k.starts_with("x-"))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
        ..Operation::default()
    })
}

fn parameters(list: Option<&Value>) -> Vec<ReferenceOr<Parameter>> {
    list.and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|p| parsed(Some(p)).or_else(|| parameter(p).map(ReferenceOr::Item)))
        .collect()
}

/// Each entry of `components/<kind>` that reads, and in place of each one
/// that does not, what `stand_in` gives (left out if nothing).
fn kept<T: DeserializeOwned>(
    components: Option<&Value>,
    kind: &str,
    stand_in: impl Fn() -> Option<T>,
) -> IndexMap<String, ReferenceOr<T>> {
    components
        .and_then(|c| c.get(kind))
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .filter_map(|(name, v)| {
            let entry = parsed(Some(v)).or_else(|| stand_in().map(ReferenceOr::Item))?;
            Some((name.clone(), entry))
        })
        .collect()
}

/// A schema that allows anything.
fn any_schema() -> Schema {
    Schema {
        schema_data: SchemaData::default(),
        schema_kind: SchemaKind::Any(AnySchema::default()),
    }
}

/// A parameter rebuilt from its name, location and `required`, with a
/// string schema in place of the one that did not parse (a string raises no
/// problem of its own anywhere a parameter can be).
fn parameter(p: &Value) -> Option<Parameter> {
    let parameter_data = ParameterData {
        name: parsed(p.get("name")).unwrap_or_default(),
        description: None,
        required: parsed(p.get("required")).unwrap_or_default(),
        deprecated: None,
        format: ParameterSchemaOrContent::Schema(ReferenceOr::Item(Schema {
            schema_data: SchemaData::default(),
            schema_kind: SchemaKind::Type(Type::String(StringType::default())),
        })),
        example: None,
        examples: IndexMap::new(),
        explode: None,
        extensions: IndexMap::new(),
    };
    Some(match p.get("in").and_then(Value::as_str)? {
        "path" => Parameter::Path {
            parameter_data,
            style: Default::default(),
        },
        "query" => Parameter::Query {
            parameter_data,
            allow_reserved: false,
            style: Default::default(),
            allow_empty_value: None,
        },
        "header" => Parameter::Header {
            parameter_data,
            style: Default::default(),
        },
        "cookie" => Parameter::Cookie {
            parameter_data,
            style: Default::default(),
        },
        _ => return None,
    })
}

/// The responses by key; a response that does not parse still counts
/// (as an empty one), so the success check sees every status.
fn responses(v: Option<&Value>) -> Responses {
    let mut out = Responses::default();
    for (key, value) in v.and_then(Value::as_object).into_iter().flatten() {
        let response =
            parsed(Some(value)).unwrap_or_else(|| ReferenceOr::Item(Response::default()));
        if key == "default" {
            out.default = Some(response);
        } else if key.starts_with("x-") {
            out.extensions.insert(key.clone(), value.clone());
        } else if let Ok(status) = serde_json::from_value::<StatusCode>(Value::String(key.clone()))
        {
            out.responses.insert(status, response);
        }
    }
    out
}
