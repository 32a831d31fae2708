//! Reading `spec/actions.yaml` for the spec checks: loading, `$ref` resolution, a walk that
//! classifies every node of the document, every example with its schema, a validator, and
//! random instances of a schema.
//!
//! Nothing here panics on the document: problems come back as `Err(String)` naming where.

mod examples;
mod instances;
mod validator;

pub use examples::ExampleCase;
pub use instances::{Choice, Instances, Rng};
pub use validator::{API_VERSIONS, Showing, Violation, validate, validate_showing};

use openapiv3::{
    Components, Example, Header, OpenAPI, Operation, Parameter, PathItem, ReferenceOr, RequestBody,
    Response, StatusCode,
};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The products an operation may list in `x-github-products`: the keys of
/// the generator's product table.
pub const PRODUCTS: &[&str] = generator::product::Product::KEYS;

/// The tags of `spec/README.md`, one per API area.
pub const TAGS: [&str; 13] = [
    "workflow-runs",
    "workflow-jobs",
    "artifacts",
    "caches",
    "secrets",
    "variables",
    "self-hosted-runners",
    "runner-groups",
    "hosted-runners",
    "permissions",
    "workflows",
    "oidc",
    "concurrency-groups",
];

/// Reference chains longer than this are treated as cycles.
const MAX_REF_HOPS: usize = 32;

/// Environment variable naming another document to check instead of `spec/actions.yaml`.
pub const SPEC_OVERRIDE_VAR: &str = "GH_ACTIONS_SPEC";

/// `spec/actions.yaml` of this workspace.
pub fn project_spec_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/actions.yaml")
}

/// Builds a JSON pointer (`#/a/b~1c`) from raw segments.
pub fn pointer<I, S>(segments: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut out = String::from("#");
    for segment in segments {
        out.push('/');
        out.push_str(&escape(segment.as_ref()));
    }
    out
}

/// Escapes one JSON pointer segment (`~` -> `~0`, `/` -> `~1`).
pub fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// The loaded document, typed and raw.
#[derive(Debug)]
pub struct Spec {
    /// Where the document was read from.
    pub file: PathBuf,
    /// The typed document.
    pub api: OpenAPI,
    /// The same document as JSON data, for pointers, vendor extensions and schemas.
    pub raw: Value,
}

/// One operation of the document.
#[derive(Debug, Clone, Copy)]
pub struct Op<'a> {
    /// Upper-case HTTP method.
    pub method: &'static str,
    /// Path template, e.g. `/repos/{owner}/{repo}/actions/runs`.
    pub path: &'a str,
    /// The path item holding the operation (its parameters apply too).
    pub item: &'a PathItem,
    /// The operation.
    pub operation: &'a Operation,
}

impl<'a> Op<'a> {
    /// The operationId, or a placeholder when it is missing.
    pub fn id(&self) -> &'a str {
        self.operation
            .operation_id
            .as_deref()
            .unwrap_or("<no operationId>")
    }

    /// `actions/x (GET /path)`, for messages.
    pub fn label(&self) -> String {
        format!("{} ({} {})", self.id(), self.method, self.path)
    }

    /// JSON pointer to the operation, or to `rest` below it.
    pub fn pointer(&self, rest: &[&str]) -> String {
        let method = self.method.to_ascii_lowercase();
        pointer(
            ["paths", self.path, method.as_str()]
                .into_iter()
                .chain(rest.iter().copied()),
        )
    }

    /// A vendor extension of the operation.
    pub fn extension(&self, name: &str) -> Option<&'a Value> {
        self.operation.extensions.get(name)
    }
}

/// A component section that `$ref`s of one kind point into.
pub trait Component: Sized {
    /// The section under `#/components/`.
    const SECTION: &'static str;
    /// Looks a name up in that section.
    fn lookup<'a>(components: &'a Components, name: &str) -> Option<&'a ReferenceOr<Self>>;
}

macro_rules! component {
    ($ty:ty, $section:literal, $field:ident) => {
        impl Component for $ty {
            const SECTION: &'static str = $section;
            fn lookup<'a>(components: &'a Components, name: &str) -> Option<&'a ReferenceOr<Self>> {
                components.$field.get(name)
            }
        }
    };
}
component!(Parameter, "parameters", parameters);
component!(Response, "responses", responses);
component!(RequestBody, "requestBodies", request_bodies);
component!(Example, "examples", examples);
component!(Header, "headers", headers);

impl Spec {
    /// Loads the document at `file`.
    pub fn load(file: &Path) -> Result<Self, String> {
        let shown = file.display();
        let text =
            std::fs::read_to_string(file).map_err(|e| format!("cannot read {shown}: {e}"))?;
        let yaml: serde_yaml::Value =
            serde_yaml::from_str(&text).map_err(|e| format!("{shown} is not valid YAML: {e}"))?;
        let raw = serde_json::to_value(&yaml)
            .map_err(|e| format!("{shown} cannot be read as JSON data: {e}"))?;
        let api: OpenAPI = serde_yaml::from_str(&text)
            .map_err(|e| format!("{shown} is not an OpenAPI 3.0 document: {e}"))?;
        for (path, item) in &api.paths.paths {
            if let ReferenceOr::Reference { reference } = item {
                return Err(format!(
                    "{shown}: path item {} is a `$ref` ({reference}); write the operations inline",
                    pointer(["paths", path])
                ));
            }
        }
        Ok(Spec {
            file: file.to_owned(),
            api,
            raw,
        })
    }

    /// Loads `spec/actions.yaml`, or the file named by `GH_ACTIONS_SPEC` when that is set.
    pub fn load_project() -> Result<Self, String> {
        match std::env::var_os(SPEC_OVERRIDE_VAR) {
            Some(file) => Self::load(Path::new(&file)),
            None => Self::load(&project_spec_path()),
        }
    }

    /// Every operation, in document order.
    pub fn operations(&self) -> Vec<Op<'_>> {
        let mut out = Vec::new();
        for (path, item) in &self.api.paths.paths {
            let ReferenceOr::Item(item) = item else {
                continue;
            };
            for (method, operation) in item.iter() {
                out.push(Op {
                    method: upper_method(method),
                    path,
                    item,
                    operation,
                });
            }
        }
        out
    }

    /// The operation that `at` (a JSON pointer) lies in, if any.
    pub fn operation_at(&self, at: &str) -> Option<Op<'_>> {
        self.operations().into_iter().find(|op| {
            let base = op.pointer(&[]);
            at.strip_prefix(base.as_str())
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        })
    }

    /// Follows a typed `$ref` chain to its item. The error names the reference.
    pub fn resolve<'a, T: Component>(&'a self, item: &'a ReferenceOr<T>) -> Result<&'a T, String> {
        let mut current = item;
        for _ in 0..MAX_REF_HOPS {
            let reference = match current {
                ReferenceOr::Item(found) => return Ok(found),
                ReferenceOr::Reference { reference } => reference,
            };
            let prefix = format!("#/components/{}/", T::SECTION);
            let name = reference.strip_prefix(&prefix).ok_or_else(|| {
                format!(
                    "`$ref: {reference}` must point into #/components/{}",
                    T::SECTION
                )
            })?;
            let name = name.replace("~1", "/").replace("~0", "~");
            current = self
                .api
                .components
                .as_ref()
                .and_then(|c| T::lookup(c, &name))
                .ok_or_else(|| format!("`$ref: {reference}` points at nothing"))?;
        }
        Err(format!(
            "a `$ref` chain longer than {MAX_REF_HOPS} hops (a cycle?)"
        ))
    }

    /// The node a local `$ref` (`#/...`) names in the raw document.
    pub fn target(&self, reference: &str) -> Result<&Value, String> {
        ref_target(&self.raw, reference)
    }

    /// Follows raw `$ref`s from `node`; returns the final node and where it is.
    pub fn deref<'a>(&'a self, node: &'a Value, at: &str) -> Result<(&'a Value, String), String> {
        let mut node = node;
        let mut at = at.to_owned();
        for _ in 0..MAX_REF_HOPS {
            match node.get("$ref") {
                None => return Ok((node, at)),
                Some(reference) => {
                    let reference = reference
                        .as_str()
                        .ok_or_else(|| format!("`$ref` at {at} is not a string"))?;
                    node = self
                        .target(reference)
                        .map_err(|e| format!("{e} (at {at})"))?;
                    at = reference.to_owned();
                }
            }
        }
        Err(format!(
            "a `$ref` chain longer than {MAX_REF_HOPS} hops from {at} (a cycle?)"
        ))
    }

    /// The raw node at a `#/...` pointer made by [`pointer()`].
    pub fn at(&self, location: &str) -> Option<&Value> {
        self.raw.pointer(location.strip_prefix('#')?)
    }

    /// The parameters that apply to `op`: the path item's, unless the operation repeats them
    /// (same name and location), then the operation's own. Each entry is the parameter with
    /// where it is referenced from, or why it could not be resolved.
    pub fn parameters<'a>(&'a self, op: &Op<'a>) -> Vec<Result<(String, &'a Parameter), String>> {
        let resolve = |at: String, param: &'a ReferenceOr<Parameter>| match self.resolve(param) {
            Ok(resolved) => Ok((at, resolved)),
            Err(e) => Err(format!("{e} (at {at})")),
        };
        let own: Vec<_> = (op.operation.parameters.iter().enumerate())
            .map(|(i, p)| resolve(op.pointer(&["parameters", &i.to_string()]), p))
            .collect();
        let repeated: Vec<_> = own.iter().flatten().map(|(_, p)| param_key(p)).collect();
        let mut out: Vec<_> = (op.item.parameters.iter().enumerate())
            .map(|(i, p)| resolve(pointer(["paths", op.path, "parameters", &i.to_string()]), p))
            .filter(|p| !matches!(p, Ok((_, q)) if repeated.contains(&param_key(q))))
            .collect();
        out.extend(own);
        out
    }

    /// The responses of `op` by status, resolved, each with where it is declared.
    pub fn responses<'a>(
        &'a self,
        op: &Op<'a>,
    ) -> Vec<Result<(&'a StatusCode, String, &'a Response), String>> {
        (op.operation.responses.responses.iter())
            .map(|(status, response)| {
                let at = op.pointer(&["responses", &status.to_string()]);
                match self.resolve(response) {
                    Ok(resolved) => Ok((status, at, resolved)),
                    Err(e) => Err(format!("{e} (at {at})")),
                }
            })
            .collect()
    }
}

/// The `{name}`s of a path template, in order.
pub fn template_names(path: &str) -> Result<Vec<&str>, String> {
    let mut names = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let close = rest[open..]
            .find('}')
            .ok_or_else(|| format!("unclosed `{{` in {path}"))?;
        let name = &rest[open + 1..open + close];
        if name.is_empty() || name.contains('{') {
            return Err(format!("malformed template `{{{name}}}` in {path}"));
        }
        names.push(name);
        rest = &rest[open + close + 1..];
    }
    if rest.contains('}') {
        return Err(format!("unopened `}}` in {path}"));
    }
    Ok(names)
}

/// `(name, location)`, which identifies a parameter.
pub fn param_key(param: &Parameter) -> (&str, &'static str) {
    let location = match param {
        Parameter::Query { .. } => "query",
        Parameter::Header { .. } => "header",
        Parameter::Path { .. } => "path",
        Parameter::Cookie { .. } => "cookie",
    };
    (param.parameter_data_ref().name.as_str(), location)
}

/// The node a local `$ref` names in `raw`.
pub fn ref_target<'a>(raw: &'a Value, reference: &str) -> Result<&'a Value, String> {
    let fragment = reference
        .strip_prefix('#')
        .ok_or_else(|| format!("`$ref: {reference}` is not a local reference (`#/...`)"))?;
    raw.pointer(fragment)
        .ok_or_else(|| format!("`$ref: {reference}` points at nothing"))
}

fn upper_method(method: &str) -> &'static str {
    match method {
        "get" => "GET",
        "put" => "PUT",
        "post" => "POST",
        "delete" => "DELETE",
        "options" => "OPTIONS",
        "head" => "HEAD",
        "patch" => "PATCH",
        _ => "TRACE",
    }
}

/// What a node of the document is, as far as `$ref`s and examples are concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Structure that is none of the others (paths, operations, media types, ...).
    Other,
    /// A schema object.
    Schema,
    /// A parameter object.
    Parameter,
    /// A response object.
    Response,
    /// A request body object.
    RequestBody,
    /// A header object.
    Header,
    /// An example object (its `value` is data).
    Example,
}

impl Kind {
    /// The `#/components/` section a `$ref` standing for this kind must point into.
    pub fn section(self) -> Option<&'static str> {
        match self {
            Kind::Other => None,
            Kind::Schema => Some("schemas"),
            Kind::Parameter => Some("parameters"),
            Kind::Response => Some("responses"),
            Kind::RequestBody => Some("requestBodies"),
            Kind::Header => Some("headers"),
            Kind::Example => Some("examples"),
        }
    }
}

/// One object node of the document with its kind and location.
#[derive(Debug, Clone)]
pub struct Node<'a> {
    /// What the node is.
    pub kind: Kind,
    /// JSON pointer to it.
    pub at: String,
    /// The node.
    pub value: &'a Value,
}

/// Every object node of the document that is structure, not data: example values, `enum`
/// and `default` lists are not entered, so a `$ref` key inside them is not a reference.
pub fn nodes(raw: &Value) -> Vec<Node<'_>> {
    let mut out = Vec::new();
    let mut path = Vec::new();
    walk(raw, Kind::Other, &mut path, &mut out);
    out
}

/// What the children of a node hold.
#[derive(Clone, Copy)]
enum Holds {
    /// One object of this kind.
    One(Kind),
    /// A map or list of objects of this kind.
    Many(Kind),
    /// Data: not entered.
    Data,
}

fn walk<'a>(node: &'a Value, kind: Kind, path: &mut Vec<String>, out: &mut Vec<Node<'a>>) {
    let Some(map) = node.as_object() else { return };
    out.push(Node {
        kind,
        at: pointer(path.iter()),
        value: node,
    });
    for (key, child) in map {
        let holds = if kind == Kind::Schema {
            schema_child(key)
        } else {
            other_child(kind, key, path)
        };
        path.push(key.clone());
        match holds {
            Holds::Data => {}
            Holds::One(k) => walk(child, k, path, out),
            Holds::Many(k) => match child {
                Value::Object(items) => {
                    for (name, item) in items {
                        path.push(name.clone());
                        walk(item, k, path, out);
                        path.pop();
                    }
                }
                Value::Array(items) => {
                    for (i, item) in items.iter().enumerate() {
                        path.push(i.to_string());
                        walk(item, k, path, out);
                        path.pop();
                    }
                }
                _ => {}
            },
        }
        path.pop();
    }
}

fn schema_child(key: &str) -> Holds {
    match key {
        "properties" => Holds::Many(Kind::Schema),
        "allOf" | "oneOf" | "anyOf" => Holds::Many(Kind::Schema),
        "items" | "additionalProperties" | "not" => Holds::One(Kind::Schema),
        "example" | "enum" | "default" => Holds::Data,
        _ => Holds::One(Kind::Other),
    }
}

fn other_child(kind: Kind, key: &str, path: &[String]) -> Holds {
    let in_components = path.len() == 1 && path[0] == "components";
    match key {
        "value" if kind == Kind::Example => Holds::Data,
        "example" | "enum" | "default" => Holds::Data,
        "schema" => Holds::One(Kind::Schema),
        "schemas" if in_components => Holds::Many(Kind::Schema),
        "parameters" => Holds::Many(Kind::Parameter),
        "responses" => Holds::Many(Kind::Response),
        "requestBody" => Holds::One(Kind::RequestBody),
        "requestBodies" if in_components => Holds::Many(Kind::RequestBody),
        "headers" => Holds::Many(Kind::Header),
        "examples" => Holds::Many(Kind::Example),
        _ => Holds::One(Kind::Other),
    }
}
