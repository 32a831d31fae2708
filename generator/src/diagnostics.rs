//! Problems found in a spec, each with where it is and what is wrong.

use std::fmt;

/// One problem in the spec: where it is (operation and JSON pointer) and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// JSON pointer into the document, e.g. `#/paths/~1repos~1{owner}/get/parameters/3`.
    pub pointer: String,
    /// The `operationId` of the operation the problem belongs to, when there is one.
    pub operation: Option<String>,
    /// What is wrong, in one sentence.
    pub message: String,
    /// For a problem inside a shared component: the operations that reach
    /// it, which it keeps from being generated.
    pub used_by: Vec<String>,
}

impl Diagnostic {
    /// A problem at `pointer`, not tied to an operation.
    pub fn new(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            pointer: pointer.into(),
            operation: None,
            message: message.into(),
            used_by: Vec::new(),
        }
    }

    /// The same problem, attributed to an operation.
    pub fn in_operation(mut self, operation: Option<&str>) -> Self {
        self.operation = operation.map(str::to_owned);
        self
    }
}

/// How many operations a component problem names before it counts the rest.
const USERS_SHOWN: usize = 5;

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.operation {
            Some(op) => write!(f, "error: {op}: {} (at {}", self.message, self.pointer)?,
            None => write!(f, "error: {} (at {}", self.message, self.pointer)?,
        }
        if !self.used_by.is_empty() {
            let shown: Vec<&str> = self
                .used_by
                .iter()
                .take(USERS_SHOWN)
                .map(String::as_str)
                .collect();
            write!(f, "; used by {}", shown.join(", "))?;
            if self.used_by.len() > USERS_SHOWN {
                write!(f, " and {} more", self.used_by.len() - USERS_SHOWN)?;
            }
        }
        write!(f, ")")
    }
}

/// Ties each problem to what it affects: a problem inside a component
/// lists the operations that reach it (`users`, by component pointer), and
/// one inside a component no operation reaches is dropped, since that
/// component is not generated. Sorted and without repeats.
pub fn attribute(
    problems: Vec<Diagnostic>,
    users: &std::collections::BTreeMap<String, std::collections::BTreeSet<String>>,
) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = problems
        .into_iter()
        .filter_map(|mut d| {
            if d.operation.is_some() {
                return Some(d);
            }
            match component_of(&d.pointer) {
                None => Some(d),
                Some(component) => {
                    let ops = users.get(&component)?;
                    d.used_by = ops.iter().cloned().collect();
                    Some(d)
                }
            }
        })
        .collect();
    out.sort();
    out.dedup();
    // The same problem found by two stages, once at a node and once at the
    // `$ref` inside it: the more exact pointer is kept.
    let inner: Vec<(Option<String>, String, String)> = out
        .iter()
        .map(|d| (d.operation.clone(), d.message.clone(), d.pointer.clone()))
        .collect();
    out.retain(|d| {
        !inner.iter().any(|(op, message, at)| {
            *op == d.operation
                && *message == d.message
                && at.len() > d.pointer.len()
                && at.starts_with(&d.pointer)
                && at.as_bytes()[d.pointer.len()] == b'/'
        })
    });
    out
}

/// Every problem found in one run, in a stable order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        write!(f, "{} problem(s) in the spec", self.0.len())
    }
}

impl std::error::Error for Diagnostics {}

/// Builds a JSON pointer from raw (unescaped) segments.
pub fn pointer<I, S>(segments: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut out = String::from("#");
    for seg in segments {
        out.push('/');
        out.push_str(&seg.as_ref().replace('~', "~0").replace('/', "~1"));
    }
    out
}

/// The pointer of the component a pointer lies in (its first three
/// segments, `#/components/<kind>/<name>`), if it lies in one.
pub fn component_of(at: &str) -> Option<String> {
    let rest = at.strip_prefix("#/components/")?;
    let mut parts = rest.splitn(3, '/');
    let (kind, name) = (parts.next()?, parts.next()?);
    Some(format!("#/components/{kind}/{name}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_escapes_slashes_and_tildes() {
        assert_eq!(
            pointer(["paths", "/repos/{owner}/~x", "get"]),
            "#/paths/~1repos~1{owner}~1~0x/get"
        );
    }
}
