//! Which named types request bodies, parameters and answers use.

use super::{Operation, Payload, Webhook};
use crate::schema::{Ty, TypeDef};
use std::collections::{BTreeMap, BTreeSet};

/// Where the operations use a named type, directly or through other types.
/// It decides the Rust shape of a field that may be absent or `null`: only a
/// request body needs the two apart. It also decides the module: a type only
/// request bodies use lives in `types::requests`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TypeUse {
    /// Reached from a request body.
    pub request_body: bool,
    /// Reached from a path or query parameter.
    pub parameter: bool,
    /// Reached from a success response.
    pub response: bool,
}

impl TypeUse {
    /// Only request bodies use the type.
    pub fn request_only(self) -> bool {
        self.request_body && !self.parameter && !self.response
    }
}

/// Where each named type is used, following the types that mention others.
pub(super) fn type_uses(
    types: &[TypeDef],
    operations: &[Operation],
    webhooks: &[Webhook],
) -> BTreeMap<String, TypeUse> {
    let by_name: BTreeMap<&str, &TypeDef> = types.iter().map(|t| (t.name.as_str(), t)).collect();
    let mut out: BTreeMap<String, TypeUse> = BTreeMap::new();
    let mut mark = |root: &Ty, set: fn(&mut TypeUse)| {
        let mut stack = root.named();
        let mut seen = BTreeSet::new();
        while let Some(n) = stack.pop() {
            if !seen.insert(n.clone()) {
                continue;
            }
            if let Some(t) = by_name.get(n.as_str()) {
                stack.extend(t.referenced());
            }
            set(out.entry(n).or_default());
        }
    };
    for op in operations {
        for p in op.path_params.iter().chain(&op.other_params) {
            mark(&p.ty, |u| u.parameter = true);
        }
        if let Some(b) = &op.body {
            mark(&b.ty, |u| u.request_body = true);
        }
        for s in op.outcome.successes() {
            if let Payload::Json(t) = &s.payload {
                mark(t, |u| u.response = true);
            }
        }
    }
    // A webhook payload is read like an answer.
    for webhook in webhooks {
        mark(&webhook.ty, |u| u.response = true);
    }
    out
}

/// Drops the types made along the way that nothing reaches: a query
/// parameter's one-value-or-list union, once the parameter reads it as the
/// list, leaves the union and its item type behind. Kept: every type an
/// operation uses, every component schema that was built, and every type
/// one of those mentions.
pub(super) fn drop_leftovers(
    types: &mut Vec<TypeDef>,
    uses: &BTreeMap<String, TypeUse>,
    components: &BTreeSet<String>,
) {
    let by_name: BTreeMap<&str, &TypeDef> = types.iter().map(|t| (t.name.as_str(), t)).collect();
    let mut stack: Vec<String> = types
        .iter()
        .map(|t| &t.name)
        .filter(|n| uses.contains_key(*n) || components.contains(*n))
        .cloned()
        .collect();
    let mut kept = BTreeSet::new();
    while let Some(name) = stack.pop() {
        if kept.insert(name.clone())
            && let Some(t) = by_name.get(name.as_str())
        {
            stack.extend(t.referenced());
        }
    }
    types.retain(|t| kept.contains(&t.name));
}
