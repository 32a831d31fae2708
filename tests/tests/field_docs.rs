//! Every field of the client is documented in words that say what it holds, not only its name.
//!
//! Two checks of the same rule. The one on the spec names the JSON pointer to fix, since the spec
//! is where field docs are written. The one on the generated types pins what users read: it
//! also catches a description the generator does not pick up (written where it does not look),
//! and the generator's fallback for an undocumented field (`The `x` field.`).

use gh_actions_tests::spec_support::{Kind, Spec, nodes};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

/// Words that carry no meaning of their own in a field description.
const FILLER: &[&str] = &[
    "a", "an", "the", "of", "its", "it", "is", "this", "that", "field", "value", "for", "in", "on",
    "to",
];

/// The meaningful words of `text`, lower-cased.
fn words(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .filter(|w| !FILLER.contains(&w.as_str()))
        .collect()
}

/// Why `description` does not document the field `name`, if it does not: it is missing, or
/// every word of it is already in the name (`html_url`: "HTML URL.").
fn lacking(name: &str, description: Option<&str>) -> Option<String> {
    let Some(description) = description.map(str::trim).filter(|d| !d.is_empty()) else {
        return Some("has no description".to_owned());
    };
    let own = words(description);
    let named = words(name);
    own.is_subset(&named)
        .then(|| format!("is documented only by its name: {description:?}"))
}

#[test]
fn every_schema_property_has_a_description_that_says_more_than_its_name() {
    let spec = Spec::load_project().unwrap_or_else(|e| panic!("{e}"));
    let mut problems = Vec::new();
    let mut checked = 0;
    for node in nodes(&spec.raw) {
        if node.kind != Kind::Schema {
            continue;
        }
        let Some(properties) = node.value.get("properties").and_then(Value::as_object) else {
            continue;
        };
        for (name, property) in properties {
            checked += 1;
            // Beside a `$ref` as well: that is where the spec documents a field of a shared type.
            let description = property.get("description").and_then(Value::as_str);
            if let Some(why) = lacking(name, description) {
                problems.push(format!(
                    "field `{name}` {why} (at {}/properties/{})",
                    node.at,
                    name.replace('~', "~0").replace('/', "~1")
                ));
            }
        }
    }
    assert!(checked > 400, "only {checked} properties found");
    assert!(
        problems.is_empty(),
        "{} of {checked} schema properties are not documented in words of their own \
         (spec/actions.yaml):\n  {}",
        problems.len(),
        problems.join("\n  ")
    );
}

/// `(field, doc)` of every struct field of a generated Rust file, as prettyplease renders
/// it: `///` lines, then attributes, then `pub name: Type,`.
fn documented_fields(source: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut doc: Vec<&str> = Vec::new();
    for line in source.lines().map(str::trim) {
        if let Some(text) = line.strip_prefix("///") {
            doc.push(text.trim());
            continue;
        }
        let field = line
            .strip_prefix("pub ")
            .and_then(|rest| rest.split_once(':'))
            .map(|(name, _)| name.trim_start_matches("r#"))
            .filter(|name| name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
        match field {
            Some(name) => {
                out.push((name.to_owned(), doc.join(" ")));
                doc.clear();
            }
            // Attributes (and their continuation lines) sit between a field's docs and the field.
            None if line.starts_with("#[") || !line.contains(['{', '}', ';']) => {}
            None => doc.clear(),
        }
    }
    out
}

#[test]
fn no_generated_field_is_documented_by_its_name_alone() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated/src/types");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "rs"))
        .collect();
    files.sort();
    let mut problems = Vec::new();
    let mut checked = 0;
    for path in &files {
        let source =
            std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for (name, doc) in documented_fields(&source) {
            checked += 1;
            let placeholder = doc == format!("The `{name}` field.");
            let why = if placeholder {
                Some("has the generator's placeholder doc".to_owned())
            } else {
                lacking(&name, Some(&doc))
            };
            if let Some(why) = why {
                let file = path.file_name().unwrap_or_default().to_string_lossy();
                problems.push(format!("types/{file}: field `{name}` {why}"));
            }
        }
    }
    assert!(checked > 400, "only {checked} generated fields found");
    assert!(
        problems.is_empty(),
        "{} of {checked} generated fields are not documented in words of their own; document \
         them in spec/actions.yaml and run `cargo xtask codegen`:\n  {}",
        problems.len(),
        problems.join("\n  ")
    );
}

#[test]
fn the_name_rule_tells_a_restated_name_from_a_description() {
    assert!(lacking("html_url", Some("HTML URL.")).is_some());
    assert!(lacking("id", Some("The id field.")).is_some());
    assert!(lacking("id", None).is_some());
    assert_eq!(lacking("html_url", Some("Web URL of the job.")), None);
    assert_eq!(lacking("run_id", Some("Id of the workflow run.")), None);
    let source = "pub struct Job {\n    /// Unique identifier of the job.\n    pub id: i64,\n    \
                  /// The `name` field.\n    #[serde(\n        default,\n    )]\n    pub r#name: \
                  String,\n}\n";
    assert_eq!(
        documented_fields(source),
        [
            ("id".to_owned(), "Unique identifier of the job.".to_owned()),
            ("name".to_owned(), "The `name` field.".to_owned())
        ]
    );
}
