//! Reads the hand-curated GitHub Actions OpenAPI document and emits the
//! `gh-actions` client crate.
//!
//! The pipeline is `load -> model -> emit -> render`:
//!
//! 1. [`load`]: YAML to `openapiv3::OpenAPI`, with document checks
//!    (references, operation ids, path parameters, responses, products,
//!    methods); each operation's path is parsed once into a
//!    [`path_template::PathTemplate`] and its products resolved through the
//!    one table in [`product`].
//! 2. [`model`]: a plain intermediate form of operations and types, read
//!    from the typed document (`$ref`s followed by [`resolve`], mapping
//!    rules in [`schema`], every Rust name from [`names`]).
//! 3. [`emit`]: one token stream per output file.
//! 4. [`render`]: `syn` + `prettyplease`, a header line, and files written
//!    only when their content changed.
//!
//! Every problem in the spec is reported with its operation and JSON
//! pointer, all of them in one run; nothing panics on input.

pub mod availability;
pub mod diagnostics;
pub mod emit;
pub mod fixtures;
pub mod load;
pub mod method;
pub mod model;
pub mod names;
pub mod path_template;
pub mod product;
pub mod render;
pub mod resolve;
pub mod schema;

use diagnostics::Diagnostics;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use emit::Target;

/// The generated text of every file, keyed by path relative to the output directory.
#[derive(Debug, Clone)]
pub struct Generated {
    /// Relative path -> content.
    pub files: BTreeMap<String, String>,
    /// Number of operations.
    pub operations: usize,
    /// Number of named types.
    pub types: usize,
}

/// Why generation failed.
#[derive(Debug, thiserror::Error)]
pub enum GenerateError {
    /// The spec has problems.
    #[error("{0}")]
    Spec(#[from] Diagnostics),
    /// The emitted code did not parse (a generator bug).
    #[error(transparent)]
    Render(#[from] render::RenderError),
    /// A hand-written file to copy could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
}

/// Generates the module files for a spec given as text (no hand-written files).
pub fn generate_str(name: &str, spec: &str, target: &Target) -> Result<Generated, GenerateError> {
    let loaded = load::load_str(name, spec).map_err(Diagnostics)?;
    generate_loaded(&loaded, target)
}

fn generate_loaded(loaded: &load::Loaded, target: &Target) -> Result<Generated, GenerateError> {
    let model = model::build(loaded).map_err(Diagnostics)?;
    let mut files = BTreeMap::new();
    for (rel, tokens) in emit::emit(&model, target) {
        let text = render::rust_file(&rel, tokens)?;
        files.insert(rel, text);
    }
    Ok(Generated {
        files,
        operations: model.operations.len(),
        types: model.types.len(),
    })
}

/// Where `codegen` reads and writes.
#[derive(Debug, Clone)]
pub struct Layout {
    /// The spec.
    pub spec: PathBuf,
    /// Hand-written files copied into the crate (`Cargo.toml`, `examples/`).
    pub static_dir: PathBuf,
    /// The output crate directory.
    pub out: PathBuf,
}

impl Layout {
    /// The repository's layout, from its root directory.
    pub fn repo(root: &Path) -> Self {
        Layout {
            spec: root.join("spec/actions.yaml"),
            static_dir: root.join("generator/crate"),
            out: root.join("generated"),
        }
    }
}

/// Generates the whole client crate: emitted modules under `src/` plus the
/// hand-written files of `static_dir` (except its `.md` notes).
pub fn generate_crate(layout: &Layout) -> Result<Generated, GenerateError> {
    let loaded = load::load_file(&layout.spec).map_err(Diagnostics)?;
    let generated = generate_loaded(&loaded, &Target::client_crate())?;
    let mut files: BTreeMap<String, String> = generated
        .files
        .into_iter()
        .map(|(rel, text)| (format!("src/{rel}"), text))
        .collect();
    for rel in static_files(&layout.static_dir).map_err(|source| GenerateError::Io {
        path: layout.static_dir.clone(),
        source,
    })? {
        let path = layout.static_dir.join(&rel);
        let text = std::fs::read_to_string(&path).map_err(|source| GenerateError::Io {
            path: path.clone(),
            source,
        })?;
        files.insert(rel.clone(), render::with_header(&rel, &text));
    }
    Ok(Generated { files, ..generated })
}

fn static_files(dir: &Path) -> std::io::Result<Vec<String>> {
    let mut out = Vec::new();
    let mut stack = vec![PathBuf::new()];
    while let Some(rel) = stack.pop() {
        for entry in std::fs::read_dir(dir.join(&rel))? {
            let entry = entry?;
            let child = rel.join(entry.file_name());
            if entry.file_type()?.is_dir() {
                stack.push(child);
            } else if child.extension().is_none_or(|e| e != "md") {
                out.push(child.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out.sort();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn self_referential_path_parameter_is_a_diagnostic_not_a_hang() {
        let spec = r##"
openapi: 3.0.3
info: {title: t, version: "1"}
tags: [{name: things}]
paths:
  /things/{id}:
    get:
      operationId: things/get
      tags: [things]
      x-github-products: [github.com]
      parameters:
        - {name: id, in: path, required: true, schema: {$ref: '#/components/schemas/loop'}}
      responses:
        "204": {description: done}
components:
  schemas:
    loop:
      $ref: '#/components/schemas/loop'
"##;
        let err = generate_str("loop.yaml", spec, &Target::module("crate::x")).unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains("things/get") && text.contains("cannot be written into a URL"),
            "{text}"
        );
    }
}
