//! Step 1: read the YAML, check it, and parse it into `openapiv3::OpenAPI`.
//!
//! Every check runs to the end and all problems are returned together.

use crate::diagnostics::{Diagnostic, pointer};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// The products an operation may name in `x-github-products`.
pub const PRODUCTS: &[&str] = &["github.com", "ghes-3.21", "ghes-2.22"];

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// A spec that parsed and passed the document-level checks.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The typed document.
    pub api: openapiv3::OpenAPI,
    /// The same document as JSON, for pointer look-ups and vendor extensions.
    pub raw: Value,
}

/// Parses and checks a spec given as YAML text. `name` is used in messages.
pub fn load_str(name: &str, text: &str) -> Result<Loaded, Vec<Diagnostic>> {
    let yaml: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| {
        let at = e
            .location()
            .map(|l| format!("{name}:{}:{}", l.line(), l.column()));
        vec![Diagnostic::new(
            at.unwrap_or_else(|| name.to_owned()),
            format!("malformed YAML: {e}"),
        )]
    })?;
    let raw: Value = serde_json::to_value(&yaml).map_err(|e| {
        vec![Diagnostic::new(
            "#",
            format!("the document cannot be read as JSON data: {e}"),
        )]
    })?;
    let mut problems = check_raw(&raw);
    let api = match serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(raw.clone()) {
        Ok(api) => Some(api),
        Err(e) => {
            let path = e.path().to_string();
            let segments: Vec<&str> = if path == "." {
                Vec::new()
            } else {
                path.split('.').collect()
            };
            problems.push(Diagnostic::new(
                pointer(segments),
                format!("not a valid OpenAPI 3.0 document: {}", e.inner()),
            ));
            None
        }
    };
    problems.sort();
    problems.dedup();
    match api {
        Some(api) if problems.is_empty() => Ok(Loaded { api, raw }),
        _ => Err(problems),
    }
}

/// Reads and loads the spec at `path`.
pub fn load_file(path: &std::path::Path) -> Result<Loaded, Vec<Diagnostic>> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        vec![Diagnostic::new(
            path.display().to_string(),
            format!("cannot read the spec: {e}"),
        )]
    })?;
    load_str(&path.display().to_string(), &text)
}

/// Resolves a local `$ref` (`#/components/...`) in the raw document.
pub fn resolve_ref<'a>(raw: &'a Value, reference: &str) -> Option<&'a Value> {
    let ptr = reference.strip_prefix('#')?;
    raw.pointer(ptr)
}

/// Follows `$ref`s until a node that is not a reference (at most 32 hops).
pub fn deref<'a>(raw: &'a Value, mut node: &'a Value) -> Option<&'a Value> {
    for _ in 0..32 {
        match node.get("$ref").and_then(Value::as_str) {
            Some(r) => node = resolve_ref(raw, r)?,
            None => return Some(node),
        }
    }
    None
}

fn check_raw(raw: &Value) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if !raw.is_object() {
        out.push(Diagnostic::new("#", "the document is not a mapping"));
        return out;
    }
    match raw.get("openapi").and_then(Value::as_str) {
        Some(v) if v.starts_with("3.0") => {}
        Some(v) => out.push(Diagnostic::new(
            "#/openapi",
            format!("version `{v}` is not OpenAPI 3.0.x"),
        )),
        None => out.push(Diagnostic::new(
            "#/openapi",
            "the `openapi` version field is missing",
        )),
    }
    let mut path = Vec::new();
    check_refs(raw, raw, &mut path, &mut out);
    check_operations(raw, &mut out);
    out
}

fn check_refs(raw: &Value, node: &Value, path: &mut Vec<String>, out: &mut Vec<Diagnostic>) {
    match node {
        Value::Object(map) => {
            if let Some(r) = map.get("$ref") {
                let at = pointer(path.iter().chain(std::iter::once(&"$ref".to_owned())));
                let before = out.len();
                match r.as_str() {
                    Some(s) if !s.starts_with("#/") => out.push(Diagnostic::new(
                        at,
                        format!(
                            "`$ref: {s}` is not a local reference (`#/...`); only one file is read"
                        ),
                    )),
                    Some(s) if resolve_ref(raw, s).is_none() => out.push(Diagnostic::new(
                        at,
                        format!("`$ref: {s}` points at nothing"),
                    )),
                    Some(_) => {}
                    None => out.push(Diagnostic::new(at, "`$ref` is not a string")),
                }
                let operation = operation_at(raw, path);
                for d in &mut out[before..] {
                    d.operation = operation.map(str::to_owned);
                }
            }
            for (k, v) in map {
                // Examples are data: a `$ref` key inside an example value is not a reference.
                if k == "value" && path.iter().rev().nth(1).is_some_and(|p| p == "examples") {
                    continue;
                }
                if k == "example" {
                    continue;
                }
                path.push(k.clone());
                check_refs(raw, v, path, out);
                path.pop();
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                path.push(i.to_string());
                check_refs(raw, v, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

/// The `operationId` of the operation that a raw path (`paths`, template, method, ...) is inside.
fn operation_at<'a>(raw: &'a Value, path: &[String]) -> Option<&'a str> {
    match path {
        [paths, template, method, ..] if paths == "paths" => raw
            .get("paths")?
            .get(template)?
            .get(method)?
            .get("operationId")?
            .as_str(),
        _ => None,
    }
}

fn check_operations(raw: &Value, out: &mut Vec<Diagnostic>) {
    let Some(paths) = raw.get("paths").and_then(Value::as_object) else {
        out.push(Diagnostic::new("#/paths", "the document has no `paths`"));
        return;
    };
    let mut seen_ids: BTreeMap<String, String> = BTreeMap::new();
    for (path, item) in paths {
        if !path.starts_with('/') {
            out.push(Diagnostic::new(
                pointer(["paths", path]),
                "a path must start with `/`",
            ));
        }
        let template = match template_params(path) {
            Ok(t) => t,
            Err(msg) => {
                out.push(Diagnostic::new(pointer(["paths", path]), msg));
                continue;
            }
        };
        let item_params = item.get("parameters");
        for method in METHODS {
            let Some(op) = item.get(*method) else {
                continue;
            };
            let at = |rest: &[&str]| {
                pointer(
                    ["paths", path.as_str(), method]
                        .iter()
                        .copied()
                        .chain(rest.iter().copied()),
                )
            };
            let id = op.get("operationId").and_then(Value::as_str);
            let diag = |ptr: String, msg: String| Diagnostic::new(ptr, msg).in_operation(id);
            match id {
                None => out.push(diag(
                    at(&[]),
                    format!("{} {path} has no operationId", method.to_uppercase()),
                )),
                Some(id) => {
                    if let Some(first) = seen_ids.get(id) {
                        out.push(diag(
                            at(&["operationId"]),
                            format!("duplicate operationId, first used at {first}"),
                        ));
                    } else {
                        seen_ids.insert(id.to_owned(), at(&[]));
                    }
                }
            }
            match op.get("responses").and_then(Value::as_object) {
                None => out.push(diag(
                    at(&["responses"]),
                    "the operation has no responses".into(),
                )),
                Some(r) if r.is_empty() => out.push(diag(
                    at(&["responses"]),
                    "the operation has no responses".into(),
                )),
                Some(r) => {
                    if !r.keys().any(|s| s.starts_with('2') || s.starts_with('3')) {
                        out.push(diag(
                            at(&["responses"]),
                            "the operation has no success (2xx or 3xx) response".into(),
                        ));
                    }
                }
            }
            match op.get("tags").and_then(Value::as_array).map(Vec::as_slice) {
                Some([Value::String(_)]) => {}
                _ => out.push(diag(
                    at(&["tags"]),
                    "the operation needs exactly one tag (its area)".into(),
                )),
            }
            match op.get("x-github-products").and_then(Value::as_array) {
                None => out.push(diag(
                    at(&["x-github-products"]),
                    "`x-github-products` is missing: say which products have the operation".into(),
                )),
                Some(list) => {
                    if list.is_empty() {
                        out.push(diag(
                            at(&["x-github-products"]),
                            "`x-github-products` is empty".into(),
                        ));
                    }
                    for (i, p) in list.iter().enumerate() {
                        if !p.as_str().is_some_and(|p| PRODUCTS.contains(&p)) {
                            out.push(diag(
                                at(&["x-github-products", &i.to_string()]),
                                format!(
                                    "unknown product {p}; expected one of {}",
                                    PRODUCTS.join(", ")
                                ),
                            ));
                        }
                    }
                }
            }
            // Path parameters: declared exactly when the template names them.
            let mut declared = BTreeSet::new();
            for (list, base) in [
                (item_params, vec!["paths", path.as_str(), "parameters"]),
                (op.get("parameters"), vec![]),
            ] {
                let Some(list) = list.and_then(Value::as_array) else {
                    continue;
                };
                for (i, p) in list.iter().enumerate() {
                    let Some(p) = deref(raw, p) else { continue };
                    if p.get("in").and_then(Value::as_str) != Some("path") {
                        continue;
                    }
                    let name = p.get("name").and_then(Value::as_str).unwrap_or_default();
                    let ptr = if base.is_empty() {
                        at(&["parameters", &i.to_string()])
                    } else {
                        pointer(base.iter().copied().chain([i.to_string().as_str()]))
                    };
                    if !template.contains(name) {
                        out.push(diag(
                            ptr.clone(),
                            format!("path parameter `{name}` does not appear in the path `{path}`"),
                        ));
                    }
                    if p.get("required").and_then(Value::as_bool) != Some(true) {
                        out.push(diag(
                            ptr,
                            format!("path parameter `{name}` must be `required: true`"),
                        ));
                    }
                    declared.insert(name.to_owned());
                }
            }
            for name in &template {
                if !declared.contains(name) {
                    out.push(diag(
                        at(&["parameters"]),
                        format!("path parameter `{{{name}}}` is not declared"),
                    ));
                }
            }
        }
    }
}

/// The `{name}`s of a path template, or why the template is malformed.
pub fn template_params(path: &str) -> Result<BTreeSet<String>, String> {
    let mut names = BTreeSet::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let close = after
            .find('}')
            .ok_or_else(|| format!("unclosed `{{` in path `{path}`"))?;
        let name = &after[..close];
        if name.is_empty() || name.contains('{') || name.contains('/') {
            return Err(format!("malformed parameter `{{{name}}}` in path `{path}`"));
        }
        if !names.insert(name.to_owned()) {
            return Err(format!(
                "parameter `{{{name}}}` appears twice in path `{path}`"
            ));
        }
        rest = &after[close + 1..];
    }
    if rest.contains('}') {
        return Err(format!("unmatched `}}` in path `{path}`"));
    }
    Ok(names)
}
