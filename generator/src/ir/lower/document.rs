//! Document-level objects: the OpenAPI version, `info`, servers, security schemes and
//! security requirements.

use serde_json::Value;

use super::context::text;
use super::extensions::scheme_name;
use super::Lowerer;
use crate::ir::{ApiKeyLocation, SecurityKind, SecurityRequirement, SecurityScheme, Server, ServerVariable};
use crate::load::Loc;

/// What the root document's `info` says.
pub(super) struct Info {
    pub title: String,
    pub version: String,
    pub description: Option<String>,
}

impl Lowerer<'_> {
    /// The `info` of the root document `doc` at `root`, or `None` (with an error) when it is not
    /// an OpenAPI 3 document; `name` is the title of an API without one.
    pub(super) fn info(&mut self, root: &Loc, doc: &Value, name: &str) -> Option<Info> {
        let Some(doc_obj) = doc.as_object() else {
            self.error(
                root,
                "the document is not a mapping".into(),
                Some("an OpenAPI document starts with `openapi: 3.1.0`"),
            );
            return None;
        };
        match doc_obj.get("openapi").and_then(Value::as_str) {
            Some(v) if v.starts_with("3.") => {}
            Some(v) => {
                self.error(
                    &root.child("openapi"),
                    format!("OpenAPI version `{v}` is not supported"),
                    Some("use OpenAPI 3.0 or 3.1"),
                );
                return None;
            }
            None => {
                // A Swagger 2.0 document was converted when loaded; this one says another version,
                // or writes `2.0` as a number (as unquoted YAML does).
                let help = if doc_obj.contains_key("swagger") {
                    "Swagger 2.0 is read (converted to OpenAPI 3) when the document says `swagger: \"2.0\"`, \
                     with the version as a string; convert other versions to OpenAPI 3"
                } else {
                    "add `openapi: 3.1.0` at the top, or give the root document of the API"
                };
                self.error(root, "this is not an OpenAPI 3 document: it has no `openapi` key".into(), Some(help));
                return None;
            }
        }
        let info = doc.get("info").unwrap_or(&Value::Null);
        let title = text(info, "title").unwrap_or_else(|| name.to_string());
        let version =
            info.get("version").map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string)).unwrap_or_default();
        Some(Info { title, version, description: text(info, "description") })
    }

    pub(super) fn servers(&mut self, loc: &Loc) -> Option<Vec<Server>> {
        let node = self.node(loc);
        let Value::Array(list) = node.get()? else { return None };
        if list.is_empty() {
            return None;
        }
        let mut out = Vec::new();
        for (i, s) in list.iter().enumerate() {
            let Some(url) = text(s, "url") else {
                self.warn(&loc.index(i), "a server without `url` is ignored".into(), None);
                continue;
            };
            let mut variables = Vec::new();
            if let Some(Value::Object(vars)) = s.get("variables") {
                for (name, var) in vars {
                    variables.push(ServerVariable {
                        name: name.clone(),
                        default: var
                            .get("default")
                            .map(|d| d.as_str().map_or_else(|| d.to_string(), str::to_string))
                            .unwrap_or_default(),
                        allowed: var
                            .get("enum")
                            .and_then(Value::as_array)
                            .map(|a| {
                                a.iter().map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string)).collect()
                            })
                            .unwrap_or_default(),
                        description: text(var, "description"),
                    });
                }
            }
            out.push(Server { url, description: text(s, "description"), variables });
        }
        Some(out)
    }

    pub(super) fn security_schemes(&mut self, loc: &Loc) -> Vec<SecurityScheme> {
        let mut out = Vec::new();
        let node = self.node(loc);
        let Some(Value::Object(schemes)) = node.get() else { return out };
        for key in schemes.keys() {
            let Some(target) = self.deref(&loc.child(key)) else { continue };
            let node = self.node(&target);
            let Some(s) = node.get() else { continue };
            let kind = match s.get("type").and_then(Value::as_str) {
                Some("apiKey") => {
                    let location = match s.get("in").and_then(Value::as_str) {
                        Some("query") => ApiKeyLocation::Query,
                        Some("cookie") => ApiKeyLocation::Cookie,
                        Some("header") => ApiKeyLocation::Header,
                        other => {
                            self.warn(
                                &target.child("in"),
                                format!(
                                    "apiKey `in: {}` is not header, query or cookie; a header is assumed",
                                    other.unwrap_or("(missing)")
                                ),
                                None,
                            );
                            ApiKeyLocation::Header
                        }
                    };
                    let Some(parameter) = text(s, "name") else {
                        self.warn(
                            &target,
                            format!("apiKey scheme `{key}` has no `name`; it is ignored"),
                            Some("name the header, query parameter or cookie that carries the key"),
                        );
                        continue;
                    };
                    SecurityKind::ApiKey { location, parameter }
                }
                Some("http") => match s.get("scheme").and_then(Value::as_str).map(str::to_ascii_lowercase).as_deref() {
                    Some("basic") => SecurityKind::HttpBasic,
                    Some("bearer") => SecurityKind::HttpBearer { format: text(s, "bearerFormat") },
                    other => SecurityKind::OtherHttp { scheme: other.unwrap_or("").to_string() },
                },
                Some("oauth2") => SecurityKind::OAuth2,
                Some("openIdConnect") => SecurityKind::OpenIdConnect,
                other => {
                    self.warn(
                        &target,
                        format!(
                            "security scheme `{key}` has unknown type `{}`; it is ignored",
                            other.unwrap_or("(missing)")
                        ),
                        None,
                    );
                    continue;
                }
            };
            self.schemes.insert(key.clone(), out.len());
            out.push(SecurityScheme {
                name: scheme_name(s, key),
                description: text(s, "description"),
                kind,
                open_id_connect_url: text(s, "openIdConnectUrl"),
            });
        }
        out
    }

    pub(super) fn security(&mut self, loc: &Loc) -> Option<Vec<SecurityRequirement>> {
        let node = self.node(loc);
        let Value::Array(list) = node.get()? else { return None };
        let mut out = Vec::new();
        for (i, req) in list.iter().enumerate() {
            let Some(obj) = req.as_object() else { continue };
            let mut schemes = Vec::new();
            for name in obj.keys() {
                match self.schemes.get(name) {
                    Some(i) => schemes.push(*i),
                    None => self.warn(
                        &loc.index(i).child(name),
                        format!("security requirement names `{name}`, which is not a security scheme"),
                        Some("declare it under components.securitySchemes"),
                    ),
                }
            }
            out.push(SecurityRequirement { schemes });
        }
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use crate::{load_api, Options};

    fn load(text: &str) -> Result<(), Vec<crate::Diagnostic>> {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let path = dir.path().join("api.yaml");
        std::fs::write(&path, text).expect("the document is written");
        load_api(&path, "api", Options::default()).result.map(|_| ()).map_err(|d| d.0)
    }

    #[test]
    fn swagger_2_0_is_read_and_other_swagger_versions_say_what_is() {
        let rest = "\ninfo: {title: t, version: '1'}\npaths: {}\n";
        assert!(load(&format!("swagger: '2.0'{rest}")).is_ok());
        for version in ["2.0", "'1.2'"] {
            let errors = load(&format!("swagger: {version}{rest}")).expect_err("not converted");
            let help = errors[0].help.as_deref().unwrap_or_default();
            assert!(help.starts_with("Swagger 2.0 is read (converted to OpenAPI 3) when"), "{help}");
        }
    }
}
