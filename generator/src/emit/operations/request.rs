//! `Endpoint::request` of a builder: the path with its encoded segments, the
//! query and header parameters, and the body with the checks that come
//! before it is sent.

use crate::emit::{Target, ident};
use crate::model::{BodyKind, Operation, Param, ParamLocation, PartKind, PathPart, QueryStyle};
use crate::names;
use crate::schema::{FieldShape, Ty};
use proc_macro2::TokenStream;
use quote::quote;

/// The body of `Endpoint::request`: the request with every input set.
pub(super) fn build_request(op: &Operation, optional_body: bool, target: &Target) -> TokenStream {
    let rt = target.rt();
    let stat = ident(&op.static_name);
    let (segment_lets, path_expr) = path_expr(op, target);
    if op.other_params.is_empty() && op.body.is_none() {
        return quote! {
            #(#segment_lets)*
            ::std::result::Result::Ok(#rt::Request::new(&#stat, #path_expr))
        };
    }
    let is_part = |p: &&Param| matches!(p.location, ParamLocation::Part(_));
    let queries = op
        .other_params
        .iter()
        .filter(|p| !is_part(p))
        .map(|p| param_stmt(p, target));
    let parts: Vec<TokenStream> = op
        .other_params
        .iter()
        .filter(is_part)
        .map(|p| param_stmt(p, target))
        .collect();
    // Every part is set on the form, then the form is the body.
    let form = (!parts.is_empty()).then(|| {
        quote! {
            let mut form = #rt::Multipart::new();
            #(#parts)*
            req.multipart_body(&mut form)?;
        }
    });
    let body_stmt = body_stmt(op, optional_body, target);
    quote! {
        #(#segment_lets)*
        let mut req = #rt::Request::new(&#stat, #path_expr);
        #(#queries)*
        #form
        #body_stmt
        ::std::result::Result::Ok(req)
    }
}

/// The path as one `format!` with inline captures of the encoded segments:
/// the `let`s that encode them, and the expression.
fn path_expr(op: &Operation, target: &Target) -> (Vec<TokenStream>, TokenStream) {
    let rt = target.rt();
    let mut template = String::new();
    let mut segment_lets = Vec::new();
    for part in &op.path_parts {
        match part {
            PathPart::Literal(s) => template.push_str(&s.replace('{', "{{").replace('}', "}}")),
            PathPart::Param(i) => {
                let Some(param) = op.path_params.get(*i) else {
                    continue;
                };
                let field = ident(&param.rust);
                template.push_str(&format!("{{{}}}", param.local));
                let local = ident(&param.local);
                segment_lets.push(quote!(let #local = #rt::encode_segment(&self.#field);));
            }
        }
    }
    let path_expr = if segment_lets.is_empty() {
        quote!(::std::string::String::from(#template))
    } else {
        quote!(::std::format!(#template))
    };
    (segment_lets, path_expr)
}

/// The statement that adds a query or header parameter, or a part to the
/// multipart `form`, when it is set.
fn param_stmt(p: &Param, target: &Target) -> TokenStream {
    let rt = target.rt();
    let n = ident(&p.rust);
    let wire = &p.wire;
    let style = ident(&names::pascal(p.style.name()));
    let add = |value: TokenStream| match (p.location, &p.ty) {
        (ParamLocation::Query { explode }, _) if p.object => quote! {
            req.query_object(#wire, #value, #rt::QueryStyle::#style, #explode)?;
        },
        (ParamLocation::Query { explode }, Ty::Vec(_)) => {
            let values = display_list(&value);
            if p.style == QueryStyle::Form {
                quote!(#values req.query_list(#wire, &values, #explode);)
            } else {
                quote!(#values req.query_delimited(#wire, &values, #rt::QueryStyle::#style, #explode);)
            }
        }
        (ParamLocation::Header, Ty::Vec(_)) => {
            let values = display_list(&value);
            quote!(#values req.header_list(#wire, &values)?;)
        }
        (ParamLocation::Header, _) => quote!(req.header_param(#wire, #value)?;),
        (ParamLocation::Part(PartKind::File), _) => quote!(form.file(#wire, #value);),
        (ParamLocation::Part(PartKind::Text), _) => quote!(form.text(#wire, #value);),
        (ParamLocation::Part(PartKind::Json), _) => quote!(form.json(#wire, #value);),
        _ => quote!(req.query(#wire, #value);),
    };
    if p.required {
        match (p.location, &p.ty) {
            // The list's local gets a scope of its own.
            (ParamLocation::Query { .. } | ParamLocation::Header, Ty::Vec(_)) if !p.object => {
                let stmt = add(quote!(&self.#n));
                quote!({ #stmt })
            }
            _ => add(quote!(&self.#n)),
        }
    } else {
        let stmt = add(quote!(value));
        quote!(if let ::std::option::Option::Some(value) = &self.#n { #stmt })
    }
}

/// `let values`: the items of the list `value`, each as `&dyn Display`.
fn display_list(value: &TokenStream) -> TokenStream {
    quote! {
        let values: ::std::vec::Vec<&dyn ::std::fmt::Display> =
            ::std::iter::IntoIterator::into_iter(#value)
                .map(|v| v as &dyn ::std::fmt::Display)
                .collect();
    }
}

/// The body's statements: a refusal a setter kept fails the request, a
/// field this product or version lacks fails it, else the body is sent.
fn body_stmt(op: &Operation, optional_body: bool, target: &Target) -> TokenStream {
    let send = match &op.body {
        Some(body) if optional_body => {
            let send = send_body(&body.kind, quote!(body));
            quote!(if let ::std::option::Option::Some(body) = &self.body { #send })
        }
        Some(body) => send_body(&body.kind, quote!(&self.body)),
        None => quote!(),
    };
    let field_checks = body_field_checks(op, optional_body, target);
    let refused_check = op.body.as_ref().filter(|b| b.refusable()).map(|_| {
        let refused = ident(names::REFUSED_FIELD);
        let root = target.root_path();
        let refused_type = ident(names::REFUSED_TYPE);
        quote! {
            if let ::std::option::Option::Some(message) = &self.#refused {
                req.json_body(&#root::#refused_type(message))?;
            }
        }
    });
    quote!(#refused_check #field_checks #send)
}

/// For each body field that only some products or API versions have
/// (`x-github-products`, `x-github-api-versions`): when it is set, the client
/// refuses before sending if its product or API version lacks the field.
fn body_field_checks(op: &Operation, optional_body: bool, target: &Target) -> TokenStream {
    let rt = target.rt();
    let stat = ident(&op.static_name);
    let Some(body) = &op.body else {
        return quote!();
    };
    let checks = body
        .all_fields
        .iter()
        .filter(|f| f.availability.is_restricted())
        .map(|f| {
            let name = ident(&f.rust);
            let wire = &f.wire;
            let set = match f.shape {
                FieldShape::DefaultVec => quote!(!body.#name.is_empty()),
                _ => quote!(body.#name.is_some()),
            };
            let products = f.availability.products.iter().map(|p| {
                let variant = ident(p.runtime_variant());
                quote!(#rt::Product::#variant)
            });
            let versions = f.availability.api_versions.iter().map(|v| {
                let variant = ident(v.runtime_variant());
                quote!(#rt::ApiVersion::#variant)
            });
            quote! {
                if #set {
                    self.client.check_field(&#stat, #wire, &[#(#products),*], &[#(#versions),*])?;
                }
            }
        })
        .collect::<Vec<_>>();
    if checks.is_empty() {
        return quote!();
    }
    if optional_body {
        quote!(if let ::std::option::Option::Some(body) = &self.body { #(#checks)* })
    } else {
        quote!(let body = &self.body; #(#checks)*)
    }
}

/// The statement that puts `body` (a reference) into `req`, as its kind is sent.
fn send_body(kind: &BodyKind, body: TokenStream) -> TokenStream {
    match kind {
        BodyKind::Json => quote!(req.json_body(#body)?;),
        BodyKind::Form => quote!(req.form_body(#body)?;),
        BodyKind::Text(content_type) => {
            quote!(req.text_body(#content_type, ::std::clone::Clone::clone(#body));)
        }
        BodyKind::Bytes(content_type) => {
            quote!(req.bytes_body(#content_type, ::std::clone::Clone::clone(#body));)
        }
    }
}
