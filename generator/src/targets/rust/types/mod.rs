//! The `types` module: one Rust type per named schema. This file owns the module's entry points,
//! the docs every type carries and aliases; structs, enums and unions have a file each.

mod enums;
mod structs;
mod unions;

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

use super::{docs, Ctx};
use crate::ir::{Schema, TypeDef, TypeId, TypeKind};

/// The types module's items for the types in `range`, after the module's doc if `first`.
pub fn emit(ctx: &Ctx, range: std::ops::Range<usize>, first: bool) -> TokenStream {
    let doc = first.then(|| {
        let doc = format!(
            " Types of the {} API: one per schema, in the order they were found.",
            docs::inline(&ctx.api.title)
        );
        quote!(#![doc = #doc])
    });
    let items =
        range.map(|i| super::features::gate(&ctx.type_cfg(TypeId(i)), emit_type(ctx, TypeId(i), &ctx.api.types[i])));
    quote! {
        #doc
        #( #items )*
    }
}

fn type_docs(def: &TypeDef) -> TokenStream {
    let mut parts: Vec<String> = Vec::new();
    if let Some(d) = &def.description {
        parts.push(d.clone());
    }
    if let Some(default) = &def.default {
        parts.push(format!("Schema default: `{}`.", compact(default)));
    }
    if def.deprecated {
        parts.push("Deprecated by the schema.".into());
    }
    parts.push(format!("Schema: `{}`.", def.origin));
    docs::attrs(&docs::paragraphs(parts.iter().map(String::as_str)))
}

fn emit_type(ctx: &Ctx, id: TypeId, def: &TypeDef) -> TokenStream {
    let name = &ctx.type_idents[id.0];
    let doc = type_docs(def);
    let rep = ctx.rep[id.0];
    if rep != id {
        let target = &ctx.type_idents[rep.0];
        let note = format!(" The same shape as [`{target}`], which is defined once and named here too.");
        return quote! { #doc #[doc = ""] #[doc = #note] pub type #name = #target; };
    }
    match &def.kind {
        TypeKind::Struct(s) => structs::emit(ctx, id, doc, s),
        TypeKind::Enum(e) => enums::emit(doc, name, e),
        TypeKind::Union(u) => unions::emit(ctx, id, doc, u),
        TypeKind::Alias(schema) => {
            let ty = ctx.ty(schema, &quote!());
            quote! { #doc pub type #name = #ty; }
        }
    }
}

/// Struct payloads in enums are boxed (also behind aliases): they are large, and boxing keeps
/// every variant small.
pub fn is_struct(ctx: &Ctx, schema: &Schema) -> bool {
    match schema {
        Schema::Named(id) => match &ctx.api.ty(*id).kind {
            TypeKind::Struct(_) => true,
            TypeKind::Alias(inner) => is_struct(ctx, inner),
            _ => false,
        },
        Schema::Nullable(inner) => is_struct(ctx, inner),
        _ => false,
    }
}

/// A one-line rendering of a JSON value for docs.
fn compact(v: &Value) -> String {
    let s = crate::ir::json_text(v);
    if s.chars().count() > 120 {
        let cut: String = s.chars().take(117).collect();
        format!("{cut}...")
    } else {
        s
    }
}
