//! `client.py` (servers, `Client`, `AsyncClient`), `errors.py` (one exception per documented
//! error status) and `__init__.py`.
//!
//! Each operation becomes two private functions shared by both clients, one that describes the
//! request (`_<op>_call`) and one that turns the answer into a `Response` or raises
//! (`_<op>_result`), and a thin method on each client. Statuses, media types and parameter
//! styles are known here, so they are written as constants, never worked out at run time.
//!
//! This file assembles the modules and writes the servers and the client classes; `operation`
//! writes each operation's functions and methods, `responses` their decoding and `errors.py`, and
//! `auth` the credentials the constructors take.

mod auth;
mod form;
mod login;
mod operation;
mod paging;
mod responses;
mod streams;

use crate::ir::Server;

use super::{docs, names, Ctx};
use auth::Auth;
use responses::ErrorModule;

/// The three modules this file writes.
pub struct Modules {
    pub init: String,
    pub errors: String,
    pub client: String,
}

/// Names a method must not take: the clients' own members.
const CLIENT_MEMBERS: &[&str] = &["close", "aclose", "base_url", "http_client", "login"];

pub fn emit(ctx: &Ctx) -> Modules {
    let auth = Auth::new(ctx);
    let servers = servers(ctx);
    let mut errors = ErrorModule::new(ctx);
    let mut methods = names::Scope::with(CLIENT_MEMBERS);
    let mut functions = String::new();
    let mut sync_methods = String::new();
    let mut async_methods = String::new();
    let mut deprecated = false;
    let mut method_names = Vec::new();
    for op in &ctx.api.operations {
        let emitted = operation::emit(ctx, op, &auth, &mut errors, &mut methods);
        method_names.push(emitted.method);
        functions.push_str(&emitted.functions);
        sync_methods.push_str(&emitted.sync_method);
        async_methods.push_str(&emitted.async_method);
        deprecated |= op.deprecated;
    }

    let mut client = super::header(&ctx.api.source);
    client.push_str(&docs::docstring(&module_doc(ctx), ""));
    client.push_str("\nfrom __future__ import annotations\n\nimport typing\n");
    if deprecated {
        client.push_str("import warnings\n");
    }
    client.push_str("\nimport httpx\n\nfrom . import _runtime, errors, models\nfrom ._runtime import Response\n\n");
    client.push_str(&format!(
        "__all__ = [{}]\n",
        ["AsyncClient", "Client"]
            .iter()
            .map(|s| s.to_string())
            .chain(servers.names.iter().cloned())
            .map(|s| docs::literal(&s))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    client.push_str(&servers.code);
    client.push_str(&auth.credentials_fn());
    client.push_str(&functions);
    let logins = login::args(ctx, &auth, &method_names);
    client.push_str(&client_class(ctx, &auth, &logins, &servers, false, &sync_methods));
    client.push_str(&client_class(ctx, &auth, &logins, &servers, true, &async_methods));

    Modules { init: init_module(ctx, &servers, &errors.names), errors: errors.finish(), client }
}

fn module_doc(ctx: &Ctx) -> String {
    let api = ctx.api;
    let mut parts = vec![format!("{} (version {}): client generated from `{}`.", api.title, api.version, api.source)];
    if let Some(d) = &api.description {
        parts.push(d.clone());
    }
    if !api.servers.is_empty() {
        let lines: Vec<String> = api
            .servers
            .iter()
            .map(|s| match &s.description {
                Some(d) => format!("- `{}`: {}", s.url, docs::first_line(d)),
                None => format!("- `{}`", s.url),
            })
            .collect();
        parts.push(format!("Servers:\n{}", lines.join("\n")));
    }
    docs::paragraphs(parts)
}

fn init_module(ctx: &Ctx, servers: &Servers, error_names: &[String]) -> String {
    let api = ctx.api;
    let mut out = super::header(&api.source);
    let example = if servers.default.is_some() { "Client(api_key=...)" } else { "Client(\"https://...\", ...)" };
    out.push_str(&docs::docstring(
        &docs::paragraphs([
            format!("Typed client for the {} (version {}).", ctx.api_name(), api.version),
            api.description.as_deref().map(docs::first_line).unwrap_or_default(),
            format!(
                "`Client` (sync, over `httpx.Client`) and `AsyncClient` (over `httpx.AsyncClient`) have one method \
                 per operation; build one with e.g. `{example}` and use it as a context manager. Methods return \
                 `Response[T]` (status, headers, typed body) and raise the `errors` module's exceptions for \
                 documented error statuses, `UnexpectedStatus`, `DecodeError` or `TransportError` otherwise."
            ),
        ]),
        "",
    ));
    out.push_str("\nfrom . import errors, models\n");
    out.push_str("from ._runtime import (\n    ApiError,\n    AsyncStream,\n    BodyTooLarge,\n    ConnectionFailed,\n    ConnectionRefused,\n    ConnectTimeout,\n    DecodeError,\n    DnsError,\n    Event,\n    File,\n    FilePart,\n    InvalidRequest,\n    ItemError,\n    LoginError,\n    PaginationError,\n    Response,\n    RetryPolicy,\n    Stream,\n    SwitchboardError,\n    Timeout,\n    TlsError,\n    TransportError,\n    UnexpectedStatus,\n)\n");
    let mut from_client = vec!["AsyncClient".to_string(), "Client".to_string()];
    from_client.extend(servers.names.iter().cloned());
    out.push_str(&format!("from .client import {}\n", from_client.join(", ")));
    let mut all: Vec<String> = vec![
        "ApiError",
        "AsyncStream",
        "BodyTooLarge",
        "ConnectTimeout",
        "ConnectionFailed",
        "ConnectionRefused",
        "DecodeError",
        "DnsError",
        "Event",
        "File",
        "FilePart",
        "InvalidRequest",
        "ItemError",
        "LoginError",
        "PaginationError",
        "Response",
        "RetryPolicy",
        "Stream",
        "SwitchboardError",
        "Timeout",
        "TlsError",
        "TransportError",
        "UnexpectedStatus",
        "errors",
        "models",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    all.extend(from_client);
    all.sort();
    let _ = error_names;
    out.push_str(&format!("\n__all__ = [{}]\n", all.iter().map(|s| docs::literal(s)).collect::<Vec<_>>().join(", ")));
    out
}

/// `DEFAULT_SERVER_URL` and one function per server that fills in its variables.
struct Servers {
    code: String,
    /// Public names defined (for `__all__`).
    names: Vec<String>,
    /// The first server's URL with its defaults, when it is absolute.
    default: Option<String>,
}

fn server_default_url(s: &Server) -> String {
    let mut url = s.url.clone();
    for v in &s.variables {
        url = url.replace(&format!("{{{}}}", v.name), &v.default);
    }
    url
}

fn servers(ctx: &Ctx) -> Servers {
    let mut code = String::new();
    let mut names_out = Vec::new();
    let default = ctx.api.servers.first().map(server_default_url).filter(|u| u.contains("://"));
    if let Some(url) = &default {
        code.push_str(&format!("\nDEFAULT_SERVER_URL: typing.Final = {}\n", docs::literal(url)));
        code.push_str("\"\"\"The first server the document lists, with its variables' defaults.\"\"\"\n");
        names_out.push("DEFAULT_SERVER_URL".to_string());
    }
    let mut scope = names::Scope::with(&[
        "typing",
        "httpx",
        "errors",
        "models",
        "Response",
        "Client",
        "AsyncClient",
        "DEFAULT_SERVER_URL",
    ]);
    for (i, s) in ctx.api.servers.iter().enumerate() {
        let name = if i == 0 {
            scope.snake("server_url", "server_url")
        } else {
            let label = s.description.as_deref().map(docs::first_line).unwrap_or_else(|| format!("server {}", i + 1));
            scope.snake(&format!("{label} url"), "server_url")
        };
        let mut args = names::Scope::with(&["url", "typing"]);
        let mut params = Vec::new();
        let mut arg_docs = Vec::new();
        let mut body = format!("    url = {}\n", docs::literal(&s.url));
        for v in &s.variables {
            let arg = args.snake(&v.name, "value");
            let ty = if v.allowed.is_empty() {
                "str".to_string()
            } else {
                format!(
                    "typing.Literal[{}] | str",
                    v.allowed.iter().map(|a| docs::literal(a)).collect::<Vec<_>>().join(", ")
                )
            };
            params.push(format!("{arg}: {ty} = {}", docs::literal(&v.default)));
            let mut line = format!("    {arg}: `{{{}}}`", v.name);
            if let Some(d) = &v.description {
                line.push_str(&format!(", {}", docs::first_line(d)));
            }
            line.push_str(&format!(" (default `{}`", v.default));
            if !v.allowed.is_empty() {
                line.push_str(&format!(
                    "; one of {}",
                    v.allowed.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>().join(", ")
                ));
            }
            line.push_str(").");
            arg_docs.push(line);
            body.push_str(&format!("    url = url.replace({}, {arg})\n", docs::literal(&format!("{{{}}}", v.name))));
        }
        let mut doc = format!("The server `{}`", s.url);
        if let Some(d) = &s.description {
            doc.push_str(&format!(" ({})", docs::first_line(d)));
        }
        doc.push_str(", its variables filled in.");
        if !arg_docs.is_empty() {
            doc.push_str(&format!("\n\nArgs:\n{}", arg_docs.join("\n")));
        }
        let signature = if params.is_empty() { String::new() } else { format!("*, {}", params.join(", ")) };
        code.push_str(&format!(
            "\n\ndef {name}({signature}) -> str:\n{}{body}    return url\n",
            docs::docstring(&doc, "    ")
        ));
        names_out.push(name);
    }
    Servers { code, names: names_out, default }
}

fn client_class(
    ctx: &Ctx,
    auth: &Auth,
    logins: &[login::LoginArg],
    servers: &Servers,
    is_async: bool,
    methods: &str,
) -> String {
    let (name, http, close, aclose, enter, exit, send, log_in) = if is_async {
        (
            "AsyncClient",
            "httpx.AsyncClient",
            "aclose",
            "await self._http.aclose()",
            "async def __aenter__",
            "async def __aexit__",
            "await _runtime.exchange_async",
            "await _runtime.log_in_async",
        )
    } else {
        (
            "Client",
            "httpx.Client",
            "close",
            "self._http.close()",
            "def __enter__",
            "def __exit__",
            "_runtime.exchange",
            "_runtime.log_in",
        )
    };
    let kind = if is_async { "Async client" } else { "Client" };
    let api_name = ctx.api_name();
    let mut doc = format!(
        "{kind} of the {api_name} over `{http}`, one method per operation.\n\nArgs:\n    base_url: where the API is{}.\n",
        if servers.default.is_some() { " (default `DEFAULT_SERVER_URL`)" } else { "" }
    );
    for line in auth.arg_docs() {
        doc.push_str(&line);
        doc.push('\n');
    }
    for login in logins {
        doc.push_str(&login.doc());
        doc.push('\n');
    }
    doc.push_str(
        "    headers: extra headers for every request; they override any the client would send.\n\
         \x20   timeout: seconds one attempt may take, redirects and body included (an `httpx.Timeout`: httpx's limits per phase, no overall one).\n\
         \x20   read_timeout: seconds the server may stay silent during one read (not applied to an `http_client` of yours: its own `timeout` is).\n\
         \x20   retry: how failed attempts are retried (default `RetryPolicy()`: 3 attempts, 0.5 s doubling with jitter, at most 30 s, `Retry-After` honoured; idempotent methods only; `RetryPolicy.never()`: none).\n\
         \x20   max_body_bytes: the largest body read, after decompression; a larger one raises `BodyTooLarge`.\n\
         \x20   max_redirects: the most redirects followed, only within the request's origin (0: none).\n\
         \x20   http_client: an httpx client to send with instead (its headers, cookies, params, auth, event hooks, proxies and transport apply; the operation's own headers win over its headers).\n\
         \x20   operation_base_urls: base URLs by operationId, for operations served elsewhere.",
    );
    let base_default = if servers.default.is_some() { " = DEFAULT_SERVER_URL" } else { "" };
    let mut params = vec![format!("base_url: str{base_default}"), "*".to_string()];
    for (((_, arg), kind), _) in auth.schemes.iter().zip(&auth.kinds).zip(&auth.scheme_names) {
        params.push(format!("{arg}: {} = None", Auth::arg_type(kind)));
    }
    params.push("headers: typing.Mapping[str, str] | None = None".into());
    params.push("timeout: float | httpx.Timeout | None = _runtime.DEFAULT_TIMEOUT".into());
    params.push("read_timeout: float | None = _runtime.DEFAULT_READ_TIMEOUT".into());
    params.push("max_body_bytes: int = _runtime.DEFAULT_MAX_BODY_BYTES".into());
    params.push("max_redirects: int = _runtime.DEFAULT_MAX_REDIRECTS".into());
    params.push("retry: _runtime.RetryPolicy | None = None".into());
    params.push(format!("http_client: {http} | None = None"));
    params.push("operation_base_urls: typing.Mapping[str, str] | None = None".into());
    params.extend(logins.iter().map(login::LoginArg::param));
    let credential_args = auth.arg_names.join(", ");
    let mut out = format!("\n\nclass {name}:\n{}", docs::docstring(&doc, "    "));
    out.push_str(&format!(
        "\n    def __init__(\n        self,\n{}    ) -> None:\n\
         \x20       self._core = _runtime.Core(\n\
         \x20           base_url, _credentials({credential_args}), headers, operation_base_urls,\n\
         \x20           timeout=timeout, read_timeout=read_timeout, max_body_bytes=max_body_bytes, max_redirects=max_redirects,\n\
         \x20           retry=retry, own_client=http_client is not None,\n\
         \x20       )\n\
         \x20       self._http = http_client if http_client is not None else {http}()\n{}",
        params.iter().map(|p| format!("        {p},\n")).collect::<String>(),
        login::setup(logins, is_async),
    ));
    out.push_str(&format!(
        "\n    @property\n    def base_url(self) -> str:\n        \"\"\"Where requests go, unless an operation has its own server.\"\"\"\n        return self._core.base_url\n\
         \n    @property\n    def http_client(self) -> {http}:\n        \"\"\"The httpx client requests are sent with.\"\"\"\n        return self._http\n\
         \n    {async_}def {close}(self) -> None:\n        \"\"\"Closes the httpx client's connections.\"\"\"\n        {aclose}\n\
         \n    {enter}(self) -> typing.Self:\n        return self\n\
         \n    {exit}(self, *exc_info: object) -> None:\n        {aclose}\n\
         \n    def __repr__(self) -> str:\n        return f\"{name}({{self._core!r}})\"\n\
{login}\
         \n    {async_}def _send(\n        self,\n        call: _runtime.Call,\n        headers: typing.Mapping[str, str] | None,\n        timeout: float | None,\n        retry: _runtime.RetryPolicy | None,\n    ) -> httpx.Response:\n        core = self._core.for_call(headers, timeout, retry)\n        return {send}(self._http, core, call.security, lambda: core.request(call))\n",
        async_ = if is_async { "async " } else { "" },
        login = if logins.is_empty() {
            String::new()
        } else {
            format!(
                "\n    {}def login(self) -> None:\n        \"\"\"Logs in now with the `login_with_...` argument given, replacing the \
                 stored token. Requests do this on their own when needed: call it to fail early (`LoginError`, which \
                 says why without the credentials) on bad credentials.\"\"\"\n        {log_in}(self._core)\n",
                if is_async { "async " } else { "" }
            )
        },
    ));
    out.push_str(methods);
    out
}

/// A Python tuple display of already-written items (`()`, `(a,)`, `(a, b)`).
fn tuple(items: &[String]) -> String {
    match items {
        [] => "()".into(),
        [one] => format!("({one},)"),
        many => format!("({})", many.join(", ")),
    }
}
