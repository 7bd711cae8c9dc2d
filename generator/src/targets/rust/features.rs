//! Cargo features by group of operations (`switchboard generate --feature-groups`): the
//! `#[cfg]` each operation's items and each type carry, and the `[features]` lines of the crate's
//! manifest. Which operations form a group and which types a group needs is the IR's
//! (`ir::groups`); this only spells it for cargo.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Api, Groups, TypeId};

/// The feature that compiles every type, also those no operation needs (a document's schemas of
/// webhooks, say).
pub const ALL_TYPES: &str = "all-types";

/// Feature names a group cannot take: the runtime's, cargo's `default`, and [`ALL_TYPES`] (in
/// the snake_case the IR names groups in).
const RESERVED: &[&str] = &["default", "blocking", "gzip", "brotli", "deflate", "mock", "all_types"];

/// The features of one API's crate.
pub struct Gates {
    groups: Groups,
    /// Each group's cargo feature name.
    features: Vec<String>,
}

impl Gates {
    /// The gates of `api`, `None` when its operations are not grouped.
    pub fn new(api: &Api, rep: &[TypeId]) -> Option<Gates> {
        let groups = crate::ir::groups(api, rep, RESERVED)?;
        let features = groups.groups.iter().map(|g| g.name.replace('_', "-")).collect();
        Some(Gates { groups, features })
    }

    /// `#[cfg]` for the items of operation `i`.
    pub fn operation(&self, i: usize) -> TokenStream {
        let feature = &self.features[self.groups.operation_group[i]];
        quote!(#[cfg(feature = #feature)])
    }

    /// `#[cfg]` for an item that operations `ops` share.
    pub fn operations(&self, ops: &[usize]) -> TokenStream {
        let mut groups: Vec<usize> = ops.iter().map(|&i| self.groups.operation_group[i]).collect();
        groups.sort_unstable();
        groups.dedup();
        self.any(&groups, false)
    }

    /// `#[cfg]` for type `id`: on with any group that needs it or with [`ALL_TYPES`]; none for a
    /// type that every group needs (it is compiled whichever is on).
    pub fn ty(&self, id: TypeId) -> TokenStream {
        let groups = &self.groups.type_groups[id.0];
        if groups.len() == self.features.len() {
            return quote!();
        }
        self.any(groups, true)
    }

    fn any(&self, groups: &[usize], all_types: bool) -> TokenStream {
        let mut features: Vec<&str> = groups.iter().map(|&g| self.features[g].as_str()).collect();
        if all_types {
            features.push(ALL_TYPES);
        }
        match features.as_slice() {
            [one] => quote!(#[cfg(feature = #one)]),
            many => quote!(#[cfg(any( #( feature = #many ),* ))]),
        }
    }

    /// The `[features]` lines for the groups: each group, [`ALL_TYPES`], and `default` with all
    /// of them.
    pub fn manifest(&self) -> String {
        let mut out = String::from(
            "# The API's operations, one feature per group: a group compiles its operations and the types they\n\
             # need; `all-types` compiles every type. `default` has them all: depend on the crate with\n\
             # `default-features = false` and the groups you call to compile only those.\n",
        );
        let mut all: Vec<String> = self.features.iter().map(|f| format!("\"{f}\"")).collect();
        all.push(format!("\"{ALL_TYPES}\""));
        out.push_str(&format!("default = [{}]\n{ALL_TYPES} = []\n", all.join(", ")));
        for (feature, group) in self.features.iter().zip(&self.groups.groups) {
            let what = match &group.label {
                Some(label) => super::super::escape::hash_comment(label),
                None => "the rest".into(),
            };
            out.push_str(&format!("# {what}: {} operation(s)\n{feature} = []\n", group.operations.len()));
        }
        out
    }

    /// The groups, for the crate's docs: feature name, label and number of operations.
    pub fn summary(&self) -> Vec<(String, Option<String>, usize)> {
        self.features
            .iter()
            .zip(&self.groups.groups)
            .map(|(f, g)| (f.clone(), g.label.clone(), g.operations.len()))
            .collect()
    }
}

/// `items` with the attribute `cfg` on each top-level item; `items` as they are when `cfg` is
/// empty (or cannot be parsed, which printing then reports).
pub fn gate(cfg: &TokenStream, items: TokenStream) -> TokenStream {
    if cfg.is_empty() {
        return items;
    }
    let Ok(mut file) = syn::parse2::<syn::File>(items.clone()) else { return items };
    let Ok(attrs) = syn::parse::Parser::parse2(syn::Attribute::parse_outer, cfg.clone()) else { return items };
    for item in &mut file.items {
        if let Some(list) = item_attrs(item) {
            list.splice(0..0, attrs.iter().cloned());
        }
    }
    quote!(#file)
}

fn item_attrs(item: &mut syn::Item) -> Option<&mut Vec<syn::Attribute>> {
    use syn::Item;
    Some(match item {
        Item::Const(i) => &mut i.attrs,
        Item::Enum(i) => &mut i.attrs,
        Item::Fn(i) => &mut i.attrs,
        Item::Impl(i) => &mut i.attrs,
        Item::Macro(i) => &mut i.attrs,
        Item::Mod(i) => &mut i.attrs,
        Item::Static(i) => &mut i.attrs,
        Item::Struct(i) => &mut i.attrs,
        Item::Trait(i) => &mut i.attrs,
        Item::Type(i) => &mut i.attrs,
        Item::Union(i) => &mut i.attrs,
        Item::Use(i) => &mut i.attrs,
        _ => return None,
    })
}
