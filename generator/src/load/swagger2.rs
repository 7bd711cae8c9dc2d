//! Swagger 2.0: rewritten into the equivalent OpenAPI 3.0 document, which is then lowered like
//! any other. Only the document shape changes (bodies become `requestBody`, `definitions` become
//! `components.schemas`, ...); schemas are the same JSON Schema dialect in both.

use serde_json::{json, Map, Value};

/// Whether the document is Swagger 2.0.
pub fn is_swagger2(doc: &Value) -> bool {
    doc.get("swagger").and_then(Value::as_str).is_some_and(|v| v.starts_with('2'))
}

/// The OpenAPI 3.0 form of a Swagger 2.0 document.
pub fn convert(doc: &Value) -> Value {
    let mut out = Map::new();
    out.insert("openapi".into(), json!("3.0.3"));
    if let Some(info) = doc.get("info") {
        out.insert("info".into(), info.clone());
    }
    out.insert("servers".into(), Value::Array(servers(doc)));
    let consumes = strings(doc.get("consumes"));
    let produces = strings(doc.get("produces"));

    let mut components = Map::new();
    if let Some(Value::Object(defs)) = doc.get("definitions") {
        components.insert("schemas".into(), rewrite_refs(&Value::Object(defs.clone())));
    }
    if let Some(Value::Object(params)) = doc.get("parameters") {
        let converted: Map<String, Value> = params
            .iter()
            .filter(|(_, p)| !matches!(p.get("in").and_then(Value::as_str), Some("body" | "formData")))
            .map(|(k, p)| (k.clone(), parameter(p)))
            .collect();
        components.insert("parameters".into(), Value::Object(converted));
    }
    if let Some(Value::Object(responses)) = doc.get("responses") {
        let converted: Map<String, Value> =
            responses.iter().map(|(k, r)| (k.clone(), response(r, &produces))).collect();
        components.insert("responses".into(), Value::Object(converted));
    }
    if let Some(Value::Object(defs)) = doc.get("securityDefinitions") {
        let converted: Map<String, Value> = defs.iter().map(|(k, s)| (k.clone(), security_scheme(s))).collect();
        components.insert("securitySchemes".into(), Value::Object(converted));
    }
    out.insert("components".into(), Value::Object(components));
    if let Some(security) = doc.get("security") {
        out.insert("security".into(), security.clone());
    }

    let mut paths = Map::new();
    if let Some(Value::Object(doc_paths)) = doc.get("paths") {
        for (path, item) in doc_paths {
            paths.insert(path.clone(), path_item(doc, item, &consumes, &produces));
        }
    }
    out.insert("paths".into(), Value::Object(paths));
    Value::Object(out)
}

fn strings(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).map(str::to_string).collect())
        .unwrap_or_default()
}

fn servers(doc: &Value) -> Vec<Value> {
    let base_path = doc.get("basePath").and_then(Value::as_str).unwrap_or("");
    match doc.get("host").and_then(Value::as_str) {
        Some(host) => {
            let mut schemes = strings(doc.get("schemes"));
            if schemes.is_empty() {
                schemes.push("https".into());
            }
            schemes.iter().map(|s| json!({"url": format!("{s}://{host}{base_path}")})).collect()
        }
        None => vec![json!({"url": if base_path.is_empty() { "/" } else { base_path }})],
    }
}

/// `$ref`s into 2.0 sections point at their 3.0 places.
fn rewrite_refs(v: &Value) -> Value {
    match v {
        Value::Object(o) => {
            let mut out = Map::with_capacity(o.len());
            for (k, x) in o {
                if k == "$ref" {
                    if let Value::String(r) = x {
                        out.insert(k.clone(), Value::String(rewrite_ref(r)));
                        continue;
                    }
                }
                out.insert(k.clone(), rewrite_refs(x));
            }
            // 2.0 spells "may be null" as `x-nullable`; `type: file` is binary content.
            if out.get("type").and_then(Value::as_str) == Some("file") {
                out.insert("type".into(), json!("string"));
                out.insert("format".into(), json!("binary"));
            }
            if let Some(Value::String(prop)) = out.get("discriminator").cloned() {
                out.insert("discriminator".into(), json!({ "propertyName": prop }));
            }
            Value::Object(out)
        }
        Value::Array(a) => Value::Array(a.iter().map(rewrite_refs).collect()),
        other => other.clone(),
    }
}

fn rewrite_ref(r: &str) -> String {
    let (file, fragment) = r.split_once('#').unwrap_or((r, ""));
    let fragment = if let Some(rest) = fragment.strip_prefix("/definitions/") {
        format!("/components/schemas/{rest}")
    } else if let Some(rest) = fragment.strip_prefix("/parameters/") {
        format!("/components/parameters/{rest}")
    } else if let Some(rest) = fragment.strip_prefix("/responses/") {
        format!("/components/responses/{rest}")
    } else {
        fragment.to_string()
    };
    if fragment.is_empty() && !r.contains('#') {
        file.to_string()
    } else {
        format!("{file}#{fragment}")
    }
}

/// A non-body parameter: its type keywords move under `schema`.
fn parameter(p: &Value) -> Value {
    if p.get("$ref").is_some() {
        return rewrite_refs(p);
    }
    let Some(obj) = p.as_object() else { return p.clone() };
    let mut out = Map::new();
    let mut schema = Map::new();
    for (k, v) in obj {
        match k.as_str() {
            "name" | "in" | "description" | "required" | "deprecated" | "allowEmptyValue" => {
                out.insert(k.clone(), v.clone());
            }
            "collectionFormat" => {
                let (style, explode) = match v.as_str() {
                    Some("multi") => ("form", true),
                    Some("ssv") => ("spaceDelimited", false),
                    Some("pipes") => ("pipeDelimited", false),
                    _ => {
                        (if obj.get("in").and_then(Value::as_str) == Some("query") { "form" } else { "simple" }, false)
                    }
                };
                out.insert("style".into(), json!(style));
                out.insert("explode".into(), json!(explode));
            }
            k if k.starts_with("x-") => {
                out.insert(k.to_string(), v.clone());
            }
            _ => {
                schema.insert(k.clone(), rewrite_refs(v));
            }
        }
    }
    out.insert("schema".into(), rewrite_refs(&Value::Object(schema)));
    Value::Object(out)
}

fn response(r: &Value, produces: &[String]) -> Value {
    if r.get("$ref").is_some() {
        return rewrite_refs(r);
    }
    let mut out = Map::new();
    out.insert("description".into(), r.get("description").cloned().unwrap_or_else(|| json!("")));
    if let Some(schema) = r.get("schema") {
        let media: Vec<String> = if produces.is_empty() { vec!["application/json".into()] } else { produces.to_vec() };
        let content: Map<String, Value> =
            media.into_iter().map(|m| (m, json!({ "schema": rewrite_refs(schema) }))).collect();
        out.insert("content".into(), Value::Object(content));
    }
    if let Some(Value::Object(headers)) = r.get("headers") {
        let converted: Map<String, Value> = headers
            .iter()
            .map(|(k, h)| {
                let mut h = h.as_object().cloned().unwrap_or_default();
                let description = h.remove("description");
                let mut out = Map::new();
                if let Some(d) = description {
                    out.insert("description".into(), d);
                }
                out.insert("schema".into(), rewrite_refs(&Value::Object(h)));
                (k.clone(), Value::Object(out))
            })
            .collect();
        out.insert("headers".into(), Value::Object(converted));
    }
    Value::Object(out)
}

fn security_scheme(s: &Value) -> Value {
    match s.get("type").and_then(Value::as_str) {
        Some("basic") => {
            let mut out = json!({"type": "http", "scheme": "basic"});
            if let Some(d) = s.get("description") {
                out["description"] = d.clone();
            }
            out
        }
        Some("oauth2") => {
            let mut out = json!({"type": "oauth2", "flows": {}});
            if let Some(d) = s.get("description") {
                out["description"] = d.clone();
            }
            out
        }
        _ => s.clone(),
    }
}

/// Resolves a local `#/parameters/X` reference to the parameter itself (bodies must be seen).
fn local_parameter<'a>(doc: &'a Value, p: &'a Value) -> &'a Value {
    match p.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/parameters/")) {
        Some(name) => doc.get("parameters").and_then(|ps| ps.get(name)).unwrap_or(p),
        None => p,
    }
}

fn path_item(doc: &Value, item: &Value, consumes: &[String], produces: &[String]) -> Value {
    let Some(obj) = item.as_object() else { return item.clone() };
    if obj.contains_key("$ref") {
        return rewrite_refs(item);
    }
    let shared: Vec<Value> = obj.get("parameters").and_then(Value::as_array).cloned().unwrap_or_default();
    let mut out = Map::new();
    for (k, v) in obj {
        match k.as_str() {
            "get" | "put" | "post" | "delete" | "options" | "head" | "patch" => {
                out.insert(k.clone(), operation(doc, v, &shared, consumes, produces));
            }
            "parameters" => {
                let plain: Vec<Value> = shared
                    .iter()
                    .filter(|p| {
                        !matches!(local_parameter(doc, p).get("in").and_then(Value::as_str), Some("body" | "formData"))
                    })
                    .map(parameter)
                    .collect();
                out.insert(k.clone(), Value::Array(plain));
            }
            _ => {
                out.insert(k.clone(), rewrite_refs(v));
            }
        }
    }
    Value::Object(out)
}

fn operation(doc: &Value, op: &Value, shared: &[Value], consumes: &[String], produces: &[String]) -> Value {
    let Some(obj) = op.as_object() else { return op.clone() };
    let consumes = obj.get("consumes").map_or_else(|| consumes.to_vec(), |c| strings(Some(c)));
    let produces = obj.get("produces").map_or_else(|| produces.to_vec(), |p| strings(Some(p)));
    let own: Vec<Value> = obj.get("parameters").and_then(Value::as_array).cloned().unwrap_or_default();
    let mut out = Map::new();
    let mut params = Vec::new();
    let mut body: Option<Value> = None;
    let mut form = Map::new();
    let mut form_required = Vec::new();
    let mut has_file = false;
    for p in shared.iter().chain(own.iter()) {
        let resolved = local_parameter(doc, p);
        match resolved.get("in").and_then(Value::as_str) {
            Some("body") => body = Some(resolved.clone()),
            Some("formData") => {
                let name = resolved.get("name").and_then(Value::as_str).unwrap_or("field").to_string();
                let converted = parameter(resolved);
                let schema = converted.get("schema").cloned().unwrap_or_else(|| json!({}));
                has_file |= schema.get("format").and_then(Value::as_str) == Some("binary");
                if resolved.get("required").and_then(Value::as_bool).unwrap_or(false) {
                    form_required.push(json!(name));
                }
                form.insert(name, schema);
            }
            _ => {
                if own.contains(p) {
                    params.push(parameter(p));
                }
            }
        }
    }
    for (k, v) in obj {
        match k.as_str() {
            "parameters" => {}
            "consumes" | "produces" => {}
            "responses" => {
                let responses: Map<String, Value> = v
                    .as_object()
                    .map(|rs| rs.iter().map(|(code, r)| (code.clone(), response(r, &produces))).collect())
                    .unwrap_or_default();
                out.insert(k.clone(), Value::Object(responses));
            }
            _ => {
                out.insert(k.clone(), rewrite_refs(v));
            }
        }
    }
    out.insert("parameters".into(), Value::Array(params));
    let media = |default: &str| -> Vec<String> {
        if consumes.is_empty() {
            vec![default.to_string()]
        } else {
            consumes.clone()
        }
    };
    if let Some(b) = body {
        let schema = rewrite_refs(b.get("schema").unwrap_or(&json!({})));
        let content: Map<String, Value> =
            media("application/json").into_iter().map(|m| (m, json!({ "schema": schema.clone() }))).collect();
        let mut rb =
            json!({ "content": content, "required": b.get("required").and_then(Value::as_bool).unwrap_or(false) });
        if let Some(d) = b.get("description") {
            rb["description"] = d.clone();
        }
        out.insert("requestBody".into(), rb);
    } else if !form.is_empty() {
        let default = if has_file { "multipart/form-data" } else { "application/x-www-form-urlencoded" };
        let schema = json!({ "type": "object", "properties": form, "required": form_required });
        let content: Map<String, Value> = media(default)
            .into_iter()
            .filter(|m| m.contains("form"))
            .chain(std::iter::once(default.to_string()))
            .take(1)
            .map(|m| (m, json!({ "schema": schema.clone() })))
            .collect();
        out.insert("requestBody".into(), json!({ "content": content, "required": true }));
    }
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_parameters_become_request_bodies() {
        let doc = json!({
            "swagger": "2.0", "host": "api.example.com", "basePath": "/v1", "schemes": ["https"],
            "consumes": ["application/json"],
            "paths": {"/users": {"post": {
                "parameters": [{"name": "body", "in": "body", "required": true, "schema": {"$ref": "#/definitions/User"}}],
                "responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/User"}}}
            }}},
            "definitions": {"User": {"type": "object"}}
        });
        let v = convert(&doc);
        assert_eq!(v["servers"][0]["url"], "https://api.example.com/v1");
        assert_eq!(
            v["paths"]["/users"]["post"]["requestBody"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/User"
        );
        assert_eq!(
            v["paths"]["/users"]["post"]["responses"]["200"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/User"
        );
        assert_eq!(v["components"]["schemas"]["User"]["type"], "object");
    }

    #[test]
    fn query_parameter_types_move_under_schema() {
        let p = parameter(
            &json!({"name": "ids", "in": "query", "type": "array", "items": {"type": "integer"}, "collectionFormat": "csv"}),
        );
        assert_eq!(
            p,
            json!({"name": "ids", "in": "query", "style": "form", "explode": false, "schema": {"type": "array", "items": {"type": "integer"}}})
        );
    }
}
