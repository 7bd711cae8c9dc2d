//! The client half of an API module: servers, `ClientBuilder`, `Client` with one method per
//! operation (returning a future), and each operation's success and error types.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use super::names::{self, Scope};
use super::{docs, Ctx};
use crate::ir::{
    ApiKeyLocation, Content, Operation, ParamLocation, Parameter, Payload, PrimitiveKind, Response, Schema,
    SecurityKind, Server, Status, TypeKind,
};

/// The client module, in pieces of top-level items that are printed one at a time (printing
/// one syntax tree for all of a large API's operations took more memory than anything else):
/// the operations' methods come in several `impl Client` blocks and their types in groups.
pub fn emit(ctx: &Ctx) -> Vec<TokenStream> {
    let api = ctx.api;
    let mut root = Scope::with(&[
        "types",
        "servers",
        "runtime",
        "Client",
        "ClientBuilder",
        "DEFAULT_SERVER_URL",
        "Scheme",
        "Credentials",
    ]);
    let module_doc = docs::sanitize(&module_docs(ctx));
    let servers = emit_servers(&api.servers);
    let default_url = api.servers.first().map(server_default_url).unwrap_or_else(|| "/".into());
    let auth = Auth::new(ctx);
    let mut methods = Scope::with(&[
        "builder",
        "base_url",
        "http_client",
        "authorize",
        "apply",
        "has_in",
        "base_url_for",
        "send",
        "settings",
        "with_settings",
        "with_timeout",
        "login",
        "relogin",
        "credentials",
        "store_token",
        "new",
    ]);
    let mut items = Vec::new();
    let mut fns = Vec::new();
    let mut blocking_fns = Vec::new();
    let mut error_enums = std::collections::HashMap::new();
    for op in &api.operations {
        let emitted = emit_operation(ctx, op, &auth, &mut root, &mut methods, &mut error_enums);
        fns.push(emitted.method);
        blocking_fns.push(emitted.blocking);
        items.push(emitted.items);
    }
    // Each blocking method names its operation's error type, so the parent's items are used
    // exactly when there are operations.
    let blocking_imports = if api.operations.is_empty() {
        quote!()
    } else {
        quote!(
            use super::*;
        )
    };
    let login = emit_login(ctx, &auth);
    let overrides = api.operations.iter().any(|op| own_server(ctx, op).is_some());
    let (override_field, override_init, override_build, override_method, override_lookup) = if overrides {
        (
            quote!(operation_base_urls: ::std::collections::BTreeMap<::std::string::String, ::std::string::String>,),
            quote!(operation_base_urls: ::std::collections::BTreeMap::new(),),
            quote!(operation_base_urls: self.operation_base_urls,),
            quote! {
                /// Sends the operation `operation_id` (its operationId) to `base_url` instead of the
                /// server the API document names for it.
                pub fn operation_base_url(mut self, operation_id: impl ::std::convert::Into<::std::string::String>, base_url: impl ::std::convert::Into<::std::string::String>) -> Self {
                    self.operation_base_urls.insert(operation_id.into(), base_url.into());
                    self
                }
            },
            quote! {
                impl Client {
                    /// The base URL of an operation that names its own server.
                    fn base_url_for<'a>(&'a self, operation_id: &str, documented: &'a str) -> &'a str {
                        self.operation_base_urls.get(operation_id).map_or(documented, ::std::string::String::as_str)
                    }
                }
            },
        )
    } else {
        (quote!(), quote!(), quote!(), quote!(), quote!())
    };
    let builder = auth.builder_tokens();
    let auth_impl = auth.impl_tokens();
    let has_auth = !auth.schemes.is_empty();
    let creds_field =
        if has_auth { quote!(credentials: ::std::sync::Arc<::std::sync::RwLock<Credentials>>,) } else { quote!() };
    let creds_init = if has_auth {
        quote!(credentials: ::std::sync::Arc::new(::std::sync::RwLock::new(self.credentials)),)
    } else {
        quote!()
    };
    let builder_creds_field = if has_auth { quote!(credentials: Credentials,) } else { quote!() };
    let builder_creds_init = if has_auth { quote!(credentials: Credentials::default(),) } else { quote!() };
    let Login {
        builder_field: login_field,
        builder_init: login_init,
        build: login_build,
        client_field: login_client_field,
        tokens: login_tokens,
        ..
    } = &login;
    // With no operations there is nothing to send; an unused private method would warn.
    let send = if ctx.api.operations.is_empty() {
        quote!()
    } else if has_auth && !login.enabled {
        quote! {
            /// Sends a request with the first alternative of credentials that is complete.
            async fn send<E>(&self, request: ::reqwest::RequestBuilder, operation: &crate::runtime::Operation, alternatives: &[&[Scheme]]) -> ::std::result::Result<crate::runtime::RawResponse, crate::runtime::Error<E>> {
                let built = self.authorize::<E>(request, alternatives)?.build()?;
                crate::runtime::execute(&self.http, &self.settings, operation, built).await
            }
        }
    } else if has_auth {
        let relogin = {
            quote! {
                let uses_login = self.login.as_ref().is_some_and(|l| alternatives.iter().any(|a| a.contains(&l.scheme)));
                if uses_login && self.login.as_ref().is_some_and(|l| !Self::has_in(&self.credentials(), l.scheme)) {
                    if let ::std::result::Result::Err(e) = self.relogin().await {
                        ::tracing::warn!(error = %e, "login before the first request failed");
                    }
                }
            }
        };
        let replay = {
            quote! {
                if response.status == 401 && uses_login && !relogged && spare.is_some() {
                    relogged = true;
                    match self.relogin().await {
                        ::std::result::Result::Ok(()) => {
                            pending = spare;
                            continue;
                        }
                        ::std::result::Result::Err(e) => ::tracing::warn!(error = %e, "login after a 401 failed"),
                    }
                }
            }
        };
        quote! {
            /// Sends a request with the first alternative of credentials that is complete,
            /// logging in again once and replaying the request when the server answers 401 and
            /// a login is configured.
            async fn send<E>(&self, request: ::reqwest::RequestBuilder, operation: &crate::runtime::Operation, alternatives: &[&[Scheme]]) -> ::std::result::Result<crate::runtime::RawResponse, crate::runtime::Error<E>> {
                #relogin
                let mut relogged = false;
                let mut pending = ::std::option::Option::Some(request);
                loop {
                    let ::std::option::Option::Some(current) = pending.take() else {
                        return ::std::result::Result::Err(crate::runtime::Error::InvalidRequest("the request could not be prepared".into()));
                    };
                    // Only a request that may be replayed after a fresh login needs a copy; a
                    // streamed body cannot be copied, so such a request is sent once.
                    let spare = if uses_login { current.try_clone() } else { ::std::option::Option::None };
                    let built = self.authorize::<E>(current, alternatives)?.build()?;
                    let response = crate::runtime::execute(&self.http, &self.settings, operation, built).await?;
                    #replay
                    return ::std::result::Result::Ok(response);
                }
            }
        }
    } else {
        quote! {
            async fn send<E>(&self, request: ::reqwest::RequestBuilder, operation: &crate::runtime::Operation) -> ::std::result::Result<crate::runtime::RawResponse, crate::runtime::Error<E>> {
                crate::runtime::execute(&self.http, &self.settings, operation, request.build()?).await
            }
        }
    };
    let call = if ctx.api.operations.is_empty() {
        quote!()
    } else {
        let (alternatives_param, alternatives_arg) =
            if has_auth { (quote!(alternatives: &[&[Scheme]],), quote!(, alternatives)) } else { (quote!(), quote!()) };
        quote! {
            /// Sends an operation's prepared request and decodes the answer with the operation's
            /// own decoder: the one async body all operations share.
            async fn call<T, E>(
                &self,
                request: crate::runtime::Prepared,
                operation: &crate::runtime::Operation,
                #alternatives_param
                decode: fn(&mut crate::runtime::RawResponse) -> ::std::result::Result<T, crate::runtime::Error<E>>,
            ) -> crate::runtime::CallResult<T, E> {
                let mut response = self.send::<E>(request.finish()?, operation #alternatives_arg).await?;
                let body = decode(&mut response)?;
                ::std::result::Result::Ok(crate::runtime::Response::new(response.status, response.headers, body))
            }
        }
    };
    let head = quote! {
        #( #![doc = #module_doc] )*

        pub mod types;

        /// The first server the API document lists, with its variables at their defaults.
        pub const DEFAULT_SERVER_URL: &str = #default_url;

        #servers

        /// Configures and builds a [`Client`].
        #[derive(Debug, Clone)]
        pub struct ClientBuilder {
            base_url: ::std::string::String,
            settings: crate::runtime::Settings,
            connect_timeout: ::std::option::Option<::std::time::Duration>,
            user_agent: ::std::option::Option<::std::string::String>,
            #builder_creds_field
            #login_field
            #override_field
        }

        impl ClientBuilder {
            /// The time one attempt may take, from connecting to reading the whole body
            /// (default: no limit). [`Client::with_timeout`] overrides it per request.
            pub fn timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.settings.timeout = ::std::option::Option::Some(timeout);
                self
            }

            /// The time allowed to establish a connection (default: no limit beyond `timeout`).
            pub fn connect_timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.connect_timeout = ::std::option::Option::Some(timeout);
                self
            }

            /// How failed requests are retried (default: [`crate::runtime::RetryPolicy::default`],
            /// 3 attempts of idempotent requests; [`crate::runtime::RetryPolicy::never`] turns retries off).
            pub fn retry_policy(mut self, policy: crate::runtime::RetryPolicy) -> Self {
                self.settings.retry = policy;
                self
            }

            /// The largest response body read (default 32 MiB); larger ones fail with
            /// [`crate::runtime::Error::BodyTooLarge`].
            pub fn max_body_bytes(mut self, limit: usize) -> Self {
                self.settings.max_body_bytes = limit;
                self
            }

            /// Calls `hook` on every outgoing request, after credentials are applied (extra
            /// headers, tracing ids, signatures).
            pub fn on_request(mut self, hook: impl ::std::ops::Fn(&mut ::reqwest::Request) + ::std::marker::Send + ::std::marker::Sync + 'static) -> Self {
                self.settings.on_request = ::std::option::Option::Some(::std::sync::Arc::new(hook));
                self
            }

            /// The `User-Agent` header (default: this crate's name and version).
            pub fn user_agent(mut self, user_agent: impl ::std::convert::Into<::std::string::String>) -> Self {
                self.user_agent = ::std::option::Option::Some(user_agent.into());
                self
            }

            #builder

            #override_method

            /// Builds the client. Fails when the base URL is not a URL or the HTTP stack cannot start.
            pub fn build(self) -> ::std::result::Result<Client, crate::runtime::Error> {
                if let ::std::result::Result::Err(e) = ::reqwest::Url::parse(&self.base_url) {
                    return ::std::result::Result::Err(crate::runtime::Error::InvalidRequest(::std::format!(
                        "the base URL `{}` is not a URL: {}", self.base_url, e
                    )));
                }
                let user_agent = self.user_agent.unwrap_or_else(|| ::std::string::String::from(::std::concat!(::std::env!("CARGO_PKG_NAME"), "/", ::std::env!("CARGO_PKG_VERSION"))));
                let mut http = ::reqwest::Client::builder().user_agent(user_agent);
                if let ::std::option::Option::Some(timeout) = self.connect_timeout {
                    http = http.connect_timeout(timeout);
                }
                ::std::result::Result::Ok(Client {
                    base_url: self.base_url,
                    http: http.build()?,
                    settings: self.settings,
                    #creds_init
                    #login_build
                    #override_build
                })
            }
        }

        /// A client for the API; cheap to clone (connections and credentials are shared).
        #[derive(Debug, Clone)]
        pub struct Client {
            base_url: ::std::string::String,
            http: ::reqwest::Client,
            settings: crate::runtime::Settings,
            #creds_field
            #login_client_field
            #override_field
        }

        #auth_impl

        #override_lookup

        #login_tokens

        impl Client {
            /// Starts configuring a client for `base_url` (e.g. [`DEFAULT_SERVER_URL`] or a URL from [`servers`]).
            pub fn builder(base_url: impl ::std::convert::Into<::std::string::String>) -> ClientBuilder {
                ClientBuilder {
                    base_url: base_url.into(),
                    settings: crate::runtime::Settings::default(),
                    connect_timeout: ::std::option::Option::None,
                    user_agent: ::std::option::Option::None,
                    #builder_creds_init
                    #login_init
                    #override_init
                }
            }

            /// The base URL every operation's path is appended to.
            pub fn base_url(&self) -> &str {
                &self.base_url
            }

            /// The underlying HTTP client, for requests the API document does not describe.
            pub fn http_client(&self) -> &::reqwest::Client {
                &self.http
            }

            /// The retry, timeout, body-limit and hook settings of every request.
            pub fn settings(&self) -> &crate::runtime::Settings {
                &self.settings
            }

            /// A client that shares this one's connections and credentials, with its settings
            /// changed by `change`: per-request overrides, e.g.
            /// `client.with_settings(|s| s.retry = RetryPolicy::never()).get_user(..)`.
            pub fn with_settings(&self, change: impl ::std::ops::FnOnce(&mut crate::runtime::Settings)) -> Client {
                let mut client = self.clone();
                change(&mut client.settings);
                client
            }

            /// A client like this one whose requests may each take at most `timeout`.
            pub fn with_timeout(&self, timeout: ::std::time::Duration) -> Client {
                self.with_settings(|s| s.timeout = ::std::option::Option::Some(timeout))
            }

            #send
            #call
        }
    };
    let blocking = quote! {
        /// A client for programs without an async runtime (cargo feature `blocking`): each method
        /// runs the async one to completion on a runtime of its own.
        #[cfg(feature = "blocking")]
        pub mod blocking {
            #blocking_imports

            /// The blocking twin of [`super::Client`].
            #[derive(Debug, Clone)]
            pub struct Client {
                inner: super::Client,
                runtime: ::std::sync::Arc<::tokio::runtime::Runtime>,
            }

            impl Client {
                /// Wraps an async client; fails when the runtime cannot start.
                pub fn new(inner: super::Client) -> ::std::result::Result<Client, crate::runtime::Error> {
                    let runtime = ::tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                        .map_err(|e| crate::runtime::Error::InvalidRequest(::std::format!("the blocking runtime cannot start: {e}")))?;
                    ::std::result::Result::Ok(Client { inner, runtime: ::std::sync::Arc::new(runtime) })
                }

                /// The async client underneath.
                pub fn inner(&self) -> &super::Client {
                    &self.inner
                }

                /// The runtime this client blocks on: use it to drive requests the API document
                /// does not describe, e.g. through `inner().http_client()`.
                pub fn runtime(&self) -> &::tokio::runtime::Runtime {
                    &self.runtime
                }

                #( #blocking_fns )*
            }
        }
    };
    let mut pieces = vec![head];
    pieces.extend(fns.chunks(super::PIECE).map(|chunk| quote!(impl Client { #( #chunk )* })));
    pieces.push(blocking);
    pieces.extend(items.chunks(super::PIECE).map(|chunk| quote!(#( #chunk )*)));
    pieces
}

fn module_docs(ctx: &Ctx) -> String {
    let api = ctx.api;
    let mut parts = vec![format!("{} (version {}): client generated from `{}`.", api.title, api.version, api.source)];
    if let Some(d) = &api.description {
        parts.push(d.clone());
    }
    let servers: Vec<String> = api
        .servers
        .iter()
        .map(|s| match &s.description {
            Some(d) => format!("- `{}`: {}", s.url, d.lines().next().unwrap_or("")),
            None => format!("- `{}`", s.url),
        })
        .collect();
    parts.push(format!("Servers:\n{}", servers.join("\n")));
    docs::paragraphs(parts.iter().map(String::as_str))
}

fn server_default_url(s: &Server) -> String {
    let mut url = s.url.clone();
    for v in &s.variables {
        url = url.replace(&format!("{{{}}}", v.name), &v.default);
    }
    url
}

fn emit_servers(servers: &[Server]) -> TokenStream {
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

/// The security schemes some operation uses, with their builder methods and credential fields.
struct Auth<'a> {
    ctx: &'a Ctx<'a>,
    /// (index into the API's schemes, variant ident, builder method ident)
    schemes: Vec<(usize, Ident, Ident)>,
}

impl<'a> Auth<'a> {
    fn new(ctx: &'a Ctx<'a>) -> Self {
        let mut used: Vec<usize> = ctx
            .api
            .operations
            .iter()
            .flat_map(|op| op.security.iter().flat_map(|r| r.schemes.iter().copied()))
            .filter(|i| !matches!(ctx.api.security_schemes[*i].kind, SecurityKind::OtherHttp { .. }))
            .collect();
        used.sort_unstable();
        used.dedup();
        let mut variants = Scope::default();
        let mut methods = Scope::with(&[
            "timeout",
            "connect_timeout",
            "retry_policy",
            "max_body_bytes",
            "on_request",
            "user_agent",
            "build",
            "base_url",
            "operation_base_url",
        ]);
        let schemes = used
            .into_iter()
            .map(|i| {
                let name = &ctx.api.security_schemes[i].name;
                (i, variants.pascal(name, "Scheme"), methods.snake(name, "credential"))
            })
            .collect();
        Auth { ctx, schemes }
    }

    fn variant(&self, index: usize) -> Option<&Ident> {
        self.schemes.iter().find(|(i, ..)| *i == index).map(|(_, v, _)| v)
    }

    fn builder_tokens(&self) -> TokenStream {
        let methods = self.schemes.iter().map(|(i, _, method)| {
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
            match &scheme.kind {
                SecurityKind::HttpBasic => quote! {
                    #doc
                    pub fn #method(mut self, username: impl ::std::convert::Into<::std::string::String>, password: impl ::std::convert::Into<::std::string::String>) -> Self {
                        self.credentials.#method = ::std::option::Option::Some((username.into(), crate::runtime::Secret::new(password)));
                        self
                    }
                },
                SecurityKind::ApiKey { .. } => quote! {
                    #doc
                    pub fn #method(mut self, key: impl ::std::convert::Into<::std::string::String>) -> Self {
                        self.credentials.#method = ::std::option::Option::Some(crate::runtime::Secret::new(key));
                        self
                    }
                },
                _ => quote! {
                    #doc
                    pub fn #method(mut self, token: impl ::std::convert::Into<::std::string::String>) -> Self {
                        self.credentials.#method = ::std::option::Option::Some(crate::runtime::Secret::new(token));
                        self
                    }
                },
            }
        });
        quote!( #( #methods )* )
    }

    fn impl_tokens(&self) -> TokenStream {
        if self.schemes.is_empty() {
            return quote!();
        }
        let mut fields = Vec::new();
        let mut has_arms = Vec::new();
        let mut apply_arms = Vec::new();
        let mut variants = Vec::new();
        for (i, variant, field) in &self.schemes {
            let scheme = &self.ctx.api.security_schemes[*i];
            variants.push(variant.clone());
            has_arms.push(quote!(Scheme::#variant => credentials.#field.is_some(),));
            match &scheme.kind {
                SecurityKind::HttpBasic => {
                    fields
                        .push(quote!(#field: ::std::option::Option<(::std::string::String, crate::runtime::Secret)>,));
                    apply_arms.push(quote! {
                        Scheme::#variant => match &credentials.#field {
                            ::std::option::Option::Some((username, password)) => ::std::result::Result::Ok(crate::runtime::with_basic_auth(request, username, password)),
                            ::std::option::Option::None => ::std::result::Result::Ok(request),
                        },
                    });
                }
                SecurityKind::ApiKey { location, parameter } => {
                    fields.push(quote!(#field: ::std::option::Option<crate::runtime::Secret>,));
                    let send = match location {
                        ApiKeyLocation::Header => quote!(crate::runtime::with_secret_header(request, #parameter, key)),
                        ApiKeyLocation::Query => {
                            quote!(::std::result::Result::Ok(request.query(&[(#parameter, key.expose())])))
                        }
                        ApiKeyLocation::Cookie => quote!(crate::runtime::with_secret_header(
                            request,
                            "Cookie",
                            &crate::runtime::Secret::new(::std::format!("{}={}", #parameter, key.expose()))
                        )),
                    };
                    apply_arms.push(quote! {
                        Scheme::#variant => match &credentials.#field {
                            ::std::option::Option::Some(key) => #send,
                            ::std::option::Option::None => ::std::result::Result::Ok(request),
                        },
                    });
                }
                _ => {
                    fields.push(quote!(#field: ::std::option::Option<crate::runtime::Secret>,));
                    apply_arms.push(quote! {
                        Scheme::#variant => match &credentials.#field {
                            ::std::option::Option::Some(token) => crate::runtime::with_bearer(request, token),
                            ::std::option::Option::None => ::std::result::Result::Ok(request),
                        },
                    });
                }
            }
        }
        quote! {
            /// Credentials set on the builder; `Debug` shows secrets as `***`.
            #[derive(Debug, Clone, Default)]
            struct Credentials {
                #( #fields )*
            }

            /// The security schemes operations of this API use.
            // Variants are the document's scheme names, which may share a prefix (`ApiKey`, `ApiSecret`).
            #[allow(clippy::enum_variant_names)]
            #[derive(Debug, Clone, Copy, PartialEq, Eq)]
            enum Scheme {
                #( #variants, )*
            }

            impl Client {
                /// The credentials as they are now (a login may replace a token at any time),
                /// read in place: nothing is copied per request. A poisoned lock still holds the
                /// credentials last written.
                fn credentials(&self) -> ::std::sync::RwLockReadGuard<'_, Credentials> {
                    match self.credentials.read() {
                        ::std::result::Result::Ok(credentials) => credentials,
                        ::std::result::Result::Err(poisoned) => poisoned.into_inner(),
                    }
                }

                fn has_in(credentials: &Credentials, scheme: Scheme) -> bool {
                    match scheme { #( #has_arms )* }
                }

                /// Applies the first alternative whose credentials are all set; with none set the
                /// request goes out as it is and the server decides.
                fn authorize<E>(&self, mut request: ::reqwest::RequestBuilder, alternatives: &[&[Scheme]]) -> ::std::result::Result<::reqwest::RequestBuilder, crate::runtime::Error<E>> {
                    let credentials = self.credentials();
                    for alternative in alternatives {
                        if alternative.iter().all(|scheme| Self::has_in(&credentials, *scheme)) {
                            for scheme in alternative.iter() {
                                request = Self::apply(&credentials, request, *scheme)?;
                            }
                            return ::std::result::Result::Ok(request);
                        }
                    }
                    ::std::result::Result::Ok(request)
                }

                fn apply<E>(credentials: &Credentials, request: ::reqwest::RequestBuilder, scheme: Scheme) -> ::std::result::Result<::reqwest::RequestBuilder, crate::runtime::Error<E>> {
                    match scheme { #( #apply_arms )* }
                }
            }
        }
    }
}

/// What the login machinery adds to a module; empty parts when no operation logs in.
#[derive(Default)]
struct Login {
    enabled: bool,
    builder_field: TokenStream,
    builder_init: TokenStream,
    build: TokenStream,
    client_field: TokenStream,
    tokens: TokenStream,
}

/// For each operation marked `x-switchboard-login`, a builder method that makes the client log
/// in with it, plus the shared `login`/`relogin`/`store_token` methods.
fn emit_login(ctx: &Ctx, auth: &Auth) -> Login {
    let mut builder_methods = Vec::new();
    let mut store_arms = Vec::new();
    let mut scope = Scope::with(&[
        "timeout",
        "connect_timeout",
        "retry_policy",
        "max_body_bytes",
        "on_request",
        "user_agent",
        "build",
        "base_url",
        "operation_base_url",
    ]);
    for (_, _, method) in &auth.schemes {
        scope.snake(&method.to_string(), "credential");
    }
    let mut stored = Vec::new();
    for op in &ctx.api.operations {
        let Some(login) = &op.login else { continue };
        let Some(variant) = auth.variant(login.scheme).cloned() else { continue };
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
            " Logs in with [`Client::{}`] before the first request that needs `{scheme_name}`, keeps the token found at `{pointer}` in its answer, and logs in again (once per request) when a request is answered 401.",
            names::unraw(&op_fn)
        );
        let (param, call, capture) = match &body {
            Some(ty) => (quote!(body: #ty), quote!(client.#op_fn(&body).await), quote!(let body = body.clone();)),
            None => (quote!(), quote!(client.#op_fn().await), quote!()),
        };
        builder_methods.push(quote! {
            #[doc = #doc]
            pub fn #method(mut self, #param) -> Self {
                let run: crate::runtime::LoginFn<Client> = ::std::sync::Arc::new(move |client: Client| {
                    #capture
                    ::std::boxed::Box::pin(async move {
                        let response = #call.map_err(|e| crate::runtime::LoginError::new(::std::format!("{e}")))?;
                        crate::runtime::token_at(response.body(), #pointer)
                    })
                });
                self.login = ::std::option::Option::Some(LoginWith { scheme: Scheme::#variant, run });
                self
            }
        });
        if !stored.contains(&login.scheme) {
            stored.push(login.scheme);
            let field = auth.schemes.iter().find(|(i, ..)| *i == login.scheme).map(|(_, _, f)| f.clone());
            if let Some(field) = field {
                store_arms.push(quote!(Scheme::#variant => credentials.#field = ::std::option::Option::Some(token),));
            }
        }
    }
    if builder_methods.is_empty() {
        return Login::default();
    }
    let catch_all = if store_arms.len() < auth.schemes.len() { quote!(_ => {}) } else { quote!() };
    let tokens = quote! {
        /// How this client logs in: the scheme the token is for and the call that gets one.
        #[derive(Clone)]
        struct LoginWith {
            scheme: Scheme,
            run: crate::runtime::LoginFn<Client>,
        }

        impl ::std::fmt::Debug for LoginWith {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct("LoginWith").field("scheme", &self.scheme).finish_non_exhaustive()
            }
        }

        impl ClientBuilder {
            #( #builder_methods )*
        }

        impl Client {
            /// Logs in now with the login set on the builder, replacing the stored token.
            /// Requests do this on their own when needed; call it to fail early on bad credentials.
            pub async fn login(&self) -> ::std::result::Result<(), crate::runtime::LoginError> {
                self.relogin().await
            }

            async fn relogin(&self) -> ::std::result::Result<(), crate::runtime::LoginError> {
                let ::std::option::Option::Some(login) = self.login.clone() else {
                    return ::std::result::Result::Err(crate::runtime::LoginError::new("no login is configured on the builder".into()));
                };
                let token = (login.run)(self.clone()).await?;
                self.store_token(login.scheme, token);
                ::std::result::Result::Ok(())
            }

            fn store_token(&self, scheme: Scheme, token: crate::runtime::Secret) {
                let mut credentials = match self.credentials.write() {
                    ::std::result::Result::Ok(credentials) => credentials,
                    ::std::result::Result::Err(poisoned) => poisoned.into_inner(),
                };
                match scheme {
                    #( #store_arms )*
                    #catch_all
                }
            }
        }
    };
    Login {
        enabled: true,
        builder_field: quote!(login: ::std::option::Option<LoginWith>,),
        builder_init: quote!(login: ::std::option::Option::None,),
        build: quote!(login: self.login,),
        client_field: quote!(login: ::std::option::Option<LoginWith>,),
        tokens,
    }
}

/// A reason phrase as a variant name, for error and success enums.
fn status_variant(status: Status) -> String {
    match status {
        Status::Code(c) => reason(c).map_or_else(|| format!("Status{c}"), str::to_string),
        Status::Range(1) => "Informational".into(),
        Status::Range(2) => "Success".into(),
        Status::Range(3) => "Redirection".into(),
        Status::Range(4) => "ClientError".into(),
        Status::Range(5) => "ServerError".into(),
        Status::Range(r) => format!("Status{r}xx"),
        Status::Default => "Other".into(),
    }
}

fn reason(code: u16) -> Option<&'static str> {
    Some(match code {
        200 => "Ok",
        201 => "Created",
        202 => "Accepted",
        203 => "NonAuthoritativeInformation",
        204 => "NoContent",
        205 => "ResetContent",
        206 => "PartialContent",
        300 => "MultipleChoices",
        301 => "MovedPermanently",
        302 => "Found",
        303 => "SeeOther",
        304 => "NotModified",
        307 => "TemporaryRedirect",
        308 => "PermanentRedirect",
        400 => "BadRequest",
        401 => "Unauthorized",
        402 => "PaymentRequired",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        406 => "NotAcceptable",
        407 => "ProxyAuthenticationRequired",
        408 => "RequestTimeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "LengthRequired",
        412 => "PreconditionFailed",
        413 => "PayloadTooLarge",
        414 => "UriTooLong",
        415 => "UnsupportedMediaType",
        416 => "RangeNotSatisfiable",
        417 => "ExpectationFailed",
        418 => "ImATeapot",
        422 => "UnprocessableEntity",
        423 => "Locked",
        424 => "FailedDependency",
        425 => "TooEarly",
        426 => "UpgradeRequired",
        428 => "PreconditionRequired",
        429 => "TooManyRequests",
        431 => "RequestHeaderFieldsTooLarge",
        451 => "UnavailableForLegalReasons",
        500 => "InternalServerError",
        501 => "NotImplemented",
        502 => "BadGateway",
        503 => "ServiceUnavailable",
        504 => "GatewayTimeout",
        505 => "HttpVersionNotSupported",
        507 => "InsufficientStorage",
        511 => "NetworkAuthenticationRequired",
        _ => return None,
    })
}

/// One decodable shape of a body: contents that decode the same way are grouped.
struct BodyShape {
    media_types: Vec<String>,
    ty: TokenStream,
    decode: TokenStream,
    kind: &'static str,
    /// A struct, boxed when it sits in an enum.
    boxed: bool,
}

fn body_shapes(ctx: &Ctx, contents: &[Content], err: &Ident) -> Vec<BodyShape> {
    let mut out: Vec<BodyShape> = Vec::new();
    let types = quote!(types::);
    for c in contents {
        let boxed = matches!(&c.payload, Payload::Json(schema) if super::types::is_struct(ctx, schema));
        let (kind, ty, decode) = match &c.payload {
            Payload::Json(schema) => {
                let ty = ctx.ty(schema, &types);
                let decode = quote!(crate::runtime::decode_json::<#ty, #err>(response)?);
                ("Json", ty, decode)
            }
            Payload::Text | Payload::Form(_) => {
                ("Text", quote!(::std::string::String), quote!(crate::runtime::decode_text::<#err>(response)?))
            }
            Payload::Binary | Payload::Multipart(_) => {
                ("Binary", quote!(crate::runtime::Binary), quote!(crate::runtime::decode_binary(response)))
            }
        };
        match out.iter_mut().find(|s| s.ty.to_string() == ty.to_string()) {
            Some(shape) => shape.media_types.push(c.media_type.clone()),
            None => out.push(BodyShape { media_types: vec![c.media_type.clone()], ty, decode, kind, boxed }),
        }
    }
    out
}

/// The Rust type of a response body, an item defining it (when several shapes need an enum), and
/// code that decodes `response` into it (checking the content type when `check` is set).
struct BodyPlan {
    ty: Option<TokenStream>,
    item: TokenStream,
    decode: TokenStream,
    /// The type is a struct (box it when it goes into an enum).
    boxed: bool,
    /// For a single JSON shape: one runtime call giving the whole `Result`, so the arm is a call
    /// rather than a block (most arms of most APIs; less code for the compiler to check).
    json_media: Option<Vec<String>>,
}

fn body_plan(
    ctx: &Ctx,
    resp: &Response,
    err: &Ident,
    enum_name: Option<Ident>,
    check: bool,
    root: &mut Scope,
) -> BodyPlan {
    let shapes = body_shapes(ctx, &resp.contents, err);
    if shapes.is_empty() {
        return BodyPlan { ty: None, item: quote!(), decode: quote!(), boxed: false, json_media: None };
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
        let (ty, decode) = if shape.boxed && !check {
            (quote!(::std::boxed::Box<#ty>), quote!(::std::boxed::Box::new(#decode)))
        } else {
            (ty, decode)
        };
        let boxed = shape.boxed && check;
        let json_media = (shape.kind == "Json" && shapes.len() == 1).then(|| shape.media_types.clone());
        return BodyPlan { ty: Some(ty), item: quote!(), decode, boxed, json_media };
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
    let item = quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
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
    BodyPlan { ty: Some(quote!(#name)), item, decode, boxed: false, json_media: None }
}

fn status_label(status: Status) -> String {
    match status {
        Status::Code(c) => c.to_string(),
        Status::Range(r) => format!("{r}XX"),
        Status::Default => "default".into(),
    }
}

fn status_pattern(status: Status) -> TokenStream {
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
struct Emitted {
    method: TokenStream,
    blocking: TokenStream,
    items: TokenStream,
}

/// `error_enums` maps the variants of each error enum emitted so far (docs included) to its name.
fn emit_operation(
    ctx: &Ctx,
    op: &Operation,
    auth: &Auth,
    root: &mut Scope,
    methods: &mut Scope,
    error_enums: &mut std::collections::HashMap<String, Ident>,
) -> Emitted {
    let fn_ident = methods.snake(&op.id, "operation");
    let op_pascal = names::unraw(&root.pascal(&op.id, "Operation"));
    let err = root.pascal(&format!("{op_pascal}Error"), "OperationError");
    let mut args_scope = Scope::with(&["self", "request", "response", "url", "path", "status", "headers", "value"]);

    // Arguments: path parameters in path order, then the others, then the body.
    let mut args = Vec::new();
    let mut arg_docs = Vec::new();
    let mut build = Vec::new();
    let mut path_code = Vec::new();
    let mut rest = op.path.as_str();
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
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else { break };
        path_code.extend(path_literal(&rest[..start]));
        let name = &rest[start + 1..start + len];
        if let Some((wire, ident)) = path_idents.iter().find(|(n, _)| n == name) {
            let text = if path_json.contains(ident) {
                quote!(crate::runtime::simple_param(#ident))
            } else {
                quote!(crate::runtime::ParamValue::param_string(&#ident))
            };
            path_code.push(quote!(crate::runtime::PathPart::Param(#wire, #text)));
        }
        rest = &rest[start + len + 1..];
    }
    path_code.extend(path_literal(rest));

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
                        let style = &p.style;
                        quote!(request = request.query_object(#wire, #v, #style, #explode);)
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

    // Authentication: alternatives in order, an anonymous one last.
    let mut alternatives: Vec<TokenStream> = Vec::new();
    let mut anonymous = false;
    for req in &op.security {
        let variants: Vec<&Ident> = req.schemes.iter().filter_map(|i| auth.variant(*i)).collect();
        if variants.is_empty() {
            anonymous = true;
        } else {
            alternatives.push(quote!(&[#( Scheme::#variants ),*]));
        }
    }
    if anonymous && !alternatives.is_empty() {
        alternatives.push(quote!(&[]));
    }
    let alternatives = if auth.schemes.is_empty() { quote!() } else { quote!(&[#( #alternatives ),*],) };

    // Responses.
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
            (r.status, body_plan(ctx, r, &err, Some(name), true, root))
        })
        .collect();
    for (_, plan) in &success_plans {
        items.push(plan.item.clone());
    }
    let distinct: Vec<String> = {
        let mut v: Vec<String> = success_plans
            .iter()
            .map(|(_, p)| p.ty.as_ref().map_or_else(|| "()".to_string(), |t| t.to_string()))
            .collect();
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
            let plan = body_plan(ctx, r, &err, None, false, root);
            let mut doc = format!(" `{}`", status_label(r.status));
            if let Some(d) = &r.description {
                doc.push_str(&format!(": {}", d.lines().next().unwrap_or("")));
            }
            error_docs.push(format!("- `{}`: [`{err}::{v}`]", status_label(r.status)));
            match &plan.ty {
                Some(ty) => {
                    error_variants.push(quote!(#[doc = #doc] #v(#ty),));
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
    match error_enums.entry(variants.to_string()) {
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

    // Docs.
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
        for line in &arg_docs {
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
    let base_url_server = own_server(ctx, op);
    if let Some(url) = &base_url_server {
        doc.raw(&format!("Sent to its own server, `{url}` (see `ClientBuilder::operation_base_url`)."));
    }
    let doc = doc.tokens();
    let deprecated =
        if op.deprecated { quote!(#[deprecated(note = "deprecated by the API document")]) } else { quote!() };
    let method = format_ident!("{}", op.method);
    let mutable = if build.is_empty() { quote!() } else { quote!(mut) };
    let base_url = match own_server(ctx, op) {
        Some(url) => {
            let id = &op.id;
            quote!(self.base_url_for(#id, #url))
        }
        None => quote!(&self.base_url),
    };

    // The argument list mirrors the operation's parameters; a struct would only rename them.
    let allow = if args.len() + 1 > 7 { quote!(#[allow(clippy::too_many_arguments)]) } else { quote!() };
    let (id, method_name, path_template) = (&op.id, &op.method, &op.path);
    // Not an `async fn`: the request is prepared here, synchronously, and the one async body
    // all operations share (`call`) sends it and runs this operation's decoder. Per operation the
    // compiler then checks two plain bodies instead of an async state machine, which on large
    // APIs is most of what the client costs to compile.
    let method_fn = quote! {
        #doc
        #deprecated
        #allow
        pub fn #fn_ident(&self, #( #args ),*) -> impl ::std::future::Future<Output = crate::runtime::CallResult<#success_ty, #err>> + '_ {
            const OPERATION: crate::runtime::Operation = crate::runtime::Operation { id: #id, method: #method_name, path: #path_template };
            let #mutable request = crate::runtime::Prepared::new(&self.http, ::reqwest::Method::#method, #base_url, &[#( #path_code ),*]);
            #( #build )*
            self.call::<#success_ty, #err>(request, &OPERATION, #alternatives |response: &mut crate::runtime::RawResponse| match response.status {
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

/// The documented URL of an operation whose servers differ from the API's (absolute ones only:
/// a relative server URL is relative to wherever the API is, i.e. the client's base URL).
fn own_server(ctx: &Ctx, op: &Operation) -> Option<String> {
    if op.servers == ctx.api.servers {
        return None;
    }
    let url = server_default_url(op.servers.first()?);
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
    if !p.required {
        doc.push_str(" (optional)");
    }
    if let Some(d) = &p.description {
        doc.push_str(&format!(": {}", d.lines().collect::<Vec<_>>().join(" ")));
    }
    doc
}
