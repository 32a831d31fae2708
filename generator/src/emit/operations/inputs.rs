//! The inputs of an operation: the handler method that takes the required
//! ones, the builder's fields, and a setter for each optional one.

use super::op_docs;
use crate::emit::{Target, doc, doc_raw, doc_text, ident};
use crate::model::{Body, BodyField, Operation, Param, ParamLocation, PartKind, SEALED_FIELDS};
use crate::names::{self, unraw};
use crate::schema::{Field, FieldShape, Ty};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// Argument type of an input, and whether it needs [`convert`]: a list takes
/// anything iterable whose items convert (`vec![1, 2]` for a list of ids).
fn arg(ty: &Ty, target: &Target) -> (TokenStream, bool) {
    let t = target.ty(ty);
    match ty {
        Ty::Bool | Ty::I64 | Ty::F64 => (t, false),
        Ty::Vec(item) => {
            let item = target.ty(item);
            (
                quote!(impl ::std::iter::IntoIterator<Item = impl ::std::convert::Into<#item>>),
                true,
            )
        }
        _ => (quote!(impl ::std::convert::Into<#t>), true),
    }
}

/// The Rust type of a parameter's or part's value: a file part is the
/// runtime's `FilePart`.
fn param_ty(p: &Param, target: &Target) -> TokenStream {
    match p.location {
        ParamLocation::Part(PartKind::File) => {
            let rt = target.rt();
            quote!(#rt::FilePart)
        }
        _ => target.ty(&p.ty),
    }
}

/// [`arg`] of a parameter or part.
fn param_arg(p: &Param, target: &Target) -> (TokenStream, bool) {
    match p.location {
        ParamLocation::Part(PartKind::File) => (param_ty(p, target), false),
        _ => arg(&p.ty, target),
    }
}

/// The value of an argument of type [`arg`] as the input's type.
fn convert(ty: &Ty, value: TokenStream) -> TokenStream {
    match ty {
        Ty::Vec(_) => quote!(#value.into_iter().map(::std::convert::Into::into).collect()),
        _ => quote!(#value.into()),
    }
}

/// The handler's method for the operation: it takes the required inputs and
/// gives the builder.
pub(super) fn handler_method(op: &Operation, target: &Target) -> TokenStream {
    let name = ident(&op.method_name);
    let builder = ident(&op.type_name);
    let docs = doc(&op_docs(op));
    let mut args = Vec::new();
    let mut inits = Vec::new();
    for p in op.path_params.iter().chain(op.other_params.iter()) {
        let n = ident(&p.rust);
        if p.required {
            let (t, into) = param_arg(p, target);
            args.push(quote!(#n: #t));
            inits.push(if into {
                let v = convert(&p.ty, quote!(#n));
                quote!(#n: #v)
            } else {
                quote!(#n)
            });
        } else {
            inits.push(quote!(#n: ::std::option::Option::None));
        }
    }
    if let Some(body) = &op.body {
        let (a, init) = body_init(body, target);
        args.extend(a);
        inits.push(quote!(body: #init));
        if body.refusable() {
            let refused = ident(names::REFUSED_FIELD);
            inits.push(quote!(#refused: ::std::option::Option::None));
        }
    }
    // Found in rustdoc's search by GitHub's names: the operationId, its
    // short form, and the endpoint.
    let short_id = op.id.rsplit('/').next().unwrap_or(&op.id);
    let endpoint = format!("{} {}", op.method, op.path);
    // rustdoc refuses an alias that is the item's own name.
    let mut aliases = vec![op.id.as_str()];
    if short_id != op.id {
        aliases.push(short_id);
    }
    aliases.push(endpoint.as_str());
    let aliases = aliases
        .into_iter()
        .filter(|alias| *alias != unraw(&op.method_name));
    quote! {
        #docs
        #(#[doc(alias = #aliases)])*
        pub fn #name(&self, #(#args),*) -> #builder {
            #builder {
                client: ::std::clone::Clone::clone(&self.client),
                #(#inits,)*
            }
        }
    }
}

/// Arguments the handler method takes for the body, and the body's initial value.
fn body_init(body: &Body, target: &Target) -> (Vec<TokenStream>, TokenStream) {
    let rt = target.rt();
    let body_ty = target.ty(&body.ty);
    let Some(fields) = &body.fields else {
        let (t, into) = arg(&body.ty, target);
        let init = if into {
            convert(&body.ty, quote!(body))
        } else {
            quote!(body)
        };
        return (vec![quote!(body: #t)], init);
    };
    let mut args = Vec::new();
    if body.sealed {
        args.push(quote!(secret: &#rt::SealedSecret));
    }
    let mut inits = Vec::new();
    for bf in fields {
        let f = &bf.field;
        let fname = ident(&f.rust);
        let a = ident(&bf.arg);
        match f.shape {
            FieldShape::Required => {
                let (t, into) = arg(&f.ty, target);
                args.push(quote!(#a: #t));
                inits.push(if into {
                    let v = convert(&f.ty, quote!(#a));
                    quote!(#fname: #v)
                } else {
                    field_init(&fname, &a)
                });
            }
            FieldShape::RequiredNullable => {
                let t = target.ty(&f.ty);
                args.push(quote!(#a: ::std::option::Option<#t>));
                inits.push(field_init(&fname, &a));
            }
            FieldShape::DefaultVec => inits.push(quote!(#fname: ::std::vec::Vec::new())),
            FieldShape::Optional | FieldShape::OptionalNullable => {
                inits.push(quote!(#fname: ::std::option::Option::None))
            }
        }
    }
    if body.sealed {
        // The model checked that a sealed body has every sealed field.
        for field in body
            .all_fields
            .iter()
            .filter(|f| SEALED_FIELDS.contains(&f.wire.as_str()))
        {
            // The runtime's `SealedSecret` has a getter named after each wire field.
            let getter = format_ident!("{}", field.wire);
            let f = ident(&field.rust);
            let value = quote!(::std::borrow::ToOwned::to_owned(secret.#getter()));
            inits.push(match field.shape {
                FieldShape::Required => quote!(#f: #value),
                FieldShape::OptionalNullable => {
                    quote!(#f: ::std::option::Option::Some(::std::option::Option::Some(#value)))
                }
                _ => quote!(#f: ::std::option::Option::Some(#value)),
            });
        }
    }
    let init = quote!(#body_ty { #(#inits,)* });
    if body.required || !args.is_empty() {
        (args, init)
    } else {
        (args, quote!(::std::option::Option::None))
    }
}

/// `field: arg`, or `field` alone when the argument has the field's name.
fn field_init(field: &proc_macro2::Ident, arg: &proc_macro2::Ident) -> TokenStream {
    if field == arg {
        quote!(#field)
    } else {
        quote!(#field: #arg)
    }
}

/// Whether the builder holds the body as an `Option`: an object body nobody
/// has to send, all of whose fields are optional.
pub(super) fn body_is_optional(body: &Body) -> bool {
    body.fields.is_some()
        && !body.required
        && !body.sealed
        && body.fields.as_ref().is_some_and(|f| {
            f.iter().all(|bf| {
                matches!(
                    bf.field.shape,
                    FieldShape::Optional | FieldShape::OptionalNullable | FieldShape::DefaultVec
                )
            })
        })
}

/// The builder's fields: every parameter (optional ones as `Option`), the
/// body, and the refusal a setter may keep.
pub(super) fn builder_fields(
    op: &Operation,
    optional_body: bool,
    target: &Target,
) -> Vec<TokenStream> {
    let mut fields = Vec::new();
    for p in op.path_params.iter().chain(op.other_params.iter()) {
        let n = ident(&p.rust);
        let t = param_ty(p, target);
        fields.push(if p.required {
            quote!(#n: #t)
        } else {
            quote!(#n: ::std::option::Option<#t>)
        });
    }
    if let Some(body) = &op.body {
        let t = target.ty(&body.ty);
        fields.push(if optional_body {
            quote!(body: ::std::option::Option<#t>)
        } else {
            quote!(body: #t)
        });
        if body.refusable() {
            let refused = ident(names::REFUSED_FIELD);
            fields.push(quote!(#refused: ::std::option::Option<::std::string::String>));
        }
    }
    fields
}

/// Setters for the optional inputs: query and header parameters, then the
/// optional fields of the body.
pub(super) fn setters(op: &Operation, optional_body: bool, target: &Target) -> Vec<TokenStream> {
    let mut setters: Vec<TokenStream> = op
        .other_params
        .iter()
        .filter(|p| !p.required)
        .map(|p| param_setter(p, target))
        .collect();
    let body_fields = op.body.as_ref().and_then(|b| b.fields.as_ref());
    setters.extend(
        body_fields
            .into_iter()
            .flatten()
            .filter_map(|bf| body_field_setter(bf, optional_body, target)),
    );
    setters
}

/// The setter of an optional body field; `None` for a required one, which
/// the handler method takes.
fn body_field_setter(bf: &BodyField, optional_body: bool, target: &Target) -> Option<TokenStream> {
    let f = &bf.field;
    if !matches!(
        f.shape,
        FieldShape::Optional | FieldShape::OptionalNullable | FieldShape::DefaultVec
    ) {
        return None;
    }
    let a = ident(&bf.arg);
    let fname = ident(&f.rust);
    let target_expr = if optional_body {
        quote!(self.body.get_or_insert_with(::std::default::Default::default).#fname)
    } else {
        quote!(self.body.#fname)
    };
    if let Some(entry) = &bf.entry {
        return Some(free_form_setters(
            f,
            &a,
            &ident(entry),
            &target_expr,
            target,
        ));
    }
    let (mut t, into) = arg(&f.ty, target);
    let v = if into {
        convert(&f.ty, quote!(value))
    } else {
        quote!(value)
    };
    let mut docs = if f.docs.is_empty() {
        format!("Sets `{}` in the request body.", f.wire)
    } else {
        f.docs.clone()
    };
    let v = match f.shape {
        FieldShape::Optional => quote!(::std::option::Option::Some(#v)),
        // A nullable field takes `None` too, which sends `null`.
        FieldShape::OptionalNullable => {
            let ty = target.ty(&f.ty);
            t = quote!(::std::option::Option<#ty>);
            docs.push_str(
                "\n\nThree states: `Some(value)` sets the field; `None` sends `null`, \
                 which clears it; not calling this setter leaves the field out of the \
                 body, so the server keeps what it has.",
            );
            quote!(::std::option::Option::Some(value))
        }
        _ => v,
    };
    let docs = doc(&docs);
    Some(quote! {
        #docs
        pub fn #a(mut self, value: #t) -> Self {
            #target_expr = #v;
            self
        }
    })
}

/// The setters of a free-form object field (`inputs`): the whole object from
/// any `Serialize` value, or one entry at a time. A value that is not an
/// object (or does not encode) is kept as the builder's refusal, and the
/// request fails before it is sent.
fn free_form_setters(
    f: &Field,
    setter: &proc_macro2::Ident,
    entry: &proc_macro2::Ident,
    target_expr: &TokenStream,
    target: &Target,
) -> TokenStream {
    let root = target.root_path();
    let refused = ident(names::REFUSED_FIELD);
    let refused_type = ident(names::REFUSED_TYPE);
    let wire = &f.wire;
    let own = if f.docs.is_empty() {
        format!("Sets `{wire}` in the request body.")
    } else {
        f.docs.clone()
    };
    let docs = doc_raw(&format!(
        "{}\n\nTakes anything that serializes to a JSON object: `serde_json::json!({{..}})`, a map, \
         or a struct of your own. Any other value (a list, a string, ...) fails the request with \
         `Error::Encode` before it is sent. Replaces entries set before.",
        doc_text(&own)
    ));
    let entry_docs = doc_raw(&format!(
        "Sets one entry of `{wire}` (see [`{setter}`](Self::{setter})): `key` to any value that \
         serializes to JSON. Entries set before are kept."
    ));
    quote! {
        #docs
        pub fn #setter(mut self, value: impl ::serde::Serialize) -> Self {
            match ::serde_json::to_value(value) {
                ::std::result::Result::Ok(::serde_json::Value::Object(map)) => {
                    #target_expr = ::std::option::Option::Some(map);
                }
                ::std::result::Result::Ok(other) => {
                    self.#refused.get_or_insert(#root::#refused_type::not_an_object(#wire, &other));
                }
                ::std::result::Result::Err(e) => {
                    self.#refused.get_or_insert(::std::format!("`{}`: {e}", #wire));
                }
            }
            self
        }

        #entry_docs
        pub fn #entry(mut self, key: impl ::std::convert::Into<::std::string::String>, value: impl ::serde::Serialize) -> Self {
            match ::serde_json::to_value(value) {
                ::std::result::Result::Ok(value) => {
                    #target_expr
                        .get_or_insert_with(::std::default::Default::default)
                        .insert(key.into(), value);
                }
                ::std::result::Result::Err(e) => {
                    self.#refused.get_or_insert(::std::format!("`{}`: {e}", #wire));
                }
            }
            self
        }
    }
}

fn param_setter(p: &Param, target: &Target) -> TokenStream {
    let n = ident(&p.rust);
    let (t, into) = param_arg(p, target);
    let v = if into {
        convert(&p.ty, quote!(value))
    } else {
        quote!(value)
    };
    let mut d = if p.docs.is_empty() {
        let place = match p.location {
            ParamLocation::Header => "header",
            ParamLocation::Part(_) => "part of the multipart body",
            _ => "query parameter",
        };
        format!("Sets the `{}` {place}.", p.wire)
    } else {
        p.docs.clone()
    };
    if let Some(def) = &p.default {
        d.push_str(&format!("\n\nThe server's default: `{def}`."));
    }
    let docs = doc(&d);
    quote! {
        #docs
        pub fn #n(mut self, value: #t) -> Self {
            self.#n = ::std::option::Option::Some(#v);
            self
        }
    }
}
