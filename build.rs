//! Regenerates `generated/` from `schemas/` before the library compiles.
//!
//! A packaged copy has no `schemas/`; it then builds the committed sources as they are.

use std::path::Path;
use std::process::ExitCode;

use switchboard_generator::{diag, workspace, Options};

fn main() -> ExitCode {
    let schemas = Path::new("schemas");
    let generated = Path::new("generated");
    if !schemas.is_dir() {
        return ExitCode::SUCCESS;
    }
    println!("cargo:rerun-if-changed=schemas");
    // Watching the output too means a hand-edited or emptied generated file is restored.
    println!("cargo:rerun-if-changed=generated");
    match workspace::regenerate(schemas, generated, Options { strict: true }) {
        Ok(report) => {
            for file in &report.files_read {
                println!("cargo:rerun-if-changed={}", file.display());
            }
            ExitCode::SUCCESS
        }
        Err(failure) => {
            for file in &failure.files_read {
                println!("cargo:rerun-if-changed={}", file.display());
            }
            // The same rendering as `switchboard check`: message, file:line:col, the source line
            // with a caret under the mistake, the JSON pointer and the suggested fix.
            eprint!("{}", diag::render(&failure.diagnostics.0, false));
            ExitCode::FAILURE
        }
    }
}
