//! Types with the same shape. Real documents repeat inline schemas many times over (GitHub's
//! description has 722 copies of the `read`/`write` enum); a target can emit one definition per
//! shape and name every copy as an alias of it, so each name and its documentation stays where it
//! stands while the compiler sees each shape once.

use std::collections::HashMap;

use crate::ir::{Api, Schema, TypeId, TypeKind};

/// For every type, the first type (in document order) whose definition is the same once the
/// types it refers to are themselves replaced by their representatives; a type that repeats no
/// earlier one is its own representative. Aliases (`TypeKind::Alias`) always represent themselves:
/// they already cost nothing.
///
/// Only the shape counts: name, description, default, deprecation and origin are per-copy
/// documentation, which the alias keeps.
pub fn representatives(api: &Api) -> Vec<TypeId> {
    let n = api.types.len();
    let mut rep: Vec<TypeId> = (0..n).map(TypeId).collect();
    // Who refers to whom: a key only changes when the representative of a type it refers to does.
    let mut referrers: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, def) in api.types.iter().enumerate() {
        for target in references(&def.kind) {
            referrers[target.0].push(i);
        }
    }
    let mut keys: Vec<Option<String>> = vec![None; n];
    let mut stale: Vec<bool> = api.types.iter().map(|t| !matches!(t.kind, TypeKind::Alias(_))).collect();
    // Merging only ever makes more keys equal, so this reaches a fixed point; each round after
    // the first recomputes only the keys of types whose references were merged.
    loop {
        for (i, def) in api.types.iter().enumerate() {
            if stale[i] {
                keys[i] = Some(shape_key(&def.kind, &rep));
                stale[i] = false;
            }
        }
        let mut first: HashMap<&str, TypeId> = HashMap::new();
        let mut changed = false;
        for i in 0..n {
            let Some(key) = keys[i].as_deref() else { continue };
            let r = *first.entry(key).or_insert(TypeId(i));
            if rep[i] != r {
                rep[i] = r;
                changed = true;
                for &referrer in &referrers[i] {
                    stale[referrer] = keys[referrer].is_some();
                }
            }
        }
        if !changed {
            return rep;
        }
    }
}

/// The types a kind refers to, directly.
fn references(kind: &TypeKind) -> Vec<TypeId> {
    let mut out: Vec<TypeId> = kind.schemas().filter_map(Schema::named).collect();
    if let TypeKind::Struct(s) = kind {
        out.extend(s.parents.iter().copied());
    }
    out
}

/// A text that is equal for two kinds exactly when their shapes are, with type references
/// replaced by their current representatives.
fn shape_key(kind: &TypeKind, rep: &[TypeId]) -> String {
    let mut kind = kind.clone();
    for schema in kind.schemas_mut() {
        schema.map_named(&|id| rep[id.0]);
    }
    if let TypeKind::Struct(s) = &mut kind {
        for p in &mut s.parents {
            *p = rep[p.0];
        }
    }
    format!("{kind:?}")
}
