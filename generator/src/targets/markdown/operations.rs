//! Operations: an index, then one section per operation.

use crate::ir::{Api, Content, Operation, ParamLocation, ParamStyle, Payload, Response, Status};

use super::text::{cell, code};
use super::types::expression;
use super::{heading, servers, Links};

pub fn section(out: &mut String, api: &Api, links: &Links) {
    if api.operations.is_empty() {
        out.push_str("The API has no operations.\n\n");
        return;
    }
    out.push_str("| Operation | Method and path | Summary |\n| --- | --- | --- |\n");
    for (op, anchor) in api.operations.iter().zip(&links.operations) {
        out.push_str(&format!(
            "| [{}](#{anchor}) | {} | {} |\n",
            cell(&code(&op.id)),
            cell(&code(&format!("{} {}", op.method, op.path))),
            cell(&links.prose(op.summary.as_deref().unwrap_or("")))
        ));
    }
    out.push('\n');
    for (op, anchor) in api.operations.iter().zip(&links.operations) {
        operation(out, api, links, op, anchor);
    }
}

fn operation(out: &mut String, api: &Api, links: &Links, op: &Operation, anchor: &str) {
    heading(out, 3, &format!("{} ({})", code(&format!("{} {}", op.method, op.path)), code(&op.id)), anchor);
    if op.deprecated {
        out.push_str("**Deprecated.**\n\n");
    }
    if let Some(s) = &op.summary {
        out.push_str(&format!("**{}**\n\n", links.line(s.trim())));
    }
    if let Some(d) = &op.description {
        out.push_str(&format!("{}\n\n", links.prose(d.trim())));
    }
    out.push_str(&format!("Authentication: {}\n\n", security(api, links, op)));
    if op.servers != api.servers {
        out.push_str("Servers of this operation:\n\n");
        out.push_str(&servers(&op.servers, links));
    }
    if let Some(login) = &op.login {
        if let (Some(scheme), Some(anchor)) = (api.security_schemes.get(login.scheme), links.schemes.get(login.scheme))
        {
            out.push_str(&format!(
                "This operation logs in: {} in its response body is the credential for [{}](#{anchor}).\n\n",
                code(&login.token),
                code(&scheme.name)
            ));
        }
    }
    if let Some(p) = &op.pagination {
        out.push_str(&format!("{}\n\n", paging(p)));
    }
    if !op.parameters.is_empty() {
        out.push_str("Parameters:\n\n| Name | In | Type | Required | Description |\n| --- | --- | --- | --- | --- |\n");
        for p in &op.parameters {
            let place = p.location.as_str();
            let mut notes: Vec<String> = p.description.iter().map(|d| links.prose(d.trim())).collect();
            if p.deprecated {
                notes.push("Deprecated.".into());
            }
            notes.extend(crate::targets::facts::sentence(&crate::targets::facts::parameter(p)));
            let default_style =
                if matches!(p.location, ParamLocation::Query | ParamLocation::Cookie) { "form" } else { "simple" };
            if p.style.as_str() != default_style || p.explode != (p.style == ParamStyle::Form) {
                notes.push(format!(
                    "Serialized with style {}{}.",
                    code(p.style.as_str()),
                    if p.explode { ", exploded" } else { "" }
                ));
            }
            out.push_str(&format!(
                "| {} | {place} | {} | {} | {} |\n",
                cell(&code(&p.name)),
                cell(&expression(api, links, &p.schema)),
                if p.required { "yes" } else { "no" },
                cell(&notes.join("\n\n"))
            ));
        }
        out.push('\n');
    }
    if let Some(body) = &op.body {
        out.push_str(&format!("Request body ({}):", if body.required { "required" } else { "optional" }));
        if let Some(d) = &body.description {
            out.push_str(&format!(" {}", links.prose(d.trim())));
        }
        out.push_str("\n\n");
        if body.contents.is_empty() {
            out.push_str("No media types are declared.\n\n");
        } else {
            out.push_str("| Media type | Type |\n| --- | --- |\n");
            for c in &body.contents {
                out.push_str(&format!("| {} | {} |\n", cell(&code(&c.media_type)), cell(&payload(api, links, c))));
            }
            out.push('\n');
        }
    }
    if !op.responses.is_empty() {
        out.push_str("Responses:\n\n| Status | Description | Media types | Type |\n| --- | --- | --- | --- |\n");
        for r in &op.responses {
            response(out, api, links, r);
        }
        out.push('\n');
        for r in op.responses.iter().filter(|r| !r.headers.is_empty()) {
            out.push_str(&format!(
                "Headers of the {} response:\n\n| Header | Type | Description |\n| --- | --- | --- |\n",
                code(&status(r))
            ));
            for h in &r.headers {
                out.push_str(&format!(
                    "| {} | {} | {} |\n",
                    cell(&code(&h.name)),
                    cell(&expression(api, links, &h.schema)),
                    cell(&links.prose(h.description.as_deref().unwrap_or("")))
                ));
            }
            out.push('\n');
        }
    }
}

fn response(out: &mut String, api: &Api, links: &Links, r: &Response) {
    let media: Vec<String> = r.contents.iter().map(|c| code(&c.media_type)).collect();
    let mut kinds: Vec<String> = Vec::new();
    for c in &r.contents {
        let t = payload(api, links, c);
        if !kinds.contains(&t) {
            kinds.push(t);
        }
    }
    out.push_str(&format!(
        "| {} | {} | {} | {} |\n",
        code(&status(r)),
        cell(&links.prose(r.description.as_deref().unwrap_or(""))),
        cell(&if media.is_empty() { "no body".to_string() } else { media.join(", ") }),
        cell(&kinds.join(", "))
    ));
}

fn status(r: &Response) -> String {
    match r.status {
        Status::Code(c) => c.to_string(),
        Status::Range(d) => format!("{d}XX"),
        Status::Default => "default".into(),
    }
}

fn payload(api: &Api, links: &Links, c: &Content) -> String {
    match &c.payload {
        Payload::Json(s) => expression(api, links, s),
        Payload::Form(s) => format!("form of {}", expression(api, links, s)),
        Payload::Multipart(s) => format!("multipart form of {}", expression(api, links, s)),
        Payload::Text => "text".into(),
        Payload::Binary => "bytes".into(),
    }
}

/// `none`, or the alternatives: each a scheme link or several joined by "and".
fn security(api: &Api, links: &Links, op: &Operation) -> String {
    if op.security.is_empty() {
        return "none.".into();
    }
    let alternatives: Vec<String> = op
        .security
        .iter()
        .map(|req| {
            if req.schemes.is_empty() {
                return "anonymous access".to_string();
            }
            let schemes: Vec<String> = req
                .schemes
                .iter()
                .filter_map(|i| {
                    Some(format!("[{}](#{})", code(&api.security_schemes.get(*i)?.name), links.schemes.get(*i)?))
                })
                .collect();
            schemes.join(" and ")
        })
        .collect();
    if alternatives.len() == 1 {
        format!("{}.", alternatives[0])
    } else {
        format!("one of {}.", alternatives.join("; "))
    }
}

/// How to walk the pages of a paginated operation, in words.
fn paging(p: &crate::ir::Pagination) -> String {
    use crate::ir::PageStyle;
    let items = if p.items.is_empty() { "the body".to_string() } else { format!("{} of the body", code(&p.items)) };
    let next = match &p.style {
        PageStyle::Cursor { param, next } => {
            format!(
                "send the cursor at {} of each page as {} for the next; a page without one is the last",
                code(next),
                code(param)
            )
        }
        PageStyle::Page { param, first, total_pages, last } => {
            let mut end = vec!["an empty page".to_string()];
            if let Some(t) = total_pages {
                end.push(format!("the page numbered by {}", code(t)));
            }
            if let Some(l) = last {
                end.push(format!("a page whose {} is true", code(l)));
            }
            format!("pages are numbered in {} from {first}; the last is {}", code(param), end.join(" or "))
        }
        PageStyle::Offset { param, total } => {
            let end = total.as_ref().map(|t| format!(" or at the total in {}", code(t))).unwrap_or_default();
            format!("advance {} by the number of items received; the walk ends on an empty page{end}", code(param))
        }
        PageStyle::LinkHeader => {
            "the next page is the URL of the `Link` header with `rel=\"next\"`; a page without one is the last".into()
        }
        PageStyle::NextUrl { next } => {
            format!(
                "the next page is the URL at {} of each page (on the same origin); a page without one is the last",
                code(next)
            )
        }
    };
    format!("Paginated: the items are {items}; {next}. The Rust client walks every page with `.stream()` (items) and `.pages()` (whole pages), the TypeScript client with `<operation>Items()` and `<operation>Pages()`, the Python clients with `<operation>_items()` and `<operation>_pages()`.")
}
