//! The `x-switchboard-*` extensions: what switchboard reads beyond OpenAPI itself.
//!
//! - `x-switchboard-login` on an operation: it obtains a credential (see [`Login`]).
//! - `x-switchboard-name` on a security scheme: its name as written, when a bundle had to rename
//!   its key to one OpenAPI allows.

use serde_json::Value;

use super::context::text;
use super::Lowerer;
use crate::ir::{Login, Payload, RequestBody};
use crate::load::Loc;

/// The key of the login extension on an operation.
pub(super) const LOGIN: &str = "x-switchboard-login";

/// The name of the security scheme `s` under the key `key`.
pub(super) fn scheme_name(s: &Value, key: &str) -> String {
    // A bundle renames keys OpenAPI does not allow and keeps the name in `x-switchboard-name`.
    text(s, "x-switchboard-name").unwrap_or_else(|| key.to_string())
}

impl Lowerer<'_> {
    /// `x-switchboard-login: {scheme: <security scheme>, token: <JSON pointer>}`.
    pub(super) fn login(&mut self, loc: &Loc, body: &Option<RequestBody>) -> Option<Login> {
        let node = self.node(loc);
        let v = node.get()?;
        let help =
            Some("write `x-switchboard-login: {scheme: <an apiKey or bearer scheme>, token: /pointer/to/token}`");
        let (Some(scheme), Some(token)) = (text(v, "scheme"), text(v, "token")) else {
            self.warn(loc, "`x-switchboard-login` needs `scheme` and `token`; it is ignored".into(), help);
            return None;
        };
        let Some(&index) = self.schemes.get(&scheme) else {
            self.warn(
                &loc.child("scheme"),
                format!("`x-switchboard-login` names `{scheme}`, which is not a security scheme; it is ignored"),
                help,
            );
            return None;
        };
        if !token.starts_with('/') {
            self.warn(
                &loc.child("token"),
                format!("`{token}` is not a JSON pointer; it is ignored"),
                Some("write the token's place in the response body as a JSON pointer, e.g. `/auth_token`"),
            );
            return None;
        }
        let json_body = body.as_ref().is_none_or(|b| b.contents.iter().any(|c| matches!(c.payload, Payload::Json(_))));
        if !json_body {
            self.warn(
                loc,
                "a login operation must take a JSON body (or none); `x-switchboard-login` is ignored".into(),
                None,
            );
            return None;
        }
        Some(Login { scheme: index, token })
    }
}
