//! One endpoint to one [`Operation`]: its names, and its parameters, body,
//! outcome, pagination and watch put together.

use super::body::{BodyInputs, build_body, build_pagination};
use super::multipart::{self, MultipartCx};
use super::params::build_params;
use super::responses::build_outcome;
use super::{
    Area, Operation, Outcome, Pagination, Param, PathPart, Payload, Success, WatchSpec, text,
};
use crate::diagnostics::{Diagnostic, pointer};
use crate::extensions;
use crate::load::Endpoint;
use crate::names::{self, NameSet};
use crate::path_template::TemplatePart;
use crate::schema::SchemaCx;
use openapiv3::Components;
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
    let type_name = builder_name(op_names, id);

    let area = area_by_tag.get(super::endpoint_tag(ep)).copied();

    let mut inputs = NameSet::with_reserved(names::RESERVED_INPUTS);
    let (path_params, mut other_params) =
        build_params(cx, components, ep, &type_name, &mut inputs, &mut problems);

    // A multipart body is its parts, inputs beside the parameters.
    let parts = op.request_body.as_ref().and_then(|rb| {
        let mcx = MultipartCx {
            type_name: &type_name,
            inputs: &mut inputs,
            problems: &mut problems,
            id,
        };
        multipart::parts(cx, components, rb, &ep.at(&["requestBody"]), mcx)
    });
    let multipart = parts.is_some();
    other_params.extend(parts.unwrap_or_default());

    let mut notes = Vec::new();
    let body = op
        .request_body
        .as_ref()
        .filter(|_| !multipart)
        .and_then(|rb| {
            let at = ep.at(&["requestBody"]);
            let inputs = BodyInputs {
                names: &mut inputs,
                params: path_params.iter().chain(&other_params).collect(),
                notes: &mut notes,
            };
            build_body(
                cx,
                components,
                inputs,
                &type_name,
                rb,
                &at,
                &mut problems,
                id,
            )
        });

    let (outcome, error_statuses) = build_outcome(cx, components, ep, &type_name, &mut problems);

    let permissions = extensions::permissions(&op.extensions, &ep.at(&[])).unwrap_or_else(|d| {
        problems.push(d.in_operation(Some(id)));
        Vec::new()
    });
    let pagination = pagination(cx, ep, &outcome, &other_params, &mut problems);
    let watch = watch(cx, ep, &outcome, &mut problems);

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
        notes,
    })
}

/// The name of the operation's request builder. One whose short name is
/// taken is named after the whole id (`PullRequestStacksList`), or numbered
/// when that is taken too.
fn builder_name(op_names: &mut NameSet, id: &str) -> String {
    let short = names::operation_builder(id);
    let whole = names::pascal(id);
    if op_names.contains(&short) && !op_names.contains(&whole) {
        op_names.claim(&whole)
    } else {
        op_names.claim(&short)
    }
}

/// How the operation's list pages (`x-github-pagination`), with the page
/// size GitHub's lists take in `per_page`; `None` when it does not page or
/// a problem was reported.
fn pagination(
    cx: &SchemaCx<'_>,
    ep: &Endpoint,
    outcome: &Outcome,
    other_params: &[Param],
    problems: &mut Vec<Diagnostic>,
) -> Option<Pagination> {
    let id = ep.id.as_str();
    let paging = extensions::pagination(&ep.operation.extensions, &ep.at(&[]))
        .map_err(|d| problems.push(d.in_operation(Some(id))))
        .ok()??;
    let at = ep.at(&[extensions::PAGINATION]);
    let mut pagination = build_pagination(cx, &paging, outcome, &at, problems, id)?;
    pagination.page_size = other_params
        .iter()
        .find(|q| q.wire == "per_page")
        .and_then(|q| Some((q.rust.clone(), q.maximum?)));
    Some(pagination)
}

/// How the operation can be watched (`x-github-watch`); `None` when it
/// cannot or a problem was reported.
fn watch(
    cx: &SchemaCx<'_>,
    ep: &Endpoint,
    outcome: &Outcome,
    problems: &mut Vec<Diagnostic>,
) -> Option<WatchSpec> {
    let watching = extensions::watch(&ep.operation.extensions, &ep.at(&[]))
        .map_err(|d| problems.push(d.in_operation(Some(ep.id.as_str()))))
        .ok()??;
    let at = ep.at(&[extensions::WATCH]);
    build_watch(cx, watching, ep, outcome, &at, problems)
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
