//! One operation: the type that describes it to the runtime (an uninhabited enum implementing
//! `runtime::Endpoint`: method, path, security, decoder), its method on `Client` (the required
//! arguments encoded into a prepared request, returned as its request builder
//! `<Operation>Request`), the builder's setters for the optional ones, its blocking twin, and its
//! own success and error types.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use super::super::names::{self, Scope};
use super::super::{docs, Ctx};
use super::arguments::{arguments, Arguments};
use super::auth::Auth;
use super::decoding::{decoding, Decoding, ErrorEnums};
use super::responses::status_label;
use crate::ir::{Operation, PageStyle, ParamLocation, Payload};

/// What one operation contributes: its async method, its blocking twin, and its own items.
pub struct Emitted {
    pub method: TokenStream,
    pub blocking: TokenStream,
    pub items: TokenStream,
    /// Its part of the `mock` module.
    pub mock: super::mock::MockOperation,
}

/// Operation `index` of the API; `error_enums` collects the error enums emitted so far.
pub fn emit(
    ctx: &Ctx,
    (index, op): (usize, &Operation),
    auth: &Auth,
    root: &mut Scope,
    methods: &mut Scope,
    mocks: &mut super::MockScopes,
    error_enums: &mut ErrorEnums,
) -> Emitted {
    let fn_ident = methods.snake(&op.id, "operation");
    let mock_method = mocks.methods.snake(&op.id, "operation");
    let op_pascal = names::unraw(&root.pascal(&op.id, "Operation"));
    // The builder's name is the contract (`GetUserRequest`): it is taken before anything else.
    let request = root.pascal(&format!("{op_pascal}Request"), "OperationRequest");
    let marker = format_ident!("{op_pascal}");
    let err = root.pascal(&format!("{op_pascal}Error"), "OperationError");
    // A typed multipart body is a struct of its own, named after the operation.
    let form_content = op.body.as_ref().and_then(|b| b.contents.first()).filter(|c| !c.parts.is_empty());
    let form_ident = form_content.map(|_| root.pascal(&format!("{op_pascal}Form"), "OperationForm"));
    let args = arguments(ctx, op, form_ident.as_ref());
    let Decoding { success_ty, arms, items, error_docs } =
        decoding(ctx, (index, op), &err, &op_pascal, root, error_enums);
    let own_server = own_server(ctx, op);
    let doc = method_docs(ctx, op, &args, &request, &error_docs, own_server.as_deref());
    let deprecated =
        if op.deprecated { quote!(#[deprecated(note = "deprecated by the API document")]) } else { quote!() };
    let method = format_ident!("{}", op.method.word());
    let server = match &own_server {
        Some(url) => quote!(::std::option::Option::Some(#url)),
        None => quote!(::std::option::Option::None),
    };
    // Every documented media type, as the other targets send it (docs/wire-format.md).
    let mut media: Vec<&str> = Vec::new();
    for content in op.responses.iter().flat_map(|r| &r.contents) {
        if !media.contains(&content.media_type.as_str()) {
            media.push(&content.media_type);
        }
    }
    let accept = match media.join(", ") {
        joined if joined.is_empty() => quote!(::std::option::Option::None),
        joined => quote!(::std::option::Option::Some(#joined)),
    };
    let alternatives = auth.alternatives(op);
    let (id, path_template) = (&op.id, op.path.as_str());
    let Arguments { args: params, names: arg_names, build, path_code, setters, .. } = args;
    let mutable = if build.is_empty() { quote!() } else { quote!(mut) };
    // Only required arguments are parameters (optional ones are setters); when a document
    // requires more than clippy's seven, the method still has to take them all.
    let allow = if params.len() + 1 > 7 { quote!(#[allow(clippy::too_many_arguments)]) } else { quote!() };

    // Not an `async fn`: the method only encodes its arguments; the one generic `Request` of the
    // module sends them and runs this operation's decoder, so per operation the compiler checks
    // plain bodies instead of an async state machine.
    let method_fn = quote! {
        #doc
        #deprecated
        #allow
        pub fn #fn_ident(&self, #( #params ),*) -> #request {
            let #mutable request = self.core.prepare(&<#marker as crate::runtime::Endpoint>::OPERATION, &[#( #path_code ),*]);
            #( #build )*
            Request::new(&self.core, request)
        }
    };
    let marker_doc = format!(
        " The operation `{id}` as a type: what [`Client::{}`] sends and how its answer is read.",
        names::unraw(&fn_ident)
    );
    let request_doc = format!(
        " The request builder of [`Client::{}`]: optional parameters, per-call overrides, then `.await` or `.send()`.",
        names::unraw(&fn_ident)
    );
    let setters = if setters.is_empty() { quote!() } else { quote!(impl<R> #request<R> { #( #setters )* }) };
    let paging = pagination(ctx, op, &request, &marker, &success_ty, &err);
    let (streamed, download) = streaming(op, &marker);
    let endpoint = quote! {
        #[doc = #marker_doc]
        pub enum #marker {}

        impl crate::runtime::Endpoint for #marker {
            type Output = #success_ty;
            type Error = #err;
            const OPERATION: crate::runtime::Operation = crate::runtime::Operation { id: #id, method: crate::runtime::Method::#method, path: #path_template, server: #server, accept: #accept };
            const SECURITY: &'static [&'static [usize]] = #alternatives;
            #streamed
            fn decode(response: &mut crate::runtime::RawResponse) -> ::std::result::Result<Self::Output, crate::runtime::Error<Self::Error>> {
                match response.status {
                    #( #arms )*
                }
            }
        }
        #download

        #[doc = #request_doc]
        pub type #request<R = ()> = Request<#marker, R>;

        #setters
        #paging
    };
    // The blocking twin is itself deprecated; calling the async original must not warn again.
    let allow_deprecated = if op.deprecated { quote!(#[allow(deprecated)]) } else { quote!() };
    let blocking_doc =
        format!(" Blocking form of [`super::Client::{}`]: `.send()` returns the result.", names::unraw(&fn_ident));
    let blocking = quote! {
        #[doc = #blocking_doc]
        #deprecated
        #allow_deprecated
        #allow
        pub fn #fn_ident(&self, #( #params ),*) -> #request<crate::runtime::BlockingRuntime> {
            self.inner.#fn_ident(#( #arg_names ),*).blocking(&self.runtime)
        }
    };
    let mock = super::mock::operation(ctx, op, &marker, &mock_method, &mut mocks.module);
    let form = match (form_content, &form_ident) {
        (Some(content), Some(ident)) => super::forms::form(ctx, content, ident, &names::unraw(&fn_ident)),
        _ => quote!(),
    };
    Emitted { method: method_fn, blocking, items: quote!( #endpoint #form #( #items )* ), mock }
}

/// The method's documentation: summary, description, method and path, authentication,
/// arguments, response headers, documented errors, deprecation and its own server.
fn method_docs(
    ctx: &Ctx,
    op: &Operation,
    args: &Arguments,
    request: &Ident,
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
    if !args.arg_docs.is_empty() {
        doc.raw("Arguments:");
        for line in &args.arg_docs {
            doc.line(line);
        }
    }
    if !args.setter_docs.is_empty() {
        doc.raw(&format!("Optional, set on the returned [`{request}`]:"));
        for line in &args.setter_docs {
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

/// `.stream()` and `.pages()` on the request of a paginated operation whose items the IR can
/// find (one success status with a JSON body, a list at the `items` pointer).
fn pagination(
    ctx: &Ctx,
    op: &Operation,
    request: &Ident,
    marker: &Ident,
    success_ty: &TokenStream,
    err: &Ident,
) -> TokenStream {
    let (Some(p), Some(item)) = (&op.pagination, ctx.api.pagination_item(op)) else {
        return quote!();
    };
    if op.responses.iter().filter(|r| r.status.is_success()).count() != 1 {
        return quote!();
    }
    let item_ty = ctx.ty(item, &quote!(types::));
    // The parameter's place: the order `arguments` gives (required first, then optional).
    let place = |name: &str| {
        let found = super::arguments::placed(op).find(|(_, q)| q.name == name && q.location == ParamLocation::Query);
        Literal::u32_unsuffixed(found.map_or(u32::MAX, |(place, _)| place))
    };
    let some = |v: &Option<String>| match v {
        Some(v) => quote!(::std::option::Option::Some(#v)),
        None => quote!(::std::option::Option::None),
    };
    let style = match &p.style {
        PageStyle::Cursor { param, next } => {
            let at = place(param);
            quote!(crate::runtime::PageStyle::Cursor { place: #at, param: #param, next: #next })
        }
        PageStyle::Page { param, first, total_pages, last } => {
            let (at, total_pages, last) = (place(param), some(total_pages), some(last));
            quote!(crate::runtime::PageStyle::Page { place: #at, param: #param, first: #first, total_pages: #total_pages, last: #last })
        }
        PageStyle::Offset { param, total } => {
            let (at, total) = (place(param), some(total));
            quote!(crate::runtime::PageStyle::Offset { place: #at, param: #param, total: #total })
        }
        PageStyle::LinkHeader => quote!(crate::runtime::PageStyle::LinkHeader),
        PageStyle::NextUrl { next } => quote!(crate::runtime::PageStyle::NextUrl { next: #next }),
    };
    let items = &p.items;
    let how = match &p.style {
        PageStyle::Cursor { param, next } => format!("the cursor at `{next}` of each page is sent back as `{param}`"),
        PageStyle::Page { param, .. } => format!("pages are numbered in `{param}`"),
        PageStyle::Offset { param, .. } => format!("the offset in `{param}` advances by the items received"),
        PageStyle::LinkHeader => "the next page is the `Link` header's `rel=\"next\"`".into(),
        PageStyle::NextUrl { next } => format!("the next page is the URL at `{next}` of each page"),
    };
    let stream_doc = format!(
        " Every item (at `{items}`) of every page, fetched one page at a time as the stream is polled; {how}. \
         Optional parameters set on this request apply to every page; each page is retried like any call. \
         A repeated next page, one on another origin, or more pages than `max_pages` end the stream with \
         [`crate::runtime::Error::Pagination`]."
    );
    let pages_doc = " Every page as a whole response (status, headers, body), fetched one at a time as the stream is polled; see [`Self::stream`].";
    quote! {
        impl #request {
            #[doc = #stream_doc]
            pub fn stream(self) -> impl crate::runtime::futures_core::Stream<Item = ::std::result::Result<#item_ty, crate::runtime::Error<#err>>> + ::std::marker::Send + 'static {
                const PAGINATION: crate::runtime::Pagination = crate::runtime::Pagination { items: #items, style: #style };
                crate::runtime::items::<#marker, #item_ty>(self.core, self.prepared, PAGINATION)
            }

            #[doc = #pages_doc]
            pub fn pages(self) -> impl crate::runtime::futures_core::Stream<Item = crate::runtime::CallResult<#success_ty, #err>> + ::std::marker::Send + 'static {
                const PAGINATION: crate::runtime::Pagination = crate::runtime::Pagination { items: #items, style: #style };
                crate::runtime::pages::<#marker>(self.core, self.prepared, PAGINATION)
            }
        }
    }
}

/// What an operation streams: the `STREAMED` media types of its `Endpoint` impl (success bodies
/// of events or JSON lines), and its `Download` impl when a success body is binary or text (so
/// its builder has `send_streaming`).
fn streaming(op: &Operation, marker: &Ident) -> (TokenStream, TokenStream) {
    let successes = || op.responses.iter().filter(|r| r.status.is_success()).flat_map(|r| &r.contents);
    let mut media: Vec<&str> = Vec::new();
    for content in successes().filter(|c| c.stream.is_some()) {
        if !media.contains(&content.media_type.as_str()) {
            media.push(&content.media_type);
        }
    }
    let streamed =
        if media.is_empty() { quote!() } else { quote!(const STREAMED: &'static [&'static str] = &[#( #media ),*];) };
    let download = if successes().any(|c| matches!(c.payload, Payload::Binary | Payload::Text)) {
        quote!(impl crate::runtime::Download for #marker {})
    } else {
        quote!()
    };
    (streamed, download)
}
