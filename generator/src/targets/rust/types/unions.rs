//! Unions (`oneOf`/`anyOf`): untagged ones tried in order, and ones a discriminator chooses.

use proc_macro2::TokenStream;
use quote::quote;

use super::is_struct;
use crate::ir::{TypeId, Union};
use crate::targets::rust::names::Scope;
use crate::targets::rust::{docs, Ctx};

pub(super) fn emit(ctx: &Ctx, id: TypeId, doc: TokenStream, u: &Union) -> TokenStream {
    if u.discriminator.is_some() {
        return emit_tagged(ctx, id, doc, u);
    }
    let name = &ctx.type_idents[id.0];
    let mut scope = Scope::default();
    let mut order = Vec::new();
    let variants: Vec<TokenStream> = u
        .variants
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let ident = scope.pascal(&v.name, "Variant");
            order.push(format!("`{ident}`"));
            let mut ty = ctx.ty(&v.schema, &quote!());
            if ctx.boxed.contains(&(id, i)) || is_struct(ctx, &v.schema) {
                ty = quote!(::std::boxed::Box<#ty>);
            }
            let vdoc = v.description.as_deref().map(docs::attrs).unwrap_or_default();
            quote!(#vdoc #ident(#ty),)
        })
        .collect();
    let order_doc =
        format!(" Decoding tries the variants in this order and keeps the first that fits: {}.", order.join(", "));
    quote! {
        #doc
        #[doc = ""]
        #[doc = #order_doc]
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(untagged)]
        pub enum #name {
            #( #variants )*
        }
    }
}

/// A union with a discriminator: the tag property picks the variant, and the variant's own type
/// keeps the tag (so a round trip is exact); an unlisted tag is kept as raw JSON.
fn emit_tagged(ctx: &Ctx, id: TypeId, doc: TokenStream, u: &Union) -> TokenStream {
    let name = &ctx.type_idents[id.0];
    let property = u.discriminator.as_ref().map(|d| d.property.clone()).unwrap_or_default();
    let mut scope = Scope::default();
    let mut variants = Vec::new();
    let mut arms = Vec::new();
    let mut table = Vec::new();
    for (i, v) in u.variants.iter().enumerate() {
        let ident = scope.pascal(&v.name, "Variant");
        let mut ty = ctx.ty(&v.schema, &quote!());
        let boxed = ctx.boxed.contains(&(id, i)) || is_struct(ctx, &v.schema);
        if boxed {
            ty = quote!(::std::boxed::Box<#ty>);
        }
        let tags = &v.tags;
        let vdoc = format!(
            " `{property}`: {}",
            if tags.is_empty() {
                "(no tag value selects it)".to_string()
            } else {
                tags.iter().map(|t| format!("`{t}`")).collect::<Vec<_>>().join(", ")
            }
        );
        variants.push(quote!(#[doc = #vdoc] #ident(#ty),));
        if !tags.is_empty() {
            let wrap = if boxed { quote!(|v| Self::#ident(::std::boxed::Box::new(v))) } else { quote!(Self::#ident) };
            arms.push(quote! {
                #( ::std::option::Option::Some(#tags) )|* => ::serde_json::from_value(value).map(#wrap).map_err(::serde::de::Error::custom),
            });
            table.push(format!("{} → `{ident}`", tags.iter().map(|t| format!("`{t}`")).collect::<Vec<_>>().join(", ")));
        }
    }
    let unknown = scope.pascal("Unknown", "Unknown");
    let order_doc =
        format!(" Chosen by the `{property}` property: {}; any other value is kept as `{unknown}`.", table.join("; "));
    quote! {
        #doc
        #[doc = ""]
        #[doc = #order_doc]
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize)]
        #[serde(untagged)]
        pub enum #name {
            #( #variants )*
            /// A tag value the schema does not list, kept as sent.
            #unknown(::serde_json::Value),
        }
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                let tag = value.get(#property).and_then(::serde_json::Value::as_str).map(::std::borrow::ToOwned::to_owned);
                match tag.as_deref() {
                    #( #arms )*
                    _ => ::std::result::Result::Ok(Self::#unknown(value)),
                }
            }
        }
    }
}
