//! The client half of an API module: servers, the table of security schemes, `ClientBuilder`
//! and `Client` (their API-independent methods come from the runtime's `api_client!`), one method
//! per operation (returning a future), each operation's success and error types, and the
//! blocking twin.

mod arguments;
mod auth;
mod decoding;
mod forms;
mod login;
mod mock;
mod operation;
mod responses;
mod servers;

use proc_macro2::TokenStream;
use quote::quote;

use super::names::Scope;
use super::{docs, features, Ctx};
use auth::Auth;

/// Names the runtime's `api_client!` gives to the module and to `Client`/`ClientBuilder`: no
/// operation, credential or login method may take them.
const MODULE_NAMES: &[&str] =
    &["types", "servers", "runtime", "blocking", "Client", "ClientBuilder", "Request", "DEFAULT_SERVER_URL", "SCHEMES"];
const CLIENT_METHODS: &[&str] = &[
    "builder",
    "base_url",
    "http_client",
    "settings",
    "with_settings",
    "with_timeout",
    "login",
    "core",
    "new",
    "inner",
    "runtime",
    "blocking_iter",
];
const BUILDER_METHODS: &[&str] = &[
    "timeout",
    "connect_timeout",
    "read_timeout",
    "redirect_policy",
    "retry_policy",
    "max_body_bytes",
    "on_request",
    "user_agent",
    "build",
    "base_url",
    "operation_base_url",
    "http_client",
    "token_provider",
    "build_core",
    "client",
    "core",
];

/// The names taken in the `mock` module and on its `MockServer`.
pub struct MockScopes {
    methods: Scope,
    module: Scope,
}

/// An API module's client and `mock` files, each in pieces printed one at a time.
pub struct Emitted {
    pub client: Vec<TokenStream>,
    pub mock: Vec<TokenStream>,
}

/// The client module, in pieces of top-level items that are printed one at a time (printing
/// one syntax tree for all of a large API's operations took more memory than anything else):
/// the operations' methods come in several `impl Client` blocks and their types in groups.
pub fn emit(ctx: &Ctx) -> Emitted {
    let api = ctx.api;
    let mut root = Scope::with(MODULE_NAMES);
    let module_doc = docs::sanitize(&module_docs(ctx));
    let servers = servers::emit(&api.servers);
    let default_url = api.servers.first().map(servers::default_url).unwrap_or_else(|| "/".into());
    let auth = Auth::new(ctx);
    let mut methods = Scope::with(CLIENT_METHODS);
    let mut items = Vec::new();
    let mut fns = Vec::new();
    let mut blocking_fns = Vec::new();
    let mut error_enums = decoding::ErrorEnums::default();
    let mut mocks = MockScopes { methods: Scope::with(mock::SERVER_METHODS), module: Scope::with(mock::MODULE_NAMES) };
    let mut mock_methods = Vec::new();
    let mut mock_items = Vec::new();
    let mut mock_table = Vec::new();
    for (i, op) in api.operations.iter().enumerate() {
        let emitted = operation::emit(ctx, (i, op), &auth, &mut root, &mut methods, &mut mocks, &mut error_enums);
        let cfg = ctx.op_cfg(i);
        let (method, blocking, server_method) = (emitted.method, emitted.blocking, emitted.mock.server_method);
        fns.push(quote!(#cfg #method));
        blocking_fns.push(quote!(#cfg #blocking));
        items.push(features::gate(&cfg, emitted.items));
        mock_methods.push(quote!(#cfg #server_method));
        mock_items.push(features::gate(&cfg, emitted.mock.items));
        mock_table.push((cfg, emitted.mock.operation));
    }
    // An error enum stays where it always was, last among its first operation's items, and is
    // compiled with any operation that names it.
    for shared in error_enums.defined {
        let cfg = ctx.gates.map_or_else(TokenStream::new, |g| g.operations(&shared.users));
        items[shared.owner].extend(features::gate(&cfg, shared.tokens));
    }
    let schemes = auth.table();
    let builder_methods = auth.builder_methods();
    let login_methods = login::builder_methods(ctx, &auth);
    let head = quote! {
        #( #![doc = #module_doc] )*

        pub mod types;

        /// A typed mock server of this API, for testing code that uses the client (cargo feature
        /// `mock`).
        #[cfg(feature = "mock")]
        pub mod mock;

        /// The first server the API document lists, with its variables at their defaults.
        pub const DEFAULT_SERVER_URL: &str = #default_url;

        #servers

        #schemes

        crate::runtime::api_client!(SCHEMES);

        impl<C> ClientBuilder<C> {
            #builder_methods
            #login_methods
        }
    };
    // Each blocking method names its operation's error type, so the parent's items are used
    // exactly when there are operations.
    let blocking_imports = if api.operations.is_empty() {
        quote!()
    } else if ctx.gates.is_some() {
        // Without any group of operations on, nothing of the parent is named.
        quote!(
            #[allow(unused_imports)]
            use super::*;
        )
    } else {
        quote!(
            use super::*;
        )
    };
    let blocking = quote! {
        /// A client for programs without an async runtime (cargo feature `blocking`): each method
        /// runs the async one to completion on a runtime of its own.
        #[cfg(feature = "blocking")]
        pub mod blocking {
            #blocking_imports

            crate::runtime::blocking_client!();

            impl Client {
                #( #blocking_fns )*
            }
        }
    };
    let mut pieces = vec![head];
    pieces.extend(fns.chunks(super::PIECE).map(|chunk| quote!(impl Client { #( #chunk )* })));
    pieces.push(blocking);
    pieces.extend(items.chunks(super::PIECE).map(|chunk| quote!(#( #chunk )*)));
    Emitted { client: pieces, mock: mock_pieces(ctx, mock_methods, mock_items, mock_table) }
}

/// The `mock` module: `MockServer` and `Expect` from the runtime's `api_mock!`, the table of
/// operations, and each operation's method and expectation.
fn mock_pieces(
    ctx: &Ctx,
    methods: Vec<TokenStream>,
    items: Vec<TokenStream>,
    table: Vec<(TokenStream, TokenStream)>,
) -> Vec<TokenStream> {
    let doc = format!(
        "A mock of {} for tests: a real HTTP server on 127.0.0.1 that answers the calls a test \
         expects (one method per operation on `MockServer`), matched on what the client puts on the wire.",
        ctx.api.title
    );
    let doc = docs::sanitize(&doc);
    let uses_types = if items.is_empty() {
        quote!()
    } else {
        quote!(
            #[allow(unused_imports)]
            use super::types;
        )
    };
    let operations = if ctx.gates.is_none() {
        let table = table.iter().map(|(_, entry)| entry);
        quote! {
            /// Every operation of the API, for telling which one a request calls.
            static OPERATIONS: &[&crate::runtime::Operation] = &[#( #table ),*];

            crate::runtime::api_mock!(OPERATIONS);
        }
    } else {
        // Array elements cannot carry `#[cfg]`; statements can, so the table of the operations
        // compiled in is built once, on first use.
        let pushes = table.iter().map(|(cfg, entry)| quote!(#cfg table.push(#entry);));
        quote! {
            /// Every operation compiled in (by the crate's features), for telling which one a
            /// request calls.
            #[allow(clippy::vec_init_then_push)]
            fn operations() -> &'static [&'static crate::runtime::Operation] {
                static TABLE: ::std::sync::OnceLock<::std::vec::Vec<&'static crate::runtime::Operation>> = ::std::sync::OnceLock::new();
                TABLE.get_or_init(|| {
                    #[allow(unused_mut)]
                    let mut table = ::std::vec::Vec::new();
                    #( #pushes )*
                    table
                })
            }

            crate::runtime::api_mock!(operations());
        }
    };
    let head = quote! {
        #( #![doc = #doc] )*
        #uses_types

        #operations
    };
    let mut pieces = vec![head];
    pieces.extend(methods.chunks(super::PIECE).map(|chunk| quote!(impl MockServer { #( #chunk )* })));
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
    if let Some(gates) = ctx.gates {
        parts.push(format!(
            "Cargo features: one per group of operations, which compiles those operations (client \
             and blocking methods, request builders, mocks) and the types they need, and \
             `{all}`, which compiles every type. `default` turns all of them on; with \
             `default-features = false` and a few groups, only those are compiled.",
            all = features::ALL_TYPES
        ));
        let lines: Vec<String> = gates
            .summary()
            .into_iter()
            .map(|(feature, label, count)| {
                let from = label.map_or_else(|| "the rest".to_string(), |l| format!("`{}`", docs::inline(&l)));
                format!("- `{feature}`: {from}, {count} operation(s)")
            })
            .collect();
        parts.push(lines.join("\n"));
    }
    docs::paragraphs(parts.iter().map(String::as_str))
}
