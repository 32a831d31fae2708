//! The reviewed list of deliberate deviations (`spec/deviations.yaml`): reading it, deciding
//! which entry covers a difference, and finding entries (or parts of them) that no longer
//! cover anything, so the list cannot silently outlive the differences it excuses.

use super::difference::{Difference, Kind};
use super::document::{Document, Pointer, Problem};
use super::target::Target;
use serde_json::{Map, Value};
use std::collections::BTreeSet;
use std::fmt;

/// The keys an entry may have; anything else is a typo worth an error.
const KEYS: [&str; 7] = [
    "id",
    "applies_to",
    "operation",
    "kind",
    "spec",
    "upstream",
    "reason",
];

/// One reviewed deviation: which differences it covers and why they are deliberate.
#[derive(Debug, Clone)]
pub struct Deviation {
    /// A short unique name, used in reports.
    pub id: String,
    /// The targets it applies to; `None` for every target (`applies_to: all`).
    pub targets: Option<Vec<Target>>,
    /// The operationIds it applies to; `None` for every operation (`operation: all`).
    pub operations: Option<Vec<String>>,
    /// The kinds of difference it covers.
    pub kinds: Vec<Kind>,
    /// Spec pointers it covers; empty means any.
    pub spec: Vec<Pointer>,
    /// Upstream pointers it covers; empty means any.
    pub upstream: Vec<Pointer>,
    /// Why the spec deviates on purpose.
    pub reason: String,
}

impl Deviation {
    /// Whether this entry covers `difference`.
    pub fn covers(&self, difference: &Difference) -> bool {
        self.targets
            .as_ref()
            .is_none_or(|t| t.contains(&difference.target))
            && self
                .operations
                .as_ref()
                .is_none_or(|o| o.contains(&difference.operation))
            && self.kinds.contains(&difference.kind)
            && (self.spec.is_empty() || self.spec.contains(&difference.spec.pointer))
            && (self.upstream.is_empty() || self.upstream.contains(&difference.upstream.pointer))
    }

    /// Each part of this entry (target, operation, kind, pointer) that no covered difference
    /// exercises; the whole entry when it covers nothing.
    fn stale_parts(&self, differences: &[Difference]) -> Vec<String> {
        let covered: Vec<&Difference> = differences.iter().filter(|d| self.covers(d)).collect();
        if covered.is_empty() {
            return vec!["it covers no difference".to_owned()];
        }
        let mut parts = Vec::new();
        let mut check = |name: String, used: &dyn Fn(&Difference) -> bool| {
            if !covered.iter().any(|d| used(d)) {
                parts.push(format!("nothing differs for {name}"));
            }
        };
        for target in self.targets.iter().flatten() {
            check(format!("target `{target}`"), &|d| d.target == *target);
        }
        for operation in self.operations.iter().flatten() {
            check(format!("operation `{operation}`"), &|d| {
                d.operation == *operation
            });
        }
        for kind in &self.kinds {
            check(format!("kind `{kind}`"), &|d| d.kind == *kind);
        }
        for pointer in &self.spec {
            check(format!("spec pointer {pointer}"), &|d| {
                d.spec.pointer == *pointer
            });
        }
        for pointer in &self.upstream {
            check(format!("upstream pointer {pointer}"), &|d| {
                d.upstream.pointer == *pointer
            });
        }
        parts
    }
}

/// A listed deviation, or part of one, that no longer matches any difference.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Stale {
    /// The entry's `id`.
    pub id: String,
    /// What no longer matches.
    pub part: String,
}

impl fmt::Display for Stale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "deviation `{}` is stale: {}", self.id, self.part)
    }
}

/// The whole list.
#[derive(Debug, Clone, Default)]
pub struct Deviations {
    /// The entries, in file order.
    pub entries: Vec<Deviation>,
}

impl Deviations {
    /// Reads the list from a parsed `spec/deviations.yaml`, collecting every problem.
    pub fn parse(doc: &Document) -> Result<Self, Vec<Problem>> {
        let mut problems = Vec::new();
        let root = Pointer::root();
        let list_at = root.join("deviations");
        let list = match doc.root().get("deviations") {
            Some(Value::Array(list)) => list.as_slice(),
            Some(Value::Null) => &[],
            _ => return Err(vec![doc.problem(&root, "expected a `deviations:` list")]),
        };
        let mut entries = Vec::new();
        let mut ids = BTreeSet::new();
        for (i, value) in list.iter().enumerate() {
            let at = list_at.join(&i.to_string());
            let mut reader = EntryReader {
                doc,
                at: &at,
                problems: &mut problems,
            };
            if let Some(entry) = reader.entry(value) {
                if !ids.insert(entry.id.clone()) {
                    problems.push(doc.problem(&at, format!("`id: {}` is used twice", entry.id)));
                }
                entries.push(entry);
            }
        }
        if problems.is_empty() {
            Ok(Deviations { entries })
        } else {
            Err(problems)
        }
    }

    /// The index of the first entry covering `difference`, if any.
    pub fn covering(&self, difference: &Difference) -> Option<usize> {
        self.entries.iter().position(|e| e.covers(difference))
    }

    /// Every stale entry or part of one, given all differences found.
    pub fn stale(&self, differences: &[Difference]) -> Vec<Stale> {
        self.entries
            .iter()
            .flat_map(|entry| {
                entry
                    .stale_parts(differences)
                    .into_iter()
                    .map(|part| Stale {
                        id: entry.id.clone(),
                        part,
                    })
            })
            .collect()
    }
}

/// Reads one entry, recording each problem with it.
struct EntryReader<'r> {
    doc: &'r Document,
    at: &'r Pointer,
    problems: &'r mut Vec<Problem>,
}

impl EntryReader<'_> {
    fn entry(&mut self, value: &Value) -> Option<Deviation> {
        let Some(map) = value.as_object() else {
            self.fail(self.at.clone(), "an entry is not a map");
            return None;
        };
        for key in map.keys().filter(|k| !KEYS.contains(&k.as_str())) {
            let expected = KEYS.join(", ");
            self.fail(
                self.at.join(key),
                format!("unknown key `{key}` (expected {expected})"),
            );
        }
        let id = self.text(map, "id");
        let reason = self.text(map, "reason");
        let targets = self
            .all_or(map, "applies_to")
            .map(|names| names.map(|names| self.targets(names)));
        let operations = self.all_or(map, "operation");
        let kinds = self
            .strings(map, "kind")
            .into_iter()
            .filter_map(|name| {
                let found = Kind::from_name(&name);
                if found.is_none() {
                    self.fail(self.at.join("kind"), format!("unknown kind `{name}`"));
                }
                found
            })
            .collect::<Vec<_>>();
        let spec = self.pointers(map, "spec");
        let upstream = self.pointers(map, "upstream");
        if kinds.is_empty() {
            self.fail(self.at.clone(), "an entry needs at least one `kind`");
        }
        if spec.is_empty() && upstream.is_empty() {
            self.fail(
                self.at.clone(),
                "an entry needs a `spec` or an `upstream` pointer",
            );
        }
        Some(Deviation {
            id: id?,
            targets: targets?,
            operations: operations?,
            kinds,
            spec,
            upstream,
            reason: reason?,
        })
    }

    /// The targets called `names`; an unknown name is a problem.
    fn targets(&mut self, names: Vec<String>) -> Vec<Target> {
        let mut targets = Vec::new();
        for name in names {
            match Target::from_name(&name) {
                Some(target) => targets.push(target),
                None => {
                    let known: Vec<String> = Target::ALL.iter().map(|t| t.name()).collect();
                    let message =
                        format!("unknown target `{name}` (known: all, {})", known.join(", "));
                    self.fail(self.at.join("applies_to"), message);
                }
            }
        }
        targets
    }

    fn fail(&mut self, at: Pointer, message: impl Into<String>) {
        self.problems.push(self.doc.problem(&at, message));
    }

    /// A required non-empty string.
    fn text(&mut self, map: &Map<String, Value>, key: &str) -> Option<String> {
        match map.get(key).and_then(Value::as_str).map(str::trim) {
            Some(text) if !text.is_empty() => Some(text.to_owned()),
            _ => {
                self.fail(
                    self.at.join(key),
                    format!("`{key}` must be a non-empty string"),
                );
                None
            }
        }
    }

    /// A string or a list of strings; absent is an empty list.
    fn strings(&mut self, map: &Map<String, Value>, key: &str) -> Vec<String> {
        match map.get(key) {
            None => Vec::new(),
            Some(Value::String(one)) => vec![one.clone()],
            Some(Value::Array(list)) if list.iter().all(Value::is_string) => list
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect(),
            Some(_) => {
                self.fail(
                    self.at.join(key),
                    format!("`{key}` must be a string or a list of strings"),
                );
                Vec::new()
            }
        }
    }

    /// `all`, or a string or list of strings; `Some(None)` stands for `all`.
    fn all_or(&mut self, map: &Map<String, Value>, key: &str) -> Option<Option<Vec<String>>> {
        if map.get(key).and_then(Value::as_str) == Some("all") {
            return Some(None);
        }
        let names = self.strings(map, key);
        if names.is_empty() {
            self.fail(
                self.at.join(key),
                format!("`{key}` must be `all` or name at least one"),
            );
            return None;
        }
        Some(Some(names))
    }

    fn pointers(&mut self, map: &Map<String, Value>, key: &str) -> Vec<Pointer> {
        let texts = self.strings(map, key);
        texts
            .into_iter()
            .filter_map(|text| {
                let pointer = Pointer::parse(&text);
                if pointer.is_none() {
                    self.fail(
                        self.at.join(key),
                        format!("`{text}` is not a `#/...` pointer"),
                    );
                }
                pointer
            })
            .collect()
    }
}
