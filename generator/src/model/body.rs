//! Request bodies and pagination of an operation.

use super::media::{self, MediaKind};
use super::{
    Body, BodyField, BodyKind, Outcome, Pagination, Param, ParamLocation, Payload, Success,
};
use crate::diagnostics::{Diagnostic, pointer};
use crate::extensions::{self, Paging};
use crate::names::{self, NameSet};
use crate::resolve::{resolve, written_at};
use crate::schema::{Field, FieldShape, SchemaCx, Ty};
use openapiv3::{Components, ReferenceOr, RequestBody};

/// The fields a sealed secret fills (`x-github-sealed-secret`); the runtime's
/// `SealedSecret` has a getter for each.
pub const SEALED_FIELDS: [&str; 2] = ["encrypted_value", "key_id"];

/// The names the operation's parameters took: what its body fields are
/// named beside, and where the docs of a field renamed for one say why.
pub(super) struct BodyInputs<'p> {
    /// Every input name taken so far (parameters and reserved names).
    pub names: &'p mut NameSet,
    /// The operation's parameters, path and others.
    pub params: Vec<&'p Param>,
    /// Notes for the operation's docs (a required field renamed beside a
    /// parameter is an argument, which has no docs of its own).
    pub notes: &'p mut Vec<String>,
}

/// The request body; the fields of an object body become arguments and
/// setters named from `inputs`.
#[allow(clippy::too_many_arguments)]
pub(super) fn build_body<'a>(
    cx: &mut SchemaCx<'a>,
    components: &'a Components,
    inputs: BodyInputs<'_>,
    type_name: &str,
    rb: &'a ReferenceOr<RequestBody>,
    rp: &[String],
    problems: &mut Vec<Diagnostic>,
    id: &str,
) -> Option<Body> {
    let problem = |at: &[String], message: String| {
        Diagnostic::new(pointer(at), message).in_operation(Some(id))
    };
    let rb = match resolve(components, rb) {
        Ok(rb) => rb,
        Err(e) => {
            let at: Vec<String> = rp.iter().cloned().chain(["$ref".to_owned()]).collect();
            problems.push(problem(&at, e.message()));
            return None;
        }
    };
    let Some((content_type, kind, media)) = media::choose(&rb.content) else {
        problems.push(problem(
            rp,
            "the request body lists no content type".to_owned(),
        ));
        return None;
    };
    let mut sp = rp.to_vec();
    sp.extend(["content".into(), content_type.to_owned()]);
    let kind = match sent_as(kind, content_type, rb.required) {
        Ok(Sent::Typed(kind)) => kind,
        Ok(Sent::AsIs(body)) => return Some(body),
        Err(message) => {
            problems.push(problem(&sp, message));
            return None;
        }
    };
    let Some(schema) = &media.schema else {
        problems.push(problem(&sp, media::no_schema(content_type)));
        return None;
    };
    sp.push("schema".into());
    let (ty, _) = cx.ty(schema.into(), &names::request_type(type_name), &sp, true)?;
    let sealed = match resolve(components, schema) {
        Ok(resolved) => {
            let at = written_at(components, schema, &sp);
            extensions::sealed_secret(&resolved.schema_data.extensions, &at).unwrap_or_else(|d| {
                problems.push(d.in_operation(Some(id)));
                false
            })
        }
        Err(_) => false,
    };
    let all_fields = match &ty {
        Ty::Named(n) => cx.struct_fields(n).unwrap_or_default(),
        _ => Vec::new(),
    };
    let (fields, defaultable) = body_fields(cx, &ty, sealed, inputs);
    for message in shape_problems(
        kind == BodyKind::Form,
        sealed,
        fields.is_some(),
        &all_fields,
    ) {
        problems.push(problem(&sp, message));
    }
    Some(Body {
        ty,
        kind,
        required: rb.required,
        fields,
        sealed,
        defaultable,
        all_fields,
    })
}

/// How a body of some content type is sent.
enum Sent {
    /// As JSON or a form, typed by its schema.
    Typed(BodyKind),
    /// As the caller's text or bytes, whatever the schema says of them.
    AsIs(Body),
}

/// How a body of `kind` is sent, or why it cannot be.
fn sent_as(kind: MediaKind, content_type: &str, required: bool) -> Result<Sent, String> {
    Ok(match kind {
        MediaKind::Json => Sent::Typed(BodyKind::Json),
        MediaKind::Form => Sent::Typed(BodyKind::Form),
        MediaKind::Text => Sent::AsIs(Body::unstructured(
            Ty::String,
            BodyKind::Text(content_type.to_owned()),
            required,
        )),
        MediaKind::Binary => Sent::AsIs(Body::unstructured(
            Ty::Bytes,
            BodyKind::Bytes(content_type.to_owned()),
            required,
        )),
        MediaKind::Multipart => {
            return Err(format!(
                "request body content `{content_type}` is not supported: the client sends JSON, forms, text and bytes, not multipart"
            ));
        }
    })
}

/// The fields of an object body as inputs (the sealed ones left to the
/// sealed secret), and whether every field may be left out; `None` for a
/// body that is not an object.
fn body_fields(
    cx: &SchemaCx<'_>,
    ty: &Ty,
    sealed: bool,
    inputs: BodyInputs<'_>,
) -> (Option<Vec<BodyField>>, bool) {
    let Ty::Named(n) = ty else {
        return (None, false);
    };
    let Some(fields) = cx.struct_fields(n) else {
        return (None, false);
    };
    let defaultable = fields
        .iter()
        .all(|f| !matches!(f.shape, FieldShape::Required | FieldShape::RequiredNullable));
    let fields: Vec<Field> = fields
        .into_iter()
        .filter(|f| !(sealed && SEALED_FIELDS.contains(&f.wire.as_str())))
        .collect();
    // The fields no parameter took keep their names; those beside a
    // parameter are named after, so `new_name` never takes the name of a
    // body field that is itself called `new_name`.
    let beside = |field: &Field| inputs.params.iter().copied().find(|p| p.rust == field.rust);
    let mut args: Vec<Option<String>> = fields
        .iter()
        .map(|field| {
            beside(field)
                .is_none()
                .then(|| inputs.names.claim(&field.rust))
        })
        .collect();
    let mut fields = fields;
    for (field, arg) in fields.iter_mut().zip(&mut args) {
        let Some(param) = beside(field).filter(|_| arg.is_none()) else {
            continue;
        };
        let in_path = param.location == ParamLocation::Path;
        let name = inputs
            .names
            .claim(&names::body_field_beside_parameter(&field.rust, in_path));
        let why = names::body_field_beside_parameter_docs(&field.wire, &param.wire, in_path);
        if matches!(
            field.shape,
            FieldShape::Required | FieldShape::RequiredNullable
        ) {
            inputs.notes.push(names::body_field_beside_parameter_note(
                &name,
                &field.wire,
                &param.wire,
                in_path,
            ));
        }
        field.docs = if field.docs.is_empty() {
            why
        } else {
            format!("{}\n\n{why}", field.docs)
        };
        *arg = Some(name);
    }
    let fields = fields
        .into_iter()
        .zip(args)
        .map(|(field, arg)| {
            let arg = arg.unwrap_or_else(|| inputs.names.claim(&field.rust));
            let free_form =
                field.ty == Ty::Map(Box::new(Ty::Json)) && field.shape == FieldShape::Optional;
            let entry = free_form.then(|| inputs.names.claim(&names::entry_setter(&field.rust)));
            BodyField { arg, entry, field }
        })
        .collect();
    (Some(fields), defaultable)
}

/// What a form or sealed-secret body lacks: a form needs an object, a sealed
/// secret an object with the sealed fields.
fn shape_problems(form: bool, sealed: bool, object: bool, all_fields: &[Field]) -> Vec<String> {
    let mut problems = Vec::new();
    if form && !object {
        problems.push(
            "a form body (`application/x-www-form-urlencoded`) needs an object schema".to_owned(),
        );
    }
    let has_sealed_fields = SEALED_FIELDS
        .iter()
        .all(|wire| all_fields.iter().any(|f| f.wire == *wire));
    if sealed && (!object || !has_sealed_fields) {
        problems.push(format!(
            "`{}` needs an object body with `encrypted_value` and `key_id`",
            extensions::SEALED_SECRET
        ));
    }
    problems
}

/// The pagination `x-github-pagination` describes: its kind and the array
/// field of the (single, object) success body that holds the items.
pub(super) fn build_pagination(
    cx: &SchemaCx<'_>,
    paging: &Paging,
    outcome: &Outcome,
    at: &[String],
    problems: &mut Vec<Diagnostic>,
    id: &str,
) -> Option<Pagination> {
    let mut fail = |msg: String| {
        problems.push(Diagnostic::new(pointer(at), msg).in_operation(Some(id)));
        None
    };
    let Paging { kind, items } = paging;
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
    let Some(items_field) = fields.iter().find(|f| f.wire == *items) else {
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
        kind: *kind,
        list_type: list.clone(),
        items_field: items_field.rust.clone(),
        item: (**item).clone(),
        page_size: None,
        total_count,
    })
}
