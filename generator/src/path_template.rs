//! Path templates (`/repos/{owner}/{repo}/actions/runs`), parsed once in `load`.

use std::fmt;

/// A checked path template: literal text and `{name}` parameters, each
/// parameter named once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathTemplate {
    text: String,
    parts: Vec<TemplatePart>,
}

/// A piece of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplatePart {
    /// Literal text, never empty.
    Literal(String),
    /// A `{name}` parameter.
    Param(String),
}

impl PathTemplate {
    /// Parses a template, or says why it is malformed.
    pub fn parse(path: &str) -> Result<PathTemplate, String> {
        let mut parts = Vec::new();
        let mut rest = path;
        while let Some(open) = rest.find('{') {
            push_literal(&mut parts, &rest[..open], path)?;
            let after = &rest[open + 1..];
            let close = after
                .find('}')
                .ok_or_else(|| format!("unclosed `{{` in path `{path}`"))?;
            let name = &after[..close];
            if name.is_empty() || name.contains('{') || name.contains('/') {
                return Err(format!("malformed parameter `{{{name}}}` in path `{path}`"));
            }
            if parts
                .iter()
                .any(|p| matches!(p, TemplatePart::Param(n) if n == name))
            {
                return Err(format!(
                    "parameter `{{{name}}}` appears twice in path `{path}`"
                ));
            }
            parts.push(TemplatePart::Param(name.to_owned()));
            rest = &after[close + 1..];
        }
        push_literal(&mut parts, rest, path)?;
        Ok(PathTemplate {
            text: path.to_owned(),
            parts,
        })
    }

    /// The template as written in the spec.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Literal text and parameters, in order.
    pub fn parts(&self) -> &[TemplatePart] {
        &self.parts
    }

    /// The parameter names, in template order.
    pub fn params(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().filter_map(|p| match p {
            TemplatePart::Param(name) => Some(name.as_str()),
            TemplatePart::Literal(_) => None,
        })
    }

    /// Whether the template has the parameter `{name}`.
    pub fn has_param(&self, name: &str) -> bool {
        self.params().any(|p| p == name)
    }
}

fn push_literal(parts: &mut Vec<TemplatePart>, text: &str, path: &str) -> Result<(), String> {
    if text.contains('}') {
        return Err(format!("unmatched `}}` in path `{path}`"));
    }
    if !text.is_empty() {
        parts.push(TemplatePart::Literal(text.to_owned()));
    }
    Ok(())
}

impl fmt::Display for PathTemplate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::{PathTemplate, TemplatePart};

    #[test]
    fn splits_literals_and_parameters_in_order() {
        let t = PathTemplate::parse("/repos/{owner}/{repo}/runs").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(t.params().collect::<Vec<_>>(), ["owner", "repo"]);
        assert_eq!(
            t.parts(),
            [
                TemplatePart::Literal("/repos/".into()),
                TemplatePart::Param("owner".into()),
                TemplatePart::Literal("/".into()),
                TemplatePart::Param("repo".into()),
                TemplatePart::Literal("/runs".into()),
            ]
        );
        assert!(t.has_param("repo") && !t.has_param("runs"));
        assert_eq!(t.as_str(), "/repos/{owner}/{repo}/runs");
    }

    #[test]
    fn malformed_templates_say_what_is_wrong() {
        for (path, wanted) in [
            ("/a/{b", "unclosed `{` in path `/a/{b`"),
            ("/a/{}", "malformed parameter `{}` in path `/a/{}`"),
            ("/a/{b/c}", "malformed parameter `{b/c}` in path `/a/{b/c}`"),
            (
                "/{a}/{a}",
                "parameter `{a}` appears twice in path `/{a}/{a}`",
            ),
            ("/a}", "unmatched `}` in path `/a}`"),
            ("/a}/{b}", "unmatched `}` in path `/a}/{b}`"),
        ] {
            assert_eq!(PathTemplate::parse(path), Err(wanted.to_owned()), "{path}");
        }
    }
}
