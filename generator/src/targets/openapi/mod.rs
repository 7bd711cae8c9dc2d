//! The OpenAPI target: the IR written back as one bundled, normalized OpenAPI 3.1 JSON document.
//!
//! Every named type is `components/schemas/<IR name>` and every `$ref` is internal, so the
//! output stands alone. Lowering the output gives back the same IR (up to where each type was
//! defined): that is what makes it a faithful bundle, and `tests/openapi.rs` checks it.

mod operations;
mod schemas;

use std::path::PathBuf;

use serde_json::{json, Map, Value};

use crate::ir::{Api, ApiKeyLocation, SecurityKind, SecurityScheme, Server};

use super::{EmitError, File};

/// The files of the openapi output for `api`: one `openapi.json`. `name` is not needed: the
/// document keeps the API's own title.
pub fn generate(api: &Api, name: &str) -> Result<Vec<File>, EmitError> {
    let _ = name;
    let text = serde_json::to_string_pretty(&document(api))
        .map(super::escape::json)
        .map_err(|e| EmitError::new("openapi", format!("the document does not serialize: {e}")))?;
    Ok(vec![File { path: PathBuf::from("openapi.json"), contents: format!("{text}\n") }])
}

/// The whole document, keys in a fixed order.
pub fn document(api: &Api) -> Value {
    let mut doc = Map::new();
    doc.insert("openapi".into(), json!("3.1.0"));
    // JSON has no comments: the provenance header is an extension.
    doc.insert("x-generated-by".into(), json!(format!("switchboard-generator from `{}`; do not edit", api.source)));
    doc.insert("info".into(), info(api));
    doc.insert("servers".into(), servers(&api.servers));
    doc.insert("paths".into(), Value::Object(operations::paths(api)));
    let mut components = Map::new();
    components.insert("schemas".into(), Value::Object(schemas::components(api)));
    if !api.security_schemes.is_empty() {
        let schemes: Map<String, Value> = scheme_keys(api)
            .into_iter()
            .zip(&api.security_schemes)
            .map(|(key, s)| (key.clone(), security_scheme(&key, s)))
            .collect();
        components.insert("securitySchemes".into(), Value::Object(schemes));
    }
    doc.insert("components".into(), Value::Object(components));
    Value::Object(doc)
}

fn info(api: &Api) -> Value {
    let mut info = Map::new();
    info.insert("title".into(), json!(api.title));
    info.insert("version".into(), json!(api.version));
    if let Some(d) = &api.description {
        info.insert("description".into(), json!(d));
    }
    Value::Object(info)
}

pub(crate) fn servers(list: &[Server]) -> Value {
    Value::Array(list.iter().map(server).collect())
}

fn server(s: &Server) -> Value {
    let mut out = Map::new();
    out.insert("url".into(), json!(s.url));
    if let Some(d) = &s.description {
        out.insert("description".into(), json!(d));
    }
    if !s.variables.is_empty() {
        let mut vars = Map::new();
        for v in &s.variables {
            let mut var = Map::new();
            if !v.allowed.is_empty() {
                var.insert("enum".into(), json!(v.allowed));
            }
            var.insert("default".into(), json!(v.default));
            if let Some(d) = &v.description {
                var.insert("description".into(), json!(d));
            }
            vars.insert(v.name.clone(), Value::Object(var));
        }
        out.insert("variables".into(), Value::Object(vars));
    }
    Value::Object(out)
}

/// Component keys of the security schemes: OpenAPI allows only `A-Z a-z 0-9 . _ -`, so others
/// become `_` (and the scheme keeps its name in `x-switchboard-name`).
pub(crate) fn scheme_keys(api: &Api) -> Vec<String> {
    let mut taken = std::collections::HashSet::new();
    api.security_schemes
        .iter()
        .map(|s| {
            let base: String = s
                .name
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') { c } else { '_' })
                .collect();
            let base = if base.is_empty() { "scheme".to_string() } else { base };
            let mut key = base.clone();
            let mut n = 2;
            while !taken.insert(key.clone()) {
                key = format!("{base}{n}");
                n += 1;
            }
            key
        })
        .collect()
}

fn security_scheme(key: &str, s: &SecurityScheme) -> Value {
    let mut out = Map::new();
    if key != s.name {
        out.insert("x-switchboard-name".into(), json!(s.name));
    }
    match &s.kind {
        SecurityKind::ApiKey { location, parameter } => {
            out.insert("type".into(), json!("apiKey"));
            out.insert("name".into(), json!(parameter));
            let place = match location {
                ApiKeyLocation::Header => "header",
                ApiKeyLocation::Query => "query",
                ApiKeyLocation::Cookie => "cookie",
            };
            out.insert("in".into(), json!(place));
        }
        SecurityKind::HttpBasic => {
            out.insert("type".into(), json!("http"));
            out.insert("scheme".into(), json!("basic"));
        }
        SecurityKind::HttpBearer { format } => {
            out.insert("type".into(), json!("http"));
            out.insert("scheme".into(), json!("bearer"));
            if let Some(f) = format {
                out.insert("bearerFormat".into(), json!(f));
            }
        }
        SecurityKind::OtherHttp { scheme } => {
            out.insert("type".into(), json!("http"));
            out.insert("scheme".into(), json!(scheme));
        }
        SecurityKind::OAuth2 => {
            out.insert("type".into(), json!("oauth2"));
            // The IR keeps no flows: clients are handed an access token.
            out.insert("flows".into(), json!({}));
        }
        SecurityKind::OpenIdConnect => {
            out.insert("type".into(), json!("openIdConnect"));
            out.insert("openIdConnectUrl".into(), json!(s.open_id_connect_url.clone().unwrap_or_default()));
        }
    }
    if let Some(d) = &s.description {
        out.insert("description".into(), json!(d));
    }
    Value::Object(out)
}
