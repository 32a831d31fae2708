//! Random JSON values that an OpenAPI 3.0 schema accepts, for decoding what GitHub may send.
//!
//! Values come from a small fixed-seed generator ([`Rng`], SplitMix64), so a run is the same
//! every time and a failure names the case that reproduces it. The choices a schema leaves to
//! the sender are made in turn at each place of the schema, starting at a random one, so that
//! once a place has been met often enough every choice has been made there: a nullable value
//! is sometimes `null`, an optional field sometimes absent, every enum value comes (and one the
//! schema does not list, which clients must keep), every `oneOf`/`anyOf` branch, and objects
//! that allow it get fields no schema names. [`Instances::choices`] tells which choices were
//! made, so a test can check that a run made them all.
//!
//! The schema subset is the one GitHub's description uses: `type`, `format`, `nullable`,
//! `enum`, `properties`, `required`, `additionalProperties`, `items`, `oneOf`/`anyOf`/`allOf`
//! and numeric and size bounds. A `number` is generated as a whole number: GitHub's `number`s
//! in these operations are counts and ids (see the deviation `counts-and-ids-are-integers`).

use super::{escape, ref_target};
use serde_json::{Map, Number, Value};
use std::collections::{BTreeMap, BTreeSet};

/// SplitMix64: a few lines, well mixed, and the same sequence for the same seed everywhere.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator starting at `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next_u64() % n }
    }

    /// One of `items`.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// Deeper than this, optional parts are left out so that generation ends.
const MAX_DEPTH: usize = 24;

/// Names of fields no schema declares, added where `additionalProperties` allows them.
const UNKNOWN_FIELDS: [&str; 3] = ["added_later", "x_future_field", "_links"];

/// A decision a schema leaves to the sender, at one place of the schema.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Choice {
    /// `null` for a nullable value.
    Null,
    /// A nullable value that is not `null`.
    NotNull,
    /// An optional field left out.
    Absent,
    /// An optional field given.
    Present,
    /// This `enum` value.
    Listed(String),
    /// A string no `enum` lists.
    Unlisted,
    /// This `oneOf`/`anyOf` branch.
    Branch(usize),
    /// Fields no schema declares, added to an object.
    ExtraFields,
    /// No extra fields.
    NoExtraFields,
}

/// Makes instances of the schemas of one document.
#[derive(Debug)]
pub struct Instances<'d> {
    doc: &'d Value,
    /// For each place (a schema pointer and what is chosen there: `#/a/properties/b (null)`),
    /// how many times a choice was asked there.
    turns: BTreeMap<String, u64>,
    /// Every choice made, by place.
    made: BTreeMap<String, BTreeSet<Choice>>,
    /// Every choice offered, by place.
    offered: BTreeMap<String, BTreeSet<Choice>>,
}

impl<'d> Instances<'d> {
    /// A generator for the schemas of `doc` (local `$ref`s resolve against it).
    pub fn new(doc: &'d Value) -> Self {
        Instances {
            doc,
            turns: BTreeMap::new(),
            made: BTreeMap::new(),
            offered: BTreeMap::new(),
        }
    }

    /// A value `schema` (at `schema_at` in the document) accepts.
    pub fn instance(
        &mut self,
        schema: &Value,
        schema_at: &str,
        rng: &mut Rng,
    ) -> Result<Value, String> {
        self.value(schema, schema_at, rng, 0)
    }

    /// Choices offered at each place and not made yet: empty once every choice was made.
    pub fn choices_not_made(&self) -> Vec<(String, Choice)> {
        let mut out = Vec::new();
        for (at, offered) in &self.offered {
            let made = self.made.get(at);
            for choice in offered {
                if made.is_none_or(|m| !m.contains(choice)) {
                    out.push((at.clone(), choice.clone()));
                }
            }
        }
        out
    }

    /// How many places offered a choice, and how many choices were made in all.
    pub fn choices(&self) -> (usize, usize) {
        let made = self.made.values().map(BTreeSet::len).sum();
        (self.offered.len(), made)
    }

    /// One of `options`, in turn at `at` from a random first one.
    fn choose(&mut self, at: &str, options: Vec<Choice>, rng: &mut Rng) -> Choice {
        let offered = self.offered.entry(at.to_owned()).or_default();
        offered.extend(options.iter().cloned());
        let turn = self
            .turns
            .entry(at.to_owned())
            .or_insert_with(|| rng.below(options.len() as u64));
        let choice = options[(*turn % options.len() as u64) as usize].clone();
        *turn += 1;
        self.made
            .entry(at.to_owned())
            .or_default()
            .insert(choice.clone());
        choice
    }

    fn value(
        &mut self,
        schema: &Value,
        at: &str,
        rng: &mut Rng,
        depth: usize,
    ) -> Result<Value, String> {
        if depth > MAX_DEPTH * 2 {
            return Err(format!(
                "{at}: schemas nest too deep; does a `$ref` recurse?"
            ));
        }
        if let Some(reference) = schema.get("$ref") {
            let reference = reference
                .as_str()
                .ok_or_else(|| format!("{at}: `$ref` is not a string"))?;
            let target = ref_target(self.doc, reference)?;
            return self.value(target, reference, rng, depth + 1);
        }
        let keywords = schema
            .as_object()
            .ok_or_else(|| format!("{at}: the schema is not an object"))?;
        if keywords.get("nullable") == Some(&Value::Bool(true)) {
            let choice = if depth > MAX_DEPTH {
                Choice::Null
            } else {
                self.choose(
                    &format!("{at} (null)"),
                    vec![Choice::Null, Choice::NotNull],
                    rng,
                )
            };
            if choice == Choice::Null {
                return Ok(Value::Null);
            }
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(branches) = keywords.get(key).and_then(Value::as_array) {
                if branches.is_empty() {
                    return Err(format!("{at}: `{key}` has no branches"));
                }
                let options = (0..branches.len()).map(Choice::Branch).collect();
                let Choice::Branch(i) = self.choose(&format!("{at}/{key}"), options, rng) else {
                    unreachable!("only branches were offered");
                };
                return self.value(&branches[i], &format!("{at}/{key}/{i}"), rng, depth + 1);
            }
        }
        if let Some(members) = keywords.get("allOf").and_then(Value::as_array) {
            return self.all_of(members, at, rng, depth);
        }
        if let Some(values) = keywords.get("enum").and_then(Value::as_array) {
            return self.enum_value(keywords, values, at, rng);
        }
        match keywords.get("type").and_then(Value::as_str) {
            Some("string") => Ok(Value::String(string(keywords, rng))),
            Some("integer") | Some("number") => Ok(Value::Number(integer(keywords, rng))),
            Some("boolean") => Ok(Value::Bool(rng.below(2) == 1)),
            Some("array") => self.array(keywords, at, rng, depth),
            Some("object") | None => self.object(keywords, at, rng, depth),
            Some(other) => Err(format!("{at}: type `{other}` is not supported")),
        }
    }

    /// Every member describes the same object: their fields are merged.
    fn all_of(
        &mut self,
        members: &[Value],
        at: &str,
        rng: &mut Rng,
        depth: usize,
    ) -> Result<Value, String> {
        let mut merged = Map::new();
        for (i, member) in members.iter().enumerate() {
            match self.value(member, &format!("{at}/allOf/{i}"), rng, depth + 1)? {
                Value::Object(fields) => merged.extend(fields),
                other if members.len() == 1 => return Ok(other),
                _ => return Err(format!("{at}: `allOf` of several non-objects")),
            }
        }
        Ok(Value::Object(merged))
    }

    fn enum_value(
        &mut self,
        keywords: &Map<String, Value>,
        values: &[Value],
        at: &str,
        rng: &mut Rng,
    ) -> Result<Value, String> {
        let listed: Vec<&Value> = values.iter().filter(|v| !v.is_null()).collect();
        let mut options: Vec<Choice> = listed
            .iter()
            .map(|v| Choice::Listed(v.to_string()))
            .collect();
        // A client must keep a string it does not know; other enums are closed.
        let strings = keywords.get("type").and_then(Value::as_str) == Some("string");
        if strings {
            options.push(Choice::Unlisted);
        }
        if options.is_empty() {
            return Err(format!("{at}: `enum` lists no value"));
        }
        Ok(match self.choose(&format!("{at}/enum"), options, rng) {
            Choice::Listed(text) => listed
                .into_iter()
                .find(|v| v.to_string() == text)
                .cloned()
                .unwrap_or(Value::Null),
            _ => Value::String(format!("unlisted_{}", rng.below(1000))),
        })
    }

    fn array(
        &mut self,
        keywords: &Map<String, Value>,
        at: &str,
        rng: &mut Rng,
        depth: usize,
    ) -> Result<Value, String> {
        let items = keywords
            .get("items")
            .ok_or_else(|| format!("{at}: an array without `items`"))?;
        let min = keywords
            .get("minItems")
            .and_then(Value::as_u64)
            .unwrap_or(0);
        let max = keywords
            .get("maxItems")
            .and_then(Value::as_u64)
            .unwrap_or(3)
            .max(min);
        let len = if depth > MAX_DEPTH {
            min
        } else {
            min + rng.below(max - min + 1)
        };
        let items_at = format!("{at}/items");
        (0..len)
            .map(|_| self.value(items, &items_at, rng, depth + 1))
            .collect::<Result<Vec<_>, _>>()
            .map(Value::Array)
    }

    fn object(
        &mut self,
        keywords: &Map<String, Value>,
        at: &str,
        rng: &mut Rng,
        depth: usize,
    ) -> Result<Value, String> {
        let required: BTreeSet<&str> = keywords
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let properties = keywords.get("properties").and_then(Value::as_object);
        let mut out = Map::new();
        for (name, property) in properties.into_iter().flatten() {
            let field_at = format!("{at}/properties/{}", escape(name));
            let present = required.contains(name.as_str())
                || (depth <= MAX_DEPTH
                    && self.choose(
                        &format!("{field_at} (presence)"),
                        vec![Choice::Present, Choice::Absent],
                        rng,
                    ) == Choice::Present);
            if present {
                let value = self.value(property, &field_at, rng, depth + 1)?;
                out.insert(name.clone(), value);
            }
        }
        let extra_at = format!("{at}/additionalProperties");
        match keywords.get("additionalProperties") {
            Some(Value::Bool(false)) => {}
            Some(schema @ Value::Object(map)) if !map.is_empty() => {
                // A map: its keys are data, its values follow the schema.
                for i in 0..rng.below(3) {
                    let value = self.value(schema, &extra_at, rng, depth + 1)?;
                    out.insert(format!("key_{i}"), value);
                }
            }
            _ if properties.is_none_or(Map::is_empty) => {
                // A free-form object: anything at all.
                for i in 0..rng.below(4) {
                    out.insert(format!("entry_{i}"), any_json(rng, depth));
                }
            }
            _ if depth <= MAX_DEPTH => {
                let options = vec![Choice::ExtraFields, Choice::NoExtraFields];
                if self.choose(&extra_at, options, rng) == Choice::ExtraFields {
                    for name in UNKNOWN_FIELDS {
                        if !out.contains_key(name) && rng.below(2) == 0 {
                            out.insert(name.to_owned(), any_json(rng, depth));
                        }
                    }
                    out.entry(UNKNOWN_FIELDS[0])
                        .or_insert_with(|| Value::String("new".to_owned()));
                }
            }
            _ => {}
        }
        Ok(Value::Object(out))
    }
}

/// A string for `keywords`: its `format` when it has one, within its length bounds.
fn string(keywords: &Map<String, Value>, rng: &mut Rng) -> String {
    let text = match keywords.get("format").and_then(Value::as_str) {
        Some("date-time") => date_time(rng),
        Some("uri") => format!(
            "https://api.github.com/repos/octo-org/octo-repo/things/{}?page={}",
            rng.next_u64(),
            rng.below(10)
        ),
        Some("email") => format!("someone{}@example.com", rng.below(1000)),
        _ => (*rng.pick(&[
            "",
            "main",
            "octo-org/octo-repo",
            "déjà vu ✓ 漢字",
            "quote \" backslash \\ newline \n tab \t",
            "a very long text, a very long text, a very long text, a very long text, the end",
            "0",
            "null",
        ]))
        .to_owned(),
    };
    let min = keywords.get("minLength").and_then(Value::as_u64);
    let max = keywords.get("maxLength").and_then(Value::as_u64);
    let mut chars: Vec<char> = text.chars().collect();
    if let Some(max) = max {
        chars.truncate(max as usize);
    }
    while min.is_some_and(|min| (chars.len() as u64) < min) {
        chars.push('x');
    }
    chars.into_iter().collect()
}

/// An RFC 3339 date-time: any year GitHub could send, with or without fractions of a second,
/// in UTC or at an offset.
fn date_time(rng: &mut Rng) -> String {
    let year = 1970 + rng.below(130);
    let month = 1 + rng.below(12);
    let day = 1 + rng.below(28);
    let (hour, minute, second) = (rng.below(24), rng.below(60), rng.below(60));
    let fraction = match rng.below(4) {
        0 => String::new(),
        1 => format!(".{:03}", rng.below(1000)),
        2 => format!(".{:06}", rng.below(1_000_000)),
        _ => format!(".{:09}", rng.below(1_000_000_000)),
    };
    let offset = *rng.pick(&["Z", "+00:00", "-08:00", "+05:30", "+14:00", "-12:00"]);
    format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}{fraction}{offset}")
}

/// A whole number within the schema's bounds, of any size a 64-bit integer holds.
fn integer(keywords: &Map<String, Value>, rng: &mut Rng) -> Number {
    let min = keywords.get("minimum").and_then(Value::as_i64);
    let max = keywords.get("maximum").and_then(Value::as_i64);
    let raw: i64 = match rng.below(5) {
        0 => rng.below(100) as i64,
        1 => (1 << 31) + rng.below(1 << 22) as i64,
        2 => (1 << 53) - rng.below(1000) as i64,
        3 => i64::MAX - rng.below(1000) as i64,
        _ => -(rng.below(1 << 40) as i64),
    };
    let value = match (min, max) {
        (Some(lo), Some(hi)) if hi >= lo => lo + raw.rem_euclid(hi - lo + 1),
        (Some(lo), None) if raw < lo => lo.saturating_add(raw.unsigned_abs() as i64 % 1000),
        (None, Some(hi)) if raw > hi => hi - (raw % 1000).abs(),
        _ => raw,
    };
    Number::from(value)
}

/// Any JSON value: what a field no schema declares may hold.
fn any_json(rng: &mut Rng, depth: usize) -> Value {
    match rng.below(if depth > MAX_DEPTH { 4 } else { 6 }) {
        0 => Value::Null,
        1 => Value::Bool(rng.below(2) == 0),
        2 => Value::from(rng.next_u64() >> 12),
        3 => Value::String("added later".to_owned()),
        4 => Value::Array(vec![Value::from(1), Value::String("two".to_owned())]),
        _ => {
            let mut map = Map::new();
            map.insert("nested".to_owned(), any_json(rng, depth + 1));
            Value::Object(map)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_same_seed_gives_the_same_values() {
        let (mut a, mut b) = (Rng::new(7), Rng::new(7));
        let first: Vec<u64> = (0..5).map(|_| a.next_u64()).collect();
        let second: Vec<u64> = (0..5).map(|_| b.next_u64()).collect();
        assert_eq!(first, second);
        assert_ne!(first[0], first[1]);
    }

    #[test]
    fn every_choice_of_a_place_is_made_in_turn() {
        let doc = json!({});
        let schema = json!({
            "type": "object",
            "required": ["status"],
            "properties": {
                "status": {"type": "string", "enum": ["queued", "completed"]},
                "name": {"type": "string", "nullable": true}
            }
        });
        let mut instances = Instances::new(&doc);
        let mut rng = Rng::new(1);
        let values: Vec<Value> = (0..12)
            .map(|_| {
                instances
                    .instance(&schema, "#/s", &mut rng)
                    .expect("an instance")
            })
            .collect();
        assert_eq!(instances.choices_not_made(), vec![]);
        assert_eq!(
            instances.choices().0,
            4,
            "null, presence, enum, extra fields"
        );
        assert!(
            values.iter().all(|v| v.get("status").is_some()),
            "required stays"
        );
        assert!(values.iter().any(|v| v.get("name") == Some(&Value::Null)));
        assert!(values.iter().any(|v| v.get("name").is_none()));
        assert!(values.iter().any(|v| {
            v["status"]
                .as_str()
                .is_some_and(|s| s.starts_with("unlisted_"))
        }));
        assert!(
            values.iter().any(|v| v.get("added_later").is_some()),
            "unknown fields come"
        );
    }

    #[test]
    fn bounds_and_closed_objects_are_kept() {
        let doc = json!({});
        let schema = json!({
            "type": "object",
            "additionalProperties": false,
            "properties": {"page": {"type": "integer", "minimum": 1, "maximum": 100}}
        });
        let mut instances = Instances::new(&doc);
        let mut rng = Rng::new(3);
        for _ in 0..50 {
            let value = instances
                .instance(&schema, "#/s", &mut rng)
                .expect("an instance");
            let object = value.as_object().expect("an object");
            assert!(object.keys().all(|k| k == "page"), "{value}");
            if let Some(page) = object.get("page").and_then(Value::as_i64) {
                assert!((1..=100).contains(&page), "{page}");
            }
        }
    }
}
