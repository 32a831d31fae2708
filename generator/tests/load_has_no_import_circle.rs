//! `load` sits at the bottom of the pipeline: nothing it imports imports it
//! back. Its passes (`load/*.rs`) share only `load/document.rs`, which
//! imports nothing from `load`, and the crate modules `load` uses (and the
//! ones those use) never name `crate::load`. Before, `diagnostics` named
//! `load` and every pass imported its pieces back from `load.rs`.

use std::collections::{BTreeSet, VecDeque};
use std::path::{Path, PathBuf};

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The text of a source file without its line comments and its unit tests.
fn code(path: &Path) -> String {
    let text = read(path);
    let text = match text.find("#[cfg(test)]\nmod tests {") {
        Some(at) => &text[..at],
        None => &text[..],
    };
    text.lines()
        .map(|line| line.split("//").next().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The source files of a top-level module: `name.rs` and everything under `name/`.
fn module_files(name: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let file = src().join(format!("{name}.rs"));
    if file.is_file() {
        out.push(file);
    }
    let mut dirs = vec![src().join(name)];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// The top-level crate modules a source names (`crate::diagnostics::...`).
fn crate_modules(code: &str) -> BTreeSet<String> {
    code.match_indices("crate::")
        .map(|(at, prefix)| {
            code[at + prefix.len()..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect::<String>()
        })
        .filter(|name| !name.is_empty())
        .collect()
}

#[test]
fn the_passes_of_load_share_only_document() {
    for path in module_files("load") {
        let code = code(&path);
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        if name == "load.rs" {
            continue;
        }
        let parents: Vec<&str> = code
            .match_indices("super::")
            .map(|(at, _)| &code[at..])
            .filter(|rest| !rest.starts_with("super::document"))
            .map(|rest| rest.lines().next().unwrap_or_default())
            .collect();
        assert!(
            parents.is_empty(),
            "load/{name} imports from load.rs (only load/document.rs is shared): {parents:?}"
        );
        if name == "document.rs" {
            assert!(
                !code.contains("super::document") && !code.contains("crate::load"),
                "load/document.rs imports from load"
            );
        }
    }
}

#[test]
fn nothing_load_uses_uses_load() {
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut queue: VecDeque<(String, String)> = VecDeque::new();
    for path in module_files("load") {
        for module in crate_modules(&code(&path)) {
            queue.push_back((module, "load".to_owned()));
        }
    }
    while let Some((module, via)) = queue.pop_front() {
        if module == "load" {
            panic!("`{via}` imports `crate::load`, which imports it: an import circle");
        }
        if !seen.insert(module.clone()) {
            continue;
        }
        for path in module_files(&module) {
            for next in crate_modules(&code(&path)) {
                queue.push_back((next, module.clone()));
            }
        }
    }
    assert!(seen.contains("diagnostics"), "load uses {seen:?}");
}

/// The top-level modules of the generator that `lib.rs` declares.
fn top_level_modules() -> Vec<String> {
    code(&src().join("lib.rs"))
        .lines()
        .filter_map(|line| line.trim().strip_prefix("pub mod "))
        .map(|rest| rest.trim_end_matches(';').trim().to_owned())
        .collect()
}

/// Not only `load`: no two top-level modules of the generator import each
/// other, directly or through others (a module and its own submodules are one
/// module here), so each can be read standing on the ones below it.
#[test]
fn no_top_level_module_of_the_generator_is_in_an_import_circle() {
    let modules = top_level_modules();
    assert!(modules.len() > 10, "{modules:?}");
    let uses = |module: &str| -> BTreeSet<String> {
        module_files(module)
            .iter()
            .flat_map(|path| crate_modules(&code(path)))
            .filter(|m| m != module && modules.contains(m))
            .collect()
    };
    for start in &modules {
        // Breadth-first from what `start` uses; reaching `start` again is a circle.
        let mut seen: BTreeSet<String> = BTreeSet::new();
        let mut queue: VecDeque<(String, Vec<String>)> = uses(start)
            .into_iter()
            .map(|m| (m.clone(), vec![start.clone(), m]))
            .collect();
        while let Some((module, path)) = queue.pop_front() {
            assert!(module != *start, "import circle: {}", path.join(" -> "));
            if !seen.insert(module.clone()) {
                continue;
            }
            for next in uses(&module) {
                let mut longer = path.clone();
                longer.push(next.clone());
                queue.push_back((next, longer));
            }
        }
    }
}
