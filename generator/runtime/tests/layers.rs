//! The runtime's layers, read from its sources: every module lives in one
//! of `src/vocabulary/`, `src/transport/` and `src/features/` (bottom to
//! top), imports nothing from a layer above its own nor through the crate
//! root, and no modules of one layer import each other in a circle.
//!
//! The check reads `crate::`, `super::` and `self::` paths in code (`use`
//! trees, and paths written in place such as `super::tls::ensure()`),
//! comments left out, and resolves them to the file module they point
//! into. `lib.rs` stands above the layers: it only declares them and
//! re-exports their items.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The layers, bottom first: a module may import from its own layer and
/// the ones before it.
const LAYERS: [&str; 3] = ["vocabulary", "transport", "features"];

/// A module path below the crate root, such as `["transport", "client"]`.
type ModulePath = Vec<String>;

/// The problems of a set of sources, each given as (path below `src/`,
/// text); empty when the layering holds.
fn check(sources: &[(String, String)]) -> Vec<String> {
    let mut problems = Vec::new();
    let modules: BTreeMap<ModulePath, &str> = sources
        .iter()
        .filter_map(|(path, text)| Some((module_of(path)?, text.as_str())))
        .collect();
    for (path, _) in sources {
        let Some(module) = module_of(path) else {
            continue;
        };
        if !module.is_empty() && layer(&module).is_none() {
            problems.push(format!(
                "src/{path} is in no layer (move it under one of {LAYERS:?})"
            ));
        }
    }
    let mut same_layer: BTreeMap<ModulePath, BTreeSet<ModulePath>> = BTreeMap::new();
    for (module, text) in &modules {
        let (Some(from), false) = (layer(module), module.is_empty()) else {
            continue;
        };
        for (line, target) in imports(module, text) {
            let to = longest_known(&target, &modules);
            let at = format!("{} (line {line})", name(module));
            if to.is_empty() {
                problems.push(format!(
                    "{at} imports `crate::{}` through the crate root; import from the module that defines it",
                    target.join("::")
                ));
                continue;
            }
            if &to == module {
                continue;
            }
            match layer(&to) {
                Some(layer_to) if layer_to > from => problems.push(format!(
                    "{at} imports {} from {}, a higher layer than {}",
                    name(&to),
                    LAYERS[layer_to],
                    LAYERS[from]
                )),
                Some(layer_to) if layer_to == from => {
                    same_layer.entry(module.clone()).or_default().insert(to);
                }
                _ => {}
            }
        }
    }
    problems.extend(circles(&same_layer));
    problems
}

/// The module a file below `src/` declares: `lib.rs` is the root,
/// `a/mod.rs` is `a`, `a/b.rs` is `a::b`. `None` for anything but Rust.
fn module_of(path: &str) -> Option<ModulePath> {
    let stem = path.strip_suffix(".rs")?;
    let mut parts: ModulePath = stem.split('/').map(str::to_owned).collect();
    if parts
        .last()
        .is_some_and(|last| last == "mod" || last == "lib")
    {
        parts.pop();
    }
    Some(parts)
}

/// The index in [`LAYERS`] of the layer a module is in.
fn layer(module: &[String]) -> Option<usize> {
    let first = module.first()?;
    LAYERS.iter().position(|l| l == first)
}

fn name(module: &[String]) -> String {
    format!("crate::{}", module.join("::"))
}

/// The longest prefix of `target` that is a module of the sources (the root,
/// `[]`, when none is).
fn longest_known(target: &[String], modules: &BTreeMap<ModulePath, &str>) -> ModulePath {
    (0..=target.len())
        .rev()
        .map(|n| target[..n].to_vec())
        .find(|prefix| modules.contains_key(prefix))
        .unwrap_or_default()
}

/// Every crate-relative path the code of `module` (file text `text`)
/// names, resolved to a path from the crate root, with its line number.
fn imports(module: &[String], text: &str) -> Vec<(usize, ModulePath)> {
    let mut found = Vec::new();
    // Inline modules (`mod tests {`), by indentation as rustfmt lays them out.
    let mut inline: Vec<(usize, String)> = Vec::new();
    let mut statement: Option<(usize, String)> = None;
    for (n, line) in text.lines().enumerate() {
        let code = line.trim_start();
        let indent = line.len() - code.len();
        if code.starts_with("//") {
            continue;
        }
        if inline
            .last()
            .is_some_and(|(at, _)| *at == indent && code.starts_with('}'))
        {
            inline.pop();
            continue;
        }
        if let Some(name) = inline_module(code) {
            inline.push((indent, name));
            continue;
        }
        let mut here: ModulePath = module.to_vec();
        here.extend(inline.iter().map(|(_, name)| name.clone()));
        let is_use =
            code.starts_with("use ") || (code.starts_with("pub") && code.contains(" use "));
        if statement.is_none() && is_use {
            statement = Some((n + 1, String::new()));
        }
        if let Some((start, text)) = statement.as_mut() {
            text.push_str(code);
            text.push(' ');
            if code.ends_with(';') {
                let tree = text.split_once("use ").map_or("", |(_, tree)| tree);
                for path in expand(tree.trim().trim_end_matches(';')) {
                    if let Some(target) = resolve(&here, &path) {
                        found.push((*start, target));
                    }
                }
                statement = None;
            }
            continue;
        }
        for path in paths_in(code) {
            if let Some(target) = resolve(&here, &path) {
                found.push((n + 1, target));
            }
        }
    }
    found
}

/// The name of an inline module a line opens (`mod tests {`).
fn inline_module(code: &str) -> Option<String> {
    let rest = code.strip_suffix('{')?.trim_end();
    let rest = rest.split_once("mod ").map(|(before, after)| {
        let visibility = before.trim();
        (visibility.is_empty() || visibility.starts_with("pub")).then_some(after)
    })??;
    rest.chars()
        .all(|c| c.is_alphanumeric() || c == '_')
        .then(|| rest.to_owned())
}

/// The paths a `use` tree names: `a::{b, c::{d, self}}` is `a::b`, `a::c::d`
/// and `a::c`; `as` renames and globs are dropped.
fn expand(tree: &str) -> Vec<Vec<String>> {
    let tree: String = tree.split_whitespace().collect::<Vec<_>>().join(" ");
    let tree = tree.replace(" ::", "::").replace(":: ", "::");
    let Some(open) = tree.find('{') else {
        let path = tree.split(" as ").next().unwrap_or_default().trim();
        let parts: Vec<String> = path
            .split("::")
            .filter(|p| !p.is_empty() && *p != "*" && *p != "self")
            .map(str::to_owned)
            .collect();
        return vec![parts];
    };
    let prefix = &tree[..open];
    let Some(close) = tree.rfind('}') else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut depth = 0;
    let mut start = open + 1;
    for (i, c) in tree.char_indices().take(close + 1).skip(open + 1) {
        match c {
            '{' => depth += 1,
            '}' if depth > 0 => depth -= 1,
            ',' | '}' if depth == 0 => {
                let item = tree[start..i].trim();
                if !item.is_empty() {
                    out.extend(expand(&format!("{prefix}{item}")));
                }
                start = i + 1;
            }
            _ => {}
        }
    }
    out
}

/// The `crate::`, `super::` and `self::` paths written in a line of code.
fn paths_in(code: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for start in ["crate::", "super::"] {
        let mut from = 0;
        while let Some(at) = code[from..].find(start).map(|i| i + from) {
            from = at + start.len();
            let before = code[..at].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            let path: String = code[at..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            out.push(
                path.split("::")
                    .filter(|p| !p.is_empty())
                    .map(str::to_owned)
                    .collect(),
            );
        }
    }
    out
}

/// `path` (as written in module `here`) from the crate root; `None` for a
/// path into another crate.
fn resolve(here: &[String], path: &[String]) -> Option<ModulePath> {
    let (first, rest) = path.split_first()?;
    let mut base: ModulePath = match first.as_str() {
        "crate" => Vec::new(),
        "self" => here.to_vec(),
        "super" => here[..here.len().saturating_sub(1)].to_vec(),
        _ => return None,
    };
    let mut rest = rest;
    while let Some(("super", tail)) = rest.split_first().map(|(h, t)| (h.as_str(), t)) {
        base.pop();
        rest = tail;
    }
    base.extend(rest.iter().cloned());
    Some(base)
}

/// Every circle in the import graph of one layer's modules, once each.
fn circles(graph: &BTreeMap<ModulePath, BTreeSet<ModulePath>>) -> Vec<String> {
    let mut found = BTreeSet::new();
    for start in graph.keys() {
        let mut stack = vec![(start.clone(), vec![start.clone()])];
        let mut seen = BTreeSet::new();
        while let Some((at, trail)) = stack.pop() {
            for next in graph.get(&at).into_iter().flatten() {
                if next == start {
                    // Name the circle from its smallest module, so that each
                    // is reported once.
                    let smallest = trail.iter().min().cloned().unwrap_or_default();
                    let from = trail.iter().position(|m| *m == smallest).unwrap_or(0);
                    let mut circle: Vec<String> = trail[from..]
                        .iter()
                        .chain(&trail[..from])
                        .map(|m| name(m))
                        .collect();
                    circle.push(name(&smallest));
                    found.insert(format!("import circle: {}", circle.join(" -> ")));
                } else if seen.insert(next.clone()) {
                    let mut longer = trail.clone();
                    longer.push(next.clone());
                    stack.push((next.clone(), longer));
                }
            }
        }
    }
    found.into_iter().collect()
}

/// Every `.rs` file below `dir`, as (path below `root` with `/`, text).
fn read_sources(root: &Path, dir: &Path, out: &mut Vec<(String, String)>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            read_sources(root, &path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let relative = path.strip_prefix(root).expect("below src/");
            let parts: Vec<String> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            let text = std::fs::read_to_string(&path).expect("a readable source");
            out.push((parts.join("/"), text));
        }
    }
}

fn sources(files: &[(&str, &str)]) -> Vec<(String, String)> {
    files
        .iter()
        .map(|(path, text)| ((*path).to_owned(), (*text).to_owned()))
        .collect()
}

#[test]
fn the_runtime_imports_only_downwards_and_without_circles() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    read_sources(&src, &src, &mut files);
    files.sort();
    let edges: usize = files
        .iter()
        .filter_map(|(path, text)| Some(imports(&module_of(path)?, text).len()))
        .sum();
    assert!(
        edges > 50,
        "only {edges} imports found: is the source read?"
    );
    for layer in LAYERS {
        assert!(
            files
                .iter()
                .any(|(p, _)| p.starts_with(&format!("{layer}/"))),
            "no module in {layer}"
        );
    }
    let problems = check(&files);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn an_import_from_a_higher_layer_is_found_in_any_form() {
    let files = sources(&[
        ("lib.rs", "mod transport;\nmod vocabulary;\n"),
        ("vocabulary/mod.rs", "pub(crate) mod error;\n"),
        (
            "vocabulary/error.rs",
            "use crate::{\n    transport::client::Client,\n};\n",
        ),
        ("transport/mod.rs", "pub(crate) mod client;\n"),
        (
            "transport/client.rs",
            "fn f() {\n    crate::vocabulary::error::f();\n}\n",
        ),
    ]);
    let problems = check(&files);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0]
            .starts_with("crate::vocabulary::error (line 1) imports crate::transport::client"),
        "{problems:?}"
    );
    let written_in_place = sources(&[
        (
            "vocabulary/meta.rs",
            "fn f() {\n    let s = super::super::transport::x::span();\n}\n",
        ),
        ("transport/x.rs", ""),
    ]);
    assert_eq!(check(&written_in_place).len(), 1);
}

#[test]
fn a_circle_within_a_layer_a_stray_module_and_the_root_are_found() {
    let files = sources(&[
        ("lib.rs", ""),
        (
            "transport/client.rs",
            "use super::builder::ClientBuilder;\n",
        ),
        (
            "transport/builder.rs",
            "use super::{client::{self, Client}, retry};\n",
        ),
        ("transport/retry.rs", "use crate::Client;\n"),
        ("helpers.rs", ""),
        (
            "features/raw.rs",
            "#[cfg(test)]\nmod tests {\n    use super::*;\n    use super::super::pagination::Page;\n}\n",
        ),
        ("features/pagination.rs", "use super::raw::RawRequest;\n"),
    ]);
    let problems = check(&files);
    let expected = [
        "src/helpers.rs is in no layer (move it under one of [\"vocabulary\", \"transport\", \"features\"])",
        "crate::transport::retry (line 1) imports `crate::Client` through the crate root; import from the module that defines it",
        "import circle: crate::features::pagination -> crate::features::raw -> crate::features::pagination",
        "import circle: crate::transport::builder -> crate::transport::client -> crate::transport::builder",
    ];
    assert_eq!(problems, expected);
}
