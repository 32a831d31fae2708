//! A `multipart/form-data` request body as inputs of its own, one per part:
//! the properties of the body's object schema, by name. A
//! `type: string, format: binary` property is a file (bytes, file name and
//! content type); a string, number, boolean or string enum is sent as its
//! text; an object or a list as JSON.

use super::media::{self, MediaKind};
use super::{Param, ParamLocation, PartKind, QueryStyle, text};
use crate::diagnostics::{Diagnostic, pointer};
use crate::names::{self, NameSet};
use crate::resolve::resolve;
use crate::schema::{SchemaCx, SchemaNode, Ty};
use openapiv3::{
    Components, ReferenceOr, RequestBody, Schema, SchemaKind, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};

/// Where a multipart body is read from and what its parts are named beside.
pub(super) struct MultipartCx<'p> {
    pub type_name: &'p str,
    /// Every input name taken so far.
    pub inputs: &'p mut NameSet,
    pub problems: &'p mut Vec<Diagnostic>,
    pub id: &'p str,
}

/// The parts of the request body `rb` (written at `rp`) when the content
/// type it is sent as is `multipart/*`; `None` for any other body, which
/// `build_body` reads (and reports on).
pub(super) fn parts<'a>(
    cx: &mut SchemaCx<'a>,
    components: &'a Components,
    rb: &'a ReferenceOr<RequestBody>,
    rp: &[String],
    mcx: MultipartCx<'_>,
) -> Option<Vec<Param>> {
    let rb = resolve(components, rb).ok()?;
    let (content_type, kind, media) = media::choose(&rb.content)?;
    if kind != MediaKind::Multipart {
        return None;
    }
    let mut sp = rp.to_vec();
    sp.extend(["content".into(), content_type.to_owned()]);
    let id = Some(mcx.id);
    let mut problem = |at: &[String], message: String| {
        mcx.problems
            .push(Diagnostic::new(pointer(at), message).in_operation(id));
    };
    if !content_type
        .trim()
        .to_ascii_lowercase()
        .starts_with("multipart/form-data")
    {
        problem(
            &sp,
            format!(
                "request body content `{content_type}` is not supported: of multipart bodies the client sends `multipart/form-data`"
            ),
        );
        return Some(Vec::new());
    }
    let Some(schema) = &media.schema else {
        problem(&sp, media::no_schema(content_type));
        return Some(Vec::new());
    };
    sp.push("schema".into());
    let object = match SchemaNode::from(schema).resolve(components) {
        Ok(resolved) => match &resolved.schema_kind {
            SchemaKind::Type(Type::Object(object)) => object,
            _ => {
                problem(
                    &sp,
                    "a `multipart/form-data` body needs an object schema: its properties are the parts".to_owned(),
                );
                return Some(Vec::new());
            }
        },
        // `load` reports a `$ref` that points nowhere.
        Err(_) => return Some(Vec::new()),
    };
    let mut parts = Vec::new();
    for (wire, property) in &object.properties {
        let mut at = sp.clone();
        at.extend(["properties".into(), wire.clone()]);
        let node = SchemaNode::from(property);
        let resolved = node.resolve(components).ok();
        let (kind, ty) = if resolved.is_some_and(is_binary) {
            (PartKind::File, Ty::Bytes)
        } else {
            let hint = names::nested_type(&names::request_type(mcx.type_name), wire);
            let Some((ty, _)) = cx.ty(node, &hint, &at, true) else {
                continue;
            };
            let is_list_of_files = match (&ty, resolved.map(|s| &s.schema_kind)) {
                (Ty::Vec(_), Some(SchemaKind::Type(Type::Array(array)))) => array
                    .items
                    .as_ref()
                    .and_then(|items| SchemaNode::from(items).resolve(components).ok())
                    .is_some_and(is_binary),
                _ => false,
            };
            if is_list_of_files {
                problem(
                    &at,
                    format!("part `{wire}` is a list of files, which the client does not send"),
                );
                continue;
            }
            let kind = if ty.is_display(cx) {
                PartKind::Text
            } else {
                PartKind::Json
            };
            (kind, ty)
        };
        let rust = mcx.inputs.claim(&names::snake(wire));
        parts.push(Param {
            location: ParamLocation::Part(kind),
            style: QueryStyle::Form,
            object: false,
            local: names::segment_local(&rust),
            rust,
            wire: wire.clone(),
            ty,
            required: rb.required && object.required.contains(wire),
            docs: text(resolved.and_then(|s| s.schema_data.description.as_deref())),
            default: None,
            maximum: None,
        });
    }
    Some(parts)
}

/// `type: string, format: binary`: a file.
fn is_binary(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) => match &string.format {
            VariantOrUnknownOrEmpty::Item(format) => *format == StringFormat::Binary,
            VariantOrUnknownOrEmpty::Unknown(format) => format == "binary",
            VariantOrUnknownOrEmpty::Empty => false,
        },
        _ => false,
    }
}
