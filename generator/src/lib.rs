//! switchboard-generator: turns OpenAPI documents into typed API clients.
//!
//! The pipeline is [`load`] (documents and `$ref`s, with source positions) → [`ir`] (what the
//! API means) → [`targets`] (code). [`workspace`] is the entry point `build.rs` uses; the
//! `switchboard` binary is a thin command-line adapter over the same functions. `naming` turns
//! text into identifiers for the IR's type names and every target alike.

pub mod diag;
pub mod ir;
pub mod load;
mod naming;
pub mod targets;
pub mod workspace;

use std::path::{Path, PathBuf};

pub use diag::{Diagnostic, Diagnostics, Lint, Severity};

/// How strictly input is judged.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Treat every warning as an error (for hand-written schemas, which should be clean).
    pub strict: bool,
}

impl Options {
    /// How `build.rs` judges `schemas/`: exactly as `switchboard check --strict` does.
    pub const STRICT: Options = Options { strict: true };
}

/// The one judgement of a loaded API's warnings, shared by `switchboard check` and `build.rs`:
/// when strict, each warning whose [`Lint`] says so becomes an error (README's "Strict mode"
/// table); the rest stay warnings. `Err` holds every diagnostic when any is an error.
pub fn judge(mut diagnostics: Vec<Diagnostic>, options: Options) -> Result<Vec<Diagnostic>, Diagnostics> {
    if options.strict {
        for d in &mut diagnostics {
            if d.lint.is_error_when_strict() {
                d.severity = Severity::Error;
            }
        }
    }
    if diagnostics.iter().any(Diagnostic::is_error) {
        Err(Diagnostics(diagnostics))
    } else {
        Ok(diagnostics)
    }
}

/// The outcome of loading one API, with every file read (also on failure, so that callers such
/// as `build.rs` can watch them).
pub struct Loaded {
    pub result: Result<(ir::Api, Vec<Diagnostic>), Diagnostics>,
    pub files: Vec<PathBuf>,
}

/// The root document of `input`: the file itself, or in a directory `openapi.yaml`,
/// `openapi.yml` or `openapi.json`.
pub fn root_document(input: &Path) -> Result<PathBuf, Diagnostic> {
    if !input.is_dir() {
        return Ok(input.to_path_buf());
    }
    for name in ["openapi.yaml", "openapi.yml", "openapi.json"] {
        let candidate = input.join(name);
        if candidate.is_file() {
            return Ok(candidate);
        }
    }
    Err(Diagnostic::whole_file(
        input,
        format!("`{}` is a directory without an `openapi.yaml` root document", input.display()),
    )
    .with_help("add `openapi.yaml` (with `openapi: 3.1.0` and the API's paths), or give the root document's path"))
}

/// Loads and lowers the API at `input` (a document or an API directory) under the name `name`.
/// Its `$ref`s may reach only files under the root document's folder.
pub fn load_api(input: &Path, name: &str, options: Options) -> Loaded {
    load_api_with_roots(input, name, options, &[])
}

/// [`load_api`] whose `$ref`s may also reach files under each folder of `allowed_roots` (the
/// CLI's `--allow-ref-root <dir>`); every other file outside the root document's folder is
/// refused without being read.
pub fn load_api_with_roots(input: &Path, name: &str, options: Options, allowed_roots: &[PathBuf]) -> Loaded {
    let mut loader = load::Loader::with_allowed_roots(allowed_roots);
    let result = root_document(input)
        .and_then(|root| loader.open_root(&root))
        .map_err(Diagnostics::from)
        .and_then(|root| ir::lower(&mut loader, root, name))
        .and_then(|(api, warnings)| judge(warnings, options).map(|warnings| (api, warnings)));
    Loaded { result, files: loader.paths().map(Path::to_path_buf).collect() }
}
