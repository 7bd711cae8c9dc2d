//! The `mock` module of an API (cargo feature `mock`): `MockServer` (from the runtime's
//! `api_mock!`) with one method per operation, and per operation a typed expectation builder:
//! a matcher per parameter, encoded by the same code as the client's setters, a body matcher,
//! and a response method per documented status with the status's body type.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

use super::super::names::{self, Scope};
use super::super::{docs, Ctx};
use super::arguments::{is_json_param, param_arg, placed, setter_arg, write_param};
use super::responses::status_variant;
use crate::ir::{Operation, ParamLocation, Parameter, Payload, Response, Status};

/// What `api_mock!` gives `MockServer`: no operation's method may take these names.
pub const SERVER_METHODS: &[&str] =
    &["start", "base_url", "client", "client_builder", "received", "unmatched", "inner", "fmt", "drop"];

/// What `api_mock!` gives every expectation: no parameter or response matcher takes these.
const EXPECT_METHODS: &[&str] = &[
    "new",
    "times",
    "header",
    "respond",
    "respond_bytes",
    "respond_empty",
    "respond_raw",
    "respond_with_example",
    "mount",
    "inner",
    "prepared",
    "operation",
];

/// Names in the mock module itself.
pub const MODULE_NAMES: &[&str] = &["MockServer", "Expect", "OPERATIONS", "types"];

/// One operation's part of the mock module: its `MockServer` method and its expectation's
/// matchers and responses.
pub struct MockOperation {
    pub server_method: TokenStream,
    pub items: TokenStream,
    /// The operation's entry in the module's table of operations.
    pub operation: TokenStream,
}

pub fn operation(
    ctx: &Ctx,
    op: &Operation,
    marker: &Ident,
    server_method: &Ident,
    module: &mut Scope,
) -> MockOperation {
    let alias = module.pascal(&format!("{}Mock", names::unraw(marker)), "OperationMock");
    let client_method = names::unraw(server_method);
    let id = &op.id;
    let mut scope = Scope::with(EXPECT_METHODS);
    let responses = responders(ctx, op, &mut scope);
    if op.body.is_some() {
        scope.snake("body", "body");
    }
    let mut matchers = Vec::new();
    let path_params = op.parameters.iter().filter(|p| p.location == ParamLocation::Path);
    for (index, p) in path_params.enumerate() {
        let ident = scope.snake(&p.name, "param");
        let (arg, convert) = setter_arg(ctx, &p.schema);
        let text = if is_json_param(ctx, &p.schema) {
            quote!(crate::runtime::simple_param(&value))
        } else {
            quote!(crate::runtime::ParamValue::param_string(&value))
        };
        let doc = matcher_doc(p);
        let wire = &p.name;
        matchers.push(quote! {
            #doc
            pub fn #ident(mut self, value: #arg) -> Self {
                #convert
                self.inner.path_param(#index, #wire, &#text);
                self
            }
        });
    }
    for (place, p) in placed(op) {
        let place = Literal::u32_unsuffixed(place);
        let ident = scope.snake(&p.name, "param");
        let (arg, convert) = setter_arg(ctx, &p.schema);
        let (_, is_list) = param_arg(ctx, &p.schema);
        // Written like an optional parameter's setter: the value is owned here.
        let as_setter = Parameter { required: false, ..p.clone() };
        let write = write_param(&as_setter, &place, is_list, is_json_param(ctx, &p.schema), &quote!(self.prepared));
        let doc = matcher_doc(p);
        matchers.push(quote! {
            #doc
            pub fn #ident(mut self, value: #arg) -> Self {
                #convert
                self.prepared = #write;
                self
            }
        });
    }
    if let Some(body) = body_matcher(ctx, op) {
        matchers.push(body);
    }
    let server_doc = format!(
        " Expects a call of `{id}` ([`super::Client::{client_method}`]): `{} {}`. Name what must match, \
         give the answer, then `.mount().await`.",
        op.method,
        op.path.as_str()
    );
    let alias_doc = format!(" The expectation of `{id}`, returned by [`MockServer::{client_method}`].");
    MockOperation {
        operation: quote!(&<super::#marker as crate::runtime::Endpoint>::OPERATION),
        server_method: quote! {
            #[doc = #server_doc]
            pub fn #server_method(&self) -> #alias<'_> {
                Expect::new(self, &<super::#marker as crate::runtime::Endpoint>::OPERATION)
            }
        },
        items: quote! {
            #[doc = #alias_doc]
            pub type #alias<'s> = Expect<'s, super::#marker>;

            impl Expect<'_, super::#marker> {
                #( #matchers )*
                #( #responses )*
            }
        },
    }
}

fn matcher_doc(p: &Parameter) -> TokenStream {
    let mut doc = format!(
        "Matches only calls whose `{}` ({} parameter) is this value, as the client encodes it.",
        p.name,
        p.location.as_str()
    );
    if let Some(d) = p.description.as_deref().and_then(|d| d.lines().next()) {
        doc.push_str(&format!("\n\nThe parameter: {d}"));
    }
    docs::attrs(&doc)
}

/// The body matcher: a typed value compared as JSON, text, or bytes.
fn body_matcher(ctx: &Ctx, op: &Operation) -> Option<TokenStream> {
    let content = op.body.as_ref()?.contents.first()?;
    let (arg, set) = match &content.payload {
        Payload::Json(schema) => {
            let ty = ctx.ty(schema, &quote!(types::));
            (
                quote!(impl ::std::borrow::Borrow<#ty>),
                quote!(let value: &#ty = ::std::borrow::Borrow::borrow(&value); self.inner.json_body(value);),
            )
        }
        Payload::Text => {
            (quote!(impl ::std::convert::AsRef<str>), quote!(self.inner.bytes_body(value.as_ref().as_bytes());))
        }
        Payload::Binary => {
            (quote!(impl ::std::convert::Into<::std::vec::Vec<u8>>), quote!(self.inner.bytes_body(value);))
        }
        Payload::Form(_) | Payload::Multipart(_) => return None,
    };
    let doc = docs::attrs(&format!(
        "Matches only calls whose body (`{}`) is this value{}.",
        content.media_type,
        if matches!(content.payload, Payload::Json(_)) { ", compared as JSON" } else { "" }
    ));
    Some(quote! {
        #doc
        pub fn body(mut self, value: #arg) -> Self {
            #set
            self
        }
    })
}

/// One answer method per documented status, taking that status's body type: `respond_ok` for
/// the first success, `respond_<reason>` for the others (with the status as an argument when
/// the document gives a range or `default`).
fn responders(ctx: &Ctx, op: &Operation, scope: &mut Scope) -> Vec<TokenStream> {
    let first_success = op.responses.iter().position(|r| r.status.is_success());
    let mut out = Vec::new();
    for (i, response) in op.responses.iter().enumerate() {
        let name = if Some(i) == first_success {
            "respond_ok".to_string()
        } else {
            format!("respond_{}", heck::ToSnakeCase::to_snake_case(status_variant(response.status).as_str()))
        };
        let ident = scope.snake(&name, "respond_status");
        if let Some(method) = responder(ctx, response, &ident, Some(i) == first_success) {
            out.push(method);
        }
    }
    out.extend(first_success.and_then(|i| with_example(&op.responses[i])));
    out
}

/// `respond_with_example`: the first success answered with its documented example, which the
/// IR kept only because its schema allows it.
fn with_example(response: &Response) -> Option<TokenStream> {
    let content = response.contents.first()?;
    let text = serde_json::to_string(content.example.as_ref()?).ok()?;
    let status = match response.status {
        Status::Code(code) => code,
        _ => 200,
    };
    let media = &content.media_type;
    let doc = docs::attrs(&format!("Answers `{status}` with the document's example of its body, as `{media}`."));
    Some(quote! {
        #doc
        pub fn respond_with_example(mut self) -> Self {
            self.inner.respond_bytes(#status, #media, #text);
            self
        }
    })
}

fn responder(ctx: &Ctx, response: &Response, ident: &Ident, first_success: bool) -> Option<TokenStream> {
    let (status_arg, status) = match response.status {
        Status::Code(code) => (quote!(), quote!(#code)),
        Status::Range(2) if first_success => (quote!(), quote!(200u16)),
        Status::Range(_) | Status::Default => (quote!(status: u16,), quote!(status)),
    };
    let label = match response.status {
        Status::Code(code) => format!("`{code}`"),
        Status::Range(r) => format!("a `{r}XX` status"),
        Status::Default => "a status the document does not list (its `default`)".into(),
    };
    let described =
        response.description.as_deref().and_then(|d| d.lines().next()).map(|d| format!(" ({d})")).unwrap_or_default();
    let Some(content) = response.contents.first() else {
        let doc = docs::attrs(&format!("Answers {label} with no body{described}."));
        return Some(quote! {
            #doc
            pub fn #ident(mut self, #status_arg) -> Self {
                self.inner.respond_empty(#status);
                self
            }
        });
    };
    let media = &content.media_type;
    let doc = docs::attrs(&format!("Answers {label} with this body as `{media}`{described}."));
    let (arg, send) = match &content.payload {
        Payload::Json(schema) => {
            let ty = ctx.ty(schema, &quote!(types::));
            (quote!(body: &#ty), quote!(self.inner.respond_json(#status, #media, body);))
        }
        Payload::Text => (quote!(body: &str), quote!(self.inner.respond_bytes(#status, #media, body);)),
        Payload::Binary => (
            quote!(body: impl ::std::convert::Into<::std::vec::Vec<u8>>),
            quote!(self.inner.respond_bytes(#status, #media, body);),
        ),
        Payload::Form(_) | Payload::Multipart(_) => return None,
    };
    Some(quote! {
        #doc
        pub fn #ident(mut self, #status_arg #arg) -> Self {
            #send
            self
        }
    })
}
