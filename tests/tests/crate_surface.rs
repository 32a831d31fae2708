//! What the generated crate shows its users beyond types and calls: runtime
//! names that match the generator's tables, and docs found by GitHub's names.

use generator::product::Product as SpecProduct;
use gh_actions_runtime::Product;
use gh_actions_tests::e2e_support::spec_operation_ids;
use std::path::Path;

/// The generator names runtime variants by its product table, and users read
/// the runtime's names in errors and docs: both must list the same products.
#[test]
fn the_generators_product_table_matches_the_runtimes_product_enum() {
    assert_eq!(SpecProduct::ALL.len(), Product::ALL.len());
    for (spec, runtime) in SpecProduct::ALL.iter().zip(Product::ALL) {
        assert_eq!(spec.runtime_variant(), format!("{runtime:?}"), "{spec:?}");
        assert_eq!(spec.display_name(), runtime.to_string(), "{spec:?}");
    }
}

/// The generated source of the client crate's modules (`types/` too), concatenated.
fn generated_source() -> String {
    fn read(dir: &Path, text: &mut String) {
        let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        let mut paths: Vec<_> = entries.map(|e| e.expect("entry").path()).collect();
        paths.sort();
        for path in paths {
            if path.is_dir() {
                read(&path, text);
            } else if path.extension().is_some_and(|e| e == "rs") {
                text.push_str(&std::fs::read_to_string(&path).expect("source"));
            }
        }
    }
    let mut text = String::new();
    read(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated/src"),
        &mut text,
    );
    text
}

/// Every link in the generated docs points somewhere: a link's target is a
/// path rustdoc resolves (and `cargo doc -D warnings` checks), a URL, or a
/// plain anchor. An anchor with a path in it (`#rt::Meta`) is text the
/// emitter meant to fill in and did not; rustdoc takes it as an anchor that
/// is not there, without a warning.
#[test]
fn no_doc_link_points_at_an_unfilled_anchor() {
    let source = generated_source();
    let mut links = 0;
    let mut broken = Vec::new();
    for (n, line) in source.lines().enumerate() {
        let doc = line.trim_start();
        if !(doc.starts_with("///") || doc.starts_with("//!") || doc.starts_with("#[doc")) {
            continue;
        }
        for (at, _) in doc.match_indices("](") {
            links += 1;
            let target = &doc[at + 2..];
            let target = &target[..target.find(')').unwrap_or(target.len())];
            if target.starts_with('#')
                && !target[1..]
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            {
                broken.push(format!("line {} of the concatenated source: {doc}", n + 1));
            }
        }
    }
    assert!(
        links > 100,
        "only {links} doc links found: is the source read?"
    );
    assert!(
        broken.is_empty(),
        "{} broken doc link(s):\n{}",
        broken.len(),
        broken.join("\n")
    );
}

/// rustdoc's search finds a method by an alias: each operation's method
/// carries its operationId, the id's short form and `METHOD /path`.
#[test]
fn every_operation_method_is_found_by_its_operation_id_and_endpoint() {
    // The formatter may wrap a long attribute: compare with whitespace collapsed.
    let source = generated_source()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let ids = spec_operation_ids();
    assert!(!ids.is_empty(), "the spec lists no operation");
    for id in &ids {
        let full = format!("alias = \"{id}\"");
        let short = id.rsplit('/').next().unwrap_or(id);
        let short = format!("alias = \"{short}\"");
        let at = source
            .find(&full)
            .unwrap_or_else(|| panic!("no alias for {id}"));
        let after = &source[at..];
        let method_at = after
            .find("pub fn")
            .unwrap_or_else(|| panic!("{id}: no method"));
        let attrs = &after[..method_at];
        assert!(attrs.contains(&short), "{id}: no short alias in {attrs}");
        let endpoint = ["GET", "POST", "PUT", "PATCH", "DELETE"]
            .iter()
            .any(|m| attrs.contains(&format!("alias = \"{m} /")));
        assert!(endpoint, "{id}: no endpoint alias in {attrs}");
    }
}

/// The client's manifest depends on the runtime by the name and version the
/// runtime's own manifest gives.
#[test]
fn the_client_manifest_names_the_runtime_as_the_runtime_names_itself() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../generator/runtime/Cargo.toml");
    let manifest =
        std::fs::read_to_string(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let package = manifest
        .split("\n[")
        .find(|section| section.starts_with("[package]"))
        .expect("a [package] section");
    let value = |key: &str| {
        package
            .lines()
            .find_map(|line| {
                let (k, v) = line.split_once('=')?;
                (k.trim() == key).then(|| v.trim().trim_matches('"').to_owned())
            })
            .unwrap_or_else(|| panic!("no `{key}` in [package]"))
    };
    assert_eq!(value("name"), generator::emit::RUNTIME_PACKAGE);
    assert_eq!(value("version"), generator::emit::RUNTIME_VERSION);
    assert_eq!(
        generator::emit::RUNTIME_CRATE,
        format!("::{}", generator::emit::RUNTIME_PACKAGE.replace('-', "_"))
    );
}

/// README.md's tour of the client is the code of `tests/examples/readme_tour.rs`
/// (which CI compiles), line for line.
#[test]
fn the_readme_tour_is_the_code_of_an_example_that_compiles() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README.md");
    let block: Vec<&str> = readme
        .lines()
        .skip_while(|l| *l != "```rust")
        .skip(1)
        .take_while(|l| *l != "```")
        .collect();
    assert!(block.len() > 10, "no ```rust block in README.md");
    let example = std::fs::read_to_string(root.join("tests/examples/readme_tour.rs"))
        .expect("tests/examples/readme_tour.rs");
    let compiled: Vec<&str> = example
        .lines()
        .skip_while(|l| l.trim() != "// README: begin")
        .skip(1)
        .take_while(|l| l.trim() != "// README: end")
        .map(|l| l.strip_prefix("    ").unwrap_or(l))
        .collect();
    assert_eq!(
        block, compiled,
        "README.md's ```rust block and tests/examples/readme_tour.rs differ"
    );
}

/// Each area of the spec is a cargo feature of the client, on by default, and
/// gates the area's module, its accessor on `Client` and its own types: a user
/// who needs one area compiles that one (CI checks the crate with no area and
/// with one alone).
#[test]
fn every_area_is_a_default_feature_that_gates_its_module_accessor_and_types() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated");
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).expect("the manifest");
    let lib = std::fs::read_to_string(root.join("src/lib.rs")).expect("lib.rs");
    let types = std::fs::read_to_string(root.join("src/types/mod.rs")).expect("types/mod.rs");
    let tags: Vec<String> = gh_actions_tests::spec_support::Spec::load_project()
        .unwrap_or_else(|e| panic!("{e}"))
        .api
        .tags
        .iter()
        .map(|t| t.name.clone())
        .collect();
    assert!(tags.len() >= 13, "{tags:?}");
    let default = manifest
        .lines()
        .find(|l| l.starts_with("default = ["))
        .expect("a default feature list");
    for tag in &tags {
        let module = tag.replace('-', "_");
        let gate = format!("#[cfg(feature = \"{tag}\")]");
        assert!(
            default.contains(&format!("\"{tag}\"")),
            "{tag} is not on by default"
        );
        assert!(
            manifest.contains(&format!("\n{tag} = []\n")),
            "no feature {tag}"
        );
        assert!(
            lib.contains(&format!(
                "{gate}\n#[cfg_attr(docsrs, doc(cfg(feature = \"{tag}\")))]\npub mod {module};"
            )),
            "module {module} is not gated by its feature"
        );
        assert!(
            lib.contains(&format!("Needs the `{tag}` feature")),
            "the accessor of {module} does not say its feature"
        );
        assert!(
            types.contains(&format!(
                "{gate}\n#[cfg_attr(docsrs, doc(cfg(feature = \"{tag}\")))]\nmod {module};"
            )) || !root.join(format!("src/types/{module}.rs")).exists(),
            "the types of {module} are not gated by its feature"
        );
    }
}
