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
    let mut rep: Vec<TypeId> = (0..api.types.len()).map(TypeId).collect();
    // Merging only ever makes more keys equal, so this reaches a fixed point; each round that
    // changes something merges at least one more type, and nesting depth bounds the rounds in
    // practice.
    loop {
        let mut first: HashMap<String, TypeId> = HashMap::new();
        let mut next = rep.clone();
        for (i, def) in api.types.iter().enumerate() {
            if matches!(def.kind, TypeKind::Alias(_)) {
                continue;
            }
            let key = shape_key(&def.kind, &rep);
            next[i] = *first.entry(key).or_insert(TypeId(i));
        }
        if next == rep {
            return rep;
        }
        rep = next;
    }
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
