//! The audit's text report: counts by target and kind, the differences not on the deviations
//! list grouped by where the spec must change, stale entries, and the listed deviations.
//!
//! A difference in a shared schema is met once per operation (and target) that reaches it;
//! the report shows it once, with the targets and operations it was met through.

use super::Outcome;
use super::difference::{Difference, Kind, Side};
use super::document::Pointer;
use super::target::Target;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Display;

/// Where in the spec a group of differences belongs, in report order.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Section {
    /// Under `#/components/schemas/{name}`.
    Schema(String),
    /// Under another `#/components/{kind}/{name}`.
    Component(String, String),
    /// Under the operation's own `#/paths/...` entry.
    Operation(String),
    /// Anywhere else.
    Document,
}

impl Section {
    fn of(difference: &Difference) -> Self {
        let segments = difference.spec.pointer.segments();
        match segments.as_slice() {
            [c, s, name, ..] if c == "components" && s == "schemas" => {
                Section::Schema(name.clone())
            }
            [c, kind, name, ..] if c == "components" => {
                Section::Component(kind.clone(), name.clone())
            }
            [p, ..] if p == "paths" => Section::Operation(difference.operation.clone()),
            _ => Section::Document,
        }
    }

    fn title(&self) -> String {
        match self {
            Section::Schema(name) => format!("schema `{name}` (#/components/schemas/{name})"),
            Section::Component(kind, name) => {
                format!("{kind} `{name}` (#/components/{kind}/{name})")
            }
            Section::Operation(id) => format!("operation `{id}`"),
            Section::Document => "the document".to_owned(),
        }
    }
}

/// The same difference met through several operations and targets: same place in the
/// spec, same kind, same values. Upstream may state it in several places (GitHub repeats
/// shapes inline where the spec shares a component), which the group collects.
type Key<'d> = (
    Section,
    &'d Pointer,
    Kind,
    &'d str,
    &'d Side,
    Option<&'d str>,
);

#[derive(Default)]
struct Group<'d> {
    targets: BTreeSet<Target>,
    operations: BTreeSet<&'d str>,
    upstream: BTreeSet<&'d Pointer>,
}

fn groups<'d>(differences: impl Iterator<Item = &'d Difference>) -> BTreeMap<Key<'d>, Group<'d>> {
    let mut groups: BTreeMap<Key<'d>, Group<'d>> = BTreeMap::new();
    for d in differences {
        let key = (
            Section::of(d),
            &d.spec.pointer,
            d.kind,
            d.subject.as_str(),
            &d.spec,
            d.upstream.value.as_deref(),
        );
        let group = groups.entry(key).or_default();
        group.targets.insert(d.target);
        group.operations.insert(&d.operation);
        group.upstream.insert(&d.upstream.pointer);
    }
    groups
}

fn line(out: &mut String, text: impl Display) {
    out.push_str(&text.to_string());
    out.push('\n');
}

/// The whole report: summary, unlisted differences, stale entries, listed deviations.
pub fn render(outcome: &Outcome) -> String {
    let mut out = String::new();
    let targets: Vec<String> = Target::ALL
        .iter()
        .map(|t| match t.evidence() {
            Some(stem) => format!(
                "{}, with {stem} for the operations its file lacks",
                t.name()
            ),
            None => t.name(),
        })
        .collect();
    let unaudited: String = Target::unaudited()
        .map(|p| format!(" {p} has no upstream file and is not audited."))
        .collect();
    line(
        &mut out,
        format_args!(
            "Spec audit of spec/actions.yaml against spec/upstream/ ({}; the webhook events against \
             github-webhooks-actions.yaml, as dotcom-2022-11-28);{unaudited}",
            targets.join(", ")
        ),
    );
    if let Some(only) = &outcome.only {
        line(
            &mut out,
            format_args!("Only operation `{only}`; stale entries are not checked."),
        );
    }
    out.push('\n');
    summary(&mut out, outcome);
    out.push('\n');
    out.push_str(&render_unlisted(outcome));
    out.push('\n');
    out.push_str(&render_stale(outcome));
    out.push('\n');
    listed(&mut out, outcome);
    out
}

fn summary(out: &mut String, outcome: &Outcome) {
    let unlisted = groups(outcome.unlisted());
    let listed = groups(
        outcome
            .differences
            .iter()
            .filter(|(_, e)| e.is_some())
            .map(|(d, _)| d),
    );
    let occurrences = outcome.unlisted().count();
    line(
        out,
        format_args!(
            "{} distinct differences not on the deviations list ({occurrences} counted per operation and target); \
             {} distinct listed ({} per operation and target); {} stale deviation part(s).",
            unlisted.len(),
            listed.len(),
            outcome.differences.len() - occurrences,
            outcome.stale.len()
        ),
    );
    line(
        out,
        "\nNot listed, by product/version (distinct / per operation):",
    );
    for target in Target::ALL {
        let distinct = unlisted
            .values()
            .filter(|g| g.targets.contains(&target))
            .count();
        let per_op = outcome.unlisted().filter(|d| d.target == target).count();
        line(
            out,
            format_args!("  {:<22}{distinct:>5} / {per_op}", target.name()),
        );
    }
    line(
        out,
        "\nNot listed, by kind (distinct / per operation and target):",
    );
    for kind in Kind::ALL {
        let distinct = unlisted.keys().filter(|k| k.2 == kind).count();
        let per_op = outcome.unlisted().filter(|d| d.kind == kind).count();
        if distinct > 0 {
            line(
                out,
                format_args!("  {:<22}{distinct:>5} / {per_op}", kind.name()),
            );
        }
    }
}

/// The differences no deviation lists, grouped by the part of the spec that must change.
pub fn render_unlisted(outcome: &Outcome) -> String {
    let mut out = String::new();
    let groups = groups(outcome.unlisted());
    line(
        &mut out,
        format_args!(
            "Differences not on the deviations list: {} distinct",
            groups.len()
        ),
    );
    let mut current: Option<&Section> = None;
    for (key, group) in &groups {
        let (section, _, kind, subject, spec, upstream) = key;
        if current != Some(section) {
            line(&mut out, format_args!("\n{}", section.title()));
            current = Some(section);
        }
        line(
            &mut out,
            format_args!(
                "  - [{kind}] {}: {subject}: spec {}; upstream {}",
                spec.pointer.readable(),
                spec.shown(),
                upstream.unwrap_or("absent")
            ),
        );
        line(&mut out, format_args!("      spec     {}", spec.pointer));
        for pointer in &group.upstream {
            line(&mut out, format_args!("      upstream {pointer}"));
        }
        line(&mut out, format_args!("      {}", reach(group, outcome)));
    }
    out
}

/// Which targets and operations a group was met through. Targets are judged against those
/// that have the operations at all: a github.com-only operation is on "every target" when it
/// differs on both API versions.
fn reach(group: &Group<'_>, outcome: &Outcome) -> String {
    let having: BTreeSet<Target> = Target::ALL
        .into_iter()
        .filter(|t| {
            outcome
                .compared
                .get(t)
                .is_some_and(|ops| group.operations.iter().any(|op| ops.contains(*op)))
        })
        .collect();
    let names = |targets: &BTreeSet<Target>| {
        targets
            .iter()
            .map(|t| t.name())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let targets = if group.targets == having {
        format!("on every target that has it ({})", names(&having))
    } else {
        let missing: BTreeSet<Target> = having.difference(&group.targets).copied().collect();
        format!(
            "only on {} (not on {})",
            names(&group.targets),
            names(&missing)
        )
    };
    let operations: Vec<&str> = group.operations.iter().copied().collect();
    format!("{targets}; via {}", operations.join(", "))
}

/// Deviation entries, or parts of them, that no longer cover any difference.
pub fn render_stale(outcome: &Outcome) -> String {
    let mut out = String::new();
    line(
        &mut out,
        format_args!("Stale deviation entries: {}", outcome.stale.len()),
    );
    for stale in &outcome.stale {
        line(&mut out, format_args!("  - {stale}"));
    }
    out
}

fn listed(out: &mut String, outcome: &Outcome) {
    let entries = &outcome.deviations.entries;
    line(
        out,
        format_args!("Listed deviations: {} entries", entries.len()),
    );
    for (i, entry) in entries.iter().enumerate() {
        let covered = outcome
            .differences
            .iter()
            .filter(|(_, e)| *e == Some(i))
            .count();
        let kinds: Vec<&str> = entry.kinds.iter().map(|k| k.name()).collect();
        line(
            out,
            format_args!(
                "  - `{}` ({}): covers {covered} difference(s) per operation and target",
                entry.id,
                kinds.join(", ")
            ),
        );
        line(out, format_args!("      {}", entry.reason));
    }
}
