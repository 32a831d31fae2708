//! One module per area: its handler, one builder per operation, outcome enums.

mod inputs;
mod request;

use super::{Target, doc, doc_raw, doc_text, ident, inner_doc};
use crate::model::{Area, Model, Operation, Outcome, Pagination, Payload, Success, WatchSpec};
use crate::names::unraw;
use crate::schema::Ty;
use proc_macro2::TokenStream;
use quote::quote;

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
    let methods = ops.iter().map(|op| inputs::handler_method(op, target));
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

/// The items of one operation: its `Operation` static, its request builder
/// with setters and sending methods, and the builder's `Endpoint` impl.
fn operation_items(op: &Operation, target: &Target) -> TokenStream {
    let rt = target.rt();
    let builder = ident(&op.type_name);
    let optional_body = op.body.as_ref().is_some_and(inputs::body_is_optional);
    let operation = operation_static(op, target);
    let fields = inputs::builder_fields(op, optional_body, target);
    let setters = inputs::setters(op, optional_body, target);
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
    let build_req = request::build_request(op, optional_body, target);
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
        #operation

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

/// The operation's `Operation` static: what the runtime needs to know of it.
fn operation_static(op: &Operation, target: &Target) -> TokenStream {
    let rt = target.rt();
    let stat = ident(&op.static_name);
    let id = &op.id;
    let path = op.path.as_str();
    let method = ident(op.method.as_str());
    let products = op.products.iter().map(|p| {
        let variant = ident(p.runtime_variant());
        quote!(#rt::Product::#variant)
    });
    quote! {
        static #stat: #rt::Operation = #rt::Operation {
            id: #id,
            method: #rt::Method::#method,
            path: #path,
            products: &[#(#products),*],
        };
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
    let mut out = TokenStream::new();
    if op.method == crate::method::Method::Get {
        out.extend(conditional_methods(target));
    }
    if let Some(p) = &op.pagination {
        out.extend(stream_method(p, target));
    }
    if let Some(w) = &op.watch {
        out.extend(watch_method(w, target, output));
    }
    out
}

/// `if_none_match` and `if_modified_since`, which every GET has.
fn conditional_methods(target: &Target) -> TokenStream {
    let rt = target.rt();
    let etag_doc = doc_raw(&format!(
        "Sends the request only if the resource changed: GitHub answers\n\
         `304 Not Modified` (not charged to the rate limit) when its\n\
         `ETag` still equals `etag`, the [`Meta::etag`]({}::Meta::etag)\n\
         of an earlier answer.",
        target.runtime.trim_start_matches("::")
    ));
    quote! {
        #etag_doc
        pub fn if_none_match(self, etag: impl ::std::convert::Into<::std::string::String>) -> #rt::ConditionalRequest<Self> {
            #rt::ConditionalRequest::new(self).if_none_match(etag)
        }

        /// Sends the request only if the resource changed after `time`
        /// (`If-Modified-Since`); otherwise the outcome is `NotModified`.
        pub fn if_modified_since(self, time: #rt::chrono::DateTime<#rt::chrono::Utc>) -> #rt::ConditionalRequest<Self> {
            #rt::ConditionalRequest::new(self).if_modified_since(time)
        }
    }
}

/// `stream` of a paginated list: every item of every page, in pages as large
/// as GitHub serves unless the caller chose a size.
fn stream_method(p: &Pagination, target: &Target) -> TokenStream {
    let rt = target.rt();
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
    quote! {
        #stream_doc
        #[inline]
        pub fn stream(#binding) -> #rt::PageStream<#item> {
            #default_size
            let req = #rt::Endpoint::request(&self);
            self.client.stream::<#list>(req)
        }
    }
}

/// `watch`: the answer again each time the watched field changes, until it
/// holds a final value.
fn watch_method(w: &WatchSpec, target: &Target, output: &TokenStream) -> TokenStream {
    let rt = target.rt();
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
    quote! {
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
    }
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
