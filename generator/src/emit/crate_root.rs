//! `lib.rs` of the client crate, or `mod.rs` of a module tree.
//!
//! The crate's prose and its doctests are Markdown the generator includes
//! (`generator/crate/docs/`); this module fills in the parts that come from
//! the spec.

use super::{Target, doc_raw, doc_text, ident, inner_doc};
use crate::model::Model;
use proc_macro2::TokenStream;
use quote::quote;

/// The crate front page; `{title}`, `{areas}`, `{counts}` and `{operations}`
/// are filled in.
const CRATE_DOC: &str = include_str!("../../crate/docs/crate.md");
/// The docs of the generated `Client`.
const CLIENT_DOC: &str = include_str!("../../crate/docs/client.md");

pub(super) fn emit(model: &Model, target: &Target) -> TokenStream {
    let mods: Vec<_> = model.areas.iter().map(|a| ident(&a.module)).collect();
    let refused = refused_input(model, target);
    if !target.crate_root {
        return quote! {
            //! Client code generated from a spec.
            pub mod types;
            #(pub mod #mods;)*
            #refused
        };
    }
    let crate_doc = crate_doc(model);
    let runtime_items = runtime_items(target);
    let client = client(model, target);
    let gates = model
        .areas
        .iter()
        .map(|a| super::features::gate([a.module.as_str()]));
    quote! {
        #crate_doc
        #![deny(missing_docs)]
        #![cfg_attr(docsrs, feature(doc_cfg))]

        pub mod types;
        #(#gates pub mod #mods;)*

        #runtime_items

        #client

        #refused
    }
}

/// The crate's front page: [`CRATE_DOC`] with the title, the areas, the
/// counts and the table of every operation filled in.
fn crate_doc(model: &Model) -> TokenStream {
    let mut table = String::from("| area | handler | module |\n|---|---|---|\n");
    for a in &model.areas {
        table.push_str(&format!(
            "| {} | [`Client::{m}`] | [`{m}`] |\n",
            a.tag.replace('-', " "),
            m = a.module
        ));
    }
    let mut operations =
        String::from("| operation | area | endpoint | products |\n|---|---|---|---|\n");
    for op in &model.operations {
        let products: Vec<&str> = op.products.iter().map(|p| p.key()).collect();
        operations.push_str(&format!(
            "| [`{m}`]({area}::{handler}::{m}) | [`{area}`] | `{} {}` | {} |\n",
            op.method,
            op.path,
            products.join(", "),
            m = crate::names::unraw(&op.method_name),
            area = op.area,
            handler = op.handler,
        ));
    }
    let counts = format!(
        "The client covers {} operations of the spec in {} areas; every type of the spec is in [`types`].",
        model.operations.len(),
        model.areas.len()
    );
    inner_doc(
        &CRATE_DOC
            .replace("{title}", &doc_text(&model.title))
            .replace("{areas}", &table)
            .replace("{counts}", &counts)
            .replace("{operations}", &operations),
    )
}

/// The runtime's names the crate gives its users: the few everyone needs at
/// the root, the rest grouped in small modules.
fn runtime_items(target: &Target) -> TokenStream {
    let rt = target.rt();
    let raw_doc = doc_raw(&format!(
        "Requests to any endpoint with the client's settings: \
         [`Client::request`]({}::Client::request).",
        target.runtime.trim_start_matches("::")
    ));
    quote! {
        pub use #rt::{ApiVersion, Error, Method, Product, RetryPolicy};

        /// Settings for a [`Client`]: token, base URL, product, API version,
        /// user agent, timeout, retries. Finish with `build`.
        pub type ClientBuilder = #rt::ClientBuilder<Client>;

        /// One page of a list, and a stream over every item of every page.
        pub mod pagination {
            pub use #rt::{Page, PageStream};
        }

        /// The parts of an [`Error`]: GitHub's error body, rate-limit state, decode details.
        pub mod error {
            pub use #rt::{ApiError, DecodeError, DownloadError, RateLimit, RateLimitError, RateLimitKind};
        }

        /// Downloads behind a redirect (artifact archives and logs).
        pub mod download {
            pub use #rt::{ByteStream, DownloadUrl};
        }

        /// Sealing a secret with a repository or organisation public key.
        pub mod sealing {
            pub use #rt::SealedSecret;
        }

        /// What an answer says besides its value (status, headers, rate limit,
        /// `ETag`), and conditional requests that answer `NotModified`.
        pub mod response {
            pub use #rt::{Conditional, ConditionalRequest, Meta, WithMeta};
        }

        /// Watching a resource until it reaches a final state, with conditional polls.
        pub mod watch {
            pub use #rt::{Watch, WatchOptions};
        }

        #raw_doc
        pub mod raw {
            pub use #rt::RawRequest;
        }

        /// Filters in GitHub's search syntax, such as the `created` range of
        /// the workflow run lists.
        pub mod filter {
            pub use #rt::{DateRange, SearchTime};
        }

        /// Where tokens come from: [`TokenSource`](auth::TokenSource) for your
        /// own, and GitHub App installations with the `app-auth` feature.
        pub mod auth {
            pub use #rt::auth::*;
        }
    }
}

/// The crate's `Client`: the runtime's client with one accessor per area.
fn client(model: &Model, target: &Target) -> TokenStream {
    let rt = target.rt();
    let accessors = model.areas.iter().map(|a| {
        let m = ident(&a.module);
        let h = ident(&a.handler);
        let d = doc_raw(&format!(
            "Operations on {} ([`{}`]). Needs the `{}` feature (on by default).",
            a.tag.replace('-', " "),
            a.module,
            super::area_feature(&a.module)
        ));
        let gate = super::features::gate([a.module.as_str()]);
        quote! {
            #d
            #gate
            pub fn #m(&self) -> #m::#h {
                #m::#h::new(::std::clone::Clone::clone(&self.inner))
            }
        }
    });
    let client_doc = doc_raw(CLIENT_DOC);
    quote! {
        #client_doc
        #[derive(Debug, Clone)]
        pub struct Client {
            inner: #rt::Client,
        }

        impl Client {
            /// A builder with the defaults: github.com, API version 2026-03-10,
            /// no token, 30 s timeout, no retries.
            pub fn builder() -> ClientBuilder {
                ::std::default::Default::default()
            }

            /// A client configured from the environment GitHub's runners set:
            /// the token from `GITHUB_TOKEN` (or `GH_TOKEN`) and the API root
            /// from `GITHUB_API_URL`; see [`ClientBuilder::from_env`].
            #[inline]
            pub fn from_env() -> ::std::result::Result<Self, Error> {
                ClientBuilder::from_env()?.build()
            }

            #(#accessors)*
        }

        impl ::std::convert::From<#rt::Client> for Client {
            fn from(inner: #rt::Client) -> Self {
                Self { inner }
            }
        }

        impl ::std::ops::Deref for Client {
            type Target = #rt::Client;
            fn deref(&self) -> &#rt::Client {
                &self.inner
            }
        }
    }
}

/// A private type whose encoding fails with the message of an input a setter
/// refused (a free-form object given as something else), so the request
/// fails as the runtime's `Error::Encode` before anything is sent.
fn refused_input(model: &Model, target: &Target) -> Option<TokenStream> {
    let areas: std::collections::BTreeSet<&str> = model
        .operations
        .iter()
        .filter(|o| o.body.as_ref().is_some_and(|b| b.refusable()))
        .map(|o| o.area.as_str())
        .collect();
    let name = ident(crate::names::REFUSED_TYPE);
    // Compiled with the areas whose builders keep a refusal.
    let gate = if target.crate_root {
        super::features::gate(areas.iter().copied())
    } else {
        TokenStream::new()
    };
    (!areas.is_empty()).then(|| {
        let items = quote! {
            /// An input a setter refused; encoding it fails with the reason.
            struct #name<'a>(&'a str);

            impl #name<'_> {
                /// Why `value`, given for the object `field`, was refused.
                fn not_an_object(field: &str, value: &::serde_json::Value) -> ::std::string::String {
                    let kind = match value {
                        ::serde_json::Value::Null => "null",
                        ::serde_json::Value::Bool(_) => "a boolean",
                        ::serde_json::Value::Number(_) => "a number",
                        ::serde_json::Value::String(_) => "a string",
                        ::serde_json::Value::Array(_) => "an array",
                        ::serde_json::Value::Object(_) => "an object",
                    };
                    ::std::format!("`{field}` must be a JSON object, not {kind}")
                }
            }

            impl ::serde::Serialize for #name<'_> {
                fn serialize<S: ::serde::Serializer>(&self, _: S) -> ::std::result::Result<S::Ok, S::Error> {
                    ::std::result::Result::Err(<S::Error as ::serde::ser::Error>::custom(self.0))
                }
            }
        };
        super::features::gate_items(items, &gate)
    })
}
