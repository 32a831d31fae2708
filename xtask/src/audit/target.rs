//! The products and API versions the audit compares, one vendored upstream file each, as the
//! product table (`gh-actions-products`) lists them.

use std::fmt;

use generator::product::{ApiVersion, Product};

/// Targets whose own description lacks operations, and the description (file stem) that is
/// audited for those instead.
const EVIDENCE: &[(&str, &str)] = &[("ghes-3.21", "ghes-3.19")];

/// A product, and for a product whose API version the client chooses one of its versions, with
/// a published description in `spec/upstream/` (the table's `published` column). A product
/// without one (GitHub Enterprise Server 2.22: its seed page is the source) is not audited.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Target {
    product: Product,
    /// Set exactly when the product chooses its API version (github.com): the other products'
    /// shapes `x-github-products` alone decides.
    api_version: Option<ApiVersion>,
}

impl Target {
    /// How many targets the table gives.
    const COUNT: usize = Target::collect(&mut []);

    /// Every audited target, in report order: table order of products, then of versions
    /// (newest first).
    pub const ALL: [Target; Target::COUNT] = {
        let mut all = [Target {
            product: Product::ALL[0],
            api_version: None,
        }; Target::COUNT];
        Target::collect(&mut all);
        all
    };

    /// Writes the targets the table gives into `out` as far as it reaches, and counts them all
    /// (so that one walk both sizes and fills [`Target::ALL`]).
    const fn collect(out: &mut [Target]) -> usize {
        let mut count = 0;
        let mut p = 0;
        while p < Product::ALL.len() {
            let product = Product::ALL[p];
            p += 1;
            if product.published_description().is_none() {
                continue;
            }
            if !product.chooses_api_version() {
                if count < out.len() {
                    out[count] = Target {
                        product,
                        api_version: None,
                    };
                }
                count += 1;
                continue;
            }
            let versions = product.api_versions();
            let mut v = 0;
            while v < versions.len() {
                if count < out.len() {
                    out[count] = Target {
                        product,
                        api_version: Some(versions[v]),
                    };
                }
                count += 1;
                v += 1;
            }
        }
        count
    }

    /// The name used in reports and in `spec/deviations.yaml`; also the upstream file's
    /// `info.x-product`: the table's published-description stem, followed by the API version
    /// where the product chooses one (`dotcom-2026-03-10`, `ghes-3.21`).
    pub fn name(self) -> String {
        let stem = self.product.published_description().unwrap_or_default();
        match self.api_version {
            Some(version) => format!("{stem}-{version}"),
            None => stem.to_owned(),
        }
    }

    /// The product as the spec's `x-github-products` names it.
    pub fn product(self) -> &'static str {
        self.product.key()
    }

    /// The `X-GitHub-Api-Version` the target describes, as the spec's `x-github-api-versions`
    /// names it; `None` for a product whose shapes `x-github-products` alone decides.
    pub fn api_version(self) -> Option<&'static str> {
        self.api_version.map(ApiVersion::key)
    }

    /// The vendored file, relative to `spec/upstream/`.
    pub fn upstream_file(self) -> String {
        format!("github-actions-{}.yaml", self.name())
    }

    /// The description that stands in for the target's own for the operations its own lacks,
    /// as the stem of its file name (`ghes-3.19`): GitHub Enterprise Server 3.21's published
    /// file holds only some operations, and 3.19's is the newest that holds the others. The
    /// file's `info.x-product` is the stem.
    pub fn evidence(self) -> Option<&'static str> {
        EVIDENCE
            .iter()
            .find(|(target, _)| *target == self.name())
            .map(|(_, stem)| *stem)
    }

    /// The target called `name`, if any.
    pub fn from_name(name: &str) -> Option<Self> {
        Target::ALL.into_iter().find(|t| t.name() == name)
    }

    /// The products with no upstream description, which the audit leaves out.
    pub fn unaudited() -> impl Iterator<Item = Product> {
        Product::ALL
            .iter()
            .copied()
            .filter(|p| p.published_description().is_none())
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::Target;

    /// The names are what `spec/upstream/` and `spec/deviations.yaml` use.
    #[test]
    fn the_table_gives_the_vendored_targets_in_report_order() {
        let names: Vec<String> = Target::ALL.iter().map(|t| t.name()).collect();
        assert_eq!(
            names,
            ["dotcom-2026-03-10", "dotcom-2022-11-28", "ghes-3.21"]
        );
        let ghes = Target::from_name("ghes-3.21").expect("a target");
        assert_eq!((ghes.product(), ghes.api_version()), ("ghes-3.21", None));
        let old = Target::from_name("dotcom-2022-11-28").expect("a target");
        assert_eq!(
            (old.product(), old.api_version()),
            ("github.com", Some("2022-11-28"))
        );
        assert_eq!(old.upstream_file(), "github-actions-dotcom-2022-11-28.yaml");
        let mut sorted = Target::ALL;
        sorted.sort();
        assert_eq!(sorted, Target::ALL, "BTreeMap order is report order");
        let unaudited: Vec<&str> = Target::unaudited().map(|p| p.key()).collect();
        assert_eq!(unaudited, ["ghes-2.22"]);
    }
}
