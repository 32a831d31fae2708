//! Named types: `types/mod.rs` plus one file per area (`types/common.rs` for shared ones).

use super::{Target, doc, doc_text, ident, inner_doc};
use crate::model::{Model, Pagination, type_areas};
use crate::names;
use crate::schema::{Field, FieldShape, Ty, TypeDef, TypeKind};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeMap;

/// The type files, each a job that makes its tokens: `types/mod.rs`, one
/// file per group of types and `types/examples.rs`. Each job's weight is a
/// rough count of the lines it makes, so that the largest are started first.
pub(super) fn jobs<'a>(model: &'a Model, target: &'a Target) -> Vec<super::Job<'a>> {
    let areas = type_areas(model);
    let mut groups: BTreeMap<String, Vec<&TypeDef>> = BTreeMap::new();
    for t in &model.types {
        let group = match areas.get(&t.name) {
            _ if target.is_request_type(&t.name) => names::REQUEST_TYPES_MODULE.to_owned(),
            Some(set) if set.len() == 1 => set.iter().next().cloned().unwrap_or_default(),
            _ => names::SHARED_TYPES_MODULE.to_owned(),
        };
        groups.entry(group).or_default().push(t);
    }
    let mut lists: BTreeMap<&str, &Pagination> = BTreeMap::new();
    for op in &model.operations {
        if let Some(p) = &op.pagination {
            lists.entry(p.list_type.as_str()).or_insert(p);
        }
    }
    let examples = super::examples::emit_needed(model, target);
    let mut jobs = vec![super::Job::new("types/mod.rs".into(), 20, {
        let groups: Vec<String> = groups.keys().cloned().collect();
        move || types_mod(&groups, examples, target)
    })];
    if examples {
        jobs.push(super::Job::new(
            "types/examples.rs".into(),
            model.examples.values().map(Vec::len).sum::<usize>() * 10,
            move || super::examples::emit(model, target),
        ));
    }
    let lists = std::sync::Arc::new(lists);
    for (group, defs) in groups {
        let weight = defs.iter().map(|t| weight(t)).sum();
        let lists = std::sync::Arc::clone(&lists);
        jobs.push(super::Job::new(
            format!("types/{group}.rs"),
            weight,
            move || group_file(&group, &defs, &lists, model, target),
        ));
    }
    jobs
}

/// About how many lines a type's code takes.
fn weight(t: &TypeDef) -> usize {
    match &t.kind {
        TypeKind::Struct { fields, .. } => 40 + 9 * fields.len(),
        TypeKind::Enum { variants, .. } => 60 + 6 * variants.len(),
        TypeKind::OneOf { variants } => 20 + 8 * variants.len(),
        TypeKind::Id => 50,
        TypeKind::Alias(_) | TypeKind::Newtype(_) => 10,
    }
}

/// One group's file: its types, and the list bodies among them.
fn group_file(
    group: &str,
    defs: &[&TypeDef],
    lists: &BTreeMap<&str, &Pagination>,
    model: &Model,
    target: &Target,
) -> TokenStream {
    // A file of several areas' types gates each type by the areas that use it;
    // an area's own file is gated whole, in `types/mod.rs`.
    let shared = group == names::SHARED_TYPES_MODULE || group == names::REQUEST_TYPES_MODULE;
    let gates = super::features::TypeGates::new(model, target);
    let items = defs.iter().map(|t| {
        let def = type_def(t, model, target);
        let list = lists.get(t.name.as_str()).map(|p| list_body(p, target));
        let items = quote!(#def #list);
        if shared {
            super::features::gate_items(items, &gates.of(&t.name))
        } else {
            items
        }
    });
    let module_doc = if group == names::SHARED_TYPES_MODULE {
        "Types shared by several areas of the API.".to_owned()
    } else if group == names::REQUEST_TYPES_MODULE {
        "Types only request bodies use, kept apart from the types of answers.\n\n\
         An operation's builder takes a body's required fields as arguments and the \
         rest as setters, so code names one of these types only where an argument or \
         setter takes it (a body that is one of several shapes, an enum only requests \
         use). A field that may be `null` keeps three states here: `None` leaves it \
         out, `Some(None)` sends `null`, `Some(Some(value))` sends the value."
            .to_owned()
    } else {
        format!("Types used by the `{group}` operations.")
    };
    let module_doc = inner_doc(&doc_text(&module_doc));
    quote! {
        #module_doc
        #(#items)*
    }
}

/// `types/mod.rs`: the group modules, their types re-exported.
fn types_mod(groups: &[String], examples: bool, target: &Target) -> TokenStream {
    let requests = groups
        .iter()
        .any(|g| g == names::REQUEST_TYPES_MODULE)
        .then(|| ident(names::REQUEST_TYPES_MODULE))
        .map(|m| quote!(pub mod #m;));
    let glob = groups
        .iter()
        .filter(|g| *g != names::REQUEST_TYPES_MODULE)
        .map(|g| ident(g));
    let examples = examples.then(|| {
        let feature = super::examples::FEATURE;
        quote! {
            #[cfg(feature = #feature)]
            mod examples;
        }
    });
    // An area's own types compile with its feature (see `features`).
    let gates: Vec<TokenStream> = groups
        .iter()
        .filter(|g| *g != names::REQUEST_TYPES_MODULE)
        .map(|g| {
            if target.crate_root && g != names::SHARED_TYPES_MODULE {
                super::features::gate([g.as_str()])
            } else {
                TokenStream::new()
            }
        })
        .collect();
    let mods = glob.clone();
    let mods2 = glob;
    let gates2 = gates.clone();
    let rt = target.rt();
    quote! {
        //! Data types of the API: every schema of the spec and list pages. The
        //! types only request bodies use are in `requests`.
        //!
        //! String enums keep values this version does not know in their
        //! `Unknown` variant, so a new status from the server never fails a page.
        //! A field of an answer that may be absent or `null` is one `Option`,
        //! `None` for both, or a `Nullable` where `null` means something of its own.

        #requests
        #examples
        #(#gates mod #mods;)*
        #(#gates2 pub use #mods2::*;)*
        pub use #rt::{Nullable, Timestamp, TimestampParseError};
    }
}

fn type_def(t: &TypeDef, model: &Model, target: &Target) -> TokenStream {
    let name = ident(&t.name);
    let docs = doc(if t.docs.is_empty() {
        default_doc(&t.name)
    } else {
        t.docs.clone()
    }
    .as_str());
    match &t.kind {
        TypeKind::Struct {
            fields,
            defaultable,
        } => {
            // Only a request body needs absent and `null` apart (`null` clears a value).
            let three_state = model.uses.get(&t.name).is_some_and(|u| u.request_body);
            let secrets: Vec<bool> = fields.iter().map(|f| f.secret).collect();
            let fields: Vec<_> = fields
                .iter()
                .map(|f| field(f, three_state, target))
                .collect();
            let default = defaultable.then(|| quote!(Default,));
            let decl = fields.iter().map(|f| &f.decl);
            let deserialize = deserialize_struct(&name, &t.name, &fields, target);
            let (derive_debug, debug) = if secrets.contains(&true) {
                (quote!(), redacting_debug(&name, &t.name, &fields, &secrets))
            } else {
                (quote!(Debug,), quote!())
            };
            quote! {
                #docs
                #[derive(#derive_debug Clone, PartialEq, #default ::serde::Serialize)]
                pub struct #name {
                    #(#decl)*
                }

                #debug
                #deserialize
            }
        }
        TypeKind::Alias(ty) => {
            let ty = target.ty(ty);
            quote! {
                #docs
                pub type #name = #ty;
            }
        }
        TypeKind::Newtype(ty) => {
            let ty = target.ty(ty);
            quote! {
                #docs
                #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
                #[serde(transparent)]
                pub struct #name(pub #ty);

                impl ::std::convert::From<#ty> for #name {
                    fn from(value: #ty) -> Self {
                        Self(value)
                    }
                }
            }
        }
        TypeKind::Enum { variants, unknown } => {
            string_enum(&name, &docs, variants, unknown, target)
        }
        TypeKind::OneOf { variants } => one_of(&name, &docs, variants, model, target),
        TypeKind::Id => id_newtype(&name, &docs),
    }
}

/// An id newtype: `Copy`, ordered, hashable, `Display`ed and encoded as the bare number.
fn id_newtype(name: &proc_macro2::Ident, docs: &TokenStream) -> TokenStream {
    quote! {
        #docs
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(transparent)]
        pub struct #name(i64);

        impl #name {
            /// The id for this number.
            pub const fn new(value: i64) -> Self {
                Self(value)
            }

            /// The number.
            pub const fn get(self) -> i64 {
                self.0
            }
        }

        impl ::std::convert::From<i64> for #name {
            fn from(value: i64) -> Self {
                Self(value)
            }
        }

        impl ::std::convert::From<#name> for i64 {
            fn from(value: #name) -> Self {
                value.0
            }
        }

        impl ::std::cmp::PartialEq<i64> for #name {
            fn eq(&self, other: &i64) -> bool {
                self.0 == *other
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.0, f)
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::num::ParseIntError;
            fn from_str(value: &str) -> ::std::result::Result<Self, ::std::num::ParseIntError> {
                value.parse().map(Self)
            }
        }
    }
}

fn default_doc(name: &str) -> String {
    format!("The `{name}` shape.")
}

/// Sentence added to the docs of a field that may be absent or `null` in an answer.
const ABSENT_OR_NULL_DOC: &str = "`None` when the field is absent or `null`.";
/// The same for a field whose `null` is a value of its own.
const NULL_IS_VALUE_DOC: &str = "`Nullable::Null` when the field is `null`, `Nullable::Absent` when it is left out: here the two mean different things.";

/// `Debug` for a struct with credentials (`format: password`): every field
/// as the derive shows it, but `<redacted>` for the credentials, present or
/// not, so that logging an answer never shows one.
fn redacting_debug(
    name: &proc_macro2::Ident,
    wire_name: &str,
    fields: &[FieldCode],
    secrets: &[bool],
) -> TokenStream {
    let shown = fields.iter().zip(secrets).map(|(f, secret)| {
        let field = &f.name;
        let label = names::unraw(&field.to_string()).to_owned();
        if *secret {
            quote!(.field(#label, &::std::format_args!("<redacted>")))
        } else {
            quote!(.field(#label, &self.#field))
        }
    });
    quote! {
        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#wire_name)
                    #(#shown)*
                    .finish()
            }
        }
    }
}

/// One field of a struct: its declaration, and how the struct's
/// `Deserialize` reads it.
struct FieldCode {
    decl: TokenStream,
    name: proc_macro2::Ident,
    wire: String,
    /// What a field that is absent gives.
    absent: Absent,
}

/// What a struct's `Deserialize` does with a field the object leaves out.
enum Absent {
    /// "missing field" error.
    Missing,
    /// The type's default (`None`, `[]`, `Nullable::Absent`).
    Default,
    /// `None`; a present value (or `null`) is `Some`.
    Option,
}

fn field(f: &Field, three_state: bool, target: &Target) -> FieldCode {
    let name = ident(&f.rust);
    let ty = target.ty(&f.ty);
    let rt = &target.runtime;
    let rt_path = target.rt();
    let mut docs = if f.docs.is_empty() {
        format!("The `{}` field.", f.wire)
    } else {
        f.docs.clone()
    };
    if f.shape == FieldShape::OptionalNullable && !three_state {
        let what = if f.null_is_value {
            NULL_IS_VALUE_DOC
        } else {
            ABSENT_OR_NULL_DOC
        };
        docs = format!("{docs}\n\n{what}");
    }
    let docs = doc(&docs);
    let rename = (names::unraw(&f.rust) != f.wire).then(|| {
        let wire = &f.wire;
        quote!(#[serde(rename = #wire)])
    });
    let option = quote!(::std::option::Option<#ty>);
    // The attributes are the `Serialize` derive's; `Deserialize` is written out below.
    let (attr, decl_ty, absent) = match f.shape {
        FieldShape::Required => (quote!(), ty, Absent::Missing),
        FieldShape::RequiredNullable => (quote!(), option, Absent::Missing),
        FieldShape::Optional => (
            quote!(#[serde(skip_serializing_if = "::std::option::Option::is_none")]),
            option,
            Absent::Default,
        ),
        FieldShape::OptionalNullable if !three_state && f.null_is_value => {
            let skip = format!("{rt}::Nullable::is_absent");
            (
                quote!(#[serde(skip_serializing_if = #skip)]),
                quote!(#rt_path::Nullable<#ty>),
                Absent::Default,
            )
        }
        // In an answer, absent and `null` say the same: one `Option`, written back as `null`.
        FieldShape::OptionalNullable if !three_state => (quote!(), option, Absent::Default),
        FieldShape::OptionalNullable => {
            let with = format!("{rt}::codec::absent_or_null::serialize");
            (
                quote!(#[serde(skip_serializing_if = "::std::option::Option::is_none", serialize_with = #with)]),
                quote!(::std::option::Option<#option>),
                Absent::Option,
            )
        }
        FieldShape::DefaultVec => (quote!(), ty, Absent::Default),
    };
    FieldCode {
        decl: quote! {
            #docs
            #rename
            #attr
            pub #name: #decl_ty,
        },
        name,
        wire: f.wire.clone(),
        absent,
    }
}

/// `Deserialize` for a struct, written out instead of derived: one slot per
/// field, a key turned into its field's number by the struct's own
/// non-generic `match` (through the runtime's shared `FieldIndex` visitor),
/// unknown fields skipped, a repeated field refused. It reads what the derive reads
/// from JSON objects with a fraction of the code to compile.
fn deserialize_struct(
    name: &proc_macro2::Ident,
    rust_name: &str,
    fields: &[FieldCode],
    target: &Target,
) -> TokenStream {
    let rt = target.rt();
    // Inside the visitor the struct goes by its full path, so that a spec
    // type named `Visitor` cannot be mistaken for the local one.
    let path = target.ty(&Ty::Named(rust_name.to_owned()));
    let expecting = format!("struct {rust_name}");
    let wires: Vec<&str> = fields.iter().map(|f| f.wire.as_str()).collect();
    let values = fields.iter().enumerate().map(|(i, f)| {
        let (n, wire, field) = (slot(i), &f.wire, &f.name);
        let value = match f.absent {
            Absent::Missing => quote!(#rt::codec::required(#n, #wire)?),
            Absent::Default => quote!(#n.unwrap_or_default()),
            Absent::Option => quote!(#n),
        };
        quote!(#field: #value,)
    });
    let (index, read) = read_fields(fields, target);
    quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(de: D) -> ::std::result::Result<Self, D::Error> {
                const FIELDS: &[&str] = &[#(#wires),*];
                #index
                struct Visitor;
                impl<'de> ::serde::de::Visitor<'de> for Visitor {
                    type Value = #path;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(#expecting)
                    }
                    fn visit_map<A: ::serde::de::MapAccess<'de>>(self, mut map: A) -> ::std::result::Result<#path, A::Error> {
                        #read
                        ::std::result::Result::Ok(#path {
                            #(#values)*
                        })
                    }
                }
                de.deserialize_struct(#rust_name, FIELDS, Visitor)
            }
        }
    }
}

/// The local that holds field `i` while the map is read. Slots are
/// numbered, so no field name can shadow `map` or `key`.
fn slot(i: usize) -> proc_macro2::Ident {
    quote::format_ident!("f{i}")
}

/// The `index` function that numbers the keys, and the loop that reads every
/// entry of the map into the slots (skipping unknown keys).
fn read_fields(fields: &[FieldCode], target: &Target) -> (TokenStream, TokenStream) {
    let rt = target.rt();
    // An object with no fields: every key is skipped.
    if fields.is_empty() {
        let read = quote! {
            while map.next_key::<::serde::de::IgnoredAny>()?.is_some() {
                #rt::codec::skip(&mut map)?;
            }
        };
        return (quote!(), read);
    }
    let wires = fields.iter().map(|f| f.wire.as_str());
    let numbers = (0..fields.len()).map(proc_macro2::Literal::usize_unsuffixed);
    // Each slot's type is inferred from the field it fills.
    let slots = (0..fields.len()).map(|i| {
        let n = slot(i);
        quote!(let mut #n = ::std::option::Option::None;)
    });
    let arms = fields.iter().enumerate().map(|(i, f)| {
        let (n, wire) = (slot(i), &f.wire);
        let i = proc_macro2::Literal::usize_unsuffixed(i);
        quote!(#i => #rt::codec::field(&mut map, &mut #n, #wire)?,)
    });
    let index = quote! {
        fn index(key: &str) -> usize {
            match key {
                #(#wires => #numbers,)*
                _ => usize::MAX,
            }
        }
    };
    let read = quote! {
        #(#slots)*
        while let ::std::option::Option::Some(key) = map.next_key_seed(#rt::codec::FieldIndex(index))? {
            match key {
                #(#arms)*
                _ => #rt::codec::skip(&mut map)?,
            }
        }
    };
    (index, read)
}

fn string_enum(
    name: &proc_macro2::Ident,
    docs: &TokenStream,
    variants: &[crate::schema::EnumVariant],
    unknown: &str,
    target: &Target,
) -> TokenStream {
    let unknown = ident(unknown);
    let rt = target.rt();
    let vs: Vec<_> = variants.iter().map(|v| ident(&v.rust)).collect();
    let wires: Vec<&str> = variants.iter().map(|v| v.wire.as_str()).collect();
    let vdocs = variants.iter().map(|v| doc(&format!("`{}`", v.wire)));
    quote! {
        #docs
        ///
        /// Values this version of the client does not know are kept in
        #[doc = concat!(" [`", stringify!(#name), "::", stringify!(#unknown), "`] and written back unchanged.")]
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(#vdocs #vs,)*
            /// A value this version of the client does not know.
            #unknown(::std::string::String),
        }

        impl #name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#vs => #wires,)*
                    Self::#unknown(value) => value.as_str(),
                }
            }
        }

        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#wires => Self::#vs,)*
                    other => Self::#unknown(::std::borrow::ToOwned::to_owned(other)),
                }
            }
        }

        impl ::std::convert::From<::std::string::String> for #name {
            fn from(value: ::std::string::String) -> Self {
                match value.as_str() {
                    #(#wires => Self::#vs,)*
                    _ => Self::#unknown(value),
                }
            }
        }

        impl ::std::str::FromStr for #name {
            // Not `Self::Err`: a variant named `Err` would make it ambiguous.
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> ::std::result::Result<Self, ::std::convert::Infallible> {
                ::std::result::Result::Ok(Self::from(value))
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, ser: S) -> ::std::result::Result<S::Ok, S::Error> {
                ser.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(de: D) -> ::std::result::Result<Self, D::Error> {
                #rt::codec::string_enum(de)
            }
        }
    }
}

/// An untagged union: one variant per alternative, each converting from
/// its type, with `Display` when every alternative has it.
fn one_of(
    name: &proc_macro2::Ident,
    docs: &TokenStream,
    variants: &[(String, Ty)],
    model: &Model,
    target: &Target,
) -> TokenStream {
    let vs: Vec<_> = variants.iter().map(|(v, _)| ident(v)).collect();
    let tys: Vec<_> = variants.iter().map(|(_, t)| target.ty(t)).collect();
    let vdocs = variants.iter().map(|(v, t)| variant_doc(v, t, model));
    // An object alternative is boxed: alternatives differ much in size (a user, a team), and
    // an enum is as large as its largest variant.
    let boxed: Vec<bool> = variants
        .iter()
        .map(|(_, t)| match t {
            Ty::Named(n) => matches!(
                lookup(model, n).map(|def| &def.kind),
                Some(TypeKind::Struct { .. })
            ),
            _ => false,
        })
        .collect();
    let held = tys.iter().zip(&boxed).map(|(t, boxed)| {
        if *boxed {
            quote!(::std::boxed::Box<#t>)
        } else {
            quote!(#t)
        }
    });
    let wrap: Vec<TokenStream> = boxed
        .iter()
        .map(|boxed| {
            if *boxed {
                quote!(::std::boxed::Box::new(value))
            } else {
                quote!(value)
            }
        })
        .collect();
    let conversions = one_of_conversions(name, variants, model, target);
    let display = one_of_display(name, variants, model);
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(untagged)]
        pub enum #name {
            #(#vdocs #vs(#held),)*
        }

        #(
            impl ::std::convert::From<#tys> for #name {
                fn from(value: #tys) -> Self {
                    Self::#vs(#wrap)
                }
            }
        )*

        #conversions
        #display
    }
}

/// A named type of the model.
fn lookup<'m>(model: &'m Model, name: &str) -> Option<&'m TypeDef> {
    model.types.iter().find(|t| t.name == name)
}

/// Whether `ty` is an id newtype.
fn is_id(model: &Model, ty: &Ty) -> bool {
    matches!(ty, Ty::Named(n) if matches!(lookup(model, n).map(|d| &d.kind), Some(TypeKind::Id)))
}

/// The docs of a union's alternative: a documented named type says what it
/// is in its own words.
fn variant_doc(variant: &str, ty: &Ty, model: &Model) -> TokenStream {
    if is_id(model, ty) {
        return doc("The numeric id.");
    }
    let own = match ty {
        Ty::Named(n) => lookup(model, n)
            .map(|def| def.docs.as_str())
            .unwrap_or_default(),
        _ => "",
    };
    let first = own.split("\n\n").next().unwrap_or_default().trim();
    if first.is_empty() {
        doc(&format!("The `{variant}` alternative."))
    } else {
        doc(first)
    }
}

/// Conversions a union offers beyond one per alternative: from `&str` for a
/// string alternative, from a bare number for an id, and from the unboxed
/// value of a boxed alternative.
fn one_of_conversions(
    name: &proc_macro2::Ident,
    variants: &[(String, Ty)],
    model: &Model,
    target: &Target,
) -> TokenStream {
    let from_str = variants
        .iter()
        .find(|(_, t)| *t == Ty::String)
        .map(|(v, _)| {
            let v = ident(v);
            quote! {
                impl ::std::convert::From<&str> for #name {
                    fn from(value: &str) -> Self {
                        Self::#v(::std::borrow::ToOwned::to_owned(value))
                    }
                }
            }
        });
    // An id alternative takes a bare number too, as the union did before ids had types.
    let from_number = (!variants.iter().any(|(_, t)| *t == Ty::I64))
        .then(|| variants.iter().find(|(_, t)| is_id(model, t)))
        .flatten()
        .map(|(v, _)| {
            let v = ident(v);
            quote! {
                impl ::std::convert::From<i64> for #name {
                    fn from(value: i64) -> Self {
                        Self::#v(::std::convert::From::from(value))
                    }
                }
            }
        });
    // A boxed alternative (on a cycle of types) takes the value unboxed too.
    let from_unboxed = variants.iter().filter_map(|(v, t)| {
        let Ty::Boxed(inner) = t else { return None };
        let v = ident(v);
        let inner = target.ty(inner);
        Some(quote! {
            impl ::std::convert::From<#inner> for #name {
                fn from(value: #inner) -> Self {
                    Self::#v(::std::boxed::Box::new(value))
                }
            }
        })
    });
    quote! {
        #from_str
        #from_number
        #(#from_unboxed)*
    }
}

/// `Display` of a union whose alternatives all have it.
fn one_of_display(
    name: &proc_macro2::Ident,
    variants: &[(String, Ty)],
    model: &Model,
) -> Option<TokenStream> {
    let lookup = |n: &str| lookup(model, n);
    if !variants.iter().all(|(_, t)| t.displays(&lookup, 0)) {
        return None;
    }
    let vs = variants.iter().map(|(v, _)| ident(v));
    Some(quote! {
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    #(Self::#vs(value) => ::std::fmt::Display::fmt(value, f),)*
                }
            }
        }
    })
}

fn list_body(p: &Pagination, target: &Target) -> TokenStream {
    let rt = target.rt();
    let name = ident(&p.list_type);
    let item = target.ty(&p.item);
    let items = ident(&p.items_field);
    let total = match &p.total_count {
        Some((field, false)) => {
            let f = ident(field);
            quote!(::std::option::Option::Some(self.#f))
        }
        Some((field, true)) => {
            let f = ident(field);
            quote!(self.#f)
        }
        None => quote!(::std::option::Option::None),
    };
    quote! {
        impl #rt::ListBody for #name {
            type Item = #item;
            fn into_parts(self) -> (::std::option::Option<i64>, ::std::vec::Vec<#item>) {
                (#total, self.#items)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Target;
    use crate::schema::TypeKind;
    use std::collections::BTreeMap;
    use std::path::Path;

    /// What the emitted `impl`s of one type say: the arms of `as_str`
    /// (variant to value, as written) and whether its `Display` writes
    /// `self.as_str()`.
    #[derive(Default)]
    struct Printed {
        arms: BTreeMap<String, String>,
        display_writes_as_str: bool,
    }

    /// The name of the type an `impl` is for (the last segment of its path).
    fn impl_of(item: &syn::ItemImpl) -> Option<String> {
        match &*item.self_ty {
            syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
            _ => None,
        }
    }

    fn printed(files: &BTreeMap<String, String>) -> BTreeMap<String, Printed> {
        let mut out: BTreeMap<String, Printed> = BTreeMap::new();
        for (name, text) in files {
            let file = syn::parse_file(text).unwrap_or_else(|e| panic!("{name}: {e}"));
            for item in file.items {
                let syn::Item::Impl(item) = item else {
                    continue;
                };
                let Some(ty) = impl_of(&item) else { continue };
                let entry = out.entry(ty).or_default();
                let is_display = item.trait_.as_ref().is_some_and(|(_, path, _)| {
                    path.segments.last().is_some_and(|s| s.ident == "Display")
                });
                for member in &item.items {
                    let syn::ImplItem::Fn(f) = member else {
                        continue;
                    };
                    let body = quote::ToTokens::to_token_stream(&f.block).to_string();
                    if is_display && f.sig.ident == "fmt" {
                        entry.display_writes_as_str =
                            body.contains("f . write_str (self . as_str ())");
                    }
                    if !is_display && f.sig.ident == "as_str" {
                        entry.arms.extend(as_str_arms(&f.block));
                    }
                }
            }
        }
        out
    }

    /// `Self::Variant => "value"` arms of the `match` in an `as_str` body.
    fn as_str_arms(block: &syn::Block) -> Vec<(String, String)> {
        let Some(syn::Stmt::Expr(syn::Expr::Match(m), _)) = block.stmts.first() else {
            return Vec::new();
        };
        m.arms
            .iter()
            .filter_map(|arm| {
                let syn::Pat::Path(p) = &arm.pat else {
                    return None;
                };
                // A long arm is rendered as a block holding the value.
                let body = match &*arm.body {
                    syn::Expr::Block(b) => match b.block.stmts.as_slice() {
                        [syn::Stmt::Expr(e, None)] => e,
                        _ => return None,
                    },
                    other => other,
                };
                let syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) = body
                else {
                    return None;
                };
                let variant = p.path.segments.last()?.ident.to_string();
                Some((variant, s.value()))
            })
            .collect()
    }

    /// Every string enum of the project's spec and of the fixture specs
    /// prints its wire value: `Display` writes `as_str()`, whose arms give
    /// each known variant its value as written in the spec (and the
    /// catch-all the value it keeps).
    #[test]
    fn every_string_enum_displays_its_wire_value() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut specs = vec![root.join("spec/actions.yaml")];
        let fixtures = std::fs::read_dir(root.join("tests/fixtures")).expect("fixtures");
        let mut fixtures: Vec<_> = fixtures
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
            .collect();
        fixtures.sort();
        specs.extend(fixtures);
        let mut enums = 0;
        for spec in specs {
            let loaded = crate::load::read_file(&spec)
                .unwrap_or_else(|e| panic!("{}: {e:?}", spec.display()));
            let (model, generated) = crate::generate_model(&loaded, &Target::client_crate())
                .unwrap_or_else(|e| panic!("{}: {e}", spec.display()));
            let printed = printed(&generated.files);
            for t in &model.types {
                let TypeKind::Enum { variants, .. } = &t.kind else {
                    continue;
                };
                enums += 1;
                let at = format!("`{}` of {}", t.name, spec.display());
                let p = printed
                    .get(&t.name)
                    .unwrap_or_else(|| panic!("{at}: no impl"));
                assert!(
                    p.display_writes_as_str,
                    "{at}: `Display` does not write `as_str()`"
                );
                for v in variants {
                    assert_eq!(p.arms.get(&v.rust), Some(&v.wire), "{at}: `{}`", v.rust);
                }
            }
        }
        assert!(enums > 30, "only {enums} string enums seen");
    }
}
