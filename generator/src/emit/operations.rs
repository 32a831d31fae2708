//! One module per area: its handler, one builder per operation, outcome enums.

use super::{Target, doc, doc_raw, doc_text, ident, inner_doc};
use crate::model::{
    Area, Body, Model, Operation, Outcome, Param, PathPart, Payload, SEALED_FIELDS, Success,
};
use crate::names::unraw;
use crate::schema::{FieldShape, Ty};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

pub(super) fn emit_area(model: &Model, area: &Area, target: &Target) -> TokenStream {
    let rt = target.rt();
    let handler = ident(&area.handler);
    let ops: Vec<&Operation> = model
        .operations
        .iter()
        .filter(|o| o.area == area.module)
        .collect();
    let mut module_doc = if area.description.is_empty() {
        format!("The `{}` operations.", area.tag)
    } else {
        doc_text(&area.description)
    };
    module_doc.push_str("\n\n| method | endpoint |\n|---|---|\n");
    for op in &ops {
        module_doc.push_str(&format!(
            "| [`{}`]({}::{}::{}::{}) | `{} {}` |\n",
            unraw(&op.method_name),
            target.root,
            area.module,
            area.handler,
            unraw(&op.method_name),
            op.method,
            op.path
        ));
    }
    let module_doc = inner_doc(&module_doc);
    let accessor = if target.crate_root {
        format!(
            "Operations on {}. Get one with `Client::{}`.",
            area.tag.replace('-', " "),
            area.module
        )
    } else {
        format!("Operations on {}.", area.tag.replace('-', " "))
    };
    let handler_doc = doc(&accessor);
    let methods = ops.iter().map(|op| handler_method(op, target));
    let items = ops.iter().map(|op| {
        let items = operation_items(op, target);
        let outcome = outcome_enum(op, target);
        quote!(#items #outcome)
    });
    quote! {
        #module_doc

        #handler_doc
        #[derive(Debug, Clone)]
        pub struct #handler {
            client: #rt::Client,
        }

        impl #handler {
            /// A handler that sends its requests through `client`.
            pub fn new(client: #rt::Client) -> Self {
                Self { client }
            }

            #(#methods)*
        }

        #(#items)*
    }
}

fn op_docs(op: &Operation) -> String {
    let mut s = String::new();
    s.push_str(if op.summary.is_empty() {
        &op.id
    } else {
        &op.summary
    });
    if !op.description.is_empty() {
        s.push_str("\n\n");
        s.push_str(&op.description);
    }
    s.push_str(&format!("\n\n`{} {}` (`{}`)", op.method, op.path, op.id));
    if !op.permissions.is_empty() {
        s.push_str(&format!(
            "\n\nFine-grained token permissions: {}.",
            op.permissions.join(", ")
        ));
    }
    let products: Vec<&str> = op.products.iter().map(|p| p.display_name()).collect();
    s.push_str(&format!("\n\nAvailable on: {}.", products.join(", ")));
    s
}

/// Argument type and conversion for a required input.
fn arg(ty: &Ty, target: &Target) -> (TokenStream, bool) {
    let t = target.ty(ty);
    match ty {
        Ty::Bool | Ty::I64 | Ty::F64 => (t, false),
        _ => (quote!(impl ::std::convert::Into<#t>), true),
    }
}

fn handler_method(op: &Operation, target: &Target) -> TokenStream {
    let name = ident(&op.method_name);
    let builder = ident(&op.type_name);
    let docs = doc(&op_docs(op));
    let mut args = Vec::new();
    let mut inits = Vec::new();
    for p in op.path_params.iter().chain(op.query_params.iter()) {
        let n = ident(&p.rust);
        if p.required {
            let (t, into) = arg(&p.ty, target);
            args.push(quote!(#n: #t));
            inits.push(if into {
                quote!(#n: #n.into())
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
    }
    quote! {
        #docs
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
            quote!(body.into())
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
                    quote!(#fname: #a.into())
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

fn body_is_optional(body: &Body) -> bool {
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

fn operation_items(op: &Operation, target: &Target) -> TokenStream {
    let rt = target.rt();
    let builder = ident(&op.type_name);
    let stat = ident(&op.static_name);
    let id = &op.id;
    let path = op.path.as_str();
    let method = ident(op.method.as_str());
    let products = op.products.iter().map(|p| {
        let variant = ident(p.runtime_variant());
        quote!(#rt::Product::#variant)
    });

    // Builder fields.
    let mut fields = Vec::new();
    for p in op.path_params.iter().chain(op.query_params.iter()) {
        let n = ident(&p.rust);
        let t = target.ty(&p.ty);
        fields.push(if p.required {
            quote!(#n: #t)
        } else {
            quote!(#n: ::std::option::Option<#t>)
        });
    }
    let optional_body = op.body.as_ref().is_some_and(body_is_optional);
    if let Some(body) = &op.body {
        let t = target.ty(&body.ty);
        fields.push(if optional_body {
            quote!(body: ::std::option::Option<#t>)
        } else {
            quote!(body: #t)
        });
    }

    // Setters for optional inputs.
    let mut setters = Vec::new();
    for p in op.query_params.iter().filter(|p| !p.required) {
        setters.push(param_setter(p, target));
    }
    if let Some(bfs) = op.body.as_ref().and_then(|b| b.fields.as_ref()) {
        for bf in bfs {
            let f = &bf.field;
            if !matches!(
                f.shape,
                FieldShape::Optional | FieldShape::OptionalNullable | FieldShape::DefaultVec
            ) {
                continue;
            }
            let a = ident(&bf.arg);
            let fname = ident(&f.rust);
            let (t, into) = arg(&f.ty, target);
            let v = if into {
                quote!(value.into())
            } else {
                quote!(value)
            };
            let v = match f.shape {
                FieldShape::Optional => quote!(::std::option::Option::Some(#v)),
                FieldShape::OptionalNullable => {
                    quote!(::std::option::Option::Some(::std::option::Option::Some(#v)))
                }
                _ => v,
            };
            let docs = doc(if f.docs.is_empty() {
                format!("Sets `{}` in the request body.", f.wire)
            } else {
                f.docs.clone()
            }
            .as_str());
            let target_expr = if optional_body {
                quote!(self.body.get_or_insert_with(::std::default::Default::default).#fname)
            } else {
                quote!(self.body.#fname)
            };
            setters.push(quote! {
                #docs
                pub fn #a(mut self, value: #t) -> Self {
                    #target_expr = #v;
                    self
                }
            });
        }
    }

    // Building the request.
    // The path as one `format!` with inline captures of the encoded segments.
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
    let queries = op.query_params.iter().map(|p| {
        let n = ident(&p.rust);
        let wire = &p.wire;
        if p.required {
            quote!(req.query(#wire, &self.#n);)
        } else {
            quote!(if let ::std::option::Option::Some(value) = &self.#n { req.query(#wire, value); })
        }
    });
    let (req_ret, body_stmt, ok_wrap, req_call) = match &op.body {
        Some(_) if optional_body => (
            quote!(::std::result::Result<#rt::Request, #rt::Error>),
            quote!(if let ::std::option::Option::Some(body) = &self.body {
                req.json_body(body)?;
            }),
            quote!(::std::result::Result::Ok(req)),
            quote!(self.request()?),
        ),
        Some(_) => (
            quote!(::std::result::Result<#rt::Request, #rt::Error>),
            quote!(req.json_body(&self.body)?;),
            quote!(::std::result::Result::Ok(req)),
            quote!(self.request()?),
        ),
        None => (
            quote!(#rt::Request),
            quote!(),
            quote!(req),
            quote!(self.request()),
        ),
    };
    let build_req = if op.query_params.is_empty() && op.body.is_none() {
        quote! {
            #(#segment_lets)*
            #rt::Request::new(&#stat, #path_expr)
        }
    } else {
        quote! {
            #(#segment_lets)*
            let mut req = #rt::Request::new(&#stat, #path_expr);
            #(#queries)*
            #body_stmt
            #ok_wrap
        }
    };

    let (send_ret, send_body, extra) = send_parts(op, target, &req_call);
    let docs = doc_raw(&format!(
        "Request builder for [`{}`]({}::{}): set optional values, then call `send`.",
        unraw(&op.method_name),
        op.handler,
        unraw(&op.method_name)
    ));
    let send_doc = doc(&send_doc(op));
    quote! {
        static #stat: #rt::Operation = #rt::Operation {
            id: #id,
            method: #rt::Method::#method,
            path: #path,
            products: &[#(#products),*],
        };

        #docs
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until it is sent"]
        pub struct #builder {
            client: #rt::Client,
            #(#fields,)*
        }

        impl #builder {
            #(#setters)*

            fn request(&self) -> #req_ret {
                #build_req
            }

            #send_doc
            pub async fn send(self) -> ::std::result::Result<#send_ret, #rt::Error> {
                #send_body
            }

            #extra
        }
    }
}

fn send_doc(op: &Operation) -> String {
    let mut s = String::from("Sends the request.");
    match &op.outcome {
        Outcome::Single(succ) => s.push_str(&format!(
            " Success is status {}{}.",
            succ.status,
            if succ.docs.is_empty() {
                String::new()
            } else {
                format!(": {}", succ.docs.trim_end_matches('.'))
            }
        )),
        Outcome::Several { variants, .. } => {
            for (v, succ) in variants {
                s.push_str(&format!(
                    "\n\n- {}: `{}`{}",
                    succ.status,
                    v,
                    if succ.docs.is_empty() {
                        String::new()
                    } else {
                        format!(", {}", succ.docs.trim_end_matches('.'))
                    }
                ));
            }
        }
    }
    if op.pagination.is_some() {
        s.push_str("\n\nGives one page; `stream` gives every item of every page.");
    }
    if !op.error_statuses.is_empty() {
        let list: Vec<String> = op.error_statuses.iter().map(u16::to_string).collect();
        s.push_str(&format!(
            "\n\nThe spec documents these error statuses: {}.",
            list.join(", ")
        ));
    }
    s
}

fn param_setter(p: &Param, target: &Target) -> TokenStream {
    let n = ident(&p.rust);
    let (t, into) = arg(&p.ty, target);
    let v = if into {
        quote!(value.into())
    } else {
        quote!(value)
    };
    let mut d = if p.docs.is_empty() {
        format!("Sets the `{}` query parameter.", p.wire)
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

/// The `send` return type, its body, and extra methods (`stream`).
fn send_parts(
    op: &Operation,
    target: &Target,
    req_call: &TokenStream,
) -> (TokenStream, TokenStream, TokenStream) {
    let rt = target.rt();
    if let Some(p) = &op.pagination {
        let list = target.ty(&Ty::Named(p.list_type.clone()));
        let item = target.ty(&p.item);
        let stream = quote! {
            /// Every item of every page, fetched lazily one page at a time.
            pub fn stream(self) -> #rt::PageStream<#item> {
                let req = self.request();
                self.client.stream::<#list>(req)
            }
        };
        return (
            quote!(#rt::Page<#item>),
            quote! {
                let req = #req_call;
                self.client.page::<#list>(req).await
            },
            stream,
        );
    }
    match &op.outcome {
        Outcome::Single(s) => {
            let status = s.status;
            let (ret, value) = payload(&s.payload, target);
            (
                ret,
                quote! {
                    let resp = self.client.execute(#req_call).await?;
                    match resp.status() {
                        #status => #value,
                        _ => ::std::result::Result::Err(resp.unexpected_status()),
                    }
                },
                quote!(),
            )
        }
        Outcome::Several { name, variants } => {
            let enum_name = ident(name);
            let arms = variants.iter().map(|(v, s)| {
                let v = ident(v);
                let status = s.status;
                match &s.payload {
                    Payload::Empty => quote!(#status => ::std::result::Result::Ok(#enum_name::#v),),
                    Payload::Json(_) => quote!(#status => resp.json().map(#enum_name::#v),),
                    Payload::Redirect => {
                        quote!(#status => resp.download_url().map(#enum_name::#v),)
                    }
                }
            });
            (
                quote!(#enum_name),
                quote! {
                    let resp = self.client.execute(#req_call).await?;
                    match resp.status() {
                        #(#arms)*
                        _ => ::std::result::Result::Err(resp.unexpected_status()),
                    }
                },
                quote!(),
            )
        }
    }
}

fn payload(p: &Payload, target: &Target) -> (TokenStream, TokenStream) {
    let rt = target.rt();
    match p {
        Payload::Json(t) => (target.ty(t), quote!(resp.json())),
        Payload::Empty => (quote!(()), quote!(::std::result::Result::Ok(()))),
        Payload::Redirect => (quote!(#rt::DownloadUrl), quote!(resp.download_url())),
    }
}

/// Outcome enums of operations with several success statuses.
fn outcome_enum(op: &Operation, target: &Target) -> TokenStream {
    let Outcome::Several { name, variants } = &op.outcome else {
        return quote!();
    };
    let rt = target.rt();
    let name = ident(name);
    let has_redirect = variants.iter().any(|(_, s)| s.payload == Payload::Redirect);
    let derives = if has_redirect {
        quote!(#[derive(Debug)])
    } else {
        quote!(#[derive(Debug, Clone, PartialEq)])
    };
    let vs = variants.iter().map(|(v, s): &(String, Success)| {
        let v = ident(v);
        let d = doc(&format!(
            "Status {}{}",
            s.status,
            if s.docs.is_empty() {
                ".".to_owned()
            } else {
                format!(": {}", s.docs)
            }
        ));
        match &s.payload {
            Payload::Empty => quote!(#d #v,),
            Payload::Json(t) => {
                let t = target.ty(t);
                quote!(#d #v(#t),)
            }
            Payload::Redirect => quote!(#d #v(#rt::DownloadUrl),),
        }
    });
    let d = doc_raw(&format!(
        "What [`{}::send`] gives: one variant per success status.",
        op.type_name
    ));
    quote! {
        #d
        #derives
        #[non_exhaustive]
        pub enum #name {
            #(#vs)*
        }
    }
}
