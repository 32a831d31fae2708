//! Step 2: the intermediate form. Plain data, no tokens: what the emitters read.

use crate::diagnostics::{Diagnostic, pointer};
use crate::load::{Loaded, deref};
use crate::names::{self, NameSet};
use crate::schema::{SchemaCx, Ty};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

pub use crate::schema::{EnumVariant, Field, FieldShape, TypeDef, TypeKind};

/// Everything the emitters need, in output order.
#[derive(Debug, Clone)]
pub struct Model {
    /// Title of the API.
    pub title: String,
    /// One area per tag, in the order the spec lists its tags.
    pub areas: Vec<Area>,
    /// Named types, in the order they were first met.
    pub types: Vec<TypeDef>,
    /// Operations, in path order then method order.
    pub operations: Vec<Operation>,
}

/// An API area (one tag): one handler and one module in the client.
#[derive(Debug, Clone)]
pub struct Area {
    /// The tag as written in the spec.
    pub tag: String,
    /// Module name (`workflow_runs`).
    pub module: String,
    /// Handler type name (`WorkflowRuns`).
    pub handler: String,
    /// Description of the tag.
    pub description: String,
}

/// One HTTP operation.
#[derive(Debug, Clone)]
pub struct Operation {
    /// GitHub's `operationId`.
    pub id: String,
    /// Method name on the handler (`list_workflow_runs_for_repo`).
    pub method_name: String,
    /// Builder type name (`ListWorkflowRunsForRepo`).
    pub type_name: String,
    /// Module of the area the operation belongs to.
    pub area: String,
    /// HTTP method, upper case.
    pub http_method: String,
    /// Path template as in the spec.
    pub path: String,
    /// The template split into literal text and parameters.
    pub path_parts: Vec<PathPart>,
    /// Path parameters, in template order.
    pub path_params: Vec<Param>,
    /// Query parameters, in spec order.
    pub query_params: Vec<Param>,
    /// The JSON request body, if any.
    pub body: Option<Body>,
    /// What a successful call gives.
    pub outcome: Outcome,
    /// How the list pages, for paginated lists.
    pub pagination: Option<Pagination>,
    /// Products that have the operation (`github.com`, `ghes-3.21`, `ghes-2.22`).
    pub products: Vec<String>,
    /// One-line summary.
    pub summary: String,
    /// Longer description.
    pub description: String,
    /// Fine-grained token permissions.
    pub permissions: Vec<String>,
    /// Error statuses the spec documents.
    pub error_statuses: Vec<u16>,
}

/// A piece of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPart {
    /// Literal text.
    Literal(String),
    /// The path parameter at this index of `path_params`.
    Param(usize),
}

/// A path or query parameter.
#[derive(Debug, Clone)]
pub struct Param {
    /// Rust name.
    pub rust: String,
    /// Name on the wire.
    pub wire: String,
    /// Type.
    pub ty: Ty,
    /// Whether the caller must give it.
    pub required: bool,
    /// Description.
    pub docs: String,
    /// Server-side default, for the docs.
    pub default: Option<String>,
}

/// A JSON request body.
#[derive(Debug, Clone)]
pub struct Body {
    /// The body's type.
    pub ty: Ty,
    /// Whether the spec requires the body.
    pub required: bool,
    /// For an object body: its fields, spread over arguments and setters.
    pub fields: Option<Vec<BodyField>>,
    /// The body holds `encrypted_value` + `key_id` and takes a sealed secret.
    pub sealed: bool,
    /// Whether the body type has `Default` (every field optional).
    pub defaultable: bool,
    /// Every field of an object body, the sealed ones included.
    pub all_fields: Vec<Field>,
}

/// A field of an object body, seen from the builder.
#[derive(Debug, Clone)]
pub struct BodyField {
    /// The struct field.
    pub field: Field,
    /// Name of the argument or setter (unique among the operation's inputs).
    pub arg: String,
}

/// What a successful call gives.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// One success status.
    Single(Success),
    /// Several success statuses: an enum, one variant each.
    Several {
        /// Enum type name.
        name: String,
        /// `(variant, success)` in status order.
        variants: Vec<(String, Success)>,
    },
}

/// One success status and what it carries.
#[derive(Debug, Clone)]
pub struct Success {
    /// HTTP status.
    pub status: u16,
    /// Its payload.
    pub payload: Payload,
    /// The response description, for docs.
    pub docs: String,
}

/// The payload of a success response.
#[derive(Debug, Clone, PartialEq)]
pub enum Payload {
    /// A JSON body of this type.
    Json(Ty),
    /// No body that means anything (204, or an empty object).
    Empty,
    /// A redirect: the `Location` to download from.
    Redirect,
}

/// How a paginated list pages.
#[derive(Debug, Clone)]
pub struct Pagination {
    /// `page` (page/per_page) or `cursor` (before/after).
    pub kind: String,
    /// Name of the wrapper type that implements `ListBody`.
    pub list_type: String,
    /// Rust name of the array field.
    pub items_field: String,
    /// Type of one item.
    pub item: Ty,
    /// Rust name of `total_count` and whether it is optional.
    pub total_count: Option<(String, bool)>,
}

const METHODS: &[&str] = &["get", "put", "post", "delete", "patch"];

/// Builds the model, or every problem that stops it.
pub fn build(loaded: &Loaded) -> Result<Model, Vec<Diagnostic>> {
    let raw = &loaded.raw;
    let mut cx = SchemaCx::new(raw);
    let mut problems = Vec::new();

    // Areas come from the tag list; a tag used but not listed is a problem.
    let mut areas = Vec::new();
    let mut modules =
        NameSet::with_reserved(&["types", "runtime", "pagination", "download", "sealing"]);
    let mut area_by_tag = BTreeMap::new();
    if let Some(tags) = raw.get("tags").and_then(Value::as_array) {
        for (i, t) in tags.iter().enumerate() {
            let Some(tag) = t.get("name").and_then(Value::as_str) else {
                problems.push(Diagnostic::new(
                    pointer(["tags", &i.to_string()]),
                    "a tag has no name",
                ));
                continue;
            };
            let module = modules.claim(&names::snake(tag));
            area_by_tag.insert(tag.to_owned(), module.clone());
            areas.push(Area {
                tag: tag.to_owned(),
                handler: names::pascal(&module),
                module,
                description: text(t.get("description")),
            });
        }
    }

    // Component schemas first, in document order, so they keep their names.
    cx.register_components();

    let mut operations = Vec::new();
    let mut type_names = NameSet::default();
    if let Some(paths) = raw.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            for method in METHODS {
                let Some(op) = item.get(*method) else {
                    continue;
                };
                let ptr = vec!["paths".to_owned(), path.clone(), (*method).to_owned()];
                let seen = cx.problems.len();
                match build_operation(
                    &mut cx,
                    &area_by_tag,
                    &mut type_names,
                    path,
                    method,
                    item,
                    op,
                    &ptr,
                ) {
                    Ok(o) => operations.push(o),
                    Err(mut d) => problems.append(&mut d),
                }
                // Schema problems inside the operation are reported as the operation's.
                let inside = format!("{}/", pointer(&ptr));
                for d in &mut cx.problems[seen..] {
                    if d.operation.is_none() && d.pointer.starts_with(&inside) {
                        d.operation = op
                            .get("operationId")
                            .and_then(Value::as_str)
                            .map(str::to_owned);
                    }
                }
            }
        }
    }
    cx.build_remaining_components();
    problems.append(&mut cx.problems);
    if !problems.is_empty() {
        problems.sort();
        problems.dedup();
        return Err(problems);
    }
    Ok(Model {
        title: raw
            .pointer("/info/title")
            .and_then(Value::as_str)
            .unwrap_or("API")
            .to_owned(),
        areas,
        types: cx.into_types(),
        operations,
    })
}

/// The strings of a list extension (`x-github-products`, ...); other entries are checked by `load`.
fn string_list(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|l| {
            l.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

fn text(v: Option<&Value>) -> String {
    v.and_then(Value::as_str)
        .unwrap_or_default()
        .trim()
        .to_owned()
}

#[allow(clippy::too_many_arguments)]
fn build_operation(
    cx: &mut SchemaCx<'_>,
    area_by_tag: &BTreeMap<String, String>,
    op_names: &mut NameSet,
    path: &str,
    method: &str,
    item: &Value,
    op: &Value,
    ptr: &[String],
) -> Result<Operation, Vec<Diagnostic>> {
    let id = op
        .get("operationId")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let mut problems = Vec::new();
    let diag =
        |at: Vec<String>, msg: String| Diagnostic::new(pointer(at), msg).in_operation(Some(&id));
    let at = |rest: &[&str]| -> Vec<String> {
        ptr.iter()
            .cloned()
            .chain(rest.iter().map(|s| (*s).to_owned()))
            .collect()
    };
    let short = id.rsplit('/').next().unwrap_or(&id).to_owned();
    let type_name = op_names.claim(&names::pascal(&short));
    let method_name = names::snake(&short);

    let tag = op
        .pointer("/tags/0")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let area = match area_by_tag.get(tag) {
        Some(m) => m.clone(),
        None => {
            problems.push(diag(
                at(&["tags", "0"]),
                format!("tag `{tag}` is not listed in the top-level `tags`"),
            ));
            String::new()
        }
    };

    // Parameters: path-item level first, then operation level overriding by (name, in).
    // (resolved parameter, its pointer, the shared parameter it came from)
    let mut params: Vec<(Value, Vec<String>, Option<String>)> = Vec::new();
    let sources = [
        (
            item.get("parameters"),
            vec!["paths".to_owned(), path.to_owned(), "parameters".to_owned()],
        ),
        (op.get("parameters"), at(&["parameters"])),
    ];
    for (list, base) in sources {
        let Some(list) = list.and_then(Value::as_array) else {
            continue;
        };
        for (i, p) in list.iter().enumerate() {
            let mut pp = base.clone();
            pp.push(i.to_string());
            let Some(resolved) = deref(cx.raw, p) else {
                continue;
            };
            let component = p
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix("#/components/parameters/"))
                .map(str::to_owned);
            let key = (resolved.get("name").cloned(), resolved.get("in").cloned());
            params.retain(|(q, _, _)| (q.get("name").cloned(), q.get("in").cloned()) != key);
            params.push((resolved.clone(), pp, component));
        }
    }

    let mut inputs =
        NameSet::with_reserved(&["client", "send", "stream", "request", "body", "secret"]);
    let mut path_params = Vec::new();
    let mut query_params = Vec::new();
    let template = crate::load::template_params(path).unwrap_or_default();
    // Path parameters in template order.
    let mut ordered: Vec<&(Value, Vec<String>, Option<String>)> = Vec::new();
    for seg in path_param_order(path) {
        if let Some(p) = params.iter().find(|(p, _, _)| {
            p.get("in").and_then(Value::as_str) == Some("path")
                && p.get("name").and_then(Value::as_str) == Some(seg.as_str())
        }) {
            ordered.push(p);
        }
    }
    ordered.extend(
        params
            .iter()
            .filter(|(p, _, _)| p.get("in").and_then(Value::as_str) != Some("path")),
    );
    for (p, pp, component) in ordered {
        let wire = p
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let location = p.get("in").and_then(Value::as_str).unwrap_or_default();
        if location == "header" && wire.eq_ignore_ascii_case("accept") {
            continue; // the client always sends the right Accept header
        }
        if location != "path" && location != "query" {
            problems.push(diag(
                pp.clone(),
                format!(
                    "`in: {location}` parameter `{wire}` is not supported (only path and query)"
                ),
            ));
            continue;
        }
        if location == "path" && !template.contains(&wire) {
            continue; // reported by load
        }
        let mut sp = pp.clone();
        sp.push("schema".into());
        let Some(schema) = p.get("schema") else {
            problems.push(diag(
                pp.clone(),
                format!("parameter `{wire}` has no schema"),
            ));
            continue;
        };
        // A shared parameter names its type after itself; an inline one after its operation.
        let hint = match component {
            Some(key) => names::pascal(key),
            None => format!("{type_name}{}", names::pascal(&wire)),
        };
        let Some((ty, _)) = cx.ty(schema, &hint, &sp, false) else {
            continue;
        };
        if !ty.is_display(cx) {
            problems.push(diag(
                sp,
                format!("parameter `{wire}` has a type that cannot be written into a URL"),
            ));
            continue;
        }
        let param = Param {
            rust: inputs.claim(&names::snake(&wire)),
            wire,
            ty,
            required: location == "path"
                || p.get("required").and_then(Value::as_bool) == Some(true),
            docs: text(p.get("description")),
            default: deref(cx.raw, schema)
                .and_then(|s| s.get("default"))
                .map(|d| match d {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                }),
        };
        if location == "path" {
            path_params.push(param)
        } else {
            query_params.push(param)
        }
    }

    let body = match op.get("requestBody") {
        None => None,
        Some(rb) => build_body(
            cx,
            &mut inputs,
            &type_name,
            rb,
            &at(&["requestBody"]),
            &mut problems,
            &id,
        ),
    };

    // Responses.
    let mut successes = Vec::new();
    let mut error_statuses = Vec::new();
    if let Some(responses) = op.get("responses").and_then(Value::as_object) {
        for (status, resp) in responses {
            let rp = at(&["responses", status]);
            let Ok(code) = status.parse::<u16>() else {
                problems.push(diag(
                    rp,
                    format!("response `{status}` is not supported: give each status as a number"),
                ));
                continue;
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
            let Some(resp) = deref(cx.raw, resp) else {
                continue;
            };
            let payload = if (300..400).contains(&code) {
                if code == 304 {
                    Payload::Empty
                } else {
                    Payload::Redirect
                }
            } else {
                match resp.pointer("/content/application~1json/schema") {
                    Some(schema) => {
                        let mut sp = rp.clone();
                        sp.extend(["content".into(), "application/json".into(), "schema".into()]);
                        let hint = format!("{type_name}Response");
                        match cx.ty(schema, &hint, &sp, false) {
                            Some((ty, _)) if ty.is_empty_object(cx) => Payload::Empty,
                            Some((ty, _)) => Payload::Json(ty),
                            None => continue,
                        }
                    }
                    None => {
                        if let Some(other) = resp
                            .get("content")
                            .and_then(Value::as_object)
                            .and_then(|c| c.keys().next())
                        {
                            problems.push(diag(rp, format!("response content type `{other}` is not supported (only application/json)")));
                            continue;
                        }
                        Payload::Empty
                    }
                }
            };
            let outcome = resp
                .get("x-github-outcome")
                .and_then(Value::as_str)
                .map(str::to_owned);
            successes.push((code, payload, outcome, text(resp.get("description")), rp));
        }
    }
    let outcome = match successes.len() {
        0 => {
            // Load checks that a success status exists, so a problem with it was reported already.
            if problems.is_empty() {
                problems.push(diag(at(&["responses"]), "no success response".into()));
            }
            Outcome::Single(Success {
                status: 200,
                payload: Payload::Empty,
                docs: String::new(),
            })
        }
        1 => {
            let (status, payload, _, docs, _) = successes.remove(0);
            Outcome::Single(Success {
                status,
                payload,
                docs,
            })
        }
        _ => {
            let mut variants = Vec::new();
            let mut vn = NameSet::default();
            for (status, payload, outcome, docs, _) in successes {
                let wanted = outcome
                    .map(|o| names::pascal(&o))
                    .unwrap_or_else(|| status_name(status));
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
                name: format!("{type_name}Outcome"),
                variants,
            }
        }
    };

    let pagination = match op.get("x-github-pagination") {
        None => None,
        Some(p) => build_pagination(
            cx,
            p,
            &outcome,
            &at(&["x-github-pagination"]),
            &mut problems,
            &id,
        ),
    };

    let products = string_list(op.get("x-github-products"));
    let permissions = string_list(op.get("x-github-permissions"));

    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Operation {
        id: id.clone(),
        method_name,
        type_name,
        area,
        http_method: method.to_uppercase(),
        path: path.to_owned(),
        path_parts: split_path(path, &path_params),
        path_params,
        query_params,
        body,
        outcome,
        pagination,
        products,
        summary: text(op.get("summary")),
        description: text(op.get("description")),
        permissions,
        error_statuses,
    })
}

fn build_body(
    cx: &mut SchemaCx<'_>,
    inputs: &mut NameSet,
    type_name: &str,
    rb: &Value,
    rp: &[String],
    problems: &mut Vec<Diagnostic>,
    id: &str,
) -> Option<Body> {
    let rb = deref(cx.raw, rb)?;
    let Some(schema) = rb.pointer("/content/application~1json/schema") else {
        let kinds: Vec<&String> = rb
            .get("content")
            .and_then(Value::as_object)
            .map(|c| c.keys().collect())
            .unwrap_or_default();
        problems.push(
            Diagnostic::new(
                pointer(rp),
                format!("request body content {kinds:?} is not supported (only application/json)"),
            )
            .in_operation(Some(id)),
        );
        return None;
    };
    let mut sp = rp.to_vec();
    sp.extend(["content".into(), "application/json".into(), "schema".into()]);
    let (ty, _) = cx.ty(schema, &format!("{type_name}Request"), &sp, true)?;
    let required = rb.get("required").and_then(Value::as_bool) == Some(true);
    let resolved = deref(cx.raw, schema);
    let sealed = resolved
        .and_then(|s| s.get("x-github-sealed-secret"))
        .and_then(Value::as_bool)
        == Some(true);
    let all_fields = match &ty {
        Ty::Named(n) => cx.struct_fields(n).unwrap_or_default(),
        _ => Vec::new(),
    };
    let (fields, defaultable) = match &ty {
        Ty::Named(n) => match cx.struct_fields(n) {
            Some(fields) => {
                let defaultable = fields.iter().all(|f| {
                    !matches!(f.shape, FieldShape::Required | FieldShape::RequiredNullable)
                });
                let fields = fields
                    .into_iter()
                    .filter(|f| !(sealed && (f.wire == "encrypted_value" || f.wire == "key_id")))
                    .map(|field| BodyField {
                        arg: inputs.claim(&field.rust),
                        field,
                    })
                    .collect();
                (Some(fields), defaultable)
            }
            None => (None, false),
        },
        _ => (None, false),
    };
    if sealed && fields.is_none() {
        problems.push(
            Diagnostic::new(
                pointer(&sp),
                "`x-github-sealed-secret` needs an object body with `encrypted_value` and `key_id`",
            )
            .in_operation(Some(id)),
        );
    }
    Some(Body {
        ty,
        required,
        fields,
        sealed,
        defaultable,
        all_fields,
    })
}

fn build_pagination(
    cx: &mut SchemaCx<'_>,
    p: &Value,
    outcome: &Outcome,
    at: &[String],
    problems: &mut Vec<Diagnostic>,
    id: &str,
) -> Option<Pagination> {
    let mut fail = |msg: String| {
        problems.push(Diagnostic::new(pointer(at), msg).in_operation(Some(id)));
        None
    };
    let kind = p.get("kind").and_then(Value::as_str).unwrap_or_default();
    if kind != "page" && kind != "cursor" {
        return fail(format!(
            "pagination kind `{kind}` is not `page` or `cursor`"
        ));
    }
    let Some(items) = p.get("items").and_then(Value::as_str) else {
        return fail("pagination needs `items`: the name of the array field".into());
    };
    let Outcome::Single(Success {
        payload: Payload::Json(Ty::Named(list)),
        ..
    }) = outcome
    else {
        return fail(
            "a paginated list needs exactly one success response with an object body".into(),
        );
    };
    let fields = cx.struct_fields(list).unwrap_or_default();
    let Some(items_field) = fields.iter().find(|f| f.wire == items) else {
        return fail(format!("the list body has no field `{items}`"));
    };
    let Ty::Vec(item) = &items_field.ty else {
        return fail(format!("field `{items}` of the list body is not an array"));
    };
    let total_count = fields
        .iter()
        .find(|f| f.wire == "total_count" && f.ty == Ty::I64)
        .map(|f| (f.rust.clone(), !matches!(f.shape, FieldShape::Required)));
    Some(Pagination {
        kind: kind.to_owned(),
        list_type: list.clone(),
        items_field: items_field.rust.clone(),
        item: (**item).clone(),
        total_count,
    })
}

fn status_name(status: u16) -> String {
    match status {
        200 => "Ok",
        201 => "Created",
        202 => "Accepted",
        204 => "NoContent",
        301 => "MovedPermanently",
        302 => "Found",
        304 => "NotModified",
        307 => "TemporaryRedirect",
        _ => return format!("Status{status}"),
    }
    .to_owned()
}

fn path_param_order(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        out.push(after[..close].to_owned());
        rest = &after[close + 1..];
    }
    out
}

fn split_path(path: &str, params: &[Param]) -> Vec<PathPart> {
    let mut parts = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        if open > 0 {
            parts.push(PathPart::Literal(rest[..open].to_owned()));
        }
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        let name = &after[..close];
        if let Some(i) = params.iter().position(|p| p.wire == name) {
            parts.push(PathPart::Param(i));
        }
        rest = &after[close + 1..];
    }
    if !rest.is_empty() {
        parts.push(PathPart::Literal(rest.to_owned()));
    }
    parts
}

/// Which area modules use each named type (directly or through other types).
pub fn type_areas(model: &Model) -> BTreeMap<String, BTreeSet<String>> {
    let by_name: BTreeMap<&str, &TypeDef> =
        model.types.iter().map(|t| (t.name.as_str(), t)).collect();
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for op in &model.operations {
        let mut roots: Vec<&Ty> = Vec::new();
        roots.extend(op.path_params.iter().map(|p| &p.ty));
        roots.extend(op.query_params.iter().map(|p| &p.ty));
        if let Some(b) = &op.body {
            roots.push(&b.ty);
        }
        let successes: Vec<&Success> = match &op.outcome {
            Outcome::Single(s) => vec![s],
            Outcome::Several { variants, .. } => variants.iter().map(|(_, s)| s).collect(),
        };
        for s in successes {
            if let Payload::Json(t) = &s.payload {
                roots.push(t);
            }
        }
        let mut stack: Vec<String> = roots.iter().flat_map(|t| t.named()).collect();
        let mut seen = BTreeSet::new();
        while let Some(n) = stack.pop() {
            if !seen.insert(n.clone()) {
                continue;
            }
            out.entry(n.clone()).or_default().insert(op.area.clone());
            if let Some(t) = by_name.get(n.as_str()) {
                stack.extend(t.referenced());
            }
        }
    }
    out
}
