//! One endpoint to one [`Operation`]: names, parameters, responses.

use super::body::{build_body, build_pagination};
use super::media::{self, MediaKind};
use super::{
    Area, Operation, Outcome, Param, ParamLocation, PathPart, Payload, Success, WatchSpec, text,
};
use crate::diagnostics::{Diagnostic, pointer};
use crate::extensions;
use crate::load::Endpoint;
use crate::names::{self, NameSet};
use crate::path_template::TemplatePart;
use crate::resolve::{component_key, resolve, written_at};
use crate::schema::{SchemaCx, SchemaNode, Ty};
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
    // A builder whose short name is taken is named after the whole id
    // (`PullRequestStacksList`), or numbered when that is taken too.
    let short = names::operation_builder(id);
    let whole = names::pascal(id);
    let type_name = if op_names.contains(&short) && !op_names.contains(&whole) {
        op_names.claim(&whole)
    } else {
        op_names.claim(&short)
    };

    let area = area_by_tag.get(super::endpoint_tag(ep)).copied();

    let mut inputs = NameSet::with_reserved(names::RESERVED_INPUTS);
    let (path_params, other_params) =
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

    let op_at = ep.at(&[]);
    let mut report = |d: Diagnostic| problems.push(d.in_operation(Some(id)));
    let paging = extensions::pagination(&op.extensions, &op_at).unwrap_or_else(|d| {
        report(d);
        None
    });
    let watching = extensions::watch(&op.extensions, &op_at).unwrap_or_else(|d| {
        report(d);
        None
    });
    let permissions = extensions::permissions(&op.extensions, &op_at).unwrap_or_else(|d| {
        report(d);
        Vec::new()
    });

    let pagination = paging.and_then(|paging| {
        let at = ep.at(&[extensions::PAGINATION]);
        let mut pagination = build_pagination(cx, &paging, &outcome, &at, &mut problems, id)?;
        // GitHub's lists size their pages with `per_page`.
        pagination.page_size = other_params
            .iter()
            .find(|q| q.wire == "per_page")
            .and_then(|q| Some((q.rust.clone(), q.maximum?)));
        Some(pagination)
    });

    let watch = watching.and_then(|watching| {
        let at = ep.at(&[extensions::WATCH]);
        build_watch(cx, watching, ep, &outcome, &at, &mut problems)
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
        other_params,
        body,
        outcome,
        pagination,
        products: ep.products.clone(),
        summary: text(op.summary.as_deref()),
        description: text(op.description.as_deref()),
        permissions,
        error_statuses,
        watch,
        notes: Vec::new(),
    })
}

/// `x-github-watch: {field, until}` on a GET whose one success answer is an
/// object with that field.
fn build_watch(
    cx: &SchemaCx<'_>,
    watching: extensions::Watch,
    ep: &Endpoint,
    outcome: &Outcome,
    at: &[String],
    problems: &mut Vec<Diagnostic>,
) -> Option<WatchSpec> {
    let mut fail = |message: String| {
        problems.push(Diagnostic::new(pointer(at), message).in_operation(Some(ep.id.as_str())));
        None
    };
    let extensions::Watch { field, until } = watching;
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
    /// The `style` of a query parameter, as written.
    style: Option<&'static str>,
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
            let style = match parameter {
                Parameter::Query { style, .. } => Some(query_style(style)),
                _ => None,
            };
            declared
                .retain(|q| (q.data.name.as_str(), q.location) != (data.name.as_str(), location));
            declared.push(Declared {
                data,
                location,
                style,
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
    let mut other_params = Vec::new();
    for d in ordered {
        let wire = d.data.name.clone();
        if d.location == "header" && CLIENT_HEADERS.iter().any(|h| wire.eq_ignore_ascii_case(h)) {
            continue; // the client sends these itself
        }
        let diag =
            |at: &[String], message: String| Diagnostic::new(pointer(at), message).in_operation(id);
        if d.location == "cookie" {
            problems.push(diag(
                &d.at,
                format!(
                    "`in: cookie` parameter `{wire}` is not supported (only path, query and header)"
                ),
            ));
            continue;
        }
        let ParameterSchemaOrContent::Schema(schema) = &d.data.format else {
            problems.push(diag(&d.at, format!("parameter `{wire}` has no schema")));
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
        // One value or a list of them: a list of one says the same.
        let ty = if d.location == "query" {
            one_or_list(cx, ty)
        } else {
            ty
        };
        let location = match d.location {
            "path" => ParamLocation::Path,
            "header" => ParamLocation::Header,
            _ => ParamLocation::Query {
                explode: d.data.explode.unwrap_or(true),
            },
        };
        if let (ParamLocation::Query { .. }, Some(style)) = (location, d.style)
            && style != "form"
        {
            problems.push(diag(
                &d.at,
                format!("query parameter `{wire}` has `style: {style}`, which is not supported (only form)"),
            ));
            continue;
        }
        let writable = match (&ty, location) {
            (Ty::Vec(item), ParamLocation::Query { .. }) => item.is_display(cx),
            _ => ty.is_display(cx),
        };
        if !writable {
            let place = match location {
                ParamLocation::Header => "a header",
                _ => "a URL",
            };
            problems.push(diag(
                &sp,
                format!("parameter `{wire}` has a type that cannot be written into {place}"),
            ));
            continue;
        }
        let rust = inputs.claim(&names::snake(&wire));
        let param = Param {
            location,
            local: names::segment_local(&rust),
            rust,
            wire,
            ty,
            required: d.location == "path" || d.data.required,
            docs: text(d.data.description.as_deref()),
            default: default_text(components, schema),
            maximum: integer_maximum(components, schema),
        };
        if location == ParamLocation::Path {
            path_params.push(param)
        } else {
            other_params.push(param)
        }
    }
    (path_params, other_params)
}

/// Headers the client sets itself, which a parameter may not set.
const CLIENT_HEADERS: [&str; 4] = ["accept", "authorization", "content-type", "user-agent"];

/// A union of a value and a list of such values (`oneOf: [string, array of
/// string]`) as the list: in a query, one value and a list of one are the same.
fn one_or_list(cx: &SchemaCx<'_>, ty: Ty) -> Ty {
    let Ty::Named(name) = &ty else { return ty };
    let Some(crate::schema::TypeKind::OneOf { variants }) = cx.get(name).map(|t| &t.kind) else {
        return ty;
    };
    let is_string_enum = |t: &Ty| {
        matches!(t, Ty::Named(n) if matches!(
            cx.get(n).map(|d| &d.kind),
            Some(crate::schema::TypeKind::Enum { .. })
        ))
    };
    match variants.as_slice() {
        [(_, one), (_, Ty::Vec(item))] | [(_, Ty::Vec(item)), (_, one)] if **item == *one => {
            Ty::Vec(item.clone())
        }
        // Any string, or a list of known ones: a list of strings.
        [(_, Ty::String), (_, Ty::Vec(item))] | [(_, Ty::Vec(item)), (_, Ty::String)]
            if is_string_enum(item) =>
        {
            Ty::Vec(Box::new(Ty::String))
        }
        _ => ty,
    }
}

/// The name of a query parameter's style.
fn query_style(style: &openapiv3::QueryStyle) -> &'static str {
    match style {
        openapiv3::QueryStyle::Form => "form",
        openapiv3::QueryStyle::SpaceDelimited => "spaceDelimited",
        openapiv3::QueryStyle::PipeDelimited => "pipeDelimited",
        openapiv3::QueryStyle::DeepObject => "deepObject",
    }
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
    // By status, as the keys of the JSON object always came.
    let mut by_status: Vec<(&StatusCode, &ReferenceOr<Response>)> =
        responses.responses.iter().collect();
    by_status.sort_by(|a, b| a.0.cmp(b.0));

    let mut successes = Vec::new();
    let mut error_statuses = Vec::new();
    for (status, node) in by_status {
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
        let resp = match resolve(components, node) {
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
        let outcome =
            match extensions::outcome(&resp.extensions, &written_at(components, node, &rp)) {
                Ok(outcome) => outcome,
                Err(d) => {
                    problems.push(d.in_operation(id));
                    None
                }
            };
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
    // Without a success status, `default` describes every answer: it is
    // the shape of a success (any 2xx status). Beside success statuses it
    // describes the errors, which the runtime reads as it reads any error.
    let mut any_2xx = false;
    if let (true, Some(default)) = (successes.is_empty(), &responses.default) {
        let rp = ep.at(&["responses", "default"]);
        match resolve(components, default) {
            Ok(resp) => {
                if let Some(payload) = success_payload(cx, 200, resp, &rp, type_name, problems, id)
                {
                    any_2xx = true;
                    successes.push((200, payload, None, text(Some(&resp.description))));
                }
            }
            Err(e) => {
                let mut at = rp;
                at.push("$ref".into());
                problems.push(diag(at, e.message()));
            }
        }
    }

    let outcome = match successes.len() {
        // `load` checks that a success exists, and a problem with the one
        // there is reported where it is.
        0 => Outcome::Single(Success {
            status: 200,
            any_2xx: false,
            payload: Payload::Empty,
            docs: String::new(),
        }),
        1 => {
            let (status, payload, _, docs) = successes.remove(0);
            Outcome::Single(Success {
                status,
                any_2xx,
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
                        any_2xx: false,
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
    let Some((content_type, kind, media)) = media::choose(&resp.content) else {
        return Some(Payload::Empty);
    };
    let mut at = rp.to_vec();
    at.extend(["content".into(), content_type.to_owned()]);
    match kind {
        MediaKind::Json => {}
        MediaKind::Text => return Some(Payload::Text),
        MediaKind::Binary => return Some(Payload::Bytes),
        MediaKind::Form | MediaKind::Multipart => {
            problems.push(diag(
                at,
                format!("response content `{content_type}` is not supported: answers are read as JSON, text or bytes"),
            ));
            return None;
        }
    }
    let Some(schema) = &media.schema else {
        problems.push(diag(at, no_schema(content_type)));
        return None;
    };
    at.push("schema".into());
    let (ty, nullable) = cx.ty(schema.into(), &names::response_type(type_name), &at, false)?;
    Some(if ty.is_empty_object(cx) {
        Payload::Empty
    } else if nullable && ty != Ty::Json {
        // `null` is a value the answer may be: `None`.
        Payload::Json(Ty::Nullable(Box::new(ty)))
    } else {
        Payload::Json(ty)
    })
}

/// The problem of JSON or form content without a schema.
pub(super) fn no_schema(content_type: &str) -> String {
    format!("`{content_type}` content needs a `schema`")
}
