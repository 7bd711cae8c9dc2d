//! Cycles of types that hold each other inline. A target whose values contain their members
//! (Rust) cannot lay such a cycle out, and must put one member of it behind a pointer.

use std::collections::HashSet;

use crate::ir::{Api, Schema, TypeId};

/// Every (type, member index) whose member holds inline (itself or behind `Nullable`, not in a
/// list or map) a type that leads back to the type: the members to box. The index is the
/// member's place in [`TypeKind::members`](crate::ir::TypeKind::members).
///
/// Only representatives (see [`representatives`](crate::ir::representatives)) own members, and
/// members lead to the representative of their type: a copy is emitted as an alias of its
/// representative, so that is the graph the compiler sees.
pub fn boxed_members(api: &Api, rep: &[TypeId]) -> HashSet<(TypeId, usize)> {
    let inline = |t: usize| api.types[t].kind.members().map(Schema::inline_named);
    let edges: Vec<Vec<usize>> =
        (0..api.types.len()).map(|t| inline(t).flatten().map(|x| rep[x.0].0).collect()).collect();
    // A member leads back to its owner exactly when its target is in the owner's strongly
    // connected component (or is the owner).
    let component = components(&edges);
    let mut boxed = HashSet::new();
    for owner in (0..api.types.len()).filter(|&i| rep[i].0 == i) {
        for (index, target) in inline(owner).enumerate() {
            if target.is_some_and(|t| component[rep[t.0].0] == component[owner]) {
                boxed.insert((TypeId(owner), index));
            }
        }
    }
    boxed
}

/// The strongly connected component of each node of the graph (Tarjan's algorithm, one pass
/// over the edges). Iterative: a chain of thousands of types must not exhaust the stack.
fn components(edges: &[Vec<usize>]) -> Vec<usize> {
    const NONE: usize = usize::MAX;
    let n = edges.len();
    let mut order = vec![NONE; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack: Vec<usize> = Vec::new();
    let mut component = vec![NONE; n];
    let (mut visited, mut found) = (0, 0);
    // The path being explored: each node with how many of its edges are done.
    let mut path: Vec<(usize, usize)> = Vec::new();
    for root in 0..n {
        if order[root] != NONE {
            continue;
        }
        path.push((root, 0));
        order[root] = visited;
        low[root] = visited;
        visited += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut done)) = path.last_mut() {
            if let Some(&w) = edges[v].get(*done) {
                *done += 1;
                if order[w] == NONE {
                    order[w] = visited;
                    low[w] = visited;
                    visited += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    path.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(order[w]);
                }
                continue;
            }
            path.pop();
            if let Some(&(parent, _)) = path.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == order[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component[w] = found;
                    if w == v {
                        break;
                    }
                }
                found += 1;
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Additional, Field, Struct, TypeDef, TypeKind};

    fn api(members: &[Vec<Schema>]) -> Api {
        let field = |schema: &Schema| Field {
            name: "f".into(),
            description: None,
            schema: schema.clone(),
            required: true,
            nullable: false,
            default: None,
            read_only: false,
            write_only: false,
            deprecated: false,
            example: None,
            constraints: Default::default(),
        };
        let types = members
            .iter()
            .map(|m| TypeDef {
                name: "T".into(),
                description: None,
                deprecated: false,
                default: None,
                origin: String::new(),
                kind: TypeKind::Struct(Struct {
                    fields: m.iter().map(field).collect(),
                    parents: Vec::new(),
                    additional: Additional::Any,
                }),
            })
            .collect();
        Api {
            name: "t".into(),
            title: "t".into(),
            version: String::new(),
            description: None,
            source: String::new(),
            servers: Vec::new(),
            security_schemes: Vec::new(),
            operations: Vec::new(),
            types,
            grouping: Default::default(),
        }
    }

    /// What the Rust target computed before: a search from each member's target for its owner.
    fn by_search(api: &Api, rep: &[TypeId]) -> HashSet<(TypeId, usize)> {
        let reaches = |from: TypeId, to: TypeId| {
            let mut stack = vec![from];
            let mut seen = HashSet::new();
            while let Some(t) = stack.pop() {
                if t == to {
                    return true;
                }
                if seen.insert(t) {
                    stack.extend(api.ty(t).kind.members().filter_map(Schema::inline_named).map(|n| rep[n.0]));
                }
            }
            false
        };
        let mut boxed = HashSet::new();
        for (i, def) in api.types.iter().enumerate() {
            let owner = TypeId(i);
            if rep[i] != owner {
                continue;
            }
            for (index, member) in def.kind.members().enumerate() {
                if member.inline_named().is_some_and(|t| reaches(rep[t.0], owner)) {
                    boxed.insert((owner, index));
                }
            }
        }
        boxed
    }

    fn named(i: usize) -> Schema {
        Schema::Named(TypeId(i))
    }

    #[test]
    fn members_on_a_cycle_are_boxed_and_lists_break_cycles() {
        let nullable = |s| Schema::Nullable(Box::new(s));
        let api = api(&[
            vec![nullable(named(0))],               // 0 holds itself
            vec![named(2), Schema::Any],            // 1 -> 2 -> 1
            vec![named(1), named(0)],               // 2 also holds 0, which does not lead back
            vec![Schema::List(Box::new(named(3)))], // 3 holds itself in a list: no box
            vec![Schema::Map { value: Box::new(named(4)), pattern: None }, named(3)],
        ]);
        let rep: Vec<TypeId> = (0..api.types.len()).map(TypeId).collect();
        let expected: HashSet<_> = [(0, 0), (1, 0), (2, 0)].into_iter().map(|(t, i)| (TypeId(t), i)).collect();
        assert_eq!(boxed_members(&api, &rep), expected);
    }

    #[test]
    fn the_same_members_are_boxed_as_by_a_search_from_each_member() {
        // A small linear congruential generator: the same graphs on every run.
        let mut seed: u64 = 0x5eed;
        let mut next = |bound: usize| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) as usize % bound
        };
        for _ in 0..300 {
            let n = 1 + next(12);
            let members: Vec<Vec<Schema>> = (0..n)
                .map(|_| {
                    (0..next(4))
                        .map(|_| match next(4) {
                            0 => Schema::List(Box::new(named(next(n)))),
                            1 => Schema::Nullable(Box::new(named(next(n)))),
                            _ => named(next(n)),
                        })
                        .collect()
                })
                .collect();
            let api = api(&members);
            // Representatives come first among their copies, as `representatives` makes them.
            let rep: Vec<TypeId> =
                (0..n).map(|i| if i > 0 && next(3) == 0 { TypeId(next(i)) } else { TypeId(i) }).collect();
            let rep: Vec<TypeId> = (0..n)
                .map(|i| {
                    let mut r = rep[i];
                    while rep[r.0] != r {
                        r = rep[r.0];
                    }
                    r
                })
                .collect();
            assert_eq!(boxed_members(&api, &rep), by_search(&api, &rep), "{members:?} {rep:?}");
        }
    }
}
