//! How an operation's responses are decoded: one arm per status, the Rust type of each body, an
//! enum where a status has several shapes or statuses differ, and names for statuses.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

use super::super::names::Scope;
use super::super::ty::RustType;
use super::super::Ctx;
use crate::ir::{Content, Payload, Response, Status, StreamKind};

/// A reason phrase as a variant name, for error and success enums.
pub fn status_variant(status: Status) -> String {
    match status {
        Status::Code(c) => status.reason().map_or_else(|| format!("Status{c}"), |r| r.replace(' ', "")),
        Status::Range(1) => "Informational".into(),
        Status::Range(2) => "Success".into(),
        Status::Range(3) => "Redirection".into(),
        Status::Range(4) => "ClientError".into(),
        Status::Range(5) => "ServerError".into(),
        Status::Range(r) => format!("Status{r}xx"),
        Status::Default => "Other".into(),
    }
}

/// One decodable shape of a body: contents that decode the same way are grouped.
pub struct BodyShape {
    /// What the shape decodes to, for telling shapes apart.
    key: RustType,
    media_types: Vec<String>,
    ty: TokenStream,
    decode: TokenStream,
    kind: &'static str,
    /// A struct, boxed when it sits in an enum.
    boxed: bool,
}

/// The shapes of `contents`; `streams`: a success body, where events and JSON lines are streams
/// (an error body is read whole, as its payload says).
pub fn body_shapes(ctx: &Ctx, contents: &[Content], err: &Ident, streams: bool) -> Vec<BodyShape> {
    let mut out: Vec<BodyShape> = Vec::new();
    let types = quote!(types::);
    for c in contents {
        let stream = c.stream.as_ref().filter(|_| streams);
        let boxed = stream.is_none()
            && matches!(&c.payload, Payload::Json(schema) if super::super::types::is_struct(ctx, schema));
        let (kind, key) = match (stream, &c.payload) {
            (Some(s), _) if s.kind == StreamKind::Events => {
                ("EventStream", RustType::Events(Box::new(RustType::of(&s.item))))
            }
            (Some(s), _) => ("JsonLines", RustType::JsonLines(Box::new(RustType::of(&s.item)))),
            (None, Payload::Json(schema)) => ("Json", RustType::of(schema)),
            (None, Payload::Text | Payload::Form(_)) => ("Text", RustType::String),
            (None, Payload::Binary | Payload::Multipart(_)) => ("Binary", RustType::Binary),
        };
        if let Some(shape) = out.iter_mut().find(|s| s.key == key) {
            shape.media_types.push(c.media_type.clone());
            continue;
        }
        let ty = key.tokens(&ctx.type_idents, &types);
        let decode = match (kind, stream) {
            ("EventStream", Some(s)) => {
                let item = RustType::of(&s.item);
                let data = if item == RustType::String {
                    quote!(crate::runtime::text_data)
                } else {
                    let item = item.tokens(&ctx.type_idents, &types);
                    quote!(crate::runtime::json_data::<#item>)
                };
                let done = match &s.done {
                    Some(done) => quote!(::std::option::Option::Some(#done)),
                    None => quote!(::std::option::Option::None),
                };
                quote!(crate::runtime::decode_events(response, #data, #done))
            }
            ("JsonLines", _) => quote!(crate::runtime::decode_json_lines(response)),
            ("Json", _) => quote!(crate::runtime::decode_json::<#ty, #err>(response)?),
            ("Text", _) => quote!(crate::runtime::decode_text::<#err>(response)?),
            _ => quote!(crate::runtime::decode_binary(response)),
        };
        out.push(BodyShape { key, media_types: vec![c.media_type.clone()], ty, decode, kind, boxed });
    }
    out
}

/// The Rust type of a response body, an item defining it (when several shapes need an enum), and
/// code that decodes `response` into it (checking the content type when `check` is set).
pub struct BodyPlan {
    pub ty: Option<TokenStream>,
    /// The body's type as a value, for telling plans apart.
    pub key: Option<RustType>,
    pub item: TokenStream,
    pub decode: TokenStream,
    /// The type is a struct (box it when it goes into an enum).
    pub boxed: bool,
    /// For a single JSON shape: one runtime call giving the whole `Result`, so the arm is a call
    /// rather than a block (most arms of most APIs; less code for the compiler to check).
    pub json_media: Option<Vec<String>>,
    /// The body (or a variant of it) is a stream.
    pub streams: bool,
}

pub fn body_plan(
    ctx: &Ctx,
    resp: &Response,
    err: &Ident,
    enum_name: Option<Ident>,
    check: bool,
    root: &mut Scope,
) -> BodyPlan {
    let shapes = body_shapes(ctx, &resp.contents, err, resp.status.is_success());
    if shapes.is_empty() {
        return BodyPlan {
            ty: None,
            key: None,
            item: quote!(),
            decode: quote!(),
            boxed: false,
            json_media: None,
            streams: false,
        };
    }
    let all_media: Vec<&str> = shapes.iter().flat_map(|s| s.media_types.iter().map(String::as_str)).collect();
    if shapes.len() == 1 || !check {
        let shape = &shapes[0];
        let decode = &shape.decode;
        let decode = if check {
            quote! {
                {
                    const EXPECTED: &[&str] = &[#( #all_media ),*];
                    if crate::runtime::pick_media(response, EXPECTED).is_none() {
                        return crate::runtime::unexpected_content_type(response, EXPECTED);
                    }
                    #decode
                }
            }
        } else {
            decode.clone()
        };
        let ty = shape.ty.clone();
        let (ty, key, decode) = if shape.boxed && !check {
            (
                quote!(::std::boxed::Box<#ty>),
                RustType::Boxed(Box::new(shape.key.clone())),
                quote!(::std::boxed::Box::new(#decode)),
            )
        } else {
            (ty, shape.key.clone(), decode)
        };
        let boxed = shape.boxed && check;
        let json_media = (shape.kind == "Json" && shapes.len() == 1).then(|| shape.media_types.clone());
        let streams = key.is_stream();
        return BodyPlan { ty: Some(ty), key: Some(key), item: quote!(), decode, boxed, json_media, streams };
    }
    // Several shapes: an enum over them, chosen by the response's content type.
    let name = enum_name.unwrap_or_else(|| root.pascal("Body", "Body"));
    let mut vscope = Scope::default();
    let mut variants = Vec::new();
    let mut arms = Vec::new();
    let mut index = 0usize;
    for shape in &shapes {
        let v = vscope.pascal(shape.kind, "Body");
        let ty = &shape.ty;
        let (ty, decode) = if shape.boxed {
            (quote!(::std::boxed::Box<#ty>), {
                let d = &shape.decode;
                quote!(::std::boxed::Box::new(#d))
            })
        } else {
            (ty.clone(), shape.decode.clone())
        };
        let doc =
            format!(" Sent as {}.", shape.media_types.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(", "));
        variants.push(quote!(#[doc = #doc] #v(#ty),));
        let indexes: Vec<Literal> = shape
            .media_types
            .iter()
            .map(|_| {
                let l = Literal::usize_unsuffixed(index);
                index += 1;
                l
            })
            .collect();
        arms.push(quote!(#( ::std::option::Option::Some(#indexes) )|* => #name::#v(#decode),));
    }
    let doc = format!(" The body of a `{}` response, by content type.", status_label(resp.status));
    // A stream reads its connection as it is polled: it cannot be cloned or compared.
    let derives = if shapes.iter().any(|s| s.key.is_stream()) {
        quote!(#[derive(Debug)])
    } else {
        quote!(#[derive(Debug, Clone, PartialEq)])
    };
    let item = quote! {
        #[doc = #doc]
        #derives
        pub enum #name { #( #variants )* }
    };
    let decode = quote! {
        {
            const EXPECTED: &[&str] = &[#( #all_media ),*];
            match crate::runtime::pick_media(response, EXPECTED) {
                #( #arms )*
                _ => return crate::runtime::unexpected_content_type(response, EXPECTED),
            }
        }
    };
    BodyPlan {
        ty: Some(quote!(#name)),
        key: Some(RustType::Local(name.to_string())),
        streams: shapes.iter().any(|s| s.key.is_stream()),
        item,
        decode,
        boxed: false,
        json_media: None,
    }
}

pub fn status_label(status: Status) -> String {
    match status {
        Status::Code(c) => c.to_string(),
        Status::Range(r) => format!("{r}XX"),
        Status::Default => "default".into(),
    }
}

pub fn status_pattern(status: Status) -> TokenStream {
    match status {
        Status::Code(c) => {
            let c = Literal::u16_unsuffixed(c);
            quote!(#c)
        }
        Status::Range(r) => {
            let lo = Literal::u16_unsuffixed(u16::from(r) * 100);
            let hi = Literal::u16_unsuffixed(u16::from(r) * 100 + 99);
            quote!(#lo..=#hi)
        }
        Status::Default => quote!(_),
    }
}
