//! One cargo feature per API area (`workflow-runs`, `caches`, ...), all on by
//! default: an area's module, its accessor on `Client` and the types only it
//! uses compile only with its feature, and a type several areas use compiles
//! with any of theirs. Types no operation reaches (error bodies) always
//! compile. Only the client crate has features; a module tree (the snapshot
//! fixtures) compiles everything.

use super::Target;
use crate::model::{Model, type_areas};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::{BTreeMap, BTreeSet};

/// The cargo feature of the area whose module is `module` (`workflow_runs`
/// -> `workflow-runs`; `default` -> `untagged`).
pub fn area_feature(module: &str) -> String {
    // Cargo's own `default` feature has that name: the area of the
    // untagged operations (`default`, as OpenAPI tools call it) is `untagged`.
    if module == crate::names::DEFAULT_TAG {
        return "untagged".to_owned();
    }
    module.replace('_', "-")
}

/// The features of the client crate's areas, in area order.
pub fn area_features(model: &Model) -> Vec<String> {
    model
        .areas
        .iter()
        .map(|a| area_feature(&a.module))
        .collect()
}

/// Which areas (modules) use each named type, for the gates of the files
/// that hold types of several areas.
pub(super) struct TypeGates {
    areas: BTreeMap<String, BTreeSet<String>>,
    enabled: bool,
}

impl TypeGates {
    pub(super) fn new(model: &Model, target: &Target) -> Self {
        TypeGates {
            areas: type_areas(model),
            enabled: target.crate_root,
        }
    }

    /// The attributes that gate the named type: `#[cfg(any(feature = ..))]`
    /// on the features of the areas that use it, and the same for docs.rs;
    /// nothing for a type no area uses, or outside the client crate.
    pub(super) fn of(&self, name: &str) -> TokenStream {
        match self.areas.get(name) {
            Some(areas) if self.enabled => gate(areas.iter().map(String::as_str)),
            _ => TokenStream::new(),
        }
    }
}

/// `#[cfg(feature = "a")]` (`any(..)` for several) and its `doc(cfg)` twin for docs.rs.
pub(super) fn gate<'a>(modules: impl IntoIterator<Item = &'a str>) -> TokenStream {
    let features: Vec<String> = modules.into_iter().map(area_feature).collect();
    let condition = match features.as_slice() {
        [] => return TokenStream::new(),
        [one] => quote!(feature = #one),
        several => quote!(any(#(feature = #several),*)),
    };
    quote! {
        #[cfg(#condition)]
        #[cfg_attr(docsrs, doc(cfg(#condition)))]
    }
}

/// Puts `attrs` on every item of `items` (a type's struct and its impls).
pub(super) fn gate_items(items: TokenStream, attrs: &TokenStream) -> TokenStream {
    if attrs.is_empty() {
        return items;
    }
    let Ok(mut file) = syn::parse2::<syn::File>(items.clone()) else {
        // Not items: rendering reports the emitter's mistake.
        return items;
    };
    for item in &mut file.items {
        if let Some(existing) = item_attrs(item) {
            // syn's types are not `Clone` in this build: each item parses its own copy.
            let parsed = syn::parse::Parser::parse2(syn::Attribute::parse_outer, attrs.clone());
            let Ok(mut all) = parsed else {
                return items;
            };
            all.append(existing);
            *existing = all;
        }
    }
    quote!(#file)
}

fn item_attrs(item: &mut syn::Item) -> Option<&mut Vec<syn::Attribute>> {
    match item {
        syn::Item::Struct(i) => Some(&mut i.attrs),
        syn::Item::Enum(i) => Some(&mut i.attrs),
        syn::Item::Impl(i) => Some(&mut i.attrs),
        syn::Item::Type(i) => Some(&mut i.attrs),
        syn::Item::Const(i) => Some(&mut i.attrs),
        syn::Item::Static(i) => Some(&mut i.attrs),
        syn::Item::Fn(i) => Some(&mut i.attrs),
        syn::Item::Mod(i) => Some(&mut i.attrs),
        syn::Item::Use(i) => Some(&mut i.attrs),
        syn::Item::Trait(i) => Some(&mut i.attrs),
        syn::Item::Macro(i) => Some(&mut i.attrs),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::area_feature;

    #[test]
    fn area_features_are_kebab_case_and_never_cargos_default() {
        assert_eq!(area_feature("workflow_runs"), "workflow-runs");
        assert_eq!(area_feature("default"), "untagged");
    }
}
