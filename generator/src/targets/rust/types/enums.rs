//! Enums: one variant per listed value and a catch-all that keeps any other value as sent.

use proc_macro2::{Literal, TokenStream};
use quote::quote;
use serde_json::Value;

use super::compact;
use crate::ir::{Enum, PrimitiveKind};
use crate::targets::rust::names::{self, Scope};

/// Variant identifiers of an enum, in value order, and the catch-all's identifier.
pub(super) fn variants(e: &Enum) -> (Vec<proc_macro2::Ident>, proc_macro2::Ident) {
    let mut scope = Scope::default();
    let mut variants: Vec<Option<proc_macro2::Ident>> = vec![None; e.values.len()];
    // Words first, symbols second, so `Star` never steals a name a word wanted.
    for (i, v) in e.values.iter().enumerate() {
        let raw = value_text(v);
        if raw.chars().any(|c| c.is_ascii_alphanumeric()) {
            let raw =
                if e.base == PrimitiveKind::Integer { format!("Value{}", raw.replace('-', "Minus")) } else { raw };
            variants[i] = Some(scope.pascal(&raw, "Value"));
        }
    }
    for (i, v) in e.values.iter().enumerate() {
        if variants[i].is_none() {
            let raw = value_text(v);
            let name = names::symbol_name(&raw).map_or_else(|| format!("Value{i}"), str::to_string);
            variants[i] = Some(scope.pascal(&name, "Value"));
        }
    }
    let free = ["Unknown", "Other", "UnknownValue"].into_iter().find(|n| !variants.iter().flatten().any(|v| v == *n));
    let catch_all = scope.pascal(free.unwrap_or("UnlistedValue"), "Unknown");
    (variants.into_iter().flatten().collect(), catch_all)
}

fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

pub(super) fn emit(doc: TokenStream, name: &proc_macro2::Ident, e: &Enum) -> TokenStream {
    let (variants, catch_all) = variants(e);
    let variant_docs: Vec<String> = e.values.iter().map(|v| format!(" `{}`", compact(v))).collect();
    let wire = if e.base == PrimitiveKind::Integer { quote!(as_i64) } else { quote!(as_str) };
    // By wire value rather than derived: a derive compares variants and then the catch-all's
    // value, which costs the compiler several times more per enum (large APIs have hundreds),
    // and an unlisted value that equals a listed one is then the same value, as on the wire.
    let compare = quote! {
        /// Equal when the wire values are.
        impl ::std::cmp::PartialEq for #name {
            fn eq(&self, other: &Self) -> bool { self.#wire() == other.#wire() }
        }
        impl ::std::cmp::Eq for #name {}
        impl ::std::hash::Hash for #name {
            fn hash<H: ::std::hash::Hasher>(&self, state: &mut H) { ::std::hash::Hash::hash(&self.#wire(), state) }
        }
        impl ::std::cmp::PartialOrd for #name {
            fn partial_cmp(&self, other: &Self) -> ::std::option::Option<::std::cmp::Ordering> { ::std::option::Option::Some(::std::cmp::Ord::cmp(self, other)) }
        }
        /// Ordered by wire value.
        impl ::std::cmp::Ord for #name {
            fn cmp(&self, other: &Self) -> ::std::cmp::Ordering { ::std::cmp::Ord::cmp(&self.#wire(), &other.#wire()) }
        }
    };
    match e.base {
        PrimitiveKind::Integer => {
            let lits: Vec<Literal> =
                e.values.iter().map(|v| Literal::i64_unsuffixed(v.as_i64().unwrap_or_default())).collect();
            quote! {
                #doc
                #[derive(Debug, Clone, Copy)]
                pub enum #name {
                    #( #[doc = #variant_docs] #variants, )*
                    /// A value the schema does not list, kept as sent.
                    #catch_all(i64),
                }
                #compare
                impl #name {
                    /// The value as sent on the wire.
                    pub fn as_i64(&self) -> i64 {
                        match self { #( Self::#variants => #lits, )* Self::#catch_all(v) => *v, }
                    }
                }
                impl ::std::convert::From<i64> for #name {
                    fn from(value: i64) -> Self {
                        match value { #( #lits => Self::#variants, )* other => Self::#catch_all(other), }
                    }
                }
                impl ::std::fmt::Display for #name {
                    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        ::std::write!(f, "{}", self.as_i64())
                    }
                }
                impl ::serde::Serialize for #name {
                    fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                        serializer.serialize_i64(self.as_i64())
                    }
                }
                impl<'de> ::serde::Deserialize<'de> for #name {
                    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                        <i64 as ::serde::Deserialize>::deserialize(deserializer).map(Self::from)
                    }
                }
                impl crate::runtime::ParamValue for #name {
                    fn param_string(&self) -> ::std::string::String {
                        self.as_i64().to_string()
                    }
                }
            }
        }
        _ => {
            let strs: Vec<String> = e.values.iter().map(value_text).collect();
            quote! {
                #doc
                #[derive(Debug, Clone)]
                pub enum #name {
                    #( #[doc = #variant_docs] #variants, )*
                    /// A value the schema does not list, kept as sent.
                    #catch_all(::std::string::String),
                }
                #compare
                impl #name {
                    /// The value as sent on the wire.
                    pub fn as_str(&self) -> &str {
                        match self { #( Self::#variants => #strs, )* Self::#catch_all(v) => v.as_str(), }
                    }
                }
                impl ::std::convert::From<&str> for #name {
                    fn from(value: &str) -> Self {
                        match value { #( #strs => Self::#variants, )* other => Self::#catch_all(other.to_owned()), }
                    }
                }
                impl ::std::convert::From<::std::string::String> for #name {
                    fn from(value: ::std::string::String) -> Self {
                        match Self::from(value.as_str()) { Self::#catch_all(_) => Self::#catch_all(value), known => known, }
                    }
                }
                impl ::std::fmt::Display for #name {
                    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(self.as_str())
                    }
                }
                impl ::serde::Serialize for #name {
                    fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                        serializer.serialize_str(self.as_str())
                    }
                }
                impl<'de> ::serde::Deserialize<'de> for #name {
                    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                        <::std::string::String as ::serde::Deserialize>::deserialize(deserializer).map(Self::from)
                    }
                }
                impl crate::runtime::ParamValue for #name {
                    fn param_string(&self) -> ::std::string::String {
                        self.as_str().to_owned()
                    }
                }
            }
        }
    }
}
