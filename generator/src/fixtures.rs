//! The fixture specs of the snapshot tests, generated as modules of the
//! tests crate so that what the snapshots show is also compiled.
//!
//! Each `<dir>/<name>.yaml` becomes the module tree `<name>/` rooted at
//! `crate::fixtures::<name>`; a `mod.rs` declares them all.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::render;
use crate::{GenerateError, Target, generate_str};
use quote::{format_ident, quote};
use std::collections::BTreeMap;
use std::path::Path;

/// Generates every `<name>.yaml` directly in `fixtures_dir` (subdirectories,
/// such as the broken specs, are not read): relative path -> file content.
pub fn generate_fixtures(fixtures_dir: &Path) -> Result<BTreeMap<String, String>, GenerateError> {
    let io = |path: &Path| {
        let path = path.to_owned();
        move |source| GenerateError::Io { path, source }
    };
    let mut names = Vec::new();
    for entry in std::fs::read_dir(fixtures_dir).map_err(io(fixtures_dir))? {
        let path = entry.map_err(io(fixtures_dir))?.path();
        if !path.is_file() || path.extension().is_none_or(|e| e != "yaml") {
            continue;
        }
        match path.file_stem().and_then(|s| s.to_str()) {
            Some(stem) if is_module_name(stem) => names.push(stem.to_owned()),
            _ => {
                return Err(Diagnostics(vec![Diagnostic::new(
                    path.display().to_string(),
                    "a fixture's file name must be a module name (`snake_case`, ASCII)",
                )])
                .into());
            }
        }
    }
    names.sort();

    let mut files = BTreeMap::new();
    for name in &names {
        let path = fixtures_dir.join(format!("{name}.yaml"));
        let text = std::fs::read_to_string(&path).map_err(io(&path))?;
        let target = Target::module(&format!("crate::fixtures::{name}"));
        let generated = generate_str(&path.display().to_string(), &text, &target)?;
        for (rel, content) in generated.files {
            files.insert(format!("{name}/{rel}"), content);
        }
    }
    let mods = names.iter().map(|n| format_ident!("{}", n));
    let tokens = quote! {
        //! Modules generated from the fixture specs of the snapshot tests, one per spec.
        #(pub mod #mods;)*
    };
    files.insert("mod.rs".to_owned(), render::rust_file("mod.rs", tokens)?);
    Ok(files)
}

fn is_module_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && crate::names::snake(name) == name
}
