//! Regenerating a directory of API schemas into one Rust module tree: what `build.rs` runs.
//!
//! Each subdirectory of the schemas directory is one API and becomes one module. Files are only
//! written when their bytes change, so an unchanged schema leaves every timestamp alone.

use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Diagnostics};
use crate::targets::rust;
use crate::{load_api, Options};

/// What a regeneration did.
#[derive(Debug, Default)]
pub struct Report {
    /// Files whose contents changed (or that did not exist).
    pub written: Vec<PathBuf>,
    /// Files already up to date.
    pub unchanged: Vec<PathBuf>,
    /// Stale generated files removed.
    pub removed: Vec<PathBuf>,
    /// Every schema file read, including those reached through `$ref`.
    pub files_read: Vec<PathBuf>,
    pub warnings: Vec<Diagnostic>,
}

/// A failed regeneration: the diagnostics, and the files read before it failed.
#[derive(Debug)]
pub struct Failure {
    pub diagnostics: Diagnostics,
    pub files_read: Vec<PathBuf>,
}

/// The generated files for every API under `schemas` (in memory).
pub fn render(schemas: &Path, options: Options) -> Result<(Vec<rust::File>, Report), Failure> {
    let mut report = Report::default();
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(schemas)
        .map_err(|e| Failure {
            diagnostics: Diagnostic::whole_file(schemas, format!("cannot list `{}`: {e}", schemas.display())).into(),
            files_read: Vec::new(),
        })?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    let mut apis = Vec::new();
    let mut errors = Vec::new();
    for dir in &dirs {
        let dir_name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let name = rust::module_name(&dir_name);
        let loaded = load_api(dir, &name, options);
        report.files_read.extend(loaded.files);
        match loaded.result {
            Ok((mut api, warnings)) => {
                report.warnings.extend(warnings);
                // Several APIs share one crate: headers say which folder each came from, by the
                // names of the folders only (`schemas/vinix/openapi.yaml`), whatever the
                // working directory.
                let root = schemas.file_name().map_or_else(|| "schemas".into(), |n| n.to_string_lossy());
                api.source = format!("{root}/{dir_name}/{}", api.source);
                apis.push(api);
            }
            Err(d) => errors.extend(d.0),
        }
    }
    if !errors.is_empty() {
        return Err(Failure { diagnostics: Diagnostics(errors), files_read: report.files_read });
    }
    let internal = |e: rust::EmitError| Failure {
        diagnostics: Diagnostic::whole_file(schemas, e.to_string())
            .with_help("this is a bug in switchboard-generator; please report it with the schema")
            .into(),
        files_read: report.files_read.clone(),
    };
    let mut files = Vec::new();
    let refs: Vec<&crate::ir::Api> = apis.iter().collect();
    files.push(rust::workspace_lib(&refs).map_err(internal)?);
    for api in &apis {
        files.extend(rust::api_module(api, &api.name).map_err(internal)?);
    }
    Ok((files, report))
}

/// Regenerates `generated` from `schemas`, writing only files whose bytes change and removing
/// stale generated files (those carrying the `@generated` header) that no API produces any more.
pub fn regenerate(schemas: &Path, generated: &Path, options: Options) -> Result<Report, Failure> {
    let (files, mut report) = render(schemas, options)?;
    let io_failure = |path: &Path, e: std::io::Error, files_read: &[PathBuf]| Failure {
        diagnostics: Diagnostic::whole_file(path, format!("cannot write `{}`: {e}", path.display())).into(),
        files_read: files_read.to_vec(),
    };
    let mut produced = Vec::new();
    for file in &files {
        let path = generated.join(&file.path);
        produced.push(path.clone());
        if std::fs::read(&path).ok().as_deref() == Some(file.contents.as_bytes()) {
            report.unchanged.push(path);
            continue;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io_failure(parent, e, &report.files_read))?;
        }
        std::fs::write(&path, &file.contents).map_err(|e| io_failure(&path, e, &report.files_read))?;
        report.written.push(path);
    }
    for stale in stale_files(generated, &produced) {
        if std::fs::remove_file(&stale).is_ok() {
            report.removed.push(stale);
        }
    }
    Ok(report)
}

fn stale_files(dir: &Path, produced: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else { return out };
    let mut entries: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            out.extend(stale_files(&path, produced));
        } else if path.extension().is_some_and(|e| e == "rs") && !produced.contains(&path) {
            let ours =
                std::fs::read_to_string(&path).is_ok_and(|t| t.starts_with("// @generated by switchboard-generator"));
            if ours {
                out.push(path);
            }
        }
    }
    out
}
