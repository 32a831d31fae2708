//! The products and API versions the audit compares, one vendored upstream file each.

use std::fmt;

/// A product and API version with a published description in `spec/upstream/`.
/// GitHub Enterprise Server 2.22 has none (its seed page is the source), so it is not audited.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Target {
    /// github.com, `X-GitHub-Api-Version: 2026-03-10`.
    Dotcom20260310,
    /// github.com, `X-GitHub-Api-Version: 2022-11-28`.
    Dotcom20221128,
    /// GitHub Enterprise Server 3.21.
    Ghes321,
}

impl Target {
    /// Every audited target, in report order.
    pub const ALL: [Target; 3] = [
        Target::Dotcom20260310,
        Target::Dotcom20221128,
        Target::Ghes321,
    ];

    /// The name used in reports and in `spec/deviations.yaml`; also the upstream file's
    /// `info.x-product`.
    pub fn name(self) -> &'static str {
        match self {
            Target::Dotcom20260310 => "dotcom-2026-03-10",
            Target::Dotcom20221128 => "dotcom-2022-11-28",
            Target::Ghes321 => "ghes-3.21",
        }
    }

    /// The product as the spec's `x-github-products` names it.
    pub fn product(self) -> &'static str {
        match self {
            Target::Dotcom20260310 | Target::Dotcom20221128 => "github.com",
            Target::Ghes321 => "ghes-3.21",
        }
    }

    /// The `X-GitHub-Api-Version` the target describes, as the spec's `x-github-api-versions`
    /// names it; `None` for GitHub Enterprise Server, whose shapes `x-github-products` alone
    /// decides.
    pub fn api_version(self) -> Option<&'static str> {
        match self {
            Target::Dotcom20260310 => Some("2026-03-10"),
            Target::Dotcom20221128 => Some("2022-11-28"),
            Target::Ghes321 => None,
        }
    }

    /// The vendored file, relative to `spec/upstream/`.
    pub fn upstream_file(self) -> String {
        format!("github-actions-{}.yaml", self.name())
    }

    /// The target called `name`, if any.
    pub fn from_name(name: &str) -> Option<Self> {
        Target::ALL.into_iter().find(|t| t.name() == name)
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
