//! One OpenAPI document held as JSON data: loading it from YAML, JSON pointers into it, and
//! `$ref` resolution. The audit reads documents untyped on purpose: it must see every keyword
//! either side writes, including ones a typed model would drop or reject.

use serde_json::Value;
use std::fmt;
use std::path::Path;

/// Reference chains longer than this are treated as cycles.
const MAX_REF_HOPS: usize = 32;

/// A JSON pointer in URI fragment form (`#/components/schemas/job`), as `$ref` writes it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pointer(String);

impl Pointer {
    /// The document root, `#`.
    pub fn root() -> Self {
        Pointer("#".to_owned())
    }

    /// Reads `#` or `#/a/b`; anything else (such as a reference to another file) is `None`.
    pub fn parse(text: &str) -> Option<Self> {
        (text == "#" || text.starts_with("#/")).then(|| Pointer(text.to_owned()))
    }

    /// This pointer extended by one raw (unescaped) segment.
    pub fn join(&self, segment: &str) -> Self {
        let escaped = segment.replace('~', "~0").replace('/', "~1");
        Pointer(format!("{}/{escaped}", self.0))
    }

    /// The raw (unescaped) segments after `#`.
    pub fn segments(&self) -> Vec<String> {
        self.0
            .split('/')
            .skip(1)
            .map(|s| s.replace("~1", "/").replace("~0", "~"))
            .collect()
    }

    /// The pointer read as a path a person follows: `job.steps[].number`,
    /// `GET /repos/{owner}/{repo}/actions/runs 200 application/json .total_count`.
    pub fn readable(&self) -> String {
        let segments = self.segments();
        let (mut out, rest) = match segments.as_slice() {
            [c, _, name, rest @ ..] if c == "components" => (name.clone(), rest),
            [p, path, method, rest @ ..] if p == "paths" => {
                (format!("{} {path}", method.to_ascii_uppercase()), rest)
            }
            _ => return self.0.clone(),
        };
        let mut i = 0;
        while i < rest.len() {
            let next = rest.get(i + 1).map(String::as_str);
            let (text, used) = match (rest[i].as_str(), next) {
                ("properties", Some(name)) => (format!(".{name}"), 2),
                ("items", _) => ("[]".to_owned(), 1),
                ("additionalProperties", _) => ("{*}".to_owned(), 1),
                (k @ ("anyOf" | "oneOf" | "allOf"), Some(n)) => (format!("<{k} {n}>"), 2),
                ("responses", Some(status)) => (format!(" {status}"), 2),
                ("content", Some(media)) => (format!(" {media}"), 2),
                ("schema", _) => (String::new(), 1),
                (other, _) => (format!(" {other}"), 1),
            };
            out.push_str(&text);
            i += used;
        }
        out
    }

    /// The node this pointer names in `root`.
    fn lookup<'a>(&self, root: &'a Value) -> Option<&'a Value> {
        root.pointer(&self.0[1..])
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Something wrong with an input file: which file, where in it, what.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    /// The file, as shown to the user (`spec/actions.yaml`).
    pub file: String,
    /// Where in the file.
    pub pointer: Pointer,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at {}: {}", self.file, self.pointer, self.message)
    }
}

/// The audit could not run because its inputs are missing or malformed; every problem found.
#[derive(Debug)]
pub struct AuditError {
    /// The problems, sorted by file and pointer.
    pub problems: Vec<Problem>,
}

impl AuditError {
    /// An error from `problems`, sorted and without repeats (shared components are met
    /// once per operation that reaches them).
    pub fn new(mut problems: Vec<Problem>) -> Self {
        problems.sort();
        problems.dedup();
        AuditError { problems }
    }
}

impl fmt::Display for AuditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the spec audit cannot run: {} problem(s) in its inputs",
            self.problems.len()
        )?;
        for problem in &self.problems {
            write!(f, "\n  {problem}")?;
        }
        Ok(())
    }
}

impl std::error::Error for AuditError {}

/// A parsed document and the name it is shown by in messages.
#[derive(Debug, Clone)]
pub struct Document {
    label: String,
    root: Value,
}

impl Document {
    /// Reads and parses the YAML file at `path`; `label` names it in messages.
    pub fn load(path: &Path, label: &str) -> Result<Self, Problem> {
        let problem = |message: String| Problem {
            file: label.to_owned(),
            pointer: Pointer::root(),
            message,
        };
        let text = std::fs::read_to_string(path)
            .map_err(|e| problem(format!("cannot read {}: {e}", path.display())))?;
        // Through `serde_yaml::Value` because YAML allows non-string keys (`200:`), which
        // `serde_json::to_value` turns into strings while a direct parse would reject them.
        let yaml: serde_yaml::Value =
            serde_yaml::from_str(&text).map_err(|e| problem(format!("not valid YAML: {e}")))?;
        let root = serde_json::to_value(yaml)
            .map_err(|e| problem(format!("not representable as JSON: {e}")))?;
        Ok(Document::from_value(label, root))
    }

    /// A document from already parsed data (tests change a parsed copy in memory).
    pub fn from_value(label: &str, root: Value) -> Self {
        Document {
            label: label.to_owned(),
            root,
        }
    }

    /// The whole document.
    pub fn root(&self) -> &Value {
        &self.root
    }

    /// A problem at `pointer` in this document.
    pub fn problem(&self, pointer: &Pointer, message: impl Into<String>) -> Problem {
        Problem {
            file: self.label.clone(),
            pointer: pointer.clone(),
            message: message.into(),
        }
    }

    /// Follows `$ref`s from `node` (found at `at`) to the node they name, and where it is.
    /// Keywords beside a `$ref` are ignored, as OpenAPI 3.0 says.
    pub fn resolve<'a>(&'a self, node: &'a Value, at: &Pointer) -> Result<Located<'a>, Problem> {
        let mut current = Located {
            value: node,
            at: at.clone(),
        };
        for _ in 0..MAX_REF_HOPS {
            let Some(reference) = current.value.get("$ref") else {
                return Ok(current);
            };
            let text = reference
                .as_str()
                .ok_or_else(|| self.problem(&current.at, "`$ref` is not a string"))?;
            let target = Pointer::parse(text).ok_or_else(|| {
                self.problem(
                    &current.at,
                    format!("`$ref: {text}` is not a reference into this document (`#/...`)"),
                )
            })?;
            let value = target.lookup(&self.root).ok_or_else(|| {
                self.problem(&current.at, format!("`$ref: {text}` names nothing"))
            })?;
            current = Located { value, at: target };
        }
        Err(self.problem(
            at,
            format!("more than {MAX_REF_HOPS} `$ref`s in a row: a reference cycle"),
        ))
    }

    /// The map at `at`, or a problem saying it is not one.
    pub fn map<'a>(
        &self,
        value: &'a Value,
        at: &Pointer,
        what: &str,
    ) -> Result<&'a serde_json::Map<String, Value>, Problem> {
        value
            .as_object()
            .ok_or_else(|| self.problem(at, format!("{what} is not a map")))
    }
}

/// A node of a document and where it is.
#[derive(Debug, Clone)]
pub struct Located<'a> {
    /// The node.
    pub value: &'a Value,
    /// Its pointer in the document.
    pub at: Pointer,
}

impl<'a> Located<'a> {
    /// The child `key` of this node when it is a map holding that key.
    pub fn child(&self, key: &str) -> Option<Located<'a>> {
        self.value.get(key).map(|value| Located {
            value,
            at: self.at.join(key),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_escape_and_unescape_segments() {
        let p = Pointer::root().join("/repos/{owner}").join("a~b");
        assert_eq!(p.to_string(), "#/~1repos~1{owner}/a~0b");
        assert_eq!(p.segments(), ["/repos/{owner}", "a~b"]);
    }

    #[test]
    fn reference_cycles_are_problems_not_hangs() {
        let doc = Document::from_value(
            "x.yaml",
            serde_json::json!({"a": {"$ref": "#/b"}, "b": {"$ref": "#/a"}}),
        );
        let node = &doc.root()["a"];
        let err = doc.resolve(node, &Pointer::root().join("a")).unwrap_err();
        assert!(err.message.contains("cycle"), "{err}");
    }
}
