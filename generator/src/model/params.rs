//! The parameters of an operation: those of its path item and its own,
//! path parameters in template order, then query and header parameters.

use super::{Param, ParamLocation, QueryStyle, text};
use crate::diagnostics::{Diagnostic, pointer};
use crate::load::Endpoint;
use crate::names::{self, NameSet};
use crate::resolve::{component_key, resolve};
use crate::schema::{SchemaCx, SchemaNode, Ty, TypeKind};
use openapiv3::{Components, Parameter, ParameterData, ParameterSchemaOrContent, ReferenceOr};

/// A declared parameter: where it is, and the shared parameter it came from.
struct Declared<'a> {
    data: &'a ParameterData,
    location: &'static str,
    /// The `style` of a query parameter.
    style: Option<QueryStyle>,
    at: Vec<String>,
    component: Option<String>,
}

/// Path parameters in template order and query parameters in spec order.
pub(super) fn build_params<'a>(
    cx: &mut SchemaCx<'a>,
    components: &'a Components,
    ep: &'a Endpoint,
    type_name: &str,
    inputs: &mut NameSet,
    problems: &mut Vec<Diagnostic>,
) -> (Vec<Param>, Vec<Param>) {
    let declared = declared_params(components, ep, problems);
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
        let wire = &d.data.name;
        if d.location == "header" && CLIENT_HEADERS.iter().any(|h| wire.eq_ignore_ascii_case(h)) {
            continue; // the client sends these itself
        }
        let id = Some(ep.id.as_str());
        let Some(param) = build_param(cx, components, d, type_name, inputs, problems, id) else {
            continue;
        };
        if param.location == ParamLocation::Path {
            path_params.push(param)
        } else {
            other_params.push(param)
        }
    }
    (path_params, other_params)
}

/// The parameters of the path item, then the operation's, which override
/// them by (name, location); each with where it is written.
fn declared_params<'a>(
    components: &'a Components,
    ep: &'a Endpoint,
    problems: &mut Vec<Diagnostic>,
) -> Vec<Declared<'a>> {
    let id = Some(ep.id.as_str());
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
    declared
}

/// One parameter with its type and Rust name, or `None` when a problem
/// keeps it out (reported).
fn build_param<'a>(
    cx: &mut SchemaCx<'a>,
    components: &'a Components,
    d: &Declared<'a>,
    type_name: &str,
    inputs: &mut NameSet,
    problems: &mut Vec<Diagnostic>,
    id: Option<&str>,
) -> Option<Param> {
    let wire = d.data.name.clone();
    let diag =
        |at: &[String], message: String| Diagnostic::new(pointer(at), message).in_operation(id);
    if d.location == "cookie" {
        problems.push(diag(
            &d.at,
            format!(
                "`in: cookie` parameter `{wire}` is not supported (only path, query and header)"
            ),
        ));
        return None;
    }
    let ParameterSchemaOrContent::Schema(schema) = &d.data.format else {
        problems.push(diag(&d.at, format!("parameter `{wire}` has no schema")));
        return None;
    };
    let schema = SchemaNode::from(schema);
    let mut sp = d.at.clone();
    sp.push("schema".into());
    // A shared parameter names its type after itself; an inline one after its operation.
    let hint = match &d.component {
        Some(key) => names::pascal(key),
        None => names::nested_type(type_name, &wire),
    };
    let (ty, _) = cx.ty(schema, &hint, &sp, false)?;
    // One value or a list of them: a list of one says the same.
    let ty = if d.location == "query" {
        one_or_list(cx, ty)
    } else {
        ty
    };
    let style = d.style.unwrap_or(QueryStyle::Form);
    let location = match d.location {
        "path" => ParamLocation::Path,
        "header" => ParamLocation::Header,
        // `explode` is true by default for `form` only.
        _ => ParamLocation::Query {
            explode: d.data.explode.unwrap_or(style == QueryStyle::Form),
        },
    };
    let object = match location {
        ParamLocation::Query { .. } => query_object(cx, &ty),
        _ => None,
    };
    if let Some(problem) = unsupported(cx, d, &ty, location, object, &sp) {
        problems.push(diag(problem.0, problem.1));
        return None;
    }
    let rust = inputs.claim(&names::snake(&wire));
    Some(Param {
        location,
        style,
        object: object.is_some(),
        local: names::segment_local(&rust),
        rust,
        wire,
        ty,
        required: d.location == "path" || d.data.required,
        docs: text(d.data.description.as_deref()),
        default: default_text(components, schema),
        maximum: integer_maximum(components, schema),
    })
}

/// Why a parameter of type `ty` cannot be sent where it goes, and where to
/// say so: `deepObject` on anything but an object, an object whose fields
/// hold objects or lists in another style, or a type that does not write
/// into a URL or header. `object` is what [`query_object`] says of `ty`.
fn unsupported<'p>(
    cx: &SchemaCx<'_>,
    d: &'p Declared<'_>,
    ty: &Ty,
    location: ParamLocation,
    object: Option<bool>,
    sp: &'p [String],
) -> Option<(&'p [String], String)> {
    let wire = &d.data.name;
    if let ParamLocation::Query { .. } = location {
        let style = d.style.unwrap_or(QueryStyle::Form);
        match object {
            Some(flat) if flat || style == QueryStyle::DeepObject => return None,
            Some(_) => {
                return Some((
                    sp,
                    format!(
                        "query parameter `{wire}` is an object with objects or lists in its fields, which only `style: deepObject` writes into a URL (it has `style: {}`)",
                        style.name()
                    ),
                ));
            }
            None if style == QueryStyle::DeepObject => {
                return Some((
                    &d.at,
                    format!(
                        "query parameter `{wire}` has `style: deepObject`, which OpenAPI defines only for objects"
                    ),
                ));
            }
            None => {}
        }
    }
    let writable = match (ty, location) {
        (Ty::Vec(item), ParamLocation::Query { .. } | ParamLocation::Header) => item.is_display(cx),
        _ => ty.is_display(cx),
    };
    if writable {
        return None;
    }
    let place = match location {
        ParamLocation::Header => "a header",
        _ => "a URL",
    };
    Some((
        sp,
        format!("parameter `{wire}` has a type that cannot be written into {place}"),
    ))
}

/// Whether a query parameter of type `ty` is an object (a struct or a map)
/// and, if so, whether each of its fields is one value (a string, number,
/// boolean or free-form value), which every style writes; only
/// `deepObject` writes fields that hold objects or lists.
fn query_object(cx: &SchemaCx<'_>, ty: &Ty) -> Option<bool> {
    object_fields_are_values(cx, ty, 0)
}

/// [`query_object`], seeing through at most 16 aliases and wrappers.
fn object_fields_are_values(cx: &SchemaCx<'_>, ty: &Ty, depth: usize) -> Option<bool> {
    let one_value = |t: &Ty| t.is_display(cx) || *t == Ty::Json;
    if depth > 16 {
        return None;
    }
    match ty {
        Ty::Map(value) => Some(one_value(value)),
        Ty::Boxed(inner) | Ty::Nullable(inner) => object_fields_are_values(cx, inner, depth + 1),
        Ty::Named(name) => match &cx.get(name)?.kind {
            TypeKind::Struct { fields, .. } => Some(fields.iter().all(|f| one_value(&f.ty))),
            TypeKind::Alias(inner) | TypeKind::Newtype(inner) => {
                object_fields_are_values(cx, inner, depth + 1)
            }
            _ => None,
        },
        _ => None,
    }
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

/// A query parameter's style.
fn query_style(style: &openapiv3::QueryStyle) -> QueryStyle {
    match style {
        openapiv3::QueryStyle::Form => QueryStyle::Form,
        openapiv3::QueryStyle::SpaceDelimited => QueryStyle::SpaceDelimited,
        openapiv3::QueryStyle::PipeDelimited => QueryStyle::PipeDelimited,
        openapiv3::QueryStyle::DeepObject => QueryStyle::DeepObject,
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

#[cfg(test)]
mod tests {
    use crate::{Target, generate_str};

    /// The problems of a document whose one operation has `parameters`.
    fn problems(parameters: &str) -> String {
        let spec = format!(
            r##"
openapi: 3.0.3
info: {{title: t, version: "1"}}
tags: [{{name: things}}]
paths:
  /things:
    get:
      operationId: things/list
      tags: [things]
      parameters: {parameters}
      responses: {{"204": {{description: done}}}}
"##
        );
        match generate_str("things.yaml", &spec, &Target::module("crate::x")) {
            Ok(_) => String::new(),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn objects_in_the_query_are_accepted_in_every_style_deep_ones_only_in_deep_object() {
        let flat = "{type: object, properties: {a: {type: integer}, b: {type: string}}}";
        let deep =
            "{type: object, properties: {a: {type: object, properties: {b: {type: integer}}}}}";
        for style in ["form", "spaceDelimited", "pipeDelimited", "deepObject"] {
            let text = problems(&format!(
                "[{{name: f, in: query, style: {style}, schema: {flat}}}]"
            ));
            assert_eq!(text, "", "{style}");
        }
        let text = problems(&format!(
            "[{{name: f, in: query, style: deepObject, schema: {deep}}}]"
        ));
        assert_eq!(text, "");
        let text = problems(&format!("[{{name: f, in: query, schema: {deep}}}]"));
        assert!(
            text.contains("only `style: deepObject` writes into a URL (it has `style: form`)")
                && text.contains("#/paths/~1things/get/parameters/0/schema"),
            "{text}"
        );
    }

    #[test]
    fn deep_object_on_a_value_or_a_list_is_a_problem_at_the_parameter() {
        for schema in ["{type: integer}", "{type: array, items: {type: string}}"] {
            let text = problems(&format!(
                "[{{name: f, in: query, style: deepObject, schema: {schema}}}]"
            ));
            assert!(
                text.contains("`style: deepObject`, which OpenAPI defines only for objects")
                    && text.contains("(at #/paths/~1things/get/parameters/0)"),
                "{text}"
            );
        }
    }

    #[test]
    fn header_lists_of_values_and_enums_of_strings_without_a_type_are_accepted() {
        let accepted = [
            "[{name: x-beta, in: header, schema: {type: array, items: {type: string}}}]",
            "[{name: x-ids, in: header, schema: {type: array, items: {type: integer}}}]",
            "[{name: by, in: query, schema: {enum: [auto_pause, rules]}}]",
            "[{name: meta, in: query, schema: {type: object, nullable: true, additionalProperties: {type: string}}}]",
        ];
        for parameters in accepted {
            assert_eq!(problems(parameters), "", "{parameters}");
        }
        // A list of objects has no header form; an enum of a string and a
        // number is no one type.
        let refused = [
            (
                "[{name: x-objs, in: header, schema: {type: array, items: {type: object, properties: {a: {type: string}}}}}]",
                "parameter `x-objs` has a type that cannot be written into a header",
            ),
            (
                "[{name: by, in: query, schema: {enum: [a, 1]}}]",
                "parameter `by` has a type that cannot be written into a URL",
            ),
        ];
        for (parameters, message) in refused {
            let text = problems(parameters);
            assert!(text.contains(message), "{parameters}: {text}");
        }
    }
}
