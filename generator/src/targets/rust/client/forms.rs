//! The typed body of a `multipart/form-data` operation: a struct with one field per part
//! (files as `runtime::FilePart`, so they stream), and its conversion into the runtime's
//! `MultipartForm` with each part's content type from the IR.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::super::docs;
use super::super::names::Scope;
use super::super::Ctx;
use crate::ir::{Content, FormPart, PartKind};

/// The form struct `ident` of `content` (whose `parts` are not empty), the body of
/// `Client::method`.
pub fn form(ctx: &Ctx, content: &Content, ident: &Ident, method: &str) -> TokenStream {
    let mut scope = Scope::with(&["form", "out", "value", "item"]);
    let mut fields = Vec::new();
    let mut writes = Vec::new();
    let mut args = Vec::new();
    let mut inits = Vec::new();
    for part in &content.parts {
        let field = scope.snake(&part.name, "part");
        let ty = part_type(ctx, part);
        let doc = docs::attrs(&field_doc(part));
        fields.push(quote!(#doc pub #field: #ty,));
        writes.push(write(part, &field));
        if part.required && !part.repeated {
            if part.kind == PartKind::File {
                args.push(quote!(#field: impl ::std::convert::Into<crate::runtime::FilePart>));
                inits.push(quote!(#field: #field.into(),));
            } else {
                args.push(quote!(#field: #ty));
                inits.push(quote!(#field,));
            }
        } else if part.repeated {
            inits.push(quote!(#field: ::std::vec::Vec::new(),));
        } else {
            inits.push(quote!(#field: ::std::option::Option::None,));
        }
    }
    // Names only: the operation's method and the struct are identifiers, so the link stays one.
    let doc = format!(
        " The `multipart/form-data` body of [`Client::{method}`]: one field per part, in the order \
         they are sent. Files are `runtime::FilePart`s (bytes, a file or a stream, with a file name \
         and content type); an absent optional part or an empty list sends no part."
    );
    // Without required parts, `Default` is the constructor (clippy: `new_without_default`).
    let (derive, constructor) = if args.is_empty() {
        (quote!(#[derive(Debug, Default)]), quote!())
    } else {
        let allow = if args.len() > 7 { quote!(#[allow(clippy::too_many_arguments)]) } else { quote!() };
        let constructor = quote! {
            impl #ident {
                /// The form with its required parts; optional parts are absent until their field is set.
                #allow
                pub fn new(#( #args ),*) -> Self {
                    Self { #( #inits )* }
                }
            }
        };
        (quote!(#[derive(Debug)]), constructor)
    };
    quote! {
        #[doc = #doc]
        #derive
        pub struct #ident {
            #( #fields )*
        }

        #constructor

        impl ::std::convert::From<#ident> for crate::runtime::MultipartForm {
            fn from(form: #ident) -> Self {
                let mut out = crate::runtime::MultipartForm::new();
                #( #writes )*
                out
            }
        }
    }
}

fn part_type(ctx: &Ctx, part: &FormPart) -> TokenStream {
    let one = match part.kind {
        PartKind::File => quote!(crate::runtime::FilePart),
        PartKind::Text | PartKind::Json => ctx.ty(&part.schema, &quote!(types::)),
    };
    if part.repeated {
        quote!(::std::vec::Vec<#one>)
    } else if part.required {
        one
    } else {
        quote!(::std::option::Option<#one>)
    }
}

/// The statement that adds the part (each item of a list; an optional one when set).
fn write(part: &FormPart, field: &Ident) -> TokenStream {
    let name = &part.name;
    let content_type = match &part.content_type {
        Some(ct) => quote!(::std::option::Option::Some(#ct)),
        None => quote!(::std::option::Option::None),
    };
    let add = |value: TokenStream| match part.kind {
        PartKind::File => quote!(out = out.file_part(#name, #value, #content_type);),
        PartKind::Text => quote!(out = out.text_part(#name, &#value, #content_type);),
        PartKind::Json => {
            let ct = part.content_type.as_deref().unwrap_or("application/json");
            quote!(out = out.json_part(#name, &#value, #ct);)
        }
    };
    if part.repeated {
        let each = add(quote!(item));
        quote!(for item in form.#field { #each })
    } else if part.required {
        add(quote!(form.#field))
    } else {
        let each = add(quote!(value));
        quote!(if let ::std::option::Option::Some(value) = form.#field { #each })
    }
}

fn field_doc(part: &FormPart) -> String {
    let mut out = part.description.as_deref().and_then(|d| d.lines().next()).unwrap_or("").to_string();
    let sent = match (part.kind, &part.content_type) {
        (PartKind::File, Some(ct)) => format!("A file, sent as `{ct}` unless the `FilePart` names its own type."),
        (PartKind::File, None) => "A file.".to_string(),
        (PartKind::Json, Some(ct)) => format!("Sent as JSON text (`{ct}`)."),
        (PartKind::Json, None) => "Sent as JSON text.".to_string(),
        (PartKind::Text, Some(ct)) => format!("Sent as text (`{ct}`)."),
        (PartKind::Text, None) => "Sent as text.".to_string(),
    };
    let each = if part.repeated { " One part per item." } else { "" };
    if !out.is_empty() {
        out.push(' ');
    }
    format!("{out}{sent}{each}")
}
