//! The `types` module: one Rust type per named schema.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use serde_json::Value;

use super::names::{self, Scope};
use super::{docs, Ctx};
use crate::ir::{Additional, Enum, Field, PrimitiveKind, Schema, Struct, TypeDef, TypeId, TypeKind, Union};

/// The types module's items for the types in `range`, after the module's doc if `first`.
pub fn emit(ctx: &Ctx, range: std::ops::Range<usize>, first: bool) -> TokenStream {
    let doc = first.then(|| {
        let doc = format!(
            " Types of the {} API: one per schema, in the order they were found.",
            docs::inline(&ctx.api.title)
        );
        quote!(#![doc = #doc])
    });
    let items = range.map(|i| emit_type(ctx, TypeId(i), &ctx.api.types[i]));
    quote! {
        #doc
        #( #items )*
    }
}

/// Where to split the types in two parts that cost about the same to print: by fields and
/// variants, since aliases are one line and structs are most of the text.
pub fn midpoint(api: &crate::ir::Api, rep: &[TypeId]) -> usize {
    let weight = |i: usize| -> usize {
        if rep[i].0 != i {
            return 1;
        }
        match &api.types[i].kind {
            TypeKind::Struct(s) => 4 + s.fields.len() * 3,
            TypeKind::Enum(e) => 4 + e.values.len(),
            TypeKind::Union(u) => 4 + u.variants.len() * 2,
            TypeKind::Alias(_) => 1,
        }
    };
    let total: usize = (0..api.types.len()).map(weight).sum();
    let mut sum = 0;
    (0..api.types.len())
        .find(|&i| {
            sum += weight(i);
            sum * 2 >= total
        })
        .map_or(api.types.len(), |i| i + 1)
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
        TypeKind::Struct(s) => emit_struct(ctx, id, doc, s),
        TypeKind::Enum(e) => emit_enum(doc, name, e),
        TypeKind::Union(u) => emit_union(ctx, id, doc, u),
        TypeKind::Alias(schema) => {
            let ty = ctx.ty(schema, &quote!());
            quote! { #doc pub type #name = #ty; }
        }
    }
}

/// Whether a struct can derive `Default` (no required field).
pub fn is_defaultable(s: &Struct) -> bool {
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
            "may be `null` (`Some(None)`), which differs from absent (`None`)".into()
        });
    }
    if let Some(default) = &field.default {
        facts.push(format!("schema default `{}` (not filled in when absent)", compact(default)));
    }
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

fn emit_struct(ctx: &Ctx, id: TypeId, doc: TokenStream, s: &Struct) -> TokenStream {
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
            let lit = Literal::i64_unsuffixed(n.as_i64()?);
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
                    let (variants, catch_all) = enum_variants(e);
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

/// Variant identifiers of an enum, in value order, and the catch-all's identifier.
pub fn enum_variants(e: &Enum) -> (Vec<proc_macro2::Ident>, proc_macro2::Ident) {
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

fn emit_enum(doc: TokenStream, name: &proc_macro2::Ident, e: &Enum) -> TokenStream {
    let (variants, catch_all) = enum_variants(e);
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

fn emit_union(ctx: &Ctx, id: TypeId, doc: TokenStream, u: &Union) -> TokenStream {
    if u.discriminator.is_some() {
        return emit_tagged_union(ctx, id, doc, u);
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
fn emit_tagged_union(ctx: &Ctx, id: TypeId, doc: TokenStream, u: &Union) -> TokenStream {
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
pub fn compact(v: &Value) -> String {
    let s = serde_json::to_string(v).unwrap_or_default();
    if s.chars().count() > 120 {
        let cut: String = s.chars().take(117).collect();
        format!("{cut}...")
    } else {
        s
    }
}
