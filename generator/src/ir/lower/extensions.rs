//! The `x-switchboard-*` extensions: what switchboard reads beyond OpenAPI itself.
//!
//! - `x-switchboard-login` on an operation: it obtains a credential (see [`Login`]).
//! - `x-switchboard-pagination` on an operation: it returns one page of a list (see
//!   [`Pagination`]).
//! - `x-switchboard-stream` on a streamed media type (`text/event-stream`): the data that ends
//!   the stream (`{done: "[DONE]"}`).
//! - `x-switchboard-name` on a security scheme: its name as written, when a bundle had to rename
//!   its key to one OpenAPI allows.

use serde_json::Value;

use super::context::text;
use super::Lowerer;
use crate::ir::{Login, PageStyle, Pagination, ParamLocation, Parameter, Payload, RequestBody, StreamKind};
use crate::load::Loc;

/// The key of the login extension on an operation.
pub(super) const LOGIN: &str = "x-switchboard-login";

/// The key of the stream extension on a media type.
pub(super) const STREAM: &str = "x-switchboard-stream";

/// The key of the pagination extension on an operation.
pub(super) const PAGINATION: &str = "x-switchboard-pagination";

const PAGINATION_HELP: &str = "write `x-switchboard-pagination: {items: /pointer/to/list, <style>}` with one style: \
     `cursor: {param: <query parameter>, next: /pointer}`, `page: {param: <query parameter>, first: 1, total_pages: /pointer, last: /pointer}`, \
     `offset: {param: <query parameter>, total: /pointer}`, `link: next` or `next_url: /pointer`";

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

    /// `x-switchboard-stream: {done: <data>}` on an event-stream media type: the event data that
    /// ends the stream (OpenAI-style `[DONE]`).
    pub(super) fn stream_done(&mut self, media: &Loc, kind: StreamKind) -> Option<String> {
        let loc = media.child(STREAM);
        let node = self.node(&loc);
        let v = node.get()?.clone();
        let help = Some("write `x-switchboard-stream: {done: \"[DONE]\"}` on a `text/event-stream` media type");
        if kind != StreamKind::Events {
            self.warn(&loc, format!("`{STREAM}` applies to `text/event-stream` bodies only; it is ignored"), help);
            return None;
        }
        match text(&v, "done") {
            Some(done) if !done.is_empty() => Some(done),
            _ => {
                self.warn(&loc, format!("`{STREAM}` needs `done`, the data of the last event; it is ignored"), help);
                None
            }
        }
    }

    /// `x-switchboard-pagination`: where a page's items are and where the next page comes from.
    pub(super) fn pagination(&mut self, loc: &Loc, parameters: &[Parameter]) -> Option<Pagination> {
        let node = self.node(loc);
        let v = node.get()?.clone();
        let help = Some(PAGINATION_HELP);
        let pointer = |p: &Option<String>| p.as_deref().is_none_or(|p| p.is_empty() || p.starts_with('/'));
        let items = text(&v, "items").unwrap_or_default();
        if !pointer(&Some(items.clone())) {
            self.warn(&loc.child("items"), format!("`{items}` is not a JSON pointer; the pagination is ignored"), help);
            return None;
        }
        let styles: Vec<&str> =
            ["cursor", "page", "offset", "link", "next_url"].into_iter().filter(|k| v.get(*k).is_some()).collect();
        let [style] = styles.as_slice() else {
            self.warn(
                loc,
                format!(
                    "`{PAGINATION}` needs exactly one of `cursor`, `page`, `offset`, `link`, `next_url`; it is ignored"
                ),
                help,
            );
            return None;
        };
        let style_loc = loc.child(style);
        let part = v.get(*style).cloned().unwrap_or_default();
        let param = text(&part, "param");
        let style = match *style {
            "cursor" => match (param.clone(), text(&part, "next")) {
                (Some(param), Some(next)) if next.starts_with('/') => Some(PageStyle::Cursor { param, next }),
                _ => None,
            },
            "page" => {
                let (total_pages, last) = (text(&part, "total_pages"), text(&part, "last"));
                let first = part.get("first").and_then(serde_json::Value::as_i64).unwrap_or(1);
                match param.clone() {
                    Some(param) if pointer(&total_pages) && pointer(&last) => {
                        Some(PageStyle::Page { param, first, total_pages, last })
                    }
                    _ => None,
                }
            }
            "offset" => {
                let total = text(&part, "total");
                match param.clone() {
                    Some(param) if pointer(&total) => Some(PageStyle::Offset { param, total }),
                    _ => None,
                }
            }
            "link" => (part.as_str() == Some("next")).then_some(PageStyle::LinkHeader),
            _ => part.as_str().filter(|p| p.starts_with('/')).map(|next| PageStyle::NextUrl { next: next.to_string() }),
        };
        let Some(style) = style else {
            self.warn(
                &style_loc,
                format!("this `{PAGINATION}` style is incomplete or not a JSON pointer; the pagination is ignored"),
                help,
            );
            return None;
        };
        if let Some(param) = &param {
            let is_query = parameters.iter().any(|p| p.name == *param && p.location == ParamLocation::Query);
            if !is_query {
                self.warn(
                    &style_loc.child("param"),
                    format!("`{param}` is not a query parameter of this operation; the pagination is ignored"),
                    Some("name the query parameter that carries the cursor, page or offset, and declare it under `parameters`"),
                );
                return None;
            }
        }
        Some(Pagination { items, style })
    }

    /// Remembers where operation `id`'s pagination is, for [`Self::check_paginations`].
    pub(super) fn note_pagination(&mut self, id: &str, loc: &Loc) {
        self.paginations.push((id.to_string(), loc.clone()));
    }

    /// Warns about a pagination whose `items` points at no list in the operation's success body
    /// (then clients cannot walk it, and do not offer to).
    pub(super) fn check_paginations(&mut self, api: &crate::ir::Api) {
        for (id, loc) in std::mem::take(&mut self.paginations) {
            let Some(op) = api.operations.iter().find(|o| o.id == id) else { continue };
            if op.pagination.is_some() && api.pagination_item(op).is_none() {
                self.warn(
                    &loc.child("items"),
                    format!("`items` of `{PAGINATION}` on `{id}` points at no list in its success body; no client walks its pages"),
                    Some("write the JSON pointer of the array of items in the first success response's JSON body, e.g. `/data`"),
                );
            }
        }
    }
}
