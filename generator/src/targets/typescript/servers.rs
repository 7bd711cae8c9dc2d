//! Servers: `DEFAULT_SERVER_URL`, a `servers` object (a URL per server, a function per server
//! with variables), and `serverUrl(variables)` for the first server when it has variables.

use super::docs::{first_line, Doc};
use super::names::{self, Scope};
use crate::ir::{Server, ServerVariable};

/// The servers part of `client.ts` and the value names it exports.
pub struct Servers {
    pub text: String,
    pub exports: Vec<String>,
}

/// A server's URL with every variable at its default.
pub fn default_url(server: &Server) -> String {
    let mut url = server.url.clone();
    for v in &server.variables {
        url = url.replace(&format!("{{{}}}", v.name), &v.default);
    }
    url
}

pub fn emit(servers: &[Server]) -> Servers {
    let mut text = String::new();
    let mut exports = vec!["DEFAULT_SERVER_URL".to_string(), "servers".to_string()];
    let default = servers.first().map(default_url).unwrap_or_else(|| "/".into());
    text.push_str(
        "/**\n * The first server the API document lists, with its variables at their defaults: the client's\n * default base URL.\n */\n",
    );
    text.push_str(&format!("export const DEFAULT_SERVER_URL = {};\n\n", names::string_literal(&default)));

    if let Some(first) = servers.first().filter(|s| !s.variables.is_empty()) {
        let mut doc = Doc::default();
        doc.text(&format!(
            "The URL of the first server, `{}`, with `variables` filled in (defaults for those left out).",
            first.url
        ));
        for v in &first.variables {
            doc.tag(&variable_tag(v));
        }
        text.push_str(&doc.render(""));
        text.push_str(&format!(
            "export function serverUrl(variables: {} = {{}}): string {{\n  return rt.fillServerUrl({}, {}, variables);\n}}\n\n",
            variables_type(&first.variables, ""),
            names::string_literal(&first.url),
            defaults_object(&first.variables)
        ));
        exports.push("serverUrl".into());
    }

    text.push_str("/** The servers the API document lists, by description. */\nexport const servers = {\n");
    let mut keys = Scope::default();
    for (i, server) in servers.iter().enumerate() {
        let label = server.description.clone().unwrap_or_else(|| format!("server {}", i + 1));
        let key = keys.camel(&label, "server");
        let mut doc = Doc::default();
        match &server.description {
            Some(d) => doc.text(&format!("`{}`: {}", server.url, first_line(d))),
            None => doc.text(&format!("`{}`", server.url)),
        };
        for v in &server.variables {
            doc.tag(&variable_tag(v));
        }
        text.push_str(&doc.render("  "));
        if server.variables.is_empty() {
            text.push_str(&format!("  {key}: {},\n", names::string_literal(&server.url)));
        } else {
            text.push_str(&format!(
                "  {key}: (variables: {} = {{}}): string => rt.fillServerUrl({}, {}, variables),\n",
                variables_type(&server.variables, "  "),
                names::string_literal(&server.url),
                defaults_object(&server.variables)
            ));
        }
    }
    text.push_str("} as const;\n");
    Servers { text, exports }
}

fn variable_tag(v: &ServerVariable) -> String {
    let mut tag = format!("@param variables.{} ", v.name);
    if let Some(d) = &v.description {
        tag.push_str(&format!("{} ", first_line(d)));
    }
    tag.push_str(&format!("(default `{}`", v.default));
    if !v.allowed.is_empty() {
        tag.push_str(&format!(
            "; one of {}",
            v.allowed.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>().join(", ")
        ));
    }
    tag.push(')');
    tag
}

/// `{ tenant?: string }`, with allowed values as a literal union.
fn variables_type(vars: &[ServerVariable], indent: &str) -> String {
    let mut out = String::from("{\n");
    for v in vars {
        let ty = if v.allowed.is_empty() {
            "string".to_string()
        } else {
            v.allowed.iter().map(|a| names::string_literal(a)).collect::<Vec<_>>().join(" | ")
        };
        if let Some(d) = &v.description {
            let mut doc = Doc::default();
            doc.text(d);
            out.push_str(&doc.render(&format!("{indent}  ")));
        }
        out.push_str(&format!("{indent}  {}?: {ty};\n", names::property(&v.name)));
    }
    out.push_str(&format!("{indent}}}"));
    out
}

fn defaults_object(vars: &[ServerVariable]) -> String {
    let entries: Vec<String> = vars
        .iter()
        .map(|v| {
            // In an object literal, `__proto__: x` (quoted or not) sets the prototype; only a
            // computed key makes it a key.
            let key = if v.name == "__proto__" {
                format!("[{}]", names::string_literal(&v.name))
            } else {
                names::property(&v.name)
            };
            format!("{key}: {}", names::string_literal(&v.default))
        })
        .collect();
    format!("{{ {} }}", entries.join(", "))
}
