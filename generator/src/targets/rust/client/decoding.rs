//! How an operation's answer is decoded: its success type (one type, or an enum by status), one
//! match arm per documented status, and its error enum (shared with earlier operations that
//! document the same errors).

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::super::names::Scope;
use super::super::ty::RustType;
use super::super::Ctx;
use super::responses::{body_plan, status_label, status_pattern, status_variant, BodyPlan};
use crate::ir::{Operation, Response, Status};

/// The variants of an error enum, docs included: two operations with the same key share one enum.
pub type ErrorKey = Vec<(String, String, Option<RustType>)>;

/// The error enums emitted so far, by their variants; each is written among the items of the
/// first operation that has it, gated on the groups of every operation that names it.
#[derive(Default)]
pub struct ErrorEnums {
    by_key: std::collections::HashMap<ErrorKey, usize>,
    pub defined: Vec<ErrorEnum>,
}

/// One error enum: its definition, the operation that defines it and every one that names it.
pub struct ErrorEnum {
    pub tokens: TokenStream,
    pub owner: usize,
    pub users: Vec<usize>,
    ident: Ident,
}

/// How an operation's answer is decoded: the success type, one match arm per documented status,
/// the types it defines (body enums, an alias of an earlier equal error enum; a new error enum
/// goes to [`ErrorEnums`]), and the doc lines of its errors.
pub struct Decoding {
    pub success_ty: TokenStream,
    pub arms: Vec<TokenStream>,
    pub items: Vec<TokenStream>,
    pub error_docs: Vec<String>,
}

pub fn decoding(
    ctx: &Ctx,
    (index, op): (usize, &Operation),
    err: &Ident,
    op_pascal: &str,
    root: &mut Scope,
    error_enums: &mut ErrorEnums,
) -> Decoding {
    let mut items = Vec::new();
    let mut ordered: Vec<&Response> = op.responses.iter().collect();
    ordered.sort_by_key(|r| match r.status {
        Status::Code(_) => 0,
        Status::Range(_) => 1,
        Status::Default => 2,
    });
    let successes: Vec<&Response> = ordered.iter().copied().filter(|r| r.status.is_success()).collect();

    let success_plans: Vec<(Status, BodyPlan)> = successes
        .iter()
        .map(|r| {
            let name = format!("{op_pascal}{}Body", status_variant(r.status));
            let name = root.pascal(&name, "Body");
            (r.status, body_plan(ctx, r, err, Some(name), true, root))
        })
        .collect();
    for (_, plan) in &success_plans {
        items.push(plan.item.clone());
    }
    let distinct: Vec<Option<&RustType>> = {
        let mut v: Vec<Option<&RustType>> = success_plans.iter().map(|(_, p)| p.key.as_ref()).collect();
        v.dedup();
        v
    };
    // One success type when every success status carries the same body; an enum otherwise.
    let (success_ty, success_enum) = if success_plans.is_empty() {
        (quote!(crate::runtime::RawResponse), None)
    } else if distinct.len() == 1 {
        (success_plans[0].1.ty.clone().unwrap_or_else(|| quote!(())), None)
    } else {
        let name = root.pascal(&format!("{op_pascal}Response"), "Response");
        let mut vscope = Scope::default();
        let mut variants = Vec::new();
        let mut names_by_status = Vec::new();
        for (status, plan) in &success_plans {
            let v = vscope.pascal(&status_variant(*status), "Status");
            let doc = format!(" `{}`", status_label(*status));
            match &plan.ty {
                Some(ty) if plan.boxed => variants.push(quote!(#[doc = #doc] #v(::std::boxed::Box<#ty>),)),
                Some(ty) => variants.push(quote!(#[doc = #doc] #v(#ty),)),
                None => variants.push(quote!(#[doc = #doc] #v,)),
            }
            names_by_status.push(v);
        }
        let doc = format!(" What a successful `{}` returns, by status.", op.id);
        // A stream reads its connection as it is polled: it cannot be cloned or compared.
        let derives = if success_plans.iter().any(|(_, p)| p.streams) {
            quote!(#[derive(Debug)])
        } else {
            quote!(#[derive(Debug, Clone, PartialEq)])
        };
        items.push(quote! {
            #[doc = #doc]
            #derives
            pub enum #name { #( #variants )* }
        });
        (quote!(#name), Some((name, names_by_status)))
    };

    let mut arms = Vec::new();
    let mut error_variants = Vec::new();
    let mut error_key: ErrorKey = Vec::new();
    let mut error_docs = Vec::new();
    let mut evscope = Scope::default();
    let mut default_arm = None;
    let mut success_index = 0usize;
    for r in &ordered {
        let pattern = status_pattern(r.status);
        // Ranges are guards, not range patterns: they deliberately cover codes matched earlier.
        let bind = match r.status {
            Status::Code(_) => quote!(#pattern),
            Status::Range(_) => quote!(status if (#pattern).contains(&status)),
            Status::Default => quote!(_),
        };
        if r.status.is_success() {
            let (_, plan) = &success_plans[success_index];
            let i = success_index;
            success_index += 1;
            let value = match (&success_enum, &plan.ty) {
                (Some((name, vs)), Some(_)) => {
                    let v = &vs[i];
                    let d = &plan.decode;
                    if plan.boxed {
                        quote!(#name::#v(::std::boxed::Box::new(#d)))
                    } else {
                        quote!(#name::#v(#d))
                    }
                }
                (Some((name, vs)), None) => {
                    let v = &vs[i];
                    quote!(#name::#v)
                }
                (None, Some(_)) => plan.decode.clone(),
                (None, None) => quote!(()),
            };
            match (&success_enum, &plan.json_media) {
                (None, Some(media)) => {
                    arms.push(quote!(#bind => crate::runtime::json_success(response, &[#( #media ),*]),))
                }
                _ => arms.push(quote!(#bind => ::std::result::Result::Ok(#value),)),
            }
        } else {
            let v = evscope.pascal(&status_variant(r.status), "Status");
            let plan = body_plan(ctx, r, err, None, false, root);
            let mut doc = format!(" `{}`", status_label(r.status));
            if let Some(d) = &r.description {
                doc.push_str(&format!(": {}", d.lines().next().unwrap_or("")));
            }
            error_docs.push(format!("- `{}`: [`{err}::{v}`]", status_label(r.status)));
            match &plan.ty {
                Some(ty) => {
                    error_variants.push(quote!(#[doc = #doc] #v(#ty),));
                    error_key.push((v.to_string(), doc.clone(), plan.key.clone()));
                    let decode = &plan.decode;
                    let arm = if plan.json_media.is_some() {
                        quote!(#bind => crate::runtime::json_error(response, #err::#v),)
                    } else {
                        quote!(#bind => {
                            let body = #decode;
                            crate::runtime::api_error(response, #err::#v(body))
                        },)
                    };
                    if r.status == Status::Default {
                        default_arm = Some(arm)
                    } else {
                        arms.push(arm)
                    }
                }
                None => {
                    error_variants.push(quote!(#[doc = #doc] #v,));
                    error_key.push((v.to_string(), doc.clone(), None));
                    let arm = quote!(#bind => crate::runtime::api_error(response, #err::#v),);
                    if r.status == Status::Default {
                        default_arm = Some(arm)
                    } else {
                        arms.push(arm)
                    }
                }
            }
        }
    }
    if successes.is_empty() {
        arms.push(quote!(200..=299 => crate::runtime::raw_success(response),));
    }
    arms.push(default_arm.unwrap_or_else(|| quote!(_ => crate::runtime::unexpected_status(response),)));
    let err_doc = format!(" The documented error responses of `{}`.", op.id);
    // Operations often document the same errors (GitHub: 907 enums, 373 shapes). A later one
    // names the first enum with the same variants, docs included, so each shape is compiled once.
    let variants = quote!(#( #error_variants )*);
    match error_enums.by_key.entry(error_key) {
        std::collections::hash_map::Entry::Occupied(first) => {
            let first = &mut error_enums.defined[*first.get()];
            first.users.push(index);
            let first = &first.ident;
            let same = format!(" The same variants as [`{first}`].");
            items.push(quote! {
                #[doc = #err_doc]
                #[doc = ""]
                #[doc = #same]
                pub type #err = #first;
            });
        }
        std::collections::hash_map::Entry::Vacant(slot) => {
            slot.insert(error_enums.defined.len());
            error_enums.defined.push(ErrorEnum {
                tokens: quote! {
                    #[doc = #err_doc]
                    #[derive(Debug, Clone, PartialEq)]
                    pub enum #err { #variants }
                },
                owner: index,
                users: vec![index],
                ident: err.clone(),
            });
        }
    }

    Decoding { success_ty, arms, items, error_docs }
}
