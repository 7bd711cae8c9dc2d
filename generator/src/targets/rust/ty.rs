//! The Rust type of a schema as a value: what decides whether two bodies, variants or error
//! enums are the same type (structural equality, not a comparison of printed tokens), and the one
//! place that maps IR schemas to Rust types.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use crate::ir::{PrimitiveKind, Schema, TypeId};

/// A Rust type the client or types module names.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum RustType {
    /// A generated type of the types module.
    Named(TypeId),
    /// A type defined for one operation in the client module (a body enum), by its name.
    Local(String),
    /// `runtime::Secret`: a string with `format: password`.
    Secret,
    String,
    Bool,
    /// `serde_json::Number`.
    Number,
    /// A primitive integer type, by name (`i64`, `u32`, ...).
    Int(&'static str),
    Vec(Box<RustType>),
    /// `BTreeMap<String, T>`.
    Map(Box<RustType>),
    /// `serde_json::Value`.
    Value,
    Option(Box<RustType>),
    Boxed(Box<RustType>),
    /// `runtime::Binary`.
    Binary,
    /// `runtime::EventStream<T>`: server-sent events whose data is `T`.
    Events(Box<RustType>),
    /// `runtime::JsonLines<T>`.
    JsonLines(Box<RustType>),
}

impl RustType {
    /// The type of a schema.
    pub fn of(schema: &Schema) -> Self {
        match schema {
            Schema::Named(id) => RustType::Named(*id),
            Schema::Primitive(p) => match p.kind {
                // A password, token or key: kept out of `Debug` output.
                PrimitiveKind::String if p.format.as_deref() == Some("password") => RustType::Secret,
                PrimitiveKind::String => RustType::String,
                PrimitiveKind::Boolean => RustType::Bool,
                PrimitiveKind::Number => RustType::Number,
                PrimitiveKind::Integer => RustType::Int(match p.format.as_deref() {
                    Some("int32") => "i32",
                    Some("int8") => "i8",
                    Some("int16") => "i16",
                    Some("uint8") => "u8",
                    Some("uint16") => "u16",
                    Some("uint32") => "u32",
                    Some("uint64" | "uint") => "u64",
                    _ => "i64",
                }),
            },
            Schema::List(item) => RustType::Vec(Box::new(RustType::of(item))),
            Schema::Map { value, .. } => RustType::Map(Box::new(RustType::of(value))),
            Schema::Any => RustType::Value,
            Schema::Nullable(inner) => RustType::Option(Box::new(RustType::of(inner))),
        }
    }

    /// Whether the type reads its body from the connection as the caller polls (so it is neither
    /// `Clone` nor `PartialEq`, and a mock cannot serialize it).
    pub fn is_stream(&self) -> bool {
        match self {
            RustType::Events(_) | RustType::JsonLines(_) => true,
            RustType::Option(inner) | RustType::Boxed(inner) => inner.is_stream(),
            _ => false,
        }
    }

    /// The type as tokens; `idents` names the generated types and `prefix` qualifies them
    /// (`types::` outside the types module).
    pub fn tokens(&self, idents: &[Ident], prefix: &TokenStream) -> TokenStream {
        match self {
            RustType::Named(id) => {
                let name = &idents[id.0];
                quote!(#prefix #name)
            }
            RustType::Local(name) => {
                let name = quote::format_ident!("{}", name);
                quote!(#name)
            }
            RustType::Secret => quote!(crate::runtime::Secret),
            RustType::String => quote!(::std::string::String),
            RustType::Bool => quote!(bool),
            RustType::Number => quote!(::serde_json::Number),
            RustType::Int(name) => {
                let name = quote::format_ident!("{}", name);
                quote!(#name)
            }
            RustType::Vec(item) => {
                let item = item.tokens(idents, prefix);
                quote!(::std::vec::Vec<#item>)
            }
            RustType::Map(value) => {
                let value = value.tokens(idents, prefix);
                quote!(::std::collections::BTreeMap<::std::string::String, #value>)
            }
            RustType::Value => quote!(::serde_json::Value),
            RustType::Option(inner) => {
                let inner = inner.tokens(idents, prefix);
                quote!(::std::option::Option<#inner>)
            }
            RustType::Boxed(inner) => {
                let inner = inner.tokens(idents, prefix);
                quote!(::std::boxed::Box<#inner>)
            }
            RustType::Binary => quote!(crate::runtime::Binary),
            RustType::Events(item) => {
                let item = item.tokens(idents, prefix);
                quote!(crate::runtime::EventStream<#item>)
            }
            RustType::JsonLines(item) => {
                let item = item.tokens(idents, prefix);
                quote!(crate::runtime::JsonLines<#item>)
            }
        }
    }
}
