//! `client.py` (servers, `Client`, `AsyncClient`), `errors.py` (one exception per documented
//! error status) and `__init__.py`.
//!
//! Each operation becomes two private functions shared by both clients, one that describes the
//! request (`_<op>_call`) and one that turns the answer into a `Response` or raises
//! (`_<op>_result`), and a thin method on each client. Statuses, media types and parameter
//! styles are known here, so they are written as constants, never worked out at run time.

use crate::ir::{ApiKeyLocation, Content, Operation, ParamLocation, Payload, Response, SecurityKind, Server, Status};

use super::{docs, names, Ctx};

/// The three modules this file writes.
pub struct Modules {
    pub init: String,
    pub errors: String,
    pub client: String,
}

/// Names a method or client argument must not take: the clients' own members and the
/// modules generated code refers to.
const CLIENT_MEMBERS: &[&str] = &["close", "aclose", "base_url", "http_client"];
const ARG_RESERVED: &[&str] =
    &["self", "call", "response", "status", "index", "typing", "httpx", "warnings", "models", "errors", "Response"];
const CTOR_RESERVED: &[&str] =
    &["self", "base_url", "headers", "timeout", "http_client", "operation_base_urls", "typing", "httpx"];

pub fn emit(ctx: &Ctx) -> Modules {
    let auth = Auth::new(ctx);
    let servers = servers(ctx);
    let mut errors = ErrorModule::new(ctx);
    let mut methods = names::Scope::with(CLIENT_MEMBERS);
    let mut functions = String::new();
    let mut sync_methods = String::new();
    let mut async_methods = String::new();
    let mut deprecated = false;
    for op in &ctx.api.operations {
        let emitted = operation(ctx, op, &auth, &mut errors, &mut methods);
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
    client.push_str(&client_class(ctx, &auth, &servers, false, &sync_methods));
    client.push_str(&client_class(ctx, &auth, &servers, true, &async_methods));

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
    out.push_str("from ._runtime import ApiError, DecodeError, File, Response, SwitchboardError, TransportError, UnexpectedStatus\n");
    let mut from_client = vec!["AsyncClient".to_string(), "Client".to_string()];
    from_client.extend(servers.names.iter().cloned());
    out.push_str(&format!("from .client import {}\n", from_client.join(", ")));
    let mut all: Vec<String> = vec![
        "ApiError",
        "DecodeError",
        "File",
        "Response",
        "SwitchboardError",
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

/// The security schemes operations use: one constructor argument each.
struct Auth {
    /// (index into the API's schemes, constructor argument, scheme)
    schemes: Vec<(usize, String)>,
    arg_names: Vec<String>,
    kinds: Vec<SecurityKind>,
    scheme_names: Vec<String>,
    descriptions: Vec<Option<String>>,
}

impl Auth {
    fn new(ctx: &Ctx) -> Self {
        let mut used: Vec<usize> = ctx
            .api
            .operations
            .iter()
            .flat_map(|op| op.security.iter().flat_map(|r| r.schemes.iter().copied()))
            .filter(|i| !matches!(ctx.api.security_schemes[*i].kind, SecurityKind::OtherHttp { .. }))
            .collect();
        used.sort_unstable();
        used.dedup();
        let mut scope = names::Scope::with(CTOR_RESERVED);
        let schemes: Vec<(usize, String)> =
            used.iter().map(|i| (*i, scope.snake(&ctx.api.security_schemes[*i].name, "credential"))).collect();
        Auth {
            arg_names: schemes.iter().map(|(_, a)| a.clone()).collect(),
            kinds: schemes.iter().map(|(i, _)| ctx.api.security_schemes[*i].kind.clone()).collect(),
            scheme_names: schemes.iter().map(|(i, _)| ctx.api.security_schemes[*i].name.clone()).collect(),
            descriptions: schemes.iter().map(|(i, _)| ctx.api.security_schemes[*i].description.clone()).collect(),
            schemes,
        }
    }

    fn arg_type(kind: &SecurityKind) -> &'static str {
        match kind {
            SecurityKind::HttpBasic => "tuple[str, str] | None",
            _ => "str | None",
        }
    }

    /// `_credentials(...)`: the credentials given to a constructor, keyed by scheme name.
    fn credentials_fn(&self) -> String {
        let params: Vec<String> =
            self.schemes.iter().zip(&self.kinds).map(|((_, a), k)| format!("{a}: {}", Self::arg_type(k))).collect();
        let mut out = format!("\n\ndef _credentials({}) -> dict[str, _runtime.Credential]:\n", params.join(", "));
        out.push_str("    credentials: dict[str, _runtime.Credential] = {}\n");
        for (((_, arg), kind), scheme) in self.schemes.iter().zip(&self.kinds).zip(&self.scheme_names) {
            let value = match kind {
                SecurityKind::ApiKey { location, parameter } => {
                    let place = match location {
                        ApiKeyLocation::Header => "header",
                        ApiKeyLocation::Query => "query",
                        ApiKeyLocation::Cookie => "cookie",
                    };
                    format!("_runtime.ApiKey({}, {}, {arg})", docs::literal(place), docs::literal(parameter))
                }
                SecurityKind::HttpBasic => format!("_runtime.Basic({arg}[0], {arg}[1])"),
                _ => format!("_runtime.Bearer({arg})"),
            };
            out.push_str(&format!(
                "    if {arg} is not None:\n        credentials[{}] = {value}\n",
                docs::literal(scheme)
            ));
        }
        out.push_str("    return credentials\n");
        out
    }

    fn arg_docs(&self) -> Vec<String> {
        self.schemes
            .iter()
            .zip(&self.kinds)
            .zip(&self.scheme_names)
            .zip(&self.descriptions)
            .map(|((((_, arg), kind), scheme), description)| {
                let what = match kind {
                    SecurityKind::ApiKey { location, parameter } => {
                        let place = match location {
                            ApiKeyLocation::Header => "header",
                            ApiKeyLocation::Query => "query parameter",
                            ApiKeyLocation::Cookie => "cookie",
                        };
                        format!("key sent in the `{parameter}` {place}")
                    }
                    SecurityKind::HttpBasic => "`(username, password)` sent as HTTP Basic credentials".into(),
                    _ => "token sent as `Authorization: Bearer`".into(),
                };
                let mut line = format!("    {arg}: {what} (security scheme `{scheme}`).");
                if let Some(d) = description {
                    line.push_str(&format!(" {}", docs::first_line(d)));
                }
                line
            })
            .collect()
    }

    fn name_of(&self, index: usize) -> Option<&str> {
        self.schemes.iter().position(|(i, _)| *i == index).map(|p| self.scheme_names[p].as_str())
    }
}

fn client_class(ctx: &Ctx, auth: &Auth, servers: &Servers, is_async: bool, methods: &str) -> String {
    let (name, http, close, aclose, enter, exit, send) = if is_async {
        (
            "AsyncClient",
            "httpx.AsyncClient",
            "aclose",
            "await self._http.aclose()",
            "async def __aenter__",
            "async def __aexit__",
            "await _runtime.send_async",
        )
    } else {
        ("Client", "httpx.Client", "close", "self._http.close()", "def __enter__", "def __exit__", "_runtime.send")
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
    doc.push_str(
        "    headers: extra headers for every request; they override any the client would send.\n\
         \x20   timeout: seconds (or an `httpx.Timeout`) for each request of the client it creates.\n\
         \x20   http_client: an httpx client to send with instead (its event hooks, proxies and transport apply).\n\
         \x20   operation_base_urls: base URLs by operationId, for operations served elsewhere.",
    );
    let base_default = if servers.default.is_some() { " = DEFAULT_SERVER_URL" } else { "" };
    let mut params = vec![format!("base_url: str{base_default}"), "*".to_string()];
    for (((_, arg), kind), _) in auth.schemes.iter().zip(&auth.kinds).zip(&auth.scheme_names) {
        params.push(format!("{arg}: {} = None", Auth::arg_type(kind)));
    }
    params.push("headers: typing.Mapping[str, str] | None = None".into());
    params.push("timeout: float | httpx.Timeout | None = 30.0".into());
    params.push(format!("http_client: {http} | None = None"));
    params.push("operation_base_urls: typing.Mapping[str, str] | None = None".into());
    let credential_args = auth.arg_names.join(", ");
    let mut out = format!("\n\nclass {name}:\n{}", docs::docstring(&doc, "    "));
    out.push_str(&format!(
        "\n    def __init__(\n        self,\n{}    ) -> None:\n\
         \x20       self._core = _runtime.Core(base_url, _credentials({credential_args}), headers, operation_base_urls)\n\
         \x20       self._http = http_client if http_client is not None else {http}(timeout=timeout)\n",
        params.iter().map(|p| format!("        {p},\n")).collect::<String>()
    ));
    out.push_str(&format!(
        "\n    @property\n    def base_url(self) -> str:\n        \"\"\"Where requests go, unless an operation has its own server.\"\"\"\n        return self._core.base_url\n\
         \n    @property\n    def http_client(self) -> {http}:\n        \"\"\"The httpx client requests are sent with.\"\"\"\n        return self._http\n\
         \n    {}def {close}(self) -> None:\n        \"\"\"Closes the httpx client's connections.\"\"\"\n        {aclose}\n\
         \n    {enter}(self) -> typing.Self:\n        return self\n\
         \n    {exit}(self, *exc_info: object) -> None:\n        {aclose}\n\
         \n    {}def _send(self, call: _runtime.Call) -> httpx.Response:\n        return {send}(self._http, self._core.request(call))\n",
        if is_async { "async " } else { "" },
        if is_async { "async " } else { "" },
    ));
    out.push_str(methods);
    out
}

/// `errors.py`, filled operation by operation.
struct ErrorModule<'a> {
    ctx: &'a Ctx<'a>,
    scope: names::Scope,
    code: String,
    names: Vec<String>,
}

impl<'a> ErrorModule<'a> {
    fn new(ctx: &'a Ctx<'a>) -> Self {
        ErrorModule {
            ctx,
            scope: names::Scope::with(&["typing", "models", "ApiError"]),
            code: String::new(),
            names: Vec::new(),
        }
    }

    fn class(&mut self, hint: &str, base: &str, doc: &str) -> String {
        let name = self.scope.pascal(hint, "OperationError");
        self.code.push_str(&format!("\n\nclass {name}({base}):\n{}", docs::docstring(doc, "    ")));
        self.names.push(name.clone());
        name
    }

    fn finish(self) -> String {
        let mut out = super::header(&self.ctx.api.source);
        out.push_str(&docs::docstring(
            &format!(
                "Exceptions for the documented error statuses of the {} (version {}).\n\n\
                 Each operation with documented errors has a base class (`<Operation>Error`) and one subclass per \
                 status, whose `body` has that status's schema type. All are `ApiError`s.",
                self.ctx.api_name(),
                self.ctx.api.version
            ),
            "",
        ));
        out.push_str("\nfrom __future__ import annotations\n\nimport typing\n\nfrom . import models\nfrom ._runtime import ApiError\n");
        out.push_str(&format!(
            "\n__all__ = [{}]\n",
            self.names.iter().map(|n| docs::literal(n)).collect::<Vec<_>>().join(", ")
        ));
        out.push_str("\n_B = typing.TypeVar(\"_B\")\n");
        out.push_str(&self.code);
        out
    }
}

struct Emitted {
    functions: String,
    sync_method: String,
    async_method: String,
}

/// One argument of an operation method.
struct Arg {
    name: String,
    annotation: String,
    required: bool,
    doc: String,
}

fn status_label(status: Status) -> String {
    match status {
        Status::Code(c) => c.to_string(),
        Status::Range(r) => format!("{r}XX"),
        Status::Default => "default".into(),
    }
}

fn status_name(status: Status) -> String {
    match status {
        Status::Code(c) => reason(c).map_or_else(|| format!("Status {c}"), str::to_string),
        Status::Range(1) => "Informational".into(),
        Status::Range(2) => "Success".into(),
        Status::Range(3) => "Redirection".into(),
        Status::Range(4) => "Client Error".into(),
        Status::Range(5) => "Server Error".into(),
        Status::Range(r) => format!("Status {r}xx"),
        Status::Default => "Default".into(),
    }
}

fn reason(code: u16) -> Option<&'static str> {
    Some(match code {
        300 => "Multiple Choices",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "Length Required",
        412 => "Precondition Failed",
        413 => "Payload Too Large",
        414 => "Uri Too Long",
        415 => "Unsupported Media Type",
        416 => "Range Not Satisfiable",
        417 => "Expectation Failed",
        418 => "Im A Teapot",
        422 => "Unprocessable Entity",
        423 => "Locked",
        424 => "Failed Dependency",
        425 => "Too Early",
        426 => "Upgrade Required",
        428 => "Precondition Required",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        451 => "Unavailable For Legal Reasons",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        505 => "Http Version Not Supported",
        507 => "Insufficient Storage",
        511 => "Network Authentication Required",
        _ => return None,
    })
}

/// Contents that decode to the same Python type, and how.
struct Shape {
    media: Vec<usize>,
    ty: String,
    /// The decoding call, with `{expected}` standing for the media types to check.
    decode: String,
}

fn shapes(ctx: &Ctx, contents: &[Content]) -> Vec<Shape> {
    let mut out: Vec<Shape> = Vec::new();
    for (i, c) in contents.iter().enumerate() {
        let (ty, decode) = match &c.payload {
            Payload::Json(schema) => {
                let ty = ctx.ty(schema, "models.");
                let decode = if ty == "typing.Any" {
                    "_runtime.json_body(response{expected})".to_string()
                } else {
                    format!("typing.cast({}, _runtime.json_body(response{{expected}}))", docs::literal(&ty))
                };
                (ty, decode)
            }
            Payload::Text | Payload::Form(_) => {
                ("str".to_string(), "_runtime.text_body(response{expected})".to_string())
            }
            Payload::Binary | Payload::Multipart(_) => {
                ("bytes".to_string(), "_runtime.binary_body(response{expected})".to_string())
            }
        };
        match out.iter_mut().find(|s| s.ty == ty) {
            Some(shape) => shape.media.push(i),
            None => out.push(Shape { media: vec![i], ty, decode }),
        }
    }
    out
}

/// The Python type of a response's body (`None` without one) and the statements that decode
/// it, each handing the value to `finish` (a `return ...` or `raise ...` template over `{}`).
fn decode_response(ctx: &Ctx, r: &Response, finish: &str, indent: &str) -> (String, String) {
    let shapes = shapes(ctx, &r.contents);
    let media: Vec<String> = r.contents.iter().map(|c| docs::literal(&c.media_type)).collect();
    let expected = tuple(&media);
    match shapes.len() {
        0 => ("None".into(), format!("{indent}{}\n", finish.replace("{}", "None"))),
        1 => {
            let decode = shapes[0].decode.replace("{expected}", &format!(", {expected}"));
            (shapes[0].ty.clone(), format!("{indent}{}\n", finish.replace("{}", &decode)))
        }
        _ => {
            let mut code = format!("{indent}index = _runtime.matched(response, {expected})\n");
            let mut types = Vec::new();
            for (n, shape) in shapes.iter().enumerate() {
                let decode = shape.decode.replace("{expected}", "");
                let stmt = finish.replace("{}", &decode);
                if n + 1 < shapes.len() {
                    let set: Vec<String> = shape.media.iter().map(|i| i.to_string()).collect();
                    code.push_str(&format!("{indent}if index in {}:\n{indent}    {stmt}\n", tuple(&set)));
                } else {
                    code.push_str(&format!("{indent}{stmt}\n"));
                }
                types.push(shape.ty.clone());
            }
            (types.join(" | "), code)
        }
    }
}

/// A Python tuple display of already-written items (`()`, `(a,)`, `(a, b)`).
fn tuple(items: &[String]) -> String {
    match items {
        [] => "()".into(),
        [one] => format!("({one},)"),
        many => format!("({})", many.join(", ")),
    }
}

fn condition(status: Status) -> Option<String> {
    match status {
        Status::Code(c) => Some(format!("status == {c}")),
        Status::Range(r) => Some(format!("{} <= status <= {}", u16::from(r) * 100, u16::from(r) * 100 + 99)),
        Status::Default => None,
    }
}

fn param_doc(p: &crate::ir::Parameter) -> String {
    let place = match p.location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    };
    let mut doc = format!("{place} parameter `{}`", p.name);
    if p.deprecated {
        doc.push_str(", deprecated");
    }
    if let Some(d) = &p.description {
        doc.push_str(&format!(": {}", docs::first_line(d)));
    }
    doc.push('.');
    doc
}

fn operation(ctx: &Ctx, op: &Operation, auth: &Auth, errors: &mut ErrorModule, methods: &mut names::Scope) -> Emitted {
    let method = methods.snake(&op.id, "operation");
    let mut arg_scope = names::Scope::with(ARG_RESERVED);
    let mut args: Vec<Arg> = Vec::new();
    let mut build: Vec<String> = Vec::new();

    // Path parameters first, in path order; then required, then optional others.
    let mut path_args: Vec<(String, String)> = Vec::new();
    for p in op.parameters.iter().filter(|p| p.location == ParamLocation::Path) {
        let name = arg_scope.snake(&p.name, "param");
        path_args.push((p.name.clone(), name.clone()));
        args.push(Arg { name, annotation: ctx.ty(&p.schema, "models."), required: true, doc: param_doc(p) });
    }
    let mut pieces: Vec<String> = Vec::new();
    let mut rest = op.path.as_str();
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else { break };
        if start > 0 {
            pieces.push(docs::literal(&rest[..start]));
        }
        let wire = &rest[start + 1..start + len];
        if let Some((_, name)) = path_args.iter().find(|(w, _)| w == wire) {
            pieces.push(format!("_runtime.segment({name})"));
        }
        rest = &rest[start + len + 1..];
    }
    if !rest.is_empty() || pieces.is_empty() {
        pieces.push(docs::literal(rest));
    }
    let path_expr = pieces.join(" + ");

    let others = op.parameters.iter().filter(|p| p.location != ParamLocation::Path && p.required);
    let optional = op.parameters.iter().filter(|p| p.location != ParamLocation::Path && !p.required);
    let mut optional_args = Vec::new();
    for p in others.chain(optional) {
        let name = arg_scope.snake(&p.name, "param");
        let wire = docs::literal(&p.name);
        let explode = if p.explode { "True" } else { "False" };
        build.push(match p.location {
            ParamLocation::Query => format!("    call.query({wire}, {name}, {}, {explode})\n", docs::literal(&p.style)),
            ParamLocation::Header => format!("    call.header({wire}, {name}, {explode})\n"),
            _ => format!("    call.cookie({wire}, {name}, {explode})\n"),
        });
        let mut annotation = ctx.ty(&p.schema, "models.");
        if !p.required && !annotation.ends_with("| None") && annotation != "typing.Any" {
            annotation.push_str(" | None");
        }
        let arg = Arg { name, annotation, required: p.required, doc: param_doc(p) };
        if p.required {
            args.push(arg);
        } else {
            optional_args.push(arg);
        }
    }
    if let Some(body) = &op.body {
        if let Some(content) = body.contents.first() {
            let name = arg_scope.snake("body", "body");
            let media = docs::literal(&content.media_type);
            let (annotation, send, what) = match &content.payload {
                Payload::Json(schema) => {
                    (ctx.ty(schema, "models."), format!("call.json({name}, {media})"), ctx.ty(schema, "models."))
                }
                Payload::Form(schema) => {
                    (ctx.ty(schema, "models."), format!("call.form({name}, {media})"), ctx.ty(schema, "models."))
                }
                Payload::Multipart(schema) => (
                    "typing.Mapping[str, object]".to_string(),
                    format!("call.multipart({name})"),
                    format!("{}; `bytes` and `File` values are sent as files", ctx.ty(schema, "models.")),
                ),
                Payload::Text => ("str".into(), format!("call.text({name}, {media})"), "text".into()),
                Payload::Binary => ("bytes".into(), format!("call.binary({name}, {media})"), "bytes".into()),
            };
            let mut doc = format!("the request body, sent as `{}` ({what})", content.media_type);
            if let Some(d) = &body.description {
                doc.push_str(&format!(": {}", docs::first_line(d)));
            }
            doc.push('.');
            if body.required {
                build.push(format!("    {send}\n"));
                args.push(Arg { name, annotation, required: true, doc });
            } else {
                let annotation = if annotation.ends_with("| None") || annotation == "typing.Any" {
                    annotation
                } else {
                    format!("{annotation} | None")
                };
                build.push(format!("    if {name} is not None:\n        {send}\n"));
                optional_args.push(Arg { name, annotation, required: false, doc });
            }
        }
    }
    args.extend(optional_args);

    // Security: alternatives in order, anonymous last.
    let mut alternatives: Vec<String> = Vec::new();
    let mut anonymous = false;
    for req in &op.security {
        let names: Vec<String> = req.schemes.iter().filter_map(|i| auth.name_of(*i)).map(docs::literal).collect();
        if names.is_empty() {
            anonymous = true;
        } else {
            alternatives.push(tuple(&names));
        }
    }
    if anonymous && !alternatives.is_empty() {
        alternatives.push("()".into());
    }
    let security = tuple(&alternatives);

    let mut accept: Vec<&str> = Vec::new();
    for r in &op.responses {
        for c in &r.contents {
            if !accept.contains(&c.media_type.as_str()) {
                accept.push(&c.media_type);
            }
        }
    }
    let accept = if accept.is_empty() { "None".to_string() } else { docs::literal(&accept.join(", ")) };
    let server = own_server(ctx, op).map_or_else(|| "None".to_string(), |u| docs::literal(&u));

    let call_fn = format!("_{method}_call");
    let result_fn = format!("_{method}_result");
    let signature_all: Vec<String> = args.iter().map(|a| format!("{}: {}", a.name, a.annotation)).collect();
    let mut functions = format!(
        "\n\ndef {call_fn}({}) -> _runtime.Call:\n    call = _runtime.Call(\n        {},\n        {},\n        {path_expr},\n        accept={accept},\n        security={security},\n        server={server},\n    )\n",
        signature_all.join(", "),
        docs::literal(&op.id),
        docs::literal(&op.method),
    );
    for line in &build {
        functions.push_str(line);
    }
    functions.push_str("    return call\n");

    // Responses: codes, then ranges, then `default`.
    let mut ordered: Vec<&Response> = op.responses.iter().collect();
    ordered.sort_by_key(|r| match r.status {
        Status::Code(_) => 0,
        Status::Range(_) => 1,
        Status::Default => 2,
    });
    let op_pascal = names::Scope::default().pascal(&op.id, "Operation");
    let has_errors = ordered.iter().any(|r| !r.status.is_success());
    let base_error = if has_errors {
        Some(errors.class(
            &format!("{op_pascal} Error"),
            "ApiError[_B]",
            &format!(
                "A documented error status of `{}` ({} {}); subclasses carry each status's typed body.",
                op.id, op.method, op.path
            ),
        ))
    } else {
        None
    };
    let mut success_types: Vec<String> = Vec::new();
    let mut branches = String::new();
    let mut raises_doc: Vec<String> = Vec::new();
    let mut has_default = false;
    for r in &ordered {
        let cond = condition(r.status);
        let indent = if cond.is_some() { "        " } else { "    " };
        let (ty, code) = if r.status.is_success() {
            decode_response(ctx, r, "return Response(status, response.headers, {})", indent)
        } else {
            let (ty, _) = decode_response(ctx, r, "{}", indent);
            let mut doc = format!("`{}` from `{}`", status_label(r.status), op.id);
            if let Some(d) = &r.description {
                doc.push_str(&format!(": {}", docs::first_line(d)));
            }
            doc.push_str(&format!("\n\n`body` is `{ty}`."));
            let base = format!("{}[{}]", base_error.as_deref().unwrap_or("ApiError"), docs::literal(&ty));
            let class = errors.class(&format!("{op_pascal} {}", status_name(r.status)), &base, &doc);
            raises_doc.push(format!(
                "    errors.{class}: `{}`{}",
                status_label(r.status),
                r.description.as_deref().map(|d| format!(", {}", docs::first_line(d))).unwrap_or_default()
            ));
            decode_response(ctx, r, &format!("raise errors.{class}(response, {{}})"), indent)
        };
        if r.status.is_success() && !success_types.contains(&ty) {
            success_types.push(ty);
        }
        match cond {
            Some(c) => branches.push_str(&format!("    if {c}:\n{code}")),
            None => {
                branches.push_str(&code);
                has_default = true;
            }
        }
    }
    if success_types.is_empty() {
        branches.push_str(
            "    if 200 <= status <= 299:\n        return Response(status, response.headers, response.content)\n",
        );
        success_types.push("bytes".into());
    }
    if !has_default {
        branches.push_str(&format!(
            "    raise _runtime.UnexpectedStatus(f\"`{}` answered an undocumented status {{status}}\", response)\n",
            docs::fstring_text(&op.id)
        ));
    }
    let success = success_types.join(" | ");
    functions.push_str(&format!(
        "\n\ndef {result_fn}(response: httpx.Response) -> Response[{success}]:\n    status = response.status_code\n{branches}"
    ));

    // Docs.
    let mut doc_parts: Vec<String> = Vec::new();
    if let Some(s) = &op.summary {
        doc_parts.push(s.clone());
    }
    if let Some(d) = &op.description {
        doc_parts.push(d.clone());
    }
    doc_parts.push(format!("Sends `{}` to `{}`.", op.method, op.path));
    let auth_names: Vec<String> = op
        .security
        .iter()
        .map(|r| {
            if r.schemes.is_empty() {
                "none".into()
            } else {
                r.schemes
                    .iter()
                    .map(|i| format!("`{}`", ctx.api.security_schemes[*i].name))
                    .collect::<Vec<_>>()
                    .join(" + ")
            }
        })
        .collect();
    doc_parts.push(if auth_names.is_empty() {
        "Authentication: none.".into()
    } else {
        format!("Authentication: {}.", auth_names.join(" or "))
    });
    if let Some(url) = own_server(ctx, op) {
        doc_parts.push(format!("Sent to its own server, `{url}` (see `operation_base_urls`)."));
    }
    if op.deprecated {
        doc_parts.push("Deprecated by the API: calling it warns with `DeprecationWarning`.".into());
    }
    if !args.is_empty() {
        doc_parts.push(format!(
            "Args:\n{}",
            args.iter().map(|a| format!("    {}: {}", a.name, a.doc)).collect::<Vec<_>>().join("\n")
        ));
    }
    let headers: Vec<String> = op
        .responses
        .iter()
        .flat_map(|r| r.headers.iter().map(move |h| (r.status, h)))
        .map(|(status, h)| {
            format!(
                "`{}` ({}){}",
                h.name,
                status_label(status),
                h.description.as_deref().map(|d| format!(": {}", docs::first_line(d))).unwrap_or_default()
            )
        })
        .collect();
    let mut returns = format!("Returns:\n    `Response[{success}]`: the status, headers and decoded body.");
    if !headers.is_empty() {
        returns.push_str(&format!(" Documented headers: {}.", headers.join("; ")));
    }
    doc_parts.push(returns);
    raises_doc.push("    UnexpectedStatus: a status the operation does not document.".into());
    raises_doc.push("    DecodeError: a documented status whose body is not what the schema says.".into());
    raises_doc.push("    TransportError: no answer (connection, timeout, protocol).".into());
    doc_parts.push(format!("Raises:\n{}", raises_doc.join("\n")));
    let doc = docs::docstring(&docs::paragraphs(doc_parts), "        ");

    let mut params = vec!["self".to_string()];
    let mut keyword_only = false;
    for a in &args {
        if !a.required && !keyword_only {
            params.push("*".into());
            keyword_only = true;
        }
        if a.required {
            params.push(format!("{}: {}", a.name, a.annotation));
        } else {
            params.push(format!("{}: {} = None", a.name, a.annotation));
        }
    }
    let signature = if params.len() > 3 {
        format!("(\n{}    )", params.iter().map(|p| format!("        {p},\n")).collect::<String>())
    } else {
        format!("({})", params.join(", "))
    };
    let warn = if op.deprecated {
        format!(
            "        warnings.warn({}, DeprecationWarning, stacklevel=2)\n",
            docs::literal(&format!("`{}` is deprecated by the API", op.id))
        )
    } else {
        String::new()
    };
    let call_args = args.iter().map(|a| a.name.clone()).collect::<Vec<_>>().join(", ");
    let sync_method = format!(
        "\n    def {method}{signature} -> Response[{success}]:\n{doc}{warn}        return {result_fn}(self._send({call_fn}({call_args})))\n"
    );
    let async_method = format!(
        "\n    async def {method}{signature} -> Response[{success}]:\n{doc}{warn}        return {result_fn}(await self._send({call_fn}({call_args})))\n"
    );
    Emitted { functions, sync_method, async_method }
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
