//! The security schemes operations use: one constructor argument each, and `_credentials`,
//! which turns the arguments given into what the runtime applies.

use crate::ir::{ApiKeyLocation, SecurityKind};

use crate::targets::python::{docs, names, Ctx};

/// Names a constructor argument must not take: the constructor's own and the modules it uses.
pub(super) const CTOR_RESERVED: &[&str] = &[
    "self",
    "base_url",
    "headers",
    "timeout",
    "read_timeout",
    "max_body_bytes",
    "max_redirects",
    "http_client",
    "operation_base_urls",
    "retry",
    "typing",
    "httpx",
];

/// The security schemes operations use: one constructor argument each.
pub(super) struct Auth {
    /// (index into the API's schemes, constructor argument, scheme)
    pub(super) schemes: Vec<(usize, String)>,
    pub(super) arg_names: Vec<String>,
    pub(super) kinds: Vec<SecurityKind>,
    pub(super) scheme_names: Vec<String>,
    descriptions: Vec<Option<String>>,
}

impl Auth {
    pub(super) fn new(ctx: &Ctx) -> Self {
        let used = ctx.api.used_security_schemes();
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

    pub(super) fn arg_type(kind: &SecurityKind) -> &'static str {
        match kind {
            SecurityKind::HttpBasic => "tuple[str, str] | None",
            _ => "str | None",
        }
    }

    /// `_credentials(...)`: the credentials given to a constructor, keyed by scheme name.
    pub(super) fn credentials_fn(&self) -> String {
        let params: Vec<String> =
            self.schemes.iter().zip(&self.kinds).map(|((_, a), k)| format!("{a}: {}", Self::arg_type(k))).collect();
        let mut out = format!("\n\ndef _credentials({}) -> dict[str, _runtime.Credential]:\n", params.join(", "));
        out.push_str("    credentials: dict[str, _runtime.Credential] = {}\n");
        for (((_, arg), kind), scheme) in self.schemes.iter().zip(&self.kinds).zip(&self.scheme_names) {
            let value = Self::credential(kind, arg);
            out.push_str(&format!(
                "    if {arg} is not None:\n        credentials[{}] = {value}\n",
                docs::literal(scheme)
            ));
        }
        out.push_str("    return credentials\n");
        out
    }

    /// The runtime credential of a scheme of `kind` made of the argument or local `arg`.
    pub(super) fn credential(kind: &SecurityKind, arg: &str) -> String {
        match kind {
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
        }
    }

    /// The position of the API's scheme `index` among the constructor's.
    pub(super) fn position(&self, index: usize) -> Option<usize> {
        self.schemes.iter().position(|(i, _)| *i == index)
    }

    pub(super) fn arg_docs(&self) -> Vec<String> {
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

    pub(super) fn name_of(&self, index: usize) -> Option<&str> {
        self.schemes.iter().position(|(i, _)| *i == index).map(|p| self.scheme_names[p].as_str())
    }
}
