//! `types/examples.rs`: with the client's `examples` feature, a constructor
//! per type from the spec's named examples (`WorkflowRun::example()`), for
//! users' tests and mock servers.

use super::{Target, doc, ident};
use crate::model::{Model, TypeExample};
use proc_macro2::TokenStream;
use quote::quote;

/// The cargo feature of the client crate that compiles the constructors.
pub(super) const FEATURE: &str = "examples";

/// Whether there is a file to emit: not for a module tree (whose crate has
/// no such feature), nor for a spec without named examples.
pub(super) fn emit_needed(model: &Model, target: &Target) -> bool {
    target.crate_root && !model.examples.is_empty()
}

/// The file (see [`emit_needed`]).
pub(super) fn emit(model: &Model, target: &Target) -> TokenStream {
    let gates = super::features::TypeGates::new(model, target);
    let impls = model.examples.iter().map(|(name, examples)| {
        let gate = gates.of(name);
        let ty = target.ty(&crate::schema::Ty::Named(name.clone()));
        // The one `example()` gives: the first that holds everywhere, else the first.
        let main = examples
            .iter()
            .find(|e| !e.restricted)
            .or_else(|| examples.first());
        let main = main.map(|e| {
            let json = &e.json;
            let docs = doc(&format!(
                "The spec's example `{}`{}.\n\nEvery named example of this type: `examples()`.",
                e.key,
                summary(e)
            ));
            quote! {
                #docs
                pub fn example() -> Self {
                    decode(#json)
                }
            }
        });
        let keys = examples.iter().map(|e| e.key.as_str());
        let jsons = examples.iter().map(|e| e.json.as_str());
        // The module's `cfg` does not reach the docs of its impls: each says
        // it needs the feature itself.
        quote! {
            #gate
            #[cfg_attr(docsrs, doc(cfg(feature = #FEATURE)))]
            impl #ty {
                #main

                /// Every named example of the spec for this type, by its name
                /// under `components/examples`.
                pub fn examples() -> ::std::vec::Vec<(&'static str, Self)> {
                    ::std::vec![#((#keys, decode(#jsons)),)*]
                }
            }
        }
    });
    let calls = model.examples.keys().map(|name| {
        let ty = target.ty(&crate::schema::Ty::Named(name.clone()));
        let gate = gates.of(name);
        quote!(#gate { assert!(!#ty::examples().is_empty()); })
    });
    let test_name = ident("every_named_example_decodes_into_its_type");
    quote! {
        //! Values from the spec's named examples, for tests and mock servers
        //! (the `examples` feature).

        /// Decodes an example the generator checked against the spec; the
        /// test below decodes every one, so this never fails.
        fn decode<T: ::serde::de::DeserializeOwned>(json: &str) -> T {
            match ::serde_json::from_str(json) {
                ::std::result::Result::Ok(value) => value,
                ::std::result::Result::Err(e) => ::std::panic!("an example of the spec does not decode: {e}"),
            }
        }

        #(#impls)*

        #[cfg(test)]
        mod tests {
            #[test]
            fn #test_name() {
                #(#calls)*
            }
        }
    }
}

/// `: summary`, when the example has one.
fn summary(e: &TypeExample) -> String {
    let s = e.summary.trim().trim_end_matches('.');
    if s.is_empty() {
        String::new()
    } else {
        format!(": {s}")
    }
}
