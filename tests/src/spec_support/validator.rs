//! Checks a JSON value against an OpenAPI 3.0 schema: the subset `spec/actions.yaml` uses
//! (type, format, properties, required, additionalProperties, items, enum, nullable,
//! oneOf/anyOf/allOf/not, numeric and length bounds). A keyword outside that subset is
//! reported, never silently ignored.

use super::{escape, ref_target};
use generator::extensions;
use serde_json::Value;
use std::fmt;

/// Keywords that constrain a value and are checked here.
const CHECKED: &[&str] = &[
    "type",
    "format",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "enum",
    "nullable",
    "oneOf",
    "anyOf",
    "allOf",
    "not",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minLength",
    "maxLength",
    "pattern",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "maxProperties",
];

/// Keywords that describe but do not constrain.
const ANNOTATIONS: &[&str] = &[
    "title",
    "description",
    "example",
    "default",
    "readOnly",
    "writeOnly",
    "deprecated",
    "externalDocs",
    "xml",
    "discriminator",
];

/// Deeper than this, a schema is taken to recurse without end.
const MAX_DEPTH: usize = 64;

/// One way a value fails its schema.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Violation {
    /// JSON pointer into the value (`/workflow_runs/0/id`; empty for the value itself).
    pub instance: String,
    /// Where the schema that failed is (`#/components/schemas/job/properties/status`).
    pub schema: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = if self.instance.is_empty() {
            "(the whole value)"
        } else {
            &self.instance
        };
        write!(f, "at {at}: {} (schema {})", self.message, self.schema)
    }
}

/// The products, and github.com API versions, that a value shows. A schema property may exist
/// only on some of them (`x-github-products`, `x-github-api-versions` on the property): such a
/// property is required only when every product and version shown has it, and is checked as
/// undeclared when none has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Showing {
    /// `(product, API version)`: the version is set for github.com only.
    targets: Vec<(String, Option<String>)>,
}

/// The API versions the spec knows, newest first: the keys of the product table.
pub const API_VERSIONS: &[&str] = generator::product::ApiVersion::KEYS;

/// Whether the product keyed `product` gets the API version the client chooses (github.com), so
/// that `x-github-api-versions` restricts what it has; an unknown key does not.
fn chooses_api_version(product: &str) -> bool {
    generator::product::Product::from_key(product).is_some_and(|p| p.chooses_api_version())
}

impl Showing {
    /// Every product and API version: what an example shows when nothing narrows it.
    pub fn everywhere() -> Showing {
        Showing::of(super::PRODUCTS, &[])
    }

    /// `products`, and on github.com the `api_versions` (empty: every version).
    pub fn of<S: AsRef<str>>(products: &[S], api_versions: &[S]) -> Showing {
        let versions: Vec<String> = if api_versions.is_empty() {
            API_VERSIONS.iter().map(|v| (*v).to_owned()).collect()
        } else {
            api_versions.iter().map(|v| v.as_ref().to_owned()).collect()
        };
        let mut targets = Vec::new();
        for product in products {
            let product = product.as_ref();
            if chooses_api_version(product) {
                for v in &versions {
                    targets.push((product.to_owned(), Some(v.clone())));
                }
            } else {
                targets.push((product.to_owned(), None));
            }
        }
        Showing { targets }
    }

    /// How many of the shown targets have a property whose availability keys are in `node`.
    fn presence(&self, node: &Value) -> Presence {
        let list = |key: &str| -> Option<Vec<&str>> {
            let items = node.get(key)?.as_array()?;
            Some(items.iter().filter_map(Value::as_str).collect())
        };
        let (products, versions) = (list(extensions::PRODUCTS), list(extensions::API_VERSIONS));
        if products.is_none() && versions.is_none() {
            return Presence::Everywhere;
        }
        let has = |(product, version): &(String, Option<String>)| {
            products
                .as_ref()
                .is_none_or(|p| p.contains(&product.as_str()))
                && match (version, &versions) {
                    (Some(v), Some(vs)) => vs.contains(&v.as_str()),
                    _ => true,
                }
        };
        let count = self.targets.iter().filter(|t| has(t)).count();
        match count {
            0 => Presence::Nowhere,
            n if n == self.targets.len() => Presence::Everywhere,
            _ => Presence::Somewhere,
        }
    }
}

/// Whether the products and versions a value shows have a property.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Presence {
    Everywhere,
    Somewhere,
    Nowhere,
}

/// Checks `instance` against `schema`, which sits at `schema_at` in `doc`; local `$ref`s
/// resolve against `doc`. Returns every violation found, sorted, without duplicates. A value
/// checked this way may show any product and API version (see [`validate_showing`]).
pub fn validate(doc: &Value, schema: &Value, schema_at: &str, instance: &Value) -> Vec<Violation> {
    validate_showing(doc, schema, schema_at, instance, &Showing::everywhere())
}

/// [`validate`] for a value that shows the products and API versions of `showing`.
pub fn validate_showing(
    doc: &Value,
    schema: &Value,
    schema_at: &str,
    instance: &Value,
    showing: &Showing,
) -> Vec<Violation> {
    let mut out = Vec::new();
    Validator { doc, showing }.check(schema, schema_at, instance, "", 0, &mut out);
    out.sort();
    out.dedup();
    out
}

struct Validator<'d> {
    doc: &'d Value,
    showing: &'d Showing,
}

impl Validator<'_> {
    fn check(
        &self,
        schema: &Value,
        schema_at: &str,
        instance: &Value,
        at: &str,
        depth: usize,
        out: &mut Vec<Violation>,
    ) {
        let violation = |message: String| Violation {
            instance: at.to_owned(),
            schema: schema_at.to_owned(),
            message,
        };
        if depth > MAX_DEPTH {
            out.push(violation(format!(
                "schemas nest deeper than {MAX_DEPTH} levels; does a `$ref` recurse?"
            )));
            return;
        }
        let Some(keywords) = schema.as_object() else {
            out.push(violation(format!(
                "the schema is not an object but {}",
                describe(schema)
            )));
            return;
        };
        if let Some(reference) = keywords.get("$ref") {
            // OpenAPI 3.0: keywords beside `$ref` are ignored.
            match reference.as_str().map(|r| (r, ref_target(self.doc, r))) {
                Some((r, Ok(target))) => self.check(target, r, instance, at, depth + 1, out),
                Some((_, Err(e))) => out.push(violation(e)),
                None => out.push(violation("`$ref` is not a string".to_owned())),
            }
            return;
        }
        for key in keywords.keys() {
            let known = CHECKED.contains(&key.as_str()) || ANNOTATIONS.contains(&key.as_str());
            if !known && !key.starts_with("x-") {
                out.push(violation(format!(
                    "schema keyword `{key}` is not supported by this validator"
                )));
            }
        }
        if instance.is_null() && keywords.get("nullable") == Some(&Value::Bool(true)) {
            return;
        }
        if let Some(ty) = keywords.get("type") {
            let Some(ty) = ty.as_str() else {
                out.push(violation(format!(
                    "`type` must be one string in OpenAPI 3.0, not {ty}"
                )));
                return;
            };
            if !has_type(instance, ty) {
                out.push(violation(if instance.is_null() {
                    format!("null, but the schema (type {ty}) is not nullable")
                } else {
                    format!("expected {ty}, found {}", describe(instance))
                }));
                return;
            }
        }
        if let Some(values) = keywords.get("enum").and_then(Value::as_array)
            && !values.contains(instance)
        {
            let allowed: Vec<String> = values.iter().map(Value::to_string).collect();
            out.push(violation(format!(
                "{} is not one of [{}]",
                describe(instance),
                allowed.join(", ")
            )));
        }
        if let Some(format) = keywords.get("format").and_then(Value::as_str)
            && let Some(problem) = format_problem(format, instance)
        {
            out.push(violation(problem));
        }
        if let Some(number) = instance.as_f64() {
            for problem in number_problems(keywords, number) {
                out.push(violation(problem));
            }
        }
        for problem in size_problems(keywords, instance) {
            out.push(violation(problem));
        }
        if let (Some(items), Some(item_schema)) = (instance.as_array(), keywords.get("items")) {
            let items_at = format!("{schema_at}/items");
            for (i, item) in items.iter().enumerate() {
                self.check(
                    item_schema,
                    &items_at,
                    item,
                    &format!("{at}/{i}"),
                    depth + 1,
                    out,
                );
            }
        }
        if let Some(fields) = instance.as_object() {
            self.check_object(keywords, schema_at, fields, at, depth, out);
        }
        self.check_combinators(keywords, schema_at, instance, at, depth, out);
    }

    fn check_object(
        &self,
        keywords: &serde_json::Map<String, Value>,
        schema_at: &str,
        fields: &serde_json::Map<String, Value>,
        at: &str,
        depth: usize,
        out: &mut Vec<Violation>,
    ) {
        let violation = |message: String| Violation {
            instance: at.to_owned(),
            schema: schema_at.to_owned(),
            message,
        };
        let properties = keywords.get("properties").and_then(Value::as_object);
        // A property some shown product or version lacks is not required; one that none of
        // them has is checked as undeclared.
        let presence = |name: &str| {
            properties
                .and_then(|p| p.get(name))
                .map_or(Presence::Everywhere, |node| self.showing.presence(node))
        };
        for name in keywords
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            match name.as_str() {
                Some(name)
                    if !fields.contains_key(name) && presence(name) == Presence::Everywhere =>
                {
                    out.push(violation(format!("required field `{name}` is missing")))
                }
                Some(_) => {}
                None => out.push(violation(format!("`required` lists {name}, not a name"))),
            }
        }
        for (name, value) in fields {
            let field_at = format!("{at}/{}", escape(name));
            let declared = properties
                .and_then(|p| p.get(name))
                .filter(|_| presence(name) != Presence::Nowhere);
            match declared {
                Some(property) => {
                    let property_at = format!("{schema_at}/properties/{}", escape(name));
                    self.check(property, &property_at, value, &field_at, depth + 1, out);
                }
                None => match keywords.get("additionalProperties") {
                    Some(Value::Bool(false)) => out.push(violation(format!(
                        "field `{name}` is not declared and additionalProperties is false"
                    ))),
                    Some(extra @ Value::Object(_)) => {
                        let extra_at = format!("{schema_at}/additionalProperties");
                        self.check(extra, &extra_at, value, &field_at, depth + 1, out);
                    }
                    _ => {}
                },
            }
        }
    }

    fn check_combinators(
        &self,
        keywords: &serde_json::Map<String, Value>,
        schema_at: &str,
        instance: &Value,
        at: &str,
        depth: usize,
        out: &mut Vec<Violation>,
    ) {
        let violation = |message: String| Violation {
            instance: at.to_owned(),
            schema: schema_at.to_owned(),
            message,
        };
        let branches = |key: &str| -> Vec<Vec<Violation>> {
            let list = keywords
                .get(key)
                .and_then(Value::as_array)
                .map(Vec::as_slice)
                .unwrap_or_default();
            (list.iter().enumerate())
                .map(|(i, branch)| {
                    let mut found = Vec::new();
                    let branch_at = format!("{schema_at}/{key}/{i}");
                    self.check(branch, &branch_at, instance, at, depth + 1, &mut found);
                    found
                })
                .collect()
        };
        for found in branches("allOf") {
            out.extend(found);
        }
        for key in ["anyOf", "oneOf"] {
            let results = branches(key);
            if results.is_empty() {
                continue;
            }
            let matching: Vec<usize> = (0..results.len())
                .filter(|&i| results[i].is_empty())
                .collect();
            if matching.is_empty() {
                let why: Vec<String> = results
                    .iter()
                    .enumerate()
                    .map(|(i, found)| format!("#{i}: {}", found[0]))
                    .collect();
                out.push(violation(format!(
                    "matches none of the {key} branches ({})",
                    why.join("; ")
                )));
            } else if key == "oneOf" && matching.len() > 1 {
                out.push(violation(format!(
                    "matches {} oneOf branches ({matching:?}); exactly one must match",
                    matching.len()
                )));
            }
        }
        if let Some(not) = keywords.get("not") {
            let mut found = Vec::new();
            self.check(
                not,
                &format!("{schema_at}/not"),
                instance,
                at,
                depth + 1,
                &mut found,
            );
            if found.is_empty() {
                out.push(violation("matches the schema under `not`".to_owned()));
            }
        }
    }
}

/// Whether `instance` has OpenAPI type `ty`. An integer is a JSON number without a fraction
/// or exponent (`1.0` is not one: a client decoding `i64` rejects it).
fn has_type(instance: &Value, ty: &str) -> bool {
    match ty {
        "integer" => instance.is_i64() || instance.is_u64(),
        "number" => instance.is_number(),
        "string" => instance.is_string(),
        "boolean" => instance.is_boolean(),
        "array" => instance.is_array(),
        "object" => instance.is_object(),
        _ => false,
    }
}

fn format_problem(format: &str, instance: &Value) -> Option<String> {
    match (format, instance) {
        ("int32", Value::Number(n)) if n.is_i64() || n.is_u64() => {
            let fits = n.as_i64().is_some_and(|v| i32::try_from(v).is_ok());
            (!fits).then(|| format!("{n} does not fit in int32"))
        }
        ("int64", Value::Number(n)) if n.is_u64() && !n.is_i64() => {
            Some(format!("{n} does not fit in int64"))
        }
        ("date-time", Value::String(s)) if !is_date_time(s) => {
            Some(format!("\"{s}\" is not an RFC 3339 date-time"))
        }
        ("date", Value::String(s)) if !is_date(s.as_bytes()) => {
            Some(format!("\"{s}\" is not an RFC 3339 full-date (YYYY-MM-DD)"))
        }
        _ => None,
    }
}

/// Length bounds of strings, arrays and objects, `uniqueItems`, and a string's `pattern`.
fn size_problems(keywords: &serde_json::Map<String, Value>, instance: &Value) -> Vec<String> {
    let (size, unit, min_key, max_key) = match instance {
        Value::String(s) => (s.chars().count(), "characters", "minLength", "maxLength"),
        Value::Array(items) => (items.len(), "items", "minItems", "maxItems"),
        Value::Object(fields) => (fields.len(), "fields", "minProperties", "maxProperties"),
        _ => return Vec::new(),
    };
    let size = size as u64;
    let bound = |key: &str| keywords.get(key).and_then(Value::as_u64);
    let mut out = Vec::new();
    if let Some(min) = bound(min_key).filter(|min| size < *min) {
        out.push(format!("{size} {unit}, fewer than {min_key} {min}"));
    }
    if let Some(max) = bound(max_key).filter(|max| size > *max) {
        out.push(format!("{size} {unit}, more than {max_key} {max}"));
    }
    // `pattern` matches anywhere in the string unless it anchors itself (ECMA-262 semantics,
    // which the `regex` crate shares for the classes, repetitions and anchors specs use).
    if let (Value::String(text), Some(pattern)) =
        (instance, keywords.get("pattern").and_then(Value::as_str))
    {
        match regex::Regex::new(pattern) {
            Ok(re) if !re.is_match(text) => {
                out.push(format!("\"{text}\" does not match the pattern `{pattern}`"))
            }
            Ok(_) => {}
            Err(e) => out.push(format!("the pattern `{pattern}` does not compile: {e}")),
        }
    }
    if let Value::Array(items) = instance
        && keywords.get("uniqueItems") == Some(&Value::Bool(true))
        && let Some(i) = (1..items.len()).find(|&i| items[..i].contains(&items[i]))
    {
        out.push(format!(
            "item {i} repeats an earlier item, but uniqueItems is true"
        ));
    }
    out
}

fn number_problems(keywords: &serde_json::Map<String, Value>, number: f64) -> Vec<String> {
    let mut out = Vec::new();
    let flag = |key: &str| keywords.get(key) == Some(&Value::Bool(true));
    if let Some(min) = keywords.get("minimum").and_then(Value::as_f64)
        && (number < min || (flag("exclusiveMinimum") && number == min))
    {
        out.push(format!("{number} is below the minimum {min}"));
    }
    if let Some(max) = keywords.get("maximum").and_then(Value::as_f64)
        && (number > max || (flag("exclusiveMaximum") && number == max))
    {
        out.push(format!("{number} is above the maximum {max}"));
    }
    if let Some(step) = keywords.get("multipleOf").and_then(Value::as_f64)
        && step > 0.0
        && (number / step).fract() != 0.0
    {
        out.push(format!("{number} is not a multiple of {step}"));
    }
    out
}

/// `YYYY-MM-DD`.
fn is_date(s: &[u8]) -> bool {
    let digits = |range: std::ops::Range<usize>| s[range].iter().all(u8::is_ascii_digit);
    let number = |range: std::ops::Range<usize>| {
        s[range]
            .iter()
            .fold(0u32, |n, d| n * 10 + u32::from(d - b'0'))
    };
    s.len() == 10
        && digits(0..4)
        && s[4] == b'-'
        && digits(5..7)
        && s[7] == b'-'
        && digits(8..10)
        && (1..=12).contains(&number(5..7))
        && (1..=31).contains(&number(8..10))
}

/// RFC 3339 `date-time`: `YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM|-HH:MM)`.
fn is_date_time(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 20 || !is_date(&b[..10]) || !matches!(b[10], b'T' | b't') {
        return false;
    }
    let two = |i: usize| b[i].is_ascii_digit() && b[i + 1].is_ascii_digit();
    let value = |i: usize| u32::from(b[i] - b'0') * 10 + u32::from(b[i + 1] - b'0');
    if !(two(11) && b[13] == b':' && two(14) && b[16] == b':' && two(17)) {
        return false;
    }
    if value(11) > 23 || value(14) > 59 || value(17) > 60 {
        return false;
    }
    let mut rest = &b[19..];
    if let Some(fraction) = rest.strip_prefix(b".") {
        let n = fraction.iter().take_while(|c| c.is_ascii_digit()).count();
        if n == 0 {
            return false;
        }
        rest = &fraction[n..];
    }
    match rest {
        [b'Z' | b'z'] => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] => {
            [h1, h2, m1, m2].iter().all(|c| c.is_ascii_digit())
                && (h1 - b'0') * 10 + (h2 - b'0') <= 23
                && (m1 - b'0') * 10 + (m2 - b'0') <= 59
        }
        _ => false,
    }
}

/// A short description of a value for messages.
fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => format!("boolean {b}"),
        Value::Number(n) if n.is_i64() || n.is_u64() => format!("integer {n}"),
        Value::Number(n) => format!("number {n}"),
        Value::String(s) if s.chars().count() > 40 => {
            format!("string \"{}...\"", s.chars().take(40).collect::<String>())
        }
        Value::String(s) => format!("string \"{s}\""),
        Value::Array(items) => format!("an array of {}", items.len()),
        Value::Object(_) => "an object".to_owned(),
    }
}
