//! The builder methods of operations marked `x-switchboard-login`: each makes the client log in
//! with that operation and keep the token its answer carries (the runtime does the rest).

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::super::names::{self, Scope};
use super::super::Ctx;
use super::auth::Auth;
use super::BUILDER_METHODS;
use crate::ir::Payload;

/// One `login_with_<operation>` builder method per login operation the client can call (no
/// parameters, a JSON body or none).
pub fn builder_methods(ctx: &Ctx, auth: &Auth) -> TokenStream {
    let mut scope = Scope::with(BUILDER_METHODS);
    for method in auth.method_names() {
        scope.snake(&method, "credential");
    }
    let mut methods = Vec::new();
    for (i, op) in ctx.api.operations.iter().enumerate() {
        let Some(login) = &op.login else { continue };
        let Some(position) = auth.position(login.scheme) else { continue };
        if !op.parameters.is_empty() {
            continue;
        }
        let body = op.body.as_ref().and_then(|b| {
            b.contents.iter().find_map(|c| match &c.payload {
                Payload::Json(schema) => Some(ctx.ty(schema, &quote!(types::))),
                _ => None,
            })
        });
        if op.body.is_some() && body.is_none() {
            continue;
        }
        let op_fn = names::Scope::default().snake(&op.id, "operation");
        let method = scope.snake(&format!("login_with_{}", names::unraw(&op_fn)), "login");
        let scheme_name = &ctx.api.security_schemes[login.scheme].name;
        let pointer = &login.token;
        let doc = format!(
            " Logs in with [`Client::{}`] before the first request that needs `{scheme_name}`, keeps the token found at `{pointer}` in its answer, and logs in again (once per request) when a request is answered 401. Concurrent requests share one login.",
            names::unraw(&op_fn)
        );
        let position = Literal::usize_unsuffixed(position);
        let (param, call, capture) = match &body {
            Some(ty) => (quote!(body: #ty), quote!(client.#op_fn(&body).await), quote!(let body = body.clone();)),
            None => (quote!(), quote!(client.#op_fn().await), quote!()),
        };
        let cfg = ctx.op_cfg(i);
        methods.push(quote! {
            #[doc = #doc]
            #cfg
            pub fn #method(mut self, #param) -> Self {
                self.core.login_with(#position, #pointer, move |core| {
                    #capture
                    async move {
                        let client = Client { core };
                        #call
                    }
                });
                self
            }
        });
    }
    quote!( #( #methods )* )
}
