//! Comparing two schemas, recursively: type, format, nullability, enum values, bounds and other
//! fact keywords, fields and their required-ness, items, additional properties and
//! `anyOf`/`oneOf`/`allOf`/`not` structure. `$ref`s are resolved on both sides, so shapes are
//! compared whatever their components are called.

use super::difference::{Kind, Side};
use super::document::Located;
use super::walk::{Walk, Which, compact, is_fact, is_nullable, schema_type};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// Keywords compared by their own rules below rather than as plain values.
const STRUCTURAL: [&str; 12] = [
    "$ref",
    "type",
    "nullable",
    "enum",
    "properties",
    "required",
    "items",
    "additionalProperties",
    "anyOf",
    "oneOf",
    "allOf",
    "not",
];

/// Keywords whose absence means `false`, so that absent and `false` are not a difference.
const FALSE_BY_DEFAULT: [&str; 6] = [
    "readOnly",
    "writeOnly",
    "deprecated",
    "uniqueItems",
    "exclusiveMinimum",
    "exclusiveMaximum",
];

/// The keywords that combine several schemas, each a list of branches.
const COMBINATORS: [&str; 3] = ["anyOf", "oneOf", "allOf"];

/// What pairs a branch with the branch on the other side that states the same alternative.
#[derive(Default)]
struct Likeness {
    ty: Option<String>,
    /// The component it is, when it is a `$ref`.
    name: Option<String>,
    fields: BTreeSet<String>,
    required: BTreeSet<String>,
}

impl Likeness {
    fn score(&self, other: &Likeness) -> (bool, bool, usize) {
        let same_name = self.name.is_some() && self.name == other.name;
        let common = self.fields.intersection(&other.fields).count()
            + self.required.intersection(&other.required).count();
        (self.ty == other.ty, same_name, common)
    }
}

/// What `additionalProperties` allows, with `true`, `{}` and absence all meaning "anything".
enum Extra<'a> {
    Any,
    Forbidden,
    Schema(Located<'a>),
}

impl<'a> Walk<'a> {
    /// Compares the schema `spec` with the schema `upstream`; `subject` names the node in
    /// messages ("field `labels`", "response body").
    pub fn schemas(&mut self, spec: &Located<'a>, upstream: &Located<'a>, subject: &str) {
        let (Some(s), Some(u)) = (
            self.resolve(Which::Spec, spec),
            self.resolve(Which::Upstream, upstream),
        ) else {
            return;
        };
        // A wrapper that only makes a reference nullable states the wrapped schema's facts.
        let (s, s_wrapped_null) = self.unwrap_nullable(Which::Spec, s);
        let (u, u_wrapped_null) = self.unwrap_nullable(Which::Upstream, u);
        let pair = (s.at.clone(), u.at.clone());
        if self.in_progress.contains(&pair) {
            return;
        }
        let (Some(sm), Some(um)) = (
            self.map(Which::Spec, &s, "a schema"),
            self.map(Which::Upstream, &u, "a schema"),
        ) else {
            return;
        };
        self.in_progress.push(pair);
        self.check_keywords(Which::Spec, &s, sm);
        self.check_keywords(Which::Upstream, &u, um);
        // Facts of a schema reached through a spec `$ref` belong to the shared component;
        // naming the referring place tells which use of it differs from upstream.
        let here = if s.at == spec.at {
            subject.to_owned()
        } else {
            format!("{subject} via {}", spec.at.readable())
        };
        let nullable = (
            s_wrapped_null || is_nullable(sm),
            u_wrapped_null || is_nullable(um),
        );
        self.type_and_nullable(&s, sm, &u, um, nullable, &here);
        self.enums(&s, sm, &u, um, &here);
        self.keywords(&s, sm, &u, um, &here);
        // When one side combines branches and the other does not, their fields sit at
        // different places: the composition difference says it, field by field would mislead.
        if self.compositions(&s, &u, &here) {
            self.properties(&s, &u);
            self.items_of(&s, &u, subject);
            self.additional(&s, &u, subject);
        }
        self.in_progress.pop();
    }

    /// Keywords read leniently below must still have the right JSON type: a malformed
    /// document is a problem, never a silently different answer.
    fn check_keywords(&mut self, which: Which, node: &Located<'a>, map: &Map<String, Value>) {
        let wrong = [
            ("type", map.get("type").is_some_and(|v| !v.is_string())),
            (
                "nullable",
                map.get("nullable").is_some_and(|v| !v.is_boolean()),
            ),
            ("enum", map.get("enum").is_some_and(|v| !v.is_array())),
        ];
        for (key, is_wrong) in wrong {
            if is_wrong {
                let message = format!("`{key}` has the wrong type");
                self.problem(which, &node.at.join(key), message);
            }
        }
    }

    fn type_and_nullable(
        &mut self,
        s: &Located<'a>,
        sm: &Map<String, Value>,
        u: &Located<'a>,
        um: &Map<String, Value>,
        (sn, un): (bool, bool),
        subject: &str,
    ) {
        let (st, ut) = (schema_type(sm), schema_type(um));
        // An untyped schema made of branches takes its type from them; the composition
        // comparison reports how the branches differ.
        let combined = |map: &Map<String, Value>, ty: Option<&str>| {
            ty.is_none() && COMBINATORS.iter().any(|k| map.contains_key(*k))
        };
        if st != ut && !combined(sm, st) && !combined(um, ut) {
            self.differ(
                Kind::Type,
                subject,
                Side::has(&s.at.join("type"), st.unwrap_or("untyped")),
                Side::has(&u.at.join("type"), ut.unwrap_or("untyped")),
            );
        }
        if sn != un {
            let shown = |n: bool| if n { "nullable" } else { "not nullable" };
            self.differ(
                Kind::Nullable,
                subject,
                Side::has(&s.at.join("nullable"), shown(sn)),
                Side::has(&u.at.join("nullable"), shown(un)),
            );
        }
    }

    /// Enum values are compared as sets without `null`, which `type_and_nullable` covers.
    fn enums(
        &mut self,
        s: &Located<'a>,
        sm: &Map<String, Value>,
        u: &Located<'a>,
        um: &Map<String, Value>,
        subject: &str,
    ) {
        let values = |map: &Map<String, Value>| -> Option<BTreeSet<String>> {
            let list = map.get("enum")?.as_array()?;
            Some(list.iter().filter(|v| !v.is_null()).map(compact).collect())
        };
        let (se, ue) = (values(sm), values(um));
        if se == ue {
            return;
        }
        let side = |at: &Located<'a>, mine: &Option<BTreeSet<String>>, theirs| match (mine, theirs)
        {
            (None, _) => Side::lacks(at.at.join("enum")),
            (Some(mine), None) => Side::has(&at.at.join("enum"), list(mine.iter())),
            (Some(mine), Some(theirs)) => {
                let only: Vec<&String> = mine.difference(theirs).collect();
                let shown = if only.is_empty() {
                    "no value the other lacks".to_owned()
                } else {
                    format!("also {}", list(only.into_iter()))
                };
                Side::has(&at.at.join("enum"), shown)
            }
        };
        let spec = side(s, &se, ue.as_ref());
        let upstream = side(u, &ue, se.as_ref());
        self.differ(Kind::Enum, subject, spec, upstream);
    }

    /// Every other fact keyword (format, default, bounds, readOnly, ...) as a plain value.
    fn keywords(
        &mut self,
        s: &Located<'a>,
        sm: &Map<String, Value>,
        u: &Located<'a>,
        um: &Map<String, Value>,
        subject: &str,
    ) {
        let keys: BTreeSet<&str> = sm
            .keys()
            .chain(um.keys())
            .map(String::as_str)
            .filter(|k| is_fact(k) && !STRUCTURAL.contains(k))
            .collect();
        for key in keys {
            let value = |map: &Map<String, Value>| match map.get(key) {
                None if FALSE_BY_DEFAULT.contains(&key) => Some(Value::Bool(false)),
                other => other.cloned(),
            };
            let (sv, uv) = (value(sm), value(um));
            if sv == uv {
                continue;
            }
            let side = |at: &Located<'a>, v: &Option<Value>| match v {
                Some(v) => Side::has(&at.at.join(key), compact(v)),
                None => Side::lacks(at.at.join(key)),
            };
            let kind = Kind::of_keyword(key);
            let named = match kind {
                Kind::Format | Kind::Default => subject.to_owned(),
                _ => format!("`{key}` of {subject}"),
            };
            let (spec, upstream) = (side(s, &sv), side(u, &uv));
            self.differ(kind, &named, spec, upstream);
        }
    }

    /// Compares the combining keywords; true when both sides are built alike, so their
    /// fields can be compared directly.
    fn compositions(&mut self, s: &Located<'a>, u: &Located<'a>, subject: &str) -> bool {
        let combined = |walk: &mut Self, which, node| -> Vec<(&'static str, Vec<Located<'a>>)> {
            COMBINATORS
                .into_iter()
                .map(|k| (k, walk.items(which, node, k)))
                .filter(|(_, branches)| !branches.is_empty())
                .collect()
        };
        let (sc, uc) = (
            combined(self, Which::Spec, s),
            combined(self, Which::Upstream, u),
        );
        let mut alike = true;
        // One combinator on each side under different names (`oneOf` here, `anyOf` there):
        // one difference for the keyword, and the branches are still compared pairwise.
        // (No `let` chains: the workspace still builds with Rust 1.85.)
        let swapped = match (sc.as_slice(), uc.as_slice()) {
            ([(sk, sb)], [(uk, ub)]) if sk != uk => Some((*sk, sb, *uk, ub)),
            _ => None,
        };
        if let Some((sk, sb, uk, ub)) = swapped {
            let spec = self.branches_side(Which::Spec, s, sk, sb);
            let upstream = self.branches_side(Which::Upstream, u, uk, ub);
            self.differ(Kind::Composition, subject, spec, upstream);
            return self.branch_pairs(sb, ub, &format!("`{sk}` branch of {subject}"));
        }
        for keyword in COMBINATORS {
            let find = |list: &[(&str, Vec<Located<'a>>)]| {
                list.iter()
                    .find(|(k, _)| *k == keyword)
                    .map(|(_, b)| b.clone())
                    .unwrap_or_default()
            };
            let (sb, ub) = (find(&sc), find(&uc));
            if sb.is_empty() && ub.is_empty() {
                continue;
            }
            if sb.len() != ub.len() {
                let spec = self.branches_side(Which::Spec, s, keyword, &sb);
                let upstream = self.branches_side(Which::Upstream, u, keyword, &ub);
                self.differ(Kind::Composition, subject, spec, upstream);
            }
            alike &= self.branch_pairs(&sb, &ub, &format!("`{keyword}` branch of {subject}"));
        }
        match (s.child("not"), u.child("not")) {
            (Some(a), Some(b)) => self.schemas(&a, &b, &format!("`not` of {subject}")),
            (None, None) => {}
            (a, b) => {
                let spec = self.optional_side(Which::Spec, s, "not", a);
                let upstream = self.optional_side(Which::Upstream, u, "not", b);
                self.differ(Kind::Composition, subject, spec, upstream);
            }
        }
        alike
    }

    /// Compares equally many branches pairwise; false (comparing nothing) when the counts
    /// differ, which the caller reports.
    fn branch_pairs(
        &mut self,
        spec: &[Located<'a>],
        upstream: &[Located<'a>],
        subject: &str,
    ) -> bool {
        if spec.len() != upstream.len() {
            return false;
        }
        for (i, j) in self.pair_branches(spec, upstream) {
            self.schemas(&spec[i], &upstream[j], subject);
        }
        true
    }

    fn branches_side(
        &mut self,
        which: Which,
        node: &Located<'a>,
        keyword: &str,
        branches: &[Located<'a>],
    ) -> Side {
        let at = node.at.join(keyword);
        if branches.is_empty() {
            return Side::lacks(at);
        }
        let shown: Vec<String> = branches.iter().map(|b| self.summary(which, b)).collect();
        Side::has(&at, format!("{keyword} [{}]", shown.join(" | ")))
    }

    /// A side holding the schema `found` (the child `key` of `node`) or lacking it.
    fn optional_side(
        &mut self,
        which: Which,
        node: &Located<'a>,
        key: &str,
        found: Option<Located<'a>>,
    ) -> Side {
        match found {
            Some(child) => {
                let shown = self.summary(which, &child);
                Side::has(&child.at, shown)
            }
            None => Side::lacks(node.at.join(key)),
        }
    }

    /// Pairs equally many branches: each spec branch with the free upstream branch that looks
    /// most like it (same type first, then the same component name, then the most fields and
    /// `required` entries in common), the first one on a tie. Branch order carries no meaning in
    /// `anyOf`/`oneOf`, so pairing by position alone would report swapped branches.
    fn pair_branches(
        &mut self,
        spec: &[Located<'a>],
        upstream: &[Located<'a>],
    ) -> Vec<(usize, usize)> {
        let sl: Vec<Likeness> = spec.iter().map(|b| self.likeness(Which::Spec, b)).collect();
        let ul: Vec<Likeness> = upstream
            .iter()
            .map(|b| self.likeness(Which::Upstream, b))
            .collect();
        let mut free = vec![true; upstream.len()];
        let mut pairs = Vec::new();
        for (i, mine) in sl.iter().enumerate() {
            let best = (0..upstream.len())
                .filter(|&j| free[j])
                .max_by_key(|&j| (mine.score(&ul[j]), std::cmp::Reverse(j)));
            if let Some(j) = best {
                free[j] = false;
                pairs.push((i, j));
            }
        }
        pairs
    }

    /// What `pair_branches` compares of one branch.
    fn likeness(&mut self, which: Which, branch: &Located<'a>) -> Likeness {
        let Some(resolved) = self.resolve(which, branch) else {
            return Likeness::default();
        };
        let (resolved, _) = self.unwrap_nullable(which, resolved);
        let name = (resolved.at != branch.at)
            .then(|| resolved.at.segments().last().cloned())
            .flatten();
        let Some(map) = resolved.value.as_object() else {
            return Likeness::default();
        };
        let names = |key: &str| -> BTreeSet<String> {
            match map.get(key) {
                Some(Value::Object(fields)) => fields.keys().cloned().collect(),
                Some(Value::Array(items)) => items
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect(),
                _ => BTreeSet::new(),
            }
        };
        Likeness {
            ty: schema_type(map).map(str::to_owned),
            name,
            fields: names("properties"),
            required: names("required"),
        }
    }

    fn properties(&mut self, s: &Located<'a>, u: &Located<'a>) {
        // A spec field that `x-github-products`/`x-github-api-versions` keeps off this
        // target is compared as absent here, and so is its `required` entry.
        let mut sp: BTreeMap<&str, Located<'a>> = BTreeMap::new();
        let mut elsewhere: BTreeSet<&str> = BTreeSet::new();
        for (name, field) in self.entries(Which::Spec, s, "properties") {
            if self.available(&field) {
                sp.insert(name, field);
            } else {
                elsewhere.insert(name);
            }
        }
        let up: BTreeMap<&str, Located<'a>> = self
            .entries(Which::Upstream, u, "properties")
            .into_iter()
            .collect();
        let mut sr = self.required(Which::Spec, s);
        sr.retain(|name| !elsewhere.contains(name));
        let ur = self.required(Which::Upstream, u);
        let names: BTreeSet<&str> = sp.keys().chain(up.keys()).copied().collect();
        for name in names {
            let field = format!("field `{name}`");
            match (sp.get(name), up.get(name)) {
                (Some(a), Some(b)) => {
                    self.schemas(a, b, &field);
                    let (a_req, b_req) = (sr.contains(name), ur.contains(name));
                    if a_req != b_req {
                        let shown = |r: bool| if r { "required" } else { "optional" };
                        self.differ(
                            Kind::Required,
                            &field,
                            Side::has(&s.at.join("required"), shown(a_req)),
                            Side::has(&u.at.join("required"), shown(b_req)),
                        );
                    }
                }
                (Some(a), None) => {
                    let spec = self.field_side(Which::Spec, a, sr.contains(name));
                    let upstream = Side::lacks(u.at.join("properties").join(name));
                    self.differ(Kind::Property, &field, spec, upstream);
                }
                (None, Some(b)) => {
                    let spec = Side::lacks(s.at.join("properties").join(name));
                    let upstream = self.field_side(Which::Upstream, b, ur.contains(name));
                    self.differ(Kind::Property, &field, spec, upstream);
                }
                (None, None) => {}
            }
        }
    }

    /// The side of a field only one side has: its shape and whether it is required.
    fn field_side(&mut self, which: Which, field: &Located<'a>, required: bool) -> Side {
        let shape = self.summary(which, field);
        let required = if required { "required" } else { "optional" };
        Side::has(&field.at, format!("{shape}, {required}"))
    }

    /// The names in the schema's `required` list.
    fn required(&mut self, which: Which, node: &Located<'a>) -> BTreeSet<&'a str> {
        let mut names = BTreeSet::new();
        for item in self.items(which, node, "required") {
            match item.value.as_str() {
                Some(name) => {
                    names.insert(name);
                }
                None => self.problem(which, &item.at, "a `required` entry is not a string"),
            }
        }
        names
    }

    fn items_of(&mut self, s: &Located<'a>, u: &Located<'a>, subject: &str) {
        match (s.child("items"), u.child("items")) {
            (Some(a), Some(b)) => self.schemas(&a, &b, &format!("items of {subject}")),
            (None, None) => {}
            (a, b) => {
                let spec = self.optional_side(Which::Spec, s, "items", a);
                let upstream = self.optional_side(Which::Upstream, u, "items", b);
                self.differ(Kind::Items, subject, spec, upstream);
            }
        }
    }

    fn additional(&mut self, s: &Located<'a>, u: &Located<'a>, subject: &str) {
        match (extra(s), extra(u)) {
            (Extra::Any, Extra::Any) | (Extra::Forbidden, Extra::Forbidden) => {}
            (Extra::Schema(a), Extra::Schema(b)) => {
                self.schemas(&a, &b, &format!("values of {subject}"));
            }
            (a, b) => {
                let spec = self.extra_side(Which::Spec, s, a);
                let upstream = self.extra_side(Which::Upstream, u, b);
                self.differ(Kind::AdditionalProperties, subject, spec, upstream);
            }
        }
    }

    fn extra_side(&mut self, which: Which, node: &Located<'a>, extra: Extra<'a>) -> Side {
        let at = node.at.join("additionalProperties");
        match extra {
            Extra::Any => Side::has(&at, "any"),
            Extra::Forbidden => Side::has(&at, "none"),
            Extra::Schema(schema) => {
                let shown = self.summary(which, &schema);
                Side::has(&at, shown)
            }
        }
    }
}

fn extra<'a>(node: &Located<'a>) -> Extra<'a> {
    match node.child("additionalProperties") {
        None => Extra::Any,
        Some(child) => match child.value {
            Value::Bool(false) => Extra::Forbidden,
            Value::Bool(true) => Extra::Any,
            Value::Object(map) if map.is_empty() => Extra::Any,
            _ => Extra::Schema(child),
        },
    }
}

/// `"a", "b"` from values already shown as JSON.
fn list<'s>(values: impl Iterator<Item = &'s String>) -> String {
    values.map(String::as_str).collect::<Vec<_>>().join(", ")
}
