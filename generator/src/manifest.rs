//! The client crate's `Cargo.toml`, written from the model: what the
//! generated code depends on, and the features it has.

use crate::emit::{RUNTIME_PACKAGE, RUNTIME_VERSION};
use crate::model::Model;
use crate::product::Product;
use crate::render::HEADER;
use std::path::{Component, Path};

/// The client crate's package name; its library is `gh_actions`.
pub const PACKAGE: &str = "gh-actions";

/// The client crate's version.
pub const VERSION: &str = "0.1.0";

/// The client crate's `README.md`; `{package}`, `{title}`, `{operations}` and
/// `{products}` are filled in.
const README: &str = include_str!("../crate/docs/readme.md");

/// The manifest of the client crate (with the header line of every
/// generated file), whose directory is `out`; `runtime`
/// is the runtime crate's directory, depended on by a path relative to
/// `out` (the same root gives `../generator/runtime`).
pub fn client_crate(model: &Model, out: &Path, runtime: &Path) -> String {
    let runtime_path = relative(out, runtime);
    let library = PACKAGE.replace('-', "_");
    let description = toml_string(&format!(
        "A typed client for the {} on {}.",
        model.title.trim().trim_end_matches('.'),
        products(model)
    ));
    let mut text = format!(
        r#"# {HEADER}
[package]
name = "{PACKAGE}"
version = "{VERSION}"
edition = "2024"
rust-version = "1.85"
publish = false
license = "MIT OR Apache-2.0"
description = {description}
readme = "README.md"
keywords = ["github", "github-actions", "api", "client", "rest"]
categories = ["api-bindings", "web-programming::http-client"]

[lib]
name = "{library}"
path = "src/lib.rs"

[dependencies]
# The runtime the generated operations call: HTTP, errors, rate limits,
# pagination, downloads, encoding, sealing.
{RUNTIME_PACKAGE} = {{ path = {runtime_path}, version = "{RUNTIME_VERSION}" }}
# Derives of the generated types.
serde = {{ version = "1", features = ["derive"] }}
# Free-form JSON fields (`serde_json::Value`, `serde_json::Map`).
serde_json = "1"

[features]
# One feature per API area, all on by default: with `default-features = false`
# and only the areas you use, the crate compiles those areas, their types and
# the shared ones.
default = [{defaults}]
{areas}
# GitHub App installation tokens (`ClientBuilder::app_installation`).
app-auth = ["{RUNTIME_PACKAGE}/app-auth"]
{webhooks}"#,
        runtime_path = toml_string(&runtime_path),
        webhooks = if model.webhooks.is_empty() {
            String::new()
        } else {
            format!(
                "# Typed webhook events from verified deliveries (`webhooks::receive`).\n\
                 {} = [\"{RUNTIME_PACKAGE}/webhooks\"]\n",
                crate::names::WEBHOOKS_MODULE
            )
        },
        defaults = crate::emit::area_features(model)
            .iter()
            .map(|f| toml_string(f))
            .collect::<Vec<_>>()
            .join(", "),
        areas = model
            .areas
            .iter()
            .map(|a| format!(
                "# {}\n{} = []\n",
                a.description.trim(),
                crate::emit::area_feature(&a.module)
            ))
            .collect::<String>(),
    );
    if let Some(name) = model.examples.keys().next() {
        text.push_str(&format!(
            "# Constructors from the spec's named examples (`types::{name}::example()`),\n\
             # for tests and mock servers.\n\
             {} = []\n",
            crate::emit::EXAMPLES_FEATURE
        ));
    }
    text.push_str(
        "\n# docs.rs builds every feature and marks what each item needs.\n\
         [package.metadata.docs.rs]\nall-features = true\nrustdoc-args = [\"--cfg\", \"docsrs\"]\n",
    );
    text.push_str("\n[lints.rust]\nunsafe_code = \"forbid\"\n");
    text
}

/// The client crate's `README.md` (what crates.io shows), with the header
/// line of every generated file as an HTML comment, which Markdown hides.
pub fn client_readme(model: &Model) -> String {
    let text = README
        .replace("{package}", PACKAGE)
        .replace("{title}", model.title.trim().trim_end_matches('.'))
        .replace("{operations}", &model.operations.len().to_string())
        .replace("{products}", &products(model));
    format!("<!-- {HEADER} -->\n{text}")
}

/// The products any operation has, as users read them: `a, b and c`.
fn products(model: &Model) -> String {
    let names: Vec<&str> = Product::ALL
        .iter()
        .filter(|p| model.operations.iter().any(|op| op.products.contains(p)))
        .map(|p| p.display_name())
        .collect();
    match names.split_last() {
        None => "no product".to_owned(),
        Some((last, [])) => (*last).to_owned(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

/// `to` as seen from `from`, with `/` between parts: `../generator/runtime`.
/// Where the two share no start (one relative, one absolute), `to` itself.
fn relative(from: &Path, to: &Path) -> String {
    let (from_parts, to_parts) = (parts(from), parts(to));
    let shared = from_parts
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    if shared == 0 || from_parts[shared..].contains(&Component::ParentDir) {
        return to.to_string_lossy().replace('\\', "/");
    }
    let ups = std::iter::repeat_n("..".to_owned(), from_parts.len() - shared);
    let downs = to_parts[shared..]
        .iter()
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    let joined: Vec<String> = ups.chain(downs).collect();
    if joined.is_empty() {
        ".".to_owned()
    } else {
        joined.join("/")
    }
}

/// A path's parts, without `.`.
fn parts(p: &Path) -> Vec<Component<'_>> {
    p.components()
        .filter(|c| !matches!(c, Component::CurDir))
        .collect()
}

/// A TOML basic string.
fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::{relative, toml_string};
    use std::path::Path;

    #[test]
    fn the_runtime_is_found_from_the_output_directory() {
        let root = Path::new("/work/repo");
        assert_eq!(
            relative(&root.join("generated"), &root.join("generator/runtime")),
            "../generator/runtime"
        );
        assert_eq!(
            relative(&root.join("a/b/out"), &root.join("a/rt")),
            "../../rt"
        );
        assert_eq!(relative(root, &root.join("rt")), "rt");
        // Nothing in common: the path as given.
        assert_eq!(relative(Path::new("out"), Path::new("/abs/rt")), "/abs/rt");
    }

    #[test]
    fn text_is_escaped_for_toml() {
        assert_eq!(toml_string("a \"b\" \\ c\n"), r#""a \"b\" \\ c\n""#);
    }
}
