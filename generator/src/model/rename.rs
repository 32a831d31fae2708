//! Names of string enums that several places share, given once every
//! place is known. Enums of the same values share one type, first named
//! after the place that met it first; when the places have more in common
//! than that one (`WebhookWorkflowJob{Completed,Queued,Waiting}WorkflowJobStatus`),
//! the type takes the words they all share at the front and at the end
//! (`WebhookWorkflowJobWorkflowJobStatus`), so no place sees another's name.

use super::{Operation, Outcome, Payload, Webhook};
use crate::schema::{Ty, TypeDef, TypeKind};
use std::collections::{BTreeMap, BTreeSet};

/// The new name of each shared enum whose places agree on more than one
/// word, from `hints` (the names each place would give, by the enum's
/// current name). A name another type has is not taken.
pub(super) fn shared_enum_names(
    hints: &BTreeMap<String, Vec<String>>,
    taken: &BTreeSet<String>,
) -> BTreeMap<String, String> {
    let mut renames = BTreeMap::new();
    let mut claimed = taken.clone();
    for (name, places) in hints {
        let Some(wanted) = common_name(places) else {
            continue;
        };
        if wanted != *name && !claimed.contains(&wanted) {
            claimed.insert(wanted.clone());
            renames.insert(name.clone(), wanted);
        }
    }
    renames
}

/// The words every place name starts with, then those every one ends with
/// (not counted twice); `None` for fewer than two places, or when that
/// makes fewer than three words, or no shared last word.
fn common_name(places: &[String]) -> Option<String> {
    let distinct: BTreeSet<&String> = places.iter().collect();
    if distinct.len() < 2 {
        return None;
    }
    let split: Vec<Vec<&str>> = distinct.iter().map(|p| words(p)).collect();
    let shortest = split.iter().map(Vec::len).min()?;
    let first = &split[0];
    let prefix = (0..shortest)
        .take_while(|&i| split.iter().all(|w| w[i] == first[i]))
        .count();
    let suffix = (1..=shortest - prefix)
        .take_while(|&i| {
            split
                .iter()
                .all(|w| w[w.len() - i] == first[first.len() - i])
        })
        .count();
    if suffix == 0 || prefix + suffix < 3 {
        return None;
    }
    let mut name: String = first[..prefix].concat();
    name.push_str(&first[first.len() - suffix..].concat());
    Some(name)
}

/// A PascalCase name's words (`WorkflowJob2Status` is `Workflow`, `Job2`, `Status`).
fn words(name: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in name.char_indices().skip(1) {
        if c.is_ascii_uppercase() {
            out.push(&name[start..i]);
            start = i;
        }
    }
    out.push(&name[start..]);
    out
}

/// Renames types everywhere the model names them: the definitions, the
/// types inside them (a union's variant named after its type too), the
/// operations' parameters, bodies, answers and pages, and the webhooks.
pub(super) fn apply(
    renames: &BTreeMap<String, String>,
    types: &mut [TypeDef],
    operations: &mut [Operation],
    webhooks: &mut [Webhook],
) {
    if renames.is_empty() {
        return;
    }
    for def in types.iter_mut() {
        if let Some(new) = renames.get(&def.name) {
            def.name = new.clone();
        }
        match &mut def.kind {
            TypeKind::Struct { fields, .. } => {
                fields.iter_mut().for_each(|f| ty(&mut f.ty, renames))
            }
            TypeKind::OneOf { variants } => {
                let names: BTreeSet<String> = variants.iter().map(|(v, _)| v.clone()).collect();
                for (variant, t) in variants.iter_mut() {
                    if let Some(new) = renames
                        .get(variant.as_str())
                        .filter(|n| !names.contains(*n))
                        && matches!(t, Ty::Named(n) if n == variant)
                    {
                        *variant = new.clone();
                    }
                    ty(t, renames);
                }
            }
            TypeKind::Alias(t) | TypeKind::Newtype(t) => ty(t, renames),
            TypeKind::Enum { .. } | TypeKind::Id => {}
        }
    }
    for op in operations.iter_mut() {
        for p in op.path_params.iter_mut().chain(op.other_params.iter_mut()) {
            ty(&mut p.ty, renames);
        }
        if let Some(body) = &mut op.body {
            ty(&mut body.ty, renames);
            body.all_fields
                .iter_mut()
                .for_each(|f| ty(&mut f.ty, renames));
            for f in body.fields.iter_mut().flatten() {
                ty(&mut f.field.ty, renames);
            }
        }
        let successes: Vec<&mut super::Success> = match &mut op.outcome {
            Outcome::Single(s) => vec![s],
            Outcome::Several { variants, .. } => variants.iter_mut().map(|(_, s)| s).collect(),
        };
        for success in successes {
            if let Payload::Json(t) = &mut success.payload {
                ty(t, renames);
            }
        }
        if let Some(pagination) = &mut op.pagination {
            ty(&mut pagination.item, renames);
        }
    }
    for webhook in webhooks.iter_mut() {
        ty(&mut webhook.ty, renames);
    }
}

fn ty(t: &mut Ty, renames: &BTreeMap<String, String>) {
    match t {
        Ty::Named(name) => {
            if let Some(new) = renames.get(name.as_str()) {
                *name = new.clone();
            }
        }
        Ty::Map(inner) | Ty::Vec(inner) | Ty::Boxed(inner) | Ty::Nullable(inner) => {
            ty(inner, renames)
        }
        Ty::Bool | Ty::I64 | Ty::F64 | Ty::String | Ty::Timestamp | Ty::Json | Ty::Bytes => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(places: &[&str]) -> Option<String> {
        common_name(&places.iter().map(|p| (*p).to_owned()).collect::<Vec<_>>())
    }

    #[test]
    fn shared_words_at_both_ends_name_the_enum_when_they_say_enough() {
        assert_eq!(
            names(&[
                "WebhookWorkflowJobCompletedWorkflowJobStatus",
                "WebhookWorkflowJobQueuedWorkflowJobStatus",
            ]),
            Some("WebhookWorkflowJobWorkflowJobStatus".to_owned())
        );
        assert_eq!(
            names(&[
                "SecurityAndAnalysisAdvancedSecurityStatus",
                "SecurityAndAnalysisSecretScanningStatus",
            ]),
            Some("SecurityAndAnalysisStatus".to_owned())
        );
        // One place, one word in common, or nothing at the end: no new name.
        assert_eq!(names(&["JobStepStatus", "JobStepStatus"]), None);
        assert_eq!(names(&["JobStepStatus", "WebhookStepsItemStatus"]), None);
        assert_eq!(names(&["WebhookAState", "WebhookBKind"]), None);
        // A place whose name is the shared words is the name.
        assert_eq!(
            names(&[
                "ConcurrencyGroupMemberStatus",
                "WorkflowRunConcurrencyGroupMemberStatus"
            ]),
            Some("ConcurrencyGroupMemberStatus".to_owned())
        );
    }

    #[test]
    fn a_name_another_type_has_is_not_taken() {
        let hints = BTreeMap::from([(
            "AppQueuedRunStatus".to_owned(),
            vec![
                "AppQueuedRunStatus".to_owned(),
                "AppWaitingRunStatus".to_owned(),
            ],
        )]);
        let taken = BTreeSet::from(["AppRunStatus".to_owned()]);
        assert!(shared_enum_names(&hints, &taken).is_empty());
        let free = shared_enum_names(&hints, &BTreeSet::new());
        assert_eq!(
            free.get("AppQueuedRunStatus").map(String::as_str),
            Some("AppRunStatus")
        );
    }
}
