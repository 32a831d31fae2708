//! Comparing operations: which exist for the target and under which route, then their
//! parameters, request bodies and responses (statuses, headers, bodies). Schemas found on the
//! way are handed to `schema.rs`.
//!
//! Not compared: `tags` (the spec groups operations by API area, upstream tags them all
//! `actions`), prose and examples, and vendor extensions.

use super::difference::{Kind, Side};
use super::document::{Located, Pointer};
use super::walk::{Walk, Which, compact};
use generator::extensions;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// The HTTP methods a path item may hold, as OpenAPI spells them.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// One operation of a document.
struct Found<'a> {
    method: &'a str,
    path: &'a str,
    /// The path item (its `parameters` apply to the operation too).
    item: Located<'a>,
    /// The operation.
    op: Located<'a>,
    /// The spec's `x-github-products`; upstream files describe one product and have none.
    products: Vec<&'a str>,
}

impl Found<'_> {
    fn route(&self) -> String {
        format!("{} {}", self.method.to_ascii_uppercase(), self.path)
    }
}

impl<'a> Walk<'a> {
    /// Compares every operation the spec lists for the target, and every upstream operation,
    /// that `keep` admits (by operationId).
    pub fn operations(&mut self, keep: &dyn Fn(&str) -> bool) {
        let spec = self.collect(Which::Spec);
        let upstream = self.collect(Which::Upstream);
        let ids: BTreeSet<&str> = spec
            .keys()
            .chain(upstream.keys())
            .copied()
            .filter(|id| keep(id))
            .collect();
        let product = self.target.product();
        for id in ids {
            self.operation = id.to_owned();
            let listed = spec.get(id);
            let on_target = listed.filter(|f| f.products.contains(&product));
            match (on_target, upstream.get(id)) {
                (Some(s), Some(u)) => self.operation_pair(s, u),
                (Some(s), None) => {
                    let absent = Pointer::root().join("paths").join(s.path).join(s.method);
                    let spec = Side::has(&s.op.at, s.route());
                    self.differ(Kind::Operation, "operation", spec, Side::lacks(absent));
                }
                (None, Some(u)) => {
                    let spec = match listed {
                        // The spec has it, but says the product does not.
                        Some(s) => Side::has(
                            &s.op.at.join(extensions::PRODUCTS),
                            format!("{} without {product}", s.route()),
                        ),
                        None => {
                            Side::lacks(Pointer::root().join("paths").join(u.path).join(u.method))
                        }
                    };
                    let upstream = Side::has(&u.op.at, u.route());
                    self.differ(Kind::Operation, "operation", spec, upstream);
                }
                (None, None) => {}
            }
        }
    }

    /// The operations of one document by operationId.
    fn collect(&mut self, which: Which) -> BTreeMap<&'a str, Found<'a>> {
        let root = Located {
            value: self.doc(which).root(),
            at: Pointer::root(),
        };
        let mut found = BTreeMap::new();
        for (path, item) in self.entries(which, &root, "paths") {
            let Some(item) = self.resolve(which, &item) else {
                continue;
            };
            for method in METHODS {
                let Some(op) = item.child(method) else {
                    continue;
                };
                let Some(id) = op.value.get("operationId").and_then(Value::as_str) else {
                    self.problem(which, &op.at, "the operation has no string `operationId`");
                    continue;
                };
                let products = match which {
                    Which::Spec => self.products(&op),
                    Which::Upstream => Vec::new(),
                };
                let operation = Found {
                    method,
                    path,
                    item: item.clone(),
                    op,
                    products,
                };
                let at = operation.op.at.clone();
                if let Some(first) = found.insert(id, operation) {
                    let message = format!("operationId `{id}` is also used at {}", first.op.at);
                    self.problem(which, &at, message);
                }
            }
        }
        found
    }

    /// The spec operation's `x-github-products`, which spec/README.md makes required.
    fn products(&mut self, op: &Located<'a>) -> Vec<&'a str> {
        let key = extensions::PRODUCTS;
        if op.child(key).is_none() {
            self.problem(Which::Spec, &op.at, format!("the operation has no `{key}`"));
        }
        let mut products = Vec::new();
        for item in self.items(Which::Spec, op, key) {
            match item.value.as_str() {
                Some(product) => products.push(product),
                None => self.problem(Which::Spec, &item.at, "a product is not a string"),
            }
        }
        products
    }

    fn operation_pair(&mut self, s: &Found<'a>, u: &Found<'a>) {
        self.compared.insert(self.operation.clone());
        if (s.method, s.path) != (u.method, u.path) {
            let (spec, upstream) = (
                Side::has(&s.op.at, s.route()),
                Side::has(&u.op.at, u.route()),
            );
            self.differ(Kind::Route, "operation", spec, upstream);
        }
        let deprecated = [("deprecated", Some(Value::Bool(false)))];
        self.plain_keywords(&s.op, &u.op, &deprecated, "operation");
        self.parameters(s, u);
        self.request_bodies(s, u);
        self.responses(s, u);
    }

    /// Compares the keywords `keys` as plain values; a key's default stands in when absent.
    fn plain_keywords(
        &mut self,
        s: &Located<'a>,
        u: &Located<'a>,
        keys: &[(&str, Option<Value>)],
        subject: &str,
    ) {
        for (key, default) in keys {
            let value =
                |node: &Located<'a>| node.value.get(*key).cloned().or_else(|| default.clone());
            let (sv, uv) = (value(s), value(u));
            if sv == uv {
                continue;
            }
            let side = |node: &Located<'a>, v: &Option<Value>| match v {
                Some(v) => Side::has(&node.at.join(key), compact(v)),
                None => Side::lacks(node.at.join(key)),
            };
            let kind = match *key {
                "required" => Kind::Required,
                other => Kind::of_keyword(other),
            };
            let named = match kind {
                Kind::Required => subject.to_owned(),
                _ => format!("`{key}` of {subject}"),
            };
            let (spec, upstream) = (side(s, &sv), side(u, &uv));
            self.differ(kind, &named, spec, upstream);
        }
    }

    /// The operation's parameters by (`in`, name), path-level ones overridden by its own.
    fn parameter_map(
        &mut self,
        which: Which,
        found: &Found<'a>,
    ) -> BTreeMap<(&'a str, &'a str), Located<'a>> {
        let mut map = BTreeMap::new();
        for owner in [&found.item, &found.op] {
            for parameter in self.items(which, owner, "parameters") {
                let Some(resolved) = self.resolve(which, &parameter) else {
                    continue;
                };
                let text = |key: &str| resolved.value.get(key).and_then(Value::as_str);
                match (text("in"), text("name")) {
                    (Some(place), Some(name)) => {
                        map.insert((place, name), resolved);
                    }
                    _ => self.problem(
                        which,
                        &resolved.at,
                        "a parameter without string `name` and `in`",
                    ),
                }
            }
        }
        map
    }

    fn parameters(&mut self, s: &Found<'a>, u: &Found<'a>) {
        let sp = self.parameter_map(Which::Spec, s);
        let up = self.parameter_map(Which::Upstream, u);
        let keys: BTreeSet<(&str, &str)> = sp.keys().chain(up.keys()).copied().collect();
        for (place, name) in keys {
            let subject = format!("parameter `{name}` ({place})");
            match (sp.get(&(place, name)), up.get(&(place, name))) {
                (Some(a), Some(b)) => self.parameter_pair(a, b, place, &subject),
                (Some(a), None) => {
                    let spec = self.parameter_side(Which::Spec, a);
                    let upstream = Side::lacks(u.op.at.join("parameters"));
                    self.differ(Kind::Parameter, &subject, spec, upstream);
                }
                (None, Some(b)) => {
                    let spec = Side::lacks(s.op.at.join("parameters"));
                    let upstream = self.parameter_side(Which::Upstream, b);
                    self.differ(Kind::Parameter, &subject, spec, upstream);
                }
                (None, None) => {}
            }
        }
    }

    fn parameter_side(&mut self, which: Which, parameter: &Located<'a>) -> Side {
        let shape = match parameter.child("schema") {
            Some(schema) => self.summary(which, &schema),
            None => "no schema".to_owned(),
        };
        let required = parameter.value.get("required").and_then(Value::as_bool) == Some(true);
        let required = if required { "required" } else { "optional" };
        Side::has(&parameter.at, format!("{shape}, {required}"))
    }

    fn parameter_pair(&mut self, s: &Located<'a>, u: &Located<'a>, place: &str, subject: &str) {
        // Defaults from OpenAPI 3.0, so that spelling a default out is not a difference.
        let style = if matches!(place, "query" | "cookie") {
            "form"
        } else {
            "simple"
        };
        let style_of = |p: &Located<'a>| {
            p.value
                .get("style")
                .and_then(Value::as_str)
                .unwrap_or(style)
        };
        let mut keys = vec![
            ("required", Some(Value::Bool(false))),
            ("deprecated", Some(Value::Bool(false))),
            ("allowEmptyValue", Some(Value::Bool(false))),
            ("allowReserved", Some(Value::Bool(false))),
            ("style", Some(Value::from(style))),
        ];
        // `explode` defaults by style, so it only compares when the styles agree.
        if style_of(s) == style_of(u) {
            keys.push(("explode", Some(Value::Bool(style_of(s) == "form"))));
        }
        self.plain_keywords(s, u, &keys, subject);
        self.schema_pair(s, u, subject);
        if s.child("content").is_some() || u.child("content").is_some() {
            self.contents(s, u, subject);
        }
    }

    /// Compares the `schema` of two parameters, headers or media types.
    fn schema_pair(&mut self, s: &Located<'a>, u: &Located<'a>, subject: &str) {
        match (s.child("schema"), u.child("schema")) {
            (Some(a), Some(b)) => self.schemas(&a, &b, subject),
            (None, None) => {}
            (a, b) => {
                let mut side =
                    |which: Which, node: &Located<'a>, schema: Option<Located<'a>>| match schema {
                        Some(schema) => {
                            let shown = self.summary(which, &schema);
                            Side::has(&schema.at, shown)
                        }
                        None => Side::has(&node.at.join("schema"), "no schema"),
                    };
                let spec = side(Which::Spec, s, a);
                let upstream = side(Which::Upstream, u, b);
                self.differ(Kind::Type, subject, spec, upstream);
            }
        }
    }

    /// Compares the `content` maps (media type -> schema) of two bodies.
    fn contents(&mut self, s: &Located<'a>, u: &Located<'a>, subject: &str) {
        let sc: BTreeMap<&str, Located<'a>> = self
            .entries(Which::Spec, s, "content")
            .into_iter()
            .collect();
        let uc: BTreeMap<&str, Located<'a>> = self
            .entries(Which::Upstream, u, "content")
            .into_iter()
            .collect();
        let types: BTreeSet<&str> = sc.keys().chain(uc.keys()).copied().collect();
        for media in types {
            match (sc.get(media), uc.get(media)) {
                (Some(a), Some(b)) => self.schema_pair(a, b, subject),
                (Some(a), None) => {
                    let spec = self.media_side(Which::Spec, a);
                    let upstream = Side::lacks(u.at.join("content").join(media));
                    self.differ(
                        Kind::MediaType,
                        &format!("{subject} as {media}"),
                        spec,
                        upstream,
                    );
                }
                (None, Some(b)) => {
                    let spec = Side::lacks(s.at.join("content").join(media));
                    let upstream = self.media_side(Which::Upstream, b);
                    self.differ(
                        Kind::MediaType,
                        &format!("{subject} as {media}"),
                        spec,
                        upstream,
                    );
                }
                (None, None) => {}
            }
        }
    }

    fn media_side(&mut self, which: Which, media: &Located<'a>) -> Side {
        let shown = match media.child("schema") {
            Some(schema) => self.summary(which, &schema),
            None => "no schema".to_owned(),
        };
        Side::has(&media.at, shown)
    }

    fn request_bodies(&mut self, s: &Found<'a>, u: &Found<'a>) {
        let subject = "request body";
        let (a, b) = (s.op.child("requestBody"), u.op.child("requestBody"));
        let a = a.and_then(|a| self.resolve(Which::Spec, &a));
        let b = b.and_then(|b| self.resolve(Which::Upstream, &b));
        match (a, b) {
            (Some(a), Some(b)) => {
                self.plain_keywords(&a, &b, &[("required", Some(Value::Bool(false)))], subject);
                self.contents(&a, &b, subject);
            }
            (None, None) => {}
            (a, b) => {
                let spec = self.body_side(Which::Spec, s.op.at.join("requestBody"), a);
                let upstream = self.body_side(Which::Upstream, u.op.at.join("requestBody"), b);
                self.differ(Kind::RequestBody, subject, spec, upstream);
            }
        }
    }

    /// A side holding the request body or response `found`, or lacking the one that would
    /// be at `absent`.
    fn body_side(&mut self, which: Which, absent: Pointer, found: Option<Located<'a>>) -> Side {
        let Some(body) = found else {
            return Side::lacks(absent);
        };
        let mut shown: Vec<String> = Vec::new();
        for (media, entry) in self.entries(which, &body, "content") {
            let shape = match entry.child("schema") {
                Some(schema) => self.summary(which, &schema),
                None => "no schema".to_owned(),
            };
            shown.push(format!("{media}: {shape}"));
        }
        let text = if shown.is_empty() {
            "no body".to_owned()
        } else {
            shown.join("; ")
        };
        Side::has(&body.at, text)
    }

    fn responses(&mut self, s: &Found<'a>, u: &Found<'a>) {
        // A status the spec keeps off this target (`x-github-products`,
        // `x-github-api-versions`) is compared as absent here.
        let mut sr: BTreeMap<&str, Located<'a>> = BTreeMap::new();
        for (status, response) in self.entries(Which::Spec, &s.op, "responses") {
            if self.available(&response) {
                sr.insert(status, response);
            }
        }
        let ur: BTreeMap<&str, Located<'a>> = self
            .entries(Which::Upstream, &u.op, "responses")
            .into_iter()
            .collect();
        let statuses: BTreeSet<&str> = sr.keys().chain(ur.keys()).copied().collect();
        for status in statuses {
            let subject = format!("status {status}");
            let a = sr.get(status).and_then(|a| self.resolve(Which::Spec, a));
            let b = ur
                .get(status)
                .and_then(|b| self.resolve(Which::Upstream, b));
            match (a, b) {
                (Some(a), Some(b)) => {
                    self.headers(&a, &b);
                    self.contents(&a, &b, "response body");
                }
                (None, None) => {}
                (a, b) => {
                    let absent = |f: &Found<'a>| f.op.at.join("responses").join(status);
                    let spec = self.body_side(Which::Spec, absent(s), a);
                    let upstream = self.body_side(Which::Upstream, absent(u), b);
                    self.differ(Kind::Status, &subject, spec, upstream);
                }
            }
        }
    }

    /// Header names are compared without regard to case, as HTTP does.
    fn headers(&mut self, s: &Located<'a>, u: &Located<'a>) {
        let by_name = |entries: Vec<(&'a str, Located<'a>)>| -> BTreeMap<String, Located<'a>> {
            entries
                .into_iter()
                .map(|(name, h)| (name.to_ascii_lowercase(), h))
                .collect()
        };
        let sh = by_name(self.entries(Which::Spec, s, "headers"));
        let uh = by_name(self.entries(Which::Upstream, u, "headers"));
        let names: BTreeSet<&String> = sh.keys().chain(uh.keys()).collect();
        for name in names {
            let subject = format!("header `{name}`");
            let a = sh.get(name).and_then(|a| self.resolve(Which::Spec, a));
            let b = uh.get(name).and_then(|b| self.resolve(Which::Upstream, b));
            match (a, b) {
                (Some(a), Some(b)) => {
                    self.plain_keywords(
                        &a,
                        &b,
                        &[("required", Some(Value::Bool(false)))],
                        &subject,
                    );
                    self.schema_pair(&a, &b, &subject);
                }
                (None, None) => {}
                (a, b) => {
                    let spec = self.header_side(Which::Spec, s, name, a, sh.get(name));
                    let upstream = self.header_side(Which::Upstream, u, name, b, uh.get(name));
                    self.differ(Kind::Header, &subject, spec, upstream);
                }
            }
        }
    }

    fn header_side(
        &mut self,
        which: Which,
        response: &Located<'a>,
        name: &str,
        resolved: Option<Located<'a>>,
        written: Option<&Located<'a>>,
    ) -> Side {
        match (resolved, written) {
            (Some(header), Some(written)) => {
                let shown = match header.child("schema") {
                    Some(schema) => self.summary(which, &schema),
                    None => "no schema".to_owned(),
                };
                Side::has(&written.at, shown)
            }
            _ => Side::lacks(response.at.join("headers").join(name)),
        }
    }
}
