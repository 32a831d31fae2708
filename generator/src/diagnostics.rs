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
}

impl Diagnostic {
    /// A problem at `pointer`, not tied to an operation.
    pub fn new(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            pointer: pointer.into(),
            operation: None,
            message: message.into(),
        }
    }

    /// The same problem, attributed to an operation.
    pub fn in_operation(mut self, operation: Option<&str>) -> Self {
        self.operation = operation.map(str::to_owned);
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.operation {
            Some(op) => write!(f, "error: {op}: {} (at {})", self.message, self.pointer),
            None => write!(f, "error: {} (at {})", self.message, self.pointer),
        }
    }
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
