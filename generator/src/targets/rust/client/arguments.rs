//! An operation's arguments: the required ones as the method's parameters (path parameters in
//! path order, then the other required parameters in document order, then a required body),
//! encoded when the method is called, and the optional ones as setters on its request builder.
//! Every parameter has a place (required ones first, then optional ones, each group in document
//! order) that fixes where it goes on the wire, whatever order the setters are called in.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use super::super::names::{self, Scope};
use super::super::{docs, Ctx};
use crate::ir::{Operation, ParamLocation, ParamStyle, Parameter, Payload, PrimitiveKind, Schema, Segment, TypeKind};

/// Methods every request builder has (`Request<M, R>` in the runtime's `api_client!`): a setter
/// never takes their names.
const REQUEST_METHODS: &[&str] = &[
    "header",
    "timeout",
    "retry_policy",
    "max_pages",
    "send",
    "stream",
    "pages",
    "into_future",
    "new",
    "blocking",
    "fmt",
];

/// What the method and the builder of one operation take.
pub struct Arguments {
    /// The method's parameters after `&self`.
    pub args: Vec<TokenStream>,
    /// Their names, for the blocking twin's call.
    pub names: Vec<Ident>,
    /// Their doc lines.
    pub arg_docs: Vec<String>,
    /// One statement per required argument other than the path's, writing it into `request`.
    pub build: Vec<TokenStream>,
    /// The path's parts.
    pub path_code: Vec<TokenStream>,
    /// One setter per optional parameter (and an optional body).
    pub setters: Vec<TokenStream>,
    /// The setters' doc lines (`- [`.name()`]...`), for the method's docs.
    pub setter_docs: Vec<String>,
}

/// How a parameter is taken as an argument and written into the request.
pub fn param_arg(ctx: &Ctx, schema: &Schema) -> (TokenStream, bool) {
    let (schema, _) = schema.strip_nullable();
    let types = quote!(types::);
    match schema {
        Schema::Primitive(p) if p.kind == PrimitiveKind::String => (quote!(&str), false),
        Schema::Primitive(p) if matches!(p.kind, PrimitiveKind::Integer | PrimitiveKind::Boolean) => {
            (ctx.ty(schema, &types), false)
        }
        Schema::List(item) => {
            let item = ctx.ty(item, &types);
            (quote!(&[#item]), true)
        }
        Schema::Named(id) => match &ctx.api.ty(*id).kind {
            TypeKind::Enum(_) => {
                let ty = ctx.ty(schema, &types);
                (quote!(&#ty), false)
            }
            TypeKind::Alias(inner) => param_arg(ctx, inner),
            _ => {
                let ty = ctx.ty(schema, &types);
                (quote!(&#ty), false)
            }
        },
        other => {
            let ty = ctx.ty(other, &types);
            (quote!(&#ty), false)
        }
    }
}

/// Whether values of this schema are written as JSON text (objects) rather than plain strings.
pub(super) fn is_json_param(ctx: &Ctx, schema: &Schema) -> bool {
    let (schema, _) = schema.strip_nullable();
    match schema {
        Schema::Named(id) => match &ctx.api.ty(*id).kind {
            TypeKind::Enum(_) => false,
            TypeKind::Alias(inner) => is_json_param(ctx, inner),
            _ => true,
        },
        Schema::Map { .. } => true,
        Schema::List(item) => is_json_param(ctx, item),
        _ => false,
    }
}

/// How an optional parameter's setter takes its value, and the statement that turns it into
/// what `write` encodes (`value`, owned or borrowed).
pub(super) fn setter_arg(ctx: &Ctx, schema: &Schema) -> (TokenStream, TokenStream) {
    let (schema, _) = schema.strip_nullable();
    let types = quote!(types::);
    match schema {
        Schema::Primitive(p) if p.kind == PrimitiveKind::String => (
            quote!(impl ::std::convert::Into<::std::string::String>),
            quote!(let value: ::std::string::String = value.into();),
        ),
        Schema::Primitive(p) if matches!(p.kind, PrimitiveKind::Integer | PrimitiveKind::Boolean) => {
            let ty = ctx.ty(schema, &types);
            (quote!(impl ::std::convert::Into<#ty>), quote!(let value: #ty = value.into();))
        }
        Schema::List(item) => {
            let (item_ty, _) = param_arg(ctx, item);
            // `&str` items are taken as anything that becomes a `String`.
            let item_ty = if item_ty.to_string() == quote!(&str).to_string() {
                quote!(::std::string::String)
            } else {
                ctx.ty(item, &types)
            };
            (
                quote!(impl ::std::iter::IntoIterator<Item = impl ::std::convert::Into<#item_ty>>),
                quote!(let value: ::std::vec::Vec<#item_ty> = value.into_iter().map(::std::convert::Into::into).collect();),
            )
        }
        Schema::Named(id) => match &ctx.api.ty(*id).kind {
            TypeKind::Alias(inner) => setter_arg(ctx, inner),
            _ => borrowed(ctx, schema),
        },
        other => borrowed(ctx, other),
    }
}

/// A value taken by reference or by value alike (`impl Borrow<T>`).
fn borrowed(ctx: &Ctx, schema: &Schema) -> (TokenStream, TokenStream) {
    let ty = ctx.ty(schema, &quote!(types::));
    (quote!(impl ::std::borrow::Borrow<#ty>), quote!(let value: &#ty = ::std::borrow::Borrow::borrow(&value);))
}

/// The parameters other than the path's, each with its place: required ones before optional
/// ones, each group in document order. The place fixes where a parameter goes on the wire; the
/// builder, its pagination and the mock all number parameters this way.
pub(super) fn placed(op: &Operation) -> impl Iterator<Item = (u32, &Parameter)> {
    let required = op.parameters.iter().filter(|p| p.location != ParamLocation::Path && p.required);
    let optional = op.parameters.iter().filter(|p| p.location != ParamLocation::Path && !p.required);
    required.chain(optional).enumerate().map(|(i, p)| (u32::try_from(i).unwrap_or(u32::MAX), p))
}

/// Path parameters in path order, then required and optional others, then the body.
/// `form` names the struct of a typed multipart body.
pub fn arguments(ctx: &Ctx, op: &Operation, form: Option<&Ident>) -> Arguments {
    let mut args_scope =
        Scope::with(&["self", "request", "response", "url", "path", "status", "headers", "value", "r"]);
    let mut setter_scope = Scope::with(REQUEST_METHODS);
    let optional_body = op.body.as_ref().is_some_and(|b| !b.required && !b.contents.is_empty());
    if optional_body {
        setter_scope.snake("body", "body");
    }
    let mut out = Arguments {
        args: Vec::new(),
        names: Vec::new(),
        arg_docs: Vec::new(),
        build: Vec::new(),
        path_code: Vec::new(),
        setters: Vec::new(),
        setter_docs: Vec::new(),
    };
    let path_params: Vec<&Parameter> = op.parameters.iter().filter(|p| p.location == ParamLocation::Path).collect();
    let mut path_idents = Vec::new();
    let mut path_json = Vec::new();
    for p in &path_params {
        let ident = args_scope.snake(&p.name, "param");
        let (ty, _) = param_arg(ctx, &p.schema);
        out.args.push(quote!(#ident: #ty));
        out.names.push(ident.clone());
        out.arg_docs.push(param_doc(&ident, p));
        if is_json_param(ctx, &p.schema) {
            path_json.push(ident.clone());
        }
        path_idents.push((p.name.clone(), ident));
    }
    for segment in op.path.segments() {
        match segment {
            Segment::Literal(text) => out.path_code.extend(path_literal(text)),
            Segment::Param(name) => {
                if let Some((wire, ident)) = path_idents.iter().find(|(n, _)| n == name) {
                    let text = if path_json.contains(ident) {
                        quote!(crate::runtime::simple_param(#ident))
                    } else {
                        quote!(crate::runtime::ParamValue::param_string(&#ident))
                    };
                    out.path_code.push(quote!(crate::runtime::PathPart::Param(#wire, #text)));
                }
            }
        }
    }

    for (place, p) in placed(op) {
        let place = Literal::u32_unsuffixed(place);
        let (ty, is_list) = param_arg(ctx, &p.schema);
        let json = is_json_param(ctx, &p.schema);
        let receiver = if p.required { quote!(request) } else { quote!(self.prepared) };
        let write = write_param(p, &place, is_list, json, &receiver);
        if p.required {
            let ident = args_scope.snake(&p.name, "param");
            out.args.push(quote!(#ident: #ty));
            out.names.push(ident.clone());
            out.arg_docs.push(param_doc(&ident, p));
            out.build.push(quote!({ let value = #ident; request = #write; }));
        } else {
            let ident = setter_scope.snake(&p.name, "param");
            let (setter_ty, convert) = setter_arg(ctx, &p.schema);
            let doc = setter_doc(p);
            out.setter_docs.push(setter_line(&ident, p));
            out.setters.push(quote! {
                #doc
                pub fn #ident(mut self, value: #setter_ty) -> Self {
                    #convert
                    self.prepared = #write;
                    self
                }
            });
        }
    }

    if let Some(body) = &op.body {
        if let Some(content) = body.contents.first() {
            body_argument(ctx, body, content, form, &mut args_scope, &mut out);
        }
    }
    out
}

/// The statement that writes parameter `p`, whose value is `value` (a reference or a value
/// whose reference `ParamValue` takes), into the prepared request `r` (an expression).
pub(super) fn write_param(p: &Parameter, place: &Literal, is_list: bool, json: bool, r: &TokenStream) -> TokenStream {
    let wire = &p.name;
    let explode = p.explode;
    let text = if json {
        quote!(crate::runtime::simple_param(&value))
    } else {
        quote!(crate::runtime::ParamValue::param_string(&value))
    };
    let delimited = matches!(p.style, ParamStyle::SpaceDelimited | ParamStyle::PipeDelimited);
    match p.location {
        ParamLocation::Query if is_list && !json && !explode && delimited => {
            let style = runtime_style(&p.style);
            let values = if p.required { quote!(value) } else { quote!(&value) };
            quote!(#r.query_joined(#place, #wire, #values, crate::runtime::ParamStyle::#style))
        }
        // A required list is already a slice; a setter's is a `Vec` of its own.
        ParamLocation::Query if is_list && !json && p.required => quote!(#r.query(#place, #wire, value, #explode)),
        ParamLocation::Query if is_list && !json => quote!(#r.query(#place, #wire, &value, #explode)),
        ParamLocation::Query if json => {
            let style = runtime_style(&p.style);
            quote!(#r.query_object(#place, #wire, &value, crate::runtime::ParamStyle::#style, #explode))
        }
        ParamLocation::Query => quote!(#r.query(#place, #wire, &[#text], true)),
        ParamLocation::Header if is_list && !json => {
            quote!(#r.header(#place, #wire, &value.iter().map(crate::runtime::ParamValue::param_string).collect::<::std::vec::Vec<_>>().join(",")))
        }
        ParamLocation::Header => quote!(#r.header(#place, #wire, &#text)),
        _ => quote!(#r.cookie(#place, #wire, &#text)),
    }
}

/// The body: a method argument when required, the `.body(..)` setter when optional.
fn body_argument(
    ctx: &Ctx,
    body: &crate::ir::RequestBody,
    content: &crate::ir::Content,
    form: Option<&Ident>,
    args_scope: &mut Scope,
    out: &mut Arguments,
) {
    let media = &content.media_type;
    let r = if body.required { quote!(request) } else { quote!(self.prepared) };
    let (ty, send) = match &content.payload {
        Payload::Json(schema) => (ctx.ty(schema, &quote!(types::)), quote!(#r.json(#media, value))),
        Payload::Form(schema) => (ctx.ty(schema, &quote!(types::)), quote!(#r.form(value))),
        Payload::Text => (quote!(str), quote!(#r.text(#media, value))),
        Payload::Multipart(_) => match form {
            Some(form) => (quote!(#form), quote!(#r.multipart(value))),
            None => (quote!(crate::runtime::MultipartForm), quote!(#r.multipart(value))),
        },
        Payload::Binary => (quote!(crate::runtime::Upload), quote!(#r.binary(#media, value))),
    };
    let what = match &body.description {
        Some(d) => format!(" (`{media}`): {}", d.lines().next().unwrap_or("")),
        None => format!(" (`{media}`)"),
    };
    // A binary or multipart body is taken by value, so it can be a stream (`runtime::Upload`,
    // a form's `runtime::FilePart`s).
    let binary = matches!(content.payload, Payload::Binary | Payload::Multipart(_));
    let what = match (&content.payload, form) {
        (Payload::Binary, _) => format!("{what} Bytes, a file or a stream: anything that is a `runtime::Upload`."),
        (Payload::Multipart(_), Some(form)) => format!("{what} A `{form}`, one field per part."),
        (Payload::Multipart(_), None) => format!("{what} A `runtime::MultipartForm` of the parts."),
        _ => what,
    };
    if body.required {
        let ident = args_scope.snake("body", "body");
        out.arg_docs.push(format!("- `{}`: the request body{what}", names::unraw(&ident)));
        if binary {
            out.args.push(quote!(#ident: impl ::std::convert::Into<#ty>));
            out.names.push(ident.clone());
            out.build.push(quote!({ let value = #ident.into(); request = #send; }));
            return;
        }
        out.args.push(quote!(#ident: &#ty));
        out.names.push(ident.clone());
        out.build.push(quote!({ let value = #ident; request = #send; }));
        return;
    }
    out.setter_docs.push(format!("- `.body(..)`: the request body{what}"));
    let doc = docs::attrs(&format!("The request body{what}."));
    let (arg, convert) = if matches!(content.payload, Payload::Text) {
        (quote!(impl ::std::convert::AsRef<str>), quote!(let value: &str = value.as_ref();))
    } else if binary {
        (quote!(impl ::std::convert::Into<#ty>), quote!(let value: #ty = value.into();))
    } else {
        (quote!(impl ::std::borrow::Borrow<#ty>), quote!(let value: &#ty = ::std::borrow::Borrow::borrow(&value);))
    };
    out.setters.push(quote! {
        #doc
        pub fn body(mut self, value: #arg) -> Self {
            #convert
            self.prepared = #send;
            self
        }
    });
}

/// A setter's doc comment: the parameter's own doc line.
fn setter_doc(p: &Parameter) -> TokenStream {
    let ident = format_ident!("value");
    docs::attrs(param_doc(&ident, p).trim_start_matches("- `value`: "))
}

/// The line in the method's docs that names a setter.
fn setter_line(ident: &Ident, p: &Parameter) -> String {
    param_doc(ident, p).replacen(
        &format!("- `{}`", names::unraw(ident)),
        &format!("- `.{}(..)`", names::unraw(ident)),
        1,
    )
}

/// A literal piece of a path, if not empty.
fn path_literal(literal: &str) -> Option<TokenStream> {
    (!literal.is_empty()).then(|| quote!(crate::runtime::PathPart::Literal(#literal)))
}

fn param_doc(ident: &Ident, p: &Parameter) -> String {
    let place = p.location.as_str();
    let mut doc = format!("- `{}`: {place} parameter `{}`", names::unraw(ident), p.name);
    let mut notes = if p.required { Vec::new() } else { vec!["optional".to_string()] };
    notes.extend(crate::targets::facts::parameter(p));
    if !notes.is_empty() {
        doc.push_str(&format!(" ({})", notes.join("; ")));
    }
    if let Some(d) = &p.description {
        doc.push_str(&format!(": {}", d.lines().collect::<Vec<_>>().join(" ")));
    }
    doc
}

/// The runtime's style of an object-valued query parameter.
fn runtime_style(style: &ParamStyle) -> Ident {
    format_ident!(
        "{}",
        match style {
            ParamStyle::Form => "Form",
            ParamStyle::DeepObject => "DeepObject",
            ParamStyle::SpaceDelimited => "SpaceDelimited",
            ParamStyle::PipeDelimited => "PipeDelimited",
            _ => "Other",
        }
    )
}
