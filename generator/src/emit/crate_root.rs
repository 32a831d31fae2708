//! `lib.rs` of the client crate, or `mod.rs` of a module tree.

use super::{Target, doc, doc_raw, doc_text, ident};
use crate::model::Model;
use proc_macro2::TokenStream;
use quote::quote;

pub(super) fn emit(model: &Model, target: &Target) -> TokenStream {
    let mods: Vec<_> = model.areas.iter().map(|a| ident(&a.module)).collect();
    let mod_docs: Vec<_> = model
        .areas
        .iter()
        .map(|a| {
            doc(if a.description.is_empty() {
                a.tag.clone()
            } else {
                a.description.clone()
            }
            .as_str())
        })
        .collect();
    if !target.crate_root {
        return quote! {
            //! Client code generated from a spec.
            pub mod types;
            #(#mod_docs pub mod #mods;)*
        };
    }
    let accessors = model.areas.iter().map(|a| {
        let m = ident(&a.module);
        let h = ident(&a.handler);
        let d = doc_raw(&format!(
            "Operations on {} ([`{}`]).",
            a.tag.replace('-', " "),
            a.module
        ));
        quote! {
            #d
            pub fn #m(&self) -> #m::#h {
                #m::#h::new(::std::clone::Clone::clone(self))
            }
        }
    });
    let mut table = String::from("| area | handler | module |\n|---|---|---|\n");
    for a in &model.areas {
        table.push_str(&format!(
            "| {} | [`Client::{m}`] | [`{m}`] |\n",
            a.tag.replace('-', " "),
            m = a.module
        ));
    }
    let counts = format!(
        "The client covers {} operations of the spec in {} areas; every type of the spec is in [`types`].",
        model.operations.len(),
        model.areas.len()
    );
    let crate_doc = format!(
        "{title} client: typed requests and responses for GitHub Actions on github.com \
         and GitHub Enterprise Server.\n\n\
         # Crate organisation\n\n\
         - [`Client`] (built with [`Client::builder`]) holds the connection settings: \
         token, base URL, product, API version, retries.\n\
         - One handler per area, reached from the client:\n\n{table}\n\
         - Each operation is a method on its handler that takes the required values \
         and returns a request builder; optional values are chained setters and `send()` \
         finishes. Paginated lists also have `stream()`.\n\
         - [`types`]: the data types of the API. [`pagination`], [`download`] and \
         [`sealing`]: pages and streams, redirect downloads, and sealing secrets.\n\
         - [`Error`]: everything that can go wrong, API errors and rate limits included.\n\n\
         {counts}",
        title = doc_text(&model.title),
    );
    let crate_doc_lines = crate_doc.lines().map(|l| {
        if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        }
    });
    quote! {
        #(#![doc = #crate_doc_lines])*
        //!
        //! # Example
        //!
        //! ```no_run
        //! # async fn run() -> Result<(), gh_actions::Error> {
        //! use gh_actions::Client;
        //! use gh_actions::types::RunStatus;
        //!
        //! let gh = Client::builder().token("ghp_example").build()?;
        //! let page = gh
        //!     .workflow_runs()
        //!     .list_workflow_runs_for_repo("octo-org", "octo-repo")
        //!     .status(RunStatus::Failure)
        //!     .per_page(50)
        //!     .send()
        //!     .await?;
        //! for run in &page.items {
        //!     println!("{} {}", run.id, run.html_url);
        //! }
        //! # Ok(())
        //! # }
        //! ```
        #![deny(missing_docs)]

        mod runtime;
        pub mod types;
        #(#mod_docs pub mod #mods;)*

        pub use runtime::{ApiVersion, Client, ClientBuilder, Error, Product, RetryPolicy};

        /// One page of a list, and a stream over every item of every page.
        pub mod pagination {
            pub use crate::runtime::{Page, PageStream};
        }

        /// The parts of an [`Error`]: GitHub's error body, rate-limit state, decode details.
        pub mod error {
            pub use crate::runtime::{ApiError, DecodeError, DownloadError, RateLimit, RateLimitError, RateLimitKind};
        }

        /// Downloads behind a redirect (artifact archives and logs).
        pub mod download {
            pub use crate::runtime::{ByteStream, DownloadUrl};
        }

        /// Sealing a secret with a repository or organisation public key.
        pub mod sealing {
            pub use crate::runtime::SealedSecret;
        }

        impl Client {
            #(#accessors)*
        }
    }
}
