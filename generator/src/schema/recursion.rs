//! Recursive schemas made into types Rust can hold.
//!
//! A type alias may not refer back to itself, even through a `Vec`: an
//! alias on such a cycle becomes a newtype (`struct Tree(Vec<Tree>)`), and
//! a cycle of plain aliases, which constrains nothing, becomes
//! `serde_json::Value`. A struct, union or newtype that holds itself by
//! value (directly, in an `Option`, or through other types) would have no
//! size: each field or alternative on such a cycle is boxed. `Vec` and
//! maps already hold their items behind a pointer and are left alone.

use super::{Ty, TypeDef, TypeKind};
use std::collections::BTreeMap;

/// Rewrites `types` so that no cycle is left without indirection.
pub(super) fn break_cycles(types: &mut [TypeDef]) {
    break_alias_cycles(types);
    box_by_value_cycles(types);
}

fn break_alias_cycles(types: &mut [TypeDef]) {
    let index = index(types);
    let edges: Vec<Vec<usize>> = types
        .iter()
        .map(|t| match &t.kind {
            TypeKind::Alias(ty) => ty
                .named()
                .iter()
                .filter_map(|n| index.get(n.as_str()).copied())
                .filter(|&j| matches!(types[j].kind, TypeKind::Alias(_)))
                .collect(),
            _ => Vec::new(),
        })
        .collect();
    for component in cycles(&edges) {
        let pure = component
            .iter()
            .all(|&i| matches!(&types[i].kind, TypeKind::Alias(Ty::Named(_))));
        for i in component {
            if let TypeKind::Alias(ty) = &types[i].kind {
                types[i].kind = if pure {
                    TypeKind::Alias(Ty::Json)
                } else {
                    TypeKind::Newtype(ty.clone())
                };
            }
        }
    }
}

fn box_by_value_cycles(types: &mut [TypeDef]) {
    let index = index(types);
    let target = |ty: &Ty| match ty {
        Ty::Named(n) => index.get(n.as_str()).copied(),
        _ => None,
    };
    let edges: Vec<Vec<usize>> = types
        .iter()
        .map(|t| match &t.kind {
            TypeKind::Struct { fields, .. } => {
                fields.iter().filter_map(|f| target(&f.ty)).collect()
            }
            TypeKind::OneOf { variants } => {
                variants.iter().filter_map(|(_, t)| target(t)).collect()
            }
            TypeKind::Alias(ty) | TypeKind::Newtype(ty) => target(ty).into_iter().collect(),
            TypeKind::Enum { .. } | TypeKind::Id => Vec::new(),
        })
        .collect();
    let mut component_of = vec![usize::MAX; types.len()];
    for (c, members) in cycles(&edges).into_iter().enumerate() {
        for i in members {
            component_of[i] = c;
        }
    }
    let same =
        |ty: &Ty, c: usize| c != usize::MAX && target(ty).is_some_and(|j| component_of[j] == c);
    let boxed = |ty: &mut Ty| *ty = Ty::Boxed(Box::new(ty.clone()));
    for (i, t) in types.iter_mut().enumerate() {
        let c = component_of[i];
        match &mut t.kind {
            TypeKind::Struct { fields, .. } => fields
                .iter_mut()
                .filter(|f| same(&f.ty, c))
                .for_each(|f| boxed(&mut f.ty)),
            TypeKind::OneOf { variants } => variants
                .iter_mut()
                .filter(|(_, ty)| same(ty, c))
                .for_each(|(_, ty)| boxed(ty)),
            TypeKind::Newtype(ty) if same(ty, c) => boxed(ty),
            _ => {}
        }
    }
}

fn index(types: &[TypeDef]) -> BTreeMap<String, usize> {
    types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.clone(), i))
        .collect()
}

/// The strongly connected components of `edges` that hold a cycle (more
/// than one node, or one with an edge to itself), each in index order.
fn cycles(edges: &[Vec<usize>]) -> Vec<Vec<usize>> {
    // Tarjan's algorithm, iterative so that long chains cannot overflow the stack.
    let n = edges.len();
    let mut order = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut next = 0;
    let mut out = Vec::new();
    for root in 0..n {
        if order[root] != usize::MAX {
            continue;
        }
        let mut work: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some(&mut (v, ref mut edge)) = work.last_mut() {
            if *edge == 0 && order[v] == usize::MAX {
                order[v] = next;
                low[v] = next;
                next += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = edges[v].get(*edge) {
                *edge += 1;
                if order[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(order[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == order[v] {
                let mut members = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    members.push(w);
                    if w == v {
                        break;
                    }
                }
                if members.len() > 1 || edges[v].contains(&v) {
                    members.sort_unstable();
                    out.push(members);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::cycles;

    #[test]
    fn cycles_are_found_and_acyclic_nodes_left_out() {
        // 0 -> 1 -> 2 -> 0, 3 -> 3, 4 -> 0.
        let edges = vec![vec![1], vec![2], vec![0], vec![3], vec![0]];
        assert_eq!(cycles(&edges), vec![vec![0, 1, 2], vec![3]]);
        assert!(cycles(&[vec![1], vec![]]).is_empty());
    }
}
