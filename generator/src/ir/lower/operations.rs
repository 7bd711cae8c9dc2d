//! Paths and operations: parameters, request bodies, responses and their media types.

use std::collections::HashSet;

use serde_json::Value;

use super::context::{flag, text};
use super::extensions;
use super::Lowerer;
use crate::ir::media::{self, MediaKind};
use crate::ir::names::pascal;
use crate::ir::{
    Content, Method, Operation, ParamLocation, ParamStyle, Parameter, PathTemplate, Payload, Primitive, PrimitiveKind,
    RequestBody, Response, ResponseHeader, Schema, SecurityRequirement, Server, Status, StreamKind, Streamed,
};
use crate::load::Loc;

const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

impl Lowerer<'_> {
    /// The operations under `paths` (at `paths_loc`), in document order, each with its own
    /// servers or else `servers`, and its own security or else `global_security`.
    pub(super) fn operations(
        &mut self,
        paths_loc: &Loc,
        servers: &[Server],
        global_security: &[SecurityRequirement],
    ) -> Vec<Operation> {
        let mut operations = Vec::new();
        let node = self.node(paths_loc);
        if let Some(Value::Object(paths)) = node.get() {
            let mut seen_ids = HashSet::new();
            for path in paths.keys() {
                let Some(item_loc) = self.deref(&paths_loc.child(path)) else { continue };
                let node = self.node(&item_loc);
                let Some(Value::Object(item)) = node.get() else {
                    continue;
                };
                let path_servers = self.servers(&item_loc.child("servers"));
                for method in item.keys().filter(|k| METHODS.contains(&k.as_str())) {
                    let op_loc = item_loc.child(method);
                    if let Some(mut op) = self.operation(path, method, &op_loc, &item_loc, global_security) {
                        op.servers = self
                            .servers(&op_loc.child("servers"))
                            .or_else(|| path_servers.clone())
                            .unwrap_or_else(|| servers.to_vec());
                        if !seen_ids.insert(op.id.to_ascii_lowercase()) {
                            let base = op.id.clone();
                            let mut n = 2;
                            while !seen_ids.insert(format!("{base}{n}").to_ascii_lowercase()) {
                                n += 1;
                            }
                            op.id = format!("{base}{n}");
                            self.warn(
                                &op_loc.child("operationId"),
                                format!("operationId `{base}` is used twice; this one is called `{}`", op.id),
                                Some("give every operation its own operationId"),
                            );
                        }
                        operations.push(op);
                    }
                }
            }
        }
        operations
    }

    fn operation(
        &mut self,
        path: &str,
        method: &str,
        loc: &Loc,
        item_loc: &Loc,
        global_security: &[SecurityRequirement],
    ) -> Option<Operation> {
        let node = self.node(loc);
        let op = node.get()?;
        let id = match text(op, "operationId") {
            Some(id) => id,
            None => {
                let derived = heck::ToLowerCamelCase::to_lower_camel_case(
                    format!("{method} {}", path.replace(['{', '}'], " ")).as_str(),
                );
                self.warn(
                    loc,
                    format!("`{} {path}` has no operationId; it is called `{derived}`", method.to_uppercase()),
                    Some("add an operationId"),
                );
                derived
            }
        };
        let op_name = pascal(&id);
        self.not_generated(
            op,
            loc,
            "callbacks",
            || format!("callbacks of `{id}` are read but no code is generated for them"),
            None,
        );

        let parameters = self.parameters(path, loc, item_loc, &op_name);
        let body = self.request_body(&loc.child("requestBody"), &op_name);
        let responses = self.responses(&loc.child("responses"), &op_name);
        let security = self.security(&loc.child("security")).unwrap_or_else(|| global_security.to_vec());
        let login = self.login(&loc.child(extensions::LOGIN), &body);
        let pagination = self.pagination(&loc.child(extensions::PAGINATION), &parameters);
        if pagination.is_some() {
            self.note_pagination(&id, &loc.child(extensions::PAGINATION));
        }
        Some(Operation {
            id,
            method: Method::from_key(method).unwrap_or(Method::Get),
            path: PathTemplate::parse(path),
            summary: text(op, "summary"),
            description: text(op, "description"),
            deprecated: flag(op, "deprecated"),
            tags: op
                .get("tags")
                .and_then(Value::as_array)
                .map(|tags| tags.iter().filter_map(Value::as_str).map(str::to_string).collect())
                .unwrap_or_default(),
            parameters,
            body,
            responses,
            security,
            servers: Vec::new(),
            login,
            pagination,
        })
    }

    fn parameters(&mut self, path: &str, op_loc: &Loc, item_loc: &Loc, op_name: &str) -> Vec<Parameter> {
        let mut declared: Vec<(Loc, Value)> = Vec::new();
        for list_loc in [item_loc.child("parameters"), op_loc.child("parameters")] {
            let node = self.node(&list_loc);
            let Some(Value::Array(list)) = node.get() else { continue };
            for i in 0..list.len() {
                let Some(target) = self.deref(&list_loc.index(i)) else { continue };
                let Some(p) = self.node(&target).get().cloned() else { continue };
                let key = (text(&p, "name"), text(&p, "in"));
                // Operation-level parameters override path-level ones with the same name and place.
                declared.retain(|(_, q)| (text(q, "name"), text(q, "in")) != key);
                declared.push((target, p));
            }
        }
        let template: Vec<String> = PathTemplate::parse(path).params().map(str::to_string).collect();
        let mut path_params: Vec<Option<Parameter>> = vec![None; template.len()];
        let mut others = Vec::new();
        for (ploc, p) in declared {
            let Some(name) = text(&p, "name") else {
                self.warn(&ploc, "a parameter without `name` is ignored".into(), None);
                continue;
            };
            let location = match p.get("in").and_then(Value::as_str) {
                Some("path") => ParamLocation::Path,
                Some("query") => ParamLocation::Query,
                Some("header") => ParamLocation::Header,
                Some("cookie") => ParamLocation::Cookie,
                other => {
                    self.warn(
                        &ploc.child("in"),
                        format!("parameter `{name}` has `in: {}`; it is ignored", other.unwrap_or("(missing)")),
                        Some("use path, query, header or cookie"),
                    );
                    continue;
                }
            };
            let schema_loc = if p.get("schema").is_some() {
                ploc.child("schema")
            } else if let Some(Value::Object(content)) = p.get("content") {
                match content.keys().next() {
                    Some(media) => ploc.child("content").child(media).child("schema"),
                    None => ploc.child("schema"),
                }
            } else {
                ploc.child("schema")
            };
            let schema = self.schema(&schema_loc, &format!("{op_name} {name}"), 0);
            self.media_examples(&ploc, &schema);
            let documented = self.parameter_facts(&ploc, &schema_loc);
            let style = text(&p, "style").map_or_else(
                || match location {
                    ParamLocation::Path | ParamLocation::Header => ParamStyle::Simple,
                    ParamLocation::Query | ParamLocation::Cookie => ParamStyle::Form,
                },
                |text| ParamStyle::parse(&text),
            );
            let explode = p.get("explode").and_then(Value::as_bool).unwrap_or(style == ParamStyle::Form);
            let param = Parameter {
                required: location == ParamLocation::Path || flag(&p, "required"),
                name: name.clone(),
                location,
                description: text(&p, "description"),
                deprecated: flag(&p, "deprecated"),
                schema,
                default: documented.default,
                example: documented.example,
                constraints: documented.constraints,
                style,
                explode,
            };
            if location == ParamLocation::Path {
                match template.iter().position(|t| *t == name) {
                    Some(i) => path_params[i] = Some(param),
                    None => self.warn(
                        &ploc,
                        format!("path parameter `{name}` does not appear in `{path}`; it is ignored"),
                        Some("remove it, or add `{name}` to the path"),
                    ),
                }
            } else {
                others.push(param);
            }
        }
        let mut out = Vec::new();
        for (i, slot) in path_params.into_iter().enumerate() {
            match slot {
                Some(p) => out.push(p),
                None => {
                    let name = template[i].clone();
                    self.warn(
                        op_loc,
                        format!(
                            "`{{{name}}}` in `{path}` is not declared as a path parameter; it is taken as a string"
                        ),
                        Some("declare it under `parameters` with `in: path`"),
                    );
                    out.push(Parameter {
                        name,
                        location: ParamLocation::Path,
                        required: true,
                        description: None,
                        deprecated: false,
                        schema: Schema::Primitive(Primitive { kind: PrimitiveKind::String, format: None }),
                        default: None,
                        example: None,
                        constraints: Default::default(),
                        style: ParamStyle::Simple,
                        explode: false,
                    });
                }
            }
        }
        out.extend(others);
        out
    }

    fn request_body(&mut self, loc: &Loc, op_name: &str) -> Option<RequestBody> {
        self.node(loc).get()?;
        let target = self.deref(loc)?;
        let node = self.node(&target);
        let body = node.get()?;
        let contents = self.contents(&target.child("content"), &format!("{op_name} Request"), true);
        Some(RequestBody { required: flag(body, "required"), description: text(body, "description"), contents })
    }

    fn responses(&mut self, loc: &Loc, op_name: &str) -> Vec<Response> {
        let mut out = Vec::new();
        let node = self.node(loc);
        let Some(Value::Object(map)) = node.get() else { return out };
        let mut first_success = true;
        for key in map.keys() {
            // The vocabulary check (load/vocabulary) warned about a key that is not a status.
            let Some(status) = parse_status(key) else { continue };
            let Some(target) = self.deref(&loc.child(key)) else { continue };
            let node = self.node(&target);
            let Some(resp) = node.get() else { continue };
            let hint = if status.is_success() && first_success {
                first_success = false;
                format!("{op_name} Response")
            } else {
                format!("{op_name} Response {key}")
            };
            self.not_generated(
                resp,
                &target,
                "links",
                || "response links are read but not followed by the generated client".into(),
                None,
            );
            let contents = self.contents(&target.child("content"), &hint, false);
            let mut headers = Vec::new();
            if let Some(Value::Object(hs)) = resp.get("headers") {
                for name in hs.keys() {
                    let Some(hloc) = self.deref(&target.child("headers").child(name)) else { continue };
                    let node = self.node(&hloc);
                    let h = node.or_null();
                    let schema = self.schema(&hloc.child("schema"), &format!("{hint} {name}"), 0);
                    headers.push(ResponseHeader { name: name.clone(), description: text(h, "description"), schema });
                }
            }
            out.push(Response { status, description: text(resp, "description"), contents, headers });
        }
        out
    }

    fn contents(&mut self, loc: &Loc, hint: &str, request: bool) -> Vec<Content> {
        let mut out = Vec::new();
        let node = self.node(loc);
        let Some(Value::Object(map)) = node.get() else { return out };
        for media_type in map.keys() {
            let schema_loc = loc.child(media_type).child("schema");
            let has_schema = self.node(&schema_loc).get().is_some();
            let payload = match media::kind(media_type) {
                MediaKind::Json => {
                    if has_schema && self.is_binary_string(&schema_loc) {
                        Payload::Binary
                    } else if has_schema {
                        let schema = self.schema(&schema_loc, hint, 0);
                        self.media_examples(&loc.child(media_type), &schema);
                        Payload::Json(schema)
                    } else {
                        Payload::Json(Schema::Any)
                    }
                }
                MediaKind::Text => Payload::Text,
                MediaKind::Binary => Payload::Binary,
                MediaKind::Form => {
                    Payload::Form(if has_schema { self.schema(&schema_loc, hint, 0) } else { Schema::Any })
                }
                MediaKind::Multipart if request && !media::is_form_data(media_type) => {
                    self.warn(
                        &loc.child(media_type),
                        format!("`{media_type}` bodies are not encoded by the generated clients (only `multipart/form-data` is); the operation takes the body as bytes you encode, with their content type"),
                        Some("build the parts yourself and pass them as the binary body, or describe the body as `multipart/form-data` if the server accepts it"),
                    );
                    Payload::Binary
                }
                MediaKind::Multipart => {
                    Payload::Multipart(if has_schema { self.schema(&schema_loc, hint, 0) } else { Schema::Any })
                }
            };
            let example = match payload {
                Payload::Json(_) if has_schema => self.media_example(&loc.child(media_type), &schema_loc),
                _ => None,
            };
            let stream = match media::streamed(media_type) {
                Some(kind) if !request => Some(self.streamed(&loc.child(media_type), kind, hint)),
                _ => None,
            };
            let encoding = match payload {
                Payload::Multipart(_) => self.encoding(&loc.child(media_type).child("encoding"), &schema_loc),
                _ => Vec::new(),
            };
            out.push(Content { media_type: media_type.clone(), payload, example, stream, encoding, parts: Vec::new() });
        }
        out
    }

    /// How a streamed response body's items decode: the media type's `itemSchema` (OpenAPI
    /// 3.2), else its `schema` (the items of an array schema, for JSON lines); events without
    /// one carry text, lines without one any JSON.
    fn streamed(&mut self, media: &Loc, kind: StreamKind, hint: &str) -> Streamed {
        let item_loc = media.child("itemSchema");
        let schema_loc = media.child("schema");
        let hint = format!("{hint} Item");
        let item = if self.node(&item_loc).get().is_some() {
            self.schema(&item_loc, &hint, 0)
        } else if self.node(&schema_loc).get().is_some() {
            match (kind, self.schema(&schema_loc, &hint, 0)) {
                (StreamKind::JsonLines, Schema::List(item)) => *item,
                (_, schema) => schema,
            }
        } else {
            match kind {
                StreamKind::Events => Schema::Primitive(Primitive { kind: PrimitiveKind::String, format: None }),
                StreamKind::JsonLines => Schema::Any,
            }
        };
        let done = self.stream_done(media, kind);
        Streamed { kind, item, done }
    }

    /// The first example of a media type: its `example`, its first named `examples` value, or
    /// its schema's `example` or first `examples` item.
    fn media_example(&mut self, media: &Loc, schema: &Loc) -> Option<Value> {
        if let Some(v) = self.node(&media.child("example")).get() {
            return Some(v.clone());
        }
        let keys: Vec<String> = match self.node(&media.child("examples")).get() {
            Some(Value::Object(examples)) => examples.keys().cloned().collect(),
            _ => Vec::new(),
        };
        for key in keys {
            let Some(target) = self.deref(&media.child("examples").child(&key)) else { continue };
            if let Some(v) = self.node(&target.child("value")).get() {
                return Some(v.clone());
            }
        }
        let target = self.deref(schema)?;
        let node = self.node(&target);
        let schema = node.get()?;
        schema.get("example").cloned().or_else(|| schema.get("examples")?.as_array()?.first().cloned())
    }

    /// The `contentType` of each property an `encoding` object names (other encoding fields
    /// are headers and styles that only `application/x-www-form-urlencoded` and multipart
    /// headers use; the vocabulary check knows them).
    /// An encoding entry for a property the body's object does not have is a warning: its
    /// content type would otherwise be dropped without a word.
    fn encoding(&mut self, loc: &Loc, schema: &Loc) -> Vec<(String, String)> {
        let node = self.node(loc);
        let Some(Value::Object(map)) = node.get() else { return Vec::new() };
        let properties = self.property_names(schema, 0);
        let mut out = Vec::new();
        for (name, entry) in map {
            if let Some(known) = &properties {
                if !known.contains(name) {
                    self.warn(
                        &loc.child(name),
                        format!("`encoding` names `{name}`, which is not a property of the body; no part is sent under that name"),
                        Some("name a property of the multipart body's schema, or remove the entry"),
                    );
                }
            }
            if let Some(content_type) = entry.get("contentType").and_then(Value::as_str) {
                out.push((name.clone(), content_type.to_string()));
            }
        }
        out
    }

    /// The property names of the object schema at `loc` and of its `allOf` parts, or `None`
    /// when it is not a plain object (a `oneOf`, a map): then nothing is judged. References
    /// that fail were reported where the schema is lowered, so they are not reported here.
    fn property_names(&mut self, loc: &Loc, depth: usize) -> Option<Vec<String>> {
        // An `allOf` that includes itself is judged by the schema lowering; here it ends.
        if depth > 16 {
            return None;
        }
        let target = self.loader.follow(loc).ok()?;
        let node = self.node(&target);
        let schema = node.get()?;
        if schema.get("oneOf").is_some() || schema.get("anyOf").is_some() {
            return None;
        }
        let mut names: Vec<String> = match schema.get("properties") {
            Some(Value::Object(p)) => p.keys().cloned().collect(),
            _ => Vec::new(),
        };
        let parts = match schema.get("allOf") {
            Some(Value::Array(parts)) => parts.len(),
            _ => 0,
        };
        for i in 0..parts {
            names.extend(self.property_names(&target.child("allOf").index(i), depth + 1)?);
        }
        (!names.is_empty()).then_some(names)
    }

    fn is_binary_string(&mut self, loc: &Loc) -> bool {
        let Some(target) = self.deref(loc) else { return false };
        let node = self.node(&target);
        let Some(v) = node.get() else { return false };
        v.get("type").and_then(Value::as_str) == Some("string")
            && matches!(v.get("format").and_then(Value::as_str), Some("binary"))
    }
}

fn parse_status(key: &str) -> Option<Status> {
    if key == "default" {
        return Some(Status::Default);
    }
    let bytes = key.as_bytes();
    if bytes.len() == 3 && bytes[0].is_ascii_digit() && bytes[1..].eq_ignore_ascii_case(b"XX") {
        return Some(Status::Range(bytes[0] - b'0'));
    }
    key.parse::<u16>().ok().filter(|c| (100..600).contains(c)).map(Status::Code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_are_parsed() {
        assert_eq!(parse_status("200"), Some(Status::Code(200)));
        assert_eq!(parse_status("4XX"), Some(Status::Range(4)));
        assert_eq!(parse_status("default"), Some(Status::Default));
        assert_eq!(parse_status("x-foo"), None);
        assert_eq!(parse_status("999"), None);
    }
}
