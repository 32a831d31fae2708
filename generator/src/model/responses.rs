//! What a successful call gives: the success responses of an operation as
//! one [`Outcome`], and the error statuses it documents.

use super::media::{self, MediaKind};
use super::{Outcome, Payload, Success, text};
use crate::diagnostics::{Diagnostic, pointer};
use crate::extensions;
use crate::load::Endpoint;
use crate::names::{self, NameSet};
use crate::resolve::{resolve, written_at};
use crate::schema::{SchemaCx, Ty};
use openapiv3::{Components, ReferenceOr, Response, StatusCode};

/// One success answer as the spec gives it, before its variant is named.
struct Answer {
    status: u16,
    payload: Payload,
    /// The name `x-github-outcome` gives it.
    outcome: Option<String>,
    docs: String,
}

/// What a successful call gives, and the error statuses the spec documents.
pub(super) fn build_outcome<'a>(
    cx: &mut SchemaCx<'a>,
    components: &'a Components,
    ep: &'a Endpoint,
    type_name: &str,
    problems: &mut Vec<Diagnostic>,
) -> (Outcome, Vec<u16>) {
    let id = Some(ep.id.as_str());
    let diag = |at: Vec<String>, msg: String| Diagnostic::new(pointer(at), msg).in_operation(id);
    // By status, as the keys of the JSON object always came.
    let mut by_status: Vec<(&StatusCode, &ReferenceOr<Response>)> =
        ep.operation.responses.responses.iter().collect();
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
        } else if code < 200 {
            problems.push(diag(
                rp,
                format!("informational response {code} is not supported"),
            ));
        } else if let Some(answer) =
            success_answer(cx, components, code, node, &rp, type_name, problems, id)
        {
            successes.push(answer);
        }
    }
    // Without a success status, `default` describes every answer: it is
    // the shape of a success (any 2xx status). Beside success statuses it
    // describes the errors, which the runtime reads as it reads any error.
    let mut any_2xx = false;
    if successes.is_empty()
        && let Some(answer) = default_answer(cx, components, ep, type_name, problems)
    {
        any_2xx = true;
        successes.push(answer);
    }
    // A HEAD answer has no body whatever content the document gives it:
    // its status and headers are the answer (`send_with_meta` keeps them).
    if ep.method == crate::method::Method::Head {
        for answer in &mut successes {
            if !matches!(answer.payload, Payload::Redirect) {
                answer.payload = Payload::Empty;
            }
        }
    }
    (outcome(successes, any_2xx, type_name), error_statuses)
}

/// The answer of a success status `code` (written at `rp`), or `None` when a
/// problem was reported.
#[allow(clippy::too_many_arguments)]
fn success_answer<'a>(
    cx: &mut SchemaCx<'a>,
    components: &'a Components,
    code: u16,
    node: &'a ReferenceOr<Response>,
    rp: &[String],
    type_name: &str,
    problems: &mut Vec<Diagnostic>,
    id: Option<&str>,
) -> Option<Answer> {
    let resp = match resolve(components, node) {
        Ok(resp) => resp,
        Err(e) => {
            let at = rp.iter().map(String::as_str).chain(["$ref"]);
            problems.push(Diagnostic::new(pointer(at), e.message()).in_operation(id));
            return None;
        }
    };
    let payload = success_payload(cx, code, resp, rp, type_name, problems, id)?;
    let outcome = match extensions::outcome(&resp.extensions, &written_at(components, node, rp)) {
        Ok(outcome) => outcome,
        Err(d) => {
            problems.push(d.in_operation(id));
            None
        }
    };
    let mut docs = text(Some(&resp.description));
    if let Some(sentence) = cx.availability_at(rp).sentence() {
        docs = if docs.is_empty() {
            sentence
        } else {
            format!("{docs} {sentence}")
        };
    }
    Some(Answer {
        status: code,
        payload,
        outcome,
        docs,
    })
}

/// The answer `default` describes, as a success of any 2xx status; `None`
/// without one, or when a problem was reported.
fn default_answer<'a>(
    cx: &mut SchemaCx<'a>,
    components: &'a Components,
    ep: &'a Endpoint,
    type_name: &str,
    problems: &mut Vec<Diagnostic>,
) -> Option<Answer> {
    let id = Some(ep.id.as_str());
    let default = ep.operation.responses.default.as_ref()?;
    let rp = ep.at(&["responses", "default"]);
    match resolve(components, default) {
        Ok(resp) => {
            let payload = success_payload(cx, 200, resp, &rp, type_name, problems, id)?;
            Some(Answer {
                status: 200,
                payload,
                outcome: None,
                docs: text(Some(&resp.description)),
            })
        }
        Err(e) => {
            let at = rp.iter().map(String::as_str).chain(["$ref"]);
            problems.push(Diagnostic::new(pointer(at), e.message()).in_operation(id));
            None
        }
    }
}

/// The outcome of the success answers: one, or an enum with a variant per
/// status, named by `x-github-outcome` or after the status.
fn outcome(mut successes: Vec<Answer>, any_2xx: bool, type_name: &str) -> Outcome {
    match successes.len() {
        // `load` checks that a success exists, and a problem with the one
        // there is reported where it is.
        0 => Outcome::Single(Success {
            status: 200,
            any_2xx: false,
            payload: Payload::Empty,
            docs: String::new(),
        }),
        1 => {
            let Answer {
                status,
                payload,
                docs,
                ..
            } = successes.remove(0);
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
            for answer in successes {
                let wanted = answer
                    .outcome
                    .map(|o| names::pascal(&o))
                    .unwrap_or_else(|| names::status_variant(answer.status));
                variants.push((
                    vn.claim(&wanted),
                    Success {
                        status: answer.status,
                        any_2xx: false,
                        payload: answer.payload,
                        docs: answer.docs,
                    },
                ));
            }
            Outcome::Several {
                name: names::outcome_enum(type_name),
                variants,
            }
        }
    }
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
        problems.push(diag(at, media::no_schema(content_type)));
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
