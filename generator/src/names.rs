//! Identifier hygiene: case conversion, keyword escaping and collision
//! suffixes live here and nowhere else.

use heck::{ToSnakeCase, ToUpperCamelCase};
use std::collections::BTreeSet;

/// Words that cannot be used as plain identifiers (edition 2024, strict and reserved).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot even be raw identifiers.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super", "_"];

fn words_only(raw: &str) -> String {
    // Anything that is not alphanumeric separates words: `read-only`, `a.b`, `x/y`.
    raw.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect()
}

fn lead_digit(name: String, prefix: &str) -> String {
    match name.chars().next() {
        Some(c) if c.is_ascii_digit() => format!("{prefix}{name}"),
        None => prefix.to_owned(),
        _ => name,
    }
}

/// `snake_case` name for a field, parameter or method, as written in source
/// (`r#type` for keywords, `self_` where a raw identifier is not allowed).
pub fn snake(raw: &str) -> String {
    let name = lead_digit(words_only(raw).to_snake_case(), "n");
    escape(name)
}

/// `UpperCamelCase` name for a type or variant.
pub fn pascal(raw: &str) -> String {
    // A leading sign is a word of its own: `+1` and `-1` must not both become `V1`.
    let signed = match raw.as_bytes() {
        [b'+', d, ..] if d.is_ascii_digit() => format!("plus {}", &raw[1..]),
        [b'-', d, ..] if d.is_ascii_digit() => format!("minus {}", &raw[1..]),
        _ => raw.to_owned(),
    };
    let name = lead_digit(words_only(&signed).to_upper_camel_case(), "V");
    escape(name)
}

fn escape(name: String) -> String {
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// The name without a raw-identifier prefix, for comparisons and serde renames.
pub fn unraw(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

/// Hands out unique names: the first request for a name gets it, later ones
/// get `Name2`, `Name3`, ... in request order, so output stays deterministic.
#[derive(Debug, Default)]
pub struct NameSet {
    taken: BTreeSet<String>,
}

impl NameSet {
    /// Names that are already in use (reserved words of the emitted scope).
    pub fn with_reserved(reserved: &[&str]) -> Self {
        NameSet {
            taken: reserved.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    /// Claims `wanted` or the first free `wantedN`.
    pub fn claim(&mut self, wanted: &str) -> String {
        if self.taken.insert(wanted.to_owned()) {
            return wanted.to_owned();
        }
        // A numbered name is never a keyword, so it needs no `r#`.
        let base = unraw(wanted);
        let mut n = 2;
        loop {
            let candidate = format!("{base}{n}");
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
            n += 1;
        }
    }

    /// Whether `name` is taken.
    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_become_raw_or_suffixed() {
        assert_eq!(snake("type"), "r#type");
        assert_eq!(snake("self"), "self_");
        assert_eq!(pascal("self"), "Self_");
        assert_eq!(snake("gen"), "r#gen");
    }

    #[test]
    fn separators_and_digits() {
        assert_eq!(pascal("read-only"), "ReadOnly");
        assert_eq!(pascal("in_progress"), "InProgress");
        assert_eq!(pascal("2022-11-28"), "V20221128");
        assert_eq!(snake("+1"), "n1");
        assert_eq!(
            snake("actions/list-workflow-runs"),
            "actions_list_workflow_runs"
        );
        assert_eq!(pascal(""), "V");
        assert_eq!(pascal("+1"), "Plus1");
        assert_eq!(pascal("-1"), "Minus1");
    }

    #[test]
    fn collisions_get_numbered_in_order() {
        let mut names = NameSet::default();
        assert_eq!(names.claim("Foo"), "Foo");
        assert_eq!(names.claim("Foo"), "Foo2");
        assert_eq!(names.claim("Foo"), "Foo3");
        let mut fields = NameSet::default();
        assert_eq!(fields.claim("r#type"), "r#type");
        assert_eq!(fields.claim("r#type"), "type2");
    }
}
