//! One module per area: its handler, one builder per operation, outcome enums.

use super::{Target, doc, doc_raw, doc_text, ident, inner_doc};
use crate::model::{
    Area, Body, BodyKind, Model, Operation, Outcome, Param, ParamLocation, PathPart, Payload,
    SEALED_FIELDS, Success,
};
use crate::names::{self, unraw};
use crate::schema::{Field, FieldShape, Ty};
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
    for note in &op.notes {
        s.push_str("\n\n");
        s.push_str(note);
    }
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

/// The value of an argument of type [`arg`] as the input's type.
fn convert(ty: &Ty, value: TokenStream) -> TokenStream {
    match ty {
        Ty::Vec(_) => quote!(#value.into_iter().map(::std::convert::Into::into).collect()),
        _ => quote!(#value.into()),
    }
}

fn handler_method(op: &Operation, target: &Target) -> TokenStream {
    let name = ident(&op.method_name);
    let builder = ident(&op.type_name);
    let docs = doc(&op_docs(op));
    let mut args = Vec::new();
    let mut inits = Vec::new();
    for p in op.path_params.iter().chain(op.other_params.iter()) {
        let n = ident(&p.rust);
        if p.required {
            let (t, into) = arg(&p.ty, target);
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
    for p in op.path_params.iter().chain(op.other_params.iter()) {
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
        if body.refusable() {
            let refused = ident(names::REFUSED_FIELD);
            fields.push(quote!(#refused: ::std::option::Option<::std::string::String>));
        }
    }

    // Setters for optional inputs.
    let mut setters = Vec::new();
    for p in op.other_params.iter().filter(|p| !p.required) {
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
            let target_expr = if optional_body {
                quote!(self.body.get_or_insert_with(::std::default::Default::default).#fname)
            } else {
                quote!(self.body.#fname)
            };
            if let Some(entry) = &bf.entry {
                setters.push(free_form_setters(
                    f,
                    &a,
                    &ident(entry),
                    &target_expr,
                    target,
                ));
                continue;
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
    let queries = op.other_params.iter().map(|p| {
        let n = ident(&p.rust);
        let wire = &p.wire;
        let add = |value: TokenStream| match (p.location, &p.ty) {
            (ParamLocation::Query { explode }, Ty::Vec(_)) => quote! {
                let values: ::std::vec::Vec<&dyn ::std::fmt::Display> =
                    ::std::iter::IntoIterator::into_iter(#value)
                        .map(|v| v as &dyn ::std::fmt::Display)
                        .collect();
                req.query_list(#wire, &values, #explode);
            },
            (ParamLocation::Header, _) => quote!(req.header_param(#wire, #value)?;),
            _ => quote!(req.query(#wire, #value);),
        };
        if p.required {
            match (p.location, &p.ty) {
                // The list's local gets a scope of its own.
                (ParamLocation::Query { .. }, Ty::Vec(_)) => {
                    let stmt = add(quote!(&self.#n));
                    quote!({ #stmt })
                }
                _ => add(quote!(&self.#n)),
            }
        } else {
            let stmt = add(quote!(value));
            quote!(if let ::std::option::Option::Some(value) = &self.#n { #stmt })
        }
    });
    let body_stmt = match &op.body {
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
    let body_stmt = quote!(#refused_check #field_checks #body_stmt);
    let build_req = if op.other_params.is_empty() && op.body.is_none() {
        quote! {
            #(#segment_lets)*
            ::std::result::Result::Ok(#rt::Request::new(&#stat, #path_expr))
        }
    } else {
        quote! {
            #(#segment_lets)*
            let mut req = #rt::Request::new(&#stat, #path_expr);
            #(#queries)*
            #body_stmt
            ::std::result::Result::Ok(req)
        }
    };

    // A sealed secret is ciphertext, but `SealedSecret` keeps it out of
    // `Debug`, and so does a builder that holds it.
    let sealed = op.body.as_ref().is_some_and(|b| b.sealed);
    let derives = if sealed {
        quote!(Clone)
    } else {
        quote!(Debug, Clone)
    };
    let sealed_debug = sealed.then(|| sealed_builder_debug(op));
    let (output, decode) = output_and_decode(op, target);
    let extra = extra_methods(op, target, &output);
    let docs = doc_raw(&format!(
        "Request builder for [`{}`]({}::{}) (`{} {}`): set optional values, then call `send`.",
        unraw(&op.method_name),
        op.handler,
        unraw(&op.method_name),
        op.method,
        op.path
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
        #[derive(#derives)]
        #[must_use = "a request does nothing until it is sent"]
        pub struct #builder {
            client: #rt::Client,
            #(#fields,)*
        }

        #sealed_debug

        impl #builder {
            #(#setters)*

            #send_doc
            pub async fn send(self) -> ::std::result::Result<#output, #rt::Error> {
                #rt::send(&self).await
            }

            /// Sends the request; gives the value with the answer's status and
            /// headers (request id, rate limit, `ETag`).
            pub async fn send_with_meta(self) -> ::std::result::Result<#rt::WithMeta<#output>, #rt::Error> {
                #rt::send_with_meta(&self).await
            }

            #extra
        }

        impl #rt::Endpoint for #builder {
            type Output = #output;

            fn client(&self) -> &#rt::Client {
                &self.client
            }

            #[inline]
            fn request(&self) -> ::std::result::Result<#rt::Request, #rt::Error> {
                #build_req
            }

            #[inline]
            fn decode(resp: #rt::Response) -> ::std::result::Result<#output, #rt::Error> {
                #decode
            }
        }
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

fn send_doc(op: &Operation) -> String {
    let mut s = String::from("Sends the request.");
    match &op.outcome {
        Outcome::Single(succ) => s.push_str(&format!(
            " Success is {}{}.",
            if succ.any_2xx {
                "any 2xx status".to_owned()
            } else {
                format!("status {}", succ.status)
            },
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
    let (t, into) = arg(&p.ty, target);
    let v = if into {
        convert(&p.ty, quote!(value))
    } else {
        quote!(value)
    };
    let mut d = if p.docs.is_empty() {
        let place = match p.location {
            ParamLocation::Header => "header",
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

/// `Debug` for the builder of a sealed-secret body: every input but the
/// ciphertext, which shows as `<sealed>`.
fn sealed_builder_debug(op: &Operation) -> TokenStream {
    let builder = ident(&op.type_name);
    let name = &op.type_name;
    let params = op
        .path_params
        .iter()
        .chain(op.other_params.iter())
        .map(|p| {
            let field = ident(&p.rust);
            let label = unraw(&p.rust);
            quote!(.field(#label, &self.#field))
        });
    let body_fields = op
        .body
        .iter()
        .flat_map(|b| b.fields.iter().flatten())
        .map(|bf| {
            let field = ident(&bf.field.rust);
            let label = unraw(&bf.field.rust);
            quote!(.field(#label, &self.body.#field))
        });
    quote! {
        impl ::std::fmt::Debug for #builder {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#name)
                    #(#params)*
                    #(#body_fields)*
                    .field("encrypted_value", &"<sealed>")
                    .finish_non_exhaustive()
            }
        }
    }
}

/// What `send` gives, and how `Endpoint::decode` gets it from an answer.
fn output_and_decode(op: &Operation, target: &Target) -> (TokenStream, TokenStream) {
    let rt = target.rt();
    if let Some(p) = &op.pagination {
        let list = target.ty(&Ty::Named(p.list_type.clone()));
        let item = target.ty(&p.item);
        return (
            quote!(#rt::Page<#item>),
            quote!(#rt::decode_page::<#list>(resp)),
        );
    }
    match &op.outcome {
        Outcome::Single(s) => {
            let status = if s.any_2xx {
                quote!(200..=299)
            } else {
                let status = s.status;
                quote!(#status)
            };
            let (ret, value) = payload(&s.payload, target);
            (
                ret,
                quote! {
                    match resp.status() {
                        #status => #value,
                        _ => ::std::result::Result::Err(resp.unexpected_status()),
                    }
                },
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
                    Payload::Text => quote!(#status => resp.text().map(#enum_name::#v),),
                    Payload::Bytes => {
                        quote!(#status => ::std::result::Result::Ok(#enum_name::#v(resp.bytes())),)
                    }
                }
            });
            (
                quote!(#enum_name),
                quote! {
                    match resp.status() {
                        #(#arms)*
                        _ => ::std::result::Result::Err(resp.unexpected_status()),
                    }
                },
            )
        }
    }
}

/// Methods beyond `send`: conditional requests on GETs, `stream` on lists,
/// `watch` where the spec names a field to watch.
fn extra_methods(op: &Operation, target: &Target, output: &TokenStream) -> TokenStream {
    let rt = target.rt();
    let mut out = TokenStream::new();
    if op.method == crate::method::Method::Get {
        let etag_doc = doc_raw(&format!(
            "Sends the request only if the resource changed: GitHub answers\n\
             `304 Not Modified` (not charged to the rate limit) when its\n\
             `ETag` still equals `etag`, the [`Meta::etag`]({}::Meta::etag)\n\
             of an earlier answer.",
            target.runtime.trim_start_matches("::")
        ));
        out.extend(quote! {
            #etag_doc
            pub fn if_none_match(self, etag: impl ::std::convert::Into<::std::string::String>) -> #rt::ConditionalRequest<Self> {
                #rt::ConditionalRequest::new(self).if_none_match(etag)
            }

            /// Sends the request only if the resource changed after `time`
            /// (`If-Modified-Since`); otherwise the outcome is `NotModified`.
            pub fn if_modified_since(self, time: #rt::chrono::DateTime<#rt::chrono::Utc>) -> #rt::ConditionalRequest<Self> {
                #rt::ConditionalRequest::new(self).if_modified_since(time)
            }
        });
    }
    if let Some(p) = &op.pagination {
        let list = target.ty(&Ty::Named(p.list_type.clone()));
        let item = target.ty(&p.item);
        let (stream_doc, default_size) = match &p.page_size {
            Some((param, max)) => {
                let param_ident = ident(param);
                (
                    format!(
                        "Every item of every page, fetched lazily one page at a time. \
                         Unless `{}` was set, pages of {max} items are asked for (the \
                         largest GitHub serves), so that walking a list costs the \
                         fewest requests.",
                        unraw(param)
                    ),
                    quote!(self.#param_ident.get_or_insert(#max);),
                )
            }
            None => (
                "Every item of every page, fetched lazily one page at a time.".to_owned(),
                quote!(),
            ),
        };
        let stream_doc = doc(&stream_doc);
        let binding = if default_size.is_empty() {
            quote!(self)
        } else {
            quote!(mut self)
        };
        out.extend(quote! {
            #stream_doc
            #[inline]
            pub fn stream(#binding) -> #rt::PageStream<#item> {
                #default_size
                let req = #rt::Endpoint::request(&self);
                self.client.stream::<#list>(req)
            }
        });
    }
    if let Some(w) = &op.watch {
        let field = ident(&w.field);
        let until = &w.until;
        let list = until
            .iter()
            .map(|u| format!("`{u}`"))
            .collect::<Vec<_>>()
            .join(" or ");
        let watch_doc = doc(&format!(
            "Watches the resource until its `{}` is {list}: a stream of its \
             values, the first answer and then one each time `{}` changes. \
             Polls after the first are conditional (`If-None-Match`), so while \
             nothing changes GitHub answers 304, nothing is decoded and the rate \
             limit is not charged.",
            w.wire, w.wire
        ));
        out.extend(quote! {
            #watch_doc
            #[inline]
            pub fn watch(self, options: #rt::WatchOptions) -> #rt::Watch<#output> {
                #rt::watch(
                    self,
                    |value| ::serde_json::to_value(&value.#field).unwrap_or_default(),
                    &[#(#until),*],
                    options,
                )
            }
        });
    }
    out
}

fn payload(p: &Payload, target: &Target) -> (TokenStream, TokenStream) {
    let rt = target.rt();
    match p {
        Payload::Json(t) => (target.ty(t), quote!(resp.json())),
        Payload::Empty => (quote!(()), quote!(::std::result::Result::Ok(()))),
        Payload::Redirect => (quote!(#rt::DownloadUrl), quote!(resp.download_url())),
        Payload::Text => (quote!(::std::string::String), quote!(resp.text())),
        Payload::Bytes => (
            quote!(#rt::bytes::Bytes),
            quote!(::std::result::Result::Ok(resp.bytes())),
        ),
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
            Payload::Text => quote!(#d #v(::std::string::String),),
            Payload::Bytes => quote!(#d #v(#rt::bytes::Bytes),),
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
