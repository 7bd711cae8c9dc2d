//! Lowering: OpenAPI 3.x documents (as loaded; Swagger 2.0 is already converted) into the IR.
//!
//! One [`Lowerer`] walks the document; each part of it is read by its own module: `document`
//! (version, info, servers, security), `operations` (paths and what hangs under them), `schemas`
//! and `shapes` (schemas into types), `constraints` (bounds, lengths, patterns), `extensions`
//! (the `x-switchboard-*` keys), `forms` (the parts of multipart bodies), and `lints` (warnings
//! that judge the document rather than read it). `context` is what they all share.

mod constraints;
mod context;
mod document;
mod extensions;
mod forms;
mod lints;
mod operations;
mod schemas;
mod shapes;

use std::collections::{HashMap, HashSet, VecDeque};

use super::names::TypeNames;
use super::{Api, Schema, Server, TypeDef, TypeId};
use crate::diag::{Diagnostic, Diagnostics};
use crate::load::{FileId, Loader, Loc};

/// Lowers the document rooted at `root` (opened with [`Loader::open_root`]) into an [`Api`]
/// named `name`. Returns the API and its warnings, or every error found.
pub fn lower(loader: &mut Loader, root: FileId, name: &str) -> Result<(Api, Vec<Diagnostic>), Diagnostics> {
    // The unknown keys found when the documents were read come first.
    let diags = loader.take_warnings();
    let mut l = Lowerer {
        loader,
        names: TypeNames::default(),
        types: Vec::new(),
        by_loc: HashMap::new(),
        queue: VecDeque::new(),
        diags,
        schemes: HashMap::new(),
        lowering_from_queue: None,
        samples: Vec::new(),
        paginations: Vec::new(),
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
    /// The named schema `lower_queued` is lowering, if any.
    lowering_from_queue: Option<Loc>,
    /// Examples and defaults, checked against their types once every type is lowered.
    samples: Vec<Sample>,
    /// Where each operation's `x-switchboard-pagination` is, checked once every type is lowered.
    paginations: Vec<(String, Loc)>,
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

impl Lowerer<'_> {
    /// The order of the steps is the order of the diagnostics, and component schemas are named
    /// before anything else so that their names win over names made up for inline schemas.
    fn api(&mut self, root_file: FileId, name: &str) -> Option<Api> {
        let root = self.loader.root(root_file);
        let node = self.node(&root);
        let doc = node.or_null();
        let info = self.info(&root, doc, name)?;
        let servers = self
            .servers(&root.child("servers"))
            .unwrap_or_else(|| vec![Server { url: "/".into(), description: None, variables: Vec::new() }]);
        let security_schemes = self.security_schemes(&root.child("components").child("securitySchemes"));
        let global_security = self.security(&root.child("security")).unwrap_or_default();
        let components = self.component_schemas(&root.child("components").child("schemas"));
        self.not_generated(
            doc,
            &root,
            "webhooks",
            || "webhooks are read but no code is generated for them".into(),
            Some("handle incoming webhook requests with the generated types"),
        );
        let operations = self.operations(&root.child("paths"), &servers, &global_security);
        self.lower_queued();
        let types: Vec<TypeDef> = self.types.drain(..).flatten().collect();
        self.check_samples(&types);
        let types = lints::without_misfit_defaults(types);
        let mut operations = operations;
        lints::without_misfit_operation_samples(&types, &mut operations);
        forms::fill(&types, &mut operations);
        // A document without operations is a library of schemas: none of them is unused.
        if !operations.is_empty() {
            self.unused_schemas(&components, &operations, &types);
        }
        self.unused_components(&root.child("components"));
        let api = Api {
            name: name.to_string(),
            title: info.title,
            version: info.version,
            description: info.description,
            source: self.loader.portable_path(root_file),
            servers,
            security_schemes,
            operations,
            types,
            grouping: Default::default(),
        };
        self.check_paginations(&api);
        Some(api)
    }
}
