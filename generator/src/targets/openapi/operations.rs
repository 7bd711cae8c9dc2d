//! `paths`: operations with their parameters, bodies, responses, security and servers.

use serde_json::{json, Map, Value};

use crate::ir::{
    Api, Content, Operation, ParamLocation, ParamStyle, Parameter, Payload, RequestBody, Response, Server, Status,
    StreamKind,
};

use super::schemas::expression;

/// Operations grouped by path, in IR order. Servers are written where they differ from the
/// level above: on the path when all its operations share them, otherwise per operation.
pub fn paths(api: &Api) -> Map<String, Value> {
    let keys = super::scheme_keys(api);
    let mut order: Vec<&str> = Vec::new();
    for op in &api.operations {
        if !order.contains(&op.path.as_str()) {
            order.push(op.path.as_str());
        }
    }
    let mut out = Map::new();
    for path in order {
        let ops: Vec<&Operation> = api.operations.iter().filter(|o| o.path.as_str() == path).collect();
        let mut item = Map::new();
        let shared: Option<&Vec<Server>> =
            ops.first().map(|o| &o.servers).filter(|s| ops.iter().all(|o| &o.servers == *s));
        let path_servers = match shared {
            Some(s) if *s != api.servers => {
                item.insert("servers".into(), super::servers(s));
                s.clone()
            }
            _ => api.servers.clone(),
        };
        for op in ops {
            item.insert(op.method.key().to_string(), operation(api, &keys, op, &path_servers));
        }
        out.insert(path.to_string(), Value::Object(item));
    }
    out
}

fn operation(api: &Api, keys: &[String], op: &Operation, inherited_servers: &[Server]) -> Value {
    let mut out = Map::new();
    out.insert("operationId".into(), json!(op.id));
    if let Some(s) = &op.summary {
        out.insert("summary".into(), json!(s));
    }
    if let Some(d) = &op.description {
        out.insert("description".into(), json!(d));
    }
    if op.deprecated {
        out.insert("deprecated".into(), json!(true));
    }
    if !op.parameters.is_empty() {
        out.insert("parameters".into(), Value::Array(op.parameters.iter().map(|p| parameter(api, p)).collect()));
    }
    if let Some(body) = &op.body {
        out.insert("requestBody".into(), request_body(api, body));
    }
    if !op.responses.is_empty() {
        let responses: Map<String, Value> =
            op.responses.iter().map(|r| (status_key(r.status), response(api, r))).collect();
        out.insert("responses".into(), Value::Object(responses));
    }
    // Always explicit, so no document-level default has to be reconstructed.
    let security: Vec<Value> = op
        .security
        .iter()
        .map(|req| {
            let schemes: Map<String, Value> =
                req.schemes.iter().filter_map(|i| keys.get(*i)).map(|key| (key.clone(), json!([]))).collect();
            Value::Object(schemes)
        })
        .collect();
    out.insert("security".into(), Value::Array(security));
    if op.servers != inherited_servers {
        out.insert("servers".into(), super::servers(&op.servers));
    }
    if let Some(login) = &op.login {
        if let Some(key) = keys.get(login.scheme) {
            out.insert("x-switchboard-login".into(), json!({ "scheme": key, "token": login.token }));
        }
    }
    if let Some(p) = &op.pagination {
        out.insert("x-switchboard-pagination".into(), pagination(p));
    }
    Value::Object(out)
}

fn parameter(api: &Api, p: &Parameter) -> Value {
    let mut out = Map::new();
    out.insert("name".into(), json!(p.name));
    let (place, default_style) = match p.location {
        ParamLocation::Path => ("path", "simple"),
        ParamLocation::Query => ("query", "form"),
        ParamLocation::Header => ("header", "simple"),
        ParamLocation::Cookie => ("cookie", "form"),
    };
    out.insert("in".into(), json!(place));
    if let Some(d) = &p.description {
        out.insert("description".into(), json!(d));
    }
    if p.required {
        out.insert("required".into(), json!(true));
    }
    if p.deprecated {
        out.insert("deprecated".into(), json!(true));
    }
    if p.style.as_str() != default_style {
        out.insert("style".into(), json!(p.style.as_str()));
    }
    if p.explode != (p.style == ParamStyle::Form) {
        out.insert("explode".into(), json!(p.explode));
    }
    let mut schema = expression(api, &p.schema);
    if let Value::Object(map) = &mut schema {
        if let Some(d) = &p.default {
            map.insert("default".into(), d.clone());
        }
        super::schemas::constraints(&p.constraints, map);
    }
    if let Some(e) = &p.example {
        out.insert("example".into(), e.clone());
    }
    out.insert("schema".into(), schema);
    Value::Object(out)
}

fn request_body(api: &Api, body: &RequestBody) -> Value {
    let mut out = Map::new();
    if let Some(d) = &body.description {
        out.insert("description".into(), json!(d));
    }
    out.insert("content".into(), contents(api, &body.contents));
    if body.required {
        out.insert("required".into(), json!(true));
    }
    Value::Object(out)
}

fn response(api: &Api, r: &Response) -> Value {
    let mut out = Map::new();
    // `description` is required by OpenAPI; an empty one reads back as none.
    out.insert("description".into(), json!(r.description.clone().unwrap_or_default()));
    if !r.headers.is_empty() {
        let mut headers = Map::new();
        for h in &r.headers {
            let mut header = Map::new();
            if let Some(d) = &h.description {
                header.insert("description".into(), json!(d));
            }
            header.insert("schema".into(), expression(api, &h.schema));
            headers.insert(h.name.clone(), Value::Object(header));
        }
        out.insert("headers".into(), Value::Object(headers));
    }
    if !r.contents.is_empty() {
        out.insert("content".into(), contents(api, &r.contents));
    }
    Value::Object(out)
}

fn contents(api: &Api, list: &[Content]) -> Value {
    let map: Map<String, Value> = list
        .iter()
        .map(|c| {
            let mut media = Map::new();
            // A stream's item goes in `schema` (lowering reads it there when `itemSchema`, which
            // OpenAPI 3.1 does not have, is absent): JSON lines as a list of items, so an item
            // that is itself a list survives.
            let schema = match &c.stream {
                None => payload(api, &c.payload),
                Some(s) if s.kind == StreamKind::Events => expression(api, &s.item),
                Some(s) => json!({ "type": "array", "items": expression(api, &s.item) }),
            };
            media.insert("schema".into(), schema);
            if let Some(done) = c.stream.as_ref().and_then(|s| s.done.as_ref()) {
                media.insert("x-switchboard-stream".into(), json!({ "done": done }));
            }
            if let Some(example) = &c.example {
                media.insert("example".into(), example.clone());
            }
            if !c.encoding.is_empty() {
                let encoding = c.encoding.iter().map(|(name, ct)| (name.clone(), json!({ "contentType": ct })));
                media.insert("encoding".into(), Value::Object(encoding.collect()));
            }
            (c.media_type.clone(), Value::Object(media))
        })
        .collect();
    Value::Object(map)
}

fn payload(api: &Api, payload: &Payload) -> Value {
    match payload {
        Payload::Json(s) | Payload::Form(s) | Payload::Multipart(s) => expression(api, s),
        Payload::Text => json!({ "type": "string" }),
        // Under a JSON media type this is what lowering reads as bytes.
        Payload::Binary => json!({ "type": "string", "format": "binary" }),
    }
}

fn status_key(status: Status) -> String {
    match status {
        Status::Code(c) => c.to_string(),
        Status::Range(r) => format!("{r}XX"),
        Status::Default => "default".into(),
    }
}

/// `x-switchboard-pagination` as the schema wrote it, so the bundle pages like its source.
fn pagination(p: &crate::ir::Pagination) -> Value {
    use crate::ir::PageStyle;
    let optional = |out: &mut Map<String, Value>, key: &str, v: &Option<String>| {
        if let Some(v) = v {
            out.insert(key.into(), json!(v));
        }
    };
    let (key, style) = match &p.style {
        PageStyle::Cursor { param, next } => ("cursor", json!({ "param": param, "next": next })),
        PageStyle::Page { param, first, total_pages, last } => {
            let mut out = Map::new();
            out.insert("param".into(), json!(param));
            out.insert("first".into(), json!(first));
            optional(&mut out, "total_pages", total_pages);
            optional(&mut out, "last", last);
            ("page", Value::Object(out))
        }
        PageStyle::Offset { param, total } => {
            let mut out = Map::new();
            out.insert("param".into(), json!(param));
            optional(&mut out, "total", total);
            ("offset", Value::Object(out))
        }
        PageStyle::LinkHeader => ("link", json!("next")),
        PageStyle::NextUrl { next } => ("next_url", json!(next)),
    };
    json!({ "items": p.items, key: style })
}
