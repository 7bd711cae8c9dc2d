//! One operation: `_<op>_call` (the request as constants and arguments), `_<op>_result` (the
//! answer as a `Response` or an exception), their docs, and the method on each client.

use crate::ir::{Operation, ParamLocation, Payload, Response, Segment, Status};

use super::auth::Auth;
use super::responses::{decode_response, status_name, ErrorModule};
use super::{server_default_url, tuple};
use crate::targets::python::{docs, names, Ctx};

/// Names an argument must not take: the locals and modules the generated functions use.
const ARG_RESERVED: &[&str] = &[
    "self",
    "call",
    "response",
    "status",
    "index",
    "typing",
    "httpx",
    "warnings",
    "models",
    "errors",
    "Response",
    "headers",
    "timeout",
    "retry",
    "reconnects",
];

pub(super) struct Emitted {
    /// The method's name (its functions are `_<method>_call` and `_<method>_result`).
    pub(super) method: String,
    pub(super) functions: String,
    pub(super) sync_method: String,
    pub(super) async_method: String,
}

/// One argument of an operation method.
struct Arg {
    name: String,
    annotation: String,
    required: bool,
    doc: String,
}

fn param_doc(p: &crate::ir::Parameter) -> String {
    let place = p.location.as_str();
    let mut doc = format!("{place} parameter `{}`", p.name);
    if p.deprecated {
        doc.push_str(", deprecated");
    }
    if let Some(d) = &p.description {
        doc.push_str(&format!(": {}", docs::first_line(d)));
    }
    doc.push('.');
    if let Some(facts) = crate::targets::facts::sentence(&crate::targets::facts::parameter(p)) {
        doc.push(' ');
        doc.push_str(&facts);
    }
    doc
}

fn condition(status: Status) -> Option<String> {
    match status {
        Status::Code(c) => Some(format!("status == {c}")),
        Status::Range(r) => Some(format!("{} <= status <= {}", u16::from(r) * 100, u16::from(r) * 100 + 99)),
        Status::Default => None,
    }
}

fn status_label(status: Status) -> String {
    match status {
        Status::Code(c) => c.to_string(),
        Status::Range(r) => format!("{r}XX"),
        Status::Default => "default".into(),
    }
}

pub(super) fn emit(
    ctx: &Ctx,
    op: &Operation,
    auth: &Auth,
    errors: &mut ErrorModule,
    methods: &mut names::Scope,
) -> Emitted {
    let method = methods.snake(&op.id, "operation");
    let paginated = super::paging::applies(ctx, op);
    let mut reserved = ARG_RESERVED.to_vec();
    if paginated {
        reserved.push("max_pages");
    }
    let mut arg_scope = names::Scope::with(&reserved);
    let mut args: Vec<Arg> = Vec::new();
    let mut build: Vec<String> = Vec::new();
    // Module-level definitions the arguments' types need (a typed form's `TypedDict`).
    let mut forms = String::new();

    // Path parameters first, in path order; then required, then optional others.
    let mut path_args: Vec<(String, String)> = Vec::new();
    for p in op.parameters.iter().filter(|p| p.location == ParamLocation::Path) {
        let name = arg_scope.snake(&p.name, "param");
        path_args.push((p.name.clone(), name.clone()));
        args.push(Arg { name, annotation: ctx.ty(&p.schema, "models."), required: true, doc: param_doc(p) });
    }
    let mut pieces: Vec<String> = Vec::new();
    for segment in op.path.segments() {
        match segment {
            Segment::Literal(text) => pieces.push(docs::literal(text)),
            Segment::Param(wire) => {
                if let Some((_, name)) = path_args.iter().find(|(w, _)| w == wire) {
                    pieces.push(format!("_runtime.segment({name}, {})", docs::literal(wire)));
                }
            }
        }
    }
    if pieces.is_empty() {
        pieces.push(docs::literal(""));
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
            ParamLocation::Query => {
                format!("    call.query({wire}, {name}, {}, {explode})\n", docs::literal(p.style.as_str()))
            }
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
                Payload::Multipart(_) if !content.parts.is_empty() => {
                    let (form, definition, send) =
                        super::form::emit(ctx, &op.id, content, &name).expect("a form with parts");
                    forms.push_str(&definition);
                    (form.clone(), send, format!("`{form}`; files are streamed"))
                }
                Payload::Multipart(schema) => (
                    "typing.Mapping[str, object]".to_string(),
                    format!("call.multipart({name})"),
                    format!("{}; `bytes` and `File` values are sent as files", ctx.ty(schema, "models.")),
                ),
                Payload::Text => ("str".into(), format!("call.text({name}, {media})"), "text".into()),
                Payload::Binary => (
                    "_runtime.Binary".into(),
                    format!("call.binary({name}, {media})"),
                    "bytes, a file opened `\"rb\"`, or a `File` with its own content type".into(),
                ),
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
    let mut functions = forms;
    functions.push_str(&format!(
        "\n\ndef {call_fn}({}) -> _runtime.Call:\n    call = _runtime.Call(\n        {},\n        {},\n        {path_expr},\n        accept={accept},\n        security={security},\n        server={server},\n    )\n",
        signature_all.join(", "),
        docs::literal(&op.id),
        docs::literal(op.method.as_str()),
    ));
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
    let mut arg_lines: Vec<String> = args.iter().map(|a| format!("    {}: {}", a.name, a.doc)).collect();
    arg_lines.push("    headers: extra headers for this call only; they win over every other header.".into());
    arg_lines.push("    timeout: seconds this call's attempt may take, instead of the client's timeout.".into());
    arg_lines.push("    retry: how this call's failed attempts are retried, instead of the client's `retry`.".into());
    doc_parts.push(format!("Args:\n{}", arg_lines.join("\n")));
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
    raises_doc.push(
        "    TransportError: no answer after the retries: `ConnectionRefused`, `DnsError`, `TlsError`, `Timeout`, ..."
            .into(),
    );
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
    if !keyword_only {
        params.push("*".into());
    }
    params.push("headers: typing.Mapping[str, str] | None = None".into());
    params.push("timeout: float | None = None".into());
    params.push("retry: _runtime.RetryPolicy | None = None".into());
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
    let positional: Vec<String> = args.iter().filter(|a| a.required).map(|a| a.name.clone()).collect();
    let keyword: Vec<String> = args.iter().filter(|a| !a.required).map(|a| a.name.clone()).collect();
    let walk_method = super::paging::Method {
        method: &method,
        params: &params[1..],
        call_fn: &call_fn,
        result_fn: &result_fn,
        call_args: &call_args,
        keyword: &keyword,
        positional: &positional,
        success: &success,
        arg_lines: &arg_lines,
        warn: &warn,
    };
    let walks = super::paging::emit(ctx, op, &walk_method, methods);
    let mut sync_method = format!(
        "\n    def {method}{signature} -> Response[{success}]:\n{doc}{warn}        return {result_fn}(self._send({call_fn}({call_args}), headers, timeout, retry))\n"
    );
    let mut async_method = format!(
        "\n    async def {method}{signature} -> Response[{success}]:\n{doc}{warn}        return {result_fn}(await self._send({call_fn}({call_args}), headers, timeout, retry))\n"
    );
    if let Some((constant, sync, asynchronous)) = walks {
        functions.push_str(&constant);
        sync_method.push_str(&sync);
        async_method.push_str(&asynchronous);
    }
    let stream_method = super::streams::Method {
        method: &method,
        params: &params[1..],
        call_fn: &call_fn,
        result_fn: &result_fn,
        call_args: &call_args,
        arg_lines: &arg_lines,
        warn: &warn,
    };
    if let Some((sync, asynchronous)) = super::streams::emit(ctx, op, &stream_method, methods) {
        sync_method.push_str(&sync);
        async_method.push_str(&asynchronous);
    }
    Emitted { method, functions, sync_method, async_method }
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
