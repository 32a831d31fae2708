//! Request bodies and pagination of an operation.

use super::media::{self, MediaKind};
use super::operation::no_schema;
use super::{Body, BodyField, BodyKind, Outcome, Pagination, Payload, Success};
use crate::diagnostics::{Diagnostic, pointer};
use crate::extensions::{self, Paging};
use crate::names::{self, NameSet};
use crate::resolve::{resolve, written_at};
use crate::schema::{FieldShape, SchemaCx, Ty};
use openapiv3::{Components, ReferenceOr, RequestBody};

/// The fields a sealed secret fills (`x-github-sealed-secret`); the runtime's
/// `SealedSecret` has a getter for each.
pub const SEALED_FIELDS: [&str; 2] = ["encrypted_value", "key_id"];

/// The JSON request body; its object fields become arguments and setters
/// named from `inputs`.
#[allow(clippy::too_many_arguments)]
pub(super) fn build_body<'a>(
    cx: &mut SchemaCx<'a>,
    components: &'a Components,
    inputs: &mut NameSet,
    type_name: &str,
    rb: &'a ReferenceOr<RequestBody>,
    rp: &[String],
    problems: &mut Vec<Diagnostic>,
    id: &str,
) -> Option<Body> {
    let rb = match resolve(components, rb) {
        Ok(rb) => rb,
        Err(e) => {
            let at = rp.iter().map(String::as_str).chain(["$ref"]);
            problems.push(Diagnostic::new(pointer(at), e.message()).in_operation(Some(id)));
            return None;
        }
    };
    let Some((content_type, kind, media)) = media::choose(&rb.content) else {
        problems.push(
            Diagnostic::new(pointer(rp), "the request body lists no content type")
                .in_operation(Some(id)),
        );
        return None;
    };
    let mut sp = rp.to_vec();
    sp.extend(["content".into(), content_type.to_owned()]);
    let kind = match kind {
        MediaKind::Json => BodyKind::Json,
        MediaKind::Form => BodyKind::Form,
        // The body is the caller's text or bytes, whatever the schema says of them.
        MediaKind::Text => {
            return Some(Body::unstructured(
                Ty::String,
                BodyKind::Text(content_type.to_owned()),
                rb.required,
            ));
        }
        MediaKind::Binary => {
            return Some(Body::unstructured(
                Ty::Bytes,
                BodyKind::Bytes(content_type.to_owned()),
                rb.required,
            ));
        }
        MediaKind::Multipart => {
            problems.push(
                Diagnostic::new(
                    pointer(&sp),
                    format!(
                        "request body content `{content_type}` is not supported: the client sends JSON, forms, text and bytes, not multipart"
                    ),
                )
                .in_operation(Some(id)),
            );
            return None;
        }
    };
    let Some(schema) = &media.schema else {
        problems
            .push(Diagnostic::new(pointer(&sp), no_schema(content_type)).in_operation(Some(id)));
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
    let (fields, defaultable) = match &ty {
        Ty::Named(n) => match cx.struct_fields(n) {
            Some(fields) => {
                let defaultable = fields.iter().all(|f| {
                    !matches!(f.shape, FieldShape::Required | FieldShape::RequiredNullable)
                });
                let fields = fields
                    .into_iter()
                    .filter(|f| !(sealed && SEALED_FIELDS.contains(&f.wire.as_str())))
                    .map(|field| {
                        let arg = inputs.claim(&field.rust);
                        let free_form = field.ty == Ty::Map(Box::new(Ty::Json))
                            && field.shape == FieldShape::Optional;
                        let entry =
                            free_form.then(|| inputs.claim(&names::entry_setter(&field.rust)));
                        BodyField { arg, entry, field }
                    })
                    .collect();
                (Some(fields), defaultable)
            }
            None => (None, false),
        },
        _ => (None, false),
    };
    let has_sealed_fields = SEALED_FIELDS
        .iter()
        .all(|wire| all_fields.iter().any(|f| f.wire == *wire));
    if kind == BodyKind::Form && fields.is_none() {
        problems.push(
            Diagnostic::new(
                pointer(&sp),
                "a form body (`application/x-www-form-urlencoded`) needs an object schema",
            )
            .in_operation(Some(id)),
        );
    }
    if sealed && (fields.is_none() || !has_sealed_fields) {
        problems.push(
            Diagnostic::new(
                pointer(&sp),
                format!(
                    "`{}` needs an object body with `encrypted_value` and `key_id`",
                    extensions::SEALED_SECRET
                ),
            )
            .in_operation(Some(id)),
        );
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
