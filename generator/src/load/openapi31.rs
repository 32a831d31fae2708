//! OpenAPI 3.1 documents, written the 3.0 way before anything is typed.
//!
//! openapiv3 reads OpenAPI 3.0. A 3.1 document differs mostly in its
//! schemas, which are JSON Schema 2020-12, and most of what they say has a
//! 3.0 form that the rest of the generator reads the same way as in a
//! document written in 3.0:
//!
//! | 3.1 | 3.0 |
//! |---|---|
//! | `type: [T, "null"]`, `type: "null"` | `type: T`, `nullable: true` |
//! | `type: [T, U]` | `oneOf: [{type: T, ..}, {type: U, ..}]`, each with its type's keywords |
//! | `anyOf`/`oneOf` with a `{type: "null"}` member | the other members, `nullable: true` (one member left: `allOf: [it]`) |
//! | `const: v` | `enum: [v]` |
//! | `examples: [a, ..]` in a schema | `example: a` |
//! | `exclusiveMinimum: n` | `minimum: n`, `exclusiveMinimum: true` (and the maximum alike) |
//! | `contentEncoding: base64` / `contentMediaType` on a string | `format: byte` / `format: binary` |
//! | `$ref` beside keywords other than docs | `allOf: [{$ref}]` beside them |
//! | `true` / `false` as a schema | `{}` / `{not: {}}` |
//! | `webhooks`, `components/pathItems` | left out (a note) |
//! | no `paths` | `paths: {}` |
//!
//! What 3.0 cannot say is a note at its place, and the nearest 3.0 reading
//! is taken: tuples (`prefixItems`) are lists of any JSON value,
//! `patternProperties` on an object without properties is its
//! `additionalProperties`, conditional schemas (`if`/`then`/`else`,
//! `dependentSchemas`) and `$dynamicRef` are not read. Nodes the rewrite
//! moves are recorded, so that problems are reported where the document
//! writes them.

use super::document::{Kind, Moves, Place};
use crate::diagnostics::{Diagnostic, pointer};
// The document as JSON data: it is rewritten before openapiv3 reads it.
use serde_json::{Map, Value, json};

/// The keys that may stand beside a `$ref` and only document it: such a
/// reference is read as in 3.0, with its docs.
const DOC_KEYS: [&str; 10] = [
    "title",
    "description",
    "summary",
    "deprecated",
    "readOnly",
    "writeOnly",
    "example",
    "examples",
    "externalDocs",
    "$comment",
];

/// The keywords that apply to values of one JSON type, which follow that
/// type into its alternative when a `type` list becomes a `oneOf`.
const STRING_KEYWORDS: [&str; 5] = [
    "minLength",
    "maxLength",
    "pattern",
    "contentMediaType",
    "contentEncoding",
];
const NUMBER_KEYWORDS: [&str; 5] = [
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
];
const ARRAY_KEYWORDS: [&str; 9] = [
    "items",
    "prefixItems",
    "minItems",
    "maxItems",
    "uniqueItems",
    "contains",
    "minContains",
    "maxContains",
    "unevaluatedItems",
];
const OBJECT_KEYWORDS: [&str; 11] = [
    "properties",
    "required",
    "additionalProperties",
    "patternProperties",
    "minProperties",
    "maxProperties",
    "propertyNames",
    "unevaluatedProperties",
    "dependentRequired",
    "dependentSchemas",
    "discriminator",
];
/// The formats of numbers; any other format is a string's.
const NUMBER_FORMATS: [&str; 4] = ["int32", "int64", "float", "double"];

/// Rewrites a 3.1 document into the 3.0 shape; a 3.0 document is left as it is.
pub(super) fn downgrade(raw: &mut Value, moves: &mut Moves, notes: &mut Vec<Diagnostic>) {
    let Some(version) = raw.get("openapi").and_then(Value::as_str) else {
        return;
    };
    if !version.starts_with("3.1") {
        return;
    }
    let version = version.to_owned();
    let Some(root) = raw.as_object_mut() else {
        return;
    };
    root.insert("openapi".to_owned(), json!("3.0.3"));
    notes.push(Diagnostic::new(
        "#/openapi",
        format!(
            "OpenAPI {version} is read as 3.0.3: its schemas are written the 3.0 way (`type: [T, \"null\"]` as `nullable: true`, `const` as `enum`, ...) before the document is read"
        ),
    ));
    if let Some(webhooks) = root.remove("webhooks") {
        let count = webhooks.as_object().map_or(0, Map::len);
        notes.push(Diagnostic::new(
            "#/webhooks",
            format!(
                "{count} webhook(s) left out: they describe requests the API sends, not ones a client sends"
            ),
        ));
    }
    if let Some(components) = root.get_mut("components").and_then(Value::as_object_mut)
        && let Some(items) = components.remove("pathItems")
    {
        let count = items.as_object().map_or(0, Map::len);
        notes.push(Diagnostic::new(
            "#/components/pathItems",
            format!(
                "{count} shared path item(s) left out: a path item is read only where it is written"
            ),
        ));
    }
    root.entry("paths").or_insert_with(|| json!({}));
    let mut rewrite = Rewrite {
        moves,
        notes,
        path: Vec::new(),
    };
    rewrite.node(raw, Place::Root);
}

/// The rewrite under way: where it is, and what it records.
struct Rewrite<'a> {
    moves: &'a mut Moves,
    notes: &'a mut Vec<Diagnostic>,
    path: Vec<String>,
}

impl Rewrite<'_> {
    /// The pointer of the current node, followed by `rest`.
    fn at(&self, rest: &[&str]) -> String {
        pointer(
            self.path
                .iter()
                .map(String::as_str)
                .chain(rest.iter().copied()),
        )
    }

    fn note(&mut self, rest: &[&str], message: impl Into<String>) {
        let at = self.at(rest);
        self.notes.push(Diagnostic::new(at, message));
    }

    /// The child at `rest` of the current node now holds what was at `old`.
    fn moved(&mut self, new: &[&str], old: &[&str]) {
        let (new, old) = (self.at(new), self.at(old));
        self.moves.record(new, old);
    }

    /// Any node: schemas are rewritten, other objects searched for them.
    fn node(&mut self, node: &mut Value, place: Place) {
        if place == Place::Object(Kind::Schema) {
            self.schema(node);
            return;
        }
        match node {
            Value::Object(map) => {
                for (key, child) in map.iter_mut() {
                    let next = place.step(key);
                    if !matches!(next, Place::Data | Place::Elsewhere) {
                        self.path.push(key.clone());
                        self.node(child, next);
                        self.path.pop();
                    }
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter_mut().enumerate() {
                    let key = i.to_string();
                    let next = place.step(&key);
                    if !matches!(next, Place::Data | Place::Elsewhere) {
                        self.path.push(key);
                        self.node(child, next);
                        self.path.pop();
                    }
                }
            }
            _ => {}
        }
    }

    /// A schema: its subschemas first, then its own keywords.
    fn schema(&mut self, node: &mut Value) {
        match node {
            Value::Bool(true) => *node = json!({}),
            Value::Bool(false) => *node = json!({"not": {}}),
            _ => {}
        }
        let Value::Object(map) = node else {
            return;
        };
        for (key, child) in map.iter_mut() {
            self.path.push(key.clone());
            match Place::Object(Kind::Schema).step(key) {
                // `additionalProperties: false` and the like are 3.0 as well.
                Place::Object(_) if child.is_boolean() && key != "items" && key != "not" => {}
                Place::Object(_) => self.schema(child),
                Place::SchemaMap => {
                    if let Value::Object(schemas) = child {
                        for (name, schema) in schemas.iter_mut() {
                            self.path.push(name.clone());
                            self.schema(schema);
                            self.path.pop();
                        }
                    }
                }
                Place::SchemaList => {
                    if let Value::Array(schemas) = child {
                        for (i, schema) in schemas.iter_mut().enumerate() {
                            self.path.push(i.to_string());
                            self.schema(schema);
                            self.path.pop();
                        }
                    }
                }
                _ => {}
            }
            self.path.pop();
        }
        self.type_list(map);
        self.null_members(map);
        self.values(map);
        self.bounds(map);
        self.content(map);
        self.unsupported(map);
        self.ref_siblings(map);
    }

    /// `type: [T, "null"]` and `type: "null"` as `nullable`; a list of
    /// several types as a `oneOf` of one schema per type.
    fn type_list(&mut self, map: &mut Map<String, Value>) {
        let types: Vec<&str> = match map.get("type") {
            Some(Value::String(t)) if t == "null" => vec!["null"],
            Some(Value::Array(list)) => match list.iter().map(Value::as_str).collect() {
                Some(types) => types,
                // Not a list of names: openapiv3 reports it where it is.
                None => return,
            },
            _ => return,
        };
        let null = types.contains(&"null");
        let mut others: Vec<String> = Vec::new();
        for t in types.into_iter().filter(|t| *t != "null") {
            if !others.iter().any(|o| o == t) {
                others.push(t.to_owned());
            }
        }
        if null {
            map.insert("nullable".to_owned(), json!(true));
        }
        match others.as_slice() {
            [] => {
                map.remove("type");
            }
            [one] => {
                map.insert("type".to_owned(), json!(one));
            }
            _ if map.contains_key("oneOf") || map.contains_key("anyOf") => {
                self.note(
                    &["type"],
                    "a list of types beside `oneOf`/`anyOf` cannot be written in 3.0: the alternatives alone give the type",
                );
                map.remove("type");
            }
            _ => self.split_types(map, &others),
        }
    }

    /// A schema of several types as a `oneOf`, each alternative with its
    /// type's keywords and `enum` values.
    fn split_types(&mut self, map: &mut Map<String, Value>, types: &[String]) {
        map.remove("type");
        let format = map.get("format").and_then(Value::as_str).map(str::to_owned);
        let numeric_format = format
            .as_deref()
            .is_some_and(|f| NUMBER_FORMATS.contains(&f));
        let values = map.remove("enum");
        let mut alternatives = Vec::new();
        for (i, t) in types.iter().enumerate() {
            let mut alt = Map::new();
            alt.insert("type".to_owned(), json!(t));
            let (keywords, takes_format): (&[&str], bool) = match t.as_str() {
                "string" => (&STRING_KEYWORDS, !numeric_format),
                "integer" | "number" => (&NUMBER_KEYWORDS, numeric_format),
                "array" => (&ARRAY_KEYWORDS, false),
                "object" => (&OBJECT_KEYWORDS, false),
                _ => (&[], false),
            };
            for keyword in keywords {
                if let Some(value) = map.get(*keyword) {
                    alt.insert((*keyword).to_owned(), value.clone());
                    let index = i.to_string();
                    self.moved(&["oneOf", &index, keyword], &[keyword]);
                }
            }
            if let Some(format) = format.as_ref().filter(|_| takes_format) {
                alt.insert("format".to_owned(), json!(format));
            }
            if let Some(Value::Array(values)) = &values {
                let own: Vec<Value> = values
                    .iter()
                    .filter(|v| json_type_is(v, t))
                    .cloned()
                    .collect();
                if !own.is_empty() {
                    alt.insert("enum".to_owned(), Value::Array(own));
                }
            }
            alternatives.push(Value::Object(alt));
        }
        for keyword in STRING_KEYWORDS
            .iter()
            .chain(&NUMBER_KEYWORDS)
            .chain(&ARRAY_KEYWORDS)
            .chain(&OBJECT_KEYWORDS)
            .chain(&["format"])
        {
            map.remove(*keyword);
        }
        map.insert("oneOf".to_owned(), Value::Array(alternatives));
    }

    /// `anyOf`/`oneOf` members that only allow `null` go; the schema is
    /// nullable instead, and one member left is the schema (`allOf: [it]`).
    fn null_members(&mut self, map: &mut Map<String, Value>) {
        for key in ["anyOf", "oneOf"] {
            let Some(Value::Array(members)) = map.get_mut(key) else {
                continue;
            };
            if !members.iter().any(only_null) {
                continue;
            }
            let kept: Vec<(usize, Value)> = std::mem::take(members)
                .into_iter()
                .enumerate()
                .filter(|(_, m)| !only_null(m))
                .collect();
            map.insert("nullable".to_owned(), json!(true));
            let alone = ["allOf", "anyOf", "oneOf"]
                .iter()
                .all(|k| *k == key || !map.contains_key(*k));
            match kept.as_slice() {
                [] => {
                    map.remove(key);
                }
                [(i, member)] if alone => {
                    let member = member.clone();
                    map.remove(key);
                    map.insert("allOf".to_owned(), json!([member]));
                    self.moved(&["allOf", "0"], &[key, &i.to_string()]);
                }
                _ => {
                    for (j, (i, _)) in kept.iter().enumerate() {
                        if i != &j {
                            self.moved(&[key, &j.to_string()], &[key, &i.to_string()]);
                        }
                    }
                    let members = kept.into_iter().map(|(_, m)| m).collect();
                    map.insert(key.to_owned(), Value::Array(members));
                }
            }
        }
    }

    /// `const` as a one-value `enum`; `examples` as the first `example`.
    fn values(&mut self, map: &mut Map<String, Value>) {
        if let Some(value) = map.remove("const") {
            if value.is_null() {
                map.insert("nullable".to_owned(), json!(true));
            }
            map.entry("enum").or_insert_with(|| json!([value]));
        }
        if let Some(Value::Array(examples)) = map.get("examples") {
            let first = examples.first().cloned();
            map.remove("examples");
            if let Some(first) = first {
                map.entry("example").or_insert(first);
            }
        }
    }

    /// Numeric `exclusiveMinimum`/`exclusiveMaximum` as the bound and a flag;
    /// beside a stricter `minimum`/`maximum`, the flag goes.
    fn bounds(&mut self, map: &mut Map<String, Value>) {
        for (exclusive, bound, stricter) in [
            (
                "exclusiveMinimum",
                "minimum",
                f64::gt as fn(&f64, &f64) -> bool,
            ),
            ("exclusiveMaximum", "maximum", f64::lt),
        ] {
            let Some(Value::Number(limit)) = map.get(exclusive) else {
                continue;
            };
            let limit = limit.clone();
            let written = map.get(bound).and_then(Value::as_f64);
            let limit_f = limit.as_f64().unwrap_or_default();
            if written.is_some_and(|b| stricter(&b, &limit_f)) {
                map.remove(exclusive);
            } else {
                map.insert(bound.to_owned(), Value::Number(limit));
                map.insert(exclusive.to_owned(), json!(true));
            }
        }
    }

    /// A string's `contentEncoding: base64` as `format: byte`, any other
    /// `contentMediaType` as `format: binary`.
    fn content(&mut self, map: &mut Map<String, Value>) {
        if map.get("type").and_then(Value::as_str) != Some("string") || map.contains_key("format") {
            return;
        }
        let format = match map.get("contentEncoding").and_then(Value::as_str) {
            Some("base64") => "byte",
            _ if map.contains_key("contentMediaType") => "binary",
            _ => return,
        };
        map.insert("format".to_owned(), json!(format));
    }

    /// What 3.0 cannot say: a note, and the nearest 3.0 reading.
    fn unsupported(&mut self, map: &mut Map<String, Value>) {
        if map.contains_key("prefixItems") {
            self.note(
                &["prefixItems"],
                "tuples (`prefixItems`) cannot be written in 3.0: the items are read as any JSON value",
            );
            let closed = matches!(map.get("items"), None | Some(Value::Bool(false)))
                || map.get("items") == Some(&json!({"not": {}}));
            if closed {
                map.insert("items".to_owned(), json!({}));
            }
        }
        if let Some(Value::Object(patterns)) = map.get("patternProperties") {
            let open = !map.contains_key("properties") && !map.contains_key("additionalProperties");
            match patterns.iter().collect::<Vec<_>>().as_slice() {
                [(pattern, schema)] if open => {
                    let (pattern, schema) = ((*pattern).clone(), (*schema).clone());
                    map.insert("additionalProperties".to_owned(), schema);
                    self.moved(&["additionalProperties"], &["patternProperties", &pattern]);
                    self.note(
                        &["patternProperties"],
                        "`patternProperties` cannot be written in 3.0: its one schema is read as `additionalProperties`",
                    );
                }
                _ => self.note(
                    &["patternProperties"],
                    "`patternProperties` cannot be written in 3.0: not read",
                ),
            }
        }
        for key in ["if", "dependentSchemas", "$dynamicRef"] {
            if map.contains_key(key) {
                let what = if key == "$dynamicRef" {
                    "`$dynamicRef` cannot be followed: the schema is read without it"
                } else {
                    "conditional schemas (`if`/`then`/`else`, `dependentSchemas`) cannot be written in 3.0: not read"
                };
                self.note(&[key], what);
            }
        }
    }

    /// A `$ref` beside keywords that say more than docs: `allOf: [{$ref}]`
    /// beside them, which is what 3.0 means by it.
    fn ref_siblings(&mut self, map: &mut Map<String, Value>) {
        let Some(reference) = map.get("$ref") else {
            return;
        };
        let says_more = map
            .keys()
            .any(|k| k != "$ref" && !k.starts_with("x-") && !DOC_KEYS.contains(&k.as_str()));
        if !says_more {
            return;
        }
        let member = json!({"$ref": reference.clone()});
        map.remove("$ref");
        match map.get_mut("allOf") {
            Some(Value::Array(members)) => {
                members.push(member);
                let index = (members.len() - 1).to_string();
                self.moved(&["allOf", &index], &[]);
            }
            _ => {
                map.insert("allOf".to_owned(), json!([member]));
                self.moved(&["allOf", "0"], &[]);
            }
        }
    }
}

/// Whether a (rewritten) schema allows only `null`: `nullable` or an
/// `enum` of `null`, with nothing else but docs.
fn only_null(schema: &Value) -> bool {
    let Value::Object(map) = schema else {
        return false;
    };
    let null_enum = map
        .get("enum")
        .and_then(Value::as_array)
        .is_some_and(|values| !values.is_empty() && values.iter().all(Value::is_null));
    let nullable = map.get("nullable") == Some(&json!(true));
    (nullable || null_enum)
        && map.iter().all(|(k, v)| match k.as_str() {
            "nullable" | "title" | "description" | "$comment" => true,
            "enum" => null_enum,
            "example" | "default" => v.is_null(),
            k => k.starts_with("x-"),
        })
}

/// Whether `value` is of the JSON type `t`.
fn json_type_is(value: &Value, t: &str) -> bool {
    match value {
        Value::String(_) => t == "string",
        Value::Bool(_) => t == "boolean",
        Value::Number(n) => t == "number" || (t == "integer" && (n.is_i64() || n.is_u64())),
        Value::Array(_) => t == "array",
        Value::Object(_) => t == "object",
        Value::Null => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rewritten schema `schema`, with the notes, as one schema component of a 3.1 document.
    fn rewritten(schema: Value) -> (Value, Vec<String>, Moves) {
        let mut doc = json!({"openapi": "3.1.0", "components": {"schemas": {"s": schema}}});
        let mut moves = Moves::default();
        let mut notes = Vec::new();
        downgrade(&mut doc, &mut moves, &mut notes);
        let notes = notes.iter().skip(1).map(ToString::to_string).collect();
        (doc["components"]["schemas"]["s"].clone(), notes, moves)
    }

    #[test]
    fn type_lists_become_nullable_or_one_of() {
        assert_eq!(
            rewritten(json!({"type": ["string", "null"], "enum": ["a", null]})).0,
            json!({"type": "string", "nullable": true, "enum": ["a", null]})
        );
        assert_eq!(
            rewritten(json!({"type": "null"})).0,
            json!({"nullable": true})
        );
        let (schema, _, moves) = rewritten(json!({
            "type": ["string", "array", "null"],
            "description": "d",
            "maxLength": 3,
            "items": {"type": ["integer", "null"]},
        }));
        assert_eq!(
            schema,
            json!({
                "description": "d",
                "nullable": true,
                "oneOf": [
                    {"type": "string", "maxLength": 3},
                    {"type": "array", "items": {"type": "integer", "nullable": true}},
                ],
            })
        );
        assert_eq!(
            moves.original("#/components/schemas/s/oneOf/1/items/type"),
            "#/components/schemas/s/items/type"
        );
    }

    #[test]
    fn null_members_make_the_schema_nullable() {
        let (schema, _, moves) = rewritten(json!({
            "anyOf": [{"type": "null"}, {"$ref": "#/components/schemas/t"}],
            "description": "d",
        }));
        assert_eq!(
            schema,
            json!({"allOf": [{"$ref": "#/components/schemas/t"}], "nullable": true, "description": "d"})
        );
        assert_eq!(
            moves.original("#/components/schemas/s/allOf/0/$ref"),
            "#/components/schemas/s/anyOf/1/$ref"
        );
        let (schema, _, moves) = rewritten(json!({
            "oneOf": [{"type": "string"}, {"const": null}, {"type": "integer"}],
        }));
        assert_eq!(
            schema,
            json!({"oneOf": [{"type": "string"}, {"type": "integer"}], "nullable": true})
        );
        assert_eq!(
            moves.original("#/components/schemas/s/oneOf/1"),
            "#/components/schemas/s/oneOf/2"
        );
    }

    #[test]
    fn const_examples_bounds_and_content() {
        assert_eq!(
            rewritten(json!({"type": "string", "const": "x", "examples": ["x", "y"]})).0,
            json!({"type": "string", "enum": ["x"], "example": "x"})
        );
        assert_eq!(
            rewritten(json!({"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 10, "maximum": 5})).0,
            json!({"type": "number", "minimum": 0, "exclusiveMinimum": true, "maximum": 5})
        );
        assert_eq!(
            rewritten(json!({"type": "string", "contentMediaType": "image/png"})).0,
            json!({"type": "string", "contentMediaType": "image/png", "format": "binary"})
        );
    }

    #[test]
    fn a_ref_beside_more_than_docs_is_an_all_of() {
        assert_eq!(
            rewritten(json!({"$ref": "#/components/schemas/t", "description": "d"})).0,
            json!({"$ref": "#/components/schemas/t", "description": "d"})
        );
        let (schema, _, moves) =
            rewritten(json!({"$ref": "#/components/schemas/t", "type": ["object", "null"]}));
        assert_eq!(
            schema,
            json!({"type": "object", "nullable": true, "allOf": [{"$ref": "#/components/schemas/t"}]})
        );
        assert_eq!(
            moves.original("#/components/schemas/s/allOf/0/$ref"),
            "#/components/schemas/s/$ref"
        );
    }

    #[test]
    fn what_3_0_cannot_say_is_noted_where_it_is() {
        let (schema, notes, _) = rewritten(json!({
            "type": "object",
            "patternProperties": {"^x-": {"type": "string"}},
            "if": {"required": ["a"]},
            "then": {"required": ["b"]},
            "properties": {"t": {"type": "array", "prefixItems": [{"type": "string"}, true]}},
        }));
        assert_eq!(schema["properties"]["t"]["items"], json!({}));
        assert_eq!(notes.len(), 3, "{notes:#?}");
        assert!(
            notes[0].contains("tuples")
                && notes[0].ends_with("(at #/components/schemas/s/properties/t/prefixItems)")
        );
        assert!(notes[1].contains("`patternProperties` cannot be written in 3.0: not read"));
        assert!(notes[2].contains("conditional schemas") && notes[2].ends_with("s/if)"));
    }

    #[test]
    fn a_3_0_document_is_left_as_it_is() {
        let doc = json!({"openapi": "3.0.3", "components": {"schemas": {"s": {"type": ["string", "null"]}}}});
        let mut after = doc.clone();
        let mut notes = Vec::new();
        downgrade(&mut after, &mut Moves::default(), &mut notes);
        assert_eq!(after, doc);
        assert!(notes.is_empty());
    }

    #[test]
    fn webhooks_and_shared_path_items_are_left_out_with_a_note() {
        let mut doc = json!({
            "openapi": "3.1.0",
            "webhooks": {"ping": {"post": {"responses": {"200": {"description": "ok"}}}}},
            "components": {"pathItems": {"p": {}}},
        });
        let mut notes = Vec::new();
        downgrade(&mut doc, &mut Moves::default(), &mut notes);
        assert_eq!(
            doc,
            json!({"openapi": "3.0.3", "components": {}, "paths": {}})
        );
        let notes: Vec<String> = notes.iter().map(ToString::to_string).collect();
        assert!(
            notes[1].contains("1 webhook(s) left out") && notes[1].ends_with("(at #/webhooks)")
        );
        assert!(notes[2].contains("1 shared path item(s) left out"));
    }
}
