//! What rustdoc shows of the client crate, read from the sources rather than
//! from built docs: every public method of the runtime's client and builder
//! is a method of the crate's own `Client` and `ClientBuilder` (so its page
//! and rustdoc's search show it, whatever crate defines it), the runtime's
//! types are re-exported inline, feature-gated items say which feature they
//! need, and no doc link points into the runtime, whose pages a
//! `cargo doc -p gh-actions --no-deps` does not build.
//!
//! Built docs are not read here (building them is slow, and a stale
//! `target/doc` would answer for old sources). By hand: `cargo doc -p
//! gh-actions --no-deps --all-features` into an empty target directory, then
//! each name is in `target/doc/search.index/name/*.js`, written after a
//! one-character length (`grequest`, ``` `app_installation ``).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The generated crate root.
fn generated_lib() -> String {
    read(&root().join("generated/src/lib.rs"))
}

/// Every `.rs` file under `dir`, with its path, in path order.
fn sources(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        for entry in entries {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = read(&path);
                files.push((path, text));
            }
        }
    }
    files.sort();
    files
}

/// The public methods, not `#[doc(hidden)]`, of the inherent impls of
/// `type_name` in `text`: impls open at the start of a line (`impl Client {`,
/// `impl<C: From<Client>> ClientBuilder<C> {`) and their methods are indented
/// by four spaces, as rustfmt and prettyplease lay them out.
fn public_methods(text: &str, type_name: &str) -> BTreeSet<String> {
    let mut methods = BTreeSet::new();
    let mut in_impl = false;
    let mut hidden = false;
    for line in text.lines() {
        if line.starts_with("impl") {
            let header = line.trim_end_matches('{').trim();
            let self_type = header
                .rsplit(' ')
                .next()
                .unwrap_or_default()
                .split('<')
                .next()
                .unwrap_or_default();
            in_impl = !header.contains(" for ") && self_type == type_name;
            hidden = false;
            continue;
        }
        if !line.starts_with(' ') && !line.is_empty() {
            in_impl = in_impl && !line.starts_with('}');
        }
        if !in_impl {
            continue;
        }
        let Some(item) = line.strip_prefix("    ") else {
            continue;
        };
        if item.starts_with(' ') || item.starts_with("///") || item.starts_with("//") {
            continue;
        }
        if item.starts_with("#[") {
            hidden |= item.starts_with("#[doc(hidden)]");
            continue;
        }
        let signature = item
            .strip_prefix("pub async fn ")
            .or_else(|| item.strip_prefix("pub fn "));
        if let Some(signature) = signature
            && !hidden
        {
            let name: String = signature
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            methods.insert(name);
        }
        hidden = false;
    }
    methods
}

/// The runtime's public methods of `type_name` that the client crate can
/// reach: from every file that has an impl of it, except the modules behind
/// a runtime feature none of the client's features turns on.
fn runtime_methods(type_name: &str) -> BTreeSet<String> {
    let src = root().join("generator/runtime/src");
    let reachable = client_runtime_features();
    let files = sources(&src);
    let unreachable: Vec<PathBuf> = files
        .iter()
        .flat_map(|(path, text)| gated_modules(path, text))
        .filter(|(_, feature)| !reachable.contains(feature))
        .map(|(module, _)| module)
        .collect();
    files
        .iter()
        .filter(|(path, _)| {
            !unreachable
                .iter()
                .any(|module| path.starts_with(module) || *path == module.with_extension("rs"))
        })
        .flat_map(|(_, text)| public_methods(text, type_name))
        .collect()
}

/// The modules a file declares behind a feature (`#[cfg(feature = "x")]`
/// on the line above `mod name;`), as the module's path without `.rs`
/// (its directory, or its file with the extension added back).
fn gated_modules(path: &Path, text: &str) -> Vec<(PathBuf, String)> {
    let dir = path.parent().expect("a file has a directory");
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let mut gated = Vec::new();
    for pair in lines.windows(2) {
        let feature = pair[0]
            .strip_prefix("#[cfg(feature = \"")
            .and_then(|rest| rest.strip_suffix("\")]"));
        let module = pair[1]
            .strip_suffix(';')
            .and_then(|item| item.rsplit_once("mod "))
            .map(|(_, name)| name);
        if let (Some(feature), Some(module)) = (feature, module) {
            gated.push((dir.join(module), feature.to_owned()));
        }
    }
    gated
}

/// The runtime features some feature of the client's manifest turns on
/// (`app-auth = ["gh-actions-runtime/app-auth"]`).
fn client_runtime_features() -> BTreeSet<String> {
    read(&root().join("generated/Cargo.toml"))
        .split("\"gh-actions-runtime/")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_method_scan_sees_public_methods_and_skips_hidden_ones_and_trait_impls() {
    let text = "impl Client {\n    /// Docs.\n    pub fn shown(&self) {}\n\n    #[doc(hidden)]\n    \
                pub async fn hidden(&self) {}\n    #[inline]\n    pub async fn awaited(&self) {}\n    \
                fn private(&self) {}\n}\n\nimpl fmt::Debug for Client {\n    pub fn fmt(&self) {}\n}\n\n\
                impl<C: From<Client>> ClientBuilder<C> {\n    pub fn token(self) -> Self {}\n}\n";
    let names = |set: BTreeSet<String>| set.into_iter().collect::<Vec<_>>();
    assert_eq!(names(public_methods(text, "Client")), ["awaited", "shown"]);
    assert_eq!(names(public_methods(text, "ClientBuilder")), ["token"]);
    let modules = "pub(crate) mod open;\n#[cfg(feature = \"extra\")]\npub mod gated;\n";
    assert_eq!(
        gated_modules(Path::new("src/features/mod.rs"), modules),
        [(PathBuf::from("src/features/gated"), "extra".to_owned())]
    );
    assert!(client_runtime_features().contains("app-auth"));
}

/// A method the runtime's `Client` or `ClientBuilder` has and the crate's
/// lacks would be reachable (the crate's client dereferences to the
/// runtime's) but on no page of the crate and in no search: the crate's
/// types carry each one (`generator/src/emit/crate_root.rs`, `client` and
/// `client_builder`).
#[test]
fn every_public_method_of_the_runtimes_client_and_builder_is_the_crates_own() {
    let lib = generated_lib();
    for type_name in ["Client", "ClientBuilder"] {
        let runtime = runtime_methods(type_name);
        let generated = public_methods(&lib, type_name);
        let seen = match type_name {
            "Client" => ["base_url", "request", "download"],
            _ => ["http_client", "app_installation", "token"],
        };
        for expected in seen {
            assert!(
                runtime.contains(expected),
                "the scan of the runtime's {type_name} missed `{expected}`: {runtime:?}"
            );
        }
        let missing: Vec<_> = runtime.difference(&generated).collect();
        assert!(
            missing.is_empty(),
            "gh_actions::{type_name} lacks the runtime's {missing:?}: add each to `{}` in \
             generator/src/emit/crate_root.rs and run `cargo xtask codegen`",
            if type_name == "Client" {
                "client"
            } else {
                "client_builder"
            },
        );
    }
    let builder = public_methods(&lib, "ClientBuilder");
    for name in [
        "app_installation",
        "http_client",
        "base_url",
        "from_env",
        "build",
    ] {
        assert!(
            builder.contains(name),
            "gh_actions::ClientBuilder has no `{name}`"
        );
    }
    let client = public_methods(&lib, "Client");
    for name in [
        "request",
        "download",
        "base_url",
        "detect_product",
        "product_source",
    ] {
        assert!(client.contains(name), "gh_actions::Client has no `{name}`");
    }
}

/// A type alias of the runtime's builder shows no methods on its page (they
/// are the runtime's, loaded by script at best) and none in the search.
#[test]
fn the_client_builder_is_a_struct_of_the_crate_not_an_alias() {
    let lib = generated_lib();
    assert!(
        lib.contains("pub struct ClientBuilder {"),
        "no `pub struct ClientBuilder` in generated/src/lib.rs"
    );
    assert!(
        !lib.contains("pub type ClientBuilder"),
        "ClientBuilder is a type alias again"
    );
}

/// Each runtime type the crate re-exports is inlined, so its page and its
/// methods' search entries are the crate's; `reqwest`, a crate, is the one
/// re-export rustdoc cannot inline.
#[test]
fn runtime_types_are_re_exported_inline() {
    let lib = generated_lib();
    let lines: Vec<&str> = lib.lines().map(str::trim).collect();
    let mut re_exports = 0;
    for (at, line) in lines.iter().enumerate() {
        if !line.starts_with("pub use ::gh_actions_runtime::") {
            continue;
        }
        re_exports += 1;
        if *line == "pub use ::gh_actions_runtime::reqwest;" {
            continue;
        }
        let attrs: Vec<&str> = lines[..at]
            .iter()
            .rev()
            .take_while(|l| l.starts_with("#[") || l.starts_with("///"))
            .copied()
            .collect();
        assert!(
            attrs.contains(&"#[doc(inline)]"),
            "`{line}` is not `#[doc(inline)]`"
        );
    }
    assert!(
        re_exports >= 10,
        "only {re_exports} runtime re-exports found"
    );
    assert!(
        lib.contains("pub use ::gh_actions_runtime::reqwest;"),
        "gh_actions::reqwest is not the runtime's reqwest"
    );
    let runtime_lib = read(&root().join("generator/runtime/src/lib.rs"));
    assert!(
        runtime_lib.lines().any(|l| l.trim() == "pub use reqwest;"),
        "the runtime does not re-export the reqwest its builder takes"
    );
}

/// Every item of the crate root that a feature gates says so on docs.rs
/// (`doc(cfg)` under `--cfg docsrs`), with the same condition.
#[test]
fn feature_gated_items_say_which_feature_they_need() {
    let lib = generated_lib();
    let lines: Vec<&str> = lib.lines().map(str::trim).collect();
    let mut gated = 0;
    for (at, line) in lines.iter().enumerate() {
        let Some(condition) = line
            .strip_prefix("#[cfg(")
            .and_then(|rest| rest.strip_suffix(")]"))
        else {
            continue;
        };
        if !condition.contains("feature") {
            continue;
        }
        gated += 1;
        let shown = format!("#[cfg_attr(docsrs, doc(cfg({condition})))]");
        assert!(
            lines[at + 1..]
                .iter()
                .take_while(|l| l.starts_with("#["))
                .any(|l| *l == shown),
            "line {} of generated/src/lib.rs, `{line}`, has no `{shown}`",
            at + 1
        );
    }
    assert!(gated > 13, "only {gated} gated items found");
    assert!(
        lib.contains("#![cfg_attr(docsrs, feature(doc_cfg))]"),
        "the crate root does not enable doc_cfg under docsrs"
    );
    assert!(
        lines
            .windows(2)
            .any(|w| w[0] == "#[cfg(feature = \"app-auth\")]"
                && w[1].contains("doc(cfg(feature = \"app-auth\"))")),
        "the app-auth items are not marked"
    );
}

/// The `example()` constructors live in a private module behind the
/// `examples` feature, whose `cfg` rustdoc does not show on them: each impl
/// says it needs the feature.
#[test]
fn example_constructors_say_they_need_the_examples_feature() {
    let text = read(&root().join("generated/src/types/examples.rs"));
    let impls = text.lines().filter(|l| l.starts_with("impl ")).count();
    let marked = text
        .matches("#[cfg_attr(docsrs, doc(cfg(feature = \"examples\")))]")
        .count();
    assert!(impls > 10, "only {impls} impls in types/examples.rs");
    assert_eq!(marked, impls, "impls of types/examples.rs without doc(cfg)");
}

/// The runtime's items the crate re-exports (and inlines), by name.
fn re_exported_names(lib: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for (at, _) in lib.match_indices("pub use ::gh_actions_runtime::") {
        let rest = &lib[at..];
        let statement = &rest[..rest.find(';').unwrap_or(rest.len())];
        let list = statement
            .rsplit_once('{')
            .map_or(statement, |(_, list)| list.trim_end_matches('}'));
        for path in list.split(',') {
            let name = path.trim().rsplit("::").next().unwrap_or_default();
            if !name.is_empty() {
                names.insert(name.to_owned());
            }
        }
    }
    names
}

/// With `cargo doc -p gh-actions --no-deps` the runtime's pages are not
/// built: a link to a runtime item the crate does not re-export (its
/// `Client`, its `ClientBuilder`) renders as a dead link or as text, while
/// one to a re-exported item leads to the crate's own page of it.
#[test]
fn no_doc_link_of_the_crate_points_at_a_runtime_page_it_does_not_build() {
    let lib = generated_lib();
    let shown = re_exported_names(&lib);
    for name in [
        "Meta",
        "DownloadUrl",
        "Product",
        "AppCredentials",
        "RawRequest",
    ] {
        assert!(
            shown.contains(name),
            "the re-export scan missed {name}: {shown:?}"
        );
    }
    let mut dead = Vec::new();
    for (path, text) in sources(&root().join("generated/src")) {
        for (n, line) in text.lines().enumerate() {
            let doc = line.trim_start();
            if !(doc.starts_with("///") || doc.starts_with("//!") || doc.starts_with("#[doc")) {
                continue;
            }
            for (at, _) in doc.match_indices("](gh_actions_runtime::") {
                let target = &doc[at + "](gh_actions_runtime::".len()..];
                let item: String = target
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !shown.contains(&item) {
                    dead.push(format!("{}:{}: {doc}", path.display(), n + 1));
                }
            }
        }
    }
    assert!(
        dead.is_empty(),
        "links to runtime pages the crate's docs do not have:\n{}",
        dead.join("\n")
    );
}
