//! The `servers` module of an API: the document's servers as constants, or as functions of their
//! variables.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::super::docs;
use super::super::names::{self, Scope};
use crate::ir::Server;

/// A server's URL with its variables at their defaults.
pub fn default_url(s: &Server) -> String {
    let mut url = s.url.clone();
    for v in &s.variables {
        url = url.replace(&format!("{{{}}}", v.name), &v.default);
    }
    url
}

/// The `servers` module: a constant per server without variables, a function per server with them.
pub fn emit(servers: &[Server]) -> TokenStream {
    let mut scope = Scope::default();
    let items = servers.iter().enumerate().map(|(i, s)| {
        let label = s.description.clone().unwrap_or_else(|| format!("server {}", i + 1));
        let mut doc = format!("`{}`", s.url);
        if let Some(d) = &s.description {
            doc.push_str(&format!(": {d}"));
        }
        if s.variables.is_empty() {
            let ident = scope.snake(&label, "server");
            let konst = format_ident!("{}", names::unraw(&ident).to_uppercase());
            let url = &s.url;
            let doc = docs::attrs(&doc);
            quote! { #doc pub const #konst: &str = #url; }
        } else {
            let ident = scope.snake(&label, "server");
            let mut args = Scope::with(&["url"]);
            let mut params = Vec::new();
            let mut replaces = Vec::new();
            let mut var_docs = Vec::new();
            for v in &s.variables {
                let arg = args.snake(&v.name, "value");
                let placeholder = format!("{{{}}}", v.name);
                let mut line = format!("- `{}`", names::unraw(&arg));
                if let Some(d) = &v.description {
                    line.push_str(&format!(": {d}"));
                }
                line.push_str(&format!(" (default `{}`", v.default));
                if !v.allowed.is_empty() {
                    line.push_str(&format!(
                        "; one of {}",
                        v.allowed.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>().join(", ")
                    ));
                }
                line.push(')');
                var_docs.push(line);
                params.push(quote!(#arg: &str));
                replaces.push(quote!(.replace(#placeholder, #arg)));
            }
            let url = &s.url;
            let doc = docs::attrs(&format!("{doc}\n\n{}", var_docs.join("\n")));
            quote! {
                #doc
                pub fn #ident(#( #params ),*) -> ::std::string::String {
                    #url.to_string() #( #replaces )*
                }
            }
        }
    });
    quote! {
        /// The servers the API document lists.
        pub mod servers {
            #( #items )*
        }
    }
}
