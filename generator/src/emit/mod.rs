//! Step 3: the model to one `TokenStream` per output file.

mod crate_root;
mod examples;
mod features;
mod operations;
mod types;
mod webhooks;
mod wire;

pub use features::{area_feature, area_features};
pub use wire::emit_wire_tests;

use crate::model::Model;
use crate::schema::Ty;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::collections::{BTreeMap, BTreeSet};

/// The runtime crate the emitted code calls, as an absolute path.
pub const RUNTIME_CRATE: &str = "::gh_actions_runtime";

/// The runtime crate's package name and version, for the client's manifest.
pub const RUNTIME_PACKAGE: &str = "gh-actions-runtime";
/// See [`RUNTIME_PACKAGE`].
pub const RUNTIME_VERSION: &str = "0.1.0";

/// The client crate's feature that compiles the constructors from the
/// spec's named examples.
pub const EXAMPLES_FEATURE: &str = examples::FEATURE;

/// Where the emitted modules live and what they may assume.
#[derive(Debug, Clone)]
pub struct Target {
    /// Path of the module that holds `types` and the area modules (`crate`).
    pub root: String,
    /// Path of the runtime crate (`::gh_actions_runtime`).
    pub runtime: String,
    /// Emit a whole crate (`lib.rs` with the client accessors), or only a module tree (`mod.rs`).
    pub crate_root: bool,
    /// Types only request bodies use: they live in `types::requests`
    /// (filled in from the model by [`emit`]).
    requests: BTreeSet<String>,
}

impl Target {
    /// The client crate: types at `crate::types`, calling the runtime crate.
    pub fn client_crate() -> Self {
        Target {
            root: "crate".into(),
            runtime: RUNTIME_CRATE.into(),
            crate_root: true,
            requests: BTreeSet::new(),
        }
    }

    /// A module tree at `root` in a crate that depends on the runtime crate.
    pub fn module(root: &str) -> Self {
        Target {
            root: root.into(),
            runtime: RUNTIME_CRATE.into(),
            crate_root: false,
            requests: BTreeSet::new(),
        }
    }

    /// The target for a model: it knows which types live in `types::requests`.
    fn for_model(&self, model: &Model) -> Self {
        let requests = model
            .uses
            .iter()
            .filter(|(_, u)| u.request_only())
            .map(|(n, _)| n.clone())
            .collect();
        Target {
            requests,
            ..self.clone()
        }
    }

    /// Whether the named type lives in `types::requests`.
    pub(crate) fn is_request_type(&self, name: &str) -> bool {
        self.requests.contains(name)
    }

    pub(crate) fn root_path(&self) -> TokenStream {
        path_tokens(&self.root)
    }

    pub(crate) fn rt(&self) -> TokenStream {
        path_tokens(&self.runtime)
    }

    /// Tokens for a type.
    pub(crate) fn ty(&self, ty: &Ty) -> TokenStream {
        let root = self.root_path();
        let rt = self.rt();
        match ty {
            Ty::Bool => quote!(bool),
            Ty::I64 => quote!(i64),
            Ty::F64 => quote!(f64),
            Ty::String => quote!(::std::string::String),
            Ty::Timestamp => quote!(#rt::Timestamp),
            Ty::Json => quote!(::serde_json::Value),
            Ty::Bytes => quote!(#rt::bytes::Bytes),
            Ty::Map(inner) if **inner == Ty::Json => {
                quote!(::serde_json::Map<::std::string::String, ::serde_json::Value>)
            }
            Ty::Map(inner) => {
                let inner = self.ty(inner);
                quote!(::std::collections::BTreeMap<::std::string::String, #inner>)
            }
            Ty::Vec(inner) => {
                let inner = self.ty(inner);
                quote!(::std::vec::Vec<#inner>)
            }
            Ty::Boxed(inner) => {
                let inner = self.ty(inner);
                quote!(::std::boxed::Box<#inner>)
            }
            Ty::Nullable(inner) => {
                let inner = self.ty(inner);
                quote!(::std::option::Option<#inner>)
            }
            Ty::Named(n) if self.is_request_type(n) => {
                let module = ident(crate::names::REQUEST_TYPES_MODULE);
                let n = ident(n);
                quote!(#root::types::#module::#n)
            }
            Ty::Named(n) => {
                let n = ident(n);
                quote!(#root::types::#n)
            }
        }
    }
}

fn path_tokens(path: &str) -> TokenStream {
    let mut out = TokenStream::new();
    let (absolute, path) = match path.strip_prefix("::") {
        Some(rest) => (true, rest),
        None => (false, path),
    };
    for (i, seg) in path.split("::").enumerate() {
        if i > 0 || absolute {
            out.extend(quote!(::));
        }
        let seg = ident(seg);
        out.extend(quote!(#seg));
    }
    out
}

/// An identifier, raw when written `r#name`.
pub(crate) fn ident(name: &str) -> proc_macro2::Ident {
    match name.strip_prefix("r#") {
        Some(raw) => proc_macro2::Ident::new_raw(raw, proc_macro2::Span::call_site()),
        None => format_ident!("{}", name),
    }
}

/// `#[doc = ...]` attributes for a block of text, made safe for rustdoc:
/// bare URLs become links, stray `<`, `>` and `[`, `]` outside code are escaped.
pub(crate) fn doc(text: &str) -> TokenStream {
    doc_raw(&doc_text(text))
}

/// `#[doc = ...]` attributes for text the generator wrote itself (links kept).
pub(crate) fn doc_raw(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote!(#(#[doc = #lines])*)
}

/// `#![doc = ...]` attributes (module and crate docs) for text already made safe.
pub(crate) fn inner_doc(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote!(#(#![doc = #lines])*)
}

/// One doc attribute value per line, each after the space rustdoc expects.
fn doc_lines(text: &str) -> Vec<String> {
    text.trim()
        .lines()
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!(" {l}")
            }
        })
        .collect()
}

pub(crate) fn doc_text(text: &str) -> String {
    let mut out = String::new();
    for (n, line) in text.trim().lines().enumerate() {
        if n > 0 {
            out.push('\n');
        }
        let mut in_code = false;
        let mut rest = line.trim_end();
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix('`') {
                in_code = !in_code;
                out.push('`');
                rest = after;
                continue;
            }
            if let Some(url_len) = url_at(rest).filter(|_| !in_code) {
                out.push('<');
                out.push_str(&rest[..url_len]);
                out.push('>');
                rest = &rest[url_len..];
                continue;
            }
            let Some(c) = rest.chars().next() else { break };
            match c {
                '<' if !in_code => out.push_str("&lt;"),
                '>' if !in_code => out.push_str("&gt;"),
                '[' | ']' if !in_code => {
                    out.push('\\');
                    out.push(c);
                }
                _ => out.push(c),
            }
            rest = &rest[c.len_utf8()..];
        }
        if in_code {
            out.push('`');
        }
    }
    out
}

fn url_at(s: &str) -> Option<usize> {
    if !(s.starts_with("https://") || s.starts_with("http://")) {
        return None;
    }
    let end = s
        .find(|c: char| {
            c.is_whitespace() || c == ')' || c == '"' || c == '`' || c == '<' || c == '>'
        })
        .unwrap_or(s.len());
    let trimmed = s[..end].trim_end_matches(['.', ',', ';', ':']);
    Some(trimmed.len())
}

/// One output file to make: its path, a rough count of the lines it holds
/// (the largest are started first), and the code that makes its tokens.
pub(crate) struct Job<'a> {
    rel: String,
    weight: usize,
    make: Box<dyn Fn() -> TokenStream + Sync + 'a>,
}

impl<'a> Job<'a> {
    pub(crate) fn new(
        rel: String,
        weight: usize,
        make: impl Fn() -> TokenStream + Sync + 'a,
    ) -> Self {
        Job {
            rel,
            weight,
            make: Box::new(make),
        }
    }
}

/// Every file of the target, as jobs.
fn jobs<'a>(model: &'a Model, target: &'a Target) -> Vec<Job<'a>> {
    let mut jobs = types::jobs(model, target);
    for area in &model.areas {
        let operations = model.operations.iter().filter(|o| o.area == area.module);
        jobs.push(Job::new(
            format!("{}.rs", area.module),
            130 * operations.count(),
            move || operations::emit_area(model, area, target),
        ));
    }
    let root_file = if target.crate_root {
        "lib.rs"
    } else {
        "mod.rs"
    };
    jobs.push(Job::new(root_file.to_owned(), 300, move || {
        crate_root::emit(model, target)
    }));
    if target.crate_root && !model.webhooks.is_empty() {
        jobs.push(Job::new("webhooks.rs".to_owned(), 200, move || {
            webhooks::emit(model, target)
        }));
    }
    jobs
}

/// Emits every file of the target: relative path -> tokens.
pub fn emit(model: &Model, target: &Target) -> BTreeMap<String, TokenStream> {
    let target = &target.for_model(model);
    jobs(model, target)
        .into_iter()
        .map(|job| (job.rel, (job.make)()))
        .collect()
}

/// Emits and renders every file, as [`emit`] and [`crate::render::rust_file`]
/// do one after the other, on as many threads as there are cores: each
/// thread takes the next file not yet taken (the largest first), emits it
/// and renders it (token streams cannot cross threads). The same text,
/// sooner.
pub fn emit_rendered(
    model: &Model,
    target: &Target,
) -> Result<BTreeMap<String, String>, crate::render::RenderError> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let target = &target.for_model(model);
    let mut jobs = jobs(model, target);
    jobs.sort_by(|a, b| b.weight.cmp(&a.weight).then_with(|| a.rel.cmp(&b.rel)));
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        while let Some(job) = jobs.get(next.fetch_add(1, Ordering::Relaxed)) {
            let text = crate::render::rust_file(&job.rel, (job.make)());
            done.push((job.rel.clone(), text));
        }
        done
    };
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(jobs.len());
    let mut done = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        let mut done = work();
        for helper in helpers {
            let theirs = helper
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            done.extend(theirs);
        }
        done
    });
    // The first file (by path) that failed names the error, whichever thread made it.
    done.sort_by(|a, b| a.0.cmp(&b.0));
    done.into_iter()
        .map(|(rel, text)| text.map(|text| (rel, text)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{Target, doc_text};
    use crate::names::{RESERVED_MODULES, RESERVED_TYPES};

    #[test]
    fn doc_text_escapes_html_and_links_urls() {
        assert_eq!(
            doc_text("See https://docs.github.com/x. Use <TOKEN> and [id] but `a<b>[c]`"),
            "See <https://docs.github.com/x>. Use &lt;TOKEN&gt; and \\[id\\] but `a<b>[c]`"
        );
    }

    /// The names a `use` item brings in (globs bring none by name).
    fn use_names(tree: &syn::UseTree, out: &mut Vec<String>) {
        match tree {
            syn::UseTree::Path(p) => use_names(&p.tree, out),
            syn::UseTree::Name(n) => out.push(n.ident.to_string()),
            syn::UseTree::Rename(r) => out.push(r.rename.to_string()),
            syn::UseTree::Glob(_) => {}
            syn::UseTree::Group(g) => g.items.iter().for_each(|t| use_names(t, out)),
        }
    }

    fn parse(files: &std::collections::BTreeMap<String, String>, name: &str) -> syn::File {
        let text = files.get(name).unwrap_or_else(|| panic!("no {name}"));
        syn::parse_file(text).unwrap_or_else(|e| panic!("{name}: {e}"))
    }

    /// A schema may not take a name the crate root or `types` already
    /// declares, nor an area the name of a root module: `names` must
    /// reserve every one of them.
    #[test]
    fn every_name_the_root_and_types_declare_is_reserved() {
        let spec = r##"
openapi: 3.0.3
info: {title: t, version: "1"}
tags: [{name: runs}]
paths:
  /runs:
    get:
      operationId: runs/list
      tags: [runs]
      x-github-products: [github.com]
      responses: {"204": {description: done}}
"##;
        let generated = crate::generate_str("t.yaml", spec, &Target::client_crate())
            .unwrap_or_else(|e| panic!("{e}"));
        let mut modules = Vec::new();
        let mut types = Vec::new();
        for item in parse(&generated.files, "lib.rs").items {
            match item {
                syn::Item::Mod(m) => {
                    modules.push(m.ident.to_string());
                    for inner in m.content.map(|(_, items)| items).unwrap_or_default() {
                        if let syn::Item::Use(u) = inner {
                            use_names(&u.tree, &mut types);
                        }
                    }
                }
                syn::Item::Use(u) => use_names(&u.tree, &mut types),
                syn::Item::Type(t) => types.push(t.ident.to_string()),
                syn::Item::Struct(s) => types.push(s.ident.to_string()),
                _ => {}
            }
        }
        for item in parse(&generated.files, "types/mod.rs").items {
            match item {
                syn::Item::Use(u) => use_names(&u.tree, &mut types),
                // Beside the area modules, `types` declares only reserved ones.
                syn::Item::Mod(m) if m.ident != "runs" => {
                    let m = m.ident.to_string();
                    assert!(
                        m == crate::names::SHARED_TYPES_MODULE
                            || RESERVED_MODULES.contains(&m.as_str()),
                        "module `types::{m}` is not reserved"
                    );
                }
                _ => {}
            }
        }
        let areas = ["runs"];
        for m in modules.iter().filter(|m| !areas.contains(&m.as_str())) {
            assert!(
                RESERVED_MODULES.contains(&m.as_str()),
                "module `{m}` is not reserved"
            );
        }
        assert!(types.len() > 10, "{types:?}");
        for t in &types {
            // A lower-case name the root re-exports is a crate (`reqwest`): a module name.
            if t.starts_with(|c: char| c.is_ascii_lowercase()) {
                assert!(
                    RESERVED_MODULES.contains(&t.as_str()),
                    "module `{t}` is not reserved"
                );
                continue;
            }
            assert!(
                RESERVED_TYPES.contains(&t.as_str()),
                "type `{t}` is not reserved"
            );
        }
    }
}
