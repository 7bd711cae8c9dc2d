//! Regenerates `generated/` from `schemas/` before the library compiles.
//!
//! A packaged copy has no `schemas/`; it then builds the committed sources as they are.
//!
//! `schemas/` is judged as `switchboard check --strict` judges it (`Options::STRICT`, README's
//! "Strict mode" table). A failed build starts with its diagnostics, one line each
//! (`file:line:col: message; help`), given to cargo as `cargo::error=` (and the warnings strict
//! mode keeps as `cargo::warning=`): cargo prints those before anything else, and nothing else
//! after them but one line.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use switchboard_generator::{workspace, Diagnostic, Options};

fn main() -> ExitCode {
    let schemas = Path::new("schemas");
    let generated = Path::new("generated");
    if !schemas.is_dir() {
        return ExitCode::SUCCESS;
    }
    // Cargo watches every file under a directory it is given, so these two lines cover every
    // schema file a `$ref` can reach (references may not leave the API's own folder).
    println!("cargo::rerun-if-changed=schemas");
    // Watching the output too means a hand-edited or emptied generated file is restored.
    println!("cargo::rerun-if-changed=generated");
    match workspace::regenerate(schemas, generated, Options::STRICT) {
        Ok(report) => {
            watch_outside(schemas, &report.files_read);
            for warning in &report.warnings {
                println!("cargo::warning={}", warning.one_line());
            }
        }
        Err(failure) => {
            watch_outside(schemas, &failure.files_read);
            for d in &failure.diagnostics.0 {
                let level = if d.is_error() { "error" } else { "warning" };
                println!("cargo::{level}={}", d.one_line());
            }
            for api in apis(&failure.diagnostics.0) {
                println!(
                    "cargo::error=`cargo run -p switchboard-generator -- check {} --strict` shows each with its source line",
                    api.display()
                );
            }
        }
    }
    // A failure is reported through `cargo::error=`, which fails the build; exiting with an
    // error as well would make cargo repeat everything this script printed after its own
    // "failed to run custom build command" block.
    ExitCode::SUCCESS
}

/// Files read outside `schemas` (none today: they would need an allowed root) are watched one
/// by one.
fn watch_outside(schemas: &Path, files: &[PathBuf]) {
    for file in files.iter().filter(|f| !f.starts_with(schemas)) {
        println!("cargo::rerun-if-changed={}", file.display());
    }
}

/// The API directories (`schemas/<api>`) that have errors, in order.
fn apis(diagnostics: &[Diagnostic]) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = Vec::new();
    for d in diagnostics.iter().filter(|d| d.is_error()) {
        let dir: PathBuf = d.file.components().take(2).collect();
        let inside = d.file.components().count() > 2;
        if inside && dir.starts_with("schemas") && !out.contains(&dir) {
            out.push(dir);
        }
    }
    out
}
