//! The state of one comparison (spec against one upstream file) and what the operation and
//! schema comparisons share: resolving nodes on either side, recording differences and
//! problems, and describing a node that exists on one side only.

use super::difference::{Difference, Kind, Side};
use super::document::{Document, Located, Pointer, Problem};
use super::target::Target;
use generator::extensions;
use serde_json::{Map, Value};
use std::collections::BTreeSet;

/// Which document a node belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Which {
    Spec,
    Upstream,
}

/// Keys that are prose or examples, never compared as facts.
const PROSE: [&str; 6] = [
    "summary",
    "description",
    "title",
    "externalDocs",
    "example",
    "examples",
];

/// Nullable wrappers nested deeper than this are not unwrapped further.
const MAX_WRAPPERS: usize = 8;

/// Whether `key` is compared as a fact: not prose, not an example, not a vendor extension
/// (`x-github-*` in the spec, `x-github` upstream).
pub(super) fn is_fact(key: &str) -> bool {
    !PROSE.contains(&key) && !key.starts_with("x-")
}

/// One comparison in progress: the two documents, the target, the operation being walked,
/// and what has been found so far.
pub(super) struct Walk<'a> {
    spec: &'a Document,
    upstream: &'a Document,
    /// The product and API version the upstream document describes.
    pub target: Target,
    /// The operationId every difference found now is reported under.
    pub operation: String,
    /// Differences found so far.
    pub differences: Vec<Difference>,
    /// Problems with either document found so far.
    pub problems: Vec<Problem>,
    /// The operations both sides have for the target, so compared.
    pub compared: BTreeSet<String>,
    /// Pairs of schemas (spec, upstream) being compared further up: meeting one again means
    /// a recursive reference, whose comparison is already under way.
    pub in_progress: Vec<(Pointer, Pointer)>,
}

impl<'a> Walk<'a> {
    /// A comparison of `spec` against `upstream`, which describes `target`.
    pub fn new(spec: &'a Document, upstream: &'a Document, target: Target) -> Self {
        Walk {
            spec,
            upstream,
            target,
            operation: String::new(),
            differences: Vec::new(),
            problems: Vec::new(),
            compared: BTreeSet::new(),
            in_progress: Vec::new(),
        }
    }

    /// The document on side `which`.
    pub fn doc(&self, which: Which) -> &'a Document {
        match which {
            Which::Spec => self.spec,
            Which::Upstream => self.upstream,
        }
    }

    /// Records a difference of the current operation.
    pub fn differ(&mut self, kind: Kind, subject: &str, spec: Side, upstream: Side) {
        self.differences.push(Difference {
            target: self.target,
            operation: self.operation.clone(),
            kind,
            subject: subject.to_owned(),
            spec,
            upstream,
        });
    }

    /// Records a problem with the document on side `which`.
    pub fn problem(&mut self, which: Which, at: &Pointer, message: impl Into<String>) {
        let problem = self.doc(which).problem(at, message);
        self.problems.push(problem);
    }

    /// Follows `$ref`s from `node`; a broken reference becomes a problem and `None`.
    pub fn resolve(&mut self, which: Which, node: &Located<'a>) -> Option<Located<'a>> {
        match self.doc(which).resolve(node.value, &node.at) {
            Ok(found) => Some(found),
            Err(problem) => {
                self.problems.push(problem);
                None
            }
        }
    }

    /// The map `node` holds; anything else becomes a problem naming `what` it should be.
    pub fn map(
        &mut self,
        which: Which,
        node: &Located<'a>,
        what: &str,
    ) -> Option<&'a Map<String, Value>> {
        match self.doc(which).map(node.value, &node.at, what) {
            Ok(map) => Some(map),
            Err(problem) => {
                self.problems.push(problem);
                None
            }
        }
    }

    /// The entries of the map under `key` of `node` (absent means none), each located.
    pub fn entries(
        &mut self,
        which: Which,
        node: &Located<'a>,
        key: &str,
    ) -> Vec<(&'a str, Located<'a>)> {
        let Some(child) = node.child(key) else {
            return Vec::new();
        };
        let Some(map) = self.map(which, &child, &format!("`{key}`")) else {
            return Vec::new();
        };
        map.iter()
            .map(|(name, value)| {
                let at = child.at.join(name);
                (name.as_str(), Located { value, at })
            })
            .collect()
    }

    /// The items of the list under `key` of `node` (absent means none), each located.
    pub fn items(&mut self, which: Which, node: &Located<'a>, key: &str) -> Vec<Located<'a>> {
        let Some(child) = node.child(key) else {
            return Vec::new();
        };
        let Some(list) = child.value.as_array() else {
            self.problem(which, &child.at, format!("`{key}` is not a list"));
            return Vec::new();
        };
        list.iter()
            .enumerate()
            .map(|(i, value)| Located {
                value,
                at: child.at.join(&i.to_string()),
            })
            .collect()
    }

    /// Whether the spec's `node` (a schema property or a response, as written: beside its
    /// `$ref` when it has one) exists on the target. `x-github-products` names the products
    /// that have it, and `x-github-api-versions` the github.com API versions that have it;
    /// either absent means no restriction. A malformed list is a problem, and the node then
    /// counts as present so that nothing is silently left out.
    pub fn available(&mut self, node: &Located<'a>) -> bool {
        let mut available = true;
        let restrictions = [
            (extensions::PRODUCTS, Some(self.target.product())),
            (extensions::API_VERSIONS, self.target.api_version()),
        ];
        for (key, ours) in restrictions {
            let Some(list) = node.child(key) else {
                continue;
            };
            let names: Option<Vec<&str>> = list
                .value
                .as_array()
                .and_then(|items| items.iter().map(Value::as_str).collect());
            let Some(names) = names.filter(|names| !names.is_empty()) else {
                let message = format!("`{key}` must be a non-empty list of strings");
                self.problem(Which::Spec, &list.at, message);
                continue;
            };
            // API versions restrict github.com only; a product without them has `None` here.
            if let Some(ours) = ours {
                available &= names.contains(&ours);
            }
        }
        available
    }

    /// `node` itself, or, when it is only a wrapper that makes a reference nullable
    /// (`{nullable: true, allOf: [X]}` with nothing else but prose and extensions, OpenAPI
    /// 3.0's way to say "X or null"), the schema X it wraps; with whether a wrapper on the
    /// way allowed `null`.
    pub fn unwrap_nullable(&mut self, which: Which, node: Located<'a>) -> (Located<'a>, bool) {
        let mut current = node;
        let mut nullable = false;
        for _ in 0..MAX_WRAPPERS {
            let Some(map) = current.value.as_object() else {
                break;
            };
            let only_wrapping = map
                .keys()
                .all(|k| !is_fact(k) || k == "allOf" || k == "nullable");
            let branches = self.items(which, &current, "allOf");
            let ([branch], true) = (branches.as_slice(), only_wrapping) else {
                break;
            };
            nullable |= is_nullable(map);
            match self.resolve(which, branch) {
                Some(inner) => current = inner,
                None => break,
            }
        }
        (current, nullable)
    }

    /// A short description of the schema `node` for a report line about a node that only one
    /// side has: `string (date-time), nullable`, `array of runner-label`, `object simple-user`.
    pub fn summary(&mut self, which: Which, node: &Located<'a>) -> String {
        self.summary_at_depth(which, node, 0)
    }

    fn summary_at_depth(&mut self, which: Which, node: &Located<'a>, depth: usize) -> String {
        let Some(resolved) = self.resolve(which, node) else {
            return "a broken `$ref`".to_owned();
        };
        let (resolved, wrapped_nullable) = self.unwrap_nullable(which, resolved);
        let component = (resolved.at != node.at)
            .then(|| resolved.at.segments().last().cloned())
            .flatten();
        let Some(map) = resolved.value.as_object() else {
            return "not a schema".to_owned();
        };
        let mut text = String::new();
        for keyword in ["anyOf", "oneOf", "allOf"] {
            let branches = self.items(which, &resolved, keyword);
            if branches.is_empty() || depth > 2 {
                continue;
            }
            let shown: Vec<String> = branches
                .iter()
                .map(|b| self.summary_at_depth(which, b, depth + 1))
                .collect();
            text = format!("{keyword} [{}]", shown.join(" | "));
        }
        if text.is_empty() {
            text = schema_type(map).unwrap_or("any").to_owned();
        }
        if let Some(format) = map.get("format").and_then(Value::as_str) {
            text.push_str(&format!(" ({format})"));
        }
        let items = resolved
            .child("items")
            .filter(|_| text == "array" && depth <= 2);
        if let Some(items) = items {
            text = format!(
                "array of {}",
                self.summary_at_depth(which, &items, depth + 1)
            );
        }
        match component {
            Some(name) => text.push_str(&format!(" `{name}`")),
            None if text == "object" => {
                let fields: Vec<&str> = map
                    .get("properties")
                    .and_then(Value::as_object)
                    .map(|p| p.keys().map(String::as_str).collect())
                    .unwrap_or_default();
                if !fields.is_empty() {
                    text.push_str(&format!(" {{{}}}", fields.join(", ")));
                }
            }
            None => {}
        }
        if wrapped_nullable || is_nullable(map) {
            text.push_str(", nullable");
        }
        if let Some(values) = map.get("enum").and_then(Value::as_array) {
            let shown: Vec<String> = values
                .iter()
                .filter(|v| !v.is_null())
                .map(compact)
                .collect();
            text.push_str(&format!(", enum [{}]", shown.join(", ")));
        }
        text
    }
}

/// The schema's `type`, or the one its keywords imply: upstream and spec differ in whether
/// they spell out `type: object` beside `properties`, which says nothing different.
pub(super) fn schema_type(map: &Map<String, Value>) -> Option<&str> {
    match map.get("type") {
        Some(ty) => ty.as_str(),
        None if map.contains_key("properties") => Some("object"),
        None if map.contains_key("items") => Some("array"),
        None => None,
    }
}

/// Whether the schema admits `null`: by `nullable: true` or by `null` among its `enum`
/// values (the spec writes both for nullable enums; either one means the same).
pub(super) fn is_nullable(map: &Map<String, Value>) -> bool {
    map.get("nullable").and_then(Value::as_bool) == Some(true)
        || map
            .get("enum")
            .and_then(Value::as_array)
            .is_some_and(|values| values.iter().any(Value::is_null))
}

/// A value as one line of JSON (strings keep their quotes, so `"30"` and `30` differ).
pub(super) fn compact(value: &Value) -> String {
    value.to_string()
}
