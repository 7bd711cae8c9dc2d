//! One operation: its description for the runtime (a constant), its options, result and error
//! types, and its method on `Client`.
//!
//! A method takes the path parameters in path order, then one options object holding the other
//! parameters (camelCase properties), the body (`body`) and per-call `headers` / `signal` /
//! `timeout` / `retry`.

use super::docs::{first_line, Doc};
use super::names::{self, Scope};
use super::Ctx;
use crate::ir::{Content, Operation, ParamLocation, Parameter, Payload, Response, Schema, Status, StreamKind};

/// What `client.ts` gets from one operation.
pub struct Emitted {
    /// The method, indented for the class body.
    pub method: String,
    /// Module-level items: the description constant and the exported types.
    pub items: String,
    /// The exported type names (options, result, error).
    pub types: Vec<String>,
    /// The error type's name, for `OperationErrors`.
    pub error: String,
    /// The name of the operation's description constant.
    pub spec: String,
}

/// A security scheme the client applies: its index in the API and its key in `auth`.
pub struct SchemeKey {
    pub index: usize,
    pub key: String,
}

pub fn emit(ctx: &Ctx, op: &Operation, schemes: &[SchemeKey], root: &mut Scope, methods: &mut Scope) -> Emitted {
    let method = methods.camel(&op.id, "operation");
    let pascal = root.pascal(&op.id, "Operation");
    let spec_name = root.camel(&format!("{method} operation"), "operation");
    let options_name = root.pascal(&format!("{pascal} options"), "Options");
    let result_name = root.pascal(&format!("{pascal} result"), "Result");
    let error_name = root.pascal(&format!("{pascal} error"), "Error");

    let mut locals = Scope::with(&["options", "rt", "types", &spec_name]);
    let paginated = super::paging::applies(ctx, op);
    let mut keys = Scope::with(if paginated {
        &["headers", "signal", "timeout", "retry", "body", "maxPages"][..]
    } else {
        &["headers", "signal", "timeout", "retry", "body"][..]
    });
    let path_params: Vec<&Parameter> = op.parameters.iter().filter(|p| p.location == ParamLocation::Path).collect();
    let others: Vec<&Parameter> = op.parameters.iter().filter(|p| p.location != ParamLocation::Path).collect();

    let mut doc = operation_doc(op, ctx);
    let mut args = Vec::new();
    let mut arg_names = Vec::new();
    for p in &path_params {
        let name = locals.camel(&p.name, "param");
        doc.tag(&format!("@param {name} {}", param_text(p)));
        args.push(format!("{name}: {}", param_type(ctx, &p.schema)));
        arg_names.push(name);
    }

    let mut specs = Vec::new();
    for p in &path_params {
        specs.push(param_spec(p, ""));
    }
    let mut members = String::new();
    let mut options_required = false;
    let mut shadows_object = false;
    let mut query_keys = Vec::new();
    for p in &others {
        let key = keys.camel(&p.name, "param");
        if p.location == ParamLocation::Query {
            query_keys.push((p.name.clone(), key.clone()));
        }
        specs.push(param_spec(p, &key));
        let mut member_doc = Doc::default();
        member_doc.text(&param_text(p));
        if p.deprecated {
            member_doc.tag("@deprecated Deprecated by the API document.");
        }
        members.push_str(&member_doc.render("  "));
        let optional = if p.required { "" } else { "?" };
        options_required |= p.required;
        shadows_object |= OBJECT_MEMBERS.contains(&key.as_str());
        members.push_str(&format!("  {key}{optional}: {};\n", param_type(ctx, &p.schema)));
    }
    let mut form_items = String::new();
    let mut types = Vec::new();
    let body = op.body.as_ref().and_then(|b| b.contents.first().map(|c| (b, c)));
    let mut body_spec = String::new();
    if let Some((body, content)) = body {
        let (mut ty, kind) = body_type(ctx, content);
        let mut parts = String::new();
        if !content.parts.is_empty() {
            let form_name = root.pascal(&format!("{pascal} form"), "Form");
            let (interface, spec) = super::form::emit(ctx, content, &method, &form_name);
            form_items.push_str(&interface);
            types.push(form_name.clone());
            ty = format!("{form_name} | FormData");
            parts = spec;
        }
        body_spec = format!(
            "  body: {{ mediaType: {}, kind: \"{kind}\"{parts} }},\n",
            names::string_literal(&content.media_type)
        );
        let mut member_doc = Doc::default();
        let mut text = format!("The request body, sent as `{}`", content.media_type);
        if let Some(d) = &body.description {
            text.push_str(&format!(": {}", first_line(d)));
        } else {
            text.push('.');
        }
        member_doc.text(&text);
        members.push_str(&member_doc.render("  "));
        let optional = if body.required { "" } else { "?" };
        options_required |= body.required;
        members.push_str(&format!("  body{optional}: {ty};\n"));
    }

    let mut items = form_items;
    let options_type = if members.is_empty() {
        "rt.RequestOptions".to_string()
    } else {
        items.push_str(&format!(
            "/** Arguments of `{method}` other than its path parameters, and per-call options. */\nexport interface {options_name} extends rt.RequestOptions {{\n{members}}}\n\n"
        ));
        types.push(options_name.clone());
        options_name
    };
    let path_args = args.clone();
    let options_name = "options";
    let options_arg = if options_required {
        format!("{options_name}: {options_type}")
    } else {
        // `{}` has what every object inherits: with a member named `toString` (or another of
        // Object's), tsc sees the inherited function where a string is declared.
        let cast = if shadows_object { format!(" as {options_type}") } else { String::new() };
        format!("{options_name}: {options_type} = {{}}{cast}")
    };
    doc.tag(&format!(
        "@param {options_name} {}",
        if options_type == "rt.RequestOptions" {
            "Per-call headers, abort signal, timeout and retries."
        } else {
            "Query, header and cookie parameters, the body, per-call headers, abort signal, timeout and retries."
        }
    ));
    args.push(options_arg);

    let ordered = ordered_responses(op);
    let (result_members, error_members) = response_types(ctx, &ordered);
    items.push_str(&format!(
        "/** What a successful `{method}` returns, by status and media type. */\nexport type {result_name} ={};\n\n",
        union(&result_members)
    ));
    items.push_str(&format!(
        "/**\n * The documented errors of `{method}`, thrown as `ApiError`: `documentedStatus` (and `status`,\n * when no range or `default` is documented) narrows `body`.\n */\nexport type {error_name} ={};\n\n",
        union(&error_members)
    ));
    types.push(result_name.clone());
    types.push(error_name.clone());
    doc.tag(&format!("@returns The documented success: {{@link {result_name}}}."));
    doc.tag(&format!(
        "@throws {{@link {error_name}}} for a documented error status (check with `isApiError(error, {})`), and `UnexpectedStatusError`, `UnexpectedContentTypeError`, `DecodeError`, `NetworkError` or `InvalidRequestError` otherwise.",
        names::string_literal(&op.id)
    ));
    if op.deprecated {
        doc.tag("@deprecated Deprecated by the API document.");
    }

    items.push_str(&operation_spec(ctx, op, schemes, &spec_name, &specs, &body_spec, &ordered));
    let walks = super::paging::Method {
        method: &method,
        spec_name: &spec_name,
        result_name: &result_name,
        path_args: &path_args,
        path_names: &arg_names,
        options_type: &options_type,
        options_required,
        shadows_object,
        query_keys: &query_keys,
    };
    let walks = super::paging::emit(ctx, op, &walks, root, methods);

    let mut method_text = doc.render("  ");
    method_text.push_str(&format!(
        "  {method}({}): Promise<{result_name}> {{\n    return rt.execute<{result_name}>(this.#config, {spec_name}, [{}], {options_name});\n  }}\n",
        args.join(", "),
        arg_names.join(", ")
    ));
    if let Some(streamed) = super::streaming::method(
        ctx,
        op,
        &method,
        &spec_name,
        &path_args,
        &arg_names,
        &options_type,
        options_required,
        methods,
    ) {
        method_text.push_str(&streamed);
    }
    if let Some((module, walk_methods)) = walks {
        items.push_str(&module);
        method_text.push_str(&walk_methods);
    }
    Emitted { method: method_text, items, types, error: error_name, spec: spec_name }
}

fn operation_doc(op: &Operation, ctx: &Ctx) -> Doc {
    let mut doc = Doc::default();
    if let Some(s) = &op.summary {
        doc.text(s);
    }
    if let Some(d) = &op.description {
        doc.text(d);
    }
    let auth: Vec<String> = op
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
    let auth = if auth.is_empty() { "none".to_string() } else { auth.join(" or ") };
    doc.text(&format!("Sends `{}` to `{}`. Authentication: {auth}.", op.method, op.path));
    if let Some(url) = own_server(ctx, op) {
        doc.text(&format!("Sent to its own server, `{url}` (the client option `operationBaseUrls` can move it)."));
    }
    let mut errors = Vec::new();
    let mut headers = Vec::new();
    for r in &op.responses {
        if !r.status.is_success() {
            let mut line = format!("- `{}`", status_label(r.status));
            if let Some(d) = &r.description {
                line.push_str(&format!(": {}", first_line(d)));
            }
            errors.push(line);
        }
        for h in &r.headers {
            let mut line = format!("- `{}` ({})", h.name, status_label(r.status));
            if let Some(d) = &h.description {
                line.push_str(&format!(": {}", first_line(d)));
            }
            headers.push(line);
        }
    }
    if !errors.is_empty() {
        doc.text(&format!("Documented errors (thrown as `ApiError`):\n{}", errors.join("\n")));
    }
    if !headers.is_empty() {
        doc.text(&format!("Response headers the API documents:\n{}", headers.join("\n")));
    }
    doc
}

/// The documented URL of an operation whose servers differ from the API's (absolute ones only:
/// a relative server URL is relative to wherever the API is, i.e. the client's base URL).
pub fn own_server(ctx: &Ctx, op: &Operation) -> Option<String> {
    if op.servers == ctx.api.servers {
        return None;
    }
    let url = super::servers::default_url(op.servers.first()?);
    url.contains("://").then_some(url)
}

fn param_text(p: &Parameter) -> String {
    let place = match p.location {
        ParamLocation::Path => "Path",
        ParamLocation::Query => "Query",
        ParamLocation::Header => "Header",
        ParamLocation::Cookie => "Cookie",
    };
    let mut text = format!("{place} parameter `{}`", p.name);
    let mut notes = if p.required { Vec::new() } else { vec!["optional".to_string()] };
    notes.extend(crate::targets::facts::parameter(p));
    if !notes.is_empty() {
        text.push_str(&format!(" ({})", notes.join("; ")));
    }
    match &p.description {
        Some(d) => text.push_str(&format!(
            ": {}",
            d.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(" ")
        )),
        None => text.push('.'),
    }
    text
}

/// A parameter's type: its schema without `null` (an absent parameter is simply not sent).
fn param_type(ctx: &Ctx, schema: &Schema) -> String {
    ctx.ty(schema.strip_nullable().0, "types.").text
}

fn param_spec(p: &Parameter, key: &str) -> String {
    let location = p.location.as_str();
    format!(
        "    {{ name: {}, key: {}, in: \"{location}\", style: {}, explode: {} }},\n",
        names::string_literal(&p.name),
        names::string_literal(key),
        names::string_literal(p.style.as_str()),
        p.explode
    )
}

/// The argument type of a request body, and its kind for the runtime.
fn body_type(ctx: &Ctx, content: &Content) -> (String, &'static str) {
    match &content.payload {
        Payload::Json(schema) => (ctx.ty(schema, "types.").text, "json"),
        Payload::Form(schema) => (ctx.ty(schema, "types.").text, "form"),
        Payload::Multipart(schema) => (format!("rt.MultipartBody<{}>", ctx.ty(schema, "types.").text), "multipart"),
        Payload::Text => ("string".into(), "text"),
        Payload::Binary => ("rt.BinaryBody".into(), "binary"),
    }
}

/// Responses as the runtime tries them: codes, then ranges, then `default`.
fn ordered_responses(op: &Operation) -> Vec<&Response> {
    let mut ordered: Vec<&Response> = op.responses.iter().collect();
    ordered.sort_by_key(|r| match r.status {
        Status::Code(_) => 0,
        Status::Range(_) => 1,
        Status::Default => 2,
    });
    ordered
}

/// The members of the result and error unions: one per status and media type.
fn response_types(ctx: &Ctx, ordered: &[&Response]) -> (Vec<String>, Vec<String>) {
    let mut results = Vec::new();
    let mut errors = Vec::new();
    for r in ordered {
        let status = match r.status {
            Status::Code(c) => c.to_string(),
            _ => "number".to_string(),
        };
        let key = names::string_literal(&status_label(r.status));
        let wrapper = if r.status.is_success() { "rt.ApiResponse" } else { "rt.ApiErrorOf" };
        let target = if r.status.is_success() { &mut results } else { &mut errors };
        if r.contents.is_empty() {
            target.push(format!("{wrapper}<{status}, null, undefined, {key}>"));
        }
        for c in &r.contents {
            let lines = c.stream.as_ref().filter(|s| s.kind == StreamKind::JsonLines);
            let ty = match &c.payload {
                // Read whole, JSON lines are the list of their values.
                _ if lines.is_some() => format!("{}[]", ctx.ty(&lines.expect("checked").item, "types.").text),
                Payload::Json(schema) => ctx.ty(schema, "types.").text,
                Payload::Text | Payload::Form(_) => "string".into(),
                Payload::Binary | Payload::Multipart(_) => "Blob".into(),
            };
            target.push(format!("{wrapper}<{status}, {}, {ty}, {key}>", names::string_literal(&c.media_type)));
        }
    }
    if results.is_empty() {
        // Nothing documented as success: any 2xx is, with its raw body.
        results.push("rt.ApiResponse<number, string | null, Blob, \"2XX\">".into());
    }
    (results, errors)
}

fn union(members: &[String]) -> String {
    match members {
        [] => " never".into(),
        [one] => format!(" {one}"),
        many => many.iter().map(|m| format!("\n  | {m}")).collect(),
    }
}

fn content_kind(content: &Content) -> &'static str {
    if let Some(stream) = &content.stream {
        return match stream.kind {
            StreamKind::Events => "events",
            StreamKind::JsonLines => "lines",
        };
    }
    match content.payload {
        Payload::Json(_) => "json",
        Payload::Text | Payload::Form(_) => "text",
        Payload::Binary | Payload::Multipart(_) => "binary",
    }
}

fn operation_spec(
    ctx: &Ctx,
    op: &Operation,
    schemes: &[SchemeKey],
    spec_name: &str,
    params: &[String],
    body: &str,
    ordered: &[&Response],
) -> String {
    let mut out = format!("const {spec_name}: rt.OperationSpec = {{\n");
    out.push_str(&format!("  id: {},\n", names::string_literal(&op.id)));
    out.push_str(&format!("  method: {},\n", names::string_literal(op.method.as_str())));
    out.push_str(&format!("  path: {},\n", names::string_literal(op.path.as_str())));
    if let Some(url) = own_server(ctx, op) {
        out.push_str(&format!("  server: {},\n", names::string_literal(&url)));
    }
    if params.is_empty() {
        out.push_str("  parameters: [],\n");
    } else {
        out.push_str(&format!("  parameters: [\n{}  ],\n", params.concat()));
    }
    out.push_str(body);
    out.push_str(&format!("  security: {},\n", security(op, schemes)));
    out.push_str("  responses: [\n");
    for r in ordered {
        let status = match r.status {
            Status::Code(c) => c.to_string(),
            other => names::string_literal(&status_label(other)),
        };
        let contents: Vec<String> = r
            .contents
            .iter()
            .map(|c| {
                format!(
                    "{{ mediaType: {}, kind: \"{}\"{} }}",
                    names::string_literal(&c.media_type),
                    content_kind(c),
                    super::streaming::spec_fields(c)
                )
            })
            .collect();
        out.push_str(&format!(
            "    {{ status: {status}, success: {}, contents: [{}] }},\n",
            r.status.is_success(),
            contents.join(", ")
        ));
    }
    out.push_str("  ],\n};\n\n");
    out
}

/// Alternatives of scheme keys, anonymous access (an empty alternative) last; schemes the client
/// cannot apply (HTTP digest and the like) are left out, as the Rust target does.
fn security(op: &Operation, schemes: &[SchemeKey]) -> String {
    let mut alternatives = Vec::new();
    let mut anonymous = false;
    for requirement in &op.security {
        let keys: Vec<String> = requirement
            .schemes
            .iter()
            .filter_map(|i| schemes.iter().find(|s| s.index == *i))
            .map(|s| names::string_literal(&s.key))
            .collect();
        if keys.is_empty() {
            anonymous = true;
        } else {
            alternatives.push(format!("[{}]", keys.join(", ")));
        }
    }
    if anonymous && !alternatives.is_empty() {
        alternatives.push("[]".into());
    }
    format!("[{}]", alternatives.join(", "))
}

pub fn status_label(status: Status) -> String {
    match status {
        Status::Code(c) => c.to_string(),
        Status::Range(r) => format!("{r}XX"),
        Status::Default => "default".into(),
    }
}

/// What every JavaScript object has (from `Object.prototype`): option members with these names
/// need care, in the types and in the runtime (which reads only an object's own keys).
const OBJECT_MEMBERS: &[&str] = &[
    "constructor",
    "hasOwnProperty",
    "isPrototypeOf",
    "propertyIsEnumerable",
    "toLocaleString",
    "toString",
    "valueOf",
    "__proto__",
    "__defineGetter__",
    "__defineSetter__",
    "__lookupGetter__",
    "__lookupSetter__",
];
