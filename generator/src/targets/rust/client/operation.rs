//! One operation: its method on `Client` (arguments encoded into a prepared request, then the one
//! shared async body), its blocking twin, and its own success and error types.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::super::names::{self, Scope};
use super::super::ty::RustType;
use super::super::{docs, Ctx};
use super::auth::Auth;
use super::responses::{body_plan, status_label, status_pattern, status_variant, BodyPlan};
use crate::ir::{
    Operation, ParamLocation, ParamStyle, Parameter, Payload, PrimitiveKind, Response, Schema, Segment, Status,
    TypeKind,
};

/// How a parameter is taken as an argument and written into the request.
fn param_arg(ctx: &Ctx, schema: &Schema) -> (TokenStream, bool) {
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
fn is_json_param(ctx: &Ctx, schema: &Schema) -> bool {
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

/// What one operation contributes: its async method, its blocking twin, and its own types.
pub struct Emitted {
    pub method: TokenStream,
    pub blocking: TokenStream,
    pub items: TokenStream,
}

/// The variants of an error enum, docs included: two operations with the same key share one enum.
pub type ErrorKey = Vec<(String, String, Option<RustType>)>;

/// `error_enums` maps the variants of each error enum emitted so far to its name.
pub fn emit(
    ctx: &Ctx,
    op: &Operation,
    auth: &Auth,
    root: &mut Scope,
    methods: &mut Scope,
    error_enums: &mut std::collections::HashMap<ErrorKey, Ident>,
) -> Emitted {
    let fn_ident = methods.snake(&op.id, "operation");
    let op_pascal = names::unraw(&root.pascal(&op.id, "Operation"));
    let err = root.pascal(&format!("{op_pascal}Error"), "OperationError");
    let Arguments { args, arg_docs, build, path_code } = arguments(ctx, op);
    let alternatives = auth.alternatives(op);
    let Decoding { success_ty, arms, items, error_docs } = decoding(ctx, op, &err, &op_pascal, root, error_enums);
    let base_url_server = own_server(ctx, op);
    let doc = method_docs(ctx, op, &arg_docs, &error_docs, base_url_server.as_deref());
    let deprecated =
        if op.deprecated { quote!(#[deprecated(note = "deprecated by the API document")]) } else { quote!() };
    let method = format_ident!("{}", op.method.word());
    let mutable = if build.is_empty() { quote!() } else { quote!(mut) };
    let server = match &base_url_server {
        Some(url) => quote!(::std::option::Option::Some(#url)),
        None => quote!(::std::option::Option::None),
    };

    // The argument list mirrors the operation's parameters; a struct would only rename them.
    let allow = if args.len() + 1 > 7 { quote!(#[allow(clippy::too_many_arguments)]) } else { quote!() };
    let (id, path_template) = (&op.id, op.path.as_str());
    // Not an `async fn`: the request is prepared here, synchronously, and the one async body
    // all operations share (`call`) sends it and runs this operation's decoder. Per operation the
    // compiler then checks two plain bodies instead of an async state machine, which on large
    // APIs is most of what the client costs to compile.
    let method_fn = quote! {
        #doc
        #deprecated
        #allow
        pub fn #fn_ident(&self, #( #args ),*) -> impl ::std::future::Future<Output = crate::runtime::CallResult<#success_ty, #err>> + '_ {
            const OPERATION: crate::runtime::Operation = crate::runtime::Operation { id: #id, method: crate::runtime::Method::#method, path: #path_template, server: #server };
            let #mutable request = self.core.prepare(&OPERATION, &[#( #path_code ),*]);
            #( #build )*
            self.core.call::<#success_ty, #err>(request, &OPERATION, #alternatives, |response: &mut crate::runtime::RawResponse| match response.status {
                #( #arms )*
            })
        }
    };
    let arg_idents: Vec<&TokenStream> = args.iter().collect();
    let arg_names: Vec<TokenStream> = arg_idents
        .iter()
        .map(|a| {
            let mut it = (*a).clone().into_iter();
            it.next().map(TokenStream::from).unwrap_or_default()
        })
        .collect();
    // The blocking twin is itself deprecated; calling the async original must not warn again.
    let allow_deprecated = if op.deprecated { quote!(#[allow(deprecated)]) } else { quote!() };
    let blocking_doc = format!(" Blocking form of [`super::Client::{}`].", names::unraw(&fn_ident));
    let blocking = quote! {
        #[doc = #blocking_doc]
        #deprecated
        #allow_deprecated
        #allow
        pub fn #fn_ident(&self, #( #args ),*) -> crate::runtime::CallResult<#success_ty, #err> {
            self.runtime.block_on(self.inner.#fn_ident(#( #arg_names ),*))
        }
    };
    Emitted { method: method_fn, blocking, items: quote!( #( #items )* ) }
}

/// An operation's arguments: the method's parameter list, their docs, the statements that write
/// each into the prepared request, and the path's parts.
struct Arguments {
    args: Vec<TokenStream>,
    arg_docs: Vec<String>,
    build: Vec<TokenStream>,
    path_code: Vec<TokenStream>,
}

/// Path parameters in path order, then required and optional others, then the body.
fn arguments(ctx: &Ctx, op: &Operation) -> Arguments {
    let mut args_scope = Scope::with(&["self", "request", "response", "url", "path", "status", "headers", "value"]);
    let mut args = Vec::new();
    let mut arg_docs = Vec::new();
    let mut build = Vec::new();
    let mut path_code = Vec::new();
    let path_params: Vec<&Parameter> = op.parameters.iter().filter(|p| p.location == ParamLocation::Path).collect();
    let mut path_idents = Vec::new();
    let mut path_json = Vec::new();
    for p in &path_params {
        let ident = args_scope.snake(&p.name, "param");
        let (ty, _) = param_arg(ctx, &p.schema);
        args.push(quote!(#ident: #ty));
        arg_docs.push(param_doc(&ident, p));
        if is_json_param(ctx, &p.schema) {
            path_json.push(ident.clone());
        }
        path_idents.push((p.name.clone(), ident));
    }
    for segment in op.path.segments() {
        match segment {
            Segment::Literal(text) => path_code.extend(path_literal(text)),
            Segment::Param(name) => {
                if let Some((wire, ident)) = path_idents.iter().find(|(n, _)| n == name) {
                    let text = if path_json.contains(ident) {
                        quote!(crate::runtime::simple_param(#ident))
                    } else {
                        quote!(crate::runtime::ParamValue::param_string(&#ident))
                    };
                    path_code.push(quote!(crate::runtime::PathPart::Param(#wire, #text)));
                }
            }
        }
    }

    // Required parameters before optional ones, each group in document order.
    let others = op.parameters.iter().filter(|p| p.location != ParamLocation::Path && p.required);
    let optional = op.parameters.iter().filter(|p| p.location != ParamLocation::Path && !p.required);
    for p in others.chain(optional) {
        let ident = args_scope.snake(&p.name, "param");
        let (ty, is_list) = param_arg(ctx, &p.schema);
        let json = is_json_param(ctx, &p.schema);
        let wire = &p.name;
        let explode = p.explode;
        let value = |v: TokenStream| -> TokenStream {
            if json {
                quote!(crate::runtime::simple_param(#v))
            } else {
                quote!(crate::runtime::ParamValue::param_string(#v))
            }
        };
        let write = |v: TokenStream| -> TokenStream {
            match p.location {
                ParamLocation::Query => {
                    if is_list && !json {
                        quote!(request = request.query(#wire, #v, #explode);)
                    } else if json {
                        let style = runtime_style(&p.style);
                        quote!(request = request.query_object(#wire, #v, crate::runtime::ParamStyle::#style, #explode);)
                    } else {
                        let s = value(quote!(&#v));
                        quote!(request = request.query(#wire, &[#s], true);)
                    }
                }
                ParamLocation::Header => {
                    let s = if is_list && !json {
                        quote!(#v.iter().map(crate::runtime::ParamValue::param_string).collect::<::std::vec::Vec<_>>().join(","))
                    } else {
                        value(quote!(&#v))
                    };
                    quote!(request = request.header(#wire, &#s);)
                }
                _ => {
                    let s = value(quote!(&#v));
                    quote!(request = request.cookie(#wire, &#s);)
                }
            }
        };
        if p.required {
            args.push(quote!(#ident: #ty));
            build.push(write(quote!(#ident)));
        } else {
            args.push(quote!(#ident: ::std::option::Option<#ty>));
            let w = write(quote!(value));
            build.push(quote!(if let ::std::option::Option::Some(value) = #ident { #w }));
        }
        arg_docs.push(param_doc(&ident, p));
    }

    if let Some(body) = &op.body {
        if let Some(content) = body.contents.first() {
            let ident = args_scope.snake("body", "body");
            let media = &content.media_type;
            let (ty, send) = match &content.payload {
                Payload::Json(schema) => {
                    let ty = ctx.ty(schema, &quote!(types::));
                    (quote!(&#ty), quote!(request.json(#media, value)))
                }
                Payload::Form(schema) => {
                    let ty = ctx.ty(schema, &quote!(types::));
                    (quote!(&#ty), quote!(request.form(value)))
                }
                Payload::Text => (quote!(&str), quote!(request.text(#media, value))),
                Payload::Multipart(_) => (quote!(&crate::runtime::MultipartForm), quote!(request.multipart(value))),
                Payload::Binary => (quote!(&crate::runtime::Binary), quote!(request.binary(#media, value))),
            };
            let mut doc = format!("- `{}`: the request body (`{media}`)", names::unraw(&ident));
            if let Some(d) = &body.description {
                doc.push_str(&format!(": {}", d.lines().next().unwrap_or("")));
            }
            arg_docs.push(doc);
            if body.required {
                args.push(quote!(#ident: #ty));
                build.push(quote!({ let value = #ident; request = #send; }));
            } else {
                args.push(quote!(#ident: ::std::option::Option<#ty>));
                build.push(quote!(if let ::std::option::Option::Some(value) = #ident { request = #send; }));
            }
        }
    }

    Arguments { args, arg_docs, build, path_code }
}

/// How an operation's answer is decoded: the success type, one match arm per documented status,
/// the types it defines (body enums, its error enum or an alias of an earlier equal one), and the
/// doc lines of its errors.
struct Decoding {
    success_ty: TokenStream,
    arms: Vec<TokenStream>,
    items: Vec<TokenStream>,
    error_docs: Vec<String>,
}

fn decoding(
    ctx: &Ctx,
    op: &Operation,
    err: &Ident,
    op_pascal: &str,
    root: &mut Scope,
    error_enums: &mut std::collections::HashMap<ErrorKey, Ident>,
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
        items.push(quote! {
            #[doc = #doc]
            #[derive(Debug, Clone, PartialEq)]
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
    match error_enums.entry(error_key) {
        std::collections::hash_map::Entry::Occupied(first) => {
            let first = first.get();
            let same = format!(" The same variants as [`{first}`].");
            items.push(quote! {
                #[doc = #err_doc]
                #[doc = ""]
                #[doc = #same]
                pub type #err = #first;
            });
        }
        std::collections::hash_map::Entry::Vacant(slot) => {
            slot.insert(err.clone());
            items.push(quote! {
                #[doc = #err_doc]
                #[derive(Debug, Clone, PartialEq)]
                pub enum #err { #variants }
            });
        }
    }

    Decoding { success_ty, arms, items, error_docs }
}

/// The method's documentation: summary, description, method and path, authentication,
/// arguments, response headers, documented errors, deprecation and its own server.
fn method_docs(
    ctx: &Ctx,
    op: &Operation,
    arg_docs: &[String],
    error_docs: &[String],
    own_server: Option<&str>,
) -> TokenStream {
    let mut doc = docs::Doc::default();
    if let Some(summary) = &op.summary {
        doc.text(summary);
    }
    if let Some(d) = &op.description {
        doc.text(d);
    }
    doc.raw(&format!("Sends `{}` to `{}`.", op.method, op.path));
    let auth_names: Vec<String> = op
        .security
        .iter()
        .map(|r| {
            if r.schemes.is_empty() {
                "none".to_string()
            } else {
                r.schemes
                    .iter()
                    .map(|i| format!("`{}`", ctx.api.security_schemes[*i].name))
                    .collect::<Vec<_>>()
                    .join(" + ")
            }
        })
        .collect();
    doc.raw(&if auth_names.is_empty() {
        "Authentication: none.".into()
    } else {
        format!("Authentication: {}.", auth_names.join(" or "))
    });
    if !arg_docs.is_empty() {
        doc.raw("Arguments:");
        for line in arg_docs {
            doc.line(line);
        }
    }
    let headers: Vec<String> = op
        .responses
        .iter()
        .flat_map(|r| r.headers.iter().map(move |h| (r.status, h)))
        .map(|(status, h)| {
            format!(
                "- `{}` ({}){}",
                h.name,
                status_label(status),
                h.description.as_deref().map(|d| format!(": {}", d.lines().next().unwrap_or(""))).unwrap_or_default()
            )
        })
        .collect();
    if !headers.is_empty() {
        doc.raw("Response headers the API documents:");
        for line in &headers {
            doc.line(line);
        }
    }
    if !error_docs.is_empty() {
        doc.raw(&format!("Documented errors, as [`crate::runtime::Error::Api`]:\n{}", error_docs.join("\n")));
    }
    if op.deprecated {
        doc.raw("Deprecated by the API.");
    }
    if let Some(url) = own_server {
        doc.raw(&format!("Sent to its own server, `{url}` (see `ClientBuilder::operation_base_url`)."));
    }
    doc.tokens()
}

/// The documented URL of an operation whose servers differ from the API's (absolute ones only:
/// a relative server URL is relative to wherever the API is, i.e. the client's base URL).
fn own_server(ctx: &Ctx, op: &Operation) -> Option<String> {
    if op.servers == ctx.api.servers {
        return None;
    }
    let url = super::servers::default_url(op.servers.first()?);
    url.contains("://").then_some(url)
}

/// A literal piece of a path, if not empty.
fn path_literal(literal: &str) -> Option<TokenStream> {
    (!literal.is_empty()).then(|| quote!(crate::runtime::PathPart::Literal(#literal)))
}

fn param_doc(ident: &Ident, p: &Parameter) -> String {
    let place = match p.location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    };
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
