//! Structs: fields with their docs, the `object_serde!` (de)serialisation, and the
//! `<field>_or_default` methods for schema defaults.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use serde_json::Value;

use super::compact;
use crate::ir::{Additional, Field, PrimitiveKind, Schema, Struct, TypeId, TypeKind};
use crate::targets::rust::names::{self, Scope};
use crate::targets::rust::{docs, Ctx};

/// Whether a struct can derive `Default` (no required field).
fn is_defaultable(s: &Struct) -> bool {
    s.fields.iter().all(|f| !f.required)
}

fn field_type(ctx: &Ctx, owner: TypeId, index: usize, field: &Field) -> TokenStream {
    let mut ty = ctx.ty(&field.schema, &quote!());
    if ctx.boxed.contains(&(owner, index)) {
        ty = quote!(::std::boxed::Box<#ty>);
    }
    match (field.required, field.nullable) {
        (true, false) => ty,
        (true, true) | (false, false) => quote!(::std::option::Option<#ty>),
        (false, true) => quote!(::std::option::Option<::std::option::Option<#ty>>),
    }
}

fn field_docs(field: &Field) -> TokenStream {
    let mut parts: Vec<String> = Vec::new();
    if let Some(d) = &field.description {
        parts.push(d.clone());
    }
    let mut facts = Vec::new();
    facts.push(if field.required { "Required".to_string() } else { "Optional".to_string() });
    if field.nullable {
        facts.push(if field.required {
            "may be `null`".into()
        } else {
            "may be `null`: `Some(None)` sends `null`, `None` leaves the field out".into()
        });
    }
    if let Some(default) = &field.default {
        facts.push(format!("schema default `{}` (not filled in when absent)", compact(default)));
    }
    facts.extend(crate::targets::facts::constraints(&field.constraints));
    if field.read_only {
        facts.push("read-only: sent by the server, ignored in requests".into());
    }
    if field.write_only {
        facts.push("write-only: accepted in requests, never returned".into());
    }
    if field.deprecated {
        facts.push("deprecated".into());
    }
    parts.push(format!("{}. Wire name: `{}`.", facts.join("; "), field.name));
    if let Some(example) = &field.example {
        parts.push(format!("Example: `{}`.", compact(example)));
    }
    docs::attrs(&docs::paragraphs(parts.iter().map(String::as_str)))
}

pub(super) fn emit(ctx: &Ctx, id: TypeId, doc: TokenStream, s: &Struct) -> TokenStream {
    let name = &ctx.type_idents[id.0];
    let mut scope = Scope::default();
    let mut fields = Vec::new();
    let mut methods = Vec::new();
    let mut wires = Vec::new();
    for (i, field) in s.fields.iter().enumerate() {
        let ident = scope.snake(&field.name, "field");
        let ty = field_type(ctx, id, i, field);
        let docs = field_docs(field);
        fields.push(quote! { #docs pub #ident: #ty, });
        if let Some(method) = default_method(ctx, id, i, field, &ident) {
            methods.push(method);
        }
        wires.push((ident, field));
    }
    let extra_ident = scope.snake("extra", "extra");
    let (extra_ty, extra_doc) = match &s.additional {
        Additional::Typed { value, pattern } => {
            let v = ctx.ty(value, &quote!());
            let doc = match pattern {
                Some(p) => format!(" Entries keyed by names matching `{p}`; every key the schema does not name."),
                None => " Entries under keys the schema does not name (its `additionalProperties`).".to_string(),
            };
            (quote!(::std::collections::BTreeMap<::std::string::String, #v>), doc)
        }
        Additional::Any | Additional::Forbidden => (
            quote!(::std::collections::BTreeMap<::std::string::String, ::serde_json::Value>),
            " Keys the schema does not name, kept as sent so that a round trip loses nothing.".to_string(),
        ),
    };
    let derive_default = if is_defaultable(s) { quote!(, Default) } else { quote!() };
    if let Some(constructor) = constructor(ctx, id, s, &wires, &extra_ident) {
        methods.insert(0, constructor);
    }
    let impl_block = if methods.is_empty() {
        quote!()
    } else {
        quote! { impl #name { #( #methods )* } }
    };
    let serde_impls = struct_serde(name, &wires, &extra_ident);
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq #derive_default)]
        pub struct #name {
            #( #fields )*
            #[doc = #extra_doc]
            pub #extra_ident: #extra_ty,
        }
        #impl_block
        #serde_impls
    }
}

/// `Type::new(required fields in schema order)`, every optional field absent, for a struct with
/// required fields (one without derives `Default` instead). Each argument is the field's type,
/// a string as `&str`, a boxed field unboxed.
fn constructor(
    ctx: &Ctx,
    id: TypeId,
    s: &Struct,
    wires: &[(proc_macro2::Ident, &Field)],
    extra: &proc_macro2::Ident,
) -> Option<TokenStream> {
    if is_defaultable(s) {
        return None;
    }
    let name = &ctx.type_idents[id.0];
    let mut params = Vec::new();
    let mut inits = Vec::new();
    for (i, (ident, field)) in wires.iter().enumerate() {
        if field.required {
            // Plain parameters, not `impl Into<..>`: on large APIs (GitHub: 1,481 constructors)
            // generic constructors cost measurably more to compile. A string is taken as `&str`.
            let ty = ctx.ty(&field.schema, &quote!());
            let boxed = ctx.boxed.contains(&(id, i));
            let is_string = ty.to_string() == quote!(::std::string::String).to_string();
            let (param, value) = if is_string {
                (quote!(&str), quote!(::std::borrow::ToOwned::to_owned(#ident)))
            } else {
                (ty.clone(), quote!(#ident))
            };
            let value = if boxed { quote!(::std::boxed::Box::new(#value)) } else { value };
            let (param, value) = if field.nullable {
                let param =
                    if is_string { quote!(::std::option::Option<&str>) } else { quote!(::std::option::Option<#ty>) };
                let value = if boxed {
                    quote!(#ident.map(::std::boxed::Box::new))
                } else if is_string {
                    quote!(#ident.map(::std::borrow::ToOwned::to_owned))
                } else {
                    quote!(#ident)
                };
                (param, value)
            } else {
                (param, value)
            };
            params.push(quote!(#ident: #param));
            if *ident == value.to_string() {
                inits.push(quote!(#ident));
            } else {
                inits.push(quote!(#ident: #value));
            }
        } else {
            inits.push(quote!(#ident: ::std::option::Option::None));
        }
    }
    // The schema decides how many fields are required; a constructor cannot take fewer.
    let allow = if params.len() > 7 { quote!(#[allow(clippy::too_many_arguments)]) } else { quote!() };
    let doc = format!(" A `{name}` with its required fields, in schema order, and every optional field absent.");
    Some(quote! {
        #[doc = #doc]
        #allow
        pub fn new(#( #params ),*) -> Self {
            #name { #( #inits, )* #extra: ::std::collections::BTreeMap::new() }
        }
    })
}

/// `Serialize` and `Deserialize` for a struct through the runtime's `object_serde!` macro rather
/// than serde's derive: the derive (which needs `flatten` for the unknown keys) expands to several
/// times the code, and on documents with thousands of schemas that expansion is most of what the
/// compiler spends. The macro states the rules once (see `runtime.rs`); each struct lists its
/// fields with their wire names and kinds.
fn struct_serde(
    name: &proc_macro2::Ident,
    fields: &[(proc_macro2::Ident, &Field)],
    extra: &proc_macro2::Ident,
) -> TokenStream {
    let expecting = format!("struct {}", names::unraw(name));
    let entries = fields.iter().enumerate().map(|(index, (ident, field))| {
        let wire = &field.name;
        let kind = match (field.required, field.nullable) {
            (true, false) => quote!(required),
            (true, true) => quote!(required_nullable),
            (false, false) => quote!(optional),
            (false, true) => quote!(optional_nullable),
        };
        let index = proc_macro2::Literal::usize_unsuffixed(index);
        quote!(#kind #index #ident = #wire,)
    });
    // Only fields that must be present are matched at the end; checking them apart from the
    // others keeps each struct's `Deserialize` body small (it is most of what a large API's
    // types cost to compile).
    let required =
        fields.iter().enumerate().filter(|(_, (_, f))| f.required && !f.nullable).map(|(index, (ident, _))| {
            let index = proc_macro2::Literal::usize_unsuffixed(index);
            quote!(#index #ident,)
        });
    quote! {
        crate::runtime::object_serde!(#name, #expecting, #extra { #( #entries )* } required { #( #required )* });
    }
}

fn default_method(
    ctx: &Ctx,
    owner: TypeId,
    index: usize,
    field: &Field,
    ident: &proc_macro2::Ident,
) -> Option<TokenStream> {
    if field.required || field.nullable || ctx.boxed.contains(&(owner, index)) {
        return None;
    }
    let default = field.default.as_ref()?;
    let value = default_expr(ctx, &field.schema, default)?;
    let ty = ctx.ty(&field.schema, &quote!());
    let method = format_ident!("{}_or_default", names::unraw(ident));
    let doc = format!(" `{}`, or its schema default `{}` when absent.", field.name, compact(default));
    let body = match value {
        DefaultExpr::Eager(v) if is_copy(ctx, &field.schema) => quote!(self.#ident.unwrap_or(#v)),
        DefaultExpr::Eager(v) => quote!(self.#ident.clone().unwrap_or(#v)),
        DefaultExpr::Lazy(v) => quote!(self.#ident.clone().unwrap_or_else(|| #v)),
        DefaultExpr::TypeDefault => quote!(self.#ident.clone().unwrap_or_default()),
    };
    Some(quote! {
        #[doc = #doc]
        pub fn #method(&self) -> #ty { #body }
    })
}

/// Whether the Rust type is `Copy` (so a default method must not `clone` it).
fn is_copy(ctx: &Ctx, schema: &Schema) -> bool {
    match schema {
        Schema::Primitive(p) => matches!(p.kind, PrimitiveKind::Boolean | PrimitiveKind::Integer),
        Schema::Named(id) => match &ctx.api.ty(*id).kind {
            TypeKind::Enum(e) => e.base == PrimitiveKind::Integer,
            TypeKind::Alias(inner) => is_copy(ctx, inner),
            _ => false,
        },
        _ => false,
    }
}

/// How a default value is written: a constant, an allocation, or the type's own `Default`.
enum DefaultExpr {
    Eager(TokenStream),
    Lazy(TokenStream),
    TypeDefault,
}

/// A Rust expression for a schema default, where one is simple to write.
fn default_expr(ctx: &Ctx, schema: &Schema, value: &Value) -> Option<DefaultExpr> {
    match (schema, value) {
        (Schema::Primitive(p), Value::Bool(b)) if p.kind == PrimitiveKind::Boolean => {
            Some(DefaultExpr::Eager(quote!(#b)))
        }
        (Schema::Primitive(p), Value::Number(n)) if p.kind == PrimitiveKind::Integer => {
            // A default the field's type cannot hold (`int32` with 2^40, 2^64 for any) would be
            // a literal rustc refuses: it stays documented only.
            let lit = int_literal(&crate::targets::rust::ty::RustType::of(schema), n)?;
            Some(DefaultExpr::Eager(quote!(#lit)))
        }
        (Schema::Primitive(p), Value::String(s)) if p.kind == PrimitiveKind::String => {
            Some(DefaultExpr::Lazy(quote!(::std::string::String::from(#s))))
        }
        (Schema::List(_), Value::Array(a)) if a.is_empty() => Some(DefaultExpr::TypeDefault),
        (Schema::Map { .. }, Value::Object(o)) if o.is_empty() => Some(DefaultExpr::TypeDefault),
        (Schema::Named(id), _) => {
            let name = &ctx.type_idents[id.0];
            match &ctx.api.ty(*id).kind {
                TypeKind::Enum(e) => {
                    let (variants, catch_all) = super::enums::variants(e);
                    match e.values.iter().position(|v| v == value) {
                        Some(i) => {
                            let v = &variants[i];
                            Some(DefaultExpr::Eager(quote!(#name::#v)))
                        }
                        None => match value {
                            Value::String(s) if e.base == PrimitiveKind::String => {
                                Some(DefaultExpr::Lazy(quote!(#name::#catch_all(::std::string::String::from(#s)))))
                            }
                            _ => None,
                        },
                    }
                }
                TypeKind::Struct(s) if is_defaultable(s) && value.as_object().is_some_and(|o| o.is_empty()) => {
                    Some(DefaultExpr::TypeDefault)
                }
                TypeKind::Alias(inner) => default_expr(ctx, inner, value),
                _ => None,
            }
        }
        _ => None,
    }
}

/// `n` as a literal of the integer type `ty`, if it is one of that type's values.
fn int_literal(ty: &crate::targets::rust::ty::RustType, n: &serde_json::Number) -> Option<Literal> {
    let crate::targets::rust::ty::RustType::Int(name) = ty else { return None };
    let fits = |lo: i128, hi: i128| {
        n.as_i64().map(i128::from).or_else(|| n.as_u64().map(i128::from)).filter(|v| (lo..=hi).contains(v))
    };
    let value = match *name {
        "i8" => fits(i8::MIN.into(), i8::MAX.into()),
        "i16" => fits(i16::MIN.into(), i16::MAX.into()),
        "i32" => fits(i32::MIN.into(), i32::MAX.into()),
        "u8" => fits(0, u8::MAX.into()),
        "u16" => fits(0, u16::MAX.into()),
        "u32" => fits(0, u32::MAX.into()),
        "u64" => fits(0, u64::MAX.into()),
        _ => fits(i64::MIN.into(), i64::MAX.into()),
    }?;
    Some(Literal::i128_unsuffixed(value))
}
