//! Types with the same shape. Real documents repeat inline schemas many times over (GitHub's
//! description has 722 copies of the `read`/`write` enum); a target can emit one definition per
//! shape and name every copy as an alias of it, so each name and its documentation stays where it
//! stands while the compiler sees each shape once.

use std::collections::HashMap;

use super::{Additional, Api, Schema, TypeId, TypeKind};

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
    fn walk(schema: &Schema, out: &mut Vec<TypeId>) {
        match schema {
            Schema::Named(id) => out.push(*id),
            Schema::List(item) | Schema::Nullable(item) | Schema::Map { value: item, .. } => walk(item, out),
            Schema::Primitive(_) | Schema::Any => {}
        }
    }
    let mut out = Vec::new();
    match kind {
        TypeKind::Struct(s) => {
            s.fields.iter().for_each(|f| walk(&f.schema, &mut out));
            out.extend(s.parents.iter().copied());
            if let Additional::Typed { value, .. } = &s.additional {
                walk(value, &mut out);
            }
        }
        TypeKind::Union(u) => u.variants.iter().for_each(|v| walk(&v.schema, &mut out)),
        TypeKind::Alias(s) => walk(s, &mut out),
        TypeKind::Enum(_) => {}
    }
    out
}

/// A text that is equal for two kinds exactly when their shapes are, with type references
/// replaced by their current representatives.
fn shape_key(kind: &TypeKind, rep: &[TypeId]) -> String {
    let mut kind = kind.clone();
    match &mut kind {
        TypeKind::Struct(s) => {
            for f in &mut s.fields {
                canonical(&mut f.schema, rep);
            }
            for p in &mut s.parents {
                *p = rep[p.0];
            }
            if let Additional::Typed { value, .. } = &mut s.additional {
                canonical(value, rep);
            }
        }
        TypeKind::Union(u) => {
            for v in &mut u.variants {
                canonical(&mut v.schema, rep);
            }
        }
        TypeKind::Alias(s) => canonical(s, rep),
        TypeKind::Enum(_) => {}
    }
    format!("{kind:?}")
}

fn canonical(schema: &mut Schema, rep: &[TypeId]) {
    match schema {
        Schema::Named(id) => *id = rep[id.0],
        Schema::List(item) | Schema::Nullable(item) | Schema::Map { value: item, .. } => canonical(item, rep),
        Schema::Primitive(_) | Schema::Any => {}
    }
}
