//! Lowering: OpenAPI 3.x documents (as loaded) into the IR.

use std::collections::{HashMap, HashSet, VecDeque};
use std::rc::Rc;

use serde_json::{Map, Value};

use super::media::{self, MediaKind};
use super::names::{pascal, TypeNames};
use super::*;
use crate::diag::{Diagnostic, Diagnostics, Severity};
use crate::load::{ref_of, FileId, Loader, Loc};

/// Inline schemas nested deeper than this become `Any` with a warning, so hostile input cannot
/// exhaust the stack.
const MAX_DEPTH: usize = 64;

const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// Lowers the document rooted at `root` into an [`Api`] named `name`.
/// Returns the API and its warnings, or every error found.
pub fn lower(loader: &mut Loader, root: FileId, name: &str) -> Result<(Api, Vec<Diagnostic>), Diagnostics> {
    let doc = loader.document(root);
    if super::swagger2::is_swagger2(&doc) {
        // Positions inside a converted document fall back to the nearest node that kept its pointer.
        loader.replace_document(root, super::swagger2::convert(&doc));
    }
    let mut l = Lowerer {
        loader,
        names: TypeNames::default(),
        types: Vec::new(),
        by_loc: HashMap::new(),
        queue: VecDeque::new(),
        diags: Vec::new(),
        schemes: HashMap::new(),
        lowering_from_queue: None,
        samples: Vec::new(),
    };
    let api = l.api(root, name);
    // A broken file reached through many `$ref`s is one mistake: report it once.
    let mut seen = HashSet::new();
    let diags: Vec<Diagnostic> = std::mem::take(&mut l.diags)
        .into_iter()
        .filter(|d| seen.insert((d.file.clone(), d.line, d.col, d.message.clone())))
        .collect();
    if diags.iter().any(Diagnostic::is_error) {
        return Err(Diagnostics(diags));
    }
    match api {
        Some(api) => Ok((api, diags)),
        None => Err(Diagnostics(diags)),
    }
}

struct Lowerer<'a> {
    loader: &'a mut Loader,
    names: TypeNames,
    types: Vec<Option<TypeDef>>,
    by_loc: HashMap<Loc, TypeId>,
    /// Named types allocated but not lowered yet, with their location.
    queue: VecDeque<(TypeId, Loc)>,
    diags: Vec<Diagnostic>,
    schemes: HashMap<String, usize>,
    /// The named schema `api` is lowering from its queue, if any.
    lowering_from_queue: Option<Loc>,
    /// Examples and defaults, checked against their types once every type is lowered.
    samples: Vec<Sample>,
}

/// A value the document says fits a schema: an example or a default. It is looked up again when
/// checked rather than copied: GitHub's description shares large examples among hundreds of
/// operations, and copies of them were most of what lowering it allocated.
struct Sample {
    /// Where the value is.
    loc: Loc,
    what: &'static str,
    schema: Schema,
}

/// The node at `loc` in `doc` (the document holding it), or `null` when there is none.
fn node<'d>(doc: &'d Value, loc: &Loc) -> &'d Value {
    const NULL: &Value = &Value::Null;
    crate::load::pointer::lookup(doc, &loc.pointer).unwrap_or(NULL)
}

fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_string).filter(|s| !s.trim().is_empty())
}

fn flag(v: &Value, key: &str) -> bool {
    v.get(key).and_then(Value::as_bool).unwrap_or(false)
}

impl Lowerer<'_> {
    fn warn(&mut self, loc: &Loc, message: String, help: Option<&str>) {
        let d = self.loader.diag(loc, Severity::Warning, message, help.map(str::to_string));
        self.diags.push(d);
    }

    fn error(&mut self, loc: &Loc, message: String, help: Option<&str>) {
        let d = self.loader.diag(loc, Severity::Error, message, help.map(str::to_string));
        self.diags.push(d);
    }

    /// A failed `$ref` is dirty input: warn and go on with a best effort.
    fn ref_failed(&mut self, mut d: Diagnostic) {
        d.severity = Severity::Warning;
        self.diags.push(d);
    }

    /// The value at `loc` (cloned out of the shared document, so `self` stays free).
    /// The document holding `loc`. A node borrowed from it (`node(&doc, loc)`) leaves `self` free
    /// to change without copying the node: schemas nest deeply and every level is visited, so
    /// copying each level's subtree costs the square of the depth.
    fn doc(&self, loc: &Loc) -> Rc<Value> {
        self.loader.document(loc.file)
    }

    /// Follows a `$ref` at `loc`, if any, to the node it names.
    fn deref(&mut self, loc: &Loc) -> Option<Loc> {
        match self.loader.follow(loc) {
            Ok(target) => Some(target),
            Err(d) => {
                self.ref_failed(d);
                None
            }
        }
    }

    fn api(&mut self, root_file: FileId, name: &str) -> Option<Api> {
        let root = self.loader.root(root_file);
        let doc = self.loader.document(root_file);
        let Some(doc_obj) = doc.as_object() else {
            self.error(
                &root,
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
                let help = if doc_obj.contains_key("swagger") {
                    "Swagger 2.0 documents are not read yet; convert the document to OpenAPI 3"
                } else {
                    "add `openapi: 3.1.0` at the top, or give the root document of the API"
                };
                self.error(&root, "this is not an OpenAPI 3 document: it has no `openapi` key".into(), Some(help));
                return None;
            }
        }
        let info = doc.get("info").cloned().unwrap_or(Value::Null);
        let title = text(&info, "title").unwrap_or_else(|| name.to_string());
        let version =
            info.get("version").map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string)).unwrap_or_default();
        let description = text(&info, "description");

        let servers = self
            .servers(&root.child("servers"))
            .unwrap_or_else(|| vec![Server { url: "/".into(), description: None, variables: Vec::new() }]);
        let security_schemes = self.security_schemes(&root.child("components").child("securitySchemes"));
        let global_security = self.security(&root.child("security")).unwrap_or_default();

        // Component schemas are named first, so their names win over names made up for inline ones.
        let schemas_loc = root.child("components").child("schemas");
        let mut components = Vec::new();
        let document = self.doc(&schemas_loc);
        if let Some(Value::Object(schemas)) = crate::load::pointer::lookup(&document, &schemas_loc.pointer) {
            for key in schemas.keys() {
                let entry = schemas_loc.child(key);
                if let Some(target) = self.deref(&entry) {
                    components.push((entry, self.named_as(&target, key)));
                }
            }
        }

        if doc_obj.get("webhooks").and_then(Value::as_object).is_some_and(|w| !w.is_empty()) {
            self.warn(
                &root.child("webhooks"),
                "webhooks are read but no code is generated for them".into(),
                Some("handle incoming webhook requests with the generated types"),
            );
        }
        let mut operations = Vec::new();
        let paths_loc = root.child("paths");
        let document = self.doc(&paths_loc);
        if let Some(Value::Object(paths)) = crate::load::pointer::lookup(&document, &paths_loc.pointer) {
            let mut seen_ids = HashSet::new();
            for path in paths.keys() {
                let Some(item_loc) = self.deref(&paths_loc.child(path)) else { continue };
                let document = self.doc(&item_loc);
                let Some(Value::Object(item)) = crate::load::pointer::lookup(&document, &item_loc.pointer) else {
                    continue;
                };
                let path_servers = self.servers(&item_loc.child("servers"));
                for method in item.keys().filter(|k| METHODS.contains(&k.as_str())) {
                    let op_loc = item_loc.child(method);
                    if let Some(mut op) = self.operation(path, method, &op_loc, &item_loc, &global_security) {
                        op.servers = self
                            .servers(&op_loc.child("servers"))
                            .or_else(|| path_servers.clone())
                            .unwrap_or_else(|| servers.clone());
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

        while let Some((id, loc)) = self.queue.pop_front() {
            let name = self.types[id.0].as_ref().map(|t| t.name.clone()).unwrap_or_default();
            self.lowering_from_queue = Some(loc.clone());
            let def = self.type_def(&loc, name, 0);
            self.lowering_from_queue = None;
            self.types[id.0] = Some(def);
            let document = self.doc(&loc);
            if let Some(v) = crate::load::pointer::lookup(&document, &loc.pointer) {
                self.samples_of(&loc, v, &Schema::Named(id));
            }
        }
        let types: Vec<TypeDef> = self.types.drain(..).flatten().collect();
        self.check_samples(&types);
        let types = without_misfit_defaults(types);
        // A document without operations is a library of schemas: none of them is unused.
        if !operations.is_empty() {
            self.unused_schemas(&components, &operations, &types);
        }
        self.unused_components(&root.child("components"));
        Some(Api {
            name: name.to_string(),
            title,
            version,
            description,
            source: self.loader.path(root_file).display().to_string(),
            servers,
            security_schemes,
            operations,
            types,
        })
    }

    /// Records the examples and default of the schema `v` at `loc`, which lowered to `schema`.
    fn samples_of(&mut self, loc: &Loc, v: &Value, schema: &Schema) {
        if v.get("example").is_some() {
            self.samples.push(Sample { loc: loc.child("example"), what: "example", schema: schema.clone() });
        }
        // JSON Schema's `examples` is a list; OpenAPI's media-type `examples` is a map (see `media_examples`).
        if let Some(Value::Array(examples)) = v.get("examples") {
            for i in 0..examples.len() {
                let loc = loc.child("examples").index(i);
                self.samples.push(Sample { loc, what: "example", schema: schema.clone() });
            }
        }
        if v.get("default").is_some() {
            self.samples.push(Sample { loc: loc.child("default"), what: "default", schema: schema.clone() });
        }
    }

    /// Records the `example` and the named `examples` of a parameter or media type at `loc`.
    fn media_examples(&mut self, loc: &Loc, schema: &Schema) {
        let example_loc = loc.child("example");
        let document = self.doc(&example_loc);
        if crate::load::pointer::lookup(&document, &example_loc.pointer).is_some() {
            self.samples.push(Sample { loc: example_loc, what: "example", schema: schema.clone() });
        }
        let examples_loc = loc.child("examples");
        let document = self.doc(&examples_loc);
        let Some(Value::Object(examples)) = crate::load::pointer::lookup(&document, &examples_loc.pointer) else {
            return;
        };
        for key in examples.keys() {
            let Some(target) = self.deref(&loc.child("examples").child(key)) else { continue };
            let value_loc = target.child("value");
            let document = self.doc(&value_loc);
            if crate::load::pointer::lookup(&document, &value_loc.pointer).is_some() {
                self.samples.push(Sample { loc: value_loc, what: "example", schema: schema.clone() });
            }
        }
    }

    /// Warns about every example or default its own schema does not allow.
    fn check_samples(&mut self, types: &[TypeDef]) {
        for sample in std::mem::take(&mut self.samples) {
            let document = self.doc(&sample.loc);
            let Some(value) = crate::load::pointer::lookup(&document, &sample.loc.pointer) else { continue };
            if let Some(why) = super::check::mismatch(types, &sample.schema, value) {
                let help = if sample.what == "default" {
                    "a default must be a value the schema allows"
                } else {
                    "correct the example, or the schema if the example shows what the service really sends"
                };
                self.warn(&sample.loc, format!("{} does not match its schema: {why}", sample.what), Some(help));
            }
        }
    }

    /// Warns about component schemas that no operation reaches, directly or through other types.
    fn unused_schemas(&mut self, components: &[(Loc, TypeId)], operations: &[Operation], types: &[TypeDef]) {
        let mut reached = vec![false; types.len()];
        let mut stack: Vec<&Schema> = Vec::new();
        for op in operations {
            stack.extend(op.parameters.iter().map(|p| &p.schema));
            let bodies = op.body.iter().flat_map(|b| &b.contents).chain(op.responses.iter().flat_map(|r| &r.contents));
            for content in bodies {
                if let Payload::Json(s) | Payload::Form(s) | Payload::Multipart(s) = &content.payload {
                    stack.push(s);
                }
            }
            stack.extend(op.responses.iter().flat_map(|r| &r.headers).map(|h| &h.schema));
        }
        while let Some(schema) = stack.pop() {
            match schema {
                Schema::Named(id) => {
                    if reached.get(id.0) != Some(&false) {
                        continue;
                    }
                    reached[id.0] = true;
                    match &types[id.0].kind {
                        TypeKind::Struct(st) => {
                            stack.extend(st.fields.iter().map(|f| &f.schema));
                            // Merged parents are used by merging, whatever their fields say.
                            let mut parents: Vec<TypeId> = st.parents.clone();
                            while let Some(parent) = parents.pop() {
                                if let Some(false) = reached.get(parent.0) {
                                    reached[parent.0] = true;
                                    if let TypeKind::Struct(p) = &types[parent.0].kind {
                                        stack.extend(p.fields.iter().map(|f| &f.schema));
                                        parents.extend(&p.parents);
                                    }
                                }
                            }
                            if let Additional::Typed { value, .. } = &st.additional {
                                stack.push(value);
                            }
                        }
                        TypeKind::Union(u) => stack.extend(u.variants.iter().map(|v| &v.schema)),
                        TypeKind::Alias(s) => stack.push(s),
                        TypeKind::Enum(_) => {}
                    }
                }
                Schema::List(inner) | Schema::Nullable(inner) | Schema::Map { value: inner, .. } => stack.push(inner),
                Schema::Primitive(_) | Schema::Any => {}
            }
        }
        for (entry, id) in components {
            if !reached.get(id.0).copied().unwrap_or(true) {
                let name = entry.last_segment();
                self.warn(
                    entry,
                    format!("component schema `{name}` is not used by any operation"),
                    Some("remove it, or `$ref` it where it is meant to be used; its type is generated all the same"),
                );
            }
        }
    }

    /// Warns about reusable parameters, responses, bodies, headers and examples no `$ref` names.
    fn unused_components(&mut self, components: &Loc) {
        for (section, what) in [
            ("parameters", "parameter"),
            ("responses", "response"),
            ("requestBodies", "request body"),
            ("headers", "header"),
            ("examples", "example"),
        ] {
            let loc = components.child(section);
            let document = self.doc(&loc);
            let Some(Value::Object(entries)) = crate::load::pointer::lookup(&document, &loc.pointer) else { continue };
            for key in entries.keys() {
                let entry = loc.child(key);
                if !self.loader.is_referenced(&entry) {
                    self.warn(
                        &entry,
                        format!("component {what} `{key}` is not referenced anywhere"),
                        Some("remove it, or `$ref` it where it is meant to be used"),
                    );
                }
            }
        }
    }

    fn servers(&mut self, loc: &Loc) -> Option<Vec<Server>> {
        let document = self.doc(loc);
        let Value::Array(list) = crate::load::pointer::lookup(&document, &loc.pointer)? else { return None };
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

    fn security_schemes(&mut self, loc: &Loc) -> Vec<SecurityScheme> {
        let mut out = Vec::new();
        let document = self.doc(loc);
        let Some(Value::Object(schemes)) = crate::load::pointer::lookup(&document, &loc.pointer) else { return out };
        for key in schemes.keys() {
            let Some(target) = self.deref(&loc.child(key)) else { continue };
            let document = self.doc(&target);
            let Some(s) = crate::load::pointer::lookup(&document, &target.pointer) else { continue };
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
            // A bundle renames keys OpenAPI does not allow and keeps the name in `x-switchboard-name`.
            let name = text(s, "x-switchboard-name").unwrap_or_else(|| key.clone());
            out.push(SecurityScheme {
                name,
                description: text(s, "description"),
                kind,
                open_id_connect_url: text(s, "openIdConnectUrl"),
            });
        }
        out
    }

    fn security(&mut self, loc: &Loc) -> Option<Vec<SecurityRequirement>> {
        let document = self.doc(loc);
        let Value::Array(list) = crate::load::pointer::lookup(&document, &loc.pointer)? else { return None };
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

    fn operation(
        &mut self,
        path: &str,
        method: &str,
        loc: &Loc,
        item_loc: &Loc,
        global_security: &[SecurityRequirement],
    ) -> Option<Operation> {
        let document = self.doc(loc);
        let op = crate::load::pointer::lookup(&document, &loc.pointer)?;
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
        if op.get("callbacks").and_then(Value::as_object).is_some_and(|c| !c.is_empty()) {
            self.warn(
                &loc.child("callbacks"),
                format!("callbacks of `{id}` are read but no code is generated for them"),
                None,
            );
        }

        let parameters = self.parameters(path, loc, item_loc, &op_name);
        let body = self.request_body(&loc.child("requestBody"), &op_name);
        let responses = self.responses(&loc.child("responses"), &op_name);
        let security = self.security(&loc.child("security")).unwrap_or_else(|| global_security.to_vec());
        let login = self.login(&loc.child("x-switchboard-login"), &body);
        Some(Operation {
            id,
            method: method.to_uppercase(),
            path: path.to_string(),
            summary: text(op, "summary"),
            description: text(op, "description"),
            deprecated: flag(op, "deprecated"),
            parameters,
            body,
            responses,
            security,
            servers: Vec::new(),
            login,
        })
    }

    /// `x-switchboard-login: {scheme: <security scheme>, token: <JSON pointer>}`.
    fn login(&mut self, loc: &Loc, body: &Option<RequestBody>) -> Option<Login> {
        let document = self.doc(loc);
        let v = crate::load::pointer::lookup(&document, &loc.pointer)?;
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

    fn parameters(&mut self, path: &str, op_loc: &Loc, item_loc: &Loc, op_name: &str) -> Vec<Parameter> {
        let mut declared: Vec<(Loc, Value)> = Vec::new();
        for list_loc in [item_loc.child("parameters"), op_loc.child("parameters")] {
            let document = self.doc(&list_loc);
            let Some(Value::Array(list)) = crate::load::pointer::lookup(&document, &list_loc.pointer) else { continue };
            for i in 0..list.len() {
                let Some(target) = self.deref(&list_loc.index(i)) else { continue };
                let document = self.doc(&target);
                let Some(p) = crate::load::pointer::lookup(&document, &target.pointer) else { continue };
                let key = (text(p, "name"), text(p, "in"));
                // Operation-level parameters override path-level ones with the same name and place.
                declared.retain(|(_, q)| (text(q, "name"), text(q, "in")) != key);
                declared.push((target, p.clone()));
            }
        }
        let template: Vec<String> = path_template_names(path);
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
            let style = text(&p, "style").unwrap_or_else(|| match location {
                ParamLocation::Path | ParamLocation::Header => "simple".into(),
                ParamLocation::Query | ParamLocation::Cookie => "form".into(),
            });
            let explode = p.get("explode").and_then(Value::as_bool).unwrap_or(style == "form");
            let param = Parameter {
                required: location == ParamLocation::Path || flag(&p, "required"),
                name: name.clone(),
                location,
                description: text(&p, "description"),
                deprecated: flag(&p, "deprecated"),
                schema,
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
                        style: "simple".into(),
                        explode: false,
                    });
                }
            }
        }
        out.extend(others);
        out
    }

    fn request_body(&mut self, loc: &Loc, op_name: &str) -> Option<RequestBody> {
        self.loader.get(loc)?;
        let target = self.deref(loc)?;
        let document = self.doc(&target);
        let body = crate::load::pointer::lookup(&document, &target.pointer)?;
        let contents = self.contents(&target.child("content"), &format!("{op_name} Request"));
        Some(RequestBody { required: flag(body, "required"), description: text(body, "description"), contents })
    }

    fn responses(&mut self, loc: &Loc, op_name: &str) -> Vec<Response> {
        let mut out = Vec::new();
        let document = self.doc(loc);
        let Some(Value::Object(map)) = crate::load::pointer::lookup(&document, &loc.pointer) else { return out };
        let mut first_success = true;
        for key in map.keys() {
            let status = match parse_status(key) {
                Some(s) => s,
                None => {
                    if !key.starts_with("x-") {
                        self.warn(&loc.child(key), format!("response key `{key}` is not a status code, a range like `4XX`, or `default`; it is ignored"), None);
                    }
                    continue;
                }
            };
            let Some(target) = self.deref(&loc.child(key)) else { continue };
            let document = self.doc(&target);
            let Some(resp) = crate::load::pointer::lookup(&document, &target.pointer) else { continue };
            let hint = if status.is_success() && first_success {
                first_success = false;
                format!("{op_name} Response")
            } else {
                format!("{op_name} Response {key}")
            };
            if resp.get("links").and_then(Value::as_object).is_some_and(|l| !l.is_empty()) {
                self.warn(
                    &target.child("links"),
                    "response links are read but not followed by the generated client".into(),
                    None,
                );
            }
            let contents = self.contents(&target.child("content"), &hint);
            let mut headers = Vec::new();
            if let Some(Value::Object(hs)) = resp.get("headers") {
                for name in hs.keys() {
                    let Some(hloc) = self.deref(&target.child("headers").child(name)) else { continue };
                    let document = self.doc(&hloc);
                    let h = node(&document, &hloc);
                    let schema = self.schema(&hloc.child("schema"), &format!("{hint} {name}"), 0);
                    headers.push(ResponseHeader { name: name.clone(), description: text(h, "description"), schema });
                }
            }
            out.push(Response { status, description: text(resp, "description"), contents, headers });
        }
        out
    }

    fn contents(&mut self, loc: &Loc, hint: &str) -> Vec<Content> {
        let mut out = Vec::new();
        let document = self.doc(loc);
        let Some(Value::Object(map)) = crate::load::pointer::lookup(&document, &loc.pointer) else { return out };
        for media_type in map.keys() {
            let schema_loc = loc.child(media_type).child("schema");
            let has_schema = self.loader.get(&schema_loc).is_some();
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
                MediaKind::Multipart => {
                    Payload::Multipart(if has_schema { self.schema(&schema_loc, hint, 0) } else { Schema::Any })
                }
            };
            out.push(Content { media_type: media_type.clone(), payload });
        }
        out
    }

    fn is_binary_string(&mut self, loc: &Loc) -> bool {
        let Some(target) = self.deref(loc) else { return false };
        let document = self.doc(&target);
        let Some(v) = crate::load::pointer::lookup(&document, &target.pointer) else { return false };
        v.get("type").and_then(Value::as_str) == Some("string")
            && matches!(v.get("format").and_then(Value::as_str), Some("binary"))
    }

    /// The named type for the schema at `loc` (already dereferenced), allocating it on first sight.
    fn named(&mut self, loc: &Loc) -> TypeId {
        if let Some(id) = self.by_loc.get(loc) {
            return *id;
        }
        let hint = match meaningful_segment(&loc.pointer) {
            Some(s) => s,
            None => {
                self.loader.path(loc.file).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
            }
        };
        self.named_as(loc, &hint)
    }

    fn named_as(&mut self, loc: &Loc, hint: &str) -> TypeId {
        if let Some(id) = self.by_loc.get(loc) {
            return *id;
        }
        let id = TypeId(self.types.len());
        let name = self.names.claim(hint);
        self.types.push(Some(TypeDef {
            name,
            description: None,
            deprecated: false,
            default: None,
            origin: String::new(),
            kind: TypeKind::Alias(Schema::Any),
        }));
        self.by_loc.insert(loc.clone(), id);
        self.queue.push_back((id, loc.clone()));
        id
    }

    /// Whether `loc` is a named (`$ref`'d) schema being lowered from the queue; inline schemas
    /// were already checked by `schema`.
    fn queue_lowering(&self, loc: &Loc) -> bool {
        self.lowering_from_queue.as_ref() == Some(loc)
    }

    /// A new named type for an inline schema, lowered at once.
    fn inline_named(&mut self, loc: &Loc, hint: &str, depth: usize) -> Schema {
        // A `$ref` elsewhere may point at this inline schema: both get the same type.
        if let Some(id) = self.by_loc.get(loc) {
            return Schema::Named(*id);
        }
        let id = TypeId(self.types.len());
        let name = self.names.claim(hint);
        self.types.push(None);
        self.by_loc.insert(loc.clone(), id);
        let def = self.type_def(loc, name, depth);
        self.types[id.0] = Some(def);
        Schema::Named(id)
    }

    fn type_def(&mut self, loc: &Loc, name: String, depth: usize) -> TypeDef {
        let doc = self.doc(loc);
        let v = node(&doc, loc);
        if self.queue_lowering(loc) {
            self.approximations(loc, v);
        }
        let kind = self.type_kind(loc, v, &name, depth);
        TypeDef {
            description: text(v, "description").or_else(|| text(v, "title")),
            deprecated: flag(v, "deprecated"),
            default: v.get("default").cloned(),
            origin: format!("{}#{}", self.loader.path(loc.file).display(), loc.pointer),
            name,
            kind,
        }
    }

    /// What a schema that deserves a name is: a struct, enum or union, or an alias of a type expression.
    fn type_kind(&mut self, loc: &Loc, v: &Value, name: &str, depth: usize) -> TypeKind {
        match self.shape(v) {
            Shape::Struct => TypeKind::Struct(self.structure(loc, v, name, depth)),
            Shape::Enum(base, values) => TypeKind::Enum(Enum { base, values }),
            Shape::Union(parts) => TypeKind::Union(self.union(loc, &parts, name, depth)),
            Shape::Other => TypeKind::Alias(self.expression(loc, v, name, depth)),
        }
    }

    /// The type expression for the schema at `loc`; `hint` names any inline type it needs.
    fn schema(&mut self, loc: &Loc, hint: &str, depth: usize) -> Schema {
        let doc = self.doc(loc);
        let Some(v) = crate::load::pointer::lookup(&doc, &loc.pointer) else { return Schema::Any };
        if let Some(r) = ref_of(v) {
            let resolved = self.loader.resolve_ref(loc, r).and_then(|l| self.loader.follow(&l));
            return match resolved {
                Ok(target) => {
                    let target_doc = self.doc(&target);
                    let tv = node(&target_doc, &target);
                    // Boolean schemas and empty ones stand for "anything": no type worth a name.
                    if matches!(tv, Value::Bool(_)) || tv.as_object().is_some_and(Map::is_empty) {
                        Schema::Any
                    } else {
                        Schema::Named(self.named(&target))
                    }
                }
                Err(d) => {
                    self.ref_failed(d);
                    Schema::Any
                }
            };
        }
        if depth > MAX_DEPTH {
            self.warn(
                loc,
                format!("schema nesting deeper than {MAX_DEPTH} levels is taken as any JSON value"),
                Some("move nested schemas into named components"),
            );
            return Schema::Any;
        }
        self.approximations(loc, v);
        let nullable = is_nullable(v);
        let inner = match self.shape(v) {
            Shape::Struct | Shape::Enum(..) | Shape::Union(_) => self.inline_named(loc, hint, depth + 1),
            Shape::Other => self.expression(loc, v, hint, depth),
        };
        // `oneOf: [X, {type: null}]` is already `Nullable(X)`: wrapping it again would make it
        // `Option<Option<X>>`.
        let schema = if nullable && !matches!(inner, Schema::Any | Schema::Nullable(_)) {
            Schema::Nullable(Box::new(inner))
        } else {
            inner
        };
        self.samples_of(loc, v, &schema);
        schema
    }

    /// Warns about schemas the IR can only approximate, at their location.
    fn approximations(&mut self, loc: &Loc, v: &Value) {
        let Some(obj) = v.as_object() else { return };
        self.wrong_types(loc, obj);
        if let Some(Value::Array(values)) = obj.get("enum") {
            let strings = values.iter().filter(|x| x.is_string()).count();
            let others = values.iter().filter(|x| !x.is_string() && !x.is_null()).count();
            if strings > 0 && others > 0 {
                self.warn(
                    &loc.child("enum"),
                    "an `enum` mixing strings and other values is taken as its `type` without a list of values".into(),
                    Some("quote every value, or split the schema with `oneOf`"),
                );
            }
        }
        if let Some(Value::Object(patterns)) = obj.get("patternProperties") {
            let distinct: Vec<&Value> = patterns.values().fold(Vec::new(), |mut acc, p| {
                if !acc.contains(&p) {
                    acc.push(p);
                }
                acc
            });
            if distinct.len() > 1 {
                self.warn(
                    &loc.child("patternProperties"),
                    "several `patternProperties` with different schemas are taken as a map of any JSON value".into(),
                    None,
                );
            }
        }
    }

    /// Schema keywords whose value has the wrong JSON type are ignored, with a warning at the value.
    fn wrong_types(&mut self, loc: &Loc, obj: &Map<String, Value>) {
        type Check = (&'static str, fn(&Value) -> bool, &'static str);
        let checks: [Check; 9] = [
            (
                "type",
                |v| v.is_string() || v.as_array().is_some_and(|a| a.iter().all(Value::is_string)),
                "a type name or a list of them",
            ),
            ("properties", Value::is_object, "a mapping from property names to schemas"),
            ("required", |v| v.as_array().is_some_and(|a| a.iter().all(Value::is_string)), "a list of property names"),
            ("items", |v| v.is_object() || v.is_boolean(), "a schema"),
            ("enum", Value::is_array, "a list of values"),
            ("allOf", Value::is_array, "a list of schemas"),
            ("oneOf", Value::is_array, "a list of schemas"),
            ("anyOf", Value::is_array, "a list of schemas"),
            ("additionalProperties", |v| v.is_object() || v.is_boolean(), "a schema or a boolean"),
        ];
        for (key, ok, expected) in checks {
            if let Some(value) = obj.get(key) {
                if !ok(value) {
                    let help = if key == "type" {
                        Some("use string, integer, number, boolean, array, object or null")
                    } else {
                        None
                    };
                    self.warn(
                        &loc.child(key),
                        format!("`{key}` must be {expected}, not `{}`; it is ignored", super::check::shown(value)),
                        help,
                    );
                }
            }
        }
    }

    fn shape(&self, v: &Value) -> Shape {
        let Some(obj) = v.as_object() else { return Shape::Other };
        let types = declared_types(v);
        let single;
        let enum_values = match (obj.get("enum"), obj.get("const")) {
            (Some(e), _) => Some(e),
            (None, Some(c)) => {
                single = Value::Array(vec![c.clone()]);
                Some(&single)
            }
            _ => None,
        };
        if let Some(Value::Array(raw_values)) = enum_values {
            let values = crate::load::distinct_values(raw_values);
            let base = if values.iter().all(Value::is_string)
                && !types.iter().any(|t| t == "integer" || t == "number" || t == "boolean")
            {
                Some(PrimitiveKind::String)
            } else if values.iter().all(|x| x.is_i64() || x.is_u64()) && !types.iter().any(|t| t == "string") {
                Some(PrimitiveKind::Integer)
            } else {
                None
            };
            if let Some(base) = base {
                if !values.is_empty() {
                    return Shape::Enum(base, values);
                }
            }
            return Shape::Other;
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(Value::Array(parts)) = obj.get(key) {
                if !obj.contains_key("properties") {
                    let parts: Vec<usize> = (0..parts.len()).filter(|i| !is_null_schema(&parts[*i])).collect();
                    if parts.len() > 1 {
                        return Shape::Union(parts.into_iter().map(|i| (key, i)).collect());
                    }
                }
            }
        }
        let non_null: Vec<&String> = types.iter().filter(|t| *t != "null").collect();
        if non_null.len() > 1 {
            return Shape::Union(Vec::new());
        }
        if obj.contains_key("allOf") {
            return Shape::Struct;
        }
        if obj.get("properties").and_then(Value::as_object).is_some_and(|p| !p.is_empty()) {
            return Shape::Struct;
        }
        if obj.get("additionalProperties") == Some(&Value::Bool(false))
            && !obj.contains_key("patternProperties")
            && non_null.first().is_none_or(|t| *t == "object")
        {
            return Shape::Struct;
        }
        Shape::Other
    }

    /// Lists, maps, primitives and `Any`: schemas that need no name of their own.
    fn expression(&mut self, loc: &Loc, v: &Value, hint: &str, depth: usize) -> Schema {
        let Some(obj) = v.as_object() else {
            if !matches!(v, Value::Bool(_)) {
                self.warn(loc, "a schema must be a mapping; it is taken as any JSON value".into(), None);
            }
            return Schema::Any;
        };
        // `oneOf: [X, {type: null}]` and `allOf: [X]` are X (nullable or with extra docs).
        for key in ["oneOf", "anyOf", "allOf"] {
            if let Some(Value::Array(parts)) = obj.get(key) {
                let real: Vec<usize> = (0..parts.len()).filter(|i| !is_null_schema(&parts[*i])).collect();
                if real.len() == 1 && !obj.contains_key("properties") {
                    let inner = self.schema(&loc.child(key).index(real[0]), hint, depth + 1);
                    return if real.len() < parts.len() { Schema::Nullable(Box::new(inner)) } else { inner };
                }
            }
        }
        let types = declared_types(v);
        let ty = types.iter().find(|t| *t != "null").map(String::as_str);
        let format = text(v, "format");
        let prim = |kind| Schema::Primitive(Primitive { kind, format: format.clone() });
        match ty {
            Some("string") => prim(PrimitiveKind::String),
            Some("integer") => prim(PrimitiveKind::Integer),
            Some("number") => prim(PrimitiveKind::Number),
            Some("boolean") => prim(PrimitiveKind::Boolean),
            Some("array") => self.list(loc, obj, hint, depth),
            Some("object") => self.map(loc, obj, hint, depth),
            Some(other) => {
                self.warn(
                    &loc.child("type"),
                    format!("unknown type `{other}`; it is taken as any JSON value"),
                    Some("use string, integer, number, boolean, array, object or null"),
                );
                Schema::Any
            }
            None if obj.contains_key("items") => self.list(loc, obj, hint, depth),
            None if obj.contains_key("additionalProperties") || obj.contains_key("patternProperties") => {
                self.map(loc, obj, hint, depth)
            }
            None => Schema::Any,
        }
    }

    fn list(&mut self, loc: &Loc, obj: &Map<String, Value>, hint: &str, depth: usize) -> Schema {
        let item = match obj.get("items") {
            Some(Value::Object(_)) => self.schema(&loc.child("items"), &format!("{hint} Item"), depth + 1),
            _ => Schema::Any,
        };
        Schema::List(Box::new(item))
    }

    fn map(&mut self, loc: &Loc, obj: &Map<String, Value>, hint: &str, depth: usize) -> Schema {
        match self.additional(loc, obj, hint, depth) {
            Additional::Typed { value, pattern } => Schema::Map { value: Box::new(value), pattern },
            Additional::Any | Additional::Forbidden => Schema::Map { value: Box::new(Schema::Any), pattern: None },
        }
    }

    fn additional(&mut self, loc: &Loc, obj: &Map<String, Value>, hint: &str, depth: usize) -> Additional {
        if let Some(Value::Object(patterns)) = obj.get("patternProperties") {
            let keys: Vec<&String> = patterns.keys().collect();
            if keys.len() == 1 {
                let key = keys[0].clone();
                let value =
                    self.schema(&loc.child("patternProperties").child(&key), &format!("{hint} Value"), depth + 1);
                return Additional::Typed { value, pattern: Some(key) };
            }
            if !keys.is_empty() {
                return Additional::Any;
            }
        }
        match obj.get("additionalProperties") {
            Some(Value::Bool(false)) => Additional::Forbidden,
            Some(Value::Object(o)) if !o.is_empty() => {
                let value = self.schema(&loc.child("additionalProperties"), &format!("{hint} Value"), depth + 1);
                if value == Schema::Any {
                    Additional::Any
                } else {
                    Additional::Typed { value, pattern: None }
                }
            }
            _ => Additional::Any,
        }
    }

    fn structure(&mut self, loc: &Loc, v: &Value, name: &str, depth: usize) -> Struct {
        let mut parts = ObjectParts::default();
        self.collect_object(loc, v, &mut parts, depth);
        let mut fields = Vec::new();
        for (prop, ploc, owner) in &parts.properties {
            let pdoc = self.doc(ploc);
            let pv = node(&pdoc, ploc);
            // A property merged in from a named `allOf` part is named after that part, so every
            // schema that merges it shares one type with one name.
            let owner_name = match self.by_loc.get(owner) {
                Some(id) if owner != loc => {
                    self.types[id.0].as_ref().map_or_else(|| name.to_string(), |t| t.name.clone())
                }
                _ => name.to_string(),
            };
            let schema = self.schema(ploc, &format!("{owner_name} {prop}"), depth + 1);
            // Docs and defaults of a `$ref`'d property come from its target when not given beside the `$ref`.
            let target_loc = ref_of(pv).and_then(|_| self.loader.follow(ploc).ok());
            let target_doc = target_loc.as_ref().map(|t| self.doc(t));
            let target = target_loc
                .as_ref()
                .zip(target_doc.as_deref())
                .and_then(|(t, d)| crate::load::pointer::lookup(d, &t.pointer));
            let pick = |key: &str| pv.get(key).cloned().or_else(|| target.as_ref().and_then(|t| t.get(key).cloned()));
            let (inner, nullable) = match schema {
                Schema::Nullable(inner) => (*inner, true),
                other => (other, false),
            };
            fields.push(Field {
                name: prop.clone(),
                description: text(pv, "description").or_else(|| target.as_ref().and_then(|t| text(t, "description"))),
                schema: inner,
                required: parts.required.contains(prop),
                nullable,
                default: pick("default"),
                read_only: pick("readOnly").and_then(|x| x.as_bool()).unwrap_or(false),
                write_only: pick("writeOnly").and_then(|x| x.as_bool()).unwrap_or(false),
                deprecated: flag(pv, "deprecated"),
                example: pv
                    .get("example")
                    .cloned()
                    .or_else(|| pv.get("examples").and_then(|e| e.as_array()).and_then(|a| a.first().cloned())),
            });
        }
        let additional = match parts.additional {
            Some((aloc, aobj)) => self.additional(&aloc, &aobj, &format!("{name} Extra"), depth),
            None => Additional::Any,
        };
        Struct { fields, parents: parts.parents, additional }
    }

    /// Gathers properties from a schema and its `allOf` parts (later parts override earlier ones).
    fn collect_object(&mut self, loc: &Loc, v: &Value, parts: &mut ObjectParts, depth: usize) {
        if depth > MAX_DEPTH || parts.visited.contains(loc) {
            return;
        }
        parts.visited.insert(loc.clone());
        if let Some(Value::Array(all)) = v.get("allOf") {
            for i in 0..all.len() {
                let part_loc = loc.child("allOf").index(i);
                let Some(target) = self.deref(&part_loc) else { continue };
                let pdoc = self.doc(&target);
                let pv = node(&pdoc, &target);
                if pv.get("oneOf").is_some() || pv.get("anyOf").is_some() {
                    self.warn(
                        &part_loc,
                        "an `allOf` part with `oneOf`/`anyOf` is merged by its properties only".into(),
                        None,
                    );
                }
                if let Some(id) = self.by_loc.get(&target) {
                    parts.parents.push(*id);
                }
                self.collect_object(&target, pv, parts, depth + 1);
            }
        }
        if let Some(Value::Object(props)) = v.get("properties") {
            for key in props.keys() {
                let ploc = loc.child("properties").child(key);
                match parts.properties.iter_mut().find(|(k, ..)| k == key) {
                    Some(slot) => {
                        slot.1 = ploc;
                        slot.2 = loc.clone();
                    }
                    None => parts.properties.push((key.clone(), ploc, loc.clone())),
                }
            }
        }
        if let Some(Value::Array(req)) = v.get("required") {
            parts.required.extend(req.iter().filter_map(Value::as_str).map(str::to_string));
        }
        if let Some(obj) = v.as_object() {
            if obj.contains_key("additionalProperties") || obj.contains_key("patternProperties") {
                parts.additional = Some((loc.clone(), obj.clone()));
            }
        }
    }

    fn union(&mut self, loc: &Loc, parts: &[(&str, usize)], name: &str, depth: usize) -> Union {
        let mut variants = Vec::new();
        let mut taken = HashSet::new();
        let mut push = |variants: &mut Vec<Variant>, base: String, description: Option<String>, schema: Schema| {
            let mut candidate = base.clone();
            let mut n = 2;
            while !taken.insert(candidate.clone()) {
                candidate = format!("{base}{n}");
                n += 1;
            }
            variants.push(Variant { name: candidate, description, schema, tags: Vec::new() });
        };
        if parts.is_empty() {
            // A 3.1 type array such as `[string, integer]`.
            let document = self.doc(loc);
            let v = node(&document, loc);
            for t in declared_types(v).into_iter().filter(|t| t != "null") {
                let mut single = v.clone();
                if let Some(o) = single.as_object_mut() {
                    o.insert("type".into(), Value::String(t.clone()));
                }
                let schema = self.expression(loc, &single, &format!("{name} {t}"), depth + 1);
                push(&mut variants, pascal(&t), None, schema);
            }
            return Union { variants, discriminator: None };
        }
        for (key, i) in parts {
            let part_loc = loc.child(key).index(*i);
            let schema = self.schema(&part_loc, &format!("{name} Variant{}", i + 1), depth + 1);
            let document = self.doc(&part_loc);
            let pv = node(&document, &part_loc);
            let base = match &schema {
                Schema::Named(id) => {
                    self.types[id.0].as_ref().map(|t| t.name.clone()).unwrap_or_else(|| format!("Variant{}", i + 1))
                }
                other => variant_name(other),
            };
            push(&mut variants, base, text(pv, "description"), schema);
        }
        let document = self.doc(loc);
        let v = node(&document, loc);
        let discriminator =
            v.get("discriminator").and_then(|d| text(d, "propertyName")).map(|property| Discriminator { property });
        if discriminator.is_some() {
            self.tag_variants(loc, v, parts, &mut variants);
        }
        Union { variants, discriminator }
    }

    /// The tag values of each variant: `mapping` entries that point at it, or its schema's name.
    fn tag_variants(&mut self, loc: &Loc, v: &Value, parts: &[(&str, usize)], variants: &mut [Variant]) {
        let mut mapped: Vec<(String, Loc)> = Vec::new();
        if let Some(Value::Object(mapping)) = v.get("discriminator").and_then(|d| d.get("mapping")) {
            let mapping_loc = loc.child("discriminator").child("mapping");
            for (tag, target) in mapping {
                let Some(target) = target.as_str() else { continue };
                // A bare name in a mapping means a component schema.
                let reference = if target.contains('#') || target.contains('/') || target.contains('.') {
                    target.to_string()
                } else {
                    format!("#/components/schemas/{target}")
                };
                match self.loader.resolve_ref(&mapping_loc.child(tag), &reference).and_then(|l| self.loader.follow(&l))
                {
                    Ok(l) => mapped.push((tag.clone(), l)),
                    Err(d) => self.ref_failed(d),
                }
            }
        }
        for ((key, i), variant) in parts.iter().zip(variants.iter_mut()) {
            let part_loc = loc.child(key).index(*i);
            let Ok(target) = self.loader.follow(&part_loc) else { continue };
            let tags: Vec<String> = mapped.iter().filter(|(_, l)| *l == target).map(|(t, _)| t.clone()).collect();
            variant.tags = if tags.is_empty() && target != part_loc { vec![target.last_segment()] } else { tags };
        }
    }
}

/// Drops the defaults their own schema rejects (each was warned about): a client must not
/// document or fill in a value its type cannot hold.
fn without_misfit_defaults(mut types: Vec<TypeDef>) -> Vec<TypeDef> {
    let misfit = |types: &[TypeDef], schema: &Schema, value: &Option<Value>| {
        value.as_ref().is_some_and(|v| super::check::mismatch(types, schema, v).is_some())
    };
    let mut drops: Vec<(usize, Option<usize>)> = Vec::new();
    for (i, def) in types.iter().enumerate() {
        if misfit(&types, &Schema::Named(TypeId(i)), &def.default) {
            drops.push((i, None));
        }
        if let TypeKind::Struct(s) = &def.kind {
            for (j, f) in s.fields.iter().enumerate() {
                let schema = if f.nullable { Schema::Nullable(Box::new(f.schema.clone())) } else { f.schema.clone() };
                if misfit(&types, &schema, &f.default) {
                    drops.push((i, Some(j)));
                }
            }
        }
    }
    for (i, field) in drops {
        match (field, &mut types[i].kind) {
            (None, _) => types[i].default = None,
            (Some(j), TypeKind::Struct(s)) => s.fields[j].default = None,
            (Some(_), _) => {}
        }
    }
    types
}

#[derive(Default)]
struct ObjectParts {
    /// (wire name, location of its schema, location of the object that declares it)
    properties: Vec<(String, Loc, Loc)>,
    required: HashSet<String>,
    parents: Vec<TypeId>,
    additional: Option<(Loc, Map<String, Value>)>,
    visited: HashSet<Loc>,
}

enum Shape {
    Struct,
    Enum(PrimitiveKind, Vec<Value>),
    /// `oneOf`/`anyOf` parts (keyword, index), or empty for a type array.
    Union(Vec<(&'static str, usize)>),
    Other,
}

/// The last pointer segment that names something (not `schema`, `items`, a status or a media type).
fn meaningful_segment(pointer: &str) -> Option<String> {
    const STRUCTURAL: &[&str] = &[
        "schema",
        "schemas",
        "items",
        "properties",
        "additionalProperties",
        "patternProperties",
        "allOf",
        "oneOf",
        "anyOf",
        "not",
        "content",
        "responses",
        "requestBody",
        "parameters",
        "components",
        "definitions",
        "paths",
        "get",
        "put",
        "post",
        "delete",
        "options",
        "head",
        "patch",
        "trace",
        "headers",
        "default",
    ];
    pointer.split('/').rev().map(|s| crate::load::pointer::unescape(s).into_owned()).find(|s| {
        !s.is_empty()
            && !STRUCTURAL.contains(&s.as_str())
            && !s.contains('/')
            && !s.chars().all(|c| c.is_ascii_digit() || c == 'X')
    })
}

fn variant_name(schema: &Schema) -> String {
    match schema {
        Schema::Primitive(p) => match p.kind {
            PrimitiveKind::String => "String",
            PrimitiveKind::Integer => "Integer",
            PrimitiveKind::Number => "Number",
            PrimitiveKind::Boolean => "Boolean",
        }
        .into(),
        Schema::List(_) => "List".into(),
        Schema::Map { .. } => "Map".into(),
        Schema::Any => "Value".into(),
        Schema::Nullable(inner) => variant_name(inner),
        Schema::Named(_) => "Named".into(),
    }
}

/// `type` as a list (3.1 allows an array), with `nullable: true` (3.0) adding "null".
fn declared_types(v: &Value) -> Vec<String> {
    let mut out: Vec<String> = match v.get("type") {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).map(str::to_string).collect(),
        _ => Vec::new(),
    };
    if flag(v, "nullable") || flag(v, "x-nullable") {
        out.push("null".into());
    }
    out
}

fn is_nullable(v: &Value) -> bool {
    declared_types(v).iter().any(|t| t == "null")
        || v.get("enum").and_then(Value::as_array).is_some_and(|e| e.iter().any(Value::is_null))
        || ["oneOf", "anyOf"]
            .iter()
            .any(|k| v.get(*k).and_then(Value::as_array).is_some_and(|parts| parts.iter().any(is_null_schema)))
}

fn is_null_schema(v: &Value) -> bool {
    v.get("type").and_then(Value::as_str) == Some("null")
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

/// The `{name}`s of a path template, in order.
fn path_template_names(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else { break };
        out.push(rest[start + 1..start + len].to_string());
        rest = &rest[start + len + 1..];
    }
    out
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

    #[test]
    fn path_templates_are_read_in_order() {
        assert_eq!(path_template_names("/accounts/{account_id}/users/{user_id}/photo"), vec!["account_id", "user_id"]);
        assert!(path_template_names("/users").is_empty());
    }
}
