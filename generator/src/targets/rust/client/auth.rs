//! The security schemes an API's operations use: the table the runtime applies credentials from,
//! one builder method per scheme, and each operation's alternatives as indexes into the table.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

use super::super::names::Scope;
use super::super::{docs, Ctx};
use super::BUILDER_METHODS;
use crate::ir::{ApiKeyLocation, Operation, SecurityKind};

/// The schemes some operation uses, in the document's order.
pub struct Auth<'a> {
    ctx: &'a Ctx<'a>,
    /// (index into the API's schemes, builder method ident); the position is the table index.
    pub schemes: Vec<(usize, Ident)>,
}

impl<'a> Auth<'a> {
    pub fn new(ctx: &'a Ctx<'a>) -> Self {
        let used = ctx.api.used_security_schemes();
        let mut methods = Scope::with(BUILDER_METHODS);
        let schemes =
            used.into_iter().map(|i| (i, methods.snake(&ctx.api.security_schemes[i].name, "credential"))).collect();
        Auth { ctx, schemes }
    }

    /// The table index of the API's scheme `index`, when an operation uses it.
    pub fn position(&self, index: usize) -> Option<usize> {
        self.schemes.iter().position(|(i, _)| *i == index)
    }

    /// The builder method names taken by credentials.
    pub fn method_names(&self) -> impl Iterator<Item = String> + '_ {
        self.schemes.iter().map(|(_, m)| m.to_string())
    }

    /// `SCHEMES`, the table the runtime applies credentials from.
    pub fn table(&self) -> TokenStream {
        let entries = self.schemes.iter().map(|(i, _)| match &self.ctx.api.security_schemes[*i].kind {
            SecurityKind::ApiKey { location: ApiKeyLocation::Header, parameter } => {
                quote!(crate::runtime::Scheme::Header(#parameter))
            }
            SecurityKind::ApiKey { location: ApiKeyLocation::Query, parameter } => {
                quote!(crate::runtime::Scheme::Query(#parameter))
            }
            SecurityKind::ApiKey { location: ApiKeyLocation::Cookie, parameter } => {
                quote!(crate::runtime::Scheme::Cookie(#parameter))
            }
            SecurityKind::HttpBasic => quote!(crate::runtime::Scheme::Basic),
            _ => quote!(crate::runtime::Scheme::Bearer),
        });
        let names: Vec<String> =
            self.schemes.iter().map(|(i, _)| format!("`{}`", self.ctx.api.security_schemes[*i].name)).collect();
        let doc = if names.is_empty() {
            " The security schemes this API's operations use: none.".to_string()
        } else {
            format!(
                " The security schemes this API's operations use ({}); operations name them by index.",
                names.join(", ")
            )
        };
        quote! {
            #[doc = #doc]
            const SCHEMES: &[crate::runtime::Scheme] = &[#( #entries ),*];
        }
    }

    /// One builder method per scheme, setting its credential.
    pub fn builder_methods(&self) -> TokenStream {
        let methods = self.schemes.iter().enumerate().map(|(n, (i, method))| {
            let scheme = &self.ctx.api.security_schemes[*i];
            let what = match &scheme.kind {
                SecurityKind::ApiKey { location, parameter } => {
                    let place = match location {
                        ApiKeyLocation::Header => "header",
                        ApiKeyLocation::Query => "query parameter",
                        ApiKeyLocation::Cookie => "cookie",
                    };
                    format!("Sends `key` in the `{parameter}` {place} (security scheme `{}`).", scheme.name)
                }
                SecurityKind::HttpBasic => format!("Sends HTTP Basic credentials (security scheme `{}`).", scheme.name),
                _ => format!("Sends `token` as `Authorization: Bearer` (security scheme `{}`).", scheme.name),
            };
            let doc = docs::attrs(&docs::paragraphs([what.as_str(), scheme.description.as_deref().unwrap_or("")]));
            let n = Literal::usize_unsuffixed(n);
            match &scheme.kind {
                SecurityKind::HttpBasic => quote! {
                    #doc
                    pub fn #method(mut self, username: impl ::std::convert::Into<::std::string::String>, password: impl ::std::convert::Into<::std::string::String>) -> Self {
                        self.core.credential(#n, crate::runtime::Credential::basic(username, password));
                        self
                    }
                },
                SecurityKind::ApiKey { .. } => quote! {
                    #doc
                    pub fn #method(mut self, key: impl ::std::convert::Into<::std::string::String>) -> Self {
                        self.core.credential(#n, crate::runtime::Credential::key(key));
                        self
                    }
                },
                _ => quote! {
                    #doc
                    pub fn #method(mut self, token: impl ::std::convert::Into<::std::string::String>) -> Self {
                        self.core.credential(#n, crate::runtime::Credential::key(token));
                        self
                    }
                },
            }
        });
        let provider = self.token_provider();
        quote!( #( #methods )* #provider )
    }

    /// `token_provider`, for the first scheme whose credential is a token (an API key or a
    /// bearer token), when there is one.
    fn token_provider(&self) -> TokenStream {
        let Some((n, i)) = self
            .schemes
            .iter()
            .enumerate()
            .find(|(_, (i, _))| !matches!(self.ctx.api.security_schemes[*i].kind, SecurityKind::HttpBasic))
            .map(|(n, (i, _))| (n, *i))
        else {
            return quote!();
        };
        let name = &self.ctx.api.security_schemes[i].name;
        let doc = docs::attrs(&format!(
            "Gets the token of security scheme `{}` from `provider` (OAuth 2 client credentials, a vault, \
             a file) when the client has none, and once more when a request is answered 401 (then the \
             request is replayed with the new token). Concurrent requests wait for one call. A failed call \
             is logged and the request goes out without the token.",
            name
        ));
        let n = Literal::usize_unsuffixed(n);
        quote! {
            #doc
            pub fn token_provider<F, Fut, E>(mut self, provider: F) -> Self
            where
                F: ::std::ops::Fn() -> Fut + ::std::marker::Send + ::std::marker::Sync + 'static,
                Fut: ::std::future::Future<Output = ::std::result::Result<::std::string::String, E>> + ::std::marker::Send + 'static,
                E: ::std::fmt::Display,
            {
                self.core.token_provider(#n, provider);
                self
            }
        }
    }

    /// An operation's alternatives of credentials, in order, an anonymous one last: `&[&[0], &[]]`.
    pub fn alternatives(&self, op: &Operation) -> TokenStream {
        let mut alternatives: Vec<TokenStream> = Vec::new();
        let mut anonymous = false;
        for req in &op.security {
            let positions: Vec<Literal> =
                req.schemes.iter().filter_map(|i| self.position(*i)).map(Literal::usize_unsuffixed).collect();
            if positions.is_empty() {
                anonymous = true;
            } else {
                alternatives.push(quote!(&[#( #positions ),*]));
            }
        }
        if anonymous && !alternatives.is_empty() {
            alternatives.push(quote!(&[]));
        }
        quote!(&[#( #alternatives ),*])
    }
}
