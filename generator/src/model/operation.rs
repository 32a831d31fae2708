//! One endpoint to one [`Operation`]: names, parameters, responses.

use super::body::{build_body, build_pagination};
use super::{Area, Operation, Outcome, Param, PathPart, Payload, Success, WatchSpec, text};
use crate::diagnostics::{Diagnostic, pointer};
use crate::load::Endpoint;
use crate::names::{self, NameSet};
use crate::path_template::TemplatePart;
use crate::resolve::{component_key, resolve};
use crate::schema::{SchemaCx, SchemaNode};
use openapiv3::{
    Components, Parameter, ParameterData, ParameterSchemaOrContent, ReferenceOr, Response,
    StatusCode,
};
use std::collections::BTreeMap;

/// The operation of one endpoint, or every problem that stops it.
pub(super) fn build<'a>(
    cx: &mut SchemaCx<'a>,
    components: &'a Components,
    area_by_tag: &BTreeMap<&str, &Area>,
    op_names: &mut NameSet,
    ep: &'a Endpoint,
) -> Result<Operation, Vec<Diagnostic>> {
    let op = &ep.operation;
    let id = ep.id.as_str();
    let mut problems = Vec::new();
    let diag =
        |at: Vec<String>, msg: String| Diagnostic::new(pointer(at), msg).in_operation(Some(id));
    let type_name = op_names.claim(&names::operation_builder(id));

    let tag = op.tags.first().map(String::as_str).unwrap_or_default();
    let area = area_by_tag.get(tag).copied();
    if area.is_none() {
        problems.push(diag(
            ep.at(&["tags", "0"]),
            format!("tag `{tag}` is not listed in the top-level `tags`"),
        ));
    }

    let mut inputs = NameSet::with_reserved(names::RESERVED_INPUTS);
    let (path_params, query_params) =
        build_params(cx, components, ep, &type_name, &mut inputs, &mut problems);

    let body = op.request_body.as_ref().and_then(|rb| {
        let at = ep.at(&["requestBody"]);
        build_body(
            cx,
            components,
            &mut inputs,
            &type_name,
            rb,
            &at,
            &mut problems,
            id,
        )
    });

    let (outcome, error_statuses) = build_outcome(cx, components, ep, &type_name, &mut problems);

    let pagination = op.extensions.get("x-github-pagination").and_then(|p| {
        let at = ep.at(&["x-github-pagination"]);
        let mut pagination = build_pagination(cx, p, &outcome, &at, &mut problems, id)?;
        // GitHub's lists size their pages with `per_page`.
        pagination.page_size = query_params
            .iter()
            .find(|q| q.wire == "per_page")
            .and_then(|q| Some((q.rust.clone(), q.maximum?)));
        Some(pagination)
    });

    let watch = op.extensions.get("x-github-watch").and_then(|w| {
        let at = ep.at(&["x-github-watch"]);
        build_watch(cx, w, ep, &outcome, &at, &mut problems)
    });

    if !problems.is_empty() {
        return Err(problems);
    }
    let (area, handler) = area
        .map(|a| (a.module.clone(), a.handler.clone()))
        .unwrap_or_default();
    Ok(Operation {
        id: id.to_owned(),
        method_name: names::operation_method(id),
        static_name: names::operation_static(&type_name),
        type_name,
        area,
        handler,
        method: ep.method,
        path: ep.template.clone(),
        path_parts: path_parts(ep, &path_params),
        path_params,
        query_params,
        body,
        outcome,
        pagination,
        products: ep.products.clone(),
        summary: text(op.summary.as_deref()),
        description: text(op.description.as_deref()),
        permissions: string_list(op.extensions.get("x-github-permissions")),
        error_statuses,
        watch,
    })
}

/// `x-github-watch: {field, until}` on a GET whose one success answer is an
/// object with that field. The extension is JSON data (openapiv3 keeps
/// vendor extensions untyped).
fn build_watch(
    cx: &SchemaCx<'_>,
    value: &serde_json::Value,
    ep: &Endpoint,
    outcome: &Outcome,
    at: &[String],
    problems: &mut Vec<Diagnostic>,
) -> Option<WatchSpec> {
    let mut fail = |message: String| {
        problems.push(Diagnostic::new(pointer(at), message).in_operation(Some(ep.id.as_str())));
        None
    };
    let field = value.get("field").and_then(serde_json::Value::as_str);
    let until = value.get("until").and_then(serde_json::Value::as_array);
    let (Some(field), Some(until)) = (field, until) else {
        return fail(
            "`x-github-watch` needs `field` (a name) and `until` (a list of values)".into(),
        );
    };
    let until: Vec<String> = until
        .iter()
        .filter_map(serde_json::Value::as_str)
        .map(str::to_owned)
        .collect();
    if until.is_empty() {
        return fail("`x-github-watch.until` names no final value".into());
    }
    if ep.method != crate::method::Method::Get {
        return fail("only a GET can be watched".into());
    }
    let Outcome::Single(Success {
        payload: Payload::Json(crate::schema::Ty::Named(answer)),
        ..
    }) = outcome
    else {
        return fail("a watched GET needs one success answer with an object body".into());
    };
    match cx
        .struct_fields(answer)
        .unwrap_or_default()
        .iter()
        .find(|f| f.wire == field)
    {
        Some(f) => Some(WatchSpec {
            field: f.rust.clone(),
            wire: f.wire.clone(),
            until,
        }),
        None => fail(format!(
            "the answer `{answer}` has no field `{field}` to watch"
        )),
    }
}

/// A declared parameter: where it is, and the shared parameter it came from.
struct Declared<'a> {
    data: &'a ParameterData,
    location: &'static str,
    at: Vec<String>,
    component: Option<String>,
}

/// Path parameters in template order and query parameters in spec order.
fn build_params<'a>(
    cx: &mut SchemaCx<'a>,
    components: &'a Components,
    ep: &'a Endpoint,
    type_name: &str,
    inputs: &mut NameSet,
    problems: &mut Vec<Diagnostic>,
) -> (Vec<Param>, Vec<Param>) {
    let id = Some(ep.id.as_str());
    // The path item's parameters first; the operation's override them by (name, location).
    let mut declared: Vec<Declared<'a>> = Vec::new();
    let sources = [
        (&ep.path_parameters, ep.path_item_at(&["parameters"])),
        (&ep.operation.parameters, ep.at(&["parameters"])),
    ];
    for (list, base) in sources {
        for (i, p) in list.iter().enumerate() {
            let mut at = base.clone();
            at.push(i.to_string());
            let parameter = match resolve(components, p) {
                Ok(parameter) => parameter,
                Err(e) => {
                    at.push("$ref".into());
                    problems.push(Diagnostic::new(pointer(at), e.message()).in_operation(id));
                    continue;
                }
            };
            let component = match p {
                ReferenceOr::Reference { reference } => component_key::<Parameter>(reference),
                ReferenceOr::Item(_) => None,
            };
            let (data, location) = location(parameter);
            declared
                .retain(|q| (q.data.name.as_str(), q.location) != (data.name.as_str(), location));
            declared.push(Declared {
                data,
                location,
                at,
                component,
            });
        }
    }

    let mut ordered: Vec<&Declared<'a>> = ep
        .template
        .params()
        .filter_map(|name| {
            declared
                .iter()
                .find(|d| d.location == "path" && d.data.name == name)
        })
        .collect();
    ordered.extend(declared.iter().filter(|d| d.location != "path"));

    let mut path_params = Vec::new();
    let mut query_params = Vec::new();
    for d in ordered {
        let wire = d.data.name.clone();
        if d.location == "header" && wire.eq_ignore_ascii_case("accept") {
            continue; // the client always sends the right Accept header
        }
        if d.location != "path" && d.location != "query" {
            problems.push(
                Diagnostic::new(
                    pointer(&d.at),
                    format!(
                        "`in: {}` parameter `{wire}` is not supported (only path and query)",
                        d.location
                    ),
                )
                .in_operation(id),
            );
            continue;
        }
        let ParameterSchemaOrContent::Schema(schema) = &d.data.format else {
            problems.push(
                Diagnostic::new(pointer(&d.at), format!("parameter `{wire}` has no schema"))
                    .in_operation(id),
            );
            continue;
        };
        let schema = SchemaNode::from(schema);
        let mut sp = d.at.clone();
        sp.push("schema".into());
        // A shared parameter names its type after itself; an inline one after its operation.
        let hint = match &d.component {
            Some(key) => names::pascal(key),
            None => names::nested_type(type_name, &wire),
        };
        let Some((ty, _)) = cx.ty(schema, &hint, &sp, false) else {
            continue;
        };
        if !ty.is_display(cx) {
            problems.push(
                Diagnostic::new(
                    pointer(sp),
                    format!("parameter `{wire}` has a type that cannot be written into a URL"),
                )
                .in_operation(id),
            );
            continue;
        }
        let rust = inputs.claim(&names::snake(&wire));
        let param = Param {
            local: names::segment_local(&rust),
            rust,
            wire,
            ty,
            required: d.location == "path" || d.data.required,
            docs: text(d.data.description.as_deref()),
            default: default_text(components, schema),
            maximum: integer_maximum(components, schema),
        };
        if d.location == "path" {
            path_params.push(param)
        } else {
            query_params.push(param)
        }
    }
    (path_params, query_params)
}

/// The parameter's data and where it goes (`path`, `query`, `header`, `cookie`).
fn location(parameter: &Parameter) -> (&ParameterData, &'static str) {
    match parameter {
        Parameter::Query { parameter_data, .. } => (parameter_data, "query"),
        Parameter::Header { parameter_data, .. } => (parameter_data, "header"),
        Parameter::Path { parameter_data, .. } => (parameter_data, "path"),
        Parameter::Cookie { parameter_data, .. } => (parameter_data, "cookie"),
    }
}

/// The server-side default of a parameter's schema, for the docs. A
/// `default` is JSON data (openapiv3 has no type for it): a string is shown
/// as it is, anything else as JSON.
fn default_text(components: &Components, schema: SchemaNode<'_>) -> Option<String> {
    let default = schema
        .resolve(components)
        .ok()?
        .schema_data
        .default
        .as_ref()?;
    Some(match default.as_str() {
        Some(s) => s.to_owned(),
        None => default.to_string(),
    })
}

/// The `maximum` of an integer parameter's schema.
fn integer_maximum(components: &Components, schema: SchemaNode<'_>) -> Option<i64> {
    match &schema.resolve(components).ok()?.schema_kind {
        openapiv3::SchemaKind::Type(openapiv3::Type::Integer(integer)) => integer.maximum,
        _ => None,
    }
}

/// The template split into literal text and indexes into `params`.
fn path_parts(ep: &Endpoint, params: &[Param]) -> Vec<PathPart> {
    ep.template
        .parts()
        .iter()
        .filter_map(|part| match part {
            TemplatePart::Literal(text) => Some(PathPart::Literal(text.clone())),
            TemplatePart::Param(name) => params
                .iter()
                .position(|p| p.wire == *name)
                .map(PathPart::Param),
        })
        .collect()
}

/// What a successful call gives, and the error statuses the spec documents.
fn build_outcome<'a>(
    cx: &mut SchemaCx<'a>,
    components: &'a Components,
    ep: &'a Endpoint,
    type_name: &str,
    problems: &mut Vec<Diagnostic>,
) -> (Outcome, Vec<u16>) {
    let id = Some(ep.id.as_str());
    let diag = |at: Vec<String>, msg: String| Diagnostic::new(pointer(at), msg).in_operation(id);
    let responses = &ep.operation.responses;
    let schema_problems = cx.problems.len();
    if responses.default.is_some() {
        problems.push(diag(
            ep.at(&["responses", "default"]),
            "response `default` is not supported: give each status as a number".into(),
        ));
    }
    // By status, as the keys of the JSON object always came.
    let mut by_status: Vec<(&StatusCode, &ReferenceOr<Response>)> =
        responses.responses.iter().collect();
    by_status.sort_by(|a, b| a.0.cmp(b.0));

    let mut successes = Vec::new();
    let mut error_statuses = Vec::new();
    for (status, resp) in by_status {
        let status_key = status.to_string();
        let rp = ep.at(&["responses", &status_key]);
        let code = match status {
            StatusCode::Code(code) => *code,
            StatusCode::Range(_) => {
                problems.push(diag(
                    rp,
                    format!(
                        "response `{status_key}` is not supported: give each status as a number"
                    ),
                ));
                continue;
            }
        };
        if code >= 400 {
            error_statuses.push(code);
            continue;
        }
        if code < 200 {
            problems.push(diag(
                rp,
                format!("informational response {code} is not supported"),
            ));
            continue;
        }
        let resp = match resolve(components, resp) {
            Ok(resp) => resp,
            Err(e) => {
                let mut at = rp;
                at.push("$ref".into());
                problems.push(diag(at, e.message()));
                continue;
            }
        };
        let Some(payload) = success_payload(cx, code, resp, &rp, type_name, problems, id) else {
            continue;
        };
        // `x-github-outcome` is a vendor extension: JSON data.
        let outcome = resp
            .extensions
            .get("x-github-outcome")
            .and_then(|v| v.as_str())
            .map(str::to_owned);
        let mut docs = text(Some(&resp.description));
        if let Some(sentence) = cx.availability_at(&rp).sentence() {
            docs = if docs.is_empty() {
                sentence
            } else {
                format!("{docs} {sentence}")
            };
        }
        successes.push((code, payload, outcome, docs));
    }

    let outcome = match successes.len() {
        0 => {
            // Load checks that a success status exists, so a problem with it was reported already.
            if problems.is_empty() && cx.problems.len() == schema_problems {
                problems.push(diag(ep.at(&["responses"]), "no success response".into()));
            }
            Outcome::Single(Success {
                status: 200,
                payload: Payload::Empty,
                docs: String::new(),
            })
        }
        1 => {
            let (status, payload, _, docs) = successes.remove(0);
            Outcome::Single(Success {
                status,
                payload,
                docs,
            })
        }
        _ => {
            let mut variants = Vec::new();
            let mut vn = NameSet::default();
            for (status, payload, outcome, docs) in successes {
                let wanted = outcome
                    .map(|o| names::pascal(&o))
                    .unwrap_or_else(|| names::status_variant(status));
                variants.push((
                    vn.claim(&wanted),
                    Success {
                        status,
                        payload,
                        docs,
                    },
                ));
            }
            Outcome::Several {
                name: names::outcome_enum(type_name),
                variants,
            }
        }
    };
    (outcome, error_statuses)
}

/// What a success response carries: nothing for 304 and 204-like bodies, the
/// `Location` of other redirects, else its JSON body. `None` when a
/// problem was reported.
fn success_payload<'a>(
    cx: &mut SchemaCx<'a>,
    code: u16,
    resp: &'a Response,
    rp: &[String],
    type_name: &str,
    problems: &mut Vec<Diagnostic>,
    id: Option<&str>,
) -> Option<Payload> {
    let diag = |at: Vec<String>, msg: String| Diagnostic::new(pointer(at), msg).in_operation(id);
    if (300..400).contains(&code) {
        return Some(if code == 304 {
            Payload::Empty
        } else {
            Payload::Redirect
        });
    }
    let Some(media) = resp.content.get("application/json") else {
        // The first content type by name, as the JSON object listed them.
        return match resp.content.keys().min() {
            Some(other) => {
                problems.push(diag(
                    rp.to_vec(),
                    format!(
                        "response content type `{other}` is not supported (only application/json)"
                    ),
                ));
                None
            }
            None => Some(Payload::Empty),
        };
    };
    let Some(schema) = &media.schema else {
        let mut at = rp.to_vec();
        at.extend(["content".into(), "application/json".into()]);
        problems.push(diag(at, NO_SCHEMA.into()));
        return None;
    };
    let mut sp = rp.to_vec();
    sp.extend(["content".into(), "application/json".into(), "schema".into()]);
    let (ty, _) = cx.ty(schema.into(), &names::response_type(type_name), &sp, false)?;
    Some(if ty.is_empty_object(cx) {
        Payload::Empty
    } else {
        Payload::Json(ty)
    })
}

/// The problem of JSON content without a schema.
pub(super) const NO_SCHEMA: &str = "`application/json` content needs a `schema`";

/// The strings of a list extension (`x-github-permissions`): vendor
/// extensions are JSON data; entries that are not strings are skipped.
fn string_list(v: Option<&serde_json::Value>) -> Vec<String> {
    v.and_then(|v| v.as_array())
        .map(|l| {
            l.iter()
                .filter_map(|s| s.as_str())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}
