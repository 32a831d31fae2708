//! References to nodes that are not components, made into components.
//!
//! A JSON reference may point at any node of the document
//! (`#/components/schemas/Tag/allOf/0`, `#/components/parameters/p/schema`,
//! `#/components/responses/r/content/application~1json/schema`), but the
//! model follows references through the maps of `components` only. This
//! pass moves each node such a reference points at into the map of its
//! kind, under a key made from its place (`Tag/allOf/0` -> `TagAllOf1`,
//! `X/properties/id` -> `XId`, `parameters/p/schema` -> `P`; a key that
//! another component's type name would have gets the next free number),
//! leaves a `$ref` to it where it was, and points every reference to it at
//! the new component. The document means the same, and the node becomes
//! one type, named after where it is written.
//!
//! A reference that points at nothing, at an object of another kind, or at
//! a value (an example, an enum) is left as written, for `walk` and the
//! model to report.

use super::document::{Kind, Moves, OPERATION_KEYS, Place};
use crate::diagnostics::pointer;
// The document as JSON data: the nodes move before anything is typed.
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// Moves every node a reference points at, other than a component of the
/// reference's kind, into `components`; records each move.
pub(super) fn hoist(raw: &mut Value, moves: &mut Moves) {
    let mut kinds: BTreeMap<String, BTreeSet<Kind>> = BTreeMap::new();
    references(raw, Place::Root, &mut |kind, target| {
        kinds.entry(target.to_owned()).or_default().insert(kind);
    });
    let mut targets: Vec<Target> = kinds
        .into_iter()
        .filter_map(|(reference, kinds)| Target::new(raw, reference, &kinds))
        .collect();
    if targets.is_empty() || !make_sections(raw, &targets) {
        return;
    }
    // The deepest first: a node inside another target moves out before its
    // ancestor does, so every path is still where the document wrote it.
    targets.sort_by(|a, b| b.path.len().cmp(&a.path.len()).then(a.path.cmp(&b.path)));
    let mut taken: BTreeMap<&'static str, BTreeSet<String>> = BTreeMap::new();
    let mut renamed: BTreeMap<String, String> = BTreeMap::new();
    for target in targets {
        let section = target.kind.section();
        let taken = taken.entry(section).or_insert_with(|| {
            section_map(raw, section)
                .map(|map| map.keys().map(|k| fold(k)).collect())
                .unwrap_or_default()
        });
        let key = free_key(&key_from_place(raw, &target.path), taken);
        let new_ref = pointer(["components", section, key.as_str()]);
        let Some(slot) = raw.pointer_mut(&json_pointer(&target.path)) else {
            continue;
        };
        let mut stub = Map::new();
        stub.insert("$ref".to_owned(), Value::String(new_ref.clone()));
        if target.kind == Kind::Schema {
            // The docs stay where the node was: they describe the field.
            for doc in ["title", "description"] {
                if let Some(text) = slot.get(doc).filter(|v| v.is_string()) {
                    stub.insert(doc.to_owned(), text.clone());
                }
            }
        }
        let node = std::mem::replace(slot, Value::Object(stub));
        let Some(map) = section_map(raw, section) else {
            continue;
        };
        map.insert(key, node);
        moves.record(new_ref.clone(), pointer(&target.path));
        renamed.insert(target.reference, new_ref);
    }
    rename_references(raw, Place::Root, &renamed);
}

/// A node to move: where it is, what kind of object, and the reference as written.
struct Target {
    path: Vec<String>,
    kind: Kind,
    reference: String,
}

impl Target {
    /// The node `reference` points at, if it is an object that must move:
    /// one kind of reference points at it, the model follows that kind, and
    /// the node is that kind of object (or outside the grammar) but not a
    /// component.
    fn new(raw: &Value, reference: String, kinds: &BTreeSet<Kind>) -> Option<Target> {
        let kind = match kinds.iter().collect::<Vec<_>>().as_slice() {
            [kind] => **kind,
            _ => return None,
        };
        if !matches!(
            kind,
            Kind::Schema | Kind::Parameter | Kind::RequestBody | Kind::Response | Kind::Example
        ) {
            return None;
        }
        let path = segments(&reference)?;
        let is_component = path.len() == 3 && path[0] == "components" && path[1] == kind.section();
        if is_component || !raw.pointer(&json_pointer(&path))?.is_object() {
            return None;
        }
        match Place::of(&path) {
            Place::Object(k) if k == kind => {}
            Place::Elsewhere => {}
            _ => return None,
        }
        Some(Target {
            path,
            kind,
            reference,
        })
    }
}

/// The unescaped segments of a local reference (`#/a~1b/0` -> `a/b`, `0`).
fn segments(reference: &str) -> Option<Vec<String>> {
    let rest = reference.strip_prefix("#/")?;
    Some(
        rest.split('/')
            .map(|s| s.replace("~1", "/").replace("~0", "~"))
            .collect(),
    )
}

/// The JSON pointer of a path, without the leading `#`, as `Value::pointer` reads it.
fn json_pointer(path: &[String]) -> String {
    pointer(path)[1..].to_owned()
}

/// Makes sure `components` and the section of each target are maps;
/// false when the document has something else there.
fn make_sections(raw: &mut Value, targets: &[Target]) -> bool {
    let Some(root) = raw.as_object_mut() else {
        return false;
    };
    let components = root
        .entry("components")
        .or_insert_with(|| Value::Object(Map::new()));
    let Some(components) = components.as_object_mut() else {
        return false;
    };
    let sections: BTreeSet<&str> = targets.iter().map(|t| t.kind.section()).collect();
    sections.into_iter().all(|section| {
        components
            .entry(section)
            .or_insert_with(|| Value::Object(Map::new()))
            .is_object()
    })
}

fn section_map<'a>(raw: &'a mut Value, section: &str) -> Option<&'a mut Map<String, Value>> {
    raw.get_mut("components")?.get_mut(section)?.as_object_mut()
}

/// Calls `found` with the kind and the target of every reference: each
/// `$ref` that stands for an OpenAPI object, not one inside example data.
fn references(node: &Value, place: Place, found: &mut impl FnMut(Kind, &str)) {
    match node {
        Value::Object(map) => {
            if let (Some(kind), Some(Value::String(target))) = (place.kind(), map.get("$ref")) {
                found(kind, target);
            }
            for (key, child) in map {
                let next = place.step(key);
                if next != Place::Data {
                    references(child, next, found);
                }
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                let next = place.step(&i.to_string());
                if next != Place::Data {
                    references(child, next, found);
                }
            }
        }
        _ => {}
    }
}

/// Points every reference `renamed` lists at its new target.
fn rename_references(node: &mut Value, place: Place, renamed: &BTreeMap<String, String>) {
    match node {
        Value::Object(map) => {
            if place.kind().is_some()
                && let Some(Value::String(target)) = map.get_mut("$ref")
                && let Some(new) = renamed.get(target.as_str())
            {
                new.clone_into(target);
            }
            for (key, child) in map.iter_mut() {
                let next = place.step(key);
                if next != Place::Data {
                    rename_references(child, next, renamed);
                }
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter_mut().enumerate() {
                let next = place.step(&i.to_string());
                if next != Place::Data {
                    rename_references(child, next, renamed);
                }
            }
        }
        _ => {}
    }
}

/// A component key from a node's place, in the words the model names
/// nested types with: the component or operation it is in, then a word
/// per step (`properties/id` -> `Id`, `items` -> `Item`,
/// `additionalProperties` -> `Value`, `oneOf/0` -> `Variant1`, `allOf/0`
/// -> `AllOf1`, `responses/200` -> `Response200`; `schema` and `content`
/// add nothing).
fn key_from_place(raw: &Value, path: &[String]) -> String {
    let mut words: Vec<String> = Vec::new();
    let rest = match path {
        [components, _, key, rest @ ..] if components == "components" => {
            words.push(key.clone());
            rest
        }
        [paths, template, method, rest @ ..]
            if paths == "paths" && OPERATION_KEYS.contains(&method.as_str()) =>
        {
            let id = raw
                .get("paths")
                .and_then(|p| p.get(template))
                .and_then(|item| item.get(method))
                .and_then(|op| op.get("operationId"))
                .and_then(Value::as_str);
            match id {
                // The operation's own name, as its builder is named.
                Some(id) => words.push(id.rsplit('/').next().unwrap_or(id).to_owned()),
                None => words.extend([method.clone(), template.clone()]),
            }
            rest
        }
        [paths, template, rest @ ..] if paths == "paths" => {
            words.push(template.clone());
            rest
        }
        all => all,
    };
    let mut i = 0;
    while i < rest.len() {
        let next = rest.get(i + 1).map(String::as_str);
        let ordinal = |prefix: &str| match next.and_then(|n| n.parse::<usize>().ok()) {
            Some(n) => format!("{prefix}{}", n + 1),
            None => format!("{prefix}{}", next.unwrap_or_default()),
        };
        let (word, used) = match (rest[i].as_str(), next) {
            (
                "properties" | "$defs" | "definitions" | "patternProperties" | "dependentSchemas"
                | "headers" | "examples",
                Some(name),
            ) => (name.to_owned(), 2),
            ("allOf", Some(_)) => (ordinal("AllOf"), 2),
            ("oneOf" | "anyOf", Some(_)) => (ordinal("Variant"), 2),
            ("prefixItems", Some(_)) => (ordinal("Item"), 2),
            ("parameters", Some(_)) => {
                let name = raw
                    .pointer(&json_pointer(&path[..path.len() - rest.len() + i + 2]))
                    .and_then(|p| p.get("name"))
                    .and_then(Value::as_str);
                (name.map_or_else(|| ordinal("Parameter"), str::to_owned), 2)
            }
            ("responses", Some(status)) => (format!("Response {status}"), 2),
            ("content", Some(_)) => (String::new(), 2),
            ("schema", _) => (String::new(), 1),
            ("items", _) => ("Item".to_owned(), 1),
            ("additionalProperties", _) => ("Value".to_owned(), 1),
            ("requestBody", _) => ("Request".to_owned(), 1),
            (other, _) => (other.to_owned(), 1),
        };
        words.push(word);
        i += used;
    }
    let key: String = words.iter().map(|w| camel(w)).collect();
    if key.is_empty() {
        "Node".to_owned()
    } else {
        key
    }
}

/// Words run together, each starting with a capital (`display_name` ->
/// `DisplayName`, `CustomField` stays).
fn camel(text: &str) -> String {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_ascii_uppercase().to_string() + chars.as_str()
            })
        })
        .collect()
}

/// `wanted`, or `wanted2`, `wanted3`, ...: the first whose type name no
/// component of the section has, so that a moved node never takes the name
/// of a component written as one.
fn free_key(wanted: &str, taken: &mut BTreeSet<String>) -> String {
    let mut key = wanted.to_owned();
    let mut n = 2;
    while !taken.insert(fold(&key)) {
        key = format!("{wanted}{n}");
        n += 1;
    }
    key
}

/// What a key's type name is made of, whatever the case and separators:
/// two keys with the same fold would name the same type.
fn fold(key: &str) -> String {
    let folded: String = key
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if folded.starts_with(|c: char| c.is_ascii_digit()) {
        format!("v{folded}")
    } else {
        folded
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn hoisted(doc: Value) -> (Value, Moves) {
        let mut doc = doc;
        let mut moves = Moves::default();
        hoist(&mut doc, &mut moves);
        (doc, moves)
    }

    #[test]
    fn a_node_inside_a_component_becomes_a_component_named_from_its_place() {
        let (doc, moves) = hoisted(json!({
            "paths": {},
            "components": {"schemas": {
                "Tag": {"allOf": [{"type": "object", "properties": {"id": {"type": "string", "description": "The id."}}}]},
                "Other": {"properties": {
                    "base": {"$ref": "#/components/schemas/Tag/allOf/0"},
                    "id": {"$ref": "#/components/schemas/Tag/allOf/0/properties/id"},
                }},
            }},
        }));
        let schemas = &doc["components"]["schemas"];
        assert_eq!(
            schemas["Tag"]["allOf"][0],
            json!({"$ref": "#/components/schemas/TagAllOf1"})
        );
        assert_eq!(
            schemas["TagAllOf1"]["properties"]["id"],
            json!({"$ref": "#/components/schemas/TagAllOf1Id", "description": "The id."})
        );
        assert_eq!(
            schemas["TagAllOf1Id"],
            json!({"type": "string", "description": "The id."})
        );
        assert_eq!(
            schemas["Other"]["properties"]["id"]["$ref"],
            "#/components/schemas/TagAllOf1Id"
        );
        assert_eq!(
            moves.original("#/components/schemas/TagAllOf1Id/type"),
            "#/components/schemas/Tag/allOf/0/properties/id/type"
        );
    }

    #[test]
    fn a_schema_inside_a_parameter_or_a_response_is_named_after_it() {
        let (doc, _) = hoisted(json!({
            "paths": {"/a": {"get": {"operationId": "things/get-a", "parameters": [
                {"name": "s", "in": "query", "schema": {"$ref": "#/components/parameters/state/schema"}},
            ], "responses": {"200": {"description": "ok", "content": {"application/json": {"schema":
                {"$ref": "#/components/responses/Found/content/application~1json/schema/oneOf/0"}}}}}}}},
            "components": {
                "schemas": {"state": {"type": "string"}},
                "parameters": {"state": {"name": "state", "in": "query", "schema": {"type": "string", "enum": ["a"]}}},
                "responses": {"Found": {"description": "x", "content": {"application/json": {"schema": {"oneOf": [{"type": "object"}, {"type": "string"}]}}}}},
            },
        }));
        let schemas = doc["components"]["schemas"].as_object().unwrap();
        let keys: BTreeSet<&str> = schemas.keys().map(String::as_str).collect();
        // `state` is a schema already: the parameter's schema takes the next number.
        assert_eq!(keys, BTreeSet::from(["state", "FoundVariant1", "State2"]));
        assert_eq!(
            doc.pointer("/paths/~1a/get/parameters/0/schema/$ref"),
            Some(&json!("#/components/schemas/State2"))
        );
    }

    #[test]
    fn references_to_nothing_values_or_other_kinds_stay_as_written() {
        let doc = json!({
            "paths": {"/a": {"get": {"parameters": [
                {"$ref": "#/components/schemas/X/properties/a"},
                {"name": "p", "in": "query", "schema": {"$ref": "#/components/schemas/X/example"}},
                {"name": "q", "in": "query", "schema": {"$ref": "#/components/schemas/X/properties/nope"}},
                {"name": "r", "in": "query", "schema": {"$ref": "#/components/parameters/P"}},
            ]}}},
            "components": {
                "schemas": {"X": {"properties": {"a": {"type": "string"}}, "example": {"a": "b"}}},
                "parameters": {"P": {"name": "P", "in": "query", "schema": {"type": "string"}}},
            },
        });
        let (after, moves) = hoisted(doc.clone());
        assert_eq!(after, doc);
        assert!(moves.is_empty());
    }

    #[test]
    fn keys_from_operations_and_collisions() {
        let raw = json!({"paths": {"/a/{id}": {"get": {"operationId": "things/list-all"}}}});
        let path = |p: &[&str]| p.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(
            key_from_place(
                &raw,
                &path(&[
                    "paths",
                    "/a/{id}",
                    "get",
                    "responses",
                    "200",
                    "content",
                    "application/json",
                    "schema",
                    "items"
                ])
            ),
            "ListAllResponse200Item"
        );
        assert_eq!(
            key_from_place(&raw, &path(&["paths", "/a/{id}", "post", "requestBody"])),
            "PostAIdRequest"
        );
        let mut taken: BTreeSet<String> = ["tag_all_of_1", "2x"].iter().map(|k| fold(k)).collect();
        assert_eq!(free_key("TagAllOf1", &mut taken), "TagAllOf12");
        assert_eq!(free_key("V2x", &mut taken), "V2x2");
        assert_eq!(free_key("TagAllOf1", &mut taken), "TagAllOf13");
    }
}
