//! Groups of operations that a target can compile apart (the Rust target's cargo features): which
//! group each operation is in, and which named types each group needs, so that code for a large
//! API can be built for the operations a user calls and the types those need, and nothing else.

use crate::ir::{Api, Grouping, Schema, Segment, TypeId};
use crate::naming::{Breaks, Case, Escape, Language, LeadingDigit, Scope};

/// Group names are plain ASCII snake_case words (a target may join them with `-`), unique
/// ignoring case so that no two differ only there.
static GROUPS: Language = Language {
    reserved: &[],
    escape: Escape::Suffix,
    ascii: true,
    breaks: Breaks::Case,
    snake_before_fold: false,
    leading_digit: LeadingDigit::ByCase,
    ignore_case: true,
    extra_chars: &[],
};

/// The group of operations without a tag (by tag), or whose path starts with a parameter or is
/// `/` (by path).
const REST: &str = "other";

/// One group: its name, what it was made from, and its operations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// Unique snake_case name (never one of the caller's reserved names).
    pub name: String,
    /// The tag or the first path segment as written; `None` for the group of the rest.
    pub label: Option<String>,
    /// Indexes into [`Api::operations`], in document order.
    pub operations: Vec<usize>,
}

/// The operations of an API in groups, and the groups that need each type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Groups {
    /// In the order their first operation comes in the document.
    pub groups: Vec<Group>,
    /// The group of each operation (an index into `groups`).
    pub operation_group: Vec<usize>,
    /// For each type (indexed by [`TypeId`]), the sorted groups that need it; empty for a type
    /// that no operation needs.
    pub type_groups: Vec<Vec<usize>>,
}

/// The groups of `api` by its [`Api::grouping`], `None` when it has no grouping (or no
/// operations). `reserved` are names a group must not take (a target's own feature names).
/// `rep` is each type's representative (`ir::representatives`): a target that emits a type as an
/// alias of its representative needs the representative wherever it needs the type.
///
/// By tag, an operation is in the group of its first tag; by path, of the first segment of its
/// path (`/repos/{owner}/...` is in `repos`). The rest are in a group `other`.
pub fn groups(api: &Api, rep: &[TypeId], reserved: &[&str]) -> Option<Groups> {
    if api.grouping == Grouping::None || api.operations.is_empty() {
        return None;
    }
    let mut scope = Scope::with(&GROUPS, reserved);
    let mut groups: Vec<Group> = Vec::new();
    let mut operation_group = Vec::with_capacity(api.operations.len());
    let labels: Vec<Option<String>> = api.operations.iter().map(|op| label(api.grouping, op)).collect();
    for (i, label) in labels.iter().enumerate() {
        let found = groups.iter().position(|g| &g.label == label);
        let index = found.unwrap_or_else(|| {
            let name = scope.claim(label.as_deref().unwrap_or(REST), Case::Snake, REST);
            groups.push(Group { name, label: label.clone(), operations: Vec::new() });
            groups.len() - 1
        });
        groups[index].operations.push(i);
        operation_group.push(index);
    }
    let mut type_groups: Vec<Vec<usize>> = vec![Vec::new(); api.types.len()];
    for (g, group) in groups.iter().enumerate() {
        let mut seen = vec![false; api.types.len()];
        let mut todo: Vec<TypeId> = Vec::new();
        for &i in &group.operations {
            operation_schemas(api, i, &mut |schema| todo.extend(schema.named()));
        }
        while let Some(id) = todo.pop() {
            let Some(slot) = seen.get_mut(id.0) else { continue };
            if std::mem::replace(slot, true) {
                continue;
            }
            type_groups[id.0].push(g);
            let def = api.ty(id);
            todo.extend(def.kind.schemas().filter_map(Schema::named));
            if let crate::ir::TypeKind::Struct(s) = &def.kind {
                todo.extend(s.parents.iter().copied());
            }
            if let Some(&r) = rep.get(id.0) {
                todo.push(r);
            }
        }
    }
    Some(Groups { groups, operation_group, type_groups })
}

fn label(grouping: Grouping, op: &crate::ir::Operation) -> Option<String> {
    match grouping {
        Grouping::None => None,
        Grouping::Tag => op.tags.first().cloned(),
        Grouping::Path => match op.path.segments().first() {
            Some(Segment::Literal(text)) => {
                let first = text.trim_start_matches('/').split('/').next().unwrap_or("");
                (!first.is_empty()).then(|| first.to_string())
            }
            _ => None,
        },
    }
}

/// Every schema operation `i` names: its parameters, request bodies and their parts, responses
/// (bodies, stream items, headers).
fn operation_schemas<'a>(api: &'a Api, i: usize, visit: &mut impl FnMut(&'a Schema)) {
    let op = &api.operations[i];
    for p in &op.parameters {
        visit(&p.schema);
    }
    for content in op.body.iter().flat_map(|b| &b.contents) {
        content.schemas().for_each(&mut *visit);
        for part in &content.parts {
            visit(&part.schema);
        }
    }
    for response in &op.responses {
        response.contents.iter().flat_map(|c| c.schemas()).for_each(&mut *visit);
        for header in &response.headers {
            visit(&header.schema);
        }
    }
}
